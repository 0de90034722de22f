"""Pickup times at checkout: the slots each shop of a basket offers, and the resident's choice.

Reads only. For each shop of the basket, in the order the shops first appear in it:

* the earliest ready time: ``fulfilment.slots.earliest_ready`` with the shop's preparation time,
  the latest over the pickup SLAs of the shop's stock records in the basket;
* its slots from then on (``fulfilment.slots.pickup_slots``): the shop's opening hours and
  exceptions, its slot length and ``pickup_days_ahead``; with a ``pickup_slot_capacity``, the
  slots already booked full (open parts per slot start) are left out.

``basket_pickup_shops(lock=True)``, inside the order-placing transaction, locks the shops' rows
first (primary-key order, before any stock record is locked), so two orders cannot both take the
last place of a slot and the slots are checked against what is committed at that moment.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from fulfilment.models import Fulfilment
from fulfilment.services import PickupWindow
from fulfilment.slots import (
    SLA_DAYS,
    CommonWindow,
    Slot,
    common_windows,
    earliest_ready,
    pickup_slots,
    slot_is_offered,
)
from fulfilment.states import OPEN
from vendors.models import OpeningException, OpeningHours, Vendor

# A pickup SLA this module does not know (an import gone wrong) counts as the slowest one.
_SLOWEST_SLA = max(SLA_DAYS, key=SLA_DAYS.__getitem__)


@dataclass
class ShopPickup:
    """One shop of the basket: its lines and the pickup slots it offers for them."""

    vendor: Vendor
    lines: list = field(default_factory=list)
    earliest: datetime | None = None
    slots: list[Slot] = field(default_factory=list)

    def slot_for(self, key: str | None) -> Slot | None:
        """The offered slot with this key (``Slot.key``), or None (unknown, gone, garbage)."""
        if not key:
            return None
        try:
            starts = datetime.fromisoformat(key)
        except (TypeError, ValueError):
            return None
        if timezone.is_naive(starts):
            return None
        return slot_is_offered(slot_starts=starts, slots=self.slots)

    def days(self) -> list[tuple[date, list[Slot]]]:
        """The slots grouped by local day, in order."""
        grouped: dict[date, list[Slot]] = {}
        for slot in self.slots:
            grouped.setdefault(timezone.localtime(slot.starts).date(), []).append(slot)
        return list(grouped.items())


def _sla(line) -> str:
    sla = line.stockrecord.pickup_sla or ""
    return sla if sla in SLA_DAYS else _SLOWEST_SLA


def basket_pickup_shops(*, basket, now: datetime | None = None, lock: bool = False):
    """The shops of the basket's lines with the slots each offers (see the module docstring).

    Lines without a stock record, or of a partner without a shop, are left out: the basket
    check refuses them before any pickup question is asked.
    """
    now = now or timezone.now()
    lines_by_partner: dict[int, list] = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            continue
        lines_by_partner.setdefault(line.stockrecord.partner_id, []).append(line)
    if not lines_by_partner:
        return []

    vendors = Vendor.objects.filter(partner_id__in=list(lines_by_partner)).order_by("pk")
    if lock:
        vendors = vendors.select_for_update()
    vendors = vendors.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        Prefetch("opening_exceptions", queryset=OpeningException.objects.order_by("start_date")),
    )
    by_partner = {vendor.partner_id: vendor for vendor in vendors}

    taken: dict[int, dict[datetime, int]] = {}
    booked = (
        Fulfilment.objects.filter(
            vendor__in=list(by_partner.values()), status__in=list(OPEN), pickup_starts__gte=now
        )
        .values("vendor_id", "pickup_starts")
        .annotate(count=Count("id"))
    )
    for row in booked:
        taken.setdefault(row["vendor_id"], {})[row["pickup_starts"]] = row["count"]

    shops = []
    for partner_id, lines in lines_by_partner.items():
        vendor = by_partner.get(partner_id)
        if vendor is None:
            continue
        preparation = timedelta(minutes=vendor.pickup_preparation_minutes)
        earliest = max(
            earliest_ready(now=now, preparation=preparation, sla=_sla(line)) for line in lines
        )
        slots = pickup_slots(
            weekly=vendor.opening_hours.all(),
            exceptions=vendor.opening_exceptions.all(),
            earliest=earliest,
            slot_length=timedelta(minutes=vendor.pickup_slot_minutes),
            days_ahead=vendor.pickup_days_ahead,
            capacity=vendor.pickup_slot_capacity,
            taken=taken.get(vendor.pk, {}),
            now=now,
        )
        shops.append(ShopPickup(vendor=vendor, lines=lines, earliest=earliest, slots=slots))
    return shops


def together_windows(shops: list[ShopPickup]) -> list[CommonWindow[int]]:
    """Times in which every shop of the basket has a slot (by vendor id), earliest first."""
    return common_windows(slots_by_shop={shop.vendor.pk: shop.slots for shop in shops})


@dataclass(frozen=True)
class PickupChoice:
    """The stored choice checked against the slots offered now.

    ``slots``: the chosen and still offered slot per vendor id; ``missing``: shops without a
    choice; ``gone``: shops whose chosen slot is no longer offered, with the chosen start.
    """

    slots: dict[int, Slot]
    missing: list[ShopPickup]
    gone: list[tuple[ShopPickup, datetime | None]]

    @property
    def is_complete(self) -> bool:
        return not self.missing and not self.gone

    def windows(self) -> dict[int, PickupWindow]:
        return {vendor: PickupWindow(slot.starts, slot.ends) for vendor, slot in self.slots.items()}


def pickup_choice(*, shops: list[ShopPickup], keys: Mapping[int, str]) -> PickupChoice:
    slots: dict[int, Slot] = {}
    missing: list[ShopPickup] = []
    gone: list[tuple[ShopPickup, datetime | None]] = []
    for shop in shops:
        key = keys.get(shop.vendor.pk)
        if not key:
            missing.append(shop)
            continue
        slot = shop.slot_for(key)
        if slot is None:
            try:
                chosen = datetime.fromisoformat(key)
            except (TypeError, ValueError):
                chosen = None
            gone.append((shop, chosen))
        else:
            slots[shop.vendor.pk] = slot
    return PickupChoice(slots=slots, missing=missing, gone=gone)
