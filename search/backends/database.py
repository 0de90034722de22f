"""The embedded search backend: the database's own full-text search.

* **SQLite**: an FTS5 table ``search_fts`` (rowid = product id; columns title, meta, body terms)
  ranked with ``bm25`` and column weights.
* **PostgreSQL**: a weighted ``tsvector`` (German configuration; title A, meta B, body C) with a
  GIN index, ranked with ``ts_rank``; typo candidates from the vocabulary through ``pg_trgm``.

Both index the terms of ``search.text`` (German folding, compounds, Snowball stems), so they
match the same way. A query's groups become a boolean full-text query (AND over groups, OR over
alternatives). A word not in the vocabulary gets its nearest vocabulary terms as alternatives
(edit distance 1, 2 for long words). When nothing matches all words, the words that match
nothing are dropped and the answer says so (``corrected`` with the query it answered).

Filters and facets are plain SQL over ``IndexedProduct``; each facet is counted with every
filter except its own.
"""

import re
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search import documents as search_documents
from search import text
from search.backends.base import (
    NEWEST,
    PRICE_ASC,
    PRICE_BUCKETS,
    PRICE_DESC,
    BaseSearchBackend,
    Facets,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.models import IndexedCategory, IndexedProduct, SearchTerm

P = IndexedProduct._meta.db_table
C = IndexedCategory._meta.db_table
T = SearchTerm._meta.db_table
FTS = "search_fts"

# Column weights: title, meta (brand, categories, shop), body (description).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
MAX_CORRECTIONS = 3
VOCABULARY_TTL = 60.0
TRIGRAM_THRESHOLD = 0.2
WRITE_BATCH = 500
_READABLE = re.compile(r"[^\W_]+")


@dataclass
class _Plan:
    """A parsed query: its groups, which were corrected, and the readable words."""

    groups: list[text.QueryGroup]
    matchable: list[bool]  # per group: some alternative's terms are all in the vocabulary
    corrected: bool = False
    typed: dict[str, str] = field(default_factory=dict)  # folded word → as typed (lower case)

    def words(self) -> str:
        return " ".join(
            group.corrected or self.typed.get(group.word, group.word) for group in self.groups
        )


class DatabaseBackend(BaseSearchBackend):
    def __init__(self, name: str, options: dict):
        super().__init__(name, options)
        self._vocabulary: tuple[float, list[str], dict[str, tuple[str, int]]] | None = None
        self._vocabulary_lock = threading.Lock()

    @property
    def vendor(self) -> str:
        return connection.vendor

    # Searching

    def search(self, query: SearchQuery) -> SearchResults:
        plan = self._plan(query.text) if query.text.strip() else None
        if plan is not None and not plan.groups:
            return SearchResults(ids=[], count=0, backend=self.name)
        results = self._run(query, plan)
        if results.count or plan is None:
            return results
        # Nothing matches: a compound may match by its last part ("fahrradlampe" → "lampe",
        # "regenschirm" → "Taschenschirm").
        widened = self._widen(plan)
        if widened is not None:
            found = self._run(query, widened)
            if found.count:
                found.corrected = True
                found.suggestion = widened.words()
                return found
            plan = widened
        # Nothing matches every word: answer for the words that match something.
        if len(plan.groups) > 1 and any(plan.matchable) and not all(plan.matchable):
            kept = _Plan(
                [group for group, ok in zip(plan.groups, plan.matchable, strict=True) if ok],
                [True] * sum(plan.matchable),
                typed=plan.typed,
            )
            relaxed = self._run(query, kept)
            if relaxed.count:
                relaxed.corrected = True
                relaxed.suggestion = kept.words()
                return relaxed
        suggestion = self._suggestion(query, plan)
        results.suggestion = suggestion
        return results

    def _plan(self, query_text: str) -> _Plan:
        lexicon = search_documents.lexicon()
        groups = text.query_groups(query_text, lexicon)
        terms = {term for group in groups for term in group.all_terms}
        known = self._known_terms(terms)
        matchable = []
        corrected = False
        for group in groups:
            ok = any(all(term in known for term in alt.terms) for alt in group.alternatives)
            if not ok:
                for term, word in self._corrections(group)[:MAX_CORRECTIONS]:
                    group.add(term)
                    # The corrected word's compound parts, as for a word typed correctly.
                    parts = lexicon.split(text.fold(word))
                    if parts:
                        group.add(*(text.stem(part) for part in parts))
                    group.corrected = group.corrected or word
                    ok = corrected = True
            matchable.append(ok)
        typed = {text.fold(word): word for word in _READABLE.findall(query_text.lower())}
        return _Plan(groups, matchable, corrected, typed)

    def _widen(self, plan: _Plan) -> _Plan | None:
        """The plan with each compound word also matching its head alone; None if no word of
        the query is a compound with a known head. When some words match nothing, only those
        are widened: a word that matches stays as precise as typed."""
        lexicon = search_documents.lexicon()
        heads = {}
        unmatched = not all(plan.matchable)
        for index, group in enumerate(plan.groups):
            if unmatched and plan.matchable[index]:
                continue
            parts = lexicon.split(group.corrected and text.fold(group.corrected) or group.word)
            if len(parts) > 1:
                heads[index] = parts[-1]
        words = dict(
            SearchTerm.objects.filter(
                term__in={text.stem(head) for head in heads.values()}
            ).values_list("term", "word")
        )
        heads = {
            index: words[text.stem(head)]
            for index, head in heads.items()
            if text.stem(head) in words
        }
        if not heads:
            return None
        groups, matchable = [], []
        for index, group in enumerate(plan.groups):
            if index in heads:
                group = text.QueryGroup(group.word, list(group.alternatives), heads[index])
                group.add(text.stem(text.fold(heads[index])))
            groups.append(group)
            matchable.append(plan.matchable[index] or index in heads)
        return _Plan(groups, matchable, True, plan.typed)

    def _suggestion(self, query: SearchQuery, plan: _Plan) -> str:
        """A looser correction of every word ("Meinten Sie …"), if it would find something."""
        loose = _Plan([], [], typed=plan.typed)
        for group in plan.groups:
            retry = text.QueryGroup(group.word, list(group.alternatives), group.corrected)
            if not group.corrected:
                for term, word in self._corrections(group, extra=1)[:1]:
                    retry.add(term)
                    retry.corrected = word
            loose.groups.append(retry)
        if all(not group.corrected for group in loose.groups):
            return ""
        probe = SearchQuery(
            text=query.text,
            vendors=query.vendors,
            category=query.category,
            min_price=query.min_price,
            max_price=query.max_price,
            available=query.available,
            pickup_today=query.pickup_today,
            pickup_vendor_ids=query.pickup_vendor_ids,
            page_size=1,
            facets=False,
        )
        return loose.words() if self._run(probe, loose).count else ""

    def _run(self, query: SearchQuery, plan: _Plan | None) -> SearchResults:
        match = self._match(plan) if plan is not None else None
        where, params = self._where(query, match)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {P} p WHERE {where}", params)
            count = cursor.fetchone()[0]
            ids = self._page(cursor, query, match, where, params) if count else []
            facets = self._facets(cursor, query, match) if query.facets else Facets()
        return SearchResults(
            ids=ids,
            count=count,
            facets=facets,
            suggestion=plan.words() if plan is not None and plan.corrected and count else "",
            corrected=bool(plan is not None and plan.corrected and count),
            backend=self.name,
        )

    def _match(self, plan: _Plan) -> tuple[str, str]:
        """The full-text condition on ``p`` and its query string."""
        if self.vendor == "postgresql":
            expression = " & ".join(
                "(" + " | ".join("(" + " & ".join(alt.terms) + ")" for alt in g.alternatives) + ")"
                for g in plan.groups
            )
            return "p.search_vector @@ to_tsquery('german', %s)", expression
        expression = " AND ".join(
            "("
            + " OR ".join(
                "(" + " AND ".join(f'"{term}"' for term in alt.terms) + ")"
                for alt in g.alternatives
            )
            + ")"
            for g in plan.groups
        )
        return f"p.product_id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", expression

    def _where(self, query: SearchQuery, match, *, without: str = "") -> tuple[str, list]:
        clauses, params = ["1=1"], []
        if match is not None:
            clauses.append(match[0])
            params.append(match[1])
        if query.vendors and without != "vendor":
            clauses.append(f"p.vendor_id IN ({', '.join(['%s'] * len(query.vendors))})")
            params.extend(query.vendors)
        if query.category is not None and without != "category":
            clauses.append(f"p.product_id IN (SELECT product_id FROM {C} WHERE category_id = %s)")
            params.append(query.category)
        if without != "price":
            if query.min_price is not None:
                clauses.append("p.price >= %s")
                params.append(query.min_price)
            if query.max_price is not None:
                clauses.append("p.price <= %s")
                params.append(query.max_price)
        if query.available is not None and without != "availability":
            clauses.append("p.available = %s")
            params.append(query.available)
        if query.pickup_today and without != "pickup_today":
            pickup, pickup_params = self._pickup(query)
            clauses.append(pickup)
            params.extend(pickup_params)
        return " AND ".join(clauses), params

    @staticmethod
    def _pickup(query: SearchQuery) -> tuple[str, list]:
        vendor_ids = sorted(query.pickup_vendor_ids)
        if not vendor_ids:
            return "1=0", []
        placeholders = ", ".join(["%s"] * len(vendor_ids))
        return f"(p.available = %s AND p.vendor_id IN ({placeholders}))", [True, *vendor_ids]

    def _page(self, cursor, query: SearchQuery, match, where: str, params: list) -> list[int]:
        if query.sort == NEWEST:
            order, join, order_params = "p.date_created DESC, p.product_id DESC", "", []
        elif query.sort == PRICE_ASC:
            order, join, order_params = "p.price ASC NULLS LAST, p.product_id", "", []
        elif query.sort == PRICE_DESC:
            order, join, order_params = "p.price DESC NULLS LAST, p.product_id DESC", "", []
        elif match is None:
            order = "p.available DESC, p.date_created DESC, p.product_id DESC"
            join, order_params = "", []
        elif self.vendor == "postgresql":
            order = "p.available DESC, ts_rank(p.search_vector, to_tsquery('german', %s)) DESC"
            order += ", p.product_id"
            join, order_params = "", [match[1]]
        else:
            # Rank through a join with the FTS table (bm25 needs the MATCH in the same query).
            weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
            join = f"JOIN {FTS} ON {FTS}.rowid = p.product_id AND {FTS} MATCH %s"
            order = f"p.available DESC, bm25({FTS}, {weights}), p.product_id"
            order_params = []
            params = [match[1], *params]
        cursor.execute(
            f"SELECT p.product_id FROM {P} p {join} WHERE {where} ORDER BY {order} "
            "LIMIT %s OFFSET %s",
            [*params, *order_params, query.page_size, query.offset],
        )
        return [row[0] for row in cursor.fetchall()]

    def _facets(self, cursor, query: SearchQuery, match) -> Facets:
        facets = Facets()
        where, params = self._where(query, match, without="vendor")
        cursor.execute(
            f"SELECT p.vendor_id, COUNT(*) FROM {P} p WHERE {where} GROUP BY p.vendor_id", params
        )
        facets.vendor = dict(cursor.fetchall())
        where, params = self._where(query, match, without="category")
        cursor.execute(
            f"SELECT c.category_id, COUNT(*) FROM {C} c JOIN {P} p ON p.product_id = c.product_id "
            f"WHERE {where} GROUP BY c.category_id",
            params,
        )
        facets.category = dict(cursor.fetchall())
        where, params = self._where(query, match, without="price")
        cases = " ".join(
            f"WHEN p.price < {upper} THEN '{key}'" for key, _, upper in PRICE_BUCKETS if upper
        )
        last = PRICE_BUCKETS[-1][0]
        cursor.execute(
            f"SELECT CASE {cases} ELSE '{last}' END AS bucket, COUNT(*) FROM {P} p "
            f"WHERE {where} AND p.price IS NOT NULL GROUP BY bucket",
            params,
        )
        facets.price = dict(cursor.fetchall())
        where, params = self._where(query, match, without="availability")
        cursor.execute(
            f"SELECT p.stock_state, COUNT(*) FROM {P} p WHERE {where} GROUP BY p.stock_state",
            params,
        )
        facets.availability = dict(cursor.fetchall())
        where, params = self._where(query, match, without="pickup_today")
        pickup, pickup_params = self._pickup(query)
        cursor.execute(
            f"SELECT COUNT(*) FROM {P} p WHERE {where} AND {pickup}", [*params, *pickup_params]
        )
        facets.pickup_today = cursor.fetchone()[0]
        return facets

    def suggest(self, prefix: str, *, limit: int = 8) -> list[Suggestion]:
        """Titles of products whose title has every word, the last one as a prefix."""
        words = text.surface_words(prefix)[: text.MAX_QUERY_WORDS]
        if not words or limit < 1:
            return []
        *complete, last = words
        if self.vendor == "postgresql":
            parts = [f"{text.stem(word)}:A" for word in complete]
            parts.append(f"({last}:*A | {text.stem(last)}:*A)")
            condition = "p.search_vector @@ to_tsquery('german', %s)"
            rank = "ts_rank(p.search_vector, to_tsquery('german', %s)) DESC"
            expression = " & ".join(parts)
            params = [expression, expression]
            join = ""
        else:
            parts = [f'"{text.stem(word)}"' for word in complete]
            parts.append(f'("{last}"* OR "{text.stem(last)}"*)')
            expression = "title_terms : (" + " AND ".join(parts) + ")"
            join = f"JOIN {FTS} ON {FTS}.rowid = p.product_id"
            condition = f"{FTS} MATCH %s"
            rank = f"bm25({FTS}, {', '.join(str(w) for w in BM25_WEIGHTS)})"
            params = [expression]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.product_id, p.title FROM {P} p {join} WHERE {condition} "
                f"ORDER BY p.available DESC, {rank}, p.title LIMIT %s",
                [*params, limit * 3],
            )
            rows = cursor.fetchall()
        seen, suggestions = set(), []
        for product_id, title in rows:
            if title.casefold() not in seen:
                seen.add(title.casefold())
                suggestions.append(Suggestion(text=title, product_id=product_id))
        return suggestions[:limit]

    # Vocabulary

    def _known_terms(self, terms: set[str]) -> set[str]:
        if not terms:
            return set()
        return set(SearchTerm.objects.filter(term__in=terms).values_list("term", flat=True))

    def _corrections(self, group: text.QueryGroup, *, extra: int = 0) -> list[tuple[str, str]]:
        """Vocabulary terms near the typed word or its stem (stemming a misspelt word can mangle
        it: "kindrhlem" → "kindrhl"), nearest first."""
        found: dict[str, tuple[int, int, str]] = {}
        for rank, probe in enumerate(dict.fromkeys((group.word, group.stem))):
            for order, (term, word) in enumerate(
                self._similar(probe, text.max_typos(probe) + extra)
            ):
                found.setdefault(term, (order, rank, word))
        ordered = sorted(found.items(), key=lambda item: (item[1][0], item[1][1]))
        return [(term, word) for term, (_order, _rank, word) in ordered]

    def _similar(self, term: str, distance: int) -> list[tuple[str, str]]:
        """Vocabulary terms within ``distance`` edits of ``term``: (term, word), the nearest and
        most frequent first."""
        if distance < 1:
            return []
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Typos in short words share few trigrams: a lower threshold than the default 0.3.
                cursor.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
                    [str(TRIGRAM_THRESHOLD)],
                )
                cursor.execute(
                    f"SELECT term, word, frequency FROM {T} WHERE term %% %s "
                    "ORDER BY similarity(term, %s) DESC LIMIT 30",
                    [term, term],
                )
                candidates = cursor.fetchall()
        else:
            terms, entries = self._vocabulary_snapshot()
            found = process.extract(
                term, terms, scorer=OSA.distance, score_cutoff=distance, limit=30
            )
            candidates = [(hit, *entries[hit]) for hit, _, _ in found]
        scored = [
            (OSA.distance(term, candidate), -frequency, candidate, word)
            for candidate, word, frequency in candidates
            if candidate != term
        ]
        return [
            (candidate, word) for dist, _, candidate, word in sorted(scored) if dist <= distance
        ]

    def _vocabulary_snapshot(self) -> tuple[list[str], dict[str, tuple[str, int]]]:
        with self._vocabulary_lock:
            now = time.monotonic()
            if self._vocabulary is None or now - self._vocabulary[0] > VOCABULARY_TTL:
                entries = {
                    term: (word, frequency)
                    for term, word, frequency in SearchTerm.objects.values_list(
                        "term", "word", "frequency"
                    )
                }
                self._vocabulary = (now, list(entries), entries)
            return self._vocabulary[1], self._vocabulary[2]

    def _vocabulary_changed(self) -> None:
        with self._vocabulary_lock:
            self._vocabulary = None

    # Indexing

    def index(self, documents: list) -> None:
        if not documents:
            return
        lexicon = search_documents.lexicon()
        with transaction.atomic():
            self._remove([document.id for document in documents])
            self._write(documents, lexicon)
        self._vocabulary_changed()

    def delete(self, product_ids: list[int]) -> None:
        if product_ids:
            with transaction.atomic():
                self._remove(list(product_ids))

    def rebuild(self, batches) -> int:
        """One transaction: other connections see the old index until it commits."""
        lexicon = search_documents.lexicon()
        total = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {C}")
                cursor.execute(f"DELETE FROM {P}")
                cursor.execute(f"DELETE FROM {T}")
                if self.vendor == "sqlite":
                    cursor.execute(f"DELETE FROM {FTS}")
            for batch in batches:
                self._write(batch, lexicon)
                total += len(batch)
        self._analyze()
        self._vocabulary_changed()
        return total

    def _analyze(self) -> None:
        """Fresh planner statistics for the rewritten tables (and, on SQLite, the full-text
        index merged into one b-tree): without them the first searches after a rebuild pick
        poor plans until autovacuum or nothing catches up (PostgreSQL p95 at 100k products
        104 ms without, 60 ms with)."""
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
                for table in (P, C, T):
                    cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"ANALYZE {P}, {C}, {T}")

    def count(self) -> int:
        return IndexedProduct.objects.count()

    def _remove(self, product_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(product_ids), WRITE_BATCH):
                chunk = product_ids[start : start + WRITE_BATCH]
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {C} WHERE product_id IN ({placeholders})", chunk)
                cursor.execute(f"DELETE FROM {P} WHERE product_id IN ({placeholders})", chunk)
                if self.vendor == "sqlite":
                    cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({placeholders})", chunk)

    def _write(self, documents: list, lexicon: text.Lexicon) -> None:
        rows, categories, vocabulary = [], [], {}
        for document in documents:
            title_terms = text.index_terms(document.title, lexicon)
            meta_terms = text.index_terms(document.meta_text, lexicon)
            body_terms = text.index_terms(document.description, lexicon)
            row = IndexedProduct(
                product_id=document.id,
                vendor_id=document.vendor_id,
                price=document.price,
                stock_state=document.stock_state,
                available=document.available,
                date_created=document.date_created,
                title=document.title[:255],
                title_terms=" ".join(title_terms),
                meta_terms=" ".join(meta_terms),
                body_terms=" ".join(body_terms),
            )
            rows.append(row)
            categories.extend(
                IndexedCategory(product_id=document.id, category_id=category_id)
                for category_id in document.category_ids
            )
            terms = {*title_terms, *meta_terms, *body_terms}
            _collect_vocabulary(document, lexicon, terms, vocabulary)
        IndexedProduct.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        IndexedCategory.objects.bulk_create(categories, batch_size=WRITE_BATCH)
        ids = [row.product_id for row in rows]
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                for start in range(0, len(ids), WRITE_BATCH):
                    cursor.execute(
                        f"UPDATE {P} SET search_vector = "
                        "setweight(to_tsvector('german', title_terms), 'A') || "
                        "setweight(to_tsvector('german', meta_terms), 'B') || "
                        "setweight(to_tsvector('german', body_terms), 'C') "
                        "WHERE product_id = ANY(%s)",
                        [ids[start : start + WRITE_BATCH]],
                    )
            else:
                cursor.executemany(
                    f"INSERT INTO {FTS} (rowid, title_terms, meta_terms, body_terms) "
                    "VALUES (%s, %s, %s, %s)",
                    [(r.product_id, r.title_terms, r.meta_terms, r.body_terms) for r in rows],
                )
            cursor.executemany(
                f"INSERT INTO {T} (term, word, frequency) VALUES (%s, %s, %s) "
                f"ON CONFLICT (term) DO UPDATE SET frequency = {T}.frequency + excluded.frequency",
                [(term, word, frequency) for term, (word, frequency) in sorted(vocabulary.items())],
            )


def _collect_vocabulary(document, lexicon: text.Lexicon, terms: set, vocabulary: dict) -> None:
    """Count the document's terms once each, with a readable word for every term."""
    readable: dict[str, str] = {}
    for field_text in (document.title, document.meta_text, document.description):
        for word in _READABLE.findall(field_text.lower()):
            folded = text.fold(word)
            readable.setdefault(text.stem(folded), word)
            for part in lexicon.split(folded):
                readable.setdefault(text.stem(part), part)
    for term in terms:
        if len(term) > 100:
            continue
        previous = vocabulary.get(term)
        if previous:
            vocabulary[term] = (previous[0], previous[1] + 1)
        else:
            vocabulary[term] = (readable.get(term, term)[:100], 1)
