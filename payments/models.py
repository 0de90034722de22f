"""What the platform knows of the money it handles with Stripe (see ``payments.stripe``).

Every row mirrors an object at Stripe and is written *before* the call that moves money (with
the Stripe id filled in after it), so a crash between the two leaves a row the services find
again and complete with the same idempotency key. Statuses only move forward
(``payments.stripe.states``). Amounts are gross euros (``Decimal``), as in ``fulfilment``.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.stripe.keys import stripe_keys_check
from vendors.models import TimestampedModel

ZERO = Decimal("0.00")


class ConnectedAccount(TimestampedModel):
    """A shop's Stripe Express account, as Stripe last told us.

    Contract: the flags are written only from Stripe's answers (``account.updated`` events or a
    fetch of the account), never from a returning browser; ``stripe_seen_at`` is the time of the
    state held (event creation or fetch), so an older event never overwrites a newer state.
    A shop can be ordered from online only while ``charges_enabled``.
    """

    vendor = models.OneToOneField(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="stripe_account",
        verbose_name=_("Shop"),
    )
    account_id = models.CharField(_("Stripe account"), max_length=64, unique=True)
    charges_enabled = models.BooleanField(_("Can take payments"), default=False)
    payouts_enabled = models.BooleanField(_("Can receive payouts"), default=False)
    details_submitted = models.BooleanField(_("Details submitted"), default=False)
    disabled_reason = models.CharField(_("Why disabled"), max_length=120, blank=True)
    requirements_due = models.JSONField(_("Information still due"), default=list, blank=True)
    stripe_seen_at = models.DateTimeField(_("State as of"), null=True, blank=True)
    synced_at = models.DateTimeField(_("Last synced"), null=True, blank=True)

    class Meta:
        ordering = ["vendor__name"]
        verbose_name = _("Stripe account")
        verbose_name_plural = _("Stripe accounts")

    def __str__(self) -> str:
        return f"{self.vendor} ({self.account_id})"

    @property
    def can_take_charges(self) -> bool:
        return self.charges_enabled


class PaymentStatus(models.TextChoices):
    """The PaymentIntent's state, coarsened; see ``payments.stripe.states`` for the order."""

    CREATED = "created", _("Waiting for payment")
    FAILED = "failed", _("Attempt failed")
    PROCESSING = "processing", _("Processing")
    SUCCEEDED = "succeeded", _("Paid")
    CANCELED = "canceled", _("Cancelled")


