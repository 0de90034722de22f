"""The search contract: the same tests for every backend.

They run against the database backend on the suite's database (SQLite, and PostgreSQL when the
suite runs there) and against a real Elasticsearch node started by tools/testenv
(``ELASTICSEARCH_URL``; with CI=true a skipped Elasticsearch run fails). Each test builds a
small catalogue of three shops, indexes it with ``rebuild`` and asks through the backend's
interface only (``search``, ``suggest``, ``index``, ``delete``), as the pages and the API do.
"""

import os
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from search.backends.base import (
    NEWEST,
    PRICE_ASC,
    PRICE_DESC,
    SearchQuery,
)
from search.backends.database import DatabaseBackend
from search.documents import documents_for
from tests.factories import VendorFactory
from tests.storefront.factories import category, product_in
from vendors.models import VendorStatus

Product = get_model("catalogue", "Product")

BACKENDS = [
    pytest.param("database", id="database"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def _elasticsearch_backend():
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(
        "elasticsearch",
        {
            "URL": os.environ["ELASTICSEARCH_URL"],
            "INDEX": f"forst-contract-{uuid.uuid4().hex[:10]}",
            "TIMEOUT": 30.0,
            "PROFILE": "core",
        },
    )


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    if request.param == "database":
        yield DatabaseBackend("database", {})
        return
    search_backend = _elasticsearch_backend()
    yield search_backend
    search_backend.drop()


class Catalogue:
    """Three shops, a category tree and products with the spellings residents must find."""

    def __init__(self):
        now = timezone.now()
        self.bikes = VendorFactory(name="Fahrrad Zweirad Lehmann", slug="zweirad-lehmann")
        self.flowers = VendorFactory(name="Blumen Rosenhof", slug="blumen-rosenhof")
        self.bakery = VendorFactory(name="Backstube Kowalski", slug="backstube-kowalski")
        self.bike = category("Fahrrad")
        self.locks = category("Schlösser", parent=self.bike)
        self.helmets = category("Helme", parent=self.bike)
        self.electro = category("Elektronik")
        self.cables = category("Kabel & Adapter", parent=self.electro)
        self.plants = category("Blumen & Pflanzen")
        self.food = category("Lebensmittel")

        def make(vendor, cat, title, price, *, description="", stock=10, brand="", age=0):
            product = product_in(
                vendor,
                cat,
                title=title,
                description=description,
                brand=brand,
                stock__price=Decimal(price),
                stock__num_in_stock=stock,
            )
            Product.objects.filter(pk=product.pk).update(date_created=now - timedelta(days=age))
            return product

        self.lock = make(
            self.bikes, self.locks, "Fahrradschloss Bügel 13 mm", "39.90", brand="Abus", age=5
        )
        self.folding_lock = make(
            self.bikes,
            self.locks,
            "Faltschloss für das Fahrrad",
            "54.00",
            description="Ein stabiles Schloss, zusammengefaltet in der Tasche.",
            age=4,
        )
        self.kids_helmet = make(self.bikes, self.helmets, "Kinderhelm Flitzer", "29.00", age=3)
        self.helmet_for_kids = make(
            self.bikes, self.helmets, "Helm für Kinder mit Rücklicht", "34.00", age=2
        )
        self.ebike_battery = make(self.bikes, self.bike, "E-Bike Akku 500 Wh", "449.00", age=1)
        self.usb_cable = make(
            self.bikes, self.cables, "USB-C-Kabel, 1 m", "9.90", description="Lädt schnell."
        )
        self.rose = make(self.flowers, self.plants, "Rose rot, einzeln", "3.50", age=6)
        self.rose_shears = make(self.flowers, self.plants, "Rosenschere mit Bypass", "24.00")
        self.bouquet = make(
            self.flowers,
            self.plants,
            "Blumenstrauß Sommerwiese",
            "19.00",
            description="Mit Margeriten, Kornblumen und einer Rose in der Mitte.",
        )
        self.sold_out_roses = make(
            self.flowers, self.plants, "Rosenstrauß zwanzig Rosen", "45.00", stock=0
        )
        self.linseed_oil = make(
            self.bakery, self.food, "Leinöl kaltgepresst, 250 ml", "6.90", brand="Ölmühle"
        )
        self.bread = make(self.bakery, self.food, "Roggenbrot 1 kg", "4.20", age=7)
        self.products = [
            self.lock,
            self.folding_lock,
            self.kids_helmet,
            self.helmet_for_kids,
            self.ebike_battery,
            self.usb_cable,
            self.rose,
            self.rose_shears,
            self.bouquet,
            self.sold_out_roses,
            self.linseed_oil,
            self.bread,
        ]


@pytest.fixture
def catalogue(backend):
    shop = Catalogue()
    documents, missing = documents_for(product.pk for product in shop.products)
    assert not missing
    assert backend.rebuild([documents]) == len(shop.products)
    backend.refresh()
    return shop


def found(backend, text: str = "", **kwargs) -> list[int]:
    return backend.search(SearchQuery(text=text, page_size=50, **kwargs)).ids


# Matching


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fahrradschloss", ["lock", "folding_lock"]),  # compound ↔ "Schloss … Fahrrad"
        ("schloss fahrrad", ["lock", "folding_lock"]),  # words ↔ compound
        ("Fahrradschlösser", ["lock"]),  # plural with umlaut
        ("fahradschloss", ["lock"]),  # a typo
        ("leinoel", ["linseed_oil"]),  # umlaut spelt oe
        ("leinol", ["linseed_oil"]),  # umlaut dropped
        ("LEINÖL", ["linseed_oil"]),
        ("rosen", ["rose", "rose_shears", "sold_out_roses"]),  # plural ↔ singular, compounds
        ("kinderhelm", ["kids_helmet", "helmet_for_kids"]),  # compound ↔ "Helm für Kinder"
        ("helm kinder", ["kids_helmet", "helmet_for_kids"]),
        ("usb c kabel", ["usb_cable"]),
        ("usb-c kabel", ["usb_cable"]),
        ("usbc kabel", ["usb_cable"]),
        ("e-bike", ["ebike_battery"]),
        ("ebike", ["ebike_battery"]),
        ("e bike akku", ["ebike_battery"]),
        ("roggenbrot", ["bread"]),
        ("brot", ["bread"]),  # the head of a compound
        ("schere", ["rose_shears"]),
        ("backstube", ["linseed_oil", "bread"]),  # the shop's name
        ("abus", ["lock"]),  # the brand
        ("schlösser", ["lock", "folding_lock"]),  # the category's name
    ],
)
def test_resident_spellings_find_the_products(backend, catalogue, query, expected):
    ids = found(backend, query)
    missing = [name for name in expected if getattr(catalogue, name).pk not in ids]
    assert not missing, f"{query!r} did not find {missing}; found {ids}"


