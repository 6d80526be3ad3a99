"""Notebook 03 (regional correlation): Table 6 of the study, its claims, and the real data.

What is specific to Abdullayev, Kadyrova & Ydyrys (2025) for notebook
``03_regional_correlation``:

* **Table 6** as transcribed (:func:`table6`), the text's sentences about it
  (:func:`table6_claims`, :data:`TABLE6_TERMS`), the regression the study describes
  (:data:`TABLE6_Y` on :data:`TABLE6_X`) and everything the notebook reports about the
  matrix (:func:`table6_audit`, ``data/processed/table6_audit.json``), computed with the
  general methods of :mod:`kzgov.correlation`;
* the study's **transfer-share claims** ("more than 70 %", "on average 70–80 %") judged on
  the Ministry of Finance execution panel (:func:`transfer_shares`,
  :func:`transfer_share_claims`);
* the **real-data analogues** of the study's analysis on the panel of :mod:`kzgov.panel`
  and the execution panel of :mod:`kzgov.execution`: the investment models
  (:func:`investment_frame`, :func:`fit_investment_models`), the study's regression of
  development on transfers and own revenue (:func:`budget_frame`,
  :func:`fit_budget_models`), Table 6 beside the same correlations on the record
  (:func:`table6_real`), the notebook's JSON summaries and its plots;
* the **audit checks** of this section (C01–C06, C09, R02, R06, R11), registered with
  :func:`kzgov.audit.register`.

Nothing here imports matplotlib or seaborn at import time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kzgov import audit, correlation, execution
from kzgov import panel as kzpanel
from kzgov.audit import Check, Claim
from kzgov.constraints import Interval, ListOf, Options, Parameter, Parameters
from kzgov.errors import ParameterError

__all__ = [
    "BUDGET_REGRESSORS",
    "CLAIM_YEARS",
    "N_ASSUMED",
    "PARAMETERS",
    "PAPER_YEAR",
    "SHARE_ABOVE",
    "SHARE_BAND",
    "TABLE6_DECIMALS",
    "TABLE6_TERMS",
    "TABLE6_X",
    "TABLE6_Y",
    "ModelResult",
    "budget_coverage",
    "budget_decisions_summary",
    "budget_frame",
    "budget_models_json",
    "budget_models_table",
    "cross_section",
    "fit_budget_models",
    "fit_investment_models",
    "investment_frame",
    "investment_models_style",
    "investment_models_table",
    "labour_consistency",
    "local_budget_shares",
    "mixed_border_ratio",
    "panel_coverage",
    "plot_eigenvalues",
    "plot_index",
    "plot_residuals",
    "region_counts",
    "regional_summary",
    "table6",
    "table6_audit",
    "table6_claims",
    "table6_real",
    "transfer_share_claims",
    "transfer_shares",
]

#: Decimals Table 6 is printed with.
TABLE6_DECIMALS = 3
#: Plausible numbers of regions behind Table 6 (oblasts; oblasts + cities), from the registry.
N_ASSUMED: tuple[int, ...] = (14, 16, 17, 20)
#: The year of the study's budget figures (Table 5, Figures 9–11).
PAPER_YEAR = 2024
#: The years the transfer-share claims are judged on (the study's Figure 9 years).
CLAIM_YEARS: tuple[int, ...] = (2022, 2023, 2024)
#: "More than 70 %": the threshold of the study's transfer-share claim (fraction).
SHARE_ABOVE = 0.70
#: "On average 70–80 %": the band of the study's average transfer-share claim (fractions).
SHARE_BAND: tuple[float, float] = (0.70, 0.80)


# =========================================================================== Table 6
#: How the study's text refers to the variables of Table 6 (our reading of the wording).
TABLE6_TERMS: dict[str, str] = {
    "social spending": "Expenditures on the social sphere (million)",
    "volume of transfers": "Transfers (millions)",
    "transfers": "Transfers (millions)",
    "level of socio-economic development": "Socio-economic development (index)",
    "socio-economic development": "Socio-economic development (index)",
    "local budget revenues": "Local budget revenues (millions)",
    "projects at the local level": "Projects at the local level (%)",
    "other parameters": "(all other variables)",
}


def _transcription(name: str) -> pd.DataFrame:
    from kzgov import data

    return data.load(name)


def table6(*, name: str = "table6_correlation") -> pd.DataFrame:
    """Table 6 of the study as a labelled 7 × 7 DataFrame (values as printed, normalised).

    Variable names are the labels as printed, e.g. ``"Transfers (millions)"``; the order
    is the printed row order.
    """
    t = _transcription(name)
    cells = t[t["location"] == "Table 6"].copy()
    order = list(dict.fromkeys(cells.sort_values("row")["row_label"]))
    M = cells.pivot(index="row_label", columns="column_label", values="value")
    M = M.loc[order, order].astype(float)
    M.index.name = None
    M.columns.name = None
    return M


_BANDS: dict[str, str] = {
    # verbal labels of the scales and of the text, mapped to three bands
    "negligible": "weak", "low": "weak", "very weak": "weak", "weak": "weak",
    "below small": "weak", "small": "weak",
    "moderate": "moderate", "medium": "moderate",
    "high": "strong", "very high": "strong", "strong": "strong", "very strong": "strong",
    "large": "strong",
}


def _wording(descriptor: str, labels: dict[str, str]) -> str:
    band = _BANDS.get(str(descriptor).strip().lower())
    if band is None:
        return ""
    agree = [s for s, lbl in labels.items() if _BANDS[lbl] == band]
    if len(agree) == len(labels):
        return f"'{descriptor}' agrees with all scales"
    if not agree:
        return f"'{descriptor}' agrees with none of the scales"
    return f"'{descriptor}' agrees with {', '.join(agree)} only"


def table6_claims(*, name: str = "table6_correlation") -> pd.DataFrame:
    """Check each sentence of the study about Table 6 against the printed matrix.

    For a numeric claim: the cell the wording refers to (:data:`TABLE6_TERMS`), its
    printed value, that value rounded half-up to the text's decimals, the difference, the
    cells whose value does round to the text's number, the verbal label of the cell on
    three published scales (:func:`kzgov.correlation._strength_label`), and whether the text's adjective falls in the
    same band (weak / moderate / strong) on each scale. For "weak connection with other
    parameters": every correlation of that variable with the others, labelled likewise.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``location, claim, refers_to, descriptor, text_value,
        matrix_printed, matrix_rounded, difference, cells_with_text_value, hinkle2003,
        evans1996, cohen1988, number_check, wording_check``.
    """
    t = _transcription(name)
    R = table6(name=name)
    cells = t[t["location"] == "Table 6"].set_index(["row_label", "column_label"])
    claims = t[t["location"] != "Table 6"]
    rows = []
    for _, c in claims.iterrows():
        a = TABLE6_TERMS[c["row_label"]]
        b = TABLE6_TERMS[c["column_label"]]
        descriptor = "" if pd.isna(c["descriptor"]) else str(c["descriptor"])
        base = {
            "location": c["location"],
            "claim": c["label"],
            "refers_to": f"{a} × {b}",
            "descriptor": descriptor,
        }
        if b == "(all other variables)":
            others = [v for v in R.columns if v != a]
            printed = [str(cells.loc[(a, o), "printed"]) for o in others]
            labels = {s: [correlation._strength_label(R.loc[a, o], scale=s) for o in others] for s in correlation._SCALES}
            weak = {s: sum(_BANDS[lbl] == "weak" for lbl in v) for s, v in labels.items()}
            wording = "; ".join(f"{s}: {weak[s]} of {len(others)} weak" for s in correlation._SCALES)
            rows.append({**base, "text_value": np.nan, "matrix_printed": "; ".join(printed),
                         "matrix_rounded": np.nan, "difference": np.nan,
                         "cells_with_text_value": "",
                         **{s: "; ".join(v) for s, v in labels.items()},
                         "number_check": "no number printed", "wording_check": wording})
            continue
        text_value = float(c["value"])
        txt = str(c["printed"])
        dec = len(txt.split(".")[1]) if "." in txt else 0
        printed = str(cells.loc[(a, b), "printed"])
        mval = float(cells.loc[(a, b), "value"])
        rounded = correlation._round_half_up(printed, dec)
        match = correlation._matching_cells(R, text_value, decimals=dec)
        match_txt = "; ".join(f"{x} × {y}" for x, y in match)
        labels = {s: correlation._strength_label(mval, scale=s) for s in correlation._SCALES}
        if abs(rounded - text_value) < 1e-9:
            number = "consistent" if abs(mval - text_value) < 1e-9 else "consistent after rounding"
        else:
            number = f"not consistent: the cell is {printed}; {txt} is {match_txt or 'no cell'}"
        rows.append({**base, "text_value": text_value, "matrix_printed": printed,
                     "matrix_rounded": rounded, "difference": round(mval - text_value, 6),
                     "cells_with_text_value": match_txt, **labels,
                     "number_check": number, "wording_check": _wording(descriptor, labels)})
    return pd.DataFrame(rows)


def region_counts(years: Sequence[int]) -> pd.DataFrame:
    """Count oblasts, and oblasts + cities of republican significance, per year.

    From the region registry (:mod:`kzgov.regions`): the plausible sizes of a
    cross-section of Kazakhstan's regions.

    Examples
    --------
    >>> region_counts([2017, 2019, 2024]).to_dict("list")
    {'year': [2017, 2019, 2024], 'oblasts': [14, 14, 17], 'oblasts_and_cities': [16, 17, 20]}
    """
    from kzgov import regions

    rows = []
    for y in years:
        cs = regions.codes(year=int(y))
        kinds = [regions.get(c).kind for c in cs]
        rows.append({"year": int(y), "oblasts": kinds.count("oblast"),
                     "oblasts_and_cities": kinds.count("oblast") + kinds.count("city")})
    return pd.DataFrame(rows)


def plot_eigenvalues(check: correlation.MatrixCheck, *, title: str = "Table 6: eigenvalues") -> Any:
    """Eigenvalues (log scale) against the rounding bound of :attr:`kzgov.correlation.MatrixCheck.bound`."""
    import matplotlib.pyplot as plt

    from kzgov import plots

    if check.bound is None:
        raise ParameterError("plot_eigenvalues needs a MatrixCheck made with decimals=.")
    plots.set_theme()
    ev = np.array(check.eigenvalues)[::-1]
    fig, ax = plt.subplots(figsize=(7, 4))
    k = np.arange(1, len(ev) + 1)
    ax.bar(k, ev, color=["C0" if e >= check.bound else "C3" for e in ev])
    ax.axhline(check.bound, color="0.2", ls="--", lw=1,
               label=f"rounding bound (p-1)·0.5·10^-{check.decimals} = {check.bound:g}")
    ax.set_yscale("log")
    ax.set_xlabel("eigenvalue number (largest first)")
    ax.set_ylabel("eigenvalue (log scale, dimensionless)")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    plots.caption(fig, "Source: Table 6 of Abdullayev, Kadyrova & Ydyrys (2025), transcribed "
                       "in data/raw/paper/table6_correlation.csv. Red: below the bound.")
    return fig


TABLE6_Y = "Socio-economic development (index)"
TABLE6_X = ("Transfers (millions)", "Local budget revenues (millions)")


def table6_audit(
    *,
    decimals: int = TABLE6_DECIMALS,
    n_assumed: Sequence[int] = N_ASSUMED,
    alpha: float = 0.05,
    reps: int = 500,
    seed: int = 0,
    name: str = "table6_correlation",
) -> dict[str, Any]:
    """Everything the notebook reports about Table 6, as a JSON-ready dict.

    Keys: ``matrix`` (check results, eigenvalues, numerical rank, minimum observations),
    ``n`` (implied minimum, registry counts, the n values examined, critical r and
    significance at each), ``claims`` (:func:`table6_claims`), ``regression``
    (development on transfers and local budget revenues, :func:`kzgov.correlation.regression_by_n`),
    ``full_regression`` (development on all six others, without n, with its rounding
    sensitivity).
    """
    R = table6(name=name)
    chk = correlation.check_matrix(R, decimals=decimals)
    n_min = correlation.min_observations(R, decimals=decimals)
    counts = region_counts(range(2009, 2026))
    ns = sorted({n_min, *[int(n) for n in n_assumed]})
    others = [v for v in R.columns if v != TABLE6_Y]
    full = correlation.regression_from_corr(R, TABLE6_Y, others)
    sens = correlation.rounding_sensitivity(R, decimals=decimals, statistic="beta", y=TABLE6_Y, X=others,
                                reps=reps, seed=seed)

    def rnd(df: pd.DataFrame, k: int = 6) -> list[dict[str, Any]]:
        return df.round(k).astype(object).where(df.notna(), None).to_dict("records")

    return {
        "source": "data/raw/paper/table6_correlation.csv (Table 6)",
        "matrix": {
            "variables": list(R.columns),
            "symmetric": chk.symmetric,
            "unit_diagonal": chk.unit_diagonal,
            "in_range": chk.in_range,
            "psd": chk.psd,
            "eigenvalues": [round(e, 8) for e in chk.eigenvalues],
            "decimals": decimals,
            "rounding_bound": chk.bound,
            "consistent_with_rounding": chk.consistent_with_rounding,
            "numerical_rank": chk.numerical_rank,
            "min_observations": n_min,
        },
        "n": {
            "stated_in_paper": None,
            "implied_minimum": n_min,
            "registry_oblasts": sorted(set(counts["oblasts"].tolist())),
            "registry_oblasts_and_cities": sorted(set(counts["oblasts_and_cities"].tolist())),
            "examined": ns,
            "critical_r": rnd(correlation._critical_table(ns, alpha=alpha)),
            "significance": rnd(correlation.significance_by_n(R, ns, alpha=alpha)),
            "alpha": alpha,
        },
        "claims": rnd(table6_claims(name=name)),
        "regression": rnd(correlation.regression_by_n(R, TABLE6_Y, list(TABLE6_X), ns)),
        "full_regression": {
            "y": TABLE6_Y,
            "X": others,
            "r2": round(full.r2, 6),
            "beta": {k: round(float(v), 6) for k, v in full.beta.items()},
            "vif": {k: round(float(v), 3) for k, v in full.vif.items()},
            "rounding_sensitivity": rnd(sens),
            "sensitivity_reps": reps,
            "seed": seed,
        },
    }


# =========================================================================== transfer shares (R06, R11)
def transfer_shares(panel: pd.DataFrame, *, years: Sequence[int] = CLAIM_YEARS,
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
    long = execution.execution() if long is None else long
    nat = long[long["region"] == "national"].pivot_table(index="year", columns="item",
                                                         values="value")
    sub = panel[(panel["scheme"] == "current") & panel["transfer_dependency"].notna()]
    lo, hi = SHARE_BAND
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
            "n_above_70": int((s > SHARE_ABOVE).sum()),
            "n_in_70_80": int(((s >= lo) & (s <= hi)).sum()),
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
    lo, hi = SHARE_BAND
    rows = []
    for r in shares.itertuples(index=False):
        rows.append({"year": r.year, "claim": "more than 70%",
                     "rule": f"national share > {SHARE_ABOVE:.2f} and unweighted regional mean > "
                             f"{SHARE_ABOVE:.2f}",
                     "value": min(r.national_share, r.unweighted_mean),
                     "holds": bool(r.national_share > SHARE_ABOVE and r.unweighted_mean > SHARE_ABOVE),
                     "regions_satisfying": f"{r.n_above_70} of {r.n_regions}"})
        rows.append({"year": r.year, "claim": "on average 70-80%",
                     "rule": f"{lo:.2f} <= unweighted regional mean <= {hi:.2f}",
                     "value": r.unweighted_mean,
                     "holds": bool(lo <= r.unweighted_mean <= hi),
                     "regions_satisfying": f"{r.n_in_70_80} of {r.n_regions}"})
    return pd.DataFrame(rows)


# =========================================================================== the region-year panel (BNS statistics)
def mixed_border_ratio(
    *, numerator: str = "grp", region: str = "VKO", year: int = 2020
) -> dict[str, float]:
    """What the naive ratio would be: a published numerator over the same code's population.

    For VKO 2020 the GRP covers VKO + ABY while the population covers VKO only. Returns the
    naive per-capita value, the border-consistent one (numerator over the population of the
    territory the numerator covers) and the naive value's relative error, all per 1,000 of
    the numerator's unit per person.
    """
    pub = kzpanel.published(numerator).set_index(["region", "year"])
    pop = kzpanel._load_series("population").set_index(["region", "year"])["value"]
    if (region, year) not in pub.index:
        raise ParameterError(
            f"mixed_border_ratio: no published {numerator!r} value for ({region!r}, {year})."
        )
    num = float(pub.loc[(region, year), "value"])
    terr = str(pub.loc[(region, year), "territory"])
    naive = num * 1000 / float(pop[(region, year)])
    right = num * 1000 / float(sum(pop[(m, year)] for m in terr.split("+")))
    return {"territory_of_numerator": terr, "naive": naive, "consistent": right,
            "relative_error": naive / right - 1}


def panel_coverage(panel: pd.DataFrame, *, scheme: kzpanel._Scheme = "consistent") -> pd.DataFrame:
    """Per panel column: territories, years, first/last year and non-missing cells."""
    sub = kzpanel._check_panel(panel, "panel_coverage", scheme=scheme)
    rows = []
    for col, unit in kzpanel._COLUMNS.items():
        ok = sub[sub[col].notna()]
        rows.append({
            "variable": col,
            "unit": unit,
            "territories": ok["territory"].nunique(),
            "first_year": int(ok["year"].min()) if len(ok) else None,
            "last_year": int(ok["year"].max()) if len(ok) else None,
            "cells": len(ok),
            "of_cells": len(sub),
        })
    return pd.DataFrame(rows).astype({"first_year": "Int64", "last_year": "Int64"})


def labour_consistency(panel: pd.DataFrame, *, tolerance: float = 0.15) -> pd.DataFrame:
    """Compare the published unemployment rate with 100 × (labour force − employed) / labour force.

    Both come from separate BNS files on the row's territory. Rates are published to one
    decimal, so differences up to ``tolerance`` percentage points are rounding.

    Returns
    -------
    pandas.DataFrame
        Rows whose |difference| exceeds ``tolerance``: ``territory, year,
        unemployment_rate_pct, implied_rate_pct, difference_pp``.
    """
    sub = kzpanel._check_panel(panel, "labour_consistency")
    implied = 100 * (sub["labour_force_thousand"] - sub["employed_thousand"]) / sub["labour_force_thousand"]
    out = pd.DataFrame({"territory": sub["territory"], "year": sub["year"],
                        "unemployment_rate_pct": sub["unemployment_rate_pct"].round(3),
                        "implied_rate_pct": implied.round(3)})
    out["difference_pp"] = (out["unemployment_rate_pct"] - out["implied_rate_pct"]).round(3)
    out = out[out["difference_pp"].abs() > tolerance]
    return out.sort_values(["territory", "year"]).reset_index(drop=True)


def investment_frame(
    panel: pd.DataFrame,
    *,
    scheme: kzpanel._Scheme = "consistent",
    index: kzpanel.DevelopmentIndex | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Variables for the panel models, computed within each territory (fixed borders).

    Adds ``grp_pc_growth`` (100 × Δ log GRP per capita, nominal, % log points),
    ``log_inv_pc`` and its one-year lag ``log_inv_pc_lag`` (log thousand KZT per person),
    and, when ``index`` is given, ``index_mean_z``. Differences and lags are taken only
    between consecutive years of the same territory.
    """
    sub = kzpanel._check_panel(panel, "investment_frame", scheme=scheme).sort_values(["territory", "year"])
    g = sub.groupby("territory")
    consecutive = g["year"].diff() == 1
    lg = np.log(sub["grp_per_capita_thousand_kzt"])
    li = np.log(sub["investment_per_capita_thousand_kzt"])
    sub["grp_pc_growth"] = np.where(consecutive, 100 * (lg - lg.groupby(sub["territory"]).shift(1)), np.nan)
    sub["log_inv_pc"] = li
    sub["log_inv_pc_lag"] = np.where(consecutive, li.groupby(sub["territory"]).shift(1), np.nan)
    if index is not None:
        iv = index.values if isinstance(index, kzpanel.DevelopmentIndex) else index
        sub = sub.merge(iv[["territory", "year", "index_mean_z"]], on=["territory", "year"], how="left")
    keep = ["territory", "year", "grp_pc_growth", "unemployment_rate_pct", "log_inv_pc",
            "log_inv_pc_lag"] + (["index_mean_z"] if index is not None else [])
    out = sub[keep].rename(columns={"unemployment_rate_pct": "unemployment_rate"})
    return out.reset_index(drop=True)


