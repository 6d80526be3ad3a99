"""Notebook 01: the Turkestan regional budget of Section 3 (Table 5, Figures 9–13).

What is specific to Abdullayev, Kadyrova & Ydyrys (2025), *Emerging Science Journal*
9(3), doi:10.28991/ESJ-2025-09-03-017, in notebook ``01_turkestan_budget``: the mapping of
the printed Table 5 onto the Budget Code layout of :class:`kzgov.budget.BudgetTable`
(:data:`TABLE5_MAPPING`), the study's region and year, the reproductions of Table 5 and of
the numbers printed under Figures 9–11, the study's Turkestan figures set beside the
Ministry of Finance record, the notebook's plots and declared parameters (:data:`PARAMETERS`), and the audit checks of
the section (claims ``B01``–``B36`` and ``C08``).

Table 5
-------
:data:`TABLE5_MAPPING` maps each printed label onto the layout, label by label. The
printed line "Budget deficit" has no sign; its label says *deficit*, so it is mapped onto a
negative ``deficit_surplus`` (the Budget Code's sign), and "Financing the budget deficit"
onto a positive ``deficit_financing``. The raw file is not corrected:
:func:`kzgov.budget.check_identities` recomputes the balance by the Budget Code identity and
reports the mismatch, and :func:`explain_balance` shows which partial balance the printed
figure equals (the values: ``check_identities(table5())`` and ``explain_balance(table5())``).

The official record
-------------------
The Ministry of Finance bulletin prints Turkestan's execution for every month
(``data/raw/kz_budgets/minfin_turkestan_local_budget_monthly.csv``). :func:`turkestan_annual`
gives its full years in the Budget Code layout, :func:`turkestan_record` one figure of it,
and :func:`turkestan_comparison` / :func:`turkestan_directions` set the study's figures
beside it under :data:`COMPARISON_RULE`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kzgov import audit, budget, data, execution, regions, units
from kzgov.audit import Check, Claim, compare, not_reproducible
from kzgov.constraints import FilePath, Interval, Parameter, Parameters, Region
from kzgov.errors import DataError, ParameterError, UnitError

__all__ = [
    "COMMON_UNIT",
    "COMPARISON_RULE",
    "FIGURE10_GROUPS",
    "FIGURE11_GROUPS",
    "PAPER_REGION",
    "PARAMETERS",
    "PAPER_YEAR",
    "TABLE5_MAPPING",
    "LabelMapping",
    "available",
    "check_all",
    "explain_balance",
    "figure9_comparison",
    "figure10_structure",
    "figure11_structure",
    "latest_year",
    "paper_note",
    "plot_dynamics",
    "plot_figure10",
    "plot_figure11",
    "plot_indicators",
    "plot_structure",
    "region_dynamics",
    "regions_with_data",
    "select_budget",
    "structure_styles",
    "structure_table",
    "structure_totals",
    "sweep_regions",
    "table5",
    "table5_comparison",
    "transfer_law_figures",
    "transfer_share_summary",
    "turkestan_annual",
    "turkestan_comparison",
    "turkestan_directions",
    "turkestan_functional",
    "turkestan_reconciliation",
    "turkestan_record",
]

#: The unit in which tables from different sources are compared.
COMMON_UNIT = "million KZT"
#: The scope of the study's Table 5 (the study states none).
_NOT_STATED = "not stated"
#: Columns that identify a budget (those of :class:`kzgov.budget.BudgetTable`).
_KEYS = ("region", "year", "source", "document")

# --------------------------------------------------------------------------- Table 5
#: The study's region and year for Table 5 and Figures 9–13.
PAPER_REGION = "TRK"
PAPER_YEAR = 2024
_NOTEBOOK = "01_turkestan_budget"


@dataclass(frozen=True)
class LabelMapping:
    """How one printed line of Table 5 maps onto the Budget Code layout.

    ``value in the layout = sign × printed value``.
    """

    row: int
    label: str
    field: str
    sign: int
    note: str


#: Table 5 of the study, label by label (``row`` = printed order).
TABLE5_MAPPING: tuple[LabelMapping, ...] = (
    LabelMapping(1, "Income", "income", 1, "Item 1, доходы."),
    LabelMapping(2, "Tax receipts", "tax_receipts", 1, "Налоговые поступления."),
    LabelMapping(3, "Non-tax receipts", "non_tax_receipts", 1, "Неналоговые поступления."),
    LabelMapping(
        4,
        "Proceeds from the sale of fixed assets",
        "sale_of_fixed_capital",
        1,
        "Поступления от продажи основного капитала (fixed capital).",
    ),
    LabelMapping(5, "Proceeds from transfers", "transfers", 1, "Поступления трансфертов."),
    LabelMapping(6, "Expenses", "expenses", 1, "Item 2, затраты."),
    LabelMapping(7, "Net budget lending", "net_budget_lending", 1, "Item 3."),
    LabelMapping(8, "Budget loans", "budget_loans", 1, "Бюджетные кредиты."),
    LabelMapping(9, "Repayment of budget loans", "loan_repayment", 1, "Погашение."),
    LabelMapping(
        10,
        "Balance of operations with financial assets",
        "financial_assets_balance",
        1,
        "Item 4. The table prints no line for the sale of financial assets, so "
        "financial_assets_sale stays NaN (not given).",
    ),
    LabelMapping(
        11, "Acquisition of financial assets", "financial_assets_acquisition", 1,
        "Приобретение финансовых активов.",
    ),
    LabelMapping(
        12,
        "Budget deficit",
        "deficit_surplus",
        -1,
        "Item 5. Printed without a sign; the label says deficit, and the Budget Code "
        "writes a deficit as negative, so deficit_surplus is minus the printed value. Not "
        "corrected: kzgov.budget.check_identities recomputes the balance and reports a "
        "mismatch; explain_balance shows which partial balance the printed value equals.",
    ),
    LabelMapping(
        13,
        "Financing the budget deficit",
        "deficit_financing",
        1,
        "Item 6. Printed with a decimal comma, read as a decimal mark; financing a "
        "deficit is positive (= -deficit_surplus).",
    ),
)


def table5() -> budget.BudgetTable:
    """The study's Table 5 (Turkestan regional budget, 2024) in the Budget Code layout.

    Reads ``data/raw/paper/table5_turkestan_budget_2024.csv`` and applies
    :data:`TABLE5_MAPPING`. The unit is the caption's ("million tenge"); the lead-in
    sentence's "thousand tenge" is kept in the raw file, not used. The year is 2024, as
    the text under the table says ("the regional budget ... for 2024 provides for a
    total revenue of 79 113.1").

    Raises
    ------
    DataError
        If a printed label has no mapping, or a mapped label is absent.
    """
    raw = data.load("paper_table5_turkestan_budget")
    by_label = {m.label: m for m in TABLE5_MAPPING}
    unknown = sorted(set(raw["label"]) - set(by_label))
    if unknown:
        raise DataError(
            f"label(s) {unknown} have no mapping onto the Budget Code layout; "
            f"known labels: {sorted(by_label)}",
            path=data.resource_path("paper_table5_turkestan_budget"),
            column="label",
        )
    absent = sorted(set(by_label) - set(raw["label"]))
    if absent:
        raise DataError(
            f"mapped label(s) {absent} are not in the transcription",
            path=data.resource_path("paper_table5_turkestan_budget"),
            column="label",
        )
    unit_set = set(raw["unit"])
    if len(unit_set) != 1:
        raise UnitError(f"Table 5 transcription must have one unit; got {sorted(unit_set)}")
    row: dict[str, Any] = {
        "region": PAPER_REGION,
        "year": PAPER_YEAR,
        "source": "paper",
        "document": "Table 5",
    }
    for rec in raw.itertuples(index=False):
        m = by_label[rec.label]
        row[m.field] = m.sign * float(rec.value)
    return budget.BudgetTable(pd.DataFrame([row]), unit=unit_set.pop(), scope=_NOT_STATED)


def available(*, budget_file: str | Path | None = None, unit: str = COMMON_UNIT) -> budget.BudgetTable:
    """Every budget kzgov has, converted to ``unit``.

    Table 5, the official decisions and, if given, the user's file.
    """
    tables = [table5(), budget.official()]
    if budget_file is not None:
        tables.append(budget.read_budget(budget_file))
    return budget.combine(*tables, unit=unit)


def regions_with_data(table: budget.BudgetTable | None = None) -> list[str]:
    """Codes of regions with at least one budget row, Turkestan (the paper's) first."""
    table = available() if table is None else table
    codes = sorted(set(table.frame["region"]))
    return sorted(codes, key=lambda c: (c != PAPER_REGION, regions.get(c).name_en))


def latest_year(table: budget.BudgetTable, region: str) -> int:
    """The latest year with data for ``region`` (any name or code)."""
    sub = table.select(region=region)
    if len(sub) == 0:
        raise _no_data_error(table, regions.resolve(region))
    return int(sub.frame["year"].max())


def _no_data_error(table: budget.BudgetTable, code: str) -> ParameterError:
    have = ", ".join(f"{regions.get(c).name_en!r}" for c in regions_with_data(table))
    return ParameterError(
        f"The 'region' parameter of {_NOTEBOOK} must be a region with table data, one of "
        f"[{have}]. Got {regions.get(code).name_en!r} ({code}) instead: it is in the region "
        "registry but no table for it is in data/raw (or in budget_file)."
    )


def select_budget(table: budget.BudgetTable, *, region: str, year: int | None = None) -> budget.BudgetTable:
    """The rows of ``region`` in ``year`` (None = the latest year with data).

    Raises
    ------
    RegionError
        ``region`` is not in the registry (the message lists the known regions).
    ParameterError
        No table for the region, or none for that year (the message lists what exists).
    """
    code = regions.resolve(region)
    sub = table.select(region=code)
    if len(sub) == 0:
        raise _no_data_error(table, code)
    if year is None:
        year = int(sub.frame["year"].max())
    years = sorted(set(int(y) for y in sub.frame["year"]))
    if int(year) not in years:
        raise ParameterError(
            f"The 'year' parameter of {_NOTEBOOK} must be a year with table data for "
            f"{regions.get(code).name_en}, one of {years} (or None for the latest). "
            f"Got {year!r} instead."
        )
    return sub.select(year=int(year))


def paper_note(region: str) -> str:
    """One sentence on what the study prints for ``region``."""
    code = regions.resolve(region)
    if code == PAPER_REGION:
        return (
            "The study prints Table 5 and the numbers behind Figures 9-11 for Turkestan "
            "region; Figures 12-13 have no numbers in the text."
        )
    return (
        f"The study's Table 5 and Figures 9-13 cover Turkestan region only; for "
        f"{regions.get(code).name_en} there is nothing to reproduce, only the official "
        "decisions (and any budget_file) below."
    )


def explain_balance(table: budget.BudgetTable, *, atol: float = 0.1) -> pd.DataFrame:
    """Show which partial balance reproduces each given ``deficit_surplus``.

    For every row with a given ``deficit_surplus``, computes ``income − expenses``,
    ``income − expenses − net_budget_lending`` and the full Budget Code balance, and says
    whether each equals the given value (``matches_signed``) or only its magnitude
    (``matches_magnitude``).

    Returns
    -------
    pandas.DataFrame
        ``region, year, source, document, formula, value, given, matches_signed,
        matches_magnitude, unit``.
    """
    forms = (
        ("income - expenses", (("income", 1), ("expenses", -1))),
        (
            "income - expenses - net_budget_lending",
            (("income", 1), ("expenses", -1), ("net_budget_lending", -1)),
        ),
        (
            "income - expenses - net_budget_lending - financial_assets_balance (Budget Code)",
            (("income", 1), ("expenses", -1), ("net_budget_lending", -1),
             ("financial_assets_balance", -1)),
        ),
    )
    rows = []
    for rec in table.frame.to_dict("records"):
        given = rec["deficit_surplus"]
        if pd.isna(given):
            continue
        for formula, items in forms:
            if any(pd.isna(rec[t]) for t, _ in items):
                value = math.nan
            else:
                value = float(sum(s * float(rec[t]) for t, s in items))
            rows.append(
                {
                    **{k: rec[k] for k in _KEYS},
                    "formula": formula,
                    "value": value,
                    "given": float(given),
                    "matches_signed": bool(abs(value - given) <= atol) if pd.notna(value) else False,
                    "matches_magnitude": bool(abs(abs(value) - abs(given)) <= atol)
                    if pd.notna(value)
                    else False,
                    "unit": table.unit,
                }
            )
    cols = [*_KEYS, "formula", "value", "given", "matches_signed",
            "matches_magnitude", "unit"]
    return pd.DataFrame(rows, columns=cols)


def check_all(*, budget_file: str | Path | None = None, atol: float = 0.1) -> pd.DataFrame:
    """Run :func:`kzgov.budget.check_identities` on every source kzgov has.

    Table 5, every official decision and, if given, the user's file, each in its own
    unit (million KZT for Table 5, thousand KZT for the decisions).
    """
    tables = [table5(), budget.official()]
    if budget_file is not None:
        tables.append(budget.read_budget(budget_file))
    return pd.concat([budget.check_identities(t, atol=atol) for t in tables], ignore_index=True)


def transfer_share_summary(table: budget.BudgetTable, *, low: float = 0.70, high: float = 0.80) -> pd.DataFrame:
    """Summary of ``transfer_dependency`` across the rows of ``table``.

    For the study's claims "transfers account for more than 70% of local table
    revenues" and "on average, the share of transfers in regional table revenues is
    70-80%". Only the regions in ``table`` are covered.

    Returns
    -------
    pandas.DataFrame
        One row: ``n, mean, median, min, max, n_above_low, n_in_range`` (with ``low``
        and ``high`` as fractions), ``mean_in_range``, ``regions``.
    """
    t = budget.indicator_table(table)
    s = t["transfer_dependency"].dropna()
    return pd.DataFrame(
        [
            {
                "n": int(s.size),
                "mean": float(s.mean()) if s.size else math.nan,
                "median": float(s.median()) if s.size else math.nan,
                "min": float(s.min()) if s.size else math.nan,
                "max": float(s.max()) if s.size else math.nan,
                "low": low,
                "high": high,
                "n_above_low": int((s > low).sum()),
                "n_in_range": int(((s >= low) & (s <= high)).sum()),
                "mean_in_range": bool(s.size and low <= s.mean() <= high),
                "regions": ", ".join(
                    f"{r} {y}" for r, y in t.loc[s.index, ["region", "year"]].itertuples(index=False)
                ),
            }
        ]
    )


def region_dynamics(table: budget.BudgetTable, region: str,
                    *, fields: Iterable[str] = ("income", "transfers", "expenses")) -> pd.DataFrame:
    """Dynamics of some layout fields of one region across the years in ``table``.

    When a region has several documents for one year, the latest-dated document is
    used (``official`` sorts ``adopted`` before ``amended``). Empty when fewer than two
    years exist.
    """
    picked = table.select(region=region)
    budget._require_one_scope(picked, what=f"the dynamics of {regions.resolve(region)}")
    sub = picked.frame
    if sub["year"].nunique() < 2:
        return pd.DataFrame(columns=["measure", "year", "value", "previous_year",
                                     "abs_change", "yoy", "cagr", "document", "unit"])
    sub = sub.sort_values(["year", "source", "document"]).groupby("year").tail(1)
    long = sub.melt(id_vars=["year", "document"], value_vars=list(fields),
                    var_name="measure", value_name="value").dropna(subset=["value"])
    out = budget.dynamics(long[["measure", "year", "value"]], by="measure")
    out = out.merge(long[["measure", "year", "document"]], on=["measure", "year"])
    out["unit"] = table.unit
    return out


def structure_table(long: pd.DataFrame, *, decimals: int = 4) -> pd.DataFrame:
    """The groups of a :func:`structure` result, wide.

    One row per group with its amount and one share column per basis
    (``share of <basis>``).
    """
    groups = long[long["kind"] == "group"]
    order = list(dict.fromkeys(groups["group"]))
    bases = list(dict.fromkeys(groups["basis"]))
    wide = groups.pivot_table(index="group", columns="basis", values="share", sort=False)
    wide = wide.reindex(order)[bases].round(decimals)
    wide.columns = [f"share of {b}" for b in bases]
    amounts = groups.drop_duplicates("group").set_index("group")["amount"]
    wide.insert(0, "amount", amounts.reindex(order).to_numpy())
    if "unit" in long:
        wide.insert(1, "unit", long["unit"].iloc[0])
    wide.index.name = "group"
    return wide.reset_index()


def structure_totals(long: pd.DataFrame) -> pd.DataFrame:
    """Totals per basis of a :func:`structure` result.

    The total, the sum of the groups, the unallocated gap (total − sum of groups) and
    its share of the total.
    """
    rows = []
    for basis, g in long.groupby("basis", sort=False):
        total = float(g.loc[g["kind"] == "total", "amount"].iloc[0])
        groups = float(g.loc[g["kind"] == "group", "amount"].sum())
        rows.append({"basis": basis, "total": total, "sum of groups": groups,
                     "unallocated": total - groups, "unallocated share": (total - groups) / total,
                     "unit": long["unit"].iloc[0] if "unit" in long else ""})
    return pd.DataFrame(rows)


def structure_styles(long: pd.DataFrame, *, title: str, uuid: str) -> tuple[Any, Any]:
    """The two displayed tables of a :func:`structure` result, as pandas Stylers.

    The groups with their amounts and shares (:func:`structure_table`), and each total
    against the sum of its parts (:func:`structure_totals`); units go into the headers,
    ``title`` starts both captions, and the fixed uuids ``<uuid>-structure`` and
    ``<uuid>-totals`` keep the HTML the same on every run.
    """
    st = structure_table(long)
    (unit,) = st["unit"].unique()
    amount = f"amount ({unit})"
    parts = (
        st.drop(columns="unit").rename(columns={"amount": amount})
        .rename(columns=lambda c: c if c.startswith(("group", "amount")) else f"{c} (fraction)")
        .style.hide(axis="index").format({amount: "{:,.1f}"}, precision=4, na_rep="—")
        .set_caption(f"{title}: amounts as printed and shares of each total")
        .set_uuid(f"{uuid}-structure")
    )
    tot = structure_totals(long)
    (unit,) = tot["unit"].unique()
    amounts = [c for c in tot.columns.drop(["basis", "unit"]) if "share" not in c]
    totals = (
        tot.drop(columns="unit")
        .rename(columns=lambda c: c if c == "basis" else f"{c} (fraction)" if "share" in c else f"{c} ({unit})")
        .style.hide(axis="index")
        .format({f"{c} ({unit})": "{:,.1f}" for c in amounts}, precision=4, na_rep="—")
        .set_caption(f"{title}: each total against the sum of the printed parts")
        .set_uuid(f"{uuid}-totals")
    )
    return parts, totals


def _fig9() -> pd.DataFrame:
    return data.load("paper_figure9_turkestan_dynamics")


def _fig10() -> pd.DataFrame:
    return data.load("paper_figure10_expenditure_structure")


def _fig11() -> pd.DataFrame:
    return data.load("paper_figure11_social_spending")


def _fig9_unit() -> str:
    return units.normalize(_fig9()["unit"].iloc[0])


def table5_comparison() -> pd.DataFrame:
    """Table 5 side by side: printed, mapped, recomputed, difference.

    For each printed line: the layout field, the value as mapped, the value recomputed
    by the Budget Code identities, and the difference.

    Line items (tax receipts, expenses, loans …) have nothing to recompute (NaN,
    status ``line item``). Amounts in million KZT, as printed.
    """
    raw = data.load("paper_table5_turkestan_budget")
    t5 = table5()
    checks = budget.check_identities(t5).set_index("identity")
    by_label = {m.label: m for m in TABLE5_MAPPING}
    rows = []
    for rec in raw.sort_values("row").itertuples(index=False):
        m = by_label[rec.label]
        mapped = float(t5.frame.loc[0, m.field])
        if m.field in checks.index:
            rc = checks.loc[m.field]
            recomputed, diff, status = rc["recomputed"], rc["difference"], rc["status"]
        else:
            recomputed, diff, status = math.nan, math.nan, "line item"
        rows.append(
            {
                "label (printed)": rec.label,
                "printed": rec.printed,
                "field": m.field,
                "paper (mapped)": mapped,
                "recomputed": recomputed,
                "difference": diff,
                "status": status,
                "unit": t5.unit,
            }
        )
    return pd.DataFrame(rows)


def figure9_comparison() -> pd.DataFrame:
    """Revenue and expenditure 2022–2024 as printed, with dynamics and Table 5's 2024.

    The numbers printed in the text, their dynamics, and the 2024 values of Table 5
    beside them.

    Returns
    -------
    pandas.DataFrame
        ``measure, year, paper (text), table5, difference`` (text − Table 5, 2024 only),
        ``abs_change, yoy, cagr`` (of the text's series; CAGR from 2022),
        ``abs_change_table5, yoy_table5`` (2024 only: Table 5's value against the
        text's 2023 value), ``unit``.
    """
    f9 = _fig9()
    unit = _fig9_unit()
    t5 = table5().to(unit).frame.iloc[0]
    dyn = budget.dynamics(f9[["measure", "year", "value"]], by="measure")
    field_of = {"revenue": "income", "expenses": "expenses"}
    dyn["table5"] = [
        float(t5[field_of[m]]) if int(y) == PAPER_YEAR else math.nan
        for m, y in zip(dyn["measure"], dyn["year"], strict=True)
    ]
    dyn["difference"] = dyn["value"] - dyn["table5"]
    previous = dyn["value"] - dyn["abs_change"]
    dyn["abs_change_table5"] = dyn["table5"] - previous
    dyn["yoy_table5"] = dyn["table5"] / previous - 1.0
    out = dyn.rename(columns={"value": "paper (text)"})
    out["unit"] = unit
    return out[["measure", "year", "paper (text)", "table5", "difference", "abs_change",
                "yoy", "cagr", "abs_change_table5", "yoy_table5", "unit"]]


def figure10_structure() -> pd.DataFrame:
    """Figure 10's functional groups and their shares.

    Shares over the sum of the groups as printed, over the 2024 expenditure printed
    under Figure 9, and over Table 5's expenses, each with its ``unallocated`` line
    (amounts in million KZT).
    """
    f10 = _fig10()
    f9 = _fig9()
    unit = units.normalize(f10["unit"].iloc[0])
    exp24 = float(
        f9.loc[(f9["measure"] == "expenses") & (f9["year"] == PAPER_YEAR), "value"].iloc[0]
    )
    t5 = float(table5().to(unit).frame.loc[0, "expenses"])
    out = budget.structure(
        f10,
        totals={
            "expenses 2024 (text under Figure 9)": units.convert(exp24, _fig9_unit(), unit),
            "expenses (Table 5)": t5,
        },
    )
    out["unit"] = unit
    return out


def figure11_structure() -> pd.DataFrame:
    """Figure 11's social-spending categories and their shares.

    Shares over their sum, and over the social-sphere total printed under Figure 10,
    with the ``unallocated`` gap.
    """
    f11 = _fig11().rename(columns={"category": "group"})
    f10 = _fig10()
    unit = units.normalize(f11["unit"].iloc[0])
    social = float(f10.loc[f10["group"] == "social_sphere", "value"].iloc[0])
    out = budget.structure(
        f11,
        totals={
            "social sphere (text under Figure 10)": units.convert(
                social, units.normalize(f10["unit"].iloc[0]), unit
            )
        },
    )
    out["unit"] = unit
    return out


def turkestan_reconciliation() -> pd.DataFrame:
    """The section's printed totals against what their parts add up to.

    Rows: 2024 revenue (text vs Table 5), 2024 expenditure (text under Figure 9 vs
    Table 5), Figure 10's groups against both expenditure totals, Figure 11's categories
    against the social-sphere total. ``difference = paper − recomputed``.
    """
    f9, f10, f11 = _fig9(), _fig10(), _fig11()
    unit = _fig9_unit()
    t5 = table5().to(unit).frame.iloc[0]

    def f9v(measure: str) -> float:
        return float(f9.loc[(f9["measure"] == measure) & (f9["year"] == PAPER_YEAR), "value"].iloc[0])

    sum10 = float(f10["value"].sum())
    sum11 = float(f11["value"].sum())
    social = float(f10.loc[f10["group"] == "social_sphere", "value"].iloc[0])
    rows = [
        ("revenue 2024: text vs Table 5 income", f9v("revenue"), float(t5["income"]),
         "paper = text under Table 5; recomputed = Table 5 'Income'"),
        ("expenditure 2024: text under Figure 9 vs Table 5 expenses", f9v("expenses"),
         float(t5["expenses"]),
         f"paper = 'planned to reach {f9v('expenses'):,.1f}'; recomputed = Table 5 'Expenses'"),
        ("Figure 10 groups vs expenditure 2024 (text under Figure 9)", f9v("expenses"), sum10,
         f"recomputed = sum of the {len(f10)} groups printed under Figure 10"),
        ("Figure 10 groups vs Table 5 expenses", float(t5["expenses"]), sum10,
         f"recomputed = sum of the {len(f10)} groups printed under Figure 10"),
        ("social sphere (Figure 10 text) vs Figure 11 categories", social, sum11,
         f"recomputed = sum of the {len(f11)} categories printed under Figure 11"),
    ]
    return pd.DataFrame(
        [
            {"item": i, "paper": p, "recomputed": r, "difference": p - r, "unit": unit, "note": n}
            for i, p, r, n in rows
        ]
    )


_SOURCE_PAPER = "Abdullayev, Kadyrova & Ydyrys (2025), ESJ 9(3)"


def plot_dynamics() -> Any:
    """Figure 9 redrawn from the numbers printed in the text.

    Revenue and expenditure 2022–2024, with Table 5's 2024 values marked.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from kzgov import plots

    plots.set_theme()
    cmp = figure9_comparison()
    fig, ax = plt.subplots()
    sns.barplot(data=cmp, x="year", y="paper (text)", hue="measure", ax=ax)
    t5 = cmp.dropna(subset=["table5"])
    offsets = {"revenue": -0.2, "expenses": 0.2}
    years = sorted(cmp["year"].unique())
    for rec in t5.itertuples(index=False):
        x = years.index(rec.year) + offsets[rec.measure]
        ax.plot([x], [rec.table5], marker="D", color="black", linestyle="none",
                label="Table 5 (2024)" if rec.measure == "revenue" else None)
    ax.set_title("Turkestan regional budget: revenue and expenditure, 2022-2024")
    ax.set_xlabel("year")
    ax.set_ylabel(f"{cmp['unit'].iloc[0]}")
    ax.legend(loc="upper right")
    plots.caption(
        fig,
        f"Bars: numbers printed in the text under Table 5 and Figure 9 of {_SOURCE_PAPER} "
        "(data/raw/paper/figure9_turkestan_dynamics.csv). Diamonds: Table 5 income and "
        "expenses (data/raw/paper/table5_turkestan_budget_2024.csv).",
    )
    return fig


def plot_structure(table: pd.DataFrame, *, title: str, source: str) -> Any:
    """Horizontal bars of a :func:`structure` result.

    Groups and unallocated lines (one per basis), amounts in the table's unit.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from kzgov import plots

    plots.set_theme()
    show = table[table["kind"] != "total"].copy()
    named = [b for b in show["basis"].unique() if b != "sum of groups"]
    show = show[(show["basis"].isin(named)) | (show["kind"] == "group")]
    # one bar per group; the unallocated line once per named total
    show.loc[show["kind"] == "unallocated", "group"] = (
        "unallocated vs " + show.loc[show["kind"] == "unallocated", "basis"]
    )
    show = show.drop_duplicates("group")
    show["group"] = show["group"].str.replace("_", " ", regex=False)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(show) + 1.5))
    sns.barplot(data=show, y="group", x="amount", hue="kind", dodge=False, ax=ax)
    ax.set_title(title)
    ax.set_xlabel(str(table["unit"].iloc[0]) if "unit" in table else "amount")
    ax.set_ylabel("")
    plots.caption(fig, source)
    return fig


