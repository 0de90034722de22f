"""Template tags of the storefront: offers, stock wording, opening hours, page furniture.

Everything here reads data that the views or selectors have already loaded (stock records with
partner and vendor, opening hours and exceptions prefetched), so a page of cards costs no query
per card. Load with ``{% load storefront %}``.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import nh3
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.partner.models import PickupMethod, PickupSla
from vendors.offers import ProductOffer
from vendors.offers import product_offer as build_product_offer
from vendors.opening_hours import OpeningState, opening_state

register = template.Library()

# At or below this many counted units a product is shown as "only a few left".
LOW_STOCK_THRESHOLD = 3

# Same escapes as Django's json_script, so a JSON-LD block can never end the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# --- page furniture -------------------------------------------------------------------------


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the body into ``name`` (stripped).

    The layout uses it to print the page's ``<h1>`` only when a page fills ``headertext``, so
    that pages which bring their own heading never get an empty second one. Blocks inside the
    body still take part in template inheritance.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """``aria-current="page"`` when the current path is ``prefix`` ("/" only matches exactly)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    matches = path == prefix if prefix == "/" else path.startswith(prefix)
    return mark_safe(' aria-current="page"') if matches else ""  # noqa: S308


@register.filter
def jsonld(data) -> str:
    """A ``<script type="application/ld+json">`` block with the data safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )


@register.filter
def rich_text(html: str) -> str:
    """HTML written in the dashboard or imported from a shop's feed, sanitised (nh3)."""
    return mark_safe(nh3.clean(html or ""))  # noqa: S308


# --- offers and stock -----------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def product_offer(context, product) -> ProductOffer:
    """``{% product_offer product as offer %}`` with the request's pricing strategy."""
    request = context.get("request")
    return build_product_offer(product, getattr(request, "strategy", None))


@dataclass(frozen=True)
class StockState:
    """What a resident reads about a product's availability; ``key`` styles it, never alone."""

    key: str
    label: str


def stock_state_of(offer: ProductOffer) -> StockState:
    """Words for the offer's availability (see module docstring for the low-stock rule)."""
    code = offer.availability_code
    if offer.price is None:
        return StockState("unavailable", _("Currently not available"))
    if code == "in_shop_only":
        return StockState("in-shop", _("Only available in the shop"))
    if not offer.is_available_to_buy:
        return StockState("out", _("Out of stock"))
    if code == "preorder":
        return StockState("preorder", _("Can be pre-ordered"))
    if code == "backorder":
        return StockState("preorder", _("Back in stock soon, can be ordered"))
    counted_low = offer.num_available is not None and offer.num_available <= LOW_STOCK_THRESHOLD
    if code == "limited_availability" or counted_low:
        return StockState("low", _("Only a few left"))
    if code == "on_display_to_order":
        return StockState("available", _("On display, can be ordered"))
    return StockState("available", _("In stock"))


@register.filter
def stock_state(offer: ProductOffer) -> StockState:
    return stock_state_of(offer)


@register.filter
def pickup_method_label(code: str) -> str:
    return PickupMethod(code).label if code in PickupMethod.values else ""


@register.filter
def pickup_sla_label(code: str) -> str:
    return PickupSla(code).label if code in PickupSla.values else ""


@register.filter
def vat_rate_label(rate: Decimal) -> str:
    """``19 %`` / ``7 %``: the rate without trailing zeros, with a non-breaking space."""
    return f"{Decimal(rate).normalize():f}\u00a0%"


@register.filter
def preparation_time(minutes: int | None) -> str:
    """A shop's pickup preparation time in words ("2 hours", "45 minutes", "1 day")."""
    if not minutes:
        return _("right away")
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if minutes < 24 * 60 or minutes % (24 * 60):
        hours, rest = divmod(minutes, 60)
        if rest:
            return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = minutes // (24 * 60)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


# --- shops ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShopOpening:
    """A shop's opening state with the sentence to show; ``has_hours`` False: none given."""

    is_open: bool
    has_hours: bool
    label: str


def _clock(moment: datetime) -> str:
    return formats.time_format(moment, "H:i")


def opening_label(state: OpeningState, *, now: datetime) -> str:
    """ "Open now, until 18:00" or "Closed, opens tomorrow at 09:00" (local time)."""
    now = timezone.localtime(now)
    if state.is_open:
        return _("Open now, until %(time)s") % {"time": _clock(timezone.localtime(state.closes_at))}
    if state.next_opening is None:
        return _("Closed")
    opens = timezone.localtime(state.next_opening)
    days_ahead = (opens.date() - now.date()).days
    values = {"time": _clock(opens)}
    if days_ahead == 0:
        return _("Closed, opens today at %(time)s") % values
    if days_ahead == 1:
        return _("Closed, opens tomorrow at %(time)s") % values
    if days_ahead < 7:
        values["day"] = formats.date_format(opens, "l")
        return _("Closed, opens %(day)s at %(time)s") % values
    values["date"] = formats.date_format(opens, "SHORT_DATE_FORMAT")
    return _("Closed, opens on %(date)s at %(time)s") % values


def shop_opening_of(vendor, at: datetime | None = None) -> ShopOpening:
    """Opening state of a shop from its prefetched ``opening_hours`` and ``opening_exceptions``."""
    now = at or timezone.now()
    weekly = list(vendor.opening_hours.all())
    exceptions = list(vendor.opening_exceptions.all())
    if not weekly and not any(exc.opens is not None for exc in exceptions):
        return ShopOpening(False, False, _("Opening hours not given"))
    state = opening_state(weekly, exceptions, at=now)
    return ShopOpening(state.is_open, True, opening_label(state, now=now))


@register.simple_tag
def shop_opening(vendor) -> ShopOpening:
    """``{% shop_opening vendor as opening %}``."""
    return shop_opening_of(vendor)


@register.filter
def osm_url(vendor) -> str:
    """Link to the shop's position on openstreetmap.org (no tiles embedded); "" without one."""
    if vendor.latitude is None or vendor.longitude is None:
        return ""
    lat, lon = f"{vendor.latitude:f}", f"{vendor.longitude:f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