def fit_investment_models(
    frame: pd.DataFrame,
    *,
    outcomes: Sequence[str],
    regressors: Sequence[str] = ("log_inv_pc_lag",),
    cov_type: str = "HC3",
) -> list[kzpanel.PanelModel]:
    """:func:`kzgov.panel.fit_panel_model` for each outcome, same regressors and effects."""
    if isinstance(outcomes, str) or not outcomes:
        raise ParameterError(
            f"The 'outcomes' parameter of fit_investment_models must be a non-empty list. Got {outcomes!r} instead."
        )
    return [kzpanel.fit_panel_model(frame, outcome=o, regressors=regressors, cov_type=cov_type)
            for o in outcomes]


def investment_models_table(models: Sequence[kzpanel.PanelModel]) -> pd.DataFrame:
    """Stack the coefficient tables of several fits, with n, territories and years."""
    parts = []
    for m in models:
        c = m.coefs.copy()
        c.insert(2, "n_regions", m.n_regions)
        c.insert(3, "years", m.years)
        parts.append(c)
    return pd.concat(parts, ignore_index=True)


def investment_models_style(models: Sequence[kzpanel.PanelModel], *, caption: str, uuid: str) -> Any:
    """:func:`investment_models_table` as a displayed table (a pandas Styler).

    Readable headers with units, four decimals; ``caption`` captions the table and the
    fixed ``uuid`` keeps the HTML the same on every run.
    """
    return (
        investment_models_table(models)
        .rename(columns={"n_regions": "territories (count)", "coef": "β", "se": "SE",
                         "ci_low": "95% CI low", "ci_high": "95% CI high", "p_val": "p",
                         "vif": "VIF", "n": "observations (count)", "r2": "R²",
                         "r2_within": "R² within", "cov_type": "standard errors"})
        .style.hide(axis="index").format(precision=4)
        .set_caption(caption)
        .set_uuid(uuid)
    )


