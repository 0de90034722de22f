"""A fresh install (the test database is built by running every migration) has working
dashboard permissions: Oscar 4's group would be empty without our post-migrate step."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from tests.factories import UserFactory, VendorFactory
from vendors.permissions import OPERATOR_GROUP, SHOP_STAFF_GROUP, dashboard_groups_sync
from vendors.services import vendor_staff_add

pytestmark = pytest.mark.django_db


def test_operator_group_is_filled_on_a_fresh_database():
    group = Group.objects.get(name=OPERATOR_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("catalogue", "change_product") in codenames
    assert ("order", "view_order") in codenames
    assert ("vendors", "change_vendor") in codenames


def test_staff_operator_can_open_the_dashboard(client):
    operator = UserFactory(is_staff=True)
    operator.groups.add(Group.objects.get(name=OPERATOR_GROUP))
    client.force_login(operator)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/catalogue/").status_code == 200


def test_operator_without_the_group_is_refused(client):
    """Proves the test above depends on the group's permissions."""
    operator = UserFactory(is_staff=True)
    client.force_login(operator)
    assert client.get("/dashboard/catalogue/").status_code == 403


def test_shop_staff_reach_their_dashboard_and_are_not_staff(client):
    vendor = VendorFactory()
    user = vendor_staff_add(vendor=vendor, email="kasse@example.org", password="x")
    user.groups.add(Group.objects.get(name=SHOP_STAFF_GROUP))
    assert not user.is_staff
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/catalogue/").status_code == 200
    assert client.get("/dashboard/users/").status_code in (302, 403)


def test_sync_is_idempotent():
    dashboard_groups_sync()
    before = Group.objects.get(name=OPERATOR_GROUP).permissions.count()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Group.objects.get(name=OPERATOR_GROUP).permissions.count() == before


def test_operator_logs_in_through_the_dashboard_login_form(client):
    operator = UserFactory(
        username="betrieb@example.org", email="betrieb@example.org", is_staff=True
    )
    operator.groups.add(Group.objects.get(name=OPERATOR_GROUP))
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/")
    response = client.post(
        "/dashboard/login/?next=/dashboard/",
        {"username": "betrieb@example.org", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert response.status_code == 200
    assert client.get("/dashboard/catalogue/").status_code == 200
