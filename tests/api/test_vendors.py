"""GET /api/v1/vendors/ and /api/v1/vendors/<slug>/: visibility, fields, filter, open now."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.api.factories import OpeningExceptionFactory
from tests.factories import OpeningHoursFactory, VendorFactory
from vendors.models import Trade, VendorStatus

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api-v1:vendor-list")


def detail_url(slug: str) -> str:
    return reverse("api-v1:vendor-detail", kwargs={"slug": slug})


def test_list_shows_only_approved_shops(api_client):
    approved = VendorFactory(name="Bäckerei Lehmann")
    VendorFactory(status=VendorStatus.APPLIED)
    VendorFactory(status=VendorStatus.SUSPENDED)

    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1
    assert body["next"] is None and body["previous"] is None
    assert [row["slug"] for row in body["results"]] == [approved.slug]


def test_list_item_fields_and_types(api_client, freeze_now):
    vendor = VendorFactory(
        name="Blumen Krause",
        slug="blumen-krause",
        trade=Trade.FLORIST,
        street="Cottbuser Straße 12",
        postcode="03149",
        latitude=Decimal("51.735612"),
        longitude=Decimal("14.634120"),
        phone="03562 12345",
        email="info@blumen-krause.example",
        website="https://blumen-krause.example",
        sells_online=False,
    )
    OpeningHoursFactory(vendor=vendor, weekday=1, opens="14:00", closes="18:00")
    OpeningHoursFactory(vendor=vendor, weekday=1, opens="09:00", closes="12:30")
    freeze_now(2025, 6, 3, 10, 0)  # a Tuesday

    row = api_client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert row == {
        "slug": "blumen-krause",
        "name": "Blumen Krause",
        "trade": {"code": "florist", "label": "Florist"},
        "address": {
            "street": "Cottbuser Straße 12",
            "postcode": "03149",
            "city": "Forst (Lausitz)",
        },
        "position": {"lat": 51.735612, "lon": 14.63412},
        "phone": "03562 12345",
        "email": "info@blumen-krause.example",
        "website": "https://blumen-krause.example",
        "opening_hours": [
            {"weekday": 1, "opens": "09:00:00", "closes": "12:30:00"},
            {"weekday": 1, "opens": "14:00:00", "closes": "18:00:00"},
        ],
        "open_now": True,
        "sells_online": False,
        "url": "http://testserver/shops/blumen-krause/",
    }
    assert isinstance(row["position"]["lat"], float)


def test_position_is_null_without_coordinates(api_client):
    VendorFactory(latitude=Decimal("51.7"), longitude=None)

    row = api_client.get(LIST_URL).json()["results"][0]

    assert row["position"] is None


def test_filter_by_trade(api_client):
    bakery = VendorFactory(trade=Trade.BAKERY)
    VendorFactory(trade=Trade.BUTCHER)
    VendorFactory(trade=Trade.BAKERY, status=VendorStatus.SUSPENDED)

    body = api_client.get(LIST_URL, {"trade": "bakery"}).json()

    assert [row["slug"] for row in body["results"]] == [bakery.slug]
    assert body["count"] == 1


def test_empty_trade_filter_and_unknown_parameters_are_ignored(api_client):
    VendorFactory(trade=Trade.BAKERY)
    VendorFactory(trade=Trade.BUTCHER)

    assert api_client.get(LIST_URL, {"trade": ""}).json()["count"] == 2
    assert api_client.get(LIST_URL, {"colour": "red", "ordering": "-name"}).json()["count"] == 2


def test_unknown_trade_is_a_400_naming_the_parameter(api_client):
    VendorFactory(trade=Trade.BAKERY)

    response = api_client.get(LIST_URL, {"trade": "<script>"})

    assert response.status_code == 400
    assert list(response.json()) == ["trade"]
    assert "bakery" in response.json()["trade"][0]
    assert "<script>" not in response.content.decode()


def test_pagination_pages_and_links(api_client):
    first, second, third = (VendorFactory(name=name) for name in ("Anker", "Bernstein", "Chronos"))

    body = api_client.get(LIST_URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert [row["slug"] for row in body["results"]] == [first.slug, second.slug]
    assert body["next"] == "http://testserver/api/v1/vendors/?page=2&page_size=2"

    body = api_client.get(body["next"]).json()
    assert [row["slug"] for row in body["results"]] == [third.slug]
    assert body["previous"] == "http://testserver/api/v1/vendors/?page_size=2"


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "1.5", "99999999999999999999999"])
def test_bad_page_is_a_json_404(api_client, page):
    VendorFactory()

    response = api_client.get(LIST_URL, {"page": page})

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "100000"])
def test_bad_page_size_falls_back_or_is_capped(api_client, page_size):
    VendorFactory()

    response = api_client.get(LIST_URL, {"page_size": page_size})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_detail_fields(api_client):
    vendor = VendorFactory(
        slug="optik-schulze",
        trade=Trade.OPTICIAN,
        tagline="Brillen seit 1920",
        description="Meisterbetrieb in der Innenstadt.",
        legal_name="Optik Schulze e. K.",
        legal_form="e. K.",
        representative="Maria Schulze",
        register_court="Amtsgericht Cottbus",
        register_number="HRA 1234",
        vat_id="DE123456789",
    )

    response = api_client.get(detail_url(vendor.slug))

    assert response.status_code == 200
    body = response.json()
    list_row = api_client.get(LIST_URL).json()["results"][0]
    assert {key: body[key] for key in list_row} == list_row
    assert set(body) - set(list_row) == {"tagline", "description", "impressum"}
    assert body["tagline"] == "Brillen seit 1920"
    assert body["description"] == "Meisterbetrieb in der Innenstadt."
    assert body["impressum"] == {
        "legal_name": "Optik Schulze e. K.",
        "legal_form": "e. K.",
        "representative": "Maria Schulze",
        "register_court": "Amtsgericht Cottbus",
        "register_number": "HRA 1234",
        "vat_id": "DE123456789",
    }


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_detail_of_unapproved_shop_is_404(api_client, status):
    vendor = VendorFactory(status=status)

    response = api_client.get(detail_url(vendor.slug))

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("slug", ["no-such-shop", "ä", "%20", "a" * 300])
def test_detail_of_unknown_shop_is_a_json_404(api_client, slug):
    VendorFactory()

    response = api_client.get(detail_url(slug))

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_only_get_is_allowed(api_client):
    vendor = VendorFactory()

    assert api_client.post(LIST_URL, {}).status_code == 405
    assert api_client.delete(detail_url(vendor.slug)).status_code == 405


class TestOpenNow:
    """Mondays 09:00–12:30 and 14:00–18:00; Friday 09:00–18:00; Sunday closed."""

    @pytest.fixture
    def vendor(self, db):
        vendor = VendorFactory()
        OpeningHoursFactory(vendor=vendor, weekday=0, opens="09:00", closes="12:30")
        OpeningHoursFactory(vendor=vendor, weekday=0, opens="14:00", closes="18:00")
        OpeningHoursFactory(vendor=vendor, weekday=4, opens="09:00", closes="18:00")
        return vendor

    def open_now(self, api_client, vendor) -> tuple[bool, bool]:
        listed = api_client.get(LIST_URL).json()["results"][0]["open_now"]
        detailed = api_client.get(detail_url(vendor.slug)).json()["open_now"]
        return listed, detailed

    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            ((2025, 6, 2, 10, 0), True),  # Monday morning
            ((2025, 6, 2, 8, 59), False),  # before opening
            ((2025, 6, 2, 13, 0), False),  # lunch break
            ((2025, 6, 2, 14, 0), True),  # opens again on the minute
            ((2025, 6, 2, 18, 0), False),  # closes on the minute
            ((2025, 6, 8, 11, 0), False),  # Sunday
            ((2025, 10, 3, 11, 0), False),  # Friday, Tag der Deutschen Einheit
            ((2025, 10, 10, 11, 0), True),  # the Friday after
        ],
    )
    def test_weekly_hours_and_public_holidays(
        self, api_client, vendor, freeze_now, moment, expected
    ):
        freeze_now(*moment)

        assert self.open_now(api_client, vendor) == (expected, expected)

    def test_closed_on_a_holiday_exception(self, api_client, vendor, freeze_now):
        OpeningExceptionFactory(vendor=vendor, start_date="2025-08-04", end_date="2025-08-09")
        freeze_now(2025, 8, 4, 10, 0)  # a Monday

        assert self.open_now(api_client, vendor) == (False, False)

    def test_open_on_a_special_sunday(self, api_client, vendor, freeze_now):
        OpeningExceptionFactory(
            vendor=vendor,
            start_date="2025-09-07",
            end_date="2025-09-07",
            opens="13:00",
            closes="18:00",
        )
        freeze_now(2025, 9, 7, 15, 0)  # verkaufsoffener Sonntag

        assert self.open_now(api_client, vendor) == (True, True)
