"""German text analysis shared by every search backend: what a product's text and a resident's
query become before they are matched.

Both sides go through the same steps, so that "Fahrradschlösser", "fahrradschloss" and "Schloss
für das Fahrrad" meet:

1. **Words**: runs of letters and digits. Hyphenated chunks and a short word next to another
   ("USB-C", "usb c", "E-Bike", "e bike") are also joined ("usbc", "ebike").
2. **Folding**: lower case, ß → ss, accents dropped, and the umlaut spellings ae/oe/ue read as the
   umlaut, so "Leinöl", "Leinoel" and "leinol" are one word ("ue" after q or a vowel stays:
   "Queue", "Feuer", "Bauer").
3. **Stop words** ("für", "mit", "der" …) are dropped.
4. **Compounds** are split against a lexicon (``search/lexicon/de.txt`` plus words the caller
   adds, e.g. the category names): "kinderhelm" → "kinder" + "helm". The whole word is kept too,
   and so are the parts of parts ("kinderfahrradhelm" → "kinder", "fahrradhelm", "fahrrad",
   "helm"). Words whose parts would mislead are listed to stay whole ("rosenkohl", "teelicht").
5. **Stemming** with the Snowball German stemmer (the algorithm of PostgreSQL's ``german``
   configuration): "Kinder" → "kind", "Rosen" → "ros"; a few shop words it gets wrong are fixed
   ("Öle" → "ol" like "Öl", "Akkus" → "akku", "Eisen" stays apart from "Eis").

The index stores the resulting terms of each field; a query becomes ``QueryGroup`` objects: every
group must match, through any one of its alternatives (the word, its compound parts together, or
the join of a short word with its neighbour). Typo corrections are added by the backends, which
know their vocabulary.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

LEXICON_PATH = Path(__file__).with_name("lexicon") / "de.txt"
SYNONYMS_PATH = Path(__file__).with_name("lexicon") / "synonyms-de.txt"

# Letters and digits; anything else separates words.
_WORD = re.compile(r"[^\W_]+")
# "ue" after q ("Queue") or a vowel ("Feuer", "Bauer", "neue") is no ü.
_UMLAUT_SPELLING = re.compile(r"(?<![aeiouyq])ue|ae|oe")
_UMLAUT_PLAIN = {"ae": "a", "oe": "o", "ue": "u"}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word this short joins its neighbour ("usb c" → "usbc", "e bike" → "ebike").
SHORT_WORD = 2
# Compound parts are at least this long (except the short parts below).
MIN_PART = 3
# A modifier that is not in the lexicon ("spreewald|gurken") needs this many letters and a vowel;
# what follows it must be a known word of four letters or more that begins with a consonant
# ("medikam|ente" is no duck).
MIN_UNKNOWN_MODIFIER = 5
# An inflected word may drop its final e inside a compound if this much is left ("Schul|tüte").
_MIN_ELIDED = 4
MIN_COMPOUND = 6
# Longer "words" are not split (they are no German compounds, and splitting is quadratic).
MAX_COMPOUND = 40
MAX_QUERY_WORDS = 8
# Inflection endings and linking elements (Fugenelemente) a lexicon word may carry inside or at the
# end of a compound: "kind|er|garten", "geburtstag|s|karte", "rose|n|schere", "schlöss|er".
_LINKS = ("es", "en", "em", "er", "ern", "s", "n", "e")
# Parts shorter than MIN_PART that German shop words are made of: "Leinöl", "Ölfarbe", "Öle".
# "ei" only after these modifiers: "-ei" is mostly a suffix ("Bäckerei", "Bastelei", "Salbei").
_SHORT_PARTS = {"ol": "ol", "ole": "ol", "olen": "ol", "ei": "ei"}
_EI_MODIFIERS = _word_set(
    """
    huhner wachtel enten ganse strauss bio freiland oster spiegel ruhr schoko schokolade
    fruhstuck uberraschung
    """
)
_VOWELS = frozenset("aeiouy")

STOP_WORDS = _word_set(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    ans auch auf aufs aus bei beim bin bis bist bzw da damit dann das dass dem den der des dich
    die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
    eines er es etc euch euer eure fur furs gegen hab habe haben hat hatte ich ihm ihn ihnen ihr
    ihre im in ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine man mein meine mich
    mir mit nach nicht noch nur ob oder ohne sehr sei sein seine sich sie sind so solche sondern
    sowie uber ubers um ums und uns unser unter usw vom von vor vors war waren was weil wenn wer
    werden wie wir wird wo wurde wurden zu zum zur
    """
)
# Unknown modifiers that are prefixes rather than words: "Durch|messer" is no knife.
_NOT_MODIFIERS = STOP_WORDS | {"hinter", "wieder", "zusammen", "heraus", "herum", "hinein"}


