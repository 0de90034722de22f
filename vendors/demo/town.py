"""Builds the demo town: shops with their profiles, hours, staff and catalogues, and the accounts.

Everything is derived from the written-down data in ``vendors.demo`` (shops, ranges) so that two
runs on empty databases give the same town; only the accounts' password is random unless given.
Dates (late-night shopping, holidays) are placed relative to today so the demo never looks stale.
The editorial pages are built by ``cms.demo`` from the shops and products created here.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from shop.catalogue.unit_pricing import Measure
from vendors.demo import images, products_food, products_goods
from vendors.demo.catalogue import CATEGORY_PATHS, ProductDraft, expand
from vendors.demo.shops import HOURS, SHOPS, ShopSpec
from vendors.feeds.services import PRODUCT_CLASS_NAME, PRODUCT_CLASS_SLUG
from vendors.models import OpeningException, OpeningHours, Vendor, VendorPhoto
from vendors.permissions import OPERATOR_GROUP
from vendors.services import vendor_create, vendor_staff_add

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

CATALOGUES = (*products_food.CATALOGUES, *products_goods.CATALOGUES)
POSTCODE = "03149"
# Wagtail's own group for page editors (created by Wagtail's migrations with page permissions).
EDITORS_GROUP = "Editors"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str


@dataclass
class DemoTown:
    """What was built: counts for the command's summary and the accounts to print."""

    shops: list[Vendor] = field(default_factory=list)
    products: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)


def demo_town_create(*, password: str, today: date | None = None) -> DemoTown:
    """Create the whole demo town on a database without shops; every account gets ``password``.

    Raises ValueError when shops exist already (the demo never mixes with real data).
    """
    if Vendor.objects.exists():
        raise ValueError(
            "The database has shops already; the demo town is only built on an empty one."
        )
    today = today or timezone.localdate()
    # One password for every account: hash it once (the hasher is slow on purpose).
    encoded_password = make_password(password)
    town = DemoTown()
    categories = _categories_create()
    product_class, _created = ProductClass.objects.get_or_create(
        slug=PRODUCT_CLASS_SLUG,
        defaults={"name": PRODUCT_CLASS_NAME, "requires_shipping": False, "track_stock": True},
    )
    ranges = {catalogue.shop: catalogue for catalogue in CATALOGUES}
    for number, spec in enumerate(SHOPS, start=1):
        with transaction.atomic():
            vendor = _shop_create(spec, today=today)
            town.shops.append(vendor)
            if spec.sells_online and spec.slug in ranges:
                drafts = expand(ranges[spec.slug], number)
                _products_create(drafts, vendor, spec, product_class, categories)
                town.products += len(drafts)
                email = f"team@{spec.slug}.example"
                user = vendor_staff_add(vendor=vendor, email=email)
                user.first_name, user.last_name = spec.representative.split(" ")[0], "Team"
                user.password = encoded_password
                user.save(update_fields=["first_name", "last_name", "password"])
                town.accounts.append(DemoAccount(f"Shop staff, {spec.name}", email))
    town.accounts[:0] = _platform_accounts_create(encoded_password=encoded_password)
    return town


def _categories_create() -> dict[str, object]:
    """The shared category tree; returns the leaf category of each path."""
    return {path: create_from_breadcrumbs(path, separator=" > ") for path in CATEGORY_PATHS}


def _shop_create(spec: ShopSpec, *, today: date) -> Vendor:
    vendor = vendor_create(
        name=spec.name,
        slug=spec.slug,
        email=spec.email,
        status=spec.status,
        trade=spec.trade,
        tagline=spec.tagline,
        description=spec.description,
        street=spec.street,
        postcode=POSTCODE,
        latitude=spec.latitude,
        longitude=spec.longitude,
        phone=spec.phone,
        website=spec.website,
        legal_name=spec.legal_name,
        legal_form=spec.legal_form,
        representative=spec.representative,
        register_court=spec.register_court,
        register_number=spec.register_number,
        vat_id=spec.vat_id,
        sells_online=spec.sells_online,
        pickup_preparation_minutes=spec.pickup_minutes,
        pickup_note=spec.pickup_note,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(
            vendor=vendor,
            weekday=weekday,
            opens=time.fromisoformat(opens),
            closes=time.fromisoformat(closes),
        )
        for weekday, intervals in HOURS[spec.hours].items()
        for opens, closes in intervals
    )
    OpeningException.objects.bulk_create(_exceptions(vendor, spec, today=today))
    vendor.logo.save(f"{spec.slug}.jpg", ContentFile(images.logo_picture(spec.name, key=spec.slug)))
    VendorPhoto.objects.create(
        vendor=vendor,
        image=ContentFile(
            images.story_picture(spec.name, key=spec.slug), name=f"{spec.slug}-laden.jpg"
        ),
        alt_text=f"Schaufenster von {spec.name} in der {spec.street.rsplit(' ', 1)[0]}",
    )
    return vendor


