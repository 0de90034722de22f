"""Representations of shops and products in the v1 API.

Read-only. Product prices and availability come from ``vendors.offers.product_offer`` only, so the
API says what the storefront says. Serializers expect the querysets of ``vendors.selectors`` (with
their prefetches): serializing a page costs no query per item. Texts such as the trade label and
the availability message are in the language negotiated from ``Accept-Language`` (German by
default).
"""

from dataclasses import dataclass

from oscar.core.loading import get_class
from rest_framework import serializers

from api.stock_state import STOCK_STATE_DESCRIPTION, StockState, stock_state_of
from api.v1.fields import AbsoluteURLField
from vendors.models import OpeningHours, Trade, Vendor
from vendors.offers import ProductOffer, product_offer
from vendors.opening_hours import opening_state

Selector = get_class("partner.strategy", "Selector")

EMPTY_WHEN_UNKNOWN = "Empty string when the shop has not given it."


class ErrorSerializer(serializers.Serializer):
    """The body of a 404 (unknown or invisible object, page out of range)."""

    detail = serializers.CharField()


class TradeFilterErrorSerializer(serializers.Serializer):
    """The body of a 400 for an unknown ``trade`` filter value."""

    trade = serializers.ListField(child=serializers.CharField())


# Shops


class TradeSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Trade.choices, source="trade")
    label = serializers.CharField(source="get_trade_display", help_text="Translated name.")


class AddressSerializer(serializers.Serializer):
    street = serializers.CharField(help_text="Street and number. " + EMPTY_WHEN_UNKNOWN)
    postcode = serializers.CharField(help_text=EMPTY_WHEN_UNKNOWN)
    city = serializers.CharField()


class PositionSerializer(serializers.Serializer):
    """WGS 84 coordinates of the shop; the whole object is null when they are not known."""

    lat = serializers.FloatField(source="latitude")
    lon = serializers.FloatField(source="longitude")

    def to_representation(self, vendor: Vendor):
        if vendor.latitude is None or vendor.longitude is None:
            return None
        return super().to_representation(vendor)


class OpeningHoursSerializer(serializers.ModelSerializer):
    """One weekly opening interval; a day may have several (lunch break) or none (closed)."""

    weekday = serializers.ChoiceField(
        choices=OpeningHours._meta.get_field("weekday").choices,
        help_text="0 = Monday … 6 = Sunday.",
    )

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        read_only_fields = fields


class ImpressumSerializer(serializers.Serializer):
    """Who is legally behind the shop (§ 5 DDG). Empty strings where the shop gave nothing."""

    legal_name = serializers.CharField()
    legal_form = serializers.CharField()
    representative = serializers.CharField()
    register_court = serializers.CharField()
    register_number = serializers.CharField()
    vat_id = serializers.CharField()


class VendorSerializer(serializers.Serializer):
    """A shop as listed in the directory."""

    # Needs ``now`` (an aware datetime) in the context, so that every shop of a page is judged
    # at the same moment, and the shop's opening rows prefetched (vendors.selectors).

    slug = serializers.SlugField()
    name = serializers.CharField()
    trade = TradeSerializer(source="*")
    address = AddressSerializer(source="*")
    position = PositionSerializer(source="*", allow_null=True)
    phone = serializers.CharField(help_text=EMPTY_WHEN_UNKNOWN)
    email = serializers.CharField(help_text="E-mail address. " + EMPTY_WHEN_UNKNOWN)
    website = serializers.CharField(
        help_text="URL of the shop's own website. " + EMPTY_WHEN_UNKNOWN
    )
    opening_hours = OpeningHoursSerializer(
        many=True, help_text="Regular weekly hours; holidays and exceptions are not listed."
    )
    open_now = serializers.SerializerMethodField(
        help_text=(
            "Whether the shop is open at the time of the request, taking its holidays, special "
            "hours and Brandenburg's public holidays into account."
        )
    )
    sells_online = serializers.BooleanField(
        help_text="False: the shop is only listed; nothing can be ordered from it online."
    )
    url = AbsoluteURLField(source="get_absolute_url", help_text="The shop's page.")

    def get_open_now(self, vendor: Vendor) -> bool:
        state = opening_state(
            vendor.opening_hours.all(), vendor.opening_exceptions.all(), at=self.context["now"]
        )
        return state.is_open


