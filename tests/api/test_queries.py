"""List endpoints cost a fixed number of queries, whatever the page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.factories import OpeningExceptionFactory, ProductImageFactory
from tests.factories import OpeningHoursFactory, VendorFactory, product_of

pytestmark = pytest.mark.django_db

# count + page + 2 prefetches (opening hours, exceptions)
VENDOR_LIST_QUERIES = 4
# shop (+ its 3 prefetches) + count + page + prefetched images, stock records, partners, vendors
VENDOR_PRODUCTS_QUERIES = 10


def make_vendors(count: int) -> None:
    for _ in range(count):
        vendor = VendorFactory()
        OpeningHoursFactory(vendor=vendor, weekday=0)
        OpeningHoursFactory(vendor=vendor, weekday=1)
        OpeningExceptionFactory(vendor=vendor)


def make_products(vendor, count: int) -> None:
    for n in range(count):
        product = product_of(vendor, unit_pricing_quantity="500", unit_pricing_unit="g")
        ProductImageFactory(product=product, original__filename=f"p{n}.png")


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [5, 30])
def test_vendor_list_queries_are_bounded(api_client, django_assert_max_num_queries, size):
    make_vendors(size)

    with django_assert_max_num_queries(VENDOR_LIST_QUERIES):
        body = api_client.get(reverse("api-v1:vendor-list")).json()

    assert len(body["results"]) == size


def test_vendor_list_queries_do_not_grow_with_the_page(api_client):
    make_vendors(5)
    small = queries_for(api_client, reverse("api-v1:vendor-list"))
    make_vendors(25)
    large = queries_for(api_client, reverse("api-v1:vendor-list"))

    assert small == large


@pytest.mark.parametrize("size", [5, 30])
def test_vendor_products_queries_are_bounded(
    api_client, vendor, django_assert_max_num_queries, size
):
    make_products(vendor, size)
    url = reverse("api-v1:vendor-products", kwargs={"slug": vendor.slug})

    with django_assert_max_num_queries(VENDOR_PRODUCTS_QUERIES):
        body = api_client.get(url).json()

    assert len(body["results"]) == size
    assert all(row["image"] and row["unit_price"] for row in body["results"])


def test_vendor_products_queries_do_not_grow_with_the_page(api_client, vendor):
    url = reverse("api-v1:vendor-products", kwargs={"slug": vendor.slug})
    make_products(vendor, 5)
    small = queries_for(api_client, url)
    make_products(vendor, 25)
    large = queries_for(api_client, url)

    assert small == large
