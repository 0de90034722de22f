"""django-oscar: the marketplace core (catalogue, basket, checkout, orders, dashboard)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

OSCAR_SHOP_NAME = "Marktplatz Forst"
OSCAR_SHOP_TAGLINE = _("The shops of the Rosenstadt, in one basket")
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_FROM_EMAIL = "marktplatz@forst.example"
OSCAR_ALLOW_ANON_CHECKOUT = True
# Stock records hold gross prices (German consumer prices always include VAT); offers and
# vouchers therefore work on gross amounts too.
OSCAR_OFFERS_INCL_TAX = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_SLUG_ALLOW_UNICODE = False
OSCAR_SLUG_MAP = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode")
OSCAR_IMAGE_FOLDER = "images/products/%Y/%m/"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
# Reviews and wishlists are not part of the first release; their apps stay installed because
# Oscar's migrations and templates expect them.
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]

# Oscar 4.2 depends on django-haystack, which cannot talk to Elasticsearch 8+. It stays installed on
# its simple engine with the base (no-op) signal processor and is kept off every request path:
# our search app answers searches and category pages itself.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = True

# Pickup is the one way to receive goods; a shipping address is never asked for (see the
# checkout issue). Until then, no product class requires shipping.

# VAT rates in percent per product VAT category (shop.catalogue.models.VatCategory).
VAT_RATES = {"standard": "19", "reduced": "7", "exempt": "0"}
