"""Tests of kzgov.correlation: against statsmodels/scipy/pingouin and hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from kzgov import correlation as corr
from kzgov.errors import MatrixError, ParameterError
from kzgov.study import regional_correlation as study


def _frame(x: np.ndarray, prefix: str = "v") -> pd.DataFrame:
    return pd.DataFrame(x, columns=[f"{prefix}{i}" for i in range(x.shape[1])])


def _R(x: np.ndarray, decimals: int | None = None) -> pd.DataFrame:
    R = _frame(x).corr()
    return R.round(decimals) if decimals is not None else R


# --------------------------------------------------------------------------- regression
@pytest.mark.parametrize("seed,n,k", [(0, 30, 1), (1, 25, 3), (2, 60, 4), (3, 12, 2)])
def test_regression_from_corr_matches_ols_on_zscored_data(seed, n, k):
    import statsmodels.api as sm
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k)) @ rng.normal(size=(k, k))  # correlated predictors
    y = X @ rng.normal(size=k) + rng.normal(scale=2.0, size=n)
    data = _frame(np.column_stack([y, X]))
    z = (data - data.mean()) / data.std(ddof=1)
    names = list(data.columns)
    ols = sm.OLS(z[names[0]], sm.add_constant(z[names[1:]])).fit()

    res = corr.regression_from_corr(data.corr(), names[0], names[1:], n=n)

    np.testing.assert_allclose(res.beta.to_numpy(), ols.params[names[1:]].to_numpy(), atol=1e-10)
    assert list(res.beta.index) == names[1:]
    assert res.r2 == pytest.approx(ols.rsquared, abs=1e-10)
    assert res.adj_r2 == pytest.approx(ols.rsquared_adj, abs=1e-10)
    assert res.f == pytest.approx(ols.fvalue, rel=1e-9)
    assert res.f_pvalue == pytest.approx(ols.f_pvalue, rel=1e-6, abs=1e-300)
    np.testing.assert_allclose(res.se.to_numpy(), ols.bse[names[1:]].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(res.t.to_numpy(), ols.tvalues[names[1:]].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(res.p.to_numpy(), ols.pvalues[names[1:]].to_numpy(), rtol=1e-6)
    assert res.df_resid == int(ols.df_resid) and res.df_model == k
    exog = sm.add_constant(z[names[1:]]).to_numpy()
    vif = [variance_inflation_factor(exog, j + 1) for j in range(k)]
    np.testing.assert_allclose(res.vif.to_numpy(), vif, rtol=1e-8)


def test_regression_from_corr_by_hand_two_predictors():
    # beta_1 = (r1y - r12 r2y) / (1 - r12^2), the textbook two-predictor formula
    r1y, r2y, r12 = 0.677, 0.679, 0.701
    R = pd.DataFrame([[1, r1y, r2y], [r1y, 1, r12], [r2y, r12, 1]],
                     index=["y", "a", "b"], columns=["y", "a", "b"])
    res = corr.regression_from_corr(R, "y", ["a", "b"])
    b1 = (r1y - r12 * r2y) / (1 - r12**2)
    b2 = (r2y - r12 * r1y) / (1 - r12**2)
    assert res.beta["a"] == pytest.approx(b1)
    assert res.beta["b"] == pytest.approx(b2)
    assert res.r2 == pytest.approx(b1 * r1y + b2 * r2y)
    assert res.n is None and res.se is None and res.f is None
    assert res.vif["a"] == pytest.approx(1 / (1 - r12**2))


def test_regression_table_is_tidy():
    R = pd.DataFrame([[1, .5, .3], [.5, 1, .2], [.3, .2, 1]], index=list("yab"), columns=list("yab"))
    t = corr.regression_from_corr(R, "y", ["a", "b"], n=30).table()
    assert list(t["term"]) == ["a", "b"]
    assert {"beta", "se", "t", "p_val", "vif", "n", "r2", "adj_r2", "f", "f_pvalue"} <= set(t.columns)


# --------------------------------------------------------------------------- min_observations
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
def test_min_observations_recovers_small_n(seed, n):
    p = 8
    x = np.random.default_rng(100 * seed + n).normal(size=(n, p))
    assert corr.min_observations(_R(x, 3), decimals=3) == n


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("decimals", [2, 3])
def test_min_observations_large_n_gives_p_plus_one(seed, decimals):
    p = 6
    x = np.random.default_rng(seed).normal(size=(200, p))
    assert corr.min_observations(_R(x, decimals), decimals=decimals) == p + 1


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 15), p=st.integers(2, 9),
       decimals=st.integers(2, 4))
def test_min_observations_never_exceeds_n(seed, n, p, decimals):
    # Gershgorin + Weyl: a rounded matrix of n observations never implies more than n
    x = np.random.default_rng(seed).normal(size=(n, p))
    R = _R(x)
    assert np.isfinite(R.to_numpy()).all()
    assert corr.min_observations(R.round(decimals), decimals=decimals) <= n


def test_rounding_bound_is_gershgorin_radius():
    assert corr._rounding_bound(7, 3) == pytest.approx(6 * 0.0005)
    # the bound holds for the worst rounding error: all off-diagonal errors +delta
    p, d = 7, 3
    E = np.full((p, p), 0.5 * 10**-d)
    np.fill_diagonal(E, 0)
    assert np.abs(np.linalg.eigvalsh(E)).max() <= corr._rounding_bound(p, d) + 1e-15


def test_min_observations_refuses_matrix_no_data_can_round_to():
    R = pd.DataFrame([[1, .9, .9], [.9, 1, -.9], [.9, -.9, 1]], index=list("abc"), columns=list("abc"))
    with pytest.raises(MatrixError, match="no data set"):
        corr.min_observations(R, decimals=1)


# --------------------------------------------------------------------------- check_matrix
def test_check_matrix_valid_and_eigenvalues():
    x = np.random.default_rng(5).normal(size=(40, 4))
    R = _R(x, 3)
    chk = corr.check_matrix(R, decimals=3)
    assert chk.valid and chk.nearest is None and chk.max_adjustment == 0
    np.testing.assert_allclose(chk.eigenvalues, np.sort(np.linalg.eigvalsh(R.to_numpy())))
    assert chk.bound == pytest.approx(3 * 0.0005)
    assert chk.min_observations == 5
    assert set(chk.summary()["check"]) >= {"symmetric", "positive semi-definite"}


def test_check_matrix_invalid_gives_nearest_valid():
    R = pd.DataFrame([[1, .9, .9], [.9, 1, -.9], [.9, -.9, 1]], index=list("abc"), columns=list("abc"))
    chk = corr.check_matrix(R)
    assert not chk.psd and chk.symmetric and chk.in_range
    # eigenvalues by hand: 1 - 0.9 - 0.9 ... the smallest of this matrix is 1 - 1.8 = -0.8
    assert chk.min_eigenvalue == pytest.approx(-0.8)
    N = chk.nearest.to_numpy()
    assert np.linalg.eigvalsh(N)[0] >= -1e-10
    np.testing.assert_allclose(np.diag(N), 1, atol=1e-8)
    np.testing.assert_allclose(N, N.T)
    assert chk.max_adjustment > 0


def test_check_matrix_reports_asymmetry_and_range():
    R = pd.DataFrame([[1, .5], [.4, 1]], index=list("ab"), columns=list("ab"))
    chk = corr.check_matrix(R)
    assert not chk.symmetric and chk.nearest is not None
    R2 = pd.DataFrame([[1, 1.2], [1.2, 1]], index=list("ab"), columns=list("ab"))
    assert not corr.check_matrix(R2).in_range


# --------------------------------------------------------------------------- significance
def test_critical_r_against_table_values():
    # standard tables of critical Pearson r, two-tailed alpha = .05: df 3 -> .878, df 18 -> .444
    assert corr.critical_r(5) == pytest.approx(0.878, abs=5e-4)
    assert corr.critical_r(20) == pytest.approx(0.444, abs=5e-4)
    for n in (5, 14, 17, 20):
        assert corr._r_pvalue(corr.critical_r(n), n) == pytest.approx(0.05)


def test_r_pvalue_matches_scipy_pearsonr():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(2, 15))
    r, p = stats.pearsonr(x, y)
    assert corr._r_pvalue(r, 15) == pytest.approx(p, rel=1e-8)


def test_matrix_tests_holm_by_hand():
    R = pd.DataFrame([[1, .8, .3], [.8, 1, .5], [.3, .5, 1]], index=list("abc"), columns=list("abc"))
    t = corr.matrix_tests(R, n=12)
    p = t["p_val"].to_numpy()
    order = np.argsort(p)
    holm = np.empty(3)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (3 - rank) * p[i]))
        holm[i] = running
    np.testing.assert_allclose(t["p_holm"], holm)
    z = np.arctanh(0.8)
    half = stats.norm.ppf(0.975) / math.sqrt(12 - 3)
    row = t[(t.x == "a") & (t.y == "b")].iloc[0]
    assert row["ci_low"] == pytest.approx(math.tanh(z - half), abs=1e-9)
    assert row["ci_high"] == pytest.approx(math.tanh(z + half), abs=1e-9)


# --------------------------------------------------------------------------- from data
@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_corr_table_matches_scipy(method):
    rng = np.random.default_rng(11)
    df = _frame(rng.normal(size=(25, 3)))
    df.iloc[0, 0] = np.nan
    t = corr.corr_table(df, method=method)
    fn = stats.pearsonr if method == "pearson" else stats.spearmanr
    row = t[(t.x == "v0") & (t.y == "v1")].iloc[0]
    ok = df[["v0", "v1"]].dropna()
    r, p = fn(ok["v0"], ok["v1"])
    assert row["n"] == 24
    assert row["r"] == pytest.approx(r, abs=1e-12)
    assert row["p_val"] == pytest.approx(p, rel=1e-6)
    assert row["ci_low"] < row["r"] < row["ci_high"]
    assert (t["p_holm"] >= t["p_val"]).all()


def test_partial_corr_from_matrix_matches_pingouin_and_residuals():
    import pingouin as pg

    rng = np.random.default_rng(3)
    x = rng.normal(size=(80, 4)) @ rng.normal(size=(4, 4))
    df = _frame(x)
    from_matrix = corr._partial_corr_from_matrix(df.corr(), "v0", "v1", ["v2", "v3"])
    ping = pg.partial_corr(data=df, x="v0", y="v1", covar=["v2", "v3"])["r"].iloc[0]
    Z = np.column_stack([np.ones(80), df[["v2", "v3"]]])
    e0 = df["v0"] - Z @ np.linalg.lstsq(Z, df["v0"], rcond=None)[0]
    e1 = df["v1"] - Z @ np.linalg.lstsq(Z, df["v1"], rcond=None)[0]
    assert from_matrix == pytest.approx(np.corrcoef(e0, e1)[0, 1], abs=1e-10)
    assert from_matrix == pytest.approx(ping, abs=1e-10)
    full = corr.partial_corr_matrix(df.corr())
    assert full.loc["v0", "v1"] == pytest.approx(from_matrix, abs=1e-10)
    t = corr._partial_corr(df, "v0", "v1", ["v2", "v3"])
    assert t["r"].iloc[0] == pytest.approx(from_matrix, abs=1e-10)


def test_rounding_sensitivity_collapses_without_rounding_noise():
    x = np.random.default_rng(4).normal(size=(50, 4))
    R = _R(x)
    s = corr.rounding_sensitivity(R, decimals=12, reps=20, seed=1)
    np.testing.assert_allclose(s["min"], s["printed"], atol=1e-8)
    np.testing.assert_allclose(s["max"], s["printed"], atol=1e-8)
    assert (s["reps_valid"] == 20).all()
    b = corr.rounding_sensitivity(R, decimals=2, statistic="beta", y="v0", X=["v1", "v2"],
                                  reps=30, seed=2)
    assert list(b["term"]) == ["v1", "v2"]
    assert (b["min"] <= b["max"]).all()


# --------------------------------------------------------------------------- wording, rounding
def test_strength_labels_and_rounding():
    assert corr._strength_label(0.9) == "very high"
    assert corr._strength_label(-0.5) == "moderate"
    assert corr._strength_label(0.499) == "low"
    assert corr._strength_label(0.6, scale="evans1996") == "strong"
    assert corr._strength_label(0.29, scale="cohen1988") == "small"
    assert corr._round_half_up("0.895", 2) == 0.90
    assert corr._round_half_up("0.125", 2) == 0.13  # float round() gives 0.12
    with pytest.raises(ParameterError):
        corr._strength_label(0.5, scale="nope")


def test_region_counts_from_registry():
    t = study.region_counts([2010, 2018, 2022])
    assert t["oblasts"].tolist() == [14, 14, 17]
    assert t["oblasts_and_cities"].tolist() == [16, 17, 20]


# --------------------------------------------------------------------------- bad input
GOOD = pd.DataFrame([[1, .5], [.5, 1]], index=["a", "b"], columns=["a", "b"])


@pytest.mark.parametrize(
    "bad,match",
    [
        (np.eye(2), "labelled pandas DataFrame"),
        (pd.DataFrame(np.ones((2, 3)), index=["a", "b"], columns=["a", "b", "c"]), "square"),
        (pd.DataFrame(np.eye(2)), "unnamed"),
        (pd.DataFrame([[1, .5], [.5, 1]], index=["a", "b"], columns=["b", "a"]), "same variable names"),
        (pd.DataFrame([[1, .5], [.2, 1]], index=["a", "b"], columns=["a", "b"]), "symmetric"),
        (pd.DataFrame([[1, 1.5], [1.5, 1]], index=["a", "b"], columns=["a", "b"]), r"\[-1, 1\]"),
        (pd.DataFrame([[1, -3.0], [-3.0, 1]], index=["a", "b"], columns=["a", "b"]), r"\[-1, 1\]"),
        (pd.DataFrame([[0.9, .5], [.5, 1]], index=["a", "b"], columns=["a", "b"]), "unit diagonal"),
        (pd.DataFrame([[1, np.nan], [np.nan, 1]], index=["a", "b"], columns=["a", "b"]), "finite"),
    ],
)
def test_bad_matrices_raise_clear_errors(bad, match):
    with pytest.raises(MatrixError, match=match):
        corr.min_observations(bad, decimals=3)
    with pytest.raises(MatrixError, match=match):
        corr.regression_from_corr(bad, "a", ["b"])


def test_regression_bad_names():
    R = pd.DataFrame([[1, .5, .3], [.5, 1, .2], [.3, .2, 1]], index=list("yab"), columns=list("yab"))
    with pytest.raises(MatrixError, match="must not also be in X"):
        corr.regression_from_corr(R, "y", ["a", "y"])
    with pytest.raises(MatrixError, match="unknown"):
        corr.regression_from_corr(R, "y", ["a", "zz"])
    with pytest.raises(MatrixError, match="non-empty list"):
        corr.regression_from_corr(R, "y", "a")
    with pytest.raises(ParameterError, match="'n' parameter"):
        corr.regression_from_corr(R, "y", ["a", "b"], n=3)
    with pytest.raises(ParameterError, match="'decimals' parameter"):
        corr.min_observations(GOOD, decimals=0)
    collinear = pd.DataFrame([[1, .5, .5], [.5, 1, 1], [.5, 1, 1]], index=list("yab"), columns=list("yab"))
    with pytest.raises(MatrixError, match="collinear"):
        corr.regression_from_corr(collinear, "y", ["a", "b"])
    invalid = pd.DataFrame([[1, .9, .9], [.9, 1, -.9], [.9, -.9, 1]], index=list("yab"), columns=list("yab"))
    with pytest.raises(MatrixError, match="outside"):
        corr.regression_from_corr(invalid, "y", ["a", "b"])


# --------------------------------------------------------------------------- Table 6
def test_table6_transcription_and_claims():
    R = study.table6()
    assert R.shape == (7, 7)
    assert list(R.columns)[1] == "Transfers (millions)"
    assert R.loc["Transfers (millions)", "Expenditures on the social sphere (million)"] == 0.93
    assert R.loc["Socio-economic development (index)", "Transfers (millions)"] == 0.677
    assert R.loc["Projects", "Completed projects (%)"] == -0.399
    chk = corr.check_matrix(R, decimals=3)
    assert chk.symmetric and chk.unit_diagonal and chk.psd
    # eigenvalues recomputed independently with numpy
    ev = np.sort(np.linalg.eigvalsh(R.to_numpy()))
    assert int((ev >= 6 * 0.0005).sum()) + 1 == corr.min_observations(R, decimals=3)
    claims = study.table6_claims().set_index("claim")
    c5 = claims.loc["The high correlation between transfers and socio-economic development (0.93)"]
    assert c5["matrix_printed"] == "0.677"
    assert c5["number_check"].startswith("not consistent")
    c2 = claims.loc["and the level of socio-economic development (0.90)"]
    assert c2["matrix_printed"] == "0.895" and c2["number_check"] == "consistent after rounding"


def test_parameter_domains_shape():
    d = study.PARAMETERS.domains()
    assert d["method"]["values"] == ["pearson", "spearman"]
    for spec in d.values():
        assert spec["type"] in {"str", "int", "float", "bool", "path", "list[int]", "list[str]"}
