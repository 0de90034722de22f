"""What goes wrong between the pages, and what the resident sees: a slot that vanished, stock
someone else took, a second click on the order button, a shop that may not sell, a shop
without pickup times. Never an error page, never a second order."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from fulfilment import stock
from fulfilment.models import Fulfilment, StockReservation
from fulfilment.services import PickupWindow, fulfilments_create
from shop.checkout import views as checkout_views
from tests.checkout.conftest import (
    EN,
    add,
    at,
    choose_payment,
    choose_pickup,
    gateway,
    place_order_data,
    slot_field,
    slot_key,
    until_payment_method,
    until_preview,
)
from tests.fulfilment.conftest import basket_with
from tests.storefront.factories import OpeningExceptionFactory
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def alerts(response) -> str:
    return " ".join(alert.text for alert in parse(response).find_all(class_="alert"))


def place(client, page, **headers):
    return client.post(reverse("checkout:preview"), place_order_data(page), **headers)


def test_a_slot_that_vanished_sends_back_to_the_pickup_step(
    client, bakery, bookshop, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 1), **EN))
    # The bookshop closes today (the chosen day) after the resident saw the preview.
    OpeningExceptionFactory(vendor=bookshop, start_date=at(9).date(), note="Inventur")

    response = place(client, page, **EN)

    assert response.status_code == 302 and response.url == reverse("checkout:pickup")
    assert not Order.objects.exists() and not Fulfilment.objects.exists()
    assert Basket.objects.get().status == Basket.OPEN
    response = client.get(response.url, **EN)
    assert response.status_code == 200
    assert "The pickup time you chose at Buchhandlung am Markt" in alerts(response)
    assert "Thursday, 06/10/2027, 11:00" in alerts(response)
    offered = parse(response).find_all("input", type="radio", name=slot_field(bookshop))
    assert slot_key(at(11)) not in [radio.get("value") for radio in offered]
    assert offered[0].get("value") == slot_key(at(10, day=11))


def test_the_order_transaction_checks_the_slots_again(
    client, monkeypatch, bakery, bookshop, bread, notebook
):
    """The last place of a slot is taken between the page checks and the order: the check
    under the shops' row locks refuses it, nothing is placed and the basket is open again."""
    bookshop.pickup_slot_capacity = 1
    bookshop.save()
    page = parse(until_preview(client, (bread, 1), (notebook, 1), **EN))
    other = create_order(basket=basket_with((notebook, 1)))
    fulfilments_create(order=other, windows={bookshop.pk: PickupWindow(at(11), at(12))})
    monkeypatch.setattr(
        checkout_views.PaymentDetailsView, "check_pickup_is_chosen", lambda self, request: None
    )

    response = place(client, page, **EN)

    assert response.status_code == 302 and response.url == reverse("checkout:pickup")
    assert list(Order.objects.all()) == [other]
    mine = Basket.objects.exclude(pk=other.basket_id).get()
    assert mine.status == Basket.OPEN
    assert "Buchhandlung am Markt" in alerts(client.get(response.url, **EN))


def test_sold_out_before_the_preview_says_what_is_left(client, bakery, bread, notebook):
    """Another order took the last units while the resident chose a pickup time."""
    add(client, notebook, 2)
    gateway(client)
    assert choose_pickup(client, **EN).status_code == 302
    create_order(basket=basket_with((notebook, 1)))

    response = client.get(reverse("checkout:payment-method"), follow=True, **EN)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "Notizbuch Rosenstadt" in alerts(response)
    assert "a maximum of 1 can be bought" in alerts(response)
    assert Order.objects.count() == 1  # the other one


def test_stock_held_for_another_basket_is_sold_out_for_this_one(client, bakery, bread, notebook):
    add(client, notebook, 2)
    gateway(client)
    until_payment_method(client, **EN)
    stock.basket_reserve(basket=basket_with((notebook, 1)))  # someone else is paying

    response = choose_payment(client, **EN)

    assert response.status_code == 302 and response.url == reverse("basket:summary")
    text = alerts(client.get(response.url, **EN))
    assert "only 1 of “Notizbuch Rosenstadt” are left (you wanted 2)" in text
    assert StockReservation.objects.count() == 1  # only the other basket's


