"""Forward-only states for what we mirror from Stripe.

Stripe's events may arrive twice, late, or out of order; a webhook and the returning browser may
report the same change. The rules here decide whether what we learned moves a row forward:

* terminal states (a payment succeeded or cancelled, a refund done) are never left, except where
  Stripe itself moves on (a succeeded refund can still fail at the bank);
* a non-terminal state is taken only from news newer than the state we hold (the event's
  ``created`` or the time of a fetch); news from the same second is "in doubt" and the caller
  fetches the object from Stripe instead.
"""

from datetime import datetime
from enum import Enum

from payments.models import PaymentStatus, RefundStatus

PAYMENT_TERMINAL = {PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED}
PAYMENT_NEXT = {
    PaymentStatus.CREATED: {
        PaymentStatus.FAILED,
        PaymentStatus.PROCESSING,
        PaymentStatus.SUCCEEDED,
        PaymentStatus.CANCELED,
    },
    PaymentStatus.FAILED: {
        PaymentStatus.CREATED,
        PaymentStatus.PROCESSING,
        PaymentStatus.SUCCEEDED,
        PaymentStatus.CANCELED,
    },
    PaymentStatus.PROCESSING: {
        PaymentStatus.FAILED,
        PaymentStatus.SUCCEEDED,
        PaymentStatus.CANCELED,
    },
    PaymentStatus.SUCCEEDED: set(),
    PaymentStatus.CANCELED: set(),
}

REFUND_NEXT = {
    RefundStatus.REQUESTED: {
        RefundStatus.PENDING,
        RefundStatus.SUCCEEDED,
        RefundStatus.FAILED,
        RefundStatus.CANCELED,
    },
    RefundStatus.PENDING: {RefundStatus.SUCCEEDED, RefundStatus.FAILED, RefundStatus.CANCELED},
    RefundStatus.SUCCEEDED: {RefundStatus.FAILED},
    RefundStatus.FAILED: set(),
    RefundStatus.CANCELED: set(),
}


class Verdict(Enum):
    APPLY = "apply"
    IGNORE = "ignore"
    FETCH = "fetch"  # in doubt: ask Stripe for the object's current state


def payment_status_of_intent(intent: dict) -> PaymentStatus:
    """Our status for a PaymentIntent as Stripe shows it."""
    status = intent.get("status", "")
    if status == "succeeded":
        return PaymentStatus.SUCCEEDED
    if status == "canceled":
        return PaymentStatus.CANCELED
    if status in {"processing", "requires_action", "requires_capture"}:
        return PaymentStatus.PROCESSING
    if status == "requires_payment_method" and intent.get("last_payment_error"):
        return PaymentStatus.FAILED
    return PaymentStatus.CREATED


def refund_status_of(refund: dict) -> RefundStatus:
    status = refund.get("status", "")
    if status in {"pending", "requires_action"}:
        return RefundStatus.PENDING
    if status in RefundStatus.values:
        return RefundStatus(status)
    return RefundStatus.PENDING


def payment_verdict(
    *, current: str, new: str, held_since: datetime | None, news_from: datetime | None
) -> Verdict:
    """Whether news of ``new`` (as of ``news_from``) moves a payment that is ``current`` (as
    of ``held_since``). ``news_from`` None: a fetch just now, the freshest there is."""
    if new == current or new not in PAYMENT_NEXT[PaymentStatus(current)]:
        return Verdict.IGNORE
    if new in PAYMENT_TERMINAL or news_from is None or held_since is None:
        return Verdict.APPLY
    if news_from > held_since:
        return Verdict.APPLY
    if news_from == held_since:
        return Verdict.FETCH
    return Verdict.IGNORE


def refund_may_move(current: str, new: str) -> bool:
    return new != current and new in REFUND_NEXT[RefundStatus(current)]


def account_verdict(*, held_since: datetime | None, news_from: datetime | None) -> Verdict:
    """Account flags go up and down (Stripe may disable an account), so only time orders them:
    newer news applies, older is ignored, the same second is in doubt."""
    if news_from is None or held_since is None or news_from > held_since:
        return Verdict.APPLY
    if news_from == held_since:
        return Verdict.FETCH
    return Verdict.IGNORE
