# ruff: noqa: F811 - the checkout and Stripe fixtures are imported by name
"""The checkout paying online with Stripe, against the Stripe double (state, idempotency, faults).

The browser's part (Stripe.js confirming the payment with the card) is played by
``double.intent_pays``; everything else goes through the pages as a browser takes them. Covers
quality bar 3 (double submit: one order, one PaymentIntent), 6 (the browser never returns: the
webhook places the order), 7 (paid but not placeable: refunded in full) and 9 (Stripe down: a
friendly error, the stock goes back).
"""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment, StockReservation
from payments.models import ConnectedAccount, Payment, PaymentStatus, Refund
from payments.providers.base import Unavailable
from payments.registry import providers_reset
from payments.stripe.provider import StripeConnect
from tests.checkout.conftest import (
    add,
    bakery,  # noqa: F401 - fixtures used by name
    bookshop,  # noqa: F401
    bread,  # noqa: F401
    frozen_clock,  # noqa: F401
    gateway,
    notebook,  # noqa: F401
    place_order_data,
    until_payment_method,
)
from tests.payments import stripe_events as se
from tests.payments.conftest import WEBHOOK_SECRET, double, stripe_on  # noqa: F401
from tests.storefront.html import parse

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
WEBHOOK = "/zahlung/stripe/webhook/"


@pytest.fixture
def online(double, bakery, bookshop, settings):  # noqa: F811
    """Both shops can take online payment; the checkout's placer is the real one."""
    for shop in (bakery, bookshop):
        ConnectedAccount.objects.create(
            vendor=shop, account_id=f"acct_{shop.slug[:10]}", charges_enabled=True
        )
    settings.STRIPE_ORDER_PLACER = "shop.checkout.placement.order_place_from_payment"
    settings.STRIPE_JS_URL = f"{double.url}/js/v3/"
    return double


def choose_stripe(client):
    response = client.post(reverse("checkout:payment-method"), {"provider": "stripe"})
    assert response.status_code == 302, parse(response).text[:3000]
    assert response.url == reverse("checkout:preview")
    return response


def until_preview(client, *products):
    """Basket, gateway, pickup, "pay online now"; returns the preview response."""
    for product, quantity in products:
        add(client, product, quantity)
    gateway(client)
    until_payment_method(client)
    choose_stripe(client)
    return client.get(reverse("checkout:preview"))


def intents(double):
    return double.objects("payment_intent")


def payment_element(page):
    return page.find(id="payment-element")


def place(client, page, **headers):
    return client.post(reverse("checkout:preview"), place_order_data(page), **headers)


def deliver(client, evt: dict):
    body = se.body_of(evt)
    return client.post(
        WEBHOOK,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=se.signature_header(body, WEBHOOK_SECRET),
    )


def to_resident():
    return [m for m in mail.outbox if m.to == ["anna.schulze@example.org"]]


def succeeded_event(double, intent_id: str) -> dict:
    intent = double.intent_pays(intent_id)
    return se.event("payment_intent.succeeded", intent)


def test_paying_online_for_two_shops_places_one_order_with_a_part_per_shop(
    client, online, bread, notebook, django_capture_on_commit_callbacks
):
    page = parse(until_preview(client, (bread, 2), (notebook, 1)))
    total = Decimal("2") * Decimal("3.60") + Decimal("12.90")

    # One PaymentIntent for the whole basket, prepared when the method was chosen.
    [intent] = intents(online)
    basket = Basket.objects.get()
    number = str(100000 + basket.pk)
    assert intent["amount"] == 2010 and intent["currency"] == "eur"
    assert intent["transfer_group"] == number
    assert intent["metadata"]["order_number"] == number
    element = payment_element(page)
    assert element.get("data-client-secret") == intent["client_secret"]
    assert element.get("data-publishable-key").startswith("pk_test_")
    assert element.get("data-return-url").endswith(reverse("checkout:payment-return"))
    scripts = [tag.get("src", "") for tag in page.find_all("script")]
    assert f"{online.url}/js/v3/" in scripts
    assert any(src.endswith("js/checkout-payment.js") for src in scripts)
    assert page.find(id="place-order").text.strip() == "zahlungspflichtig bestellen"

    online.intent_pays(intent["id"])  # Stripe.js and the card
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client, page)
    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")

    order = Order.objects.get()
    assert order.number == number and order.total_incl_tax == total
    assert order.sources.get().source_type.code == "stripe"
    assert Fulfilment.objects.filter(order=order).count() == 2
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.amount_received == total
    assert not StockReservation.objects.exists()
    assert len(to_resident()) == 1  # one confirmation
    assert len(intents(online)) == 1


