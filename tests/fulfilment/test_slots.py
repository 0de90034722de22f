"""Pickup slots (fulfilment.slots): pure functions, no database.

Opening rows are unsaved model instances. Dates are in 2027: Wednesday 9 June is an ordinary
weekday; Easter Sunday (28 March) is also the day summer time starts, Reformation Day
(31 October) the day it ends -- both Sundays and public holidays, so only an exception opens
a shop then.
"""

from datetime import UTC, date, datetime, time, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulfilment.slots import (
    SLA_DAYS,
    Slot,
    common_windows,
    earliest_ready,
    pickup_slots,
    slot_is_offered,
)
from shop.partner.models import PickupSla
from vendors.models import OpeningException, OpeningHours
from vendors.opening_hours import hours_on

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
WEDNESDAY = date(2027, 6, 9)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def weekly(*rows: tuple[int, tuple[int, int], tuple[int, int]]) -> list[OpeningHours]:
    return [
        OpeningHours(weekday=weekday, opens=time(*opens), closes=time(*closes))
        for weekday, opens, closes in rows
    ]


def weekdays(opens: tuple[int, int], closes: tuple[int, int], days=range(6)) -> list[OpeningHours]:
    """The same hours on several weekdays (default Monday to Saturday)."""
    return weekly(*[(day, opens, closes) for day in days])


def closed(start: date, end: date | None = None, note: str = "") -> OpeningException:
    return OpeningException(start_date=start, end_date=end or start, note=note)


def special(day: date, opens: tuple[int, int], closes: tuple[int, int]) -> OpeningException:
    return OpeningException(start_date=day, end_date=day, opens=time(*opens), closes=time(*closes))


def local_clock(slots: list[Slot]) -> list[tuple[str, str]]:
    return [(f"{slot.starts:%H:%M}", f"{slot.ends:%H:%M}") for slot in slots]


def utc_offsets(slots: list[Slot]) -> set[timedelta | None]:
    return {slot.starts.utcoffset() for slot in slots}


def real_lengths(slots: list[Slot]) -> set[timedelta]:
    return {slot.ends.astimezone(UTC) - slot.starts.astimezone(UTC) for slot in slots}


NINE_TO_SIX = weekdays((9, 0), (18, 0))
WITH_LUNCH_BREAK = weekdays((9, 0), (13, 0)) + weekdays((14, 0), (18, 0))


# --- earliest_ready --------------------------------------------------------------------------


def test_same_day_is_now_plus_preparation():
    ready = earliest_ready(now=at(WEDNESDAY, 9, 10), preparation=timedelta(minutes=120))
    assert ready == at(WEDNESDAY, 11, 10)
    assert ready.tzinfo == BERLIN


def test_blank_sla_counts_as_same_day():
    now = at(WEDNESDAY, 9, 10)
    assert earliest_ready(now=now, preparation=HOUR, sla="") == now + HOUR


@pytest.mark.parametrize(
    ("sla", "ready"),
    [
        ("next_day", at(date(2027, 6, 10), 0)),
        ("2-day", at(date(2027, 6, 11), 0)),
        ("6-day", at(date(2027, 6, 15), 0)),
        ("multi-week", at(date(2027, 6, 23), 0)),
    ],
)
def test_sla_is_not_before_midnight_of_the_nth_day(sla, ready):
    assert earliest_ready(now=at(WEDNESDAY, 9, 10), preparation=HOUR, sla=sla) == ready


def test_preparation_longer_than_the_sla_wins():
    ready = earliest_ready(now=at(WEDNESDAY, 22, 0), preparation=timedelta(hours=3), sla="next_day")
    assert ready == at(date(2027, 6, 10), 1, 0)


def test_preparation_is_real_time_across_the_spring_change():
    # 01:30 CET plus two real hours is 04:30 CEST (02:00-03:00 does not exist that night).
    now = at(date(2027, 3, 28), 1, 30)
    assert earliest_ready(now=now, preparation=timedelta(hours=2)) == at(date(2027, 3, 28), 4, 30)


