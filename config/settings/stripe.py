"""Stripe Connect (``payments.stripe``): keys, limits, and the provider when keys are set.

Without ``STRIPE_SECRET_KEY`` (the embedded default, the demo) nothing changes: the checkout
offers "pay at pickup" only. With it, "stripe" becomes the first (default) payment provider and
pay at pickup stays available. Which keys may run where (no live key with DEBUG, no test key in
production) is checked once the final settings are known, at start-up
(``payments.stripe.keys``).
"""

from .env import env
from .marketplace import PAYMENT_PROVIDERS as _PAYMENT_PROVIDERS

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
# Signing secret of the webhook endpoint (whsec_...); without it every webhook is refused.
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Secret of a second ("Connect": events of the shops' accounts, account.updated) endpoint on the
# same URL, if Stripe's dashboard has one; empty: one endpoint receives everything.
STRIPE_CONNECT_WEBHOOK_SECRET = env.str("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
# Seconds a webhook signature stays acceptable (Stripe's default; replays older than this fail).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Another API base, e.g. stripe-mock (http://127.0.0.1:12111) in tests; empty: Stripe's own.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Bounded waiting: a slow Stripe must not hold a checkout or a counter for long.
STRIPE_CONNECT_TIMEOUT = env.float("STRIPE_CONNECT_TIMEOUT", default=5.0)
STRIPE_READ_TIMEOUT = env.float("STRIPE_READ_TIMEOUT", default=10.0)
# Retries inside one call (timeouts, connection errors, 409, 5xx), always with the same key.
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# Put before every idempotency key; set it for an install that shares a Stripe account with
# another whose order numbers overlap (staging), so their keys never meet.
STRIPE_IDEMPOTENCY_PREFIX = env.str("STRIPE_IDEMPOTENCY_PREFIX", default="")
STRIPE_CURRENCY = "EUR"
# Dotted path of the checkout's function that places an order from a paid payment when the
# resident's browser never came back (see payments.stripe.services.payment_settle); empty:
# such payments are refunded by `manage.py payments_reconcile --settle`.
STRIPE_ORDER_PLACER = env.str(
    "STRIPE_ORDER_PLACER", default="shop.checkout.placement.order_place_from_payment"
)
# Stripe.js, loaded by the checkout's payment step (browser tests point it at a local stand-in).
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# A paid payment without order older than this is settled (placed or refunded) by the
# reconciliation; younger ones may still have a browser on its way back.
STRIPE_SETTLE_AFTER_MINUTES = env.int("STRIPE_SETTLE_AFTER_MINUTES", default=30)

if STRIPE_SECRET_KEY:
    PAYMENT_PROVIDERS = {
        "stripe": {"CLASS": "payments.stripe.provider.StripeConnect"},
        **_PAYMENT_PROVIDERS,
    }
