"""The crash test's town: three shops that take online payment, open around the clock (the
server runs on the real clock), with plenty of some products and a few of others (so that
checkouts compete for the last units), a member of staff each, and the URLs the driver uses.
Written by the test process and committed (``transactional_db``) before the app server starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.urls import reverse

from payments.models import ConnectedAccount
from tests.factories import OpeningHoursFactory, UserFactory, VendorFactory, product_of

PASSWORD = "correct horse battery staple"  # UserFactory's

# name, products as (title, gross price, in stock, VAT category)
SHOPS = [
    (
        "Backstube Absturz",
        [("Roggenbrot", "3.60", 40, "reduced"), ("Mohnschnecke", "1.85", 6, "reduced")],
    ),
    (
        "Buchhandlung Neustart",
        [("Notizbuch Rosenstadt", "12.90", 30, "standard"), ("Stadtplan", "4.99", 5, "standard")],
    ),
    (
        "Rosengarten Wiederkehr",
        [("Rosenstock", "17.45", 25, "standard"), ("Heidehonig", "6.30", 8, "reduced")],
    ),
]


@dataclass(frozen=True)
class Item:
    product_id: int
    stockrecord_id: int
    title: str
    path: str  # the product page


@dataclass
class Shop:
    vendor_id: int
    slug: str
    name: str
    username: str
    items: list[Item] = field(default_factory=list)

    @property
    def parts_path(self) -> str:
        return reverse("fulfilment:shop_parts", kwargs={"slug": self.slug})

    @property
    def counter_path(self) -> str:
        return reverse("fulfilment:counter", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class Paths:
    """The app's URLs, reversed once in the test process."""

    checkout: str
    pickup: str
    payment_method: str
    preview: str
    thank_you: str
    basket: str
    login: str
    webhook: str

    @classmethod
    def reversed(cls) -> Paths:
        return cls(
            checkout=reverse("checkout:index"),
            pickup=reverse("checkout:pickup"),
            payment_method=reverse("checkout:payment-method"),
            preview=reverse("checkout:preview"),
            thank_you=reverse("checkout:thank-you"),
            basket=reverse("basket:summary"),
            login=reverse("customer:login"),
            webhook=reverse("payments:stripe_webhook"),
        )


@dataclass
class Town:
    shops: list[Shop]
    initial_stock: dict[int, int]
    paths: Paths

    @property
    def items(self) -> list[Item]:
        return [item for shop in self.shops for item in shop.items]


def town_build() -> Town:
    # A transactional test before this one may have flushed the migrations' rows.
    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "127.0.0.1", "name": "Marktplatz Forst"}
    )
    group, _created = Group.objects.get_or_create(name="Shop staff")
    shops, initial = [], {}
    for number, (name, products) in enumerate(SHOPS, start=1):
        slug = f"crash-{number}"
        vendor = VendorFactory(
            name=name,
            slug=slug,
            pickup_preparation_minutes=30,
            pickup_slot_minutes=60,
            pickup_days_ahead=3,
        )
        for weekday in range(7):
            OpeningHoursFactory(vendor=vendor, weekday=weekday, opens=time(0), closes=time(23, 59))
        ConnectedAccount.objects.create(
            vendor=vendor, account_id=f"acct_crash_{vendor.pk}", charges_enabled=True
        )
        user = UserFactory(username=f"staff-{slug}@example.org", is_staff=False)
        vendor.partner.users.add(user)
        user.groups.add(group)
        shop = Shop(vendor_id=vendor.pk, slug=slug, name=name, username=user.username)
        for title, price, in_stock, vat in products:
            product = product_of(
                vendor,
                title=title,
                vat_category=vat,
                stock__price=Decimal(price),
                stock__num_in_stock=in_stock,
            )
            record = product.stockrecords.get()
            initial[record.pk] = in_stock
            shop.items.append(
                Item(
                    product_id=product.pk,
                    stockrecord_id=record.pk,
                    title=title,
                    path=product.get_absolute_url(),
                )
            )
        shops.append(shop)
    return Town(shops=shops, initial_stock=initial, paths=Paths.reversed())
