"""Rules of the marketplace: platform fee, reservations, pickup codes."""

# The platform's fee on each shop's part of an order (gross goods value): percent + fixed EUR.
PLATFORM_FEE_PERCENT = "5"
PLATFORM_FEE_FIXED = "0.25"
# How long stock stays reserved for a basket once the resident goes to payment.
STOCK_RESERVATION_MINUTES = 20
# Pickup code entry at a shop's counter: this many wrong codes within the window lock it.
PICKUP_CODE_MAX_FAILURES = 10
PICKUP_CODE_LOCK_MINUTES = 15

# Payment providers (payments.registry); the first is the default. Stripe joins when its keys
# are set (config/settings/stripe.py).
PAYMENT_PROVIDERS = {
    "pay_at_pickup": {"CLASS": "payments.providers.pay_at_pickup.PayAtPickup"},
}
