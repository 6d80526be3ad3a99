"""Notebook 08, the reproduction audit: its declared parameters.

The checks themselves are registered by the study module of the section whose numbers
they check (:mod:`kzgov.study`); :func:`kzgov.audit.run` collects them.
"""

from __future__ import annotations

from kzgov.constraints import ListOf, Options, Parameter, Parameters

__all__ = ["PARAMETERS"]


def _claim_ids() -> list[str]:
    from kzgov import audit

    return [c.id for c in audit.claims()]


#: The parameters of ``notebooks/08_reproduction_audit``.
PARAMETERS = Parameters(
    "08_reproduction_audit",
    Parameter(
        "only",
        [ListOf(Options(str, _claim_ids)), None],
        help="claim ids to check (None: every claim of claims.csv)",
    ),
    Parameter(
        "verdict_order",
        [ListOf(Options(str, ("reproduced", "discrepancy", "not_reproducible", "unverifiable")))],
        help="the order of the verdicts in the tables and the figure",
    ),
)
