"""The shop's counter: the code typed or scanned, what to hand over, confirm once, lock-out."""

import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client
from django.urls import reverse

from fulfilment import services
from fulfilment.models import Fulfilment, FulfilmentEvent, PickupCodeAttempt
from fulfilment.selectors import pickup_code_for
from fulfilment.states import FulfilmentStatus
from tests.factories import UserFactory


def staff_of(vendor):
    """A non-staff user who works for ``vendor`` (Partner.users, group "Shop staff")."""
    user = UserFactory(is_staff=False)
    vendor.partner.users.add(user)
    group, _created = Group.objects.get_or_create(name="Shop staff")
    user.groups.add(group)
    return user


@pytest.fixture
def counter(two_shop_order, client):
    """The bakery's counter, logged in; the bakery's part is ready, the bookshop's too."""
    _order, parts, (bakery, books), _products = two_shop_order
    for part in parts.values():
        services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=part.vendor)
    client.force_login(staff_of(bakery))
    return client, bakery, parts[bakery], parts[books]


def counter_url(vendor):
    return reverse("fulfilment:counter", kwargs={"slug": vendor.slug})


def redeem_url(vendor):
    return reverse("fulfilment:counter_redeem", kwargs={"slug": vendor.slug})


def status_of(part):
    return Fulfilment.objects.get(pk=part.pk).status


def test_the_counter_needs_a_login(two_shop_order):
    _order, _parts, (bakery, _books), _products = two_shop_order
    response = Client().get(counter_url(bakery))
    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"]


def test_only_the_shops_staff_may_use_its_counter(two_shop_order):
    _order, _parts, (bakery, books), _products = two_shop_order
    client = Client()
    client.force_login(staff_of(books))
    assert client.get(counter_url(bakery)).status_code == 404
    assert client.get(counter_url(books)).status_code == 200


def test_the_form_works_without_javascript_and_loads_the_scanner_from_our_server(counter):
    client, bakery, _part, _other = counter
    response = client.get(counter_url(bakery))
    page = response.content.decode()
    assert 'name="code"' in page and "csrfmiddlewaretoken" in page
    assert 'src="/static/js/counter.js"' in page
    assert "data-counter-scan hidden" in page  # the scan button shows only where it works
    assert "no-store" in response["Cache-Control"]


