"""Background work on orders and parts (django-tasks: ``settings.TASKS``; the immediate backend
runs a task at once, a queue such as django-tasks-db runs it in a worker).

Arguments are ids and plain strings only (they are stored as JSON by a queue). Every task may run
more than once: the work it calls is idempotent (a mail is sent at most once, a part expires
once), so a retry or a second scheduler run changes nothing more.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task
from oscar.core.loading import get_model

from fulfilment import notifications, selectors, services
from fulfilment.models import Fulfilment

Order = get_model("order", "Order")

REMIND_WITHIN = timedelta(hours=24)


@task()
def order_confirmation_send_task(order_id: int, language: str) -> bool:
    return notifications.order_confirmation_send(order_id=order_id, language=language)


@task()
def part_mail_send_task(fulfilment_id: int, kind: str) -> bool:
    return notifications.part_mail_send(fulfilment_id=fulfilment_id, kind=kind)


@dataclass(frozen=True)
class Housekeeping:
    expired: int
    reminded: int
    confirmed: int = 0


def fulfilments_housekeeping(*, now: datetime | None = None) -> Housekeeping:
    """Expire overdue parts (stock back, money back, the resident and the shop told), remind
    residents of ready parts whose ``collect_by`` is less than 24 hours away (once each), and
    send order confirmations a crash lost (``selectors.confirmations_due``)."""
    now = now or timezone.now()
    expired = services.fulfilments_expire(now=now)
    reminded = 0
    for part in Fulfilment.objects.filter(
        pk__in=selectors.reminders_due(now=now, within=REMIND_WITHIN)
    ):
        notifications.part_reminder_notify(fulfilment=part)
        reminded += 1
    confirmed = 0
    for order_id in selectors.confirmations_due(now=now):
        language = notifications.order_language(Order.objects.get(pk=order_id))
        if notifications.order_confirmation_send(order_id=order_id, language=language):
            confirmed += 1
    return Housekeeping(expired=len(expired), reminded=reminded, confirmed=confirmed)


@task()
def fulfilments_housekeeping_task() -> dict:
    """The scheduled run (e.g. every 15 minutes, see ``manage.py fulfilment_expire``)."""
    result = fulfilments_housekeeping()
    return {"expired": result.expired, "reminded": result.reminded, "confirmed": result.confirmed}


@task()
def withdrawal_mail_send_task(withdrawal_id: int) -> bool:
    return notifications.withdrawal_confirmation_send(withdrawal_id=withdrawal_id)


@task()
def shop_withdrawal_mail_send_task(withdrawal_part_id: int) -> bool:
    return notifications.shop_withdrawal_send(withdrawal_part_id=withdrawal_part_id)
