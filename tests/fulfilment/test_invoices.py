"""Invoices and credit notes: issued at the handover, numbered gap-free per shop (also under
concurrency, on PostgreSQL), frozen content, never changed, shown only to their order and shop."""

import re
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from oscar.test.factories import create_order

from fulfilment import invoices, services
from fulfilment.links import order_page_path, order_token
from fulfilment.models import (
    Fulfilment,
    Invoice,
    InvoiceImmutable,
    InvoiceKind,
    InvoiceSequence,
)
from fulfilment.selectors import pickup_code_for
from fulfilment.services import FulfilmentError, fulfilments_create
from fulfilment.states import FulfilmentStatus
from tests.concurrency import at_once
from tests.factories import VendorFactory, product_of
from tests.fulfilment.conftest import basket_with, collect, staff_of, windows_for

pytestmark = pytest.mark.django_db


def en_client():
    return Client(headers={"accept-language": "en"})


def invoice_of(part, kind=InvoiceKind.INVOICE):
    return Invoice.objects.get(fulfilment=part, kind=kind)


# -- when and how an invoice is issued -----------------------------------------------------------


def test_the_handover_issues_the_invoice_with_everything_it_prints(shops_order):
    order, parts = shops_order
    part = collect(parts["Bücherstube"])
    invoice = invoice_of(part)
    assert (invoice.vendor, invoice.number, invoice.display_number) == (part.vendor, 1, "OM-000001")
    snapshot = invoice.snapshot
    seller = snapshot["seller"]
    assert (seller["name"], seller["legal_form"], seller["representative"]) == (
        "Bücherstube Forst GmbH",
        "GmbH",
        "Paul Seidel",
    )
    assert (seller["street"], seller["postcode"], seller["city"]) == (
        "Cottbuser Straße 1",
        "03149",
        "Forst (Lausitz)",
    )
    assert seller["vat_id"] == "DE987654321"
    assert (seller["register_court"], seller["register_number"]) == (
        "Amtsgericht Cottbus",
        "HRB 5678",
    )
    assert snapshot["buyer"]["email"] == "anna@example.org"
    assert snapshot["order"]["number"] == str(order.number)
    assert snapshot["order"]["reference"] == part.reference
    assert snapshot["collected_at"] == part.collected_at.isoformat()
    assert snapshot["payment"]["method"] == "pay_at_pickup"
    assert snapshot["payment"]["paid_online"] is False
    assert set(snapshot["payment"]["label"]) == {"de", "en"}
    lines = {line["title"]: line for line in snapshot["lines"]}
    assert set(lines) == {"Der Roman", "Notizbuch"}  # the bakery's bread is not on it
    assert lines["Der Roman"] == {
        "title": "Der Roman",
        "sku": lines["Der Roman"]["sku"],
        "quantity": 1,
        "unit_gross": "19.90",
        "vat_rate": "7",
        "discount": "0.00",
        "line_gross": "19.90",
    }
    assert (lines["Notizbuch"]["quantity"], lines["Notizbuch"]["unit_gross"]) == (2, "5.00")
    assert (lines["Notizbuch"]["vat_rate"], lines["Notizbuch"]["line_gross"]) == ("19", "10.00")


def test_vat_is_broken_down_per_rate_and_adds_up(shops_order):
    _order, parts = shops_order
    part = collect(parts["Bücherstube"])
    snapshot = invoice_of(part).snapshot
    by_rate = {row["rate"]: row for row in snapshot["vat"]}
    assert list(by_rate) == ["19", "7"]  # highest rate first
    assert by_rate["19"] == {"rate": "19", "net": "8.40", "vat": "1.60", "gross": "10.00"}
    assert by_rate["7"] == {"rate": "7", "net": "18.60", "vat": "1.30", "gross": "19.90"}
    assert snapshot["totals"] == {"net": "27.00", "vat": "2.90", "gross": "29.90"}
    assert Decimal(snapshot["totals"]["gross"]) == part.goods_total
    for row in snapshot["vat"]:
        assert Decimal(row["net"]) + Decimal(row["vat"]) == Decimal(row["gross"])


def test_the_invoice_reads_the_same_after_the_shop_and_products_change(shops_order):
    order, parts = shops_order
    part = collect(parts["Bücherstube"])
    before = invoice_of(part).snapshot
    vendor = part.vendor
    vendor.legal_name, vendor.vat_id, vendor.street = "Neuer Name GmbH", "DE000000000", "Weg 9"
    vendor.save()
    part.lines().update(title="Umbenannt")
    response = en_client().get(
        reverse(
            "fulfilment:order_invoice",
            kwargs={"token": order_token(order), "pk": invoice_of(part).pk},
        )
    )
    page = response.content.decode()
    assert invoice_of(part).snapshot == before
    assert "Bücherstube Forst GmbH" in page and "DE987654321" in page and "Der Roman" in page
    assert "Neuer Name" not in page and "Umbenannt" not in page


