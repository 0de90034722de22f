"""Split arithmetic (quality bar 10), as a property over random baskets.

For baskets over several shops with 7 % and 19 % VAT lines, where each shop's part ends either
collected (the shop is paid), cancelled or expired (refunded), or collected and then withdrawn
(refunded, transfer reversed), the cents Stripe saw add up:

    sum(transfers - reversals) + sum(platform fees of parts kept) + sum(refunds)
        == the captured amount

with the fees computed independently by ``fulfilment.services.platform_fee_for``. The money is
moved through the real services and the real ``stripe`` library, against the fault double,
which records what arrives on the wire.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulfilment.services import platform_fee_for
from payments.stripe import services
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db

OUTCOMES = ["collected", "cancelled", "expired", "withdrawn"]

line = st.tuples(
    st.decimals(min_value=Decimal("0.10"), max_value=Decimal("250.00"), places=2),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(["standard", "reduced"]),
)
part = st.tuples(st.lists(line, min_size=1, max_size=3), st.sampled_from(OUTCOMES))
basket = st.lists(part, min_size=1, max_size=4)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(parts=basket)
def test_transfers_fees_and_refunds_add_up_to_the_captured_amount(double, parts):
    shops = [shop_with_account() for _ in parts]
    lines = [
        (shop, price, quantity, vat)
        for shop, (items, _outcome) in zip(shops, parts, strict=True)
        for price, quantity, vat in items
    ]
    if sum(price * quantity for _shop, price, quantity, _vat in lines) < Decimal("0.50"):
        return  # below Stripe's minimum charge: not payable online
    seen = {kind: len(double.objects(kind)) for kind in ("transfer", "refund")}
    paid = stripe_order(double, *lines)
    kept_fees = 0
    for shop, (_items, outcome) in zip(shops, parts, strict=True):
        fulfilment = paid.parts[shop]
        if outcome in {"collected", "withdrawn"}:
            services.payout_create(fulfilment=fulfilment)
        if outcome == "withdrawn":
            services.refund_create(
                fulfilment=fulfilment, amount=fulfilment.goods_total, reason="withdrawn"
            )
        elif outcome in {"cancelled", "expired"}:
            services.refund_create(
                fulfilment=fulfilment, amount=fulfilment.goods_total, reason=outcome
            )
        else:
            kept_fees += cents(platform_fee_for(fulfilment.goods_total))

    intent = double.state.objects[paid.payment.intent_id]
    transfers = double.objects("transfer")[seen["transfer"] :]
    refunds = double.objects("refund")[seen["refund"] :]
    net_transfers = sum(t["amount"] - t["amount_reversed"] for t in transfers)
    refunded = sum(r["amount"] for r in refunds)
    assert intent["amount_received"] == cents(paid.order.total_incl_tax)
    assert net_transfers + kept_fees + refunded == intent["amount_received"]
    assert all(t["amount"] > 0 for t in transfers)
