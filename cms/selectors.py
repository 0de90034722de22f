"""Reads for the editorial pages: teaser data, story and event lists.

Everything here returns only what residents may see: public products of approved shops, approved
shops, live and public pages. Teaser data for a whole page is loaded in a fixed number of queries,
however many teaser blocks and items the page has.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from vendors.selectors import product_list_visible, vendor_list_visible

Product = get_model("catalogue", "Product")


@dataclass(frozen=True)
class TeaserData:
    """Visible teaser targets of one page, by primary key."""

    products: dict[int, object] = field(default_factory=dict)
    vendors: dict[int, object] = field(default_factory=dict)
    pages: dict[int, object] = field(default_factory=dict)


def teaser_products_visible(*, product_ids: Iterable[int]) -> dict[int, object]:
    """Public products of approved shops among the ids, ready for product cards."""
    ids = set(product_ids)
    if not ids:
        return {}
    return {product.pk: product for product in product_list_visible().filter(pk__in=ids)}


def teaser_vendors_visible(*, vendor_ids: Iterable[int]) -> dict[int, object]:
    """Approved shops among the ids."""
    ids = set(vendor_ids)
    if not ids:
        return {}
    return {vendor.pk: vendor for vendor in vendor_list_visible().filter(pk__in=ids)}


def _with_image(queryset: QuerySet) -> QuerySet:
    Image = get_image_model()
    return queryset.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=Image.get_rendition_model().objects.all())
    )


def teaser_pages_live(*, page_ids: Iterable[int]) -> dict[int, object]:
    """Live, public stories and events among the ids, as their specific page types."""
    from cms.models import EventPage, StoryPage

    ids = set(page_ids)
    if not ids:
        return {}
    pages = {}
    for model in (StoryPage, EventPage):
        for page in _with_image(model.objects.live().public().filter(pk__in=ids)):
            pages[page.pk] = page
    return pages


def teaser_data_load(
    *,
    product_ids: Iterable[int] = (),
    vendor_ids: Iterable[int] = (),
    page_ids: Iterable[int] = (),
) -> TeaserData:
    return TeaserData(
        products=teaser_products_visible(product_ids=product_ids),
        vendors=teaser_vendors_visible(vendor_ids=vendor_ids),
        pages=teaser_pages_live(page_ids=page_ids),
    )


def teasers_for_stream(stream) -> TeaserData:
    """Load the teaser data for every teaser block of a StreamField value at once."""
    product_ids: list[int] = []
    vendor_ids: list[int] = []
    page_ids: list[int] = []
    for child in stream:
        value = child.value
        if child.block_type == "product_teasers":
            product_ids.extend(item.pk for item in value["products"] if item is not None)
        elif child.block_type == "shop_teasers":
            vendor_ids.extend(item.pk for item in value["shops"] if item is not None)
        elif child.block_type == "page_teasers":
            page_ids.extend(item.pk for item in value["pages"] if item is not None)
    return teaser_data_load(product_ids=product_ids, vendor_ids=vendor_ids, page_ids=page_ids)


def _events(parent) -> QuerySet:
    from cms.models import EventPage

    events = EventPage.objects.live().public()
    return events.child_of(parent) if parent is not None else events


def events_upcoming(*, parent=None, limit: int | None = None, now: datetime | None = None) -> list:
    """Live events that have not ended yet, soonest first; below ``parent`` if given."""
    now = now or timezone.now()
    events = _with_image(
        _events(parent)
        .filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
        .order_by("start", "pk")
    )
    return list(events[:limit] if limit else events)


def events_past(*, parent=None, limit: int | None = None, now: datetime | None = None) -> list:
    """Live events that are over, latest first; below ``parent`` if given."""
    now = now or timezone.now()
    events = _with_image(
        _events(parent)
        .filter(Q(end__lt=now) | Q(end__isnull=True, start__lt=now))
        .order_by("-start", "-pk")
    )
    return list(events[:limit] if limit else events)


def stories_latest(*, parent=None) -> QuerySet:
    """Live stories, newest first; below ``parent`` if given."""
    from cms.models import StoryPage

    stories = StoryPage.objects.live().public()
    if parent is not None:
        stories = stories.child_of(parent)
    return _with_image(stories.order_by("-date", "-pk"))
