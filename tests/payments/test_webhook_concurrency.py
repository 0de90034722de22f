"""The same Stripe event delivered five times at once, on PostgreSQL: one effect.

Each delivery runs in its own thread with its own database connection, as parallel gunicorn
workers would. The deliveries' inserts of the event id meet on the unique index: one commits
its effect, the others wait for it and then find the event stored.
"""

import threading
from decimal import Decimal

import pytest
from django.test import Client

from payments.models import Payment, PaymentStatus, WebhookEvent
from payments.stripe import services
from tests.concurrency import at_once
from tests.payments import stripe_events as se
from tests.payments.conftest import WEBHOOK_SECRET

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DELIVERIES = 5


def test_five_parallel_deliveries_of_one_event_have_one_effect(on_postgres, double, monkeypatch):
    start = services.payment_start(order_number="100100", amount=Decimal("23.80"))
    settled = []
    lock = threading.Lock()

    def settle(*, order_number, **kwargs):
        with lock:
            settled.append(order_number)

    monkeypatch.setattr(services, "payment_settle", settle)
    evt = se.event(
        "payment_intent.succeeded",
        se.payment_intent(start.reference, amount=2380, order_number="100100"),
    )
    body = se.body_of(evt)
    header = se.signature_header(body, WEBHOOK_SECRET)

    def deliver(_index):
        response = Client().post(
            "/zahlung/stripe/webhook/",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )
        return response.status_code, response.content.decode()

    results = at_once(deliver, DELIVERIES)
    assert all(not isinstance(result, Exception) for result in results), results
    assert [status for status, _outcome in results] == [200] * DELIVERIES
    outcomes = sorted(outcome for _status, outcome in results)
    assert outcomes == ["duplicate"] * (DELIVERIES - 1) + ["received"]
    assert WebhookEvent.objects.filter(event_id=evt["id"]).count() == 1
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert settled == ["100100"]
