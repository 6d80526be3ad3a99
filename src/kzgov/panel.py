"""Region-year panel of Kazakhstan's regional statistics, on consistent borders.

The statistics in ``data/raw/kz_stat`` mix two sets of borders, and the switch differs by
series (verified from the data by :func:`border_rules`):

* average population is back-cast to today's borders from 2009 for every region, so it
  has Abai (ABY), Zhetysu (ZHT), Ulytau (ULT), Turkestan (TRK) and Shymkent (SHM) from
  2009 and no South Kazakhstan (YKO) series;
* gross regional product (GRP) has ABY/ZHT/ULT from 2021, so East Kazakhstan (VKO),
  Almaty region (ALM) and Karaganda (KRG) cover their pre-2022 territory up to 2020;
  YKO runs to 2017 and TRK/SHM are back-cast from 2011;
* unemployment, employment, labour force and investment have ABY/ZHT/ULT from 2022, so
  their parents are on old borders up to 2021; YKO ends 2017 (2009 for employment and
  labour force);
* per-capita income ends 2020 and has no ABY/ZHT/ULT series.

A ratio such as GRP per capita is only meaningful when numerator and denominator cover
the same territory. This module never divides across borders. Each published value is
assigned the *territory* it covers (a set of today's regions, e.g. ``VKO+ABY`` for East
Kazakhstan's GRP in 2020), and every panel row is one territory-year whose variables are
all on that territory: a single published value whose territory equals the row's, or
the sum (additive variables) or weighted mean (rates: unemployment weighted by labour
force, per-capita income by population) of published values whose territories exactly
partition it. Where no such exact cover exists the cell is missing. So East Kazakhstan's
pre-2022 GRP per capita is ``GRP_VKO / (pop_VKO + pop_ABY)``, and its GRP per capita on
today's borders exists only from 2021.

Two sets of territories:

``consistent``
    16 units with borders fixed over time: the 2009–2017 regions (South Kazakhstan =
    ``TRK+SHM``, East Kazakhstan = ``VKO+ABY``, Almaty region = ``ALM+ZHT``, Karaganda =
    ``KRG+ULT``) — usable for every year.
``current``
    today's 20 regions, each on today's borders — complete only where the data are.

Boundary changes of the cities Astana and Almaty (small annexations) are not in the
registry and are not handled.

The module also estimates region- and year-effects models (:func:`fit_panel_model`: OLS
with HC3 or clustered errors) and builds a development index (:func:`development_index`);
:func:`national_check` and :func:`compare_split` check the border handling against the
published totals. Notebook 03's models, tables and plots on this panel are in
:mod:`kzgov.study.regional_correlation`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import regions
from kzgov.constraints import Interval, Options, validate_params
from kzgov.errors import DataError, ParameterError, RegionError

__all__ = [
    "border_rules",
    "build_panel",
    "compare_split",
    "development_index",
    "fit_panel_model",
    "national_check",
    "published",
    "territories",
]

_Scheme = Literal["consistent", "current"]


@dataclass(frozen=True)
class _VariableSpec:
    """How one variable is read from ``data/raw/kz_stat`` and aggregated over territories."""

    resource: str
    item_code: str | None
    unit: str
    kind: Literal["additive", "rate"]
    weight: str | None
    column: str


_VARIABLES: dict[str, _VariableSpec] = {
    "grp": _VariableSpec("kz_stat_grp", "GDP", "million KZT", "additive", None, "grp_mln_kzt"),
    "population": _VariableSpec("kz_stat_population", "ALL", "persons", "additive", None,
                               "population"),
    "investment": _VariableSpec("kz_stat_investment", "TOTAL", "million KZT", "additive", None,
                               "investment_mln_kzt"),
    "employed": _VariableSpec("kz_stat_employed", "TOTAL", "thousand persons", "additive", None,
                             "employed_thousand"),
    "labour_force": _VariableSpec("kz_stat_labour_force", "TOTAL", "thousand persons",
                                 "additive", None, "labour_force_thousand"),
    "unemployment_rate": _VariableSpec("kz_stat_unemployment", "TOTAL", "percent", "rate",
                                      "labour_force", "unemployment_rate_pct"),
    "income_per_capita": _VariableSpec("kz_stat_income_per_capita", None, "KZT per month",
                                      "rate", "population", "income_per_capita_kzt_month"),
}

_SCHEMES = Options(str, ("consistent", "current"))
_VARIABLE = Options(str, tuple(_VARIABLES))

#: Panel columns and their units.
_COLUMNS: dict[str, str] = {
    "grp_mln_kzt": "million KZT, current prices",
    "population": "persons (annual average)",
    "grp_per_capita_thousand_kzt": "thousand KZT per person, current prices",
    "investment_mln_kzt": "million KZT, current prices",
    "investment_per_capita_thousand_kzt": "thousand KZT per person, current prices",
    "employed_thousand": "thousand persons",
    "labour_force_thousand": "thousand persons",
    "unemployment_rate_pct": "percent of the labour force",
    "income_per_capita_kzt_month": "KZT per month, nominal",
}


# --------------------------------------------------------------------------- reading
def _load_series(variable: str) -> pd.DataFrame:
    """One variable from ``data/raw/kz_stat`` as ``region, year, value`` (regions only).

    The national total is dropped; the income file's Russian names are resolved with
    :func:`kzgov.regions.resolve`.
    """
    from kzgov import data

    spec = _spec(variable, "load_series")
    df = data.load(spec.resource)
    if spec.item_code is not None:
        df = df[df["item_code"] == spec.item_code]
        codes = df["region"].astype(str)
    else:
        codes = df["region"].astype(str).map(regions.resolve)
    out = pd.DataFrame(
        {"region": codes.to_numpy(), "year": df["date"].dt.year.astype(int).to_numpy(),
         "value": df["value"].astype(float).to_numpy()}
    )
    out = out[~out["region"].isin(["national", "KZ"])]
    return out.sort_values(["region", "year"]).reset_index(drop=True)


def _spec(variable: str, function: str) -> _VariableSpec:
    if variable not in _VARIABLES:
        raise ParameterError(
            f"The 'variable' parameter of {function} must be one of {sorted(_VARIABLES)}. "
            f"Got {variable!r} instead."
        )
    return _VARIABLES[variable]


def _reject_duplicate_years(df: pd.DataFrame, unit: str, where: str) -> None:
    """Raise :class:`DataError` if a (``unit``, year) pair appears more than once."""
    dup = df.duplicated([unit, "year"], keep=False)
    if dup.any():
        first = df.loc[dup, [unit, "year"]].iloc[0]
        raise DataError(
            f"{where} has duplicate region-years, e.g. ({first[unit]}, {int(first['year'])}); "
            f"each {unit}-year must appear once",
            column=f"{unit}, year",
        )


def _check_series(df: Any, variable: str) -> pd.DataFrame:
    where = f"series {variable!r}"
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"{where} must be a DataFrame with columns region, year, value; "
                        f"got {type(df).__name__}")
    missing = [c for c in ("region", "year", "value") if c not in df.columns]
    if missing:
        raise DataError(f"{where} lacks column(s) {missing}; expected region, year, value")
    _reject_duplicate_years(df, "region", where)
    known = set(regions.codes())
    unknown = sorted(set(df["region"]) - known)
    if unknown:
        raise RegionError(f"{where}: unknown region code(s) {unknown}; known codes: {sorted(known)}")
    out = df[["region", "year", "value"]].copy()
    out["year"] = out["year"].astype(int)
    try:
        out["value"] = out["value"].astype(float)
    except (TypeError, ValueError):
        raise DataError(f"{where}: column 'value' must hold numbers", column="value") from None
    infinite = np.isinf(out["value"].to_numpy())
    if infinite.any():
        i = int(np.flatnonzero(infinite)[0])
        r = out.iloc[i]
        raise DataError(
            f"{where}: {float(r['value'])!r} for ({r['region']}, {int(r['year'])}) is not a finite "
            "number; values must be finite",
            column="value", row=i + 1, value=r["value"],
        )
    return out.dropna(subset=["value"])


# --------------------------------------------------------------------------- borders
def _changes() -> tuple[regions._BoundaryChange, ...]:
    return regions.BOUNDARY_CHANGES


def _merged_groups() -> list[tuple[str, ...]]:
    """Territories with borders fixed over time, parent first: ('VKO', 'ABY'), ('TRK', 'SHM')."""
    out = []
    for ch in _changes():
        out.append(tuple(ch.new) if ch.parent_abolished else (ch.parent, *ch.new))
    return out


def _name(members: frozenset[str]) -> str:
    for g in _merged_groups():
        if frozenset(g) == members:
            return "+".join(g)
    return "+".join(sorted(members))


def _members(territory: str) -> frozenset[str]:
    return frozenset(territory.split("+"))


@validate_params({"scheme": [_SCHEMES]})
def territories(scheme: _Scheme) -> list[str]:
    """Territory codes of a scheme (see the module docstring).

    Examples
    --------
    >>> len(territories("consistent")), len(territories("current"))
    (16, 20)
    >>> [t for t in territories("consistent") if "+" in t]
    ['ALM+ZHT', 'KRG+ULT', 'TRK+SHM', 'VKO+ABY']
    """
    current = [c for c in regions.codes() if regions.get(c).abolished is None]
    if scheme == "current":
        return sorted(current)
    grouped = {c for g in _merged_groups() for c in g}
    return sorted([c for c in current if c not in grouped] + ["+".join(g) for g in _merged_groups()])


def _border_text(territory: str) -> str:
    m = _members(territory)
    if len(m) > 1:
        for ch in _changes():
            g = frozenset(ch.new) if ch.parent_abolished else frozenset((ch.parent, *ch.new))
            if g == m:
                p = regions.get(ch.parent)
                return (f"{p.name_en} on pre-{ch.year} borders (today's "
                        f"{' + '.join(sorted(m, key=territory.split('+').index))})")
        return "aggregate of " + " + ".join(sorted(m))
    code = territory
    for ch in _changes():
        if code == ch.parent and not ch.parent_abolished:
            kids = ", ".join(regions.get(c).name_en for c in ch.new)
            return f"{regions.get(code).name_en}, borders since {ch.year} (without {kids})"
        if code in ch.new:
            return f"{regions.get(code).name_en}, formed {ch.year} from {regions.get(ch.parent).name_en}"
    return f"{regions.get(code).name_en}, no boundary change in the registry"


def border_rules(series: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """For each variable and boundary change, where the data switch borders.

    The rule is read from the data, not assumed: for a parent that continues (VKO →
    ABY), the parent covers its pre-change territory in the years before the first year
    any child is published *in that file*; for an abolished parent (YKO) the parent
    always covers all of its successors.

    Returns
    -------
    pandas.DataFrame
        ``variable, parent, children, change_year, parent_first, parent_last,
        children_first, parent_old_borders_until`` (NaN where not applicable).
    """
    series = _series(series)
    rows = []
    for var, df in series.items():
        for ch in _changes():
            p = df[df["region"] == ch.parent]
            kids = df[df["region"].isin(ch.new)]
            kid_first = int(kids["year"].min()) if len(kids) else None
            if ch.parent_abolished:
                old_until = int(p["year"].max()) if len(p) else None
            elif kid_first is not None:
                old_until = kid_first - 1
            else:
                old_until = ch.year - 1
            rows.append(
                {
                    "variable": var,
                    "parent": ch.parent,
                    "children": "+".join(ch.new),
                    "change_year": ch.year,
                    "parent_first": int(p["year"].min()) if len(p) else None,
                    "parent_last": int(p["year"].max()) if len(p) else None,
                    "children_first": kid_first,
                    "parent_old_borders_until": old_until,
                }
            )
    return pd.DataFrame(rows).astype(
        {c: "Int64" for c in ("parent_first", "parent_last", "children_first",
                              "parent_old_borders_until")}
    )


def _coverage(df: pd.DataFrame, *, variable: str = "series") -> pd.Series:
    """The territory each published value covers (``'VKO+ABY'``, ``'VKO'`` …).

    A value of a continuing parent (VKO) published before the file's first child value
    covers the parent and its children; one published in or after that year covers the
    parent alone; when the file has no child series at all, years before the change are
    old borders and later years are ``'unknown'``. An abolished parent (YKO) covers its
    successors. Every other value covers its own region.
    """
    df = _check_series(df, variable)
    cov = df["region"].astype(object).copy()
    for ch in _changes():
        is_p = df["region"] == ch.parent
        if not is_p.any():
            continue
        merged = _name(frozenset(ch.new if ch.parent_abolished else (ch.parent, *ch.new)))
        if ch.parent_abolished:
            cov[is_p] = merged
            continue
        kids = df[df["region"].isin(ch.new)]
        if len(kids):
            first = int(kids["year"].min())
            cov[is_p & (df["year"] < first)] = merged
        else:
            cov[is_p & (df["year"] < ch.year)] = merged
            cov[is_p & (df["year"] >= ch.year)] = "unknown"
    return cov


@validate_params({"variable": [_VARIABLE]})
def published(variable: str, *, series: pd.DataFrame | None = None) -> pd.DataFrame:
    """A variable as published, with the territory each value covers and the breaks.

    Returns
    -------
    pandas.DataFrame
        ``region, year, value, unit, territory, break``; ``break`` is True where a
        region's territory differs from that of its previous published year (e.g. VKO's
        GRP in 2021).
    """
    spec = _spec(variable, "published")
    df = _load_series(variable) if series is None else _check_series(series, variable)
    df = df.sort_values(["region", "year"]).reset_index(drop=True)
    df["unit"] = spec.unit
    df["territory"] = _coverage(df, variable=variable).to_numpy()
    prev = df.groupby("region")["territory"].shift(1)
    df["break"] = prev.notna() & (prev != df["territory"])
    return df


@validate_params({"variable": [_VARIABLE]})
def compare_split(variable: str, *, parent: str, series: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare a parent with the sum of its successors in the years both are published.

    For South Kazakhstan's GRP: YKO (old borders) against TRK + SHM (back-cast), 2011–2017.
    For an additive variable only.

    Returns
    -------
    pandas.DataFrame
        ``year, parent, children_sum, difference, rel_difference`` (empty when the
        series never overlap).
    """
    spec = _spec(variable, "compare_split")
    if spec.kind != "additive":
        raise ParameterError(
            f"The 'variable' parameter of compare_split must be an additive variable. Got {variable!r} instead."
        )
    kids = regions.children(parent)
    if not kids:
        raise RegionError(f"The 'parent' parameter of compare_split must be a split region. Got {parent!r} instead.")
    df = _load_series(variable) if series is None else _check_series(series, variable)
    w = df.pivot(index="year", columns="region", values="value")
    cols = [parent, *kids]
    if any(c not in w.columns for c in cols):
        return pd.DataFrame(columns=["year", "parent", "children_sum", "difference", "rel_difference"])
    both = w[cols].dropna()
    out = pd.DataFrame(
        {"year": both.index.astype(int), "parent": both[parent].to_numpy(),
         "children_sum": both[kids].sum(axis=1).to_numpy()}
    )
    out["difference"] = (out["parent"] - out["children_sum"]).round(6) + 0.0
    out["rel_difference"] = (out["difference"] / out["parent"]).round(10) + 0.0
    return out


