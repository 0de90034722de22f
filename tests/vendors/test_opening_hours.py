from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from vendors.opening_hours import (
    easter_sunday,
    hours_on,
    opening_state,
    public_holidays_brandenburg,
    week_schedule,
)

BERLIN = ZoneInfo("Europe/Berlin")


def weekly(*rows):
    return [SimpleNamespace(weekday=d, opens=time(*o), closes=time(*c)) for d, o, c in rows]


def exception(start, end, opens=None, closes=None, note=""):
    return SimpleNamespace(
        start_date=start,
        end_date=end,
        opens=opens and time(*opens),
        closes=closes and time(*closes),
        note=note,
    )


# Mon–Fri 9–13 and 14–18, Sat 9–12.
BAKERY = weekly(
    *[(d, (9, 0), (13, 0)) for d in range(5)],
    *[(d, (14, 0), (18, 0)) for d in range(5)],
    (5, (9, 0), (12, 0)),
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_brandenburg_holidays_include_reformation_day_and_whit_monday():
    holidays = public_holidays_brandenburg(2026)
    assert holidays[date(2026, 10, 31)] == "Reformationstag"
    assert holidays[date(2026, 5, 25)] == "Pfingstmontag"
    assert date(2026, 11, 1) not in holidays  # All Saints is not a holiday in Brandenburg


def test_open_during_an_interval_and_closes_at_its_end():
    state = opening_state(BAKERY, [], datetime(2026, 11, 25, 10, 30, tzinfo=BERLIN))  # Wednesday
    assert state.is_open
    assert state.closes_at == datetime(2026, 11, 25, 13, 0, tzinfo=BERLIN)


def test_lunch_break_is_closed_and_reopens_at_two():
    state = opening_state(BAKERY, [], datetime(2026, 11, 25, 13, 30, tzinfo=BERLIN))
    assert not state.is_open
    assert state.next_opening == datetime(2026, 11, 25, 14, 0, tzinfo=BERLIN)


def test_closing_time_itself_is_closed():
    state = opening_state(BAKERY, [], datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN))  # Saturday
    assert not state.is_open
    assert state.next_opening == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)  # Monday


def test_public_holiday_closes_the_shop():
    # 2026-12-25 is a Friday.
    state = opening_state(BAKERY, [], datetime(2026, 12, 25, 10, 0, tzinfo=BERLIN))
    assert not state.is_open
    assert state.next_opening == datetime(
        2026, 12, 28, 9, 0, tzinfo=BERLIN
    )  # Sat 26th is a holiday too


def test_holiday_exception_closes_and_special_hours_open():
    exceptions = [
        exception(date(2026, 11, 23), date(2026, 11, 27), note="Betriebsferien"),
        exception(date(2026, 11, 28), date(2026, 11, 28), (18, 0), (22, 0), "Einkaufsnacht"),
    ]
    state = opening_state(BAKERY, exceptions, datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN))
    assert not state.is_open
    assert state.next_opening == datetime(2026, 11, 28, 18, 0, tzinfo=BERLIN)
    late = opening_state(BAKERY, exceptions, datetime(2026, 11, 28, 21, 0, tzinfo=BERLIN))
    assert late.is_open


def test_exception_can_open_a_sunday():
    sunday = date(2026, 11, 29)
    exceptions = [exception(sunday, sunday, (13, 0), (18, 0), "Verkaufsoffener Sonntag")]
    assert opening_state(BAKERY, exceptions, datetime(2026, 11, 29, 14, 0, tzinfo=BERLIN)).is_open
    assert hours_on(sunday, BAKERY, []).is_closed


def test_a_shop_without_hours_is_never_open():
    state = opening_state([], [], datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN))
    assert not state.is_open and state.next_opening is None


def test_week_schedule_names_holidays():
    days = week_schedule(BAKERY, [], date(2026, 12, 24))
    assert [d.day.day for d in days] == [24, 25, 26, 27, 28, 29, 30]
    assert days[1].is_closed and days[1].note == "1. Weihnachtstag"
    assert [(i.opens, i.closes) for i in days[0].intervals] == [
        (time(9), time(13)),
        (time(14), time(18)),
    ]
