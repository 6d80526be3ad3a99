"""Notebook 07, the platform's economic effect: Table 7, Figures 15 and 16 of the study.

Section 3 of Abdullayev, Kadyrova & Ydyrys (2025) proposes the "Smart Project Management
of Akimats" platform and claims a "Payback period: 2-3 years" and "full payback within
three years". Figure 15 prints "accumulated savings" of $0, 2, 5, 7, 10 million in years
1–5 and "initial investments" of $5, 3, 1 million in years 1–3, "entirely eliminated by
the fourth year". Figure 16 prints citizen reviews for nine of the first twelve months.

This module reads those printed series, appraises them with the general methods of
:mod:`kzgov.economics` under both readings of "accumulated" (annual amounts or running
totals) and both timing conventions, fits the growth curves to Figure 16, draws both
figures, and registers the audit checks of the section (P01, P02, P12, P17; the printed
series themselves are unverifiable projections).

Examples
--------
>>> from kzgov.study import economic_effect as study
>>> study.table7_months()
12
>>> study.figure15_series()["savings"].tolist()
[0.0, 2.0, 5.0, 7.0, 10.0]
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import audit, data
from kzgov import economics as ec
from kzgov.audit import Check, Claim
from kzgov.constraints import Interval, Options, Parameter, Parameters
from kzgov.errors import DataError, ParameterError

__all__ = [
    "FIGURE16_MODELS",
    "PARAMETERS",
    "figure15_appraisal",
    "figure15_series",
    "figure16_extrapolation",
    "figure16_increments",
    "figure16_increments_style",
    "figure16_series",
    "payback_claims",
    "plot_figure15",
    "plot_figure16",
    "summary",
    "table7_months",
    "table7_plan",
]

_Kind = Literal["annual", "cumulative"]
_IntervalMethod = Literal["delta", "bootstrap"]
_READINGS: dict[str, _Kind] = {"annual": "annual", "cumulative": "cumulative"}
#: The growth curves fitted to Figure 16.
FIGURE16_MODELS: tuple[str, ...] = ("linear", "exponential", "logistic")

#: The parameters of ``notebooks/07_economic_effect``.
PARAMETERS = Parameters(
    "07_economic_effect",
    Parameter("discount_rate", [Interval(float, 0, 0.5)], sweep=(0.0, 0.05, 0.10, 0.15),
              help="discount rate per year for NPV and discounted payback (0.10 = 10 %)"),
    Parameter("horizon", [Interval(int, 1, 5)], sweep=(3, 4, 5),
              help="years of Figure 15 kept (the study prints five)"),
    Parameter("extrapolate_to", [Interval(int, 13, 60)], sweep=(18, 24, 36),
              help="last month of the Figure 16 extrapolation (the study prints months 1-12)"),
    Parameter("confidence", [Interval(float, 0, 1, closed="neither")],
              help="level of the prediction intervals"),
    Parameter("interval_method", [Options(str, ("delta", "bootstrap"))],
              help="prediction intervals: parametric bootstrap (seeded) or delta method"),
    Parameter("n_boot", [Interval(int, 19, 9999)], sweep=(199, 999),
              help="bootstrap samples"),
    Parameter("seed", [Interval(int, 0, None)], help="seed of the bootstrap"),
)


def figure15_series() -> pd.DataFrame:
    """Figure 15 as printed: ``year``, ``savings`` and ``investment`` ($ million)."""
    raw = data.load("figure15_economic_effect")
    wide = (
        raw[raw["series"] != "payback_claim"]
        .pivot(index="year", columns="series", values="value")
        .rename(columns={"accumulated_savings": "savings", "initial_investments": "investment"})
    )
    if wide.isna().any().any():
        raise DataError(
            "Figure 15 needs both series for every year; some are missing",
            path=data.resource_path("figure15_economic_effect"),
        )
    out = wide.reset_index()[["year", "savings", "investment"]]
    out["year"] = out["year"].astype(int)
    return out


def figure15_appraisal(*, rate: float = 0.10, horizon: int = 5) -> pd.DataFrame:
    """Appraise Figure 15 under both readings of "accumulated" and both timings.

    Returns
    -------
    pandas.DataFrame
        One row per (``reading`` ∈ {annual, cumulative}, ``first_period`` ∈ {1, 0}) with
        the fields of :class:`Appraisal` and ``timing`` in words.
    """
    s = figure15_series()
    rows = []
    for reading in _READINGS:
        for fp in (1, 0):
            a = ec.appraise(
                s["savings"], s["investment"], savings_kind=_READINGS[reading],
                rate=rate, horizon=horizon, first_period=fp,
            )
            d = a.to_dict()
            d["timing"] = (
                "from start of year 1 (year t at t)" if fp == 1
                else "from end of year 1 / launch (year 1 at t=0)"
            )
            rows.append(d)
    return pd.DataFrame(rows)


def payback_claims(appraisal: pd.DataFrame | None = None) -> pd.DataFrame:
    """Judge the study's payback claims under each reading and timing.

    * "full payback within three years" (text under Figure 15): payback ≤ 3;
    * "Payback period: 2-3 years" (after Table 7): 2 ≤ payback ≤ 3.

    Both are judged on the interpolated (fractional-year) simple payback and on the
    whole-year payback; the claims' numbers are read from the transcription.

    Returns
    -------
    pandas.DataFrame
        ``claim``, ``printed``, ``reading``, ``timing``, ``payback`` (whole years),
        ``payback_interpolated``, ``claim_low``, ``claim_high``, ``holds`` (on the
        interpolated value), ``holds_whole_years``.
    """
    ap = figure15_appraisal() if appraisal is None else appraisal
    raw = data.load("figure15_economic_effect")
    cl = raw[raw["series"] == "payback_claim"]
    claims = []
    rng = cl[cl["qualifier"].isin(["lower end", "upper end"])]
    claims.append(
        ("payback 2-3 years", rng["printed"].iloc[0], float(rng["value"].min()),
         float(rng["value"].max()))
    )
    w = cl[cl["qualifier"] == "within"].iloc[0]
    claims.append(("full payback within three years", w["printed"], 0.0, float(w["value"])))
    rows = []
    for name, printed, lo, hi in claims:
        for _, a in ap.iterrows():
            p, pi = float(a["payback"]), float(a["payback_interpolated"])
            rows.append(
                {
                    "claim": name,
                    "printed": printed,
                    "reading": a["reading"],
                    "timing": a["timing"],
                    "payback": p,
                    "payback_interpolated": pi,
                    "claim_low": lo,
                    "claim_high": hi,
                    "holds": bool(lo <= pi <= hi) if not math.isnan(pi) else False,
                    "holds_whole_years": bool(lo <= p <= hi) if not math.isnan(p) else False,
                }
            )
    return pd.DataFrame(rows)


def figure16_series() -> pd.DataFrame:
    """Figure 16 as printed: ``month``, ``value``, ``qualifier``, ``printed`` (9 months)."""
    raw = data.load("figure16_citizen_engagement")
    out = raw[["month", "value", "qualifier", "printed", "unit"]].copy()
    out["month"] = out["month"].astype(int)
    out["qualifier"] = out["qualifier"].fillna("")
    return out.sort_values("month").reset_index(drop=True)


def figure16_increments() -> pd.DataFrame:
    """Growth between printed months: absolute per month and relative per month.

    ``per_month = Δvalue / Δmonth``; ``relative_per_month = (v_j / v_{j−1})^{1/Δmonth} − 1``.
    Tests the text's "from the eighth month onward, the growth accelerated
    significantly": constant ``per_month`` and falling ``relative_per_month`` mean linear,
    not accelerating, growth.
    """
    s = figure16_series()
    dm = s["month"].diff()
    out = s[["month", "value"]].copy()
    out["months_since_previous"] = dm
    out["per_month"] = s["value"].diff() / dm
    out["relative_per_month"] = (s["value"] / s["value"].shift()) ** (1 / dm) - 1
    return out


def figure16_increments_style(*, value: str, caption: str, uuid: str) -> Any:
    """:func:`figure16_increments` as a displayed table (a pandas Styler).

    ``value`` heads the printed count column, ``caption`` captions the table and the
    fixed ``uuid`` keeps the HTML the same on every run.
    """
    return (
        figure16_increments()
        .rename(columns={"value": value, "months_since_previous": "months since previous",
                         "per_month": "growth (count per month)",
                         "relative_per_month": "growth (% per month)"})
        .style.hide(axis="index")
        .format({value: "{:,.0f}", "months since previous": "{:.0f}", "growth (% per month)": "{:.1%}"},
                precision=1, na_rep="—")
        .set_caption(caption)
        .set_uuid(uuid)
    )


def figure16_extrapolation(
    *,
    to: int = 24,
    confidence: float = 0.95,
    method: _IntervalMethod = "bootstrap",
    n_boot: int = 999,
    seed: int = 20250903,
) -> pd.DataFrame:
    """Extrapolate each growth curve fitted to Figure 16 to month ``to``.

    Returns the :func:`predict_growth` rows of every model for the months after the last
    printed one (13 … ``to``); every row is an extrapolation (``extrapolation`` is True).
    """
    f16 = figure16_series()
    last = int(f16["month"].max())
    if isinstance(to, bool) or not isinstance(to, (int, np.integer)) or to <= last:
        raise ParameterError(
            f"The 'to' parameter of figure16_extrapolation must be an int > {last} (the last "
            f"printed month). Got {to!r} instead."
        )
    months = np.arange(last + 1, int(to) + 1)
    return pd.concat(
        [
            ec.predict_growth(
                ec.fit_growth(f16["month"], f16["value"], model=m), months,  # type: ignore[arg-type]
                confidence=confidence, method=method, n_boot=n_boot, seed=seed,
            )
            for m in FIGURE16_MODELS
        ],
        ignore_index=True,
    )


def summary(
    *,
    rate: float = 0.10,
    horizon: int = 5,
    extrapolate_to: int = 24,
    confidence: float = 0.95,
    method: _IntervalMethod = "bootstrap",
    n_boot: int = 999,
    seed: int = 20250903,
    extrapolation: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """All key numbers of notebook 07 as a JSON-ready dict.

    Floats are rounded to 6 significant digits so the written file is byte-stable.
    ``extrapolation`` may pass the result of :func:`figure16_extrapolation` computed with
    the same settings, to avoid computing it twice.
    """
    ap = figure15_appraisal(rate=rate, horizon=horizon)
    cl = payback_claims(ap)
    s = figure15_series()
    f16 = figure16_series()
    comp = ec.compare_growth(f16["month"], f16["value"])
    preds = (
        figure16_extrapolation(
            to=extrapolate_to, confidence=confidence, method=method, n_boot=n_boot, seed=seed
        )
        if extrapolation is None
        else extrapolation
    )
    return _round(
        {
            "parameters": {
                "discount_rate": rate, "horizon": horizon, "extrapolate_to": extrapolate_to,
                "confidence": confidence, "interval_method": method,
                "n_boot": n_boot if method == "bootstrap" else None,
                "seed": seed if method == "bootstrap" else None,
            },
            "figure15": {
                "series_musd": s.to_dict(orient="records"),
                "flows_musd": {
                    k: ec.cash_flows(s["savings"], s["investment"], savings_kind=k).to_dict(
                        orient="records")
                    for k in _READINGS
                },
                "appraisal": ap.to_dict(orient="records"),
                "claims": cl.to_dict(orient="records"),
            },
            "figure16": {
                "series": f16.to_dict(orient="records"),
                "increments": figure16_increments().to_dict(orient="records"),
                "fits": comp.to_dict(orient="records"),
                "extrapolation": preds.to_dict(orient="records"),
                "note": "months after the last printed month are extrapolations",
            },
        }
    )


def _round(obj: Any, sig: int = 6) -> Any:
    if isinstance(obj, dict):
        return {k: _round(v, sig) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_round(v, sig) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        if not math.isfinite(x):
            return None
        return float(f"{x:.{sig}g}")
    if obj is pd.NA or obj is None:
        return None
    return obj


def plot_figure15(*, savings_kind: _Kind = "annual", first_period: int = 1) -> Any:
    """Figure 15 re-drawn: annual savings and investment, with cumulative net flow."""
    import matplotlib.pyplot as plt

    from kzgov import plots

    s = figure15_series()
    fl = ec.cash_flows(s["savings"], s["investment"], savings_kind=savings_kind)
    plots.set_theme()
    fig, ax = plt.subplots(figsize=(7, 4))
    x = fl["year"].to_numpy()
    ax.bar(x - 0.2, fl["savings"], width=0.4, label="savings (annual)", color="C2")
    ax.bar(x + 0.2, -fl["investment"], width=0.4, label="investment (annual, negative)",
           color="C3")
    ax.plot(x, fl["cumulative_net"], "ko-", label="cumulative net flow")
    ax.axhline(0, color="0.3", lw=0.8)
    pb = ec.payback_period(fl["net"], first_period=first_period, interpolate=True)
    ax.set_xlabel("project year")
    ax.set_ylabel("$ million")
    ax.set_title(f"Figure 15, '{savings_kind}' reading: payback after {pb:.2f} years")
    ax.legend(fontsize=8)
    plots.caption(
        fig,
        "Source: text under Figure 15 of Abdullayev et al. (2025), "
        "data/raw/paper/figure15_economic_effect.csv; payback counted from the "
        + ("start of year 1." if first_period == 1 else "end of year 1 (launch)."),
    )
    fig.tight_layout()
    return fig


def plot_figure16(predictions: pd.DataFrame) -> Any:
    """Figure 16's printed months, the fitted curves and their extrapolation bands."""
    import matplotlib.pyplot as plt

    from kzgov import plots

    f16 = figure16_series()
    plots.set_theme()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(f16["month"], f16["value"], "ko", label="printed (9 months)", zorder=5)
    tt = np.linspace(1, float(f16["month"].max()), 100)
    for i, m in enumerate(FIGURE16_MODELS):
        f = ec.fit_growth(f16["month"], f16["value"], model=m)
        ax.plot(tt, f.predict(tt), color=f"C{i}", label=f"{m} fit")
        pr = predictions[predictions["model"] == m]
        ax.plot(pr["t"], pr["fitted"], color=f"C{i}", ls="--")
        ax.fill_between(pr["t"], pr["pi_low"], pr["pi_high"], color=f"C{i}", alpha=0.15)
    ax.axvspan(float(f16["month"].max()) + 0.5, float(predictions["t"].max()) + 0.5,
               color="0.9", zorder=0)
    ax.text(0.99, 0.02, "EXTRAPOLATION (beyond the printed months)", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=9, color="0.3")
    ax.set_xlabel("month since launch")
    ax.set_ylabel("citizen reviews (count, log scale)")
    ax.set_yscale("log")
    ax.set_ylim(bottom=50)
    ax.set_title("Figure 16: fitted growth and extrapolation with prediction intervals")
    ax.legend(fontsize=8, loc="upper left")
    plots.caption(
        fig,
        "Source: text under Figure 16 of Abdullayev et al. (2025), "
        "data/raw/paper/figure16_citizen_engagement.csv (months 2, 3, 5 not printed). "
        "Dashed lines and bands beyond month 12 are extrapolations.",
    )
    fig.tight_layout()
    return fig


