"""Stock record with the shop's declared availability and pickup terms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord


class Availability(models.TextChoices):
    """What the shop declares, in Google Merchant Center's vocabulary."""

    IN_STOCK = "in_stock", _("In stock")
    LIMITED = "limited_availability", _("Only a few left")
    ON_DISPLAY = "on_display_to_order", _("On display, can be ordered")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    PREORDER = "preorder", _("Pre-order")
    BACKORDER = "backorder", _("Back in stock soon")


class PickupMethod(models.TextChoices):
    BUY = "buy", _("Buy online, pick up in the shop")
    RESERVE = "reserve", _("Reserve online, pay in the shop")
    NOT_SUPPORTED = "not_supported", _("Only in the shop")


class PickupSla(models.TextChoices):
    SAME_DAY = "same_day", _("Ready the same day")
    NEXT_DAY = "next_day", _("Ready the next day")
    TWO_DAY = "2-day", _("Ready in 2 days")
    THREE_DAY = "3-day", _("Ready in 3 days")
    FOUR_DAY = "4-day", _("Ready in 4 days")
    FIVE_DAY = "5-day", _("Ready in 5 days")
    SIX_DAY = "6-day", _("Ready in 6 days")
    MULTI_WEEK = "multi-week", _("Ready in one or more weeks")


class StockRecord(AbstractStockRecord):
    """The one stock record of a product: its shop (partner), gross price and stock.

    ``num_in_stock`` is None when the shop does not count its stock; ``availability`` is then
    what the shop declared and the shop confirms the order part by hand. ``price`` is gross.
    ``regular_price`` is the price before a sale, shown struck through only together with the
    lowest price of the last 30 days (§ 11 PAngV).
    """

    availability = models.CharField(
        _("Availability"),
        max_length=24,
        choices=Availability.choices,
        default=Availability.IN_STOCK,
    )
    regular_price = models.DecimalField(
        _("Regular price"), decimal_places=2, max_digits=12, null=True, blank=True
    )
    pickup_method = models.CharField(
        _("Pickup"), max_length=16, choices=PickupMethod.choices, default=PickupMethod.BUY
    )
    pickup_sla = models.CharField(
        _("Ready for pickup"), max_length=16, choices=PickupSla.choices, blank=True
    )
    stock_confirmed_at = models.DateTimeField(
        _("Stock last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the shop last confirmed the stock count (import, API or dashboard)."),
    )

    class Meta(AbstractStockRecord.Meta):
        pass


from oscar.apps.partner.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
