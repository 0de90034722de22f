"""The German normaliser every search backend shares (search/text.py): folding, stop words,
joins, compounds, stemming, and end to end: which resident queries find which product texts.

No database: search/text.py is pure Python.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.text import (
    MAX_QUERY_WORDS,
    STOP_WORDS,
    Lexicon,
    QueryGroup,
    fold,
    index_terms,
    index_text,
    query_groups,
    read_synonyms,
    stem,
    surface_words,
    synonyms,
    words,
)


def matches(query: str, text: str, lexicon: Lexicon | None = None) -> bool:
    """What every backend implements: each query group matches through one of its alternatives,
    an alternative when all its terms are among the text's index terms. An empty query (no
    groups) matches nothing here."""
    terms = set(index_terms(text, lexicon))
    groups = query_groups(query, lexicon)
    return bool(groups) and all(
        any(set(alternative.terms) <= terms for alternative in group.alternatives)
        for group in groups
    )


def split(word: str) -> list[str]:
    return Lexicon.default().split(fold(word))


# Folding


@pytest.mark.parametrize("spelling", ["Leinöl", "Leinoel", "leinol", "LEINÖL", "LEINOEL"])
def test_umlaut_spellings_fold_alike(spelling):
    assert fold(spelling) == "leinol"


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Café", "cafe"),
        ("Crème brûlée", "creme brulee"),
        ("Gemüse", "gemuse"),
        ("Gemuese", "gemuse"),
        ("Süßwaren", "susswaren"),
        ("Äpfel", "apfel"),
        ("Aepfel", "apfel"),
        ("ﬁlter", "filter"),  # the ligature
    ],
)
def test_fold(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Queue", "queue"),  # "ue" after q is no ü
        ("Quelle", "quelle"),
        ("Feuer", "feuer"),  # nor after a vowel
        ("Bauernbrot", "bauernbrot"),
        ("Sauerteig", "sauerteig"),
        ("neue", "neue"),
    ],
)
def test_ue_after_q_or_a_vowel_stays(word, folded):
    assert fold(word) == folded


def test_fold_is_idempotent_on_tricky_input():
    for word in ["aaee", "ooee", "Queue", "ℌ", "İstanbul", "ǅ", "ß", "ẞ", "\u0308"]:
        assert fold(fold(word)) == fold(word)


# Words, stop words and joins


def test_words_are_grouped_by_chunk():
    assert words("USB-C Kabel, 2 m") == [["usb", "c"], ["kabel"], ["2"], ["m"]]
    assert words("") == []
    assert words("!!! ---") == []


def test_stop_words_are_dropped_on_both_sides():
    assert index_terms("für die Kinder") == ["kind"]
    assert query_groups("der die das") == []
    assert {"fur", "mit", "und", "der", "die", "das"} <= STOP_WORDS
    assert [group.word for group in query_groups("Helm für Kinder")] == ["helm", "kinder"]


def test_surface_words_are_folded_but_not_stemmed():
    assert surface_words("Rosen für Oma") == ["rosen", "oma"]


@pytest.mark.parametrize("spelling", ["USB-C", "usb c", "USBC", "Usb-c"])
def test_usb_c_spellings_share_a_term(spelling):
    assert "usbc" in index_terms(spelling)
    assert matches(spelling, "USB-C-Ladekabel, 1 m")
    assert matches("usbc", f"Adapter {spelling}")
    assert matches("usb c", f"Adapter {spelling}")


@pytest.mark.parametrize("spelling", ["E-Bike", "e bike", "ebike", "E-BIKE"])
def test_e_bike_spellings_share_a_term(spelling):
    assert stem("ebike") in index_terms(spelling)
    for other in ["E-Bike", "e bike", "ebike"]:
        assert matches(other, f"Akku für {spelling}")


def test_a_joined_query_word_also_matches_its_parts():
    (group,) = query_groups("usb c")
    assert group.word == "usbc"
    assert {alternative.terms for alternative in group.alternatives} == {("usbc",), ("usb", "c")}


# Compounds


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("Fahrradschloss", ["fahrrad", "schloss"]),
        ("Kinderhelm", ["kinder", "helm"]),
        ("Rosenschere", ["rosen", "schere"]),
        ("Gartenschlauch", ["garten", "schlauch"]),
        ("Leinöl", ["lein", "ol"]),
        ("Rapsöl", ["raps", "ol"]),
        ("Bleistift", ["blei", "stift"]),
        ("Holzspielzeug", ["holz", "spielzeug"]),
        ("Kerzenständer", ["kerzen", "stander"]),
        ("Taschenlampe", ["taschen", "lampe"]),
        ("Glühbirne", ["gluh", "birne"]),
        ("Apfelsaft", ["apfel", "saft"]),
        ("Schokoladenkuchen", ["schokoladen", "kuchen"]),  # linking n (the lexicon lists both)
        ("Geburtstagskarte", ["geburtstag", "karte"]),  # linking s
        ("Hundefutter", ["hunde", "futter"]),  # linking e
        ("Kamillentee", ["kamille", "tee"]),  # not "kamill|ente"
        ("Gusseisenpfanne", ["guss", "eisen", "pfanne"]),
        ("Spreewaldgurken", ["spreewald", "gurken"]),  # and "spreewald" is "spree" + "wald"
        ("Mountainbike", ["mountain", "bike"]),  # an unknown modifier
        ("Reißverschluss", ["reiss", "verschluss"]),
        ("Ostereier", ["oster", "eier"]),
        ("Spiegelei", ["spiegel", "ei"]),
    ],
)
def test_compounds_split(compound, parts):
    assert split(compound) == parts
    assert {stem(fold(compound)), *map(stem, parts)} <= set(index_terms(compound))


def _words(text: str) -> list[str]:
    return text.split()


# Simple words, some ending like a compound head
SIMPLE = _words(
    """
    Schokolade Tomate Kartoffel Zwiebel Lausitz Forst Forster Rosen Kinder Bücher Helmut Hosen
    Marmelade Limonade Kontrolle Spargel Spiegel Schleier Nikolaus Medikamente Präsente Sukkulenten
    Alkohol Salbei Bäckerei Metzgerei Bastelei Konditorei telefonieren getrocknete ausgebacken
    praktisch praktische romantischen insgesamt
    """
)
# Adjectives made with a word ("-bar", "-los", "-frei", "-fest" …)
ADJECTIVES = _words(
    """
    waschbar kabellos glutenfrei zuckerfrei wetterfest wasserdicht pflegeleicht geruchsarm
    kindersicher dreifache langsamen
    """
)
# Listed to stay whole: their parts would mislead a search
WHOLE = _words(
    """
    Fahrrad Rosenkohl Blumenkohl Knoblauch Teelicht Teewurst Frottee Erdbeere Erdnuss Pfannkuchen
    Durchmesser Weihnachten Eisbein Baumwolle Rucksack Handschuh Dextrose Löwenzahn
    """
)


@pytest.mark.parametrize("word", SIMPLE + ADJECTIVES + WHOLE)
def test_no_false_split(word):
    assert split(word) == []


def test_fahrrad_stays_whole_and_is_a_part():
    """ "Fahr" is no word: "Fahrrad" is one, and the modifier of its compounds."""
    assert split("Fahrrad") == []
    assert split("Kinderfahrrad") == ["kinder", "fahrrad"]
    assert not matches("rad", "Fahrrad 28 Zoll")
    assert matches("rad", "Kinderrad 16 Zoll")


def test_parts_of_parts_are_indexed():
    terms = index_terms("Kinderfahrradhelm")
    assert {stem(word) for word in ["kinderfahrradhelm", "kinder", "fahrrad", "helm"]} <= set(terms)


def test_index_terms_of_a_compound_contain_its_parts_and_itself():
    terms = index_terms("Fahrradschloss")
    assert terms[0] == stem("fahrradschloss")
    assert stem("fahrrad") in terms and stem("schloss") in terms


def test_query_groups_of_a_compound_offer_its_parts():
    (group,) = query_groups("fahrradschloss")
    assert isinstance(group, QueryGroup)
    assert group.word == "fahrradschloss"
    alternatives = [alternative.terms for alternative in group.alternatives]
    assert alternatives[0] == (stem("fahrradschloss"),)
    assert (stem("fahrrad"), stem("schloss")) in alternatives
    assert group.all_terms == {stem("fahrradschloss"), stem("fahrrad"), stem("schloss")}


def test_query_groups_offer_the_finest_parts_too():
    (group,) = query_groups("kinderfahrradhelm")
    alternatives = [alternative.terms for alternative in group.alternatives]
    assert (stem("kinder"), stem("fahrradhelm")) in alternatives
    assert (stem("kinder"), stem("fahrrad"), stem("helm")) in alternatives


def test_compounds_meet_their_parts_in_both_directions():
    assert matches("kinderhelm", "Helm für Kinder")
    assert matches("helm kinder", "Kinderhelm Neißeflitzer")
    assert matches("fahrradschloss", "Schloss für das Fahrrad")
    assert matches("schloss", "Fahrradschlösser mit Zahlencode")
    assert matches("kinderfahrradhelm", "Kinderhelm fürs Fahrrad")


def test_modifier_only_and_guarded_words():
    lexicon = Lexicon(
        ["voll-", "korn", "wert", "schreib-", "+tisch", "rosen", "kohl", "=rosenkohl"]
    )
    assert lexicon.split("vollkorn") == ["voll", "korn"]
    assert lexicon.split("wertvoll") == []  # "voll-" begins compounds only
    assert lexicon.split("schreibtisch") == ["schreib", "tisch"]
    assert lexicon.split("praktisch") == []  # "+tisch" only after a known modifier
    assert lexicon.split("rosenkohl") == []  # "=rosenkohl" stays whole
    assert lexicon.split("rosenkohls") == []
    assert "voll" in lexicon and "tisch" in lexicon and "tische" in lexicon


def test_a_small_lexicon_of_ones_own():
    lexicon = Lexicon(["Kinder", "Helm"])
    assert lexicon.words == {"kinder", "helm"}
    assert lexicon.split("kinderhelme") == ["kinder", "helm"]
    assert lexicon.split("helm") == []
    assert lexicon.split("kinder2helm") == []  # digits: no compound
    assert Lexicon().split("kinderhelm") == []


def test_extended_with_category_names():
    base = Lexicon.default()
    names = ["Blumen & Pflanzen > Topfpflanzen", "Flitzer", "Gartengeräte"]
    lexicon = base.extended(names)
    assert lexicon is base.extended(list(names))  # cached: same words, same lexicon
    assert "flitzer" in lexicon.words and "flitzer" not in base.words
    assert "gartengerate" not in lexicon.words  # it splits already
    assert lexicon.split("gartengerate") == ["garten", "gerate"]
    assert base.split("neisseflitzer") == []
    assert lexicon.split("neisseflitzer") == ["neisse", "flitzer"]
    assert matches("flitzer", "Neißeflitzer", lexicon)
    assert not matches("flitzer", "Neißeflitzer", base)
    assert base.extended([]).words == base.words


# Inflection


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Rosen", "Rose"),
        ("Schlösser", "Schloss"),
        ("Schlössern", "Schloss"),
        ("Kinder", "Kind"),
        ("Bücher", "Buch"),
        ("Töpfe", "Topf"),
        ("Kartoffeln", "Kartoffel"),
        ("Nudeln", "Nudel"),
        ("Akkus", "Akku"),
        ("Kiwis", "Kiwi"),
        ("Tees", "Tee"),
        ("Öle", "Öl"),
        ("Eier", "Ei"),
        ("Geburtstags", "Geburtstag"),
    ],
)
def test_inflected_forms_share_a_stem(one, other):
    assert stem(fold(one)) == stem(fold(other))
    assert matches(one, other) and matches(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Eis", "Eisen"),
        ("Rind", "Rinde"),
        ("Schal", "Schale"),
        ("Leine", "Lein"),
        ("Reifen", "reif"),
        ("Rosen", "Hosen"),
        ("Kinder", "Rinder"),
    ],
)
def test_words_that_must_not_share_a_stem(one, other):
    assert stem(fold(one)) != stem(fold(other))


def test_stem_leaves_short_words_and_digits_alone():
    assert stem("usb") == "usb"
    assert stem("20zoll") == "20zoll"
    assert stem("") == ""


# What residents type and what shops write


FINDS = [
    ("fahrradschloss", "Fahrradschlösser mit Zahlencode"),
    ("schloss fahrrad", "Faltschloss für das Fahrrad"),
    ("kinderhelm", "Helm für Kinder, Größe S"),
    ("rosen", "Edelrose 'Forster Rosengarten', rot"),
    ("rosenschere", "Schere für Rosen und Stauden"),
    ("leinöl", "Leinoel, kaltgepresst, 250 ml"),
    ("leinol", "Leinöl aus der Ölmühle"),
    ("öl", "Leinöl, 250 ml"),
    ("öl", "Öle & Essig"),
    ("usb c kabel", "USB-C-Ladekabel, 1 m"),
    ("ebike akku", "E-Bike-Akku 500 Wh"),
    ("taschenlampe", "LED-Taschenlampe mit Gürtelclip"),
    ("lampe", "Taschenlampe, wasserdicht"),
    ("glühbirne", "Gluehbirne E27, warmweiß"),
    ("apfelsaft", "Saft vom Apfel, naturtrüb"),
    ("schokoladenkuchen", "Kuchen mit Schokolade"),
    ("geburtstagskarte", "Karte zum Geburtstag"),
    ("hundefutter", "Futter für Hunde, getreidefrei"),
    ("gartenschlauch 20 m", "Gartenschlauch 20 m, grün"),
    ("bleistifte", "Bleistift HB"),
    ("stift", "Bleistifte HB, 12 Stück"),
    ("holzspielzeug", "Spielzeug aus Holz"),
    ("kerzenständer", "Ständer für Kerzen, Messing"),
    ("kinderbücher", "Kinderbuch: Die Drachenbande"),
    ("buch kinder", "Kinderbücher ab 5"),
    ("kaffee", "Kaffeebohnen aus der Rösterei"),
    ("tee", "Kräutertee aus dem Spreewald"),
    ("kräutertees", "Tee mit Kräutern"),
    ("akku", "Akkus AA, 4 Stück"),
    ("eier", "Freilandeier vom Hof"),
    ("spreewaldgurken", "Gurken aus dem Spreewald"),
    ("müsli", "Muesli mit Nüssen"),
    ("strauss", "Blumenstrauß 'Sommerwiese'"),
    ("gemüse", "Gemuese-Kiste"),
    ("handtuch frottee", "Frotteehandtuch 50 x 100 cm"),
    ("rad kinder", "Kinderlaufrad aus Holz"),
    ("straßenkreide", "Kreide für die Strasse"),
    ("schlösser", "Bügelschloss"),
    ("forster rosenbrötchen", "Forster Rosenbrötchen"),
    ("reissverschluss", "Jacke mit Reißverschluss"),
    ("stecker", "Reisestecker-Adapter"),
    ("messer", "Taschenmesser mit Holzgriff"),
    ("roller", "Tretroller mit großen Rädern"),
]

MISSES = [
    ("rosen", "Hosen für Kinder"),
    ("helm", "Honig von Imker Helmut"),
    ("tee", "Frottee-Handtuch"),
    ("tee", "Teelichter, 50 Stück"),
    ("lauch", "Knoblauch, 3 Knollen"),
    ("erde", "Erdbeeren aus dem Spreewald"),
    ("blumen", "Blumenkohl vom Hof"),
    ("rosen", "Rosenkohl, 500 g"),
    ("eis", "Gusseisenpfanne 28 cm"),
    ("eis", "Reis, 1 kg"),
    ("rind", "Rindenmulch, 50 l"),
    ("messer", "Durchmesser 20 cm"),
    ("tisch", "praktische Tasche"),
    ("pfanne", "Pfannkuchen mit Pflaumenmus"),
    ("zucker", "zuckerfrei"),
    ("kabel", "kabellos laden"),
    ("nacht", "Weihnachten in Forst"),
    ("tag", "Geburtstagskarte"),
    ("ei", "Bäckerei Pannasch"),
    ("öl", "alkoholfrei"),
    ("schal", "Obstschale aus Keramik"),
    ("leine", "Leinöl"),
    ("fahrradschloss", "Fahrradhelm"),
    ("kinderhelm", "Kinderfahrrad"),
    ("usb c kabel", "USB-A-Stecker"),
    ("messer", "Für Rauchmelder und Messgeräte"),
    ("stecker", "Steckdosenleiste 6-fach"),
    ("wecker", "Wecken vom Bäcker"),
    ("roller", "Rollkragenpullover"),
]


@pytest.mark.parametrize(("query", "text"), FINDS)
def test_queries_find(query, text):
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), MISSES)
def test_queries_miss(query, text):
    assert not matches(query, text)


def test_every_query_group_must_match():
    assert matches("rosen rot", "Edelrose, rot")
    assert not matches("rosen gelb", "Edelrose, rot")


def test_query_words_are_capped():
    query = " ".join(f"wort{number}" for number in range(3 * MAX_QUERY_WORDS))
    assert len(query_groups(query)) == MAX_QUERY_WORDS


def test_index_text_is_the_terms_joined():
    assert index_text("Kinderhelm, rot") == " ".join(index_terms("Kinderhelm, rot"))


# Garbage in, nothing raised


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!!",
        "\x00",
        "kinder\x00helm",
        "\t\n\r",
        "-" * 50,
        "a" * 10_000,
        "Kinderhelm " * 1_000,
        "ä" * 10_000,
        "🚲🔒",
        "\u0308\u0301",
        "ℌ𝔢𝔩𝔪",
        None,
    ],
)
def test_garbage_never_raises(text):
    terms = index_terms(text)
    groups = query_groups(text)
    assert all(term for term in terms)
    assert len(groups) <= MAX_QUERY_WORDS
    assert isinstance(index_text(text), str)
    assert isinstance(surface_words(text), list)


def test_nothing_in_gives_nothing_out():
    for text in ["", "   ", "!!!", "\x00", "für die"]:
        assert index_terms(text) == []
        assert query_groups(text) == []


# Properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text):
    terms = index_terms(text)
    groups = query_groups(text)
    assert all(isinstance(term, str) and term for term in terms)
    assert all(group.alternatives for group in groups)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


_GERMANISH = st.text(alphabet="abcdefghiklmnoprstuzäöüß ÄÖÜ-", max_size=60)


@settings(max_examples=300, deadline=None)
@given(_GERMANISH)
def test_a_text_matches_itself_as_a_query(text):
    if query_groups(text):
        assert matches(text, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["kinder", "helm", "fahrrad", "schloss", "rosen", "schere"]),
        min_size=2,
        max_size=3,
    )
)
def test_a_compound_matches_its_words_apart(parts):
    compound = "".join(parts)
    assert matches(compound, " ".join(parts))
    assert matches(" ".join(parts), compound)


# The word list


def test_the_word_list_is_one_lowercase_word_a_line():
    from search.text import LEXICON_PATH

    entries = [
        line.strip()
        for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    malformed = [entry for entry in entries if not re.fullmatch(r"[=+]?[a-zäöüß]{3,}-?", entry)]
    assert malformed == []
    assert len(entries) == len(set(entries))
    assert 3_000 <= len(Lexicon.default().words) <= 5_000


# Synonyms (search/lexicon/synonyms-de.txt)


def test_a_synonym_list_works_every_way():
    table = read_synonyms("schrippe, brötchen, semmel\n")
    assert table[stem("brotchen")] == (("schrippe",), ("semmel",))
    assert table[stem("schrippe")] == (("brotchen",), ("semmel",))


def test_an_arrow_works_one_way_and_may_name_phrases():
    table = read_synonyms("# comment\nspeiseöl => rapsöl, öl von oliven  # kinds\n")
    assert table == {stem("speiseol"): (("rapsol",), ("ol", "oliven"))}


@pytest.mark.parametrize(
    "source",
    ["schrippe\n", "rote bete, rote rübe\n", "rote bete => rübe\n", "für, mit\n", " => rübe\n"],
)
def test_a_malformed_synonym_line_names_its_number(source):
    with pytest.raises(ValueError, match="line 1"):
        read_synonyms(source)


def test_synonyms_match_like_the_catalogue():
    """Spelling, inflection and compounds of the synonym count as for the typed word."""
    assert matches("Schrippen", "Mohnbrötchen vom Bäcker")
    assert matches("fahrradlampe", "Licht fürs Fahrrad, LED")
    assert matches("speiseoel", "Rapsöl kaltgepresst")
    assert not matches("rapsöl", "Speiseöl, 1 l")  # the arrow is one way
    assert not matches("schrippe", "Brot")


def test_the_shipped_synonyms_read_and_stay_tight():
    table = synonyms()
    assert len(table) > 200
    # Words that mean two things in a shop must not be synonyms of anything.
    for ambiguous in ["birne", "mantel", "linsen", "rad", "kette", "tute", "beutel", "orange"]:
        assert stem(ambiguous) not in table, ambiguous
        assert all((ambiguous,) not in found for found in table.values()), ambiguous
