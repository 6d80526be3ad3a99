"""Execution of local budgets by region: the Ministry of Finance panel and its checks.

The Ministry of Finance's monthly Statistical Bulletin prints the execution of local
budgets for every region (``data/raw/kz_budgets/minfin_local_budget_execution_december.csv``:
the December, i.e. full-year, rows 2013–2024, million KZT) and every month of Turkestan
region's budget with all items (``minfin_turkestan_local_budget_monthly.csv``).

Scope
-----
Every amount here is the *consolidated local budget of a region*
(``"consolidated local budget of a region"``: oblast, district and rural levels,
intra-regional transfers netted). A maslikhat decision is the *oblast-level* budget and the study's Table 5
states no scope; :func:`kzgov.budget.compare_scopes` is the only way to set them side by
side, and no series joins two scopes (:class:`~kzgov.errors.ScopeError`). The study's
Turkestan figures are set beside the record in :mod:`kzgov.study.turkestan_budget`.

The panel
---------
:func:`build_panel` gives one row per ``scheme``, territory and year:

``current``
    the region codes as the source prints them (the 20 current regions and South
    Kazakhstan, ``YKO``, 2013–2018). A value covers the territory the code had *in that
    year*: East Kazakhstan, Almaty region and Karaganda cover today's Abai, Zhetysu and
    Ulytau up to 2021 and change territory within 2022 (June), so their 2022 values have
    no per-capita or GRP ratio.
``consistent``
    the 16 border-consistent territories of :mod:`kzgov.panel` (``TRK+SHM`` = South
    Kazakhstan's territory, ``VKO+ABY``, ``ALM+ZHT``, ``KRG+ULT``), a value only where
    the printed codes cover the territory exactly for the whole year.

**The 2018 rule.** South Kazakhstan was split in June 2018; the bulletin prints YKO for
2018 (the whole territory, less Shymkent from September) and Shymkent for September–
December 2018 only, and YKO 2018 + SHM 2018 add up to the national row. So in the
``consistent`` scheme ``TRK+SHM`` 2018 = YKO 2018 + SHM 2018 (a full year of the whole
territory); in the ``current`` scheme both rows are kept, labelled by ``period``
(``Sep-Dec`` for Shymkent 2018), and neither gets a per-capita value. Turkestan's own
sheet starts in 2019 (2018: subventions only, for September–December).

**Gaps stay gaps.** A missing item is NaN with its reason in ``gap_reason``. A region's
missing *subventions* row is 0 (the bulletin's subventions add up exactly to the national
row in every year, so no row means none received); a missing *withdrawals* row stays NaN
(a donor's row is missing in 2015–2022).

The study's regression
----------------------
:func:`fit_models` estimates the study's model (development on transfers and local
revenue, Table 6 and the text after it) on this panel: region and year fixed effects with
errors clustered by region and a wild cluster bootstrap (``wildboottest``), the 2024
cross-section, and every single-year cross-section. :func:`models_json` lays them out
for ``data/processed/regional_budget_models.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import budget, data, regions
from kzgov.errors import DataError, ParameterError

__all__ = [
    # the execution series of every region
    "FUNCTIONAL_GROUPS",
    "SCOPE",
    "UNIT",
    "execution",
    "execution_table",
    "plot_region",
    "read_execution",
    "region_report",
    # the panel and the study's regression (notebook 03; moving to
    # kzgov.study.regional_correlation)
    "ITEMS",
    "KNOWN_GAPS",
    "PANEL_ITEMS",
    "REGRESSORS",
    "ModelResult",
    "build_panel",
    "coverage_table",
    "fit_models",
    "model_frame",
    "models_json",
    "models_table",
    "national_check",
    "table6_real",
    "transfer_share_claims",
    "transfer_shares",
]

#: The bulletin's item codes and the panel's names for them.
ITEMS: dict[str, str] = {
    "REV": "revenue",
    "REV.TAX": "tax_revenue",
    "REV.TRANSFERS": "transfers",
    "SUBVENTIONS": "subventions",
    "WITHDRAWALS": "withdrawals",
    "EXP": "expenditure",
}
#: Amount columns of the panel (million KZT): the six items and own revenue.
PANEL_ITEMS: tuple[str, ...] = (*ITEMS.values(), "own_revenue")
#: Unit of the bulletin's amounts.
UNIT = "million KZT"
#: Scope of every amount of this module.
SCOPE = budget._SCOPE_CONSOLIDATED

_RESOURCE = "minfin_execution_december"
_SPLIT_YEAR = 2018
_NEW_REGIONS_YEAR = 2022

#: Gaps of the source that ``SOURCES.md`` documents: (item, years, reason).
KNOWN_GAPS: tuple[tuple[tuple[str, ...], tuple[int, ...], str], ...] = (
    (("revenue", "tax_revenue", "transfers", "expenditure"), (2013,),
     "the national row is missing for 2013 (except subventions and withdrawals)"),
    (("expenditure",), (2015,), "the regions' expenditure falls short of the national row in "
     "2015, in the source"),
    (("revenue", "tax_revenue", "transfers", "expenditure"), (2022, 2023),
     "the bulletin printed no sheets for Abai, Zhetysu and Ulytau in 2022-2023"),
    (("withdrawals",), tuple(range(2015, 2023)),
     "a donor's withdrawals row is missing in the source in 2015-2022"),
)

#: The bulletin's functional groups (EXP.01–EXP.15), English names.
FUNCTIONAL_GROUPS: dict[str, str] = {
    "EXP.01": "general public services",
    "EXP.02": "defence",
    "EXP.03": "public order and security",
    "EXP.04": "education",
    "EXP.05": "health",
    "EXP.06": "social assistance",
    "EXP.07": "housing and communal services",
    "EXP.08": "culture, sport, tourism and information",
    "EXP.09": "fuel and energy",
    "EXP.10": "agriculture, water, forestry, environment",
    "EXP.11": "industry, architecture and construction",
    "EXP.12": "transport and communications",
    "EXP.13": "other",
    "EXP.14": "debt service",
    "EXP.15": "transfers",
}

Scheme = Literal["current", "consistent"]


# --------------------------------------------------------------------------- reading
def execution() -> pd.DataFrame:
    """The bulletin's full-year rows, long: ``region, year, item, value`` (million KZT).

    ``region`` is the code as printed (``national`` for all local budgets); ``item`` the
    panel name of :data:`ITEMS`. Only December rows are in the file (year to date, so
    the full year).

    Raises
    ------
    DataError
        A row not dated in December (not a full year).
    """
    raw = data.load(_RESOURCE)
    not_dec = raw["date"].dt.month != 12
    if not_dec.any():
        i = int(np.flatnonzero(not_dec.to_numpy())[0])
        raise DataError(
            f"{raw['date'].iloc[i]:%Y-%m-%d} is not a full year (December, year to date)",
            path=data.resource_path(_RESOURCE), column="date", row=i + 1,
        )
    return pd.DataFrame({
        "region": raw["region"].astype(str).to_numpy(),
        "year": raw["date"].dt.year.astype(int).to_numpy(),
        "item": raw["item_code"].map(ITEMS).to_numpy(),
        "value": raw["value"].astype(float).to_numpy(),
    }).sort_values(["region", "year", "item"]).reset_index(drop=True)


def _period(region: str, year: int) -> str:
    if region == "SHM" and year == _SPLIT_YEAR:
        return "Sep-Dec"
    if region == "TRK" and year == _SPLIT_YEAR:
        return "Sep-Dec"
    return "Jan-Dec"


def _covers(region: str, year: int) -> str | None:
    """The territory (consistent-scheme name) a printed code covers in a year; None if partial."""
    if region == "YKO":
        return "TRK+SHM" if year < _SPLIT_YEAR else None
    if region in ("TRK", "SHM") and year == _SPLIT_YEAR:
        return None
    for ch in regions.BOUNDARY_CHANGES:
        if ch.parent == region and not ch.parent_abolished:
            if year < ch.year:
                return "+".join((ch.parent, *ch.new))
            if year == ch.year:
                return None
    return region


def _border(region: str, year: int) -> str:
    if region == "YKO" and year == _SPLIT_YEAR:
        return ("South Kazakhstan's territory, less Shymkent in September-December 2018 "
                "(the 2018 rule)")
    if region == "SHM" and year == _SPLIT_YEAR:
        return "Shymkent, September-December 2018 only (the 2018 rule)"
    if region == "TRK" and year == _SPLIT_YEAR:
        return "Turkestan region, September-December 2018 (subventions only)"
    cov = _covers(region, year)
    if cov is None:
        return f"{regions.get(region).name_en}: territory changed within {year}"
    if cov == region:
        return regions.get(region).name_en
    return f"{regions.get(region).name_en} on borders covering today's {cov.replace('+', ' + ')}"


def execution_table(*, region: str | None = None) -> budget.BudgetTable:
    """The bulletin's full years as a :class:`~kzgov.budget.BudgetTable` (million KZT).

    Layout fields ``income`` (REV), ``tax_receipts``, ``transfers`` and ``expenses``;
    ``subventions``, ``withdrawals``, ``period`` and ``border`` ride along. Scope:
    consolidated local budget of a region. ``document`` names the bulletin and the
    months covered.
    """
    long = execution()
    long = long[long["region"] != "national"]
    if region is not None:
        long = long[long["region"] == regions.resolve(region)]
    wide = long.pivot_table(index=["region", "year"], columns="item", values="value",
                            aggfunc="first").reset_index()
    for item in ITEMS.values():
        if item not in wide:
            wide[item] = np.nan
    wide["period"] = [_period(r, y) for r, y in zip(wide["region"], wide["year"], strict=True)]
    wide["border"] = [_border(r, y) for r, y in zip(wide["region"], wide["year"], strict=True)]
    frame = pd.DataFrame({
        "region": wide["region"],
        "year": wide["year"].astype(int),
        "source": "official",
        "document": "MinFin bulletin, execution " + wide["period"] + " "
        + wide["year"].astype(str),
        "income": wide["revenue"],
        "tax_receipts": wide["tax_revenue"],
        "transfers": wide["transfers"],
        "expenses": wide["expenditure"],
        "subventions": wide["subventions"],
        "withdrawals": wide["withdrawals"],
        "period": wide["period"],
        "border": wide["border"],
    })
    return budget.BudgetTable(frame, unit=UNIT, scope=SCOPE)


# --------------------------------------------------------------------------- the panel
def _printed(long: pd.DataFrame) -> dict[tuple[str, int], dict[str, float]]:
    out: dict[tuple[str, int], dict[str, float]] = {}
    for r, y, i, v in long[["region", "year", "item", "value"]].itertuples(index=False):
        out.setdefault((r, int(y)), {})[i] = float(v)
    return out


def _item_value(rec: Mapping[str, float] | None, item: str) -> tuple[float, str]:
    """One item of one printed region-year, with the reason when it is missing."""
    if rec is None or not rec:
        return math.nan, "no sheet for this region in this year"
    if item in rec:
        return rec[item], ""
    if item == "subventions" and "revenue" in rec:
        return 0.0, ""  # subventions add up exactly to national: no row = none received
    if item == "withdrawals":
        return math.nan, "no row (no withdrawals, or a donor row the source lacks)"
    if item == "own_revenue":
        return math.nan, "needs revenue and transfers"
    return math.nan, f"no {item} row in the source"


def _consistent_members(territory: str, year: int) -> tuple[list[str], str]:
    """Printed codes that cover a consistent territory in a year, or the reason none do."""
    if territory == "TRK+SHM":
        if year < _SPLIT_YEAR:
            return ["YKO"], ""
        if year == _SPLIT_YEAR:
            return ["YKO", "SHM", "TRK"], ""
        return ["TRK", "SHM"], ""
    if "+" in territory:
        parent, child = territory.split("+")
        change = next(ch.year for ch in regions.BOUNDARY_CHANGES if ch.parent == parent)
        if year < change:
            return [parent], ""
        return [parent, child], ""
    return [territory], ""


def build_panel(
    *,
    kz_panel: pd.DataFrame | None = None,
    long: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The execution panel: one row per scheme, territory and year (see the module docstring).

    Parameters
    ----------
    kz_panel
        :func:`kzgov.panel.build_panel` (population and GRP by territory); built from
        ``data/raw/kz_stat`` when None.
    long
        :func:`execution` (built from the raw file when None); tests pass synthetic data.

    Returns
    -------
    pandas.DataFrame
        ``scheme, territory, year, members, period, border``; the amounts of
        :data:`PANEL_ITEMS` (million KZT; own revenue = revenue − transfers); the
        indicators ``transfer_dependency, own_revenue_share, tax_share, budget_security,
        vertical_fiscal_imbalance`` (fractions, :func:`kzgov.budget.indicator_definitions`;
        the balance needs net lending, which the bulletin's regional sheets do not give);
        ``population`` (persons) and ``grp_mln_kzt``; per-capita values
        ``<item>_pc`` (thousand KZT per person) and shares of GRP ``<item>_grp``
        (fractions) for revenue, tax revenue, transfers, own revenue and expenditure;
        ``gap_reason`` (``item: reason; …``) and ``ratio_note``.
    """
    from kzgov import panel as kzpanel

    long = execution() if long is None else long
    kz = kzpanel.build_panel() if kz_panel is None else kz_panel
    kz = kz.set_index(["territory", "year"])
    printed = _printed(long[long["region"] != "national"])
    years = sorted(set(int(y) for y in long["year"]))
    rows: list[dict[str, Any]] = []
    # current: the codes as printed, in the years they existed or printed anything
    for code in sorted({c for c in regions.codes() if c != "KZ"}):
        reg = regions.get(code)
        for y in years:
            exists = (reg.created is None or y >= reg.created) and (
                reg.abolished is None or y < reg.abolished)
            if not exists and (code, y) not in printed:
                continue
            rec = printed.get((code, y))
            row: dict[str, Any] = {"scheme": "current", "territory": code, "year": y,
                                   "members": code, "period": _period(code, y),
                                   "border": _border(code, y)}
            reasons = []
            for item in ITEMS.values():
                v, why = _item_value(rec, item)
                if code == "YKO" and y == _SPLIT_YEAR and item == "subventions" and rec \
                        and item not in rec:
                    v, why = math.nan, "printed under Turkestan region (TRK 2018, Sep-Dec)"
                row[item] = v
                if why:
                    reasons.append(f"{item}: {why}")
            row["gap_reason"] = "; ".join(reasons)
            cov = _covers(code, y)
            row["_ratio_territory"] = cov
            row["ratio_note"] = "" if cov is not None else (
                "no per-capita or GRP ratio: the value covers part of a year or a territory "
                "that changed within the year")
            if cov is not None and cov != code:
                row["ratio_note"] = f"ratios on the territory the value covers ({cov})"
            rows.append(row)
    # consistent: the 16 territories on fixed borders
    for terr in kzpanel.territories("consistent"):
        for y in years:
            members, _ = _consistent_members(terr, y)
            row = {"scheme": "consistent", "territory": terr, "year": y,
                   "members": ";".join(members), "period": "Jan-Dec",
                   "border": ("South Kazakhstan's territory; 2018 = YKO 2018 + SHM Sep-Dec 2018 "
                              "(the 2018 rule)") if terr == "TRK+SHM" else
                   kzpanel._border_text(terr)}
            reasons = []
            for item in ITEMS.values():
                vals, whys = [], []
                for m in members:
                    rec = printed.get((m, y))
                    if terr == "TRK+SHM" and y == _SPLIT_YEAR and m == "TRK" and item != "subventions":
                        continue  # Turkestan's 2018 sheet prints subventions only
                    v, why = _item_value(rec, item)
                    vals.append(v)
                    if why:
                        whys.append(f"{m} {why}")
                if whys or not vals:
                    row[item] = math.nan
                    reasons.append(f"{item}: " + ", ".join(whys))
                else:
                    row[item] = float(sum(vals))
            row["gap_reason"] = "; ".join(reasons)
            row["_ratio_territory"] = terr
            row["ratio_note"] = ""
            rows.append(row)
    df = pd.DataFrame(rows)
    df["own_revenue"] = df["revenue"] - df["transfers"]
    own = df["own_revenue"]
    df["transfer_dependency"] = df["transfers"] / df["revenue"]
    df["own_revenue_share"] = own / df["revenue"]
    df["tax_share"] = df["tax_revenue"] / df["revenue"]
    df["budget_security"] = own / df["expenditure"]
    df["vertical_fiscal_imbalance"] = 1.0 - df["budget_security"]
    pops, grps = [], []
    for terr, y in zip(df["_ratio_territory"], df["year"], strict=True):
        if terr is None or (terr, y) not in kz.index:
            pops.append(math.nan)
            grps.append(math.nan)
            continue
        pops.append(float(kz.loc[(terr, y), "population"]))
        grps.append(float(kz.loc[(terr, y), "grp_mln_kzt"]))
    df["population"] = pops
    df["grp_mln_kzt"] = grps
    for item in ("revenue", "tax_revenue", "transfers", "own_revenue", "expenditure"):
        df[f"{item}_pc"] = df[item] * 1000.0 / df["population"]
        df[f"{item}_grp"] = df[item] / df["grp_mln_kzt"]
    df = df.drop(columns=["_ratio_territory"])
    lead = ["scheme", "territory", "year", "members", "period", "border", *PANEL_ITEMS,
            "transfer_dependency", "own_revenue_share", "tax_share", "budget_security",
            "vertical_fiscal_imbalance", "population", "grp_mln_kzt"]
    ratios = [c for c in df.columns if c.endswith("_pc") or c.endswith("_grp")]
    df = df[lead + ratios + ["gap_reason", "ratio_note"]]
    order = {"current": 0, "consistent": 1}
    df = df.assign(_s=df["scheme"].map(order)).sort_values(["_s", "territory", "year"])
    return df.drop(columns="_s").reset_index(drop=True)


