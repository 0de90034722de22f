"""Which VAT category an imported product gets. Deliberately small; the shop can always say.

1. An explicit column ``vat`` (or ``tax_category``) decides: ``19``/``19%``/``standard`` is the
   standard rate, ``7``/``7%``/``reduced`` the reduced rate. Anything else there is a bad row.
2. Otherwise the reduced rate applies only when ``google_product_category`` or ``product_type``
   *clearly* names food, books or flowers: Google's category ids 422 (Food Items) and
   784 (Books), or a path segment (between ">") that is, or is joined by "&", "und", "and", ","
   or "/" from, one of the words in ``REDUCED_TERMS`` (case does not matter). Partial words do
   not count: "Bücherregale" (bookshelves) or "Blumenerde" (potting soil) stay standard.
3. Everything else is standard. German VAT has many more reduced cases (e.g. coffee beans,
   plants, pet food); shops with such goods use the ``vat`` column.
"""

import re

from django.utils.translation import gettext as _

from shop.catalogue.models import VatCategory
from vendors.feeds.values import ValueProblem

REDUCED_GOOGLE_CATEGORY_IDS = frozenset({"422", "784"})
REDUCED_TERMS = frozenset(
    {
        "food items",
        "lebensmittel",
        "nahrungsmittel",
        "books",
        "bücher",
        "buch",
        "flowers",
        "cut flowers",
        "blumen",
        "schnittblumen",
    }
)
_EXPLICIT = {
    "19": VatCategory.STANDARD,
    "standard": VatCategory.STANDARD,
    "7": VatCategory.REDUCED,
    "reduced": VatCategory.REDUCED,
}
_TERM_JOINERS = re.compile(r"\s*(?:&|,|/|\bund\b|\band\b)\s*", re.IGNORECASE)


def parse_vat(text: str) -> str:
    """The explicit ``vat``/``tax_category`` value: 19, 7 (with or without %), standard, reduced."""
    key = text.strip().lower().replace(" ", "").removesuffix("%")
    try:
        return _EXPLICIT[key]
    except KeyError:
        raise ValueProblem(
            _("unknown VAT value %(value)r (use 19, 7, standard or reduced)") % {"value": text}
        ) from None


def says_reduced(category_text: str) -> bool:
    """True when a Google category (id or path) or product type clearly names a reduced good."""
    text = category_text.strip()
    if not text:
        return False
    if text in REDUCED_GOOGLE_CATEGORY_IDS:
        return True
    for segment in text.split(">"):
        terms = {term.strip().lower() for term in _TERM_JOINERS.split(segment)}
        if terms & REDUCED_TERMS or segment.strip().lower() in REDUCED_TERMS:
            return True
    return False


def vat_category_for(*, explicit: str, google_product_category: str, product_type: str) -> str:
    """The VAT category of one feed row under the rules in the module docstring."""
    if explicit:
        return parse_vat(explicit)
    if says_reduced(google_product_category) or says_reduced(product_type):
        return VatCategory.REDUCED
    return VatCategory.STANDARD
