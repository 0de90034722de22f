"""stock_state: each rule of api.stock_state, through the API and on bare offers."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse

from api.stock_state import LOW_STOCK_THRESHOLD, StockState, stock_state_of
from tests.factories import VendorFactory, product_of
from vendors.offers import ProductOffer

NOT_COUNTED = None


def stock_state_via_api(api_client, vendor, **stock) -> tuple[str, bool]:
    product = product_of(vendor, **{f"stock__{key}": value for key, value in stock.items()})
    body = api_client.get(reverse("api-v1:product-detail", kwargs={"id": product.pk})).json()
    return body["stock_state"], body["availability"]["is_available_to_buy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stock", "expected"),
    [
        ({"num_in_stock": 10}, ("in_stock", True)),
        ({"num_in_stock": LOW_STOCK_THRESHOLD + 1}, ("in_stock", True)),
        ({"num_in_stock": LOW_STOCK_THRESHOLD}, ("low_stock", True)),
        ({"num_in_stock": 1}, ("low_stock", True)),
        ({"num_in_stock": 5, "num_allocated": 3}, ("low_stock", True)),
        ({"num_in_stock": 0}, ("out_of_stock", False)),
        ({"num_in_stock": 4, "num_allocated": 4}, ("out_of_stock", False)),
        ({"num_in_stock": 5, "availability": "out_of_stock"}, ("out_of_stock", False)),
        ({"num_in_stock": NOT_COUNTED}, ("in_stock", True)),
        (
            {"num_in_stock": NOT_COUNTED, "availability": "limited_availability"},
            ("low_stock", True),
        ),
        ({"num_in_stock": NOT_COUNTED, "availability": "out_of_stock"}, ("out_of_stock", False)),
        ({"num_in_stock": NOT_COUNTED, "availability": "preorder"}, ("on_request", True)),
        ({"num_in_stock": NOT_COUNTED, "availability": "backorder"}, ("on_request", True)),
        (
            {"num_in_stock": NOT_COUNTED, "availability": "on_display_to_order"},
            ("on_request", True),
        ),
        ({"num_in_stock": 10, "pickup_method": "not_supported"}, ("in_shop_only", False)),
        ({"num_in_stock": 0, "pickup_method": "not_supported"}, ("in_shop_only", False)),
        ({"num_in_stock": 10, "price": None}, ("on_request", False)),
    ],
)
def test_stock_state_of_a_product(api_client, vendor, stock, expected):
    assert stock_state_via_api(api_client, vendor, **stock) == expected


@pytest.mark.django_db
def test_shop_that_does_not_sell_online(api_client):
    vendor = VendorFactory(sells_online=False)

    assert stock_state_via_api(api_client, vendor, num_in_stock=10) == ("in_shop_only", False)


OFFER = ProductOffer(
    price=Decimal("1.00"),
    currency="EUR",
    vat_rate=Decimal("19"),
    unit_price=None,
    regular_price=None,
    is_available_to_buy=True,
    availability_code="instock",
    availability_message="",
    num_available=50,
    stock_confirmed_at=None,
    pickup_method="buy",
    pickup_sla="",
    vendor=None,
    sku="X",
)


@pytest.mark.parametrize(
    ("buyable", "expected"), [(True, StockState.IN_STOCK), (False, StockState.ON_REQUEST)]
)
def test_unknown_availability_code_falls_back_on_buyability(buyable, expected):
    offer = replace(OFFER, availability_code="new_rule", is_available_to_buy=buyable)

    assert stock_state_of(offer) == expected


def test_every_state_is_reachable():
    codes = ["instock", "outofstock", "in_shop_only", "preorder", "limited_availability"]
    states = {stock_state_of(replace(OFFER, availability_code=code)) for code in codes}

    assert states == set(StockState)