def plot_figure10() -> Any:
    """Figure 10 redrawn: expenditure by functional group (:func:`figure10_structure`)."""
    return plot_structure(
        figure10_structure(),
        title=f"Turkestan regional budget {PAPER_YEAR}: expenditure by functional group",
        source="Amounts printed under Figure 10 of Abdullayev, Kadyrova & Ydyrys (2025); totals from the text "
        "under Figure 9 and Table 5 (data/raw/paper/figure10_expenditure_structure.csv, figure9_turkestan_dynamics.csv, "
        "table5_turkestan_budget_2024.csv).",
    )


def plot_figure11() -> Any:
    """Figure 11 redrawn: social spending by category (:func:`figure11_structure`)."""
    return plot_structure(
        figure11_structure(),
        title=f"Turkestan regional budget {PAPER_YEAR}: social spending by category",
        source="Amounts printed under Figure 11 of Abdullayev, Kadyrova & Ydyrys (2025); total from the text under "
        "Figure 10 (data/raw/paper/figure11_social_spending.csv, figure10_expenditure_structure.csv).",
    )


def plot_indicators(table: pd.DataFrame) -> Any:
    """Grouped bars of the ratio indicators of an :func:`indicator_table`.

    One group per region-year, with the study's 70 % transfer-share line.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from kzgov import plots

    plots.set_theme()
    t = table.copy()
    t["_first"] = t["region"] != PAPER_REGION
    t = t.sort_values(["_first", "region_name", "year", "source"], kind="stable")
    t["budget"] = (
        t["region_name"].str.replace(" region", "", regex=False)
        + "\n" + t["year"].astype(str) + " (" + t["source"] + ")"
    )
    show = ["transfer_dependency", "own_revenue_share", "tax_share", "budget_security"]
    long = t.melt(id_vars=["budget"], value_vars=show, var_name="indicator",
                  value_name="fraction").dropna(subset=["fraction"])
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sns.barplot(data=long, x="budget", y="fraction", hue="indicator", ax=ax)
    ax.axhline(0.70, color="0.3", linestyle="--", linewidth=1,
               label="0.70 (study: 'more than 70%' transfers)")
    ax.set_ylim(0, 1)
    ax.set_title("Fiscal-autonomy indicators by region-year (fractions)")
    ax.set_xlabel("")
    ax.set_ylabel("fraction (0 to 1)")
    ax.tick_params(axis="x", labelsize=9)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    plots.caption(
        fig,
        f"Turkestan: Table 5 of {_SOURCE_PAPER}. Other regions: oblast maslikhat budget "
        "decisions (adilet.zan.kz), data/raw/official/regional_budget_decisions.csv. "
        "Missing bars: inputs not given in the source (see not_computable).",
    )
    return fig


def _sweep() -> list[str]:
    return [regions.get(c).name_en for c in sweep_regions()]


#: The parameters of ``notebooks/01_turkestan_budget``. ``region`` is any region of the
#: registry (name or code); ``kzgov batch --values all`` sweeps every region the Ministry of
#: Finance bulletin prints (the current regions and South Kazakhstan), Turkestan first: each
#: report shows that region's execution series and its oblast decisions where they exist.
#: ``year`` selects the year of the oblast decision or user budget shown in the Budget Code
#: layout (None = the latest). ``budget_file`` is a CSV in the layout of
#: ``data/raw/templates/budget_template.csv`` or ``execution_template.csv``, or None; an input
#: error in it (file, column, row) stops the run with exit status 2.
PARAMETERS = Parameters(
    _NOTEBOOK,
    Parameter(
        "region",
        [Region()],
        help="a region of kzgov.regions (name or code); --values all: every region the "
        "Ministry of Finance bulletin prints",
        sweep=_sweep,
    ),
    Parameter(
        "year",
        [Interval(int, 1991, None, closed="left"), None],
        help="year of the budget shown in the Budget Code layout (None: the latest)",
    ),
    Parameter(
        "budget_file",
        [FilePath(), None],
        help="your CSV laid out like data/raw/templates/budget_template.csv or "
        "execution_template.csv (None: data/raw only)",
    ),
)


# --------------------------------------------------------------------------- the official record
_MONTHLY = "minfin_turkestan_monthly"


def _monthly() -> pd.DataFrame:
    raw = data.load(_MONTHLY)
    return raw[raw["region"] == "TRK"]


def turkestan_annual() -> budget.BudgetTable:
    """Turkestan region's full years from the monthly bulletin (December rows), million KZT.

    The Budget Code layout: income and its four parts, transfers, expenses, net budget
    lending, the financial-assets balance and the deficit/surplus as printed (BALANCE),
    plus ``subventions``. Scope: consolidated local budget of a region. Years whose
    December is missing in the source (2025) are absent.
    """
    m = _monthly()
    dec = m[m["date"].dt.month == 12]
    w = dec.pivot_table(index=dec["date"].dt.year, columns="item_code", values="value",
                        aggfunc="first")
    w = w[w.get("REV").notna()] if "REV" in w else w
    fields = {"REV": "income", "REV.TAX": "tax_receipts", "REV.NONTAX": "non_tax_receipts",
              "REV.CAPITAL": "sale_of_fixed_capital", "REV.TRANSFERS": "transfers",
              "EXP": "expenses", "NET_LENDING": "net_budget_lending",
              "FIN_ASSETS": "financial_assets_balance", "BALANCE": "deficit_surplus",
              "SUBVENTIONS": "subventions"}
    frame = pd.DataFrame({"region": "TRK", "year": w.index.astype(int), "source": "official",
                          "document": ["MinFin bulletin, execution Jan-Dec " + str(y)
                                       for y in w.index]})
    for code, name in fields.items():
        frame[name] = w[code].to_numpy() if code in w else np.nan
    return budget.BudgetTable(frame.reset_index(drop=True), unit=execution.UNIT, scope=execution.SCOPE)


def turkestan_functional() -> pd.DataFrame:
    """Turkestan's expenditure by functional group (EXP.01–15), full years, long.

    Returns
    -------
    pandas.DataFrame
        ``year, code, group, amount, share`` (of the year's EXP), ``unit``.
    """
    m = _monthly()
    dec = m[(m["date"].dt.month == 12) & m["item_code"].str.match(r"^EXP(\.\d\d)?$")]
    w = dec.pivot_table(index=dec["date"].dt.year, columns="item_code", values="value",
                        aggfunc="first")
    rows = []
    for y, r in w.iterrows():
        for code, name in execution.FUNCTIONAL_GROUPS.items():
            if code in r and pd.notna(r[code]):
                rows.append({"year": int(y), "code": code, "group": name,
                             "amount": float(r[code]), "share": float(r[code] / r["EXP"]),
                             "unit": execution.UNIT})
    return pd.DataFrame(rows)


def transfer_law_figures() -> pd.DataFrame:
    """The 2026–2028 transfer-law and bill figures, each labelled law, draft or bill.

    Returns
    -------
    pandas.DataFrame
        ``region, region_code`` (None for "all donors"), ``budget_year, item, value``
        (thousand KZT), ``status`` (``law``, ``draft law`` or ``bill (press report)``),
        ``document, source_date, source_url``.
    """
    raw = data.load("official_acts_figures")
    sub = raw[~raw["region"].str.contains("(oblast-level budget)", regex=False)].copy()

    def status(doc: str, note: str) -> str:
        if "DRAFT" in doc or "draft figure" in str(note):
            return "draft law"
        if "bill" in doc.lower():
            return "bill (press report)"
        return "law"

    def code(name: str) -> str | None:
        if name.startswith("all "):
            return None
        return regions.resolve(name.replace(" oblast", "").replace(" city", "").strip())

    out = pd.DataFrame({
        "region": sub["region"],
        "region_code": [code(r) for r in sub["region"]],
        "budget_year": sub["budget_year"].astype(int),
        "item": sub["item"],
        "value": sub["value_thousand_kzt"].astype(float),
        "unit": "thousand KZT",
        "status": [status(d, n) for d, n in zip(sub["document"], sub["note"], strict=True)],
        "document": sub["document"],
        "source_date": sub["source_date"].dt.strftime("%Y-%m-%d"),
        "source_url": sub["source_url"],
    })
    return out.reset_index(drop=True)


def sweep_regions() -> list[str]:
    """Codes of the regions notebook 01 sweeps: Turkestan first, then every printed code."""
    codes = sorted(set(execution.execution()["region"]) - {"national"})
    return sorted(codes, key=lambda c: (c != PAPER_REGION, regions.get(c).name_en))


#: Figure 10's groups (as transcribed) and the bulletin's functional groups they name.
FIGURE10_GROUPS: dict[str, tuple[str, ...]] = {
    "social_sphere": ("EXP.04", "EXP.05", "EXP.06", "EXP.08"),
    "housing_and_communal_services": ("EXP.07",),
    "agriculture_and_environment": ("EXP.10",),
    "public_order_and_security": ("EXP.03",),
    "transport_and_communications": ("EXP.12",),
    "industry_and_construction": ("EXP.11",),
    "general_public_services": ("EXP.01",),
}


#: Figure 11's categories and the bulletin's functional groups they name.
FIGURE11_GROUPS: dict[str, tuple[str, ...]] = {
    "education": ("EXP.04",),
    "social_assistance": ("EXP.06",),
    "culture_sports_tourism": ("EXP.08",),
    "healthcare": ("EXP.05",),
}


#: The declared rule for setting the study's Turkestan figures beside the record.
COMPARISON_RULE = (
    "Levels side by side in the official unit (million KZT); the study's figures are read in "
    "the unit its Table 5 caption and its text give (million tenge) and never rescaled to fit. "
    "Scopes differ or are unknown (Table 5: not stated; the record: consolidated local budget "
    "of the region), so each side is labelled. Shares (of revenue, of expenditure), structure "
    "(ranks of groups) and the direction of change are judged on their own, each side over "
    "its own total."
)


def turkestan_record(year: int, measure: str) -> float:
    """One full-year figure of Turkestan's execution (million KZT).

    ``measure`` is a layout field of :func:`turkestan_annual` (``income``, ``transfers``,
    ``expenses`` …), a bulletin code ``EXP.01``–``EXP.15``, or a group of
    :data:`FIGURE10_GROUPS` / :data:`FIGURE11_GROUPS` (the sum of its codes).

    Raises
    ------
    ParameterError
        Unknown measure, or a year without a full year of data.
    """
    t = turkestan_annual().frame.set_index("year")
    if measure in t.columns and measure not in ("region", "source", "document", "scope"):
        if int(year) not in t.index:
            raise ParameterError(
                f"turkestan_record: no full year {year}; years {sorted(t.index.tolist())}")
        return float(t.loc[int(year), measure])
    codes = FIGURE10_GROUPS.get(measure) or FIGURE11_GROUPS.get(measure) or (
        (measure,) if measure in execution.FUNCTIONAL_GROUPS else None)
    if codes is None:
        raise ParameterError(f"turkestan_record: unknown measure {measure!r}")
    f = turkestan_functional()
    f = f[(f["year"] == int(year)) & f["code"].isin(codes)]
    if len(f) != len(codes):
        raise ParameterError(f"turkestan_record: {measure!r} not complete in {year}")
    return float(f["amount"].sum())


def turkestan_comparison() -> pd.DataFrame:
    """The study's Turkestan figures beside the official execution, under :data:`COMPARISON_RULE`.

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``figure, measure, year, paper`` (as printed, million tenge),
        ``paper_scope`` (not stated), ``official`` (million KZT), ``official_scope``,
        ``official / paper``, and the shares each side gives its own total:
        ``paper_share, official_share`` (of revenue for revenue items, of expenditure
        for expenditure groups).
    """
    t5 = table5().frame.iloc[0]
    f9 = data.load("paper_figure9_turkestan_dynamics")
    f10 = data.load("paper_figure10_expenditure_structure")
    f11 = data.load("paper_figure11_social_spending")
    rows: list[dict[str, Any]] = []

    def add(fig: str, measure: str, year: int, paper: float, paper_total: float | None,
            official_total: str | None) -> None:
        off = turkestan_record(year, measure)
        tot = turkestan_record(year, official_total) if official_total else math.nan
        rows.append({"figure": fig, "measure": measure, "year": year, "paper": paper,
                     "paper_scope": _NOT_STATED, "official": off,
                     "official_scope": execution.SCOPE, "official / paper": off / paper if paper else math.nan,
                     "paper_share": paper / paper_total if paper_total else math.nan,
                     "official_share": off / tot if official_total else math.nan,
                     "unit": execution.UNIT})

    inc = float(t5["income"])
    for field_ in ("income", "tax_receipts", "non_tax_receipts", "sale_of_fixed_capital",
                   "transfers", "expenses", "net_budget_lending", "financial_assets_balance"):
        share_of = "income" if field_ in ("income", "tax_receipts", "non_tax_receipts",
                                          "sale_of_fixed_capital", "transfers") else None
        add("Table 5", field_, PAPER_YEAR, float(t5[field_]),
            inc if share_of else None, share_of)
    for r in f9.itertuples(index=False):
        add("Figure 9", "income" if r.measure == "revenue" else "expenses", int(r.year),
            float(r.value), None, None)
    exp_text = float(f9.loc[(f9["measure"] == "expenses") & (f9["year"] == PAPER_YEAR),
                            "value"].iloc[0])
    for r in f10.itertuples(index=False):
        add("Figure 10", r.group, PAPER_YEAR, float(r.value), exp_text, "expenses")
    for r in f11.itertuples(index=False):
        add("Figure 11", r.category, PAPER_YEAR, float(r.value), exp_text, "expenses")
    return pd.DataFrame(rows)


def turkestan_directions() -> pd.DataFrame:
    """Direction of change 2022→2023→2024 of revenue, transfers and expenditure, each side.

    Returns
    -------
    pandas.DataFrame
        ``measure, from_year, to_year, paper_change, official_change`` (million KZT and
        million tenge, each on its own), ``paper_direction, official_direction``
        (``up``/``down``/``none``), ``same_direction``.
    """
    f9 = data.load("paper_figure9_turkestan_dynamics")
    paper = {(("income" if m == "revenue" else "expenses"), int(y)): float(v)
             for m, y, v in zip(f9["measure"], f9["year"], f9["value"], strict=True)}
    rows = []

    def sign(x: float) -> str:
        return "none" if not np.isfinite(x) else ("up" if x > 0 else "down" if x < 0 else "flat")

    for measure in ("income", "transfers", "expenses"):
        for a, b in ((2022, 2023), (2023, 2024)):
            p = paper.get((measure, b), math.nan) - paper.get((measure, a), math.nan)
            o = turkestan_record(b, measure) - turkestan_record(a, measure)
            rows.append({"measure": measure, "from_year": a, "to_year": b, "paper_change": p,
                         "official_change": o, "paper_direction": sign(p),
                         "official_direction": sign(o),
                         "same_direction": bool(np.isfinite(p) and sign(p) == sign(o))})
    return pd.DataFrame(rows)


# =========================================================================== audit checks: Table 5, Figures 9–13
not_reproducible(
    "B15",
    data="the plan and execution of Turkestan's 2024 tax revenues as of 1 April 2024",
)
not_reproducible(
    "B36",
    data="plan and execution of 2024 social spending (Figure 13 prints no numbers)",
)


def _printed(*labels: str) -> list[str]:
    """Table 5's lines as printed (the raw transcription's ``printed``), by label."""
    raw = data.load("paper_table5_turkestan_budget").set_index("label")
    return [str(raw.loc[label, "printed"]) for label in labels]


def _identity(name: str):
    t = budget.check_identities(table5())
    return t.set_index("identity").loc[name]


def _reconciliation(prefix: str):
    t = turkestan_reconciliation()
    return t[t["item"].str.startswith(prefix)].iloc[0]


@audit.register("B01", rule="predicate")
def _table5_unit(c: Claim) -> Check:
    """The lead-in says 'thousand tenge'; Table 5's caption and the text say million."""
    t5 = data.load("paper_table5_turkestan_budget")
    caption = set(t5["unit"])
    lead_in = set(t5["unit_in_lead_in"])
    ok = caption == lead_in
    (income,) = _printed("Income")
    if ok:
        note = (f"Table 5's caption and the sentence introducing it both give {sorted(caption)}")
    else:
        factor = units.convert(1.0, units.normalize(next(iter(caption))),
                               units.normalize(next(iter(lead_in))))
        note = (
            f"Table 5's caption gives {sorted(caption)}, the sentence introducing it "
            f"{sorted(lead_in)}; the text under the table restates the same figures in "
            f"{next(iter(caption))} (e.g. 'total revenue of {income} {next(iter(caption))}'), so "
            f"the lead-in's unit is wrong by a factor of {factor:,.0f}"
        )
    return Check("reproduced" if ok else "discrepancy", None, note)


