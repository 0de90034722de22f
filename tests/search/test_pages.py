"""The search page, the catalogue and category pages as residents use them without JavaScript:
facet links and the GET filter form narrow the results, pagination and sorting keep every
parameter, bad parameters are left out with a note, and the pages are labelled for assistive
technology, in German and English.

Products are indexed through the search backend (``rebuild()``) before the pages are requested.
"""

from datetime import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from search.backends.base import BaseSearchBackend, SearchBackendError
from search.indexing import rebuild
from tests.factories import OpeningHoursFactory, VendorFactory, product_of
from tests.storefront.factories import category, product_in
from tests.storefront.html import parse

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MONDAY_MORNING = (2030, 6, 3, 10, 0)  # a Monday, 10:00 in Forst


@pytest.fixture
def freeze_now(monkeypatch):
    """Call with a local (Berlin) datetime's parts to make ``timezone.now`` return it."""

    def freeze(*args: int) -> datetime:
        moment = datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze


def titles(page) -> list[str]:
    return [title.text for title in page.find_all(class_="product-card__title")]


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return parse(response)


def params_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def link(page, text: str):
    """The link whose text starts with ``text`` (facet links end with their counts)."""
    found = [a for a in page.find_all("a") if a.text.startswith(text)]
    assert found, f"no link {text!r}"
    return found[0]


@pytest.fixture
def town(freeze_now):
    """Three shops and a small garden and food range; every product mentions roses."""
    freeze_now(*MONDAY_MORNING)
    garden = category("Garten")
    roses = category("Rosen", parent=garden)
    tools = category("Werkzeug", parent=garden)
    food = category("Lebensmittel")
    bread = category("Brot", parent=food)
    florist = VendorFactory(name="Blumenhaus", slug="blumenhaus")
    hardware = VendorFactory(name="Eisenwaren", slug="eisenwaren")
    bakery = VendorFactory(name="Backstube", slug="backstube")
    OpeningHoursFactory(vendor=hardware, weekday=0, opens="09:00", closes="18:00")
    made = {
        "shears": product_in(hardware, tools, title="Rosenschere Bypass", stock__price="19.90"),
        "bouquet": product_in(florist, roses, title="Rosenstrauß rot", stock__price="24.90"),
        "fertiliser": product_in(florist, garden, title="Rosendünger", stock__price="7.90"),
        "raisin_bread": product_in(
            bakery, bread, title="Rosinenbrot mit Rosen", stock__price="3.60"
        ),
        "sold_out": product_in(
            hardware, tools, title="Rosenschere Profi", stock__price="39.00", stock__num_in_stock=0
        ),
    }
    for product in made.values():
        product.description = "Für Rosenfreunde in Forst."
        product.save()
    rebuild()
    return {
        "garden": garden,
        "roses": roses,
        "tools": tools,
        "food": food,
        "bread": bread,
        "florist": florist,
        "hardware": hardware,
        "bakery": bakery,
        **made,
    }


# The search page


def test_search_lists_matches_with_sold_out_ones_last(client, town):
    page = get(client, "/search/?q=rosen", **EN)

    found = titles(page)
    assert sorted(found) == [
        "Rosendünger",
        "Rosenschere Bypass",
        "Rosenschere Profi",
        "Rosenstrauß rot",
        "Rosinenbrot mit Rosen",
    ]
    assert found[-1] == "Rosenschere Profi"  # out of stock: after every available product
    assert page.find("h1").text == "Search for “rosen”"
    count = page.find(class_="result-count")
    assert count.get("role") == "status" and count.text == "5 products"


def test_search_page_without_text_shows_only_the_box(client, town):
    page = get(client, "/search/", **EN)

    assert titles(page) == []
    assert page.find("aside", class_="search-facets") is None
    assert page.find("input", id="search-q").get("type") == "search"
    assert "Enter one or more words" in page.find(id="content_inner").text


def test_facets_show_counts_for_every_option(client, town):
    page = get(client, "/search/?q=rosen", **EN)
    facets = page.find("aside", class_="search-facets")

    categories = facets.find("nav", class_="facet--category")
    assert [a.text for a in categories.find_all("a")] == [
        "Garten 4 (4 products)",
        "Lebensmittel 1 (1 product)",
    ]
    shops = facets.find("fieldset", class_="facet--vendor")
    assert [label.text for label in shops.find_all("label")] == [
        "Blumenhaus 2 (2 products)",
        "Eisenwaren 2 (2 products)",
        "Backstube 1 (1 product)",
    ]
    prices = facets.find(class_="facet--price")
    assert [a.text.split(" ")[0] for a in prices.find_all("a")] == ["up", "5–10", "10–25", "25–50"]
    availability = facets.find("fieldset", class_="facet--availability")
    assert [label.text for label in availability.find_all("label")] == [
        "All 5 (5 products)",
        "Available 4 (4 products)",
        "Not available right now 1 (1 product)",
    ]
    assert "checked" in availability.find("input", value="").attrs
    pickup = facets.find("fieldset", class_="facet--pickup")
    # Only the hardware shop is open today; its sold-out shears cannot be picked up.
    assert pickup.find("label").text == "Pick up today 1 (1 product)"


