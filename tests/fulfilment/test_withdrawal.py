"""The withdrawal button ("Vertrag widerrufen", § 356a BGB): without login, two steps, stored
once, confirmed once with date and time, perishables excluded, the shop's "goods returned"."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from oscar.templatetags.currency_filters import currency

from fulfilment import withdrawals
from fulfilment.links import order_page_path, order_token
from fulfilment.models import (
    Fulfilment,
    FulfilmentEvent,
    Invoice,
    InvoiceKind,
    Withdrawal,
    WithdrawalOutcome,
    WithdrawalPart,
)
from fulfilment.states import FulfilmentStatus
from tests.concurrency import at_once
from tests.factories import UserFactory
from tests.fulfilment.conftest import collect, staff_of

pytestmark = pytest.mark.django_db

START = reverse("fulfilment:withdrawal")
REVIEW = reverse("fulfilment:withdrawal_review")
CONFIRM = reverse("fulfilment:withdrawal_confirm")


def en_client(**kwargs):
    return Client(headers={"accept-language": "en"}, **kwargs)


def english_date(value):
    with translation.override("en"):
        return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def hidden(page, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name}"
    return match.group(1)


def lookup(client, order, email="anna@example.org", **extra):
    return client.post(START, {"order_number": order.number, "email": email}, **extra)


def review(client, page, *, parts=(), lines=(), name="Anna Schulze"):
    data = {"identity": hidden(page, "identity"), "name": name}
    data["parts"] = [str(part.pk) for part in parts]
    data["lines"] = [str(line.pk) for line in lines]
    return client.post(REVIEW, data)


def steps(client, order, *, parts=(), lines=()):
    """Step 1 (look-up and choice) and step 2 (the review page): nothing confirmed yet."""
    choose = lookup(client, order)
    assert choose.status_code == 200
    response = review(client, choose.content.decode(), parts=parts, lines=lines)
    assert response.status_code == 200, response.content.decode()
    return response.content.decode()


def confirm(client, review_page, capture):
    with capture(execute=True):
        return client.post(CONFIRM, {"declaration": hidden(review_page, "declaration")})


def state(order):
    """Everything the withdrawal may change."""
    return (
        list(Fulfilment.objects.filter(order=order).order_by("pk").values_list("pk", "status")),
        Withdrawal.objects.count(),
        WithdrawalPart.objects.count(),
        FulfilmentEvent.objects.count(),
        Invoice.objects.count(),
    )


@pytest.fixture
def resident(shops_order, refunds):
    order, parts = shops_order
    mail.outbox.clear()
    return order, parts["Bäckerei Kruse"], parts["Bücherstube"], refunds


# -- reachable without login ----------------------------------------------------------------------


def test_every_page_links_the_withdrawal_button_in_its_footer(resident):
    order, _bakery, _books, _refunds = resident
    for url in (order_page_path(order), START):
        page = en_client().get(url).content.decode()
        footer = page[page.index("<footer") :]
        assert f'href="{START}"' in footer and "Withdraw from contract" in footer
        assert 'href="/widerruf/"' in footer  # the policy stays linked beside it


def test_the_order_page_links_the_withdrawal_with_the_order_known(resident):
    order, _bakery, books, _refunds = resident
    page = en_client().get(order_page_path(order)).content.decode()
    url = reverse("fulfilment:withdrawal_order", kwargs={"token": order_token(order)})
    assert f'href="{url}"' in page
    response = en_client().get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    choose = response.content.decode()
    assert f'name="parts" value="{books.pk}"' in choose  # straight to the choice
    assert (
        Client().get(reverse("fulfilment:withdrawal_order", kwargs={"token": "forged"})).status_code
        == 404
    )


def test_the_start_page_needs_no_login_and_is_not_cached(resident):
    response = en_client().get(START)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'name="order_number"' in page and 'name="email"' in page
    assert "Step 1 of 2" in page


# -- step 1: the order and the choice --------------------------------------------------------------


def test_number_and_e_mail_find_the_order_and_show_what_can_be_withdrawn(resident):
    order, bakery, books, _refunds = resident
    response = lookup(en_client(), order, email="  Anna@Example.ORG ")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="parts" value="{books.pk}"' in page
    # The bakery's part is perishable goods only: shown with the reason, no checkbox.
    assert f'name="parts" value="{bakery.pk}"' not in page
    assert "Landbrot" in page and "§ 312g (2) no. 2 BGB" in page


@pytest.mark.parametrize(
    ("number", "email"),
    [("own", "someone@example.org"), ("999999", "anna@example.org"), ("", "anna@example.org")],
)
def test_a_wrong_pair_gets_one_answer_whether_the_order_exists_or_not(resident, number, email):
    order, _bakery, _books, _refunds = resident
    number = order.number if number == "own" else number
    response = en_client().post(START, {"order_number": number, "email": email})
    assert response.status_code in (400, 422)
    page = response.content.decode()
    assert 'name="identity"' not in page
    if number:
        assert "We could not find an order with this order number and e-mail address" in page


def test_wrong_pairs_from_one_client_lock_the_form(resident, settings):
    order, _bakery, _books, _refunds = resident
    client = en_client()
    for attempt in range(withdrawals.LOOKUP_MAX_FAILURES):
        response = client.post(START, {"order_number": f"9{attempt}", "email": "x@example.org"})
        assert response.status_code == 422
    locked = lookup(client, order)  # the right pair, but too late
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    other = en_client(REMOTE_ADDR="198.51.100.7")
    assert lookup(other, order).status_code == 200  # another client is not locked out


def test_wrong_e_mails_for_one_order_number_lock_it_from_any_client(resident):
    order, _bakery, _books, _refunds = resident
    for attempt in range(withdrawals.LOOKUP_MAX_FAILURES):
        client = en_client(REMOTE_ADDR=f"198.51.100.{attempt + 1}")
        assert lookup(client, order, email=f"guess{attempt}@example.org").status_code == 422
    assert lookup(en_client(REMOTE_ADDR="203.0.113.9"), order).status_code == 429


def test_step_1_alone_changes_nothing(resident):
    order, _bakery, books, refunds = resident
    before = state(order)
    client = en_client()
    review_page = steps(client, order, parts=[books])
    assert "Step 2 of 2" in review_page
    assert "Confirm withdrawal" in review_page
    assert 'action="' + CONFIRM + '"' in review_page
    assert "I, Anna Schulze, hereby withdraw" in review_page
    assert state(order) == before
    assert refunds == [] and mail.outbox == []


def test_nothing_chosen_is_explained(resident):
    order, _bakery, _books, _refunds = resident
    client = en_client()
    choose = lookup(client, order).content.decode()
    response = review(client, choose)
    assert response.status_code == 400
    assert "Please choose what you want to withdraw from." in response.content.decode()


# -- step 2: confirmed, stored once, mailed once -----------------------------------------------


def test_confirming_withdraws_a_part_not_collected_yet(
    resident, django_capture_on_commit_callbacks
):
    order, bakery, books, refunds = resident
    record = books.lines().get(title="Der Roman").stockrecord
    allocated = record.num_allocated
    client = en_client()
    review_page = steps(client, order, parts=[books])
    before = timezone.now()
    response = confirm(client, review_page, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    withdrawal = Withdrawal.objects.get()
    assert before <= withdrawal.declared_at <= timezone.now()
    assert (withdrawal.order, withdrawal.name, withdrawal.email) == (
        order,
        "Anna Schulze",
        "anna@example.org",
    )
    item = withdrawal.parts.get()
    assert (item.fulfilment, item.outcome, item.amount) == (
        books,
        WithdrawalOutcome.CANCELLED,
        books.goods_total,
    )
    assert set(item.lines.all()) == set(books.lines())
    books.refresh_from_db()
    assert books.status == FulfilmentStatus.CANCELLED
    record.refresh_from_db()
    assert record.num_allocated == allocated - 1  # stock released
    assert refunds == [(books.pk, books.goods_total, "withdrawn")]
    bakery.refresh_from_db()
    assert bakery.status == FulfilmentStatus.PLACED  # the other shop's part is untouched

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    local = timezone.localtime(withdrawal.declared_at)
    assert f"at {local:%H:%M}" in receipt.content.decode()


def test_the_confirmation_mail_has_date_and_time_and_goes_once(
    resident, django_capture_on_commit_callbacks
):
    order, _bakery, books, _refunds = resident
    client = en_client()
    confirm(client, steps(client, order, parts=[books]), django_capture_on_commit_callbacks)
    to_resident = [message for message in mail.outbox if message.to == ["anna@example.org"]]
    to_shop = [message for message in mail.outbox if message.to == [books.vendor.email]]
    assert len(to_resident) == 1 and len(to_shop) == 1
    assert len(mail.outbox) == 2  # no cancellation mail besides the confirmation
    message = to_resident[0]
    assert str(order.number) in message.subject and "Withdrawal received" in message.subject
    declared = timezone.localtime(Withdrawal.objects.get().declared_at)
    date = english_date(declared)
    for body in (message.body, message.alternatives[0][0]):
        assert f"on {date} at {declared:%H:%M}" in body, body
        assert "I, Anna Schulze, hereby withdraw" in body
        assert "Der Roman" in body and "Notizbuch" in body
        assert "Bücherstube Forst GmbH" in body
    shop_note = to_shop[0]
    assert books.reference in shop_note.subject
    assert "Der Roman" in shop_note.body and "zurück ins Regal" in shop_note.body
    assert "anna@example.org" not in shop_note.body

    from fulfilment import notifications

    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = Withdrawal.objects.get()
        notifications.withdrawal_received_notify(withdrawal=withdrawal)  # a retry
        notifications.shop_withdrawal_notify(withdrawal_part=withdrawal.parts.get())
    assert len(mail.outbox) == 2


def test_the_confirmation_is_in_german_by_default(resident, django_capture_on_commit_callbacks):
    order, _bakery, books, _refunds = resident
    client = Client()  # no language asked for: German
    page = client.post(START, {"order_number": order.number, "email": "anna@example.org"})
    review_page = review(client, page.content.decode(), parts=[books]).content.decode()
    confirm(client, review_page, django_capture_on_commit_callbacks)
    assert Withdrawal.objects.get().language == "de"
    message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    declared = timezone.localtime(Withdrawal.objects.get().declared_at)
    assert f"{declared:%H:%M}" in message.body and str(declared.year) in message.body


def test_a_double_submit_stores_one_withdrawal(resident, django_capture_on_commit_callbacks):
    order, _bakery, books, refunds = resident
    client = en_client()
    review_page = steps(client, order, parts=[books])
    first = confirm(client, review_page, django_capture_on_commit_callbacks)
    second = confirm(client, review_page, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]  # the second lands on the same receipt
    assert Withdrawal.objects.count() == 1 and WithdrawalPart.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == ["anna@example.org"]]) == 1
    assert refunds == [(books.pk, books.goods_total, "withdrawn")]


def test_a_part_is_withdrawn_from_once(resident, django_capture_on_commit_callbacks):
    order, _bakery, books, _refunds = resident
    client = en_client()
    stale_review = steps(client, order, parts=[books])  # a second tab, same choice
    confirm(client, steps(client, order, parts=[books]), django_capture_on_commit_callbacks)
    response = confirm(client, stale_review, django_capture_on_commit_callbacks)
    assert response.status_code == 409
    assert "cannot be withdrawn from (any more)" in response.content.decode()
    assert Withdrawal.objects.count() == 1
    page = lookup(client, order).content.decode()
    assert f'name="parts" value="{books.pk}"' not in page
    assert "You withdrew from this purchase on" in page


def test_perishables_cannot_be_chosen_even_by_a_crafted_post(
    resident, django_capture_on_commit_callbacks
):
    order, bakery, books, refunds = resident
    before = state(order)
    client = en_client()
    choose = lookup(client, order).content.decode()
    bread = bakery.lines().get()
    for crafted in ({"parts": [bakery]}, {"lines": [bread]}):
        response = review(client, choose, **crafted)
        assert response.status_code in (400, 422)
        assert 'name="declaration"' not in response.content.decode()
    # A declaration cannot be forged either: it is signed.
    good = hidden(steps(client, order, parts=[books]), "declaration")
    tampered = good[:-2] + ("AA" if good[-2:] != "AA" else "BB")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"declaration": tampered})
    assert response.status_code == 400
    assert state(order) == before and refunds == [] and mail.outbox == []


def test_an_expired_step_starts_again_and_changes_nothing(resident, monkeypatch):
    order, _bakery, books, _refunds = resident
    client = en_client()
    review_page = steps(client, order, parts=[books])
    monkeypatch.setattr(withdrawals, "STEP_MAX_AGE", timedelta(seconds=-1))
    response = client.post(CONFIRM, {"declaration": hidden(review_page, "declaration")})
    assert response.status_code == 400
    assert "This page has expired" in response.content.decode()
    assert not Withdrawal.objects.exists()


def test_the_receipt_needs_its_signed_link(resident):
    assert (
        en_client()
        .get(reverse("fulfilment:withdrawal_receipt", kwargs={"token": "1:forged"}))
        .status_code
        == 404
    )


# -- a collected part: goods back to the shop within 14 days ------------------------------------


@pytest.fixture
def collected_books(resident, django_capture_on_commit_callbacks):
    order, bakery, books, refunds = resident
    collect(books, django_capture_on_commit_callbacks)
    collect(bakery, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return order, bakery, books, refunds


def test_of_a_collected_part_the_non_perishable_items_are_withdrawn_and_awaited(
    collected_books, django_capture_on_commit_callbacks
):
    order, bakery, books, refunds = collected_books
    notebook = books.lines().get(title="Notizbuch")
    client = en_client()
    choose = lookup(client, order).content.decode()
    assert f'name="lines" value="{notebook.pk}"' in choose
    bread = bakery.lines().get()
    assert f'name="lines" value="{bread.pk}"' not in choose  # perishable: excluded
    assert "§ 312g (2) no. 2 BGB" in choose  # the bakery's part: perishable goods only
    review_page = review(client, choose, lines=[notebook]).content.decode()
    response = confirm(client, review_page, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    item = WithdrawalPart.objects.get()
    assert item.outcome == WithdrawalOutcome.AWAITING_RETURN
    assert list(item.lines.all()) == [notebook]
    assert item.amount == Decimal("10.00")
    assert item.return_by == item.withdrawal.declared_at + timedelta(days=14)
    books.refresh_from_db()
    assert books.status == FulfilmentStatus.COLLECTED  # nothing moves before the goods are back
    assert refunds == []  # no money before the goods are back
    message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert "Please bring these items back to Bücherstube, Cottbuser Straße 1" in message.body
    assert f"by {english_date(item.return_by)}" in message.body
    shop_note = next(m for m in mail.outbox if m.to == [books.vendor.email])
    assert "Notizbuch" in shop_note.body and "Ware zurückerhalten" in shop_note.body


def test_perishable_items_of_a_collected_part_are_shown_excluded(collected_books):
    order, _bakery, books, _refunds = collected_books
    novel = books.lines().get(title="Der Roman")
    novel.product.is_perishable = True
    novel.product.save()
    notebook = books.lines().get(title="Notizbuch")
    client = en_client()
    choose = lookup(client, order).content.decode()
    assert f'name="lines" value="{notebook.pk}"' in choose
    assert f'name="lines" value="{novel.pk}"' not in choose
    assert "excluded: perishable goods cannot be withdrawn from (§ 312g (2) no. 2 BGB)" in choose
    assert review(client, choose, lines=[novel]).status_code in (400, 422)
    assert not Withdrawal.objects.exists()


def _withdraw_notebook(client, order, books, capture):
    notebook = books.lines().get(title="Notizbuch")
    choose = lookup(client, order).content.decode()
    confirm(client, review(client, choose, lines=[notebook]).content.decode(), capture)
    return notebook


def goods_returned_url(vendor, part):
    return reverse("fulfilment:part_goods_returned", kwargs={"slug": vendor.slug, "pk": part.pk})


def test_goods_returned_refunds_them_and_issues_the_credit_note_once(
    collected_books, django_capture_on_commit_callbacks
):
    order, _bakery, books, refunds = collected_books
    _withdraw_notebook(en_client(), order, books, django_capture_on_commit_callbacks)
    shop = en_client()
    shop.force_login(staff_of(books.vendor))
    parts_url = reverse("fulfilment:shop_parts", kwargs={"slug": books.vendor.slug})
    listing = shop.get(parts_url).content.decode()
    assert goods_returned_url(books.vendor, books) in listing
    assert "Withdrawn: goods to come back" in listing
    response = shop.post(goods_returned_url(books.vendor, books))
    assert response.status_code == 302
    shop.post(goods_returned_url(books.vendor, books))  # a double click
    item = WithdrawalPart.objects.get()
    assert item.outcome == WithdrawalOutcome.RETURNED and item.returned_at is not None
    assert refunds == [(books.pk, Decimal("10.00"), "withdrawn")]
    note = Invoice.objects.get(fulfilment=books, kind=InvoiceKind.CREDIT_NOTE)
    invoice = Invoice.objects.get(fulfilment=books, kind=InvoiceKind.INVOICE)
    assert note.corrects == invoice and note.number == invoice.number + 1
    assert note.snapshot["totals"]["gross"] == "-10.00"
    listing = shop.get(parts_url).content.decode()
    assert goods_returned_url(books.vendor, books) not in listing
    credit_url = reverse(
        "fulfilment:shop_credit_note", kwargs={"slug": books.vendor.slug, "pk": books.pk}
    )
    assert credit_url in listing
    page = shop.get(credit_url).content.decode()
    assert "Invoice correction" in page and note.display_number in page
    assert invoice.display_number in page  # the invoice it corrects
    with translation.override("en"):
        assert currency(Decimal("-10.00")) in page
    order_page = en_client().get(order_page_path(order)).content.decode()
    assert note.display_number in order_page


def test_the_withdrawal_period_ends_14_days_after_the_day_of_collection(collected_books):
    order, _bakery, books, _refunds = collected_books
    zone = timezone.get_default_timezone()
    collected = timezone.make_aware(datetime(2026, 3, 2, 17, 30), zone)
    books.collected_at = collected
    assert books.withdrawal_last_day.isoformat() == "2026-03-16"
    last_minute = timezone.make_aware(
        datetime.combine(books.withdrawal_last_day, time(23, 59)), zone
    )
    assert books.withdrawal_period_open(last_minute)
    assert not books.withdrawal_period_open(last_minute + timedelta(minutes=1))


def test_after_the_period_a_collected_part_is_explained_and_refused(collected_books):
    order, _bakery, books, refunds = collected_books
    Fulfilment.objects.filter(pk=books.pk).update(collected_at=timezone.now() - timedelta(days=16))
    client = en_client()
    choose = lookup(client, order).content.decode()
    assert "The withdrawal period ended on" in choose
    assert 'name="lines"' not in choose
    assert "There is nothing in this order that can still be withdrawn from." in choose
    notebook = books.lines().get(title="Notizbuch")
    assert review(client, choose, lines=[notebook]).status_code in (400, 422)
    assert not Withdrawal.objects.exists() and refunds == []


# -- the shop's action: its own parts only, POST with CSRF, nothing on GET ------------------


def test_another_shop_cannot_take_the_goods_back(
    collected_books, django_capture_on_commit_callbacks
):
    order, bakery, books, refunds = collected_books
    _withdraw_notebook(en_client(), order, books, django_capture_on_commit_callbacks)
    other = en_client()
    other.force_login(staff_of(bakery.vendor))
    for url in (
        goods_returned_url(books.vendor, books),  # shop A's URL
        goods_returned_url(bakery.vendor, books),  # shop A's part through B's URL
    ):
        assert other.post(url).status_code == 404
    assert WithdrawalPart.objects.get().outcome == WithdrawalOutcome.AWAITING_RETURN
    assert refunds == []
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()
    anonymous = Client().post(goods_returned_url(books.vendor, books))
    assert anonymous.status_code == 302
    assert WithdrawalPart.objects.get().outcome == WithdrawalOutcome.AWAITING_RETURN


def test_goods_returned_without_a_withdrawal_is_explained(collected_books):
    _order, _bakery, books, refunds = collected_books
    shop = en_client()
    shop.force_login(staff_of(books.vendor))
    response = shop.post(goods_returned_url(books.vendor, books), follow=True)
    assert "No goods are to come back for this order." in response.content.decode()
    assert refunds == [] and not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()


def test_every_withdrawal_post_needs_csrf_and_get_changes_nothing(
    collected_books, django_capture_on_commit_callbacks
):
    order, _bakery, books, refunds = collected_books
    client = en_client()
    notebook = books.lines().get(title="Notizbuch")
    review_page = review(client, lookup(client, order).content.decode(), lines=[notebook])
    review_page = review_page.content.decode()
    before = state(order)
    strict = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    posts = {
        START: {"order_number": order.number, "email": "anna@example.org"},
        REVIEW: {"identity": hidden(review_page, "identity"), "lines": [notebook.pk]},
        CONFIRM: {"declaration": hidden(review_page, "declaration")},
    }
    for url, data in posts.items():
        assert strict.post(url, data).status_code == 403, url
    for url in (REVIEW, CONFIRM):
        assert strict.get(url).status_code == 405, url
    assert state(order) == before

    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"declaration": hidden(review_page, "declaration")})
    shop = Client(enforce_csrf_checks=True)
    shop.force_login(staff_of(books.vendor))
    url = goods_returned_url(books.vendor, books)
    assert shop.get(url).status_code == 405
    assert shop.post(url).status_code == 403
    assert WithdrawalPart.objects.get().outcome == WithdrawalOutcome.AWAITING_RETURN
    assert refunds == []


# -- the site's navigation --------------------------------------------------------------------


def test_for_shops_is_in_the_navigation_of_shop_staff_only(resident):
    _order, _bakery, books, _refunds = resident
    link = f'href="{reverse("fulfilment:shop_index")}"'
    staff = en_client()
    staff.force_login(staff_of(books.vendor))
    resident_user = en_client()
    resident_user.force_login(UserFactory())
    assert link in staff.get(START).content.decode()
    assert "For shops" in staff.get(START).content.decode()
    assert link not in resident_user.get(START).content.decode()
    assert link not in en_client().get(START).content.decode()


# -- at the same time (PostgreSQL) -----------------------------------------------------------------


def _declaration(order, books, key):
    return withdrawals.Declaration(
        order_number=str(order.number), name="Anna", part_ids=(books.pk,), line_ids=(), key=key
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_store_one_withdrawal_and_cancel_once(on_postgres, resident):
    order, _bakery, books, refunds = resident
    declaration = _declaration(order, books, "same-key")
    results = at_once(
        lambda index: withdrawals.withdrawal_declare(declaration=declaration, language="en"), 4
    )
    assert [result for result in results if isinstance(result, Exception)] == []
    assert len({result.pk for result in results}) == 1
    assert Withdrawal.objects.count() == 1 and WithdrawalPart.objects.count() == 1
    assert refunds == [(books.pk, books.goods_total, "withdrawn")]
    assert len([m for m in mail.outbox if m.to == ["anna@example.org"]]) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_declarations_for_one_part_at_once_let_one_through(on_postgres, resident):
    order, _bakery, books, refunds = resident
    results = at_once(
        lambda index: withdrawals.withdrawal_declare(
            declaration=_declaration(order, books, f"key-{index}"), language="en"
        ),
        2,
    )
    assert sum(isinstance(result, Withdrawal) for result in results) == 1
    assert sum(isinstance(result, withdrawals.WithdrawalError) for result in results) == 1
    assert WithdrawalPart.objects.count() == 1
    assert refunds == [(books.pk, books.goods_total, "withdrawn")]
