"""Importing product and local inventory feeds into a shop's catalogue (without images)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from tests.factories import VendorFactory, product_of
from tests.vendors.feeds.english import messages_in_english  # noqa: F401
from tests.vendors.feeds.loopback import FEEDS_DIR
from vendors.feeds.reading import FeedError
from vendors.feeds.services import inventory_feed_import, product_feed_import
from vendors.offers import product_offer

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def import_tsv(vendor, source=FEEDS_DIR / "products.tsv", **options):
    return product_feed_import(vendor=vendor, source=source, fetch_images=False, **options)


def record(vendor, sku):
    return StockRecord.objects.select_related("product").get(
        partner=vendor.partner, partner_sku=sku
    )


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def tsv(*rows, header=("id", "title", "price", "product_type")):
    return ("\n".join("\t".join(row) for row in (header, *rows)) + "\n").encode()


def test_tsv_feed_creates_one_product_and_stock_record_per_good_row(vendor):
    report = import_tsv(vendor)

    assert (report.rows, report.created, report.updated, report.skipped) == (10, 4, 0, 6)
    assert StockRecord.objects.filter(partner=vendor.partner).count() == 4
    assert {(p.position, p.sku) for p in report.errors} == {
        (5, "NOPRICE-1"),
        (6, ""),
        (7, "BADPRICE-1"),
        (8, "BADAVAIL-1"),
        (9, "BADUNIT-1"),
        (12, "USD-1"),
    }
    reasons = {p.position: p.message for p in report.errors}
    assert reasons[5] == "no price"
    assert reasons[6] == "no id"
    assert "not a number" in reasons[7]
    assert "unknown availability" in reasons[8]
    assert "bad unit pricing measure" in reasons[9]
    assert "not in euros" in reasons[12]
    assert [(w.position, w.sku) for w in report.warnings] == [(10, "SCHLOSS-1")]


def test_fields_are_mapped_from_the_feed(vendor):
    import_tsv(vendor)

    rose = record(vendor, "ROSE-01")
    product = rose.product
    assert product.title == "Rosenschere Profi"
    assert product.description == (
        "Scharfe Rosenschere für Rosen & Sträucher.\nMit Sicherheitsverschluss."
    )
    assert "alert" not in product.description  # the script and its content are gone
    assert product.source_url == "https://gartenhaus.example/rosenschere"
    assert (product.brand, product.gtin, product.mpn) == ("Gardena", "4078500012345", "RS-01")
    assert (product.condition, product.vat_category) == ("new", "standard")
    assert product.is_public
    assert product.is_standalone
    assert (product.product_class.name, product.product_class.slug) == ("Artikel", "artikel")
    assert not product.product_class.requires_shipping
    assert product.product_class.track_stock
    assert (rose.price, rose.regular_price, rose.price_currency) == (Decimal("24.90"), None, "EUR")
    assert rose.availability == "in_stock"
    assert rose.num_in_stock is None
    assert [c.full_name for c in product.categories.all()] == ["Garten > Werkzeug > Scheren"]

    lock = record(vendor, "SCHLOSS-1")
    assert (lock.product.condition, lock.product.gtin, lock.availability) == (
        "used",
        "",
        "preorder",
    )


def test_sale_price_unit_price_and_reduced_vat_reach_the_offer(vendor):
    import_tsv(vendor)

    oil = record(vendor, "OEL-250")
    product = oil.product
    assert (oil.price, oil.regular_price) == (Decimal("5.99"), Decimal("6.49"))
    assert product.vat_category == "reduced"  # "Lebensmittel > Öle"
    assert (product.unit_pricing_quantity, product.unit_pricing_unit) == (Decimal("250"), "ml")
    assert (product.unit_pricing_base_quantity, product.unit_pricing_base_unit) == (1, "l")
    offer = product_offer(Product.objects.get(pk=product.pk))
    assert offer.price == Decimal("5.99")
    assert offer.vat_rate == Decimal("7")
    assert str(offer.unit_price) == "23.96 / 1 l"

    book = record(vendor, "BUCH-7")
    assert book.product.vat_category == "reduced"  # "Bücher & Zeitschriften"
    assert book.availability == "out_of_stock"


def test_repeated_import_writes_nothing(vendor):
    import_tsv(vendor)
    before = {
        sr.partner_sku: (sr.date_updated, sr.product.date_updated)
        for sr in StockRecord.objects.select_related("product").filter(partner=vendor.partner)
    }

    with CaptureQueriesContext(connection) as queries:
        report = import_tsv(vendor)

    assert (report.created, report.updated, report.unchanged, report.skipped) == (0, 0, 4, 6)
    assert writes(queries.captured_queries) == []
    assert len(queries.captured_queries) <= 4  # stock records, categories of products, the tree
    after = {
        sr.partner_sku: (sr.date_updated, sr.product.date_updated)
        for sr in StockRecord.objects.select_related("product").filter(partner=vendor.partner)
    }
    assert after == before


def test_edited_file_updates_in_place(vendor):
    import_tsv(vendor, tsv(("A", "Apfel", "1.00", "Obst"), ("B", "Birne", "2.00", "Obst")))
    apple = record(vendor, "A")

    report = import_tsv(
        vendor,
        tsv(("A", "Apfel Boskoop", "1,20 EUR", "Obst > Äpfel"), ("B", "Birne", "2.00", "Obst")),
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    edited = record(vendor, "A")
    assert (edited.pk, edited.product.pk) == (apple.pk, apple.product.pk)
    assert edited.product.title == "Apfel Boskoop"
    assert edited.price == Decimal("1.20")
    assert [c.full_name for c in edited.product.categories.all()] == ["Obst > Äpfel"]
    assert Product.objects.count() == 2


def test_categories_are_shared_across_shops_and_created_once(vendor):
    other = VendorFactory()
    import_tsv(vendor, tsv(("A", "Apfel", "1.00", "Obst > Äpfel")))
    import_tsv(other, tsv(("X", "Elstar", "1.50", "Obst > Äpfel")))

    assert Category.objects.filter(name="Äpfel").count() == 1
    assert (
        record(vendor, "A").product.categories.get() == record(other, "X").product.categories.get()
    )


def test_empty_product_type_keeps_categories_and_empty_availability_keeps_it(vendor):
    import_tsv(
        vendor,
        tsv(
            ("A", "Apfel", "1.00", "Obst", "out_of_stock"),
            header=("id", "title", "price", "product_type", "availability"),
        ),
    )

    report = import_tsv(
        vendor,
        tsv(
            ("A", "Apfel", "1.00", "", ""),
            header=("id", "title", "price", "product_type", "availability"),
        ),
    )

    assert report.unchanged == 1
    apple = record(vendor, "A")
    assert apple.availability == "out_of_stock"
    assert [c.name for c in apple.product.categories.all()] == ["Obst"]


def test_unknown_columns_are_ignored(vendor):
    data = tsv(("A", "Apfel", "1.00", "rot"), header=("id", "title", "price", "lieblingsfarbe"))

    report = import_tsv(vendor, data)

    assert (report.created, report.errors, report.warnings) == (1, [], [])


def test_same_sku_in_another_shop_is_another_product(vendor):
    other = VendorFactory()
    theirs = product_of(
        other, title="Fremder Apfel", stock__partner_sku="A", stock__price=Decimal("9")
    )

    import_tsv(vendor, tsv(("A", "Apfel", "1.00", "")))

    theirs.refresh_from_db()
    assert theirs.title == "Fremder Apfel"
    assert record(other, "A").price == Decimal("9.00")
    assert record(vendor, "A").product.pk != theirs.pk


def test_products_missing_from_the_file_are_kept_or_deactivated(vendor):
    import_tsv(
        vendor,
        tsv(("A", "Apfel", "1.00", ""), ("B", "Birne", "2.00", ""), ("C", "Quitte", "3", "")),
    )

    kept = import_tsv(vendor, tsv(("A", "Apfel", "1.00", ""), ("C", "Quitte", "", "")))
    assert (kept.missing, kept.deactivated, kept.skipped) == (
        1,
        0,
        1,
    )  # C is a bad row, not missing
    assert record(vendor, "B").product.is_public

    hidden = import_tsv(vendor, tsv(("A", "Apfel", "1.00", "")), deactivate_missing=True)
    assert (hidden.missing, hidden.deactivated) == (2, 2)
    assert not record(vendor, "B").product.is_public
    assert StockRecord.objects.filter(partner=vendor.partner).count() == 3

    back = import_tsv(
        vendor, tsv(("A", "Apfel", "1.00", ""), ("B", "Birne", "2.00", "")), deactivate_missing=True
    )
    assert back.updated == 1
    assert record(vendor, "B").product.is_public


def test_repeated_id_in_one_file_is_a_bad_row(vendor):
    report = import_tsv(vendor, tsv(("A", "Apfel", "1.00", ""), ("A", "Apfel 2", "2.00", "")))

    assert report.created == 1
    assert [(p.position, p.message) for p in report.errors] == [
        (3, "this id was already used (line 2); row skipped")
    ]
    assert record(vendor, "A").product.title == "Apfel"


def test_csv_feed_with_bom(vendor):
    report = import_tsv(vendor, FEEDS_DIR / "products.csv")

    assert (report.feed_format, report.created) == ("csv", 3)
    assert [(p.position, p.sku, p.message) for p in report.errors] == [(5, "BAD-1", "no price")]
    assert record(vendor, "KERZE-1").product.description == "Handgemacht\naus Bienenwachs"
    assert record(vendor, "KERZE-1").price == Decimal("4.50")
    honey = record(vendor, "HONIG-1").product
    assert (honey.unit_pricing_quantity, honey.unit_pricing_unit) == (500, "g")


def test_rss_feed(vendor):
    report = import_tsv(vendor, FEEDS_DIR / "products.xml")

    assert (report.feed_format, report.position_label, report.created) == ("rss", "item", 2)
    assert [(p.position, p.sku) for p in report.errors] == [(3, "OHNEPREIS-1")]
    seeds = record(vendor, "SAAT-1")
    assert seeds.product.description == "Für Beete & Balkone"
    assert seeds.price == Decimal("2.49")
    flowers = record(vendor, "STRAUSS-1")
    assert flowers.product.title == "Schnittblumen Strauß"
    assert (flowers.price, flowers.regular_price) == (Decimal("17.90"), Decimal("19.90"))
    assert flowers.product.vat_category == "reduced"  # Home & Garden > Plants > Flowers

    again = import_tsv(vendor, FEEDS_DIR / "products.xml")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_atom_feed(vendor):
    report = import_tsv(vendor, FEEDS_DIR / "products_atom.xml")

    assert report.created == 1
    guide = record(vendor, "ISBN-1").product
    assert (guide.title, guide.source_url) == (
        "Stadtführer Forst (Lausitz)",
        "https://buch.example/stadtfuehrer",
    )
    assert guide.vat_category == "reduced"  # Google category 784, Books


def test_a_file_level_problem_is_found_before_any_write(vendor):
    data = b'id,title,price\nA,Apfel,1.00\nB,Birne,2.00\nC,"Quitte,3.00\n'

    with CaptureQueriesContext(connection) as queries, pytest.raises(FeedError):
        product_feed_import(vendor=vendor, source=data)

    assert queries.captured_queries == []
    assert not StockRecord.objects.filter(partner=vendor.partner).exists()


# Local inventory ------------------------------------------------------------------------------


def test_inventory_feed_sets_stock_price_availability_pickup_and_confirmation(vendor):
    import_tsv(vendor)
    before = timezone.now()

    report = inventory_feed_import(vendor=vendor, source=FEEDS_DIR / "inventory.tsv")

    assert (report.updated, report.unchanged, report.skipped) == (3, 0, 2)
    assert [(p.position, p.sku) for p in report.errors] == [(4, "UNKNOWN-9"), (5, "BUCH-7")]
    assert report.errors[0].message == "no product with this id in the shop"
    rose = record(vendor, "ROSE-01")
    assert (rose.num_in_stock, rose.price, rose.regular_price) == (5, Decimal("22.90"), None)
    assert (rose.availability, rose.pickup_method, rose.pickup_sla) == (
        "in_stock",
        "buy",
        "same_day",
    )
    assert rose.stock_confirmed_at >= before
    oil = record(vendor, "OEL-250")
    assert (oil.num_in_stock, oil.availability) == (0, "out_of_stock")  # derived from quantity 0
    assert (oil.price, oil.regular_price) == (Decimal("5.99"), Decimal("6.49"))  # not in the row
    assert (oil.pickup_method, oil.pickup_sla) == ("buy", "next_day")  # ship to store -> buy
    lock = record(vendor, "SCHLOSS-1")
    assert (lock.price, lock.regular_price) == (Decimal("39.00"), Decimal("45.00"))
    assert (lock.pickup_method, lock.pickup_sla, lock.num_in_stock) == ("reserve", "2-day", 2)
    assert record(vendor, "BUCH-7").num_in_stock is None
    assert record(vendor, "BUCH-7").stock_confirmed_at is None


def test_repeated_inventory_import_only_confirms_the_stock_again(vendor, monkeypatch):
    import_tsv(vendor)
    inventory_feed_import(vendor=vendor, source=FEEDS_DIR / "inventory.tsv")
    before = {sr.partner_sku: sr for sr in StockRecord.objects.filter(partner=vendor.partner)}
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    with CaptureQueriesContext(connection) as queries:
        report = inventory_feed_import(vendor=vendor, source=FEEDS_DIR / "inventory.tsv")

    assert (report.updated, report.unchanged) == (0, 3)
    assert len(writes(queries.captured_queries)) == 1  # one UPDATE of stock_confirmed_at
    for sr in StockRecord.objects.filter(partner=vendor.partner, partner_sku__in=before):
        old = before[sr.partner_sku]
        assert (sr.num_in_stock, sr.price, sr.date_updated) == (
            old.num_in_stock,
            old.price,
            old.date_updated,
        )
        if sr.partner_sku in ("ROSE-01", "OEL-250", "SCHLOSS-1"):
            assert sr.stock_confirmed_at == later


def test_inventory_rows_of_another_shop_are_bad_rows(vendor):
    other = VendorFactory()
    theirs = product_of(other, stock__partner_sku="ROSE-01", stock__num_in_stock=1)

    report = inventory_feed_import(vendor=vendor, source=b"id\tquantity\nROSE-01\t99\n")

    assert report.skipped == 1
    assert theirs.stockrecords.get().num_in_stock == 1


def test_inventory_file_without_value_columns_is_refused(vendor):
    with pytest.raises(FeedError, match="nothing to import"):
        inventory_feed_import(vendor=vendor, source=b"store_code\tid\nFORST-1\tA\n")
