"""The one module that talks to Stripe (the ``stripe`` library is imported nowhere else).

A thin client built from settings: ``STRIPE_SECRET_KEY``, ``STRIPE_API_BASE`` (stripe-mock or a
test double in tests), bounded timeouts (``STRIPE_CONNECT_TIMEOUT``/``STRIPE_READ_TIMEOUT``) and
a small number of retries (``STRIPE_MAX_NETWORK_RETRIES``; the library retries timeouts,
connection errors, 409 and 5xx, with the *same* idempotency key).

Every function is keyword-only, takes euros as ``Decimal`` and gives back plain ``dict``s as
Stripe sent them (amounts in cents, as Stripe has them). At this boundary:

* amounts become integer cents, half up (``to_cents``);
* every POST carries a deterministic idempotency key, ``"<order>:<shop>:<action>"`` (see
  ``idempotency_key``): a retry of the same step, after a timeout, a lost response or a killed
  worker, gets the object the first try created instead of a second one. (The library's own
  random key would only cover the retries inside one call.)
* Stripe's exceptions become ours (``payments.stripe.errors``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

import stripe
from django.conf import settings

from payments.stripe.errors import (
    PaymentProblem,
    PaymentRefused,
    PaymentServiceDown,
    StripeObjectMissing,
    WebhookSignatureInvalid,
)

CENT = Decimal("0.01")
#: The shop part of an idempotency key for steps on the whole basket (not one shop's part).
WHOLE_BASKET = "all"


# -- money and keys ----------------------------------------------------------------------------


def to_cents(amount: Decimal) -> int:
    """Euros to integer cents, half up; negative amounts are a bug and refused."""
    if amount < 0:
        raise ValueError(f"negative amount {amount}")
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(CENT)


def idempotency_key(order_number: str, shop: int | str, action: str) -> str:
    """``"<order>:<shop>:<action>"``, e.g. ``"100042:7:transfer"``; with
    ``STRIPE_IDEMPOTENCY_PREFIX`` set (a staging install sharing a Stripe account whose order
    numbers start again), that prefix comes first."""
    key = f"{order_number}:{shop}:{action}"
    prefix = settings.STRIPE_IDEMPOTENCY_PREFIX
    return f"{prefix}:{key}" if prefix else key


# -- the client -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    secret_key: str
    api_base: str
    connect_timeout: float
    read_timeout: float
    max_network_retries: int


@lru_cache(maxsize=8)
def _client_for(config: _Config) -> stripe.StripeClient:
    base_addresses = {"api": config.api_base} if config.api_base else None
    return stripe.StripeClient(
        config.secret_key,
        base_addresses=base_addresses,
        max_network_retries=config.max_network_retries,
        http_client=stripe.RequestsClient(timeout=(config.connect_timeout, config.read_timeout)),
    )


def _client() -> stripe.StripeClient:
    config = _Config(
        secret_key=settings.STRIPE_SECRET_KEY,
        api_base=settings.STRIPE_API_BASE,
        connect_timeout=float(settings.STRIPE_CONNECT_TIMEOUT),
        read_timeout=float(settings.STRIPE_READ_TIMEOUT),
        max_network_retries=int(settings.STRIPE_MAX_NETWORK_RETRIES),
    )
    if not config.secret_key:
        raise PaymentProblem("Stripe is not configured (STRIPE_SECRET_KEY is empty).")
    return _client_for(config)


def _call(operation: Callable[[stripe.StripeClient], Any]) -> dict:
    """Run one request; Stripe's objects become dicts, Stripe's errors ours."""
    try:
        result = operation(_client())
    except stripe.CardError as exc:
        raise PaymentRefused(exc.user_message or "", code=exc.code or "") from exc
    except (stripe.RateLimitError, stripe.APIConnectionError) as exc:
        raise PaymentServiceDown(str(exc)) from exc
    except stripe.APIError as exc:
        if exc.http_status is None or exc.http_status >= 500:
            raise PaymentServiceDown(str(exc)) from exc
        raise PaymentProblem(str(exc), code=exc.code or "", status=exc.http_status) from exc
    except stripe.InvalidRequestError as exc:
        error = StripeObjectMissing if exc.http_status == 404 else PaymentProblem
        raise error(str(exc), code=exc.code or "", status=exc.http_status) from exc
    except stripe.StripeError as exc:
        raise PaymentProblem(
            str(exc), code=getattr(exc, "code", "") or "", status=exc.http_status
        ) from exc
    return result.to_dict()


def _post_options(key: str) -> dict:
    return {"idempotency_key": key}


# -- payments ---------------------------------------------------------------------------------


def payment_intent_create(
    *,
    order_number: str,
    attempt: int,
    amount: Decimal,
    currency: str,
    metadata: dict[str, str] | None = None,
) -> dict:
    """One PaymentIntent for the whole basket, captured automatically on confirmation (see the
    package docstring), ``transfer_group`` = the order number so every shop's transfer and
    every refund can be traced to it. ``attempt`` counts the intents of one order number (a new
    one after a cancelled or voided one). The key names the amount too: after a crash between
    Stripe's answer and our row, a basket changed meanwhile gets its own intent (Stripe would
    refuse the same key with another amount) and the orphan, whose secret no browser ever saw,
    can never be paid."""
    params = {
        "amount": to_cents(amount),
        "currency": currency.lower(),
        "capture_method": "automatic",
        "automatic_payment_methods": {"enabled": True},
        "transfer_group": order_number,
        "description": f"Marktplatz Forst, Bestellung {order_number}",
        "metadata": {"order_number": order_number, **(metadata or {})},
    }
    key = idempotency_key(
        order_number, WHOLE_BASKET, f"payment_intent:{attempt}:{to_cents(amount)}"
    )
    return _call(lambda client: client.v1.payment_intents.create(params, _post_options(key)))


def payment_intent_retrieve(*, intent_id: str) -> dict:
    return _call(lambda client: client.v1.payment_intents.retrieve(intent_id))


def payment_intent_cancel(*, intent_id: str, order_number: str, attempt: int) -> dict:
    """Cancel an intent that was not paid (the basket changed before the resident paid)."""
    key = idempotency_key(order_number, WHOLE_BASKET, f"payment_intent_cancel:{attempt}")
    return _call(
        lambda client: client.v1.payment_intents.cancel(
            intent_id, {"cancellation_reason": "abandoned"}, _post_options(key)
        )
    )


def refund_create(
    *,
    payment_intent: str,
    amount: Decimal,
    order_number: str,
    shop: int | str,
    reason: str,
    metadata: dict[str, str] | None = None,
) -> dict:
    """Refund ``amount`` of the basket's payment; one refund per (order, shop, reason)."""
    params = {
        "payment_intent": payment_intent,
        "amount": to_cents(amount),
        "metadata": {"order_number": order_number, "reason": reason, **(metadata or {})},
    }
    key = idempotency_key(order_number, shop, f"refund:{reason}")
    return _call(lambda client: client.v1.refunds.create(params, _post_options(key)))


