"""Our exceptions for everything that can go wrong with Stripe; callers never see Stripe's.

The two a resident can meet are Oscar's ``UnableToTakePayment`` (the checkout shows the message
and lets the resident try again, nothing was placed); everything else is a ``PaymentError``
(Oscar's checkout logs it and shows its generic "no payment has been taken").
"""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

PaymentError = get_class("payment.exceptions", "PaymentError")
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")


class PaymentServiceDown(UnableToTakePayment):
    """Stripe did not answer in time, answered 5xx or 429 after our few retries, or the
    connection broke. Nothing may be assumed about the outcome: retry with the same
    idempotency key (the services do) or let the reconciliation find it."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(
            _(
                "The payment service is not answering right now. Nothing has been charged "
                "twice; please try again in a few minutes."
            )
        )


class PaymentRefused(UnableToTakePayment):
    """The card or bank refused (Stripe's ``card_error``); the message is for the resident."""

    def __init__(self, message: str = "", *, code: str = ""):
        self.code = code
        super().__init__(
            message or _("Your payment was declined. Please use another card or method.")
        )


class PaymentNotConfirmed(UnableToTakePayment):
    """Stripe does not (yet) confirm a succeeded payment of exactly the order's total."""

    def __init__(self, message: str = ""):
        super().__init__(
            message
            or _("We could not confirm your payment. Please try again or choose another method.")
        )


class PaymentProblem(PaymentError):
    """Stripe rejected our request (invalid, unauthorised, idempotency clash) or our records
    disagree with Stripe's; an operator must look. ``code`` is Stripe's error code if any."""

    def __init__(self, message: str, *, code: str = "", status: int | None = None):
        self.code = code
        self.status = status
        super().__init__(message)


class StripeObjectMissing(PaymentProblem):
    """Stripe answered 404 for an object we asked for."""


class WebhookSignatureInvalid(Exception):
    """A webhook request whose signature is missing, wrong or too old, or whose body is not
    the event that was signed."""
