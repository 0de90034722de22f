"""Category pages and /catalogue/: the products of a category subtree, filter by shop, sorting.

The pages answer from the search index (search.service): each test indexes its products with
``rebuild()`` before requesting a page. tests/search/test_pages.py covers facets and the search
page in depth.
"""

from decimal import Decimal

import pytest

from search.indexing import rebuild
from tests.factories import VendorFactory, product_of
from tests.storefront.factories import category, product_in
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [t.text for t in parse(response).find_all(class_="product-card__title")]


@pytest.fixture
def tree():
    food = category("Lebensmittel")
    bread = category("Brot", parent=food)
    wholemeal = category("Vollkorn", parent=bread)
    books = category("Bücher")
    return {"food": food, "bread": bread, "wholemeal": wholemeal, "books": books}


def test_category_page_lists_products_of_the_whole_subtree(client, tree):
    shop = VendorFactory()
    product_in(shop, tree["food"], title="Honig")
    product_in(shop, tree["bread"], title="Roggenbrot")
    product_in(shop, tree["wholemeal"], title="Dinkelvollkornbrot")
    product_in(shop, tree["books"], title="Stadtchronik")
    rebuild()

    assert sorted(titles(client.get(tree["food"].get_absolute_url()))) == [
        "Dinkelvollkornbrot",
        "Honig",
        "Roggenbrot",
    ]
    assert sorted(titles(client.get(tree["bread"].get_absolute_url()))) == [
        "Dinkelvollkornbrot",
        "Roggenbrot",
    ]
    assert titles(client.get(tree["books"].get_absolute_url())) == ["Stadtchronik"]


def test_category_page_heading_breadcrumbs_and_subcategories(client, tree):
    shop = VendorFactory()
    product_in(shop, tree["wholemeal"], title="Dinkelvollkornbrot")
    product_in(shop, tree["bread"], title="Roggenbrot")
    rebuild()

    page = parse(client.get(tree["bread"].get_absolute_url(), **EN))
    assert page.find("h1").text == "Brot"
    crumbs = [li.text for li in page.find("ol", class_="breadcrumb").find_all("li")]
    assert crumbs == ["Start", "Products", "Lebensmittel", "Brot"]
    subnav = page.find("nav", class_="facet--category")
    links = subnav.find_all("a")
    # Back to the parent category, then the subcategories with their counts.
    assert [a.get("href") for a in links] == [
        tree["food"].get_absolute_url(),
        tree["wholemeal"].get_absolute_url(),
    ]
    assert links[1].text == "Vollkorn 1 (1 product)"
    current = subnav.find_all(aria_current="true")
    assert [e.text for e in current] == ["Brot 2 (2 products)"]


def test_category_page_hides_products_residents_may_not_see(client, tree):
    product_in(VendorFactory(), tree["bread"], title="Sichtbar")
    product_in(VendorFactory(), tree["bread"], title="Nicht öffentlich", is_public=False)
    product_in(VendorFactory(status=VendorStatus.SUSPENDED), tree["bread"], title="Gesperrt")
    product_in(VendorFactory(status=VendorStatus.APPLIED), tree["bread"], title="Beantragt")
    rebuild()

    assert titles(client.get(tree["bread"].get_absolute_url())) == ["Sichtbar"]


def test_non_public_category_is_404_and_wrong_slug_redirects(client, tree):
    hidden = category("Intern")
    hidden.is_public = False
    hidden.save()
    assert client.get(hidden.get_absolute_url()).status_code == 404

    url = tree["bread"].get_absolute_url()
    wrong = url.replace("brot", "falsch")
    assert wrong != url
    response = client.get(wrong + "?sort=newest")
    assert response.status_code == 301
    assert response["Location"] == url + "?sort=newest"