def refunds_list(*, payment_intent: str) -> list[dict]:
    """The refunds of a payment (a page of up to 100, newest first)."""
    params = {"payment_intent": payment_intent, "limit": 100}
    return _call(lambda client: client.v1.refunds.list(params))["data"]


# -- transfers to shops -------------------------------------------------------------------------


def transfer_create(
    *,
    order_number: str,
    vendor_id: int,
    amount: Decimal,
    destination: str,
    source_transaction: str,
    currency: str = "eur",
    metadata: dict[str, str] | None = None,
) -> dict:
    """The shop's share of its part, from the basket's charge (``source_transaction``: the
    transfer waits for the charge's funds instead of needing a platform balance)."""
    params = {
        "amount": to_cents(amount),
        "currency": currency.lower(),
        "destination": destination,
        "source_transaction": source_transaction,
        "transfer_group": order_number,
        "description": f"Bestellung {order_number}",
        "metadata": {"order_number": order_number, "part": f"{order_number}-{vendor_id}"}
        | (metadata or {}),
    }
    key = idempotency_key(order_number, vendor_id, "transfer")
    return _call(lambda client: client.v1.transfers.create(params, _post_options(key)))


def transfers_list(*, transfer_group: str, destination: str = "") -> list[dict]:
    """The transfers of an order (to one shop's account if given), newest first (a page)."""
    params: dict[str, Any] = {"transfer_group": transfer_group, "limit": 100}
    if destination:
        params["destination"] = destination
    return _call(lambda client: client.v1.transfers.list(params))["data"]


