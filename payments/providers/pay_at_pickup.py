"""Pay at pickup: the order reserves the goods, the resident pays in the shop.

The embedded default when the platform has no Stripe keys, and a way local shops like anyway:
no money passes through the platform, so there is nothing to pay out or refund online.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from payments.providers.base import PaymentProvider


class PayAtPickup(PaymentProvider):
    identifier = "pay_at_pickup"
    verbose_name = _("Pay at pickup (cash or card in the shop)")
    pays_online = False

    def order_paid_check(self, *, order) -> bool:
        # Nothing is paid before pickup; the order stands on its reservation.
        return True

    def part_payout(self, *, fulfilment) -> None:
        return None  # the shop takes the money at its counter

    def part_refund(self, *, fulfilment, amount: Decimal, reason: str) -> None:
        return None  # nothing was paid online
