"""What only the Elasticsearch backend has: analysis profiles, the alias and its swap, external
versions during a rebuild, timeouts and the mapping of client errors.

The behaviour every backend shares is tested in test_contract.py. Tests marked
``elasticsearch`` need a real node (``ELASTICSEARCH_URL``, started by tools/testenv); each uses an
index of its own and drops it afterwards. The others need no node: the production profile, which
the stripped test node cannot run, is checked structurally only.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from elasticsearch.helpers import BulkIndexError

from search import text
from search.backends import FallbackSearch, es_analysis
from search.backends.base import (
    BaseSearchBackend,
    SearchBackendError,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.backends.elasticsearch import (
    MAX_WINDOW,
    ElasticsearchBackend,
    ProductIndexDocument,
    completion_inputs,
    completion_prefix,
    mapping,
    readable_words,
)
from search.documents import ProductDocument

LEXICON = text.Lexicon(["fahrrad", "schloss", "falt", "kinder", "helm", "rose", "schere", "kabel"])
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def document(pk: int, title: str, *, description: str = "", stock: str = "in_stock", **fields):
    values = {
        "id": pk,
        "sku": f"SKU-{pk}",
        "title": title,
        "description": description,
        "brand": "",
        "categories": ("Fahrrad",),
        "category_ids": (1,),
        "vendor_id": 7,
        "vendor_slug": "zweirad-lehmann",
        "vendor_name": "Zweirad Lehmann",
        "price": Decimal("9.99"),
        "stock_state": stock,
        "date_created": NOW - timedelta(days=pk),
    }
    values.update(fields)
    return ProductDocument(**values)


def backend_for(url: str, **options) -> ElasticsearchBackend:
    backend = ElasticsearchBackend(
        "elasticsearch",
        {
            "URL": url,
            "INDEX": f"forst-test-{uuid.uuid4().hex[:10]}",
            "TIMEOUT": 30.0,
            "PROFILE": "core",
            **options,
        },
    )
    backend._lexicon = lambda: LEXICON  # no database needed
    return backend


@pytest.fixture
def es():
    backend = backend_for(os.environ["ELASTICSEARCH_URL"])
    yield backend
    backend.drop()


def ids(backend, query_text="", **kwargs):
    return backend.search(SearchQuery(text=query_text, page_size=50, **kwargs)).ids


# Analysis profiles (no node)


def test_core_profile_uses_only_what_the_stripped_node_has():
    profile = es_analysis.profile("core")
    assert es_analysis.problems(profile) == []
    assert {f["type"] for f in profile.filters.values()} <= es_analysis.SERVER_FILTER_TYPES
    used = {name for a in profile.analyzers.values() for name in a["filter"]}
    assert used <= set(profile.filters) | es_analysis.SERVER_FILTERS
    assert "autocomplete" not in mapping(profile)["properties"]["title"]["fields"]


def test_production_profile_is_valid_structurally():
    """The test node cannot create it (no analysis-common): structure and JSON only."""
    profile = es_analysis.profile("production", ["schloss", "fahrrad", "helm"])
    assert es_analysis.problems(profile) == []
    settings = json.loads(json.dumps({"analysis": profile.analysis}))
    filters = settings["analysis"]["filter"]
    assert filters["forst_decompounder"]["word_list"] == ["fahrrad", "helm", "schloss"]
    assert filters["forst_german_stemmer"] == {"type": "stemmer", "language": "light_german"}
    assert filters["forst_edge_ngram"]["type"] == "edge_ngram"
    text_filters = settings["analysis"]["analyzer"][es_analysis.TEXT]["filter"]
    # Stop words before folding ("für"), folding before the decompounder (folded word list).
    assert text_filters.index("forst_german_stop") < text_filters.index("german_normalization")
    assert text_filters.index("asciifolding") < text_filters.index("forst_decompounder")
    assert text_filters[-1] == "forst_german_stemmer"
    title = mapping(profile)["properties"]["title"]
    assert title["fields"]["autocomplete"]["analyzer"] == es_analysis.AUTOCOMPLETE
    json.dumps(mapping(profile))


def _referenced(mapping_part, key):
    if isinstance(mapping_part, dict):
        for name, value in mapping_part.items():
            if name == key:
                yield value
            else:
                yield from _referenced(value, key)


@pytest.mark.parametrize("name", es_analysis.PROFILES)
def test_the_index_refers_only_to_what_the_profile_defines(name):
    backend = backend_for("http://127.0.0.1:1", PROFILE=name)
    profile = backend.analysis_profile(LEXICON)
    body = json.loads(
        json.dumps(
            {
                "settings": backend._index_settings(profile, loading=True),
                "mappings": mapping(profile),
            }
        )
    )
    analyzers = set(_referenced(body["mappings"], "analyzer"))
    analyzers |= set(_referenced(body["mappings"], "search_analyzer"))
    assert analyzers <= set(body["settings"]["analysis"]["analyzer"])
    similarities = set(_referenced(body["mappings"], "similarity"))
    assert similarities == set(body["settings"]["index"]["similarity"])
    assert body["settings"]["index"]["refresh_interval"] == "-1"
    assert body["mappings"]["dynamic"] == "strict"


def test_production_profile_can_read_its_word_list_from_a_file():
    profile = es_analysis.profile("production", decompound_words_path="analysis/de.txt")
    decompounder = profile.filters["forst_decompounder"]
    assert decompounder["word_list_path"] == "analysis/de.txt"
    assert "word_list" not in decompounder


def test_problems_finds_what_the_stripped_node_lacks():
    broken = es_analysis.core()
    broken.analyzers[es_analysis.TEXT] = {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["html_strip"],
        "filter": ["lowercase", "asciifolding", "undefined"],
    }
    broken.filters["ngrams"] = {"type": "edge_ngram"}
    found = es_analysis.problems(broken)
    assert "filter ngrams has type 'edge_ngram'" in found
    assert f"analyzer {es_analysis.TEXT} uses char filters" in found
    assert f"analyzer {es_analysis.TEXT} uses unknown filter asciifolding" in found
    assert f"analyzer {es_analysis.TEXT} uses unknown filter undefined" in found


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="PROFILE"):
        ElasticsearchBackend("elasticsearch", {"PROFILE": "fancy"})


# Document helpers (no node)


@pytest.mark.parametrize(
    "doc",
    [
        document(1, "Fahrradschloss Abus", description="Bügelschloss", brand="Abus"),
        document(
            2, "Rosenschere", price=None, categories=(), category_ids=(), stock="out_of_stock"
        ),
    ],
    ids=["full", "sparse"],
)
def test_the_plain_source_is_what_the_document_serializes_to(doc):
    source = ProductIndexDocument.source(doc, LEXICON)
    assert set(source) <= set(mapping(es_analysis.profile("core"))["properties"])
    serialized = ProductIndexDocument(**source).to_dict()
    # The DSL leaves out empty values; the node indexes a missing field as an empty one.
    assert serialized == {key: value for key, value in source.items() if value not in ([], None)}
    assert source["price_cents"] == (999 if doc.price else None)
    assert source["available"] is (doc.stock_state == "in_stock")


def test_completion_inputs_start_at_every_word_and_compound_head():
    inputs = completion_inputs("Fahrradschloss für Abus-Bügel", LEXICON)
    assert inputs[0] == "fahrradschloss abus bugel"
    assert "schloss abus bugel" in inputs
    assert "bugel" in inputs


def test_completion_prefix_keeps_a_stop_word_still_being_typed():
    assert completion_prefix("Leinö") == "leino"
    assert completion_prefix("die") == "die"  # "diesel"?
    assert completion_prefix("helm für ") == "helm"
    assert completion_prefix("   ") == ""


def test_readable_words_keep_umlauts():
    assert readable_words("Fahrradschlösser, 2 Stück") == ["fahrradschlösser", "stück"]


class _RecordingClient:
    """Stands in for the client: records search bodies, answers from a list."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.bodies = []

    def options(self, **kwargs):
        return self

    def search(self, *, index, body, **kwargs):
        self.bodies.append(body)
        return SimpleNamespace(body=self.answers.pop(0))


