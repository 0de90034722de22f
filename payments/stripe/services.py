"""Writes for Stripe Connect: the basket's payment, the shops' payouts, refunds, voids.

Every step that moves money follows the same pattern: a row is stored first (``Payment``,
``Payout``, ``Refund``), then Stripe is called with a deterministic idempotency key, then the
Stripe id is stored. Whatever dies in between, running the step again (the provider, a webhook,
``manage.py payments_reconcile --retry``) finds the row and gets the same Stripe object back
instead of a second one. Stripe is called with a row lock held only where two callers could
otherwise both decide to move money; the calls have bounded timeouts (``api``).

What the checkout calls (through the provider, ``payments.stripe.provider``): ``payment_start``
when the resident presses "zahlungspflichtig bestellen", ``payment_confirmed`` (via
``checkout_payment_take``) just before it places the order, ``payment_void`` when placing failed
after paying. ``payment_settle`` completes a paid payment whose browser never came back.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments.models import (
    ZERO,
    ConnectedAccount,
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    Refund,
    RefundStatus,
)
from payments.providers.base import PaymentStart
from payments.stripe import api, states
from payments.stripe.errors import (
    PaymentError,
    PaymentNotConfirmed,
    PaymentProblem,
    PaymentRefused,
)

logger = logging.getLogger("payments.stripe")

Order = get_model("order", "Order")

CENT = Decimal("0.01")
# Stripe's smallest charge in euros.
MINIMUM_CHARGE = Decimal("0.50")
VOID_NOT_PLACED = "not_placed"
VOID_AMOUNT_CHANGED = "amount_changed"


def _now() -> datetime:
    return timezone.now()


def _error_text(exc: Exception) -> str:
    return (getattr(exc, "detail", "") or str(exc))[:255]


@contextmanager
def _errors_recorded_on(model, pk: int):
    """Keep a failed step's error on its row (``last_error``), outside the step's rolled-back
    transaction, and let the error go on."""
    try:
        yield
    except PaymentError as exc:
        model.objects.filter(pk=pk).update(last_error=_error_text(exc), updated_at=_now())
        raise


# =========================================================================================
# The basket's payment
# =========================================================================================


def payment_live(*, order_number: str, lock: bool = False) -> Payment | None:
    """The order number's payment that is neither cancelled nor voided (at most one)."""
    query = Payment.objects.filter(order_number=order_number, voided_at__isnull=True).exclude(
        status=PaymentStatus.CANCELED
    )
    if lock:
        query = query.select_for_update()
    return query.first()


def payment_intent_apply(
    *, payment: Payment, intent: dict, news_from: datetime | None = None
) -> Payment:
    """Take what Stripe says of the payment's intent, if it moves the payment forward
    (``states.payment_verdict``); in doubt, fetch the intent and take that. The caller holds
    the payment's row lock. ``news_from``: the event's time; None for a fresh fetch."""
    new = states.payment_status_of_intent(intent)
    verdict = states.payment_verdict(
        current=payment.status, new=new, held_since=payment.stripe_seen_at, news_from=news_from
    )
    if verdict is states.Verdict.FETCH:
        intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
        return payment_intent_apply(payment=payment, intent=intent, news_from=None)
    fields = set()
    charge = intent.get("latest_charge") or ""
    if isinstance(charge, dict):
        charge = charge.get("id", "")
    if charge and not payment.charge_id:
        payment.charge_id = charge
        fields.add("charge_id")
    error = (intent.get("last_payment_error") or {}).get("message", "")
    if verdict is states.Verdict.APPLY:
        payment.status = new
        payment.stripe_seen_at = news_from or _now()
        fields |= {"status", "stripe_seen_at"}
        if new == PaymentStatus.SUCCEEDED:
            payment.succeeded_at = _now()
            payment.amount_received = api.from_cents(intent.get("amount_received") or 0)
            if intent.get("currency", "").upper() != payment.currency.upper():
                payment.amount_received = ZERO  # never counts as paid
            fields |= {"succeeded_at", "amount_received"}
        if new == PaymentStatus.FAILED and error:
            payment.last_error = error[:255]
            fields.add("last_error")
    if fields:
        payment.save(update_fields=[*sorted(fields), "updated_at"])
    return payment


def _start_of(payment: Payment, *, client_secret: str) -> PaymentStart:
    return PaymentStart(
        client_secret=client_secret,
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
        reference=payment.intent_id,
        amount=payment.amount,
        currency=payment.currency,
        paid=payment.status == PaymentStatus.SUCCEEDED,
    )


