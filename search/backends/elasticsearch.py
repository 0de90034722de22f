"""The Elasticsearch backend: products in an index behind an alias, queried with elasticsearch.dsl.

Options (``settings.SEARCH_BACKENDS[alias]``):

``URL``            the node or cluster, e.g. ``http://127.0.0.1:9200``
``INDEX``          the alias searches and writes go to, e.g. ``forst-products``
``TIMEOUT``        seconds per search request (default 2.0), without retries, so that a slow
                   node gives way to the fallback quickly
``INDEX_TIMEOUT``  seconds per indexing or administration request (default 30)
``PROFILE``        the analysis profile, ``core`` or ``production`` (``es_analysis``)
``DECOMPOUND_WORDS_PATH``  production only: the decompounder's word list as a file on the nodes
                   (relative to their config directory) instead of inline in the index settings
``SHARDS``, ``REPLICAS``   of every new index (default 1 and 0)
``FALLBACK``, ``WARN_INTERVAL`` are read by the registry (``search.backends``).

**Index layout.** One document per product (``ProductIndexDocument``), ``_id`` = product id:

- ``terms_title``, ``terms_meta`` (brand, categories, shop name), ``terms_body`` (description):
  the terms of ``search.text.index_text``, already folded, split and stemmed in Python, analysed
  only by standard tokenizer + lowercase. These decide what matches: every ``QueryGroup`` of the
  query must match one of its alternatives, whose terms must all match. Weights title 4, meta 2,
  body 1; BM25 with little length normalisation (``TERMS_BM25``). Terms are matched exactly
  first; only when the words find nothing (counted before the filters) is the query run again
  with typo tolerance for alphabetic terms of four letters or more (1 edit up to 7 letters, 2
  from 8, the first letter fixed; the stem and the word as typed), where an exact term still
  scores above a fuzzy one. Fuzzy expansion is most of the cost of a query, so the common case
  does without it.
- ``title``: the raw title under the profile's German analyzer (hunspell on core; stemmer,
  folding and decompounder on production), and ``title.shingles`` (word pairs). A ``should``
  over both adds score (the profile's German stems, adjacent words: "usb c kabel") without
  widening what matches. ``description``, ``brand``, ``categories`` and ``vendor_name`` are in
  the source only: their terms fields match them, and the German analyzer over them as well
  cost indexing and query time (hunspell on every field) for little.
- ``suggest`` (completion: the folded title and each of its tails and compound heads, weight 2
  when available, else 1) for autocomplete; ``suggest_words`` (the words of title and meta in
  lower case, umlauts kept) as the vocabulary of "Meinten Sie …" (term suggester).
- ``product_id``, ``vendor_id``, ``category_ids`` (its categories and their ancestors),
  ``price_cents``, ``stock_state``, ``available``, ``date_created``: filters, facets, sorting.

Filters go into ``post_filter``; each facet sits in a ``filter`` aggregation holding every filter
but its own, so facets show the alternatives to what is selected (``search.backends.base.Facets``);
facets needing the same filters share one aggregation.

**Alias and rebuild.** Searches and writes use the alias ``INDEX``; concrete indices are named
``<INDEX>-<UTC timestamp>-<random>``. ``index()`` creates the first one when the alias is
missing. ``rebuild()`` creates a new index (no refresh, no replicas while loading) that the
second alias ``<INDEX>-next`` points at, bulk-loads every batch, restores refresh and replicas,
refreshes, merges it into one segment, then moves the alias in one ``update_aliases`` call
(remove old, add new) and drops the old index. Searches answer from the old index until that
call; a failed rebuild drops its new index and leaves the old one answering. One rebuild runs
at a time (``search.locks``, taken by ``search.indexing.rebuild``).

While a rebuild runs, ``index()`` and ``delete()`` write to both aliases. Every write carries an
external version in microseconds (``version_type=external_gte``): the time of the call for
``index()``/``delete()``, the time *before the batch was read* for a rebuild's batch. So a batch
read before an update or a delete cannot overwrite it or bring the product back (a delete's
tombstone lasts ``index.gc_deletes``, 60 s by default; a batch is written seconds after it is
read). The rebuild reads and prepares the next batch while the previous one is being indexed.

**Errors.** Every failure of the client (connection refused, timeout, HTTP errors, a missing
alias, failed bulk items) becomes ``SearchBackendError`` with a short message (no credentials
of the URL): the registry then answers from the database backend and warns once per interval,
and the task layer retries ``index()``/``delete()``. The transport's own warning per failed
request is silenced (``elastic_transport.node_pool`` at ERROR, unless LOGGING sets it). A node
that comes back answers the next request: with a single node the transport tries it anyway.
"""

import copy
import logging
import re
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from urllib.parse import urlsplit, urlunsplit

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.dsl import (
    A,
    Boolean,
    Completion,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    MetaField,
    MultiSearch,
    Q,
    Query,
    Search,
    Text,
)
from elasticsearch.dsl.exceptions import ElasticsearchDslException
from elasticsearch.helpers import BulkIndexError, bulk
from rapidfuzz.distance import OSA