def table7_plan() -> pd.DataFrame:
    """Table 7's phases (label, printed month range, first and last month), as printed."""
    return data.load("paper_table7_implementation_plan")


def table7_months() -> int:
    """Length of Table 7's plan in months: the last month of its last phase.

    The phases must tile the months without gaps or overlaps; a gap raises ``DataError``.
    """
    plan = table7_plan().sort_values("month_start")
    starts = plan["month_start"].astype(int).tolist()
    ends = plan["month_end"].astype(int).tolist()
    for prev_end, start in zip(ends[:-1], starts[1:], strict=True):
        if start != prev_end + 1:
            raise DataError(
                f"Table 7's phases do not tile the months: a phase ends in month {prev_end} and "
                f"the next starts in month {start}"
            )
    return int(ends[-1]) - int(starts[0]) + 1


# --------------------------------------------------------------------------- audit checks
audit.unverifiable(
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
audit.unverifiable(
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

_PAYBACK_CLAIMS = {"P02": "payback 2-3 years", "P12": "full payback within three years"}


def _payback(table: pd.DataFrame, reading: str, timing_prefix: str) -> float:
    sel = table[(table["reading"] == reading) & table["timing"].str.startswith(timing_prefix)]
    return float(sel["payback_interpolated"].iloc[0])


@audit.register("P02", "P12", rule="predicate")
def _payback_claim(c: Claim) -> Check:
    """Figure 15: simple payback of the printed series under both readings of 'accumulated'.

    Rule: the interpolated payback, counted from the start of year 1, lies within the
    claim's range under at least one reading of the savings.
    """
    table = payback_claims()
    t = table[table["claim"] == _PAYBACK_CLAIMS[c.id]]
    annual = _payback(t, "annual", "from start")
    cumulative = _payback(t, "cumulative", "from start")
    launch = _payback(t, "annual", "from end")
    holds = t[t["timing"].str.startswith("from start")]["holds"].astype(bool)
    verdict = "reproduced" if holds.any() else "discrepancy"
    note = (
        f"payback of Figure 15's series, counted from year 1: {annual:.2f} years if the "
        f"savings are annual amounts, {cumulative:.2f} years if they are cumulative totals; "
        f"the claim holds only if counted from the end of year 1 (launch) under the annual "
        f"reading ({launch:.2f} years)"
    )
    return Check(verdict, annual, note)


@audit.register("P01", rule="printed_precision")
def _development_year(c: Claim) -> Check:
    """Table 7: the implementation plan spans months 1–12."""
    plan = table7_plan().sort_values("month_start")
    phases = ", ".join(
        f"{int(r.month_start)}-{int(r.month_end)}" for r in plan.itertuples(index=False)
    )
    return audit.compare(c, float(table7_months()), how=f"Table 7's phases cover months {phases}")


#: The month from which claim P17 says growth accelerated ("from the eighth month onward").
_P17_FROM_MONTH = 8


@audit.register("P17", rule="predicate")
def _engagement_acceleration(c: Claim) -> Check:
    """Figure 16: did growth accelerate from month 8 on? Look at the monthly increments.

    Rule: the growth per month from month 8 on is not one constant (a constant increment
    is linear growth, not acceleration).
    """
    inc = figure16_increments()
    late = inc[inc["month"] >= _P17_FROM_MONTH]["per_month"]
    early = inc[(inc["month"] < _P17_FROM_MONTH) & inc["per_month"].notna()]["per_month"]
    constant = bool(late.nunique() == 1)
    step = float(late.iloc[0])
    note = (
        f"monthly increments as printed: {', '.join(f'{v:g}' for v in early)} up to month "
        f"{_P17_FROM_MONTH - 1}, "
        f"then {', '.join(f'{v:g}' for v in late)} from month {_P17_FROM_MONTH}: "
    )
    if constant:
        # the first printed month from which every increment equals the late one
        run = inc["per_month"].eq(step)[::-1].cumprod()[::-1].astype(bool)
        linear_from = int(inc.loc[run, "month"].min())
        rel = inc.loc[inc["month"] >= linear_from, "relative_per_month"]
        note += (
            f"growth is linear (+{step:g} a month) from month {linear_from} on, and its "
            f"relative rate falls from {rel.iloc[0]:.0%} to {rel.iloc[-1]:.0%}; the "
            f"acceleration happened before month {_P17_FROM_MONTH}, not after"
        )
    else:
        note += f"the growth per month changes from month {_P17_FROM_MONTH} on"
    return Check("discrepancy" if constant else "reproduced", step, note)
