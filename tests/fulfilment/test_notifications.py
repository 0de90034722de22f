"""Mails about orders and parts: what the law asks for, the resident's language, once each."""

import re
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from fulfilment import notifications, services
from fulfilment.links import order_number_from_token
from fulfilment.models import FulfilmentEvent
from fulfilment.selectors import pickup_code_for
from fulfilment.states import FulfilmentStatus
from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import windows_for

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Selector = get_class("partner.strategy", "Selector")
CommunicationEvent = get_model("order", "CommunicationEvent")


def basket_with(*items):
    """A basket priced by the marketplace's strategy (gross prices with VAT by category)."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def _shops_and_order(**order_kwargs):
    bakery = VendorFactory(
        name="Bäckerei Kruse",
        legal_name="Bäckerei Kruse e. K.",
        representative="Jana Kruse",
        phone="03562 12345",
        vat_id="DE123456789",
    )
    books = VendorFactory(name="Bücherstube", legal_name="Bücherstube GmbH", vat_id="DE987654321")
    bread = product_of(
        bakery,
        title="Landbrot",
        vat_category="reduced",
        is_perishable=True,
        stock__price=Decimal("4.50"),
        stock__partner_sku="BROT-1",
    )
    novel = product_of(books, title="Der Roman", stock__price=Decimal("19.90"))
    order = create_order(basket=basket_with((bread, 2), (novel, 1)), **order_kwargs)
    return bakery, books, order


@pytest.fixture
def placed(db, django_capture_on_commit_callbacks):
    """A resident's order at a bakery (perishable bread, 7 %) and a bookshop (19 %)."""
    bakery, books, order = _shops_and_order(guest_email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        parts = services.fulfilments_create(order=order, windows=windows_for(bakery, books))
    mail.outbox.clear()
    return order, {part.vendor.name: part for part in parts}


def order_number_in_link(body):
    """The order number the order-page link in a mail body points to."""
    token = re.search(r"http://127\.0\.0\.1:8000/bestellung/([^/\s\"]+)/", body).group(1)
    return order_number_from_token(token)


def confirm(order, capture, language="de"):
    with translation.override(language), capture(execute=True):
        notifications.order_placed_notify(order=order)


def bodies(message):
    return message.body, message.alternatives[0][0]


def test_the_confirmation_has_what_the_law_asks_for(placed, django_capture_on_commit_callbacks):
    order, parts = placed
    confirm(order, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert str(order.number) in message.subject
    for body in bodies(message):
        for text in (
            # each shop's identity (Impressum)
            "Bäckerei Kruse e. K.", "Jana Kruse", "03562 12345", "DE123456789",
            "Bücherstube GmbH", "DE987654321", "Cottbuser Straße 1", "03149 Forst (Lausitz)",
            # items with prices, gross total incl. VAT, VAT per rate, payment method
            "Landbrot", "BROT-1", "9,00", "Der Roman", "19,90", "28,90", "inkl. MwSt.",
            "0,59", "3,18", "Bezahlen bei Abholung",
            # the withdrawal policy and the perishables it excludes
            "http://127.0.0.1:8000/widerruf/", "Schnell verderbliche Waren",
        ):  # fmt: skip
            assert text in body, text
        for part in parts.values():
            assert pickup_code_for(part) in body
            assert timezone.localtime(part.pickup_starts).strftime("%H:%M") in body
        assert order_number_in_link(body) == str(order.number)
    assert "Landbrot (Bäckerei Kruse)" in message.body  # named as excluded from withdrawal
    assert "Der Roman (Bücherstube)" not in message.body
    assert CommunicationEvent.objects.filter(order=order).count() == 1


def test_the_confirmation_is_sent_once(placed, django_capture_on_commit_callbacks):
    order, _parts = placed
    confirm(order, django_capture_on_commit_callbacks)
    confirm(order, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert CommunicationEvent.objects.filter(order=order).count() == 1


def test_no_confirmation_for_an_order_rolled_back(placed, django_capture_on_commit_callbacks):
    order, _parts = placed
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notifications.order_placed_notify(order=order)
        raise RuntimeError("placing the order failed")
    assert mail.outbox == []


def test_mails_are_in_the_language_the_resident_ordered_in(
    placed, django_capture_on_commit_callbacks
):
    order, parts = placed
    confirm(order, django_capture_on_commit_callbacks, language="en")
    assert "incl. VAT" in mail.outbox[0].body and "inkl. MwSt." not in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Your order")
    # Later mails (sent by shop staff or the scheduler, in German) keep the resident's language.
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_mark_ready(
            fulfilment_id=parts["Bücherstube"].pk, vendor=parts["Bücherstube"].vendor
        )
    assert "is ready for pickup" in mail.outbox[1].body
    assert "incl. VAT" in mail.outbox[1].body


def test_german_is_the_default_language(placed, django_capture_on_commit_callbacks):
    order, _parts = placed
    confirm(order, django_capture_on_commit_callbacks, language="fr")
    assert "inkl. MwSt." in mail.outbox[0].body
    assert notifications.order_language(order) == "de"


def test_each_shop_gets_a_note_on_its_new_part_only(db, django_capture_on_commit_callbacks):
    bakery, books, order = _shops_and_order(guest_email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilments_create(order=order, windows=windows_for(bakery, books))
        services.fulfilments_create(order=order, windows=windows_for(bakery, books))  # again
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert set(by_recipient) == {bakery.email, books.email}
    bakery_note = by_recipient[bakery.email]
    assert "Landbrot" in bakery_note.body and "BROT-1" in bakery_note.body
    for body in bodies(bakery_note):
        assert "Der Roman" not in body and "Bücherstube" not in body
        assert "anna@example.org" not in body
        assert f"/laden/{bakery.slug}/abholungen/" in body


def test_ready_mail_names_the_parts_still_being_prepared(
    placed, django_capture_on_commit_callbacks
):
    order, parts = placed
    bakery_part, books_part = parts["Bäckerei Kruse"], parts["Bücherstube"]
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_mark_ready(fulfilment_id=bakery_part.pk, vendor=bakery_part.vendor)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.reply_to == [bakery_part.vendor.email]
    for body in bodies(message):
        assert "Bäckerei Kruse" in body and pickup_code_for(bakery_part) in body
        assert "Noch in Vorbereitung" in body and "Bücherstube" in body
        assert timezone.localtime(books_part.pickup_starts).strftime("%H:%M") in body
        assert pickup_code_for(books_part) not in body  # each mail carries its own part's code
        assert order_number_in_link(body) == str(order.number)

    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_mark_ready(fulfilment_id=bakery_part.pk, vendor=bakery_part.vendor)
        services.fulfilment_mark_ready(fulfilment_id=books_part.pk, vendor=books_part.vendor)
    assert len(mail.outbox) == 2  # no second mail for the bakery
    second = mail.outbox[1].body
    assert "Ebenfalls abholbereit" in second and "Bäckerei Kruse" in second
    assert "Noch in Vorbereitung" not in second


def test_a_cancelled_part_gets_one_mail_with_reason_and_money(
    placed, django_capture_on_commit_callbacks
):
    _order, parts = placed
    part = parts["Bücherstube"]
    code = pickup_code_for(part)
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_cancel(
            fulfilment_id=part.pk, vendor=part.vendor, reason="Leider ausverkauft"
        )
        services.fulfilment_cancel(fulfilment_id=part.pk, vendor=part.vendor, reason="again")
    assert len(mail.outbox) == 1  # the resident only; a shop is told of expiry, not its own
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    for body in bodies(message):
        assert "Leider ausverkauft" in body
        assert "Der Roman" in body
        assert "nichts zu erstatten" in body  # paid at pickup: nothing was paid online
        assert code not in body  # a closed part's code is no use any more
    assert "Storniert" in message.subject


def test_a_failing_mail_server_does_not_undo_the_move_and_the_mail_can_follow(
    placed, django_capture_on_commit_callbacks
):
    _order, parts = placed
    part = parts["Bücherstube"]
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=part.vendor)
    part.refresh_from_db()
    assert part.status == FulfilmentStatus.READY
    assert not FulfilmentEvent.objects.filter(fulfilment=part, note="mail:part_ready").exists()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.part_ready_notify(fulfilment=part)  # the retry
        notifications.part_ready_notify(fulfilment=part)
    assert len(mail.outbox) == 1


def test_an_order_without_e_mail_sends_nothing(db, django_capture_on_commit_callbacks):
    bakery, books, order = _shops_and_order()
    with django_capture_on_commit_callbacks(execute=True):
        parts = services.fulfilments_create(order=order, windows=windows_for(bakery, books))
    mail.outbox.clear()
    confirm(order, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_mark_ready(fulfilment_id=parts[0].pk, vendor=parts[0].vendor)
    assert mail.outbox == []


def test_site_links_use_the_configured_wagtail_site(placed, django_capture_on_commit_callbacks):
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="marktplatz.forst.de", port=443, root_page=root, is_default_site=True
    )
    order, _parts = placed
    confirm(order, django_capture_on_commit_callbacks)
    assert "https://marktplatz.forst.de/bestellung/" in mail.outbox[0].body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_send_one_mail(on_postgres):
    bakery, books, order = _shops_and_order(guest_email="anna@example.org")
    services.fulfilments_create(order=order, windows=windows_for(bakery, books))
    mail.outbox.clear()
    start = threading.Barrier(2)
    results = []

    def send():
        try:
            start.wait(timeout=30)
            results.append(notifications.order_confirmation_send(order_id=order.pk, language="de"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert CommunicationEvent.objects.filter(order=order).count() == 1


def test_shop_texts_are_inert_in_the_html_mail(placed, django_capture_on_commit_callbacks):
    order, parts = placed
    vendor = parts["Bücherstube"].vendor
    vendor.legal_name = '<img src=x onerror="alert(1)">Bücher & Co'
    vendor.save()
    confirm(order, django_capture_on_commit_callbacks)
    text, html = bodies(mail.outbox[0])
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert '<img src=x onerror="alert(1)">Bücher & Co' in text  # plain text stays as written