def payment_start(
    *,
    order_number: str,
    amount: Decimal,
    currency: str = "EUR",
    basket_id: int | None = None,
    context: dict | None = None,
) -> PaymentStart:
    """The PaymentIntent for the basket about to become order ``order_number``, and what the
    browser needs to confirm it.

    Idempotent (double click, reload, back and again): the live payment of the same amount is
    reused; a live payment of another amount not yet paid is cancelled and replaced (the next
    ``attempt``); a paid one is reported as ``paid`` (the checkout then places the order, and
    ``payment_confirmed`` refuses it if the amount no longer fits).
    """
    order_number = str(order_number)
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    currency = currency.upper()
    if currency != settings.STRIPE_CURRENCY:
        raise PaymentProblem(f"Stripe payments are in {settings.STRIPE_CURRENCY}, not {currency}")
    if amount < MINIMUM_CHARGE:
        raise PaymentRefused(
            _("Online payment needs at least 0.50 €. Please choose to pay at pickup."),
            code="amount_too_small",
        )
    with transaction.atomic():
        live = payment_live(order_number=order_number, lock=True)
        if live is not None:
            reused = _payment_reuse(live, amount=amount, currency=currency)
            if reused is not None:
                return reused
        attempt = (
            Payment.objects.filter(order_number=order_number).aggregate(last=Max("attempt"))["last"]
            or 0
        ) + 1
    # Outside the transaction: a crash after Stripe's answer leaves no row, and the next start
    # computes the same attempt, so the same key (attempt and amount) gets the same intent back.
    intent = api.payment_intent_create(
        order_number=order_number,
        attempt=attempt,
        amount=amount,
        currency=currency,
        metadata={"basket_id": str(basket_id or ""), "attempt": str(attempt)},
    )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                order_number=order_number,
                attempt=attempt,
                intent_id=intent["id"],
                amount=amount,
                currency=currency,
                basket_id=basket_id,
                checkout_context=context or {},
                stripe_seen_at=_now(),
            )
    except IntegrityError:
        # A parallel start stored this intent (same key, same intent) or the next attempt.
        payment = payment_live(order_number=order_number)
        if payment is None or payment.intent_id != intent["id"]:
            raise PaymentProblem(
                f"Order {order_number}: two payment starts raced; try again."
            ) from None
    return _start_of(payment, client_secret=intent["client_secret"])


def _payment_reuse(live: Payment, *, amount: Decimal, currency: str) -> PaymentStart | None:
    """The start for an existing live payment, or None once it is cancelled (under lock)."""
    if live.status == PaymentStatus.SUCCEEDED:
        return _start_of(live, client_secret="")
    if live.amount == amount and live.currency == currency:
        intent = api.payment_intent_retrieve(intent_id=live.intent_id)
        payment_intent_apply(payment=live, intent=intent)
        if live.status != PaymentStatus.CANCELED:
            return _start_of(live, client_secret=intent.get("client_secret", ""))
        return None
    # The basket changed before paying: this intent must never be paid any more.
    try:
        intent = api.payment_intent_cancel(
            intent_id=live.intent_id, order_number=live.order_number, attempt=live.attempt
        )
    except PaymentProblem:
        intent = api.payment_intent_retrieve(intent_id=live.intent_id)  # paid or processing?
    payment_intent_apply(payment=live, intent=intent)
    if live.status == PaymentStatus.SUCCEEDED:
        return _start_of(live, client_secret="")
    if live.status != PaymentStatus.CANCELED:
        raise PaymentNotConfirmed(
            _("Your previous payment is still being processed. Please wait a moment.")
        )
    return None


def payment_pending(
    *, order_number: str, amount: Decimal, currency: str = "EUR"
) -> PaymentStart | None:
    """The live payment of ``order_number`` for exactly ``amount`` in ``currency`` with what the
    browser needs to pay it (Stripe is asked for the client secret: it is never stored here),
    or None when there is none, it is for another amount, or Stripe has cancelled it. Writes
    nothing (the preview page calls it on every view)."""
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    payment = payment_live(order_number=str(order_number))
    if payment is None or payment.amount != amount or payment.currency != currency.upper():
        return None
    if payment.status == PaymentStatus.SUCCEEDED:
        return _start_of(payment, client_secret="")
    intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
    status = states.payment_status_of_intent(intent)
    if status == PaymentStatus.CANCELED:
        return None
    start = _start_of(payment, client_secret=intent.get("client_secret", ""))
    if status == PaymentStatus.SUCCEEDED:  # paid, and the webhook is still on its way
        start = replace(start, paid=True, client_secret="")
    return start