def _plain(match: re.Match) -> str:
    return _UMLAUT_PLAIN[match.group()]


@functools.lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case without accents; ß → ss; ae/oe/ue → a/o/u (except "ue" after q or a vowel).

    Idempotent: ``fold(fold(word)) == fold(word)``.
    """
    for _ in range(8):  # until nothing changes (two rounds at most for real words)
        if word.isascii():
            word, count = _UMLAUT_SPELLING.subn(_plain, word.lower())
            if not count:
                break
            continue  # "aaee" → "aae" → "aa"
        folded = unicodedata.normalize("NFKD", word.casefold())  # ß → ss as well
        folded = "".join(char for char in folded if not unicodedata.combining(char)).casefold()
        folded = _UMLAUT_SPELLING.sub(_plain, folded)
        if folded == word:
            break
        word = folded
    return word


_stemmer = snowballstemmer.stemmer("german")

# Folded words whose Snowball stem would miss their other forms or meet another word's.
_STEM_EXCEPTIONS = {
    "ole": "ol",  # Öle: like Öl
    "tees": "tee",
    "eier": "ei",
    "eiern": "ei",
    "eisen": "eisen",  # iron is no ice cream (Snowball: "eis")
    "eisens": "eisen",
    "rinde": "rinde",  # bark is no beef (Snowball: "rind")
    "rinden": "rinde",
    "schale": "schale",  # a bowl is no scarf (Snowball: "schal")
    "schalen": "schale",
    "leine": "leine",  # a leash is no flax (Snowball: "lein", as in "Leinöl")
    "leinen": "leine",
    "reifen": "reifen",  # tyres are not ripe (Snowball: "reif")
}
# Tools named "-er" after a verb whose stem begins other compounds: a knife is no "Mess|gerät",
# a plug no "Steck|dose", a scooter no "Roll|kragen", an alarm clock no "Wecken" (bread rolls).
_STEM_EXCEPTIONS.update(
    (word + ending, word)
    for word in ("messer", "stecker", "roller", "wecker", "schrauber", "lenker", "spitzer")
    for ending in ("", "n", "s")
)
# Loan words with a plural "-s" after a vowel, which Snowball keeps ("Akkus", "Kiwis").
_S_PLURALS = _word_set(
    """
    akku auto avocado baby brownie cookie espresso foto handy hobby kamera kiwi lolli mango menu
    musli pizza pulli radio schoko smoothie sofa taxi teddy tipi trikot tuba video yoga zucchini
    """
)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball German stem of a folded word (digits and short words stay as they are)."""
    exception = _STEM_EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    if len(word) <= 3 or not word.isalpha():
        return word
    if word[-1] == "s" and word[:-1] in _S_PLURALS:
        return stem(word[:-1])
    return _stemmer.stemWord(word)