def test_category_links_narrow_and_lead_back(client, town):
    page = get(client, "/search/?q=rosen&sort=price-asc", **EN)
    garden = link(page.find("nav", class_="facet--category"), "Garten")
    assert params_of(garden.get("href")) == {
        "q": ["rosen"],
        "sort": ["price-asc"],
        "category": [str(town["garden"].pk)],
    }

    page = get(client, garden.get("href"), **EN)
    assert titles(page) == [
        "Rosendünger",
        "Rosenschere Bypass",
        "Rosenstrauß rot",
        "Rosenschere Profi",
    ]
    facet = page.find("nav", class_="facet--category")
    current = facet.find_all(aria_current="true")
    assert [element.text for element in current] == ["Garten 4 (4 products)"]
    children = [a.text for a in facet.find_all("a")]
    assert children == ["‹ All categories", "Rosen 1 (1 product)", "Werkzeug 2 (2 products)"]
    back = facet.find(class_="facet__back").find("a")
    assert params_of(back.get("href")) == {"q": ["rosen"], "sort": ["price-asc"]}

    # One level further down the chosen category keeps its parent as a link.
    page = get(client, link(facet, "Werkzeug").get("href"), **EN)
    assert sorted(titles(page)) == ["Rosenschere Bypass", "Rosenschere Profi"]
    facet = page.find("nav", class_="facet--category")
    assert [a.text for a in facet.find_all("a")] == ["‹ All categories", "Garten 4 (4 products)"]
    assert facet.find(aria_current="true").text.startswith("Werkzeug")


def test_shop_checkboxes_filter_and_stay_checked(client, town):
    # What the filter form sends when two shops are ticked and "Apply" is pressed.
    page = get(client, "/search/?q=rosen&vendor=blumenhaus&vendor=backstube", **EN)

    assert sorted(titles(page)) == ["Rosendünger", "Rosenstrauß rot", "Rosinenbrot mit Rosen"]
    boxes = {box.get("value"): box for box in page.find_all("input", name="vendor")}
    assert set(boxes) == {"blumenhaus", "eisenwaren", "backstube"}
    assert {value for value, box in boxes.items() if "checked" in box.attrs} == {
        "blumenhaus",
        "backstube",
    }
    # Shop counts ignore the shop filter (the alternatives stay visible), the others do not.
    shop_labels = [
        label.text for label in page.find("fieldset", class_="facet--vendor").find_all("label")
    ]
    assert "Eisenwaren 2 (2 products)" in shop_labels
    assert page.find(class_="result-count").text == "3 products"


def test_price_links_and_availability(client, town):
    page = get(client, "/search/?q=rosen", **EN)
    ten_to_25 = link(page.find(class_="facet--price"), "10–25 €")
    assert params_of(ten_to_25.get("href")) == {
        "q": ["rosen"],
        "min_price": ["10"],
        "max_price": ["24.99"],
    }

    page = get(client, ten_to_25.get("href") + "&available=true", **EN)
    assert sorted(titles(page)) == ["Rosenschere Bypass", "Rosenstrauß rot"]
    prices = page.find(class_="facet--price")
    assert prices.find(aria_current="true").text.startswith("10–25 €")
    all_prices = link(prices, "All prices")
    assert params_of(all_prices.get("href")) == {"q": ["rosen"], "available": ["true"]}
    assert "checked" in page.find("input", id="facet-available-true").attrs
    # The form carries what the links set, so ticking a box keeps the price range.
    form = page.find("form", id="search-filters")
    hidden = {
        field.get("name"): field.get("value") for field in form.find_all("input", type="hidden")
    }
    assert hidden == {"q": "rosen", "min_price": "10", "max_price": "24.99"}

    page = get(client, "/search/?q=rosen&available=false", **EN)
    assert titles(page) == ["Rosenschere Profi"]


def test_pick_up_today(client, town):
    page = get(client, "/search/?q=rosen&pickup_today=true", **EN)

    assert titles(page) == ["Rosenschere Bypass"]
    assert "checked" in page.find("input", name="pickup_today").attrs


