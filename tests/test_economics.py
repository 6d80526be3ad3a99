"""Tests of kzgov.economics (appraisal by hand, growth fits) and of the study's Figures 15-16."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kzgov import economics as ec
from kzgov.errors import ParameterError
from kzgov.study import economic_effect as study


# --------------------------------------------------------------------------- appraisal
def test_npv_by_hand():
    assert ec.npv([-100, 60, 60], rate=0.10) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    # year-end convention: every flow one period later
    assert ec.npv([-100, 60, 60], rate=0.10, first_period=1) == pytest.approx(
        -100 / 1.1 + 60 / 1.21 + 60 / 1.331
    )
    assert ec.npv([-100, 60, 60], rate=0.0) == pytest.approx(20.0)


def test_irr_by_hand_quadratic():
    # -100 + 60x + 60x^2 = 0 with x = 1/(1+r): x = (-60 + sqrt(60^2 + 4*60*100)) / (2*60)
    x = (-60 + math.sqrt(60**2 + 4 * 60 * 100)) / (2 * 60)
    assert ec.irr([-100, 60, 60]) == pytest.approx(1 / x - 1, rel=1e-9)
    assert math.isnan(ec.irr([1, 2, 3]))  # no sign change


def test_payback_by_hand():
    # cumulative -100, -40, +20: paid back in period 2; 1 + 40/60 interpolated
    assert ec.payback_period([-100, 60, 60]) == 2.0
    assert ec.payback_period([-100, 60, 60], interpolate=True) == pytest.approx(1 + 40 / 60)
    assert ec.payback_period([-100, 60, 60], first_period=1, interpolate=True) == pytest.approx(
        2 + 40 / 60
    )
    assert math.isnan(ec.payback_period([-100, 10, 10]))
    # exactly zero counts as paid back
    assert ec.payback_period([-100, 50, 50]) == 2.0


def test_discounted_payback_by_hand():
    d1, d2 = 60 / 1.1, 60 / 1.21
    assert ec.payback_period([-100, 60, 60], rate=0.10) == 2.0
    assert ec.payback_period(
        [-100, 60, 60], rate=0.10, interpolate=True
    ) == pytest.approx(1 + (100 - d1) / d2)
    assert math.isnan(ec.payback_period([-100, 60, 45], rate=0.10))


def test_payback_needs_initial_outlay():
    with pytest.raises(ParameterError, match="must start with an outlay"):
        ec.payback_period([10, -5, 20])


def test_figure15_readings_by_hand():
    s = study.figure15_series()
    assert s["savings"].tolist() == [0, 2, 5, 7, 10]
    assert s["investment"].tolist() == [5, 3, 1, 0, 0]
    a = ec.cash_flows(s["savings"], s["investment"], savings_kind="annual")
    assert a["net"].tolist() == [-5, -1, 4, 7, 10]
    assert a["cumulative_net"].tolist() == [-5, -6, -2, 5, 15]
    c = ec.cash_flows(s["savings"], s["investment"], savings_kind="cumulative")
    assert c["savings"].tolist() == [0, 2, 3, 2, 3]
    assert c["net"].tolist() == [-5, -1, 2, 2, 3]
    assert c["cumulative_net"].tolist() == [-5, -6, -4, -2, 1]


def test_figure15_appraisal_by_hand():
    ap = study.figure15_appraisal(rate=0.10, horizon=5).set_index(["reading", "first_period"])
    a1 = ap.loc[("annual", 1)]
    assert a1["payback"] == 4 and a1["payback_interpolated"] == pytest.approx(3 + 2 / 7)
    assert a1["npv"] == pytest.approx(
        -5 / 1.1 - 1 / 1.1**2 + 4 / 1.1**3 + 7 / 1.1**4 + 10 / 1.1**5
    )
    a0 = ap.loc[("annual", 0)]
    assert a0["payback"] == 3 and a0["payback_interpolated"] == pytest.approx(2 + 2 / 7)
    assert a0["npv"] == pytest.approx(-5 - 1 / 1.1 + 4 / 1.1**2 + 7 / 1.1**3 + 10 / 1.1**4)
    c1 = ap.loc[("cumulative", 1)]
    assert c1["payback"] == 5 and c1["payback_interpolated"] == pytest.approx(4 + 2 / 3)
    c0 = ap.loc[("cumulative", 0)]
    assert c0["payback_interpolated"] == pytest.approx(3 + 2 / 3)
    # NPV at the IRR is zero, by hand
    r = a1["irr"]
    assert sum(f / (1 + r) ** t for t, f in enumerate([-5, -1, 4, 7, 10])) == pytest.approx(
        0, abs=1e-9
    )
    r = c1["irr"]
    assert sum(f / (1 + r) ** t for t, f in enumerate([-5, -1, 2, 2, 3])) == pytest.approx(
        0, abs=1e-9
    )
    # undiscounted sum of the cumulative reading is +1, so its IRR is small and positive
    assert 0 < c1["irr"] < 0.10 and c1["npv"] < 0
    assert (ap["break_even_year"] == 3).all()


def test_payback_claims():
    cl = study.payback_claims()
    held = cl[cl["holds"]]
    # only the annual reading with time counted from the end of year 1 supports the claims
    assert set(held["reading"]) == {"annual"}
    assert held["timing"].str.contains("end of year 1").all()
    assert len(held) == 2


def test_investment_cannot_be_cumulative():
    with pytest.raises(ParameterError, match="cannot fall"):
        ec._annual_amounts([5, 3, 1, 0, 0], kind="cumulative", name="investment")
    assert ec._annual_amounts([0, 2, 5, 7, 10], kind="cumulative").tolist() == [0, 2, 3, 2, 3]


def test_horizon_validation():
    s = study.figure15_series()
    with pytest.raises(ParameterError, match="'horizon' parameter of appraise"):
        ec.appraise(s["savings"], s["investment"], horizon=6)
    a3 = ec.appraise(s["savings"], s["investment"], horizon=3, rate=0.0)
    assert a3.npv == pytest.approx(-5 - 1 + 4)
    assert math.isnan(a3.payback)


@pytest.mark.parametrize("bad", [-1, -2, "0.1", True])
def test_rate_validation(bad):
    with pytest.raises(ParameterError, match="'rate' parameter of npv"):
        ec.npv([-1, 2], rate=bad)


flows = st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=2,
                 max_size=8)


@given(flows, st.floats(min_value=0.01, max_value=100), st.floats(min_value=0, max_value=0.5))
def test_npv_is_linear_in_flows(cf, c, r):
    assert ec.npv([c * x for x in cf], rate=r) == pytest.approx(
        c * ec.npv(cf, rate=r), rel=1e-9, abs=1e-6
    )


@given(flows, st.floats(min_value=0.01, max_value=1e3))
def test_payback_scale_invariant_and_shift(cf, c):
    assume(cf[0] < -1e-3)
    p = ec.payback_period(cf, interpolate=True)
    q = ec.payback_period([c * x for x in cf], interpolate=True)
    assert (math.isnan(p) and math.isnan(q)) or q == pytest.approx(p, rel=1e-9, abs=1e-9)
    p1 = ec.payback_period(cf, first_period=1, interpolate=True)
    assert (math.isnan(p) and math.isnan(p1)) or p1 == pytest.approx(p + 1)


@settings(max_examples=50)
@given(st.floats(min_value=1, max_value=100), st.lists(st.floats(min_value=1, max_value=100),
                                                         min_size=1, max_size=6))
def test_npv_zero_at_irr(outlay, gains):
    cf = [-outlay, *gains]
    r = ec.irr(cf)
    assume(not math.isnan(r) and r > -0.99)
    assert ec.npv(cf, rate=r) == pytest.approx(0, abs=1e-6 * sum(abs(x) for x in cf))


# --------------------------------------------------------------------------- AIC
def test_aic_by_hand():
    # n = 4, RSS = 8, k = 3: AIC = 4 ln(8/4) + 4 (ln 2π + 1) + 2·3
    assert ec._aic(8.0, 4, 3) == pytest.approx(4 * math.log(2) + 4 * (math.log(2 * math.pi) + 1) + 6)
    # AICc adds 2k(k+1)/(n-k-1) = 2·3·4/(10-3-1) = 4
    assert ec._aicc(8.0, 10, 3) - ec._aic(8.0, 10, 3) == pytest.approx(4.0)


def test_linear_loglik_matches_statsmodels():
    t = np.arange(1.0, 10.0)
    y = 3 + 2 * t + np.array([0.5, -0.3, 0.1, 0.4, -0.6, 0.2, -0.1, 0.3, -0.5])
    f = ec.fit_growth(t, y, model="linear")
    res = sm.OLS(y, sm.add_constant(t)).fit()
    assert f.loglik == pytest.approx(res.llf)
    assert f.aic == pytest.approx(res.aic + 2)  # statsmodels does not count sigma


# --------------------------------------------------------------------------- growth fits
RNG = np.random.default_rng(12345)
T = np.arange(1.0, 25.0)


def test_linear_fit_recovers_parameters():
    y = 50 + 100 * T + RNG.normal(0, 5, T.size)  # synthetic
    f = ec.fit_growth(T, y, model="linear")
    assert f.params["a"] == pytest.approx(50, abs=10)
    assert f.params["b"] == pytest.approx(100, rel=0.01)


def test_exponential_fit_recovers_parameters():
    y = 30 * np.exp(0.25 * T) + RNG.normal(0, 5, T.size)  # synthetic
    f = ec.fit_growth(T, y, model="exponential")
    assert f.params["a"] == pytest.approx(30, rel=0.02)
    assert f.params["b"] == pytest.approx(0.25, rel=0.01)


def test_logistic_fit_recovers_parameters_and_wins_aic():
    y = 2000 / (1 + np.exp(-0.6 * (T - 8))) + RNG.normal(0, 10, T.size)  # synthetic
    f = ec.fit_growth(T, y, model="logistic")
    assert f.params["K"] == pytest.approx(2000, rel=0.02)
    assert f.params["r"] == pytest.approx(0.6, rel=0.05)
    assert f.params["t0"] == pytest.approx(8, abs=0.1)
    comp = ec.compare_growth(T, y)
    assert comp["model"].iloc[0] == "logistic"
    assert comp["weight_aicc"].sum() == pytest.approx(1)


def test_delta_interval_linear_equals_statsmodels():
    y = 50 + 100 * T + RNG.normal(0, 5, T.size)
    f = ec.fit_growth(T, y, model="linear")
    pr = ec.predict_growth(f, [30, 40], confidence=0.9)
    res = sm.OLS(y, sm.add_constant(T)).fit()
    sf = res.get_prediction(sm.add_constant(np.array([30.0, 40.0]), has_constant="add"))
    frame = sf.summary_frame(alpha=0.1)
    assert pr["pi_low"].to_numpy() == pytest.approx(frame["obs_ci_lower"].to_numpy())
    assert pr["pi_high"].to_numpy() == pytest.approx(frame["obs_ci_upper"].to_numpy())
    assert pr["extrapolation"].all()


def test_bootstrap_is_seeded_and_brackets_fit():
    y = 30 * np.exp(0.25 * T[:12]) + RNG.normal(0, 5, 12)
    f = ec.fit_growth(T[:12], y, model="exponential")
    a = ec.predict_growth(f, [5, 20], method="bootstrap", n_boot=99, seed=1)
    b = ec.predict_growth(f, [5, 20], method="bootstrap", n_boot=99, seed=1)
    assert a.equals(b)
    assert (a["pi_low"] < a["fitted"]).all() and (a["fitted"] < a["pi_high"]).all()
    assert a["extrapolation"].tolist() == [False, True]


def test_figure16_as_printed():
    s = study.figure16_series()
    assert s["month"].tolist() == [1, 4, 6, 7, 8, 9, 10, 11, 12]  # 2, 3, 5 not printed
    assert s["value"].tolist() == [100, 200, 400, 600, 800, 1000, 1200, 1400, 1600]
    inc = study.figure16_increments()
    # from month 7 on the increase is a constant 200 a month: linear, not accelerating
    assert (inc.loc[inc["month"] >= 7, "per_month"] == 200).all()
    assert inc["relative_per_month"].iloc[3:].is_monotonic_decreasing


def test_growth_validation():
    with pytest.raises(ParameterError, match="'model' parameter of fit_growth"):
        ec.fit_growth([1, 2, 3, 4], [1, 2, 3, 4], model="gompertz")
    with pytest.raises(ParameterError, match="at least 5"):
        ec.fit_growth([1, 2, 3, 4], [1, 2, 3, 4], model="logistic")
