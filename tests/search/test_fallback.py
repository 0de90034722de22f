"""When Elasticsearch is unreachable or slow, the database answers, the answer says so, and the
failure is logged once per interval; never an error for the resident.

The Elasticsearch backend here is the real one with the real client, pointed at a port where
nothing listens, or at a server that accepts connections and never answers (a node that hangs).
"""

import logging
import socket
import threading
import time

import pytest
from django.test import override_settings

from search import backends, service
from search.backends.base import SearchQuery
from search.indexing import rebuild
from tests.factories import VendorFactory, product_of

pytestmark = pytest.mark.django_db


class BlackHole:
    """A TCP server that accepts connections and never sends a byte."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        for connection in self.connections:
            connection.close()
        self.socket.close()


def _settings(url: str, *, timeout: float = 0.3, interval: float = 60.0):
    return override_settings(
        SEARCH_BACKENDS={
            "database": {"BACKEND": "search.backends.database.DatabaseBackend"},
            "elasticsearch": {
                "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
                "URL": url,
                "INDEX": "forst-fallback",
                "TIMEOUT": timeout,
                "PROFILE": "core",
                "FALLBACK": "database",
                "WARN_INTERVAL": interval,
            },
        },
        SEARCH_BACKEND="elasticsearch",
    )


@pytest.fixture
def indexed_bread():
    product = product_of(VendorFactory(), title="Roggenbrot 1 kg")
    backends.get_backend("database").rebuild([[*service_documents([product.pk])]])
    return product


def service_documents(ids):
    from search.documents import documents_for

    return documents_for(ids)[0]


@pytest.fixture
def black_hole():
    server = BlackHole()
    yield server
    server.close()


def test_unreachable_elasticsearch_answers_from_the_database(indexed_bread, caplog):
    with _settings("http://127.0.0.1:9"):
        page = service.search(SearchQuery(text="roggenbrot"))
    assert page.degraded
    assert [product.pk for product in page.products] == [indexed_bread.pk]
    assert page.results.backend == "database"
    assert "answering from the fallback" in caplog.text


def test_a_hanging_node_times_out_into_the_fallback(indexed_bread, black_hole):
    with _settings(f"http://127.0.0.1:{black_hole.port}", timeout=0.3):
        started = time.monotonic()
        page = service.search(SearchQuery(text="roggenbrot"))
        elapsed = time.monotonic() - started
        suggestions, degraded = service.suggest("rogg")
    assert page.degraded
    assert page.count == 1
    assert degraded
    assert [suggestion.product_id for suggestion in suggestions] == [indexed_bread.pk]
    # The timeout setting bounds the wait (generous margin for a busy machine).
    assert elapsed < 5


def test_the_failure_is_logged_once_per_interval(indexed_bread, caplog):
    caplog.set_level(logging.WARNING, logger="search")
    backends.warn_once.last.clear()
    backends.warn_once.suppressed.clear()

    def warnings():
        return [record.getMessage() for record in caplog.records if record.name == "search"]

    with _settings("http://127.0.0.1:9", interval=3600):
        for _ in range(5):
            assert service.search(SearchQuery(text="roggenbrot")).degraded
    assert len(warnings()) == 1
    with _settings("http://127.0.0.1:9", interval=0):
        assert service.search(SearchQuery(text="roggenbrot")).degraded
    assert len(warnings()) == 2
    assert "4 more failures since the last warning" in warnings()[1]


def test_a_backend_without_a_fallback_raises(indexed_bread):
    with (
        override_settings(
            SEARCH_BACKENDS={
                "elasticsearch": {
                    "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
                    "URL": "http://127.0.0.1:9",
                    "INDEX": "forst-fallback",
                    "TIMEOUT": 0.3,
                    "PROFILE": "core",
                },
            },
            SEARCH_BACKEND="elasticsearch",
        ),
        pytest.raises(backends.SearchBackendError),
    ):
        backends.backend().search(SearchQuery(text="roggenbrot"))


def test_rebuild_reports_an_unreachable_backend(indexed_bread):
    with _settings("http://127.0.0.1:9"), pytest.raises(backends.SearchBackendError):
        rebuild("elasticsearch")