def test_sorting_with_the_form(client, town):
    page = get(client, "/search/?q=rosen&sort=price-desc", **EN)

    assert titles(page)[:2] == ["Rosenschere Profi", "Rosenstrauß rot"]
    select = page.find("select", name="sort")
    assert select.get("form") == "search-filters"
    assert page.find("label", for_=select.get("id")).text == "Sort by"
    options = {option.get("value"): option for option in select.find_all("option")}
    assert list(options) == ["", "newest", "price-asc", "price-desc"]
    assert "selected" in options["price-desc"].attrs
    button = page.find("button", form="search-filters")
    assert button.get("type") == "submit" and button.text == "Sort"

    cheap_first = titles(get(client, "/search/?q=rosen&sort=price-asc"))
    assert cheap_first == [
        "Rosinenbrot mit Rosen",
        "Rosendünger",
        "Rosenschere Bypass",
        "Rosenstrauß rot",
        "Rosenschere Profi",
    ]


def test_pagination_keeps_every_parameter(client, town):
    for n in range(30):
        product_of(town["florist"], title=f"Rosenstock Nr. {n}", stock__price="6.00")
    rebuild()
    url = "/search/?q=rosenstock&vendor=blumenhaus&sort=newest&min_price=5&max_price=9.99"

    page = get(client, url, **EN)
    assert page.find(class_="result-count").text == "30 products"
    assert len(titles(page)) == 24
    pager = page.find("nav", class_="pagination-nav")
    assert pager.get("aria-label") == "Pages of products"
    assert pager.find(aria_current="page").text == "Page 1 of 2"
    next_link = pager.find("a", rel="next")
    assert params_of(next_link.get("href")) == {
        "q": ["rosenstock"],
        "vendor": ["blumenhaus"],
        "sort": ["newest"],
        "min_price": ["5"],
        "max_price": ["9.99"],
        "page": ["2"],
    }

    second = get(client, next_link.get("href"), **EN)
    assert len(titles(second)) == 6
    assert set(titles(second)).isdisjoint(titles(page))
    previous = second.find("nav", class_="pagination-nav").find("a", rel="prev")
    assert "page" not in params_of(previous.get("href"))
    # Facet links start again at the first page.
    shop_link = link(second.find(class_="facet--price"), "All prices")
    assert "page" not in params_of(shop_link.get("href"))
    # A page beyond the last shows the last one.
    assert titles(get(client, url + "&page=7")) == titles(second)


# Corrections


def test_did_you_mean_when_nothing_matches(client, town):
    """Two slips in a seven-letter word are too many to correct on the fly, not for a
    suggestion."""
    product_of(town["hardware"], title="Laterne aus Messing")
    rebuild()

    page = get(client, "/search/?q=latrnee&vendor=eisenwaren")
    assert titles(page) == []
    notice = page.find(class_="search-notice--suggestion")
    assert notice.text.replace(" ?", "?") == "Meinten Sie »laterne«?"
    assert params_of(notice.find("a").get("href")) == {"q": ["laterne"], "vendor": ["eisenwaren"]}
    assert "Zu Ihrer Suche wurden keine Produkte gefunden" in page.find(class_="search-empty").text
    assert page.find(class_="result-count").text == "0 Produkte"

    english = get(client, "/search/?q=latrnee", **EN)
    suggestion = english.find(class_="search-notice--suggestion")
    assert suggestion.text.replace(" ?", "?") == "Did you mean “laterne”?"
    assert titles(get(client, notice.find("a").get("href"))) == ["Laterne aus Messing"]


def test_no_suggestion_without_one(client, town):
    page = get(client, "/search/?q=qqqxxzz")

    assert titles(page) == []
    assert page.find(class_="search-notice--suggestion") is None


def test_results_for_a_corrected_query_name_both(client, town):
    page = get(client, "/search/?q=rosenschre")

    assert sorted(titles(page)) == ["Rosenschere Bypass", "Rosenschere Profi"]
    notice = page.find(class_="search-notice--corrected")
    assert notice.text == (
        "Ergebnisse für »rosenschere« – zu »rosenschre« gab es keine genauen Treffer."
    )
    assert page.find("h1").text == "Suche nach »rosenschre«"
    english = get(client, "/search/?q=rosenschre", **EN)
    assert english.find(class_="search-notice--corrected").text == (
        "Results for “rosenschere” – nothing matched “rosenschre” exactly."
    )