# --------------------------------------------------------------------------- the panel
def _series(series: Mapping[str, pd.DataFrame] | None) -> dict[str, pd.DataFrame]:
    if series is None:
        return {v: _load_series(v) for v in _VARIABLES}
    if not isinstance(series, Mapping):
        raise ParameterError(
            "The 'series' parameter must be a mapping of variable name to DataFrame. "
            f"Got {type(series).__name__} instead."
        )
    unknown = sorted(set(series) - set(_VARIABLES))
    if unknown:
        raise ParameterError(
            f"The 'series' parameter must have keys among {sorted(_VARIABLES)}. Got {unknown} instead."
        )
    return {v: _check_series(df, v) for v, df in series.items()}


def _exact_cover(target: frozenset[str], units: list[tuple[frozenset[str], float]]) -> list[int] | None:
    cand = [i for i, (cov, _) in enumerate(units) if cov <= target]
    for i in cand:
        if units[i][0] == target:
            return [i]
    for size in range(2, len(cand) + 1):
        for combo in itertools.combinations(cand, size):
            sets = [units[i][0] for i in combo]
            if sum(len(s) for s in sets) == len(target) and frozenset().union(*sets) == target:
                return list(combo)
    return None


class _Resolver:
    """Territory-year values of every variable from the published, border-tagged series."""

    def __init__(self, series: dict[str, pd.DataFrame]) -> None:
        self.units: dict[tuple[str, int], list[tuple[frozenset[str], float]]] = {}
        for var, df in series.items():
            cov = _coverage(df, variable=var)
            for (y, v), c in zip(zip(df["year"], df["value"], strict=True), cov, strict=True):
                if c == "unknown":
                    continue
                self.units.setdefault((var, int(y)), []).append((_members(c), float(v)))
        self.cache: dict[tuple[str, frozenset[str], int], tuple[float, bool]] = {}

    def value(self, var: str, target: frozenset[str], year: int) -> tuple[float, bool]:
        """Return (value, aggregated) or (nan, False)."""
        key = (var, target, year)
        if key in self.cache:
            return self.cache[key]
        units = self.units.get((var, year), [])
        cover = _exact_cover(target, units)
        result: tuple[float, bool] = (math.nan, False)
        if cover is not None:
            vals = [units[i][1] for i in cover]
            if len(cover) == 1:
                result = (vals[0], False)
            elif _VARIABLES[var].kind == "additive":
                result = (float(sum(vals)), True)
            else:
                wvar = _VARIABLES[var].weight or ""
                weights = [self.value(wvar, units[i][0], year)[0] for i in cover]
                if wvar and all(np.isfinite(weights)) and sum(weights) > 0:
                    result = (float(np.dot(vals, weights) / sum(weights)), True)
        self.cache[key] = result
        return result


