"""Signed links to a resident's order page: no login needed, unguessable, no expiry.

The token signs the order number with Django's signing (SECRET_KEY, its own salt), so knowing an
order number is not enough to open the page; rotating SECRET_KEY invalidates old links.
"""

from django.core import signing
from django.urls import reverse

_SALT = "forst.fulfilment.order-page"


def order_token(order) -> str:
    return signing.dumps(order.number, salt=_SALT, compress=True)


def order_number_from_token(token: str) -> str | None:
    """The order number in a token, or None for a forged or damaged token."""
    try:
        return signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None


def order_page_path(order) -> str:
    return reverse("fulfilment:order", kwargs={"token": order_token(order)})
