"""Unit price (Grundpreis) arithmetic under the German price indication ordinance (PAngV 2022).

§ 5 PAngV: the unit price is given per 1 kg, 1 l, 1 m³, 1 m or 1 m²; loose goods sold by weight
may use 100 g instead. § 4 (3): no unit price is needed below 10 g or 10 ml nominal quantity.
Quantities arrive in Google Merchant Center's notation ("750ml", "0.5 kg", "100g").
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class Unit(models.TextChoices):
    MILLIGRAM = "mg", "mg"
    GRAM = "g", "g"
    KILOGRAM = "kg", "kg"
    MILLILITRE = "ml", "ml"
    CENTILITRE = "cl", "cl"
    LITRE = "l", "l"
    CUBIC_METRE = "cbm", "m³"
    CENTIMETRE = "cm", "cm"
    METRE = "m", "m"
    SQUARE_METRE = "sqm", "m²"
    PIECE = "ct", _("piece")


class Dimension(models.TextChoices):
    MASS = "mass"
    VOLUME = "volume"
    LENGTH = "length"
    AREA = "area"
    COUNT = "count"


# unit -> (dimension, size in the dimension's smallest unit listed here)
_UNITS: dict[Unit, tuple[Dimension, Decimal]] = {
    Unit.MILLIGRAM: (Dimension.MASS, Decimal("0.001")),
    Unit.GRAM: (Dimension.MASS, Decimal("1")),
    Unit.KILOGRAM: (Dimension.MASS, Decimal("1000")),
    Unit.MILLILITRE: (Dimension.VOLUME, Decimal("1")),
    Unit.CENTILITRE: (Dimension.VOLUME, Decimal("10")),
    Unit.LITRE: (Dimension.VOLUME, Decimal("1000")),
    Unit.CUBIC_METRE: (Dimension.VOLUME, Decimal("1000000")),
    Unit.CENTIMETRE: (Dimension.LENGTH, Decimal("1")),
    Unit.METRE: (Dimension.LENGTH, Decimal("100")),
    Unit.SQUARE_METRE: (Dimension.AREA, Decimal("1")),
    Unit.PIECE: (Dimension.COUNT, Decimal("1")),
}

_MEASURE_RE = re.compile(r"^\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>[a-zA-Zäöü]+[23²³]?)\s*$")
_UNIT_ALIASES = {"m²": "sqm", "m2": "sqm", "m³": "cbm", "m3": "cbm", "stk": "ct", "stück": "ct"}

# Below this nominal quantity (in g or ml) § 4 (3) PAngV asks for no unit price.
_EXEMPT_BELOW = Decimal("10")


class InvalidMeasure(ValueError):
    """A quantity text that is not a positive amount followed by a known unit."""


@dataclass(frozen=True)
class Measure:
    amount: Decimal
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> "Measure":
        """Read "750ml", "0.5 kg", "1,5 l" or "100 g"; raise InvalidMeasure otherwise."""
        match = _MEASURE_RE.match(text or "")
        if not match:
            raise InvalidMeasure(f"not a quantity with a unit: {text!r}")
        unit_text = match["unit"].lower()
        unit_text = _UNIT_ALIASES.get(unit_text, unit_text)
        try:
            unit = Unit(unit_text)
            amount = Decimal(match["amount"].replace(",", "."))
        except (ValueError, InvalidOperation) as exc:
            raise InvalidMeasure(f"unknown unit in {text!r}") from exc
        if amount <= 0:
            raise InvalidMeasure(f"quantity must be positive: {text!r}")
        return cls(amount, unit)

    @property
    def dimension(self) -> Dimension:
        return _UNITS[self.unit][0]

    @property
    def size(self) -> Decimal:
        """The amount expressed in the dimension's smallest unit (g, ml, cm, m², piece)."""
        return self.amount * _UNITS[self.unit][1]

    def __str__(self) -> str:
        amount = self.amount.normalize()
        text = f"{amount:f}".replace(".", ",")
        return f"{text} {self.unit.label}"


LEGAL_BASE = {
    Dimension.MASS: Measure(Decimal("1"), Unit.KILOGRAM),
    Dimension.VOLUME: Measure(Decimal("1"), Unit.LITRE),
    Dimension.LENGTH: Measure(Decimal("1"), Unit.METRE),
    Dimension.AREA: Measure(Decimal("1"), Unit.SQUARE_METRE),
    Dimension.COUNT: Measure(Decimal("1"), Unit.PIECE),
}
_LOOSE_GOODS_BASE = Measure(Decimal("100"), Unit.GRAM)


def legal_base(quantity: Measure, requested: Measure | None = None) -> Measure:
    """The base the unit price must refer to.

    A requested base is honoured only where the law allows it: 100 g for goods sold by weight.
    Goods measured in m³ keep 1 m³; every other case uses the § 5 (1) unit of its dimension.
    """
    if (
        requested is not None
        and requested.dimension == Dimension.MASS == quantity.dimension
        and requested.size == _LOOSE_GOODS_BASE.size
    ):
        return _LOOSE_GOODS_BASE
    if quantity.unit == Unit.CUBIC_METRE:
        return Measure(Decimal("1"), Unit.CUBIC_METRE)
    return LEGAL_BASE[quantity.dimension]


@dataclass(frozen=True)
class UnitPrice:
    amount: Decimal
    base: Measure

    def __str__(self) -> str:
        return f"{self.amount} / {self.base}"


def unit_price(
    gross_price: Decimal, quantity: Measure | None, requested_base: Measure | None = None
) -> UnitPrice | None:
    """Gross price per legal base unit, rounded half up to the cent; None when not required.

    No unit price is given for pieces, for a missing quantity, or below 10 g / 10 ml.
    """
    if quantity is None or gross_price is None or quantity.dimension == Dimension.COUNT:
        return None
    if quantity.dimension in (Dimension.MASS, Dimension.VOLUME) and quantity.size < _EXEMPT_BELOW:
        return None
    base = legal_base(quantity, requested_base)
    if base.dimension != quantity.dimension:
        return None
    amount = (gross_price * base.size / quantity.size).quantize(CENT, rounding=ROUND_HALF_UP)
    return UnitPrice(amount, base)
