"""Tests of kzgov.units: spellings, explicit conversion, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzgov import units
from kzgov.errors import UnitError


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("тысяч тенге", "thousand KZT"),
        ("тыс. тенге", "thousand KZT"),
        ("тыс.тенге", "thousand KZT"),
        ("мың теңге", "thousand KZT"),
        ("thousand tenge", "thousand KZT"),
        ("Thousand KZT", "thousand KZT"),
        ("thousand KZT", "thousand KZT"),
        ("million tenge", "million KZT"),
        ("mln KZT", "million KZT"),
        ("mn KZT", "million KZT"),
        ("KZT million", "million KZT"),
        ("млн тенге", "million KZT"),
        ("млн. тенге", "million KZT"),
        ("миллионов тенге", "million KZT"),
        ("млн теңге", "million KZT"),
        ("billion tenge", "billion KZT"),
        ("bn KZT", "billion KZT"),
        ("млрд тенге", "billion KZT"),
        ("миллиардов тенге", "billion KZT"),
        ("trillion tenge", "trillion KZT"),
        ("трлн тенге", "trillion KZT"),
        ("tenge", "KZT"),
        ("KZT", "KZT"),
        ("₸", "KZT"),
        ("  MILLION   TENGE ", "million KZT"),
    ],
)
def test_normalize_spellings(spelling: str, canonical: str) -> None:
    assert units.normalize(spelling) == canonical
    assert units._is_known(spelling)


@pytest.mark.parametrize("missing", [None, "", "   ", float("nan"), pd.NA, np.nan])
def test_missing_unit_is_an_error(missing: object) -> None:
    with pytest.raises(UnitError, match="missing"):
        units.normalize(missing)


@pytest.mark.parametrize("unknown", ["USD", "m KZT", "thousand", "million dollars", "%", 1000])
def test_unknown_unit_is_an_error_listing_known_units(unknown: object) -> None:
    with pytest.raises(UnitError) as exc:
        units.normalize(unknown)
    msg = str(exc.value)
    assert repr(unknown) in msg
    for c in units._CANONICAL:
        assert repr(c) in msg
    assert not units._is_known(unknown)


def test_factor_by_hand() -> None:
    assert units.factor("million tenge", "thousand KZT") == 1000.0
    assert units.factor("thousand KZT", "million tenge") == 0.001
    assert units.factor("billion KZT", "KZT") == 1e9
    assert units.factor("тыс. тенге", "thousand KZT") == 1.0


def test_convert_by_hand() -> None:
    # Table 5's deficit line, 2 613.1 million tenge, is 2 613 100 thousand tenge
    assert units.convert(2613.1, "million tenge", "thousand KZT") == 2613100.0
    # Kostanay 2025 income, 521 311 638.6 thousand KZT = 521.3116386 billion
    assert units.convert(521311638.6, "thousand KZT", "billion KZT") == pytest.approx(521.3116386)
    df = pd.DataFrame({"a": [1.5, 2.0]})
    out = units.convert(df, "billion KZT", "million KZT")
    assert out["a"].tolist() == [1500.0, 2000.0]
    s = pd.Series([79113.1])
    assert units.convert(s, "million KZT", "million tenge").tolist() == [79113.1]


def test_convert_rejects_unknown_units() -> None:
    with pytest.raises(UnitError):
        units.convert(1.0, "million tenge", "USD")
    with pytest.raises(UnitError):
        units.convert(1.0, None, "KZT")  # type: ignore[arg-type]


def test_known_units_covers_every_canonical_unit() -> None:
    k = units._known_units()
    assert set(k["canonical"]) == set(units._CANONICAL)
    assert list(k.columns) == ["alias", "canonical", "exponent"]
    assert k["alias"].is_unique


@given(
    x=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    a=st.sampled_from(list(units._CANONICAL)),
    b=st.sampled_from(list(units._CANONICAL)),
)
def test_round_trip(x: float, a: str, b: str) -> None:
    back = units.convert(units.convert(x, a, b), b, a)
    assert math.isclose(back, x, rel_tol=1e-12, abs_tol=1e-300)


@given(
    x=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    a=st.sampled_from(list(units._CANONICAL)),
    b=st.sampled_from(list(units._CANONICAL)),
    c=st.sampled_from(list(units._CANONICAL)),
)
def test_conversion_is_transitive(x: float, a: str, b: str, c: str) -> None:
    two_steps = units.convert(units.convert(x, a, b), b, c)
    direct = units.convert(x, a, c)
    assert math.isclose(two_steps, direct, rel_tol=1e-12, abs_tol=1e-300)
