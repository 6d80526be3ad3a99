"""The audit registry: one check per claim of ``data/raw/paper/claims.csv``.

Each check calls the kzgov function that recomputes the claim from ``data/raw`` and turns
the result into a :class:`kzgov.audit.Check`. Importing this module fills
:data:`kzgov.audit.REGISTRY`; :func:`kzgov.audit.run` does so on first use.
"""

from __future__ import annotations

from kzgov.audit import unverifiable

__all__: list[str] = []

# --------------------------------------------------------------------------- other claims
unverifiable(
    "R01",
    reason="a date of a legal act, not a number the compendium's data can check (the paper's "
    "own reference [12] gives the same date, Decree No. 639 of 18 August 2021)",
)
unverifiable(
    "R03",
    "R04",
    "R05",
    reason="a description of the Georgian LSGI index; no data on it is in the compendium",
)
unverifiable(
    "R08",
    "R09",
    "R10",
    reason="a statement about Swedish/German municipal finance; no data on other countries is "
    "in the compendium, and the paper cites no source for the figure",
)
