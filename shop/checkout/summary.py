"""What the order preview shows above the order button (§ 312j BGB, Art. 246a EGBGB, PAngV).

Per shop: name, address, the chosen pickup window and the lines (title, quantity, gross unit
price, unit price per legal base quantity where the product has one, gross line price, whether
the product is perishable and so excluded from the right of withdrawal); for the whole basket
the VAT per rate (the same arithmetic as the basket page); and the platform's terms and
withdrawal pages, if the editors have published them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from shop.catalogue.unit_pricing import UnitPrice, unit_price
from shop.checkout.pickup import ShopPickup
from vendors.models import Vendor
from vendors.templatetags.shop_basket import VatAmount, basket_by_shop

# Slugs of the platform's content pages (children of the home page, see cms.demo).
TERMS_SLUG = "agb"
WITHDRAWAL_SLUG = "widerruf"


@dataclass(frozen=True)
class SummaryLine:
    title: str
    quantity: int
    unit_gross: Decimal | None
    line_gross: Decimal | None
    unit_price: UnitPrice | None
    is_perishable: bool


@dataclass
class SummaryPart:
    vendor: Vendor
    slot: object  # fulfilment.slots.Slot
    lines: list[SummaryLine] = field(default_factory=list)
    subtotal: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class OrderSummary:
    parts: list[SummaryPart]
    vat: list[VatAmount]
    has_perishables: bool


def _summary_line(line) -> SummaryLine:
    product = line.product
    unit_gross = line.unit_price_incl_tax
    return SummaryLine(
        title=line.description or product.get_title(),
        quantity=line.quantity,
        unit_gross=unit_gross,
        line_gross=line.line_price_incl_tax_incl_discounts,
        unit_price=(
            unit_price(unit_gross, product.unit_pricing_measure, product.unit_pricing_base_measure)
            if unit_gross is not None
            else None
        ),
        is_perishable=bool(getattr(product, "is_perishable", False)),
    )


def order_summary(*, shops: list[ShopPickup], slots: dict) -> OrderSummary:
    """The summary of the basket split by shop, with each shop's chosen slot (by vendor id)."""
    parts = []
    for shop in shops:
        part = SummaryPart(vendor=shop.vendor, slot=slots.get(shop.vendor.pk))
        for line in shop.lines:
            summary_line = _summary_line(line)
            part.lines.append(summary_line)
            if summary_line.line_gross is not None:
                part.subtotal += summary_line.line_gross
        parts.append(part)
    all_lines = [line for shop in shops for line in shop.lines]
    return OrderSummary(
        parts=parts,
        vat=basket_by_shop(all_lines).vat,
        has_perishables=any(line.is_perishable for part in parts for line in part.lines),
    )


def legal_page_urls(request) -> dict[str, str]:
    """URL paths of the published terms ("terms") and withdrawal ("withdrawal") pages under the
    site's home page; a page that does not exist (yet) is simply not in the result."""
    from wagtail.models import Site

    from cms.models import ContentPage

    site = Site.find_for_request(request)
    if site is None:
        return {}
    pages = (
        ContentPage.objects.live()
        .child_of(site.root_page)
        .filter(slug__in=[TERMS_SLUG, WITHDRAWAL_SLUG])
    )
    names = {TERMS_SLUG: "terms", WITHDRAWAL_SLUG: "withdrawal"}
    urls = {}
    for page in pages:
        url = page.get_url(request=request)
        if url:
            urls[names[page.slug]] = url
    return urls