from search import documents as search_documents
from search import text
from search.backends import es_analysis
from search.backends.base import (
    NEWEST,
    PRICE_ASC,
    PRICE_BUCKETS,
    PRICE_DESC,
    BaseSearchBackend,
    Facets,
    SearchBackendError,
    SearchQuery,
    SearchResults,
    Suggestion,
)

logger = logging.getLogger("search")

# The transport warns about every request to a dead node ("has failed for 212 times in a row");
# the registry reports a failing backend once per WARN_INTERVAL instead (search.backends).
# A level set in settings.LOGGING is kept.
_node_pool_logger = logging.getLogger("elastic_transport.node_pool")
if _node_pool_logger.level == logging.NOTSET:
    _node_pool_logger.setLevel(logging.ERROR)

ES_ERRORS = (ApiError, TransportError, BulkIndexError, ElasticsearchDslException)

DEFAULT_TIMEOUT = 2.0
DEFAULT_INDEX_TIMEOUT = 30.0
# Seconds the rebuild waits for the merge of the new index into one segment.
MERGE_TIMEOUT = 300.0
BULK_CHUNK = 500
# Bulk requests a rebuild keeps running while it reads the next batches from the database and
# prepares them (one more may wait): reading and indexing overlap.
REBUILD_IN_FLIGHT = 1

# Field weights of the terms fields.
TERM_FIELDS = ("terms_title^4", "terms_meta^2", "terms_body^1")
TIE_BREAKER = 0.3
EXACT_BOOST = 2.0
FUZZY_BOOST = 0.5
RAW_BOOST = 0.5
SHINGLE_BOOST = 1.0
# Fuzziness: none below 4 letters, 1 edit for 4-7, 2 from 8; the first letter must be right.
FUZZY_MIN_LENGTH = 4
FUZZINESS = "AUTO:4,8"
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 50
MAX_RAW_QUERY = 200

# BM25 for the terms fields with little length normalisation: compound parts and joined
# spellings lengthen a field by our own doing, and titles are short anyway ("Fahrradschloss
# Bügel 13 mm" must not lose to "Faltschloss für das Fahrrad" for "fahradschloss").
TERMS_SIMILARITY = "forst_terms"
TERMS_BM25 = {"type": "BM25", "k1": 1.2, "b": 0.3}

FACET_SIZE = 500
FACET_GROUP = "facets_"
# Elasticsearch's index.max_result_window: deeper pages answer with no ids (count and facets
# still right).
MAX_WINDOW = 10_000

# Completion: how many inputs a title gives at most, and the weights by availability.
MAX_COMPLETION_INPUTS = 16
COMPLETION_MAX_INPUT_LENGTH = 100
WEIGHT_AVAILABLE = 2
WEIGHT_UNAVAILABLE = 1
AUTOCOMPLETE_FUZZY_MIN_LENGTH = 4

_READABLE_WORD = re.compile(r"[^\W\d_]{3,}")
_READABLE_QUERY_WORD = re.compile(r"[^\W_]+")
_INDEX_SUFFIX = re.compile(r"-\d{14}-[0-9a-f]{6}$")
NEXT_SUFFIX = "-next"


class ProductIndexDocument(Document):
    """A product as the index holds it (see the module docstring). Analyzer names are those of
    ``es_analysis``; every profile defines them all, so this mapping fits each profile."""

    product_id = Integer()
    sku = Keyword()
    title = Text(
        analyzer=es_analysis.TEXT,
        search_analyzer=es_analysis.TEXT_SEARCH,
        fields={"shingles": Text(analyzer=es_analysis.SHINGLE)},
    )
    # Matched through the terms fields only (terms_body, terms_meta): the German analyzer over
    # them would cost indexing and query time and add little (measured).
    description = Text(index=False)
    brand = Text(index=False)
    categories = Text(index=False, multi=True)
    vendor_name = Text(index=False)
    terms_title = Text(analyzer=es_analysis.TERMS, similarity=TERMS_SIMILARITY)
    terms_meta = Text(analyzer=es_analysis.TERMS, similarity=TERMS_SIMILARITY)
    terms_body = Text(analyzer=es_analysis.TERMS, similarity=TERMS_SIMILARITY)
    suggest_words = Text(analyzer=es_analysis.TERMS)
    suggest = Completion(analyzer=es_analysis.TERMS, max_input_length=COMPLETION_MAX_INPUT_LENGTH)
    category_ids = Integer(multi=True)
    vendor_id = Integer()
    vendor_slug = Keyword()
    price_cents = Long()
    stock_state = Keyword()
    available = Boolean()
    date_created = Date()

    class Meta:
        dynamic = MetaField("strict")

    @classmethod
    def source(cls, document, lexicon: text.Lexicon) -> dict:
        """The ``_source`` of a ``search.documents.ProductDocument``, written as a plain dict:
        a rebuild writes 100,000 of them, and the DSL's own ``to_dict()`` would triple the
        cost. ``tests/search/test_es_backend.py`` checks that it is what this Document
        serializes to."""
        return {
            "product_id": document.id,
            "sku": document.sku,
            "title": document.title,
            "description": document.description,
            "brand": document.brand,
            "categories": list(document.categories),
            "vendor_name": document.vendor_name,
            "terms_title": text.index_text(document.title, lexicon),
            "terms_meta": text.index_text(document.meta_text, lexicon),
            "terms_body": text.index_text(document.description, lexicon),
            "suggest_words": " ".join(readable_words(f"{document.title} {document.meta_text}")),
            "suggest": {
                "input": completion_inputs(document.title, lexicon),
                "weight": WEIGHT_AVAILABLE if document.available else WEIGHT_UNAVAILABLE,
            },
            "category_ids": list(document.category_ids),
            "vendor_id": document.vendor_id,
            "vendor_slug": document.vendor_slug,
            "price_cents": cents(document.price),
            "stock_state": document.stock_state,
            "available": document.available,
            "date_created": document.date_created,
        }


