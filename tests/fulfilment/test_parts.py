"""A shop's part of an order: creation, forward-only moves, derived order status, stock."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulfilment.codes import code_display, code_from_nonce, code_normalise
from fulfilment.models import Fulfilment, FulfilmentEvent
from fulfilment.services import (
    FulfilmentError,
    fulfilment_accept,
    fulfilment_cancel,
    fulfilment_mark_ready,
    fulfilments_create,
    platform_fee_for,
)
from fulfilment.states import TRANSITIONS, FulfilmentStatus, OrderStatus, order_status_for
from tests.fulfilment.conftest import windows_for

S = FulfilmentStatus
pytestmark = pytest.mark.django_db


def test_an_order_over_two_shops_has_one_part_per_shop_with_its_amounts(two_shop_order, settings):
    order, parts, (bakery, books), _products = two_shop_order
    assert set(parts) == {bakery, books}
    bread_part, book_part = parts[bakery], parts[books]
    assert bread_part.goods_total == Decimal("9.00")
    assert book_part.goods_total == Decimal("19.90")
    for part in (bread_part, book_part):
        assert part.platform_fee + part.vendor_share == part.goods_total
        assert part.status == S.PLACED
        assert part.code_digest and part.code_nonce
    assert {line.status for line in bread_part.lines()} == {"placed"}
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert order.total_incl_tax == bread_part.goods_total + book_part.goods_total


def test_creating_the_parts_twice_changes_nothing(two_shop_order):
    order, parts, vendors, _products = two_shop_order
    again = fulfilments_create(order=order, windows=windows_for(*vendors))
    assert {part.pk for part in again} == {part.pk for part in parts.values()}
    assert Fulfilment.objects.filter(order=order).count() == 2


def test_the_order_status_follows_its_parts(two_shop_order):
    order, parts, (bakery, books), _products = two_shop_order
    fulfilment_mark_ready(fulfilment_id=parts[bakery].pk, vendor=bakery)
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_PROGRESS
    fulfilment_accept(fulfilment_id=parts[books].pk, vendor=books)
    fulfilment_mark_ready(fulfilment_id=parts[books].pk, vendor=books)
    order.refresh_from_db()
    assert order.status == OrderStatus.READY
    assert {line.status for line in order.lines.all()} == {"ready"}


def test_moves_go_forward_only_and_a_repeat_changes_nothing(two_shop_order):
    _order, parts, (bakery, _books), _products = two_shop_order
    part = parts[bakery]
    fulfilment_mark_ready(fulfilment_id=part.pk, vendor=bakery)
    events = FulfilmentEvent.objects.filter(fulfilment=part).count()
    fulfilment_mark_ready(fulfilment_id=part.pk, vendor=bakery)  # double click
    assert FulfilmentEvent.objects.filter(fulfilment=part).count() == events
    with pytest.raises(FulfilmentError):
        fulfilment_accept(fulfilment_id=part.pk, vendor=bakery)  # back from ready
    part.refresh_from_db()
    assert part.status == S.READY


def test_a_shop_cannot_move_another_shops_part(two_shop_order):
    _order, parts, (bakery, books), _products = two_shop_order
    with pytest.raises(Fulfilment.DoesNotExist):
        fulfilment_mark_ready(fulfilment_id=parts[books].pk, vendor=bakery)
    parts[books].refresh_from_db()
    assert parts[books].status == S.PLACED


def test_a_cancelled_part_gives_its_stock_back(two_shop_order):
    _order, parts, (bakery, _books), (bread, _novel) = two_shop_order
    record = bread.stockrecords.get()
    assert record.num_allocated == 2
    fulfilment_cancel(fulfilment_id=parts[bakery].pk, reason="sold out", vendor=bakery)
    record.refresh_from_db()
    assert record.num_allocated == 0 and record.num_in_stock == 10
    fulfilment_cancel(fulfilment_id=parts[bakery].pk, reason="again", vendor=bakery)
    record.refresh_from_db()
    assert record.num_allocated == 0  # released once


def test_all_parts_cancelled_cancels_the_order(two_shop_order):
    order, parts, vendors, _products = two_shop_order
    for vendor in vendors:
        fulfilment_cancel(fulfilment_id=parts[vendor].pk, reason="closed", vendor=vendor)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


@pytest.mark.parametrize(
    ("goods", "fee"),
    [("9.00", "0.70"), ("19.90", "1.25"), ("0.10", "0.10"), ("100.00", "5.25"), ("0.45", "0.27")],
)
def test_platform_fee_is_percent_plus_fixed_in_cents(goods, fee):
    assert platform_fee_for(Decimal(goods)) == Decimal(fee)


@given(st.decimals(min_value=0, max_value=100_000, places=2))
def test_fee_and_share_add_up_to_the_goods(goods):
    fee = platform_fee_for(goods)
    assert Decimal(0) <= fee <= goods
    assert fee == fee.quantize(Decimal("0.01"))


@given(st.lists(st.sampled_from(list(S)), min_size=1, max_size=6))
def test_order_status_is_defined_for_any_mix_of_parts(statuses):
    status = order_status_for(statuses)
    assert status in OrderStatus.values
    if set(statuses) <= {S.CANCELLED, S.EXPIRED}:
        assert status == OrderStatus.CANCELLED
    if S.PLACED in statuses and not {S.ACCEPTED, S.READY, S.COLLECTED} & set(statuses):
        assert status in (OrderStatus.PLACED, OrderStatus.CANCELLED)


def test_final_states_have_no_way_out():
    for status in (S.COLLECTED, S.CANCELLED, S.EXPIRED):
        assert TRANSITIONS[status] == frozenset()


@given(st.text(alphabet="0123456789abcdef", min_size=32, max_size=32))
def test_codes_are_eight_crockford_characters_and_read_back(nonce):
    code = code_from_nonce(nonce)
    assert len(code) == 8
    shown = code_display(code)
    assert code_normalise(shown.lower().replace("1", "l").replace("0", "o")) == code
    assert code_normalise(f"  {shown}  ") == code


def test_nonsense_is_not_a_code():
    for text in ("", "1234", "K7Q4-9MXT-XX", "ÄÖÜ!"):
        assert code_normalise(text) is None