def test_a_synonym_finds_the_shops_word(backend, catalogue):
    """Residents' words and regional names meet the shop's ("search/lexicon/synonyms-de.txt")."""
    roll = product_in(catalogue.bakery, catalogue.food, title="Mohnbrötchen", stock__price="0.60")
    light = product_in(
        catalogue.bikes, catalogue.bike, title="Fahrradlicht-Set LED", stock__price="24.90"
    )
    documents, _missing = documents_for([roll.pk, light.pk])
    backend.index(documents)
    backend.refresh()
    assert found(backend, "schrippen") == [roll.pk]  # Berlin and Brandenburg
    assert found(backend, "semmel") == [roll.pk]
    assert found(backend, "fahrradlampe")[0] == light.pk
    assert found(backend, "speiseöl") == [catalogue.linseed_oil.pk]  # a general word, its kinds
    assert found(backend, "leinöl") == [catalogue.linseed_oil.pk]  # but not the other way


def test_an_unknown_compound_falls_back_to_its_head(backend, catalogue):
    """Nothing is a "Zahlenschloss": the locks are shown, and the answer says for what."""
    results = backend.search(SearchQuery(text="zahlenschloss", page_size=50))
    assert set(results.ids) == {catalogue.lock.pk, catalogue.folding_lock.pk}
    assert results.corrected
    assert results.suggestion == "schloss"


def test_a_word_matching_nothing_is_dropped_when_nothing_matches_all(backend, catalogue):
    results = backend.search(SearchQuery(text="roggenbrot quantencomputer", page_size=50))
    assert results.ids == [catalogue.bread.pk]
    assert results.corrected
    assert results.suggestion == "roggenbrot"


def test_all_words_must_match(backend, catalogue):
    ids = found(backend, "rose rot")
    assert catalogue.rose.pk in ids
    assert catalogue.rose_shears.pk not in ids
    assert catalogue.bread.pk not in ids


def test_a_query_matching_nothing_finds_nothing(backend, catalogue):
    results = backend.search(SearchQuery(text="quantencomputer"))
    assert results.count == 0
    assert results.ids == []


def test_a_title_match_ranks_above_a_description_match(backend, catalogue):
    ids = found(backend, "rose")
    assert ids.index(catalogue.rose.pk) < ids.index(catalogue.bouquet.pk)


