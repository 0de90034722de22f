"""The checkout's side of a Stripe payment: start, confirm on the server, void, settle.

Against the fault double (state, idempotency). The browser's part (Stripe.js confirming the
intent) is played by ``double.intent_pays``.
"""

from decimal import Decimal

import pytest
from django.utils import translation
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model
from oscar.core.prices import Price
from oscar.test.factories import create_order

from payments.models import Payment, PaymentStatus, Refund
from payments.registry import provider_for, providers_available
from payments.stripe import services
from payments.stripe.errors import PaymentNotConfirmed, PaymentRefused, UnableToTakePayment
from tests.factories import VendorFactory
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")


def total(amount: str) -> Price:
    return Price(currency="EUR", excl_tax=Decimal(amount), incl_tax=Decimal(amount))


def test_stripe_is_offered_first_when_every_shop_can_take_charges(stripe_on):
    shops = [shop_with_account(), shop_with_account()]
    offered = [p.identifier for p in providers_available(vendors=shops)]
    assert offered == ["stripe", "pay_at_pickup"]


def test_a_shop_whose_account_cannot_take_charges_is_not_payable_online(stripe_on):
    ready = shop_with_account(name="Bäckerei")
    pending = shop_with_account(name="Blumen Nowak", charges_enabled=False)
    without = VendorFactory(name="Buchladen")
    stripe = provider_for("stripe")
    with translation.override("en"):
        assert str(stripe.unavailable_reason(vendors=[ready, pending]).reason) == (
            "Blumen Nowak cannot take online payments yet."
        )
    assert "Buchladen" in str(stripe.unavailable_reason(vendors=[ready, without]).reason)
    assert [p.identifier for p in providers_available(vendors=[ready, pending])] == [
        "pay_at_pickup"
    ]


def test_start_creates_one_intent_for_the_basket_with_its_order_number(double):
    start = provider_for("stripe").payment_start(
        order_number="100042", amount=Decimal("31.40"), currency="EUR", basket=None
    )
    assert start.client_secret.startswith(start.reference)
    assert start.publishable_key == "pk_test_forstMarketplace0123456789"
    assert not start.paid
    (post,) = double.posts("/v1/payment_intents")
    assert post.params["amount"] == "3140"
    assert post.params["currency"] == "eur"
    assert post.params["capture_method"] == "automatic"
    assert post.params["transfer_group"] == "100042"
    assert post.params["metadata"]["order_number"] == "100042"
    assert post.idempotency_key == "100042:all:payment_intent:1:3140"
    payment = Payment.objects.get()
    assert (payment.order_number, payment.intent_id, payment.amount) == (
        "100042",
        start.reference,
        Decimal("31.40"),
    )


def test_double_submit_gets_the_same_intent(double):
    first = services.payment_start(order_number="100043", amount=Decimal("9.00"))
    second = services.payment_start(order_number="100043", amount=Decimal("9.00"))
    assert first.reference == second.reference
    assert len(double.objects("payment_intent")) == 1
    assert Payment.objects.count() == 1


def test_a_changed_basket_cancels_the_unpaid_intent_and_starts_another(double):
    first = services.payment_start(order_number="100044", amount=Decimal("9.00"))
    second = services.payment_start(order_number="100044", amount=Decimal("12.50"))
    assert first.reference != second.reference
    statuses = dict(Payment.objects.values_list("attempt", "status"))
    assert statuses == {1: PaymentStatus.CANCELED, 2: PaymentStatus.CREATED}
    assert double.state.objects[first.reference]["status"] == "canceled"


def test_a_start_after_paying_says_paid(double):
    first = services.payment_start(order_number="100045", amount=Decimal("9.00"))
    double.intent_pays(first.reference)
    services.payment_confirmed(order_number="100045", amount=Decimal("9.00"))
    again = services.payment_start(order_number="100045", amount=Decimal("9.00"))
    assert again.paid and again.reference == first.reference


def test_less_than_fifty_cents_cannot_be_paid_online(double):
    with pytest.raises(PaymentRefused):
        services.payment_start(order_number="100046", amount=Decimal("0.49"))
    assert double.posts() == []


def test_the_server_asks_stripe_and_never_trusts_the_browser(double):
    stripe = provider_for("stripe")
    start = services.payment_start(order_number="100047", amount=Decimal("20.00"))
    # The browser says "paid" (redirect_status=succeeded); Stripe does not.
    with pytest.raises(UnableToTakePayment):
        stripe.checkout_payment_take(order_number="100047", total=total("20.00"))
    double.intent_pays(start.reference)
    stripe.checkout_payment_take(order_number="100047", total=total("20.00"))
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.charge_id.startswith("ch_")
    assert payment.amount_received == Decimal("20.00")