def test_the_order_is_not_placed_while_stripe_does_not_confirm_the_payment(
    client, online, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 1)))
    response = place(client, page)  # the button pressed, the payment never confirmed

    assert response.status_code == 200
    error = parse(response).find(class_="alert-danger")
    assert error is not None and "Zahlung" in error.text
    assert not Order.objects.exists()
    assert Basket.objects.get().status == Basket.OPEN  # the resident can pay and try again


def test_double_submit_and_back_again_make_one_order_and_one_payment_intent(
    client, online, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 1)))
    # Back to the payment method and on again, then a reload of the preview: the same intent.
    choose_stripe(client)
    page = parse(client.get(reverse("checkout:preview")))
    [intent] = intents(online)
    assert payment_element(page).get("data-client-secret") == intent["client_secret"]

    online.intent_pays(intent["id"])
    first = place(client, page)
    second = place(client, page)  # the double click
    assert first.url == second.url == reverse("checkout:thank-you")
    assert Order.objects.count() == 1
    assert len(intents(online)) == 1
    assert [r.path for r in online.posts("/v1/payment_intents")] == ["/v1/payment_intents"]


def test_a_basket_changed_in_another_tab_gets_a_new_payment_for_the_new_total(
    client, online, bread, notebook
):
    until_preview(client, (bread, 1), (notebook, 1))
    add(client, bread, 1)  # another tab

    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 302 and response.url == reverse("checkout:payment-method")
    choose_stripe(client)
    old, new = sorted(intents(online), key=lambda intent: intent["id"])
    assert old["status"] == "canceled"  # never payable any more
    assert new["amount"] == 2 * 360 + 1290
    page = parse(client.get(reverse("checkout:preview")))
    assert payment_element(page).get("data-client-secret") == new["client_secret"]


def test_paid_but_sold_out_meanwhile_refunds_in_full_and_orders_nothing(
    client, online, bread, notebook
):
    page = parse(until_preview(client, (bread, 1), (notebook, 2)))
    [intent] = intents(online)
    online.intent_pays(intent["id"])
    # The bookshop sold its two notebooks at the counter meanwhile (and the reservation ran out).
    StockReservation.objects.all().delete()
    StockRecord.objects.filter(product=notebook).update(num_in_stock=0)

    response = place(client, page)
    assert response.status_code == 302 and response.url == reverse("basket:summary")
    assert not Order.objects.exists()
    payment = Payment.objects.get()
    assert payment.voided_at is not None
    [refund] = Refund.objects.all()
    assert refund.amount == Decimal("29.40") and refund.fulfilment is None
    assert [r["amount"] for r in online.objects("refund")] == [2940]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("erstattet" in m for m in messages)
    assert Basket.objects.get().status == Basket.OPEN


def test_the_webhook_places_the_order_when_the_browser_never_returns(
    client, online, bread, notebook, django_capture_on_commit_callbacks
):
    page = parse(until_preview(client, (bread, 2), (notebook, 1)))
    [intent] = intents(online)
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, succeeded_event(online, intent["id"]))
    assert response.status_code == 200

    order = Order.objects.get()
    assert order.guest_email == "anna.schulze@example.org"
    assert order.total_incl_tax == Decimal("20.10")
    assert order.sources.get().source_type.code == "stripe"
    assert Fulfilment.objects.filter(order=order).count() == 2
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    [confirmation] = to_resident()
    assert "Bestellung" in confirmation.subject  # the resident's language (German)

    # The same event again, and the browser coming back late: still one order, one mail.
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, se.event("payment_intent.succeeded", online.objects("payment_intent")[0]))
        late = place(client, page)
    assert late.status_code == 302 and late.url == reverse("checkout:thank-you")
    assert Order.objects.count() == 1 and len(to_resident()) == 1
    thank_you = parse(client.get(late.url))
    assert order.number in thank_you.text


def test_the_webhook_refunds_a_paid_basket_whose_slot_is_gone(client, online, bread, bakery):
    page = parse(until_preview(client, (bread, 1)))
    assert page is not None
    bakery.opening_hours.all().delete()  # the bakery closes for good before the webhook comes
    [intent] = intents(online)
    response = deliver(client, succeeded_event(online, intent["id"]))
    assert response.status_code == 200
    assert not Order.objects.exists()
    assert Payment.objects.get().voided_at is not None
    assert [r["amount"] for r in online.objects("refund")] == [360]
    assert Basket.objects.get().status == Basket.OPEN


