"""Parameter checks shared by the topic modules.

Messages follow one shape: "The 'confidence' parameter of tabulate must be a float in
(0, 1). Got 95 instead."
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kzgov.errors import ParameterError

__all__ = ["check_confidence"]


def check_confidence(confidence: Any, func: str) -> float:
    """Return ``confidence`` as a float in (0, 1), or raise :class:`ParameterError`."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, (int, float, np.floating))
        or not 0 < float(confidence) < 1
    ):
        raise ParameterError(
            f"The 'confidence' parameter of {func} must be a float in (0, 1). "
            f"Got {confidence!r} instead."
        )
    return float(confidence)
