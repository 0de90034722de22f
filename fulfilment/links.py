"""Signed links to a resident's order page: no login needed, unguessable, stable, no expiry.

The token signs the order number with Django's signing (SECRET_KEY, its own salt), so knowing an
order number is not enough to open the page; rotating SECRET_KEY invalidates old links.
"""

from django.core import signing
from django.urls import reverse

_SALT = "forst.fulfilment.order-page"


def _signer() -> signing.Signer:
    # No timestamp in the token: the same order always has the same link (mails, pages).
    return signing.Signer(salt=_SALT)


def order_token(order) -> str:
    return _signer().sign_object(str(order.number), compress=True)


def order_number_from_token(token: str) -> str | None:
    """The order number in a token, or None for a forged or damaged token."""
    try:
        return _signer().unsign_object(token)
    except signing.BadSignature:
        return None


def order_page_path(order) -> str:
    return reverse("fulfilment:order", kwargs={"token": order_token(order)})
