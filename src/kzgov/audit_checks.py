"""The audit registry: one check per claim of ``data/raw/paper/claims.csv``.

Each check calls the kzgov function that recomputes the claim from ``data/raw`` and turns
the result into a :class:`kzgov.audit.Check`. Importing this module fills
:data:`kzgov.audit.REGISTRY`; :func:`kzgov.audit.run` does so on first use.
"""

from __future__ import annotations

import functools

from kzgov.audit import Check, Claim, compare, not_reproducible, register, unverifiable

__all__: list[str] = []

# --------------------------------------------------------------------------- methods
unverifiable("M03", reason="the survey's fieldwork dates are not published; nothing to check")
unverifiable(
    "M09",
    reason="the 'official reports and statistical bulletins' are not listed, so their period "
    "cannot be checked",
)

# --------------------------------------------------------------------------- PPP (Figures 4–8)
not_reproducible(
    "F4a",
    "F4b",
    "F4c",
    "F4d",
    "F4e",
    data="the PPP project registry by region, 2015–2023 (Figure 4, source [44]); only these "
    "five counts are printed",
)
not_reproducible(
    "F7a",
    "F7e",
    "F7f",
    data="the PPP project registry with statuses for 2024 (Figure 7, source [45])",
)
not_reproducible(
    "F8a",
    "F8b",
    data="the number of PPP contracts concluded per year, 2015–2023 (Figure 8 prints no numbers)",
)
not_reproducible(
    "F8c",
    "F8d",
    data="the PPP contract amounts, 2015–2023 (Figure 8); the unit of the amounts is not stated",
)

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
unverifiable(
    "S03",
    reason="the two questionnaires ask no comparable question about the state's support for "
    "business (see the codebook's cross-group mapping), so the groups cannot be compared on it",
)


# =========================================================================== PPP: Figures 4, 6, 7
@functools.lru_cache(maxsize=1)
def _ppp_checks():
    from kzgov import ppp

    return ppp.checks().set_index("check")


def _ppp_row(check: str):
    return _ppp_checks().loc[check]


@register("C07", "C11")
def _turkestan_vko_leading(c: Claim) -> Check:
    """Figure 4: check that Turkestan and East Kazakhstan have the most projects."""
    from kzgov import ppp

    counts = ppp.region_counts()
    row = _ppp_row("fig4_rank_TRK")
    rank = float(row["recomputed"])
    ok = bool(_ppp_row("fig4_turkestan_vko_top_two")["holds"])
    top = ", ".join(
        f"{r.label} {int(r.projects)}"
        for r in counts.sort_values("projects", ascending=False).head(3).itertuples()
    )
    note = (
        f"Figure 4's own counts rank Turkestan {int(rank)} of the 5 printed ({top}): Shymkent "
        "(191) has more projects than Turkestan (189); among oblasts alone the claim holds"
    )
    return Check("reproduced" if ok else "discrepancy", rank, note)


@register("F6a")
def _local_share(c: Claim) -> Check:
    """Figure 6: 98 % local — the registry is not published; official totals bracket it."""
    s19 = _ppp_row("official_local_share_2019")
    s26 = _ppp_row("official_local_share_2026")
    note = (
        "not published: the PPP project registry behind Figure 6 (denominator not stated). "
        f"Official national totals: {s19['official_value']:.2f}% local on 2019-07-01 "
        f"({int(s19['official_count'])}/{int(s19['official_total'])}, rounds to 98%) and "
        f"{s26['official_value']:.2f}% on 2026-01-01 "
        f"({int(s26['official_count'])}/{int(s26['official_total'])}, rounds to 99%)"
    )
    return Check("not_reproducible", float(s26["official_value"]), note)


@register("F6b")
def _national_share(c: Claim) -> Check:
    """Figure 6: 2 % national is the complement of the 98 % local share."""
    row = _ppp_row("fig6_sum")
    total = float(row["recomputed"])
    ok = bool(row["holds"])
    note = (
        f"internal consistency: 98% local + 2% national = {total:g}% (the two shares are "
        "complementary); the share itself rests on the unpublished registry"
    )
    return Check("reproduced" if ok else "discrepancy", 100.0 - 98.0, note)


@register("C10", "R07")
def _local_share_repeated(c: Claim) -> Check:
    """The text repeats Figure 6's 98 %: check the repeat against the figure's text."""
    from kzgov import ppp

    shares = ppp.level_shares()
    first = float(shares.loc[shares["level"] == "local", "value"].iloc[0])
    return compare(c, first, how="Figure 6's text gives the local share as 98%; the repeat")


@register("F7b")
def _status_sum(c: Claim) -> Check:
    """Figure 7: check that the five distinct status shares sum to 100."""
    row = _ppp_row("fig7_sum")
    ok = bool(row["holds"])
    note = (
        "internal consistency: planned 4 + being implemented 56 + terminated 7 + expired 24 + "
        f"in competition 9 = {float(row['recomputed']):g}%; the share itself rests on the "
        "unpublished 2024 registry"
    )
    return Check("reproduced" if ok else "discrepancy", 56.0, note)


