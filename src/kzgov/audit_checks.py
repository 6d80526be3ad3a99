"""The audit registry: one check per claim of ``data/raw/paper/claims.csv``.

Each check calls the kzgov function that recomputes the claim from ``data/raw`` and turns
the result into a :class:`kzgov.audit.Check`. Importing this module fills
:data:`kzgov.audit.REGISTRY`; :func:`kzgov.audit.run` does so on first use.
"""

from __future__ import annotations

import functools

from kzgov.audit import Check, Claim, compare, not_reproducible, register, unverifiable

__all__: list[str] = []

# --------------------------------------------------------------------------- budget
not_reproducible(
    "B15",
    data="the plan and execution of Turkestan's 2024 tax revenues as of 1 April 2024",
)
not_reproducible(
    "B36",
    data="plan and execution of 2024 social spending (Figure 13 prints no numbers)",
)

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


# =========================================================================== budget: Table 5, Figures 9–11
def _identity(name: str):
    from kzgov import budget

    t = budget.check_identities(budget.table5())
    return t.set_index("identity").loc[name]


def _reconciliation(prefix: str):
    from kzgov import budget

    t = budget.turkestan_reconciliation()
    return t[t["item"].str.startswith(prefix)].iloc[0]


@register("B01")
def _table5_unit(c: Claim) -> Check:
    """The lead-in says 'thousand tenge'; Table 5's caption and the text say million."""
    from kzgov import data

    t5 = data.load("paper_table5_turkestan_budget")
    caption = set(t5["unit"])
    lead_in = set(t5["unit_in_lead_in"])
    ok = caption == lead_in
    note = (
        f"Table 5's caption gives {sorted(caption)}, the sentence introducing it "
        f"{sorted(lead_in)}; the text under the table restates the same figures in million "
        "tenge (e.g. 'total revenue of 79 113.1 million tenge'), so the lead-in's unit is wrong "
        "by a factor of 1,000"
    )
    return Check("reproduced" if ok else "discrepancy", None, note)


@register("B02")
def _income_identity(c: Claim) -> Check:
    """Table 5: income = tax + non-tax + sale of fixed capital + transfers."""
    row = _identity("income")
    return compare(c, float(row["recomputed"]), how="4 270.0 + 1 161.1 + 35.0 + 73 647.0")


_TABLE5_FIELD = {
    "B03": "tax_receipts",
    "B04": "non_tax_receipts",
    "B05": "sale_of_fixed_capital",
    "B06": "transfers",
    "B12": "income",
    "B16": "sale_of_fixed_capital",
}


def _text_vs_table5(c: Claim) -> Check:
    """A number the text restates from Table 5, checked against the table."""
    from kzgov import budget

    field = _TABLE5_FIELD[c.id]
    value = float(budget.table5().frame[field].iloc[0])
    return compare(c, value, how=f"Table 5 '{field}'")


def _expenses_2024(c: Claim) -> Check:
    """2024 expenses: Table 5 (76 500.0) against the text under Figure 9 (52 965.1)."""
    row = _reconciliation("expenditure 2024")
    other = float(row["paper"]) if c.id == "B07" else float(row["recomputed"])
    gap = _reconciliation("Figure 10 groups vs Table 5")
    note = (
        f"the paper gives two 2024 expenditure figures: Table 5 {float(row['recomputed']):,.1f} "
        f"and the text under Figure 9 {float(row['paper']):,.1f} million tenge (difference "
        f"{abs(float(row['difference'])):,.1f}); Figure 10's seven groups sum to "
        f"{float(gap['recomputed']):,.1f}, matching neither"
    )
    return Check("discrepancy" if other != c.reported_value else "reproduced", other, note)


@register("B08")
def _net_lending(c: Claim) -> Check:
    """Table 5: net budget lending = budget loans − repayments."""
    row = _identity("net_budget_lending")
    return compare(c, float(row["recomputed"]), how="1 500.0 − 500.0")


@register("B09")
def _financial_assets(c: Claim) -> Check:
    """Table 5: balance of operations with financial assets = acquisition − sale."""
    from kzgov import budget

    t = budget.table5().frame.iloc[0]
    acq = float(t["financial_assets_acquisition"])
    row = _identity("financial_assets_balance")
    out = compare(c, acq, how="acquisition 1 000.0 − sale (no line printed, taken as 0)")
    return Check(
        out.verdict,
        out.recomputed,
        out.note + f"; the Budget Code identity itself is {row['status']} without the sale line",
    )


def _balance_terms() -> tuple[dict[str, float], float, float]:
    """Table 5's terms of the Budget Code balance, the balance they give, and the printed one."""
    from kzgov import budget

    t = budget.table5().frame.iloc[0]
    names = ("income", "expenses", "net_budget_lending", "financial_assets_balance")
    terms = {n: float(t[n]) for n in names}
    row = _identity("deficit_surplus")
    return terms, float(row["recomputed"]), float(row["printed"])


