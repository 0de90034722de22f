"""Searching for the pages and the API: parameters in, a page of products with facets out.

``SearchParams`` validates what a resident or an app sends (the same rules for the search page,
category pages and ``/api/v1/search/``); ``search`` asks the configured backend (with its
fallback, ``search.backends.backend``), then loads the page's products and labels the facets,
the same way whatever backend answered.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from fulfilment.slots import earliest_ready
from search.backends import backend
from search.backends.base import (
    AVAILABLE_STATES,
    MAX_PAGE_SIZE,
    PRICE_BUCKETS,
    RELEVANCE,
    SORTS,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from vendors.models import Vendor
from vendors.opening_hours import hours_on
from vendors.selectors import product_list_visible, vendor_list_visible

Category = get_model("catalogue", "Category")

DEFAULT_PAGE_SIZE = 24
MAX_PAGE = 1000
MAX_QUERY_LENGTH = 200
MAX_VENDORS = 20
PICKUP_CACHE_SECONDS = 60

SORT_LABELS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "price-asc": _("Price: low to high"),
    "price-desc": _("Price: high to low"),
}


class _BooleanChoice(forms.TypedChoiceField):
    """ "true"/"false" (also 1/0, yes/no, on/off); empty is "not set"."""

    TRUE = {"true", "1", "yes", "on"}
    FALSE = {"false", "0", "no", "off"}

    def __init__(self, **kwargs):
        super().__init__(choices=(), required=False, empty_value=None, **kwargs)

    def to_python(self, value):
        value = (value or "").strip().lower()
        if not value:
            return None
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")

    def validate(self, value):
        pass


class SearchParams(forms.Form):
    """The parameters of a search; ``vendor`` may repeat (shops by slug)."""

    q = forms.CharField(required=False, strip=True)
    vendor = forms.CharField(required=False)
    category = forms.IntegerField(required=False, min_value=1)
    min_price = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    max_price = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    available = _BooleanChoice()
    pickup_today = _BooleanChoice()
    sort = forms.ChoiceField(required=False, choices=[(sort, sort) for sort in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, data=None, *, category=None, page_size: int = DEFAULT_PAGE_SIZE):
        self.vendor_slugs = []
        if data is not None and hasattr(data, "getlist"):
            self.vendor_slugs = [
                slug.strip()
                for value in data.getlist("vendor")
                for slug in value.split(",")
                if slug.strip()
            ]
        if data is not None and hasattr(data, "copy") and "q" in data:
            # NUL never belongs to a search and PostgreSQL refuses it; drop it before the
            # form's own check would reject the whole request.
            data = data.copy()
            data["q"] = data["q"].replace("\x00", "")
        super().__init__(data)
        self.fixed_category = category
        self.default_page_size = page_size
        self.vendors: list[Vendor] = []
        self.category_obj = category

    def clean_q(self):
        value = self.cleaned_data["q"].replace("\x00", "")
        if len(value) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The search text is too long (at most %(max)d characters)."),
                code="max_length",
                params={"max": MAX_QUERY_LENGTH},
            )
        return value

    def clean_vendor(self):
        slugs = list(dict.fromkeys(self.vendor_slugs))
        if len(slugs) > MAX_VENDORS:
            raise forms.ValidationError(
                _("At most %(max)d shops at once."), code="too_many", params={"max": MAX_VENDORS}
            )
        if not slugs:
            return []
        found = {vendor.slug: vendor for vendor in Vendor.objects.visible().filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown shop: %(slugs)s."), code="unknown", params={"slugs": ", ".join(unknown)}
            )
        self.vendors = [found[slug] for slug in slugs]
        return self.vendors

    def clean_category(self):
        category_id = self.cleaned_data.get("category")
        if category_id is None:
            return self.fixed_category
        category = Category.objects.browsable().filter(pk=category_id).first()
        if category is None:
            raise forms.ValidationError(_("Unknown category."), code="unknown")
        self.category_obj = category
        return category

    def clean(self):
        data = super().clean()
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price is below the lowest price."))
        return data

    def to_query(self) -> SearchQuery:
        """The validated query (call after ``is_valid()``)."""
        data = self.cleaned_data
        category = data.get("category")
        pickup_today = bool(data.get("pickup_today"))
        return SearchQuery(
            text=data.get("q") or "",
            vendors=tuple(vendor.id for vendor in data.get("vendor") or ()),
            category=category.pk if category is not None else None,
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            available=data.get("available"),
            pickup_today=pickup_today,
            pickup_vendor_ids=pickup_vendor_ids(),
            sort=data.get("sort") or RELEVANCE,
            page=data.get("page") or 1,
            page_size=data.get("page_size") or self.default_page_size,
        )

    def error_messages(self) -> dict[str, list[str]]:
        return {
            name: [str(message) for message in messages] for name, messages in self.errors.items()
        }


def pickup_vendor_ids(now=None) -> frozenset[int]:
    """Shops where something can still be picked up today: a shop selling online is open after
    its preparation time from now; a shop that only lists its products is open later today."""
    now = now or timezone.now()
    key = f"search:pickup-today:{timezone.localtime(now).strftime('%Y%m%d%H%M')}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    local = timezone.localtime(now, timezone.get_default_timezone())
    today = local.date()
    vendor_ids = set()
    for vendor in vendor_list_visible():
        day = hours_on(today, vendor.opening_hours.all(), vendor.opening_exceptions.all())
        ready = local
        if vendor.sells_online:
            preparation = timedelta(minutes=vendor.pickup_preparation_minutes)
            ready = earliest_ready(now=now, preparation=preparation)
        if ready.date() != today:
            continue
        if any(interval.closes > ready.time() for interval in day.intervals):
            vendor_ids.add(vendor.id)
    result = frozenset(vendor_ids)
    cache.set(key, result, PICKUP_CACHE_SECONDS)
    return result


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0  # categories: 1 = top level


@dataclass
class SearchPage:
    query: SearchQuery
    results: SearchResults
    products: list  # the page's products, ready for product cards, in result order
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.results.count

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.results.count // self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def degraded(self) -> bool:
        return self.results.degraded


def search(query: SearchQuery) -> SearchPage:
    results = backend().search(query)
    by_id = {product.id: product for product in product_list_visible().filter(id__in=results.ids)}
    products = [by_id[pk] for pk in results.ids if pk in by_id]
    return SearchPage(query, results, products, _label_facets(query, results))


def suggest(prefix: str, *, limit: int = 8) -> tuple[list[Suggestion], bool]:
    """Autocomplete entries for a prefix, and whether the fallback answered."""
    prefix = (prefix or "").replace("\x00", "")[:MAX_QUERY_LENGTH]
    if not prefix.strip():
        return [], False
    return backend().suggest(prefix, limit=limit)


def price_label(key: str) -> str:
    for bucket, low, high in PRICE_BUCKETS:
        if bucket == key:
            if low is None:
                return _("up to %(high)s €") % {"high": high}
            if high is None:
                return _("%(low)s € and more") % {"low": low}
            return _("%(low)s–%(high)s €") % {"low": low, "high": high}
    return key


def price_range(key: str) -> tuple[Decimal | None, Decimal | None]:
    """The min/max filter of a price facet option ("to" of a bucket is exclusive: 0.01 less)."""
    for bucket, low, high in PRICE_BUCKETS:
        if bucket == key:
            return low, (high - Decimal("0.01")) if high is not None else None
    raise KeyError(key)


def _label_facets(query: SearchQuery, results: SearchResults) -> dict[str, list[FacetOption]]:
    if not query.facets:
        return {}
    facets = results.facets
    vendors = Vendor.objects.filter(id__in=facets.vendor).only("slug", "name")
    vendor_options = sorted(
        (
            FacetOption(
                vendor.slug, vendor.name, facets.vendor[vendor.id], vendor.id in query.vendors
            )
            for vendor in vendors
        ),
        key=lambda option: (-option.count, option.label),
    )
    categories = Category.objects.browsable().filter(id__in=facets.category)
    category_options = [
        FacetOption(
            str(category.pk),
            category.name,
            facets.category[category.pk],
            category.pk == query.category,
            category.depth,
        )
        for category in sorted(categories, key=lambda category: category.path)
    ]
    price_options = []
    for key, low, high in PRICE_BUCKETS:
        count = facets.price.get(key, 0)
        selected = query.min_price == low and query.max_price == (
            high - Decimal("0.01") if high is not None else None
        )
        if count or selected:
            price_options.append(FacetOption(key, str(price_label(key)), count, selected))
    available = sum(n for state, n in facets.availability.items() if state in AVAILABLE_STATES)
    unavailable = sum(facets.availability.values()) - available
    availability_options = [
        option
        for option in (
            FacetOption("true", str(_("Available")), available, query.available is True),
            FacetOption(
                "false", str(_("Not available right now")), unavailable, query.available is False
            ),
        )
        if option.count or option.selected
    ]
    pickup_options = [
        option
        for option in (
            FacetOption("true", str(_("Pick up today")), facets.pickup_today, query.pickup_today),
        )
        if option.count or option.selected
    ]
    return {
        "vendor": vendor_options,
        "category": category_options,
        "price": price_options,
        "availability": availability_options,
        "pickup_today": pickup_options,
    }
