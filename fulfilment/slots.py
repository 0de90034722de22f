"""Pickup slots offered at checkout: per shop, and the window common to all shops of a basket.

Pure functions over already-loaded rows (``vendors.models.OpeningHours`` and
``OpeningException`` or anything with the same attributes) and already-counted bookings: no
database access here, so the checkout can compute the slots of every shop in a basket with the
queries it has already made, and compute them again at order time to re-validate the choice.

Times are the shops' local time (``settings.TIME_ZONE``, Europe/Berlin), whatever time zone is
activated for the request. All arithmetic and comparisons are done on UTC instants: Python
compares two datetimes of the same ``ZoneInfo`` by wall clock, which is wrong in the hour that
occurs twice when summer time ends. The datetimes handed out are aware and in local time.
"""

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import product
from typing import Any, Generic, TypeVar

from django.utils import timezone

from vendors.opening_hours import Interval, hours_on

# A last slot of an interval shorter than this is not worth offering.
SHORTEST_SLOT = timedelta(minutes=15)

# Days until a part can be ready at the earliest, per ``StockRecord.pickup_sla``
# (``shop.partner.models.PickupSla``); blank means the shop declared no SLA.
SLA_DAYS: dict[str, int] = {
    "": 0,
    "same_day": 0,
    "next_day": 1,
    "2-day": 2,
    "3-day": 3,
    "4-day": 4,
    "5-day": 5,
    "6-day": 6,
    "multi-week": 14,
}

ShopKey = TypeVar("ShopKey", bound=Hashable)


@dataclass(frozen=True)
class Slot:
    """A pickup slot of one shop: the goods are ready at ``starts``, collected until ``ends``.

    ``remaining`` is how many more orders the slot takes, None when the shop set no capacity.
    Compare slots by instant (``starts.timestamp()``), not with ``==`` on the datetimes alone:
    in the hour that occurs twice in October two different slots show the same wall clock.
    """

    starts: datetime
    ends: datetime
    remaining: int | None = None

    @property
    def key(self) -> str:
        """Stable id for forms: the local start time in ISO 8601 with its UTC offset, which
        ``datetime.fromisoformat`` turns back into ``slot_starts`` for ``slot_is_offered``."""
        return timezone.localtime(self.starts, timezone.get_default_timezone()).isoformat()

    @property
    def length(self) -> timedelta:
        return _utc(self.ends) - _utc(self.starts)


@dataclass(frozen=True)
class CommonWindow(Generic[ShopKey]):
    """A time in which every shop of a basket has a slot: all parts can be collected from
    ``starts`` to ``ends``. ``slots`` names the slot of each shop that contains the window, for
    the checkout to pre-select."""

    starts: datetime
    ends: datetime
    slots: dict[ShopKey, Slot] = field(hash=False)

    @property
    def length(self) -> timedelta:
        return _utc(self.ends) - _utc(self.starts)


def earliest_ready(*, now: datetime, preparation: timedelta, sla: str = "same_day") -> datetime:
    """When a shop's part of an order can be ready for pickup at the earliest.

    ``now`` plus the shop's ``preparation`` time; with an SLA of N days (``next_day`` = 1,
    ``2-day`` = 2 …, ``multi-week`` = 14) not before local midnight starting the Nth day after
    ``now``'s date. The preparation time runs around the clock (closed hours included). An
    unknown SLA raises ``ValueError``; a blank one counts as same day. For a part whose lines
    have different SLAs, take the latest result over its lines.
    """
    _require_aware(value=now, name="now")
    if preparation < timedelta(0):
        raise ValueError("The preparation time must not be negative.")
    try:
        sla_days = SLA_DAYS[sla]
    except KeyError:
        raise ValueError(f"Unknown pickup SLA {sla!r}.") from None
    shop_timezone = timezone.get_default_timezone()
    ready = _utc(now) + preparation
    if sla_days:
        sla_day = _utc(now).astimezone(shop_timezone).date() + timedelta(days=sla_days)
        ready = max(ready, _utc_at(day=sla_day, clock=time(0), shop_timezone=shop_timezone))
    return ready.astimezone(shop_timezone)


