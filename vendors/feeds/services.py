"""Importing Google Merchant Center feeds into one shop's catalogue. These functions write.

``product_feed_import`` creates or updates one Product with one StockRecord per feed row (the
row's ``id`` is the shop's SKU, ``StockRecord.partner_sku``); ``inventory_feed_import`` updates
stock, price, availability and pickup terms of existing products from a local inventory feed.

Contract:

* The whole file is read and checked first (``FeedError`` before any write); then each row is
  written in its own transaction, so one bad row or a big feed never holds one giant transaction.
* A row whose values equal what is stored causes no write at all ("unchanged"); re-importing a
  file is therefore cheap and leaves ``date_updated`` alone. The only exception is the inventory
  feed's confirmation time: a row that confirms stock (quantity or availability) sets
  ``stock_confirmed_at`` even when nothing else changed, in one query for all such rows.
* Products of the shop that the file does not mention are never deleted; they are counted as
  ``missing`` and, with ``deactivate_missing``, made non-public (the file is then taken as the
  complete catalogue, and products in it are made public again).
* Images are fetched after their row is committed, outside any transaction; a failed image is
  a warning only. An image remembers its source URL through ``ProductImage.code``
  ("feed:<product id>:<hash of the URL>"), so re-imports do not download it again; images added
  in the dashboard (without such a code) are never deleted. When a row changes its images, the
  feed's images come first (``display_order`` 0, 1, … in link order), the dashboard's after them.
* The local inventory feed's ``store_code`` is informational: a shop has one store.
"""

import hashlib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.catalogue.categories import create_from_sequence
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from vendors.feeds.images import ImageFetcher, ImageProblem, checked_image
from vendors.feeds.reading import Feed, FeedError, FeedSource, read_feed
from vendors.feeds.report import ImportReport
from vendors.feeds.rows import (
    InventoryRow,
    ProductRow,
    RowError,
    inventory_row,
    product_row,
    row_sku,
)
from vendors.models import Vendor

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_CLASS_SLUG = "artikel"
PRODUCT_CLASS_NAME = "Artikel"
INVENTORY_VALUE_COLUMNS = frozenset(
    {"quantity", "price", "sale_price", "availability", "pickup_method", "pickup_sla"}
)
IMAGE_CODE_PREFIX = "feed"
_BULK_CHUNK = 500


def product_feed_import(
    *,
    vendor: Vendor,
    source: FeedSource,
    fetch_images: bool = True,
    image_fetcher: ImageFetcher | None = None,
    deactivate_missing: bool = False,
) -> ImportReport:
    """Import a product feed (TSV/CSV/RSS/Atom) into ``vendor``'s catalogue.

    ``image_fetcher`` defaults to one that only fetches from public http(s) addresses; pass a
    more permissive one only for trusted input. Raises FeedError if the file cannot be used.
    """
    feed = read_feed(source, required=("id", "title", "price"))
    return _ProductImport(
        vendor=vendor,
        feed=feed,
        fetcher=(image_fetcher or ImageFetcher()) if fetch_images else None,
        deactivate_missing=deactivate_missing,
    ).run()


def inventory_feed_import(*, vendor: Vendor, source: FeedSource) -> ImportReport:
    """Apply a local inventory feed to ``vendor``'s existing products (matched by id = SKU).

    Raises FeedError if the file cannot be used or has none of the inventory value columns.
    """
    feed = read_feed(source, required=("id",))
    if feed.position_label == "line" and not feed.columns & INVENTORY_VALUE_COLUMNS:
        raise FeedError(
            _("The file has none of the columns %(columns)s, so there is nothing to import.")
            % {"columns": ", ".join(sorted(INVENTORY_VALUE_COLUMNS))}
        )
    report = _new_report(feed)
    rows, _seen = _checked_rows(feed, inventory_row, report)
    records = {
        record.partner_sku: record for record in StockRecord.objects.filter(partner=vendor.partner)
    }
    now = timezone.now()
    confirmed_only: list[int] = []
    for row in rows:
        record = records.get(row.sku)
        if record is None:
            report.skipped += 1
            report.error(row.position, row.sku, _("no product with this id in the shop"))
            continue
        _apply_inventory_row(row, record, now=now, report=report, confirmed_only=confirmed_only)
    for start in range(0, len(confirmed_only), _BULK_CHUNK):
        StockRecord.objects.filter(pk__in=confirmed_only[start : start + _BULK_CHUNK]).update(
            stock_confirmed_at=now
        )
    report.sort()
    return report


