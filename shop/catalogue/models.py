"""Product with the facts German consumer-price law and the shops' feeds need.

The product belongs to exactly one shop through its single stock record; there is deliberately no
``vendor`` field here (it would duplicate, and could contradict, the stock record's partner).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductClass

from shop.catalogue.unit_pricing import Measure, Unit


class VatCategory(models.TextChoices):
    """German VAT categories; the rate for each is the setting ``VAT_RATES``."""

    STANDARD = "standard", _("Standard rate")
    REDUCED = "reduced", _("Reduced rate (food, books, flowers …)")
    EXEMPT = "exempt", _("Exempt")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    USED = "used", _("Used")
    REFURBISHED = "refurbished", _("Refurbished")


class Product(AbstractProduct):
    """A product of exactly one shop (see the module docstring).

    Prices live on the stock record and are gross (VAT included); ``vat_category`` tells the
    pricing strategy how much of that is VAT. The unit-price fields follow Google Merchant
    Center's ``unit_pricing_measure`` / ``unit_pricing_base_measure``.
    """

    vat_category = models.CharField(
        _("VAT category"), max_length=16, choices=VatCategory.choices, default=VatCategory.STANDARD
    )
    brand = models.CharField(_("Brand"), max_length=128, blank=True)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, db_index=True)
    mpn = models.CharField(_("Manufacturer part number"), max_length=70, blank=True)
    condition = models.CharField(
        _("Condition"), max_length=16, choices=Condition.choices, default=Condition.NEW
    )
    source_url = models.URLField(_("Product page at the shop"), max_length=500, blank=True)
    unit_pricing_quantity = models.DecimalField(
        _("Quantity for the unit price"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Net quantity of the product, e.g. 750 (ml) or 0.5 (kg)."),
    )
    unit_pricing_unit = models.CharField(
        _("Unit of the quantity"), max_length=8, choices=Unit.choices, blank=True
    )
    unit_pricing_base_quantity = models.DecimalField(
        _("Base quantity of the unit price"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Leave empty for the legal default (1 kg, 1 l, 1 m, 1 m², 1 m³)."),
    )
    unit_pricing_base_unit = models.CharField(
        _("Base unit of the unit price"), max_length=8, choices=Unit.choices, blank=True
    )
    is_perishable = models.BooleanField(
        _("Perishable"),
        default=False,
        help_text=_("Goods that spoil quickly are excluded from the right of withdrawal."),
    )

    class Meta(AbstractProduct.Meta):
        pass

    @property
    def vat_rate(self) -> Decimal:
        """The VAT rate in percent for this product's category, from ``settings.VAT_RATES``."""
        return Decimal(settings.VAT_RATES[self.vat_category])

    @property
    def unit_pricing_measure(self) -> Measure | None:
        if self.unit_pricing_quantity is None or not self.unit_pricing_unit:
            return None
        return Measure(self.unit_pricing_quantity, Unit(self.unit_pricing_unit))

    @property
    def unit_pricing_base_measure(self) -> Measure | None:
        if self.unit_pricing_base_quantity is None or not self.unit_pricing_base_unit:
            return None
        return Measure(self.unit_pricing_base_quantity, Unit(self.unit_pricing_base_unit))


class ProductClass(AbstractProductClass):
    """Oscar's product class, for a marketplace where everything is collected in its shop.

    Contract: ``requires_shipping`` is always False. Oscar's checkout asks for a shipping
    address for any product whose class requires shipping; a class made in the dashboard (whose
    form still shows Oscar's checkbox) must never bring that step back. A delivery method later
    would be a pickup alternative in the checkout, not this flag.
    """

    requires_shipping = models.BooleanField(
        _("Requires shipping?"),
        default=False,
        help_text=_(
            "Always off on this marketplace: everything is collected in its shop (Oscar's "
            "dashboard still shows the box; saving turns it off)."
        ),
    )

    class Meta(AbstractProductClass.Meta):
        pass

    def save(self, *args, **kwargs):
        self.requires_shipping = False
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "requires_shipping" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "requires_shipping"]
        super().save(*args, **kwargs)


from oscar.apps.catalogue.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
