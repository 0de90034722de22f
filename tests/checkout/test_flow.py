"""The whole checkout as a guest over two shops: gateway, pickup, payment method, preview,
order; what the preview must show above the button; the thank-you page with the codes."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.codes import code_display, code_from_nonce
from fulfilment.links import order_page_path
from fulfilment.models import Fulfilment, StockReservation
from payments.services import order_provider
from tests.checkout.conftest import (
    EN,
    GUEST,
    add,
    at,
    checked_radios,
    choose_payment,
    choose_pickup,
    gateway,
    place_order_data,
    slot_field,
    slot_key,
    until_preview,
)
from tests.storefront.factories import home_page
from tests.storefront.html import parse

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def legal_pages():
    from cms.models import ContentPage

    home = home_page()
    for title, slug in (("AGB", "agb"), ("Widerrufsbelehrung", "widerruf")):
        home.add_child(instance=ContentPage(title=title, slug=slug, body="<p>Text</p>"))


def test_guest_checkout_over_two_shops(
    client, bakery, bookshop, bread, notebook, django_capture_on_commit_callbacks
):
    legal_pages()
    add(client, bread, 2)
    add(client, notebook, 1)
    basket = Basket.objects.get()

    # Gateway: a guest gives an e-mail address and goes on to the pickup step.
    assert parse(client.get(reverse("checkout:index"), **EN)).find("form") is not None
    gateway(client)

    # Pickup: one fieldset per shop, legend naming it; the bookshop at 14:00 instead.
    page = parse(client.get(reverse("checkout:pickup"), **EN))
    legends = [fieldset.find("legend").text for fieldset in page.find_all(class_="pickup-shop")]
    assert legends == ["Pickup at Backstube Kowalski", "Pickup at Buchhandlung am Markt"]
    response = choose_pickup(client, {slot_field(bookshop): slot_key(at(14))}, **EN)

    # No shipping address nor method: Oscar skips both on the way to the payment method.
    assert response.status_code == 302
    response = client.get(response.url, follow=True, **EN)
    assert [url for url, _status in response.redirect_chain] == [
        reverse("checkout:shipping-method"),
        reverse("checkout:payment-method"),
    ]
    assert response.request["PATH_INFO"] == reverse("checkout:payment-method")

    # Payment method: the one provider is pre-selected; choosing it reserves the stock.
    assert checked_radios(parse(response)) == {"provider": "pay_at_pickup"}
    assert choose_payment(client, **EN).url == reverse("checkout:preview")
    reserved = {r.stockrecord.product_id: r.quantity for r in StockReservation.objects.all()}
    assert reserved == {bread.pk: 2, notebook.pk: 1}

    # Oscar's separate payment-details page has nothing to ask: it forwards to the method.
    assert client.get(reverse("checkout:payment-details")).url == reverse("checkout:payment-method")

    # Preview: every shop with address, window and lines, totals, VAT, payment, legal links.
    response = client.get(reverse("checkout:preview"), **EN)
    assert response.status_code == 200
    page = parse(response)
    summary = page.find("section", class_="order-summary")
    form = page.find("form", id="place_order_form")
    # Directly above the button: the summary is the element right before the order form.
    assert summary.parent is form.parent
    siblings = [child for child in summary.parent.children if not isinstance(child, str)]
    assert siblings.index(form) == siblings.index(summary) + 1

    parts = summary.find_all("section", class_="order-part")
    assert [part.find("h3").text for part in parts] == [
        "Backstube Kowalski",
        "Buchhandlung am Markt",
    ]
    assert [part.find(class_="order-part__address").text for part in parts] == [
        "Berliner Straße 5, 03149 Forst (Lausitz)",
        "Markt 2, 03149 Forst (Lausitz)",
    ]
    windows = [part.find(class_="order-part__window").text for part in parts]
    assert windows[0].startswith("Pickup: Thursday, 06/10/2027, 11:00–12:00")
    assert windows[1].startswith("Pickup: Thursday, 06/10/2027, 14:00–15:00")
    bread_row = parts[0].find("tr", class_="order-line")
    assert [cell.text for cell in bread_row.find_all("td")] == ["2", "€3.60", "€7.20"]
    assert "Unit price: €4.80 / 1 kg" in bread_row.find("th").text
    assert "Perishable: no right of withdrawal" in bread_row.find("th").text
    notebook_row = parts[1].find("tr", class_="order-line")
    assert notebook_row.find("th").text == "Notizbuch Rosenstadt"
    assert [cell.text for cell in notebook_row.find_all("td")] == ["1", "€12.90", "€12.90"]

    totals = summary.find("section", class_="order-totals")
    rows = dict((row.find("th").text, row.find("td").text) for row in totals.find_all("tr"))
    assert rows["Pickup"] == "Pickup free of charge"
    assert rows["Total incl. VAT"] == "€20.10"
    assert rows["includes 19 % VAT"] == "€2.06"  # 12.90 * 19/119
    assert rows["includes 7 % VAT"] == "€0.47"  # 7.20 * 7/107
    assert "Pay at pickup" in totals.find(class_="order-payment").text
    assert "excluded from the right of withdrawal" in summary.find(class_="order-perishables").text
    links = {a.text: a.get("href") for a in form.find_all("a")}
    assert links == {"Terms and conditions": "/agb/", "Right of withdrawal": "/widerruf/"}
    assert form.find("button").text == "Place order and pay"

    # Order: one, with a part per shop in the chosen windows; stock allocated, hold released.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"), place_order_data(page), **EN)
    assert response.status_code == 302 and response.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.basket_id == basket.pk and order.guest_email == GUEST
    assert order.shipping_address is None
    assert order.total_incl_tax == Decimal("20.10")
    basket.refresh_from_db()
    assert basket.status == Basket.SUBMITTED
    parts = {part.vendor: part for part in Fulfilment.objects.filter(order=order)}
    assert (parts[bakery].pickup_starts, parts[bakery].pickup_ends) == (at(11), at(12))
    assert (parts[bookshop].pickup_starts, parts[bookshop].pickup_ends) == (at(14), at(15))
    assert parts[bakery].goods_total == Decimal("7.20")
    allocated = dict(StockRecord.objects.values_list("product_id", "num_allocated"))
    assert allocated == {bread.pk: 2, notebook.pk: 1}
    assert not StockReservation.objects.exists()
    source = order.sources.get()
    assert source.source_type.code == "pay_at_pickup"
    assert source.amount_allocated == order.total_incl_tax
    assert order_provider(order).identifier == "pay_at_pickup"
    # One confirmation to the resident (ours, not Oscar's as well); the shops get their notes.
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([GUEST, bakery.email, bookshop.email])
    (confirmation,) = [message for message in mail.outbox if message.to == [GUEST]]
    assert order.number in confirmation.subject

    # Thank-you page: per shop window, address, opening hours link and the pickup code.
    response = client.get(response.url, **EN)
    assert "no-store" in response["Cache-Control"]  # it shows the pickup codes
    page = parse(response)
    shown = {part.find("h2").text: part for part in page.find_all("section", class_="order-part")}
    for vendor, part in parts.items():
        section = shown[vendor.name]
        code = code_display(code_from_nonce(part.code_nonce))
        assert section.find(class_="pickup-code__value").text == code
        assert vendor.address_line in section.find(class_="order-part__address").text
        hours = section.find(class_="order-part__address").find("a").get("href")
        assert hours == vendor.get_absolute_url() + "#hours-heading"
    assert "11:00–12:00" in shown[bakery.name].find(class_="order-part__window").text
    assert "14:00–15:00" in shown[bookshop.name].find(class_="order-part__window").text
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert order_page_path(order) in hrefs


def test_the_preview_in_german(client, bakery, bookshop, bread, notebook):
    response = until_preview(client, (bread, 1), (notebook, 1))
    assert response.status_code == 200
    page = parse(response)
    totals = page.find("section", class_="order-totals")
    rows = dict((row.find("th").text, row.find("td").text) for row in totals.find_all("tr"))
    assert rows["Gesamtsumme inkl. MwSt."] == "16,50 €"
    # Without the terms pages (not published yet) there is nothing to link, and no error.
    assert page.find("form", id="place_order_form").find_all("a") == []
    button = page.find("form", id="place_order_form").find("button").text
    assert button == "zahlungspflichtig bestellen", (
        "the German catalogue (locale/de) must translate the msgid 'Place order and pay' "
        "as 'zahlungspflichtig bestellen' (§ 312j (3) BGB)"
    )


def test_a_window_for_all_shops_is_offered_first_and_pre_selected(
    client, bakery, bookshop, bread, notebook
):
    add(client, bread)
    add(client, notebook)
    gateway(client)

    page = parse(client.get(reverse("checkout:pickup"), **EN))
    together = page.find("section", class_="pickup-together")
    assert together.find("h2").text == "Everything ready from today 11:00"
    assert "Thursday, 06/10/2027, 11:00–12:00" in together.text
    # Although the bakery could have it ready at 10:00, 11:00 is pre-selected in both shops.
    expected = {slot_field(bakery): slot_key(at(11)), slot_field(bookshop): slot_key(at(11))}
    assert checked_radios(page.find("form", class_="pickup-form")) == expected
    bakery_fieldset = page.find_all(class_="pickup-shop")[0]
    offered = [radio.get("value") for radio in bakery_fieldset.find_all("input", type="radio")]
    assert offered[:3] == [slot_key(at(10)), slot_key(at(11)), slot_key(at(12))]

    # The other common windows pre-select theirs; the resident can still choose per shop.
    others = [(a.text, a.get("href")) for a in together.find_all("a")]
    assert others == [
        ("Everything ready from today 12:00", "?together=1"),
        ("Everything ready from tomorrow 10:00", "?together=2"),
    ]
    page = parse(client.get(reverse("checkout:pickup") + "?together=2", **EN))
    assert checked_radios(page.find("form", class_="pickup-form")) == {
        slot_field(bakery): slot_key(at(10, day=11)),
        slot_field(bookshop): slot_key(at(10, day=11)),
    }

    # Posting the page as it is stores the common window's slots.
    assert choose_pickup(client, **EN).status_code == 302
    session = client.session["checkout_data"]["pickup"]["slots"]
    assert session == {str(bakery.pk): slot_key(at(11)), str(bookshop.pk): slot_key(at(11))}
    # Going back shows the stored choice.
    assert choose_pickup(client, {slot_field(bakery): slot_key(at(12))}).status_code == 302
    page = parse(client.get(reverse("checkout:pickup"), **EN))
    assert checked_radios(page.find("form", class_="pickup-form"))[slot_field(bakery)] == (
        slot_key(at(12))
    )
