"""The stock state of an offer: five words an app can show without knowing Oscar's codes.

Derived only from ``vendors.offers.ProductOffer`` (the one source of price and availability), so
the API never disagrees with the storefront. The rules, in order:

* ``in_shop_only``: the shop does not sell this product online (or does not sell online at all);
  it can be bought in the shop.
* ``out_of_stock``: the shop counted no unit left, or declared the product out of stock.
* ``on_request``: not on the shelf but obtainable: pre-order, back in stock soon, on display to
  order; or the shop has given no price online (ask the shop).
* ``low_stock``: can be ordered online; the shop counted at most ``LOW_STOCK_THRESHOLD`` units
  left, or declared limited availability.
* ``in_stock``: can be ordered online; more units counted, or declared in stock without counting.

An availability code this table does not know yet (a new strategy rule) maps to ``in_stock`` when
the product can be bought online and to ``on_request`` otherwise, never to an error.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# At most this many counted units left (and more than none) is "low stock".
LOW_STOCK_THRESHOLD = 3


class StockState(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    LOW_STOCK = "low_stock", _("Only a few left")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    IN_SHOP_ONLY = "in_shop_only", _("Only in the shop")
    ON_REQUEST = "on_request", _("On request")


# Availability codes of shop.partner.strategy (and Oscar's) with a fixed stock state.
_STATE_BY_CODE = {
    "in_shop_only": StockState.IN_SHOP_ONLY,
    "outofstock": StockState.OUT_OF_STOCK,
    "unavailable": StockState.ON_REQUEST,
    "preorder": StockState.ON_REQUEST,
    "backorder": StockState.ON_REQUEST,
    "on_display_to_order": StockState.ON_REQUEST,
    "limited_availability": StockState.LOW_STOCK,
    "available": StockState.IN_STOCK,
}
# Oscar's StockRequired: the shop counts its stock and there is some.
_COUNTED_IN_STOCK = "instock"


def stock_state_of(offer) -> StockState:
    """The stock state of a ``vendors.offers.ProductOffer`` (rules in the module docstring)."""
    code = offer.availability_code
    if code == _COUNTED_IN_STOCK:
        if offer.num_available is not None and offer.num_available <= LOW_STOCK_THRESHOLD:
            return StockState.LOW_STOCK
        return StockState.IN_STOCK
    if code in _STATE_BY_CODE:
        return _STATE_BY_CODE[code]
    return StockState.IN_STOCK if offer.is_available_to_buy else StockState.ON_REQUEST


STOCK_STATE_DESCRIPTION = (
    "How much of the product there is, in one word:\n\n"
    "* `in_stock`: can be ordered online; the shop counted more than "
    f"{LOW_STOCK_THRESHOLD} units, or declares it in stock without counting.\n"
    f"* `low_stock`: can be ordered online; the shop counted 1 to {LOW_STOCK_THRESHOLD} units "
    "left, or declares limited availability.\n"
    "* `out_of_stock`: the shop counted none left or declares it out of stock; it cannot be "
    "ordered now.\n"
    "* `in_shop_only`: the shop does not sell this product online; it can be bought in the shop.\n"
    "* `on_request`: not on the shelf but obtainable (pre-order, back in stock soon, on display "
    "to order), or the shop gives no price online: ask the shop.\n\n"
    "Whether an online order is possible right now is `availability.is_available_to_buy`."
)