def transfer_reversal_create(
    *,
    transfer_id: str,
    amount: Decimal,
    order_number: str,
    vendor_id: int,
    reason: str,
) -> dict:
    """Take (part of) a shop's transfer back, for a refund of its part."""
    params = {
        "amount": to_cents(amount),
        "metadata": {"order_number": order_number, "part": f"{order_number}-{vendor_id}"}
        | {"reason": reason},
    }
    key = idempotency_key(order_number, vendor_id, f"transfer_reversal:{reason}")
    return _call(
        lambda client: client.v1.transfers.reversals.create(transfer_id, params, _post_options(key))
    )


# -- shops' connected accounts ------------------------------------------------------------------


def account_create(*, vendor_id: int, email: str = "", business_name: str = "") -> dict:
    """An Express account in Germany for a shop; once per shop (the key is the shop's)."""
    params: dict[str, Any] = {
        "type": "express",
        "country": "DE",
        "capabilities": {
            "card_payments": {"requested": True},
            "transfers": {"requested": True},
        },
        "metadata": {"vendor_id": str(vendor_id)},
    }
    if email:
        params["email"] = email
    if business_name:
        params["business_profile"] = {"name": business_name}
    key = idempotency_key("account", vendor_id, "create")
    return _call(lambda client: client.v1.accounts.create(params, _post_options(key)))


def account_retrieve(*, account_id: str) -> dict:
    return _call(lambda client: client.v1.accounts.retrieve(account_id))


def account_link_create(
    *, account_id: str, refresh_url: str, return_url: str, request_key: str
) -> dict:
    """A one-time onboarding link. Each click on "set up payments" is its own step, so the key
    names the request (``request_key``, made once per click): the library's retries of this
    call reuse it, a new click gets a fresh link."""
    params = {
        "account": account_id,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": "account_onboarding",
    }
    key = idempotency_key("account", account_id, f"link:{request_key}")
    return _call(lambda client: client.v1.account_links.create(params, _post_options(key)))


# -- webhooks ---------------------------------------------------------------------------------


def webhook_event_construct(*, payload: bytes, signature: str) -> dict:
    """The event of a webhook request, verified on the raw body against
    ``STRIPE_WEBHOOK_SECRET`` (or ``STRIPE_CONNECT_WEBHOOK_SECRET``) with
    ``STRIPE_WEBHOOK_TOLERANCE`` seconds of tolerance.

    Raises WebhookSignatureInvalid for a missing, malformed, wrong or old signature, a body that
    is not what was signed, or no configured secret. Returns the event as Stripe sent it.
    """
    secrets = [
        secret
        for secret in (settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET)
        if secret
    ]
    if not secrets:
        raise WebhookSignatureInvalid("STRIPE_WEBHOOK_SECRET is not set")
    problem = ""
    for secret in secrets:
        try:
            stripe.Webhook.construct_event(
                payload, signature, secret, tolerance=int(settings.STRIPE_WEBHOOK_TOLERANCE)
            )
            event = json.loads(payload)
            break
        except (stripe.SignatureVerificationError, ValueError) as exc:
            problem = str(exc)
    else:
        raise WebhookSignatureInvalid(problem)
    if not isinstance(event, dict) or event.get("object") != "event" or not event.get("id"):
        raise WebhookSignatureInvalid("not a Stripe event")
    return event
