"""A small town for the checkout: a bakery and a bookshop, a frozen clock, and the steps of the
checkout as a browser takes them (forms read from the pages, then posted).

The clock stands on Thursday 10 June 2027, 09:00 in Forst. The bakery (ready in an hour) opens
07:00–13:00, the bookshop (ready in two hours) 10:00–18:00, Monday to Saturday, hourly slots:
the bakery offers 10, 11 and 12 o'clock today, the bookshop 11 to 17 o'clock, so everything can
be collected together from 11 o'clock today.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import OpeningHoursFactory, VendorFactory, product_of
from tests.storefront.html import parse

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 6, 10, 9, 0, tzinfo=BERLIN)  # a Thursday
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
GUEST = "anna.schulze@example.org"


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2027, 6, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return NOW


@pytest.fixture
def bakery(db):
    shop = VendorFactory(
        name="Backstube Kowalski",
        slug="backstube-kowalski",
        street="Berliner Straße 5",
        pickup_preparation_minutes=60,
    )
    for weekday in range(6):
        OpeningHoursFactory(vendor=shop, weekday=weekday, opens="07:00", closes="13:00")
    return shop


@pytest.fixture
def bookshop(db):
    shop = VendorFactory(
        name="Buchhandlung am Markt",
        slug="buchhandlung-am-markt",
        street="Markt 2",
        pickup_preparation_minutes=120,
    )
    for weekday in range(6):
        OpeningHoursFactory(vendor=shop, weekday=weekday, opens="10:00", closes="18:00")
    return shop


@pytest.fixture
def bread(bakery):
    """Perishable, 7 % VAT, 750 g for 3.60 (4.80 per kg)."""
    return product_of(
        bakery,
        title="Roggenbrot",
        vat_category="reduced",
        is_perishable=True,
        unit_pricing_quantity=Decimal("750"),
        unit_pricing_unit="g",
        stock__price=Decimal("3.60"),
        stock__num_in_stock=5,
    )


@pytest.fixture
def notebook(bookshop):
    """19 % VAT, 12.90, two in stock."""
    return product_of(
        bookshop,
        title="Notizbuch Rosenstadt",
        vat_category="standard",
        stock__price=Decimal("12.90"),
        stock__num_in_stock=2,
    )


# -- the steps ---------------------------------------------------------------------------------


def add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302
    return response


def gateway(client, email=GUEST):
    response = client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    assert response.status_code == 302, response.content[:2000]
    assert response.url == reverse("checkout:pickup")
    return response


def checked_radios(page, form_id=None) -> dict[str, str]:
    """Name -> value of the checked radio buttons of the page's (or one form's) forms."""
    root = page.find("form", id=form_id) if form_id else page
    return {
        field.get("name"): field.get("value")
        for field in root.find_all("input", type="radio")
        if "checked" in field.attrs
    }


def pickup_form_values(client, **headers) -> dict[str, str]:
    page = parse(client.get(reverse("checkout:pickup"), **headers))
    return checked_radios(page.find("form", class_="pickup-form"))


def choose_pickup(client, changes=None, **headers):
    """Post the pickup form as pre-selected, with ``changes`` (field name -> slot key)."""
    data = pickup_form_values(client, **headers)
    data.update(changes or {})
    return client.post(reverse("checkout:pickup"), data, **headers)


def choose_payment(client, **headers):
    page = parse(client.get(reverse("checkout:payment-method"), **headers))
    data = checked_radios(page)
    assert data, "no payment method is pre-selected"
    return client.post(reverse("checkout:payment-method"), data, **headers)


def place_order_data(page) -> dict[str, str]:
    form = page.find("form", id="place_order_form")
    assert form is not None, "the preview has no order form"
    return {
        field.get("name"): field.get("value", "")
        for field in form.find_all("input")
        if field.get("type") == "hidden" and field.get("name") != "csrfmiddlewaretoken"
    }


def until_payment_method(client, pickup_changes=None, **headers):
    """Choose the pickup times and follow on to the payment method page."""
    response = choose_pickup(client, pickup_changes, **headers)
    assert response.status_code == 302, response.content[:2000]
    # Oscar's shipping steps skip themselves on the way to the payment method.
    response = client.get(response.url, follow=True, **headers)
    assert response.request["PATH_INFO"] == reverse("checkout:payment-method")
    return response


def until_preview(client, *products, pickup_changes=None, **headers):
    """Basket, gateway, pickup, payment method; returns the preview response."""
    for product, quantity in products:
        add(client, product, quantity)
    gateway(client)
    until_payment_method(client, pickup_changes, **headers)
    response = choose_payment(client, **headers)
    assert response.status_code == 302 and response.url == reverse("checkout:preview")
    return client.get(reverse("checkout:preview"), **headers)


def slot_field(vendor) -> str:
    return f"slot-{vendor.pk}"


def slot_key(moment: datetime) -> str:
    return moment.isoformat()