NO_COMPLETIONS = {"hits": {"hits": []}, "suggest": {"exact": [{"options": []}]}}


def test_production_autocomplete_fills_up_from_the_edge_ngrams():
    """The node cannot run the production profile: the request is checked instead."""
    backend = backend_for("http://127.0.0.1:1", PROFILE="production")
    hit = {"_id": "5", "_source": {"title": "Fahrradschloss Abus", "available": True}}
    backend.client = _RecordingClient(NO_COMPLETIONS, {"hits": {"hits": [hit]}})
    assert backend.suggest("abus fahrr", limit=3) == [Suggestion("Fahrradschloss Abus", 5)]
    completion, ngrams = backend.client.bodies
    assert completion["suggest"]["exact"]["prefix"] == "abus fahrr"
    assert ngrams["query"] == {
        "match": {"title.autocomplete": {"query": "abus fahrr", "operator": "and"}}
    }
    assert ngrams["size"] == 3


def test_core_autocomplete_uses_the_completion_field_only():
    backend = backend_for("http://127.0.0.1:1")
    backend.client = _RecordingClient(NO_COMPLETIONS)
    assert backend.suggest("abus fahrr") == []
    assert len(backend.client.bodies) == 1


# Errors and timeouts (no node)


def test_an_unreachable_node_is_a_backend_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = backend_for(f"http://127.0.0.1:{port}", TIMEOUT=1.0)
    with pytest.raises(SearchBackendError, match="cannot connect"):
        backend.search(SearchQuery(text="rose"))
    with pytest.raises(SearchBackendError):
        backend.suggest("ros")
    with pytest.raises(SearchBackendError):
        backend.index([document(1, "Rose")])
    with pytest.raises(SearchBackendError):
        backend.delete([1])