def test_no_invoice_before_the_handover_and_no_number_used(shops_order):
    _order, parts = shops_order
    part = parts["Bücherstube"]
    with pytest.raises(FulfilmentError):
        invoices.invoice_issue(fulfilment_id=part.pk)
    assert not Invoice.objects.exists()
    assert not InvoiceSequence.objects.filter(vendor=part.vendor, last_number__gt=0).exists()


def test_issuing_again_gives_the_same_invoice(shops_order):
    _order, parts = shops_order
    part = collect(parts["Bücherstube"])
    first = invoice_of(part)
    assert invoices.invoice_issue(fulfilment_id=part.pk) == first
    assert Invoice.objects.count() == 1
    assert InvoiceSequence.objects.get(vendor=part.vendor).last_number == 1


def test_a_handover_whose_invoice_fails_is_rolled_back(shops_order):
    """Same transaction: no collected part without its invoice, no number used."""
    _order, parts = shops_order
    part = parts["Bücherstube"]
    services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=part.vendor)
    record = part.lines().first().stockrecord
    in_stock = record.num_in_stock
    with (
        mock.patch.object(invoices, "_snapshot", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.pickup_code_redeem(vendor=part.vendor, code=pickup_code_for(part))
    part.refresh_from_db()
    record.refresh_from_db()
    assert part.status == FulfilmentStatus.READY and part.collected_at is None
    assert record.num_in_stock == in_stock
    assert not Invoice.objects.exists()
    assert not InvoiceSequence.objects.filter(vendor=part.vendor, last_number__gt=0).exists()
    services.pickup_code_redeem(vendor=part.vendor, code=pickup_code_for(part))  # again
    assert invoice_of(part).number == 1  # no number was lost


def _orders_of(vendor, count):
    product = product_of(vendor, stock__num_in_stock=1000, stock__price=Decimal("3.00"))
    parts = []
    for _index in range(count):
        order = create_order(basket=basket_with((product, 1)), guest_email="r@example.org")
        parts.extend(fulfilments_create(order=order, windows=windows_for(vendor)))
    return parts


def test_numbers_count_up_per_shop_without_gaps_and_credit_notes_share_them(shops_order):
    _order, parts = shops_order
    books = parts["Bücherstube"].vendor
    more = _orders_of(books, 2)
    collect(parts["Bücherstube"])
    collect(parts["Bäckerei Kruse"])
    for part in more:
        collect(part)
    assert [invoice.number for invoice in Invoice.objects.filter(vendor=books)] == [1, 2, 3]
    assert invoice_of(parts["Bäckerei Kruse"]).number == 1  # each shop counts on its own
    note = invoices.credit_note_issue(
        fulfilment_id=more[0].pk,
        lines=list(more[0].lines()),
        declared_at=more[0].collected_at,
    )
    assert note.number == 4 and note.kind == InvoiceKind.CREDIT_NOTE
    assert note.corrects == invoice_of(more[0])
    assert InvoiceSequence.objects.get(vendor=books).last_number == 4


def test_the_credit_note_takes_back_the_lines_with_negative_amounts(shops_order):
    _order, parts = shops_order
    part = collect(parts["Bücherstube"])
    notebook = part.lines().get(title="Notizbuch")
    note = invoices.credit_note_issue(
        fulfilment_id=part.pk, lines=[notebook], declared_at=part.collected_at
    )
    snapshot = note.snapshot
    assert snapshot["kind"] == "credit_note"
    assert snapshot["corrects"]["number"] == invoice_of(part).display_number
    assert [line["title"] for line in snapshot["lines"]] == ["Notizbuch"]
    assert snapshot["lines"][0]["line_gross"] == "-10.00"
    assert snapshot["vat"] == [{"rate": "19", "net": "-8.40", "vat": "-1.60", "gross": "-10.00"}]
    assert snapshot["totals"] == {"net": "-8.40", "vat": "-1.60", "gross": "-10.00"}
    again = invoices.credit_note_issue(
        fulfilment_id=part.pk, lines=[notebook], declared_at=part.collected_at
    )
    assert again == note  # one credit note per part


# -- immutable once issued ------------------------------------------------------------------------


def test_an_issued_invoice_cannot_be_changed_or_deleted_through_the_orm(shops_order):
    _order, parts = shops_order
    invoice = invoice_of(collect(parts["Bücherstube"]))
    stored = (invoice.number, invoice.snapshot, invoice.issued_at)

    invoice.snapshot = {**invoice.snapshot, "totals": {"gross": "0.00"}}
    with pytest.raises(InvoiceImmutable):
        invoice.save()
    with pytest.raises(InvoiceImmutable):
        invoice.delete()
    with pytest.raises(InvoiceImmutable):
        Invoice.objects.filter(pk=invoice.pk).update(number=99)
    with pytest.raises(InvoiceImmutable):
        Invoice.objects.filter(pk=invoice.pk).delete()
    with pytest.raises(InvoiceImmutable):
        Invoice.objects.bulk_update([invoice], ["snapshot"])
    with pytest.raises(InvoiceImmutable):
        parts["Bücherstube"].invoices.update(number=99)

    fresh = Invoice.objects.get(pk=invoice.pk)
    assert (fresh.number, fresh.snapshot, fresh.issued_at) == stored


def test_a_part_with_an_invoice_cannot_be_deleted(shops_order):
    from django.db.models import ProtectedError

    _order, parts = shops_order
    part = collect(parts["Bücherstube"])
    with pytest.raises((ProtectedError, InvoiceImmutable)):
        Fulfilment.objects.filter(pk=part.pk).delete()
    assert Invoice.objects.filter(fulfilment_id=part.pk).exists()


def test_no_two_documents_of_a_shop_share_a_number(shops_order):
    _order, parts = shops_order
    invoice = invoice_of(collect(parts["Bücherstube"]))
    other = _orders_of(invoice.vendor, 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            fulfilment=other,
            vendor=invoice.vendor,
            kind=InvoiceKind.INVOICE,
            number=invoice.number,
            issued_at=invoice.issued_at,
            snapshot={},
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_any_update_of_an_invoice(on_postgres, shops_order):
    from django.db import DatabaseError

    _order, parts = shops_order
    invoice = invoice_of(collect(parts["Bücherstube"]))
    with pytest.raises(DatabaseError, match="immutable"), connection.cursor() as cursor:
        cursor.execute("UPDATE fulfilment_invoice SET number = 99 WHERE id = %s", [invoice.pk])
    assert Invoice.objects.get(pk=invoice.pk).number == invoice.number


# -- concurrency (PostgreSQL) ------------------------------------------------------------------


HANDOVERS = 12


def _ready_parts_of_one_shop(count):
    vendor = VendorFactory()
    parts = _orders_of(vendor, count)
    for part in parts:
        services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=vendor)
    return vendor, [Fulfilment.objects.get(pk=part.pk) for part in parts]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_handovers_at_one_shop_get_unique_gap_free_numbers(on_postgres):
    vendor, parts = _ready_parts_of_one_shop(HANDOVERS)
    codes = [pickup_code_for(part) for part in parts]

    def hand_over(index):
        return services.pickup_code_redeem(vendor=vendor, code=codes[index]).fulfilment.pk

    results = at_once(hand_over, HANDOVERS)
    assert [result for result in results if isinstance(result, Exception)] == []
    numbers = sorted(Invoice.objects.filter(vendor=vendor).values_list("number", flat=True))
    assert numbers == list(range(1, HANDOVERS + 1))
    assert InvoiceSequence.objects.get(vendor=vendor).last_number == HANDOVERS
    assert (
        Invoice.objects.filter(vendor=vendor).values("fulfilment").distinct().count() == HANDOVERS
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_documents_of_a_new_shop_race_for_its_sequence(on_postgres):
    """No sequence row yet: the parallel first issues still get 1..n."""
    vendor, parts = _ready_parts_of_one_shop(6)
    Fulfilment.objects.filter(pk__in=[part.pk for part in parts]).update(
        status=FulfilmentStatus.COLLECTED
    )
    assert not InvoiceSequence.objects.filter(vendor=vendor).exists()
    results = at_once(lambda index: invoices.invoice_issue(fulfilment_id=parts[index].pk), 6)
    assert [result for result in results if isinstance(result, Exception)] == []
    assert sorted(invoice.number for invoice in results) == [1, 2, 3, 4, 5, 6]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_issues_for_one_part_make_one_invoice(on_postgres):
    vendor, parts = _ready_parts_of_one_shop(1)
    Fulfilment.objects.filter(pk=parts[0].pk).update(status=FulfilmentStatus.COLLECTED)
    results = at_once(lambda index: invoices.invoice_issue(fulfilment_id=parts[0].pk), 4)
    assert [result for result in results if isinstance(result, Exception)] == []
    assert len({invoice.pk for invoice in results}) == 1
    assert InvoiceSequence.objects.get(vendor=vendor).last_number == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_sequence_lock_the_same_race_collides(on_postgres, monkeypatch):
    """Negative control: shows that the race test above can fail."""
    vendor, parts = _ready_parts_of_one_shop(4)
    Fulfilment.objects.filter(pk__in=[part.pk for part in parts]).update(
        status=FulfilmentStatus.COLLECTED
    )
    InvoiceSequence.objects.create(vendor=vendor)
    read = threading.Barrier(4)

    def unlocked_draw(*, vendor_id):
        sequence = InvoiceSequence.objects.get(vendor_id=vendor_id)  # no FOR UPDATE
        read.wait(timeout=30)  # everyone has read the same last number
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
        return sequence.last_number

    monkeypatch.setattr(invoices, "_number_draw", unlocked_draw)
    results = at_once(lambda index: invoices.invoice_issue(fulfilment_id=parts[index].pk), 4)
    assert any(isinstance(result, IntegrityError) for result in results), results


# -- who may see a document ------------------------------------------------------------------------


@pytest.fixture
def collected(shops_order, django_capture_on_commit_callbacks):
    order, parts = shops_order
    mail.outbox.clear()
    part = collect(parts["Bücherstube"], django_capture_on_commit_callbacks)
    return order, part, parts["Bäckerei Kruse"], invoice_of(part)


def resident_url(order, invoice):
    return reverse(
        "fulfilment:order_invoice", kwargs={"token": order_token(order), "pk": invoice.pk}
    )


def shop_url(vendor, part, name="shop_invoice"):
    return reverse(f"fulfilment:{name}", kwargs={"slug": vendor.slug, "pk": part.pk})


def test_the_resident_opens_the_printable_invoice_from_the_order_page(collected):
    order, part, _other, invoice = collected
    client = en_client()
    page = client.get(order_page_path(order)).content.decode()
    assert resident_url(order, invoice) in page
    response = client.get(resident_url(order, invoice))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = response.content.decode()
    for text in ("Invoice", "OM-000001", "Bücherstube Forst GmbH", "DE987654321", "HRB 5678",
                 "Der Roman", "Notizbuch", "19 %", "7 %", "29.90", "anna@example.org",
                 str(order.number), "css/invoice.css"):  # fmt: skip
        assert text in page, text
    assert re.search(r"<article[^>]*class=\"invoice\"", page)
    assert "<script" not in page


def test_the_invoice_is_german_by_default(collected):
    order, _part, _other, invoice = collected
    page = Client().get(resident_url(order, invoice)).content.decode()
    assert '<html lang="de"' in page
    assert "29,90" in page  # German number format


def test_another_orders_link_does_not_open_the_invoice(collected):
    order, _part, other_part, invoice = collected
    other_order = create_order(
        basket=basket_with((product_of(other_part.vendor, stock__price=Decimal("1.00")), 1))
    )
    url = reverse(
        "fulfilment:order_invoice", kwargs={"token": order_token(other_order), "pk": invoice.pk}
    )
    assert Client().get(url).status_code == 404
    forged = reverse("fulfilment:order_invoice", kwargs={"token": "forged", "pk": invoice.pk})
    assert Client().get(forged).status_code == 404


def test_the_shop_opens_its_invoice_from_its_list(collected):
    _order, part, _other, invoice = collected
    client = Client()
    client.force_login(staff_of(part.vendor))
    page = client.get(reverse("fulfilment:shop_parts", kwargs={"slug": part.vendor.slug}))
    assert shop_url(part.vendor, part) in page.content.decode()
    response = client.get(shop_url(part.vendor, part))
    assert response.status_code == 200
    assert invoice.display_number in response.content.decode()
    assert client.get(shop_url(part.vendor, part, "shop_credit_note")).status_code == 404
    assert client.post(shop_url(part.vendor, part)).status_code == 405


def test_shop_b_gets_404_on_shop_a_invoice(collected):
    _order, part, other_part, _invoice = collected
    books, bakery = part.vendor, other_part.vendor
    client = Client()
    client.force_login(staff_of(bakery))
    for name in ("shop_invoice", "shop_credit_note"):
        assert client.get(shop_url(books, part, name)).status_code == 404  # A's URL
        assert client.get(shop_url(bakery, part, name)).status_code == 404  # A's part, B's URL
    anonymous = Client().get(shop_url(books, part))
    assert anonymous.status_code == 302 and reverse("customer:login") in anonymous["Location"]


def test_the_collection_mail_carries_the_invoice_link_once(
    collected, django_capture_on_commit_callbacks
):
    order, part, _other, invoice = collected
    mine = [message for message in mail.outbox if message.to == ["anna@example.org"]]
    assert len(mine) == 1
    message = mine[0]
    for body in (message.body, message.alternatives[0][0]):
        assert "http://127.0.0.1:8000" + resident_url(order, invoice) in body
        assert invoice.display_number in body
        assert reverse("fulfilment:withdrawal_order", kwargs={"token": order_token(order)}) in body
    from fulfilment import notifications

    with django_capture_on_commit_callbacks(execute=True):
        notifications.part_collected_notify(fulfilment=part)  # a retry
    assert len([m for m in mail.outbox if m.to == ["anna@example.org"]]) == 1
