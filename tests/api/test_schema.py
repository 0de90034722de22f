"""The OpenAPI schema: generated without warnings, valid, and true to what the API answers."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from jsonschema import Draft202012Validator, FormatChecker
from oscar.core.loading import get_model

from search.indexing import rebuild
from tests.api.factories import ProductImageFactory
from tests.factories import OpeningHoursFactory, VendorFactory, product_of

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

SCHEMA_URL = reverse("api-schema")


@pytest.fixture
def schema(api_client) -> dict:
    response = api_client.get(SCHEMA_URL, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_generates_without_warnings_and_validates(tmp_path):
    """The equivalent of ``manage.py spectacular --validate --fail-on-warn`` in CI."""
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--custom-settings",
        "api.schema.SCHEMA_SETTINGS",
        "--file",
        str(out),
    )

    assert "/api/v1/vendors/" in out.read_text()


@pytest.mark.django_db
def test_schema_view_serves_yaml_by_default(api_client):
    response = api_client.get(SCHEMA_URL)

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.3")


@pytest.mark.django_db
def test_schema_holds_the_public_api_only_in_english(schema):
    assert set(schema["paths"]) == set(EXAMPLE_URLS)
    page = next(
        p for p in schema["paths"]["/api/v1/vendors/"]["get"]["parameters"] if p["name"] == "page"
    )
    assert page["description"] == "A page number within the paginated result set."


def test_schema_describes_stock_states_and_trades(schema):
    components = schema["components"]["schemas"]
    assert components["StockStateEnum"]["enum"] == [
        "in_stock",
        "low_stock",
        "out_of_stock",
        "in_shop_only",
        "on_request",
    ]
    assert "`on_request`" in components["Product"]["properties"]["stock_state"]["description"]
    assert "bakery" in components["TradeEnum"]["enum"]


# Conformance: every documented path answers 200 with a body its schema accepts.

EXAMPLE_URLS = {
    "/api/v1/vendors/": lambda data: "/api/v1/vendors/",
    "/api/v1/vendors/{slug}/": lambda data: f"/api/v1/vendors/{data['vendor'].slug}/",
    "/api/v1/vendors/{slug}/products/": lambda data: (
        f"/api/v1/vendors/{data['vendor'].slug}/products/"
    ),
    "/api/v1/products/{id}/": lambda data: f"/api/v1/products/{data['product'].pk}/",
    "/api/v1/search/": lambda data: "/api/v1/search/?category=" + str(data["category"].pk),
    "/api/v1/search/suggest/": lambda data: "/api/v1/search/suggest/?q=prod",
}


@pytest.fixture
def data(db):
    """Shops and products that exercise both the filled and the null variant of each field."""
    vendor = VendorFactory(latitude=Decimal("51.7356"), longitude=Decimal("14.6341"))
    OpeningHoursFactory(vendor=vendor)
    VendorFactory(latitude=None, longitude=None, phone="", website="")
    product = product_of(
        vendor,
        unit_pricing_quantity="500",
        unit_pricing_unit="g",
        stock__stock_confirmed_at="2025-06-02T08:00:00Z",
    )
    ProductImageFactory(product=product)
    unpriced = product_of(vendor, stock__price=None, stock__num_in_stock=None)
    garden = Category.add_root(name="Garten", is_public=True)
    roses = garden.add_child(name="Rosen", is_public=True)
    for item, place in [(product, garden), (unpriced, roses)]:
        ProductCategory.objects.create(product=item, category=place)
    rebuild()  # the search endpoints answer from the index
    return {"vendor": vendor, "product": product, "category": garden}


def to_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema 2020-12; objects refuse undocumented keys."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {
        key: (
            {name: to_json_schema(prop) for name, prop in value.items()}
            if key == "properties"
            else to_json_schema(value)
        )
        for key, value in node.items()
        if key not in ("nullable", "example", "readOnly", "writeOnly")
    }
    if converted.get("type") == "object" and "properties" in converted:
        converted.setdefault("additionalProperties", False)
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator_for(schema: dict, response_schema: dict) -> Draft202012Validator:
    root = {**to_json_schema(response_schema), "components": to_json_schema(schema["components"])}
    return Draft202012Validator(root, format_checker=FormatChecker())


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(EXAMPLE_URLS))
def test_documented_path_answers_as_documented(api_client, schema, data, path):
    operation = schema["paths"][path]["get"]
    url = EXAMPLE_URLS[path](data)

    response = api_client.get(url)

    assert response.status_code == 200
    body = response.json()
    documented = operation["responses"]["200"]["content"]["application/json"]["schema"]
    errors = sorted(validator_for(schema, documented).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    if "results" in body:
        assert body["results"], "an empty list proves nothing about its items"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/vendors/", "/api/v1/vendors/?page=9"),
        ("/api/v1/vendors/{slug}/", "/api/v1/vendors/nope/"),
        ("/api/v1/vendors/{slug}/products/", "/api/v1/vendors/nope/products/"),
        ("/api/v1/products/{id}/", "/api/v1/products/nope/"),
        ("/api/v1/search/", "/api/v1/search/?page=9"),
    ],
)
def test_documented_404s_answer_as_documented(api_client, schema, path, url):
    response = api_client.get(url)

    assert response.status_code == 404
    documented = schema["paths"][path]["get"]["responses"]["404"]["content"]["application/json"]
    assert not list(validator_for(schema, documented["schema"]).iter_errors(response.json()))


@pytest.mark.django_db
def test_validator_catches_a_wrong_type(schema, data, api_client):
    """The conformance check can fail: a price as a number is rejected."""
    body = api_client.get(EXAMPLE_URLS["/api/v1/products/{id}/"](data)).json()
    documented = schema["paths"]["/api/v1/products/{id}/"]["get"]["responses"]["200"]
    validator = validator_for(schema, documented["content"]["application/json"]["schema"])

    assert not validator.is_valid({**body, "price": 4.99})
    assert not validator.is_valid({**body, "surprise": True})
    assert not validator.is_valid({**body, "stock_state": "plenty"})
    assert validator.is_valid(body)
