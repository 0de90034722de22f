"""Single values and whole rows of a feed: prices, vocabularies, VAT rule, text. No database."""

import re
from decimal import Decimal

import pytest

from tests.vendors.feeds.english import messages_in_english  # noqa: F401
from vendors.feeds.reading import FeedRow
from vendors.feeds.rows import RowError, inventory_row, product_row
from vendors.feeds.values import (
    ValueProblem,
    parse_availability,
    parse_pickup_method,
    parse_pickup_sla,
    parse_price,
    parse_quantity,
    plain_text,
    split_links,
)
from vendors.feeds.vat import says_reduced, vat_category_for


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15.00 EUR", "15.00"),
        ("15,00 EUR", "15.00"),
        ("15.00", "15.00"),
        ("15", "15.00"),
        ("EUR 15.5", "15.50"),
        ("15,00 €", "15.00"),
        ("15.00 eur", "15.00"),
        ("1.234,50 EUR", "1234.50"),
        ("1,234.50 EUR", "1234.50"),
        ("1 234,50 EUR", "1234.50"),
    ],
)
def test_prices_in_the_usual_spellings(text, amount):
    assert parse_price(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a number"),
        ("zwölf", "not a number"),
        ("15.00 USD", "not in euros"),
        ("USD 15.00 EUR", "two currencies"),
        ("1,234", "ambiguous"),
        ("1.234", "ambiguous"),
        ("1.2.3", "ambiguous"),
        ("0.00 EUR", "more than zero"),
        ("-5.00 EUR", "not a number"),
        ("99999999999 EUR", "too large"),
    ],
)
def test_unusable_prices(text, reason):
    with pytest.raises(ValueProblem, match=reason):
        parse_price(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("in_stock", "in_stock"),
        ("in stock", "in_stock"),
        ("In Stock", "in_stock"),
        ("out of stock", "out_of_stock"),
        ("out_of_stock", "out_of_stock"),
        ("preorder", "preorder"),
        ("backorder", "backorder"),
        ("limited availability", "limited_availability"),
    ],
)
def test_availability_spellings(text, value):
    assert parse_availability(text) == value


def test_unknown_availability_is_a_problem():
    with pytest.raises(ValueProblem, match="unknown availability"):
        parse_availability("vielleicht")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("buy", "buy"),
        ("reserve", "reserve"),
        ("ship to store", "buy"),
        ("ship_to_store", "buy"),
        ("not supported", "not_supported"),
    ],
)
def test_pickup_methods(text, value):
    assert parse_pickup_method(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("same day", "same_day"),
        ("same_day", "same_day"),
        ("next day", "next_day"),
        ("2-day", "2-day"),
        ("6 day", "6-day"),
        ("multi-week", "multi-week"),
    ],
)
def test_pickup_slas(text, value):
    assert parse_pickup_sla(text) == value


@pytest.mark.parametrize("text", ["viele", "-1", "2.5", "NaN", "Infinity"])
def test_bad_quantities(text):
    with pytest.raises(ValueProblem, match="quantity"):
        parse_quantity(text)


def test_quantities():
    assert parse_quantity("0") == 0
    assert parse_quantity("12") == 12
    assert parse_quantity("12.0") == 12


def test_image_links_split_by_lines_or_commas():
    assert split_links("https://a.example/1.jpg, https://a.example/2.jpg") == [
        "https://a.example/1.jpg",
        "https://a.example/2.jpg",
    ]
    assert split_links("https://a.example/1,2.jpg\nhttps://a.example/3.jpg") == [
        "https://a.example/1,2.jpg",
        "https://a.example/3.jpg",
    ]


# Text ---------------------------------------------------------------------------------------

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    '<a href="javascript:alert(1)">klick</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<iframe src=//evil.example></iframe>",
    "<!--<script>-->alert(1)",
    "<style>body{display:none}</style>",
    "<scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_html_in_text_is_made_inert(payload):
    text = plain_text(f"Gute Ware {payload} zum Preis")

    # Nothing a browser could read as markup is left, even in a template that marks it safe.
    assert not re.search(r"<[A-Za-z/!?]", text)
    assert text.startswith("Gute Ware") and text.endswith("zum Preis")


def test_plain_text_keeps_paragraphs_entities_and_harmless_angle_brackets():
    text = plain_text("<p>Salz &amp; Pfeffer</p><p>Größe &lt; 5 cm<br>sehr klein</p>")

    assert text == "Salz & Pfeffer\nGröße < 5 cm\nsehr klein"


def test_single_line_text_collapses_whitespace():
    assert plain_text("  Kerze\n  <b>rot</b> ", single_line=True) == "Kerze rot"


# VAT rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category",
    [
        "422",
        "784",
        "Food, Beverages & Tobacco > Food Items > Bakery",
        "Media > Books",
        "Lebensmittel > Öle",
        "Bücher & Zeitschriften",
        "Garten > Blumen und Pflanzen",
        "Home & Garden > Plants > Flowers",
        "SCHNITTBLUMEN",
    ],
)
def test_categories_that_clearly_say_food_books_or_flowers_are_reduced(category):
    assert says_reduced(category)


