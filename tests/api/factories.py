"""Factories for the API tests: product images and opening exceptions."""

from datetime import date

import factory
from oscar.core.loading import get_model

from tests.factories import ProductFactory, VendorFactory
from vendors.models import OpeningException

ProductImage = get_model("catalogue", "ProductImage")


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    original = factory.django.ImageField(width=2, height=2, format="PNG")
    display_order = 0


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningException

    vendor = factory.SubFactory(VendorFactory)
    start_date = date(2025, 8, 4)
    end_date = factory.SelfAttribute("start_date")
    opens = None
    closes = None
    note = "Urlaub"
