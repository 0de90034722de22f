"""From a feed row to the values to store. Pure: no database.

``product_row`` and ``inventory_row`` return the row's data and a list of warnings, or raise
``RowError`` listing every reason the row cannot be imported. What is a bad row and what is only
a warning is decided here, in one place:

* bad row (skipped): no id, no title, no price, unparseable price or sale price, another
  currency, unknown availability, bad unit pricing measure, unknown VAT value, over-long id or
  title; for inventory rows also a bad quantity or unknown pickup method/time.
* warning (imported without the value): bad link, GTIN, condition or over-long brand/MPN/category.

Empty cells: availability, category (``product_type``) and image links that are empty or
absent keep what the product has; every other product field takes the feed's value, and an
empty cell clears it. Inventory rows change only what they give.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from shop.catalogue.unit_pricing import InvalidMeasure, Measure
from vendors.feeds.reading import FeedRow
from vendors.feeds.values import (
    ValueProblem,
    parse_availability,
    parse_condition,
    parse_gtin,
    parse_link,
    parse_pickup_method,
    parse_pickup_sla,
    parse_price,
    parse_quantity,
    plain_text,
    sale_prices,
    split_links,
)
from vendors.feeds.vat import vat_category_for

MAX_IMAGES = 10
MAX_MEASURE = Decimal("999999999.999")  # what the unit-pricing fields (12 digits, 3 places) hold
_LIMITS = {"sku": 128, "title": 255, "brand": 128, "mpn": 70, "category": 255}


class RowError(ValueError):
    """A row that cannot be imported; ``reasons`` are messages for the shop."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class ProductRow:
    """One product as the feed describes it (see the module docstring for empty values)."""

    position: int
    sku: str
    title: str
    description: str
    source_url: str
    brand: str
    gtin: str
    mpn: str
    condition: str
    vat_category: str
    price: Decimal
    regular_price: Decimal | None
    availability: str | None  # None: keep the current availability
    unit_pricing_quantity: Decimal | None
    unit_pricing_unit: str
    unit_pricing_base_quantity: Decimal | None
    unit_pricing_base_unit: str
    category_path: tuple[str, ...]  # empty: keep the categories
    image_urls: tuple[str, ...] | None  # None: keep the images

    def product_fields(self) -> dict:
        """The Product field values this row sets."""
        return {
            "title": self.title,
            "description": self.description,
            "source_url": self.source_url,
            "brand": self.brand,
            "gtin": self.gtin,
            "mpn": self.mpn,
            "condition": self.condition,
            "vat_category": self.vat_category,
            "unit_pricing_quantity": self.unit_pricing_quantity,
            "unit_pricing_unit": self.unit_pricing_unit,
            "unit_pricing_base_quantity": self.unit_pricing_base_quantity,
            "unit_pricing_base_unit": self.unit_pricing_base_unit,
        }

    def stock_fields(self) -> dict:
        """The StockRecord field values this row sets."""
        fields = {"price": self.price, "regular_price": self.regular_price, "price_currency": "EUR"}
        if self.availability is not None:
            fields["availability"] = self.availability
        return fields


@dataclass(frozen=True)
class InventoryRow:
    """One line of a local inventory feed; None means the feed does not change that value."""

    position: int
    sku: str
    store_code: str
    num_in_stock: int | None
    price: Decimal | None
    regular_price: Decimal | None
    availability: str | None
    pickup_method: str | None
    pickup_sla: str | None

    def stock_fields(self) -> dict:
        """The StockRecord field values this row sets."""
        fields: dict = {}
        if self.num_in_stock is not None:
            fields["num_in_stock"] = self.num_in_stock
        if self.price is not None:
            fields["price"] = self.price
            fields["regular_price"] = self.regular_price
        for name in ("availability", "pickup_method", "pickup_sla"):
            if getattr(self, name) is not None:
                fields[name] = getattr(self, name)
        return fields


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def parse(self, parser, text: str, *, warn: bool = False, default=None):
        try:
            return parser(text)
        except ValueProblem as problem:
            (self.warnings if warn else self.errors).append(str(problem))
            return default


def row_sku(row: FeedRow) -> str:
    return row.get("id")


def _sku(row: FeedRow, found: _Collector) -> str:
    sku = row_sku(row)
    if not sku:
        found.errors.append(_("no id"))
    elif len(sku) > _LIMITS["sku"]:
        found.errors.append(_("id is longer than %(max)s characters") % {"max": _LIMITS["sku"]})
    return sku


def _prices(row: FeedRow, found: _Collector, *, required: bool):
    price_text, sale_text = row.get("price"), row.get("sale_price")
    if not price_text:
        if required:
            found.errors.append(_("no price"))
        elif sale_text:
            found.errors.append(_("a sale price needs the price as well"))
        return None, None
    price = found.parse(parse_price, price_text)
    sale = found.parse(parse_price, sale_text) if sale_text else None
    if price is None or (sale_text and sale is None):
        return None, None
    if sale is not None and sale >= price:
        found.warnings.append(
            _("sale price %(sale)s is not below the price %(price)s; no regular price shown")
            % {"sale": sale, "price": price}
        )
    return sale_prices(price, sale)


def _limited(text: str, limit_key: str, label: str, found: _Collector) -> str:
    limit = _LIMITS[limit_key]
    if len(text) <= limit:
        return text
    found.warnings.append(
        _("%(field)s is longer than %(max)s characters; shortened") % {"field": label, "max": limit}
    )
    return text[:limit].rstrip()


