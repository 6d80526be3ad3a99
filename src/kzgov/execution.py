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

The study's regression on this panel (development on transfers and local revenue, Table 6
and the text after it), the transfer-share claims and the panel's coverage table are in
:mod:`kzgov.study.regional_correlation`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import budget, data, regions
from kzgov.errors import DataError

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
    # the panel of every region and year
    "build_panel",
    "national_check",
]

#: The bulletin's item codes and the panel's names for them.
_ITEMS: dict[str, str] = {
    "REV": "revenue",
    "REV.TAX": "tax_revenue",
    "REV.TRANSFERS": "transfers",
    "SUBVENTIONS": "subventions",
    "WITHDRAWALS": "withdrawals",
    "EXP": "expenditure",
}
#: Amount columns of the panel (million KZT): the six items and own revenue.
_PANEL_ITEMS: tuple[str, ...] = (*_ITEMS.values(), "own_revenue")
#: Unit of the bulletin's amounts.
UNIT = "million KZT"
#: Scope of every amount of this module.
SCOPE = budget._SCOPE_CONSOLIDATED

_RESOURCE = "minfin_execution_december"
_SPLIT_YEAR = 2018
_NEW_REGIONS_YEAR = 2022

#: Gaps of the source that ``SOURCES.md`` documents: (item, years, reason).
_KNOWN_GAPS: tuple[tuple[tuple[str, ...], tuple[int, ...], str], ...] = (
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
        "item": raw["item_code"].map(_ITEMS).to_numpy(),
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
    for item in _ITEMS.values():
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
            for item in _ITEMS.values():
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
            for item in _ITEMS.values():
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
    lead = ["scheme", "territory", "year", "members", "period", "border", *_PANEL_ITEMS,
            "transfer_dependency", "own_revenue_share", "tax_share", "budget_security",
            "vertical_fiscal_imbalance", "population", "grp_mln_kzt"]
    ratios = [c for c in df.columns if c.endswith("_pc") or c.endswith("_grp")]
    df = df[lead + ratios + ["gap_reason", "ratio_note"]]
    order = {"current": 0, "consistent": 1}
    df = df.assign(_s=df["scheme"].map(order)).sort_values(["_s", "territory", "year"])
    return df.drop(columns="_s").reset_index(drop=True)


# --------------------------------------------------------------------------- source checks
def _known_gap(item: str, year: int) -> str:
    for items, years, reason in _KNOWN_GAPS:
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
    order = {v: i for i, v in enumerate(_ITEMS.values())}
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["item"].map(order)).sort_values(["_o", "year"])
    return out.drop(columns="_o").reset_index(drop=True)


# --------------------------------------------------------------------------- Turkestan






# --------------------------------------------------------------------------- acts


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