def coverage_table(panel: pd.DataFrame) -> pd.DataFrame:
    """Territories × years per scheme and item: cells with a value and cells in the grid.

    Returns
    -------
    pandas.DataFrame
        ``scheme, item, territories, years, first_year, last_year, cells, of_cells``.
    """
    rows = []
    for scheme, g in panel.groupby("scheme", sort=False):
        for item in (*PANEL_ITEMS, "transfers_pc", "own_revenue_pc"):
            ok = g[g[item].notna()]
            rows.append({
                "scheme": scheme, "item": item,
                "territories": int(ok["territory"].nunique()),
                "years": int(ok["year"].nunique()),
                "first_year": int(ok["year"].min()) if len(ok) else None,
                "last_year": int(ok["year"].max()) if len(ok) else None,
                "cells": int(len(ok)), "of_cells": int(len(g)),
            })
    return pd.DataFrame(rows).astype({"first_year": "Int64", "last_year": "Int64"})


# --------------------------------------------------------------------------- source checks
def _known_gap(item: str, year: int) -> str:
    for items, years, reason in KNOWN_GAPS:
        if item in items and year in years:
            return reason
    return ""


def national_check(*, long: pd.DataFrame | None = None, atol: float = 0.5) -> pd.DataFrame:
    """For each item and year: the printed regions summed against the national row.

    Every code printed in a year is summed (in 2018: YKO, SHM and Turkestan's
    subventions, the 2018 rule). ``status`` is ``ok`` when ``|regions − national| ≤
    atol`` (million KZT; the file's values carry many decimals, so 0.5 is rounding),
    ``known gap`` where ``SOURCES.md`` documents the gap (with its reason, and its size
    where both sides exist), ``no national row`` likewise documented for 2013, and
    ``mismatch`` otherwise, with its size.

    Returns
    -------
    pandas.DataFrame
        ``item, year, regions_sum, n_regions, national, difference, status, reason``.
    """
    long = execution() if long is None else long
    nat = long[long["region"] == "national"].set_index(["item", "year"])["value"]
    reg = long[long["region"] != "national"]
    rows = []
    for (item, year), g in reg.groupby(["item", "year"], sort=True):
        s = float(g["value"].sum())
        n = nat.get((item, year), math.nan)
        diff = s - n if not math.isnan(n) else math.nan
        gap = _known_gap(str(item), int(year))
        if not math.isnan(diff) and abs(diff) <= atol:
            status, reason = "ok", ""
        elif gap:
            status, reason = "known gap", gap
        elif math.isnan(n):
            status, reason = "mismatch", "no national row, and no documented gap"
        else:
            status, reason = "mismatch", f"regions differ from national by {diff:,.1f} {UNIT}"
        rows.append({"item": item, "year": int(year), "regions_sum": s,
                     "n_regions": int(len(g)), "national": n,
                     "difference": (round(diff, 6) + 0.0) if not math.isnan(diff) else math.nan,
                     "status": status, "reason": reason})
    order = {v: i for i, v in enumerate(ITEMS.values())}
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["item"].map(order)).sort_values(["_o", "year"])
    return out.drop(columns="_o").reset_index(drop=True)


