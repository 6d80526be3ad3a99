"""What is specific to the study: one module per notebook.

The library (``kzgov.<topic>``) holds methods that know nothing of Abdullayev, Kadyrova &
Ydyrys (2025). Each module here holds what is specific to the paper for one notebook: the
mappings of its printed tables onto the library's layouts, the reproductions of its tables
and figures, the notebook's declared parameters, and the audit checks of that section,
registered with :func:`kzgov.audit.register` where the numbers they check are computed.

Importing :mod:`kzgov.study` imports none of its modules; :func:`load_all` does (the audit
calls it to fill its registry). None of them imports torch, lightning, matplotlib or
seaborn at import time.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MODULES", "load_all"]

#: Notebook stem -> study module name (``kzgov.study.<name>``).
MODULES: dict[str, str] = {
    "00_data": "data_inventory",
    "01_turkestan_budget": "turkestan_budget",
    "02_survey_tabulation": "survey_tabulation",
    "03_regional_correlation": "regional_correlation",
    "04_ppp_projects": "ppp_projects",
    "05_project_impact_forecaster": "project_impact_forecaster",
    "06_recommendation": "recommendation",
    "07_economic_effect": "economic_effect",
    "08_reproduction_audit": "reproduction_audit",
}


def load_all() -> list[ModuleType]:
    """Import every study module (registering their audit checks)."""
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES.values()]