def _measures(row: FeedRow, found: _Collector):
    measure_text, base_text = row.get("unit_pricing_measure"), row.get("unit_pricing_base_measure")
    if not measure_text:
        if base_text:
            found.errors.append(_("unit_pricing_base_measure needs unit_pricing_measure"))
        return None, None
    try:
        measure = Measure.parse(measure_text)
        base = Measure.parse(base_text) if base_text else None
    except InvalidMeasure:
        found.errors.append(
            _("bad unit pricing measure %(value)r (use e.g. 750ml, 0.5 kg, 100g)")
            % {"value": f"{measure_text} / {base_text}" if base_text else measure_text}
        )
        return None, None
    if base is not None and base.dimension != measure.dimension:
        found.errors.append(
            _("unit pricing base measure %(base)r does not fit the measure %(measure)r")
            % {"base": base_text, "measure": measure_text}
        )
        return None, None
    for value in (measure, base):
        if value is not None and (
            value.amount > MAX_MEASURE or value.amount != value.amount.quantize(Decimal("0.001"))
        ):
            found.errors.append(
                _("unit pricing measure %(value)r is too large or too precise")
                % {"value": measure_text}
            )
            return None, None
    return measure, base


def _category_path(row: FeedRow, found: _Collector) -> tuple[str, ...]:
    parts = tuple(
        part.strip() for part in plain_text(row.get("product_type"), single_line=True).split(">")
    )
    parts = tuple(part for part in parts if part)
    if any(len(part) > _LIMITS["category"] for part in parts):
        found.warnings.append(
            _("a product_type level is longer than %(max)s characters; category left unchanged")
            % {"max": _LIMITS["category"]}
        )
        return ()
    return parts


def product_row(row: FeedRow) -> tuple[ProductRow, list[str]]:
    """The product data of one feed row and its warnings; RowError if it cannot be imported."""
    found = _Collector()
    sku = _sku(row, found)
    title = plain_text(row.get("title"), single_line=True)
    if not title:
        found.errors.append(_("no title"))
    elif len(title) > _LIMITS["title"]:
        found.errors.append(
            _("title is longer than %(max)s characters") % {"max": _LIMITS["title"]}
        )
    price, regular_price = _prices(row, found, required=True)
    availability_text = row.get("availability")
    availability = found.parse(parse_availability, availability_text) if availability_text else None
    measure, base = _measures(row, found)
    explicit_vat = row.get("vat") or row.get("tax_category")
    vat_category = found.parse(
        lambda text: vat_category_for(
            explicit=text,
            google_product_category=row.get("google_product_category"),
            product_type=row.get("product_type"),
        ),
        explicit_vat,
    )
    source_url = found.parse(parse_link, row.get("link"), warn=True, default="")
    gtin = found.parse(parse_gtin, row.get("gtin"), warn=True, default="")
    condition = found.parse(parse_condition, row.get("condition"), warn=True, default="new")
    brand = _limited(plain_text(row.get("brand"), single_line=True), "brand", "brand", found)
    mpn = _limited(plain_text(row.get("mpn"), single_line=True), "mpn", "mpn", found)
    category_path = _category_path(row, found)
    links = split_links(row.get("image_link")) + split_links(row.get("additional_image_link"))
    if len(links) > MAX_IMAGES:
        found.warnings.append(
            _("more than %(max)s images; only the first %(max)s are used") % {"max": MAX_IMAGES}
        )
    if found.errors:
        raise RowError(found.errors)
    data = ProductRow(
        position=row.position,
        sku=sku,
        title=title,
        description=plain_text(row.get("description")),
        source_url=source_url,
        brand=brand,
        gtin=gtin,
        mpn=mpn,
        condition=condition,
        vat_category=vat_category,
        price=price,
        regular_price=regular_price,
        availability=availability,
        unit_pricing_quantity=measure.amount if measure else None,
        unit_pricing_unit=measure.unit.value if measure else "",
        unit_pricing_base_quantity=base.amount if base else None,
        unit_pricing_base_unit=base.unit.value if base else "",
        category_path=category_path,
        image_urls=tuple(dict.fromkeys(links[:MAX_IMAGES])) or None,
    )
    return data, found.warnings


def inventory_row(row: FeedRow) -> tuple[InventoryRow, list[str]]:
    """The stock data of one local inventory row and its warnings; RowError if unusable.

    Without an availability the quantity decides: more than zero is in stock, zero is out of
    stock.
    """
    found = _Collector()
    sku = _sku(row, found)
    quantity_text = row.get("quantity")
    quantity = found.parse(parse_quantity, quantity_text) if quantity_text else None
    price, regular_price = _prices(row, found, required=False)
    availability_text = row.get("availability")
    availability = found.parse(parse_availability, availability_text) if availability_text else None
    method_text, sla_text = row.get("pickup_method"), row.get("pickup_sla")
    pickup_method = found.parse(parse_pickup_method, method_text) if method_text else None
    pickup_sla = found.parse(parse_pickup_sla, sla_text) if sla_text else None
    if found.errors:
        raise RowError(found.errors)
    if availability is None and quantity is not None:
        availability = parse_availability("in_stock" if quantity > 0 else "out_of_stock")
    data = InventoryRow(
        position=row.position,
        sku=sku,
        store_code=row.get("store_code"),
        num_in_stock=quantity,
        price=price,
        regular_price=regular_price,
        availability=availability,
        pickup_method=pickup_method,
        pickup_sla=pickup_sla,
    )
    return data, found.warnings
