"""A shop's part of an order (``Fulfilment``), stock reservations, invoices and withdrawals.

Oscar has one ``Order`` per basket; a resident's basket spans several shops. Each shop's lines
form one ``Fulfilment`` with its own status, pickup slot, pickup code and amounts; the order's
status is derived from its parts (``fulfilment.states.order_status_for``). Products belong to
one shop, so an order line belongs to the part of its line's partner.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fulfilment.states import FulfilmentStatus
from vendors.models import TimestampedModel

# The withdrawal period for goods (§ 355 (2), § 356 (2) no. 1 BGB): 14 days from receipt.
WITHDRAWAL_DAYS = 14


class Fulfilment(TimestampedModel):
    """One shop's part of an order: what the shop prepares and the resident collects there.

    Contract: ``status`` changes only through ``fulfilment.services`` (forward moves only); the
    pickup code is never stored: it is derived from ``code_nonce`` with a server key and found
    by its keyed hash (``fulfilment.codes``); ``goods_total`` = ``platform_fee`` +
    ``vendor_share`` (gross, EUR). A collected part has exactly one ``Invoice``.
    """

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="fulfilments",
        verbose_name=_("Order"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="fulfilments",
        verbose_name=_("Shop"),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=FulfilmentStatus.choices,
        default=FulfilmentStatus.PLACED,
        db_index=True,
    )
    pickup_starts = models.DateTimeField(_("Pickup from"))
    pickup_ends = models.DateTimeField(_("Pickup until"))
    collect_by = models.DateTimeField(
        _("Collect by"),
        db_index=True,
        help_text=_("Not collected by then, the part expires: stock back, money back."),
    )
    goods_total = models.DecimalField(_("Goods (gross)"), max_digits=12, decimal_places=2)
    platform_fee = models.DecimalField(_("Platform fee"), max_digits=12, decimal_places=2)
    vendor_share = models.DecimalField(_("Paid to the shop"), max_digits=12, decimal_places=2)

    code_nonce = models.CharField(_("Pickup code seed"), max_length=32, blank=True)
    code_digest = models.CharField(
        _("Pickup code (keyed hash)"),
        max_length=64,
        blank=True,
        help_text=_("The code itself is never stored; see fulfilment.codes."),
    )

    ready_at = models.DateTimeField(_("Ready since"), null=True, blank=True)
    collected_at = models.DateTimeField(_("Collected at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Cancelled or expired at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("Reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "vendor__name"]
        verbose_name = _("Pickup order")
        verbose_name_plural = _("Pickup orders")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "vendor"], name="fulfilment_one_part_per_shop"
            ),
            models.UniqueConstraint(
                fields=["code_digest"],
                condition=~Q(code_digest=""),
                name="fulfilment_pickup_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(pickup_starts__lt=models.F("pickup_ends")),
                name="fulfilment_pickup_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} / {self.vendor.name}"

    @property
    def reference(self) -> str:
        """What resident and shop call this part: order number and shop, e.g. "100042-3"."""
        return f"{self.order.number}-{self.vendor_id}"

    def lines(self):
        """The order lines of this shop."""
        return self.order.lines.filter(partner_id=self.vendor.partner_id)

    @property
    def withdrawal_last_day(self) -> date | None:
        """The last day on which a collected part can be withdrawn from: the day of the
        handover does not count, the period ends with the 14th day after it (§§ 187 (1),
        188 (1) BGB), local time. None while the part is not collected."""
        if self.collected_at is None:
            return None
        local = timezone.localdate(self.collected_at, timezone.get_default_timezone())
        return local + timedelta(days=WITHDRAWAL_DAYS)

    def withdrawal_period_open(self, now: datetime | None = None) -> bool:
        """Whether the withdrawal period of a collected part still runs (parts not collected
        yet can always be withdrawn from; that is the caller's rule)."""
        last_day = self.withdrawal_last_day
        if last_day is None:
            return False
        ends = timezone.make_aware(
            datetime.combine(last_day + timedelta(days=1), time.min),
            timezone.get_default_timezone(),
        )
        return (now or timezone.now()) < ends


class FulfilmentEvent(models.Model):
    """What happened to a part, by whom: the record for disputes and the shop's history."""

    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fulfilment", "created_at", "id"]
        verbose_name = _("Pickup order event")
        verbose_name_plural = _("Pickup order events")

    def __str__(self) -> str:
        return f"{self.fulfilment_id}: {self.from_status or '-'} -> {self.to_status}"


class PickupCodeAttempt(models.Model):
    """A code typed or scanned at a shop's counter; failures in a window lock the counter."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.vendor_id} {'ok' if self.succeeded else 'wrong'} {self.created_at:%c}"


class StockReservation(TimestampedModel):
    """Stock held for a basket between "go to payment" and the order (or the expiry).

    Contract: the quantity counts against the stock record's availability until ``expires_at``;
    reservations are created and converted under a row lock on the stock records, taken in
    primary-key order (``fulfilment.stock``).
    """

    basket = models.ForeignKey("basket.Basket", on_delete=models.CASCADE, related_name="+")
    stockrecord = models.ForeignKey(
        "partner.StockRecord", on_delete=models.CASCADE, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["expires_at"]
        verbose_name = _("Stock reservation")
        verbose_name_plural = _("Stock reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["basket", "stockrecord"], name="stock_reservation_one_per_basket_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.stockrecord_id} for basket {self.basket_id}"


class InvoiceSequence(models.Model):
    """The last document number a shop issued (invoices and credit notes share it); its row,
    locked while a number is drawn, makes the numbers gap-free (``fulfilment.invoices``)."""

    vendor = models.OneToOneField(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="invoice_sequence"
    )
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["vendor"]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.last_number}"


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    # Not "Gutschrift": in German VAT law that word means a bill issued by the buyer.
    CREDIT_NOTE = "credit_note", _("Invoice correction")


class InvoiceImmutable(Exception):
    """An issued invoice or credit note was about to be changed or deleted."""


class InvoiceQuerySet(models.QuerySet):
    """Bulk writes would pass by ``Invoice.save``/``delete``: they are refused here."""

    def update(self, **kwargs):
        raise InvoiceImmutable("Issued invoices cannot be changed.")

    def delete(self):
        raise InvoiceImmutable("Issued invoices cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise InvoiceImmutable("Issued invoices cannot be changed.")


class Invoice(models.Model):
    """An invoice of a shop for its part of an order, or a correction of one (a credit note).

    Contract: created by ``fulfilment.invoices`` only, complete and numbered in one go (the
    shop's next number from ``InvoiceSequence``: unique and gap-free per shop, invoices and
    credit notes in one sequence), and never changed or deleted afterwards: ``save`` of a
    stored row, ``delete`` and queryset ``update``/``delete`` raise ``InvoiceImmutable``; on
    PostgreSQL a trigger refuses any UPDATE of the table too. ``snapshot`` holds everything
    the document prints (seller, buyer, lines, VAT per rate, totals, dates, payment), so it
    reads the same however the shop, the products or the order change later.
    A part has at most one invoice and at most one credit note (``corrects`` its invoice).
    """

    fulfilment = models.ForeignKey(
        Fulfilment,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("Pickup order"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", on_delete=models.PROTECT, related_name="+", verbose_name=_("Shop")
    )
    kind = models.CharField(_("Kind"), max_length=16, choices=InvoiceKind.choices)
    number = models.PositiveIntegerField(_("Number"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("Corrects invoice"),
    )
    issued_at = models.DateTimeField(_("Issued at"))
    snapshot = models.JSONField(_("Content as issued"))
    # No updated_at: the row is never updated.
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["vendor", "number"]
        verbose_name = _("Invoice")
        verbose_name_plural = _("Invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "number"], name="invoice_number_unique_per_shop"
            ),
            models.UniqueConstraint(
                fields=["fulfilment", "kind"], name="invoice_one_per_part_and_kind"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=InvoiceKind.INVOICE, corrects__isnull=True)
                    | Q(kind=InvoiceKind.CREDIT_NOTE, corrects__isnull=False)
                ),
                name="invoice_credit_note_corrects_an_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_number} ({self.vendor_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise InvoiceImmutable(f"{self} is issued and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvoiceImmutable(f"{self} is issued and cannot be deleted.")

    @staticmethod
    def format_number(number: int) -> str:
        """The number as printed, e.g. "OM-000042" (OM: online marketplace, so that it never
        looks like a number of the shop's own till)."""
        return f"OM-{number:06d}"

    @property
    def display_number(self) -> str:
        return self.format_number(self.number)


class Withdrawal(TimestampedModel):
    """A resident's declaration of withdrawal (§ 355 BGB), received through the withdrawal
    button ("Vertrag widerrufen", § 356a BGB) once they confirmed it on the second step.

    Contract: written by ``fulfilment.withdrawals.withdrawal_declare`` only, with the moment
    of receipt (``declared_at``, the server's clock) and what was withdrawn (``parts``);
    ``key`` comes from the confirmation form, so a double submit stores one declaration. The
    confirmation of receipt is mailed once (``confirmation_sent_at``).
    """

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="withdrawals", verbose_name=_("Order")
    )
    name = models.CharField(_("Name"), max_length=160)
    email = models.EmailField(_("E-mail"))
    language = models.CharField(_("Language"), max_length=8)
    declared_at = models.DateTimeField(_("Received at"))
    key = models.CharField(_("Submission key"), max_length=64, unique=True)
    confirmation_sent_at = models.DateTimeField(_("Confirmation sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("Withdrawal")
        verbose_name_plural = _("Withdrawals")

    def __str__(self) -> str:
        return f"{self.order.number} {self.declared_at:%Y-%m-%d %H:%M}"


class WithdrawalOutcome(models.TextChoices):
    CANCELLED = "cancelled", _("Not collected yet: cancelled and refunded")
    AWAITING_RETURN = "awaiting_return", _("Waiting for the goods to come back")
    RETURNED = "returned", _("Goods returned and refunded")


class WithdrawalPart(TimestampedModel):
    """What a withdrawal means for one shop's part: a part not collected yet is cancelled in
    full; of a collected part the chosen lines (never perishable ones) are to be brought back
    to the shop, and the shop's "goods returned" refunds them and issues the credit note.

    Contract: one per part (``fulfilment`` is unique: a part is withdrawn from once, which
    also matches the one refund per part and reason of ``payments.Refund``); ``lines`` are
    the order lines withdrawn (whole lines); the shop is told once (``shop_notified_at``).
    """

    withdrawal = models.ForeignKey(
        Withdrawal, on_delete=models.PROTECT, related_name="parts", verbose_name=_("Withdrawal")
    )
    fulfilment = models.OneToOneField(
        Fulfilment,
        on_delete=models.PROTECT,
        related_name="withdrawal_part",
        verbose_name=_("Pickup order"),
    )
    outcome = models.CharField(
        _("Outcome"), max_length=16, choices=WithdrawalOutcome.choices, db_index=True
    )
    lines = models.ManyToManyField("order.Line", related_name="+", verbose_name=_("Items"))
    amount = models.DecimalField(_("Amount to refund"), max_digits=12, decimal_places=2)
    return_by = models.DateTimeField(_("Goods to be returned by"), null=True, blank=True)
    returned_at = models.DateTimeField(_("Goods returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shop_notified_at = models.DateTimeField(_("Shop told at"), null=True, blank=True)

    class Meta:
        ordering = ["withdrawal", "fulfilment"]
        verbose_name = _("Withdrawal of a pickup order")
        verbose_name_plural = _("Withdrawals of pickup orders")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=WithdrawalOutcome.AWAITING_RETURN)
                | Q(return_by__isnull=False),
                name="withdrawal_part_return_has_a_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fulfilment_id}: {self.outcome}"
