"""The shop's list of its parts: its own parts and lines only, the next step as POST forms."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import URLPattern, reverse
from oscar.core.loading import get_model

from fulfilment import urls as fulfilment_urls
from fulfilment.models import Fulfilment, FulfilmentEvent
from fulfilment.selectors import pickup_code_for
from fulfilment.states import FulfilmentStatus
from tests.factories import UserFactory

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")


def staff_of(vendor):
    """A non-staff user who works for ``vendor`` (Partner.users, group "Shop staff")."""
    user = UserFactory(is_staff=False)
    vendor.partner.users.add(user)
    group, _created = Group.objects.get_or_create(name="Shop staff")
    user.groups.add(group)
    return user


@pytest.fixture
def shops(two_shop_order):
    """The bakery (shop A) and the bookshop (shop B), each with a logged-in staff client; the
    resident left name, e-mail and phone."""
    order, parts, (bakery, books), _products = two_shop_order
    address = ShippingAddress.objects.create(
        first_name="Anna",
        last_name="Schulze",
        line1="Geheime Gasse 7",
        line4="Forst",
        postcode="03149",
        phone_number="+493562987654",
        country_id=_country(),
    )
    Order.objects.filter(pk=order.pk).update(
        guest_email="anna@example.org", shipping_address=address
    )
    clients = {}
    for vendor in (bakery, books):
        clients[vendor] = Client()
        clients[vendor].force_login(staff_of(vendor))
    return order, parts, (bakery, books), clients


def _country():
    Country = get_model("address", "Country")
    country, _created = Country.objects.get_or_create(
        iso_3166_1_a2="DE", defaults={"name": "Deutschland", "printable_name": "Deutschland"}
    )
    return country.pk


def parts_url(vendor):
    return reverse("fulfilment:shop_parts", kwargs={"slug": vendor.slug})


def action_url(name, vendor, part):
    return reverse(f"fulfilment:{name}", kwargs={"slug": vendor.slug, "pk": part.pk})


def test_the_list_shows_the_shops_open_parts_with_what_pickup_needs(shops):
    order, parts, (bakery, books), clients = shops
    response = clients[bakery].get(parts_url(bakery))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    part = parts[bakery]
    line = part.lines().get()
    for text in (part.reference, line.title, line.partner_sku, "Anna Schulze",
                 "anna@example.org", "+493562987654"):  # fmt: skip
        assert text in page, text
    for button in ("part_accept", "part_ready", "part_cancel"):
        assert action_url(button, bakery, part) in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_shop_sees_neither_other_shops_lines_nor_more_of_the_customer(shops):
    order, parts, (bakery, books), clients = shops
    page = clients[bakery].get(parts_url(bakery)).content.decode()
    novel = parts[books].lines().get()
    for text in (novel.title, novel.partner_sku, parts[books].reference, "Bücher",
                 "Geheime Gasse", pickup_code_for(parts[bakery]), "28.90", "28,90"):  # fmt: skip
        assert text not in page, text


def _object_urls():
    """Every shop URL of the fulfilment app that names a shop (and maybe a part)."""
    for pattern in fulfilment_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        keys = set(pattern.pattern.converters)
        if "slug" in keys:
            yield pattern.name, keys


@pytest.mark.parametrize("name,keys", list(_object_urls()), ids=lambda value: str(value))
@pytest.mark.parametrize("method", ["get", "post"])
def test_shop_b_gets_404_on_shop_a_for_every_view_and_action(shops, name, keys, method):
    order, parts, (bakery, books), clients = shops
    part = parts[bakery]
    before = _snapshot()
    attempts = [{"slug": bakery.slug}]  # shop A's pages, as shop B
    if "pk" in keys:
        attempts.append({"slug": books.slug, "pk": part.pk})  # shop A's part via B's own pages
        attempts[0]["pk"] = part.pk
    data = {"code": pickup_code_for(part), "reason": "weg damit"}
    for kwargs in attempts:
        url = reverse(f"fulfilment:{name}", kwargs=kwargs)
        response = getattr(clients[books], method)(url, data)
        assert response.status_code in (404, 405), (url, method, response.status_code)
        if method == "post":
            assert response.status_code == 404, url
    assert _snapshot() == before
    assert mail.outbox == []


def _snapshot():
    return (
        list(Fulfilment.objects.order_by("pk").values_list("pk", "status")),
        FulfilmentEvent.objects.count(),
    )


def test_the_matrix_covers_the_actions():
    names = {name for name, _keys in _object_urls()}
    assert {"shop_parts", "part_accept", "part_ready", "part_cancel", "counter"} <= names
    assert "counter_redeem" in names


def test_a_user_who_is_no_shops_staff_gets_404(shops):
    order, parts, (bakery, books), _clients = shops
    client = Client()
    client.force_login(UserFactory())
    assert client.get(parts_url(bakery)).status_code == 404
    assert client.get(reverse("fulfilment:shop_index")).status_code == 404
    response = client.post(action_url("part_ready", bakery, parts[bakery]))
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_the_login(shops):
    order, parts, (bakery, books), _clients = shops
    for url in (parts_url(bakery), action_url("part_ready", bakery, parts[bakery])):
        response = Client().post(url)
        assert response.status_code == 302
        assert reverse("customer:login") in response["Location"]
    assert Fulfilment.objects.get(pk=parts[bakery].pk).status == FulfilmentStatus.PLACED


def test_the_shop_index_leads_to_the_users_shop(shops):
    order, parts, (bakery, books), clients = shops
    response = clients[bakery].get(reverse("fulfilment:shop_index"))
    assert response.status_code == 302
    assert response["Location"] == parts_url(bakery)


def test_accept_then_ready_moves_the_part_and_tells_the_resident(
    shops, django_capture_on_commit_callbacks
):
    order, parts, (bakery, books), clients = shops
    part = parts[bakery]
    with django_capture_on_commit_callbacks(execute=True):
        response = clients[bakery].post(action_url("part_accept", bakery, part), follow=True)
    assert response.redirect_chain[-1][0] == parts_url(bakery)
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.ACCEPTED
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        clients[bakery].post(action_url("part_ready", bakery, part))
        clients[bakery].post(action_url("part_ready", bakery, part))  # a double click
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.READY
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_cancel_with_a_reason_releases_stock_and_tells_the_resident(
    shops, django_capture_on_commit_callbacks
):
    order, parts, (bakery, books), clients = shops
    part = parts[bakery]
    record = part.lines().get().stockrecord
    allocated = record.num_allocated
    with django_capture_on_commit_callbacks(execute=True):
        clients[bakery].post(action_url("part_cancel", bakery, part), {"reason": "Ofen kaputt"})
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.CANCELLED
    record.refresh_from_db()
    assert record.num_allocated == allocated - 2
    assert len(mail.outbox) == 1 and "Ofen kaputt" in mail.outbox[0].body
    page = clients[bakery].get(parts_url(bakery)).content.decode()
    assert f'id="part-{part.pk}"' not in page  # closed parts leave the list
    assert "Ofen kaputt" not in page


def test_cancel_without_a_reason_changes_nothing(shops):
    order, parts, (bakery, books), clients = shops
    part = parts[bakery]
    response = clients[bakery].post(action_url("part_cancel", bakery, part), {"reason": " "})
    assert response.status_code == 302
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.PLACED


def test_a_move_not_allowed_is_explained(shops):
    order, parts, (bakery, books), clients = shops
    part = parts[bakery]
    clients[bakery].post(action_url("part_cancel", bakery, part), {"reason": "weg"})
    response = clients[bakery].post(action_url("part_ready", bakery, part), follow=True)
    assert 'role="alert"' in response.content.decode()
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.CANCELLED


def test_actions_need_post_and_csrf(shops):
    order, parts, (bakery, books), _clients = shops
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_of(bakery))
    part = parts[bakery]
    for name in ("part_accept", "part_ready", "part_cancel"):
        assert strict.get(action_url(name, bakery, part)).status_code == 405
        assert strict.post(action_url(name, bakery, part), {"reason": "x"}).status_code == 403
    assert Fulfilment.objects.get(pk=part.pk).status == FulfilmentStatus.PLACED
