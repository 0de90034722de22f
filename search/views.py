"""The search results page, the catalogue index and category pages, all from ``search.service``.

Oscar's catalogue app loads ``CatalogueView`` and ``ProductCategoryView`` from here
(``get_class("search.views", ...)``) and its search app loads ``FacetedSearchView``. None of
them touches haystack or asks which search backend answers.

Everything works without JavaScript: categories and price ranges are links, shops,
availability, "pick up today" and the sort order a GET form; every link (facets, pagination,
"Did you mean") keeps the usable parameters and drops the page number where the results change.
``static/js/search.js`` submits the form on change and swaps the results in place.

Each page costs a fixed number of queries whatever the number of products (the count is
explained in tests/storefront/test_query_counts.py).
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from search.backends.base import RELEVANCE, SORTS
from search.forms import PageParams, SearchBoxForm, read_params
from search.selectors import category_children
from search.service import SORT_LABELS, SearchPage, price_range, search

Category = get_model("catalogue", "Category")

# Shops listed before "N more shops" folds the rest away (chosen ones are always listed).
VISIBLE_VENDORS = 8
# Page links on each side of the current page.
PAGE_WINDOW = 2
# Parameters that narrow the results (the reset link removes them; text and sort stay).
FILTER_PARAMS = ("vendor", "category", "min_price", "max_price", "available", "pickup_today")


class Links:
    """URLs with the page's usable parameters, some changed; a change drops the page number."""

    def __init__(self, path: str, params: QueryDict):
        self.path = path
        self.params = params

    def url(self, path: str | None = None, **changes) -> str:
        """``None`` removes a parameter."""
        params = self.params.copy()
        params.pop("page", None)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        encoded = params.urlencode()
        return f"{path or self.path}?{encoded}" if encoded else (path or self.path)


@dataclass
class Choice:
    """One option of a facet or of the sort order, as a page shows it."""

    value: str
    label: str
    count: int | None = None
    selected: bool = False
    url: str = ""  # links only; empty for the selected one


@dataclass
class CategoryNode:
    label: str
    count: int
    url: str = ""  # empty for the current category
    current: bool = False
    children: list["CategoryNode"] = field(default_factory=list)


@dataclass
class CategoryFacet:
    nodes: list[CategoryNode]
    back_url: str = ""
    back_label: str = ""


@dataclass
class FacetPanel:
    """Everything the facet column shows; ``hidden`` are (name, value) pairs the filter form
    carries unchanged (the parameters set by links)."""

    category: CategoryFacet | None
    vendors: list[Choice]
    more_vendors: list[Choice]
    prices: list[Choice]
    all_prices_url: str
    availability: list[Choice]
    pickup_today: Choice | None
    hidden: list[tuple[str, str]]
    reset_url: str
    active: int = 0  # filters in use


@dataclass
class Pagination:
    number: int
    num_pages: int
    previous_url: str = ""
    next_url: str = ""
    pages: list[tuple[int | None, str]] = field(default_factory=list)  # None: a gap


