"""Orders over several shops, placed the way the checkout places them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from fulfilment.services import PickupWindow, fulfilments_create
from tests.factories import VendorFactory, product_of

Basket = get_model("basket", "Basket")


def basket_with(*items):
    """A basket with (product, quantity) items, priced by our strategy."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def windows_for(*vendors, starts=None):
    starts = starts or timezone.now() + timedelta(hours=3)
    return {vendor.pk: PickupWindow(starts, starts + timedelta(hours=1)) for vendor in vendors}


@pytest.fixture
def two_shop_order(db):
    """An order with 2 × 4.50 from the bakery and 1 × 19.90 from the bookshop, with its parts."""
    bakery, books = VendorFactory(name="Bäckerei"), VendorFactory(name="Bücher")
    bread = product_of(bakery, stock__price=Decimal("4.50"), stock__num_in_stock=10)
    novel = product_of(books, stock__price=Decimal("19.90"), stock__num_in_stock=3)
    basket = basket_with((bread, 2), (novel, 1))
    order = create_order(basket=basket)
    parts = fulfilments_create(order=order, windows=windows_for(bakery, books))
    return order, {part.vendor: part for part in parts}, (bakery, books), (bread, novel)