def _balance_text(terms: dict[str, float], balance: float) -> str:
    kind = "a surplus" if balance > 0 else "a deficit" if balance < 0 else "balanced"
    return (
        f"Budget Code identity: income {terms['income']:,.1f} − expenses {terms['expenses']:,.1f} "
        f"− net lending {terms['net_budget_lending']:,.1f} − financial-assets balance "
        f"{terms['financial_assets_balance']:,.1f} = {balance:+,.1f} ({kind})"
    )


@register("B10")
def _deficit(c: Claim) -> Check:
    """Table 5: the printed deficit against the Budget Code balance, at the printed precision.

    Rule: a printed *deficit* d is the balance −d; it is reproduced when income − expenses −
    net lending − financial-assets balance rounds to −d.
    """
    terms, balance, printed = _balance_terms()
    out = compare(c, balance, reported=printed, how=_balance_text(terms, balance)
                  + f"; the printed deficit {c.reported} is the balance {printed:+,.1f}")
    naive = terms["income"] - terms["expenses"]
    if out.verdict == "discrepancy" and round(naive, 1) == round(-printed, 1):
        out = Check(out.verdict, out.recomputed, out.note + (
            f"; the printed figure equals income − expenses alone ({naive:,.1f}), leaving out "
            "net lending and the financial-assets balance"))
    return out


@register("B11")
def _deficit_financing(c: Claim) -> Check:
    """Table 5: the printed financing against −(the Budget Code balance), at the printed precision."""
    terms, balance, printed = _balance_terms()
    out = compare(c, -balance, how=_balance_text(terms, balance)
                  + f", so the financing it needs is {-balance:,.1f}")
    if out.verdict == "discrepancy" and round(float(c.reported_value or 0), 1) == round(-printed, 1):
        out = Check(out.verdict, out.recomputed, out.note + (
            "; the printed financing only mirrors the printed deficit"))
    return out


def _revenue_change_printed() -> float:
    from kzgov import budget

    t = budget.figure9_comparison()
    return 100 * float(t[(t["measure"] == "revenue") & (t["year"] == 2024)]["yoy"].iloc[0])


@register("B17")
def _revenue_change(c: Claim) -> Check:
    """Revenue 2023 → 2024 changed by −11.2%: the record's change, at the printed precision."""
    from kzgov import execution

    a, b = execution.turkestan_record(2023, "income"), execution.turkestan_record(2024, "income")
    out = compare(c, 100 * (b / a - 1), how=(
        f"Ministry of Finance execution, Turkestan revenue {a:,.1f} (2023) -> {b:,.1f} (2024) "
        "million KZT, change in %"))
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper, its own printed revenues give {_revenue_change_printed():+.1f}%"))


@register("B22")
def _expense_cut(c: Claim) -> Check:
    """'a decrease of more than 30,000 million tenge between 2023 and 2024' (expenditure).

    Rule: a predicate on the record: expenditure 2023 − expenditure 2024 > 30,000.
    """
    from kzgov import budget, execution

    a, b = execution.turkestan_record(2023, "expenses"), execution.turkestan_record(2024, "expenses")
    cut = a - b
    ok = cut > float(c.reported_value or 0)
    t = budget.figure9_comparison()
    printed = -float(t[(t["measure"] == "expenses") & (t["year"] == 2024)]["abs_change"].iloc[0])
    note = (f"Ministry of Finance execution, Turkestan expenditure {a:,.1f} (2023) -> {b:,.1f} "
            f"(2024) million KZT: a decrease of {cut:,.1f} (negative: an increase); within the "
            f"paper, its own printed figures give a decrease of {printed:,.1f}")
    return Check("reproduced" if ok else "discrepancy", cut, note)


@register("B23")
def _social_total(c: Claim) -> Check:
    """Figure 10's social sphere (41 364.5) against the record's social sphere, 2024."""
    from kzgov import execution

    off = execution.turkestan_record(2024, "social_sphere")
    codes = " + ".join(execution.FIGURE10_GROUPS["social_sphere"])
    out = compare(c, off, how=f"Ministry of Finance execution, Turkestan 2024, {codes}, million KZT")
    row = _reconciliation("social sphere")
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper, Figure 11's categories sum to {float(row['recomputed']):,.1f}"))


@register("B30")
def _third_place(c: Claim) -> Check:
    """Figure 10: agriculture and environment ranks third among the seven groups.

    Rule: the rank of EXP.10 among the seven groups Figure 10 names, on the record (2024).
    """
    from kzgov import budget, execution

    amounts = {g: execution.turkestan_record(2024, g) for g in execution.FIGURE10_GROUPS}
    ranked = sorted(amounts, key=amounts.__getitem__, reverse=True)
    rank = ranked.index("agriculture_and_environment") + 1
    s = budget.figure10_structure()
    groups = s[(s["basis"] == "sum of groups") & (s["kind"] == "group")]
    printed = groups.sort_values("amount", ascending=False)["group"].tolist()
    out = compare(c, float(rank), how=(
        "rank of agriculture and environment (EXP.10) among Figure 10's seven groups in the "
        "Ministry of Finance execution, Turkestan 2024"))
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper it ranks {printed.index('agriculture_and_environment') + 1}"))