_LABELS = {"grp_pc_growth": "GRP per capita growth", "unemployment_rate": "Unemployment rate",
           "index_mean_z": "Development index"}


def plot_residuals(models: Sequence[kzpanel.PanelModel]) -> Any:
    """Residual-versus-fitted plots, one panel per model (matplotlib figure)."""
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4), squeeze=False)
    for ax, m in zip(axes[0], models, strict=True):
        ax.scatter(m.fitted, m.resid, s=12, alpha=0.7)
        ax.axhline(0, color="0.3", lw=1)
        unit = "% log points" if m.outcome == "grp_pc_growth" else (
            "percentage points" if m.outcome == "unemployment_rate" else "index units")
        ax.set_title(f"{_LABELS.get(m.outcome, m.outcome)} (n = {m.n})", fontsize=11)
        ax.set_xlabel(f"fitted ({unit})")
        ax.set_ylabel(f"residual ({unit})")
    fig.suptitle("Residuals against fitted values: territory and year effects, "
                 "lagged log investment per capita", fontsize=12)
    fig.tight_layout()
    plots.caption(fig, "Source: BNS regional statistics (data/raw/kz_stat), territories on "
                       "consistent borders; OLS with region and year effects, HC3.")
    return fig


def plot_index(index: kzpanel.DevelopmentIndex) -> Any:
    """Heat map of ``index_mean_z`` by territory and year."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from kzgov import plots

    plots.set_theme()
    v = index.values.pivot(index="territory", columns="year", values="index_mean_z")
    v = v.loc[v.mean(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(10, 5.5))
    sns.heatmap(v, cmap="vlag", center=0, ax=ax, cbar_kws={"label": "index (mean z-score)"})
    ax.set_title("Development index: mean of within-year z-scores")
    ax.set_xlabel("year")
    ax.set_ylabel("territory (consistent borders)")
    fig.tight_layout()
    plots.caption(fig, "Source: BNS regional statistics (data/raw/kz_stat): GRP per capita, "
                       "unemployment rate, per-capita income (to 2020).")
    return fig


def cross_section(
    panel: pd.DataFrame,
    *,
    year: int,
    scheme: kzpanel._Scheme = "consistent",
    index: kzpanel.DevelopmentIndex | None = None,
) -> pd.DataFrame:
    """One year of the panel, one row per territory: the variables of a Table 6 analogue.

    Columns: GRP per capita, unemployment, per-capita income, investment per capita (and
    the development index when given).
    """
    sub = kzpanel._check_panel(panel, "cross_section", scheme=scheme)
    sub = sub[sub["year"] == int(year)]
    if sub.empty:
        raise ParameterError(
            f"The 'year' parameter of cross_section must be a year of the panel. Got {year!r} instead."
        )
    out = pd.DataFrame({
        "territory": sub["territory"].to_numpy(),
        "grp_per_capita": sub["grp_per_capita_thousand_kzt"].to_numpy(),
        "unemployment_rate": sub["unemployment_rate_pct"].to_numpy(),
        "income_per_capita": sub["income_per_capita_kzt_month"].to_numpy(),
        "investment_per_capita": sub["investment_per_capita_thousand_kzt"].to_numpy(),
    })
    if index is not None:
        iv = index.values[index.values["year"] == int(year)][["territory", "index_mean_z"]]
        out = out.merge(iv, on="territory", how="left")
    return out.sort_values("territory").reset_index(drop=True)


def regional_summary(
    panel: pd.DataFrame,
    index: kzpanel.DevelopmentIndex,
    models: Sequence[kzpanel.PanelModel],
    *,
    scheme: kzpanel._Scheme = "consistent",
) -> dict[str, Any]:
    """The real-data results of notebook 03 as a JSON-ready dict (``regional_models.json``)."""

    def rnd(df: pd.DataFrame, k: int = 6) -> list[dict[str, Any]]:
        return df.round(k).astype(object).where(df.notna(), None).to_dict("records")

    sub = kzpanel._check_panel(panel, "regional_summary", scheme=scheme)
    budgets = budget_decisions_summary()
    return {
        "source": "data/raw/kz_stat (BNS via makenerzhan-gif/kazakhstan-economic-data), "
                  "data/raw/official/regional_budget_decisions.csv",
        "scheme": scheme,
        "territories": sorted(sub["territory"].unique().tolist()),
        "years": [int(sub["year"].min()), int(sub["year"].max())],
        "border_rules": rnd(kzpanel.border_rules()),
        "yko_vs_trk_shm_grp": rnd(kzpanel.compare_split("grp", parent="YKO")),
        "national_check_max_abs_rel_difference": float(
            kzpanel.national_check(panel)["rel_difference"].abs().max()),
        "coverage": rnd(panel_coverage(panel, scheme=scheme)),
        "index_loadings": rnd(index.loadings),
        "models": rnd(investment_models_table(models)),
        "budget_decisions": {"n": len(budgets), "rows": rnd(budgets.drop(columns=["unit"]), 3),
                             "unit": "thousand KZT; shares in percent of income"},
        "local_budget_shares_national": rnd(local_budget_shares(), 3),
        "study_regression": "The study's regression of development on transfers and local "
                            "budget revenues is estimated on the Ministry of Finance execution "
                            "panel: regional_budget_models.json (kzgov.execution).",
    }


def budget_decisions_summary() -> pd.DataFrame:
    """Transfers' and own revenues' shares of income in the official oblast budget decisions.

    A percent view of :func:`kzgov.budget.indicator_table` on the official decisions
    (``data/raw/official/regional_budget_decisions.csv``: five region-years of planned
    figures, thousand KZT). Own revenue = income − transfers; shares are of item 1 "income".

    Returns
    -------
    pandas.DataFrame
        ``region, budget_year, document_kind, income, transfers, own_revenue,
        transfers_share_pct, own_share_pct, unit`` — n is the number of rows.
    """
    from kzgov import budget

    table = budget.indicator_table(budget.official())
    out = pd.DataFrame(
        {
            "region": table["region"],
            "budget_year": table["year"].astype(int),
            "document_kind": [_kind(d) for d in table["document"]],
            "income": table["income"],
            "transfers": table["transfers"],
            "own_revenue": table["own_revenue"],
            "transfers_share_pct": 100 * table["transfer_dependency"],
            "own_share_pct": 100 * table["own_revenue_share"],
            "unit": table["unit"],
        }
    )
    return out.sort_values(["region", "budget_year"]).reset_index(drop=True)


def _kind(document: str) -> str:
    """``adopted`` or ``amended`` from a decision's document label; ``decision`` otherwise."""
    first = document.split()[0] if document.split() else ""
    if first in ("adopted", "amended"):
        return first
    return "amended" if "amended" in document else "decision"


