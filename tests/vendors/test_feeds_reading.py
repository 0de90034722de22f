"""Reading feed files: formats, encodings, headers, line numbers, unusable files. No database."""

import io

import pytest

from tests.vendors.feeds.english import messages_in_english  # noqa: F401
from tests.vendors.feeds.loopback import FEEDS_DIR
from vendors.feeds.reading import FeedError, normalise_column, read_feed


def rows_by_id(feed):
    return {row.get("id"): row for row in feed.rows}


def test_tsv_feed_rows_carry_their_line_numbers_and_unknown_columns_do_no_harm():
    feed = read_feed(FEEDS_DIR / "products.tsv", required=("id", "title", "price"))

    assert feed.format == "tsv"
    assert feed.position_label == "line"
    assert feed.base_dir == FEEDS_DIR.resolve()
    rows = rows_by_id(feed)
    assert rows["ROSE-01"].position == 2
    assert rows["SCHLOSS-1"].position == 10
    assert rows["USD-1"].position == 12  # after a blank line 11
    assert rows["ROSE-01"].get("price") == "24.90 EUR"
    assert rows["ROSE-01"].get("lieblingsfarbe") == "rot"  # kept, but no importer reads it


def test_csv_with_bom_quoted_commas_and_a_value_over_two_lines():
    raw = (FEEDS_DIR / "products.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")

    feed = read_feed(raw)

    assert feed.format == "csv"
    rows = rows_by_id(feed)
    assert set(rows) == {"KERZE-1", "TASSE-2", "BAD-1", "HONIG-1"}  # "ID" header, BOM stripped
    assert rows["KERZE-1"].get("title") == "Kerze, rot"
    assert rows["KERZE-1"].get("description") == "Handgemacht\r\naus Bienenwachs"
    assert rows["KERZE-1"].get("price") == "4,50 EUR"
    assert rows["TASSE-2"].position == 4  # the line after the two-line record
    assert rows["TASSE-2"].get("description") == 'Mit "Rosen"-Motiv'
    assert rows["HONIG-1"].get("unit_pricing_measure") == "500 g"  # " Unit Pricing Measure"


def test_a_stray_quote_inside_a_csv_value_is_text():
    feed = read_feed(b'id,title,price\nA,Monitor 17" breit,99\n')

    assert feed.rows[0].get("title") == 'Monitor 17" breit'


def test_semicolon_separated_spreadsheet_export():
    feed = read_feed(b"id;title;price\nA-1;Brot, hell;2,50 EUR\n")

    assert feed.rows[0].values == {"id": "A-1", "title": "Brot, hell", "price": "2,50 EUR"}


@pytest.mark.parametrize(
    ("name", "column"),
    [
        (" Title ", "title"),
        ("IMAGE LINK", "image_link"),
        ("image-link", "image_link"),
        ("g:price", "price"),
        ("itemid", "id"),
        ("Item Id", "id"),
        ("unit pricing base measure", "unit_pricing_base_measure"),
    ],
)
def test_header_names_are_read_leniently(name, column):
    assert normalise_column(name) == column


def test_tsv_keeps_stray_quotes_as_text_and_unquotes_whole_values():
    data = 'id\ttitle\tprice\nA\t"Der Prozess" von Kafka\t1\nB\t"Tasse ""Rose"""\t2\nC\tx\t3\n'

    rows = rows_by_id(read_feed(data.encode()))

    assert rows["A"].get("title") == '"Der Prozess" von Kafka'
    assert rows["B"].get("title") == 'Tasse "Rose"'
    assert rows["C"].position == 4


def test_crlf_line_endings_and_missing_trailing_cells():
    feed = read_feed(b"id\ttitle\tprice\tbrand\r\nA\tApfel\t1.00\r\n")

    assert feed.rows[0].position == 2
    assert feed.rows[0].get("brand") == ""


def test_rss_items_use_g_namespace_with_plain_rss_elements_as_fallback():
    feed = read_feed(FEEDS_DIR / "products.xml")

    assert feed.format == "rss"
    assert feed.position_label == "item"
    first, second, third = feed.rows
    assert [first.position, second.position, third.position] == [1, 2, 3]
    assert first.get("id") == "SAAT-1"
    assert first.get("price") == "2.49 EUR"  # not the nested <g:shipping><g:price>
    assert first.get("product_type") == "Garten > Saatgut"
    assert second.get("title") == "Schnittblumen Strauß"  # plain RSS <title>
    assert second.get("link") == "https://gartenhaus.example/strauss"
    assert "price" not in third.values


def test_repeated_additional_image_links_in_xml_are_all_kept():
    xml = b"""<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item>
      <g:id>A</g:id><g:additional_image_link>https://x.example/a,1.jpg</g:additional_image_link>
      <g:additional_image_link>https://x.example/b.jpg</g:additional_image_link>
    </item></channel></rss>"""

    row = read_feed(xml).rows[0]

    assert row.get("additional_image_link").splitlines() == [
        "https://x.example/a,1.jpg",
        "https://x.example/b.jpg",
    ]


def test_atom_entries_with_google_namespace():
    feed = read_feed(FEEDS_DIR / "products_atom.xml")

    assert feed.format == "atom"
    (entry,) = feed.rows
    assert entry.get("id") == "ISBN-1"  # g:id, not the Atom <id>
    assert entry.get("link") == "https://buch.example/stadtfuehrer"
    assert entry.get("description") == "Alles über die Rosenstadt."


def test_open_binary_file_as_source():
    upload = io.BytesIO(b"id,title,price\nA,Apfel,1.00\n")
    upload.name = "upload.csv"

    feed = read_feed(upload)

    assert feed.name == "upload.csv"
    assert feed.base_dir is None
    assert feed.rows[0].get("title") == "Apfel"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf  \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet or ZIP"),
        ("id\ttitle\tprice\n1\tKäse\t1\n".encode("utf-16"), "UTF-16"),
        ("id\ttitle\tprice\n1\tKäse\t1\n".encode("latin-1"), "not UTF-8"),
        (bytes(range(128, 256)) * 4, "not UTF-8"),
        (b"Artikelnummer;Bezeichnung;Preis\n1;Brot;2\n", "No recognisable header"),
        (b"id\tdescription\n1\tBrot\n", r"lacks the column\(s\) title, price"),
        (b'id,title,price\n1,"Brot,2\n2,Milch,1\n', "Line 2 opens a quoted value"),
        (b"<html><body>Nope</body></html>", "neither an RSS 2.0 nor an Atom"),
        (b"<rss><channel><item><g:id>1</item></rss>", "not well-formed"),
        (b'<rss version="2.0"><channel><title>x</title></channel></rss>', "no items"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item>'
            b"<title>&a;</title></item></channel></rss>",
            "entity declarations",
        ),
    ],
)
def test_unusable_files_raise_feed_error_with_a_clear_message(data, message):
    with pytest.raises(FeedError, match=message):
        read_feed(data, required=("id", "title", "price"))


def test_missing_and_directory_paths_are_feed_errors(tmp_path):
    with pytest.raises(FeedError, match="does not exist"):
        read_feed(tmp_path / "nope.tsv")
    with pytest.raises(FeedError, match="is a folder"):
        read_feed(tmp_path)


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr("vendors.feeds.reading.MAX_FEED_BYTES", 100)

    with pytest.raises(FeedError, match="larger than"):
        read_feed(b"id\ttitle\tprice\n" + b"1\tx\t1\n" * 50)
