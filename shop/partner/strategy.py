"""Pricing and availability for German local shops.

Prices on stock records are gross (VAT included), as German consumer prices must be shown. The
strategy derives the VAT share from the product's VAT category so that Oscar's
``excl_tax + tax == incl_tax`` holds to the cent for every unit and therefore for every basket.
A product is buyable only when its shop is approved and sells online, the platform can pay the
shop (with Stripe keys set: its account can take charges, ``payments.registry.ordering_gate``),
its price is known, the shop allows online orders for it, and there is stock (or the shop does
not count stock and declares it available).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability, prices
from oscar.apps.partner.strategy import Structured, UseFirstStockRecord

from shop.partner.models import Availability, PickupMethod

TAX_EXPONENT = Decimal("0.0001")


def vat_share(gross: Decimal, rate_percent: Decimal) -> Decimal:
    """The VAT contained in a gross amount, to four decimal places (half up)."""
    rate = rate_percent / Decimal(100)
    return (gross * rate / (1 + rate)).quantize(TAX_EXPONENT, rounding=ROUND_HALF_UP)


class RefusedWithReason(availability.Unavailable):
    """Unavailable, and the basket says why in our words.

    Oscar's ``Base.is_purchase_permitted`` refuses with a generic "unavailable" (whose German
    in Oscar's catalogue is misspelt); the add-to-basket form shows that reason to the resident.
    """

    def is_purchase_permitted(self, quantity):
        return False, self.message


class NotSoldOnline(RefusedWithReason):
    code = "in_shop_only"
    message = _("Only available in the shop")
    short_message = message


class ShopCannotBePaid(RefusedWithReason):
    """The shop cannot receive the platform's payments yet (its Stripe account cannot take
    charges), so nothing of it can be ordered; the resident is told why."""

    code = "shop_not_payable"
    message = _("This shop cannot take orders yet: it cannot receive payments online.")
    short_message = _("Cannot be ordered yet")


class DeclaredAvailable(availability.Available):
    """The shop does not count its stock; it declared the product available."""

    def __init__(self, declared: str):
        self.declared = declared
        self.code = "available" if declared == Availability.IN_STOCK else declared
        self.message = Availability(declared).label

    @property
    def short_message(self):
        return self.message


class DeclaredOutOfStock(RefusedWithReason):
    code = "outofstock"
    message = _("Out of stock")
    short_message = message


class GermanRetail(UseFirstStockRecord, Structured):
    """Gross prices with the product's VAT rate; availability as described in the module."""

    def vendor_is_payable(self, vendor) -> bool:
        """Whether the platform can pay this shop (``payments.registry.ordering_gate``); the
        payable shops are read once per strategy, i.e. per request."""
        from payments.registry import ordering_gate

        gate = ordering_gate()
        if gate is None:
            return True
        payable = getattr(self, "_payable_vendor_ids", None)
        if payable is None:
            payable = self._payable_vendor_ids = gate.payable_vendor_ids()
        return vendor.pk in payable

    def pricing_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return prices.Unavailable()
        gross = stockrecord.price
        tax = vat_share(gross, product.vat_rate)
        return prices.TaxInclusiveFixedPrice(
            currency=stockrecord.price_currency,
            excl_tax=gross - tax,
            tax=tax,
            tax_code=product.vat_category,
        )

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [sr for _child, sr in children_stock if sr is not None]
        if not stockrecords:
            return prices.Unavailable()
        return self.pricing_policy(product, stockrecords[0])

    def availability_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return availability.Unavailable()
        vendor = getattr(stockrecord.partner, "vendor", None)
        if vendor is None or not vendor.is_orderable:
            return NotSoldOnline()
        if not self.vendor_is_payable(vendor):
            return ShopCannotBePaid()
        if stockrecord.pickup_method == PickupMethod.NOT_SUPPORTED:
            return NotSoldOnline()
        if stockrecord.availability == Availability.OUT_OF_STOCK:
            return DeclaredOutOfStock()
        if stockrecord.num_in_stock is None or not product.get_product_class().track_stock:
            return DeclaredAvailable(stockrecord.availability)
        return availability.StockRequired(stockrecord.net_stock_level)

    def parent_availability_policy(self, product, children_stock):
        for child, stockrecord in children_stock:
            if self.availability_policy(child, stockrecord).is_available_to_buy:
                return availability.Available()
        return availability.Unavailable()


class Selector:
    """Every resident gets the same strategy: one town, one tax regime, one currency."""

    def strategy(self, request=None, user=None, **kwargs):
        return GermanRetail(request)