@pytest.mark.parametrize(
    "category",
    [
        "",
        "412",  # Food, Beverages & Tobacco (includes drinks and tobacco)
        "Food, Beverages & Tobacco > Beverages > Beer",
        "Möbel > Bücherregale",
        "Garten > Blumenerde",
        "Kitchen > Food Processors",
        "Home & Garden > Decor > Artificial Flora",
    ],
)
def test_other_categories_are_standard(category):
    assert not says_reduced(category)


def test_explicit_vat_column_wins_over_the_category():
    assert vat_category_for(explicit="19", google_product_category="422", product_type="") == (
        "standard"
    )
    assert (
        vat_category_for(explicit="7 %", google_product_category="", product_type="") == "reduced"
    )
    assert vat_category_for(explicit="reduced", google_product_category="", product_type="") == (
        "reduced"
    )
    assert vat_category_for(explicit="", google_product_category="", product_type="Werkzeug") == (
        "standard"
    )
    with pytest.raises(ValueProblem, match="unknown VAT value"):
        vat_category_for(explicit="16", google_product_category="", product_type="")


# Rows ---------------------------------------------------------------------------------------


def product(**values):
    base = {"id": "A-1", "title": "Apfelsaft", "price": "2.50 EUR"}
    base.update(values)
    return FeedRow(position=7, values=base)


def test_product_row_maps_all_fields():
    data, warnings = product_row(
        product(
            description="<p>Direktsaft</p>",
            link="https://obst.example/saft",
            image_link="https://obst.example/saft.jpg",
            additional_image_link="https://obst.example/2.jpg,https://obst.example/3.jpg",
            availability="in stock",
            sale_price="1,99 EUR",
            brand="Forster Obsthof",
            gtin="4006381333931",
            mpn="AS-1",
            condition="new",
            product_type="Getränke > Saft",
            tax_category="7",
            unit_pricing_measure="0,75 l",
            unit_pricing_base_measure="1 l",
        )
    )

    assert warnings == []
    assert (data.sku, data.title, data.description) == ("A-1", "Apfelsaft", "Direktsaft")
    assert (data.price, data.regular_price) == (Decimal("1.99"), Decimal("2.50"))
    assert data.availability == "in_stock"
    assert data.vat_category == "reduced"
    assert (data.unit_pricing_quantity, data.unit_pricing_unit) == (Decimal("0.75"), "l")
    assert (data.unit_pricing_base_quantity, data.unit_pricing_base_unit) == (Decimal("1"), "l")
    assert data.category_path == ("Getränke", "Saft")
    assert data.image_urls == (
        "https://obst.example/saft.jpg",
        "https://obst.example/2.jpg",
        "https://obst.example/3.jpg",
    )


def test_empty_optional_cells_mean_keep_for_availability_category_and_images():
    data, _warnings = product_row(product())

    assert data.availability is None
    assert data.category_path == ()
    assert data.image_urls is None
    assert "availability" not in data.stock_fields()


def test_bad_row_lists_every_reason():
    with pytest.raises(RowError) as error:
        product_row(
            FeedRow(
                position=3,
                values={"id": "", "title": "", "price": "abc", "availability": "soon", "vat": "x"},
            )
        )

    reasons = " | ".join(error.value.reasons)
    for reason in ("no id", "no title", "price 'abc'", "unknown availability", "unknown VAT"):
        assert reason in reasons


@pytest.mark.parametrize(
    ("measure", "base", "reason"),
    [
        ("3 Eimer", "", "bad unit pricing measure"),
        ("500g", "1l", "does not fit"),
        ("", "100g", "needs unit_pricing_measure"),
        ("0 kg", "", "bad unit pricing measure"),
        ("1.23456 kg", "", "too precise"),
    ],
)
def test_bad_unit_measures_make_bad_rows(measure, base, reason):
    with pytest.raises(RowError, match=reason):
        product_row(product(unit_pricing_measure=measure, unit_pricing_base_measure=base))


def test_sale_price_not_below_price_warns_and_shows_no_regular_price():
    data, warnings = product_row(product(price="2.50", sale_price="3.00"))

    assert (data.price, data.regular_price) == (Decimal("3.00"), None)
    assert "not below" in warnings[0]


def test_dubious_optional_values_are_warnings_not_bad_rows():
    data, warnings = product_row(
        product(gtin="12-34", link="ftp://obst.example/x", condition="kaputt", brand="B" * 200)
    )

    assert (data.gtin, data.source_url, data.condition) == ("", "", "new")
    assert len(data.brand) == 128
    assert len(warnings) == 4


def test_inventory_row_derives_availability_from_quantity():
    row, _ = inventory_row(FeedRow(position=2, values={"id": "A", "quantity": "0"}))
    assert row.stock_fields() == {"num_in_stock": 0, "availability": "out_of_stock"}

    row, _ = inventory_row(FeedRow(position=2, values={"id": "A", "quantity": "4"}))
    assert row.stock_fields() == {"num_in_stock": 4, "availability": "in_stock"}


def test_inventory_row_changes_only_what_it_gives():
    row, _ = inventory_row(FeedRow(position=2, values={"id": "A", "pickup_sla": "next day"}))

    assert row.stock_fields() == {"pickup_sla": "next_day"}


def test_bad_inventory_rows():
    with pytest.raises(RowError, match="unknown pickup method"):
        inventory_row(FeedRow(position=2, values={"id": "A", "pickup_method": "drone"}))
    with pytest.raises(RowError, match="needs the price"):
        inventory_row(FeedRow(position=2, values={"id": "A", "sale_price": "2.00"}))
