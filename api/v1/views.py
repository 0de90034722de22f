"""The v1 endpoints: thin read-only views over ``vendors.selectors``.

Anonymous, JSON, GET only. Every read goes through a selector, so only approved shops and their
public products are ever reachable; anything else is a 404 with ``{"detail": …}``.
"""

import re

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView

from api.v1.filters import TradeFilter
from api.v1.pagination import ApiPagination
from api.v1.serializers import (
    ErrorSerializer,
    ProductSerializer,
    TradeFilterErrorSerializer,
    VendorDetailSerializer,
    VendorSerializer,
)
from vendors.models import Vendor
from vendors.selectors import (
    product_list_visible,
    vendor_get_visible,
    vendor_list_visible,
    vendor_products,
)

Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

# What the URL may carry, checked before any query: decimal digits that fit a 64-bit primary key;
# a slug as Django's SlugField allows it. Anything else (a NUL byte, which PostgreSQL refuses,
# an overlong number, which SQLite refuses) is a 404 without touching the database.
_PRODUCT_ID = re.compile(r"[0-9]{1,18}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,128}")

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Unknown, or not visible to residents.")
PAGE_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Invalid or out-of-range page.")


def _visible_vendor(slug: str) -> Vendor:
    if not _SLUG.fullmatch(slug):
        raise NotFound
    try:
        return vendor_get_visible(slug=slug)
    except Vendor.DoesNotExist as exc:
        raise NotFound from exc


class VendorContextMixin:
    """Judges "open now" for every shop of a response at one moment."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class ProductContextMixin:
    """One pricing strategy for every product of a response."""

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "strategy": Selector().strategy(),  # anonymous: no request user to price for
        }


@extend_schema(
    tags=["shops"],
    summary="List the shops",
    description="Approved shops of the marketplace, by name.",
    responses={
        200: VendorSerializer(many=True),
        400: TradeFilterErrorSerializer,
        404: PAGE_NOT_FOUND,
    },
)
class VendorListView(VendorContextMixin, ListAPIView):
    serializer_class = VendorSerializer
    pagination_class = ApiPagination
    filter_backends = [TradeFilter]

    def get_queryset(self):
        return vendor_list_visible()


@extend_schema(
    tags=["shops"],
    summary="One shop",
    description="An approved shop with its description and Impressum.",
    responses={200: VendorDetailSerializer, 404: NOT_FOUND},
)
class VendorDetailView(VendorContextMixin, RetrieveAPIView):
    serializer_class = VendorDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return vendor_list_visible()

    def get_object(self):
        return _visible_vendor(self.kwargs["slug"])


@extend_schema(
    tags=["shops"],
    summary="A shop's products",
    description="The public products of one approved shop, newest first.",
    parameters=[
        OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The shop's slug.")
    ],
    responses={200: ProductSerializer(many=True), 404: NOT_FOUND},
)
class VendorProductListView(ProductContextMixin, ListAPIView):
    serializer_class = ProductSerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request data
            return Product.objects.none()
        return vendor_products(vendor=_visible_vendor(self.kwargs["slug"]))


@extend_schema(
    tags=["products"],
    summary="One product",
    description="A public product of an approved shop, with price and availability.",
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The product id.")],
    responses={200: ProductSerializer, 404: NOT_FOUND},
)
class ProductDetailView(ProductContextMixin, RetrieveAPIView):
    serializer_class = ProductSerializer

    def get_queryset(self):
        return product_list_visible()

    def get_object(self):
        raw_id = self.kwargs["id"]
        if not _PRODUCT_ID.fullmatch(raw_id):
            raise NotFound
        try:
            return self.get_queryset().get(pk=int(raw_id))
        except Product.DoesNotExist as exc:
            raise NotFound from exc
