"""Reads for the reconciliation (quality bars 8 and 11): money without its counterpart.

Each function answers one question an operator asks when the books do not add up; together they
cover "every captured payment has an order or a refund" and "every closed part is settled".
"""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment
from fulfilment.states import FulfilmentStatus
from payments.models import Payment, PaymentStatus, Payout, PayoutStatus, Refund, RefundStatus

Order = get_model("order", "Order")

STRIPE = "stripe"


def payments_without_order(*, older_than: timedelta = timedelta(0)) -> QuerySet[Payment]:
    """Paid, not voided, and no order of that number, paid longer than ``older_than`` ago
    (younger ones may still have the resident's browser on its way back)."""
    return (
        Payment.objects.filter(
            status=PaymentStatus.SUCCEEDED,
            voided_at__isnull=True,
            succeeded_at__lte=timezone.now() - older_than,
        )
        .exclude(Exists(Order.objects.filter(number=OuterRef("order_number"))))
        .order_by("succeeded_at")
    )


def payments_unfinished(*, older_than: timedelta) -> QuerySet[Payment]:
    """Live payments not (yet) paid nor cancelled, started longer than ``older_than`` ago: a
    missed webhook would leave a paid one here."""
    return Payment.objects.filter(
        voided_at__isnull=True,
        status__in=[PaymentStatus.CREATED, PaymentStatus.FAILED, PaymentStatus.PROCESSING],
        created_at__lte=timezone.now() - older_than,
    ).order_by("created_at")


def orders_without_payment() -> QuerySet:
    """Orders placed with the Stripe provider (their payment source) that have no succeeded,
    not voided payment."""
    paid = Payment.objects.filter(
        order_number=OuterRef("number"), status=PaymentStatus.SUCCEEDED, voided_at__isnull=True
    )
    return (
        Order.objects.filter(sources__source_type__code=STRIPE)
        .exclude(Exists(paid))
        .distinct()
        .order_by("date_placed")
    )


def payments_amount_mismatch() -> QuerySet[Payment]:
    """Paid payments whose received amount differs from what was asked."""
    return (
        Payment.objects.filter(status=PaymentStatus.SUCCEEDED, voided_at__isnull=True)
        .exclude(amount_received=F("amount"))
        .order_by("succeeded_at")
    )


def payouts_open() -> QuerySet[Payout]:
    """Payouts stored but not (known to be) transferred: retried by ``--retry``."""
    return Payout.objects.filter(status=PayoutStatus.REQUESTED).select_related(
        "fulfilment__order", "fulfilment__vendor", "payment"
    )


def refunds_open() -> QuerySet[Refund]:
    """Refunds stored but not (known to be) made at Stripe, or that failed there."""
    return Refund.objects.filter(
        status__in=[RefundStatus.REQUESTED, RefundStatus.FAILED]
    ).select_related("payment", "fulfilment__vendor")


def _stripe_parts() -> QuerySet[Fulfilment]:
    return Fulfilment.objects.filter(order__sources__source_type__code=STRIPE).distinct()


def parts_collected_without_payout() -> QuerySet[Fulfilment]:
    """Collected parts of Stripe-paid orders whose shop has no payout row at all."""
    return (
        _stripe_parts()
        .filter(status=FulfilmentStatus.COLLECTED, payout__isnull=True)
        .select_related("order", "vendor")
    )


def parts_closed_without_refund() -> QuerySet[Fulfilment]:
    """Cancelled or expired parts of Stripe-paid orders with nothing refunded."""
    return (
        _stripe_parts()
        .filter(status__in=[FulfilmentStatus.CANCELLED, FulfilmentStatus.EXPIRED])
        .exclude(Exists(Refund.objects.filter(fulfilment=OuterRef("pk"))))
        .select_related("order", "vendor")
    )