# Bad parameters


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("vendor=gibt-es-nicht", "Shop: Unknown shop: gibt-es-nicht."),
        ("category=999999", "Category: Unknown category."),
        ("category=abc", "Category: Enter a whole number."),
        ("min_price=billig", "Lowest price: Enter a number."),
        (
            "min_price=30&max_price=10",
            "Highest price: The highest price is below the lowest price.",
        ),
        ("available=vielleicht", "Availability: Use true or false."),
        ("sort=zufall", "Sort by: Select a valid choice."),
        ("page=0", "Page: Ensure this value is greater than or equal to 1."),
        ("page_size=1000", "Products per page: Ensure this value is less than or equal to 100."),
    ],
)
def test_bad_parameters_are_left_out_with_a_note(client, town, query, message):
    response = client.get(f"/search/?q=rosen&{query}", **EN)

    assert response.status_code == 200
    page = parse(response)
    notice = page.find(class_="search-notice--problem")
    assert notice.find(class_="search-notice__title").text == (
        "Some filters could not be used and were left out:"
    )
    assert notice.find("li").text.startswith(message)
    assert titles(page)  # the search itself still ran
    # No link repeats the bad value.
    bad_name, bad_value = query.split("&")[-1].split("=")
    for anchor in page.find(id="content_inner").find_all("a"):
        assert params_of(anchor.get("href", "")).get(bad_name) != [bad_value], anchor


def test_bad_parameters_in_german(client, town):
    page = get(client, "/search/?q=rosen&vendor=gibt-es-nicht&min_price=x")

    notice = page.find(class_="search-notice--problem")
    assert notice.find(class_="search-notice__title").text == (
        "Einige Filter passten nicht und wurden weggelassen:"
    )
    assert [item.text for item in notice.find_all("li")] == [
        "Geschäft: Unbekanntes Geschäft: gibt-es-nicht.",
        "Niedrigster Preis: Bitte eine Zahl eingeben.",
    ]


def test_an_overlong_query_is_shortened(client, town):
    page = get(client, "/search/?q=rosen" + "x" * 300, **EN)

    assert "at most 200 characters" in page.find(class_="search-notice--problem").text
    assert len(page.find("input", id="search-q").get("value")) == 200


def test_query_text_is_escaped(client, town):
    response = client.get('/search/?q=<script>alert("x")</script>')

    assert response.status_code == 200
    assert b"<script>alert" not in response.content


# Catalogue and category pages


def test_category_page_facet_lists_subcategories_and_keeps_filters(client, town):
    url = town["garden"].get_absolute_url()
    page = get(client, url + "?vendor=eisenwaren&category=" + str(town["food"].pk), **EN)

    # The category comes from the address; a category parameter is ignored there.
    assert sorted(titles(page)) == ["Rosenschere Bypass", "Rosenschere Profi"]
    facet = page.find("nav", class_="facet--category")
    back, *children = facet.find_all("a")
    assert back.text == "‹ All products"
    assert urlsplit(back.get("href")).path == "/catalogue/"
    assert [a.text for a in children] == ["Werkzeug 2 (2 products)"]
    assert urlsplit(children[0].get("href")).path == town["tools"].get_absolute_url()
    assert params_of(children[0].get("href")) == {"vendor": ["eisenwaren"]}
    assert facet.find(aria_current="true").text == "Garten 2 (2 products)"
    hidden = page.find("form", id="search-filters").find_all("input", type="hidden")
    assert [field.get("name") for field in hidden] == []


def test_catalogue_facet_links_to_category_pages(client, town):
    page = get(client, "/catalogue/?available=true", **EN)

    assert len(titles(page)) == 4
    facet = page.find("nav", class_="facet--category")
    links = {a.text.split(" ")[0]: a.get("href") for a in facet.find_all("a")}
    assert urlsplit(links["Garten"]).path == town["garden"].get_absolute_url()
    assert params_of(links["Garten"]) == {"available": ["true"]}
    reset = page.find("a", class_="search-filters__reset")
    assert reset.get("href") == "/catalogue/"


def test_empty_category_page_offers_to_remove_filters(client, town):
    page = get(client, town["bread"].get_absolute_url() + "?vendor=eisenwaren", **EN)

    assert titles(page) == []
    assert page.find(class_="result-count").text == "0 products"
    assert "No products found." in page.find(class_="search-list").text
    assert link(page.find(class_="search-list"), "Remove all filters").get("href") == (
        town["bread"].get_absolute_url()
    )


# Accessibility and enhancement