class SearchListView(TemplateView):
    """Products of one search with facets, sorting and pagination.

    Extension points: ``category`` (fixed by the URL; None is the whole catalogue),
    ``ignored_params`` (what the page never takes from the query string), ``wants_search``,
    ``category_facet`` and ``summary``.
    """

    template_name = "oscar/catalogue/browse.html"
    category = None
    ancestors: list = []  # of ``category``, root first
    ignored_params: tuple[str, ...] = ("category",)
    summary = _("All products")
    page_size = settings.OSCAR_PRODUCTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.read: PageParams = read_params(
            request.GET,
            category=self.category,
            ignore=self.ignored_params,
            page_size=self.page_size,
        )
        self.links = Links(request.path, self.read.params)
        self.result = self.run_search() if self.wants_search() else None
        return super().get(request, *args, **kwargs)

    def wants_search(self) -> bool:
        return True

    def run_search(self) -> SearchPage:
        query = self.read.query
        result = search(query)
        if query.page > result.num_pages:  # beyond the last page: show the last one
            result = search(replace(query, page=result.num_pages))
        return result

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.result
        context.update(
            summary=self.summary,
            category=self.category,
            search=result,
            products=result.products if result else [],
            problems=self.read.problems,
            facets=self.facet_panel() if result else None,
            sort_options=[
                Choice(
                    "" if key == RELEVANCE else key,  # the default keeps addresses short
                    str(SORT_LABELS[key]),
                    selected=key == self.read.query.sort,
                )
                for key in SORTS
            ],
            pagination=self.pagination() if result else None,
        )
        return context

    # Facets

    def facet_panel(self) -> FacetPanel:
        facets, query, params = self.result.facets, self.read.query, self.read.params
        vendors = [
            Choice(option.value, option.label, option.count, option.selected)
            for option in facets.get("vendor", [])
        ]
        listed = {choice.value for choice in vendors}
        vendors += [  # a chosen shop with nothing left under the other filters stays uncheckable
            Choice(vendor.slug, vendor.name, 0, True)
            for vendor in self.read.form.vendors
            if vendor.slug not in listed
        ]
        shown = [c for i, c in enumerate(vendors) if i < VISIBLE_VENDORS or c.selected]
        more = [c for c in vendors if c not in shown]
        prices = []
        for option in facets.get("price", []):
            low, high = price_range(option.value)
            url = "" if option.selected else self.links.url(min_price=low, max_price=high)
            prices.append(Choice(option.value, option.label, option.count, option.selected, url))
        has_price = query.min_price is not None or query.max_price is not None
        if has_price and not any(choice.selected for choice in prices):
            prices.append(
                Choice("", custom_price_label(query.min_price, query.max_price), None, True)
            )
        availability_options = facets.get("availability", [])
        availability = [
            Choice(
                "",
                str(pgettext_lazy("availability filter", "All")),
                sum(option.count for option in availability_options),
                query.available is None,
            ),
            *(
                Choice(option.value, option.label, option.count, option.selected)
                for option in availability_options
            ),
        ]
        pickup = next(iter(facets.get("pickup_today", [])), None)
        hidden_names = ["q", "min_price", "max_price", "page_size"]
        if "category" not in self.ignored_params:
            hidden_names.append("category")
        hidden = [(name, params[name]) for name in hidden_names if params.get(name)]
        reset_changes = {name: None for name in FILTER_PARAMS if name not in self.ignored_params}
        active = len(query.vendors) + sum(
            [
                query.category is not None and "category" not in self.ignored_params,
                has_price,
                query.available is not None,
                query.pickup_today,
            ]
        )
        return FacetPanel(
            category=self.category_facet(),
            vendors=shown,
            more_vendors=more,
            prices=prices,
            all_prices_url=self.links.url(min_price=None, max_price=None) if has_price else "",
            availability=availability,
            pickup_today=(
                Choice(pickup.value, pickup.label, pickup.count, pickup.selected)
                if pickup is not None and (pickup.count or pickup.selected)
                else None
            ),
            hidden=hidden,
            reset_url=self.links.url(**reset_changes) if active else "",
            active=active,
        )

    def category_facet(self) -> CategoryFacet | None:
        """The subcategories of the page's category, each linking to its own page."""
        counts = {
            int(option.value): option.count for option in self.result.facets.get("category", [])
        }
        parent_slug = self.category.get_full_slug() if self.category is not None else None
        children = [
            CategoryNode(
                child.name,
                counts[child.pk],
                self.links.url(path=category_path(child, parent_slug), category=None),
            )
            for child in category_children(self.category).filter(pk__in=list(counts))
        ]
        if self.category is None:
            return CategoryFacet(children) if children else None
        current = CategoryNode(
            self.category.name, counts.get(self.category.pk, 0), current=True, children=children
        )
        parent = self.ancestors[-1] if self.ancestors else None
        return CategoryFacet(
            [current],
            back_url=self.links.url(
                path=parent.get_absolute_url() if parent else reverse("catalogue:index")
            ),
            back_label=parent.name if parent else str(_("All products")),
        )

    # Pagination

    def pagination(self) -> Pagination:
        number, total = self.result.query.page, self.result.num_pages
        pages, previous = [], 0
        for candidate in sorted({1, total, *range(number - PAGE_WINDOW, number + PAGE_WINDOW + 1)}):
            if 1 <= candidate <= total:
                if candidate > previous + 1:
                    pages.append((None, ""))
                pages.append((candidate, "" if candidate == number else self.page_url(candidate)))
                previous = candidate
        return Pagination(
            number=number,
            num_pages=total,
            previous_url=self.page_url(number - 1) if self.result.has_previous else "",
            next_url=self.page_url(number + 1) if self.result.has_next else "",
            pages=pages,
        )

    def page_url(self, number: int) -> str:
        return self.links.url(page=number if number > 1 else None)


