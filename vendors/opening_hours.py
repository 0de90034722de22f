"""When is a shop open? Weekly hours, exceptions (holidays, special hours), public holidays.

Pure functions over already-loaded rows, so that lists of shops can show "open now" without a
query per shop. Times are local (Europe/Berlin). Shops in Brandenburg are closed on Sundays and
public holidays unless an exception opens them (a "verkaufsoffener Sonntag").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# How far ahead to look for the next opening (covers long holidays).
_LOOKAHEAD_DAYS = 60


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, "Meeus/Jones/Butcher")."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays_brandenburg(year: int) -> dict[date, str]:
    """Public holidays in Brandenburg (Feiertagsgesetz Brandenburg), including Easter and
    Whit Sunday, on which shops must stay closed."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Neujahr",
        easter - timedelta(days=2): "Karfreitag",
        easter: "Ostersonntag",
        easter + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        easter + timedelta(days=39): "Christi Himmelfahrt",
        easter + timedelta(days=49): "Pfingstsonntag",
        easter + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 10, 31): "Reformationstag",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time


@dataclass(frozen=True)
class DayHours:
    day: date
    intervals: tuple[Interval, ...]
    note: str = ""

    @property
    def is_closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class OpeningState:
    is_open: bool
    closes_at: datetime | None  # when open: the end of the current interval
    next_opening: datetime | None  # when closed: the start of the next interval, if any


def hours_on(day: date, weekly: Sequence, exceptions: Iterable) -> DayHours:
    """Opening intervals on one day: an exception wins over public holidays over weekly hours."""
    for exc in exceptions:
        if exc.start_date <= day <= exc.end_date:
            if exc.opens is None:
                return DayHours(day, (), exc.note)
            return DayHours(day, (Interval(exc.opens, exc.closes),), exc.note)
    holiday = public_holidays_brandenburg(day.year).get(day)
    if holiday:
        return DayHours(day, (), holiday)
    intervals = sorted(
        (Interval(row.opens, row.closes) for row in weekly if row.weekday == day.weekday()),
        key=lambda interval: interval.opens,
    )
    return DayHours(day, tuple(intervals))


def opening_state(
    weekly: Sequence, exceptions: Sequence, at: datetime | None = None
) -> OpeningState:
    """Whether the shop is open at ``at`` (default: now) and when that changes."""
    tz = timezone.get_current_timezone()
    now = timezone.localtime(at or timezone.now(), tz)
    weekly, exceptions = list(weekly), list(exceptions)
    for offset in range(_LOOKAHEAD_DAYS):
        day = now.date() + timedelta(days=offset)
        for interval in hours_on(day, weekly, exceptions).intervals:
            start = datetime.combine(day, interval.opens, tzinfo=tz)
            end = datetime.combine(day, interval.closes, tzinfo=tz)
            if start <= now < end:
                return OpeningState(True, end, None)
            if start > now:
                return OpeningState(False, None, start)
    return OpeningState(False, None, None)


def week_schedule(
    weekly: Sequence, exceptions: Sequence, start: date, days: int = 7
) -> list[DayHours]:
    """The next ``days`` days from ``start`` with their real hours (for a shop page)."""
    weekly, exceptions = list(weekly), list(exceptions)
    return [hours_on(start + timedelta(days=n), weekly, exceptions) for n in range(days)]
