"""Investment appraisal (NPV, IRR, payback) and growth curves compared by AIC.

General methods for a savings-against-investment case and for a short count series:
:func:`cash_flows` and :func:`appraise` lay out and appraise yearly flows,
:func:`fit_growth`, :func:`compare_growth` and :func:`predict_growth` fit linear,
exponential and logistic growth and extrapolate it with prediction intervals. The study's
Figures 15 and 16 are read and appraised in :mod:`kzgov.study.economic_effect`.

Investment appraisal
--------------------
Cash flows ``CF_i`` (``i = 0 … m−1``) fall at times ``t_i = first_period + i`` years.

* NPV: ``Σ CF_i / (1 + r)^{t_i}``, through :func:`numpy_financial.npv` (which puts the
  first flow at ``t = 0``) times ``(1 + r)^{−first_period}``.
* IRR: the ``r`` with NPV = 0, through :func:`numpy_financial.irr` (independent of
  ``first_period``).
* Simple payback: the first time ``t_i`` at which the cumulative net flow
  ``C_i = Σ_{j≤i} CF_j`` is ≥ 0. With ``interpolate=True`` the flow of period ``i`` is
  taken to accrue evenly over ``(t_i − 1, t_i]`` and the payback is
  ``t_i − 1 + (−C_{i−1}) / CF_i`` (a fractional year).
* Discounted payback (``payback_period(..., rate=r)``): the same on the discounted flows
  ``CF_i / (1 + r)^{t_i}``.

Timing convention (``first_period``). ``first_period=1`` puts year ``t``'s flows at the
end of year ``t`` and counts time from the start of year 1: the natural reading of a
series of "years 1–5". ``first_period=0`` is the textbook layout with the first year's
outlay at ``t = 0``; it is equivalent to counting time from the end of year 1.

Readings of a series. A yearly series may give the amounts *of* each year (``annual``) or
running totals (``cumulative``, annual = first difference). A cumulative total cannot
fall, so :func:`cash_flows` refuses to read a falling series as cumulative.

Growth curves
-------------
Linear ``a + b t`` (statsmodels OLS), exponential ``a e^{b t}`` and logistic
``K / (1 + e^{−r (t − t0)})`` (:func:`scipy.optimize.curve_fit`), all with additive
Gaussian errors so that their likelihoods are comparable. With ``n`` points, ``p`` mean
parameters, ``k = p + 1`` (σ counted) and ``RSS`` the residual sum of squares, the
maximised log-likelihood is ``ln L = −n/2 · (ln(2π · RSS/n) + 1)`` and

* ``AIC = 2k − 2 ln L = n ln(RSS/n) + n (ln 2π + 1) + 2k``,
* ``AICc = AIC + 2k(k + 1) / (n − k − 1)`` (small-sample correction).

Prediction intervals for a new observation at ``t*``: delta method,
``ŷ ± t_{n−p, (1+c)/2} · sqrt(gᵀ V g + s²)`` with ``g = ∂f/∂θ`` at ``θ̂``, ``V`` the
estimated covariance of ``θ̂`` and ``s² = RSS/(n − p)`` (exact for the linear model), or
a parametric bootstrap (simulate ``f(t; θ̂) + ε``, ``ε ~ N(0, s²)``, refit, add new
noise; percentile interval; seeded). Any ``t*`` beyond the last observed time is an
extrapolation and is flagged as such.

References
----------
Brealey, R., Myers, S. & Allen, F. (2020). Principles of Corporate Finance, ch. 5.
Burnham, K. P. & Anderson, D. R. (2002). Model Selection and Multimodel Inference, §2.
Seber, G. A. F. & Wild, C. J. (2003). Nonlinear Regression, §5.

Examples
--------
>>> from kzgov import economics as ec
>>> round(ec.npv([-100, 60, 60], rate=0.10), 4)
4.1322
>>> round(ec.payback_period([-100, 60, 60], interpolate=True), 6)
1.666667
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov.constraints import Interval, Options, validate_params
from kzgov.errors import KzgovError, ParameterError

__all__ = [
    "Appraisal",
    "GrowthFit",
    "appraise",
    "cash_flows",
    "compare_growth",
    "fit_growth",
    "irr",
    "npv",
    "payback_period",
    "predict_growth",
]

Kind = Literal["annual", "cumulative"]
GrowthModel = Literal["linear", "exponential", "logistic"]
IntervalMethod = Literal["delta", "bootstrap"]
_GROWTH_MODELS: tuple[str, ...] = ("linear", "exponential", "logistic")


# --------------------------------------------------------------------------- validation
def _flows(values: Any, name: str, func: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"The {name!r} parameter of {func} must be a sequence of numbers. "
            f"Got {values!r} instead."
        ) from None
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError(
            f"The {name!r} parameter of {func} must be a non-empty 1-d sequence of numbers. "
            f"Got shape {arr.shape} instead."
        )
    if not np.all(np.isfinite(arr)):
        raise ParameterError(
            f"The {name!r} parameter of {func} must contain finite numbers only. "
            f"Got {arr.tolist()} instead."
        )
    return arr


_RATE = [Interval(float, -1, None, closed="neither")]
_FIRST_PERIOD = [Interval(int, 0, None)]
_KIND = [Options(str, ("annual", "cumulative"))]


# --------------------------------------------------------------------------- appraisal
@validate_params({"rate": _RATE, "first_period": _FIRST_PERIOD})
def npv(flows: Sequence[float], *, rate: float, first_period: int = 0) -> float:
    """Net present value of ``flows`` at ``rate``, the first flow at ``t = first_period``.

    ``NPV = Σ_i CF_i / (1 + rate)^{first_period + i}``, computed with
    :func:`numpy_financial.npv`.

    Parameters
    ----------
    flows
        Net cash flows, one per period.
    rate
        Discount rate per period (0.10 = 10 %), > −1.
    first_period
        Time of the first flow: 0 (numpy-financial's convention, an outlay "now") or 1
        (year-end convention for a series of years 1, 2, …).

    Examples
    --------
    >>> round(npv([-100, 60, 60], rate=0.10), 6)   # -100 + 60/1.1 + 60/1.21
    4.132231
    """
    import numpy_financial as npf

    cf = _flows(flows, "flows", "npv")
    return float(npf.npv(float(rate), cf)) / (1.0 + float(rate)) ** int(first_period)


def irr(flows: Sequence[float]) -> float:
    """Internal rate of return of ``flows`` (NaN when none exists).

    Through :func:`numpy_financial.irr`. It does not depend on the timing convention.
    With more than one change of sign several rates may exist; numpy-financial returns
    the one closest to 0.

    Examples
    --------
    >>> round(irr([-100, 60, 60]), 6)   # -100 + 60x + 60x² = 0, x = 1/(1+r)
    0.130662
    """
    import numpy_financial as npf

    cf = _flows(flows, "flows", "irr")
    if not (np.any(cf < 0) and np.any(cf > 0)):
        return math.nan
    return float(npf.irr(cf))


def _payback(cf: np.ndarray, first_period: int, interpolate: bool, func: str) -> float:
    if cf[0] >= 0:
        raise ParameterError(
            f"The 'flows' parameter of {func} must start with an outlay (a negative first "
            f"flow) for a payback period to be defined. Got first flow {cf[0]!r} instead."
        )
    cum = np.cumsum(cf)
    hit = np.flatnonzero(cum >= -1e-12 * np.max(np.abs(cum)))
    if hit.size == 0:
        return math.nan
    i = int(hit[0])
    t_i = first_period + i
    if not interpolate:
        return float(t_i)
    return float(t_i - 1 + (-cum[i - 1]) / cf[i])


@validate_params({"first_period": _FIRST_PERIOD, "interpolate": [bool], "rate": [*_RATE, None]})
def payback_period(
    flows: Sequence[float],
    *,
    first_period: int = 0,
    interpolate: bool = False,
    rate: float | None = None,
) -> float:
    """Simple or discounted payback: when the cumulative net flow first becomes ≥ 0.

    Parameters
    ----------
    flows
        Net cash flows, starting with an outlay (negative).
    first_period
        Time of the first flow (see the module docstring): 0 or 1.
    interpolate
        False (default): the time ``t_i`` of the first period whose cumulative flow is
        ≥ 0, a whole number. True: the fractional time, assuming the flow of that period
        accrues evenly over it: ``t_i − 1 + (−C_{i−1}) / CF_i``.
    rate
        None (default): simple payback. A discount rate per period (> −1): discounted
        payback, the same on the discounted flows ``CF_i / (1 + rate)^{t_i}``.

    Returns
    -------
    float
        The payback time in periods, or NaN if the flows never pay back.

    Examples
    --------
    >>> payback_period([-100, 60, 60])        # cumulative -100, -40, 20
    2.0
    >>> payback_period([-5, -1, 4, 7, 10], first_period=1, interpolate=True)
    3.2857142857142856
    >>> payback_period([-100, 60, 60], rate=0.10)   # discounted: -100, 54.5, 49.6
    2.0
    """
    cf = _flows(flows, "flows", "payback_period")
    fp = int(first_period)
    if rate is not None:
        cf = cf / (1.0 + float(rate)) ** (fp + np.arange(cf.size))
    return _payback(cf, fp, interpolate, "payback_period")


def _annual_amounts(values: Sequence[float], *, kind: Kind, name: str = "series") -> np.ndarray:
    """Annual amounts of a series given as annual amounts or as cumulative totals.

    ``kind="cumulative"`` returns the first difference (the first value kept). A cumulative
    total cannot fall, so a falling series read as cumulative raises
    :class:`~kzgov.errors.ParameterError`.
    """
    arr = _flows(values, name, "cash_flows")
    if kind == "annual":
        return arr.copy()
    step = np.diff(arr, prepend=0.0)
    if np.any(step[1:] < 0):
        raise ParameterError(
            f"The {name!r} series cannot be read as cumulative totals: a cumulative total "
            f"cannot fall, but {arr.tolist()} does (annual amounts would be "
            f"{step.tolist()})."
        )
    return step


@validate_params({"savings_kind": _KIND, "investment_kind": _KIND})
def cash_flows(
    savings: Sequence[float],
    investment: Sequence[float],
    *,
    savings_kind: Kind = "annual",
    investment_kind: Kind = "annual",
) -> pd.DataFrame:
    """Year-by-year flows: savings and investment (annual), net and cumulative net.

    Returns
    -------
    pandas.DataFrame
        ``year`` (1, 2, …), ``savings``, ``investment`` (annual amounts), ``net`` =
        savings − investment, ``cumulative_net``.
    """
    s = _annual_amounts(savings, kind=savings_kind, name="savings")
    v = _annual_amounts(investment, kind=investment_kind, name="investment")
    if s.size != v.size:
        raise ParameterError(
            f"'savings' and 'investment' of cash_flows must have the same length. "
            f"Got {s.size} and {v.size} instead."
        )
    net = s - v
    return pd.DataFrame(
        {
            "year": np.arange(1, s.size + 1),
            "savings": s,
            "investment": v,
            "net": net,
            "cumulative_net": np.cumsum(net),
        }
    )


@dataclass(frozen=True)
class Appraisal:
    """Result of :func:`appraise`: one reading of a savings/investment series."""

    reading: str
    first_period: int
    rate: float
    horizon: int
    npv: float
    irr: float
    payback: float
    payback_interpolated: float
    discounted_payback: float
    discounted_payback_interpolated: float
    break_even_year: float
    flows: pd.DataFrame = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The scalar results as a dict (without the flows table)."""
        return {
            "reading": self.reading,
            "first_period": self.first_period,
            "rate": self.rate,
            "horizon": self.horizon,
            "npv": self.npv,
            "irr": self.irr,
            "payback": self.payback,
            "payback_interpolated": self.payback_interpolated,
            "discounted_payback": self.discounted_payback,
            "discounted_payback_interpolated": self.discounted_payback_interpolated,
            "break_even_year": self.break_even_year,
        }


@validate_params({"savings_kind": _KIND, "rate": _RATE, "horizon": [Interval(int, 1, None), None],
                  "first_period": _FIRST_PERIOD})
def appraise(
    savings: Sequence[float],
    investment: Sequence[float],
    *,
    savings_kind: Kind = "annual",
    rate: float = 0.10,
    horizon: int | None = None,
    first_period: int = 1,
) -> Appraisal:
    """NPV, IRR, simple and discounted payback of savings against investment.

    Parameters
    ----------
    savings, investment
        One value per year; investment as annual outlays.
    savings_kind
        ``"annual"`` (each value is that year's saving) or ``"cumulative"`` (running
        totals; annual = first difference).
    rate
        Discount rate per year.
    horizon
        Years kept (default: all).
    first_period
        1: year ``t`` at ``t`` (time from the start of year 1); 0: year 1 at ``t = 0``
        (time from the end of year 1).

    Returns
    -------
    Appraisal
        Includes ``break_even_year``, the first year whose own net flow is > 0 (savings
        exceed that year's investment): a break-even of annual flows, not a payback of the
        investment.
    """
    r, fp = float(rate), int(first_period)
    flows = cash_flows(savings, investment, savings_kind=savings_kind)
    if horizon is not None:
        if horizon > len(flows):
            raise ParameterError(
                f"The 'horizon' parameter of appraise must be an int in [1, {len(flows)}] "
                f"(the years with data). Got {horizon!r} instead."
            )
        flows = flows.iloc[: int(horizon)].reset_index(drop=True)
    net = flows["net"].to_numpy()
    pos = np.flatnonzero(net > 0)
    return Appraisal(
        reading=str(savings_kind),
        first_period=fp,
        rate=r,
        horizon=len(flows),
        npv=npv(net, rate=r, first_period=fp),
        irr=irr(net),
        payback=payback_period(net, first_period=fp),
        payback_interpolated=payback_period(net, first_period=fp, interpolate=True),
        discounted_payback=payback_period(net, rate=r, first_period=fp),
        discounted_payback_interpolated=payback_period(
            net, rate=r, first_period=fp, interpolate=True
        ),
        break_even_year=float(flows["year"].iloc[pos[0]]) if pos.size else math.nan,
        flows=flows,
    )


# --------------------------------------------------------------------------- growth
def _linear(t: Any, a: float, b: float) -> Any:
    """Linear growth ``a + b t``."""
    return a + b * np.asarray(t, dtype=float)


def _exponential(t: Any, a: float, b: float) -> Any:
    """Exponential growth ``a · exp(b t)``."""
    return a * np.exp(b * np.asarray(t, dtype=float))


def _logistic(t: Any, K: float, r: float, t0: float) -> Any:  # noqa: N803
    """Logistic growth ``K / (1 + exp(−r (t − t0)))``."""
    z = np.clip(-r * (np.asarray(t, dtype=float) - t0), -700, 700)
    return K / (1.0 + np.exp(z))


_FUNCS = {"linear": _linear, "exponential": _exponential, "logistic": _logistic}
_PARAMS = {"linear": ("a", "b"), "exponential": ("a", "b"), "logistic": ("K", "r", "t0")}


def _gradient(model: str, t: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """∂f/∂θ at each ``t`` (rows) — analytic, for the delta method."""
    if model == "linear":
        return np.column_stack([np.ones_like(t), t])
    if model == "exponential":
        a, b = theta
        e = np.exp(b * t)
        return np.column_stack([e, a * t * e])
    K, r, t0 = theta
    e = np.exp(np.clip(-r * (t - t0), -700, 700))
    d = (1.0 + e) ** 2
    return np.column_stack([1.0 / (1.0 + e), K * e * (t - t0) / d, -K * e * r / d])


def _aic(rss: float, n: int, k: int) -> float:
    """Gaussian AIC from the residual sum of squares.

    ``AIC = n ln(RSS/n) + n (ln 2π + 1) + 2k``, with ``k`` counting every estimated
    parameter including the error variance.

    Examples
    --------
    >>> round(_aic(8.0, 4, 3), 6)   # 4 ln 2 + 4 (ln 2π + 1) + 6
    20.124097
    """
    if rss <= 0 or n <= 0 or k <= 0:
        raise ParameterError(
            f"aic needs rss > 0, n > 0 and k > 0. Got rss={rss!r}, n={n!r}, k={k!r} instead."
        )
    return n * math.log(rss / n) + n * (math.log(2 * math.pi) + 1) + 2 * k


def _aicc(rss: float, n: int, k: int) -> float:
    """Small-sample AIC: ``AIC + 2k(k + 1) / (n − k − 1)`` (needs ``n > k + 1``)."""
    if n - k - 1 <= 0:
        return math.inf
    return _aic(rss, n, k) + 2 * k * (k + 1) / (n - k - 1)


@dataclass(frozen=True)
class GrowthFit:
    """A fitted growth curve (see :func:`fit_growth`)."""

    model: str
    params: dict[str, float]
    cov: np.ndarray = field(repr=False, compare=False)
    t: np.ndarray = field(repr=False, compare=False)
    y: np.ndarray = field(repr=False, compare=False)
    rss: float
    n: int
    k: int
    sigma: float

    @property
    def theta(self) -> np.ndarray:
        """The parameters as an array, in the model's order."""
        return np.array([self.params[p] for p in _PARAMS[self.model]])

    @property
    def loglik(self) -> float:
        """Maximised Gaussian log-likelihood, ``−n/2 (ln(2π RSS/n) + 1)``."""
        return -self.n / 2 * (math.log(2 * math.pi * self.rss / self.n) + 1)

    @property
    def aic(self) -> float:
        """AIC, ``n ln(RSS/n) + n (ln 2π + 1) + 2k``."""
        return _aic(self.rss, self.n, self.k)

    @property
    def aicc(self) -> float:
        """AICc, ``AIC + 2k(k + 1) / (n − k − 1)`` (infinite when ``n ≤ k + 1``)."""
        return _aicc(self.rss, self.n, self.k)

    def predict(self, t: Any) -> np.ndarray:
        """The fitted curve at ``t``."""
        return np.asarray(_FUNCS[self.model](np.asarray(t, dtype=float), *self.theta))


def _start(model: str, t: np.ndarray, y: np.ndarray) -> list[float]:
    if model == "exponential":
        pos = y > 0
        b, loga = np.polyfit(t[pos], np.log(y[pos]), 1)
        return [float(np.exp(loga)), float(b)]
    # logistic: carrying capacity above the data, midpoint at the last point
    k0 = 2.0 * float(np.max(y))
    z = np.log(np.clip(y / k0, 1e-6, 1 - 1e-6) / (1 - np.clip(y / k0, 1e-6, 1 - 1e-6)))
    r0, c0 = np.polyfit(t, z, 1)
    r0 = max(float(r0), 1e-3)
    return [k0, r0, float(-c0 / r0)]


def _fit_arrays(
    model: str, t: np.ndarray, y: np.ndarray, p0: Sequence[float] | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
    if model == "linear":
        import statsmodels.api as sm

        res = sm.OLS(y, sm.add_constant(t, has_constant="add")).fit()
        return np.asarray(res.params), np.asarray(res.cov_params()), float(res.ssr)
    import warnings

    from scipy.optimize import OptimizeWarning, curve_fit

    start = list(_start(model, t, y) if p0 is None else p0)
    bounds = (
        ([0.0, -np.inf], [np.inf, np.inf])
        if model == "exponential"
        else ([0.0, 0.0, -np.inf], [np.inf, np.inf, np.inf])
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", OptimizeWarning)
        try:
            theta, cov = curve_fit(
                _FUNCS[model], t, y, p0=start, bounds=bounds, maxfev=20000, method="trf"
            )
        except (RuntimeError, OptimizeWarning, ValueError) as exc:
            raise KzgovError(f"the {model} growth curve did not converge: {exc}") from None
    rss = float(np.sum((y - _FUNCS[model](t, *theta)) ** 2))
    return np.asarray(theta), np.asarray(cov), rss


@validate_params({"model": [Options(str, _GROWTH_MODELS)]})
def fit_growth(
    t: Sequence[float], y: Sequence[float], *, model: GrowthModel
) -> GrowthFit:
    """Fit one growth curve by least squares (Gaussian errors).

    Parameters
    ----------
    t, y
        Time points and observations (same length, at least ``p + 2`` points).
    model
        ``"linear"`` (statsmodels OLS), ``"exponential"`` or ``"logistic"``
        (:func:`scipy.optimize.curve_fit`, trust-region, K, r ≥ 0, a ≥ 0).

    Returns
    -------
    GrowthFit

    Raises
    ------
    KzgovError
        If a nonlinear fit does not converge.
    """
    tt = _flows(t, "t", "fit_growth")
    yy = _flows(y, "y", "fit_growth")
    p = len(_PARAMS[model])
    if tt.size != yy.size or tt.size < p + 2:
        raise ParameterError(
            f"'t' and 'y' of fit_growth must have the same length, at least {p + 2} for the "
            f"{model} model. Got {tt.size} and {yy.size} instead."
        )
    theta, cov, rss = _fit_arrays(model, tt, yy)
    n = int(tt.size)
    return GrowthFit(
        model=model,
        params=dict(zip(_PARAMS[model], map(float, theta), strict=True)),
        cov=cov,
        t=tt,
        y=yy,
        rss=rss,
        n=n,
        k=p + 1,
        sigma=math.sqrt(rss / (n - p)),
    )


def compare_growth(
    t: Sequence[float], y: Sequence[float], *, models: Sequence[str] = _GROWTH_MODELS
) -> pd.DataFrame:
    """Fit several growth curves and compare them by AIC and AICc.

    Returns
    -------
    pandas.DataFrame
        One row per model: ``model``, ``n``, ``k`` (parameters incl. σ), ``rss``,
        ``sigma`` (``sqrt(RSS/(n−p))``), ``loglik``, ``aic``, ``aicc``, ``delta_aic``,
        ``delta_aicc``, ``weight_aicc`` (Akaike weight on AICc) and the parameters
        (``a``, ``b``, ``K``, ``r``, ``t0``; empty where the model has none) with their
        standard errors (``se_a`` …, from the estimated covariance), sorted by AICc.
    """
    rows = []
    for m in models:
        f = fit_growth(t, y, model=m)  # type: ignore[arg-type]
        se = dict(zip(_PARAMS[m], np.sqrt(np.diag(f.cov)), strict=True))
        rows.append(
            {"model": m, "n": f.n, "k": f.k, "rss": f.rss, "sigma": f.sigma,
             "loglik": f.loglik, "aic": f.aic, "aicc": f.aicc, **f.params,
             **{f"se_{p}": float(v) for p, v in se.items()}}
        )
    df = pd.DataFrame(rows)
    df["delta_aic"] = df["aic"] - df["aic"].min()
    df["delta_aicc"] = df["aicc"] - df["aicc"].min()
    w = np.exp(-0.5 * df["delta_aicc"])
    df["weight_aicc"] = w / w.sum()
    cols = ["model", "n", "k", "rss", "sigma", "loglik", "aic", "aicc", "delta_aic",
            "delta_aicc", "weight_aicc", "a", "b", "K", "r", "t0",
            "se_a", "se_b", "se_K", "se_r", "se_t0"]
    return df.reindex(columns=cols).sort_values("aicc", kind="stable").reset_index(drop=True)


@validate_params({
    "confidence": [Interval(float, 0, 1, closed="neither")],
    "method": [Options(str, ("delta", "bootstrap"))],
    "n_boot": [Interval(int, 19, None)],
})
def predict_growth(
    fit: GrowthFit,
    t_new: Sequence[float],
    *,
    confidence: float = 0.95,
    method: IntervalMethod = "delta",
    n_boot: int = 999,
    seed: int = 20250903,
) -> pd.DataFrame:
    """Predictions with prediction intervals for new observations.

    Parameters
    ----------
    fit
        A :class:`GrowthFit`.
    t_new
        Times to predict at.
    confidence
        Level of the prediction interval, in (0, 1).
    method
        ``"delta"``: ``ŷ ± t_{n−p} · sqrt(gᵀVg + s²)``; ``"bootstrap"``: parametric
        bootstrap: ``n_boot`` samples ``f(t; θ̂) + ε``, ``ε ~ N(0, s²)``, drawn from
        ``numpy.random.default_rng(seed)``, each refitted; a new observation is the refit
        curve plus new noise at the refit's residual scale; percentile interval. Refits
        that fail are dropped and counted.

    Returns
    -------
    pandas.DataFrame
        ``model``, ``t``, ``fitted``, ``pi_low``, ``pi_high``, ``method``,
        ``extrapolation`` (True where ``t`` > the last observed time), and for the
        bootstrap ``n_boot_ok`` (refits that converged).
    """
    from scipy import stats

    c = float(confidence)
    tn = _flows(t_new, "t_new", "predict_growth")
    yhat = fit.predict(tn)
    p = len(fit.theta)
    out = pd.DataFrame({"model": fit.model, "t": tn, "fitted": yhat})
    if method == "delta":
        g = _gradient(fit.model, tn, fit.theta)
        var = np.einsum("ij,jk,ik->i", g, fit.cov, g) + fit.sigma**2
        q = stats.t.ppf(0.5 + c / 2, fit.n - p)
        out["pi_low"] = yhat - q * np.sqrt(var)
        out["pi_high"] = yhat + q * np.sqrt(var)
    else:
        rng = np.random.default_rng(seed)
        base = fit.predict(fit.t)
        sims = []
        for _ in range(int(n_boot)):
            y_star = base + rng.normal(0.0, fit.sigma, size=fit.n)
            noise = rng.normal(0.0, fit.sigma, size=tn.size)
            try:
                theta, _, rss = _fit_arrays(fit.model, fit.t, y_star, p0=fit.theta)
            except KzgovError:
                continue
            s_star = math.sqrt(rss / (fit.n - p))
            sims.append(_FUNCS[fit.model](tn, *theta) + noise * s_star / fit.sigma)
        arr = np.asarray(sims)
        out["pi_low"] = np.quantile(arr, 0.5 - c / 2, axis=0)
        out["pi_high"] = np.quantile(arr, 0.5 + c / 2, axis=0)
        out["n_boot_ok"] = len(sims)
    out["method"] = method
    out["extrapolation"] = tn > float(np.max(fit.t))
    return out