def mapping(profile: es_analysis.Profile) -> dict:
    """The index mapping under ``profile`` (production adds ``title.autocomplete``)."""
    body = copy.deepcopy(ProductIndexDocument._doc_type.mapping.to_dict())
    if profile.autocomplete:
        body["properties"]["title"]["fields"]["autocomplete"] = {
            "type": "text",
            "analyzer": es_analysis.AUTOCOMPLETE,
            "search_analyzer": es_analysis.AUTOCOMPLETE_SEARCH,
        }
    return body


def cents(price: Decimal | None, rounding=ROUND_FLOOR) -> int | None:
    if price is None:
        return None
    return int((Decimal(price) * 100).to_integral_value(rounding=rounding))


def readable_words(value: str) -> list[str]:
    """Words of three letters or more in lower case, umlauts kept (what "Meinten Sie" shows)."""
    return [word.lower() for word in _READABLE_WORD.findall(value or "")]


def completion_inputs(title: str, lexicon: text.Lexicon) -> list[str]:
    """The completion inputs of a title: its folded words, each tail of them, and each tail
    starting at a compound's head ("Fahrradschloss Abus" → "fahrradschloss abus", "abus",
    "schloss abus"), so that any word or head of the title can be typed first."""
    words = text.surface_words(title)
    inputs: list[str] = []
    for position, word in enumerate(words):
        rest = words[position + 1 :]
        inputs.append(" ".join([word, *rest]))
        for part in lexicon.split(word)[1:]:
            inputs.append(" ".join([part, *rest]))
    unique = list(dict.fromkeys(item[:COMPLETION_MAX_INPUT_LENGTH] for item in inputs if item))
    return unique[:MAX_COMPLETION_INPUTS]


def completion_prefix(prefix: str) -> str:
    """The typed prefix as the completion inputs are written: folded words, stop words dropped
    except a last word still being typed ("die" may become "diesel")."""
    flat = [word for parts in text.words(prefix) for word in parts]
    if not flat:
        return ""
    typing = not prefix[-1:].isspace()
    kept = [
        word
        for position, word in enumerate(flat)
        if word not in text.STOP_WORDS or (typing and position == len(flat) - 1)
    ]
    return " ".join(kept)


def _within_typos(typed: str, corrected: str) -> bool:
    """Whether ``corrected`` differs from ``typed`` word by word by no more edits than
    ``text.max_typos`` allows for each typed word."""
    before, after = _READABLE_QUERY_WORD.findall(typed.lower()), corrected.split()
    return len(before) == len(after) and all(
        OSA.distance(text.fold(old), text.fold(new)) <= text.max_typos(text.fold(old))
        for old, new in zip(before, after, strict=True)
    )


def _typed_tail(word: str, head: str) -> str:
    """The end of ``word`` as typed that folds to the compound's head (``head`` is folded):
    "zuckertüte" → "tüte", "zuckertuete" → "tuete"; else ``head``."""
    for start in range(len(word) - 1, -1, -1):
        if text.fold(word[start:]) == head:
            return word[start:]
    return head


def _version() -> int:
    """The external version of a write: the time in microseconds."""
    return time.time_ns() // 1000


