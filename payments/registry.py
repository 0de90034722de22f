"""Payment providers built from settings, like Django's cache framework.

``settings.PAYMENT_PROVIDERS`` maps a name to ``{"CLASS": dotted path, "OPTIONS": {...}}``; the
first entry is the default. ``provider_for(identifier)`` gives the provider an order was paid
with; ``providers_available(vendors=...)`` those the checkout may offer for a basket and
``providers_unavailable(vendors=...)`` the others with the reason (the resident is told why).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from payments.providers.base import PaymentProvider, Unavailable


@cache
def _providers() -> dict[str, PaymentProvider]:
    built = {}
    for name, entry in settings.PAYMENT_PROVIDERS.items():
        provider = import_string(entry["CLASS"])(**entry.get("OPTIONS", {}))
        if provider.identifier != name:
            raise ValueError(f"PAYMENT_PROVIDERS[{name!r}] builds {provider.identifier!r}")
        built[name] = provider
    return built


def providers_reset() -> None:
    """Forget the built providers (tests that change PAYMENT_PROVIDERS call this)."""
    _providers.cache_clear()


def provider_for(identifier: str) -> PaymentProvider:
    return _providers()[identifier]


def providers_available(*, vendors) -> list[PaymentProvider]:
    return [
        provider
        for provider in _providers().values()
        if provider.unavailable_reason(vendors=vendors) is None
    ]


def providers_unavailable(*, vendors) -> list[tuple[PaymentProvider, Unavailable]]:
    """The providers that cannot take this basket, each with its reason for the resident."""
    found = []
    for provider in _providers().values():
        reason = provider.unavailable_reason(vendors=vendors)
        if reason is not None:
            found.append((provider, reason))
    return found


def ordering_gate() -> PaymentProvider | None:
    """The provider whose shops must be able to take its payments to be ordered from at all
    (``gates_ordering``), or None: every shop that sells online can be ordered from."""
    for provider in _providers().values():
        if provider.gates_ordering:
            return provider
    return None