def late_night_shopping_day(today: date) -> date:
    """The next "Forster Einkaufsnacht": the first Friday that is at least ten days away."""
    day = today + timedelta(days=10)
    return day + timedelta(days=(4 - day.weekday()) % 7)


def _exceptions(vendor: Vendor, spec: ShopSpec, *, today: date) -> list[OpeningException]:
    found = []
    if spec.joins_late_night_shopping:
        day = late_night_shopping_day(today)
        found.append(
            OpeningException(
                vendor=vendor,
                start_date=day,
                end_date=day,
                opens=time(10),
                closes=time(22),
                note="Forster Einkaufsnacht",
            )
        )
    if spec.closed_for_holidays or spec.trade == "optician":
        start = today + timedelta(days=21)
        found.append(
            OpeningException(
                vendor=vendor,
                start_date=start,
                end_date=start + timedelta(days=6),
                note="Betriebsferien",
            )
        )
    return found


def _number(key: str, low: int, high: int) -> int:
    """A stable pseudo-random number in [low, high] for ``key`` (the demo is reproducible)."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")
    return low + digest % (high - low + 1)


def _products_create(
    drafts: list[ProductDraft], vendor: Vendor, spec: ShopSpec, product_class, categories
) -> None:
    """The shop's products, each with its category, one stock record and a generated picture.

    Stock records are bulk-created: saving them one by one would run Oscar's product-alert
    receiver for every record, which has no one to alert in a new town.
    """
    records, links = [], []
    for draft in drafts:
        measure = Measure.parse(draft.quantity) if draft.quantity else None
        product = Product.objects.create(
            title=draft.title,
            slug=slugify(draft.title)[:128],
            description=draft.description,
            product_class=product_class,
            structure=Product.STANDALONE,
            is_public=True,
            brand=draft.brand,
            gtin=draft.gtin,
            vat_category=draft.vat,
            is_perishable=draft.perishable,
            unit_pricing_quantity=measure.amount if measure else None,
            unit_pricing_unit=measure.unit if measure else "",
        )
        links.append(ProductCategory(product=product, category=categories[draft.category]))
        records.append(StockRecord(product=product, partner=vendor.partner, **_stock(draft, spec)))
        picture = images.product_picture(draft.title, key=draft.category, subtitle=vendor.name)
        ProductImage.objects.create(
            product=product,
            display_order=0,
            caption=draft.title,
            original=ContentFile(picture, name=f"{draft.sku.lower()}.jpg"),
        )
    ProductCategory.objects.bulk_create(links)
    StockRecord.objects.bulk_create(records)


def _stock(draft: ProductDraft, spec: ShopSpec) -> dict:
    """Price, stock and pickup terms of a draft; see ``catalogue.Item`` for the stock kinds."""
    counted = draft.stock in ("counted", "sold_out")
    confirmed = timezone.now() - timedelta(minutes=_number(draft.sku, 5, 60 * 30))
    if draft.stock == "counted":
        quantity = _number(draft.sku, 1, 40)
    elif draft.stock == "sold_out":
        quantity = 0
    else:
        quantity = None
    return {
        "partner_sku": draft.sku,
        "price_currency": "EUR",
        "price": draft.price,
        "num_in_stock": quantity,
        "availability": "out_of_stock"
        if draft.stock in ("out", "sold_out")
        else ("limited_availability" if quantity is not None and quantity <= 3 else "in_stock"),
        "pickup_method": "reserve" if draft.reserve else "buy",
        "pickup_sla": spec.pickup_sla,
        "stock_confirmed_at": confirmed if counted else None,
    }


def _platform_accounts_create(*, encoded_password: str) -> list[DemoAccount]:
    """The operator (Oscar dashboard, Django admin), the Gewerbeverein's editor (Wagtail only,
    no orders, money or stock) and a resident with a customer account."""
    User = get_user_model()
    accounts = [
        (
            "Platform operator (dashboard, admin, CMS)",
            "betrieb@marktplatz-forst.example",
            "Petra",
            "Betrieb",
            OPERATOR_GROUP,
        ),
        (
            "Gewerbeverein editor (CMS)",
            "redaktion@gewerbeverein-forst.example",
            "Jens",
            "Redaktion",
            EDITORS_GROUP,
        ),
        ("Resident (customer account)", "anna.schulz@example.org", "Anna", "Schulz", None),
    ]
    for _role, email, first_name, last_name, group in accounts:
        is_operator = group == OPERATOR_GROUP
        user = User.objects.create(
            username=email,
            email=email,
            password=encoded_password,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_operator,
            is_superuser=is_operator,
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
    return [DemoAccount(role, email) for role, email, *_rest in accounts]
