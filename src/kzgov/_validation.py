"""Parameter checks shared by the topic modules, through :mod:`kzgov.constraints`.

Messages follow one shape: "The 'confidence' parameter of tabulate must be a float in
(0, 1). Got 95 instead."
"""

from __future__ import annotations

from typing import Any

from kzgov.constraints import Interval, _check
from kzgov.errors import ParameterError

__all__ = ["check_confidence", "check_frame"]

_CONFIDENCE = [Interval(float, 0, 1, closed="neither")]


def check_confidence(confidence: Any, func: str) -> float:
    """Return ``confidence`` as a float in (0, 1), or raise :class:`ParameterError`."""
    _check(confidence, _CONFIDENCE, name="confidence", caller=func)
    return float(confidence)


def check_frame(value: Any, name: str, func: str) -> None:
    """Raise :class:`ParameterError` unless ``value`` is a pandas DataFrame."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise ParameterError(
            f"The {name!r} parameter of {func} must be a pandas DataFrame. "
            f"Got {type(value).__name__} instead."
        )
