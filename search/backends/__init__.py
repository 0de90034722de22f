"""The search backends configured in ``settings.SEARCH_BACKENDS``, like Django's caches.

    SEARCH_BACKENDS = {
        "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
        "elasticsearch": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:9200", "INDEX": "forst-products", "TIMEOUT": 2.0,
            "PROFILE": "core", "FALLBACK": "database",
        },
    }
    SEARCH_BACKEND = "database"  # the alias that answers searches

``backend()`` gives the one that answers searches, ``all_backends()`` every configured one
(indexing writes to each, so a fallback is always up to date). A backend with ``FALLBACK``
answers from that alias when it raises ``SearchBackendError``; see ``FallbackSearch``.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from search.backends.base import (
    BaseSearchBackend,
    SearchBackendError,
    SearchQuery,
    SearchResults,
    Suggestion,
)

logger = logging.getLogger("search")

DEFAULT_BACKENDS = {"database": {"BACKEND": "search.backends.database.DatabaseBackend"}}
# A failing backend is reported at most once per this many seconds (per process).
DEFAULT_WARN_INTERVAL = 60.0

_lock = threading.Lock()
_instances: dict[str, BaseSearchBackend] = {}


def _config() -> dict:
    return getattr(settings, "SEARCH_BACKENDS", None) or DEFAULT_BACKENDS


def get_backend(alias: str) -> BaseSearchBackend:
    with _lock:
        if alias not in _instances:
            options = _config().get(alias)
            if options is None:
                raise KeyError(f"No search backend {alias!r} in settings.SEARCH_BACKENDS")
            backend_class = import_string(options["BACKEND"])
            _instances[alias] = backend_class(alias, options)
        return _instances[alias]


def all_backends() -> list[BaseSearchBackend]:
    return [get_backend(alias) for alias in _config()]


def backend() -> "FallbackSearch":
    """The backend that answers searches (``settings.SEARCH_BACKEND``), with its fallback."""
    alias = getattr(settings, "SEARCH_BACKEND", "database")
    primary = get_backend(alias)
    fallback_alias = primary.options.get("FALLBACK")
    fallback = get_backend(fallback_alias) if fallback_alias else None
    return FallbackSearch(primary, fallback)


class _WarnOnce:
    """Logs a backend failure at most once per interval; counts the ones it kept quiet."""

    def __init__(self):
        self.last: dict[str, float] = {}
        self.suppressed: dict[str, int] = {}

    def __call__(self, alias: str, error: Exception, interval: float) -> None:
        now = time.monotonic()
        with _lock:
            last = self.last.get(alias)
            if last is not None and now - last < interval:
                self.suppressed[alias] = self.suppressed.get(alias, 0) + 1
                return
            self.last[alias] = now
            quiet = self.suppressed.pop(alias, 0)
        logger.warning(
            "Search backend %r failed (%s); answering from the fallback%s",
            alias,
            error,
            f" ({quiet} more failures since the last warning)" if quiet else "",
        )


warn_once = _WarnOnce()


class FallbackSearch:
    """Asks the primary backend; when it fails, the fallback, and marks the answer degraded."""

    def __init__(self, primary: BaseSearchBackend, fallback: BaseSearchBackend | None):
        self.primary = primary
        self.fallback = fallback

    def _interval(self) -> float:
        return float(self.primary.options.get("WARN_INTERVAL", DEFAULT_WARN_INTERVAL))

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            results = self.primary.search(query)
        except SearchBackendError as error:
            if self.fallback is None:
                raise
            warn_once(self.primary.name, error, self._interval())
            results = self.fallback.search(query)
            results.degraded = True
        return results

    def suggest(self, prefix: str, *, limit: int = 8) -> tuple[list[Suggestion], bool]:
        """Suggestions and whether they came from the fallback."""
        try:
            return self.primary.suggest(prefix, limit=limit), False
        except SearchBackendError as error:
            if self.fallback is None:
                raise
            warn_once(self.primary.name, error, self._interval())
            return self.fallback.suggest(prefix, limit=limit), True


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting in {"SEARCH_BACKENDS", "SEARCH_BACKEND"}:
        with _lock:
            _instances.clear()
