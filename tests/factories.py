"""Factories shared by the test suite: shops, their staff, products with one stock record."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from vendors.models import OpeningHours, Trade, Vendor, VendorStatus

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Geschäft {n}")
    code = factory.Sequence(lambda n: f"geschaeft-{n}")


class VendorFactory(factory.django.DjangoModelFactory):
    """An approved shop that sells online, with a complete address."""

    class Meta:
        model = Vendor

    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    name = factory.Sequence(lambda n: f"Geschäft {n}")
    slug = factory.Sequence(lambda n: f"geschaeft-{n}")
    trade = Trade.OTHER
    street = "Cottbuser Straße 1"
    postcode = "03149"
    city = "Forst (Lausitz)"
    email = factory.Sequence(lambda n: f"shop{n}@example.org")
    status = VendorStatus.APPROVED
    sells_online = True


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    vendor = factory.SubFactory(VendorFactory)
    weekday = 0
    opens = "09:00"
    closes = "18:00"


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = "Artikel"
    slug = "artikel"
    requires_shipping = False
    track_stock = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Produkt {n}")
    product_class = factory.SubFactory(ProductClassFactory)
    structure = Product.STANDALONE
    is_public = True


class StockRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockRecord

    product = factory.SubFactory(ProductFactory)
    partner = factory.LazyAttribute(lambda o: VendorFactory().partner)
    partner_sku = factory.Sequence(lambda n: f"SKU-{n}")
    price_currency = "EUR"
    price = Decimal("9.99")
    num_in_stock = 10


def product_of(vendor: Vendor, **kwargs) -> Product:
    """A product sold by ``vendor``: product fields as keywords, stock fields as ``stock__…``."""
    stock = {
        key.removeprefix("stock__"): kwargs.pop(key)
        for key in list(kwargs)
        if key.startswith("stock__")
    }
    product = ProductFactory(**kwargs)
    StockRecordFactory(product=product, partner=vendor.partner, **stock)
    return product
