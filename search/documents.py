"""What the search index holds of a product: ``ProductDocument``, built in bulk from the database.

Only public products of approved shops become documents (``vendors.selectors``); a product that
is not (deleted, hidden, its shop suspended) is reported as missing so that indexing removes it.
Price and stock state come from the pricing strategy, as on the product page
(``vendors.offers``), so the index never disagrees with the storefront.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.utils.html import strip_tags
from oscar.core.loading import get_class, get_model

from api.stock_state import stock_state_of
from search import text
from search.backends.base import AVAILABLE_STATES
from vendors.offers import product_offer
from vendors.selectors import product_list_visible

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
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
    """Every category's name and ancestors by id, to give a product its lineage without
    queries."""

    def __init__(self):
        rows = list(Category.objects.values_list("id", "path", "name"))
        by_path = {path: (pk, name) for pk, path, name in rows}
        steplen = Category.steplen
        self.lineages: dict[int, tuple[tuple[int, str], ...]] = {}
        for pk, path, _name in rows:
            ancestors = (by_path.get(path[:end]) for end in range(steplen, len(path) + 1, steplen))
            self.lineages[pk] = tuple(item for item in ancestors if item is not None)

    def lineage(self, category_ids) -> tuple[tuple[int, ...], tuple[str, ...]]:
        ids: dict[int, str] = {}
        for category_id in category_ids:
            for pk, name in self.lineages.get(category_id, ()):
                ids[pk] = name
        return tuple(ids), tuple(ids.values())


class _Builder:
    """Builds documents batch by batch with few model instances: a product and its stock
    records are loaded as models (the pricing strategy needs them), while shops, product classes
    and categories are read once and shared by every product of the run."""

    def __init__(self):
        self.tree = _CategoryTree()
        self.strategy = Selector().strategy()
        self.partners: dict[int, object] = {}
        self.classes = {
            product_class.pk: product_class for product_class in ProductClass.objects.all()
        }

    def _partners(self, ids: set[int]) -> dict[int, object]:
        missing = ids - self.partners.keys()
        if missing:
            for partner in Partner.objects.filter(id__in=missing).select_related("vendor"):
                self.partners[partner.pk] = partner
        return self.partners

    def build(self, product_ids: list[int], *, span: bool = False) -> list[ProductDocument]:
        """Documents of the visible products among ``product_ids``; with ``span``, of every
        visible product from the first id to the last (a rebuild's sorted batch: a range
        reads faster than a list of a thousand ids)."""
        if span:
            own = {"id__gte": min(product_ids), "id__lte": max(product_ids)}
        else:
            own = {"id__in": product_ids}
        lookup = {f"product_{key}": value for key, value in own.items()}
        products = list(Product.objects.browsable().filter(**own).order_by("id"))
        if not products:
            return []
        # A product is visible through a stock record of an approved shop
        # (``vendors.selectors.product_list_visible``), checked here on the shops read once
        # rather than by a join per batch. Its offer is of its first stock record, as the
        # strategy picks it (the marketplace gives a product one).
        records: dict[int, object] = {}
        visible: set[int] = set()
        rows = list(StockRecord.objects.filter(**lookup).order_by("id"))
        partners = self._partners({record.partner_id for record in rows})
        for record in rows:
            record.partner = partners[record.partner_id]
            vendor = getattr(record.partner, "vendor", None)
            if vendor is not None and vendor.is_visible:
                visible.add(record.product_id)
            records.setdefault(record.product_id, record)
        products = [product for product in products if product.pk in visible]
        categories: dict[int, list[int]] = defaultdict(list)
        # No ordering: the model's default one would join products and categories.
        links = ProductCategory.objects.filter(**lookup).order_by()
        for product_id, category_id in links.values_list("product_id", "category_id"):
            categories[product_id].append(category_id)
        for product in products:
            if product.product_class_id is not None:
                product.product_class = self.classes.get(product.product_class_id)
            record = records.get(product.pk)
            if record is not None:
                record.product = product
        return _build(products, records, categories, self.tree, self.strategy)


def documents_for(product_ids: Iterable[int]) -> tuple[list[ProductDocument], list[int]]:
    """Documents of the visible products among ``product_ids``, and the ids that are not
    visible (to delete from the index)."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return [], []
    documents = _Builder().build(wanted)
    found = {document.id for document in documents}
    return documents, [pk for pk in wanted if pk not in found]


def document_batches(batch_size: int = BATCH_SIZE) -> Iterator[list[ProductDocument]]:
    """All visible products as documents, in batches (for a full rebuild)."""
    builder = _Builder()
    ids = list(product_list_visible().order_by("id").values_list("id", flat=True).distinct())
    for start in range(0, len(ids), batch_size):
        yield builder.build(ids[start : start + batch_size], span=True)


def _plain(html: str) -> str:
    if "<" not in html and "&" not in html:
        return html.strip()
    return strip_tags(html).strip()


def _build(products, records, categories, tree: _CategoryTree, strategy) -> list[ProductDocument]:
    documents = []
    for product in products:
        offer = product_offer(product, strategy, stockrecord=records.get(product.pk))
        vendor = offer.vendor
        if vendor is None:
            continue
        category_ids, category_names = tree.lineage(categories.get(product.pk, ()))
        documents.append(
            ProductDocument(
                id=product.id,
                sku=offer.sku or "",
                title=product.get_title(),
                description=_plain(product.description or ""),
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
