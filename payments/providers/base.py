"""The contract every payment provider keeps.

A provider is a small class named in ``settings.PAYMENT_PROVIDERS`` (see ``payments.registry``).
The checkout, the fulfilment services and the dashboard talk to providers only through these
methods; nothing outside a provider's own module knows which provider is in use.

Money moves in exactly three places, each idempotent (a repeated call for the same order or part
never moves money twice): ``order_paid_check`` (the resident's payment is confirmed),
``part_payout`` (a shop is paid its share) and ``part_refund`` (a part's money goes back).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class Unavailable:
    """Why a provider cannot take this basket, in words for the resident."""

    reason: str | Promise


class PaymentProvider:
    #: Short, stable name stored on payments ("pay_at_pickup", "stripe").
    identifier: str = ""
    #: What the resident sees in the checkout.
    verbose_name: str | Promise = ""
    #: Whether the resident pays online before pickup (the confirmation mail says so).
    pays_online: bool = False

    def unavailable_reason(self, *, vendors) -> Unavailable | None:
        """None if every shop of the basket can be paid through this provider.

        May read; may NOT write or move money.
        """
        return None

    def order_paid_check(self, *, order) -> bool:
        """Whether the order's payment is confirmed (for online payment: by the provider's
        server, never by the browser). May record what it learned; idempotent."""
        raise NotImplementedError

    def part_payout(self, *, fulfilment) -> None:
        """Pay the shop its share (``fulfilment.vendor_share``) of a collected part.

        Idempotent per part. A provider where the shop takes the money itself does nothing.
        """
        raise NotImplementedError

    def part_refund(self, *, fulfilment, amount: Decimal, reason: str) -> None:
        """Give ``amount`` of a cancelled, expired or withdrawn part back to the resident,
        reversing the shop's payout if it was made. Idempotent per part and reason."""
        raise NotImplementedError