def pickup_slots(
    *,
    weekly: Iterable[Any],
    exceptions: Iterable[Any],
    earliest: datetime,
    slot_length: timedelta,
    days_ahead: int,
    capacity: int | None = None,
    taken: Mapping[datetime, int] | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """The pickup slots a shop offers, sorted, from ``earliest`` on.

    ``weekly`` and ``exceptions`` are the shop's loaded opening rows (``vendors.opening_hours``
    decides each day's hours: exceptions, then Brandenburg public holidays, then weekly hours;
    overlapping or touching intervals of a day count as one). Days run from ``earliest``'s local
    date to ``days_ahead`` days after ``now``'s local date, inclusive (``now`` defaults to
    ``earliest``). Each interval is cut into consecutive slots of ``slot_length`` aligned to its
    opening time; a shorter last slot is kept when it is at least 15 minutes long. A slot is
    offered only if it starts at or after ``earliest``, so the goods are ready when it begins.

    With a ``capacity``, ``taken`` counts the orders already booked per slot start (aware
    datetimes, any time zone); full slots are left out and the others report ``remaining``.
    """
    _require_aware(value=earliest, name="earliest")
    if now is not None:
        _require_aware(value=now, name="now")
    if slot_length <= timedelta(0):
        raise ValueError("The slot length must be positive.")
    if days_ahead < 0:
        raise ValueError("days_ahead must not be negative.")
    if capacity is not None and capacity < 0:
        raise ValueError("The capacity must not be negative.")

    shop_timezone = timezone.get_default_timezone()
    weekly_rows, exception_rows = list(weekly), list(exceptions)
    earliest_utc = _utc(earliest)
    taken_by_start = _counts_by_instant(counts=taken or {})
    first_day = earliest_utc.astimezone(shop_timezone).date()
    last_day = _utc(now or earliest).astimezone(shop_timezone).date() + timedelta(days=days_ahead)

    slots: list[Slot] = []
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        intervals = hours_on(day, weekly_rows, exception_rows).intervals
        for opens, closes in _opening_stretches(
            day=day, intervals=intervals, shop_timezone=shop_timezone
        ):
            for starts, ends in _cut(opens=opens, closes=closes, slot_length=slot_length):
                if starts < earliest_utc:
                    continue
                remaining: int | None = None
                if capacity is not None:
                    remaining = capacity - taken_by_start.get(starts, 0)
                    if remaining <= 0:
                        continue
                slots.append(
                    Slot(
                        starts=starts.astimezone(shop_timezone),
                        ends=ends.astimezone(shop_timezone),
                        remaining=remaining,
                    )
                )
    return slots


def slot_is_offered(*, slot_starts: datetime, slots: Sequence[Slot]) -> Slot | None:
    """The slot starting at ``slot_starts`` if it is among ``slots``, else None.

    Re-validation at order time: the caller computes the shop's slots again (with fresh
    exceptions and bookings) and checks that the slot chosen at checkout still exists, e.g. the
    shop has not closed that day nor has the slot filled up meanwhile.
    """
    _require_aware(value=slot_starts, name="slot_starts")
    wanted = _utc(slot_starts)
    for slot in slots:
        if _utc(slot.starts) == wanted:
            return slot
    return None


def common_windows(
    *,
    slots_by_shop: Mapping[ShopKey, Sequence[Slot]],
    minimum: timedelta = timedelta(minutes=30),
    limit: int = 3,
) -> list[CommonWindow[ShopKey]]:
    """The earliest times in which every shop has a slot: the overlap of one slot per shop.

    Each window is the intersection of the slots it names, at least ``minimum`` long; windows
    are sorted by start (longer first at the same start) and no two use the same combination of
    slots (a slot listed twice for a shop counts once). With one shop, its slots at least
    ``minimum`` long are the windows. No shops, a shop without slots, or shops whose slots never
    overlap give an empty list.
    """
    if limit <= 0 or not slots_by_shop:
        return []
    shop_timezone = timezone.get_default_timezone()
    timelines = {shop: _Timeline.of(slots=shop_slots) for shop, shop_slots in slots_by_shop.items()}
    if any(not timeline.slots for timeline in timelines.values()):
        return []

    # A window starts where the latest of its slots starts, so the slot starts are the only
    # candidates; a combination is taken only at its own start, hence never twice.
    candidate_starts = sorted(
        {start for timeline in timelines.values() for start in timeline.starts}
    )
    windows: list[CommonWindow[ShopKey]] = []
    for window_starts in candidate_starts:
        containing = {
            shop: timeline.containing(instant=window_starts) for shop, timeline in timelines.items()
        }
        if any(not shop_slots for shop_slots in containing.values()):
            continue
        found = []
        shops = list(containing)
        for combination in product(*(containing[shop] for shop in shops)):
            if max(_utc(slot.starts) for slot in combination) != window_starts:
                continue
            window_ends = min(_utc(slot.ends) for slot in combination)
            if window_ends - window_starts >= minimum:
                found.append((window_ends, dict(zip(shops, combination, strict=True))))
        found.sort(key=lambda window: window[0], reverse=True)
        for window_ends, chosen in found:
            windows.append(
                CommonWindow(
                    starts=window_starts.astimezone(shop_timezone),
                    ends=window_ends.astimezone(shop_timezone),
                    slots=chosen,
                )
            )
            if len(windows) == limit:
                return windows
    return windows


@dataclass(frozen=True)
class _Timeline:
    """One shop's distinct slots (by instants; the first of equal ones) sorted by start, for
    finding the slots that contain an instant."""

    slots: tuple[Slot, ...]
    starts: tuple[datetime, ...]
    longest: timedelta

    @classmethod
    def of(cls, *, slots: Sequence[Slot]) -> "_Timeline":
        distinct = {(_utc(slot.starts), _utc(slot.ends)): slot for slot in reversed(slots)}
        ordered = tuple(distinct[bounds] for bounds in sorted(distinct))
        return cls(
            slots=ordered,
            starts=tuple(_utc(slot.starts) for slot in ordered),
            longest=max((slot.length for slot in ordered), default=timedelta(0)),
        )

    def containing(self, *, instant: datetime) -> list[Slot]:
        """Slots with ``starts <= instant < ends``."""
        found = []
        index = bisect_right(self.starts, instant) - 1
        while index >= 0 and self.starts[index] > instant - self.longest:
            slot = self.slots[index]
            if _utc(slot.ends) > instant:
                found.append(slot)
            index -= 1
        return found


def _opening_stretches(
    *, day: date, intervals: Iterable[Interval], shop_timezone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """A day's opening intervals as sorted UTC instants, overlapping or touching ones merged."""
    stretches: list[tuple[datetime, datetime]] = []
    bounds = sorted(
        (
            _utc_at(day=day, clock=interval.opens, shop_timezone=shop_timezone),
            _utc_at(day=day, clock=interval.closes, shop_timezone=shop_timezone),
        )
        for interval in intervals
    )
    for opens, closes in bounds:
        if closes <= opens:
            continue
        if stretches and opens <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], closes))
        else:
            stretches.append((opens, closes))
    return stretches


def _cut(
    *, opens: datetime, closes: datetime, slot_length: timedelta
) -> Iterable[tuple[datetime, datetime]]:
    """Consecutive slots of ``slot_length`` from ``opens``; a shorter last one if long enough."""
    starts = opens
    while starts < closes:
        ends = min(starts + slot_length, closes)
        if ends - starts == slot_length or ends - starts >= SHORTEST_SLOT:
            yield starts, ends
        starts = ends


def _utc_at(*, day: date, clock: time, shop_timezone: tzinfo) -> datetime:
    """The UTC instant of a local wall-clock time (one skipped in spring counts as the time
    before the change, i.e. an hour later in summer time; one repeated in autumn as its first)."""
    return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=shop_timezone).astimezone(UTC)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _counts_by_instant(*, counts: Mapping[datetime, int]) -> dict[datetime, int]:
    by_instant: dict[datetime, int] = {}
    for starts, count in counts.items():
        _require_aware(value=starts, name="taken")
        by_instant[_utc(starts)] = by_instant.get(_utc(starts), 0) + count
    return by_instant


def _require_aware(*, value: datetime, name: str) -> None:
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be an aware datetime, got {value!r}.")
