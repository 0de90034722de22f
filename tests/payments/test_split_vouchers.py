"""Split arithmetic with vouchers and partial refunds (quality bar 10, continued).

A voucher the resident enters (a percentage or a fixed amount off the whole basket) is spread
over the lines by Oscar's offer applicator; each shop's part must carry its lines' discounted
prices, so that the parts add up to what the resident paid, and then

    sum(transfers - reversals) + sum(fees of parts kept) + sum(refunds) == captured

also when only some items of a part are withdrawn (a partial refund with its share of the
transfer reversed). Moved through the real services against the fault double.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from fulfilment.services import platform_fee_for
from payments.stripe import services
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")

OUTCOMES = ["collected", "cancelled", "partly_withdrawn"]


def voucher_of(kind: str, value: Decimal, code: str = "ROSENSTADT") -> Voucher:
    """A voucher for everything in the town's marketplace: ``kind`` "percent" or "amount"."""
    everything = Range.objects.create(name=f"Alles {code}", includes_all_products=True)
    benefit = Benefit.objects.create(
        range=everything,
        type=Benefit.PERCENTAGE if kind == "percent" else Benefit.FIXED,
        value=value,
    )
    condition = Condition.objects.create(range=everything, type=Condition.COUNT, value=1)
    offer = ConditionalOffer.objects.create(
        name=f"Gutschein {code}",
        offer_type=ConditionalOffer.VOUCHER,
        benefit=benefit,
        condition=condition,
    )
    voucher = Voucher.objects.create(
        name=f"Gutschein {code}",
        code=code,
        usage=Voucher.MULTI_USE,
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2099-01-01T00:00:00Z",
    )
    voucher.offers.add(offer)
    return voucher


CENT_UP = Decimal("0.01")


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def test_a_percentage_voucher_is_carried_by_each_shops_part(double):
    bakery, books = shop_with_account(), shop_with_account()
    paid = stripe_order(
        double,
        (bakery, "3.60", 2, "reduced"),
        (books, "12.90", 1, "standard"),
        voucher=voucher_of("percent", Decimal("10")),
    )
    order = paid.order
    assert order.total_incl_tax == Decimal("18.09")  # 20.10 less 10 %
    assert order.total_discount_incl_tax == Decimal("2.01")
    goods = {shop: part.goods_total for shop, part in paid.parts.items()}
    assert goods == {bakery: Decimal("6.48"), books: Decimal("11.61")}
    assert sum(goods.values()) == order.total_incl_tax == paid.payment.amount_received


def test_a_fixed_amount_voucher_is_spread_without_a_lost_cent(double):
    shops = [shop_with_account() for _ in range(3)]
    paid = stripe_order(
        double,
        (shops[0], "3.33", 1, "reduced"),
        (shops[1], "3.33", 1, "standard"),
        (shops[2], "3.34", 1, "standard"),
        voucher=voucher_of("amount", Decimal("1.00")),
    )
    assert paid.order.total_incl_tax == Decimal("9.00")
    assert sum(part.goods_total for part in paid.parts.values()) == Decimal("9.00")


line = st.tuples(
    st.decimals(min_value=Decimal("0.50"), max_value=Decimal("120.00"), places=2),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["standard", "reduced"]),
)
part = st.tuples(st.lists(line, min_size=1, max_size=3), st.sampled_from(OUTCOMES))
voucher = st.one_of(
    st.none(),
    st.tuples(st.just("percent"), st.sampled_from([Decimal("5"), Decimal("10"), Decimal("15")])),
    st.tuples(st.just("amount"), st.sampled_from([Decimal("1.00"), Decimal("2.50")])),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(parts=st.lists(part, min_size=1, max_size=3), discount=voucher)
def test_with_vouchers_and_partial_refunds_the_cents_add_up(double, parts, discount):
    shops = [shop_with_account() for _ in parts]
    lines = [
        (shop, price, quantity, vat)
        for shop, (items, _outcome) in zip(shops, parts, strict=True)
        for price, quantity, vat in items
    ]
    if sum(price * quantity for _shop, price, quantity, _vat in lines) < Decimal("5.00"):
        return  # the fixed vouchers must stay below the basket
    entered = None
    if discount is not None:
        entered = voucher_of(*discount, code=f"V{Voucher.objects.count()}")
    seen = {kind: len(double.objects(kind)) for kind in ("transfer", "refund")}
    paid = stripe_order(double, *lines, voucher=entered)
    assert sum(p.goods_total for p in paid.parts.values()) == paid.order.total_incl_tax

    kept_fees = 0
    for shop, (_items, outcome) in zip(shops, parts, strict=True):
        fulfilment = paid.parts[shop]
        if outcome == "cancelled":
            services.refund_create(
                fulfilment=fulfilment, amount=fulfilment.goods_total, reason="cancelled"
            )
            continue
        services.payout_create(fulfilment=fulfilment)
        fee = platform_fee_for(fulfilment.goods_total)
        if outcome == "partly_withdrawn":
            # One item of the first line comes back (the whole part if that is all there was).
            first = fulfilment.lines().order_by("pk").first()
            amount = (first.line_price_incl_tax / first.quantity).quantize(Decimal("0.01"))
            services.refund_create(fulfilment=fulfilment, amount=amount, reason="withdrawn")
            # The shop gives back its share of the refund, the platform the rest of it.
            goods, share = fulfilment.goods_total, fulfilment.vendor_share
            shop_back = (
                share
                if amount >= goods
                else (amount * share / goods).quantize(CENT_UP, rounding=ROUND_HALF_UP)
            )
            fee -= amount - shop_back
        kept_fees += cents(fee)

    intent = double.state.objects[paid.payment.intent_id]
    transfers = double.objects("transfer")[seen["transfer"] :]
    refunds = double.objects("refund")[seen["refund"] :]
    net_transfers = sum(t["amount"] - t["amount_reversed"] for t in transfers)
    refunded = sum(r["amount"] for r in refunds)
    assert intent["amount_received"] == cents(paid.order.total_incl_tax)
    assert net_transfers + kept_fees + refunded == intent["amount_received"]
    assert all(t["amount"] - t["amount_reversed"] >= 0 for t in transfers)
