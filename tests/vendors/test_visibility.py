"""Only approved shops are visible to residents, and only orderable ones sell."""

import pytest
from django.db import IntegrityError

from tests.factories import VendorFactory, product_of
from vendors.models import Vendor, VendorStatus
from vendors.selectors import product_list_visible, vendor_get_visible, vendor_list_visible
from vendors.services import (
    VendorError,
    vendor_approve,
    vendor_create,
    vendor_suspend,
    vendor_update,
)

pytestmark = pytest.mark.django_db


def test_only_approved_vendors_are_listed():
    approved = VendorFactory(status=VendorStatus.APPROVED)
    VendorFactory(status=VendorStatus.APPLIED)
    VendorFactory(status=VendorStatus.SUSPENDED)
    assert list(vendor_list_visible()) == [approved]


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_hidden_vendor_cannot_be_fetched_by_slug(status):
    vendor = VendorFactory(status=status)
    with pytest.raises(Vendor.DoesNotExist):
        vendor_get_visible(slug=vendor.slug)


def test_products_of_hidden_vendors_are_not_visible():
    shown = product_of(VendorFactory())
    product_of(VendorFactory(status=VendorStatus.APPLIED))
    product_of(VendorFactory(status=VendorStatus.SUSPENDED))
    hidden_product = product_of(VendorFactory(), is_public=False)
    visible = list(product_list_visible())
    assert visible == [shown]
    assert hidden_product not in visible


def test_listed_only_shop_is_visible_but_not_orderable():
    vendor = VendorFactory(sells_online=False)
    assert vendor.is_visible and not vendor.is_orderable
    assert list(vendor_list_visible()) == [vendor]


def test_vendor_create_makes_partner_and_applied_vendor():
    vendor = vendor_create(
        name="Blumen Rosa", email="rosa@example.org", street="Markt 3", postcode="03149"
    )
    assert vendor.slug == "blumen-rosa"
    assert vendor.status == VendorStatus.APPLIED
    assert vendor.partner.name == "Blumen Rosa"
    assert not vendor.is_visible


def test_vendor_create_refuses_a_taken_slug_and_unknown_fields():
    vendor_create(name="Buchladen", slug="buch")
    with pytest.raises(VendorError):
        vendor_create(name="Anderer Buchladen", slug="buch")
    with pytest.raises(VendorError):
        vendor_create(name="X", slug="x", colour="red")
    assert Vendor.objects.count() == 1


def test_approve_and_suspend_change_visibility():
    vendor = vendor_create(name="Fahrrad Kühn")
    vendor_approve(vendor=vendor)
    assert list(vendor_list_visible()) == [vendor]
    vendor_suspend(vendor=vendor)
    assert list(vendor_list_visible()) == []


def test_update_keeps_partner_name_in_sync():
    vendor = VendorFactory(name="Alt")
    vendor_update(vendor=vendor, name="Neu")
    vendor.partner.refresh_from_db()
    assert vendor.partner.name == "Neu"


def test_one_vendor_per_partner():
    vendor = VendorFactory()
    with pytest.raises(IntegrityError):
        Vendor.objects.create(partner=vendor.partner, name="Zweiter", slug="zweiter")
