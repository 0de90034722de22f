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


def marketplace_basket_with(*items):
    """A basket priced by the marketplace's own strategy (gross prices, VAT by category)."""
    from oscar.core.loading import get_class

    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
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


def staff_of(vendor):
    """A non-staff user who works for ``vendor`` (Partner.users, group "Shop staff")."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(is_staff=False)
    vendor.partner.users.add(user)
    group, _created = Group.objects.get_or_create(name="Shop staff")
    user.groups.add(group)
    return user


def collect(part, capture=None):
    """Mark the part ready and hand it over at its shop's counter (as the counter does);
    with ``capture`` (django_capture_on_commit_callbacks) the after-commit work runs too."""
    from contextlib import nullcontext

    from fulfilment import services
    from fulfilment.selectors import pickup_code_for

    with capture(execute=True) if capture else nullcontext():
        services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=part.vendor)
        part.refresh_from_db()
        services.pickup_code_redeem(vendor=part.vendor, code=pickup_code_for(part))
    part.refresh_from_db()
    return part


@pytest.fixture
def shops_order(db):
    """A resident's order (anna@example.org) at a bakery (perishable bread, 7 %) and a bookshop
    (a novel at 7 % and a notebook at 19 %), with complete Impressum data and its parts."""
    bakery = VendorFactory(
        name="Bäckerei Kruse",
        legal_name="Bäckerei Kruse e. K.",
        representative="Jana Kruse",
        vat_id="DE123456789",
        register_court="Amtsgericht Cottbus",
        register_number="HRA 1234",
    )
    books = VendorFactory(
        name="Bücherstube",
        legal_name="Bücherstube Forst GmbH",
        legal_form="GmbH",
        representative="Paul Seidel",
        vat_id="DE987654321",
        register_court="Amtsgericht Cottbus",
        register_number="HRB 5678",
    )
    bread = product_of(
        bakery,
        title="Landbrot",
        vat_category="reduced",
        is_perishable=True,
        stock__price=Decimal("4.50"),
        stock__num_in_stock=10,
    )
    novel = product_of(
        books, title="Der Roman", vat_category="reduced", stock__price=Decimal("19.90")
    )
    notebook = product_of(
        books, title="Notizbuch", vat_category="standard", stock__price=Decimal("5.00")
    )
    order = create_order(
        basket=marketplace_basket_with((bread, 2), (novel, 1), (notebook, 2)),
        guest_email="anna@example.org",
    )
    parts = fulfilments_create(order=order, windows=windows_for(bakery, books))
    return order, {part.vendor.name: part for part in parts}


@pytest.fixture
def refunds(monkeypatch):
    """The refunds asked of the payment provider, as (part id, amount, reason)."""
    import payments.services

    asked = []

    def record(*, fulfilment, amount, reason):
        asked.append((fulfilment.pk, Decimal(amount), reason))

    monkeypatch.setattr(payments.services, "fulfilment_refund", record)
    return asked
