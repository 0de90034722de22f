"""Reading single feed values: prices, availability, pickup terms, quantities, text. Pure.

Each ``parse_*`` function takes the stripped text of one cell and returns the value to store, or
raises ``ValueProblem`` with a message for the shop. Google Merchant Center's vocabulary is the
reference; older spellings ("in stock") and German ones where shops use them are accepted too.
"""

import html
import re
from decimal import Decimal, InvalidOperation

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from shop.catalogue.models import Condition
from shop.partner.models import Availability, PickupMethod, PickupSla

CURRENCY = "EUR"
CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")  # what StockRecord.price (12 digits, 2 places) holds


class ValueProblem(ValueError):
    """A cell that cannot be used; the message names the problem for the shop."""


# Prices -----------------------------------------------------------------------------------------

_PRICE_RE = re.compile(
    r"^(?:(?P<before>[A-Za-z]{3}|€)\s*)?(?P<amount>\d[\d.,' ]*?)\s*(?:(?P<after>[A-Za-z]{3}|€))?$"
)


def parse_price(text: str) -> Decimal:
    """The amount of "15.00 EUR", "15,00 EUR", "15.00", "1.234,50 €"; EUR only, more than zero.

    A lone separator followed by three digits ("1,234") is refused as ambiguous.
    """
    match = _PRICE_RE.match(text.strip())
    if not match:
        raise ValueProblem(
            _("price %(value)r is not a number with an optional currency") % {"value": text}
        )
    currency = (match["before"] or match["after"] or CURRENCY).upper().replace("€", CURRENCY)
    if match["before"] and match["after"]:
        raise ValueProblem(_("price %(value)r names two currencies") % {"value": text})
    if currency != CURRENCY:
        raise ValueProblem(
            _("price %(value)r is not in euros (only EUR is accepted)") % {"value": text}
        )
    amount = re.sub(r"[' ]", "", match["amount"])
    decimal_separator = (
        max((",", "."), key=amount.rfind) if ("," in amount or "." in amount) else ""
    )
    if decimal_separator:
        whole, _sep, fraction = amount.rpartition(decimal_separator)
        if amount.count(decimal_separator) > 1 or len(fraction) > 2:
            raise ValueProblem(
                _("price %(value)r is ambiguous; write it like 1234.50 EUR") % {"value": text}
            )
        thousands = "." if decimal_separator == "," else ","
        whole = whole.replace(thousands, "")
        amount = f"{whole}.{fraction}"
    try:
        value = Decimal(amount).quantize(CENT)
    except InvalidOperation as exc:
        raise ValueProblem(_("price %(value)r is not a number") % {"value": text}) from exc
    if value <= 0:
        raise ValueProblem(_("price %(value)r must be more than zero") % {"value": text})
    if value > MAX_PRICE:
        raise ValueProblem(_("price %(value)r is too large") % {"value": text})
    return value