def test_out_of_stock_ranks_below_available_but_stays_findable(backend, catalogue):
    ids = found(backend, "rosen")
    assert catalogue.sold_out_roses.pk in ids
    assert ids[-1] == catalogue.sold_out_roses.pk
    results = backend.search(SearchQuery(text="rosen", available=False))
    assert results.ids == [catalogue.sold_out_roses.pk]


def test_typo_beyond_correction_gets_a_suggestion_or_the_product(backend, catalogue):
    """Two slips in a short word: found at once, or "Meinten Sie …" leads to it."""
    results = backend.search(SearchQuery(text="kindrhlem"))
    if results.count:
        assert catalogue.kids_helmet.pk in results.ids
    else:
        assert results.suggestion
        assert catalogue.kids_helmet.pk in found(backend, results.suggestion)


def test_garbage_never_raises(backend, catalogue):
    for text in ["", "   ", "!!!", "\x00", "ü" * 300, "a " * 50, "'\"*()-:^", "OR AND NOT"]:
        results = backend.search(SearchQuery(text=text))
        assert results.count >= 0


# Filters


def test_filter_by_vendor(backend, catalogue):
    ids = found(backend, vendors=(catalogue.bakery.pk,))
    assert set(ids) == {catalogue.linseed_oil.pk, catalogue.bread.pk}


def test_filter_by_category_includes_the_subtree(backend, catalogue):
    ids = found(backend, category=catalogue.bike.pk)
    bike_products = {
        catalogue.lock.pk,
        catalogue.folding_lock.pk,
        catalogue.kids_helmet.pk,
        catalogue.helmet_for_kids.pk,
        catalogue.ebike_battery.pk,
    }
    assert set(ids) == bike_products
    assert set(found(backend, category=catalogue.locks.pk)) == {
        catalogue.lock.pk,
        catalogue.folding_lock.pk,
    }


def test_filter_by_price_is_inclusive(backend, catalogue):
    ids = found(backend, min_price=Decimal("24.00"), max_price=Decimal("29.00"))
    assert set(ids) == {catalogue.rose_shears.pk, catalogue.kids_helmet.pk}


def test_filter_available(backend, catalogue):
    ids = found(backend, available=True)
    assert catalogue.sold_out_roses.pk not in ids
    assert len(ids) == len(catalogue.products) - 1


def test_filter_pickup_today(backend, catalogue):
    pickup = frozenset({catalogue.flowers.pk})
    ids = found(backend, pickup_today=True, pickup_vendor_ids=pickup)
    assert set(ids) == {catalogue.rose.pk, catalogue.rose_shears.pk, catalogue.bouquet.pk}
    assert found(backend, pickup_today=True, pickup_vendor_ids=frozenset()) == []


def test_text_and_filters_combine(backend, catalogue):
    ids = found(backend, "rosen", vendors=(catalogue.flowers.pk,), available=True)
    assert set(ids) == {catalogue.rose.pk, catalogue.rose_shears.pk, catalogue.bouquet.pk}


# Facets


def test_facets_count_every_value(backend, catalogue):
    facets = backend.search(SearchQuery()).facets
    assert facets.vendor == {catalogue.bikes.pk: 6, catalogue.flowers.pk: 4, catalogue.bakery.pk: 2}
    assert facets.category[catalogue.bike.pk] == 5  # the subtree
    assert facets.category[catalogue.locks.pk] == 2
    assert facets.category[catalogue.electro.pk] == 1
    assert facets.category[catalogue.cables.pk] == 1
    assert facets.price.get("0-5", 0) == 2  # 3.50, 4.20
    assert facets.price.get("5-10", 0) == 2  # 6.90, 9.90
    assert facets.price.get("10-25", 0) == 2  # 19.00, 24.00
    assert facets.price.get("25-50", 0) == 4  # 29, 34, 39.90, 45
    assert facets.price.get("50-100", 0) == 1  # 54
    assert facets.price.get("100-", 0) == 1  # 449
    assert facets.availability == {"in_stock": 11, "out_of_stock": 1}


def test_each_facet_ignores_its_own_filter(backend, catalogue):
    facets = backend.search(SearchQuery(vendors=(catalogue.bakery.pk,))).facets
    # The shop facet still offers the other shops ...
    assert facets.vendor[catalogue.flowers.pk] == 4
    # ... while the other facets count the bakery's products only.
    assert facets.category.get(catalogue.bike.pk, 0) == 0
    assert facets.category[catalogue.food.pk] == 2
    assert sum(facets.availability.values()) == 2


def test_facets_follow_the_text(backend, catalogue):
    facets = backend.search(SearchQuery(text="rosen")).facets
    assert facets.vendor == {catalogue.flowers.pk: 4}  # the bouquet has a rose
    assert facets.availability == {"in_stock": 3, "out_of_stock": 1}


