"""The life of a shop's part of an order, and how the order's status follows from its parts.

A part moves only forward along ``TRANSITIONS``; everything that changes a part's status goes
through ``fulfilment.services`` and is checked against this table, so a late or repeated event
(a webhook, a double click) can never move a part backwards.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FulfilmentStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    ACCEPTED = "accepted", _("Accepted by the shop")
    READY = "ready", _("Ready for pickup")
    COLLECTED = "collected", _("Collected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Not collected in time")


S = FulfilmentStatus
OPEN = frozenset({S.PLACED, S.ACCEPTED, S.READY})
FINAL = frozenset({S.COLLECTED, S.CANCELLED, S.EXPIRED})
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLACED: frozenset({S.ACCEPTED, S.READY, S.CANCELLED, S.EXPIRED}),
    S.ACCEPTED: frozenset({S.READY, S.CANCELLED, S.EXPIRED}),
    S.READY: frozenset({S.COLLECTED, S.CANCELLED, S.EXPIRED}),
    S.COLLECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
}
# Oscar's Line.status is free text: lines carry their part's status code ("ready"), so the
# value never depends on the language active when it was written.
LINE_STATUS = {status: status.value for status in S}


class OrderStatus(models.TextChoices):
    """The Oscar order's status, derived from its parts (``order_status_for``)."""

    PLACED = "placed", _("Placed")
    IN_PROGRESS = "in_progress", _("Being prepared")
    READY = "ready", _("Ready for pickup")
    PARTLY_COLLECTED = "partly_collected", _("Partly collected")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS[current]


def order_status_for(part_statuses: list[str]) -> str:
    """The order's status from its parts' statuses.

    * all parts cancelled or expired -> cancelled
    * every part final, at least one collected -> completed
    * some collected, others still open -> partly collected
    * every open part ready -> ready
    * any part accepted or ready -> in progress
    * otherwise placed
    """
    statuses = set(part_statuses)
    if not statuses:
        return OrderStatus.PLACED
    if statuses <= {S.CANCELLED, S.EXPIRED}:
        return OrderStatus.CANCELLED
    if statuses <= FINAL:
        return OrderStatus.COMPLETED
    if S.COLLECTED in statuses:
        return OrderStatus.PARTLY_COLLECTED
    open_statuses = statuses & OPEN
    if open_statuses == {S.READY}:
        return OrderStatus.READY
    if open_statuses & {S.ACCEPTED, S.READY}:
        return OrderStatus.IN_PROGRESS
    return OrderStatus.PLACED
