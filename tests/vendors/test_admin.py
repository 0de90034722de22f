import pytest

from tests.factories import UserFactory, VendorFactory
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


def test_operator_approves_an_applied_shop_in_the_admin(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    applied = VendorFactory(status=VendorStatus.APPLIED)
    other = VendorFactory(status=VendorStatus.APPLIED)
    response = client.post(
        "/django-admin/vendors/vendor/",
        {"action": "approve", "_selected_action": [applied.pk]},
    )
    assert response.status_code == 302
    applied.refresh_from_db()
    other.refresh_from_db()
    assert applied.status == VendorStatus.APPROVED
    assert other.status == VendorStatus.APPLIED


def test_shop_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/django-admin/vendors/vendor/").status_code == 302