def payment_confirmed(*, order_number: str, amount: Decimal, currency: str = "EUR") -> Payment:
    """The live payment of the order, if Stripe's server (a webhook or a fetch now, never the
    browser) reports it succeeded with exactly ``amount`` received in ``currency``.

    Raises PaymentNotConfirmed otherwise (PaymentServiceDown when Stripe cannot be asked).
    """
    order_number = str(order_number)
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    with transaction.atomic():
        payment = payment_live(order_number=order_number, lock=True)
        if payment is None:
            raise PaymentNotConfirmed()
        if payment.status != PaymentStatus.SUCCEEDED:
            intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
            payment_intent_apply(payment=payment, intent=intent)
    if payment.status != PaymentStatus.SUCCEEDED:
        raise PaymentNotConfirmed()
    if (
        payment.amount != amount
        or payment.amount_received != amount
        or payment.currency.upper() != currency.upper()
    ):
        raise PaymentNotConfirmed(
            _("The amount paid does not match your order. The payment will be refunded.")
        )
    return payment


def payment_void(*, order_number: str, reason: str = VOID_NOT_PLACED) -> Refund | None:
    """No order was (or will be) placed for this payment: cancel the intent if it is not paid,
    else refund it in full and mark it voided. Refuses when the order exists (then its parts
    are refunded one by one). Idempotent per payment and reason."""
    order_number = str(order_number)
    with transaction.atomic():
        payment = payment_live(order_number=order_number, lock=True)
        if payment is None:
            return None
        if Order.objects.filter(number=order_number).exists():
            logger.warning("Order %s exists: its payment is not voided", order_number)
            return None
        if payment.status != PaymentStatus.SUCCEEDED:
            try:
                intent = api.payment_intent_cancel(
                    intent_id=payment.intent_id,
                    order_number=order_number,
                    attempt=payment.attempt,
                )
            except PaymentProblem:
                intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
            payment_intent_apply(payment=payment, intent=intent)
            if payment.status != PaymentStatus.SUCCEEDED:
                return None  # cancelled, or still processing: the next webhook brings it back
        refund, _created = Refund.objects.get_or_create(
            payment=payment,
            fulfilment=None,
            reason=reason,
            defaults={"amount": payment.amount_received or payment.amount},
        )
        payment.voided_at = _now()
        payment.save(update_fields=["voided_at", "updated_at"])
    logger.warning("Order %s could not be placed: payment refunded (%s)", order_number, reason)
    return refund_send(refund=refund)


def payment_paid_without_order(*, order_number: str) -> bool:
    """Whether a paid payment of that number is waiting for its order or its refund."""
    payment = payment_live(order_number=str(order_number))
    return (
        payment is not None
        and payment.status == PaymentStatus.SUCCEEDED
        and not Order.objects.filter(number=order_number).exists()
    )


def payment_refresh(*, payment: Payment) -> Payment:
    """Ask Stripe for the payment's intent now and take what it says (the reconciliation's
    net under missed webhooks)."""
    intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        return payment_intent_apply(payment=payment, intent=intent)


SETTLE_NOT_PAID = "not_paid"
SETTLE_HAD_ORDER = "had_order"
SETTLE_PLACED = "placed"
SETTLE_WAITING = "waiting"
SETTLE_VOIDED = "voided"


