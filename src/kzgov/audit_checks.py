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




@functools.lru_cache(maxsize=2)
def _panel_cached(path: str, mtime_ns: int, size: int):
    from kzgov import execution

    return execution.build_panel()


def _execution_panel():
    """The execution panel, rebuilt whenever the raw execution file changes."""
    from kzgov import data

    path = data.resource_path("minfin_execution_december")
    st = path.stat()
    return _panel_cached(str(path), st.st_mtime_ns, st.st_size)


_CLAIM_YEARS = (2022, 2023, 2024)


def _shares():
    from kzgov import execution

    p = _execution_panel()
    shares = execution.transfer_shares(p, years=_CLAIM_YEARS)
    return shares, execution.transfer_share_claims(shares)


def _years_held(claims, claim: str) -> tuple[list[int], list[int]]:
    sub = claims[claims["claim"] == claim]
    return ([int(y) for y in sub.loc[sub["holds"], "year"]],
            [int(y) for y in sub.loc[~sub["holds"], "year"]])


@register("R06")
def _transfers_over_70(c: Claim) -> Check:
    """'More than 70% of regional revenues are transfers': every region-year, 2022–2024.

    Rule (:func:`kzgov.execution.transfer_share_claims`): in each year the national share
    and the unweighted regional mean must exceed 70%; reproduced when that holds in every
    year 2022–2024. Recomputed: the national share in 2024, the paper's year.
    """
    shares, claims = _shares()
    held, failed = _years_held(claims, "more than 70%")
    last = shares.set_index("year").loc[max(_CLAIM_YEARS)]
    parts = [
        f"{int(r.year)}: national {100 * r.national_share:.1f}%, unweighted mean of "
        f"{int(r.n_regions)} regions {100 * r.unweighted_mean:.1f}%, {int(r.n_above_70)} of "
        f"{int(r.n_regions)} regions above 70% (range {100 * r.min:.1f}-{100 * r.max:.1f}%)"
        for r in shares.itertuples(index=False)
    ]
    note = ("Ministry of Finance execution of local budgets by region (consolidated local "
            "budgets): " + "; ".join(parts) + f"; the rule holds in {len(held)} of "
            f"{len(_CLAIM_YEARS)} years")
    verdict = "reproduced" if not failed else "discrepancy"
    return Check(verdict, 100 * float(last["national_share"]), note)


@register("R11")
def _average_transfer_share(c: Claim) -> Check:
    """'On average, the share of transfers in regional budget revenues is 70-80%'.

    Rule: the unweighted mean of the regions' shares lies in [70%, 80%] in every year
    2022–2024. Recomputed: the 2024 unweighted regional mean.
    """
    shares, claims = _shares()
    held, failed = _years_held(claims, "on average 70-80%")
    last = shares.set_index("year").loc[max(_CLAIM_YEARS)]
    parts = [
        f"{int(r.year)}: unweighted mean {100 * r.unweighted_mean:.1f}% (median "
        f"{100 * r.median:.1f}%, {int(r.n_in_70_80)} of {int(r.n_regions)} regions within "
        f"70-80%; all regions pooled {100 * r.regions_pooled_share:.1f}%)"
        for r in shares.itertuples(index=False)
    ]
    note = ("Ministry of Finance execution by region: " + "; ".join(parts)
            + f"; the mean lies in 70-80% in {len(held)} of {len(_CLAIM_YEARS)} years")
    verdict = "reproduced" if not failed else "discrepancy"
    return Check(verdict, 100 * float(last["unweighted_mean"]), note)