def test_a_valid_code_shows_what_to_hand_over_and_changes_nothing(counter):
    client, bakery, part, _other = counter
    line = part.lines().get()
    code = pickup_code_for(part).lower().replace("-", " ")  # typed sloppily
    response = client.post(counter_url(bakery), {"code": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert line.title in page and line.partner_sku in page
    assert f"<strong>{line.quantity}</strong>" in page
    assert redeem_url(bakery) in page
    assert status_of(part) == FulfilmentStatus.READY
    assert not PickupCodeAttempt.objects.exists()


def test_confirming_hands_the_part_over_once(counter):
    client, bakery, part, _other = counter
    record = part.lines().get().stockrecord
    before = (record.num_in_stock, record.num_allocated)
    code = pickup_code_for(part)
    response = client.post(redeem_url(bakery), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == counter_url(bakery)
    assert part.reference in response.content.decode()
    assert status_of(part) == FulfilmentStatus.COLLECTED
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (before[0] - 2, before[1] - 2)

    again = client.post(redeem_url(bakery), {"code": code})
    assert again.status_code == 422
    assert "already handed over" in again.content.decode() or "bereits" in again.content.decode()
    looked_up = client.post(counter_url(bakery), {"code": code})
    assert looked_up.status_code == 422
    assert FulfilmentEvent.objects.filter(fulfilment=part, to_status="collected").count() == 1
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (before[0] - 2, before[1] - 2)


@pytest.mark.parametrize("url", [counter_url, redeem_url])
def test_a_wrong_code_is_refused_and_counted(counter, url):
    client, bakery, part, other = counter
    response = client.post(url(bakery), {"code": "AAAA-BBBB"})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert PickupCodeAttempt.objects.filter(vendor=bakery, succeeded=False).count() == 1
    assert status_of(part) == status_of(other) == FulfilmentStatus.READY


@pytest.mark.parametrize("url", [counter_url, redeem_url])
def test_another_shops_code_is_refused_like_a_wrong_one(counter, url):
    client, bakery, part, books_part = counter
    wrong = client.post(url(bakery), {"code": "AAAA-BBBB"}).content.decode()
    response = client.post(url(bakery), {"code": pickup_code_for(books_part)})
    assert response.status_code == 422
    page = response.content.decode()
    assert _alert(page) == _alert(wrong)  # says nothing about the other shop's part
    assert books_part.lines().get().title not in page
    assert status_of(books_part) == FulfilmentStatus.READY
    assert PickupCodeAttempt.objects.filter(vendor=bakery, succeeded=False).count() == 2


def _alert(page):
    start = page.index('id="counter-error"')
    return page[start : page.index("</div>", start)]


def test_a_part_not_ready_yet_shows_its_items_but_no_confirm_button(two_shop_order):
    _order, parts, (bakery, _books), _products = two_shop_order
    client = Client()
    client.force_login(staff_of(bakery))
    response = client.post(counter_url(bakery), {"code": pickup_code_for(parts[bakery])})
    page = response.content.decode()
    assert parts[bakery].lines().get().title in page
    assert redeem_url(bakery) not in page
    assert status_of(parts[bakery]) == FulfilmentStatus.PLACED


def test_a_cancelled_part_has_nothing_to_hand_over(counter):
    client, bakery, part, _other = counter
    code = pickup_code_for(part)
    services.fulfilment_cancel(fulfilment_id=part.pk, vendor=bakery, reason="ausverkauft")
    for url in (counter_url, redeem_url):
        response = client.post(url(bakery), {"code": code})
        assert response.status_code == 422
    assert status_of(part) == FulfilmentStatus.CANCELLED


def test_too_many_wrong_codes_lock_the_counter(counter):
    client, bakery, part, _other = counter
    for attempt in range(settings.PICKUP_CODE_MAX_FAILURES):
        client.post(counter_url(bakery), {"code": f"AAAA-{attempt:04d}"})
    code = pickup_code_for(part)
    for url in (counter_url, redeem_url):
        response = client.post(url(bakery), {"code": code})
        assert response.status_code == 422
        page = response.content.decode()
        assert part.lines().get().title not in page  # a locked counter looks nothing up
    assert status_of(part) == FulfilmentStatus.READY
    # The lock is per shop: another shop's counter still works.
    books_client = Client()
    _client, _bakery, _part, books_part = counter
    books_client.force_login(staff_of(books_part.vendor))
    ok = books_client.post(redeem_url(books_part.vendor), {"code": pickup_code_for(books_part)})
    assert ok.status_code == 302
    assert status_of(books_part) == FulfilmentStatus.COLLECTED


def test_the_lock_ends_after_its_time(counter):
    from datetime import timedelta

    from django.utils import timezone

    client, bakery, part, _other = counter
    for attempt in range(settings.PICKUP_CODE_MAX_FAILURES):
        client.post(counter_url(bakery), {"code": f"AAAA-{attempt:04d}"})
    PickupCodeAttempt.objects.update(
        created_at=timezone.now() - timedelta(minutes=settings.PICKUP_CODE_LOCK_MINUTES + 1)
    )
    response = client.post(redeem_url(bakery), {"code": pickup_code_for(part)})
    assert response.status_code == 302
    assert status_of(part) == FulfilmentStatus.COLLECTED


def test_the_forms_need_csrf_and_redeeming_needs_post(counter):
    _client, bakery, part, _other = counter
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_of(bakery))
    code = pickup_code_for(part)
    assert strict.post(redeem_url(bakery), {"code": code}).status_code == 403
    assert strict.post(counter_url(bakery), {"code": code}).status_code == 403
    assert strict.get(redeem_url(bakery), {"code": code}).status_code == 405
    assert status_of(part) == FulfilmentStatus.READY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_redemptions_one_succeeds(on_postgres, two_shop_order):
    _order, parts, (bakery, _books), _products = two_shop_order
    part = parts[bakery]
    services.fulfilment_mark_ready(fulfilment_id=part.pk, vendor=bakery)
    record = part.lines().get().stockrecord
    in_stock = record.num_in_stock
    code = pickup_code_for(part)
    start = threading.Barrier(2)
    results = [None, None]

    def redeem(index):
        try:
            start.wait(timeout=30)
            services.pickup_code_redeem(vendor=bakery, code=code)
            results[index] = "handed over"
        except services.FulfilmentError as exc:
            results[index] = str(exc)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=redeem, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results.count("handed over") == 1, results
    assert all(isinstance(result, str) for result in results), results
    assert status_of(part) == FulfilmentStatus.COLLECTED
    assert FulfilmentEvent.objects.filter(fulfilment=part, to_status="collected").count() == 1
    record.refresh_from_db()
    assert record.num_in_stock == in_stock - 2