class Lexicon:
    """Known German words (folded) for splitting compounds.

    Besides plain words, ``Lexicon(words)`` and the word list take three markers:
    "voll-" is a modifier only: it begins compounds ("Vollkorn") but is never their head, so
    "wertvoll" stays whole; "+tisch" is a head only after a known modifier ("Schreib|tisch", but
    not "prak|tisch"); "=rosenkohl" is kept whole although its parts are known words.
    """

    _SPLIT_CACHE_SIZE = 100_000

    def __init__(self, words: Iterable[str] = ()):
        self.words: set[str] = set()
        self._modifier_only: set[str] = set()
        self._guarded: set[str] = set()
        self._whole: set[str] = set()
        full = set()
        for word in words:
            word = word.strip()
            folded = fold(word.strip("+-="))
            if len(folded) < MIN_PART or not folded.isalpha():
                continue
            self.words.add(folded)
            if word.endswith("-"):
                self._modifier_only.add(folded)
            else:
                full.add(folded)
            if word.startswith("+"):
                self._guarded.add(folded)
            elif word.startswith("="):
                self._whole.add(folded)
        self._modifier_only -= full
        self._index()

    def _index(self) -> None:
        """The forms a word takes inside a compound, each mapped to its lexicon word."""
        heads: dict[str, str] = {}
        modifiers: dict[str, str] = {}
        # Longest words first, so that a form belongs to the nearest word ("rinden" → "rinde").
        elided: set[str] = set()
        for word in sorted(self.words, key=len, reverse=True):
            forms = [word + link for link in _LINKS]
            for form in forms:
                modifiers.setdefault(form, word)
            if word.endswith("e") and len(word) > _MIN_ELIDED and word[:-1] not in modifiers:
                modifiers[word[:-1]] = word
                elided.add(word[:-1])
            if word not in self._modifier_only:
                for form in forms:
                    heads.setdefault(form, word)
        for word in self.words:  # a word is always its own form
            modifiers[word] = word
            if word not in self._modifier_only:
                heads[word] = word
        self._heads = heads
        self._modifiers = modifiers
        self._elided = frozenset(elided - self.words)
        self._guarded_forms = _forms(self._guarded)
        self._short_forms = _forms(word for word in self.words if len(word) <= MIN_PART)
        self._whole_forms = _forms(self._whole)
        self._stems: set[str] | None = None  # for ``in``; computed when first needed
        self._splits: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self._extensions: dict[frozenset[str], Lexicon] = {}

    @classmethod
    @functools.cache
    def default(cls) -> "Lexicon":
        return cls(_read_lexicon(LEXICON_PATH))

    def extended(self, words: Iterable[str]) -> "Lexicon":
        """This lexicon with the words of ``words`` (texts such as category names) added, unless
        it knows or splits them already. Extensions are cached: the same words give the same
        lexicon (and its cache of splits)."""
        extra = frozenset(
            folded
            for text in words
            for word in _WORD.findall(text or "")
            if len(folded := fold(word)) >= MIN_PART and folded.isalpha()
        )
        cached = self._extensions.get(extra)
        if cached is not None:
            return cached
        lexicon = Lexicon()
        lexicon.words = self.words | {
            word
            for word in extra
            if word not in self._modifiers
            and word not in _SHORT_PARTS
            and word not in STOP_WORDS
            and not self.split(word)
        }
        lexicon._modifier_only = set(self._modifier_only)
        lexicon._guarded = set(self._guarded)
        lexicon._whole = set(self._whole)
        lexicon._index()
        if len(self._extensions) >= 16:
            self._extensions.clear()
        self._extensions[extra] = lexicon
        return lexicon

    def __contains__(self, word: str) -> bool:
        if word in self._modifiers:
            return True
        if self._stems is None:
            self._stems = {stem(known) for known in self.words}
        return stem(word) in self._stems

    def split(self, word: str) -> list[str]:
        """The parts of a folded compound ("kinderhelm" → ["kinder", "helm"]), or [] if none.

        Each part is given as the lexicon word it was found as, without its inflection or
        linking element ("geburtstagskarte" → ["geburtstag", "karte"]).
        Only the first part may be unknown, if it is long enough ("spreewald|gurken"). The split
        with the fewest unknown parts, then the fewest parts, then the longest head wins; a part
        may be a compound itself ("kinderfahrrad|helm": see ``_decompose``).
        """
        return list(self._decompose(word)[0])

    def _decompose(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(the split, the parts of every level, the finest parts) of ``word``; cached.

        "kinderfahrradhelm" → (kinder, fahrradhelm), (kinder, fahrradhelm, fahrrad, helm),
        (kinder, fahrrad, helm).
        """
        cached = self._splits.get(word)
        if cached is not None:
            return cached
        top: tuple[str, ...] = ()
        if MIN_COMPOUND <= len(word) <= MAX_COMPOUND and word.isalpha():
            top = self._split(word)
        every, finest = list(top), []
        for part in top:
            _, below, leaves = self._decompose(part)
            every.extend(below)
            finest.extend(leaves or (part,))
        result = (top, tuple(every), tuple(finest))
        if len(self._splits) >= self._SPLIT_CACHE_SIZE:
            self._splits.clear()
        self._splits[word] = result
        return result

    def _split(self, word: str) -> tuple[str, ...]:
        heads, modifiers = self._heads, self._modifiers
        if word in self._whole_forms:
            return ()
        size = len(word)
        # best[i]: the best split of word[i:] into known modifiers and a known head (as the
        # surfaces of its parts); ends: the positions that have one, nearest the end first.
        best: dict[int, tuple[str, ...]] = {}
        ends: list[int] = []
        for start in range(size - 2, 0, -1):
            tail = word[start:]
            candidates = [(tail,)] if tail in heads or tail in _SHORT_PARTS else []
            for end in ends:
                if end - start < MIN_PART:
                    continue
                piece = word[start:end]
                base = modifiers.get(piece)
                if base is not None and _may_precede(best[end], base):
                    candidates.append((piece, *best[end]))
            if candidates:
                best[start] = (
                    min(candidates, key=self._rank) if len(candidates) > 1 else candidates[0]
                )
                ends.append(start)
        candidates = []
        for end in ends:
            rest = best[end]
            piece = word[:end]
            base = modifiers.get(piece) if end >= MIN_PART else None
            if base is not None:
                if _may_precede(rest, base):
                    candidates.append((0, (piece, *rest)))
            elif piece == "ol":
                if len(rest[0]) > MIN_PART:
                    candidates.append((0, (piece, *rest)))
            elif self._may_be_unknown_modifier(piece, rest, word):
                candidates.append((1, (piece, *rest)))
        if not candidates:
            return ()
        _, surfaces = min(
            candidates, key=lambda candidate: (candidate[0], *self._rank(candidate[1]))
        )
        last = len(surfaces) - 1
        return tuple(
            self._base(surface, last=index == last) for index, surface in enumerate(surfaces)
        )

    def _rank(self, surfaces: tuple[str, ...]) -> tuple[int, ...]:
        """Fewer parts, then fewer parts that dropped their final e ("kamillen|tee", not
        "kamill|ente"), then the longer head (and the longer parts before it)."""
        elided = sum(surface in self._elided for surface in surfaces[:-1])
        return (len(surfaces), elided, *(-len(surface) for surface in reversed(surfaces)))

    def _may_be_unknown_modifier(self, piece: str, rest: tuple[str, ...], word: str) -> bool:
        """Whether an unknown ``piece`` may begin ``word`` before the known parts ``rest``."""
        following = rest[0]
        return (
            len(piece) >= MIN_UNKNOWN_MODIFIER
            and len(following) > MIN_PART
            and following not in self._short_forms  # "konfi|türen", "akkor|deon"
            and following[0] not in _VOWELS  # "medikam|ente", "vergl|eiche"
            and following not in self._guarded_forms
            and not _VOWELS.isdisjoint(piece)
            and piece not in _NOT_MODIFIERS
            and not piece.startswith("ge")  # participles: "getroc|knete", "ausge|backen"
            and not piece.endswith("ge")
            and not _VERB_ENDING.search(word)  # "telefo|nieren", "schat|tieren"
            and not any(part in _SHORT_PARTS for part in rest)
        )

    def _base(self, surface: str, *, last: bool) -> str:
        """The lexicon word a part stands for ("geburtstags" → "geburtstag")."""
        if surface in _SHORT_PARTS:
            return _SHORT_PARTS[surface]
        forms = self._heads if last else self._modifiers
        return forms.get(surface, surface)


_VERB_ENDING = re.compile(r"ier(?:en?|s?t|te[nmrs]?|ung|ungen)$")


def _forms(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word + link for word in words for link in ("", *_LINKS))


def _may_precede(rest: tuple[str, ...], modifier: str) -> bool:
    """ "-ei" follows only some modifiers: it is mostly a suffix ("Bäckerei", "Bastelei")."""
    return rest != ("ei",) or modifier in _EI_MODIFIERS


def _read_lexicon(path: Path) -> list[str]:
    if not path.exists():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.extend(line.split())
    return words


def max_typos(word: str) -> int:
    """Edits a word of this length may contain and still be corrected without asking."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


Synonyms = dict[str, tuple[tuple[str, ...], ...]]


def read_synonyms(source: str) -> Synonyms:
    """The synonym table of ``source`` (the format of ``search/lexicon/synonyms-de.txt``): the
    stem of a folded word → the folded word lists it also finds. Raises ``ValueError`` with the
    line number for a malformed line."""
    table: dict[str, dict[tuple[str, ...], None]] = {}

    def entry(raw: str, number: int, *, phrase: bool) -> tuple[str, ...]:
        folded = tuple(word for part in words(raw) for word in part if word not in STOP_WORDS)
        if not folded or (len(folded) > 1 and not phrase):
            raise ValueError(f"line {number}: {raw.strip()!r} must be one word")
        return folded

    for number, line in enumerate(source.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            left, _, right = line.partition("=>")
            sources = [entry(left, number, phrase=False)]
            targets = [entry(item, number, phrase=True) for item in right.split(",")]
        else:
            sources = targets = [entry(item, number, phrase=False) for item in line.split(",")]
            if len(sources) < 2:
                raise ValueError(f"line {number}: a list needs two words or more")
        for (word,) in sources:
            found = table.setdefault(stem(word), {})
            for target in targets:
                if target != (word,):
                    found[target] = None
    return {key: tuple(found) for key, found in table.items() if found}


@functools.cache
def synonyms() -> Synonyms:
    """The shipped synonym table (``SYNONYMS_PATH``)."""
    if not SYNONYMS_PATH.exists():
        return {}
    return read_synonyms(SYNONYMS_PATH.read_text(encoding="utf-8"))


def words(text: str) -> list[list[str]]:
    """The folded words of ``text``, grouped by chunk (a chunk is what spaces separate)."""
    chunks = []
    for chunk in (text or "").split():
        parts = _WORD.findall(fold(chunk))
        if parts:
            chunks.append(parts)
    return chunks


def _joins(chunks: list[list[str]]) -> list[str]:
    """Joined spellings: a hyphenated chunk as one word, a short word with its neighbour."""
    joined = []
    flat = []
    for parts in chunks:
        if len(parts) > 1:
            joined.append("".join(parts))
        flat.extend(parts)
    for left, right in zip(flat, flat[1:], strict=False):
        if _joinable(left, right):
            joined.append(left + right)
    return joined


def _joinable(left: str, right: str) -> bool:
    """A short word joins its neighbour ("usb c", "e bike"), a stop word never ("brille im")."""
    if left in STOP_WORDS or right in STOP_WORDS:
        return False
    return len(left) <= SHORT_WORD or len(right) <= SHORT_WORD


def index_terms(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The terms one field of a product is indexed with (duplicates kept: they weigh)."""
    lexicon = lexicon or Lexicon.default()
    chunks = words(text)
    terms = []
    for word in [part for parts in chunks for part in parts]:
        if word in STOP_WORDS:
            continue
        terms.append(stem(word))
        for part in lexicon._decompose(word)[1]:
            terms.append(stem(part))
    # Joined spellings are matched whole; splitting them would invent words ("usbckabel").
    terms.extend(stem(word) for word in _joins(chunks))
    return terms


def index_text(text: str, lexicon: Lexicon | None = None) -> str:
    """``index_terms`` as one space-separated string (what the database indexes store)."""
    return " ".join(index_terms(text, lexicon))


def surface_words(text: str) -> list[str]:
    """Folded words without stemming, for autocomplete (prefix matching)."""
    return [word for parts in words(text) for word in parts if word not in STOP_WORDS]


@dataclass(frozen=True)
class Alternative:
    """Terms that must all occur (one term, or the parts of a compound)."""

    terms: tuple[str, ...]

    def __str__(self) -> str:
        return " ".join(self.terms)


@dataclass
class QueryGroup:
    """One word of the query: it matches if any alternative matches."""

    word: str  # folded, as typed
    alternatives: list[Alternative] = field(default_factory=list)
    corrected: str = ""  # the vocabulary word a typo was corrected to, if any

    @property
    def stem(self) -> str:
        return stem(self.word)

    def add(self, *terms: str) -> None:
        alternative = Alternative(tuple(terms))
        if terms and alternative not in self.alternatives:
            self.alternatives.append(alternative)

    @property
    def all_terms(self) -> set[str]:
        return {term for alternative in self.alternatives for term in alternative.terms}


def query_groups(query: str, lexicon: Lexicon | None = None) -> list[QueryGroup]:
    """The groups a query must match (at most ``MAX_QUERY_WORDS``); [] for an empty query.

    A short word and its neighbour become one group that matches the joined word or both
    ("usb c" → "usbc" | usb + c); a hyphenated chunk likewise ("e-bike" → "ebike" | e + bike).
    """
    lexicon = lexicon or Lexicon.default()
    chunks = words(query)
    flat = [part for parts in chunks for part in parts]
    groups: list[QueryGroup] = []
    index = 0
    while index < len(flat) and len(groups) < MAX_QUERY_WORDS:
        word = flat[index]
        following = flat[index + 1] if index + 1 < len(flat) else None
        if following is not None and _joinable(word, following):
            joined = word + following
            group = QueryGroup(joined)
            group.add(stem(joined))
            group.add(*(stem(part) for part in (word, following) if part not in STOP_WORDS))
            _add_parts(group, joined, lexicon)
            _add_synonyms(group, joined, lexicon)
            groups.append(group)
            index += 2
            continue
        index += 1
        if word in STOP_WORDS:
            continue
        group = QueryGroup(word)
        group.add(stem(word))
        _add_parts(group, word, lexicon)
        _add_synonyms(group, word, lexicon)
        groups.append(group)
    return groups


def _add_synonyms(group: QueryGroup, word: str, lexicon: Lexicon) -> None:
    """What the word's synonyms match, as further alternatives ("schrippe" → "brötchen",
    "fahrradlampe" → "fahrradlicht" or "fahrrad" + "licht")."""
    for synonym in synonyms().get(stem(word), ()):
        if len(synonym) > 1:
            group.add(*(stem(part) for part in synonym))
            continue
        group.add(stem(synonym[0]))
        _add_parts(group, synonym[0], lexicon)


def _add_parts(group: QueryGroup, word: str, lexicon: Lexicon) -> None:
    """The compound's parts as alternatives: its split, and its finest parts (which match a text
    that has them in other compounds: "kinderfahrradhelm" finds "Kinderhelm fürs Fahrrad")."""
    top, _, finest = lexicon._decompose(word)
    if top:
        group.add(*(stem(part) for part in top))
        group.add(*(stem(part) for part in finest))