class Payment(TimestampedModel):
    """The resident's payment for one basket: one PaymentIntent for every shop's part.

    Contract: created by ``payment_start`` before Stripe.js confirms it, keyed by Oscar's order
    number (known before the order exists). A number has at most one *live* payment (not
    cancelled, not voided); ``attempt`` counts a new intent after the basket changed or a void.
    ``voided_at``: the order could not be placed and the whole amount was refunded.
    ``amount_received`` is what Stripe says it captured; a payment counts as paid only when it
    equals ``amount``. ``stripe_seen_at`` is the time of the state held (see ``states``).
    """

    order_number = models.CharField(_("Order number"), max_length=128, db_index=True)
    attempt = models.PositiveSmallIntegerField(_("Attempt"), default=1)
    intent_id = models.CharField(_("PaymentIntent"), max_length=64, unique=True)
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("Currency"), max_length=3, default="EUR")
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=PaymentStatus.choices,
        default=PaymentStatus.CREATED,
        db_index=True,
    )
    charge_id = models.CharField(_("Charge"), max_length=64, blank=True)
    amount_received = models.DecimalField(
        _("Received"), max_digits=12, decimal_places=2, default=ZERO
    )
    amount_refunded = models.DecimalField(
        _("Refunded at Stripe"), max_digits=12, decimal_places=2, default=ZERO
    )
    basket_id = models.PositiveIntegerField(_("Basket"), null=True, blank=True)
    checkout_context = models.JSONField(
        _("Checkout context"),
        default=dict,
        blank=True,
        help_text=_("What the checkout needs to place the order without the browser."),
    )
    last_error = models.CharField(_("Last error"), max_length=255, blank=True)
    stripe_seen_at = models.DateTimeField(_("State as of"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("Paid at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("Voided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-attempt"]
        verbose_name = _("Payment")
        verbose_name_plural = _("Payments")
        constraints = [
            models.UniqueConstraint(
                fields=["order_number", "attempt"], name="payment_attempt_unique_per_order"
            ),
            models.UniqueConstraint(
                fields=["order_number"],
                condition=Q(voided_at__isnull=True) & ~Q(status="canceled"),
                name="payment_one_live_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_number} #{self.attempt} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.voided_at is None and self.status != PaymentStatus.CANCELED


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Transferred")
    NOTHING = "nothing", _("Nothing to transfer")


class Payout(TimestampedModel):
    """A shop's share of a collected part, transferred to its connected account.

    Contract: at most one per part (the ``fulfilment`` is unique), created before the Transfer
    with the deterministic key ``<order>:<shop>:transfer``; ``reversed_amount`` only grows.
    """

    fulfilment = models.OneToOneField(
        "fulfilment.Fulfilment",
        on_delete=models.PROTECT,
        related_name="payout",
        verbose_name=_("Pickup order"),
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("Payment")
    )
    account_id = models.CharField(_("Stripe account"), max_length=64)
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("Status"), max_length=16, choices=PayoutStatus.choices, default=PayoutStatus.REQUESTED
    )
    transfer_id = models.CharField(_("Transfer"), max_length=64, blank=True)
    reversed_amount = models.DecimalField(
        _("Reversed"), max_digits=12, decimal_places=2, default=ZERO
    )
    last_error = models.CharField(_("Last error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Payout to a shop")
        verbose_name_plural = _("Payouts to shops")
        constraints = [
            models.UniqueConstraint(
                fields=["transfer_id"],
                condition=~Q(transfer_id=""),
                name="payout_transfer_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fulfilment_id}: {self.amount} ({self.get_status_display()})"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Cancelled")


class Refund(TimestampedModel):
    """Money given back to the resident: a part's (cancelled, expired, withdrawn) or, with no
    ``fulfilment``, the whole payment of an order that could not be placed (a void).

    Contract: one per part and reason, or per payment and reason for a void; created before the
    Refund at Stripe (key ``<order>:<shop>:refund:<reason>``). When the shop had been paid, its
    transfer is reversed by ``reversal_amount`` (``transfer_reversal_id``).
    """

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("Payment")
    )
    fulfilment = models.ForeignKey(
        "fulfilment.Fulfilment",
        on_delete=models.PROTECT,
        related_name="refunds",
        null=True,
        blank=True,
        verbose_name=_("Pickup order"),
    )
    reason = models.CharField(_("Reason"), max_length=32)
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("Status"), max_length=16, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    refund_id = models.CharField(_("Stripe refund"), max_length=64, blank=True)
    reversal_amount = models.DecimalField(
        _("Taken back from the shop"), max_digits=12, decimal_places=2, default=ZERO
    )
    transfer_reversal_id = models.CharField(_("Transfer reversal"), max_length=64, blank=True)
    last_error = models.CharField(_("Last error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Refund")
        verbose_name_plural = _("Refunds")
        constraints = [
            models.UniqueConstraint(
                fields=["fulfilment", "reason"],
                condition=Q(fulfilment__isnull=False),
                name="refund_one_per_part_and_reason",
            ),
            models.UniqueConstraint(
                fields=["payment", "reason"],
                condition=Q(fulfilment__isnull=True),
                name="refund_one_void_per_payment_and_reason",
            ),
            models.UniqueConstraint(
                fields=["refund_id"], condition=~Q(refund_id=""), name="refund_stripe_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment.order_number} {self.reason}: {self.amount}"


class WebhookEventStatus(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored (type not handled)")


class WebhookEvent(TimestampedModel):
    """A Stripe event we received, verified, once.

    Contract: ``event_id`` is unique and the row is inserted in the same transaction as the
    event's effect; a second delivery of the same event finds the row (or waits for the first
    delivery's transaction and then finds it) and changes nothing. ``created_at`` is when it was
    received (``received_at``), ``stripe_created`` when Stripe created it.
    """

    event_id = models.CharField(_("Event"), max_length=64, unique=True)
    type = models.CharField(_("Type"), max_length=64, db_index=True)
    stripe_created = models.DateTimeField(_("Created at Stripe"))
    processed_at = models.DateTimeField(_("Processed at"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=16, choices=WebhookEventStatus.choices)
    payload = models.JSONField(_("Payload"))

    class Meta:
        ordering = ["-stripe_created", "-id"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"

    @property
    def received_at(self):
        return self.created_at


# Refuse a Stripe key where it must not run (live with DEBUG, test in production). Here because
# every process imports this module once the final settings are known (see the function).
stripe_keys_check()
