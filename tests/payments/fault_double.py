"""A small Stripe API double on loopback that can be told to misbehave.

stripe-mock checks our requests against Stripe's OpenAPI spec but is stateless: it cannot show
that a retry creates nothing twice, nor lose a response on purpose. This double keeps state for
the few endpoints we use (PaymentIntents, Refunds, Transfers and their reversals, Accounts,
Account Links), honours idempotency keys the way Stripe does (same key, same parameters: the
first answer again; other parameters: 400 ``idempotency_error``), records every request, and
injects faults queued by a test:

* ``"500"`` / ``"429"``: answer with that error *without* doing anything;
* ``"slow"``: do the work, then wait ``SLOW_SECONDS`` before answering (a client with a shorter
  read timeout gives up although the object exists: a timeout with an effect);
* ``"drop"``: do the work, then close the connection without an answer (a lost response).

Bounded: it binds 127.0.0.1 only, on a port of the kernel's choosing, serves each request in a
daemon thread, waits at most ``SLOW_SECONDS``, and stops when the fixture ends.

For the browser tests (tests/browser) it also plays Stripe's browser side:

* ``GET /js/v3/`` (``double.js_url``) serves a stand-in of Stripe.js
  (tests/browser/stripe_standin.js), which talks to this double;
* every answer carries CORS headers, and ``OPTIONS`` answers preflights, as Stripe's API does
  for Stripe.js on another origin;
* ``POST /v1/payment_intents/<id>/confirm`` is what Stripe.js sends: the publishable key
  (``key``, never a secret key; ``require_publishable_key`` pins which) and the intent's
  ``client_secret`` instead of the secret key. The card decides: ``4000000000000002`` is
  declined ("Your card was declined.", 402, the intent needs another payment method), any other
  number pays the intent;
* ``deliver_webhooks(url, secret)``: after each confirmation the double sends the matching event
  (``payment_intent.succeeded`` or ``payment_intent.payment_failed``) to ``url``, signed with
  ``secret`` as Stripe signs, from a thread of its own (as Stripe does, whatever the browser
  does next); ``wait_for_webhooks`` waits (bounded) for their answers.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from tests.payments import stripe_events

SLOW_SECONDS = 1.5
STRIPE_JS_PATH = "/js/v3/"
STRIPE_JS_STANDIN = Path(__file__).resolve().parent.parent / "browser" / "stripe_standin.js"
DECLINED_CARD = "4000000000000002"  # Stripe's test card "generic decline"
WEBHOOK_TIMEOUT = 30  # seconds the double waits for the webhook endpoint's answer


def parse_form(body: str) -> dict:
    """Stripe's form encoding (``metadata[order_number]=1``, ``a[b][c]=x``) as nested dicts."""
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return result


@dataclass
class Fault:
    kind: str  # "500", "429", "slow", "drop"
    method: str
    path: str  # a prefix of the request path


@dataclass
class Request:
    method: str
    path: str
    params: dict
    idempotency_key: str | None


@dataclass
class Delivery:
    """A webhook the double sent, and the endpoint's answer (status None: no answer)."""

    event_id: str
    type: str
    intent_id: str
    status: int | None
    body: str