def test_a_dead_node_does_not_flood_the_log(caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = backend_for(f"http://127.0.0.1:{port}", TIMEOUT=1.0)
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            with pytest.raises(SearchBackendError):
                backend.search(SearchQuery(text="rose"))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_slow_node_times_out_within_the_timeout_without_retrying(silent_server):
    backend = backend_for(silent_server, TIMEOUT=0.3)
    started = time.monotonic()
    with pytest.raises(SearchBackendError, match="timed out"):
        backend.search(SearchQuery(text="rose"))
    assert time.monotonic() - started < 1.5  # one attempt of 0.3 s, not several


class _Answering(BaseSearchBackend):
    def search(self, query):
        return SearchResults(ids=[42], count=1, backend=self.name)

    def suggest(self, prefix, *, limit=8):
        return []


def test_the_registry_falls_back_when_the_node_is_slow(silent_server):
    primary = backend_for(silent_server, TIMEOUT=0.3, WARN_INTERVAL=60)
    results = FallbackSearch(primary, _Answering("database", {})).search(SearchQuery(text="x"))
    assert results.degraded
    assert results.ids == [42]
    assert FallbackSearch(primary, _Answering("database", {})).suggest("ros") == ([], True)


# The real node: core profile, alias, rebuild


def _concrete(backend) -> dict[str, set[str]]:
    return {alias: set(names) for alias, names in backend._aliases().items()}


@pytest.mark.elasticsearch
def test_the_core_profile_runs_on_the_node(es):
    es.index([document(1, "Helme für Kinder")])
    (name,) = es.concrete_indices()
    analysis = es.admin.indices.get_settings(index=name)[name]["settings"]["index"]["analysis"]
    assert analysis["filter"]["forst_hunspell"]["locale"] == "de_DE"

    def tokens(analyzer, value):
        answer = es.admin.indices.analyze(index=name, analyzer=analyzer, text=value)
        return [token["token"] for token in answer["tokens"]]

    assert tokens(es_analysis.TEXT, "Helme für Kindern") == ["helm", "kind"]  # stop, hunspell
    assert tokens(es_analysis.SHINGLE, "usb c kabel") == ["usb c", "c kabel"]
    assert tokens(es_analysis.TERMS, "usbc kabel") == ["usbc", "kabel"]


@pytest.mark.elasticsearch
def test_the_first_write_creates_an_index_behind_the_alias(es):
    assert es.count() == 0
    es.delete([1])  # nothing to delete, and nothing created
    assert es.concrete_indices() == []
    with pytest.raises(SearchBackendError, match="not found"):
        es.search(SearchQuery(text="rose"))
    es.index([document(1, "Rose rot")])
    es.refresh()
    (name,) = es.concrete_indices()
    assert _concrete(es) == {es.alias: {name}, es.next_alias: set()}
    assert ids(es, "rose") == [1]


@pytest.mark.elasticsearch
def test_a_rebuild_swaps_the_alias_and_drops_the_old_index(es):
    es.index([document(1, "Rose rot"), document(2, "Rosenschere")])
    es.refresh()
    (old,) = es.concrete_indices()
    seen_during = {}

    def batches():
        yield [document(3, "Kinderhelm Flitzer")]
        # Halfway: searches still answer from the old index; the new one is "next".
        seen_during["ids"] = sorted(ids(es))
        seen_during["aliases"] = _concrete(es)
        # The first batch in a segment of its own (the second gets another).
        for _attempt in range(100):
            es.admin.indices.refresh(index=es.next_alias)
            if es.admin.count(index=es.next_alias)["count"] == 1:
                break
            time.sleep(0.05)
        yield [document(4, "Fahrradschloss")]

    assert es.rebuild(batches()) == 2
    (new,) = es.concrete_indices()
    assert new != old
    assert seen_during["ids"] == [1, 2]
    assert seen_during["aliases"] == {es.alias: {old}, es.next_alias: {new}}
    assert _concrete(es) == {es.alias: {new}, es.next_alias: set()}
    assert sorted(ids(es)) == [3, 4]
    settings = es.admin.indices.get_settings(index=new)[new]["settings"]["index"]
    assert "refresh_interval" not in settings  # back to the default
    assert settings["number_of_replicas"] == "0"
    # Merged before it went live: one segment holding both batches.
    segments = es.admin.indices.segments(index=new)["indices"][new]["shards"]["0"][0]["segments"]
    assert [segment["num_docs"] for segment in segments.values()] == [2]


@pytest.mark.elasticsearch
def test_a_failed_rebuild_leaves_the_old_index_answering(es):
    es.index([document(1, "Rose rot")])
    es.refresh()
    (old,) = es.concrete_indices()

    def batches():
        yield [document(2, "Rosenschere")]
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        es.rebuild(batches())
    assert es.concrete_indices() == [old]
    assert ids(es) == [1]


@pytest.mark.elasticsearch
def test_a_rebuild_whose_bulk_fails_is_a_backend_error(es, monkeypatch):
    es.index([document(1, "Rose rot")])
    es.refresh()
    (old,) = es.concrete_indices()

    def failing_bulk(actions, **kwargs):
        raise BulkIndexError("1 document(s) failed to index.", [])

    monkeypatch.setattr(es, "_bulk", failing_bulk)
    with pytest.raises(SearchBackendError, match="failed to index"):
        es.rebuild([[document(2, "Rosenschere")], [document(3, "Tulpe")]])
    assert es.concrete_indices() == [old]
    assert ids(es) == [1]


@pytest.mark.elasticsearch
def test_writes_during_a_rebuild_survive_the_swap(es):
    es.index([document(1, "Rose rot"), document(2, "Rosenschere")])
    es.refresh()

    def batches():
        stale = [document(1, "Rose rot"), document(2, "Rosenschere")]  # read before the writes
        es.index([document(1, "Rose weiß")])
        es.delete([2])
        yield stale

    es.rebuild(batches())
    es.refresh()
    assert ids(es) == [1]
    assert ids(es, "weiß") == [1]
    assert ids(es, "rot") == []


@pytest.mark.elasticsearch
def test_a_write_racing_the_swap_creates_no_stray_index(es, monkeypatch):
    """index() saw a rebuild's "next" alias, which is gone when its bulk arrives."""
    es.index([document(1, "Rose rot")])
    (name,) = es.concrete_indices()
    monkeypatch.setattr(es, "_aliases", lambda: {es.alias: {name}, es.next_alias: {"gone"}})
    es.index([document(2, "Rosenschere")])
    es.refresh()
    assert not es.admin.indices.exists(index=es.next_alias)
    assert sorted(ids(es)) == [1, 2]


def test_credentials_stay_out_of_messages():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = backend_for(f"http://forst:secret@127.0.0.1:{port}", TIMEOUT=1.0)
    with pytest.raises(SearchBackendError) as raised:
        backend.search(SearchQuery(text="rose"))
    assert "secret" not in str(raised.value)
    assert f"127.0.0.1:{port}" in str(raised.value)


@pytest.mark.elasticsearch
def test_an_update_replaces_the_document(es):
    es.index([document(1, "Rose rot")])
    es.index([document(1, "Tulpe gelb")])
    es.refresh()
    assert es.count() == 1
    assert ids(es, "tulpe") == [1]
    assert ids(es, "rose") == []


# The real node: matching and ranking details


@pytest.mark.elasticsearch
def test_typo_tolerance_only_when_the_words_find_nothing(es):
    es.index([document(1, "Halm blau"), document(2, "Helm blau"), document(3, "Helmut blau")])
    es.refresh()
    assert ids(es, "helm") == [2]  # found as typed: no fuzzy matches
    # "blaau" finds nothing as typed: now "halm" (one edit) matches "helm" too, below the exact
    # match; "helmut" is two edits away.
    assert ids(es, "helm blaau") == [2, 1]
    # The words match, the filter excludes them: no typo tolerance, no suggestion.
    results = es.search(SearchQuery(text="helm", vendors=(99,)))
    assert (results.count, results.suggestion) == (0, "")


@pytest.mark.elasticsearch
def test_compound_parts_do_not_penalise_a_title(es):
    """The terms fields barely normalise by length: a compound's parts and joined spellings
    lengthen the field by the index's own doing."""
    es.index(
        [document(1, "Faltschloss für das Fahrrad"), document(2, "Fahrradschloss Bügel 13 mm")]
    )
    es.refresh()
    assert ids(es, "fahradschloss") == [2, 1]
    assert ids(es, "fahrradschloss") == [2, 1]


@pytest.mark.elasticsearch
def test_fuzziness_grows_with_the_word(es):
    es.index([document(1, "Kinderhelm"), document(2, "Rose")])
    es.refresh()
    assert ids(es, "kindrhlem") == [1]  # 10 letters: two edits
    assert ids(es, "roes") == [2]  # 4 letters: one edit (here a transposition) ...
    assert ids(es, "rodse") == [2]
    assert ids(es, "rdsoe") == []  # not two
    assert ids(es, "ose") == []  # under four letters: exact only
    # The fuzzy pass keeps the first letter; the correction step after it does not.
    results = es.search(SearchQuery(text="orse"))
    assert (results.ids, results.corrected, results.suggestion) == ([2], True, "rose")


@pytest.mark.elasticsearch
def test_did_you_mean_when_nothing_matches(es):
    es.index([document(1, "Fahrradschloss Bügel"), document(2, "Rose rot")])
    es.refresh()
    # One slip (the first letter, which the fuzzy pass keeps): corrected at once.
    results = es.search(SearchQuery(text="vahrradschloss"))
    assert (results.ids, results.corrected, results.suggestion) == ([1], True, "fahrradschloss")
    # More slips than a word of its length may have: only offered.
    results = es.search(SearchQuery(text="rdsoe"))  # two in five letters
    assert (results.count, results.corrected, results.suggestion) == (0, False, "rose")
    assert ids(es, results.suggestion) == [2]
    # A suggestion that would find nothing under the filters is not made.
    assert es.search(SearchQuery(text="rdsoe", vendors=(99,))).suggestion == ""


@pytest.mark.elasticsearch
def test_pages_beyond_the_result_window_are_empty_but_counted(es):
    es.index([document(1, "Rose")])
    es.refresh()
    results = es.search(SearchQuery(page=MAX_WINDOW // 10 + 1, page_size=10))
    assert results.ids == []
    assert results.count == 1


@pytest.mark.elasticsearch
def test_suggestions_put_available_products_first(es):
    es.index(
        [
            document(1, "Rosenstrauß", stock="out_of_stock"),
            document(2, "Rosenschere"),
            document(3, "Rose rot"),
        ]
    )
    es.refresh()
    suggestions = es.suggest("ros")
    assert [s.product_id for s in suggestions][-1] == 1
    assert {s.text for s in suggestions} == {"Rosenstrauß", "Rosenschere", "Rose rot"}
    assert [s.product_id for s in es.suggest("schere")] == [2]  # a compound's head


@pytest.mark.elasticsearch
def test_typed_suggestions_come_before_typo_guesses(es):
    es.index([document(1, "Rosenstrauß", stock="out_of_stock"), document(2, "Rostschutz")])
    es.refresh()
    assert [s.product_id for s in es.suggest("rose")] == [1, 2]  # "rost" is one edit away
    assert [s.product_id for s in es.suggest("rose", limit=1)] == [1]


@pytest.mark.elasticsearch
def test_a_missing_price_sorts_last(es):
    es.index([document(1, "A", price=None), document(2, "B"), document(3, "C", price=Decimal(1))])
    es.refresh()
    assert ids(es, sort="price-asc") == [3, 2, 1]
    assert ids(es, sort="price-desc") == [2, 3, 1]
