"""The shop directory /shops/: approved shops only, filter by trade, listed-only shops marked."""

import pytest

from tests.factories import VendorFactory
from tests.storefront.html import parse
from vendors.models import Trade, VendorStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def card_titles(response) -> list[str]:
    return [
        card.find(class_="shop-card__title").text
        for card in parse(response).find_all(class_="shop-card")
    ]


def test_directory_lists_only_approved_shops(client):
    VendorFactory(name="Backstube Pannasch")
    VendorFactory(name="Blumenhaus Rosengarten")
    VendorFactory(name="Beantragt GmbH", status=VendorStatus.APPLIED)
    VendorFactory(name="Gesperrt KG", status=VendorStatus.SUSPENDED)

    response = client.get("/shops/")

    assert response.status_code == 200
    assert card_titles(response) == ["Backstube Pannasch", "Blumenhaus Rosengarten"]
    body = response.content.decode()
    assert "Beantragt GmbH" not in body and "Gesperrt KG" not in body


def test_cards_link_to_the_shop_pages(client):
    shop = VendorFactory(name="Buchhandlung am Markt", slug="buchhandlung-am-markt")
    link = parse(client.get("/shops/")).find(class_="shop-card__title").find("a")
    assert link.get("href") == "/shops/buchhandlung-am-markt/" == shop.get_absolute_url()


def test_trade_filter_keeps_only_that_trade(client):
    VendorFactory(name="Backhaus Eins", trade=Trade.BAKERY)
    VendorFactory(name="Backhaus Zwei", trade=Trade.BAKERY)
    VendorFactory(name="Blumen Rosa", trade=Trade.FLORIST)
    VendorFactory(name="Versteckte Bäckerei", trade=Trade.BAKERY, status=VendorStatus.SUSPENDED)

    response = client.get("/shops/?trade=bakery", **EN)

    assert card_titles(response) == ["Backhaus Eins", "Backhaus Zwei"]
    filters = {
        a.text: a for a in parse(response).find("nav", aria_label="Filter by trade").find_all("a")
    }
    # Counts include approved shops only; the selected trade is marked as the current one.
    assert set(filters) == {"All shops", "Bakery (2)", "Florist (1)"}
    assert filters["Bakery (2)"].get("aria-current") == "page"
    assert "aria-current" not in filters["All shops"].attrs


def test_unknown_trade_shows_all_shops(client):
    VendorFactory(name="Backhaus Eins", trade=Trade.BAKERY)
    VendorFactory(name="Blumen Rosa", trade=Trade.FLORIST)

    assert card_titles(client.get("/shops/?trade=spaceships")) == ["Backhaus Eins", "Blumen Rosa"]


def test_listed_only_shop_shows_its_note(client):
    VendorFactory(name="Optik Nur-Vor-Ort", sells_online=False)
    VendorFactory(name="Online-Laden", sells_online=True)

    cards = {
        card.find(class_="shop-card__title").text: card
        for card in parse(client.get("/shops/", **EN)).find_all(class_="shop-card")
    }

    note = cards["Optik Nur-Vor-Ort"].find(class_="shop-card__note")
    assert note is not None and "does not sell online" in note.text
    assert cards["Online-Laden"].find(class_="shop-card__note") is None


def test_directory_without_shops_says_so(client):
    VendorFactory(status=VendorStatus.APPLIED)
    response = client.get("/shops/", **EN)
    assert response.status_code == 200
    assert "No shops found." in parse(response).text


@pytest.mark.parametrize("page", ["999", "abc"])
def test_page_out_of_range_shows_the_nearest_page(client, page):
    VendorFactory(name="Backstube")
    response = client.get(f"/shops/?page={page}")
    assert response.status_code == 200
    assert card_titles(response) == ["Backstube"]