def test_a_paid_amount_that_does_not_match_the_order_is_refunded(double):
    stripe = provider_for("stripe")
    start = services.payment_start(order_number="100048", amount=Decimal("20.00"))
    double.intent_pays(start.reference)
    with pytest.raises(PaymentNotConfirmed):
        stripe.checkout_payment_take(order_number="100048", total=total("25.00"))
    payment = Payment.objects.get()
    assert payment.voided_at is not None
    refund = Refund.objects.get(payment=payment, fulfilment=None)
    assert refund.amount == Decimal("20.00") and refund.refund_id
    # The resident can pay the new amount: a new attempt, a new key.
    again = services.payment_start(order_number="100048", amount=Decimal("25.00"))
    assert again.reference != start.reference and not again.paid


def test_an_underpaid_intent_does_not_count_as_paid(double):
    start = services.payment_start(order_number="100049", amount=Decimal("20.00"))
    double.intent_pays(start.reference, amount_received=1000)
    with pytest.raises(PaymentNotConfirmed):
        services.payment_confirmed(order_number="100049", amount=Decimal("20.00"))


def test_placement_failed_after_paying_refunds_automatically_and_records_it(double):
    """Quality bar 7: the checkout calls payment_void when placing failed (slot gone, sold
    out, an error) after the money was taken."""
    start = services.payment_start(order_number="100050", amount=Decimal("14.20"))
    double.intent_pays(start.reference)
    provider_for("stripe").payment_void(order_number="100050", reason="not_placed")
    provider_for("stripe").payment_void(order_number="100050", reason="not_placed")
    payment = Payment.objects.get()
    assert payment.voided_at is not None
    (refund,) = double.objects("refund")
    assert refund["amount"] == 1420
    assert Refund.objects.get().refund_id == refund["id"]


def test_void_of_an_unpaid_intent_cancels_it(double):
    start = services.payment_start(order_number="100051", amount=Decimal("14.20"))
    services.payment_void(order_number="100051")
    assert double.state.objects[start.reference]["status"] == "canceled"
    assert double.objects("refund") == []


def test_void_refuses_when_the_order_exists(double):
    paid = stripe_order(double, (shop_with_account(), "5.00", 2))
    assert services.payment_void(order_number=paid.order.number) is None
    assert double.objects("refund") == []
    assert provider_for("stripe").order_paid_check(order=paid.order)


# -- the browser never comes back (quality bar 6) -------------------------------------------

PLACED = []


def place_from_payment(*, order_number, basket_id, context, frozen_takeover=False):
    """A stand-in for the checkout's placer: places the basket's order."""
    PLACED.append(order_number)
    basket = Basket.objects.get(pk=basket_id)
    basket.strategy = Selector().strategy()
    if context.get("fail"):
        return None
    return create_order(number=order_number, basket=basket)


def refuse_to_place(*, order_number, basket_id, context, frozen_takeover=False):
    return None


def explode(*, order_number, basket_id, context, frozen_takeover=False):
    raise RuntimeError("database went away")


@pytest.fixture
def paid_basket(double):
    from tests.factories import product_of
    from tests.fulfilment.conftest import basket_with

    basket = basket_with((product_of(shop_with_account(), stock__price=Decimal("7.00")), 2))
    start = services.payment_start(
        order_number="100060", amount=Decimal("14.00"), basket_id=basket.pk
    )
    double.intent_pays(start.reference)
    services.payment_confirmed(order_number="100060", amount=Decimal("14.00"))
    PLACED.clear()
    return basket


def test_settle_places_the_order_from_the_payment(paid_basket, stripe_on):
    stripe_on.STRIPE_ORDER_PLACER = f"{__name__}.place_from_payment"
    assert services.payment_settle(order_number="100060") == services.SETTLE_PLACED
    assert Order.objects.filter(number="100060").exists()
    assert services.payment_settle(order_number="100060") == services.SETTLE_HAD_ORDER
    assert PLACED == ["100060"]


def test_settle_refunds_when_the_order_cannot_be_placed(paid_basket, stripe_on, double):
    stripe_on.STRIPE_ORDER_PLACER = f"{__name__}.refuse_to_place"
    assert services.payment_settle(order_number="100060") == services.SETTLE_VOIDED
    assert [r["amount"] for r in double.objects("refund")] == [1400]


def test_settle_waits_when_placing_fails_unexpectedly(paid_basket, stripe_on, double):
    stripe_on.STRIPE_ORDER_PLACER = f"{__name__}.explode"
    assert services.payment_settle(order_number="100060") == services.SETTLE_WAITING
    assert double.objects("refund") == []
    assert Payment.objects.get().voided_at is None