@audit.register("B02", rule="identity")
def _income_identity(c: Claim) -> Check:
    """Table 5: income = tax + non-tax + sale of fixed capital + transfers."""
    row = _identity("income")
    parts = _printed("Tax receipts", "Non-tax receipts", "Proceeds from the sale of fixed assets",
                     "Proceeds from transfers")
    return compare(c, float(row["recomputed"]), how=" + ".join(parts))


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
    field = _TABLE5_FIELD[c.id]
    value = float(table5().frame[field].iloc[0])
    return compare(c, value, how=f"Table 5 '{field}'")


def _expenses_2024(c: Claim) -> Check:
    """2024 expenses: Table 5's against the one printed in the text under Figure 9."""
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


@audit.register("B08", rule="identity")
def _net_lending(c: Claim) -> Check:
    """Table 5: net budget lending = budget loans − repayments."""
    row = _identity("net_budget_lending")
    return compare(c, float(row["recomputed"]),
                   how=" − ".join(_printed("Budget loans", "Repayment of budget loans")))


@audit.register("B09", rule="identity")
def _financial_assets(c: Claim) -> Check:
    """Table 5: balance of operations with financial assets = acquisition − sale."""
    t = table5().frame.iloc[0]
    acq = float(t["financial_assets_acquisition"])
    row = _identity("financial_assets_balance")
    (printed,) = _printed("Acquisition of financial assets")
    out = compare(c, acq, how=f"acquisition {printed} − sale (no line printed, taken as 0)")
    return Check(
        out.verdict,
        out.recomputed,
        out.note + f"; the Budget Code identity itself is {row['status']} without the sale line",
    )