@dataclass
class DoubleState:
    objects: dict[str, dict] = field(default_factory=dict)
    idempotent: dict[str, tuple[str, dict, int, dict]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    # The browser side (see the module docstring).
    publishable_key: str = ""  # when set, the only key a confirmation may carry
    webhook_url: str = ""
    webhook_secret: str = ""
    deliveries: list[Delivery] = field(default_factory=list)
    delivered: threading.Condition = field(default_factory=threading.Condition)


class StripeDouble:
    """Start with ``with StripeDouble() as double:``; ``double.url`` is the API base."""

    def __init__(self):
        self.state = DoubleState()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self.state))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))
        self._thread.daemon = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StripeDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- what a test tells the double ------------------------------------------------------

    def fail_next(self, kind: str, method: str = "POST", path: str = "/v1/", times: int = 1):
        with self.state.lock:
            self.state.faults.extend(Fault(kind, method, path) for _ in range(times))

    def intent_pays(self, intent_id: str, *, amount_received: int | None = None) -> dict:
        """The resident paid (what Stripe.js and the bank do): the intent succeeds."""
        with self.state.lock:
            return _intent_pay(self.state, intent_id, amount_received=amount_received)

    def intent_fails(self, intent_id: str, message: str = "Your card was declined.") -> dict:
        with self.state.lock:
            return _intent_fail(self.state, intent_id, message)

    # -- the browser side --------------------------------------------------------------------

    @property
    def js_url(self) -> str:
        """Where the stand-in of Stripe.js is served (``settings.STRIPE_JS_URL``)."""
        return f"{self.url}{STRIPE_JS_PATH}"

    def require_publishable_key(self, key: str) -> None:
        with self.state.lock:
            self.state.publishable_key = key

    def deliver_webhooks(self, url: str, secret: str) -> None:
        """Send the event of each confirmation to ``url``, signed with ``secret``."""
        with self.state.lock:
            self.state.webhook_url, self.state.webhook_secret = url, secret

    def wait_for_webhooks(self, count: int = 1, timeout: float = WEBHOOK_TIMEOUT + 5):
        """The first ``count`` deliveries once answered; AssertionError after ``timeout``."""
        with self.state.delivered:
            if not self.state.delivered.wait_for(
                lambda: len(self.state.deliveries) >= count, timeout=timeout
            ):
                raise AssertionError(
                    f"{len(self.state.deliveries)} of {count} webhooks delivered in {timeout}s"
                )
            return list(self.state.deliveries[:count])

    def account_set(self, account_id: str, **flags) -> dict:
        with self.state.lock:
            self.state.objects[account_id].update(flags)
            return dict(self.state.objects[account_id])

    def forget_idempotency_keys(self) -> None:
        """As Stripe does after 24 hours."""
        with self.state.lock:
            self.state.idempotent.clear()

    def objects(self, kind: str) -> list[dict]:
        with self.state.lock:
            return [dict(o) for o in self.state.objects.values() if o.get("object") == kind]

    def posts(self, path_prefix: str = "/v1/") -> list[Request]:
        with self.state.lock:
            return [
                r
                for r in self.state.requests
                if r.method == "POST" and r.path.startswith(path_prefix)
            ]


def _error(status: int, kind: str, message: str, code: str = "") -> tuple[int, dict]:
    return status, {"error": {"type": kind, "message": message, "code": code or None}}


