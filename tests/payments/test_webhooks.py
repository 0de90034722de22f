"""Stripe's webhook endpoint: signatures on the raw body, each event once, only forward moves.

Real event shapes, signed here the way Stripe signs them (``stripe_events.signature_header``).
Duplicates are sent one after another here; in parallel on PostgreSQL in
``test_webhook_concurrency``.
"""

import json
import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from payments.models import (
    ConnectedAccount,
    Payment,
    PaymentStatus,
    PayoutStatus,
    Refund,
    RefundStatus,
    WebhookEvent,
)
from payments.stripe import services
from tests.payments import stripe_events as se
from tests.payments.conftest import WEBHOOK_SECRET, shop_with_account

pytestmark = pytest.mark.django_db
URL = "/zahlung/stripe/webhook/"
SETTLED = []


def post(client, evt: dict, *, secret: str = WEBHOOK_SECRET, timestamp=None, body=None):
    raw = body if body is not None else se.body_of(evt)
    header = se.signature_header(se.body_of(evt), secret, timestamp=timestamp)
    return client.post(URL, data=raw, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.fixture
def client(stripe_on):
    return Client(enforce_csrf_checks=True)  # the webhook must work without a CSRF token


@pytest.fixture
def settled(monkeypatch):
    SETTLED.clear()
    monkeypatch.setattr(
        services, "payment_settle", lambda *, order_number, **kwargs: SETTLED.append(order_number)
    )
    return SETTLED


@pytest.fixture
def payment(double):
    start = services.payment_start(order_number="100070", amount=Decimal("23.80"))
    return Payment.objects.get(intent_id=start.reference)


def succeeded(payment, **kwargs):
    return se.event(
        "payment_intent.succeeded",
        se.payment_intent(payment.intent_id, amount=2380, order_number=payment.order_number),
        **kwargs,
    )


def test_the_url_is_ours():
    assert reverse("payments:stripe_webhook") == URL


# -- signatures ------------------------------------------------------------------------------


def test_a_signed_event_is_stored_and_applied(client, payment, settled):
    evt = succeeded(payment)
    response = post(client, evt)
    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert (stored.event_id, stored.type, stored.status) == (
        evt["id"],
        "payment_intent.succeeded",
        "processed",
    )
    assert stored.payload == evt and stored.processed_at is not None
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.charge_id == "ch_test_1"
    assert settled == ["100070"]


@pytest.mark.parametrize(
    "case", ["missing", "wrong_secret", "old", "tampered", "garbage_header", "not_json"]
)
def test_a_bad_signature_is_refused_and_changes_nothing(client, payment, settled, case):
    evt = succeeded(payment)
    if case == "missing":
        response = client.post(URL, data=se.body_of(evt), content_type="application/json")
    elif case == "wrong_secret":
        response = post(client, evt, secret="whsec_someone_else")
    elif case == "old":
        response = post(client, evt, timestamp=int(time.time()) - 301)
    elif case == "tampered":
        forged = json.loads(se.body_of(evt))
        forged["data"]["object"]["amount"] = 1
        response = post(client, evt, body=json.dumps(forged, separators=(",", ":")).encode())
    elif case == "garbage_header":
        response = client.post(
            URL,
            data=se.body_of(evt),
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE="nonsense",
        )
    else:
        body = b"{not json"
        header = se.signature_header(body, WEBHOOK_SECRET)
        response = client.post(
            URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CREATED
    assert settled == []


def test_without_a_configured_secret_every_event_is_refused(client, payment, stripe_on):
    stripe_on.STRIPE_WEBHOOK_SECRET = ""
    assert post(client, succeeded(payment)).status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_the_connect_endpoint_secret_is_accepted_too(client, payment, stripe_on, settled):
    stripe_on.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_connect_endpoint"
    assert post(client, succeeded(payment), secret="whsec_connect_endpoint").status_code == 200


def test_only_post(client):
    assert client.get(URL).status_code == 405
    assert WebhookEvent.objects.count() == 0


def test_the_webhook_is_the_only_csrf_exempt_view_of_the_payments_urls():
    from payments import urls

    exempt = [p.name for p in urls.urlpatterns if getattr(p.callback, "csrf_exempt", False)]
    assert exempt == ["stripe_webhook"]


# -- each event once -----------------------------------------------------------------------


def test_a_duplicate_delivery_changes_nothing(client, payment, settled):
    evt = succeeded(payment)
    first, second = post(client, evt), post(client, evt)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert WebhookEvent.objects.count() == 1
    assert settled == ["100070"]


def test_an_event_type_we_do_not_handle_is_stored_as_ignored(client):
    evt = se.event("customer.created", {"id": "cus_1", "object": "customer"})
    assert post(client, evt).content == b"ignored"
    assert WebhookEvent.objects.get().status == "ignored"


def test_a_failing_handler_stores_nothing_so_stripe_delivers_again(client, payment, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "payment_intent_apply", broken)
    client.raise_request_exception = False
    assert post(client, succeeded(payment)).status_code == 500
    assert WebhookEvent.objects.count() == 0


# -- forward only ---------------------------------------------------------------------------


def test_events_out_of_order_end_in_the_final_state(client, payment, settled):
    now = int(time.time())
    failed = se.event(
        "payment_intent.payment_failed",
        se.payment_intent(
            payment.intent_id,
            amount=2380,
            status="requires_payment_method",
            last_payment_error=se.card_declined(),
        ),
        created=now - 30,
    )
    processing = se.event(
        "payment_intent.processing",
        se.payment_intent(payment.intent_id, amount=2380, status="processing"),
        created=now - 20,
    )
    for evt in (succeeded(payment, created=now - 10), processing, failed):
        assert post(client, evt).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert settled == ["100070"]


def test_an_older_failure_does_not_undo_a_newer_processing(client, payment):
    now = int(time.time())
    processing = se.event(
        "payment_intent.processing",
        se.payment_intent(payment.intent_id, amount=2380, status="processing"),
        created=now + 20,
    )
    failed = se.event(
        "payment_intent.payment_failed",
        se.payment_intent(
            payment.intent_id,
            amount=2380,
            status="requires_payment_method",
            last_payment_error=se.card_declined(),
        ),
        created=now + 10,
    )
    post(client, processing), post(client, failed)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PROCESSING


def test_news_from_the_same_second_is_fetched_from_stripe(client, payment, double):
    """In doubt, ask Stripe: two events of one second cannot be ordered by their time."""
    second = int(time.time()) + 100
    processing = se.event(
        "payment_intent.processing",
        se.payment_intent(payment.intent_id, amount=2380, status="processing"),
        created=second,
    )
    double.intent_fails(payment.intent_id)  # what Stripe says now
    failed = se.event(
        "payment_intent.payment_failed",
        se.payment_intent(
            payment.intent_id,
            amount=2380,
            status="requires_payment_method",
            last_payment_error=se.card_declined(),
        ),
        created=second,
    )
    post(client, processing)
    gets_before = len([r for r in double.state.requests if r.method == "GET"])
    post(client, failed)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.last_error == "Your card was declined."
    assert len([r for r in double.state.requests if r.method == "GET"]) == gets_before + 1


def test_account_updates_apply_in_time_order(client, double):
    vendor = shop_with_account(charges_enabled=False)
    account_id = vendor.stripe_account.account_id
    now = int(time.time())
    enabled = se.event(
        "account.updated",
        se.account(account_id, charges_enabled=True),
        created=now + 10,
        account=account_id,
    )
    older = se.event(
        "account.updated",
        se.account(account_id, charges_enabled=False),
        created=now + 5,
        account=account_id,
    )
    post(client, enabled), post(client, older)
    account = ConnectedAccount.objects.get()
    assert account.charges_enabled and account.requirements_due == []
    disabled = se.event(
        "account.updated",
        se.account(account_id, charges_enabled=False),
        created=now + 20,
        account=account_id,
    )
    post(client, disabled)
    account.refresh_from_db()
    assert not account.charges_enabled  # Stripe may switch it off again: newer news wins
    assert account.disabled_reason == "requirements.past_due"


def test_an_account_that_is_not_ours_is_ignored(client):
    evt = se.event("account.updated", se.account("acct_unknown", charges_enabled=True))
    assert post(client, evt).status_code == 200
    assert ConnectedAccount.objects.count() == 0


def _paid_with_payout(double):
    from tests.payments.conftest import stripe_order

    shop = shop_with_account()
    paid = stripe_order(double, (shop, "10.00", 1))
    part = paid.parts[shop]
    payout = services.payout_create(fulfilment=part)
    return paid, part, payout


def test_refunds_and_reversals_only_grow(client, double):
    paid, part, payout = _paid_with_payout(double)
    intent = paid.payment.intent_id
    group = paid.order.number
    for amount_reversed, created in ((500, 20), (200, 10)):
        post(
            client,
            se.event(
                "transfer.reversed",
                se.transfer(
                    payout.transfer_id, amount=900, amount_reversed=amount_reversed, group=group
                ),
                created=int(time.time()) + created,
            ),
        )
    payout.refresh_from_db()
    assert payout.reversed_amount == Decimal("5.00") and payout.status == PayoutStatus.PAID
    for refunded in (1000, 400):
        post(
            client,
            se.event(
                "charge.refunded",
                se.charge(
                    paid.payment.charge_id, intent_id=intent, amount=1000, amount_refunded=refunded
                ),
            ),
        )
    assert Payment.objects.get(pk=paid.payment.pk).amount_refunded == Decimal("10.00")


def test_a_refund_failing_later_is_recorded(client, double):
    paid, part, _payout = _paid_with_payout(double)
    refund = services.refund_create(fulfilment=part, amount=part.goods_total, reason="withdrawn")
    assert refund.status == RefundStatus.SUCCEEDED
    post(
        client,
        se.event(
            "refund.failed",
            se.refund(
                refund.refund_id, intent_id=paid.payment.intent_id, amount=1000, status="failed"
            ),
        ),
    )
    post(
        client,
        se.event(
            "refund.updated",
            se.refund(
                refund.refund_id, intent_id=paid.payment.intent_id, amount=1000, status="succeeded"
            ),
        ),
    )
    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.FAILED


def test_the_order_completes_from_the_webhook_when_the_browser_never_returns(
    client, double, stripe_on
):
    """Quality bar 6: the resident paid and closed the tab; Stripe's event places the order."""
    from oscar.core.loading import get_model

    from tests.factories import product_of
    from tests.fulfilment.conftest import basket_with

    stripe_on.STRIPE_ORDER_PLACER = "tests.payments.test_checkout_payment.place_from_payment"
    basket = basket_with((product_of(shop_with_account(), stock__price=Decimal("6.00")), 1))
    start = services.payment_start(
        order_number="100075", amount=Decimal("6.00"), basket_id=basket.pk
    )
    intent = double.intent_pays(start.reference)
    response = post(client, se.event("payment_intent.succeeded", intent))
    assert response.status_code == 200
    order = get_model("order", "Order").objects.get(number="100075")
    assert order.basket_id == basket.pk
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
