"""Stock under concurrency, on PostgreSQL: the last unit is sold once, and nothing deadlocks.

Each simulated resident runs in its own thread with its own database connection, the way two
gunicorn workers would. The negative control switches the row locks off and must oversell,
which shows that the first test can fail.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from oscar.test.factories import create_order

from fulfilment import stock
from fulfilment.models import StockReservation
from tests.concurrency import at_once
from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import basket_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RESIDENTS = 20


def _checkout(basket):
    """Go to payment (reserve), then place the order the way the checkout does."""
    try:
        stock.basket_reserve(basket=basket)
        with transaction.atomic():
            stock.basket_allocation_check(basket=basket)
            order = create_order(basket=basket)
            stock.basket_reservation_release(basket=basket)
        return str(order.number)
    except stock.SoldOut:
        return "sold out"


def _last_unit_race():
    product = product_of(VendorFactory(), stock__num_in_stock=1, stock__price=Decimal("5.00"))
    baskets = [basket_with((product, 1)) for _ in range(RESIDENTS)]
    results = at_once(lambda index: _checkout(baskets[index]), RESIDENTS)
    errors = [result for result in results if isinstance(result, Exception)]
    orders = [result for result in results if isinstance(result, str) and result != "sold out"]
    return product, orders, errors, results


def test_twenty_residents_race_for_the_last_unit_and_one_gets_it(on_postgres):
    product, orders, errors, results = _last_unit_race()
    assert errors == []
    assert len(orders) == 1
    assert results.count("sold out") == RESIDENTS - 1
    record = product.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def test_without_row_locks_the_same_race_oversells(on_postgres, monkeypatch):
    """Negative control: proves the race test above can fail."""
    monkeypatch.setattr(stock, "LOCK_ROWS", False)
    checked = threading.Barrier(RESIDENTS)
    original_check = stock._check

    def check_then_wait(*args):
        original_check(*args)
        checked.wait(timeout=30)  # every resident has seen the unit free before anyone writes

    monkeypatch.setattr(stock, "_check", check_then_wait)
    product, orders, _errors, _results = _last_unit_race()
    assert StockReservation.objects.count() + len(orders) > 1  # more than one got the unit


def test_opposite_line_order_in_parallel_baskets_does_not_deadlock(on_postgres):
    vendor = VendorFactory()
    first = product_of(vendor, stock__num_in_stock=1000)
    second = product_of(vendor, stock__num_in_stock=1000)
    baskets = [
        basket_with((first, 1), (second, 1)) if index % 2 else basket_with((second, 1), (first, 1))
        for index in range(10)
    ]

    def reserve_often(index):
        for _round in range(5):
            stock.basket_reserve(basket=baskets[index])
        return "ok"

    results = at_once(reserve_often, len(baskets))
    assert results == ["ok"] * len(baskets)


def test_the_rows_are_locked_before_anything_is_written(on_postgres):
    vendor = VendorFactory()
    basket = basket_with((product_of(vendor, stock__num_in_stock=5), 2))
    with CaptureQueriesContext(connection) as queries:
        stock.basket_reserve(basket=basket)
    sql = [query["sql"].upper() for query in queries.captured_queries]
    lock = next(index for index, text in enumerate(sql) if "FOR UPDATE" in text)
    first_write = next(
        index for index, text in enumerate(sql) if text.startswith(("INSERT", "UPDATE", "DELETE"))
    )
    assert lock < first_write