@register("C09")
def _vko_transfer_share(c: Claim) -> Check:
    """East Kazakhstan: transfers more than 70% of revenue (the paper's year, 2024).

    Rule: transfers / revenue of East Kazakhstan's consolidated local budget in 2024 > 70%
    (its territory since 2022; the note gives every year).
    """
    p = _execution_panel()
    v = p[(p["scheme"] == "current") & (p["territory"] == "VKO")].set_index("year")
    share = 100 * float(v.loc[2024, "transfer_dependency"])
    ok = share > float(c.reported_value or 0)
    s = 100 * v["transfer_dependency"].dropna()
    note = (f"Ministry of Finance execution, East Kazakhstan 2024: transfers "
            f"{v.loc[2024, 'transfers']:,.1f} of revenue {v.loc[2024, 'revenue']:,.1f} million "
            f"KZT = {share:.1f}%; {int(s.index.min())}-{int(s.index.max())} range "
            f"{s.min():.1f}-{s.max():.1f}%, above 70% in {int((s > 70).sum())} of {len(s)} years")
    return Check("reproduced" if ok else "discrepancy", share, note)


# =========================================================================== Table 6
def _table6_claim(index: int):
    from kzgov import correlation

    return correlation.table6_claims().iloc[index]


_TABLE6_CLAIM = {"C01": 0, "C02": 1, "C03": 2, "C06": 4}


@register(*_TABLE6_CLAIM)
def _table6_cell(c: Claim) -> Check:
    """A correlation the text quotes, against its cell of Table 6."""
    row = _table6_claim(_TABLE6_CLAIM[c.id])
    out = compare(c, float(row["matrix_printed"]), how=f"Table 6 cell {row['refers_to']}")
    extra = ""
    if out.verdict == "discrepancy":
        extra = f"; {row['number_check']}"
    elif "only" in str(row["wording_check"]):
        extra = f"; wording: {row['wording_check']}"
    return Check(out.verdict, out.recomputed, out.note + extra)


@register("C04")
def _local_projects_weak(c: Claim) -> Check:
    """'projects at the local level show a weak connection with other parameters'."""
    from kzgov import correlation

    R = correlation.table6()
    name = "Projects at the local level (%)"
    others = R[name].drop(name).abs()
    strongest = float(others.max())
    ok = strongest < 0.4
    row = _table6_claim(3)
    note = (
        f"Table 6 row '{name}': |r| up to {strongest:.3f} "
        f"({others.idxmax()}); {row['wording_check']} — on the scale the paper itself uses "
        "(0.68 'moderate'), three of the six are moderate, not weak"
    )
    return Check("reproduced" if ok else "discrepancy", strongest, note)


@register("C05")
def _table6_matrix(c: Claim) -> Check:
    """Check that Table 6 is a valid correlation matrix; count the observations it implies."""
    from kzgov import correlation

    chk = correlation.check_matrix(correlation.table6(), decimals=3)
    n_min = correlation.min_observations(correlation.table6(), decimals=3)
    valid = chk.symmetric and chk.unit_diagonal and chk.in_range and chk.psd
    tiny = sum(e < chk.bound for e in chk.eigenvalues)
    note = (
        f"symmetric, unit diagonal, in range and positive semi-definite: {valid}; "
        f"{tiny} of 7 eigenvalues are below the rounding bound {chk.bound:g} (smallest "
        f"{min(chk.eigenvalues):.5f}), so the printed matrix is consistent with as few as "
        f"{n_min} observations (numerical rank {chk.numerical_rank}); the paper states no n; "
        "see notebook 03 for the critical |r| at n = 5, 14, 16, 17 and 20"
    )
    return Check("reproduced" if valid else "discrepancy", float(n_min), note)


@register("R02")
def _turkestan_established(c: Claim) -> Check:
    """'The Turkestan region was established in 2018': where the statistics switch borders."""
    from kzgov import panel

    rules = panel.border_rules()
    yko = rules[(rules["parent"] == "YKO") & (rules["parent_last"] >= 2017)]
    switch = sorted({int(y) + 1 for y in yko["parent_last"]})
    year = switch[0] if len(switch) == 1 else float("nan")
    note = (
        "the statistics bureau's South Kazakhstan series end in 2017 and Turkestan's start on "
        f"the new borders the year after, in {', '.join(yko['variable'])} (employment and "
        "labour force are back-cast and say nothing about the date)"
    )
    return compare(c, float(year), how=note)