def payment_settle(*, order_number: str, frozen_takeover: bool = False) -> str:
    """Make sure a paid payment ends with an order or a refund (quality bars 6 and 7).

    With an order of that number: nothing to do. Without one, the checkout's placer
    (``settings.STRIPE_ORDER_PLACER``, a dotted path) is asked to place it from what the
    checkout stored at ``payment_start``::

        placer(*, order_number: str, basket_id: int | None, context: dict,
               frozen_takeover: bool) -> Order | None

    It returns the order (placed now, or found placed by the resident's own request), or None
    when it cannot be placed at all (nothing placed, basket given back): then the payment is
    voided. An exception means "unknown, try again later" and changes nothing. Without a placer
    the payment waits for the reconciliation. ``frozen_takeover`` (the reconciliation, long after
    any request could still be running) lets the placer take a basket the resident's request
    froze and never finished. Returns what happened (``SETTLE_*``).
    """
    order_number = str(order_number)
    placer_path = settings.STRIPE_ORDER_PLACER
    with transaction.atomic():
        payment = payment_live(order_number=order_number, lock=True)
        if payment is None or payment.status != PaymentStatus.SUCCEEDED:
            return SETTLE_NOT_PAID
        if Order.objects.filter(number=order_number).exists():
            return SETTLE_HAD_ORDER
        if not placer_path:
            return SETTLE_WAITING
        try:
            with transaction.atomic():
                order = import_string(placer_path)(
                    order_number=order_number,
                    basket_id=payment.basket_id,
                    context=payment.checkout_context,
                    frozen_takeover=frozen_takeover,
                )
        except Exception:
            logger.warning("Order %s: not placed from its payment yet", order_number, exc_info=True)
            return SETTLE_WAITING
        if order is not None:
            return SETTLE_PLACED
    payment_void(order_number=order_number, reason=VOID_NOT_PLACED)
    return SETTLE_VOIDED


# =========================================================================================
# Refunds
# =========================================================================================


def refund_send(*, refund: Refund) -> Refund:
    """Send a stored refund to Stripe (once: the key names order, shop and reason; a refund
    whose answers were lost is found again by its metadata) and, for a part whose shop was
    paid, reverse the shop's transfer by its share."""
    payment = refund.payment
    shop = refund.fulfilment.vendor_id if refund.fulfilment_id else api.WHOLE_BASKET
    with _errors_recorded_on(Refund, refund.pk), transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if not refund.refund_id and refund.amount > 0:
            data = _refund_made_before(refund)
            if data is None:
                data = api.refund_create(
                    payment_intent=payment.intent_id,
                    amount=refund.amount,
                    order_number=payment.order_number,
                    shop=shop,
                    reason=refund.reason,
                    metadata={"part": _part_reference(refund)},
                )
            refund.refund_id = data["id"]
            new = states.refund_status_of(data)
            if states.refund_may_move(refund.status, new):
                refund.status = new
            refund.last_error = ""
            refund.save(update_fields=["refund_id", "status", "last_error", "updated_at"])
        elif refund.amount <= 0 and refund.status == RefundStatus.REQUESTED:
            refund.status = RefundStatus.SUCCEEDED
            refund.save(update_fields=["status", "updated_at"])
    if refund.fulfilment_id:
        refund = _transfer_reverse(refund=refund)
    return refund


def _refund_made_before(refund: Refund) -> dict | None:
    """A refund an earlier try made although its answer never came (see
    ``_transfer_made_before``): same payment, same part and reason in its metadata."""
    part = _part_reference(refund)
    for made in api.refunds_list(payment_intent=refund.payment.intent_id):
        metadata = made.get("metadata") or {}
        if metadata.get("part") == part and metadata.get("reason") == refund.reason:
            return made
    return None


def _part_reference(refund: Refund) -> str:
    if refund.fulfilment_id:
        return f"{refund.payment.order_number}-{refund.fulfilment.vendor_id}"
    return refund.payment.order_number


def _reversal_share(*, refund_amount: Decimal, goods: Decimal, transferred: Decimal) -> Decimal:
    """The shop's share of a refund: the refunded fraction of the part applied to what the shop
    received, half up to the cent (a full refund takes the whole transfer back)."""
    if goods <= 0 or refund_amount >= goods:
        return transferred
    return (refund_amount * transferred / goods).quantize(CENT, rounding=ROUND_HALF_UP)


