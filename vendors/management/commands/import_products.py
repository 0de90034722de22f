"""``manage.py import_products``: load a shop's Google Merchant Center feed.

    manage.py import_products --vendor SLUG FILE              product feed (TSV, CSV, RSS, Atom)
    manage.py import_products --vendor SLUG --inventory FILE  local inventory feed

The operator runs this on the server, so image links may also be local files (relative to the
feed's folder) and addresses in the local network; uploads from shops do not get that.
"""

from django.core.management.base import BaseCommand, CommandError

from vendors.feeds.images import ImageFetcher
from vendors.feeds.reading import FeedError
from vendors.feeds.report import ImportReport
from vendors.feeds.services import inventory_feed_import, product_feed_import
from vendors.models import Vendor


class Command(BaseCommand):
    help = (
        "Import a Google Merchant Center product feed (TSV, CSV or XML) or, with --inventory, a "
        "local inventory feed into one shop's catalogue. Products missing from the file are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the feed file")
        parser.add_argument("--vendor", required=True, help="Slug of the shop")
        parser.add_argument(
            "--inventory",
            action="store_true",
            help="The file is a local inventory feed (stock, price, availability, pickup).",
        )
        parser.add_argument(
            "--no-images", action="store_true", help="Do not fetch images (product feeds)."
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Treat the file as the complete catalogue: products of the shop that are not in "
            "it become non-public, products in it public (product feeds).",
        )

    def handle(self, *args, **options):
        try:
            vendor = Vendor.objects.select_related("partner").get(slug=options["vendor"])
        except Vendor.DoesNotExist as exc:
            raise CommandError(f"There is no shop with the slug '{options['vendor']}'.") from exc
        if options["inventory"] and (options["no_images"] or options["deactivate_missing"]):
            raise CommandError("--no-images and --deactivate-missing apply to product feeds only.")
        try:
            if options["inventory"]:
                report = inventory_feed_import(vendor=vendor, source=options["file"])
            else:
                report = product_feed_import(
                    vendor=vendor,
                    source=options["file"],
                    fetch_images=not options["no_images"],
                    image_fetcher=ImageFetcher(allow_local_files=True, allow_private_hosts=True),
                    deactivate_missing=options["deactivate_missing"],
                )
        except FeedError as exc:
            raise CommandError(f"{options['file']}: {exc} Nothing was imported.") from exc
        self._print(report, vendor=vendor, path=options["file"], inventory=options["inventory"])

    def _print(self, report: ImportReport, *, vendor, path: str, inventory: bool) -> None:
        kind = "local inventory" if inventory else "product feed"
        write = self.stdout.write
        write(f"{path}: {kind} ({report.feed_format.upper()}) for shop '{vendor.name}'")
        write(
            f"  rows: {report.rows}, created: {report.created}, updated: {report.updated}, "
            f"unchanged: {report.unchanged}, skipped (bad rows): {report.skipped}"
        )
        if inventory:
            write("  Stock of the rows with a quantity or availability is confirmed as of now.")
        else:
            write(f"  images: {report.images_added} added, {report.images_removed} removed")
            if report.deactivated:
                write(
                    f"  {report.missing} products of the shop are not in the file; "
                    f"{report.deactivated} of them were made non-public. Nothing was deleted."
                )
            elif report.missing:
                write(
                    f"  {report.missing} products of the shop are not in the file; they were kept "
                    "(nothing is deleted; --deactivate-missing hides them)."
                )
        for title, problems, style in (
            ("Bad rows (skipped)", report.errors, self.style.ERROR),
            ("Warnings", report.warnings, self.style.WARNING),
        ):
            if problems:
                write(style(f"{title}: {len(problems)}"))
                for problem in problems:
                    sku = f" [{problem.sku}]" if problem.sku else ""
                    write(f"  {report.position_label} {problem.position}{sku}: {problem.message}")
