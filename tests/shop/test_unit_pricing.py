from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.catalogue.unit_pricing import InvalidMeasure, Measure, Unit, unit_price


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("750ml", "750", Unit.MILLILITRE),
        ("0.5 kg", "0.5", Unit.KILOGRAM),
        ("1,5 l", "1.5", Unit.LITRE),
        ("100 g", "100", Unit.GRAM),
        ("2 m2", "2", Unit.SQUARE_METRE),
        (" 6 ct ", "6", Unit.PIECE),
        ("25cl", "25", Unit.CENTILITRE),
    ],
)
def test_parse_google_notation(text, amount, unit):
    assert Measure.parse(text) == Measure(Decimal(amount), unit)


@pytest.mark.parametrize("text", ["", "ml", "12", "-5 g", "0 kg", "5 parsecs", "1.2.3 kg"])
def test_parse_rejects_nonsense(text):
    with pytest.raises(InvalidMeasure):
        Measure.parse(text)


@pytest.mark.parametrize(
    ("price", "quantity", "expected", "base"),
    [
        ("4.99", "250 ml", "19.96", "1 l"),  # Leinöl
        ("1.79", "1 kg", "1.79", "1 kg"),  # flour: unit price equals the price
        ("8.49", "500 g", "16.98", "1 kg"),  # coffee
        ("2.99", "75 cl", "3.99", "1 l"),  # 3.98666… rounds half up
        ("12.00", "20 m", "0.60", "1 m"),  # rope
        ("0.99", "330 ml", "3.00", "1 l"),
    ],
)
def test_unit_price_uses_the_legal_base(price, quantity, expected, base):
    result = unit_price(Decimal(price), Measure.parse(quantity))
    assert result.amount == Decimal(expected)
    assert str(result.base) == base


def test_loose_goods_by_weight_may_use_100_g():
    result = unit_price(Decimal("3.20"), Measure.parse("250 g"), Measure.parse("100 g"))
    assert result.amount == Decimal("1.28")
    assert str(result.base) == "100 g"


def test_a_requested_100_ml_base_is_not_allowed_and_falls_back_to_1_l():
    result = unit_price(Decimal("3.00"), Measure.parse("250 ml"), Measure.parse("100 ml"))
    assert str(result.base) == "1 l"
    assert result.amount == Decimal("12.00")


@pytest.mark.parametrize("quantity", ["8 g", "5 ml", "3 ct"])
def test_no_unit_price_below_10_g_or_ml_or_for_pieces(quantity):
    assert unit_price(Decimal("2.50"), Measure.parse(quantity)) is None


def test_no_unit_price_without_quantity():
    assert unit_price(Decimal("2.50"), None) is None


@given(
    cents=st.integers(min_value=1, max_value=10_000_000),
    grams=st.integers(min_value=10, max_value=100_000),
)
def test_unit_price_is_the_rounded_exact_price_per_kilogram(cents, grams):
    price = Decimal(cents) / 100
    result = unit_price(price, Measure(Decimal(grams), Unit.GRAM))
    exact = price * 1000 / grams
    assert abs(result.amount - exact) <= Decimal("0.005")
    assert result.amount == result.amount.quantize(Decimal("0.01"))