# --------------------------------------------------------------------------- transfer shares
def transfer_shares(panel: pd.DataFrame, *, years: Sequence[int] = (2022, 2023, 2024),
                    long: pd.DataFrame | None = None) -> pd.DataFrame:
    """Transfers over revenue in every region-year of the ``current`` scheme, and nationally.

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year, n_regions, min, p25, median, p75, max`` (across regions),
        ``unweighted_mean`` (mean of the regions' shares), ``n_above_70``, ``n_in_70_80``,
        ``national_share`` (the national row's transfers / revenue; where the national
        row is missing, NaN), ``regions_pooled_share`` (Σ transfers / Σ revenue over the
        printed regions), ``regions`` (``code share``, ascending). Shares are fractions.
    """
    long = execution() if long is None else long
    nat = long[long["region"] == "national"].pivot_table(index="year", columns="item",
                                                         values="value")
    sub = panel[(panel["scheme"] == "current") & panel["transfer_dependency"].notna()]
    rows = []
    for y in years:
        g = sub[sub["year"] == int(y)].sort_values("transfer_dependency")
        s = g["transfer_dependency"]
        ns = (float(nat.loc[y, "transfers"] / nat.loc[y, "revenue"])
              if y in nat.index and {"transfers", "revenue"} <= set(nat.columns) else math.nan)
        rows.append({
            "year": int(y), "n_regions": int(s.size),
            "min": float(s.min()), "p25": float(s.quantile(0.25)),
            "median": float(s.median()), "p75": float(s.quantile(0.75)),
            "max": float(s.max()), "unweighted_mean": float(s.mean()),
            "n_above_70": int((s > 0.70).sum()),
            "n_in_70_80": int(((s >= 0.70) & (s <= 0.80)).sum()),
            "national_share": ns,
            "regions_pooled_share": float(g["transfers"].sum() / g["revenue"].sum()),
            "regions": ", ".join(f"{t} {v:.3f}" for t, v in zip(g["territory"], s, strict=True)),
        })
    return pd.DataFrame(rows)