def test_every_declared_sla_is_known_and_unknown_ones_are_refused():
    assert {str(choice) for choice in PickupSla.values} <= set(SLA_DAYS)
    with pytest.raises(ValueError, match="Unknown pickup SLA"):
        earliest_ready(now=at(WEDNESDAY, 9), preparation=HOUR, sla="someday")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        earliest_ready(now=datetime(2027, 6, 9, 9), preparation=HOUR)
    with pytest.raises(ValueError, match="aware"):
        pickup_slots(
            weekly=NINE_TO_SIX,
            exceptions=[],
            earliest=datetime(2027, 6, 9, 9),
            slot_length=HOUR,
            days_ahead=0,
        )


# --- pickup_slots: preparation, alignment, breaks --------------------------------------------


def test_preparation_pushes_the_first_slot_to_the_next_aligned_start():
    earliest = earliest_ready(now=at(WEDNESDAY, 9, 10), preparation=timedelta(minutes=120))
    slots = pickup_slots(
        weekly=NINE_TO_SIX, exceptions=[], earliest=earliest, slot_length=HOUR, days_ahead=0
    )
    assert local_clock(slots) == [(f"{h:02}:00", f"{h + 1:02}:00") for h in range(12, 18)]
    assert all(slot.starts.date() == WEDNESDAY for slot in slots)
    assert at(WEDNESDAY, 11, 10) not in {slot.starts for slot in slots}


def test_lunch_break_splits_the_slots():
    slots = pickup_slots(
        weekly=WITH_LUNCH_BREAK,
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=timedelta(minutes=90),
        days_ahead=0,
    )
    assert local_clock(slots) == [
        ("09:00", "10:30"),
        ("10:30", "12:00"),
        ("12:00", "13:00"),
        ("14:00", "15:30"),
        ("15:30", "17:00"),
        ("17:00", "18:00"),
    ]


@pytest.mark.parametrize(
    ("closes", "last_slot"),
    [
        ((10, 10), ("09:00", "10:00")),  # 10 minutes left: dropped
        ((10, 14), ("09:00", "10:00")),  # 14 minutes left: dropped
        ((10, 15), ("10:00", "10:15")),  # 15 minutes left: kept
        ((10, 40), ("10:00", "10:40")),
    ],
)
def test_a_short_last_slot_needs_fifteen_minutes(closes, last_slot):
    slots = pickup_slots(
        weekly=weekdays((9, 0), closes),
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=0,
    )
    assert local_clock(slots)[-1] == last_slot


def test_overlapping_rows_of_a_day_are_one_opening_stretch():
    hours = weekdays((9, 0), (13, 0)) + weekdays((12, 0), (15, 0))
    slots = pickup_slots(
        weekly=hours,
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=2 * HOUR,
        days_ahead=0,
    )
    assert local_clock(slots) == [("09:00", "11:00"), ("11:00", "13:00"), ("13:00", "15:00")]


# --- pickup_slots: SLA and closed days -------------------------------------------------------


def test_next_day_offers_nothing_today():
    now = at(WEDNESDAY, 9, 10)
    earliest = earliest_ready(now=now, preparation=HOUR, sla="next_day")
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=earliest,
        slot_length=HOUR,
        days_ahead=3,
        now=now,
    )
    assert slots
    assert WEDNESDAY not in {slot.starts.date() for slot in slots}
    assert slots[0].starts == at(date(2027, 6, 10), 9)


def test_two_day_sla_skips_two_days():
    now = at(WEDNESDAY, 9, 10)
    earliest = earliest_ready(now=now, preparation=HOUR, sla="2-day")
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=earliest,
        slot_length=HOUR,
        days_ahead=3,
        now=now,
    )
    assert slots[0].starts == at(date(2027, 6, 11), 9)  # Friday
    assert {slot.starts.date() for slot in slots} == {date(2027, 6, 11), date(2027, 6, 12)}


def test_saturday_afternoon_next_day_over_easter_gets_tuesday():
    # Saturday 27 March 2027; Sunday is Easter Sunday, Monday Easter Monday.
    now = at(date(2027, 3, 27), 15)
    earliest = earliest_ready(now=now, preparation=HOUR, sla="next_day")
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=earliest,
        slot_length=HOUR,
        days_ahead=3,
        now=now,
    )
    assert slots[0].starts == at(date(2027, 3, 30), 9)
    assert slots[0].starts.utcoffset() == 2 * HOUR  # summer time by then
    assert {slot.starts.date() for slot in slots} == {date(2027, 3, 30)}


