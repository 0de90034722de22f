"""Analysis profiles of the Elasticsearch product index: which analyzers the index defines.

The index (see ``search.backends.elasticsearch``) refers to its analyzers only by these names,
so every profile defines all of them and the mapping is the same for every profile:

``forst_terms``
    Standard tokenizer + lowercase. For the ``terms_*`` fields, which already hold the terms of
    ``search.text`` (folded, stop words dropped, compounds split, stemmed); also the completion
    field and the "Meinten Sie …" vocabulary. Nothing German happens here: that is done once,
    in Python, the same way for every backend.
``forst_text`` / ``forst_text_search``
    The German analyzer of the raw title (at index and at query time). Its matches only add
    score; what matches at all is decided by the ``terms_*`` fields.
``forst_shingle``
    Word pairs of the title, so that adjacent query words ("usb c kabel") score higher.
``forst_autocomplete`` / ``forst_autocomplete_search``
    Edge n-grams of the title's words (production only: the field ``title.autocomplete`` exists
    only when ``Profile.autocomplete`` is true).

Profiles:

``core``
    Runs on the stripped node of the test tooling (Maven Central's integ-test-zip), which has only
    the ``standard`` tokenizer and the ``lowercase``, ``stop``, ``shingle`` and ``hunspell``
    filters: German stop words and hunspell stemming with the de_DE dictionary (Debian's
    hunspell-de-de in ``config/hunspell/de_DE`` with ``ignore_case: true``). Tested for real.
``production``
    The full distribution's ``analysis-common``: the pieces of the ``german`` analyzer (stop
    words, ``german_normalization``, the ``light_german`` stemmer), ``asciifolding``, a
    ``dictionary_decompounder`` over the compound lexicon of ``search.text`` and an
    ``edge_ngram`` analyzer for autocomplete. **The test node cannot run it: it is validated only
    structurally here** (tests/search/test_es_backend.py checks the references between
    analyzers and filters, the filter types and that the settings serialise to JSON). Create an
    index with it on a full node once before relying on it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

CORE = "core"
PRODUCTION = "production"
PROFILES = (CORE, PRODUCTION)

# The analyzer names the mapping uses; every profile defines each of them.
TERMS = "forst_terms"
TEXT = "forst_text"
TEXT_SEARCH = "forst_text_search"
SHINGLE = "forst_shingle"
AUTOCOMPLETE = "forst_autocomplete"
AUTOCOMPLETE_SEARCH = "forst_autocomplete_search"
ANALYZERS = (TERMS, TEXT, TEXT_SEARCH, SHINGLE, AUTOCOMPLETE, AUTOCOMPLETE_SEARCH)

# Built-in token filters a profile may name without defining them, by the module that has them:
# "server" filters exist on every node, "common" ones only with the analysis-common module.
SERVER_FILTERS = frozenset({"lowercase"})
COMMON_FILTERS = frozenset({"asciifolding", "german_normalization", "uppercase", "trim"})
# Filter types a profile may define, likewise.
SERVER_FILTER_TYPES = frozenset({"stop", "shingle", "hunspell", "lowercase"})
COMMON_FILTER_TYPES = frozenset(
    {"stemmer", "dictionary_decompounder", "edge_ngram", "asciifolding", "german_normalization"}
)

_GERMAN_STOP = {"type": "stop", "stopwords": "_german_"}
_SHINGLE = {
    "type": "shingle",
    "min_shingle_size": 2,
    "max_shingle_size": 2,
    "output_unigrams": False,
}


def _custom(*filters: str) -> dict:
    return {"type": "custom", "tokenizer": "standard", "filter": list(filters)}


@dataclass(frozen=True)
class Profile:
    """One profile: the ``index.analysis`` settings and what the mapping may use of them."""

    name: str
    analysis: dict = field(repr=False)
    autocomplete: bool  # ``title.autocomplete`` (edge n-grams) is mapped and searched
    runs_on_core: bool  # needs nothing beyond the stripped test node

    @property
    def filters(self) -> dict:
        return self.analysis.get("filter", {})

    @property
    def analyzers(self) -> dict:
        return self.analysis.get("analyzer", {})


def core() -> Profile:
    """The profile for the stripped node: stop words, hunspell, shingles."""
    filters = {
        "forst_german_stop": _GERMAN_STOP,
        # dedup: hunspell may give one stem twice; longest_only: one stem per word, so that
        # frequent words do not weigh double.
        "forst_hunspell": {
            "type": "hunspell",
            "locale": "de_DE",
            "dedup": True,
            "longest_only": True,
        },
        "forst_shingle": _SHINGLE,
    }
    german = _custom("lowercase", "forst_german_stop", "forst_hunspell")
    plain = _custom("lowercase")
    analyzers = {
        TERMS: plain,
        TEXT: german,
        TEXT_SEARCH: german,
        SHINGLE: _custom("lowercase", "forst_shingle"),
        # No n-grams on core: the analyzers exist so that the names resolve; the profile does
        # not map ``title.autocomplete`` (autocomplete uses the completion field only).
        AUTOCOMPLETE: plain,
        AUTOCOMPLETE_SEARCH: plain,
    }
    return Profile(
        CORE,
        {"filter": filters, "analyzer": analyzers},
        autocomplete=False,
        runs_on_core=True,
    )


def production(
    decompound_words: Iterable[str] = (), *, decompound_words_path: str | None = None
) -> Profile:
    """The full distribution's German analysis.

    ``decompound_words`` (folded, as ``search.text.Lexicon.words``) are passed inline; with
    ``decompound_words_path`` (a file in the node's config directory, one word a line) the node
    reads them itself, which keeps a large list out of the cluster state.
    """
    decompounder: dict = {
        "type": "dictionary_decompounder",
        "min_word_size": 6,
        "min_subword_size": 3,
        "max_subword_size": 20,
        "only_longest_match": True,
    }
    if decompound_words_path:
        decompounder["word_list_path"] = decompound_words_path
    else:
        decompounder["word_list"] = sorted(set(decompound_words))
    filters = {
        "forst_german_stop": _GERMAN_STOP,
        "forst_german_stemmer": {"type": "stemmer", "language": "light_german"},
        "forst_decompounder": decompounder,
        "forst_shingle": _SHINGLE,
        "forst_edge_ngram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
    }
    # Stop words before normalisation (the list has "für", not "fur"); folding before the
    # decompounder (its word list is folded); the stemmer last, also on the compound parts.
    fold = ("german_normalization", "asciifolding")
    analyzers = {
        TERMS: _custom("lowercase"),
        TEXT: _custom(
            "lowercase", "forst_german_stop", *fold, "forst_decompounder", "forst_german_stemmer"
        ),
        # Queries are not decompounded: the parts would match far too much; compounds typed
        # by a resident are split by search.text into the terms query already.
        TEXT_SEARCH: _custom("lowercase", "forst_german_stop", *fold, "forst_german_stemmer"),
        SHINGLE: _custom("lowercase", *fold, "forst_shingle"),
        AUTOCOMPLETE: _custom("lowercase", *fold, "forst_edge_ngram"),
        AUTOCOMPLETE_SEARCH: _custom("lowercase", *fold),
    }
    return Profile(
        PRODUCTION,
        {"filter": filters, "analyzer": analyzers},
        autocomplete=True,
        runs_on_core=False,
    )


def profile(
    name: str, decompound_words: Iterable[str] = (), *, decompound_words_path: str | None = None
) -> Profile:
    """The profile ``name`` ("core" or "production")."""
    if name == CORE:
        return core()
    if name == PRODUCTION:
        return production(decompound_words, decompound_words_path=decompound_words_path)
    raise ValueError(f"Unknown Elasticsearch analysis profile {name!r}; use one of {PROFILES}")


def problems(profile: Profile) -> list[str]:
    """What is structurally wrong with ``profile`` (an empty list when nothing is): undefined
    analyzers or filters, filter types the profile's target node does not have."""
    found = []
    allowed_types = SERVER_FILTER_TYPES | (set() if profile.runs_on_core else COMMON_FILTER_TYPES)
    builtin = SERVER_FILTERS | (set() if profile.runs_on_core else COMMON_FILTERS)
    for name in ANALYZERS:
        if name not in profile.analyzers:
            found.append(f"analyzer {name} is not defined")
    for name, definition in profile.filters.items():
        if definition.get("type") not in allowed_types:
            found.append(f"filter {name} has type {definition.get('type')!r}")
    for name, definition in profile.analyzers.items():
        if definition.get("tokenizer") != "standard":
            found.append(f"analyzer {name} does not use the standard tokenizer")
        if definition.get("char_filter"):
            found.append(f"analyzer {name} uses char filters")
        for used in definition.get("filter", []):
            if used not in profile.filters and used not in builtin:
                found.append(f"analyzer {name} uses unknown filter {used}")
    return found
