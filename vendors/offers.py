"""What a resident sees of a product's offer: gross price, VAT, unit price, availability, shop.

One place for the storefront templates and the API, so both say the same thing. Expects the
product's stock records with partner and vendor prefetched (see ``vendors.selectors``), so building
offers for a page of products costs no further query.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from oscar.core.loading import get_class

from shop.catalogue.unit_pricing import UnitPrice, unit_price

Selector = get_class("partner.strategy", "Selector")


@dataclass(frozen=True)
class ProductOffer:
    price: Decimal | None  # gross, VAT included
    currency: str
    vat_rate: Decimal
    unit_price: UnitPrice | None
    regular_price: Decimal | None  # before a sale; shown only with the 30-day lowest price
    is_available_to_buy: bool
    availability_code: str  # "instock", "outofstock", "in_shop_only", "preorder", …
    availability_message: str
    num_available: int | None  # None when the shop does not count its stock
    stock_confirmed_at: datetime | None
    pickup_method: str
    pickup_sla: str
    vendor: object | None  # vendors.models.Vendor
    sku: str


def product_offer(product, strategy=None, stockrecord=None) -> ProductOffer:
    """Build the offer of one product with the marketplace's pricing strategy; of
    ``stockrecord`` when given (already read), else of the one the strategy selects."""
    strategy = strategy or Selector().strategy()
    info = strategy.fetch_for_product(product, stockrecord)
    record = info.stockrecord
    price = info.price.incl_tax if info.price.exists else None
    vendor = getattr(record.partner, "vendor", None) if record else None
    counted = record is not None and record.num_in_stock is not None
    return ProductOffer(
        price=price,
        currency=info.price.currency if info.price.exists else "EUR",
        vat_rate=product.vat_rate,
        unit_price=unit_price(
            price, product.unit_pricing_measure, product.unit_pricing_base_measure
        )
        if price is not None
        else None,
        regular_price=record.regular_price if record else None,
        is_available_to_buy=info.availability.is_available_to_buy,
        availability_code=str(info.availability.code),
        availability_message=str(info.availability.message),
        num_available=record.net_stock_level if counted else None,
        stock_confirmed_at=record.stock_confirmed_at if record else None,
        pickup_method=record.pickup_method if record else "",
        pickup_sla=record.pickup_sla if record else "",
        vendor=vendor,
        sku=record.partner_sku if record else "",
    )