def _balance_terms() -> tuple[dict[str, float], float, float]:
    """Table 5's terms of the Budget Code balance, the balance they give, and the printed one."""
    t = table5().frame.iloc[0]
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


@audit.register("B10", rule="identity")
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


@audit.register("B11", rule="identity")
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
    t = figure9_comparison()
    return 100 * float(t[(t["measure"] == "revenue") & (t["year"] == 2024)]["yoy"].iloc[0])


@audit.register("B17", rule="printed_precision")
def _revenue_change(c: Claim) -> Check:
    """Revenue 2023 → 2024 changed by −11.2%: the record's change, at the printed precision."""
    a, b = turkestan_record(2023, "income"), turkestan_record(2024, "income")
    out = compare(c, 100 * (b / a - 1), how=(
        f"Ministry of Finance execution, Turkestan revenue {a:,.1f} (2023) -> {b:,.1f} (2024) "
        "million KZT, change in %"))
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper, its own printed revenues give {_revenue_change_printed():+.1f}%"))


@audit.register("B22", rule="predicate")
def _expense_cut(c: Claim) -> Check:
    """'a decrease of more than 30,000 million tenge between 2023 and 2024' (expenditure).

    Rule: a predicate on the record: expenditure 2023 − expenditure 2024 > 30,000.
    """
    a, b = turkestan_record(2023, "expenses"), turkestan_record(2024, "expenses")
    cut = a - b
    ok = cut > float(c.reported_value or 0)
    t = figure9_comparison()
    printed = -float(t[(t["measure"] == "expenses") & (t["year"] == 2024)]["abs_change"].iloc[0])
    note = (f"Ministry of Finance execution, Turkestan expenditure {a:,.1f} (2023) -> {b:,.1f} "
            f"(2024) million KZT: a decrease of {cut:,.1f} (negative: an increase); within the "
            f"paper, its own printed figures give a decrease of {printed:,.1f}")
    return Check("reproduced" if ok else "discrepancy", cut, note)


