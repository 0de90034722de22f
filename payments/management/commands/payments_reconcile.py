"""``manage.py payments_reconcile``: money without its counterpart, and the repair of it.

Lists (always): paid payments without an order, orders paid by Stripe without a succeeded
payment, payments whose received amount differs, payouts and refunds stored but not made,
collected parts without payout and closed parts without refund.

``--settle`` first asks Stripe about payments started longer than ``--older-than`` minutes ago
and still unpaid here (a missed webhook), then gives every paid payment without order of that
age its end: the order is placed from it (``STRIPE_ORDER_PLACER``) or, if that is impossible or
not configured, the payment is refunded. ``--retry`` repeats open refunds and payouts (same
idempotency keys: nothing moves twice) and settles closed/collected parts that have no row yet.
``--fail-on-findings`` exits with status 1 while anything is listed (for monitoring).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payments.models import RefundStatus
from payments.stripe import selectors, services
from payments.stripe.errors import PaymentError


class Command(BaseCommand):
    help = "List payments without order and orders without payment; optionally repair."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="MINUTES",
            help="Only payments paid at least this long ago (default STRIPE_SETTLE_AFTER_MINUTES).",
        )
        parser.add_argument("--settle", action="store_true", help="Place or refund them.")
        parser.add_argument("--retry", action="store_true", help="Retry open payouts/refunds.")
        parser.add_argument("--fail-on-findings", action="store_true")

    def handle(self, *args, older_than=None, settle=False, retry=False, **options):
        minutes = settings.STRIPE_SETTLE_AFTER_MINUTES if older_than is None else older_than
        if settle:
            self._settle(timedelta(minutes=minutes))
        if retry:
            self._retry()
        findings = self._report(timedelta(minutes=minutes))
        if findings and options["fail_on_findings"]:
            raise CommandError(f"{findings} finding(s)")

    def _report(self, older_than: timedelta) -> int:
        sections = [
            (
                "Payments without order",
                [
                    f"{p.order_number} #{p.attempt} {p.intent_id} {p.amount_received} "
                    f"paid {p.succeeded_at:%Y-%m-%d %H:%M}"
                    for p in selectors.payments_without_order(older_than=older_than)
                ],
            ),
            (
                "Orders without payment",
                [
                    f"{o.number} {o.total_incl_tax} {o.date_placed:%Y-%m-%d %H:%M}"
                    for o in selectors.orders_without_payment()
                ],
            ),
            (
                "Payments with another amount received",
                [
                    f"{p.order_number} asked {p.amount}, received {p.amount_received}"
                    for p in selectors.payments_amount_mismatch()
                ],
            ),
            (
                "Payouts not transferred",
                [
                    f"{p.fulfilment.reference} {p.amount} {p.last_error}".strip()
                    for p in selectors.payouts_open()
                ],
            ),
            (
                "Refunds not made",
                [
                    f"{r.payment.order_number} {r.reason} {r.amount} {r.status} "
                    f"{r.last_error}".strip()
                    for r in selectors.refunds_open()
                ],
            ),
            (
                "Collected parts without payout",
                [part.reference for part in selectors.parts_collected_without_payout()],
            ),
            (
                "Closed parts without refund",
                [part.reference for part in selectors.parts_closed_without_refund()],
            ),
        ]
        findings = 0
        for title, lines in sections:
            findings += len(lines)
            self.stdout.write(f"{title}: {len(lines)}")
            for line in lines:
                self.stdout.write(f"  {line}")
        return findings

    def _settle(self, older_than: timedelta) -> None:
        for payment in list(selectors.payments_unfinished(older_than=older_than)):
            try:
                services.payment_refresh(payment=payment)
            except PaymentError as exc:
                self.stdout.write(f"refresh {payment.order_number}: failed ({exc})")
        for payment in list(selectors.payments_without_order(older_than=older_than)):
            number = payment.order_number
            try:
                outcome = services.payment_settle(order_number=number, frozen_takeover=True)
                if outcome == services.SETTLE_WAITING and not settings.STRIPE_ORDER_PLACER:
                    services.payment_void(order_number=number, reason=services.VOID_NOT_PLACED)
                    outcome = services.SETTLE_VOIDED
            except PaymentError as exc:
                outcome = f"failed ({exc})"
            self.stdout.write(f"settle {number}: {outcome}")

    def _retry(self) -> None:
        for refund in list(selectors.refunds_open().filter(status=RefundStatus.REQUESTED)):
            self._attempt(f"refund {refund}", lambda r=refund: services.refund_send(refund=r))
        for payout in list(selectors.payouts_open()):
            self._attempt(
                f"payout {payout.fulfilment.reference}",
                lambda p=payout: services.payout_create(fulfilment=p.fulfilment),
            )
        for part in list(selectors.parts_collected_without_payout()):
            self._attempt(
                f"payout {part.reference}", lambda f=part: services.payout_create(fulfilment=f)
            )
        for part in list(selectors.parts_closed_without_refund()):
            self._attempt(
                f"refund {part.reference}",
                lambda f=part: services.refund_create(
                    fulfilment=f, amount=f.goods_total, reason=f.status
                ),
            )

    def _attempt(self, label: str, step) -> None:
        try:
            step()
        except PaymentError as exc:
            self.stdout.write(f"{label}: failed ({exc})")
        else:
            self.stdout.write(f"{label}: done")