def test_stripe_down_when_choosing_the_method_is_a_friendly_error_and_stock_goes_back(
    client, online, bread, notebook
):
    add(client, bread, 1)
    add(client, notebook, 1)
    gateway(client)
    page = parse(until_payment_method(client))
    data = {"provider": "stripe"}
    assert page.find("input", value="stripe") is not None
    online.fail_next("500", times=5)

    response = client.post(reverse("checkout:payment-method"), data)
    assert response.status_code == 200
    text = parse(response).text
    assert "Zahlungsdienst" in text or "nicht verfügbar" in text
    assert not StockReservation.objects.exists()
    assert not Payment.objects.exists()


def test_the_return_page_submits_the_order_form_and_trusts_nothing(client, online, bread):
    until_preview(client, (bread, 1))
    basket = Basket.objects.get()
    page = parse(
        client.get(
            reverse("checkout:payment-return"),
            {"payment_intent": "pi_forged", "redirect_status": "succeeded"},
        )
    )
    form = page.find("form", id="payment_return_form")
    assert form.get("action") == reverse("checkout:preview") and form.get("method") == "post"
    assert form.find("input", name="basket_id").get("value") == str(basket.pk)
    assert not Order.objects.exists()  # a GET changes nothing

    # Its POST without a payment Stripe confirms: no order.
    response = client.post(
        reverse("checkout:preview"), {"action": "place_order", "basket_id": basket.pk}
    )
    assert response.status_code == 200 and not Order.objects.exists()

    failed = parse(client.get(reverse("checkout:payment-return"), {"redirect_status": "failed"}))
    assert failed.find("form", id="payment_return_form") is None


def test_reconciliation_takes_over_a_basket_a_dead_request_left_frozen(
    client, online, bread, settings
):
    from django.core.management import call_command

    until_preview(client, (bread, 1))
    basket = Basket.objects.get()
    [intent] = intents(online)
    online.intent_pays(intent["id"])
    # The resident's request froze the basket and died before placing the order.
    Basket.objects.filter(pk=basket.pk).update(status=Basket.FROZEN)
    # The webhook's placer leaves a frozen basket to its request ...
    deliver(client, se.event("payment_intent.succeeded", online.objects("payment_intent")[0]))
    assert not Order.objects.exists()
    # ... the reconciliation, long after, takes it over.
    call_command("payments_reconcile", "--settle", "--older-than", "0", stdout=io.StringIO())
    order = Order.objects.get()
    assert order.number == str(100000 + basket.pk)
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED


def test_a_shop_that_cannot_take_online_payments_cannot_be_ordered_from_and_says_why(
    client, online, bread, notebook, bookshop
):
    ConnectedAccount.objects.filter(vendor=bookshop).update(charges_enabled=False)
    refused = client.post(
        reverse("basket:add", kwargs={"pk": notebook.pk}), {"quantity": 1}, follow=True
    )
    said = " ".join(str(m) for m in refused.context["messages"])
    assert "kann noch keine Bestellungen annehmen" in said  # the resident sees why
    add(client, bread, 1)
    basket = Basket.objects.get()
    assert [line.product for line in basket.all_lines()] == [bread]  # refused, the bread taken
    gateway(client)
    page = parse(until_payment_method(client))
    offered = [field.get("value") for field in page.find_all("input", type="radio")]
    assert offered == ["stripe", "pay_at_pickup"]


def test_the_payment_method_page_names_a_method_that_cannot_take_the_basket(
    client, online, bread, settings
):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "stripe": {"CLASS": "tests.checkout.test_stripe_checkout.NotForThisBasket"},
    }
    providers_reset()
    add(client, bread, 1)
    gateway(client)
    page = parse(until_payment_method(client))
    offered = [field.get("value") for field in page.find_all("input", type="radio")]
    assert offered == ["pay_at_pickup"]
    note = page.find(class_="payment-unavailable").text
    assert "Backstube Kowalski" in note
    providers_reset()


class NotForThisBasket(StripeConnect):
    """Stripe, refusing every basket (as when a shop's account was disabled after adding)."""

    gates_ordering = False

    def unavailable_reason(self, *, vendors):
        return Unavailable(f"{vendors[0].name} cannot take online payments yet.")