@register("C08")
def _turkestan_transfer_share(c: Claim) -> Check:
    """Turkestan: transfers more than 70% of revenue, on the record (2024)."""
    from kzgov import budget, execution

    share = 100 * execution.turkestan_record(2024, "transfers") / execution.turkestan_record(
        2024, "income")
    t5 = 100 * budget.indicators(budget.table5())["transfer_dependency"]
    ok = share > float(c.reported_value or 0)
    note = (f"Ministry of Finance execution, Turkestan 2024: transfers are {share:.1f}% of "
            f"revenue; Table 5 gives {t5:.1f}%")
    return Check("reproduced" if ok else "discrepancy", share, note)




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


# =========================================================================== Turkestan: the record
_RECORD = {  # claim -> (year, measure of kzgov.execution.turkestan_record)
    "B03": (2024, "tax_receipts"),
    "B04": (2024, "non_tax_receipts"),
    "B05": (2024, "sale_of_fixed_capital"),
    "B06": (2024, "transfers"),
    "B07": (2024, "expenses"),
    "B12": (2024, "income"),
    "B16": (2024, "sale_of_fixed_capital"),
    "B21": (2024, "expenses"),
    "B13": (2022, "income"),
    "B14": (2023, "income"),
    "B19": (2022, "expenses"),
    "B20": (2023, "expenses"),
    "B24": (2024, "housing_and_communal_services"),
    "B25": (2024, "agriculture_and_environment"),
    "B26": (2024, "public_order_and_security"),
    "B27": (2024, "transport_and_communications"),
    "B28": (2024, "industry_and_construction"),
    "B29": (2024, "general_public_services"),
    "B31": (2024, "education"),
    "B32": (2024, "social_assistance"),
    "B33": (2024, "culture_sports_tourism"),
    "B34": (2024, "healthcare"),
}


@register(*_RECORD)
def _turkestan_record(c: Claim) -> Check:
    """A Turkestan amount of the study against the Ministry of Finance execution.

    Rule: numeric comparison at the printed precision, in the official unit (million KZT;
    the study's figures are in million tenge, as printed), scope labelled on each side.
    """
    from kzgov import execution

    year, measure = _RECORD[c.id]
    off = execution.turkestan_record(year, measure)
    codes = (execution.FIGURE10_GROUPS.get(measure) or execution.FIGURE11_GROUPS.get(measure)
             or ())
    what = f"{measure} ({' + '.join(codes)})" if codes else measure
    out = compare(c, off, how=(f"Ministry of Finance execution of Turkestan's consolidated local "
                               f"budget, {year}, {what}, million KZT (the study's scope is not "
                               "stated)"))
    ratio = off / float(c.reported_value) if c.reported_value else float("nan")
    note = out.note + f"; the record is {ratio:,.1f} times the study's figure"
    if c.id in _TABLE5_FIELD:
        note += "; within the paper: " + _text_vs_table5(c).note
    elif c.id in ("B07", "B21"):
        note += "; within the paper: " + _expenses_2024(c).note
    return Check(out.verdict, out.recomputed, note)


@register("B18")
def _transfers_decrease(c: Claim) -> Check:
    """B18, 'this decrease is primarily due to a decrease in transfers' (2023 → 2024).

    Rule: a predicate on the record: Turkestan's transfers in 2024 are below 2023.
    Recomputed: the change in transfers, million KZT.
    """
    from kzgov import execution

    a, b = execution.turkestan_record(2023, "transfers"), execution.turkestan_record(2024, "transfers")
    ra, rb = execution.turkestan_record(2023, "income"), execution.turkestan_record(2024, "income")
    ok = b < a
    note = (f"Ministry of Finance execution: transfers {a:,.1f} (2023) -> {b:,.1f} (2024) million "
            f"KZT, a change of {b - a:+,.1f}; revenue {ra:,.1f} -> {rb:,.1f} ({100 * (rb / ra - 1):+.1f}%)")
    return Check("reproduced" if ok else "discrepancy", b - a, note)


@register("B35")
def _social_peak(c: Claim) -> Check:
    """Figure 12: social spending at its maximum in 2022–2023, reduced in 2024.

    Rule: a predicate on the record: the social sphere of Figure 10 (EXP.04 + 05 + 06 + 08)
    peaks in 2022 or 2023 among 2021–2024 and is lower in 2024 than in 2023. Recomputed:
    the change 2023 → 2024, million KZT.
    """
    from kzgov import execution

    s = {y: execution.turkestan_record(y, "social_sphere") for y in (2021, 2022, 2023, 2024)}
    peak = max(s, key=s.__getitem__)
    ok = peak in (2022, 2023) and s[2024] < s[2023]
    note = ("Ministry of Finance execution, social sphere (education, health, social assistance, "
            "culture): " + ", ".join(f"{y} {v:,.1f}" for y, v in s.items())
            + f" million KZT; the maximum is in {peak}")
    return Check("reproduced" if ok else "discrepancy", s[2024] - s[2023], note)


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