@audit.register("B23", rule="printed_precision")
def _social_total(c: Claim) -> Check:
    """Figure 10's social sphere (41 364.5) against the record's social sphere, 2024."""
    off = turkestan_record(2024, "social_sphere")
    codes = " + ".join(FIGURE10_GROUPS["social_sphere"])
    out = compare(c, off, how=f"Ministry of Finance execution, Turkestan 2024, {codes}, million KZT")
    row = _reconciliation("social sphere")
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper, Figure 11's categories sum to {float(row['recomputed']):,.1f}"))


@audit.register("B30", rule="printed_precision")
def _third_place(c: Claim) -> Check:
    """Figure 10: agriculture and environment ranks third among the seven groups.

    Rule: the rank of EXP.10 among the seven groups Figure 10 names, on the record (2024).
    """
    amounts = {g: turkestan_record(2024, g) for g in FIGURE10_GROUPS}
    ranked = sorted(amounts, key=amounts.__getitem__, reverse=True)
    rank = ranked.index("agriculture_and_environment") + 1
    s = figure10_structure()
    groups = s[(s["basis"] == "sum of groups") & (s["kind"] == "group")]
    printed = groups.sort_values("amount", ascending=False)["group"].tolist()
    out = compare(c, float(rank), how=(
        "rank of agriculture and environment (EXP.10) among Figure 10's seven groups in the "
        "Ministry of Finance execution, Turkestan 2024"))
    return Check(out.verdict, out.recomputed, out.note + (
        f"; within the paper it ranks {printed.index('agriculture_and_environment') + 1}"))


