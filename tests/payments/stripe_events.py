"""Stripe webhook events as Stripe sends them, and their ``Stripe-Signature`` header.

The objects follow the shapes of Stripe's API (fields we do not read are kept where they tell a
reader what the object is). The signature is computed here the way Stripe documents it (HMAC
SHA-256 of ``"<timestamp>.<raw body>"`` with the endpoint secret, hex, as ``v1``), not with the
library we test, so a mistake in how we call the library cannot cancel itself out.
"""

import hashlib
import hmac
import itertools
import json
import time

API_VERSION = "2025-09-30.clover"
_ids = itertools.count(1)


def signature_header(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(
    event_type: str,
    obj: dict,
    *,
    created: int | None = None,
    event_id: str | None = None,
    account: str | None = None,
    previous_attributes: dict | None = None,
) -> dict:
    data: dict = {"object": obj}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    body = {
        "id": event_id or f"evt_test_{next(_ids):08d}",
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()) if created is None else created,
        "data": data,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }
    if account:
        body["account"] = account
    return body


def body_of(evt: dict) -> bytes:
    return json.dumps(evt, separators=(",", ":")).encode()


def payment_intent(
    intent_id: str,
    *,
    amount: int,
    status: str = "succeeded",
    order_number: str = "",
    latest_charge: str | None = "ch_test_1",
    last_payment_error: dict | None = None,
) -> dict:
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_received": amount if status == "succeeded" else 0,
        "capture_method": "automatic",
        "client_secret": f"{intent_id}_secret_test",
        "confirmation_method": "automatic",
        "created": int(time.time()) - 60,
        "currency": "eur",
        "last_payment_error": last_payment_error,
        "latest_charge": latest_charge if status == "succeeded" else None,
        "livemode": False,
        "metadata": {"order_number": order_number},
        "payment_method_types": ["card"],
        "status": status,
        "transfer_group": order_number,
    }


def card_declined() -> dict:
    return {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "generic_decline",
        "message": "Your card was declined.",
    }


def account(account_id: str, *, charges_enabled: bool, payouts_enabled: bool = False) -> dict:
    return {
        "id": account_id,
        "object": "account",
        "type": "express",
        "country": "DE",
        "charges_enabled": charges_enabled,
        "payouts_enabled": payouts_enabled,
        "details_submitted": charges_enabled,
        "requirements": {
            "currently_due": [] if charges_enabled else ["external_account"],
            "disabled_reason": None if charges_enabled else "requirements.past_due",
        },
        "capabilities": {
            "card_payments": "active" if charges_enabled else "inactive",
            "transfers": "active" if charges_enabled else "inactive",
        },
    }


def charge(charge_id: str, *, intent_id: str, amount: int, amount_refunded: int) -> dict:
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": amount_refunded,
        "currency": "eur",
        "paid": True,
        "payment_intent": intent_id,
        "refunded": amount_refunded == amount,
        "status": "succeeded",
    }


def transfer(transfer_id: str, *, amount: int, amount_reversed: int, group: str) -> dict:
    return {
        "id": transfer_id,
        "object": "transfer",
        "amount": amount,
        "amount_reversed": amount_reversed,
        "currency": "eur",
        "destination": "acct_test_1",
        "reversed": amount_reversed == amount,
        "transfer_group": group,
    }


def refund(refund_id: str, *, intent_id: str, amount: int, status: str) -> dict:
    return {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "currency": "eur",
        "payment_intent": intent_id,
        "status": status,
    }
