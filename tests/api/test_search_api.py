"""/api/v1/search/ and /api/v1/search/suggest/: the shape of the answers, filters and facets,
clear 400s for bad parameters, pagination like the other lists, the schema, and a fixed
number of queries."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from search.indexing import rebuild
from tests.api.factories import ProductImageFactory
from tests.api.test_schema import validator_for
from tests.factories import OpeningHoursFactory, VendorFactory, product_of
from tests.storefront.factories import category, product_in

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"
RESULT_FIELDS = {
    "id",
    "sku",
    "title",
    "vendor",
    "price",
    "currency",
    "unit_price",
    "availability",
    "url",
    "image",
}


@pytest.fixture
def shop(db):
    return VendorFactory(name="Blumenhaus", slug="blumenhaus")


@pytest.fixture
def catalogue(shop):
    garden = category("Garten")
    roses = category("Rosen", parent=garden)
    hardware = VendorFactory(name="Eisenwaren", slug="eisenwaren")
    OpeningHoursFactory(vendor=hardware, weekday=0, opens="09:00", closes="18:00")
    shears = product_in(
        hardware,
        garden,
        title="Rosenschere Bypass",
        stock__price=Decimal("19.90"),
        stock__partner_sku="RS-19",
    )
    ProductImageFactory(product=shears)
    bouquet = product_in(shop, roses, title="Rosenstrauß rot", stock__price=Decimal("24.90"))
    soil = product_in(
        shop,
        garden,
        title="Rosenerde",
        stock__price=Decimal("8.90"),
        unit_pricing_quantity=Decimal("20"),
        unit_pricing_unit="l",
    )
    sold_out = product_in(
        hardware, garden, title="Rosenschere Profi", stock__price="39.00", stock__num_in_stock=0
    )
    rebuild()
    return {
        "garden": garden,
        "roses": roses,
        "hardware": hardware,
        "shears": shears,
        "bouquet": bouquet,
        "soil": soil,
        "sold_out": sold_out,
    }


def get(api_client, url, params=None, status=200):
    response = api_client.get(url, params or {})
    assert response.status_code == status, response.content
    return response.json()


def test_search_answers_products_facets_and_paging(api_client, catalogue):
    body = get(api_client, SEARCH, {"q": "rosen"})

    assert set(body) == {
        "count",
        "results",
        "facets",
        "suggestion",
        "corrected",
        "degraded",
        "page",
        "num_pages",
    }
    assert body["count"] == 4
    assert (body["page"], body["num_pages"]) == (1, 1)
    assert (body["suggestion"], body["corrected"], body["degraded"]) == ("", False, False)
    assert body["results"][-1]["title"] == "Rosenschere Profi"  # out of stock: last
    shears = next(row for row in body["results"] if row["title"] == "Rosenschere Bypass")
    assert set(shears) == RESULT_FIELDS
    assert shears["sku"] == "RS-19"
    assert shears["vendor"] == {"slug": "eisenwaren", "name": "Eisenwaren"}
    assert (shears["price"], shears["currency"]) == ("19.90", "EUR")
    assert shears["url"].startswith("http://testserver/catalogue/")
    assert shears["image"].startswith("http://testserver/")
    soil = next(row for row in body["results"] if row["title"] == "Rosenerde")
    assert soil["unit_price"] == {"amount": "0.45", "base": "1 l"}


def test_results_are_represented_like_the_product_endpoint(api_client, catalogue):
    rows = get(api_client, SEARCH, {"q": "rosen"})["results"]

    for row in rows:
        product = get(api_client, f"/api/v1/products/{row['id']}/")
        assert row == {field: product[field] for field in RESULT_FIELDS}


def test_facets(api_client, catalogue, freeze_now):
    freeze_now(2030, 6, 3, 10, 0)  # a Monday morning: the hardware shop is open
    facets = get(api_client, SEARCH, {"q": "rosen", "vendor": "eisenwaren"})["facets"]

    assert facets["vendor"] == [
        {"value": "blumenhaus", "label": "Blumenhaus", "count": 2, "selected": False},
        {"value": "eisenwaren", "label": "Eisenwaren", "count": 2, "selected": True},
    ]
    # Counted with the shop filter: nothing of the hardware shop is filed under "Rosen".
    assert facets["category"] == [
        {
            "value": str(catalogue["garden"].pk),
            "label": "Garten",
            "count": 2,
            "selected": False,
            "depth": 1,
        }
    ]
    assert {row["value"]: row["count"] for row in facets["price"]} == {"10-25": 1, "25-50": 1}
    ten = next(row for row in facets["price"] if row["value"] == "10-25")
    assert (ten["min_price"], ten["max_price"]) == ("10.00", "24.99")
    assert [(row["value"], row["count"]) for row in facets["availability"]] == [
        ("true", 1),
        ("false", 1),
    ]
    assert facets["pickup_today"] == [
        {"value": "true", "label": "Heute abholbereit", "count": 1, "selected": False}
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"vendor": "blumenhaus"}, ["Rosenerde", "Rosenstrauß rot"]),
        ({"vendor": "blumenhaus,eisenwaren"}, None),
        ({"vendor": ["blumenhaus", "eisenwaren"]}, None),
        ({"min_price": "9", "max_price": "20"}, ["Rosenschere Bypass"]),
        ({"available": "false"}, ["Rosenschere Profi"]),
        (
            {"available": "true", "sort": "price-asc"},
            ["Rosenerde", "Rosenschere Bypass", "Rosenstrauß rot"],
        ),
        (
            {"sort": "price-desc"},
            ["Rosenschere Profi", "Rosenstrauß rot", "Rosenschere Bypass", "Rosenerde"],
        ),
    ],
)
def test_filters_and_sorting(api_client, catalogue, params, expected):
    rows = get(api_client, SEARCH, {"q": "rosen", **params})["results"]

    found = [row["title"] for row in rows]
    if expected is None:  # every shop
        assert len(found) == 4
    elif "sort" in params:
        assert found == expected
    else:
        assert sorted(found) == expected


def test_category_filter_includes_subcategories(api_client, catalogue):
    body = get(api_client, SEARCH, {"category": catalogue["garden"].pk})
    assert body["count"] == 4
    body = get(api_client, SEARCH, {"category": catalogue["roses"].pk})
    assert [row["title"] for row in body["results"]] == ["Rosenstrauß rot"]


def test_pick_up_today(api_client, catalogue, freeze_now):
    freeze_now(2030, 6, 3, 10, 0)
    rows = get(api_client, SEARCH, {"pickup_today": "true"})["results"]
    assert [row["title"] for row in rows] == ["Rosenschere Bypass"]


def test_empty_text_lists_everything(api_client, catalogue):
    assert get(api_client, SEARCH)["count"] == 4


def test_pages_and_a_page_beyond_the_last(api_client, catalogue):
    first = get(api_client, SEARCH, {"q": "rosen", "page_size": 3})
    second = get(api_client, SEARCH, {"q": "rosen", "page_size": 3, "page": 2})

    assert (first["num_pages"], len(first["results"]), len(second["results"])) == (2, 3, 1)
    assert second["page"] == 2
    assert second["count"] == 4
    beyond = get(api_client, SEARCH, {"q": "rosen", "page_size": 3, "page": 3}, status=404)
    assert beyond == {"detail": "Ungültige Seite."}
    # Nothing found is an empty first page, like the other lists.
    empty = get(api_client, SEARCH, {"q": "zzzzqqq"})
    assert (empty["count"], empty["results"], empty["num_pages"]) == (0, [], 1)


def test_default_page_size_is_the_apis(api_client, shop):
    for n in range(55):
        product_of(shop, title=f"Rosenstock {n}")
    rebuild()
    body = get(api_client, SEARCH, {"q": "rosenstock"})
    assert (len(body["results"]), body["num_pages"]) == (50, 2)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"vendor": "gibt-es-nicht"}, "vendor"),
        ({"vendor": ",".join(f"shop-{n}" for n in range(21))}, "vendor"),
        ({"category": "999999"}, "category"),
        ({"category": "abc"}, "category"),
        ({"min_price": "billig"}, "min_price"),
        ({"min_price": "-1"}, "min_price"),
        ({"max_price": "1e400"}, "max_price"),
        ({"min_price": "30", "max_price": "10"}, "max_price"),
        ({"available": "vielleicht"}, "available"),
        ({"pickup_today": "2"}, "pickup_today"),
        ({"sort": "zufall"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_answer_400_with_the_reason(api_client, catalogue, params, field):
    body = get(api_client, SEARCH, params, status=400)

    assert body["detail"] == "Ungültige Suchparameter."
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) and message for message in body["errors"][field])


def test_error_messages_follow_the_language(api_client, catalogue):
    response = api_client.get(
        SEARCH, {"vendor": "nope", "page_size": "500"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid search parameters.",
        "errors": {
            "vendor": ["Unknown shop: nope."],
            "page_size": ["Ensure this value is less than or equal to 100."],
        },
    }


def test_nul_bytes_and_markup_are_harmless(api_client, catalogue):
    # NUL never belongs to a search (and PostgreSQL refuses it): it is dropped, not an error.
    with_nul = get(api_client, SEARCH, {"q": "rosen\x00schere"})
    assert with_nul == get(api_client, SEARCH, {"q": "rosenschere"})
    assert get(api_client, SUGGEST, {"q": "\x00"}) == {"suggestions": [], "degraded": False}
    assert get(api_client, SEARCH, {"q": "<script>"})["count"] == 0


def test_suggestion_and_corrected(api_client, shop):
    product_of(shop, title="Rosenschere")
    product_of(shop, title="Laterne aus Messing")
    rebuild()

    corrected = get(api_client, SEARCH, {"q": "rosenschre"})
    assert (corrected["count"], corrected["suggestion"], corrected["corrected"]) == (
        1,
        "rosenschere",
        True,
    )
    # Nothing found, with a "Did you mean": two slips in a seven-letter word.
    nothing = get(api_client, SEARCH, {"q": "latrnee"})
    assert (nothing["count"], nothing["suggestion"], nothing["corrected"]) == (
        0,
        "laterne",
        False,
    )
    assert nothing["facets"] == {
        "vendor": [],
        "category": [],
        "price": [],
        "availability": [],
        "pickup_today": [],
    }


# The real Elasticsearch backend where nothing listens (the discard port): every search fails.
DOWN = {
    "SEARCH_BACKENDS": {
        "down": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:9",
            "INDEX": "forst-down",
            "TIMEOUT": 0.3,
            "PROFILE": "core",
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
    },
    "SEARCH_BACKEND": "down",
}


def test_degraded_answers_say_so(api_client, catalogue):
    with override_settings(**DOWN):
        body = get(api_client, SEARCH, {"q": "rosen"})
        suggestions = get(api_client, SUGGEST, {"q": "rosen"})

    assert (body["count"], body["degraded"]) == (4, True)
    assert suggestions["degraded"] is True and suggestions["suggestions"]


# Suggestions


def test_suggest(api_client, catalogue):
    body = get(api_client, SUGGEST, {"q": "rosensch"})

    assert set(body) == {"suggestions", "degraded"}
    assert body["degraded"] is False
    texts = [entry["text"] for entry in body["suggestions"]]
    assert set(texts) == {"Rosenschere Bypass", "Rosenschere Profi"}
    assert texts[0] == "Rosenschere Bypass"  # available first
    first = body["suggestions"][0]
    assert set(first) == {"text", "product_id", "url"}
    assert first["product_id"] == catalogue["shears"].pk
    assert first["url"] == "http://testserver" + catalogue["shears"].get_absolute_url()


def test_suggest_without_text_and_with_too_much(api_client, catalogue):
    assert get(api_client, SUGGEST) == {"suggestions": [], "degraded": False}
    assert get(api_client, SUGGEST, {"q": "  "}) == {"suggestions": [], "degraded": False}
    body = get(api_client, SUGGEST, {"q": "x" * 201}, status=400)
    assert list(body["errors"]) == ["q"]


def test_suggest_skips_products_no_longer_for_sale(api_client, catalogue):
    catalogue["sold_out"].is_public = False
    catalogue["sold_out"].save()  # the index is updated after the commit; not yet here

    texts = [entry["text"] for entry in get(api_client, SUGGEST, {"q": "rosensch"})["suggestions"]]
    assert texts == ["Rosenschere Bypass"]


# Queries


def queries_for(api_client, url, params) -> int:
    api_client.get(url, params)  # warm-up: the shops open for pickup today are cached a minute
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_page(api_client, shop, freeze_now):
    freeze_now(2030, 6, 3, 10, 0)
    garden = category("Garten")

    def make(count):
        for n in range(count):
            vendor = VendorFactory()
            product = product_in(vendor, garden, title=f"Rosenstock {n}")
            ProductImageFactory(product=product, original__filename=f"r{n}.png")
        rebuild()

    params = {"q": "rosenstock", "available": "true", "page_size": 100}
    make(5)
    small = queries_for(api_client, SEARCH, params)
    suggest_small = queries_for(api_client, SUGGEST, {"q": "rosens"})
    make(25)
    large = queries_for(api_client, SEARCH, params)
    suggest_large = queries_for(api_client, SUGGEST, {"q": "rosens"})

    # The vocabulary lookup, 7 for the index (count, page, 5 facets), 5 for the products and
    # their images, stock records, partners and shops, 2 for the facets' shop and category names.
    assert small == large == 1 + 7 + 5 + 2
    # The index's titles, and the products' slugs for the URLs.
    assert suggest_small == suggest_large == 2


# Schema


@pytest.fixture
def schema(api_client) -> dict:
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_documents_the_parameters(schema):
    search = schema["paths"]["/api/v1/search/"]["get"]
    names = [parameter["name"] for parameter in search["parameters"]]
    assert sorted(names) == sorted(
        [
            "q",
            "vendor",
            "category",
            "min_price",
            "max_price",
            "available",
            "pickup_today",
            "sort",
            "page",
            "page_size",
        ]
    )
    assert all(parameter["description"] for parameter in search["parameters"])
    sort = next(p for p in search["parameters"] if p["name"] == "sort")
    assert sort["schema"]["enum"] == ["newest", "price-asc", "price-desc", "relevance"]
    assert set(search["responses"]) == {"200", "400", "404"}
    assert search["tags"] == ["search"]
    suggest = schema["paths"]["/api/v1/search/suggest/"]["get"]
    assert [parameter["name"] for parameter in suggest["parameters"]] == ["q"]
    assert set(suggest["responses"]) == {"200", "400"}


def test_400_answers_as_documented(api_client, schema, catalogue):
    for path, params in [(SEARCH, {"vendor": "nope", "page": "0"}), (SUGGEST, {"q": "x" * 300})]:
        operation = schema["paths"][path]["get"]
        documented = operation["responses"]["400"]["content"]["application/json"]["schema"]
        body = get(api_client, path, params, status=400)
        assert not list(validator_for(schema, documented).iter_errors(body))
