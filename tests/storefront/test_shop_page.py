"""A shop's page /shops/<slug>/: profile, contact, opening hours, Impressum, products; 404 for
shops residents may not see."""

import json
from datetime import date, time

import pytest

from tests.factories import OpeningHoursFactory, VendorFactory, product_of
from tests.storefront.factories import OpeningExceptionFactory
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Wednesday 6 August 2025, an ordinary working day in Brandenburg.
WEDNESDAY = (2025, 8, 6)


@pytest.fixture
def shop():
    shop = VendorFactory(
        name="Backstube Pannasch",
        slug="backstube-pannasch",
        tagline="Steinofenbrot seit 1968",
        description="Bäckerei in dritter Generation.",
        street="Lindenstraße 12",
        postcode="03149",
        city="Forst (Lausitz)",
        phone="03562 12345",
        email="info@pannasch.example",
        legal_name="Backstube Pannasch",
        legal_form="e. K.",
        representative="Martina Pannasch",
        register_court="Amtsgericht Cottbus",
        register_number="HRA 1234 CB",
        vat_id="DE123456789",
        pickup_note="Bitte an der Seitentür klingeln.",
    )
    for weekday in range(6):  # Monday to Saturday
        OpeningHoursFactory(vendor=shop, weekday=weekday, opens="09:00", closes="18:00")
    return shop


def test_shop_page_shows_profile_and_contact(client, shop):
    response = client.get("/shops/backstube-pannasch/", **EN)

    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text == "Backstube Pannasch"
    text = page.text
    assert "Steinofenbrot seit 1968" in text
    assert "Bäckerei in dritter Generation." in text
    contact = page.find("section", aria_labelledby="contact-heading")
    assert "Lindenstraße 12" in contact.text and "03149 Forst (Lausitz)" in contact.text
    assert contact.find("a", href="tel:0356212345").text == "03562 12345"
    assert contact.find("a", href="mailto:info@pannasch.example") is not None
    pickup = page.find("section", aria_labelledby="pickup-heading")
    assert "Bitte an der Seitentür klingeln." in pickup.text


def test_shop_page_shows_the_impressum(client, shop):
    impressum = (
        parse(client.get(shop.get_absolute_url(), **EN))
        .find("section", aria_labelledby="impressum-heading")
        .text
    )
    for fact in (
        "Backstube Pannasch (e. K.)",
        "Lindenstraße 12, 03149 Forst (Lausitz)",
        "Represented by",
        "Martina Pannasch",
        "Amtsgericht Cottbus HRA 1234 CB",
        "DE123456789",
        "info@pannasch.example",
    ):
        assert fact in impressum


def test_open_now_badge_while_open(client, shop, freeze_now):
    freeze_now(*WEDNESDAY, 10, 30)
    badge = (
        parse(client.get(shop.get_absolute_url(), **EN))
        .find("header", class_="shop-hero")
        .find(class_="badge-state")
    )
    assert "badge-state--open" in badge.classes
    assert badge.text == "Open now, until 18:00"


def test_closed_badge_after_closing_time(client, shop, freeze_now):
    freeze_now(*WEDNESDAY, 19, 0)
    badge = (
        parse(client.get(shop.get_absolute_url(), **EN))
        .find("header", class_="shop-hero")
        .find(class_="badge-state")
    )
    assert "badge-state--closed" in badge.classes
    assert badge.text == "Closed, opens tomorrow at 09:00"


def test_open_badge_in_german(client, shop, freeze_now):
    freeze_now(*WEDNESDAY, 10, 30)
    badge = (
        parse(client.get(shop.get_absolute_url()))
        .find("header", class_="shop-hero")
        .find(class_="badge-state")
    )
    assert badge.text == "Jetzt geöffnet, bis 18:00 Uhr"


def test_opening_hours_of_the_next_days_with_exceptions(client, shop, freeze_now):
    freeze_now(*WEDNESDAY, 8, 0)
    OpeningExceptionFactory(vendor=shop, start_date=date(2025, 8, 7), note="Betriebsausflug")
    OpeningExceptionFactory(
        vendor=shop,
        start_date=date(2025, 8, 8),
        opens=time(9),
        closes=time(22),
        note="Einkaufsnacht",
    )

    page = parse(client.get(shop.get_absolute_url(), **EN))
    table = page.find("section", aria_labelledby="hours-heading").find(
        "table", class_="hours-table"
    )
    rows = [
        (row.find("th").text, row.find("td").text) for row in table.find("tbody").find_all("tr")
    ]

    assert len(rows) == 7
    assert rows[0] == ("Today 08/06/2025", "09:00–18:00")
    assert rows[1] == ("Tomorrow 08/07/2025", "closed Betriebsausflug")
    assert rows[2] == ("Friday 08/08/2025", "09:00–22:00 Einkaufsnacht")
    assert rows[3] == ("Saturday 08/09/2025", "09:00–18:00")
    assert rows[4] == ("Sunday 08/10/2025", "closed")
    assert "Opens" not in rows[0][1]
    # Closed before opening: the badge names today's opening time.
    badge = page.find("header", class_="shop-hero").find(class_="badge-state")
    assert badge.text == "Closed, opens today at 09:00"


def test_public_holiday_is_closed(client, shop, freeze_now):
    freeze_now(2025, 10, 2, 12, 0)  # Thursday before the Tag der Deutschen Einheit
    table = parse(client.get(shop.get_absolute_url(), **EN)).find("table", class_="hours-table")
    tomorrow = table.find("tbody").find_all("tr")[1]
    assert tomorrow.find("td").text == "closed Tag der Deutschen Einheit"


def test_shop_without_hours_says_so(client):
    shop = VendorFactory()
    badge = (
        parse(client.get(shop.get_absolute_url(), **EN))
        .find("header", class_="shop-hero")
        .find(class_="badge-state")
    )
    assert badge.text == "Opening hours not given"
    assert "badge-state--unknown" in badge.classes


def test_shop_page_lists_the_shops_public_products_only(client, shop):
    product_of(shop, title="Lausitzer Roggenbrot")
    product_of(shop, title="Mohnstriezel")
    product_of(shop, title="Geheimes Rezept", is_public=False)
    product_of(VendorFactory(), title="Fremdes Produkt")

    products = parse(client.get(shop.get_absolute_url())).find(
        "section", aria_labelledby="products-heading"
    )
    titles = sorted(title.text for title in products.find_all(class_="product-card__title"))
    assert titles == ["Lausitzer Roggenbrot", "Mohnstriezel"]


def test_listed_only_shop_page_has_note_and_no_pickup(client):
    shop = VendorFactory(sells_online=False, pickup_note="Nicht zu sehen")
    page = parse(client.get(shop.get_absolute_url(), **EN))
    assert "does not sell online" in page.find(class_="alert-info").text
    assert page.find("section", aria_labelledby="pickup-heading") is None


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_hidden_shop_page_is_404(client, status):
    shop = VendorFactory(status=status)
    assert client.get(f"/shops/{shop.slug}/").status_code == 404


def test_unknown_shop_is_404(client):
    VendorFactory(slug="es-gibt-mich")
    assert client.get("/shops/gibt-es-nicht/").status_code == 404


def test_shop_page_describes_the_shop_as_structured_data(client, shop):
    page = parse(client.get(shop.get_absolute_url()))
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads("".join(blocks[0].children))
    assert data["@type"] == "Store" and data["name"] == "Backstube Pannasch"
    assert data["address"]["streetAddress"] == "Lindenstraße 12"
    assert data["telephone"] == "03562 12345" and data["vatID"] == "DE123456789"
    assert len(data["openingHoursSpecification"]) == 6
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