def sale_prices(price: Decimal, sale_price: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """(price to charge, regular price before the sale or None).

    With a sale price the customer pays the sale price and the feed's price becomes the regular
    price shown struck through; a "sale" price that is not lower has no regular price.
    """
    if sale_price is None:
        return price, None
    return sale_price, (price if price > sale_price else None)


# Vocabularies ---------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


_AVAILABILITY = {
    "in_stock": Availability.IN_STOCK,
    "instock": Availability.IN_STOCK,
    "out_of_stock": Availability.OUT_OF_STOCK,
    "outofstock": Availability.OUT_OF_STOCK,
    "preorder": Availability.PREORDER,
    "pre_order": Availability.PREORDER,
    "backorder": Availability.BACKORDER,
    "limited_availability": Availability.LIMITED,
    "on_display_to_order": Availability.ON_DISPLAY,
}


def parse_availability(text: str) -> str:
    """Google's availability values, with spaces or underscores ("in stock", "in_stock")."""
    try:
        return _AVAILABILITY[_key(text)]
    except KeyError:
        raise ValueProblem(
            _("unknown availability %(value)r (use in_stock, out_of_stock, preorder or backorder)")
            % {"value": text}
        ) from None


_PICKUP_METHODS = {
    "buy": PickupMethod.BUY,
    "reserve": PickupMethod.RESERVE,
    "ship_to_store": PickupMethod.BUY,  # the goods come to the shop; the customer buys online
    "not_supported": PickupMethod.NOT_SUPPORTED,
}


def parse_pickup_method(text: str) -> str:
    try:
        return _PICKUP_METHODS[_key(text)]
    except KeyError:
        raise ValueProblem(
            _("unknown pickup method %(value)r (use buy, reserve, ship to store or not supported)")
            % {"value": text}
        ) from None


_PICKUP_SLAS = {
    "same_day": PickupSla.SAME_DAY,
    "next_day": PickupSla.NEXT_DAY,
    "2_day": PickupSla.TWO_DAY,
    "3_day": PickupSla.THREE_DAY,
    "4_day": PickupSla.FOUR_DAY,
    "5_day": PickupSla.FIVE_DAY,
    "6_day": PickupSla.SIX_DAY,
    "multi_week": PickupSla.MULTI_WEEK,
}


def parse_pickup_sla(text: str) -> str:
    try:
        return _PICKUP_SLAS[_key(text)]
    except KeyError:
        raise ValueProblem(
            _("unknown pickup time %(value)r (use same day, next day, 2-day … 6-day or multi-week)")
            % {"value": text}
        ) from None


def parse_quantity(text: str) -> int:
    """A whole number of items in stock, zero or more ("12", also "12.0")."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise ValueProblem(
            _("quantity %(value)r is not a whole number of zero or more") % {"value": text}
        )
    if value > 2_000_000_000:
        raise ValueProblem(_("quantity %(value)r is too large") % {"value": text})
    return int(value)


_CONDITIONS = {
    "new": Condition.NEW,
    "neu": Condition.NEW,
    "used": Condition.USED,
    "gebraucht": Condition.USED,
    "refurbished": Condition.REFURBISHED,
    "generalüberholt": Condition.REFURBISHED,
}


def parse_condition(text: str) -> str:
    """new / used / refurbished (German words too); empty means new."""
    if not text:
        return Condition.NEW
    try:
        return _CONDITIONS[_key(text)]
    except KeyError:
        raise ValueProblem(
            _("unknown condition %(value)r, taken as new") % {"value": text}
        ) from None


def parse_gtin(text: str) -> str:
    """8, 12, 13 or 14 digits; spaces and hyphens are dropped."""
    digits = re.sub(r"[\s\-]", "", text)
    if digits and not (digits.isdigit() and len(digits) in (8, 12, 13, 14)):
        raise ValueProblem(
            _("GTIN %(value)r is not 8, 12, 13 or 14 digits; left out") % {"value": text}
        )
    return digits


_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


def parse_link(text: str, *, max_length: int = 500) -> str:
    """An http(s) address of the product page at the shop."""
    if not text:
        return ""
    try:
        _URL_VALIDATOR(text)
    except ValidationError:
        raise ValueProblem(
            _("link %(value)r is not a web address; left out") % {"value": text}
        ) from None
    if len(text) > max_length:
        raise ValueProblem(
            _("link is longer than %(max)s characters; left out") % {"max": max_length}
        )
    return text


def split_links(text: str) -> list[str]:
    """Image links of one cell: one per line (XML), else separated by commas (Google's TSV rule)."""
    parts = text.splitlines() if "\n" in text else text.split(",")
    return [part.strip() for part in parts if part.strip()]


# Text -----------------------------------------------------------------------------------------

_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|tr|ul|ol))\s*>", re.IGNORECASE)
# After cleaning, "<" may only stay where a browser cannot read it as the start of markup.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def plain_text(text: str, *, single_line: bool = False) -> str:
    """Feed text (which may contain HTML) as plain text without any markup.

    nh3 drops every tag and the content of script/style; entities are resolved. Cleaning runs
    until nothing changes, so escaped markup ("&lt;script&gt;") cannot come back to life; a
    remaining "<" directly before a letter, "/", "!" or "?" is replaced by "‹" so the result is
    inert even in a template that marks the text safe. Block ends become line breaks.
    """
    result = text
    for _round in range(5):
        cleaned = html.unescape(nh3.clean(_BLOCK_END.sub("\n", result), tags=set()))
        if cleaned == result:
            break
        result = cleaned
    result = _TAG_START.sub("‹", result)
    if single_line:
        return " ".join(result.split())
    lines = [" ".join(line.split()) for line in result.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
