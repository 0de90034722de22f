"""Expiry and reminders: ``manage.py fulfilment_expire`` and its django-tasks task."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from fulfilment import services
from fulfilment.models import Fulfilment
from fulfilment.states import FulfilmentStatus
from fulfilment.tasks import fulfilments_housekeeping_task
from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import basket_with, windows_for


@pytest.fixture
def overdue(db, django_capture_on_commit_callbacks):
    """A part whose pickup window ended well over its shop's collection days ago."""
    from decimal import Decimal

    from oscar.test.factories import create_order

    shop = VendorFactory(name="Blumen Rosa", collect_within_days=2)
    roses = product_of(shop, title="Rosen", stock__num_in_stock=5, stock__price=Decimal("3.00"))
    order = create_order(basket=basket_with((roses, 3)), guest_email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        (part,) = services.fulfilments_create(
            order=order, windows=windows_for(shop, starts=timezone.now() - timedelta(days=4))
        )
    services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=shop)
    mail.outbox.clear()
    return part, roses.stockrecords.get()


def run_command(capture):
    out = StringIO()
    with capture(execute=True):
        call_command("fulfilment_expire", stdout=out)
    return out.getvalue()


def test_an_overdue_part_expires_once(overdue, django_capture_on_commit_callbacks):
    part, record = overdue
    assert record.num_allocated == 3
    assert "expired: 1" in run_command(django_capture_on_commit_callbacks)
    part.refresh_from_db()
    record.refresh_from_db()
    assert part.status == FulfilmentStatus.EXPIRED
    assert (record.num_in_stock, record.num_allocated) == (5, 0)  # the allocation is released
    to_resident = [message for message in mail.outbox if message.to == ["anna@example.org"]]
    to_shop = [message for message in mail.outbox if message.to == [part.vendor.email]]
    assert len(to_resident) == 1 and len(to_shop) == 1
    assert "verfallen" in to_resident[0].subject and "Rosen" in to_resident[0].body
    assert "Rosen" in to_shop[0].body and part.reference in to_shop[0].subject

    assert "expired: 0" in run_command(django_capture_on_commit_callbacks)  # again: nothing more
    part.refresh_from_db()
    record.refresh_from_db()
    assert part.status == FulfilmentStatus.EXPIRED
    assert (record.num_in_stock, record.num_allocated) == (5, 0)
    assert len(mail.outbox) == 2


def test_parts_still_in_time_stay(overdue, django_capture_on_commit_callbacks):
    part, _record = overdue
    Fulfilment.objects.filter(pk=part.pk).update(collect_by=timezone.now() + timedelta(days=3))
    assert "expired: 0, reminded: 0" in run_command(django_capture_on_commit_callbacks)
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.READY
    assert mail.outbox == []


def test_a_ready_part_due_within_a_day_is_reminded_once(
    overdue, django_capture_on_commit_callbacks
):
    part, _record = overdue
    Fulfilment.objects.filter(pk=part.pk).update(collect_by=timezone.now() + timedelta(hours=20))
    assert "reminded: 1" in run_command(django_capture_on_commit_callbacks)
    assert "reminded: 0" in run_command(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    reminder = mail.outbox[0]
    assert reminder.to == ["anna@example.org"] and "Erinnerung" in reminder.subject
    assert "Rosen" in reminder.body
    part.refresh_from_db()
    assert part.reminded_at is not None and part.status == FulfilmentStatus.READY


def test_parts_not_ready_get_no_reminder(db, two_shop_order, django_capture_on_commit_callbacks):
    _order, parts, _vendors, _products = two_shop_order
    Fulfilment.objects.update(collect_by=timezone.now() + timedelta(hours=2))
    assert "reminded: 0" in run_command(django_capture_on_commit_callbacks)
    assert not Fulfilment.objects.filter(reminded_at__isnull=False).exists()


def test_the_task_runs_on_the_configured_backend(overdue, django_capture_on_commit_callbacks):
    part, _record = overdue
    with django_capture_on_commit_callbacks(execute=True):
        result = fulfilments_housekeeping_task.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL  # the immediate backend of the settings
    assert result.return_value == {"expired": 1, "reminded": 0, "confirmed": 0}
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.EXPIRED
    assert len(mail.outbox) == 2


def test_a_confirmation_lost_to_a_crash_is_sent_by_the_next_run_once(
    db, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from django.utils import translation
    from oscar.test.factories import create_order

    from fulfilment.notifications import order_placed_notify
    from fulfilment.tasks import fulfilments_housekeeping

    shop = VendorFactory(name="Buchhandlung am Markt")
    book = product_of(shop, title="Der Roman", stock__num_in_stock=5, stock__price=Decimal("9"))
    order = create_order(basket=basket_with((book, 1)), guest_email="anna@example.org")
    services.fulfilments_create(order=order, windows=windows_for(shop))
    # The placing request records the language, then dies before its mail task runs.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=False):
        order_placed_notify(order=order)
    assert mail.outbox == []

    # Not yet: the request's own task may still be on its way.
    assert fulfilments_housekeeping().confirmed == 0
    later = timezone.now() + timedelta(minutes=6)
    assert fulfilments_housekeeping(now=later).confirmed == 1
    (confirmation,) = mail.outbox
    assert confirmation.to == ["anna@example.org"]
    assert confirmation.subject.startswith("Your order")  # the language the resident ordered in
    assert fulfilments_housekeeping(now=later).confirmed == 0  # once
    assert len(mail.outbox) == 1
