"""Money for shops' parts: a transfer on collection, a refund (and reversal) on closing.

Driven through ``fulfilment.services`` (which calls ``payments.services``), as the counter and
the expiry task do, against the fault double.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fulfilment import services as fulfilment_services
from fulfilment.codes import code_from_nonce
from fulfilment.models import Fulfilment
from payments.models import Payout, PayoutStatus, Refund
from payments.stripe import services
from tests.payments.conftest import shop_with_account, stripe_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_shops(double):
    bakery = shop_with_account(name="Bäckerei")
    books = shop_with_account(name="Bücher")
    paid = stripe_order(double, (bakery, "4.50", 2, "reduced"), (books, "19.90", 1, "standard"))
    return paid, bakery, books


def number(paid) -> str:
    return str(paid.order.number)


def redeem(part: Fulfilment):
    """The shop packs the part and hands it over at the counter."""
    fulfilment_services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=part.vendor)
    return fulfilment_services.pickup_code_redeem(
        vendor=part.vendor, code=code_from_nonce(part.code_nonce)
    )


def test_collection_transfers_the_shops_share_from_the_charge(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    redeem(part)
    (transfer,) = double.objects("transfer")
    part.refresh_from_db()
    assert transfer["amount"] == int(part.vendor_share * 100)
    assert transfer["destination"] == bakery.stripe_account.account_id
    assert transfer["source_transaction"] == paid.payment.charge_id
    assert transfer["transfer_group"] == number(paid)
    (post,) = double.posts("/v1/transfers")
    assert post.idempotency_key == f"{number(paid)}:{bakery.pk}:transfer"
    payout = Payout.objects.get()
    assert (payout.status, payout.transfer_id, payout.amount) == (
        PayoutStatus.PAID,
        transfer["id"],
        part.vendor_share,
    )


def test_a_payout_is_made_once_per_part(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    redeem(part)
    part.refresh_from_db()
    services.payout_create(fulfilment=part)
    services.payout_create(fulfilment=part)
    assert len(double.objects("transfer")) == 1
    assert Payout.objects.count() == 1


def test_cancelling_a_part_refunds_its_goods_and_transfers_nothing(two_shops, double):
    paid, bakery, books = two_shops
    part = paid.parts[books]
    fulfilment_services.fulfilment_cancel(fulfilment_id=part.pk, reason="Buch vergriffen")
    (refund,) = double.objects("refund")
    assert refund["amount"] == 1990
    assert refund["payment_intent"] == paid.payment.intent_id
    (post,) = double.posts("/v1/refunds")
    assert post.idempotency_key == f"{number(paid)}:{books.pk}:refund:cancelled"
    stored = Refund.objects.get()
    assert (stored.fulfilment_id, stored.reason, stored.amount, stored.refund_id) == (
        part.pk,
        "cancelled",
        Decimal("19.90"),
        refund["id"],
    )
    assert double.objects("transfer_reversal") == []


def test_a_refund_is_made_once_per_part_and_reason(two_shops, double):
    paid, _bakery, books = two_shops
    part = paid.parts[books]
    for _ in range(3):
        services.refund_create(fulfilment=part, amount=part.goods_total, reason="expired")
    assert len(double.objects("refund")) == 1
    assert Refund.objects.count() == 1


def test_expiry_refunds_the_part(two_shops, double):
    paid, bakery, _books = two_shops
    Fulfilment.objects.filter(pk=paid.parts[bakery].pk).update(
        collect_by=timezone.now() - timedelta(minutes=1)
    )
    fulfilment_services.fulfilments_expire()
    (refund,) = double.objects("refund")
    assert refund["amount"] == 900
    assert Refund.objects.get().reason == "expired"


def test_a_withdrawal_after_collection_refunds_and_reverses_the_transfer(two_shops, double):
    paid, _bakery, books = two_shops
    part = paid.parts[books]
    redeem(part)
    part.refresh_from_db()
    refund = services.refund_create(fulfilment=part, amount=part.goods_total, reason="withdrawn")
    (transfer,) = double.objects("transfer")
    assert transfer["amount_reversed"] == transfer["amount"]
    assert refund.reversal_amount == part.vendor_share
    (post,) = double.posts("/v1/transfers/")
    assert post.idempotency_key == f"{number(paid)}:{books.pk}:transfer_reversal:withdrawn"
    assert Payout.objects.get().reversed_amount == part.vendor_share
    assert double.objects("refund")[0]["amount"] == 1990


def test_a_partial_withdrawal_takes_back_the_shops_share_of_it(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    redeem(part)
    part.refresh_from_db()
    refund = services.refund_create(fulfilment=part, amount=Decimal("4.50"), reason="withdrawn")
    expected = (Decimal("4.50") * part.vendor_share / part.goods_total).quantize(Decimal("0.01"))
    assert refund.reversal_amount == expected
    assert double.objects("transfer_reversal")[0]["amount"] == int(expected * 100)


def test_never_more_than_the_part_is_refunded(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    services.refund_create(fulfilment=part, amount=Decimal("5.00"), reason="withdrawn")
    services.refund_create(fulfilment=part, amount=Decimal("50.00"), reason="cancelled")
    assert [r["amount"] for r in double.objects("refund")] == [500, 400]


def test_a_part_refunded_before_its_payout_transfers_only_the_rest(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    services.refund_create(fulfilment=part, amount=part.goods_total, reason="withdrawn")
    payout = services.payout_create(fulfilment=part)
    assert payout.status == PayoutStatus.NOTHING
    assert double.objects("transfer") == []


def test_stripe_down_at_the_counter_does_not_stop_the_handover(two_shops, double):
    paid, bakery, _books = two_shops
    part = paid.parts[bakery]
    double.fail_next("500", path="/v1/transfers", times=2)
    redemption = redeem(part)  # no exception for the counter
    assert redemption.fulfilment.status == "collected"
    payout = Payout.objects.get()
    assert payout.status == PayoutStatus.REQUESTED and payout.last_error
    assert double.objects("transfer") == []
    # Later (payments_reconcile --retry): paid once.
    part.refresh_from_db()
    services.payout_create(fulfilment=part)
    assert len(double.objects("transfer")) == 1
    assert Payout.objects.get().status == PayoutStatus.PAID


def test_pay_at_pickup_orders_move_no_money(double):
    from oscar.test.factories import create_order

    from tests.factories import product_of
    from tests.fulfilment.conftest import basket_with, windows_for

    shop = shop_with_account()
    order = create_order(basket=basket_with((product_of(shop), 1)))
    (part,) = fulfilment_services.fulfilments_create(order=order, windows=windows_for(shop))
    fulfilment_services.fulfilment_cancel(fulfilment_id=part.pk, reason="x")
    assert double.posts() == []
