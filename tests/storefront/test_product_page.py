"""The product page: shop, gross price with VAT, unit price, stock state, pickup; 404 when the
shop is hidden."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.partner.models import Availability, PickupMethod
from tests.factories import UserFactory, VendorFactory, product_of
from tests.storefront.factories import ProductImageFactory
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def shop():
    return VendorFactory(
        name="Backstube Pannasch",
        slug="backstube-pannasch",
        street="Lindenstraße 12",
        pickup_note="Bitte an der Seitentür klingeln.",
    )


@pytest.fixture
def bread(shop):
    return product_of(
        shop,
        title="Lausitzer Roggenbrot",
        vat_category="reduced",
        unit_pricing_quantity=Decimal("750"),
        unit_pricing_unit="g",
        stock__price=Decimal("3.60"),
        stock__num_in_stock=20,
    )


def main_of(response):
    assert response.status_code == 200
    return parse(response).find(class_="product-detail__main")


def test_product_page_names_and_links_the_shop(client, bread, shop):
    main = main_of(client.get(bread.get_absolute_url(), **EN))
    assert main.find("h1").text == "Lausitzer Roggenbrot"
    sold_by = main.find(class_="product-detail__shop")
    assert sold_by.text == "Sold by Backstube Pannasch"
    assert sold_by.find("a").get("href") == shop.get_absolute_url()


def test_gross_price_with_vat_and_unit_price_in_german(client, bread):
    main = main_of(client.get(bread.get_absolute_url()))
    assert main.find(class_="product-detail__price").text == "3,60 €"
    notes = [p.text for p in main.find_all(class_="price-note")]
    assert notes[0] == "inkl. 7 % MwSt."
    assert "Grundpreis: 4,80 € / 1 kg" in notes


def test_gross_price_with_vat_and_unit_price_in_english(client, bread):
    main = main_of(client.get(bread.get_absolute_url(), **EN))
    assert main.find(class_="product-detail__price").text == "€3.60"
    notes = [p.text for p in main.find_all(class_="price-note")]
    assert notes[0] == "incl. 7 % VAT"
    assert "Unit price: €4.80 / 1 kg" in notes


def test_no_unit_price_for_products_sold_by_the_piece(client, shop):
    product = product_of(shop, title="Rosenschere", stock__price=Decimal("24.90"))
    main = main_of(client.get(product.get_absolute_url(), **EN))
    assert [p.text for p in main.find_all(class_="price-note")] == ["incl. 19 % VAT"]


@pytest.mark.parametrize(
    ("stock", "label", "key"),
    [
        ({"num_in_stock": 20}, "In stock", "available"),
        ({"num_in_stock": 2}, "Only a few left", "low"),
        ({"num_in_stock": 0}, "Out of stock", "out"),
        ({"num_in_stock": None, "availability": Availability.OUT_OF_STOCK}, "Out of stock", "out"),
        (
            {"num_in_stock": None, "availability": Availability.PREORDER},
            "Can be pre-ordered",
            "preorder",
        ),
        ({"pickup_method": PickupMethod.NOT_SUPPORTED}, "Only available in the shop", "in-shop"),
    ],
)
def test_stock_state(client, shop, stock, label, key):
    product = product_of(shop, **{f"stock__{name}": value for name, value in stock.items()})
    badge = main_of(client.get(product.get_absolute_url(), **EN)).find(class_="badge-state")
    assert badge.text == label
    assert f"badge-state--{key}" in badge.classes


def test_pickup_panel_shows_the_shops_note_and_address(client, bread):
    panel = main_of(client.get(bread.get_absolute_url(), **EN)).find(
        "section", aria_labelledby="pickup-heading"
    )
    assert "Bitte an der Seitentür klingeln." in panel.text
    assert "Backstube Pannasch, Lindenstraße 12, 03149 Forst (Lausitz)" in panel.text
    assert "Buy online, pick up in the shop" in panel.text


def test_product_picture_has_alternative_text(client, bread):
    ProductImageFactory(product=bread, caption="Ein Laib Roggenbrot")
    gallery = parse(client.get(bread.get_absolute_url())).find(class_="product-detail__gallery")
    assert gallery.find("img").get("alt") == "Ein Laib Roggenbrot"


def test_orderable_product_has_an_add_to_basket_form(client, bread):
    form = main_of(client.get(bread.get_absolute_url(), **EN)).find("form", id="add_to_basket_form")
    assert form is not None
    assert form.get("action") == reverse("basket:add", kwargs={"pk": bread.pk})
    assert form.get("method") == "post"
    quantity = form.find("input", name="quantity")
    assert quantity is not None and form.find("label", for_=quantity.get("id")) is not None


def test_listed_only_shop_has_no_basket_form(client):
    shop = VendorFactory(name="Optik Wenzel", sells_online=False)
    product = product_of(shop, title="Lesebrille")
    main = main_of(client.get(product.get_absolute_url(), **EN))
    assert main.find("form", id="add_to_basket_form") is None
    assert main.find(class_="badge-state").text == "Only available in the shop"
    assert "You can buy this product in the shop of Optik Wenzel." in main.text


def test_out_of_stock_product_has_no_basket_form(client, shop):
    product = product_of(shop, stock__num_in_stock=0)
    assert (
        main_of(client.get(product.get_absolute_url())).find("form", id="add_to_basket_form")
        is None
    )


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_product_of_a_hidden_shop_is_404(client, status):
    product = product_of(VendorFactory(status=status))
    assert client.get(product.get_absolute_url()).status_code == 404


def test_non_public_product_is_404(client, shop):
    product = product_of(shop, is_public=False)
    assert client.get(product.get_absolute_url()).status_code == 404


def test_product_page_get_writes_nothing(client, bread):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(bread.get_absolute_url()).status_code == 200
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_staff_may_preview_a_product_of_a_hidden_shop(client):
    product = product_of(VendorFactory(status=VendorStatus.APPLIED), title="Vorschau")
    client.force_login(UserFactory(is_staff=True))
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert main_of(response).find("form", id="add_to_basket_form") is None