def test_sunday_without_hours_offers_nothing():
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=at(date(2027, 6, 12), 18),  # Saturday
        slot_length=HOUR,
        days_ahead=1,
    )
    assert slots == []


def test_a_closed_exception_offers_nothing_that_day():
    holidays = closed(date(2027, 6, 10), date(2027, 6, 11), note="Betriebsferien")
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[holidays],
        earliest=at(WEDNESDAY, 17),
        slot_length=HOUR,
        days_ahead=3,
    )
    assert {slot.starts.date() for slot in slots} == {WEDNESDAY, date(2027, 6, 12)}


def test_special_hours_replace_the_weekly_hours_that_day():
    late_night_shopping = special(WEDNESDAY, (10, 0), (22, 0))
    slots = pickup_slots(
        weekly=WITH_LUNCH_BREAK,
        exceptions=[late_night_shopping],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=1,
    )
    wednesday = [slot for slot in slots if slot.starts.date() == WEDNESDAY]
    thursday = [slot for slot in slots if slot.starts.date() == date(2027, 6, 10)]
    assert local_clock(wednesday) == [(f"{h:02}:00", f"{h + 1:02}:00") for h in range(10, 22)]
    assert local_clock(thursday)[0] == ("09:00", "10:00")
    assert ("13:00", "14:00") not in local_clock(thursday)


# --- pickup_slots: capacity and horizon ------------------------------------------------------


def test_full_slots_vanish_and_the_others_report_what_remains():
    taken = {
        at(WEDNESDAY, 9): 2,
        at(WEDNESDAY, 10).astimezone(UTC): 1,  # bookings as read from the database, in UTC
        at(WEDNESDAY, 11): 3,  # overbooked by hand: still full
    }
    slots = pickup_slots(
        weekly=weekdays((9, 0), (13, 0)),
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=0,
        capacity=2,
        taken=taken,
    )
    assert [(f"{slot.starts:%H:%M}", slot.remaining) for slot in slots] == [
        ("10:00", 1),
        ("12:00", 2),
    ]


def test_without_capacity_nothing_is_full():
    slots = pickup_slots(
        weekly=weekdays((9, 0), (13, 0)),
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=0,
        taken={at(WEDNESDAY, 9): 50},
    )
    assert len(slots) == 4
    assert {slot.remaining for slot in slots} == {None}


@pytest.mark.parametrize(
    ("days_ahead", "days"),
    [(0, [WEDNESDAY]), (2, [WEDNESDAY, date(2027, 6, 10), date(2027, 6, 11)])],
)
def test_days_ahead_bounds_the_list(days_ahead, days):
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=days_ahead,
    )
    assert sorted({slot.starts.date() for slot in slots}) == days
    assert len(slots) == 9 * len(days)


def test_days_ahead_counts_from_now_not_from_earliest():
    now = at(WEDNESDAY, 9)
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=at(date(2027, 6, 11), 0),
        slot_length=HOUR,
        days_ahead=2,
        now=now,
    )
    assert {slot.starts.date() for slot in slots} == {date(2027, 6, 11)}


# --- pickup_slots: summer time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "offset"), [(date(2027, 3, 28), 2 * HOUR), (date(2027, 10, 31), HOUR)]
)
def test_daytime_slots_on_a_clock_change_day_are_whole_local_hours(day, offset):
    sunday_opening = special(day, (9, 0), (18, 0))
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[sunday_opening],
        earliest=at(day, 0),
        slot_length=HOUR,
        days_ahead=0,
    )
    assert local_clock(slots) == [(f"{h:02}:00", f"{h + 1:02}:00") for h in range(9, 18)]
    assert utc_offsets(slots) == {offset}
    assert real_lengths(slots) == {HOUR}


def test_a_public_holiday_on_a_clock_change_day_is_closed_without_an_exception():
    for day in (date(2027, 3, 28), date(2027, 10, 31)):
        every_day = weekdays((9, 0), (18, 0), days=range(7))
        assert hours_on(day, every_day, []).is_closed
        assert (
            pickup_slots(
                weekly=every_day, exceptions=[], earliest=at(day, 0), slot_length=HOUR, days_ahead=0
            )
            == []
        )


