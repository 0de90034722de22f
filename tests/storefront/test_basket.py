"""The basket: products of several shops through Oscar's add form, grouped by shop with
subtotals and a total; products that cannot be bought online are refused."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class

from shop.partner.models import Availability, PickupMethod
from tests.factories import VendorFactory, product_of
from tests.storefront.html import parse
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

Selector = get_class("partner.strategy", "Selector")

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def add(client, product, quantity=1):
    """Submit the product page's add-to-basket form, as a browser does."""
    page = parse(client.get(product.get_absolute_url()))
    form = page.find("form", id="add_to_basket_form")
    assert form is not None, "the product page has no add-to-basket form"
    data = {
        field.get("name"): field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("name") != "csrfmiddlewaretoken"
    }
    data["quantity"] = quantity
    return client.post(form.get("action"), data)


def basket_sections(response):
    return parse(response).find_all("section", class_="basket-shop")


@pytest.fixture
def bakery():
    return VendorFactory(name="Backstube", slug="backstube", pickup_note="Seitentür")


@pytest.fixture
def florist():
    return VendorFactory(name="Blumenhaus", slug="blumenhaus")


def test_basket_groups_lines_by_shop_with_subtotals_and_total(client, bakery, florist):
    bread = product_of(
        bakery, title="Roggenbrot", vat_category="reduced", stock__price=Decimal("3.60")
    )
    rolls = product_of(
        bakery, title="Brötchen", vat_category="reduced", stock__price=Decimal("0.45")
    )
    roses = product_of(florist, title="Rosenstrauß", stock__price=Decimal("19.90"))

    assert add(client, bread, 2).status_code == 302
    assert add(client, roses).status_code == 302
    assert add(client, rolls, 4).status_code == 302

    response = client.get("/basket/", **EN)
    assert response.status_code == 200
    sections = basket_sections(response)
    assert [s.find("h2").text for s in sections] == ["Backstube", "Blumenhaus"]
    assert sections[0].find("h2").find("a").get("href") == bakery.get_absolute_url()

    lines = [[t.text for t in s.find_all(class_="basket-line__title")] for s in sections]
    assert lines == [["Roggenbrot", "Brötchen"], ["Rosenstrauß"]]
    subtotals = [s.find(class_="basket-shop__subtotal").text for s in sections]
    assert subtotals == ["Subtotal Backstube €9.00", "Subtotal Blumenhaus €19.90"]
    assert "Seitentür" in sections[0].find(class_="basket-shop__note").text

    totals = parse(response).find("section", class_="basket-totals")
    rows = [(row.find("th").text, row.find("td").text) for row in totals.find_all("tr")]
    assert ("Total incl. VAT", "€28.90") in rows
    assert ("Backstube", "€9.00") in rows and ("Blumenhaus", "€19.90") in rows
    # VAT contained: 9.00 * 7/107 = 0.59, 19.90 * 19/119 = 3.18
    assert ("includes 19 % VAT", "€3.18") in rows
    assert ("includes 7 % VAT", "€0.59") in rows


def test_basket_totals_in_german(client, bakery, florist):
    add(client, product_of(bakery, stock__price=Decimal("2.50")))
    add(client, product_of(florist, stock__price=Decimal("10.00")))

    totals = parse(client.get("/basket/")).find("section", class_="basket-totals")
    rows = dict((row.find("th").text, row.find("td").text) for row in totals.find_all("tr"))
    assert rows["Gesamtsumme inkl. MwSt."] == "12,50 €"


def test_product_of_a_listed_only_shop_cannot_be_added(client, bakery):
    listed = VendorFactory(name="Optik", sells_online=False)
    glasses = product_of(listed, title="Lesebrille")
    assert (
        parse(client.get(glasses.get_absolute_url())).find("form", id="add_to_basket_form") is None
    )

    # Posting Oscar's add form anyway (an old page, a crafted request) is refused with a reason.
    url = reverse("basket:add", kwargs={"pk": glasses.pk})
    response = client.post(url, {"quantity": 1}, follow=True, **EN)

    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    page = parse(response)
    assert "Only available in the shop" in " ".join(a.text for a in page.find_all(class_="alert"))
    assert basket_sections(client.get("/basket/")) == []
    assert "Your basket is empty." in parse(client.get("/basket/", **EN)).text


def test_refusal_reason_in_german(client):
    glasses = product_of(VendorFactory(sells_online=False))
    response = client.post(
        reverse("basket:add", kwargs={"pk": glasses.pk}), {"quantity": 1}, follow=True
    )
    alerts = " ".join(a.text for a in parse(response).find_all(class_="alert"))
    assert "Nur im Laden erhältlich" in alerts


def test_strategy_refuses_purchase_for_listed_only_shops():
    product = product_of(VendorFactory(sells_online=False))
    info = Selector().strategy().fetch_for_product(product)

    assert not info.availability.is_available_to_buy
    permitted, reason = info.availability.is_purchase_permitted(1)
    assert not permitted
    with translation.override("en"):
        assert str(reason) == "Only available in the shop"


@pytest.mark.parametrize(
    "make",
    [
        lambda: product_of(VendorFactory(status=VendorStatus.SUSPENDED)),
        lambda: product_of(VendorFactory(), stock__num_in_stock=0),
        lambda: product_of(VendorFactory(), stock__pickup_method=PickupMethod.NOT_SUPPORTED),
        lambda: product_of(VendorFactory(), stock__price=None),
    ],
    ids=["suspended-shop", "out-of-stock", "in-shop-only", "no-price"],
)
def test_products_that_cannot_be_bought_are_refused(client, make):
    product = make()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert basket_sections(client.get("/basket/")) == []


def test_quantity_above_stock_is_refused(client, bakery):
    bread = product_of(bakery, stock__num_in_stock=3)
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 5})
    assert basket_sections(client.get("/basket/")) == []
    add(client, bread, 3)
    line_quantity = parse(client.get("/basket/")).find("input", id="id_form-0-quantity")
    assert line_quantity.get("value") == "3"


def test_header_counts_the_items(client, bakery, florist):
    add(client, product_of(bakery), 2)
    add(client, product_of(florist))
    count = parse(client.get("/shops/", **EN)).find(class_="site-nav__count")
    assert count.text == "(3 items)"


def test_declared_out_of_stock_is_refused_with_its_reason(client):
    product = product_of(
        VendorFactory(), stock__num_in_stock=None, stock__availability=Availability.OUT_OF_STOCK
    )
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=True, **EN
    )
    alerts = " ".join(a.text for a in parse(response).find_all(class_="alert"))
    assert "Out of stock" in alerts
    assert basket_sections(client.get("/basket/")) == []
