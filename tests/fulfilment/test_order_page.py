"""The resident's order page: opened by its signed link only, never cached, codes while open."""

import re

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment import services
from fulfilment.links import order_page_path, order_token
from fulfilment.selectors import pickup_code_for
from fulfilment.views import qr_svg
from tests.factories import OpeningHoursFactory

Order = get_model("order", "Order")


@pytest.fixture
def order_page(two_shop_order, client):
    order, parts, (bakery, books), _products = two_shop_order
    for weekday in range(7):
        OpeningHoursFactory(vendor=bakery, weekday=weekday, opens="07:15", closes="12:30")
    bakery.phone = "03562 12345"
    bakery.pickup_note = "Bitte an der Seitentür klingeln"
    bakery.save()
    return order, parts[bakery], parts[books]


def get_page(client, order):
    return client.get(order_page_path(order))


def test_the_page_shows_each_part_with_its_code_as_text_and_qr(order_page, client):
    order, bakery_part, books_part = order_page
    response = get_page(client, order)
    assert response.status_code == 200
    page = response.content.decode()
    for part in (bakery_part, books_part):
        code = pickup_code_for(part)
        assert code in page
        assert qr_svg(code) in page  # the QR drawn inline on the server
        assert part.get_status_display() in page
        assert timezone.localtime(part.pickup_starts).strftime("%H:%M") in page
        assert part.vendor.name in page
    for text in (
        "Cottbuser Straße 1", "03149 Forst (Lausitz)", "03562 12345",
        "Bitte an der Seitentür klingeln", "07:15–12:30", "9,00", "19,90", "28,90",
    ):  # fmt: skip
        assert text in page, text
    assert page.count("<svg") == 2


def test_the_qr_code_encodes_the_code_text_only(order_page):
    _order, part, _other = order_page
    code = pickup_code_for(part)
    svg = qr_svg(code)
    expected = segno.make(code, error="m", micro=False)
    same = expected.svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="pickup-qr", title=_title(svg)
    )
    assert svg == same
    assert segno.make(code, micro=False).designator.startswith("1-")  # a standard QR, version 1


def _title(svg):
    return re.search(r"<title>(.*?)</title>", svg).group(1)


def test_the_page_is_never_cached_nor_leaks_its_link(order_page, client):
    order, _part, _other = order_page
    response = get_page(client, order)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    page = response.content.decode()
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing loaded from outside
    assert "<script" not in page


@pytest.mark.parametrize("token", ["forged", "MTAwMDAx:1xYU3c:ANmv9PfmJ__uwbsBPw7rAp-Qu", ""])
def test_a_forged_token_is_not_found(order_page, client, token):
    if not token:
        response = client.get("/bestellung//")
    else:
        response = client.get(reverse("fulfilment:order", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_token_signed_with_another_key_is_not_found(order_page, client):
    from django.core import signing

    order, _part, _other = order_page
    token = signing.dumps(
        order.number, key="not-our-secret", salt="forst.fulfilment.order-page", compress=True
    )
    response = client.get(reverse("fulfilment:order", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_tampered_token_is_not_found(order_page, client):
    order, _part, _other = order_page
    token = order_token(order)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(reverse("fulfilment:order", kwargs={"token": tampered}))
    assert response.status_code == 404


def test_the_token_of_another_signing_purpose_is_not_found(order_page, client):
    from django.core import signing

    order, _part, _other = order_page
    token = signing.dumps(order.number, compress=True)  # Django's default salt
    response = client.get(reverse("fulfilment:order", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_deleted_order_is_not_found(order_page, client):
    order, _part, _other = order_page
    path = order_page_path(order)
    Order.objects.filter(pk=order.pk).update(number="999999")
    assert client.get(path).status_code == 404


def test_collected_and_closed_parts_show_no_code(
    order_page, client, django_capture_on_commit_callbacks
):
    order, bakery_part, books_part = order_page
    bakery_code, books_code = pickup_code_for(bakery_part), pickup_code_for(books_part)
    with django_capture_on_commit_callbacks(execute=True):
        services.fulfilment_mark_ready(fulfilment_id=bakery_part.pk, vendor=bakery_part.vendor)
        services.pickup_code_redeem(vendor=bakery_part.vendor, code=bakery_code)
        services.fulfilment_cancel(
            fulfilment_id=books_part.pk, vendor=books_part.vendor, reason="ausverkauft"
        )
    page = get_page(client, order).content.decode()
    assert bakery_code not in page and books_code not in page
    assert "<svg" not in page
    assert "Collected on" in page or "Abgeholt am" in page


def test_shop_texts_are_inert_on_the_page(order_page, client):
    order, bakery_part, _other = order_page
    bakery_part.vendor.pickup_note = "<script>alert(1)</script>"
    bakery_part.vendor.save()
    page = get_page(client, order).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