def test_spring_night_skips_the_hour_that_does_not_exist():
    night_market = special(date(2027, 3, 28), (0, 0), (6, 0))  # 5 real hours
    slots = pickup_slots(
        weekly=[],
        exceptions=[night_market],
        earliest=at(date(2027, 3, 28), 0),
        slot_length=HOUR,
        days_ahead=0,
    )
    assert local_clock(slots) == [
        ("00:00", "01:00"),
        ("01:00", "03:00"),
        ("03:00", "04:00"),
        ("04:00", "05:00"),
        ("05:00", "06:00"),
    ]
    assert real_lengths(slots) == {HOUR}


def test_autumn_night_offers_the_repeated_hour_twice_under_distinct_keys():
    night_market = special(date(2027, 10, 31), (0, 0), (6, 0))  # 7 real hours
    slots = pickup_slots(
        weekly=[],
        exceptions=[night_market],
        earliest=at(date(2027, 10, 31), 0),
        slot_length=HOUR,
        days_ahead=0,
    )
    assert [f"{slot.starts:%H:%M%z}" for slot in slots] == [
        "00:00+0200",
        "01:00+0200",
        "02:00+0200",
        "02:00+0100",
        "03:00+0100",
        "04:00+0100",
        "05:00+0100",
    ]
    assert real_lengths(slots) == {HOUR}
    assert len({slot.key for slot in slots}) == len(slots)
    # The second 02:00 is found by its key, not confused with the first.
    second = slot_is_offered(slot_starts=datetime.fromisoformat(slots[3].key), slots=slots)
    assert second is slots[3]


def test_slots_across_the_spring_change_keep_each_days_offset():
    sunday_opening = special(date(2027, 3, 28), (9, 0), (12, 0))
    slots = pickup_slots(
        weekly=weekdays((9, 0), (12, 0)),
        exceptions=[sunday_opening],
        earliest=at(date(2027, 3, 27), 0),
        slot_length=HOUR,
        days_ahead=3,
    )
    by_day = {}
    for slot in slots:
        by_day.setdefault(slot.starts.date(), []).append(slot)
    # Saturday, Sunday (opened by exception), Tuesday; Easter Monday is closed.
    assert sorted(by_day) == [date(2027, 3, 27), date(2027, 3, 28), date(2027, 3, 30)]
    assert utc_offsets(by_day[date(2027, 3, 27)]) == {HOUR}
    assert utc_offsets(by_day[date(2027, 3, 28)]) == {2 * HOUR}
    assert all(local_clock(day_slots)[0] == ("09:00", "10:00") for day_slots in by_day.values())


# --- slot_is_offered --------------------------------------------------------------------------


def test_a_chosen_slot_is_found_again_by_its_key():
    slots = pickup_slots(
        weekly=NINE_TO_SIX,
        exceptions=[],
        earliest=at(WEDNESDAY, 8),
        slot_length=HOUR,
        days_ahead=1,
    )
    chosen = slots[3]
    assert chosen.key == "2027-06-09T12:00:00+02:00"
    assert slot_is_offered(slot_starts=datetime.fromisoformat(chosen.key), slots=slots) == chosen
    assert slot_is_offered(slot_starts=chosen.starts.astimezone(UTC), slots=slots) == chosen


def test_a_slot_of_a_day_the_shop_closed_meanwhile_is_no_longer_offered():
    def slots_with(exceptions):
        return pickup_slots(
            weekly=NINE_TO_SIX,
            exceptions=exceptions,
            earliest=at(WEDNESDAY, 8),
            slot_length=HOUR,
            days_ahead=1,
        )

    chosen = slots_with([])[-1]  # Thursday 17:00
    assert slot_is_offered(slot_starts=chosen.starts, slots=slots_with([])) == chosen
    closed_thursday = slots_with([closed(date(2027, 6, 10), note="Inventur")])
    assert slot_is_offered(slot_starts=chosen.starts, slots=closed_thursday) is None


def test_a_slot_that_filled_up_meanwhile_is_no_longer_offered():
    def slots_with(taken):
        return pickup_slots(
            weekly=NINE_TO_SIX,
            exceptions=[],
            earliest=at(WEDNESDAY, 8),
            slot_length=HOUR,
            days_ahead=0,
            capacity=1,
            taken=taken,
        )

    chosen = slots_with({})[0]
    assert slot_is_offered(slot_starts=chosen.starts, slots=slots_with({})) == chosen
    assert slot_is_offered(slot_starts=chosen.starts, slots=slots_with({chosen.starts: 1})) is None