def test_filter_by_shop(client, tree):
    bakery = VendorFactory(name="Backstube", slug="backstube")
    other = VendorFactory(name="Hofladen", slug="hofladen")
    VendorFactory(name="Buchladen", slug="buchladen")  # offers nothing in this category
    product_in(bakery, tree["bread"], title="Roggenbrot")
    product_in(other, tree["bread"], title="Bauernbrot")
    rebuild()

    url = tree["food"].get_absolute_url()
    page = parse(client.get(url, **EN))
    boxes = page.find("fieldset", class_="facet--vendor").find_all("input", type="checkbox")
    assert [(box.get("name"), box.get("value")) for box in boxes] == [
        ("vendor", "backstube"),
        ("vendor", "hofladen"),
    ]

    response = client.get(url + "?vendor=hofladen", **EN)
    assert titles(response) == ["Bauernbrot"]
    assert parse(response).find(class_="result-count").text == "1 product"
    assert "checked" in parse(response).find("input", value="hofladen").attrs
    # An unknown shop is left out, with a note, rather than an error.
    response = client.get(url + "?vendor=gibt-es-nicht", **EN)
    assert sorted(titles(response)) == ["Bauernbrot", "Roggenbrot"]
    assert "Unknown shop: gibt-es-nicht." in parse(response).find(class_="search-notice").text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price-asc", ["Günstig", "Mittel", "Teuer"]),
        ("price-desc", ["Teuer", "Mittel", "Günstig"]),
        ("newest", ["Mittel", "Teuer", "Günstig"]),
    ],
)
def test_sorting(client, tree, sort, expected):
    shop = VendorFactory()
    product_in(shop, tree["bread"], title="Günstig", stock__price=Decimal("1.00"))
    product_in(shop, tree["bread"], title="Teuer", stock__price=Decimal("9.00"))
    product_in(shop, tree["bread"], title="Mittel", stock__price=Decimal("4.00"))
    rebuild()

    assert titles(client.get(tree["bread"].get_absolute_url() + f"?sort={sort}")) == expected
    assert titles(client.get(f"/catalogue/?sort={sort}")) == expected


def test_catalogue_index_lists_all_visible_products(client):
    product_of(VendorFactory(), title="Roggenbrot")
    product_of(VendorFactory(sells_online=False), title="Brille")  # listed-only shops are shown
    product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Gesperrt")
    product_of(VendorFactory(), title="Versteckt", is_public=False)
    rebuild()

    response = client.get("/catalogue/", **EN)
    assert sorted(titles(response)) == ["Brille", "Roggenbrot"]
    assert parse(response).find("h1").text == "All products"


def test_catalogue_cards_show_shop_price_and_vat(client):
    shop = VendorFactory(name="Backstube")
    product_of(
        shop,
        title="Roggenbrot",
        stock__price=Decimal("2.49"),
        unit_pricing_quantity=Decimal("500"),
        unit_pricing_unit="g",
    )
    rebuild()

    card = parse(client.get("/catalogue/")).find(class_="product-card")
    assert card.find(class_="product-card__shop").text == "Backstube"
    assert card.find(class_="product-card__price").text == "2,49 €"
    assert card.find(class_="price-note").text == "inkl. MwSt."
    assert card.find(class_="product-card__unit-price").text == "Grundpreis: 4,98 € / 1 kg"


def test_search_finds_products_by_words(client):
    shop = VendorFactory()
    product_of(shop, title="Lausitzer Roggenbrot")
    product_of(shop, title="Rosenschere", brand="Gartenfreund")
    product_of(VendorFactory(status=VendorStatus.SUSPENDED), title="Verstecktes Brot")
    rebuild()

    assert titles(client.get("/search/?q=brot")) == ["Lausitzer Roggenbrot"]
    assert titles(client.get("/search/?q=gartenfreund")) == ["Rosenschere"]
    assert titles(client.get("/search/?q=")) == []


def test_search_ignores_nul_characters(client):
    # PostgreSQL refuses NUL in query parameters; a crafted query must not become a 500.
    product_of(VendorFactory(), title="Lausitzer Roggenbrot")
    rebuild()
    response = client.get("/search/?q=roggen%00brot")
    assert titles(response) == ["Lausitzer Roggenbrot"]
    assert titles(client.get("/search/?q=%00")) == []


def test_product_in_several_subcategories_is_listed_once(client, tree):
    product_in(VendorFactory(), tree["bread"], tree["wholemeal"], title="Dinkelbrot")
    rebuild()
    assert titles(client.get(tree["food"].get_absolute_url())) == ["Dinkelbrot"]
