"""Fork of oscar.apps.checkout.

Why: click-and-collect. The checkout asks no shipping address; it asks a pickup slot per shop
(offered from each shop's opening hours, holidays and preparation time), reserves the stock when
the resident goes to payment, offers the payment providers of ``payments.registry`` and shows the
summary German law asks for above the "zahlungspflichtig bestellen" button. Placing the order
creates one part per shop (``fulfilment.services``).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.checkout"

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        super().ready()
        self.pickup_view = get_class("checkout.views", "PickupView")
        self.payment_return_view = get_class("checkout.views", "PaymentReturnView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path("pickup/", self.pickup_view.as_view(), name="pickup"),
                path(
                    "payment-return/",
                    self.payment_return_view.as_view(),
                    name="payment-return",
                ),
            ]
        )
        return urls

    def get_url_decorator(self, pattern):
        """No checkout page is stored by browsers or proxies: they hold the resident's e-mail,
        choices and, on the thank-you page, the pickup codes."""
        decorator = super().get_url_decorator(pattern)
        if decorator is None:
            return never_cache
        return lambda view: never_cache(decorator(view))