def local_budget_shares() -> pd.DataFrame:
    """National totals of local budgets: transfers and tax revenue as shares of revenue.

    A percent view of :func:`kzgov.budget._national_transfer_share` (Ministry of Finance
    national aggregates, not per region; their unit is not stated, so the shares assume
    the files share one unit).

    Returns
    -------
    pandas.DataFrame
        ``year, revenue, transfers, tax_revenue, transfers_share_pct, tax_share_pct``.
    """
    from kzgov import budget

    nat = budget._national_transfer_share()
    out = nat[["year", "revenue", "transfers", "tax_revenue"]].copy()
    out["year"] = out["year"].astype(int)
    out["transfers_share_pct"] = 100 * nat["transfer_share"]
    out["tax_share_pct"] = 100 * nat["tax_revenue"] / nat["revenue"]
    return out.sort_values("year").reset_index(drop=True)


# =========================================================================== the execution panel: the study's regression
def budget_coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """Territories × years per scheme and item: cells with a value and cells in the grid.

    Returns
    -------
    pandas.DataFrame
        ``scheme, item, territories, years, first_year, last_year, cells, of_cells``.
    """
    rows = []
    for scheme, g in panel.groupby("scheme", sort=False):
        for item in (*execution._PANEL_ITEMS, "transfers_pc", "own_revenue_pc"):
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


