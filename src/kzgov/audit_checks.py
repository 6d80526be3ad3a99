"""The audit registry: one check per claim of ``data/raw/paper/claims.csv``.

Each check calls the kzgov function that recomputes the claim from ``data/raw`` and turns
the result into a :class:`kzgov.audit.Check`. Importing this module fills
:data:`kzgov.audit.REGISTRY`; :func:`kzgov.audit.run` does so on first use.
"""

from __future__ import annotations

import functools

from kzgov.audit import Check, Claim, compare, not_reproducible, register, unverifiable

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
unverifiable(
    "R12",
    "R13",
    reason="a statement about Porto Alegre/Paris city budgets; the Pabulib elections in the "
    "compendium are Polish districts and hold no city-budget totals",
)
unverifiable(
    "P03",
    "P04",
    "P05",
    "P06",
    "P07",
    "P08",
    "P09",
    "P10",
    "P11",
    reason="a projection of the proposed platform's savings and investment (Figure 15) with "
    "nothing behind it: the platform does not exist and no cost model is given",
)
unverifiable(
    "P13",
    "P14",
    "P15",
    "P16",
    "P18",
    "P19",
    "P20",
    "P21",
    "P22",
    reason="monthly citizen reviews of a platform that was not deployed (Figure 16); no data "
    "source is given; kept as printed and fitted in notebook 07",
)



# =========================================================================== economics: Figures 15–16
def _payback(claim_text: str, reading: str, timing_prefix: str) -> float:
    from kzgov import economics

    t = economics.payback_claims()
    sel = t[
        (t["claim"] == claim_text)
        & (t["reading"] == reading)
        & t["timing"].str.startswith(timing_prefix)
    ]
    return float(sel["payback_interpolated"].iloc[0])


@register("P02", "P12")
def _payback_claim(c: Claim) -> Check:
    """Figure 15: simple payback of the printed series under both readings of 'accumulated'."""
    from kzgov import economics

    table = economics.payback_claims()
    name = "payback 2-3 years" if c.id == "P02" else "full payback within three years"
    t = table[table["claim"] == name]
    annual = _payback(name, "annual", "from start")
    cumulative = _payback(name, "cumulative", "from start")
    launch = _payback(name, "annual", "from end")
    holds = t[t["timing"].str.startswith("from start")]["holds"].astype(bool)
    verdict = "reproduced" if holds.any() else "discrepancy"
    note = (
        f"payback of Figure 15's series, counted from year 1: {annual:.2f} years if the "
        f"savings are annual amounts, {cumulative:.2f} years if they are cumulative totals; "
        f"the claim holds only if counted from the end of year 1 (launch) under the annual "
        f"reading ({launch:.2f} years)"
    )
    return Check(verdict, annual, note)


@register("P01")
def _development_year(c: Claim) -> Check:
    """Table 7: the implementation plan spans months 1–12."""
    from kzgov import economics

    months = economics.table7_months()
    return compare(c, float(months), how="Table 7's phases cover months 1-3, 4-6, 7-9, 10-12")


@register("P17")
def _engagement_acceleration(c: Claim) -> Check:
    """Figure 16: did growth accelerate from month 8 on? Look at the monthly increments."""
    from kzgov import economics

    inc = economics.figure16_increments()
    late = inc[inc["month"] >= 8]["per_month"]
    early = inc[(inc["month"] <= 7) & inc["per_month"].notna()]["per_month"]
    constant = bool(late.nunique() == 1)
    note = (
        f"monthly increments as printed: {', '.join(f'{v:g}' for v in early)} up to month 7, "
        f"then {', '.join(f'{v:g}' for v in late)} from month 8: growth is linear (+200 a "
        "month) from month 7 on, and its relative rate falls from 50% to 14%; the "
        "acceleration happened before month 8, not after"
    )
    return Check("discrepancy" if constant else "reproduced", float(late.iloc[0]), note)


