"""Whatever a client sends in the path or the query, the API answers 200, 400 or 404."""

from urllib.parse import quote

import pytest
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


@pytest.mark.django_db
@pytest.mark.parametrize("segment", ["%00", "geschaeft%00", "1%00"])
def test_nul_bytes_are_refused_before_the_database(
    api_client, shop, segment, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert api_client.get(f"/api/v1/vendors/{segment}/").status_code == 404
        assert api_client.get(f"/api/v1/vendors/{segment}/products/").status_code == 404
        assert api_client.get(f"/api/v1/products/{segment}/").status_code == 404