def _handler_for(state: DoubleState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 10

        def log_message(self, format, *args):  # noqa: A002 - quiet
            return

        def do_GET(self):
            self._serve("GET")

        def do_POST(self):
            self._serve("POST")

        def do_DELETE(self):
            self._serve("DELETE")

        def do_OPTIONS(self):  # the CORS preflight of a browser's request
            self.send_response(204)
            self._cors_headers()
            self.send_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
            self.send_header(
                "Access-Control-Allow-Headers",
                self.headers.get("Access-Control-Request-Headers") or "Content-Type",
            )
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _cors_headers(self) -> None:
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
            self.send_header("Vary", "Origin")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            url = urlsplit(self.path)
            if method == "GET" and url.path in {STRIPE_JS_PATH, STRIPE_JS_PATH.rstrip("/")}:
                return self._script()
            params = parse_form(body if method == "POST" else url.query)
            key = self.headers.get("Idempotency-Key")
            with state.lock:
                state.requests.append(Request(method, url.path, params, key))
                fault = next(
                    (f for f in state.faults if f.method == method and url.path.startswith(f.path)),
                    None,
                )
                if fault is not None:
                    state.faults.remove(fault)
            if fault is not None and fault.kind in {"500", "429"}:
                status, payload = (
                    _error(500, "api_error", "Something went wrong on Stripe's end.")
                    if fault.kind == "500"
                    else _error(429, "invalid_request_error", "Too many requests.", "rate_limit")
                )
                return self._answer(status, payload)
            status, payload = self._result(method, url.path, params, key)
            if fault is not None and fault.kind == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return None
            if fault is not None and fault.kind == "slow":
                time.sleep(SLOW_SECONDS)
            self._answer(status, payload)
            if method == "POST" and _is_confirmation(url.path):
                _webhook_send_later(state, status, payload)
            return None

        def _result(self, method, path, params, key) -> tuple[int, dict]:
            with state.lock:
                if method == "POST" and key:
                    seen = state.idempotent.get(key)
                    if seen is not None:
                        seen_path, seen_params, status, payload = seen
                        if seen_path != path or seen_params != params:
                            return _error(
                                400,
                                "idempotency_error",
                                "Keys for idempotent requests can only be used with the same "
                                "parameters they were first used with.",
                            )
                        return status, payload
                status, payload = _route(state, method, path, params)
                if method == "POST" and key:
                    state.idempotent[key] = (path, params, status, payload)
                return status, payload

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", "req_double")
            self._cors_headers()
            self.end_headers()
            self.wfile.write(data)

        def _script(self) -> None:
            data = STRIPE_JS_STANDIN.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self._cors_headers()
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _new_id(state: DoubleState, prefix: str) -> str:
    return f"{prefix}_{next(state.ids):06d}"


def _intent_pay(state: DoubleState, intent_id: str, *, amount_received: int | None) -> dict:
    """The intent succeeds with a charge (the state's lock held)."""
    intent = state.objects[intent_id]
    charge_id = f"ch_{next(state.ids):06d}"
    intent.update(
        status="succeeded",
        latest_charge=charge_id,
        amount_received=intent["amount"] if amount_received is None else amount_received,
    )
    state.objects[charge_id] = {
        "id": charge_id,
        "object": "charge",
        "amount": intent["amount"],
        "amount_refunded": 0,
        "payment_intent": intent_id,
    }
    return dict(intent)


def _intent_fail(state: DoubleState, intent_id: str, message: str) -> dict:
    """The payment attempt failed; the intent wants another payment method (lock held)."""
    intent = state.objects[intent_id]
    intent.update(
        status="requires_payment_method",
        last_payment_error={"type": "card_error", "message": message},
    )
    return dict(intent)


# -- the browser side ------------------------------------------------------------------------


def _is_confirmation(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 4 and parts[1] == "payment_intents" and parts[3] == "confirm"


def _intent_confirm(state: DoubleState, intent: dict, params: dict) -> tuple[int, dict]:
    """Stripe.js confirming ``intent`` with a card (the state's lock held)."""
    key = params.get("key", "")
    if not key.startswith("pk_") or (state.publishable_key and key != state.publishable_key):
        return _error(401, "invalid_request_error", f"Invalid API Key provided: {key[:8]}***")
    if params.get("client_secret") != intent["client_secret"]:
        return _error(
            400,
            "invalid_request_error",
            "The client_secret provided does not match any associated PaymentIntent on this "
            "account.",
            "payment_intent_invalid_parameter",
        )
    if intent["status"] not in {"requires_payment_method", "requires_confirmation"}:
        return _error(
            400,
            "invalid_request_error",
            f"You cannot confirm this PaymentIntent because it has a status of {intent['status']}.",
            "payment_intent_unexpected_state",
        )
    card = (params.get("payment_method_data") or {}).get("card") or {}
    number = "".join(str(card.get("number", "")).split())
    if number == DECLINED_CARD:
        message = "Your card was declined."
        failed = _intent_fail(state, intent["id"], message)
        status, payload = _error(402, "card_error", message, "card_declined")
        payload["error"].update(decline_code="generic_decline", payment_intent=failed)
        return status, payload
    return 200, _intent_pay(state, intent["id"], amount_received=None)


def _webhook_send_later(state: DoubleState, status: int, payload: dict) -> None:
    """After a confirmation, its event to the webhook endpoint (if the test set one)."""
    if status == 200:
        event_type, intent = "payment_intent.succeeded", payload
    elif status == 402 and isinstance(payload["error"].get("payment_intent"), dict):
        event_type, intent = "payment_intent.payment_failed", payload["error"]["payment_intent"]
    else:
        return
    with state.lock:
        url, secret = state.webhook_url, state.webhook_secret
    if url:
        thread = threading.Thread(
            target=_webhook_send, args=(state, url, secret, event_type, intent), daemon=True
        )
        thread.start()


def _webhook_send(state: DoubleState, url: str, secret: str, event_type: str, intent: dict):
    event = stripe_events.event(event_type, intent)
    body = stripe_events.body_of(event)
    request = urllib.request.Request(  # noqa: S310 - a loopback URL the test gave
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": stripe_events.signature_header(body, secret),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            status, text = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode(errors="replace")
    except OSError as exc:
        status, text = None, str(exc)
    with state.delivered:
        state.deliveries.append(Delivery(event["id"], event_type, intent["id"], status, text))
        state.delivered.notify_all()


def _missing(what: str) -> tuple[int, dict]:
    return _error(404, "invalid_request_error", f"No such {what}", "resource_missing")


def _route(state: DoubleState, method: str, path: str, params: dict) -> tuple[int, dict]:
    """The few endpoints we use; called with the state's lock held."""
    objects = state.objects
    now = int(time.time())
    parts = path.strip("/").split("/")[1:]  # without "v1"
    if parts == ["payment_intents"] and method == "POST":
        intent_id = _new_id(state, "pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "capture_method": params.get("capture_method", "automatic"),
            "client_secret": f"{intent_id}_secret_double",
            "created": now,
            "latest_charge": None,
            "last_payment_error": None,
            "metadata": params.get("metadata", {}),
            "status": "requires_payment_method",
            "transfer_group": params.get("transfer_group"),
            "livemode": False,
        }
        objects[intent_id] = intent
        return 200, dict(intent)
    if len(parts) >= 2 and parts[0] == "payment_intents":
        intent = objects.get(parts[1])
        if intent is None:
            return _missing("payment_intent")
        if len(parts) == 2 and method == "GET":
            return 200, dict(intent)
        if parts[2:] == ["confirm"] and method == "POST":
            return _intent_confirm(state, intent, params)
        if parts[2:] == ["cancel"] and method == "POST":
            if intent["status"] in {"succeeded", "processing"}:
                return _error(
                    400,
                    "invalid_request_error",
                    f"This PaymentIntent's status is {intent['status']}.",
                    "payment_intent_unexpected_state",
                )
            intent["status"] = "canceled"
            return 200, dict(intent)
    if parts == ["refunds"] and method == "POST":
        intent = objects.get(params.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            return _error(
                400, "invalid_request_error", "Not a succeeded payment", "charge_not_paid"
            )
        charge = objects[intent["latest_charge"]]
        amount = int(params.get("amount") or intent["amount_received"])
        if charge["amount_refunded"] + amount > intent["amount_received"]:
            return _error(
                400, "invalid_request_error", "Refund exceeds charge", "charge_already_refunded"
            )
        charge["amount_refunded"] += amount
        refund = {
            "id": _new_id(state, "re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "currency": intent["currency"],
            "metadata": params.get("metadata", {}),
            "status": "succeeded",
            "created": now,
        }
        objects[refund["id"]] = refund
        return 200, dict(refund)
    if parts == ["refunds"] and method == "GET":
        found = [
            dict(o)
            for o in objects.values()
            if o.get("object") == "refund"
            and (
                not params.get("payment_intent") or o["payment_intent"] == params["payment_intent"]
            )
        ]
        return 200, {"object": "list", "data": found[::-1], "has_more": False, "url": "/v1/refunds"}
    if parts == ["transfers"] and method == "POST":
        transfer = {
            "id": _new_id(state, "tr"),
            "object": "transfer",
            "amount": int(params["amount"]),
            "amount_reversed": 0,
            "currency": params["currency"],
            "destination": params["destination"],
            "source_transaction": params.get("source_transaction"),
            "transfer_group": params.get("transfer_group"),
            "metadata": params.get("metadata", {}),
            "reversed": False,
            "created": now,
        }
        objects[transfer["id"]] = transfer
        return 200, dict(transfer)
    if parts == ["transfers"] and method == "GET":
        found = [
            dict(o)
            for o in objects.values()
            if o.get("object") == "transfer"
            and (
                not params.get("transfer_group") or o["transfer_group"] == params["transfer_group"]
            )
            and (not params.get("destination") or o["destination"] == params["destination"])
        ]
        return 200, {
            "object": "list",
            "data": found[::-1],
            "has_more": False,
            "url": "/v1/transfers",
        }
    if len(parts) == 3 and parts[0] == "transfers" and parts[2] == "reversals":
        transfer = objects.get(parts[1])
        if transfer is None:
            return _missing("transfer")
        amount = int(params.get("amount") or transfer["amount"] - transfer["amount_reversed"])
        if transfer["amount_reversed"] + amount > transfer["amount"]:
            return _error(400, "invalid_request_error", "Reversal exceeds transfer")
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        reversal = {
            "id": _new_id(state, "trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "transfer": transfer["id"],
            "metadata": params.get("metadata", {}),
            "created": now,
        }
        objects[reversal["id"]] = reversal
        return 200, dict(reversal)
    if parts == ["accounts"] and method == "POST":
        account = {
            "id": _new_id(state, "acct"),
            "object": "account",
            "type": params.get("type"),
            "country": params.get("country"),
            "email": params.get("email"),
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "requirements": {"currently_due": ["external_account"], "disabled_reason": None},
            "metadata": params.get("metadata", {}),
            "created": now,
        }
        objects[account["id"]] = account
        return 200, dict(account)
    if len(parts) == 2 and parts[0] == "accounts" and method == "GET":
        account = objects.get(parts[1])
        return (200, dict(account)) if account else _missing("account")
    if parts == ["account_links"] and method == "POST":
        return 200, {
            "object": "account_link",
            "url": f"https://connect.stripe.test/setup/{params['account']}/{next(state.ids)}",
            "created": now,
            "expires_at": now + 300,
        }
    return _error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})")
