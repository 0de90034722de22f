"""German gross prices: the VAT share, Oscar's price objects, and basket arithmetic."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oscar.core.loading import get_class

from shop.partner.models import Availability, PickupMethod
from shop.partner.strategy import GermanRetail, vat_share
from tests.factories import VendorFactory, product_of
from vendors.models import VendorStatus

Selector = get_class("partner.strategy", "Selector")


@pytest.mark.parametrize(
    ("gross", "rate", "tax"),
    [
        ("119.00", "19", "19.0000"),
        ("107.00", "7", "7.0000"),
        ("9.99", "19", "1.5950"),  # 9.99 * 19 / 119 = 1.59504…
        ("2.49", "7", "0.1629"),  # 2.49 * 7 / 107 = 0.16289…
        ("5.00", "0", "0.0000"),
    ],
)
def test_vat_share_of_a_gross_price(gross, rate, tax):
    assert vat_share(Decimal(gross), Decimal(rate)) == Decimal(tax)


@given(
    cents=st.integers(min_value=0, max_value=100_000_000),
    rate=st.sampled_from([Decimal("19"), Decimal("7"), Decimal("0")]),
    quantity=st.integers(min_value=1, max_value=500),
)
def test_net_plus_vat_is_the_gross_price_to_the_cent(cents, rate, quantity):
    gross = Decimal(cents) / 100
    tax = vat_share(gross, rate)
    net = gross - tax
    # A line of `quantity` units adds up exactly, as Oscar sums excl_tax and tax per line.
    assert quantity * net + quantity * tax == quantity * gross
    assert Decimal(0) <= tax <= gross


@pytest.mark.django_db
def test_selector_gives_the_german_strategy_with_gross_prices():
    vendor = VendorFactory()
    product = product_of(vendor, vat_category="reduced", stock__price=Decimal("2.49"))
    strategy = Selector().strategy()
    assert isinstance(strategy, GermanRetail)
    info = strategy.fetch_for_product(product)
    assert info.price.incl_tax == Decimal("2.49")
    assert info.price.tax == Decimal("0.1629")
    assert info.price.excl_tax == Decimal("2.3271")
    assert info.price.tax_code == "reduced"
    assert info.price.currency == "EUR"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("vendor_kwargs", "stock", "buyable", "code"),
    [
        ({}, {"num_in_stock": 3}, True, "instock"),
        ({}, {"num_in_stock": 0}, False, "outofstock"),
        ({}, {"num_in_stock": None}, True, "available"),
        (
            {},
            {"num_in_stock": None, "availability": Availability.OUT_OF_STOCK},
            False,
            "outofstock",
        ),
        ({}, {"num_in_stock": None, "availability": Availability.PREORDER}, True, "preorder"),
        (
            {},
            {"num_in_stock": 5, "pickup_method": PickupMethod.NOT_SUPPORTED},
            False,
            "in_shop_only",
        ),
        ({"sells_online": False}, {"num_in_stock": 5}, False, "in_shop_only"),
        ({"status": VendorStatus.SUSPENDED}, {"num_in_stock": 5}, False, "in_shop_only"),
        ({}, {"num_in_stock": 5, "num_allocated": 5}, False, "outofstock"),
    ],
)
def test_availability_rules(vendor_kwargs, stock, buyable, code):
    vendor = VendorFactory(**vendor_kwargs)
    product = product_of(vendor, **{f"stock__{key}": value for key, value in stock.items()})
    availability = Selector().strategy().fetch_for_product(product).availability
    assert availability.is_available_to_buy is buyable
    assert availability.code == code


@pytest.mark.django_db
def test_basket_total_over_two_shops_and_two_rates_is_exact():
    from oscar.apps.basket.models import Basket

    bakery, bookshop = VendorFactory(), VendorFactory()
    bread = product_of(bakery, vat_category="reduced", stock__price=Decimal("3.49"))
    book = product_of(bookshop, vat_category="reduced", stock__price=Decimal("22.00"))
    lamp = product_of(bookshop, vat_category="standard", stock__price=Decimal("39.99"))
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(bread, 3)
    basket.add_product(book, 1)
    basket.add_product(lamp, 2)
    assert basket.total_incl_tax == Decimal("3.49") * 3 + Decimal("22.00") + Decimal("39.99") * 2
    assert basket.total_excl_tax + basket.total_tax == basket.total_incl_tax