def test_controls_are_labelled_and_grouped(client, town):
    page = get(client, "/search/?q=rosen", **EN)
    aside = page.find("aside", class_="search-facets")

    assert page.find(id=aside.get("aria-labelledby")).text == "Filter"
    assert aside.find("a", class_="search-facets__skip").get("href") == "#search-results"
    assert page.find("section", id="search-results") is not None
    for fieldset in aside.find_all("fieldset"):
        assert fieldset.find("legend").text
    for group in [aside.find("nav", class_="facet--category"), aside.find(class_="facet--price")]:
        assert page.find(id=group.get("aria-labelledby")).tag == "h3"
    for control in aside.find_all("input"):
        if control.get("type") != "hidden":
            assert page.find("label", for_=control.get("id")), control
    form = aside.find("form", id="search-filters")
    assert form.get("method") == "get" and form.get("action") == "/search/"
    assert form.find("button", type="submit").text == "Apply filters"
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_search_boxes_and_script_for_autocomplete(client, town):
    page = get(client, "/search/?q=rosen")

    box = page.find("input", id="search-q")
    assert "data-search-suggest" in box.attrs
    assert box.get("autocomplete") == "off"
    assert page.find("label", for_="search-q").text == "Suchen nach"
    script = page.find("script", src="/static/js/search.js")
    assert script.get("data-suggest-url") == "/api/v1/search/suggest/"
    assert "defer" in script.attrs
    assert script.get("data-text-none") == "Keine Vorschläge."
    # The catalogue and category pages load it too (autocomplete in the header box).
    assert get(client, "/catalogue/").find("script", src="/static/js/search.js") is not None


def test_german_labels(client, town):
    page = get(client, "/search/?q=rosen")

    assert page.find("h1").text == "Suche nach »rosen«"
    aside = page.find("aside", class_="search-facets")
    assert [legend.text for legend in aside.find_all("legend")] == [
        "Geschäft",
        "Verfügbarkeit",
        "Abholung",
    ]
    assert [h.text for h in aside.find_all("h3")] == ["Kategorie", "Preis"]
    labels = [label.text for label in aside.find_all("label")]
    assert "Verfügbar 4 (4 Produkte)" in labels
    assert "Heute abholbereit 1 (1 Produkt)" in labels
    assert page.find(class_="result-count").text == "5 Produkte"
    assert page.find("button", form="search-filters").text == "Sortieren"
    assert [option.text for option in page.find("select", name="sort").find_all("option")] == [
        "Relevanz",
        "Neueste zuerst",
        "Preis: aufsteigend",
        "Preis: absteigend",
    ]


class DownBackend(BaseSearchBackend):
    """A search engine that does not answer."""

    def search(self, query):
        raise SearchBackendError("connection refused")

    def suggest(self, prefix, *, limit=8):
        raise SearchBackendError("connection refused")

    def index(self, documents):
        pass

    def delete(self, product_ids):
        pass


DOWN = {
    "SEARCH_BACKENDS": {
        "down": {"BACKEND": f"{__name__}.DownBackend", "FALLBACK": "database"},
        "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
    },
    "SEARCH_BACKEND": "down",
}


def test_degraded_search_looks_normal(client, town):
    with override_settings(**DOWN):
        page = get(client, "/search/?q=rosen")

    assert len(titles(page)) == 5
    assert page.find(class_="search-list").get("data-degraded") == "true"
    assert page.find(class_="search-notice") is None
    assert get(client, "/search/?q=rosen").find(class_="search-list").get("data-degraded") is None


def test_out_of_stock_products_can_be_shown_alone(client, town):
    page = get(client, "/catalogue/?available=false", **EN)

    assert titles(page) == ["Rosenschere Profi"]
    radio = page.find("input", id="facet-available-false")
    assert "checked" in radio.attrs
    assert page.find("label", for_="facet-available-false").text.startswith("Not available")


def test_prices_on_cards_match_the_offer(client, town):
    card = get(client, "/search/?q=rosenstrauss").find(class_="product-card")

    assert card.find(class_="product-card__title").text == "Rosenstrauß rot"
    assert card.find(class_="product-card__price").text == "24,90 €"
    assert Decimal("24.90") == town["bouquet"].stockrecords.get().price


def test_facet_column_folds_and_counts_active_filters(client, town):
    url = f"/search/?q=rosen&vendor=blumenhaus&available=true&category={town['garden'].pk}"
    page = get(client, url)

    panel = page.find("details", class_="search-facets__panel")
    assert "open" in panel.attrs and "data-search-panel" in panel.attrs  # script folds on phones
    assert panel.find("summary").find("h2").text == "Filter (3 aktiv)"
    assert get(client, url, **EN).find("h2", id="search-facets-heading").text == "Filter (3 active)"
    reset = page.find("a", class_="search-filters__reset")
    assert params_of(reset.get("href")) == {"q": ["rosen"]}
