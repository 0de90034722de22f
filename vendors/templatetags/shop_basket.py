"""The basket seen shop by shop: lines grouped by vendor, gross subtotals, VAT per rate.

One basket holds products of several shops; residents pick each part up in its own shop, so the
basket page shows one block per shop. ``basket_by_shop`` works on basket lines or on the forms
of Oscar's basket formset (anything with ``.instance`` being a line) and loads the shops of all
lines with one query. Load with ``{% load shop_basket %}``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import template

from vendors.models import Vendor

register = template.Library()

CENT = Decimal("0.01")


@dataclass
class ShopGroup:
    """The lines (or line forms) of one shop and their gross subtotal, discounts included."""

    vendor: Vendor | None
    items: list = field(default_factory=list)
    subtotal: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class VatAmount:
    rate: Decimal  # percent
    amount: Decimal  # VAT contained in the gross prices, to the cent


@dataclass(frozen=True)
class BasketByShop:
    groups: list[ShopGroup]
    total: Decimal  # gross, VAT included
    vat: list[VatAmount]  # highest rate first


def _line_of(item):
    return getattr(item, "instance", item)


def basket_by_shop(items) -> BasketByShop:
    """Group basket lines by shop in the order the shops first appear in the basket."""
    items = list(items)
    partner_ids = {
        line.stockrecord.partner_id for line in map(_line_of, items) if line.stockrecord_id
    }
    vendors = {v.partner_id: v for v in Vendor.objects.filter(partner_id__in=partner_ids)}
    groups: dict[int | None, ShopGroup] = {}
    vat_by_rate: dict[Decimal, Decimal] = {}
    for item in items:
        line = _line_of(item)
        partner_id = line.stockrecord.partner_id if line.stockrecord_id else None
        group = groups.get(partner_id)
        if group is None:
            group = groups[partner_id] = ShopGroup(vendor=vendors.get(partner_id))
        group.items.append(item)
        gross = line.line_price_incl_tax_incl_discounts
        if gross is not None:
            group.subtotal += gross
        tax = line.line_tax
        if tax is not None:
            rate = line.product.vat_rate
            vat_by_rate[rate] = vat_by_rate.get(rate, Decimal(0)) + tax
    vat = [
        VatAmount(rate, amount.quantize(CENT, rounding=ROUND_HALF_UP))
        for rate, amount in sorted(vat_by_rate.items(), reverse=True)
        if rate > 0
    ]
    ordered = list(groups.values())
    return BasketByShop(
        groups=ordered, total=sum((g.subtotal for g in ordered), Decimal("0.00")), vat=vat
    )


@register.simple_tag
def basket_groups(items) -> BasketByShop:
    """``{% basket_groups formset as by_shop %}`` (or with a list of basket lines)."""
    return basket_by_shop(items)