def budget_frame(panel: pd.DataFrame, index: pd.DataFrame, *, scheme: str) -> pd.DataFrame:
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


BUDGET_REGRESSORS: tuple[str, ...] = ("log_transfers_pc", "log_own_revenue_pc")
_OUTCOME = "index_mean_z"


def _fe_fit(d: pd.DataFrame, *, name: str, scheme: str, bootstrap: int, seed: int,
            confidence: float) -> ModelResult:
    import statsmodels.formula.api as smf
    from scipy import stats
    from wildboottest.wildboottest import wildboottest

    formula = f"{_OUTCOME} ~ {' + '.join(BUDGET_REGRESSORS)} + C(territory) + C(year)"
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
    for t in BUDGET_REGRESSORS:
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

    formula = f"{_OUTCOME} ~ {' + '.join(BUDGET_REGRESSORS)}"
    res = smf.ols(formula, data=d).fit(cov_type="HC3", use_t=True)
    ci = res.conf_int(alpha=1 - confidence)
    rows = [{"term": t, "coef": float(res.params[t]), "se": float(res.bse[t]),
             "ci_low": float(ci.loc[t, 0]), "ci_high": float(ci.loc[t, 1]),
             "p": float(res.pvalues[t]), "p_cluster_t": math.nan} for t in BUDGET_REGRESSORS]
    return ModelResult(
        name=name, formula=formula, scheme=scheme,
        inference=f"HC3 standard errors, {confidence:.0%} interval and p from t with n-3 df",
        n_obs=int(res.nobs), n_regions=int(d["territory"].nunique()),
        years=sorted(int(y) for y in d["year"].unique()), r2=float(res.rsquared),
        terms=pd.DataFrame(rows))


