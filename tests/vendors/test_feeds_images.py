"""Images named in a feed: fetched from a loopback server or local files, checked, stored once."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from PIL import Image

from tests.vendors.feeds.english import messages_in_english  # noqa: F401
from tests.vendors.feeds.loopback import LoopbackServer, image_bytes, png_header_only
from vendors.feeds.images import ImageFetcher, ImageProblem, checked_image
from vendors.feeds.services import product_feed_import

ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

TRUSTED = ImageFetcher(allow_private_hosts=True, allow_local_files=True)
HEADER = ("id", "title", "price", "image_link", "additional_image_link")


@pytest.fixture
def server():
    with LoopbackServer().running() as running:
        yield running


def feed(*rows):
    return ("\n".join("\t".join(row) for row in (HEADER, *rows)) + "\n").encode()


def run(vendor, data, fetcher=TRUSTED):
    return product_feed_import(vendor=vendor, source=data, image_fetcher=fetcher)


def images_of(vendor, sku):
    record = StockRecord.objects.get(partner=vendor.partner, partner_sku=sku)
    return list(record.product.images.order_by("display_order"))


def stored_format(image):
    with image.original.open("rb") as handle, Image.open(BytesIO(handle.read())) as opened:
        return opened.format, opened.size, dict(opened.getexif())


@pytest.mark.django_db
def test_images_are_fetched_checked_and_stored_in_feed_order(vendor, server):
    main = server.add("/rose.png", body=image_bytes("PNG"), headers={"Content-Type": "image/png"})
    extra = server.add("/rose-2.jpg", body=image_bytes("JPEG", size=(64, 48)))

    report = run(vendor, feed(("A", "Rose", "3.00", main, extra)))

    assert (report.created, report.images_added, report.warnings) == (1, 2, [])
    first, second = images_of(vendor, "A")
    assert (first.display_order, second.display_order) == (0, 1)
    assert stored_format(first)[:2] == ("PNG", (40, 30))
    assert stored_format(second)[:2] == ("JPEG", (64, 48))
    assert first.code.startswith(f"feed:{first.product_id}:")
    assert first.original.name.endswith(".png")


@pytest.mark.django_db
def test_reimport_does_not_download_a_stored_image_again(vendor, server):
    url = server.add("/rose.png", body=image_bytes())
    run(vendor, feed(("A", "Rose", "3.00", url, "")))

    with CaptureQueriesContext(connection) as queries:
        report = run(vendor, feed(("A", "Rose", "3.00", url, "")))

    assert server.hits["/rose.png"] == 1
    assert (report.unchanged, report.images_added, report.images_removed) == (1, 0, 0)
    writes = [
        q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


@pytest.mark.django_db
def test_a_changed_image_link_replaces_the_feed_image_but_not_dashboard_images(vendor, server):
    old = server.add("/old.png", body=image_bytes(color=(0, 0, 0)))
    new = server.add("/new.png", body=image_bytes(color=(255, 255, 255)))
    run(vendor, feed(("A", "Rose", "3.00", old, "")))
    product = StockRecord.objects.get(partner=vendor.partner, partner_sku="A").product
    shop_image = ProductImage.objects.create(
        product=product, display_order=5, original=ContentFile(image_bytes(), name="shop.png")
    )

    report = run(vendor, feed(("A", "Rose", "3.00", new, "")))

    assert (report.updated, report.images_added, report.images_removed) == (1, 1, 1)
    first, second = images_of(vendor, "A")
    assert first.code.startswith("feed:")  # the feed's (new) image is the primary one
    with first.original.open("rb") as handle, Image.open(BytesIO(handle.read())) as opened:
        assert opened.convert("RGB").getpixel((0, 0)) == (255, 255, 255)  # new.png, not old.png
    assert first.display_order < second.display_order
    # The image added in the dashboard stays. Oscar's NullCharField stores its empty code as
    # NULL and reads it back as "", never None.
    assert (second.pk, second.code) == (shop_image.pk, "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "warning"),
    [
        ({"status": 404, "body": b"gone"}, "HTTP 404"),
        (
            {"body": b"<html>no image</html>", "headers": {"Content-Type": "image/png"}},
            "not an image",
        ),
        ({"body": b"GIF89a" + b"\x00" * 20}, "damaged"),
        ({"body": b"\xff" * (10 * 1024 * 1024 + 1)}, "larger than 10 MB"),
        ({"body": b"\xff" * (10 * 1024 * 1024 + 1), "chunked": True}, "larger than 10 MB"),
        ({"body": png_header_only(100_000, 100_000)}, "not an image"),
        ({"body": png_header_only(8_000, 6_000)}, "more than 40 million"),
        (
            {"body": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
            "not an image",
        ),
        ({"status": 302, "headers": {"Location": "/bad"}}, "too many redirects"),
    ],
)
def test_bad_images_are_warnings_and_never_fail_the_row(vendor, server, route, warning):
    url = server.add("/bad", **route)

    report = run(vendor, feed(("A", "Rose", "3.00", url, "")))

    assert (report.created, report.skipped, report.images_added) == (1, 0, 0)
    (problem,) = report.warnings
    assert (problem.position, problem.sku) == (2, "A")
    assert warning in problem.message
    assert url in problem.message
    assert images_of(vendor, "A") == []


@pytest.mark.django_db
def test_a_slow_server_is_given_up_on(vendor, server):
    url = server.add("/slow.png", body=image_bytes(), delay=2)
    fetcher = ImageFetcher(allow_private_hosts=True, timeout=0.2)

    report = run(vendor, feed(("A", "Rose", "3.00", url, "")), fetcher=fetcher)

    assert report.created == 1
    assert "download" in report.warnings[0].message


@pytest.mark.django_db
def test_redirects_are_followed(vendor, server):
    server.add("/image.png", body=image_bytes())
    url = server.add("/moved", status=301, headers={"Location": "/image.png"})

    report = run(vendor, feed(("A", "Rose", "3.00", url, "")))

    assert report.images_added == 1


@pytest.mark.django_db
def test_by_default_images_come_only_from_public_addresses_never_local_files(
    vendor, server, tmp_path
):
    url = server.add("/rose.png", body=image_bytes())
    local = tmp_path / "rose.png"
    local.write_bytes(image_bytes())

    report = product_feed_import(
        vendor=vendor, source=feed(("A", "Rose", "3.00", url, f"{local},file://{local}"))
    )

    assert server.hits["/rose.png"] == 0
    messages = [problem.message for problem in report.warnings]
    assert "not a public internet address" in messages[0]
    assert all("local files are not accepted" in message for message in messages[1:])
    assert len(messages) == 3
    assert images_of(vendor, "A") == []


@pytest.mark.django_db
def test_trusted_fetcher_reads_local_files_relative_to_the_feed(vendor, tmp_path):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "rose.jpg").write_bytes(image_bytes("JPEG"))
    (tmp_path / "tulpe.png").write_bytes(image_bytes("PNG"))
    source = tmp_path / "feed.tsv"
    source.write_bytes(
        feed(("A", "Rose", "3.00", "bilder/rose.jpg", f"file://{tmp_path}/tulpe.png"))
    )

    report = run(vendor, source)

    assert (report.images_added, report.warnings) == (2, [])


@pytest.mark.django_db
def test_no_images_option_fetches_nothing(vendor, server):
    url = server.add("/rose.png", body=image_bytes())

    report = product_feed_import(
        vendor=vendor, source=feed(("A", "Rose", "3.00", url, "")), fetch_images=False
    )

    assert report.created == 1
    assert server.hits["/rose.png"] == 0


def test_metadata_and_trailing_bytes_are_removed():
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°
    data = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes()) + b"<script>alert(1)</script>"

    checked = checked_image(data)

    with Image.open(BytesIO(checked.content)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (20, 40)  # turned upright before the orientation tag was dropped
    assert b"<script>" not in checked.content


def test_fetcher_refuses_other_schemes():
    with pytest.raises(ImageProblem, match="only http and https"):
        ImageFetcher(allow_local_files=True).fetch("ftp://example.org/rose.png")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a" + b"\x00" * 20, "damaged"),  # Pillow: "cannot identify image file"
        (image_bytes("PNG")[:8], "damaged"),  # the PNG signature, nothing after it
        (image_bytes("PNG")[:60], "damaged"),  # opens, but the pixel data is cut off
        (image_bytes("JPEG")[:20], "damaged"),
        (image_bytes("JPEG")[:300], "damaged"),
        (image_bytes("GIF")[:40], "damaged"),
        (image_bytes("WEBP")[:30], "damaged"),
        (b"", "not an image"),
        (b"<html>no image</html>", "not an image"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "not an image"),  # RIFF, but not WebP
    ],
)
def test_damaged_images_are_told_apart_from_non_images(data, reason):
    with pytest.raises(ImageProblem) as problem:
        checked_image(data)

    assert reason in str(problem.value)
    assert ("damaged" in str(problem.value)) == (reason == "damaged")