def _transfer_reverse(*, refund: Refund) -> Refund:
    """Take the shop's share of a part's refund back: from its transfer if it was made, or off
    a payout not made yet (which then transfers less, or nothing)."""
    with _errors_recorded_on(Refund, refund.pk), transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.transfer_reversal_id or refund.reversal_amount > 0:
            return refund
        payout = Payout.objects.select_for_update().filter(fulfilment=refund.fulfilment).first()
        if payout is None or payout.status == PayoutStatus.NOTHING:
            return refund
        share = _reversal_share(
            refund_amount=refund.amount,
            goods=refund.fulfilment.goods_total,
            transferred=refund.fulfilment.vendor_share,
        )
        share = min(share, payout.amount - payout.reversed_amount)
        if share <= 0:
            return refund
        if payout.status == PayoutStatus.REQUESTED and not payout.transfer_id:
            made = _transfer_made_before(payout)  # an earlier try's answer may have been lost
            if made is not None:
                payout.transfer_id, payout.status = made["id"], PayoutStatus.PAID
                payout.save(update_fields=["transfer_id", "status", "updated_at"])
        if payout.status == PayoutStatus.REQUESTED and not payout.transfer_id:
            # Not transferred yet: the shop gets that much less.
            payout.amount -= share
            if payout.amount <= 0:
                payout.status = PayoutStatus.NOTHING
            payout.save(update_fields=["amount", "status", "updated_at"])
            refund.reversal_amount = share
            refund.save(update_fields=["reversal_amount", "updated_at"])
            return refund
        data = api.transfer_reversal_create(
            transfer_id=payout.transfer_id,
            amount=share,
            order_number=refund.payment.order_number,
            vendor_id=refund.fulfilment.vendor_id,
            reason=refund.reason,
        )
        refund.transfer_reversal_id = data["id"]
        refund.reversal_amount = share
        refund.save(update_fields=["transfer_reversal_id", "reversal_amount", "updated_at"])
        payout.reversed_amount += share
        payout.save(update_fields=["reversed_amount", "updated_at"])
    return refund


def _paid_payment(order_number: str) -> Payment:
    payment = (
        Payment.objects.filter(
            order_number=order_number, status=PaymentStatus.SUCCEEDED, voided_at__isnull=True
        )
        .order_by("-attempt")
        .first()
    )
    if payment is None:
        raise PaymentProblem(f"Order {order_number} has no succeeded Stripe payment")
    return payment


