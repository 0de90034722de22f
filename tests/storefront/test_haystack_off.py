"""Haystack stays off every request path (architecture: it cannot talk to Elasticsearch 8+ and
its simple engine scans the product table). Any use of its SearchQuerySet or of a search backend
makes these requests fail."""

import pytest
from haystack.backends.simple_backend import SimpleSearchBackend
from haystack.query import SearchQuerySet

from search.indexing import rebuild
from tests.factories import VendorFactory
from tests.storefront.factories import category, product_in

pytestmark = pytest.mark.django_db


class HaystackUsed(AssertionError):
    pass


def _refuse(*args, **kwargs):
    raise HaystackUsed("haystack was used on a request path")


@pytest.fixture
def no_haystack(monkeypatch):
    monkeypatch.setattr(SearchQuerySet, "__init__", _refuse)
    for name in ("__iter__", "__len__", "count", "filter", "auto_query", "all", "models"):
        monkeypatch.setattr(SearchQuerySet, name, _refuse)
    monkeypatch.setattr(SimpleSearchBackend, "search", _refuse)
    monkeypatch.setattr(SimpleSearchBackend, "more_like_this", _refuse, raising=False)


def test_the_guard_itself_catches_haystack(no_haystack):
    with pytest.raises(HaystackUsed):
        SearchQuerySet()


def test_browsing_and_search_pages_never_touch_haystack(client, no_haystack):
    shop = VendorFactory()
    bread = category("Brot und Backwaren")
    product = product_in(shop, bread, title="Lausitzer Roggenbrot")
    rebuild()

    urls = [
        "/",
        "/shops/",
        shop.get_absolute_url(),
        "/catalogue/",
        bread.get_absolute_url(),
        "/search/?q=brot",
        "/search/",
        product.get_absolute_url(),
        "/basket/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url

    response = client.get("/search/?q=brot")
    assert "Lausitzer Roggenbrot" in response.content.decode()
    response = client.get(bread.get_absolute_url())
    assert "Lausitzer Roggenbrot" in response.content.decode()