def build_panel(
    series: Mapping[str, pd.DataFrame] | None = None,
    *,
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Build the territory-year panel on consistent borders.

    Parameters
    ----------
    series
        Mapping of variable name (keys of :data:`_VARIABLES`) to a DataFrame with columns
        ``region, year, value`` (published values, region codes of the registry). Default:
        everything in ``data/raw/kz_stat`` via :func:`load_series`. Variables not given are
        missing in the panel.
    years
        Years of the panel (default: every year with population data).

    Returns
    -------
    pandas.DataFrame
        One row per territory-year of both schemes (24 territories): ``territory, year,
        members, current, consistent, border``, the columns of :data:`_COLUMNS`, and
        ``aggregated`` (the variables summed or weighted from several published values in
        that row, ``;``-separated). Ratios use numerator and denominator of the row's own
        territory only.

    Raises
    ------
    DataError
        A series with duplicate region-years or missing columns.
    RegionError
        An unknown region code.
    """
    ser = _series(series)
    if years is None:
        pop = ser.get("population")
        base = pop if pop is not None and len(pop) else pd.concat(ser.values())
        years = range(int(base["year"].min()), int(base["year"].max()) + 1)
    years = [int(y) for y in years]
    res = _Resolver(ser)
    cur = set(territories("current"))
    con = set(territories("consistent"))
    rows = []
    for terr in sorted(cur | con):
        m = _members(terr)
        for y in years:
            row: dict[str, Any] = {
                "territory": terr,
                "year": y,
                "members": ";".join(terr.split("+")),
                "current": terr in cur,
                "consistent": terr in con,
                "border": _border_text(terr),
            }
            agg = []
            for var, spec in _VARIABLES.items():
                if var in ser:
                    v, a = res.value(var, m, y)
                else:
                    v, a = math.nan, False
                row[spec.column] = v
                if a:
                    agg.append(var)
            row["aggregated"] = ";".join(agg)
            rows.append(row)
    df = pd.DataFrame(rows)
    df["grp_per_capita_thousand_kzt"] = df["grp_mln_kzt"] * 1000.0 / df["population"]
    df["investment_per_capita_thousand_kzt"] = df["investment_mln_kzt"] * 1000.0 / df["population"]
    order = ["territory", "year", "members", "current", "consistent", "border", *_COLUMNS, "aggregated"]
    return df[order].sort_values(["territory", "year"]).reset_index(drop=True)


def _check_panel(panel: Any, function: str, *, scheme: str | None = None) -> pd.DataFrame:
    if not isinstance(panel, pd.DataFrame):
        raise ParameterError(
            f"The 'panel' parameter of {function} must be a DataFrame from build_panel. "
            f"Got {type(panel).__name__} instead."
        )
    need = ["territory", "year"] + ([scheme] if scheme else [])
    missing = [c for c in need if c not in panel.columns]
    if missing:
        raise DataError(f"panel passed to {function} lacks column(s) {missing}")
    _reject_duplicate_years(panel, "territory", f"panel passed to {function}")
    sub = panel[panel[scheme].astype(bool)] if scheme else panel
    return sub.copy()


def national_check(panel: pd.DataFrame, *, series: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Sum the consistent territories and compare with the published national total.

    An independent check of the border handling: if a territory were double counted or
    left out, the sum over the 16 consistent territories would differ from the
    ``national`` series of the same file.

    Returns
    -------
    pandas.DataFrame
        ``variable, year, territories_sum, national, rel_difference`` for the additive
        variables, years where both exist.
    """
    from kzgov import data

    sub = _check_panel(panel, "national_check", scheme="consistent")
    rows = []
    for var, spec in _VARIABLES.items():
        if spec.kind != "additive":
            continue
        if series is not None:
            if var not in series:
                continue
            nat = series[var]
            nat = nat[nat["region"] == "national"].set_index("year")["value"]
        else:
            d = data.load(spec.resource)
            d = d[(d["region"] == "national") & (d["item_code"] == spec.item_code)]
            nat = pd.Series(d["value"].to_numpy(float), index=d["date"].dt.year.astype(int))
        tot = sub.groupby("year")[spec.column].sum(min_count=len(territories("consistent")))
        for y, v in tot.items():
            if y in nat.index and np.isfinite(v):
                rows.append({"variable": var, "year": int(y), "territories_sum": float(v),
                             "national": float(nat[y]),
                             "rel_difference": round(float(v / nat[y] - 1), 10) + 0.0})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- index
#: Components of the development index: panel column, transform, sign.
_INDEX_COMPONENTS: dict[str, tuple[str, str, int]] = {
    "grp_per_capita": ("grp_per_capita_thousand_kzt", "log", 1),
    "neg_unemployment": ("unemployment_rate_pct", "level", -1),
    "income_per_capita": ("income_per_capita_kzt_month", "log", 1),
}


@dataclass(frozen=True, eq=False)
class DevelopmentIndex:
    """The development index of :func:`development_index`.

    Attributes
    ----------
    values
        One row per territory-year: ``scheme, territory, year, components, n_regions``,
        the z-scores ``z_<component>``, ``index_mean_z``, ``index_pc1``, ``rank``.
    loadings
        One row per component set and component: ``scheme, component_set, years, n_obs,
        component, loading, explained_variance_ratio``.
    """

    values: pd.DataFrame
    loadings: pd.DataFrame = field(repr=False)


def _year_span(years: Sequence[int]) -> str:
    ys = sorted(set(int(y) for y in years))
    parts = []
    for _, grp in itertools.groupby(enumerate(ys), key=lambda t: t[1] - t[0]):
        g = [y for _, y in grp]
        parts.append(str(g[0]) if len(g) == 1 else f"{g[0]}-{g[-1]}")
    return ", ".join(parts)


@validate_params({"scheme": [_SCHEMES], "min_components": [Interval(int, 1, None)]})
def development_index(
    panel: pd.DataFrame,
    *,
    scheme: _Scheme = "consistent",
    min_components: int = 2,
) -> DevelopmentIndex:
    r"""Socio-economic development index of each territory-year, in two forms.

    Components (:data:`_INDEX_COMPONENTS`): log GRP per capita, the negated unemployment
    rate, log per-capita income. In each year, the components available for *every*
    territory of the scheme are standardised across territories (z-scores, ddof = 1), so
    the index ranks regions within a year and nominal growth and inflation cancel.
    A year enters when GRP per capita and at least ``min_components`` components are
    complete.

    * ``index_mean_z`` — the mean of the standardised components;
    * ``index_pc1`` — the score on the first principal component (scikit-learn PCA) of
      the standardised components, fitted on all territory-years sharing the same
      component set; loadings are signed so that GRP per capita loads positively.

    Because income ends in 2020 and unemployment is missing for 2015, the component set
    changes over time; ``components`` names the set of each row, and :attr:`loadings`
    gives the loadings per set.
    """
    from sklearn.decomposition import PCA

    fn = "development_index"
    sub = _check_panel(panel, fn, scheme=scheme)
    terr = territories(scheme)
    rows = []
    for y, g in sub.groupby("year"):
        g = g.set_index("territory").reindex(terr)
        comps = {}
        for name, (col, transform, sign) in _INDEX_COMPONENTS.items():
            if col not in g.columns:
                continue
            x = g[col].astype(float)
            if x.isna().any() or (transform == "log" and (x <= 0).any()):
                continue
            x = np.log(x) if transform == "log" else x
            sd = x.std(ddof=1)
            if not sd > 0:
                continue
            comps[name] = sign * (x - x.mean()) / sd
        if "grp_per_capita" not in comps or len(comps) < min_components:
            continue
        for t in terr:
            rec = {"scheme": scheme, "territory": t, "year": int(y),
                   "components": ";".join(comps), "n_regions": len(terr)}
            for name in _INDEX_COMPONENTS:
                rec[f"z_{name}"] = float(comps[name][t]) if name in comps else np.nan
            rows.append(rec)
    zcols = [f"z_{c}" for c in _INDEX_COMPONENTS]
    vals = pd.DataFrame(rows, columns=["scheme", "territory", "year", "components", "n_regions", *zcols])
    vals["index_mean_z"] = vals[zcols].mean(axis=1, skipna=True)
    vals["index_pc1"] = np.nan
    lrows = []
    for cset, g in vals.groupby("components", sort=True):
        names = cset.split(";")
        Z = g[[f"z_{c}" for c in names]].to_numpy()
        pca = PCA(n_components=1, svd_solver="full").fit(Z)
        load = pca.components_[0]
        if load[names.index("grp_per_capita")] < 0:
            load = -load
        vals.loc[g.index, "index_pc1"] = Z @ load
        for c, w in zip(names, load, strict=True):
            lrows.append({"scheme": scheme, "component_set": cset, "years": _year_span(g["year"]),
                          "n_obs": len(g), "component": c, "loading": float(w),
                          "explained_variance_ratio": float(pca.explained_variance_ratio_[0])})
    vals["rank"] = vals.groupby("year")["index_mean_z"].rank(ascending=False, method="min").astype(int)
    vals = vals.sort_values(["year", "territory"]).reset_index(drop=True)
    return DevelopmentIndex(values=vals, loadings=pd.DataFrame(lrows))


@dataclass(frozen=True, eq=False)
class PanelModel:
    """A region- and year-effects OLS fit (:func:`fit_panel_model`).

    Attributes
    ----------
    outcome, regressors, formula, cov_type
        What was fitted.
    n, n_regions, years
        Observations used, territories, year span.
    r2, r2_within
        R² of the full model, and of the regressors after removing both effects
        (Frisch–Waugh–Lovell).
    coefs
        Tidy: ``outcome, term, coef, se, ci_low, ci_high, p_val, vif, n, r2, r2_within``.
    fitted, resid
        Fitted values and residuals, indexed like the estimation sample.
    """

    outcome: str
    regressors: tuple[str, ...]
    formula: str
    cov_type: str
    n: int
    n_regions: int
    years: str
    r2: float
    r2_within: float
    coefs: pd.DataFrame
    fitted: pd.Series = field(repr=False)
    resid: pd.Series = field(repr=False)


@validate_params({
    "frame": [pd.DataFrame],
    "cov_type": [Options(str, ("HC3", "HC0", "HC1", "HC2", "nonrobust", "cluster"))],
    "confidence": [Interval(float, 0, 1, closed="neither")],
})
def fit_panel_model(
    frame: pd.DataFrame,
    *,
    outcome: str,
    regressors: Sequence[str] = ("log_inv_pc_lag",),
    effects: Sequence[str] = ("territory", "year"),
    cov_type: str = "HC3",
    confidence: float = 0.95,
) -> PanelModel:
    """OLS of ``outcome`` on ``regressors`` with region and year effects (statsmodels).

    ``outcome ~ regressors + C(territory) + C(year)``, heteroskedasticity-robust HC3
    standard errors (``cov_type="cluster"`` clusters by territory); rows with a missing
    value are dropped. VIFs (statsmodels
    ``variance_inflation_factor``) are computed on the full design matrix, dummies
    included, and reported for the regressors: they show how much of a regressor's
    variation the effects absorb.
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    fn = "fit_panel_model"
    cols = [outcome, *regressors, *effects]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ParameterError(f"The columns of {fn} must exist in frame. Got unknown {missing} instead.")
    if outcome in regressors:
        raise ParameterError(f"The 'outcome' parameter of {fn} must not be a regressor. Got {outcome!r}.")
    if set(effects) >= {"territory", "year"} and frame.duplicated(["territory", "year"]).any():
        raise DataError(f"frame passed to {fn} has duplicate region-years", column="territory, year")
    d = frame[cols].dropna().reset_index(drop=True)
    rhs = " + ".join([*regressors, *(f"C({e})" for e in effects)])
    formula = f"{outcome} ~ {rhs}"
    model = smf.ols(formula, data=d)
    if cov_type == "cluster":
        res = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(d["territory"])[0]})
    else:
        res = model.fit(cov_type=cov_type)
    ci = res.conf_int(alpha=1 - confidence)
    exog = model.exog
    names = model.exog_names
    vif = {r: float(variance_inflation_factor(exog, names.index(r))) for r in regressors}
    # within R²: partial the effects out of outcome and regressors
    fe = " + ".join(f"C({e})" for e in effects) or "1"
    ry = smf.ols(f"{outcome} ~ {fe}", data=d).fit().resid
    rx = np.column_stack([smf.ols(f"{r} ~ {fe}", data=d).fit().resid for r in regressors])
    b = np.linalg.lstsq(rx, ry, rcond=None)[0]
    r2w = float(1 - ((ry - rx @ b) ** 2).sum() / (ry ** 2).sum())
    coefs = pd.DataFrame(
        {
            "outcome": outcome,
            "term": list(regressors),
            "coef": [float(res.params[r]) for r in regressors],
            "se": [float(res.bse[r]) for r in regressors],
            "ci_low": [float(ci.loc[r, 0]) for r in regressors],
            "ci_high": [float(ci.loc[r, 1]) for r in regressors],
            "p_val": [float(res.pvalues[r]) for r in regressors],
            "vif": [vif[r] for r in regressors],
            "n": int(res.nobs),
            "r2": float(res.rsquared),
            "r2_within": r2w,
            "cov_type": cov_type,
        }
    )
    return PanelModel(
        outcome=outcome,
        regressors=tuple(regressors),
        formula=formula,
        cov_type=cov_type,
        n=int(res.nobs),
        n_regions=int(d["territory"].nunique()) if "territory" in d else 0,
        years=_year_span(d["year"]) if "year" in d else "",
        r2=float(res.rsquared),
        r2_within=r2w,
        coefs=coefs,
        fitted=pd.Series(np.asarray(res.fittedvalues), name="fitted"),
        resid=pd.Series(np.asarray(res.resid), name="resid"),
    )
