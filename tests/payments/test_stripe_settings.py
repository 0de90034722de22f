"""Stripe's settings in a clean interpreter: the provider joins only with keys, and keys are
refused where they must not run (quality bar 21)."""

import os
import subprocess
import sys

import pytest

from payments.stripe.keys import stripe_keys_problem
from tests.config.test_settings import PRODUCTION_ENV, ROOT, load_settings

LIVE = {
    "STRIPE_SECRET_KEY": "sk_live_forstMarketplace0123456789",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_forstMarketplace0123456789",
    "STRIPE_WEBHOOK_SECRET": "whsec_forstMarketplace0123456789",
}
TEST = {**LIVE, "STRIPE_SECRET_KEY": "sk_test_forstMarketplace0123456789"}
SHOW = "print(list(settings.PAYMENT_PROVIDERS))"


def providers(module: str, env: dict[str, str]):
    """Like ``load_settings``, printing the payment providers."""
    code = f"import django; from django.conf import settings; django.setup(); {SHOW}"
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_keys_only_pay_at_pickup():
    result = providers("config.settings.local", {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['pay_at_pickup']"


def test_with_test_keys_in_development_stripe_comes_first_and_pay_at_pickup_stays():
    result = providers("config.settings.local", TEST)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['stripe', 'pay_at_pickup']"


def test_a_live_key_is_refused_with_debug():
    result = load_settings("config.settings.local", LIVE)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "live Stripe key" in result.stderr


def test_a_test_key_is_refused_in_production():
    result = load_settings("config.settings.production", {**PRODUCTION_ENV, **TEST})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "test key" in result.stderr


def test_production_starts_with_live_keys():
    result = providers("config.settings.production", {**PRODUCTION_ENV, **LIVE})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['stripe', 'pay_at_pickup']"


def test_production_refuses_a_live_key_without_its_webhook_secret():
    env = {key: value for key, value in LIVE.items() if key != "STRIPE_WEBHOOK_SECRET"}
    result = load_settings("config.settings.production", {**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET" in result.stderr


@pytest.mark.parametrize(
    ("key", "debug", "production", "refused"),
    [
        ("", True, False, False),
        ("sk_test_x", True, False, False),
        ("sk_live_x", True, False, True),
        ("rk_live_x", True, False, True),
        ("sk_live_x", False, False, False),
        ("sk_test_x", False, True, True),
        ("rk_test_x", False, True, True),
        ("sk_live_x", False, True, False),
    ],
)
def test_the_rule(key, debug, production, refused):
    problem = stripe_keys_problem(
        secret_key=key,
        debug=debug,
        production=production,
        webhook_secret="whsec_x",
        publishable_key="pk_x",
    )
    assert (problem is not None) == refused
