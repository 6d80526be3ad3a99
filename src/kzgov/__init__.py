"""kzgov: a reproducible research compendium for Abdullayev, Kadyrova & Ydyrys (2025).

The study: "Modernization of the Local Government System: Development Prospects and
Implementation Mechanisms", Emerging Science Journal 9(3), DOI 10.28991/ESJ-2025-09-03-017.

Importing :mod:`kzgov` is cheap: the topic modules (``kzgov.budget``, ``kzgov.survey``,
``kzgov.correlation``, ``kzgov.forecast``, ``kzgov.prioritise``, ``kzgov.citizens``,
``kzgov.economics``, ``kzgov.audit`` …) are imported on first attribute access, and none of
them is imported by ``import kzgov``. In particular torch, lightning, matplotlib and seaborn
are never imported here.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "audit",
    "budget",
    "citizens",
    "cli",
    "correlation",
    "data",
    "datapackage",
    "economics",
    "errors",
    "forecast",
    "panel",
    "paths",
    "plots",
    "prioritise",
    "regions",
    "runner",
    "study",
    "survey",
    "units",
}

__all__ = ["__version__", *sorted(_SUBMODULES)]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kzgov' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