# --- common_windows ---------------------------------------------------------------------------


def shop_slots(hours, *, now, preparation=timedelta(0), sla="same_day", slot_length=HOUR):
    earliest = earliest_ready(now=now, preparation=preparation, sla=sla)
    return pickup_slots(
        weekly=hours,
        exceptions=[],
        earliest=earliest,
        slot_length=slot_length,
        days_ahead=3,
        now=now,
    )


def test_two_shops_meet_in_the_earliest_time_both_are_ready():
    now = at(WEDNESDAY, 8)
    bakery = shop_slots(weekdays((7, 0), (18, 0)), now=now, slot_length=timedelta(minutes=30))
    bookshop = shop_slots(weekdays((10, 0), (18, 0)), now=now, preparation=timedelta(hours=3))
    windows = common_windows(slots_by_shop={"bakery": bakery, "bookshop": bookshop})
    assert [(window.starts, window.ends) for window in windows] == [
        (at(WEDNESDAY, 11, 0), at(WEDNESDAY, 11, 30)),
        (at(WEDNESDAY, 11, 30), at(WEDNESDAY, 12, 0)),
        (at(WEDNESDAY, 12, 0), at(WEDNESDAY, 12, 30)),
    ]
    first = windows[0]
    assert first.slots["bookshop"].starts == at(WEDNESDAY, 11)
    assert first.slots["bakery"].starts == at(WEDNESDAY, 11)
    assert windows[1].slots["bookshop"] == first.slots["bookshop"]
    assert windows[1].slots["bakery"].starts == at(WEDNESDAY, 11, 30)


def test_shops_that_never_overlap_have_no_common_window():
    now = at(WEDNESDAY, 6)
    mornings = shop_slots(weekdays((7, 0), (12, 0)), now=now)
    afternoons = shop_slots(weekdays((14, 0), (18, 0)), now=now)
    assert mornings and afternoons
    assert common_windows(slots_by_shop={"a": mornings, "b": afternoons}) == []


def test_preparation_into_tomorrow_moves_the_common_window_to_tomorrow():
    now = at(WEDNESDAY, 15)
    bakery = shop_slots(NINE_TO_SIX, now=now)
    butcher = shop_slots(NINE_TO_SIX, now=now, preparation=timedelta(hours=4))
    assert bakery[0].starts.date() == WEDNESDAY
    windows = common_windows(slots_by_shop={"bakery": bakery, "butcher": butcher}, limit=1)
    assert [(window.starts, window.ends) for window in windows] == [
        (at(date(2027, 6, 10), 9), at(date(2027, 6, 10), 10))
    ]


def test_an_overlap_shorter_than_the_minimum_is_no_window():
    a = [Slot(starts=at(WEDNESDAY, 9), ends=at(WEDNESDAY, 10))]
    b = [Slot(starts=at(WEDNESDAY, 9, 45), ends=at(WEDNESDAY, 10, 45))]
    assert common_windows(slots_by_shop={"a": a, "b": b}) == []
    windows = common_windows(slots_by_shop={"a": a, "b": b}, minimum=timedelta(minutes=15))
    assert [(w.starts, w.ends) for w in windows] == [(at(WEDNESDAY, 9, 45), at(WEDNESDAY, 10))]


def test_with_one_shop_its_slots_are_the_windows():
    slots = shop_slots(NINE_TO_SIX, now=at(WEDNESDAY, 8))
    windows = common_windows(slots_by_shop={"bakery": slots}, limit=4)
    assert [(w.starts, w.ends, w.slots) for w in windows] == [
        (slot.starts, slot.ends, {"bakery": slot}) for slot in slots[:4]
    ]


def test_no_shops_or_a_shop_without_slots_has_no_window():
    slots = shop_slots(NINE_TO_SIX, now=at(WEDNESDAY, 8))
    assert common_windows(slots_by_shop={}) == []
    assert common_windows(slots_by_shop={"bakery": slots, "closed": []}) == []


# --- properties -------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, database=None)
DAY_START = datetime(2027, 1, 1, tzinfo=BERLIN)


