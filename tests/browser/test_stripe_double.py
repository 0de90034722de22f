"""The Stripe double's browser side (tests/payments/fault_double.py), without a browser: the
stand-in of Stripe.js, CORS, the confirmation Stripe.js sends, and the signed webhook after it.
"""

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
import stripe

from tests.payments.fault_double import DECLINED_CARD, StripeDouble

KEY = "pk_test_standin0123456789"
SECRET = "whsec_test_standin"
ORIGIN = "http://127.0.0.1:8000"


def call(url, *, data=None, method=None, headers=None):
    """(status, headers, body) of a request to the double."""
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 - the double on loopback
        url, data=body, method=method, headers={"Origin": ORIGIN, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


@pytest.fixture
def double():
    with StripeDouble() as running:
        running.require_publishable_key(KEY)
        yield running


def new_intent(double, amount=2010):
    status, _headers, body = call(
        f"{double.url}/v1/payment_intents",
        data={"amount": amount, "currency": "eur", "metadata[order_number]": "100001"},
    )
    assert status == 200
    return json.loads(body)


def confirm(double, intent, *, card="4242424242424242", key=KEY, secret=None):
    status, headers, body = call(
        f"{double.url}/v1/payment_intents/{intent['id']}/confirm",
        data={
            "key": key,
            "client_secret": secret or intent["client_secret"],
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": card,
        },
    )
    return status, headers, json.loads(body)


def test_the_standin_of_stripe_js_is_served_as_a_script(double):
    status, headers, body = call(double.js_url)
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert "window.Stripe = function Stripe(publishableKey)" in body
    assert not double.posts()


def test_browsers_may_call_it_from_another_origin(double):
    status, headers, _body = call(
        f"{double.url}/v1/payment_intents/pi_x/confirm",
        method="OPTIONS",
        headers={"Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    _status, headers, _intent = confirm(double, new_intent(double))
    assert headers["Access-Control-Allow-Origin"] == ORIGIN


def test_a_confirmation_pays_the_intent(double):
    intent = new_intent(double)
    status, _headers, paid = confirm(double, intent)
    assert status == 200
    assert (paid["id"], paid["status"]) == (intent["id"], "succeeded")
    assert paid["amount_received"] == 2010
    assert paid["latest_charge"].startswith("ch_")
    # Confirmed once; a second time is refused as Stripe does.
    status, _headers, again = confirm(double, intent)
    assert status == 400 and again["error"]["code"] == "payment_intent_unexpected_state"


def test_the_declined_test_card_is_refused_and_the_intent_can_be_paid_after(double):
    intent = new_intent(double)
    status, _headers, answer = confirm(double, intent, card=DECLINED_CARD)
    assert status == 402
    error = answer["error"]
    assert (error["type"], error["code"], error["message"]) == (
        "card_error",
        "card_declined",
        "Your card was declined.",
    )
    assert error["payment_intent"]["status"] == "requires_payment_method"
    assert confirm(double, intent)[0] == 200


@pytest.mark.parametrize(
    "change",
    [
        {"key": "sk_test_secret_in_the_browser"},
        {"key": "pk_test_of_another_account"},
        {"secret": "pi_000001_secret_guessed"},
    ],
    ids=["secret key", "other publishable key", "wrong client secret"],
)
def test_a_confirmation_needs_the_publishable_key_and_the_client_secret(double, change):
    intent = new_intent(double)
    status, _headers, answer = confirm(double, intent, **change)
    assert status in (400, 401) and answer["error"]["type"] == "invalid_request_error"
    assert double.objects("payment_intent")[0]["status"] == "requires_payment_method"


class Endpoint(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args):  # noqa: A002 - quiet
        return


def test_each_confirmation_sends_its_signed_event_to_the_webhook_endpoint(double):
    Endpoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        double.deliver_webhooks(f"http://127.0.0.1:{server.server_address[1]}/hook/", SECRET)
        intent = new_intent(double)
        confirm(double, intent, card=DECLINED_CARD)
        confirm(double, intent)
        deliveries = double.wait_for_webhooks(2, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert sorted((d.type, d.intent_id, d.status) for d in deliveries) == [
        ("payment_intent.payment_failed", intent["id"], 200),
        ("payment_intent.succeeded", intent["id"], 200),
    ]
    events = [
        stripe.Webhook.construct_event(body, signature, SECRET)
        for body, signature in Endpoint.received
    ]
    succeeded = next(event for event in events if event["type"] == "payment_intent.succeeded")
    assert succeeded["data"]["object"]["status"] == "succeeded"
    assert succeeded["data"]["object"]["amount_received"] == 2010
