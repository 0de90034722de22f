"""The contract every payment provider keeps.

A provider is a small class named in ``settings.PAYMENT_PROVIDERS`` (see ``payments.registry``).
The checkout, the fulfilment services and the dashboard talk to providers only through these
methods; nothing outside a provider's own module knows which provider is in use.

Money moves in exactly three places, each idempotent (a repeated call for the same order or part
never moves money twice): ``order_paid_check`` (the resident's payment is confirmed),
``part_payout`` (a shop is paid its share) and ``part_refund`` (a part's money goes back).

A provider that takes the money online before the order is placed adds four checkout steps:
``payment_start`` (when the resident chooses it: what the browser needs to pay),
``payment_pending`` (the preview page finds that payment again, read-only),
``checkout_payment_take`` (the server's own check, just before the order is placed) and
``payment_void`` (the order could not be placed after all: the money goes back in full).
Providers that take nothing online keep the defaults.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class Unavailable:
    """Why a provider cannot take this basket, in words for the resident."""

    reason: str | Promise


@dataclass(frozen=True)
class PaymentStart:
    """What the browser needs to pay with the provider's own script.

    ``client_secret`` and ``publishable_key`` go to the page (nothing else secret does);
    ``reference`` is the provider's id of the payment; ``paid`` is True when the provider's
    server already reports the payment as done (a repeated start after paying).
    """

    client_secret: str
    publishable_key: str
    reference: str
    amount: Decimal
    currency: str
    paid: bool = False


class PaymentProvider:
    #: Short, stable name stored on payments ("pay_at_pickup", "stripe").
    identifier: str = ""
    #: What the resident sees in the checkout.
    verbose_name: str | Promise = ""
    #: Whether the resident pays online before pickup (the confirmation mail says so).
    pays_online: bool = False
    #: Whether a shop this provider cannot pay may not be ordered from at all (the platform's
    #: way of paying shops: with Stripe keys set, a shop must be able to receive money online).
    gates_ordering: bool = False

    def payable_vendor_ids(self) -> set[int]:
        """The ids of the shops this provider can pay (read once per request by the pricing
        strategy when ``gates_ordering``). May read; may NOT write."""
        return set()

    def unavailable_reason(self, *, vendors) -> Unavailable | None:
        """None if every shop of the basket can be paid through this provider.

        May read; may NOT write or move money.
        """
        return None

    def payment_start(
        self, *, order_number: str, amount: Decimal, currency: str, basket, context=None
    ) -> PaymentStart | None:
        """Prepare the online payment of ``amount`` for the order about to be placed as
        ``order_number`` (Oscar's number for the basket) and say what the browser needs.

        Idempotent per order number and amount: a double click, a reload or back-and-again gets
        the same payment; a changed amount replaces a payment not yet made. ``context`` is a
        small JSON-able dict the checkout needs to place the order without the browser (when the
        resident never comes back from paying); it is stored with the payment. May NOT move
        money (the browser does, with the provider). None: nothing to pay online.
        """
        return None

    def payment_pending(self, *, order_number: str, amount: Decimal, currency: str):
        """The payment ``payment_start`` prepared for ``order_number`` if it is for exactly
        ``amount`` and can still be paid or is paid (``PaymentStart``), else None: the checkout
        then starts it again. Read-only (the preview page asks on every view): may ask the
        provider's server, may NOT write or move money.
        """
        return None

    def checkout_payment_take(self, *, order_number: str, total, request=None) -> None:
        """Called by the checkout just before it places the order (Oscar's ``handle_payment``)
        with the order's ``total`` (an Oscar price): make sure the money is there.

        For online payment the provider asks its own server (never the browser) whether the
        payment of exactly ``total.incl_tax`` in ``total.currency`` has succeeded, and raises
        Oscar's ``UnableToTakePayment`` (with a message for the resident) if not. Idempotent.
        """
        return None

    def payment_void(self, *, order_number: str, reason: str) -> bool:
        """The order ``order_number`` could not be placed although the payment may have been
        taken (sold out, slot gone, an error): give everything back and record it. True if
        money was taken and is being given back (the resident is told), False if nothing was
        taken (an unpaid payment is just cancelled).

        Refuses (does nothing) when an order with that number exists: its parts are refunded
        through ``part_refund`` instead. Idempotent per order number and reason.
        """
        return False

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
