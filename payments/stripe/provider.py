"""The Stripe Connect payment provider (``settings.PAYMENT_PROVIDERS["stripe"]``).

Thin: the contract's hooks (``payments.providers.base``) call ``payments.stripe.services``.
Money for a part (payout on collection, refund on cancel/expiry/withdrawal) is moved after the
part's own change is committed (``fulfilment.services``); a Stripe outage there must not undo a
handover at the counter, so those two hooks record the failure on their row (``last_error``),
log it, and leave the retry to ``manage.py payments_reconcile --retry``.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from payments.models import ConnectedAccount, PaymentStatus
from payments.providers.base import PaymentProvider, PaymentStart, Unavailable
from payments.stripe import services
from payments.stripe.errors import PaymentError, PaymentNotConfirmed

logger = logging.getLogger("payments.stripe")


class StripeConnect(PaymentProvider):
    identifier = "stripe"
    verbose_name = _("Pay online now (card and more, via Stripe)")
    pays_online = True
    gates_ordering = True

    def payable_vendor_ids(self) -> set[int]:
        """Shops whose connected account can take charges, as Stripe last told us."""
        return set(
            ConnectedAccount.objects.filter(charges_enabled=True).values_list(
                "vendor_id", flat=True
            )
        )

    def unavailable_reason(self, *, vendors) -> Unavailable | None:
        """Every shop of the basket needs a connected account that can take charges (as Stripe
        last told us); the first one that cannot is named."""
        if not settings.STRIPE_SECRET_KEY:
            return Unavailable(_("Online payment is not set up."))
        vendors = list(vendors)
        ready = set(
            ConnectedAccount.objects.filter(
                vendor__in=[vendor.pk for vendor in vendors], charges_enabled=True
            ).values_list("vendor_id", flat=True)
        )
        for vendor in vendors:
            if vendor.pk not in ready:
                return Unavailable(
                    _("%(shop)s cannot take online payments yet.") % {"shop": vendor.name}
                )
        return None

    def payment_start(
        self, *, order_number: str, amount: Decimal, currency: str, basket, context=None
    ) -> PaymentStart:
        return services.payment_start(
            order_number=order_number,
            amount=amount,
            currency=currency,
            basket_id=getattr(basket, "pk", None),
            context=context,
        )

    def payment_pending(self, *, order_number: str, amount: Decimal, currency: str):
        return services.payment_pending(order_number=order_number, amount=amount, currency=currency)

    def checkout_payment_take(self, *, order_number: str, total, request=None) -> None:
        """Ask Stripe (not the browser) whether exactly ``total.incl_tax`` was paid. A paid
        payment of another amount (the basket changed after paying) is refunded at once and
        the resident asked to pay again."""
        try:
            services.payment_confirmed(
                order_number=order_number, amount=total.incl_tax, currency=total.currency
            )
        except PaymentNotConfirmed:
            payment = services.payment_live(order_number=order_number)
            if payment is not None and payment.status == PaymentStatus.SUCCEEDED:
                self.payment_void(order_number=order_number, reason=services.VOID_AMOUNT_CHANGED)
            raise

    def payment_void(self, *, order_number: str, reason: str) -> bool:
        try:
            return services.payment_void(order_number=order_number, reason=reason) is not None
        except PaymentError:
            logger.exception(
                "Order %s: voiding its payment failed; the reconciliation retries", order_number
            )
            return services.payment_paid_without_order(order_number=order_number)

    def order_paid_check(self, *, order) -> bool:
        try:
            services.payment_confirmed(
                order_number=order.number, amount=order.total_incl_tax, currency=order.currency
            )
        except PaymentNotConfirmed:
            return False
        except PaymentError:
            logger.exception("Order %s: Stripe could not be asked about its payment", order.number)
            return False
        return True

    def part_payout(self, *, fulfilment) -> None:
        try:
            services.payout_create(fulfilment=fulfilment)
        except PaymentError:
            logger.exception("Payout for %s failed; the reconciliation retries", fulfilment)

    def part_refund(self, *, fulfilment, amount: Decimal, reason: str) -> None:
        try:
            services.refund_create(fulfilment=fulfilment, amount=amount, reason=reason)
        except PaymentError:
            logger.exception("Refund for %s failed; the reconciliation retries", fulfilment)
