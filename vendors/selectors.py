"""Reads on vendors for residents: only approved shops, with what lists need prefetched."""

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

from vendors.models import OpeningException, OpeningHours, Vendor

Product = get_model("catalogue", "Product")


def vendor_list_visible() -> QuerySet[Vendor]:
    """Approved shops with opening hours and exceptions prefetched (for "open now")."""
    return Vendor.objects.visible().prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        Prefetch("opening_exceptions", queryset=OpeningException.objects.order_by("start_date")),
    )


def vendor_get_visible(*, slug: str) -> Vendor:
    """One approved shop by slug; raises Vendor.DoesNotExist otherwise."""
    return vendor_list_visible().prefetch_related("photos").get(slug=slug)


def vendor_products(*, vendor: Vendor) -> QuerySet:
    """The shop's public products, newest first, ready for product cards."""
    return (
        Product.objects.browsable()
        .filter(stockrecords__partner_id=vendor.partner_id)
        .select_related("product_class")
        .prefetch_related("images", "stockrecords__partner__vendor")
        .order_by("-date_created", "-id")
    )


def product_list_visible() -> QuerySet:
    """Public products of approved shops (one stock record each), ready for product cards."""
    return (
        Product.objects.browsable()
        .filter(stockrecords__partner__vendor__status="approved")
        .select_related("product_class")
        .prefetch_related("images", "stockrecords__partner__vendor")
    )