# Shared ---------------------------------------------------------------------------------------


def _new_report(feed: Feed) -> ImportReport:
    return ImportReport(
        feed_format=feed.format, position_label=feed.position_label, rows=len(feed.rows)
    )


def _position_text(label: str, position: int) -> str:
    if label == "item":
        return _("item %(position)s") % {"position": position}
    return _("line %(position)s") % {"position": position}


def _checked_rows(feed: Feed, parse, report: ImportReport) -> tuple[list, set[str]]:
    """Parse every row: (good rows, every id in the file, bad rows included).

    Bad rows and repeated ids go to the report as errors, warnings as warnings.
    """
    first_seen: dict[str, int] = {}
    rows = []
    for feed_row in feed.rows:
        sku = row_sku(feed_row)
        if sku in first_seen:
            report.skipped += 1
            report.error(
                feed_row.position,
                sku,
                _("this id was already used (%(where)s); row skipped")
                % {"where": _position_text(feed.position_label, first_seen[sku])},
            )
            continue
        if sku:
            first_seen[sku] = feed_row.position
        try:
            data, warnings = parse(feed_row)
        except RowError as exc:
            report.skipped += 1
            report.error(feed_row.position, sku, "; ".join(exc.reasons))
            continue
        for warning in warnings:
            report.warn(feed_row.position, sku, warning)
        rows.append(data)
    return rows, set(first_seen)


def _apply_inventory_row(
    row: InventoryRow, record, *, now, report: ImportReport, confirmed_only: list[int]
) -> None:
    changes = {
        name: value for name, value in row.stock_fields().items() if getattr(record, name) != value
    }
    confirms_stock = row.num_in_stock is not None or row.availability is not None
    if not changes:
        report.unchanged += 1
        if confirms_stock:
            confirmed_only.append(record.pk)
        return
    update_fields = [*changes, "date_updated"]
    if confirms_stock:
        update_fields.append("stock_confirmed_at")
    try:
        with transaction.atomic():
            for name, value in changes.items():
                setattr(record, name, value)
            record.stock_confirmed_at = now if confirms_stock else record.stock_confirmed_at
            record.save(update_fields=update_fields)
    except DatabaseError as exc:
        report.skipped += 1
        report.error(row.position, row.sku, _("could not be saved: %(reason)s") % {"reason": exc})
        return
    report.updated += 1


class _CategoryCache:
    """Category per product_type path (names from the root), shared by all shops.

    The whole tree is read once, on first use, so rows cost no category query; a path not in the
    tree is created with Oscar's ``create_from_sequence`` (in its own transaction, so a later
    failing row cannot roll back a category this cache already handed out).
    """

    def __init__(self) -> None:
        self._by_names: dict[tuple[str, ...], object] | None = None

    def _load(self) -> dict[tuple[str, ...], object]:
        nodes = list(Category.objects.only("id", "path", "depth", "name").order_by("path"))
        by_path = {node.path: node for node in nodes}
        step = Category.steplen
        by_names: dict[tuple[str, ...], object] = {}
        for node in nodes:
            names = tuple(
                by_path[node.path[: level * step]].name for level in range(1, node.depth + 1)
            )
            by_names.setdefault(names, node)
        return by_names

    def get(self, path: tuple[str, ...]):
        """The category for ``path``, created if needed; ValueError if the tree is ambiguous."""
        if self._by_names is None:
            self._by_names = self._load()
        if path not in self._by_names:
            with transaction.atomic():
                created = create_from_sequence(list(path))
            for depth, category in enumerate(created, start=1):
                self._by_names.setdefault(path[:depth], category)
        return self._by_names[path]


