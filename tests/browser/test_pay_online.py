"""Journey 2 in Chromium: the resident pays online with Stripe. Stripe.js cannot load here, so
the page gets a stand-in (tests/browser/stripe_standin.js) from the Stripe test double, which is
also the Stripe API for the server and for the stand-in (tests/payments/fault_double.py).

The page's contract (shop/checkout/views.py, templates/oscar/checkout/preview.html,
static/js/checkout-payment.js): with "pay online" chosen the preview has
``<div id="payment-element" data-client-secret data-publishable-key data-return-url>``, loads
``settings.STRIPE_JS_URL`` and then checkout-payment.js, which confirms the payment with
Stripe.js when ``#place-order`` is pressed and then submits ``#place_order_form``; the server
asks Stripe whether the payment succeeded before it places the order.
"""

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment
from fulfilment.selectors import pickup_code_for
from payments.models import ConnectedAccount, Payment, PaymentStatus, WebhookEvent
from payments.registry import providers_reset
from payments.services import order_provider
from tests.browser.conftest import BASKET, GUEST
from tests.payments.fault_double import DECLINED_CARD, StripeDouble

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

PUBLISHABLE_KEY = "pk_test_forstBrowserJourney0123456789"
WEBHOOK_SECRET = "whsec_test_forst_browser_journey"
GOOD_CARD = "4242424242424242"
TOTAL = Decimal("20.10")  # 2 × 3.60 + 12.90


@pytest.fixture
def stripe_double(settings, bakery, bookshop):
    """Stripe switched on against the double (which also serves the stand-in of Stripe.js);
    both shops can take online payments. The order placer stays as configured."""
    with StripeDouble() as double:
        settings.STRIPE_SECRET_KEY = "sk_test_forstBrowserJourney0123456789"
        settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
        settings.STRIPE_API_BASE = double.url
        settings.STRIPE_JS_URL = double.js_url
        settings.STRIPE_CONNECT_TIMEOUT = 2.0
        settings.STRIPE_READ_TIMEOUT = 5.0
        settings.STRIPE_MAX_NETWORK_RETRIES = 1
        settings.PAYMENT_PROVIDERS = {
            "stripe": {"CLASS": "payments.stripe.provider.StripeConnect"},
            "pay_at_pickup": {"CLASS": "payments.providers.pay_at_pickup.PayAtPickup"},
        }
        providers_reset()
        double.require_publishable_key(PUBLISHABLE_KEY)
        for shop in (bakery, bookshop):
            ConnectedAccount.objects.create(
                vendor=shop, account_id=f"acct_{shop.slug[:12]}", charges_enabled=True
            )
        yield double
    providers_reset()


def confirmations(double):
    """(key, card number) of each confirmation the browser sent to the double."""
    return [
        (post.params["key"], post.params["payment_method_data"]["card"]["number"])
        for post in double.posts("/v1/payment_intents/")
        if post.path.endswith("/confirm")
    ]


def the_paid_order(double):
    """The one order, paid online with exactly its total, one part per shop."""
    order = Order.objects.get()
    assert order.guest_email == GUEST
    assert order.total_incl_tax == TOTAL
    assert order_provider(order).identifier == "stripe"
    (intent,) = double.objects("payment_intent")
    assert intent["status"] == "succeeded" and intent["amount_received"] == 2010
    payment = Payment.objects.get(order_number=order.number, status=PaymentStatus.SUCCEEDED)
    assert payment.intent_id == intent["id"] and payment.amount_received == TOTAL
    parts = list(Fulfilment.objects.filter(order=order))
    assert len(parts) == 2
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    # One confirmation to the resident, one note per shop.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [GUEST] + [part.vendor.email for part in parts]
    )
    return order, parts


def test_a_declined_card_then_a_good_one_places_one_paid_order(
    browser_script, home_page, stripe_double, bread, notebook
):
    resident = browser_script(
        "pay_online.mjs", email=GUEST, products=BASKET, cards=[DECLINED_CARD, GOOD_CARD]
    )

    assert resident["offered"][0] == "Jetzt online bezahlen (Karte und mehr, über Stripe)"
    assert resident["buttonText"] == "zahlungspflichtig bestellen"
    # The declined card: the page says why, nothing is ordered, and the same intent is paid
    # with the next card.
    assert resident["refused"] == ["Your card was declined."]
    assert resident["tabs"] >= 1  # the last card typed, Tab to the button, Enter

    order, parts = the_paid_order(stripe_double)
    # Stripe.js confirmed twice, with the publishable key: the declined card, the good one.
    assert confirmations(stripe_double) == [
        (PUBLISHABLE_KEY, DECLINED_CARD),
        (PUBLISHABLE_KEY, GOOD_CARD),
    ]

    thanks = resident["thanks"]
    assert thanks["heading"] == "Vielen Dank für Ihre Bestellung"
    codes = {shown["shop"]: shown["code"] for shown in thanks["parts"]}
    assert codes == {part.vendor.name: pickup_code_for(part) for part in parts}


def test_the_browser_never_returns_after_paying_and_the_webhook_places_the_order(
    browser_script, live_server, home_page, stripe_double, bread, notebook
):
    assert django_settings.STRIPE_ORDER_PLACER, (
        "settings.STRIPE_ORDER_PLACER is empty: nothing places a paid order whose browser "
        "never came back (quality bar 6)"
    )
    stripe_double.deliver_webhooks(
        live_server.url + reverse("payments:stripe_webhook"), WEBHOOK_SECRET
    )

    resident = browser_script(
        "pay_online.mjs", email=GUEST, products=BASKET, cards=[GOOD_CARD], leaveAfterPaying=True
    )
    assert confirmations(stripe_double) == [(PUBLISHABLE_KEY, GOOD_CARD)]
    # The order form went out after paying and was lost on the way: the server never got it.
    assert resident["lost"] == live_server.url + reverse("checkout:preview")

    (delivery,) = stripe_double.wait_for_webhooks(1)
    assert (delivery.type, delivery.status) == ("payment_intent.succeeded", 200), delivery
    assert WebhookEvent.objects.filter(event_id=delivery.event_id).count() == 1
    order, parts = the_paid_order(stripe_double)
    assert all(pickup_code_for(part) for part in parts)
