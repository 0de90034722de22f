"""Which Stripe keys may run where (quality bar 21), checked once the final settings are known.

``config/settings/stripe.py`` cannot decide this itself: it is imported by ``base.py`` before
``local.py`` sets DEBUG. ``payments.models`` calls ``stripe_keys_check`` when Django loads the
apps, so every process (web, worker, management command) refuses to start with:

* a live secret key (``sk_live_``/``rk_live_``) while DEBUG is on (a developer's machine, a
  demo: real money must never move there);
* a test key (``sk_test_``/``rk_test_``) under production settings (a settings module named
  ``production``: residents would "pay" with test cards and nothing would arrive);
* under production settings, a secret key without ``STRIPE_WEBHOOK_SECRET`` or
  ``STRIPE_PUBLISHABLE_KEY`` (orders would never complete from Stripe's events, or the
  browser could not pay), or with ``STRIPE_API_BASE`` pointing anywhere but Stripe.
"""

from django.core.exceptions import ImproperlyConfigured

LIVE_PREFIXES = ("sk_live_", "rk_live_")
TEST_PREFIXES = ("sk_test_", "rk_test_")


def stripe_keys_problem(
    *,
    secret_key: str,
    debug: bool,
    production: bool,
    webhook_secret: str = "",
    publishable_key: str = "",
    api_base: str = "",
) -> str | None:
    """Why this combination must not start, or None."""
    if not secret_key:
        return None
    if debug and secret_key.startswith(LIVE_PREFIXES):
        return "A live Stripe key (STRIPE_SECRET_KEY=sk_live_...) is refused while DEBUG is on."
    if not production:
        return None
    if secret_key.startswith(TEST_PREFIXES):
        return "A Stripe test key (STRIPE_SECRET_KEY=sk_test_...) is refused in production."
    if not webhook_secret:
        return "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is missing."
    if not publishable_key:
        return "STRIPE_SECRET_KEY is set but STRIPE_PUBLISHABLE_KEY is missing."
    if api_base:
        return "STRIPE_API_BASE must not be set in production (it is for stripe-mock)."
    return None


def stripe_keys_check() -> None:
    """Raise ImproperlyConfigured for a combination ``stripe_keys_problem`` refuses."""
    from django.conf import settings

    module = (getattr(settings, "SETTINGS_MODULE", "") or "").rsplit(".", 1)[-1]
    problem = stripe_keys_problem(
        secret_key=settings.STRIPE_SECRET_KEY,
        debug=settings.DEBUG,
        production=module == "production",
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
        api_base=settings.STRIPE_API_BASE,
    )
    if problem:
        raise ImproperlyConfigured(problem)
