"""Whatever a client sends in the path or the query, the API answers 200, 400 or 404."""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import VendorFactory, product_of

# Any text but "/" (which would leave the API's routes) and lone surrogates (not encodable).
path_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/"),
    min_size=1,
    max_size=40,
)
query_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
ANSWERS = {200, 400, 404}
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def shop(db):
    vendor = VendorFactory(slug="fahrrad-neumann")
    product_of(vendor)
    return vendor


@pytest.mark.django_db
@FUZZ
@given(segment=path_text)
def test_any_path_segment(api_client, shop, segment):
    quoted = quote(segment, safe="")
    for url in (
        f"/api/v1/vendors/{quoted}/",
        f"/api/v1/vendors/{quoted}/products/",
        f"/api/v1/products/{quoted}/",
    ):
        response = api_client.get(url)
        assert response.status_code in ANSWERS, url
        assert response["Content-Type"] == "application/json", url


@pytest.mark.django_db
@FUZZ
@given(page=query_text, page_size=query_text, trade=query_text, other=query_text)
def test_any_query(api_client, shop, page, page_size, trade, other):
    query = {"page": page, "page_size": page_size, "trade": trade, other or "x": other}
    for url in (
        reverse("api-v1:vendor-list"),
        reverse("api-v1:vendor-products", kwargs={"slug": shop.slug}),
    ):
        response = api_client.get(url, query)
        assert response.status_code in ANSWERS, (url, query)


# Wagtail's RedirectMiddleware (config/settings/base.py) looks every 404 of the site up in its
# redirects: the request's Site, then the path, percent-encoded ("%00", never a NUL byte). Those
# two reads belong to the site, not to the API, which is why the check below is "no query of the
# API's own and no NUL byte in any query" rather than "no query at all".
REDIRECT_LOOKUP_TABLES = {"wagtailcore_site", "wagtailcore_page", "wagtailredirects_redirect"}


def _tables(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))


def _queries_of_404s(api_client, segment: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        for url in (
            f"/api/v1/vendors/{segment}/",
            f"/api/v1/vendors/{segment}/products/",
            f"/api/v1/products/{segment}/",
        ):
            response = api_client.get(url)
            assert response.status_code == 404, url
            assert response["Content-Type"] == "application/json", url
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("segment", ["%00", "geschaeft%00", "1%00"])
def test_nul_bytes_are_refused_before_the_database(api_client, shop, segment):
    queries = _queries_of_404s(api_client, segment)

    assert [sql for sql in queries if not _tables(sql) <= REDIRECT_LOOKUP_TABLES] == []
    assert not any("\x00" in sql for sql in queries)


@pytest.mark.django_db
@pytest.mark.parametrize("segment", ["geschaeft", "999999"])
def test_the_nul_byte_check_would_see_a_query_of_the_api(api_client, shop, segment):
    """The same URLs without the NUL byte reach the database, and the check above notices."""
    queries = _queries_of_404s(api_client, segment)

    api_tables = set().union(*map(_tables, queries)) - REDIRECT_LOOKUP_TABLES
    assert api_tables >= ({"catalogue_product"} if segment.isdigit() else {"vendors_vendor"})
