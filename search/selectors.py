"""Reads for browsing the catalogue from the database: category pages, the catalogue index and
the interim search page. Only public products of approved shops (``product_list_visible``).

A later issue adds search backends (database full text, Elasticsearch) behind a registry; until
then the search page uses the simple term matching below. Haystack is never used here.
"""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from oscar.core.loading import get_model

from vendors.models import Vendor
from vendors.selectors import product_list_visible

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

RELEVANCE = "relevance"
NEWEST = "newest"
PRICE_ASC = "price-asc"
PRICE_DESC = "price-desc"

_ORDERINGS = {
    RELEVANCE: ("-priority", "-date_created", "-id"),
    NEWEST: ("-date_created", "-id"),
    PRICE_ASC: (F("stockrecords__price").asc(nulls_last=True), "id"),
    PRICE_DESC: (F("stockrecords__price").desc(nulls_last=True), "-id"),
}
MAX_QUERY_TERMS = 8


def query_terms(query: str) -> list[str]:
    """The words of a search query (at most ``MAX_QUERY_TERMS``)."""
    return query.split()[:MAX_QUERY_TERMS]


def product_scope(*, category=None, query: str = "") -> QuerySet:
    """Visible products in ``category`` or any of its descendants, matching every query term."""
    products = product_list_visible()
    if category is not None:
        in_subtree = ProductCategory.objects.filter(
            product_id=OuterRef("pk"),
            category__path__startswith=category.path,
        )
        products = products.filter(Exists(in_subtree))
    for term in query_terms(query):
        products = products.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(brand__icontains=term)
            | Q(upc__iexact=term)
            | Q(gtin=term)
        )
    return products


def product_browse(
    *, category=None, query: str = "", vendor: Vendor | None = None, sort: str = RELEVANCE
) -> QuerySet:
    """The products to list, filtered by shop and ordered by ``sort`` (unknown: relevance).

    For a search, relevance puts products whose title holds more of the terms first.
    """
    products = product_scope(category=category, query=query)
    if vendor is not None:
        products = products.filter(stockrecords__partner_id=vendor.partner_id)
    sort = sort if sort in _ORDERINGS else RELEVANCE
    ordering = _ORDERINGS[sort]
    terms = query_terms(query)
    if sort == RELEVANCE and terms:
        title_hits = [
            Case(
                When(title__icontains=term, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for term in terms
        ]
        products = products.annotate(title_hits=sum(title_hits[1:], title_hits[0]))
        ordering = ("-title_hits", *ordering)
    return products.order_by(*ordering)


def vendors_offering(products: QuerySet) -> QuerySet[Vendor]:
    """Approved shops with at least one of ``products`` (for the shop filter), by name."""
    # One uncorrelated subquery (the database hashes it once); an EXISTS per shop around an IN
    # over the products made PostgreSQL re-run the product query for every stock record.
    partner_ids = products.order_by().values("stockrecords__partner_id")
    return (
        Vendor.objects.visible()
        .filter(partner_id__in=partner_ids)
        .only("name", "slug", "partner_id")
    )


def category_children(category=None) -> QuerySet:
    """Public subcategories of ``category`` (top-level ones without it), for navigation."""
    categories = Category.objects.browsable()
    if category is None:
        return categories.filter(depth=1)
    return categories.filter(path__startswith=category.path, depth=category.depth + 1)