def refund_create(*, fulfilment, amount: Decimal, reason: str) -> Refund:
    """Give ``amount`` of a part back (cancelled, expired, withdrawn), at most what is left of
    the part; the shop's transfer is reversed by its share. Idempotent per part and reason."""
    payment = _paid_payment(str(fulfilment.order.number))
    refunded = (
        Refund.objects.filter(fulfilment=fulfilment)
        .exclude(reason=reason)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    amount = min(Decimal(amount), fulfilment.goods_total - refunded).quantize(CENT)
    amount = max(amount, ZERO)
    try:
        with transaction.atomic():
            refund, _created = Refund.objects.get_or_create(
                fulfilment=fulfilment,
                reason=reason,
                defaults={"payment": payment, "amount": amount},
            )
    except IntegrityError:  # a parallel call stored it first
        refund = Refund.objects.get(fulfilment=fulfilment, reason=reason)
    return refund_send(refund=refund)


# =========================================================================================
# Payouts to shops
# =========================================================================================


def payout_create(*, fulfilment) -> Payout:
    """Transfer a collected part's ``vendor_share`` to the shop's account, once per part
    (``Payout.fulfilment`` is unique; key ``<order>:<shop>:transfer``), from the basket's
    charge. A retry after a lost answer adopts the transfer Stripe made."""
    payment = _paid_payment(str(fulfilment.order.number))
    if not payment.charge_id:
        intent = api.payment_intent_retrieve(intent_id=payment.intent_id)
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            payment_intent_apply(payment=payment, intent=intent)
        if not payment.charge_id:
            raise PaymentProblem(f"Order {payment.order_number}: Stripe names no charge")
    account = ConnectedAccount.objects.filter(vendor_id=fulfilment.vendor_id).first()
    if account is None:
        raise PaymentProblem(f"{fulfilment.vendor} has no Stripe account to pay out to")
    try:
        with transaction.atomic():
            payout, created = Payout.objects.get_or_create(
                fulfilment=fulfilment,
                defaults={
                    "payment": payment,
                    "account_id": account.account_id,
                    "amount": fulfilment.vendor_share,
                },
            )
            if created:
                _payout_less_earlier_refunds(payout)
    except IntegrityError:
        payout, created = Payout.objects.get(fulfilment=fulfilment), False
    if payout.status != PayoutStatus.REQUESTED:
        return payout
    with _errors_recorded_on(Payout, payout.pk), transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.transfer_id or payout.status != PayoutStatus.REQUESTED:
            return payout
        transfer = None if created else _transfer_made_before(payout)
        if transfer is None:
            transfer = api.transfer_create(
                order_number=payment.order_number,
                vendor_id=fulfilment.vendor_id,
                amount=payout.amount,
                destination=payout.account_id,
                source_transaction=payment.charge_id,
                currency=payment.currency,
            )
        payout.transfer_id = transfer["id"]
        payout.status = PayoutStatus.PAID
        payout.last_error = ""
        payout.save(update_fields=["transfer_id", "status", "last_error", "updated_at"])
    return payout


def _payout_less_earlier_refunds(payout: Payout) -> None:
    """A part refunded (in part) before its payout was made: the shop's share of each such
    refund comes off the payout, as a reversal would have taken it back."""
    part = payout.fulfilment
    for refund in Refund.objects.select_for_update().filter(fulfilment=part, reversal_amount=0):
        share = _reversal_share(
            refund_amount=refund.amount, goods=part.goods_total, transferred=part.vendor_share
        )
        share = min(share, payout.amount)
        payout.amount -= share
        refund.reversal_amount = share
        refund.save(update_fields=["reversal_amount", "updated_at"])
    if payout.amount <= 0:
        payout.status = PayoutStatus.NOTHING
    payout.save(update_fields=["amount", "status", "updated_at"])


def _transfer_made_before(payout: Payout) -> dict | None:
    """A transfer an earlier try of this payout made (its answer lost): found by the order's
    transfer group and the part named in its metadata, so a key expired at Stripe (after a
    day) still cannot make a second one."""
    order_number = payout.payment.order_number
    part = f"{order_number}-{payout.fulfilment.vendor_id}"
    for transfer in api.transfers_list(transfer_group=order_number, destination=payout.account_id):
        if (transfer.get("metadata") or {}).get("part") == part:
            return transfer
    return None


# =========================================================================================
# Shops' connected accounts
# =========================================================================================


def _account_fields(data: dict) -> dict:
    requirements = data.get("requirements") or {}
    return {
        "charges_enabled": bool(data.get("charges_enabled")),
        "payouts_enabled": bool(data.get("payouts_enabled")),
        "details_submitted": bool(data.get("details_submitted")),
        "disabled_reason": (requirements.get("disabled_reason") or "")[:120],
        "requirements_due": list(requirements.get("currently_due") or []),
    }


def connected_account_apply(
    *, account_id: str, data: dict, news_from: datetime | None = None
) -> ConnectedAccount | None:
    """Take Stripe's account state if it is newer than the one held (``states``); in doubt
    (same second), fetch it. None for an account that is not one of our shops'."""
    with transaction.atomic():
        account = ConnectedAccount.objects.select_for_update().filter(account_id=account_id).first()
        if account is None:
            return None
        verdict = states.account_verdict(held_since=account.stripe_seen_at, news_from=news_from)
        if verdict is states.Verdict.FETCH:
            data, news_from = api.account_retrieve(account_id=account_id), None
        elif verdict is states.Verdict.IGNORE:
            return account
        for name, value in _account_fields(data).items():
            setattr(account, name, value)
        account.stripe_seen_at = news_from or _now()
        account.synced_at = _now()
        account.save()
    return account


def connected_account_ensure(*, vendor) -> ConnectedAccount:
    """The shop's Express account, created at Stripe if it has none (once: the key is the
    shop's)."""
    account = ConnectedAccount.objects.filter(vendor=vendor).first()
    if account is not None:
        return account
    data = api.account_create(vendor_id=vendor.pk, email=vendor.email, business_name=vendor.name)
    try:
        with transaction.atomic():
            account = ConnectedAccount.objects.create(
                vendor=vendor,
                account_id=data["id"],
                stripe_seen_at=_now(),
                synced_at=_now(),
                **_account_fields(data),
            )
    except IntegrityError:
        account = ConnectedAccount.objects.get(vendor=vendor)
    return account


def connected_account_refresh(*, vendor) -> ConnectedAccount | None:
    """Fetch the shop's account from Stripe and keep its state (the return from onboarding:
    the browser coming back says nothing, Stripe's answer does)."""
    account = ConnectedAccount.objects.filter(vendor=vendor).first()
    if account is None:
        return None
    data = api.account_retrieve(account_id=account.account_id)
    return connected_account_apply(account_id=account.account_id, data=data, news_from=None)


@dataclass(frozen=True)
class OnboardingLink:
    url: str
    account: ConnectedAccount


def connected_account_onboarding_link(
    *, vendor, refresh_url: str, return_url: str, request_key: str
) -> OnboardingLink:
    """A one-time Stripe onboarding link for the shop (its account created if missing)."""
    account = connected_account_ensure(vendor=vendor)
    link = api.account_link_create(
        account_id=account.account_id,
        refresh_url=refresh_url,
        return_url=return_url,
        request_key=request_key,
    )
    return OnboardingLink(url=link["url"], account=account)