def _without_credentials(url: str) -> str:
    """``url`` without a user and password, for messages and logs."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _short(error: Exception) -> str:
    if isinstance(error, ApiError):
        return f"HTTP {error.meta.status} {error.message}"
    if isinstance(error, BulkIndexError):
        return str(error.args[0]) if error.args else "bulk failed"
    return f"{type(error).__name__}: {str(error)[:200]}"


class ElasticsearchBackend(BaseSearchBackend):
    """Searches and indexes products in Elasticsearch 9 (see the module docstring)."""

    def __init__(self, name: str, options: dict):
        super().__init__(name, options)
        self.url = options.get("URL", "http://127.0.0.1:9200")
        self.alias = options.get("INDEX", "forst-products")
        self.next_alias = self.alias + NEXT_SUFFIX
        self.timeout = float(options.get("TIMEOUT", DEFAULT_TIMEOUT))
        self.index_timeout = float(options.get("INDEX_TIMEOUT", DEFAULT_INDEX_TIMEOUT))
        self.profile_name = options.get("PROFILE", es_analysis.CORE)
        if self.profile_name not in es_analysis.PROFILES:
            raise ValueError(
                f"Search backend {name!r}: unknown PROFILE {self.profile_name!r}; "
                f"use one of {es_analysis.PROFILES}"
            )
        self.decompound_words_path = options.get("DECOMPOUND_WORDS_PATH")
        self.shards = int(options.get("SHARDS", 1))
        self.replicas = int(options.get("REPLICAS", 0))
        # No retries: a timeout or a dead node must reach the fallback within TIMEOUT.
        self.client = Elasticsearch(
            self.url, request_timeout=self.timeout, max_retries=0, retry_on_timeout=False
        )

    @property
    def admin(self) -> Elasticsearch:
        """The client with the longer timeout of indexing and administration."""
        return self.client.options(request_timeout=self.index_timeout)

    @contextmanager
    def _errors(self, action: str):
        try:
            yield
        except NotFoundError as error:
            raise SearchBackendError(
                f"Elasticsearch {action}: index {self.alias!r} not found ({error.message})"
            ) from error
        except ConnectionTimeout as error:
            raise SearchBackendError(f"Elasticsearch {action}: timed out") from error
        except TransportConnectionError as error:
            raise SearchBackendError(
                f"Elasticsearch {action}: cannot connect to {_without_credentials(self.url)}"
            ) from error
        except ES_ERRORS as error:
            raise SearchBackendError(f"Elasticsearch {action}: {_short(error)}") from error

    def _lexicon(self) -> text.Lexicon:
        return search_documents.lexicon()

    def analysis_profile(self, lexicon: text.Lexicon | None = None) -> es_analysis.Profile:
        words = () if self.profile_name == es_analysis.CORE else (lexicon or self._lexicon()).words
        return es_analysis.profile(
            self.profile_name, words, decompound_words_path=self.decompound_words_path
        )

    # Searching

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    def search(self, query: SearchQuery) -> SearchResults:
        """Exact terms first; only when the words find nothing (before filters) again with
        typo tolerance, which costs far more (fuzzy expansion of every term); then, if still
        nothing, "Meinten Sie …"."""
        groups = text.query_groups(query.text, self._lexicon())
        filters = self._filters(query)
        with self._errors("search"):
            response = self._run(query, groups, filters, fuzzy=False)
            if groups and self._text_matches(response, filters) == 0 and self._fuzzable(groups):
                response = self._run(query, groups, filters, fuzzy=True)
            answered_for = did_you_mean = ""
            if groups and self._text_matches(response, filters) == 0:
                # As the database backend: a typo within the budget of max_typos is corrected
                # at once; else a compound's head or the words that match something answer;
                # else a looser correction is only offered ("Meinten Sie …").
                did_you_mean = self._did_you_mean(query, filters)
                looser = None
                if did_you_mean and _within_typos(query.text, did_you_mean):
                    corrected = replace(query, text=did_you_mean)
                    corrected_groups = text.query_groups(did_you_mean, self._lexicon())
                    looser = (
                        self._run(corrected, corrected_groups, filters, fuzzy=True),
                        did_you_mean,
                    )
                else:
                    looser = self._looser(query, groups, filters)
                if looser is not None:
                    response, answered_for = looser
            body = response.to_dict()
            count = body["hits"]["total"]["value"]
            facets = Facets()
            if query.facets:
                facets = self._read_facets(body["aggregations"], query)
            suggestion = answered_for or (did_you_mean if count == 0 else "")
        return SearchResults(
            ids=[int(hit["_id"]) for hit in body["hits"]["hits"]],
            count=count,
            facets=facets,
            suggestion=suggestion,
            corrected=bool(answered_for),
            backend=self.name,
        )

    def _looser(self, query: SearchQuery, groups, filters: dict[str, Query]):
        """When the words together match nothing, as the database backend does: a compound
        that matches nothing also matches by its head ("zahlenschloss" → "schloss"); then the
        words that match nothing are dropped. Returns (response, the words it answers for) or
        None when neither finds anything under the filters."""
        lexicon = self._lexicon()
        typed = {text.fold(word): word for word in _READABLE_QUERY_WORD.findall(query.text.lower())}
        shown = [typed.get(group.word, group.word) for group in groups]
        widened: dict[int, tuple[text.QueryGroup, str]] = {}
        for index, group in enumerate(groups):
            parts = lexicon.split(group.word)
            if len(parts) > 1:
                wide = text.QueryGroup(group.word, list(group.alternatives))
                wide.add(text.stem(parts[-1]))
                widened[index] = (wide, _typed_tail(shown[index], parts[-1]))
        probes = MultiSearch(using=self.client, index=self.alias)
        for group in [*groups, *(wide for wide, _head in widened.values())]:
            probes = probes.add(
                self._search()
                .query(self._group_query(group, fuzzy=True))
                .extra(size=0, track_total_hits=1)
            )
        found = [response.hits.total.value > 0 for response in probes.execute()]
        matched, wide_matched = (
            found[: len(groups)],
            dict(zip(widened, found[len(groups) :], strict=True)),
        )
        # Only the words that match nothing are widened, unless every word matches alone.
        widen = [
            index
            for index in widened
            if wide_matched[index] and (all(matched) or not matched[index])
        ]
        current, words, ok = list(groups), list(shown), list(matched)
        if widen:
            for index in widen:
                current[index], words[index] = widened[index]
                ok[index] = True
            response = self._run(query, current, filters, fuzzy=True)
            if response.hits.total.value:
                return response, " ".join(words)
        if len(current) > 1 and any(ok) and not all(ok):
            kept = [index for index, good in enumerate(ok) if good]
            response = self._run(query, [current[index] for index in kept], filters, fuzzy=True)
            if response.hits.total.value:
                return response, " ".join(words[index] for index in kept)
        return None

    def _run(self, query: SearchQuery, groups, filters: dict[str, Query], *, fuzzy: bool):
        matching = self._text_query(query.text, groups, fuzzy=fuzzy) if groups else Q("match_all")
        search = self._search().query(matching).extra(track_total_hits=True).source(False)
        if filters:
            search = search.post_filter(Q("bool", filter=list(filters.values())))
            # What the words match before the filters (aggregations ignore post_filter).
            search.aggs.bucket("text_matches", "filter", filter=Q("match_all"))
        search = search.sort(*self._sort(query.sort, bool(groups)))
        start = query.offset
        if start >= MAX_WINDOW:
            search = search[0:0]
        else:
            search = search[start : min(start + query.page_size, MAX_WINDOW)]
        if query.facets:
            self._add_facets(search, query, filters)
        return search.execute()

    @staticmethod
    def _text_matches(response, filters: dict[str, Query]) -> int:
        if filters:
            return response.aggregations.text_matches.doc_count
        return response.hits.total.value

    def _fuzzable(self, groups: list[text.QueryGroup]) -> bool:
        return any(
            self._fuzzy(word) is not None
            for group in groups
            for word in [group.word, *group.all_terms]
        )

    @staticmethod
    def _fuzzy(term: str) -> Query | None:
        if len(term) < FUZZY_MIN_LENGTH or not term.isalpha():
            return None
        return Q(
            "multi_match",
            query=term,
            fields=list(TERM_FIELDS),
            tie_breaker=TIE_BREAKER,
            fuzziness=FUZZINESS,
            prefix_length=FUZZY_PREFIX_LENGTH,
            max_expansions=FUZZY_MAX_EXPANSIONS,
            boost=FUZZY_BOOST,
        )

    def _term_query(self, term: str, typed: str = "", *, fuzzy: bool = True) -> Query:
        """``term`` exactly, or (four letters or more) with a typo. ``typed`` is the folded word
        the term is the stem of: a typo can throw the stemmer off ("kindrhlem" → "kindrhl"),
        so the word as typed is compared with the indexed stems too."""
        exact = Q(
            "multi_match",
            query=term,
            fields=list(TERM_FIELDS),
            tie_breaker=TIE_BREAKER,
            boost=EXACT_BOOST,
        )
        if not fuzzy:
            return exact
        clauses = [self._fuzzy(word) for word in dict.fromkeys([term, typed]) if word]
        clauses = [clause for clause in clauses if clause is not None]
        if not clauses:
            return exact
        # An exact match matches a fuzzy clause too and so always scores above a fuzzy one.
        return Q("bool", should=[exact, *clauses], minimum_should_match=1)

    def _group_query(self, group: text.QueryGroup, *, fuzzy: bool = True) -> Query:
        alternatives = []
        for alternative in group.alternatives:
            whole = alternative.terms == (group.stem,)
            alternatives.append(
                Q(
                    "bool",
                    must=[
                        self._term_query(term, group.word if whole else "", fuzzy=fuzzy)
                        for term in alternative.terms
                    ],
                )
            )
        if len(alternatives) == 1:
            return alternatives[0]
        return Q("bool", should=alternatives, minimum_should_match=1)

    def _text_query(self, raw: str, groups: list[text.QueryGroup], *, fuzzy: bool = True) -> Query:
        """Every group must match (terms fields); the raw title only adds score."""
        raw = raw.strip()[:MAX_RAW_QUERY]
        should = [
            Q("match", title={"query": raw, "boost": RAW_BOOST}),
            Q("match", **{"title.shingles": {"query": raw, "boost": SHINGLE_BOOST}}),
        ]
        must = [self._group_query(group, fuzzy=fuzzy) for group in groups]
        return Q("bool", must=must, should=should)

    @staticmethod
    def _pickup_query(query: SearchQuery) -> Query:
        return Q(
            "bool",
            filter=[
                Q("terms", vendor_id=sorted(query.pickup_vendor_ids)),
                Q("term", available=True),
            ],
        )

    def _filters(self, query: SearchQuery) -> dict[str, Query]:
        """The query's filters by the facet they belong to."""
        filters: dict[str, Query] = {}
        if query.vendors:
            filters["vendor"] = Q("terms", vendor_id=list(query.vendors))
        if query.category is not None:
            filters["category"] = Q("term", category_ids=query.category)
        bounds = {}
        if query.min_price is not None:
            bounds["gte"] = cents(query.min_price, ROUND_CEILING)
        if query.max_price is not None:
            bounds["lte"] = cents(query.max_price, ROUND_FLOOR)
        if bounds:
            filters["price"] = Q("range", price_cents=bounds)
        if query.available is not None:
            filters["availability"] = Q("term", available=bool(query.available))
        if query.pickup_today:
            filters["pickup_today"] = self._pickup_query(query)
        return filters

    @staticmethod
    def _sort(sort: str, has_text: bool) -> list:
        if sort == NEWEST:
            return [{"date_created": "desc"}, {"product_id": "desc"}]
        if sort == PRICE_ASC:
            return [{"price_cents": {"order": "asc", "missing": "_last"}}, {"product_id": "asc"}]
        if sort == PRICE_DESC:
            return [
                {"price_cents": {"order": "desc", "missing": "_last"}},
                {"product_id": "desc"},
            ]
        # Relevance: what a resident can get now first.
        if not has_text:
            return [{"available": "desc"}, {"date_created": "desc"}, {"product_id": "desc"}]
        return [{"available": "desc"}, {"_score": "desc"}, {"product_id": "asc"}]

    @staticmethod
    def _price_ranges() -> list[dict]:
        ranges = []
        for key, low, high in PRICE_BUCKETS:
            bucket: dict = {"key": key}
            if low is not None:
                bucket["from"] = cents(low)
            if high is not None:
                bucket["to"] = cents(high)
            ranges.append(bucket)
        return ranges

    def _add_facets(self, search: Search, query: SearchQuery, filters: dict[str, Query]) -> None:
        """Each facet under a ``filter`` aggregation of every filter but its own (filters and
        facets share their names). Facets whose own filter is not set need the same filter, so
        they share one aggregation: fewer filters for the node to evaluate."""
        facets = {
            "vendor": A("terms", field="vendor_id", size=FACET_SIZE),
            "category": A("terms", field="category_ids", size=FACET_SIZE),
            "price": A("range", field="price_cents", ranges=self._price_ranges()),
            "availability": A("terms", field="stock_state", size=50),
        }
        if query.pickup_vendor_ids:
            facets["pickup_today"] = A("filter", filter=self._pickup_query(query))
        groups: dict[tuple[str, ...], list[str]] = {}
        for name in facets:
            groups.setdefault(tuple(key for key in filters if key != name), []).append(name)
        for number, (applied, names) in enumerate(groups.items()):
            group = search.aggs.bucket(
                f"{FACET_GROUP}{number}",
                "filter",
                filter=Q("bool", filter=[filters[k] for k in applied]),
            )
            for name in names:
                group.bucket(name, facets[name])

    @staticmethod
    def _read_facets(aggregations: dict, query: SearchQuery) -> Facets:
        found = {
            name: value
            for key, group in aggregations.items()
            if key.startswith(FACET_GROUP)
            for name, value in group.items()
            if isinstance(value, dict)
        }

        def buckets(name: str) -> list[dict]:
            return found[name]["buckets"]

        facets = Facets(
            vendor={int(b["key"]): b["doc_count"] for b in buckets("vendor") if b["doc_count"]},
            category={int(b["key"]): b["doc_count"] for b in buckets("category") if b["doc_count"]},
            price={b["key"]: b["doc_count"] for b in buckets("price")},
            availability={str(b["key"]): b["doc_count"] for b in buckets("availability")},
        )
        if query.pickup_vendor_ids:
            facets.pickup_today = found["pickup_today"]["doc_count"]
        return facets

    def _did_you_mean(self, query: SearchQuery, filters: dict[str, Query]) -> str:
        """A corrected query, from the term suggester over the catalogue's words, if it finds
        something under the same filters; else ""."""
        typed = query.text.strip()[:MAX_RAW_QUERY].lower()
        search = (
            self._search()
            .extra(size=0)
            .suggest(
                "words",
                typed,
                term={
                    "field": "suggest_words",
                    "suggest_mode": "missing",
                    "max_edits": 2,
                    "prefix_length": 0,
                    "min_word_length": 3,
                    "size": 1,
                },
            )
        )
        entries = search.execute().to_dict().get("suggest", {}).get("words", [])
        words = []
        changed = False
        for entry in entries:
            options = entry.get("options") or []
            if options:
                words.append(options[0]["text"])
                changed = True
            else:
                words.append(entry["text"])
        if not changed:
            return ""
        corrected = " ".join(words)
        groups = text.query_groups(corrected, self._lexicon())
        if not groups:
            return ""
        counting = self._search().query(
            Q(
                "bool",
                must=[self._text_query(corrected, groups)],
                filter=list(filters.values()),
            )
        )
        return corrected if counting.count() > 0 else ""

    def suggest(self, prefix: str, *, limit: int = 8) -> list[Suggestion]:
        typed = completion_prefix(prefix or "")
        if not typed or limit <= 0:
            return []
        completion = {"field": "suggest", "size": limit, "skip_duplicates": False}
        search = self._search().extra(size=0).source(["title", "available"])
        search = search.suggest("exact", typed, completion=completion)
        if len(typed) >= AUTOCOMPLETE_FUZZY_MIN_LENGTH:
            fuzzy = {"fuzziness": 1, "prefix_length": 1}
            search = search.suggest("fuzzy", typed, completion={**completion, "fuzzy": fuzzy})
        with self._errors("suggest"):
            suggested = search.execute().to_dict().get("suggest", {})
            # Tiers: what starts as typed, then typo guesses, then (production) titles with
            # every typed word's start in any order; available products first in each tier.
            tiers: list[list[tuple[int, bool, str]]] = []
            for name in ("exact", "fuzzy"):
                tiers.append(
                    [
                        (
                            int(option["_id"]),
                            bool(option.get("_source", {}).get("available")),
                            option.get("_source", {}).get("title", ""),
                        )
                        for entry in suggested.get(name, [])
                        for option in entry.get("options", [])
                    ]
                )
            if (
                len({entry[0] for tier in tiers for entry in tier}) < limit
                and self.has_autocomplete
            ):
                hits = self._autocomplete_hits(prefix, limit)
                tiers.append([(int(h.meta.id), bool(h.available), h.title) for h in hits])
        ranked: dict[int, str] = {}
        for tier in tiers:
            for pk, _available, title in sorted(tier, key=lambda entry: not entry[1]):
                ranked.setdefault(pk, title)
        return [Suggestion(text=title, product_id=pk) for pk, title in list(ranked.items())[:limit]]

    @property
    def has_autocomplete(self) -> bool:
        """Whether the index has ``title.autocomplete`` (edge n-grams: the production profile)."""
        return self.profile_name == es_analysis.PRODUCTION

    def _autocomplete_hits(self, prefix: str, limit: int):
        """Titles whose words start with every typed word, in any order (edge n-grams)."""
        search = (
            self._search()
            .query(
                Q(
                    "match",
                    **{"title.autocomplete": {"query": prefix[:MAX_RAW_QUERY], "operator": "and"}},
                )
            )
            .source(["title", "available"])
            .sort({"available": "desc"}, {"_score": "desc"}, {"product_id": "asc"})
        )
        return search[:limit].execute().hits

    # Indexing

    def _index_settings(self, profile: es_analysis.Profile, *, loading: bool) -> dict:
        index = {
            "number_of_shards": self.shards,
            "number_of_replicas": 0 if loading else self.replicas,
        }
        if loading:
            index["refresh_interval"] = "-1"
        index["similarity"] = {TERMS_SIMILARITY: TERMS_BM25}
        return {"index": index, "analysis": profile.analysis}

    def new_index_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:6]}"

    def _create_index(self, name: str, *, loading: bool, aliases: dict, lexicon=None) -> None:
        profile = self.analysis_profile(lexicon)
        self.admin.indices.create(
            index=name,
            settings=self._index_settings(profile, loading=loading),
            mappings=mapping(profile),
            aliases=aliases,
        )

    def _aliases(self) -> dict[str, set[str]]:
        """Concrete indices of this backend by alias (``INDEX`` and ``INDEX-next``)."""
        state = self.admin.indices.get_alias(index=f"{self.alias}-*", ignore_unavailable=True)
        found: dict[str, set[str]] = {self.alias: set(), self.next_alias: set()}
        for index, info in state.body.items():
            for alias in info.get("aliases", {}):
                if alias in found:
                    found[alias].add(index)
        return found

    def _write_targets(self, *, create: bool, lexicon=None) -> list[str]:
        """The aliases writes go to: ``INDEX``, and ``INDEX-next`` while a rebuild runs.
        With ``create``, a missing ``INDEX`` gets its first index."""
        aliases = self._aliases()
        if not aliases[self.alias]:
            if not create:
                return [self.next_alias] if aliases[self.next_alias] else []
            self._create_first_index(lexicon)
        targets = [self.alias]
        if aliases[self.next_alias]:
            targets.append(self.next_alias)
        return targets

    def _create_first_index(self, lexicon) -> None:
        name = self.new_index_name()
        try:
            self._create_index(
                name, loading=False, aliases={self.alias: {"is_write_index": True}}, lexicon=lexicon
            )
        except ApiError as error:
            # Another process created it meanwhile: its index wins, ours was not created.
            if not self._aliases()[self.alias]:
                raise error
            logger.info("Search index %s was created concurrently; using it", self.alias)

    def _bulk(
        self,
        actions: Iterable[dict],
        *,
        ignore: Iterable[tuple[str, int]] = (),
        require_alias: bool = False,
    ) -> int:
        """Run bulk ``actions``; item failures other than the (target, status) pairs in
        ``ignore`` and version conflicts (a newer write won) raise ``BulkIndexError``. With
        ``require_alias`` a target that is not an alias fails instead of being created as a
        new index with dynamic mappings."""
        ignored = set(ignore)
        extra = {"require_alias": True} if require_alias else {}
        done, failures = bulk(
            self.admin,
            actions,
            **extra,
            chunk_size=BULK_CHUNK,
            max_retries=0,
            raise_on_error=False,
            raise_on_exception=True,
            stats_only=False,
        )
        real = []
        for failure in failures:
            ((op, item),) = failure.items()
            status = item.get("status")
            if status == 409 or (item.get("_index"), status) in ignored:
                continue
            if op == "delete" and status == 404:
                continue
            real.append(failure)
        if real:
            ((op, item),) = real[0].items()
            error = item.get("error", {})
            reason = error.get("reason", error) if isinstance(error, dict) else error
            raise BulkIndexError(
                f"{len(real)} of {len(real) + done} bulk items failed, e.g. {op} "
                f"{item.get('_id')}: {item.get('status')} {reason}",
                real,
            )
        return done

    def _index_actions(
        self,
        documents: list,
        targets: list[str],
        lexicon: text.Lexicon,
        version: int,
    ) -> Iterator[dict]:
        for document in documents:
            source = ProductIndexDocument.source(document, lexicon)
            for target in targets:
                yield {
                    "_op_type": "index",
                    "_index": target,
                    "_id": document.id,
                    "version": version,
                    "version_type": "external_gte",
                    "_source": source,
                }

    def index(self, documents: list) -> None:
        if not documents:
            return
        lexicon = self._lexicon()
        version = _version()
        with self._errors("index"):
            targets = self._write_targets(create=True, lexicon=lexicon)
            self._bulk(
                self._index_actions(documents, targets, lexicon, version),
                # The rebuild may have swapped the aliases meanwhile: "next" is gone then.
                ignore=[(self.next_alias, 404)],
                require_alias=True,
            )

    def delete(self, product_ids: list[int]) -> None:
        if not product_ids:
            return
        with self._errors("delete"):
            targets = self._write_targets(create=False)
            version = _version()
            actions = (
                {
                    "_op_type": "delete",
                    "_index": target,
                    "_id": pk,
                    "version": version,
                    "version_type": "external_gte",
                }
                for pk in product_ids
                for target in targets
            )
            self._bulk(actions)

    def rebuild(self, batches) -> int:
        lexicon = self._lexicon()
        name = self.new_index_name()
        with self._errors("rebuild"):
            self._create_index(name, loading=True, aliases={self.next_alias: {}}, lexicon=lexicon)
        old: list[str] = []
        try:
            with self._errors("rebuild"):
                total = self._load(name, batches, lexicon)
                self.admin.indices.put_settings(
                    index=name,
                    settings={
                        "index": {"refresh_interval": None, "number_of_replicas": self.replicas}
                    },
                )
                self.admin.indices.refresh(index=name)
                self._merge(name)
                old = sorted(self._aliases()[self.alias])
                actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
                actions += [
                    {"remove": {"index": name, "alias": self.next_alias}},
                    {"add": {"index": name, "alias": self.alias, "is_write_index": True}},
                ]
                self.admin.indices.update_aliases(actions=actions)
        except BaseException:
            self._drop_quietly([name])
            raise
        self._drop_quietly(old)
        logger.info("Search index %s rebuilt as %s: %d documents", self.alias, name, total)
        return total

    def _load(self, name: str, batches, lexicon: text.Lexicon) -> int:
        """Bulk-load ``batches`` into the index ``name``. Batches are read and turned into
        actions in this thread (the caller's: database access stays on its connection) while
        up to ``REBUILD_IN_FLIGHT`` bulk requests run in the background."""
        total = 0
        in_flight: deque[Future] = deque()
        with ThreadPoolExecutor(max_workers=REBUILD_IN_FLIGHT) as pool:
            try:
                batch_iterator = iter(batches)
                while True:
                    # Stamped before the batch is read, so that any write made after the read
                    # (by index() or delete(), to both aliases) outranks it.
                    version = _version()
                    batch = next(batch_iterator, None)
                    if batch is None:
                        break
                    actions = list(self._index_actions(batch, [name], lexicon, version))
                    in_flight.append(pool.submit(self._bulk, actions))
                    total += len(batch)
                    if len(in_flight) > REBUILD_IN_FLIGHT:
                        in_flight.popleft().result()
                while in_flight:
                    in_flight.popleft().result()
            finally:
                for future in in_flight:
                    future.cancel()
        return total

    def _merge(self, name: str) -> None:
        """Merge the freshly loaded index into one segment per shard before it goes live: a
        bulk load leaves many small segments, and the merges the node would run in the
        background meanwhile slow the first searches. A merge that outlasts ``MERGE_TIMEOUT``
        goes on in the node; the swap does not wait for it."""
        try:
            self.client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(
                index=name, max_num_segments=1
            )
        except ConnectionTimeout:
            logger.warning("Search index %s: the merge goes on after the swap", name)

    def _drop_quietly(self, names: list[str]) -> None:
        if not names:
            return
        try:
            self.admin.indices.delete(index=",".join(names), ignore_unavailable=True)
        except ES_ERRORS as error:
            logger.warning("Could not delete search index %s: %s", names, _short(error))

    def count(self) -> int:
        with self._errors("count"):
            try:
                return int(self.admin.count(index=self.alias)["count"])
            except NotFoundError:
                return 0

    def refresh(self) -> None:
        with self._errors("refresh"), suppress(NotFoundError):
            self.admin.indices.refresh(index=self.alias)

    def concrete_indices(self) -> list[str]:
        """Every index this backend created (``<INDEX>-<timestamp>-<random>``), aliased or
        left over from a failed rebuild."""
        with self._errors("list indices"):
            state = self.admin.indices.get_alias(index=f"{self.alias}-*", ignore_unavailable=True)
        prefix = self.alias + "-"
        return sorted(
            index
            for index in state.body
            if index.startswith(prefix) and _INDEX_SUFFIX.fullmatch(index[len(self.alias) :])
        )

    def drop(self) -> None:
        """Delete every index of this backend (for tests and a clean start)."""
        names = self.concrete_indices()
        if names:
            with self._errors("drop"):
                self.admin.indices.delete(index=",".join(names), ignore_unavailable=True)