def test_pickup_today_facet(backend, catalogue):
    query = SearchQuery(pickup_vendor_ids=frozenset({catalogue.flowers.pk, catalogue.bakery.pk}))
    assert backend.search(query).facets.pickup_today == 5  # 3 flowers in stock, 2 bakery


# Sorting and paging


def _prices(ids):
    prices = {p.pk: p.stockrecords.first().price for p in Product.objects.filter(pk__in=ids)}
    return [prices[pk] for pk in ids]


def test_sort_by_price(backend, catalogue):
    ascending = _prices(found(backend, sort=PRICE_ASC))
    assert ascending == sorted(ascending)
    descending = _prices(found(backend, sort=PRICE_DESC))
    assert descending == sorted(descending, reverse=True)


def test_sort_newest_first(backend, catalogue):
    ids = found(backend, vendors=(catalogue.bikes.pk,), sort=NEWEST)
    assert ids[:3] == [
        catalogue.usb_cable.pk,
        catalogue.ebike_battery.pk,
        catalogue.helmet_for_kids.pk,
    ]
    assert ids[-1] == catalogue.lock.pk


def test_paging_covers_every_result_once(backend, catalogue):
    seen = []
    for page in (1, 2, 3, 4):
        results = backend.search(SearchQuery(sort=PRICE_ASC, page=page, page_size=4))
        assert results.count == len(catalogue.products)
        seen.extend(results.ids)
    assert len(seen) == len(catalogue.products)
    assert set(seen) == {product.pk for product in catalogue.products}


def test_page_beyond_the_end_is_empty(backend, catalogue):
    results = backend.search(SearchQuery(page=9, page_size=10))
    assert results.ids == []
    assert results.count == len(catalogue.products)


# Suggestions


def test_autocomplete_completes_the_last_word(backend, catalogue):
    texts = [suggestion.text for suggestion in backend.suggest("fahrrads")]
    assert "Fahrradschloss Bügel 13 mm" in texts
    texts = [suggestion.text for suggestion in backend.suggest("Leinö")]
    assert texts == ["Leinöl kaltgepresst, 250 ml"]
    suggestion = backend.suggest("kinderh")[0]
    assert suggestion.product_id == catalogue.kids_helmet.pk


def test_autocomplete_with_nothing_typed_is_empty(backend, catalogue):
    assert backend.suggest("") == []
    assert backend.suggest("   ") == []


def test_autocomplete_respects_the_limit(backend, catalogue):
    assert len(backend.suggest("ros", limit=2)) == 2


# Updates and deletes


def _reindex(backend, *products):
    documents, missing = documents_for(product.pk for product in products)
    backend.index(documents)
    backend.delete(missing)
    backend.refresh()


def test_an_update_replaces_the_old_entry(backend, catalogue):
    catalogue.bread.title = "Dinkelbrot 750 g"
    catalogue.bread.save()
    _reindex(backend, catalogue.bread)
    assert catalogue.bread.pk in found(backend, "dinkelbrot")
    assert catalogue.bread.pk not in found(backend, "roggen")
    assert backend.count() == len(catalogue.products)


def test_a_stock_change_moves_the_product_between_facets(backend, catalogue):
    record = catalogue.sold_out_roses.stockrecords.get()
    record.num_in_stock = 5
    record.save()
    _reindex(backend, catalogue.sold_out_roses)
    assert catalogue.sold_out_roses.pk in found(backend, "rosen", available=True)


def test_a_deleted_product_disappears(backend, catalogue):
    pk = catalogue.rose.pk
    catalogue.rose.delete()
    backend.delete([pk])
    backend.refresh()
    assert pk not in found(backend, "rose")
    assert backend.count() == len(catalogue.products) - 1
    backend.delete([pk])  # twice is fine


def test_a_suspended_shop_disappears(backend, catalogue):
    catalogue.bakery.status = VendorStatus.SUSPENDED
    catalogue.bakery.save()
    _reindex(backend, catalogue.linseed_oil, catalogue.bread)
    assert found(backend, "leinöl") == []
    assert catalogue.bakery.pk not in backend.search(SearchQuery()).facets.vendor


def test_a_rebuild_replaces_the_whole_index(backend, catalogue):
    documents, _missing = documents_for([catalogue.rose.pk, catalogue.bread.pk])
    assert backend.rebuild([documents]) == 2
    backend.refresh()
    assert backend.count() == 2
    assert set(found(backend)) == {catalogue.rose.pk, catalogue.bread.pk}
