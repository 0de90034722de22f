"""Stripe's events: stored once, each with its effect, then mapped type -> handler.

``event_receive`` takes an event already verified on the raw body (``api.webhook_event_construct``)
and, in one transaction, inserts its ``WebhookEvent`` row (``event_id`` unique) and applies the
handler's effect. A second delivery of the same event -- sequential, or parallel (its insert
waits on the unique index until the first transaction commits, then fails) -- changes nothing.
A handler that raises rolls both back; the endpoint answers 500 and Stripe delivers again.

Handlers apply only forward moves (``payments.stripe.states``) and fetch the object from Stripe
when in doubt. Work that talks to other systems after the effect (placing the order of a paid
basket whose browser never came back) runs after the commit, by the one delivery that stored the
event; it is idempotent, and the reconciliation repeats it if it fails.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from payments.models import (
    Payment,
    PaymentStatus,
    Payout,
    Refund,
    WebhookEvent,
    WebhookEventStatus,
)
from payments.stripe import api, services, states

logger = logging.getLogger("payments.stripe")

RECEIVED = "received"
DUPLICATE = "duplicate"
IGNORED = "ignored"

FollowUp = Callable[[], object]


@dataclass
class _Effect:
    follow_ups: list[FollowUp] = field(default_factory=list)


def _payment_intent_changed(obj: dict, news_from: datetime, effect: _Effect) -> None:
    payment = Payment.objects.select_for_update().filter(intent_id=obj.get("id", "")).first()
    if payment is None:
        logger.info("Event for PaymentIntent %s that is not ours", obj.get("id"))
        return
    was = payment.status
    services.payment_intent_apply(payment=payment, intent=obj, news_from=news_from)
    if payment.status == PaymentStatus.SUCCEEDED and was != PaymentStatus.SUCCEEDED:
        effect.follow_ups.append(
            partial(services.payment_settle, order_number=payment.order_number)
        )


def _charge_refunded(obj: dict, news_from: datetime, effect: _Effect) -> None:
    """What Stripe refunded of the charge in all (ours and any made in Stripe's dashboard)."""
    payment = (
        Payment.objects.select_for_update()
        .filter(intent_id=obj.get("payment_intent") or "-")
        .first()
    )
    if payment is None:
        return
    refunded = api.from_cents(obj.get("amount_refunded") or 0)
    if refunded > payment.amount_refunded:  # only ever grows
        payment.amount_refunded = refunded
        payment.save(update_fields=["amount_refunded", "updated_at"])


def _refund_changed(obj: dict, news_from: datetime, effect: _Effect) -> None:
    refund = Refund.objects.select_for_update().filter(refund_id=obj.get("id", "")).first()
    if refund is None:
        return
    new = states.refund_status_of(obj)
    if states.refund_may_move(refund.status, new):
        refund.status = new
        refund.save(update_fields=["status", "updated_at"])


def _account_updated(obj: dict, news_from: datetime, effect: _Effect) -> None:
    services.connected_account_apply(account_id=obj.get("id", ""), data=obj, news_from=news_from)


def _transfer_reversed(obj: dict, news_from: datetime, effect: _Effect) -> None:
    payout = Payout.objects.select_for_update().filter(transfer_id=obj.get("id", "")).first()
    if payout is None:
        return
    reversed_amount = api.from_cents(obj.get("amount_reversed") or 0)
    if reversed_amount > payout.reversed_amount:  # only ever grows
        payout.reversed_amount = reversed_amount
        payout.save(update_fields=["reversed_amount", "updated_at"])


HANDLERS: dict[str, Callable[[dict, datetime, _Effect], None]] = {
    "payment_intent.succeeded": _payment_intent_changed,
    "payment_intent.payment_failed": _payment_intent_changed,
    "payment_intent.processing": _payment_intent_changed,
    "payment_intent.requires_action": _payment_intent_changed,
    "payment_intent.canceled": _payment_intent_changed,
    "charge.refunded": _charge_refunded,
    "refund.created": _refund_changed,
    "refund.updated": _refund_changed,
    "refund.failed": _refund_changed,
    "charge.refund.updated": _refund_changed,
    "account.updated": _account_updated,
    "transfer.reversed": _transfer_reversed,
}


def event_receive(*, event: dict) -> str:
    """Store and apply one verified event; ``RECEIVED``, ``IGNORED`` (a type we do not
    handle; stored all the same) or ``DUPLICATE`` (stored before: nothing done)."""
    news_from = datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC)
    handler = HANDLERS.get(event.get("type", ""))
    effect = _Effect()
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = WebhookEvent.objects.create(
                    event_id=event["id"],
                    type=event.get("type", "")[:64],
                    stripe_created=news_from,
                    status=WebhookEventStatus.PROCESSED if handler else WebhookEventStatus.IGNORED,
                    payload=event,
                )
        except IntegrityError:
            return DUPLICATE
        if handler is None:
            return IGNORED
        handler((event.get("data") or {}).get("object") or {}, news_from, effect)
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at", "updated_at"])
    for follow_up in effect.follow_ups:
        try:
            follow_up()
        except Exception:
            logger.exception(
                "Event %s: follow-up failed; the reconciliation repeats it", event["id"]
            )
    return RECEIVED
