"""The contract every search backend fulfils: what a search asks, what it answers.

Backends index ``ProductDocument`` objects (``search.documents``) and answer ``SearchQuery``
objects with ``SearchResults``: product ids of one page in order, the total, raw facet counts
and a suggestion. Labels, the category tree and the products themselves are added by
``search.service``, the same way for every backend; views and the API never see a backend.
"""

from dataclasses import dataclass, field
from decimal import Decimal

RELEVANCE = "relevance"
NEWEST = "newest"
PRICE_ASC = "price-asc"
PRICE_DESC = "price-desc"
SORTS = (RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC)

# Price facet buckets in euros: (key, from, to), "to" exclusive, None open.
PRICE_BUCKETS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("0-5", None, Decimal(5)),
    ("5-10", Decimal(5), Decimal(10)),
    ("10-25", Decimal(10), Decimal(25)),
    ("25-50", Decimal(25), Decimal(50)),
    ("50-100", Decimal(50), Decimal(100)),
    ("100-", Decimal(100), None),
)

# Stock states (api.stock_state.StockState) a resident can get now; the rest rank lower.
AVAILABLE_STATES = frozenset({"in_stock", "low_stock", "in_shop_only"})

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchQuery:
    """One search. ``text`` may be empty (browse a category or a shop).

    ``pickup_vendor_ids`` are the shops open for pickup for the rest of today; ``search.service``
    fills them in (a backend never reads opening hours). ``pickup_today`` keeps only available
    products of those shops.
    """

    text: str = ""
    vendors: tuple[int, ...] = ()  # vendor ids; any of them
    category: int | None = None  # category id, with its descendants
    min_price: Decimal | None = None
    max_price: Decimal | None = None  # inclusive
    available: bool | None = None  # True: only available; False: only not available
    pickup_today: bool = False
    pickup_vendor_ids: frozenset[int] = frozenset()
    sort: str = RELEVANCE
    page: int = 1
    page_size: int = 24
    facets: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Facets:
    """Raw counts. Each facet is counted with every filter except its own, so that a resident
    sees the alternatives to what is selected (the category facet ignores the category filter,
    the shop facet the shop filter, and so on)."""

    vendor: dict[int, int] = field(default_factory=dict)  # vendor id → count
    category: dict[int, int] = field(default_factory=dict)  # category id → count (with subtree)
    price: dict[str, int] = field(default_factory=dict)  # PRICE_BUCKETS key → count
    availability: dict[str, int] = field(default_factory=dict)  # stock state → count
    pickup_today: int = 0  # available products of shops open for pickup today


@dataclass
class SearchResults:
    ids: list[int]  # product ids of the requested page, in order
    count: int  # all matches
    facets: Facets = field(default_factory=Facets)
    suggestion: str = ""  # "Meinten Sie …": a corrected query, when one finds more
    corrected: bool = False  # the results are for ``suggestion`` (nothing matched as typed)
    degraded: bool = False  # answered by the fallback backend
    backend: str = ""


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete entry: a product title (with ``product_id``) or a query word."""

    text: str
    product_id: int | None = None


class SearchBackendError(Exception):
    """A backend cannot answer (unreachable, timed out, broken index)."""


class BaseSearchBackend:
    """Subclasses implement every method below; ``name`` is the settings alias."""

    def __init__(self, name: str, options: dict):
        self.name = name
        self.options = options

    # Searching

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, *, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    # Indexing. Documents come from ``search.documents``; all methods are idempotent.

    def index(self, documents: list) -> None:
        """Add or replace these documents."""
        raise NotImplementedError

    def delete(self, product_ids: list[int]) -> None:
        """Remove these products (unknown ids are ignored)."""
        raise NotImplementedError

    def rebuild(self, batches) -> int:
        """Replace the whole index with the documents of ``batches`` (an iterable of lists);
        searches keep answering from the old index until the new one is complete. Returns the
        number of documents indexed."""
        raise NotImplementedError

    def count(self) -> int:
        """Documents in the index."""
        raise NotImplementedError

    def drop(self) -> None:
        """Remove the index and everything in it (tests, decommissioning)."""
        self.rebuild([])

    def refresh(self) -> None:
        """Make everything indexed so far visible to searches (a no-op where writes are
        visible at once)."""
