"""GET /api/v1/products/<id>/ and /api/v1/vendors/<slug>/products/: visibility and fields."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.api.factories import ProductImageFactory
from tests.factories import ProductFactory, StockRecordFactory, VendorFactory, product_of
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def detail_url(product_id) -> str:
    return reverse("api-v1:product-detail", kwargs={"id": product_id})


def vendor_products_url(slug: str) -> str:
    return reverse("api-v1:vendor-products", kwargs={"slug": slug})


def test_product_fields(api_client):
    vendor = VendorFactory(name="Leinölmühle Forst", slug="leinoelmuehle")
    confirmed = datetime(2025, 6, 2, 8, 30, tzinfo=ZoneInfo("UTC"))
    product = product_of(
        vendor,
        title="Leinöl kaltgepresst",
        description="Frisch aus der Mühle.",
        vat_category="reduced",
        unit_pricing_quantity=Decimal("250"),
        unit_pricing_unit="ml",
        stock__partner_sku="LO-250",
        stock__price=Decimal("4.49"),
        stock__num_in_stock=12,
        stock__stock_confirmed_at=confirmed,
    )

    response = api_client.get(detail_url(product.pk), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json() == {
        "id": product.pk,
        "sku": "LO-250",
        "title": "Leinöl kaltgepresst",
        "description": "Frisch aus der Mühle.",
        "vendor": {"slug": "leinoelmuehle", "name": "Leinölmühle Forst"},
        "price": "4.49",
        "currency": "EUR",
        "vat_rate": "7.00",
        "unit_price": {"amount": "17.96", "base": "1 l"},
        "availability": {
            "code": "instock",
            "message": "In stock (12 available)",
            "is_available_to_buy": True,
        },
        "stock_state": "in_stock",
        "num_available": 12,
        "stock_confirmed_at": "2025-06-02T10:30:00+02:00",
        "url": f"http://testserver{product.get_absolute_url()}",
        "image": None,
    }


@pytest.mark.parametrize(
    ("vat_category", "rate"), [("standard", "19.00"), ("reduced", "7.00"), ("exempt", "0.00")]
)
def test_vat_rate_of_each_category(api_client, vendor, vat_category, rate):
    product = product_of(vendor, vat_category=vat_category, stock__price=Decimal("10.00"))

    body = api_client.get(detail_url(product.pk)).json()

    assert body["vat_rate"] == rate
    assert body["price"] == "10.00"  # gross whatever the rate


@pytest.mark.parametrize(
    ("quantity", "unit", "base_quantity", "base_unit", "price", "expected"),
    [
        ("500", "g", None, "", "2.49", {"amount": "4.98", "base": "1 kg"}),
        ("0.75", "l", None, "", "3.00", {"amount": "4.00", "base": "1 l"}),
        ("250", "g", "100", "g", "3.20", {"amount": "1.28", "base": "100 g"}),
        ("2.5", "m", None, "", "5.00", {"amount": "2.00", "base": "1 m"}),
        ("6", "ct", None, "", "3.00", None),  # pieces: no unit price
        ("5", "g", None, "", "1.00", None),  # below 10 g: exempt
        (None, "", None, "", "1.00", None),  # no quantity given
    ],
)
def test_unit_price(api_client, vendor, quantity, unit, base_quantity, base_unit, price, expected):
    product = product_of(
        vendor,
        unit_pricing_quantity=quantity,
        unit_pricing_unit=unit,
        unit_pricing_base_quantity=base_quantity,
        unit_pricing_base_unit=base_unit,
        stock__price=Decimal(price),
    )

    assert api_client.get(detail_url(product.pk)).json()["unit_price"] == expected


def test_product_without_price(api_client, vendor):
    product = product_of(
        vendor, unit_pricing_quantity="500", unit_pricing_unit="g", stock__price=None
    )

    body = api_client.get(detail_url(product.pk)).json()

    assert body["price"] is None
    assert body["unit_price"] is None
    assert body["availability"]["is_available_to_buy"] is False
    assert body["stock_state"] == "on_request"


def test_primary_image_is_absolute_and_first_in_display_order(api_client, vendor):
    product = product_of(vendor)
    ProductImageFactory(product=product, display_order=2, original__filename="second.png")
    ProductImageFactory(product=product, display_order=1, original__filename="first.png")

    image = api_client.get(detail_url(product.pk)).json()["image"]

    assert image.startswith("http://testserver/media/")
    assert image.endswith("first.png")


def test_num_available_is_never_negative(api_client, vendor):
    product = product_of(vendor, stock__num_in_stock=2, stock__num_allocated=5)

    body = api_client.get(detail_url(product.pk)).json()

    assert body["num_available"] == 0
    assert body["stock_state"] == "out_of_stock"


class TestProductVisibility:
    def test_non_public_product_is_404(self, api_client, vendor):
        product = product_of(vendor, is_public=False)

        assert api_client.get(detail_url(product.pk)).status_code == 404

    @pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
    def test_product_of_unapproved_shop_is_404(self, api_client, status):
        product = product_of(VendorFactory(status=status))

        response = api_client.get(detail_url(product.pk))

        assert response.status_code == 404
        assert set(response.json()) == {"detail"}

    def test_product_without_stock_record_is_404(self, api_client):
        product = ProductFactory()

        assert api_client.get(detail_url(product.pk)).status_code == 404

    def test_variant_child_is_404(self, api_client, vendor):
        parent = ProductFactory(structure=Product.PARENT)
        child = ProductFactory(structure=Product.CHILD, parent=parent, title="Größe M")
        StockRecordFactory(product=child, partner=vendor.partner)

        assert api_client.get(detail_url(child.pk)).status_code == 404
        assert api_client.get(detail_url(parent.pk)).status_code == 404

    @pytest.mark.parametrize(
        "product_id", ["abc", "1.0", "-1", "0", "١", "²", "99999999999999999999999", "1e3"]
    )
    def test_malformed_or_unknown_id_is_a_json_404(self, api_client, vendor, product_id):
        product_of(vendor)

        response = api_client.get(detail_url(product_id))

        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


class TestVendorProducts:
    def test_lists_only_that_shops_public_products_newest_first(self, api_client, vendor):
        older = product_of(vendor, title="Älter")
        newer = product_of(vendor, title="Neuer")
        product_of(vendor, is_public=False)
        product_of(VendorFactory())

        response = api_client.get(vendor_products_url(vendor.slug))

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
        single = api_client.get(detail_url(newer.pk)).json()
        assert body["results"][0] == single

    @pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
    def test_unapproved_shop_is_404(self, api_client, status):
        vendor = VendorFactory(status=status)
        product_of(vendor)

        response = api_client.get(vendor_products_url(vendor.slug))

        assert response.status_code == 404
        assert set(response.json()) == {"detail"}

    def test_unknown_shop_is_404(self, api_client):
        assert api_client.get(vendor_products_url("nirgendwo")).status_code == 404

    def test_bad_page_is_404(self, api_client, vendor):
        product_of(vendor)

        assert api_client.get(vendor_products_url(vendor.slug), {"page": "3"}).status_code == 404
        assert api_client.get(vendor_products_url(vendor.slug), {"page": "x"}).status_code == 404
