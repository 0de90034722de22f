"""Stripe slow, failing, rate-limiting, or losing its answers (quality bars 4 and 9).

Against ``fault_double.StripeDouble``: the client waits at most its timeouts, retries a little
with the *same* idempotency key, and a retry -- inside one call, or a later call after the
first gave up -- never creates a second object.
"""

import time
from decimal import Decimal

import pytest
from django.utils import translation

from payments.models import Payment, Payout, PayoutStatus
from payments.stripe import api, services
from payments.stripe.errors import (
    PaymentProblem,
    PaymentServiceDown,
    StripeObjectMissing,
    UnableToTakePayment,
)
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db


def start(number="100080", amount="12.00"):
    return services.payment_start(order_number=number, amount=Decimal(amount))


def keys(double, path):
    return [post.idempotency_key for post in double.posts(path)]


def test_a_500_is_retried_with_the_same_key_and_creates_one_intent(double):
    double.fail_next("500", path="/v1/payment_intents")
    result = start()
    assert len(double.objects("payment_intent")) == 1
    assert keys(double, "/v1/payment_intents") == ["100080:all:payment_intent:1:1200"] * 2
    assert Payment.objects.get().intent_id == result.reference


def test_a_lost_response_is_retried_and_gets_the_first_answer(double):
    double.fail_next("drop", path="/v1/payment_intents")
    result = start()
    (intent,) = double.objects("payment_intent")
    assert result.reference == intent["id"]
    assert len(double.posts("/v1/payment_intents")) == 2


def test_a_timeout_with_an_effect_is_retried_and_creates_nothing_twice(double):
    double.fail_next("slow", path="/v1/payment_intents")
    began = time.monotonic()
    result = start()
    assert time.monotonic() - began < 1.0 + 1.0 + 1.5  # read timeout + one retry's wait, bounded
    (intent,) = double.objects("payment_intent")
    assert result.reference == intent["id"]


def test_stripe_down_is_a_friendly_error_within_bounded_time(double):
    double.fail_next("500", path="/v1/payment_intents", times=10)
    began = time.monotonic()
    with pytest.raises(PaymentServiceDown) as raised:
        start()
    assert time.monotonic() - began < 3
    assert isinstance(raised.value, UnableToTakePayment)  # Oscar's checkout shows its message
    with translation.override("en"):
        assert "try again" in str(raised.value)
    assert len(double.posts("/v1/payment_intents")) == 2  # one try + STRIPE_MAX_NETWORK_RETRIES
    assert Payment.objects.count() == 0


def test_rate_limited_is_service_down_and_creates_nothing(double):
    double.fail_next("429", path="/v1/payment_intents", times=10)
    with pytest.raises(PaymentServiceDown):
        start()
    assert double.objects("payment_intent") == []


def test_every_answer_lost_then_a_later_start_gets_the_same_intent(double):
    """A killed worker or a checkout that gave up: the next start (same order number, same
    attempt) sends the same key and gets the intent Stripe made the first time."""
    double.fail_next("drop", path="/v1/payment_intents", times=2)
    with pytest.raises(PaymentServiceDown):
        start()
    assert len(double.objects("payment_intent")) == 1
    result = start()
    assert [intent["id"] for intent in double.objects("payment_intent")] == [result.reference]


def test_slow_stripe_is_cut_off_at_the_read_timeout(double, stripe_on):
    stripe_on.STRIPE_MAX_NETWORK_RETRIES = 0
    stripe_on.STRIPE_READ_TIMEOUT = 0.3
    double.fail_next("slow", method="GET", path="/v1/accounts/")
    account_id = api.account_create(vendor_id=1)["id"]
    began = time.monotonic()
    with pytest.raises(PaymentServiceDown):
        api.account_retrieve(account_id=account_id)
    assert time.monotonic() - began < 1.2


def test_stripe_errors_become_ours(double):
    with pytest.raises(StripeObjectMissing):
        api.payment_intent_retrieve(intent_id="pi_missing")
    # Same key with other parameters: Stripe's idempotency_error, never a second intent.
    api.payment_intent_create(
        order_number="100081",
        attempt=1,
        amount=Decimal("1.00"),
        currency="eur",
        metadata={"basket_id": "1"},
    )
    with pytest.raises(PaymentProblem):
        api.payment_intent_create(
            order_number="100081",
            attempt=1,
            amount=Decimal("1.00"),
            currency="eur",
            metadata={"basket_id": "2"},
        )
    # Another amount is another key (a basket changed after a crash): a second intent.
    api.payment_intent_create(
        order_number="100081", attempt=1, amount=Decimal("2.00"), currency="eur"
    )
    assert len(double.objects("payment_intent")) == 2


def test_cents_are_rounded_half_up_at_the_boundary():
    assert api.to_cents(Decimal("19.99")) == 1999
    assert api.to_cents(Decimal("0.005")) == 1
    assert api.to_cents(Decimal("0.0049")) == 0
    assert api.from_cents(1999) == Decimal("19.99")
    with pytest.raises(ValueError):
        api.to_cents(Decimal("-0.01"))


# -- payouts: a lost transfer answer -------------------------------------------------------


@pytest.fixture
def collected_part(double):
    shop = shop_with_account()
    paid = stripe_order(double, (shop, "10.00", 1))
    return paid.parts[shop]


def test_a_lost_transfer_answer_is_retried_in_the_call(double, collected_part):
    double.fail_next("drop", path="/v1/transfers")
    payout = services.payout_create(fulfilment=collected_part)
    (transfer,) = double.objects("transfer")
    assert payout.transfer_id == transfer["id"]


def test_a_transfer_whose_answers_were_all_lost_is_found_not_repeated(double, collected_part):
    """The worst case: every answer lost and, by the time of the retry, Stripe has forgotten
    the key (a day later). The retry finds the transfer by the order's transfer group and the
    part named in its metadata instead of making a second one."""
    double.fail_next("drop", path="/v1/transfers", times=2)
    with pytest.raises(PaymentServiceDown):
        services.payout_create(fulfilment=collected_part)
    payout = Payout.objects.get()
    assert payout.status == PayoutStatus.REQUESTED and payout.last_error
    double.forget_idempotency_keys()
    payout = services.payout_create(fulfilment=collected_part)
    (transfer,) = double.objects("transfer")
    assert (payout.status, payout.transfer_id) == (PayoutStatus.PAID, transfer["id"])


def test_a_refund_whose_answer_was_lost_is_made_once(double, collected_part):
    double.fail_next("drop", path="/v1/refunds", times=2)
    with pytest.raises(PaymentServiceDown):
        services.refund_create(
            fulfilment=collected_part, amount=collected_part.goods_total, reason="cancelled"
        )
    services.refund_create(
        fulfilment=collected_part, amount=collected_part.goods_total, reason="cancelled"
    )
    assert len(double.objects("refund")) == 1
