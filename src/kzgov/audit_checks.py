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