@audit.register("C08", rule="predicate")
def _turkestan_transfer_share(c: Claim) -> Check:
    """Turkestan: transfers more than 70% of revenue, on the record (2024)."""
    share = 100 * turkestan_record(2024, "transfers") / turkestan_record(
        2024, "income")
    t5 = 100 * float(budget.indicator_table(table5())["transfer_dependency"].iloc[0])
    ok = share > float(c.reported_value or 0)
    note = (f"Ministry of Finance execution, Turkestan 2024: transfers are {share:.1f}% of "
            f"revenue; Table 5 gives {t5:.1f}%")
    return Check("reproduced" if ok else "discrepancy", share, note)


# =========================================================================== Turkestan: the record
_RECORD = {  # claim -> (year, measure of turkestan_record)
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


@audit.register(*_RECORD, rule="printed_precision")
def _turkestan_record(c: Claim) -> Check:
    """A Turkestan amount of the study against the Ministry of Finance execution.

    Rule: numeric comparison at the printed precision, in the official unit (million KZT;
    the study's figures are in million tenge, as printed), scope labelled on each side.
    """
    year, measure = _RECORD[c.id]
    off = turkestan_record(year, measure)
    codes = (FIGURE10_GROUPS.get(measure) or FIGURE11_GROUPS.get(measure)
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


@audit.register("B18", rule="predicate")
def _transfers_decrease(c: Claim) -> Check:
    """B18, 'this decrease is primarily due to a decrease in transfers' (2023 → 2024).

    Rule: a predicate on the record: Turkestan's transfers in 2024 are below 2023.
    Recomputed: the change in transfers, million KZT.
    """
    a, b = turkestan_record(2023, "transfers"), turkestan_record(2024, "transfers")
    ra, rb = turkestan_record(2023, "income"), turkestan_record(2024, "income")
    ok = b < a
    note = (f"Ministry of Finance execution: transfers {a:,.1f} (2023) -> {b:,.1f} (2024) million "
            f"KZT, a change of {b - a:+,.1f}; revenue {ra:,.1f} -> {rb:,.1f} ({100 * (rb / ra - 1):+.1f}%)")
    return Check("reproduced" if ok else "discrepancy", b - a, note)


@audit.register("B35", rule="predicate")
def _social_peak(c: Claim) -> Check:
    """Figure 12: social spending at its maximum in 2022–2023, reduced in 2024.

    Rule: a predicate on the record: the social sphere of Figure 10 (EXP.04 + 05 + 06 + 08)
    peaks in 2022 or 2023 among 2021–2024 and is lower in 2024 than in 2023. Recomputed:
    the change 2023 → 2024, million KZT.
    """
    s = {y: turkestan_record(y, "social_sphere") for y in (2021, 2022, 2023, 2024)}
    peak = max(s, key=s.__getitem__)
    ok = peak in (2022, 2023) and s[2024] < s[2023]
    note = ("Ministry of Finance execution, social sphere (education, health, social assistance, "
            "culture): " + ", ".join(f"{y} {v:,.1f}" for y, v in s.items())
            + f" million KZT; the maximum is in {peak}")
    return Check("reproduced" if ok else "discrepancy", s[2024] - s[2023], note)
