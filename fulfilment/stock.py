"""Stock under concurrency: reserve at "go to payment", allocate at order, release or consume.

Every write here first locks the basket's stock records with ``SELECT … FOR UPDATE``, always in
primary-key order, so two baskets with the same products in opposite order wait for each other
instead of deadlocking, and two checkouts for the last unit cannot both see it free.

Availability of a counted stock record = ``num_in_stock`` − ``num_allocated`` (Oscar's, for
placed orders) − active reservations of other baskets. Stock that the shop does not count
(``num_in_stock`` is None) is never short here; the shop confirms such parts by hand.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.models import StockReservation
from search import indexing

StockRecord = get_model("partner", "StockRecord")

# Tests switch this off to show that the race test fails without the row locks.
LOCK_ROWS = True


@dataclass(frozen=True)
class Shortage:
    title: str
    wanted: int
    available: int


class SoldOut(Exception):
    """Some lines cannot be had in the wanted quantity; ``shortages`` says which."""

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(", ".join(f"{item.title}: {item.available}" for item in shortages))


def _wanted(basket) -> dict[int, tuple[int, str]]:
    """Quantity and title per stock record id for the basket's lines."""
    wanted: dict[int, list] = defaultdict(lambda: [0, ""])
    for line in basket.all_lines():
        entry = wanted[line.stockrecord_id]
        entry[0] += line.quantity
        entry[1] = line.product.get_title()
    return {record_id: (quantity, title) for record_id, (quantity, title) in wanted.items()}


def _locked_records(record_ids) -> dict[int, object]:
    records = StockRecord.objects.filter(pk__in=record_ids).order_by("pk")
    if LOCK_ROWS:
        records = records.select_for_update()
    return {record.pk: record for record in records}


def _reserved_by_others(record_ids, *, basket, now: datetime) -> dict[int, int]:
    rows = (
        StockReservation.objects.filter(stockrecord_id__in=record_ids, expires_at__gt=now)
        .exclude(basket=basket)
        .values("stockrecord_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["stockrecord_id"]: row["total"] for row in rows}


def _check(wanted, records, reserved) -> None:
    shortages = []
    for record_id, (quantity, title) in wanted.items():
        record = records.get(record_id)
        if record is None:
            shortages.append(Shortage(title, quantity, 0))
            continue
        if record.num_in_stock is None:
            continue
        available = record.num_in_stock - (record.num_allocated or 0) - reserved.get(record_id, 0)
        if quantity > available:
            shortages.append(Shortage(title, quantity, max(available, 0)))
    if shortages:
        raise SoldOut(shortages)


@transaction.atomic
def basket_reserve(*, basket, now: datetime | None = None) -> datetime:
    """Hold the basket's quantities for ``STOCK_RESERVATION_MINUTES``; returns the expiry.

    Raises SoldOut (and holds nothing new) when another basket or order has the stock.
    Calling it again (back button, second tab) renews the basket's reservation.
    """
    now = now or timezone.now()
    wanted = _wanted(basket)
    records = _locked_records(sorted(wanted))
    _check(wanted, records, _reserved_by_others(list(wanted), basket=basket, now=now))
    expires = now + timedelta(minutes=settings.STOCK_RESERVATION_MINUTES)
    StockReservation.objects.filter(basket=basket).delete()
    StockReservation.objects.bulk_create(
        StockReservation(
            basket=basket, stockrecord_id=record_id, quantity=quantity, expires_at=expires
        )
        for record_id, (quantity, _title) in wanted.items()
        if records[record_id].num_in_stock is not None
    )
    return expires


def basket_allocation_check(*, basket, now: datetime | None = None) -> None:
    """Inside the order-placement transaction: lock and re-check before Oscar allocates.

    The basket's own reservation counts for it; an expired one still passes if the stock is
    free. Raises SoldOut otherwise. The caller then places the order (Oscar's OrderCreator
    allocates) and calls ``basket_reservation_release``.
    """
    now = now or timezone.now()
    wanted = _wanted(basket)
    records = _locked_records(sorted(wanted))
    _check(wanted, records, _reserved_by_others(list(wanted), basket=basket, now=now))


def basket_reservation_release(*, basket) -> None:
    StockReservation.objects.filter(basket=basket).delete()


def reservations_expired_delete(*, now: datetime | None = None) -> int:
    """Remove reservations past their expiry (they already count for nothing); returns count."""
    deleted, _by_model = StockReservation.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted


def lines_release(*, lines) -> None:
    """A cancelled or expired part: its allocations go back to the shop's stock."""
    lines = sorted(lines, key=lambda line: line.stockrecord_id or 0)
    for line in lines:
        if line.stockrecord_id:
            line.stockrecord.cancel_allocation(line.quantity)
    indexing.products_changed(line.product_id for line in lines)


def lines_consume(*, lines) -> None:
    """A collected part: the allocated units leave the stock."""
    lines = sorted(lines, key=lambda line: line.stockrecord_id or 0)
    indexing.products_changed(line.product_id for line in lines)
    for line in lines:
        record = line.stockrecord
        if record is None or record.num_in_stock is None:
            continue
        if record.is_allocation_consumption_possible(line.quantity):
            record.consume_allocation(line.quantity)
