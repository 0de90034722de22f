"""Money for shops' parts of orders, dispatched to the provider the order was paid with.

The provider of an order is recorded as Oscar's payment ``Source`` (its ``SourceType.code`` is
the provider identifier). An order without a source was placed without online payment and is
treated as paid at pickup.
"""

from decimal import Decimal

from payments.providers.base import PaymentProvider
from payments.registry import provider_for

PAY_AT_PICKUP = "pay_at_pickup"


def order_provider(order) -> PaymentProvider:
    source = order.sources.select_related("source_type").first()
    return provider_for(source.source_type.code if source else PAY_AT_PICKUP)


def fulfilment_payout(*, fulfilment) -> None:
    """Pay the shop its share of a collected part (idempotent, see the provider contract)."""
    order_provider(fulfilment.order).part_payout(fulfilment=fulfilment)


def fulfilment_refund(*, fulfilment, amount: Decimal, reason: str) -> None:
    """Give a closed part's money back (idempotent, see the provider contract)."""
    order_provider(fulfilment.order).part_refund(
        fulfilment=fulfilment, amount=amount, reason=reason
    )
