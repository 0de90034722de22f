"""Stripe switched on for a test, against our fault double or stripe-mock, and paid orders.

``stripe``-marked tests need stripe-mock (Stripe's API double, stateless, checks requests
against Stripe's OpenAPI spec) at ``STRIPE_MOCK_URL``; they are skipped with the reason when it
is unset. Everything else runs against ``fault_double.StripeDouble`` on loopback.
"""

import os
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from fulfilment.services import fulfilments_create
from payments.models import ConnectedAccount
from payments.registry import providers_reset
from payments.stripe import services
from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import basket_with, windows_for
from tests.payments.fault_double import StripeDouble

OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
Applicator = get_class("offer.applicator", "Applicator")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

WEBHOOK_SECRET = "whsec_test_forst_marketplace"
STRIPE_MOCK_URL = os.environ.get("STRIPE_MOCK_URL", "")
NO_STRIPE_MOCK = "stripe-mock not available: STRIPE_MOCK_URL is unset (see tools/testenv)"


@pytest.fixture(autouse=True)
def _stripe_mock_or_skip(request):
    if request.node.get_closest_marker("stripe") and not STRIPE_MOCK_URL:
        pytest.skip(NO_STRIPE_MOCK)


@pytest.fixture
def stripe_on(settings):
    """Test keys, a webhook secret, short timeouts and one retry; Stripe first, pay at pickup
    kept, as config/settings/stripe.py does with keys."""
    settings.STRIPE_SECRET_KEY = "sk_test_forstMarketplace0123456789"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_forstMarketplace0123456789"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    settings.STRIPE_CONNECT_TIMEOUT = 1.0
    settings.STRIPE_READ_TIMEOUT = 1.0
    settings.STRIPE_MAX_NETWORK_RETRIES = 1
    settings.STRIPE_ORDER_PLACER = ""
    settings.PAYMENT_PROVIDERS = {
        "stripe": {"CLASS": "payments.stripe.provider.StripeConnect"},
        "pay_at_pickup": {"CLASS": "payments.providers.pay_at_pickup.PayAtPickup"},
    }
    providers_reset()
    yield settings
    providers_reset()


@pytest.fixture
def double(stripe_on):
    with StripeDouble() as running:
        stripe_on.STRIPE_API_BASE = running.url
        yield running


@pytest.fixture
def stripe_mock(stripe_on):
    stripe_on.STRIPE_API_BASE = STRIPE_MOCK_URL
    return STRIPE_MOCK_URL


def shop_with_account(*, charges_enabled: bool = True, **kwargs):
    vendor = VendorFactory(**kwargs)
    ConnectedAccount.objects.create(
        vendor=vendor, account_id=f"acct_test_{vendor.pk}", charges_enabled=charges_enabled
    )
    return vendor


@dataclass
class PaidOrder:
    order: object
    parts: dict  # vendor -> Fulfilment
    payment: object


def stripe_order(double: StripeDouble, *lines, pay: bool = True, voucher=None) -> PaidOrder:
    """An order placed the way the checkout places a Stripe-paid one: payment started and (if
    ``pay``) paid and confirmed, then Oscar's order with its Stripe source and one part per shop.
    ``lines``: (vendor, gross unit price, quantity, vat category); ``voucher``: an Oscar voucher
    the resident entered (its discount is applied by Oscar's offer applicator)."""
    items = []
    for vendor, price, quantity, *vat in lines:
        product = product_of(
            vendor,
            vat_category=vat[0] if vat else "standard",
            stock__price=Decimal(price),
            stock__num_in_stock=100,
        )
        items.append((product, quantity))
    basket = basket_with(*items)
    if voucher is not None:
        basket.vouchers.add(voucher)
        Applicator().apply(basket, AnonymousUser())
    number = str(OrderNumberGenerator().order_number(basket))
    total = basket.total_incl_tax
    start = services.payment_start(order_number=number, amount=total, basket_id=basket.pk)
    if pay:
        double.intent_pays(start.reference)
        services.payment_confirmed(order_number=number, amount=total)
    order = create_order(number=number, basket=basket, user=AnonymousUser())
    source_type, _created = SourceType.objects.get_or_create(code="stripe", defaults={"name": "S"})
    Source.objects.create(
        order=order, source_type=source_type, currency="EUR", amount_allocated=total
    )
    vendors = {vendor for vendor, *_rest in lines}
    parts = fulfilments_create(order=order, windows=windows_for(*vendors))
    payment = services.payment_live(order_number=number)
    return PaidOrder(order=order, parts={part.vendor: part for part in parts}, payment=payment)
