"""Monetary units of Kazakh budget data, and explicit conversion between them.

Every budget table in kzgov carries one unit. Sources print the same unit in many ways
("тысяч тенге", "тыс. тенге", "мың теңге", "thousand KZT", "million tenge", "mln KZT",
"млрд тенге" …); :func:`normalize` maps each known spelling onto one canonical name, and
:func:`convert` rescales amounts between canonical units by an exact power of ten.
Nothing is ever inferred: a missing unit, or one that is not in the registry, raises
:class:`kzgov.errors.UnitError` listing the units kzgov knows.

Canonical units (tenge per unit; example spellings accepted)
-----------------------------------------------------------
- ``KZT`` (1): tenge, тенге, теңге, тг, ₸
- ``thousand KZT`` (10**3): thousand tenge, thous. KZT, тыс. тенге, тысяч тенге, мың теңге
- ``million KZT`` (10**6): million tenge, mln KZT, mn KZT, млн тенге, миллион теңге
- ``billion KZT`` (10**9): billion tenge, bn KZT, bln KZT, млрд тенге, миллиард теңге
- ``trillion KZT`` (10**12): trillion tenge, tn KZT, трлн тенге, триллион теңге

Matching is case-insensitive, ignores dots and repeated spaces, and treats "KZT",
"tenge", "тенге", "теңге", "тг" and "₸" as the same currency word; the full list is
:func:`known_units`.

Examples
--------
>>> from kzgov import units
>>> units.normalize("тысяч тенге")
'thousand KZT'
>>> units.convert(2613.1, "million tenge", "thousand KZT")
2613100.0
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from kzgov.errors import UnitError

__all__ = [
    "convert",
    "factor",
    "normalize",
]

#: Canonical unit -> power of ten of one tenge.
_CANONICAL: Mapping[str, int] = {
    "KZT": 0,
    "thousand KZT": 3,
    "million KZT": 6,
    "billion KZT": 9,
    "trillion KZT": 12,
}

_CURRENCY_WORDS = ("kzt", "tenge", "тенге", "теңге", "тг", "₸")

# Scale words (already case-folded, without dots) for each canonical unit.
_SCALE_WORDS: Mapping[str, tuple[str, ...]] = {
    "KZT": ("",),
    "thousand KZT": (
        "thousand", "thousands", "thous", "thsd",
        "тыс", "тысяч", "тысячи", "тысяча", "мың",
    ),
    "million KZT": (
        "million", "millions", "mln", "mn", "mio",
        "млн", "миллион", "миллиона", "миллионов",
    ),
    "billion KZT": (
        "billion", "billions", "bln", "bn",
        "млрд", "миллиард", "миллиарда", "миллиардов",
    ),
    "trillion KZT": (
        "trillion", "trillions", "trn", "tn",
        "трлн", "триллион", "триллиона", "триллионов",
    ),
}


def _key(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = text.replace(".", " ")
    return re.sub(r"\s+", " ", text).strip()


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for canonical, words in _SCALE_WORDS.items():
        aliases[_key(canonical)] = canonical
        for scale in words:
            for cur in _CURRENCY_WORDS:
                aliases[_key(f"{scale} {cur}")] = canonical
                # "KZT thousand", "KZT million" (the IMF's order)
                if scale:
                    aliases[_key(f"{cur} {scale}")] = canonical
    return aliases


_ALIASES = _build_aliases()


def _known_units() -> pd.DataFrame:
    """Every accepted spelling (after case folding) with its canonical unit.

    Returns
    -------
    pandas.DataFrame
        Columns ``alias``, ``canonical``, ``exponent`` (power of ten of one tenge),
        sorted by exponent and alias.
    """
    rows = [
        {"alias": a, "canonical": c, "exponent": _CANONICAL[c]} for a, c in _ALIASES.items()
    ]
    return (
        pd.DataFrame(rows)
        .sort_values(["alias"], kind="stable")
        .reset_index(drop=True)
    )


def _is_known(unit: Any) -> bool:
    """Whether ``unit`` is a spelling :func:`normalize` accepts."""
    return isinstance(unit, str) and _key(unit) in _ALIASES


def normalize(unit: Any, *, what: str = "unit") -> str:
    """Return the canonical name of a monetary unit.

    Parameters
    ----------
    unit
        A unit as printed, e.g. ``"тысяч тенге"``, ``"million tenge"``, ``"mln KZT"``.
    what
        How to name the value in an error message (e.g. ``"column 'unit', row 3"``).

    Returns
    -------
    str
        One of :data:`CANONICAL`.

    Raises
    ------
    UnitError
        If ``unit`` is missing (None, NaN, empty) or not a known spelling; the message
        lists the canonical units and an example spelling of each.

    Examples
    --------
    >>> normalize("мың теңге")
    'thousand KZT'
    >>> normalize("mln KZT")
    'million KZT'
    """
    missing = unit is None or (pd.api.types.is_scalar(unit) and not isinstance(unit, str) and pd.isna(unit))
    if missing or (isinstance(unit, str) and not unit.strip()):
        raise UnitError(
            f"The {what} is missing: every budget table must state its unit, one of "
            f"{_known_text()}. Got {unit!r} instead."
        )
    if not isinstance(unit, str) or _key(unit) not in _ALIASES:
        raise UnitError(
            f"The {what} must be a known monetary unit, one of {_known_text()}. "
            f"Got {unit!r} instead."
        )
    return _ALIASES[_key(unit)]


def _known_text() -> str:
    examples = {
        "KZT": "tenge",
        "thousand KZT": "тысяч тенге",
        "million KZT": "million tenge",
        "billion KZT": "млрд тенге",
        "trillion KZT": "трлн тенге",
    }
    return ", ".join(f"{c!r} (e.g. {e!r})" for c, e in examples.items())


def _exponent(unit: str) -> int:
    """Power of ten of one tenge in ``unit`` (``"million tenge"`` → 6)."""
    return _CANONICAL[normalize(unit)]


def factor(from_unit: str, to_unit: str) -> float:
    """Multiplier that turns an amount in ``from_unit`` into ``to_unit``.

    ``factor("million tenge", "thousand KZT") == 1000.0``.
    """
    return float(10.0 ** (_exponent(from_unit) - _exponent(to_unit)))


T = TypeVar("T", float, np.ndarray, pd.Series, pd.DataFrame)


def convert(values: T, from_unit: str, to_unit: str) -> T:
    """Convert amounts from one monetary unit to another, explicitly.

    Scaling up multiplies by ``10**k``; scaling down divides by ``10**k`` (rather than
    multiplying by ``10**-k``), so that ``convert(convert(x, a, b), b, a)`` returns ``x``
    for every amount printed with up to a few decimals.

    Parameters
    ----------
    values
        A number, array, Series or DataFrame of amounts (all in ``from_unit``).
    from_unit, to_unit
        Units, in any spelling :func:`normalize` accepts.

    Returns
    -------
    Same type as ``values``.

    Raises
    ------
    UnitError
        If either unit is missing or unknown.

    Examples
    --------
    >>> convert(79113.1, "million tenge", "billion KZT")
    79.1131
    """
    diff = _exponent(from_unit) - _exponent(to_unit)
    if diff == 0:
        return values
    if diff > 0:
        return values * float(10**diff)
    return values / float(10 ** (-diff))