def transfer_share_claims(shares: pd.DataFrame) -> pd.DataFrame:
    """The study's two transfer-share claims judged on :func:`transfer_shares`.

    Rules (declared here, applied to every year): "more than 70%" (R06) holds in a year
    when the national share *and* the unweighted regional mean exceed 0.70; "on average
    70–80%" (R11) holds when the unweighted regional mean lies in [0.70, 0.80].

    Returns
    -------
    pandas.DataFrame
        ``year, claim, rule, value, holds``, plus the share of regions that satisfy the
        claim on their own (``regions_satisfying``).
    """
    rows = []
    for r in shares.itertuples(index=False):
        rows.append({"year": r.year, "claim": "more than 70%",
                     "rule": "national share > 0.70 and unweighted regional mean > 0.70",
                     "value": min(r.national_share, r.unweighted_mean),
                     "holds": bool(r.national_share > 0.70 and r.unweighted_mean > 0.70),
                     "regions_satisfying": f"{r.n_above_70} of {r.n_regions}"})
        rows.append({"year": r.year, "claim": "on average 70-80%",
                     "rule": "0.70 <= unweighted regional mean <= 0.80",
                     "value": r.unweighted_mean,
                     "holds": bool(0.70 <= r.unweighted_mean <= 0.80),
                     "regions_satisfying": f"{r.n_in_70_80} of {r.n_regions}"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Turkestan






# --------------------------------------------------------------------------- acts


# --------------------------------------------------------------------------- the regression
def model_frame(panel: pd.DataFrame, index: pd.DataFrame, *, scheme: Scheme) -> pd.DataFrame:
    """Rows of one scheme with the development index and the logged per-capita regressors.

    ``log_transfers_pc`` and ``log_own_revenue_pc`` are natural logs of nominal thousand
    KZT per person; rows with a missing or non-positive value are dropped by the fits.
    ``index`` is :attr:`kzgov.panel.DevelopmentIndex.values` of the same scheme.
    """
    sub = panel[panel["scheme"] == scheme].copy()
    iv = index[["territory", "year", "index_mean_z", "components"]]
    sub = sub.merge(iv, on=["territory", "year"], how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        sub["log_transfers_pc"] = np.log(sub["transfers_pc"].where(sub["transfers_pc"] > 0))
        sub["log_own_revenue_pc"] = np.log(sub["own_revenue_pc"].where(sub["own_revenue_pc"] > 0))
    keep = ["territory", "year", "index_mean_z", "components", "transfers_pc", "own_revenue_pc",
            "log_transfers_pc", "log_own_revenue_pc", "transfers", "revenue", "own_revenue"]
    return sub[keep].reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class ModelResult:
    """One fitted model: what was fitted, its sample and its terms.

    ``terms`` has one row per regressor: ``term, coef, se, ci_low, ci_high, p`` and
    ``p_cluster_t`` (the analytic cluster-robust p; NaN for cross-sections).
    """

    name: str
    formula: str
    scheme: str
    inference: str
    n_obs: int
    n_regions: int
    years: list[int]
    r2: float
    terms: pd.DataFrame = field(repr=False)


REGRESSORS: tuple[str, ...] = ("log_transfers_pc", "log_own_revenue_pc")
_OUTCOME = "index_mean_z"


def _fe_fit(d: pd.DataFrame, *, name: str, scheme: str, bootstrap: int, seed: int,
            confidence: float) -> ModelResult:
    import statsmodels.formula.api as smf
    from scipy import stats
    from wildboottest.wildboottest import wildboottest

    formula = f"{_OUTCOME} ~ {' + '.join(REGRESSORS)} + C(territory) + C(year)"
    model = smf.ols(formula, data=d)
    groups = pd.factorize(d["territory"])[0]
    res = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    g = int(len(set(groups)))
    crit = float(stats.t.ppf(0.5 + confidence / 2, g - 1))
    boot = wildboottest(model, B=bootstrap, cluster=groups, param=None,
                        weights_type="webb", impose_null=True, bootstrap_type="11",
                        seed=seed, adj=True, cluster_adj=True, parallel=False, show=False)
    boot_p = dict(zip(boot.index.get_level_values(-1) if isinstance(boot.index, pd.MultiIndex)
                      else boot.index, boot["p-value"], strict=True))
    rows = []
    for t in REGRESSORS:
        b, se = float(res.params[t]), float(res.bse[t])
        rows.append({"term": t, "coef": b, "se": se, "ci_low": b - crit * se,
                     "ci_high": b + crit * se, "p": float(boot_p[t]),
                     "p_cluster_t": float(2 * stats.t.sf(abs(b / se), g - 1))})
    return ModelResult(
        name=name, formula=formula, scheme=scheme,
        inference=(f"CR1 cluster-robust standard errors by territory (statsmodels, "
                   f"G/(G-1)·(N-1)/(N-K) correction), {confidence:.0%} interval from t with "
                   f"G-1 = {g - 1} df; p from a wild cluster restricted bootstrap "
                   f"(wildboottest WCR11, Webb weights, B = {bootstrap}, seed {seed})"),
        n_obs=int(res.nobs), n_regions=g, years=sorted(int(y) for y in d["year"].unique()),
        r2=float(res.rsquared), terms=pd.DataFrame(rows))


def _cs_fit(d: pd.DataFrame, *, name: str, scheme: str, confidence: float) -> ModelResult:
    import statsmodels.formula.api as smf

    formula = f"{_OUTCOME} ~ {' + '.join(REGRESSORS)}"
    res = smf.ols(formula, data=d).fit(cov_type="HC3", use_t=True)
    ci = res.conf_int(alpha=1 - confidence)
    rows = [{"term": t, "coef": float(res.params[t]), "se": float(res.bse[t]),
             "ci_low": float(ci.loc[t, 0]), "ci_high": float(ci.loc[t, 1]),
             "p": float(res.pvalues[t]), "p_cluster_t": math.nan} for t in REGRESSORS]
    return ModelResult(
        name=name, formula=formula, scheme=scheme,
        inference=f"HC3 standard errors, {confidence:.0%} interval and p from t with n-3 df",
        n_obs=int(res.nobs), n_regions=int(d["territory"].nunique()),
        years=sorted(int(y) for y in d["year"].unique()), r2=float(res.rsquared),
        terms=pd.DataFrame(rows))


def fit_models(
    frames: Mapping[str, pd.DataFrame],
    *,
    paper_year: int = 2024,
    bootstrap: int = 9999,
    seed: int = 20250903,
    confidence: float = 0.95,
) -> list[ModelResult]:
    """The study's regression on the execution panel (specification: notebook 03).

    ``index_mean_z ~ log_transfers_pc + log_own_revenue_pc`` with

    1. ``fe_consistent``: territory and year fixed effects on the consistent scheme,
       every year with both index and regressors, clustered by territory (see
       :class:`ModelResult` ``inference``);
    2. ``cs_<paper_year>_current``: the paper's year across the current regions;
    3. ``cs_<year>_consistent``: every single year on the consistent scheme (robustness).

    Parameters
    ----------
    frames
        ``{"consistent": model_frame(...), "current": model_frame(...)}``.
    """
    for k in ("consistent", "current"):
        if k not in frames:
            raise ParameterError(
                f"The 'frames' parameter of fit_models must have keys 'consistent' and "
                f"'current'. Missing {k!r}."
            )
    cols = [_OUTCOME, *REGRESSORS, "territory", "year"]
    con = frames["consistent"][cols].dropna().reset_index(drop=True)
    cur = frames["current"][cols].dropna().reset_index(drop=True)
    out = [_fe_fit(con, name="fe_consistent", scheme="consistent", bootstrap=bootstrap,
                   seed=seed, confidence=confidence)]
    py = cur[cur["year"] == paper_year]
    if len(py) > len(REGRESSORS) + 1:
        out.append(_cs_fit(py, name=f"cs_{paper_year}_current", scheme="current",
                           confidence=confidence))
    for y in sorted(con["year"].unique()):
        d = con[con["year"] == y]
        if len(d) > len(REGRESSORS) + 1:
            out.append(_cs_fit(d, name=f"cs_{int(y)}_consistent", scheme="consistent",
                               confidence=confidence))
    return out


def models_table(models: Sequence[ModelResult]) -> pd.DataFrame:
    """All models' terms, one row per model and term, with n, regions, years and R²."""
    parts = []
    for m in models:
        t = m.terms.copy()
        t.insert(0, "model", m.name)
        t["n_obs"] = m.n_obs
        t["n_regions"] = m.n_regions
        t["years"] = f"{min(m.years)}-{max(m.years)}" if len(m.years) > 1 else str(m.years[0])
        t["r2"] = m.r2
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def models_json(models: Sequence[ModelResult]) -> list[dict[str, Any]]:
    """The models as a JSON-ready list: name, formula, n_obs, n_regions, years, terms."""
    out = []
    for m in models:
        out.append({
            "name": m.name, "formula": m.formula, "scheme": m.scheme,
            "dependent": f"{_OUTCOME} (kzgov.panel.development_index, mean of within-year "
                         "z-scores)",
            "inference": m.inference, "n_obs": m.n_obs, "n_regions": m.n_regions,
            "years": m.years, "r2": round(m.r2, 10),
            "terms": {r["term"]: {k: round(float(r[k]), 10) if not math.isnan(r[k]) else None
                                  for k in ("coef", "se", "ci_low", "ci_high", "p",
                                            "p_cluster_t")}
                      for r in m.terms.to_dict("records")},
        })
    return out


def table6_real(frame: pd.DataFrame, *, year: int = 2024) -> pd.DataFrame:
    """Table 6's correlations beside the same correlations on the real panel.

    For every pair of Table 6's variables: the printed r, and where both variables exist
    in the panel, Pearson's r across the regions of ``frame`` (a current-scheme
    :func:`model_frame`) in ``year`` (levels in million KZT, as Table 6's labels; the
    index as notebook 03 defines it). ``reason`` says why a pair cannot be recomputed.
    """
    from kzgov import correlation

    r6 = correlation.table6()
    have = {
        "Transfers (millions)": ("transfers", "REV.TRANSFERS, million KZT"),
        "Local budget revenues (millions)": ("revenue", "REV (total revenue), million KZT"),
        "Socio-economic development (index)": ("index_mean_z", "development index, mean z"),
    }
    why_not = {
        "Projects": "no count of projects by region in data/raw (Figure 4 prints five counts)",
        "Expenditures on the social sphere (million)": (
            "the bulletin's functional groups are in data/raw for Turkestan only"),
        "Projects at the local level (%)": "no project registry by region and level",
        "Completed projects (%)": "no project registry by region and status",
    }
    d = frame[frame["year"] == int(year)]
    names = list(r6.index)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            rec: dict[str, Any] = {"variable_a": a, "variable_b": b,
                                   "table6_r": float(r6.loc[a, b])}
            if a in have and b in have:
                x = d[[have[a][0], have[b][0]]].dropna()
                rec.update(real_r=float(x.corr().iloc[0, 1]), n=int(len(x)),
                           measured_as=f"{have[a][1]} vs {have[b][1]}", reason="")
            else:
                missing = [v for v in (a, b) if v not in have]
                rec.update(real_r=math.nan, n=0, measured_as="",
                           reason="; ".join(f"{v}: {why_not[v]}" for v in missing))
            rows.append(rec)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- batch


def region_report(panel: pd.DataFrame, region: str) -> pd.DataFrame:
    """One region's execution series (current scheme): amounts, indicators, dynamics.

    Returns
    -------
    pandas.DataFrame
        ``year, period, revenue, transfers, own_revenue, expenditure, transfer_dependency,
        budget_security, revenue_yoy, expenditure_yoy, scope, unit``.
    """
    code = regions.resolve(region)
    sub = panel[(panel["scheme"] == "current") & (panel["territory"] == code)]
    sub = sub.sort_values("year")
    out = sub[["year", "period", "revenue", "transfers", "own_revenue", "expenditure",
               "transfer_dependency", "budget_security"]].copy()
    full = sub["period"] == "Jan-Dec"
    for c in ("revenue", "expenditure"):
        prev = sub[c].where(full).shift(1)
        consecutive = sub["year"].diff() == 1
        out[f"{c}_yoy"] = (sub[c] / prev - 1).where(consecutive & full)
    out["scope"] = SCOPE
    out["unit"] = UNIT
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- the study beside the record









# --------------------------------------------------------------------------- users' files
_TEMPLATE = "execution_template"
_TEMPLATE_ITEMS: dict[str, str] = {
    "revenue": "income",
    "tax_revenue": "tax_receipts",
    "transfers": "transfers",
    "expenditure": "expenses",
}


def _full_year(text: str) -> int | None:
    import re

    t = str(text).strip()
    m = re.fullmatch(r"(\d{4})(?:-12-(?:01|31))?", t)
    return int(m.group(1)) if m else None


def read_execution(path: str | Path) -> budget.BudgetTable:
    """Read a user's execution file laid out like ``data/raw/templates/execution_template.csv``.

    Columns ``region, date, unit, scope`` and the six items (``revenue, tax_revenue,
    transfers, subventions, withdrawals, expenditure``). Amounts are converted to
    million KZT; the table's scope is the file's one scope; ``source`` is ``user`` and
    ``document`` the file name.

    Raises
    ------
    RegionError
        An unknown region code or name (file, column 'region', row).
    DataError
        A date that is not a full year, a negative or non-numeric amount, a missing
        column (file, column, row).
    UnitError
        A missing or unknown unit (file, column 'unit', row).
    ScopeError
        An unknown scope, or two scopes in one file (names both, with the row).
    """
    from kzgov import paths, units
    from kzgov.errors import RegionError, ScopeError, UnitError, location

    path = Path(path)
    df = data.read_table(path, like=_TEMPLATE, extra_columns=True)
    if df.empty:
        raise DataError("the execution file has a header but no rows", path=path)
    codes, years, factors = [], [], []
    first_scope: str | None = None
    for i, rec in enumerate(df.to_dict("records"), start=1):
        try:
            codes.append(regions.resolve(str(rec["region"])))
        except RegionError as exc:
            raise RegionError(f"{location(path, column='region', row=i)}: {exc}") from None
        y = _full_year(rec["date"])
        if y is None:
            raise DataError(
                f"{rec['date']!r} is not a full year; give 'YYYY', 'YYYY-12-01' (year to date "
                "in December) or 'YYYY-12-31'", path=path, column="date", row=i, value=rec["date"])
        years.append(y)
        unit = rec.get("unit")
        if unit is None or (isinstance(unit, float) and math.isnan(unit)) or not str(unit).strip():
            raise UnitError(f"{location(path, column='unit', row=i)}: the unit is missing; every "
                            "row needs one (e.g. 'million KZT', 'thousand KZT')")
        try:
            canon = units.normalize(str(unit), what=f"unit in column 'unit', row {i}")
        except UnitError as exc:
            raise UnitError(f"{paths.display_path(path)}: {exc}") from None
        factors.append(float(units.convert(1.0, canon, UNIT)))
        scope = rec.get("scope")
        scope = budget._SCOPE_NOT_STATED if scope is None or (
            isinstance(scope, float) and math.isnan(scope)) or not str(scope).strip() else str(scope).strip()
        if scope not in budget._SCOPES:
            raise ScopeError(f"{scope!r} is not a known scope; expected one of {list(budget._SCOPES)}",
                             path=path, column="scope", row=i, value=scope)
        if first_scope is None:
            first_scope = scope
        elif scope != first_scope:
            raise ScopeError(
                f"{scope!r} differs from the file's first scope {first_scope!r}: one series "
                "cannot be built from two scopes; put each scope in its own file",
                path=path, column="scope", row=i, value=scope)
    f = np.asarray(factors)
    frame = pd.DataFrame({"region": codes, "year": years, "source": "user",
                          "document": path.name})
    for col, field_ in _TEMPLATE_ITEMS.items():
        frame[field_] = df[col].astype("float64").to_numpy() * f
    for col in ("subventions", "withdrawals"):
        frame[col] = df[col].astype("float64").to_numpy() * f
    try:
        return budget.BudgetTable(frame, unit=UNIT, scope=first_scope)
    except DataError as exc:
        raise type(exc)(f"{paths.display_path(path)}: {exc}") from None


def plot_region(panel: pd.DataFrame, region: str) -> Any:
    """Revenue, transfers, own revenue and expenditure of one region, full years (figure).

    Current scheme, million KZT; part-year rows (Shymkent 2018) are marked in the caption.
    """
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    code = regions.resolve(region)
    rep = region_report(panel, code)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for col in ("revenue", "transfers", "own_revenue", "expenditure"):
        ax.plot(rep["year"], rep[col], marker="o", label=col.replace("_", " "))
    ax.set_title(f"{regions.get(code).name_en}: execution of the local budget, full years")
    ax.set_xlabel("year")
    ax.set_ylabel(f"{UNIT}, current prices")
    ax.legend(fontsize=8)
    part = rep.loc[rep["period"] != "Jan-Dec", "year"].tolist()
    plots.caption(
        fig,
        "Source: Ministry of Finance Statistical Bulletin, execution of local budgets by region "
        "(data/raw/kz_budgets/minfin_local_budget_execution_december.csv); scope: consolidated "
        "local budget of the region"
        + (f"; part-year: {', '.join(map(str, part))}" if part else "") + ".",
    )
    return fig