def test_sold_out_between_preview_and_order(client, bakery, bookshop, bread, notebook):
    page = parse(until_preview(client, (bread, 1), (notebook, 2), **EN))
    create_order(basket=basket_with((notebook, 2)))  # the shop sold them over the counter

    response = place(client, page, follow=True, **EN)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "Notizbuch Rosenstadt" in alerts(response)
    assert Order.objects.count() == 1  # the other one
    assert Basket.objects.filter(status=Basket.OPEN).count() == 1


def test_the_preview_itself_checks_the_stock(client, bakery, bookshop, bread, notebook):
    until_preview(client, (bread, 1), (notebook, 2), **EN)
    StockReservation.objects.all().delete()  # the hold expired and was cleaned up
    stock.basket_reserve(basket=basket_with((notebook, 1)))

    response = client.get(reverse("checkout:preview"), follow=True, **EN)

    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "only 1 of “Notizbuch Rosenstadt” are left" in alerts(response)


def test_double_submit_places_one_order(client, bakery, bookshop, bread, notebook):
    page = parse(until_preview(client, (bread, 1), (notebook, 1), **EN))

    first = place(client, page, **EN)
    second = place(client, page, follow=True, **EN)  # a second click, or back and again
    third = place(client, page, follow=True, **EN)

    assert first.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert Fulfilment.objects.filter(order=order).count() == 2
    for response in (second, third):
        assert response.redirect_chain == [(reverse("checkout:thank-you"), 302)]
        assert response.context["order"] == order
        assert "Your order has already been placed." in alerts(response)
        assert order.number in parse(response).find(class_="lead-text").text


def test_a_submission_still_running_is_waited_for_not_repeated(
    client, monkeypatch, bakery, bookshop, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 1), **EN))
    Basket.objects.update(status=Basket.FROZEN)  # another request is placing it right now
    monkeypatch.setattr(checkout_views, "SUBMISSION_WAIT_SECONDS", 0)

    response = place(client, page, follow=True, **EN)

    assert response.status_code == 200
    assert "Your order is still being placed" in alerts(response)
    assert not Order.objects.exists()
    assert Basket.objects.get().status == Basket.FROZEN


def test_freezing_is_a_compare_and_set(bread):
    basket = basket_with((bread, 1))
    stale = Basket.objects.get(pk=basket.pk)
    view = checkout_views.PaymentDetailsView()

    view.freeze_basket(basket)

    with pytest.raises(checkout_views.BasketAlreadySubmitted):
        view.freeze_basket(stale)
    assert Basket.objects.get(pk=basket.pk).status == Basket.FROZEN


@pytest.mark.parametrize(
    "change",
    [{"sells_online": False}, {"status": VendorStatus.SUSPENDED}],
    ids=["listed-only", "suspended"],
)
def test_a_shop_that_may_not_sell_cannot_be_checked_out(
    client, change, bakery, bookshop, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 1), **EN))
    for field, value in change.items():
        setattr(bookshop, field, value)
    bookshop.save()

    response = place(client, page, follow=True, **EN)

    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "Notizbuch Rosenstadt" in alerts(response)
    assert "Only available in the shop" in alerts(response)
    assert not Order.objects.exists()
    # Nor can a new checkout start with it in the basket.
    response = client.get(reverse("checkout:index"), follow=True, **EN)
    assert response.redirect_chain[-1][0] == reverse("basket:summary")


def test_a_shop_without_pickup_times_is_named_with_the_way_to_remove_it(
    client, bakery, bookshop, bread, notebook
):
    OpeningExceptionFactory(
        vendor=bookshop, start_date=at(9).date(), end_date=at(9, day=30).date(), note="Urlaub"
    )
    add(client, bread)
    add(client, notebook)
    gateway(client)

    response = client.get(reverse("checkout:pickup"), **EN)

    page = parse(response)
    assert "Buchhandlung am Markt has no pickup time in the coming days" in alerts(response)
    fieldset = page.find_all(class_="pickup-shop")[1]
    assert fieldset.find_all("input", type="radio") == []
    assert fieldset.find("a", href=reverse("basket:summary")) is not None
    assert page.find("form", class_="pickup-form").find("button") is None
    assert page.find("section", class_="pickup-together") is None

    response = client.post(reverse("checkout:pickup"), {slot_field(bakery): slot_key(at(10))}, **EN)
    assert response.status_code == 200
    assert "cannot be collected in the coming days" in alerts(response)
    assert client.get(reverse("checkout:payment-method")).url == reverse("checkout:pickup")