class VendorDetailSerializer(VendorSerializer):
    """A shop with its description and Impressum."""

    tagline = serializers.CharField(help_text=EMPTY_WHEN_UNKNOWN)
    description = serializers.CharField(help_text="As entered by the shop. " + EMPTY_WHEN_UNKNOWN)
    impressum = ImpressumSerializer(source="*")


# Products


@dataclass(frozen=True)
class ProductEntry:
    """What a product representation is built from: the product and its offer, computed once."""

    product: object  # catalogue.Product
    offer: ProductOffer
    stock_state: StockState
    num_available: int | None
    image_path: str | None


class VendorSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class UnitPriceSerializer(serializers.Serializer):
    """Gross price per legal base quantity (Grundpreis, § 4 PAngV)."""

    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Gross price per base quantity."
    )
    base = serializers.CharField(help_text='The base quantity, e.g. "1 kg", "100 g", "1 l".')


class AvailabilitySerializer(serializers.Serializer):
    code = serializers.CharField(
        source="availability_code",
        help_text=(
            "The pricing strategy's availability code: instock, outofstock, available, "
            "in_shop_only, unavailable, limited_availability, on_display_to_order, preorder, "
            "backorder. Prefer `stock_state` for display."
        ),
    )
    message = serializers.CharField(
        source="availability_message", help_text="Translated text for residents."
    )
    is_available_to_buy = serializers.BooleanField(
        help_text="Whether the product can be ordered online for pickup now."
    )


class ProductSerializer(serializers.Serializer):
    """A public product of an approved shop, with its price and availability."""

    # Pass products from vendors.selectors; the context may hold a pricing ``strategy`` so that
    # a page of products shares one.

    id = serializers.IntegerField(source="product.id")
    sku = serializers.CharField(
        source="offer.sku", help_text="The shop's own article number, as imported."
    )
    title = serializers.CharField(source="product.get_title")
    description = serializers.CharField(
        source="product.description",
        help_text="As entered by the shop; may contain simple HTML. Treat as untrusted.",
    )
    vendor = VendorSummarySerializer(source="offer.vendor", help_text="The shop selling it.")
    price = serializers.DecimalField(
        source="offer.price",
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Gross price (VAT included); null when the shop gives no price online.",
    )
    currency = serializers.CharField(source="offer.currency", help_text="ISO 4217, e.g. EUR.")
    vat_rate = serializers.DecimalField(
        source="offer.vat_rate",
        max_digits=5,
        decimal_places=2,
        help_text="VAT rate in percent contained in the price (19.00, 7.00 or 0.00).",
    )
    unit_price = UnitPriceSerializer(
        source="offer.unit_price",
        allow_null=True,
        help_text="Null where no unit price is required (pieces, under 10 g or 10 ml, no price).",
    )
    availability = AvailabilitySerializer(source="offer")
    stock_state = serializers.ChoiceField(
        choices=StockState.choices, help_text=STOCK_STATE_DESCRIPTION
    )
    num_available = serializers.IntegerField(
        allow_null=True,
        min_value=0,
        help_text=(
            "Units counted by the shop and not promised to other orders; null when the shop "
            "does not count its stock."
        ),
    )
    stock_confirmed_at = serializers.DateTimeField(
        source="offer.stock_confirmed_at",
        allow_null=True,
        help_text="When the shop last confirmed the stock; null if never.",
    )
    url = AbsoluteURLField(source="product.get_absolute_url", help_text="The product page.")
    image = AbsoluteURLField(
        source="image_path", allow_null=True, help_text="The primary image; null if none."
    )

    def to_representation(self, product):
        strategy = self.context.get("strategy") or Selector().strategy()
        return super().to_representation(product_entry(product, strategy))


def product_entry(product, strategy) -> ProductEntry:
    offer = product_offer(product, strategy)
    images = list(product.images.all())  # prefetched, in display order
    return ProductEntry(
        product=product,
        offer=offer,
        stock_state=stock_state_of(offer),
        num_available=max(offer.num_available, 0) if offer.num_available is not None else None,
        image_path=images[0].original.url if images and images[0].original else None,
    )