def category_path(category, parent_full_slug: str | None) -> str:
    """A category's page, its parent's slug path given (no query for the ancestors)."""
    slug = category.get_full_slug(parent_slug=parent_full_slug)
    return reverse("catalogue:category", kwargs={"category_slug": slug, "pk": category.pk})


def custom_price_label(low: Decimal | None, high: Decimal | None) -> str:
    """A price filter that is not one of the facet's ranges (set by hand in the address)."""
    if low is None:
        return _("up to %(high)s €") % {"high": localize(high)}
    if high is None:
        return _("%(low)s € and more") % {"low": localize(low)}
    return _("%(low)s–%(high)s €") % {"low": localize(low), "high": localize(high)}


class CatalogueView(SearchListView):
    """All products of all approved shops (``/catalogue/``)."""


class ProductCategoryView(SearchListView):
    """One category with the products of all its descendant categories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        viewable = self.category.is_public and self.category.ancestors_are_public
        if not viewable and not request.user.is_staff:
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{expected}?{query}" if query else expected)
        self.ancestors = list(self.category.get_ancestors())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.category.name
        context["ancestors"] = self.ancestors
        return context


class FacetedSearchView(SearchListView):
    """The search page (``/search/?q=…``): the category is a filter here, chosen from the
    top-level categories and then from the chosen one's children. Without a text it only shows
    the search box. Sends no ``user_search`` signal: a search writes nothing."""

    template_name = "oscar/search/results.html"
    ignored_params = ()
    summary = _("Search")

    def wants_search(self) -> bool:
        return bool(self.read.query.text)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.read.query.text
        context["query"] = query
        context["search_box"] = SearchBoxForm(initial={"q": query})
        result = self.result
        if result is not None and result.results.suggestion and not result.count:
            context["suggestion_url"] = self.links.url(q=result.results.suggestion)
        return context

    def category_facet(self) -> CategoryFacet | None:
        """Top-level categories; once one is chosen, its ancestors, itself and its children."""
        options = self.result.facets.get("category", [])
        chosen = self.read.query.category
        if chosen is None:
            nodes = [
                CategoryNode(option.label, option.count, self.links.url(category=option.value))
                for option in options
                if option.depth == 1
            ]
            return CategoryFacet(nodes) if nodes else None
        lineage, current, children = {}, None, []
        for option in options:  # in tree order: a category's subtree follows it
            if current is None:
                lineage = {depth: o for depth, o in lineage.items() if depth < option.depth}
                if option.value == str(chosen):
                    current = option
                else:
                    lineage[option.depth] = option
            elif option.depth <= current.depth:
                break
            elif option.depth == current.depth + 1:
                children.append(
                    CategoryNode(option.label, option.count, self.links.url(category=option.value))
                )
        if current is None:  # nothing left in it under the other filters
            node = CategoryNode(self.read.form.category_obj.name, 0, current=True)
        else:
            node = CategoryNode(current.label, current.count, current=True, children=children)
            for depth in sorted(lineage, reverse=True):
                ancestor = lineage[depth]
                node = CategoryNode(
                    ancestor.label,
                    ancestor.count,
                    self.links.url(category=ancestor.value),
                    children=[node],
                )
        return CategoryFacet(
            [node], back_url=self.links.url(category=None), back_label=str(_("All categories"))
        )
