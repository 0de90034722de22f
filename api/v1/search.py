"""The search endpoints: ``/api/v1/search/`` (products with facets) and ``/search/suggest/``.

Thin views over ``search.service``, with the rules of the search page: the same parameters
(``SearchParams``), the same order, facets and corrections, whichever search backend answers.
Unlike the page, the API refuses what it cannot use: any invalid parameter is a 400 with the
messages per parameter. Results are the products of ``/api/v1/products/`` in brief, built by
the same serializer (price, unit price and availability come from the same offer).
"""

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.pagination import ApiPagination
from api.v1.serializers import ProductSerializer
from api.v1.views import PAGE_NOT_FOUND
from search.backends.base import MAX_PAGE_SIZE, SORTS
from search.service import (
    MAX_QUERY_LENGTH,
    MAX_VENDORS,
    SearchParams,
    price_range,
    search,
    suggest,
)

Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

# Serializers


class SearchErrorSerializer(serializers.Serializer):
    """The body of a 400: what was wrong, per parameter."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Translated messages per parameter name.",
    )


class SearchResultSerializer(ProductSerializer):
    """A product in search results: the representation of ``/api/v1/products/{id}/`` without
    the description and stock details (ask that endpoint for them)."""

    description = None
    vat_rate = None
    stock_state = None
    num_available = None
    stock_confirmed_at = None


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to pass as the filter parameter.")
    label = serializers.CharField(help_text="Translated name to show.")
    count = serializers.IntegerField(
        min_value=0,
        help_text="Matches with this option, counted with every other filter of the request.",
    )
    selected = serializers.BooleanField(help_text="Whether the request filters by this option.")


class CategoryOptionSerializer(FacetOptionSerializer):
    depth = serializers.IntegerField(
        min_value=1, help_text="1 for a top-level category. The list is in tree order."
    )


class PriceOptionSerializer(FacetOptionSerializer):
    value = serializers.CharField(help_text='The price range, e.g. "5-10" (euros).')
    min_price = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Pass as `min_price` for this range; null: no lower bound.",
    )
    max_price = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Pass as `max_price` for this range (inclusive); null: no upper bound.",
    )


class FacetsSerializer(serializers.Serializer):
    vendor = FacetOptionSerializer(
        many=True, help_text="Shops, most matches first; the value is the shop's slug."
    )
    category = CategoryOptionSerializer(
        many=True, help_text="Categories with matches (each counted with its subcategories)."
    )
    price = PriceOptionSerializer(many=True, help_text="Price ranges with matches.")
    availability = FacetOptionSerializer(
        many=True, help_text='Values "true" (available now) and "false", for `available`.'
    )
    pickup_today = FacetOptionSerializer(
        many=True,
        help_text=(
            "Available products of shops where they can still be picked up today "
            '(value "true", for `pickup_today`).'
        ),
    )


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=0, help_text="All matches, on every page.")
    results = SearchResultSerializer(many=True, help_text="The page's products, best first.")
    facets = FacetsSerializer()
    suggestion = serializers.CharField(
        help_text=(
            'A corrected search text that finds products ("Did you mean"); empty when there '
            "is none."
        )
    )
    corrected = serializers.BooleanField(
        help_text=(
            "True: nothing matched the text as typed and the results are for `suggestion` instead."
        )
    )
    degraded = serializers.BooleanField(
        help_text="True: the main search engine did not answer; a simpler one did."
    )
    page = serializers.IntegerField(min_value=1)
    num_pages = serializers.IntegerField(min_value=1)


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What to show (a product title).")
    product_id = serializers.IntegerField(
        allow_null=True, help_text="The product it names; null for a search word."
    )
    url = serializers.URLField(help_text="The product's page, or the search page for the text.")


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text="Best first; at most 8.")
    degraded = serializers.BooleanField(
        help_text="True: the main search engine did not answer; a simpler one did."
    )


# Views

INVALID = _("Invalid search parameters.")
BAD_PARAMETERS = OpenApiResponse(
    SearchErrorSerializer, description="An invalid parameter; `errors` says which and why."
)

SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description=(
            f"Search text, at most {MAX_QUERY_LENGTH} characters. German matching: inflections, "
            "umlaut spellings, compounds, typos. Empty: everything the filters allow."
        ),
    ),
    OpenApiParameter(
        "vendor",
        str,
        many=True,
        explode=True,
        description=(
            f"Only these shops (slugs); repeat the parameter or separate with commas, at most "
            f"{MAX_VENDORS}. An unknown shop answers 400."
        ),
    ),
    OpenApiParameter(
        "category",
        int,
        description="Only this category (an id) and its subcategories. Unknown answers 400.",
    ),
    OpenApiParameter(
        "min_price", OpenApiTypes.NUMBER, description="Lowest gross price in euros, e.g. 5."
    ),
    OpenApiParameter(
        "max_price",
        OpenApiTypes.NUMBER,
        description="Highest gross price in euros (inclusive); not below `min_price`.",
    ),
    OpenApiParameter(
        "available",
        bool,
        description="true: only products available now; false: only those that are not.",
    ),
    OpenApiParameter(
        "pickup_today",
        bool,
        description="true: only available products that can still be picked up today.",
    ),
    OpenApiParameter(
        "sort",
        str,
        enum=list(SORTS),
        description=(
            "Order of the results; default relevance (products available now first, then "
            "the best matches; without a text the newest)."
        ),
    ),
    OpenApiParameter("page", int, description="A page number within the results, from 1."),
    OpenApiParameter(
        "page_size",
        int,
        description=(
            f"Products per page, 1 to {MAX_PAGE_SIZE} (default {ApiPagination.page_size})."
        ),
    ),
]


def bad_request(form: SearchParams) -> Response:
    return Response({"detail": str(INVALID), "errors": form.error_messages()}, status=400)


def facets_body(facets: dict) -> dict:
    def options(name: str, extra=None) -> list[dict]:
        rows = []
        for option in facets.get(name, []):
            row = {
                "value": option.value,
                "label": option.label,
                "count": option.count,
                "selected": option.selected,
            }
            rows.append({**row, **(extra(option) if extra else {})})
        return rows

    def price_bounds(option) -> dict:
        low, high = price_range(option.value)
        return {"min_price": low, "max_price": high}

    return {
        "vendor": options("vendor"),
        "category": options("category", lambda option: {"depth": option.depth}),
        "price": options("price", price_bounds),
        "availability": options("availability"),
        "pickup_today": options("pickup_today"),
    }


@extend_schema(
    tags=["search"],
    summary="Search products",
    description=(
        "Full-text search over the products of every approved shop, with filters and facet "
        "counts. Products available now come before those that are not. A page beyond the "
        "last answers 404."
    ),
    parameters=SEARCH_PARAMETERS,
    responses={200: SearchResponseSerializer, 400: BAD_PARAMETERS, 404: PAGE_NOT_FOUND},
)
class SearchView(APIView):
    def get(self, request):
        form = SearchParams(request.query_params, page_size=ApiPagination.page_size)
        if not form.is_valid():
            return bad_request(form)
        result = search(form.to_query())
        if result.query.page > result.num_pages:
            raise NotFound(ApiPagination.invalid_page_message)
        body = {
            "count": result.count,
            "results": result.products,
            "facets": facets_body(result.facets),
            "suggestion": result.results.suggestion,
            "corrected": result.results.corrected,
            "degraded": result.degraded,
            "page": result.query.page,
            "num_pages": result.num_pages,
        }
        context = {
            "request": request,
            "strategy": Selector().strategy(),  # anonymous: one strategy for every product
        }
        return Response(SearchResponseSerializer(body, context=context).data)


@extend_schema(
    tags=["search"],
    summary="Autocomplete",
    description="Suggestions for a search text as it is being typed (the last word may be cut).",
    parameters=[
        OpenApiParameter(
            "q", str, description=f"The text typed so far, at most {MAX_QUERY_LENGTH} characters."
        )
    ],
    responses={200: SuggestResponseSerializer, 400: BAD_PARAMETERS},
)
class SuggestView(APIView):
    def get(self, request):
        data = QueryDict(mutable=True)
        data["q"] = request.query_params.get("q", "")
        form = SearchParams(data)
        if not form.is_valid():
            return bad_request(form)
        suggestions, degraded = suggest(form.cleaned_data["q"])
        ids = [entry.product_id for entry in suggestions if entry.product_id is not None]
        slugs = dict(Product.objects.browsable().filter(id__in=ids).values_list("id", "slug"))
        rows = []
        for entry in suggestions:
            if entry.product_id is None:
                path = f"{reverse('search:search')}?{urlencode({'q': entry.text})}"
            elif entry.product_id in slugs:
                path = reverse(
                    "catalogue:detail",
                    kwargs={"product_slug": slugs[entry.product_id], "pk": entry.product_id},
                )
            else:  # no longer for sale; the index has not caught up yet
                continue
            rows.append(
                {
                    "text": entry.text,
                    "product_id": entry.product_id,
                    "url": request.build_absolute_uri(path),
                }
            )
        return Response(SuggestResponseSerializer({"suggestions": rows, "degraded": degraded}).data)