def as_time(minute: int) -> time:
    return time(minute // 60, minute % 60)


@st.composite
def day_intervals(draw, max_intervals: int = 3) -> list[tuple[time, time]]:
    """Disjoint, non-touching intervals of one day on a 5-minute grid."""
    count = draw(st.integers(min_value=0, max_value=max_intervals))
    points = sorted(
        draw(
            st.sets(st.integers(min_value=0, max_value=287), min_size=2 * count, max_size=2 * count)
        )
    )
    pairs = list(zip(points[::2], points[1::2], strict=True))
    # The points are distinct, so consecutive intervals leave a gap between them.
    return [(as_time(5 * opens), as_time(5 * closes)) for opens, closes in pairs]


def berlin_datetimes(first: datetime, last: datetime) -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=first, max_value=last, timezones=st.just(BERLIN), allow_imaginary=False
    )


# Any time in 2027, or one in the days before a clock change, so that the days offered include it.
earliest_times = st.one_of(
    berlin_datetimes(datetime(2027, 1, 1), datetime(2027, 12, 31, 23, 59)),
    berlin_datetimes(datetime(2027, 3, 22), datetime(2027, 3, 28, 23, 59)),
    berlin_datetimes(datetime(2027, 10, 25), datetime(2027, 10, 31, 23, 59)),
)


@st.composite
def shop_cases(draw):
    """A shop's weekly hours, some exceptions around ``earliest`` (closing a day or opening a
    Sunday or holiday), and ``earliest``."""
    earliest = draw(earliest_times)
    hours = [
        OpeningHours(weekday=weekday, opens=opens, closes=closes)
        for weekday in range(7)
        for opens, closes in draw(day_intervals())
    ]
    exceptions = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = earliest.date() + timedelta(days=draw(st.integers(min_value=-2, max_value=9)))
        end = start + timedelta(days=draw(st.integers(min_value=0, max_value=3)))
        interval = draw(st.one_of(st.none(), day_intervals(max_intervals=1).filter(bool)))
        opens, closes = interval[0] if interval else (None, None)
        exceptions.append(
            OpeningException(start_date=start, end_date=end, opens=opens, closes=closes)
        )
    return hours, exceptions, earliest


slot_lengths = st.integers(min_value=5, max_value=240).map(
    lambda minutes: timedelta(minutes=minutes)
)


def expected_cuts(*, weekly, exceptions, earliest, slot_length, first_day, last_day):
    """Reference: the aligned cuts of every interval, in POSIX seconds."""
    length, shortest = slot_length.total_seconds(), 15 * 60
    cuts = []
    day = first_day
    while day <= last_day:
        for interval in hours_on(day, weekly, exceptions).intervals:
            opens = datetime.combine(day, interval.opens, tzinfo=BERLIN).timestamp()
            closes = datetime.combine(day, interval.closes, tzinfo=BERLIN).timestamp()
            starts = opens
            while starts < closes:
                ends = min(starts + length, closes)
                if starts >= earliest.timestamp() and (
                    ends - starts in (length,) or ends - starts >= shortest
                ):
                    cuts.append((starts, ends))
                starts = ends
        day += timedelta(days=1)
    return sorted(cuts)


@PROPERTY_SETTINGS
@given(
    case=shop_cases(),
    slot_length=slot_lengths,
    days_ahead=st.integers(min_value=0, max_value=9),
)
def test_slots_lie_in_opening_intervals_sorted_disjoint_and_after_earliest(
    case, slot_length, days_ahead
):
    weekly_rows, exception_rows, earliest = case
    slots = pickup_slots(
        weekly=weekly_rows,
        exceptions=exception_rows,
        earliest=earliest,
        slot_length=slot_length,
        days_ahead=days_ahead,
    )
    for slot in slots:
        assert slot.starts.tzinfo == BERLIN and slot.ends.tzinfo == BERLIN
        assert slot.starts.timestamp() >= earliest.timestamp()
        assert timedelta(minutes=min(15, slot_length.total_seconds() / 60)) <= slot.length
        assert slot.length <= slot_length
        day = slot.starts.date()
        assert earliest.date() <= day <= earliest.date() + timedelta(days=days_ahead)
        assert any(
            datetime.combine(day, interval.opens, tzinfo=BERLIN).timestamp()
            <= slot.starts.timestamp()
            < slot.ends.timestamp()
            <= datetime.combine(day, interval.closes, tzinfo=BERLIN).timestamp()
            for interval in hours_on(day, weekly_rows, exception_rows).intervals
        )
    for before, after in zip(slots, slots[1:], strict=False):
        assert before.ends.timestamp() <= after.starts.timestamp()
    assert len({slot.key for slot in slots}) == len(slots)
    # Nothing is skipped either: exactly the aligned cuts of every interval.
    assert [(slot.starts.timestamp(), slot.ends.timestamp()) for slot in slots] == expected_cuts(
        weekly=weekly_rows,
        exceptions=exception_rows,
        earliest=earliest,
        slot_length=slot_length,
        first_day=earliest.date(),
        last_day=earliest.date() + timedelta(days=days_ahead),
    )