class _ProductImport:
    """One run of a product feed import (state shared by the rows of one file)."""

    def __init__(
        self, *, vendor: Vendor, feed: Feed, fetcher: ImageFetcher | None, deactivate_missing: bool
    ):
        self.vendor = vendor
        self.partner = vendor.partner
        self.feed = feed
        self.fetcher = fetcher
        self.deactivate_missing = deactivate_missing
        self.report = _new_report(feed)
        self.categories = _CategoryCache()

    def run(self) -> ImportReport:
        rows, self.seen_skus = _checked_rows(self.feed, product_row, self.report)
        self.records = {
            record.partner_sku: record
            for record in StockRecord.objects.filter(partner=self.partner).select_related("product")
        }
        self.category_ids: dict[int, set[int]] = defaultdict(set)
        for product_id, category_id in ProductCategory.objects.filter(
            product__stockrecords__partner=self.partner
        ).values_list("product_id", "category_id"):
            self.category_ids[product_id].add(category_id)
        self.feed_images: dict[int, list] = defaultdict(list)
        if self.fetcher is not None:
            for image in ProductImage.objects.filter(
                product__stockrecords__partner=self.partner,
                code__startswith=f"{IMAGE_CODE_PREFIX}:",
            ):
                self.feed_images[image.product_id].append(image)
        self.product_class = None
        for row in rows:
            self._import_row(row)
        self._handle_missing()
        self.report.sort()
        return self.report

    def _get_product_class(self):
        if self.product_class is None:
            self.product_class, _created = ProductClass.objects.get_or_create(
                slug=PRODUCT_CLASS_SLUG,
                defaults={
                    "name": PRODUCT_CLASS_NAME,
                    "requires_shipping": False,
                    "track_stock": True,
                },
            )
        return self.product_class

    def _category(self, row: ProductRow):
        if not row.category_path:
            return None
        try:
            return self.categories.get(row.category_path)
        except (ValueError, DatabaseError, ValidationError) as exc:
            self.report.warn(
                row.position,
                row.sku,
                _("category %(path)s could not be used: %(reason)s")
                % {"path": " > ".join(row.category_path), "reason": exc},
            )
            return None

    def _import_row(self, row: ProductRow) -> None:
        category = self._category(row)
        record = self.records.get(row.sku)
        try:
            if record is None:
                product = self._create(row, category)
                outcome = "created"
            else:
                product = record.product
                outcome = "updated" if self._update(row, record, category) else "unchanged"
        except (DatabaseError, ValidationError) as exc:
            self.report.skipped += 1
            self.report.error(
                row.position, row.sku, _("could not be saved: %(reason)s") % {"reason": exc}
            )
            return
        images_changed = (
            self.fetcher is not None
            and row.image_urls is not None
            and self._sync_images(product, row)
        )
        if images_changed and outcome == "unchanged":
            outcome = "updated"
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def _create(self, row: ProductRow, category):
        with transaction.atomic():
            product = Product(
                product_class=self._get_product_class(),
                structure=Product.STANDALONE,
                is_public=True,
                **row.product_fields(),
            )
            product.save()
            StockRecord.objects.create(
                product=product, partner=self.partner, partner_sku=row.sku, **row.stock_fields()
            )
            if category is not None:
                ProductCategory.objects.create(product=product, category=category)
        return product

    def _update(self, row: ProductRow, record, category) -> bool:
        """Write what differs; False (and no query) when the row matches the stored product."""
        product = record.product
        product_changes = {
            name: value
            for name, value in row.product_fields().items()
            if getattr(product, name) != value
        }
        if self.deactivate_missing and not product.is_public:
            product_changes["is_public"] = True
        stock_changes = {
            name: value
            for name, value in row.stock_fields().items()
            if getattr(record, name) != value
        }
        current_categories = self.category_ids.get(product.pk, set())
        change_category = category is not None and current_categories != {category.pk}
        if not (product_changes or stock_changes or change_category):
            return False
        with transaction.atomic():
            if product_changes:
                for name, value in product_changes.items():
                    setattr(product, name, value)
                product.save(update_fields=[*product_changes, "date_updated"])
            if stock_changes:
                for name, value in stock_changes.items():
                    setattr(record, name, value)
                record.save(update_fields=[*stock_changes, "date_updated"])
            if change_category:
                ProductCategory.objects.filter(product=product).exclude(category=category).delete()
                if category.pk not in current_categories:
                    ProductCategory.objects.create(product=product, category=category)
        return True

    # Images -----------------------------------------------------------------------------------

    def _sync_images(self, product, row: ProductRow) -> bool:
        """Make the product's feed images follow the row's links; True if anything changed.

        Feed images come first, in the order of the row's links (``display_order`` 0, 1, …);
        images added in the dashboard follow, in their previous order. The order is rewritten
        only when the feed images change (or their order does), so an unchanged row is no write.
        """
        wanted = {_image_code(product.pk, url): url for url in row.image_urls}
        stored = self.feed_images.get(product.pk, [])
        stale = [image for image in stored if image.code not in wanted]
        by_code = {image.code: image for image in stored if image.code in wanted}
        changed = False
        if stale:
            # A queryset delete (post_delete still runs, so thumbnails go): Oscar's
            # ProductImage.delete() would renumber the remaining images itself, moving a
            # dashboard image to position 0 before the feed's new image is added.
            ProductImage.objects.filter(pk__in=[image.pk for image in stale]).delete()
            self.report.images_removed += len(stale)
            changed = True
        feed_images = []
        for code, url in wanted.items():
            image = by_code.get(code)
            if image is None:
                image = self._add_image(product, row, code=code, url=url, order=len(feed_images))
                if image is None:
                    continue
                changed = True
            feed_images.append(image)
        in_order = all(image.display_order == order for order, image in enumerate(feed_images))
        if changed or not in_order:
            changed |= self._put_feed_images_first(product, feed_images)
        return changed

    def _put_feed_images_first(self, product, feed_images: list) -> bool:
        """Number the feed images 0, 1, … and the other images after them; True if any moved."""
        feed_pks = [image.pk for image in feed_images]
        others = list(
            ProductImage.objects.filter(product=product)
            .exclude(pk__in=feed_pks)
            .order_by("display_order", "pk")
        )
        moved = False
        for order, image in enumerate([*feed_images, *others]):
            if image.display_order != order:
                ProductImage.objects.filter(pk=image.pk).update(display_order=order)
                image.display_order = order
                moved = True
        return moved

    def _add_image(self, product, row: ProductRow, *, code: str, url: str, order: int):
        """Fetch, check and store one feed image; the new ProductImage, or None (a warning)."""
        try:
            checked = checked_image(self.fetcher.fetch(url, base_dir=self.feed.base_dir))
            name = f"{slugify(product.title)[:60] or 'product'}-{code[-8:]}.{checked.extension}"
            with transaction.atomic():
                image = ProductImage.objects.create(
                    product=product,
                    code=code,
                    display_order=order,
                    original=ContentFile(checked.content, name=name),
                )
        except ImageProblem as problem:
            self.report.warn(
                row.position,
                row.sku,
                _("image %(url)s: %(reason)s") % {"url": url, "reason": problem},
            )
            return None
        except (OSError, DatabaseError) as exc:
            self.report.warn(
                row.position,
                row.sku,
                _("image %(url)s could not be stored: %(reason)s") % {"url": url, "reason": exc},
            )
            return None
        self.report.images_added += 1
        return image

    # Products not in the file -----------------------------------------------------------------

    def _handle_missing(self) -> None:
        missing = [record for sku, record in self.records.items() if sku not in self.seen_skus]
        self.report.missing = len(missing)
        if not self.deactivate_missing:
            return
        for record in missing:
            product = record.product
            if product.is_public:
                product.is_public = False
                product.save(update_fields=["is_public", "date_updated"])
                self.report.deactivated += 1


def _image_code(product_id: int, url: str) -> str:
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
    return f"{IMAGE_CODE_PREFIX}:{product_id}:{digest}"