def fit_budget_models(
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
        ``{"consistent": budget_frame(...), "current": budget_frame(...)}``.
    """
    for k in ("consistent", "current"):
        if k not in frames:
            raise ParameterError(
                f"The 'frames' parameter of fit_budget_models must have keys 'consistent' and "
                f"'current'. Missing {k!r}."
            )
    cols = [_OUTCOME, *BUDGET_REGRESSORS, "territory", "year"]
    con = frames["consistent"][cols].dropna().reset_index(drop=True)
    cur = frames["current"][cols].dropna().reset_index(drop=True)
    out = [_fe_fit(con, name="fe_consistent", scheme="consistent", bootstrap=bootstrap,
                   seed=seed, confidence=confidence)]
    py = cur[cur["year"] == paper_year]
    if len(py) > len(BUDGET_REGRESSORS) + 1:
        out.append(_cs_fit(py, name=f"cs_{paper_year}_current", scheme="current",
                           confidence=confidence))
    for y in sorted(con["year"].unique()):
        d = con[con["year"] == y]
        if len(d) > len(BUDGET_REGRESSORS) + 1:
            out.append(_cs_fit(d, name=f"cs_{int(y)}_consistent", scheme="consistent",
                               confidence=confidence))
    return out


def budget_models_table(models: Sequence[ModelResult]) -> pd.DataFrame:
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


def budget_models_json(models: Sequence[ModelResult]) -> list[dict[str, Any]]:
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


def table6_real(frame: pd.DataFrame, *, year: int = PAPER_YEAR) -> pd.DataFrame:
    """Table 6's correlations beside the same correlations on the real panel.

    For every pair of Table 6's variables: the printed r, and where both variables exist
    in the panel, Pearson's r across the regions of ``frame`` (a current-scheme
    :func:`budget_frame`) in ``year`` (levels in million KZT, as Table 6's labels; the
    index as notebook 03 defines it). ``reason`` says why a pair cannot be recomputed.
    """
    r6 = table6()
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


# =========================================================================== audit checks
_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _words(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _and_list(items: Sequence[Any]) -> str:
    s = [str(i) for i in items]
    return s[0] if len(s) == 1 else ", ".join(s[:-1]) + " and " + s[-1]


def _table6_claim(index: int) -> pd.Series:
    return table6_claims().iloc[index]


#: Claim id -> row of :func:`table6_claims` (the text's numeric correlations).
_TABLE6_CLAIM = {"C01": 0, "C02": 1, "C03": 2, "C06": 4}
#: Row of :func:`table6_claims` on "projects at the local level … weak connection".
_WEAK_CLAIM = 3
#: The scale whose "weak" band C04 is judged on (Evans 1996: weak below its "moderate").
_WEAK_SCALE = "evans1996"


@audit.register(*_TABLE6_CLAIM, rule="printed_precision")
def _table6_cell(c: Claim) -> Check:
    """A correlation the text quotes, against its cell of Table 6."""
    row = _table6_claim(_TABLE6_CLAIM[c.id])
    out = audit.compare(c, float(row["matrix_printed"]), how=f"Table 6 cell {row['refers_to']}")
    extra = ""
    if out.verdict == "discrepancy":
        extra = f"; {row['number_check']}"
    elif "only" in str(row["wording_check"]):
        extra = f"; wording: {row['wording_check']}"
    return Check(out.verdict, out.recomputed, out.note + extra)


def _weak_below(scale: str) -> float:
    """The lowest |r| a scale no longer calls weak (the lower bound of its 'moderate' band)."""
    from kzgov.correlation import _SCALES

    return min(cut for cut, label in _SCALES[scale] if _BANDS[label] != "weak")


@audit.register("C04", rule="predicate")
def _local_projects_weak(c: Claim) -> Check:
    """'projects at the local level show a weak connection with other parameters'.

    Rule: every |r| of the row is below the 'weak' bound of Evans (1996).
    """
    R = table6()
    claims = table6_claims()
    row = claims.iloc[_WEAK_CLAIM]
    name = str(row["refers_to"]).split(" × ")[0]
    others = R[name].drop(name).abs()
    strongest = float(others.max())
    ok = strongest < _weak_below(_WEAK_SCALE)
    moderate = claims[claims["descriptor"].str.lower() == "moderate"].iloc[0]
    scale = next(s for s in correlation._SCALES
                 if correlation._strength_label(moderate["text_value"], scale=s) == "moderate")
    n_moderate = str(row[scale]).split("; ").count("moderate")
    note = (
        f"Table 6 row '{name}': |r| up to {strongest:.3f} "
        f"({others.idxmax()}); {row['wording_check']} — on the scale the paper itself uses "
        f"({moderate['text_value']:g} 'moderate'), {_words(n_moderate)} of the "
        f"{_words(len(others))} are moderate" + (", not weak" if n_moderate else "")
    )
    return Check("reproduced" if ok else "discrepancy", strongest, note)


@audit.register("C05", rule="predicate")
def _table6_matrix(c: Claim) -> Check:
    """Table 6 is a valid correlation matrix; the observations it implies.

    Rule: symmetric, unit diagonal, entries in [−1, 1] and positive semi-definite.
    Recomputed: the smallest number of observations the printed matrix is consistent with.
    """
    R = table6()
    chk = correlation.check_matrix(R, decimals=TABLE6_DECIMALS, nearest=False)
    valid = chk.symmetric and chk.unit_diagonal and chk.in_range and chk.psd
    if not chk.consistent_with_rounding:
        note = (
            f"symmetric, unit diagonal, in range and positive semi-definite: {valid}; the smallest "
            f"eigenvalue {min(chk.eigenvalues):.5f} lies below minus the rounding bound "
            f"{chk.bound:g}, so no data set rounds to the printed matrix"
        )
        return Check("discrepancy", None, note)
    n_min = correlation.min_observations(R, decimals=TABLE6_DECIMALS)
    tiny = sum(e < chk.bound for e in chk.eigenvalues)
    ns = sorted({n_min, *N_ASSUMED})
    note = (
        f"symmetric, unit diagonal, in range and positive semi-definite: {valid}; "
        f"{tiny} of {len(chk.eigenvalues)} eigenvalues are below the rounding bound "
        f"{chk.bound:g} (smallest {min(chk.eigenvalues):.5f}), so the printed matrix is "
        f"consistent with as few as {n_min} observations (numerical rank "
        f"{chk.numerical_rank}); the paper states no n; see notebook 03 for the critical |r| "
        f"at n = {_and_list(ns)}"
    )
    return Check("reproduced" if valid else "discrepancy", float(n_min), note)


@audit.register("R02", rule="printed_precision")
def _turkestan_established(c: Claim) -> Check:
    """'The Turkestan region was established in 2018': where the statistics switch borders."""
    rules = kzpanel.border_rules()
    yko = rules[(rules["parent"] == "YKO") & (rules["parent_last"] >= 2017)]
    ends = sorted({int(y) for y in yko["parent_last"]})
    switch = sorted({y + 1 for y in ends})
    year = switch[0] if len(switch) == 1 else float("nan")
    note = (
        f"the statistics bureau's South Kazakhstan series end in {_and_list(ends)} and "
        "Turkestan's start on the new borders the year after, in "
        f"{', '.join(yko['variable'])} (employment and labour force are back-cast and say "
        "nothing about the date)"
    )
    return audit.compare(c, float(year), how=note)


@functools.lru_cache(maxsize=2)
def _panel_cached(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return execution.build_panel()


def _execution_panel() -> pd.DataFrame:
    """The execution panel, rebuilt whenever the raw execution file changes."""
    from kzgov import data

    path = data.resource_path("minfin_execution_december")
    st = path.stat()
    return _panel_cached(str(path), st.st_mtime_ns, st.st_size)


def _shares() -> tuple[pd.DataFrame, pd.DataFrame]:
    shares = transfer_shares(_execution_panel(), years=CLAIM_YEARS)
    return shares, transfer_share_claims(shares)


def _years_held(claims: pd.DataFrame, claim: str) -> tuple[list[int], list[int]]:
    sub = claims[claims["claim"] == claim]
    return ([int(y) for y in sub.loc[sub["holds"], "year"]],
            [int(y) for y in sub.loc[~sub["holds"], "year"]])


def _pct(x: float) -> str:
    return f"{100 * x:g}%"


@audit.register("R06", rule="predicate")
def _transfers_over_70(c: Claim) -> Check:
    """'More than 70% of regional revenues are transfers': every region-year, 2022–2024.

    Rule (:func:`transfer_share_claims`): in each year the national share and the
    unweighted regional mean must exceed :data:`SHARE_ABOVE`; reproduced when that holds
    in every year of :data:`CLAIM_YEARS`. Recomputed: the national share in the last year
    (the paper's year).
    """
    shares, claims = _shares()
    held, failed = _years_held(claims, "more than 70%")
    last = shares.set_index("year").loc[max(CLAIM_YEARS)]
    parts = [
        f"{int(r.year)}: national {100 * r.national_share:.1f}%, unweighted mean of "
        f"{int(r.n_regions)} regions {100 * r.unweighted_mean:.1f}%, {int(r.n_above_70)} of "
        f"{int(r.n_regions)} regions above {_pct(SHARE_ABOVE)} (range {100 * r.min:.1f}-"
        f"{100 * r.max:.1f}%)"
        for r in shares.itertuples(index=False)
    ]
    note = ("Ministry of Finance execution of local budgets by region (consolidated local "
            "budgets): " + "; ".join(parts) + f"; the rule holds in {len(held)} of "
            f"{len(CLAIM_YEARS)} years")
    verdict = "reproduced" if not failed else "discrepancy"
    return Check(verdict, 100 * float(last["national_share"]), note)


@audit.register("R11", rule="predicate")
def _average_transfer_share(c: Claim) -> Check:
    """'On average, the share of transfers in regional budget revenues is 70-80%'.

    Rule: the unweighted mean of the regions' shares lies in :data:`SHARE_BAND` in every
    year of :data:`CLAIM_YEARS`. Recomputed: the last year's unweighted regional mean.
    """
    shares, claims = _shares()
    held, failed = _years_held(claims, "on average 70-80%")
    last = shares.set_index("year").loc[max(CLAIM_YEARS)]
    band = f"{100 * SHARE_BAND[0]:g}-{_pct(SHARE_BAND[1])}"
    parts = [
        f"{int(r.year)}: unweighted mean {100 * r.unweighted_mean:.1f}% (median "
        f"{100 * r.median:.1f}%, {int(r.n_in_70_80)} of {int(r.n_regions)} regions within "
        f"{band}; all regions pooled {100 * r.regions_pooled_share:.1f}%)"
        for r in shares.itertuples(index=False)
    ]
    note = ("Ministry of Finance execution by region: " + "; ".join(parts)
            + f"; the mean lies in {band} in {len(held)} of {len(CLAIM_YEARS)} years")
    verdict = "reproduced" if not failed else "discrepancy"
    return Check(verdict, 100 * float(last["unweighted_mean"]), note)


@audit.register("C09", rule="predicate")
def _vko_transfer_share(c: Claim) -> Check:
    """East Kazakhstan: transfers more than 70% of revenue (the paper's year).

    Rule: transfers / revenue of East Kazakhstan's consolidated local budget in
    :data:`PAPER_YEAR` exceeds the printed share (its territory since 2022; the note gives
    every year).
    """
    p = _execution_panel()
    v = p[(p["scheme"] == "current") & (p["territory"] == "VKO")].set_index("year")
    share = 100 * float(v.loc[PAPER_YEAR, "transfer_dependency"])
    threshold = float(c.reported_value or 0)
    ok = share > threshold
    s = 100 * v["transfer_dependency"].dropna()
    note = (f"Ministry of Finance execution, East Kazakhstan {PAPER_YEAR}: transfers "
            f"{v.loc[PAPER_YEAR, 'transfers']:,.1f} of revenue {v.loc[PAPER_YEAR, 'revenue']:,.1f} "
            f"million KZT = {share:.1f}%; {int(s.index.min())}-{int(s.index.max())} range "
            f"{s.min():.1f}-{s.max():.1f}%, above {threshold:g}% in {int((s > threshold).sum())} "
            f"of {len(s)} years")
    return Check("reproduced" if ok else "discrepancy", share, note)


# =========================================================================== notebook
#: The parameters of ``notebooks/03_regional_correlation``.
PARAMETERS = Parameters(
    "03_regional_correlation",
    Parameter("decimals", [Interval(int, 1, 6)], help="decimals Table 6 is printed with"),
    Parameter("alpha", [Interval(float, 0.001, 0.2)], help="significance level (two-sided)"),
    Parameter("n_assumed", [ListOf(Interval(int, 4, 10000))],
              help="plausible numbers of regions behind Table 6"),
    Parameter("method", [Options(str, ("pearson", "spearman"))],
              help="correlation of the real-data cross-section"),
    Parameter("sensitivity_reps", [Interval(int, 10, 5000)],
              help="perturbations of Table 6 within its rounding"),
    Parameter("seed", [Interval(int, 0, None)], help="seed of those perturbations"),
    Parameter("cross_section_year", [Options(int, tuple(range(2009, 2021)))],
              help="year of the real-data analogue of Table 6 (per-capita income ends 2020)"),
    Parameter("outcomes",
              [ListOf(Options(str, ("grp_pc_growth", "unemployment_rate", "index_mean_z")))],
              help="outcomes of the investment models"),
    Parameter("first_year", [Interval(int, 2009, 2024)], help="first year of the panel",
              less_than="last_year"),
    Parameter("last_year", [Interval(int, 2010, 2025)], help="last year of the panel"),
    Parameter("budget_year", [Interval(int, 2013, 2024)],
              help="cross-section of the study's regression (the paper's year)"),
    Parameter("bootstrap_reps", [Interval(int, 99, 99999)],
              help="wild cluster bootstrap replications (fixed-effects model)"),
    Parameter("bootstrap_seed", [Interval(int, 0, None)], help="seed of the wild cluster bootstrap"),
)