@PROPERTY_SETTINGS
@given(
    case=shop_cases(),
    capacity=st.integers(min_value=0, max_value=3),
    bookings=st.lists(st.integers(min_value=0, max_value=200), max_size=30),
)
def test_capacity_leaves_out_exactly_the_full_slots(case, capacity, bookings):
    weekly_rows, exception_rows, earliest = case
    arguments = dict(
        weekly=weekly_rows,
        exceptions=exception_rows,
        earliest=earliest,
        slot_length=timedelta(minutes=30),
        days_ahead=3,
    )
    unlimited = pickup_slots(**arguments)
    taken: dict[datetime, int] = {}
    for booking in bookings:
        if unlimited:
            starts = unlimited[booking % len(unlimited)].starts.astimezone(UTC)
            taken[starts] = taken.get(starts, 0) + 1
    limited = pickup_slots(**arguments, capacity=capacity, taken=taken)
    expected = [
        (slot.starts, capacity - taken.get(slot.starts.astimezone(UTC), 0))
        for slot in unlimited
        if taken.get(slot.starts.astimezone(UTC), 0) < capacity
    ]
    assert [(slot.starts, slot.remaining) for slot in limited] == expected


@st.composite
def shop_slot_lists(draw):
    """1-3 shops, each with a few slots (sometimes overlapping) on a 15-minute grid of a day."""
    shops = {}
    for shop in range(draw(st.integers(min_value=1, max_value=3))):
        slots = []
        for _ in range(draw(st.integers(min_value=0, max_value=6))):
            starts = draw(st.integers(min_value=0, max_value=90))
            length = draw(st.integers(min_value=1, max_value=12))
            slots.append(
                Slot(
                    starts=DAY_START + timedelta(minutes=15 * starts),
                    ends=DAY_START + timedelta(minutes=15 * (starts + length)),
                )
            )
        shops[f"shop-{shop}"] = draw(st.permutations(slots))
    return shops


@PROPERTY_SETTINGS
@given(
    slots_by_shop=shop_slot_lists(),
    minimum=st.integers(min_value=1, max_value=8).map(lambda n: timedelta(minutes=15 * n)),
    limit=st.integers(min_value=1, max_value=5),
)
def test_common_windows_lie_in_every_chosen_slot_and_are_the_earliest(
    slots_by_shop, minimum, limit
):
    windows = common_windows(slots_by_shop=slots_by_shop, minimum=minimum, limit=limit)
    for window in windows:
        assert set(window.slots) == set(slots_by_shop)
        assert window.length >= minimum
        for shop, slot in window.slots.items():
            assert slot in slots_by_shop[shop]
            assert slot.starts <= window.starts < window.ends <= slot.ends
    assert [window.starts for window in windows] == sorted(window.starts for window in windows)
    combinations = [tuple(window.slots[shop] for shop in slots_by_shop) for window in windows]
    assert len(set(combinations)) == len(combinations)
    # Brute force over every combination of one slot per shop.
    every_window = sorted(
        (
            (max(slot.starts for slot in combination), min(slot.ends for slot in combination))
            for combination in product(*(set(slots) for slots in slots_by_shop.values()))
        ),
    )
    long_enough = [(starts, ends) for starts, ends in every_window if ends - starts >= minimum]
    assert [window.starts for window in windows] == [starts for starts, _ in long_enough][:limit]
