"""Writes on vendors: registration, approval, suspension, staff. Keyword-only, atomic."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from vendors.models import Vendor, VendorStatus
from vendors.permissions import SHOP_STAFF_GROUP

Partner = get_model("partner", "Partner")


class VendorError(Exception):
    """A vendor operation that cannot be done; the message is for the person who asked."""


@transaction.atomic
def vendor_create(
    *,
    name: str,
    slug: str | None = None,
    email: str = "",
    status: str = VendorStatus.APPLIED,
    **profile,
) -> Vendor:
    """Register a business: its Oscar partner and its vendor profile in one step.

    ``profile`` takes any further ``Vendor`` field (street, postcode, city, trade, …).
    Raises VendorError if the slug is taken or a field is unknown.
    """
    slug = slug or slugify(name)
    if not slug:
        raise VendorError("A shop needs a name or slug made of letters or digits.")
    if Vendor.objects.filter(slug=slug).exists():
        raise VendorError(f"A shop with the slug '{slug}' exists already.")
    field_names = {field.name for field in Vendor._meta.get_fields()}
    unknown = sorted(set(profile) - field_names)
    if unknown:
        raise VendorError(f"Unknown shop fields: {', '.join(unknown)}")
    partner = Partner.objects.create(name=name, code=slug)
    vendor = Vendor(partner=partner, name=name, slug=slug, email=email, status=status, **profile)
    vendor.full_clean(exclude=["partner", "logo"])
    vendor.save()
    return vendor


def vendor_update(*, vendor: Vendor, **fields) -> Vendor:
    """Change profile fields; keeps the partner's name equal to the vendor's."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(vendor, name, value)
        vendor.full_clean(exclude=["partner", "logo"])
        vendor.save()
        if vendor.partner.name != vendor.name:
            vendor.partner.name = vendor.name
            vendor.partner.save(update_fields=["name"])
    return vendor


def vendor_approve(*, vendor: Vendor) -> Vendor:
    vendor.status = VendorStatus.APPROVED
    vendor.save(update_fields=["status", "updated_at"])
    return vendor


def vendor_suspend(*, vendor: Vendor) -> Vendor:
    vendor.status = VendorStatus.SUSPENDED
    vendor.save(update_fields=["status", "updated_at"])
    return vendor


@transaction.atomic
def vendor_staff_add(*, vendor: Vendor, email: str, password: str | None = None):
    """Give a person access to the shop's dashboard as a non-staff partner user.

    Oscar scopes dashboard data to the partner for non-staff users only, so shop staff must never
    be ``is_staff``. Creates the account if it does not exist and puts it in the shop-staff group
    (the dashboard permissions shop staff need).
    """
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=email[:150], email=email, password=password)
    if user.is_staff:
        raise VendorError("Platform staff cannot be shop staff; use a separate account.")
    vendor.partner.users.add(user)
    user.groups.add(Group.objects.get_or_create(name=SHOP_STAFF_GROUP)[0])
    return user
