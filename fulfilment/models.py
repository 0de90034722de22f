"""A shop's part of an order (``Fulfilment``), stock reservations and invoice numbering.

Oscar has one ``Order`` per basket; a resident's basket spans several shops. Each shop's lines
form one ``Fulfilment`` with its own status, pickup slot, pickup code and amounts; the order's
status is derived from its parts (``fulfilment.states.order_status_for``). Products belong to
one shop, so an order line belongs to the part of its line's partner.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fulfilment.states import FulfilmentStatus
from vendors.models import TimestampedModel


class Fulfilment(TimestampedModel):
    """One shop's part of an order: what the shop prepares and the resident collects there.

    Contract: ``status`` changes only through ``fulfilment.services`` (forward moves only); the
    pickup code is never stored: it is derived from ``code_nonce`` with a server key and found
    by its keyed hash (``fulfilment.codes``); ``goods_total`` = ``platform_fee`` +
    ``vendor_share`` (gross, EUR). ``invoice_number`` is gap-free per shop once issued.
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

    invoice_number = models.PositiveIntegerField(_("Invoice number"), null=True, blank=True)
    invoice_issued_at = models.DateTimeField(_("Invoice issued at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "vendor__name"]
        verbose_name = _("Pickup order")
        verbose_name_plural = _("Pickup orders")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "vendor"], name="fulfilment_one_part_per_shop"
            ),
            models.UniqueConstraint(
                fields=["vendor", "invoice_number"],
                condition=Q(invoice_number__isnull=False),
                name="fulfilment_invoice_number_unique_per_shop",
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
    """The last invoice number a shop issued; locked row per shop makes numbers gap-free."""

    vendor = models.OneToOneField(
        "vendors.Vendor", on_delete=models.CASCADE, related_name="invoice_sequence"
    )
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["vendor"]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.last_number}"