@register("F7c")
def _status_repeat(c: Claim) -> Check:
    """Figure 7: 'Ongoing projects account for 56%' restates 'being implemented 56%'."""
    row = _ppp_row("fig7_repeat_56")
    ok = bool(row["holds"])
    return Check(
        "reproduced" if ok else "discrepancy",
        56.0,
        "internal consistency: the second mention (ongoing, 56%) equals the first (being "
        "implemented, 56%); counted as a sixth status the shares would sum to 156%",
    )


@register("F7d")
def _terminated_share(c: Claim) -> Check:
    """Figure 7: 7 % terminated vs the official 2026 totals (a different date)."""
    row = _ppp_row("official_terminated_share_2026")
    note = (
        "not published: the 2024 PPP registry behind Figure 7. The official total on "
        f"2026-01-01 is {int(row['official_count'])}/{int(row['official_total'])} = "
        f"{row['official_value']:.2f}% terminated (95% CI {row['ci_low']:.2f}–"
        f"{row['ci_high']:.2f}%), well above 7%; the dates differ and terminations accumulate"
    )
    return Check("not_reproducible", float(row["official_value"]), note)


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


# =========================================================================== survey: Tables 3–4
_GROUPS = {"M01": "civil_servants", "M02": "entrepreneurs"}


@register("M01", "M02")
def _stated_n(c: Claim) -> Check:
    """Check the stated n against every printed percentage of its table."""
    from kzgov import survey

    group = _GROUPS[c.id]
    pub = survey.load_published(group)
    questions = [q["value"].tolist() for _, q in pub.groupby("question", sort=True)]
    consistent = survey.consistent_sample_sizes(questions, decimals=0, n_max=100)
    n = survey.stated_n(group)
    ok = n in consistent
    note = (
        f"internal consistency: every printed share of the table is a whole count at n={n} "
        f"(n ≤ 100 consistent with all {len(questions)} questions: {consistent}); every "
        "printed share is a multiple of 5, see notebook 02 for how unlikely that is at this n"
    )
    return Check("reproduced" if ok else "discrepancy", float(n), note)


@register("M04", "M05")
def _mode_split(c: Claim) -> Check:
    """75 % / 25 % of the 60 entrepreneurs: check for whole numbers of respondents."""
    from kzgov import survey

    n = survey.stated_n("entrepreneurs")
    online, offline = survey.counts_from_percentages([75, 25], n)
    count = online if c.id == "M04" else offline
    return compare(
        c,
        100.0 * count / n,
        how=f"{count} of the {n} entrepreneurs (a whole number of respondents)",
    )


def _question_sum(c: Claim) -> Check:
    from kzgov import survey

    group = "civil_servants" if c.id.startswith("T3") else "entrepreneurs"
    question = "q" + c.id[3:]
    sums = survey.check_sums(survey.load_published())
    row = sums[(sums["group"] == group) & (sums["question"] == question)].iloc[0]
    return compare(
        c,
        float(row["total"]),
        how=f"sum of the {int(row['n_options'])} printed shares of {group} {question}",
    )


register(*[f"T3Q{q}" for q in range(1, 9)], *[f"T4Q{q}" for q in range(1, 10)])(_question_sum)


@register("M06", "M07", "M08")
def _spearman(c: Claim) -> Check:
    """The three Spearman coefficients: not reproducible; what the marginals force."""
    from kzgov import survey

    key = {"M06": "rho_goals", "M07": "rho_methods", "M08": "rho_challenges"}[c.id]
    row = survey.spearman_claims().set_index("claim_id").loc[key]
    pairs = row["matching_pairs"] or "none"
    note = (
        "not published: the respondent-level answers of the civil-servant survey and the item "
        f"pairs the coefficient refers to. Read as between two options of {row['question']}, "
        f"the printed shares force rho into [{row['indicator_r_min']:.2f}, "
        f"{row['indicator_r_max']:.2f}]; option pairs matching at the printed precision: "
        f"{pairs}"
    )
    return Check("not_reproducible", None, note)


@register("S01")
def _most_appreciate(c: Claim) -> Check:
    """'Most of the respondents highly appreciate the effectiveness of cooperation' (Q7)."""
    from kzgov import survey

    tab = survey.tabulate(survey.load_responses("civil_servants"), "q7").set_index("option")
    very = float(tab.loc["very_effective", "share"])
    both = very + float(tab.loc["effective_enough", "share"])
    ok = very > 0.5
    note = (
        f"Table 3 Q7: 'very effective' {very:.0%} (95% Wilson CI {tab.loc['very_effective', 'ci_low']:.0%}"
        f"–{tab.loc['very_effective', 'ci_high']:.0%} at n=80, which includes 50%), "
        f"'very' or 'effective enough' {both:.0%}: a majority as printed"
    )
    return Check("reproduced" if ok else "discrepancy", 100 * very, note)


@register("S02")
def _need_financing(c: Claim) -> Check:
    """'The need for additional financial resources ... noted by a significant number' (Q8)."""
    from kzgov import survey

    tab = survey.tabulate(survey.load_responses("civil_servants"), "q8").set_index("option")
    top = tab["share"].idxmax()
    share = float(tab["share"].max())
    ok = "financ" in top
    note = f"Table 3 Q8: the most chosen option is {top!r} with {share:.0%} of 80 respondents"
    return Check("reproduced" if ok else "discrepancy", 100 * share, note)


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
