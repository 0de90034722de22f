"""Journey 1 in Chromium, as the people would walk it: a resident finds a loaf of bread with the
search form and a notebook in the catalogue, checks out as a guest from two shops, takes the
common pickup window, pays at pickup and places the order by keyboard; each shop's staff logs
in, accepts and marks its part ready (the resident gets a mail), and hands it over at the
counter on the resident's code. The database is checked after every script."""

from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from fulfilment.models import Fulfilment, FulfilmentEvent, StockReservation
from fulfilment.selectors import pickup_code_for
from fulfilment.states import FulfilmentStatus
from payments.services import order_provider
from tests.browser.conftest import BASKET, GUEST, shop_paths, staff_of
from tests.checkout.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def stock_of(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated


def test_order_from_two_shops_paid_at_pickup_and_collected_in_both(
    browser_script, home_page, bakery, bookshop, bread, notebook
):
    staff = {
        bakery: staff_of(bakery, "kasse@backstube-kowalski.example"),
        bookshop: staff_of(bookshop, "laden@buchhandlung-am-markt.example"),
    }

    # -- the resident ----------------------------------------------------------------------------
    resident = browser_script("pay_at_pickup.mjs", email=GUEST, products=BASKET)

    assert resident["basket"]["count"] == "Warenkorb (3 Artikel)"
    assert resident["basket"]["shops"] == ["Backstube Kowalski", "Buchhandlung am Markt"]
    # The common window comes first and is pre-selected in both shops.
    assert resident["pickup"]["together"] == "Alles abholbereit ab heute, 11 Uhr"
    assert [shop["chosen"] for shop in resident["pickup"]["shops"]] == ["11:00–12:00"] * 2
    assert resident["offered"] == ["Bezahlen bei Abholung (bar oder mit Karte im Geschäft)"]
    assert resident["buttonText"] == "zahlungspflichtig bestellen"
    assert resident["tabs"] >= 1  # reached with Tab alone, and pressed with Enter

    order = Order.objects.get()
    assert order.guest_email == GUEST
    assert order.total_incl_tax == Decimal("20.10")  # 2 × 3.60 + 12.90
    assert order_provider(order).identifier == "pay_at_pickup"
    parts = {part.vendor: part for part in Fulfilment.objects.filter(order=order)}
    assert set(parts) == {bakery, bookshop}
    for part in parts.values():
        assert (part.pickup_starts, part.pickup_ends) == (at(11), at(12))
        assert part.status == FulfilmentStatus.PLACED
    assert not StockReservation.objects.exists()
    assert stock_of(bread) == (5, 2) and stock_of(notebook) == (2, 1)

    thanks = resident["thanks"]
    assert thanks["heading"] == "Vielen Dank für Ihre Bestellung"
    codes = {shown["shop"]: shown["code"] for shown in thanks["parts"]}
    assert codes == {vendor.name: pickup_code_for(part) for vendor, part in parts.items()}
    assert all("11:00–12:00" in shown["window"] for shown in thanks["parts"])

    # One confirmation to the resident, one note to each shop.
    (confirmation,) = mails_to(GUEST)
    assert order.number in confirmation.subject
    assert all(code in confirmation.body for code in codes.values())
    for vendor in parts:
        assert len(mails_to(vendor.email)) == 1

    # -- each shop: prepare, then hand over at the counter -----------------------------------
    for vendor, product, quantity in ((bakery, bread, 2), (bookshop, notebook, 1)):
        part = parts[vendor]
        in_stock, _allocated = stock_of(product)
        before = len(mail.outbox)
        prepared = browser_script(
            "shop_prepare.mjs", user=staff[vendor], reference=part.reference, **shop_paths(vendor)
        )
        assert part.reference in prepared["accepted"]
        assert part.reference in prepared["ready"]
        assert prepared["status"] == "Abholbereit"
        part.refresh_from_db()
        assert part.status == FulfilmentStatus.READY
        # The resident is told, once, with this shop's code.
        (ready,) = mail.outbox[before:]
        assert ready.to == [GUEST]
        assert vendor.name in ready.subject and order.number in ready.subject
        assert codes[vendor.name] in ready.body

        handed = browser_script(
            "shop_counter.mjs", user=staff[vendor], code=codes[vendor.name], **shop_paths(vendor)
        )
        assert part.reference in handed["heading"]
        line = part.lines().get()
        assert handed["items"] == [[product.title, str(quantity), line.partner_sku]]
        assert part.reference in handed["confirmed"]
        part.refresh_from_db()
        assert part.status == FulfilmentStatus.COLLECTED
        assert stock_of(product) == (in_stock - quantity, 0)  # the stock is consumed
        # The resident gets the receipt of the handover, once.
        (receipt,) = mail.outbox[before + 1 :]
        assert receipt.to == [GUEST]
        assert vendor.name in receipt.subject and receipt.subject != ready.subject

    # -- the end -------------------------------------------------------------------------------
    assert Order.objects.count() == 1
    assert (
        sorted(Fulfilment.objects.values_list("status", flat=True))
        == [FulfilmentStatus.COLLECTED] * 2
    )
    for part in parts.values():  # handed over once
        handovers = FulfilmentEvent.objects.filter(fulfilment=part, to_status="collected")
        assert handovers.exclude(from_status="collected").count() == 1
    assert stock_of(bread) == (3, 0) and stock_of(notebook) == (1, 0)
    # Every mail once: to the resident the confirmation, and per shop "ready" and the receipt;
    # to each shop its note of the new order.
    assert len(mails_to(GUEST)) == 5
    assert len({message.subject for message in mails_to(GUEST)}) == 5
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [GUEST] * 5 + [bakery.email, bookshop.email]
    )
