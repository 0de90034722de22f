"""What the search index holds of a product: ``ProductDocument``, built in bulk from the database.

Only public products of approved shops become documents (``vendors.selectors``); a product that
is not (deleted, hidden, its shop suspended) is reported as missing so that indexing removes it.
Price and stock state come from the pricing strategy, as on the product page
(``vendors.offers``), so the index never disagrees with the storefront.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.html import strip_tags
from oscar.core.loading import get_class, get_model

from api.stock_state import stock_state_of
from search import text
from search.backends.base import AVAILABLE_STATES
from vendors.offers import product_offer
from vendors.selectors import product_list_visible

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

BATCH_SIZE = 1000
_LEXICON_CACHE_KEY = "search:lexicon-words"
_LEXICON_TTL = 300


@dataclass(frozen=True)
class ProductDocument:
    id: int
    sku: str  # the shop's article number
    title: str
    description: str  # plain text
    brand: str
    categories: tuple[str, ...]  # names of its categories and their ancestors
    category_ids: tuple[int, ...]  # its categories and their ancestors
    vendor_id: int
    vendor_slug: str
    vendor_name: str
    price: Decimal | None
    stock_state: str  # api.stock_state.StockState
    date_created: datetime

    @property
    def available(self) -> bool:
        return self.stock_state in AVAILABLE_STATES

    @property
    def meta_text(self) -> str:
        """Brand, categories and shop name: matched with less weight than the title."""
        return " ".join([self.brand, *self.categories, self.vendor_name])


def lexicon() -> text.Lexicon:
    """The compound lexicon: the shipped word list plus the category names of this catalogue."""
    names = cache.get(_LEXICON_CACHE_KEY)
    if names is None:
        names = list(Category.objects.values_list("name", flat=True))
        cache.set(_LEXICON_CACHE_KEY, names, _LEXICON_TTL)
    return text.Lexicon.default().extended(names)


class _CategoryTree:
    """Every category's id and name by path, to give a product its ancestors without queries."""

    def __init__(self):
        self.by_path = {
            path: (pk, name)
            for pk, path, name in Category.objects.values_list("id", "path", "name")
        }
        self.steplen = Category.steplen

    def lineage(self, categories) -> tuple[tuple[int, ...], tuple[str, ...]]:
        ids: dict[int, str] = {}
        for category in categories:
            path = category.path
            for end in range(self.steplen, len(path) + 1, self.steplen):
                pk, name = self.by_path.get(path[:end], (None, None))
                if pk is not None:
                    ids[pk] = name
        return tuple(ids), tuple(ids.values())


def _products():
    """Visible products with what a document needs, in three queries per batch (no images)."""
    records = StockRecord.objects.select_related("partner__vendor")
    return (
        Product.objects.browsable()
        .filter(stockrecords__partner__vendor__status="approved")
        .select_related("product_class")
        .prefetch_related(Prefetch("stockrecords", queryset=records), "categories")
    )


def documents_for(product_ids: Iterable[int]) -> tuple[list[ProductDocument], list[int]]:
    """Documents of the visible products among ``product_ids``, and the ids that are not
    visible (to delete from the index)."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return [], []
    products = list(_products().filter(id__in=wanted).distinct())
    documents = _build(products, _CategoryTree(), Selector().strategy())
    found = {document.id for document in documents}
    return documents, [pk for pk in wanted if pk not in found]


def document_batches(batch_size: int = BATCH_SIZE) -> Iterator[list[ProductDocument]]:
    """All visible products as documents, in batches (for a full rebuild)."""
    tree = _CategoryTree()
    strategy = Selector().strategy()
    ids = list(product_list_visible().order_by("id").values_list("id", flat=True).distinct())
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        yield _build(list(_products().filter(id__in=chunk).distinct()), tree, strategy)


def _build(products, tree: _CategoryTree, strategy) -> list[ProductDocument]:
    documents = []
    for product in products:
        offer = product_offer(product, strategy)
        vendor = offer.vendor
        if vendor is None:
            continue
        category_ids, category_names = tree.lineage(product.categories.all())
        documents.append(
            ProductDocument(
                id=product.id,
                sku=offer.sku or "",
                title=product.get_title(),
                description=strip_tags(product.description or "").strip(),
                brand=product.brand,
                categories=category_names,
                category_ids=category_ids,
                vendor_id=vendor.id,
                vendor_slug=vendor.slug,
                vendor_name=vendor.name,
                price=offer.price,
                stock_state=str(stock_state_of(offer)),
                date_created=product.date_created,
            )
        )
    return documents
