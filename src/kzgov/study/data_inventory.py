"""Notebook 00, the data appendix: its declared parameters.

The notebook reproduces no table of the study; it lists the data package through
:func:`kzgov.datapackage.inventory`.
"""

from __future__ import annotations

from kzgov.constraints import Options, Parameter, Parameters
from kzgov.datapackage import _KINDS

__all__ = ["PARAMETERS"]

#: The parameters of ``notebooks/00_data``.
PARAMETERS = Parameters(
    "00_data",
    Parameter(
        "kind",
        [Options(str, _KINDS), None],
        help="show only the resources of one kind (None: all of them)",
    ),
)
