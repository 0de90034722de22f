"""Words for pickup times in the checkout: days, clock times, windows, "everything ready from".

Times are shown in the shops' time zone (``settings.TIME_ZONE``) whatever zone is active.
Load with ``{% load checkout_pickup %}``; the functions serve the views' messages too.
"""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


@register.filter
def pickup_day(value: date | datetime) -> str:
    """ "Saturday, 14.06.2027" (the date in the active language's short format)."""
    day = _local(value).date() if isinstance(value, datetime) else value
    return f"{formats.date_format(day, 'l')}, {formats.date_format(day, 'SHORT_DATE_FORMAT')}"


@register.filter
def pickup_clock(moment: datetime) -> str:
    """A time of day for running text: "10:00" / "10:30" (German: "10 Uhr" / "10:30 Uhr")."""
    local = _local(moment)
    if local.minute == 0:
        return pgettext("time of day on the hour", "%(hour)s:00") % {"hour": local.hour}
    return pgettext("time of day", "%(hour)s:%(minute)s") % {
        "hour": local.hour,
        "minute": f"{local.minute:02d}",
    }


@register.filter
def pickup_window(slot) -> str:
    """ "Saturday, 14.06.2027, 10:00–11:00" for anything with ``starts`` and ``ends``."""
    starts, ends = _local(slot.starts), _local(slot.ends)
    return f"{pickup_day(starts)}, {starts:%H:%M}–{ends:%H:%M}"


@register.filter
def pickup_hours(slot) -> str:
    """ "10:00–11:00" (the day is said elsewhere)."""
    return f"{_local(slot.starts):%H:%M}–{_local(slot.ends):%H:%M}"


def _day_in_text(moment: datetime, now: datetime) -> str:
    day, today = _local(moment).date(), _local(now).date()
    ahead = (day - today).days
    if ahead == 0:
        return _("today")
    if ahead == 1:
        return _("tomorrow")
    if ahead < 7:
        return formats.date_format(day, "l")
    return pickup_day(day)


@register.filter
def together_headline(window, now: datetime | None = None) -> str:
    """ "Everything ready from Saturday 10:00" (German: "Alles abholbereit ab Samstag, 10 Uhr")."""
    now = now or timezone.now()
    return _("Everything ready from %(day)s %(time)s") % {
        "day": _day_in_text(window.starts, now),
        "time": pickup_clock(window.starts),
    }
