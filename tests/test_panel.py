"""Tests of kzgov.panel: border handling on synthetic and real data, index, models.

Series named ``synthetic_*`` are made up for the tests; they are not data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzgov import panel
from kzgov.errors import DataError, ParameterError, RegionError
from kzgov.study import regional_correlation as study


def _long(d: dict[tuple[str, int], float]) -> pd.DataFrame:
    return pd.DataFrame([{"region": r, "year": y, "value": v} for (r, y), v in d.items()])


# --------------------------------------------------------------------------- synthetic borders
def synthetic_vko_series() -> dict[str, pd.DataFrame]:
    """VKO loses ABY in 2022; GRP publishes ABY from 2021 (VKO on old borders to 2020),
    the labour files from 2022, population is back-cast for both from 2019."""
    grp = {("VKO", 2019): 150.0, ("VKO", 2020): 170.0,  # old borders: VKO + ABY
           ("VKO", 2021): 110.0, ("ABY", 2021): 80.0,
           ("VKO", 2022): 120.0, ("ABY", 2022): 90.0}
    pop = {("VKO", y): 60.0 + y - 2019 for y in range(2019, 2023)}
    pop |= {("ABY", y): 40.0 for y in range(2019, 2023)}
    lf = {("VKO", 2020): 50.0, ("VKO", 2021): 52.0, ("VKO", 2022): 30.0, ("ABY", 2022): 20.0}
    ur = {("VKO", 2020): 5.0, ("VKO", 2021): 4.0, ("VKO", 2022): 6.0, ("ABY", 2022): 3.0}
    return {"grp": _long(grp), "population": _long(pop), "labour_force": _long(lf),
            "unemployment_rate": _long(ur)}


def test_synthetic_split_never_mixes_borders():
    P = panel.build_panel(synthetic_vko_series(), years=range(2019, 2023)).set_index(["territory", "year"])
    # old-border territory: GRP_VKO / (pop_VKO + pop_ABY) before the switch
    assert P.loc[("VKO+ABY", 2019), "grp_per_capita_thousand_kzt"] == pytest.approx(150 * 1000 / (60 + 40))
    assert P.loc[("VKO+ABY", 2020), "grp_per_capita_thousand_kzt"] == pytest.approx(170 * 1000 / (61 + 40))
    # after the switch the old territory is the sum of the parts
    assert P.loc[("VKO+ABY", 2021), "grp_mln_kzt"] == pytest.approx(190)
    assert P.loc[("VKO+ABY", 2021), "grp_per_capita_thousand_kzt"] == pytest.approx(190 * 1000 / (62 + 40))
    # today's VKO has no GRP before 2021: the published value covers VKO + ABY
    assert math.isnan(P.loc[("VKO", 2020), "grp_mln_kzt"])
    assert math.isnan(P.loc[("VKO", 2020), "grp_per_capita_thousand_kzt"])
    assert P.loc[("VKO", 2021), "grp_per_capita_thousand_kzt"] == pytest.approx(110 * 1000 / 62)
    assert P.loc[("ABY", 2021), "grp_per_capita_thousand_kzt"] == pytest.approx(80 * 1000 / 40)
    # the wrong ratio (old-border GRP over new-border population) appears nowhere
    wrong = 170 * 1000 / 61
    assert not np.isclose(P["grp_per_capita_thousand_kzt"].dropna(), wrong).any()
    # labour files switch a year later: VKO 2021 is still old borders
    assert P.loc[("VKO+ABY", 2021), "unemployment_rate_pct"] == 4.0
    assert math.isnan(P.loc[("VKO", 2021), "unemployment_rate_pct"])
    # rates of the parts are combined with labour-force weights
    assert P.loc[("VKO+ABY", 2022), "unemployment_rate_pct"] == pytest.approx((6 * 30 + 3 * 20) / 50)
    assert P.loc[("VKO+ABY", 2022), "aggregated"] == "grp;population;labour_force;unemployment_rate"
    assert P.loc[("VKO", 2022), "unemployment_rate_pct"] == 6.0


def test_synthetic_abolished_parent():
    """YKO ends 2017 and covers TRK + SHM; GRP of TRK/SHM back-cast from 2016, population
    of TRK/SHM back-cast from 2015, no YKO population."""
    grp = {("YKO", 2015): 100.0, ("YKO", 2016): 120.0, ("YKO", 2017): 130.0,
           ("TRK", 2016): 70.0, ("SHM", 2016): 50.0, ("TRK", 2017): 75.0, ("SHM", 2017): 55.0,
           ("TRK", 2018): 80.0, ("SHM", 2018): 60.0}
    pop = {("TRK", y): 10.0 for y in range(2015, 2019)} | {("SHM", y): 5.0 for y in range(2015, 2019)}
    P = panel.build_panel({"grp": _long(grp), "population": _long(pop)}, years=range(2015, 2019))
    P = P.set_index(["territory", "year"])
    assert P.loc[("TRK+SHM", 2015), "grp_per_capita_thousand_kzt"] == pytest.approx(100 * 1000 / 15)
    assert P.loc[("TRK+SHM", 2018), "grp_mln_kzt"] == pytest.approx(140)
    assert P.loc[("TRK", 2016), "grp_per_capita_thousand_kzt"] == pytest.approx(70 * 1000 / 10)
    assert math.isnan(P.loc[("TRK", 2015), "grp_mln_kzt"])
    cmp = panel.compare_split("grp", parent="YKO", series=_long(grp))
    assert cmp["year"].tolist() == [2016, 2017]
    assert cmp["difference"].tolist() == [0.0, 0.0]
    pub = panel.published("grp", series=_long(grp)).set_index(["region", "year"])
    assert pub.loc[("YKO", 2015), "territory"] == "TRK+SHM"
    assert not pub["break"].any()


def test_coverage_and_breaks_of_continuing_parent():
    s = synthetic_vko_series()["grp"]
    pub = panel.published("grp", series=s).set_index(["region", "year"])
    assert pub.loc[("VKO", 2020), "territory"] == "VKO+ABY"
    assert pub.loc[("VKO", 2021), "territory"] == "VKO"
    assert bool(pub.loc[("VKO", 2021), "break"])
    assert pub["break"].sum() == 1


def test_file_without_child_series_marks_later_years_unknown():
    s = _long({("VKO", 2020): 10.0, ("VKO", 2023): 12.0})
    cov = panel._coverage(s)
    assert cov.tolist() == ["VKO+ABY", "unknown"]


def test_exact_cover_prefers_single_unit_and_needs_disjoint_parts():
    # YKO and SHM both published: SHM ⊂ TRK+SHM but TRK alone is missing -> only YKO covers
    units = [(frozenset({"TRK", "SHM"}), 5.0), (frozenset({"SHM"}), 4.0)]
    assert panel._exact_cover(frozenset({"TRK", "SHM"}), units) == [0]
    assert panel._exact_cover(frozenset({"TRK"}), units) is None
    assert panel._exact_cover(frozenset({"SHM"}), units) == [1]


# --------------------------------------------------------------------------- bad input
def test_duplicate_region_years_raise():
    s = synthetic_vko_series()
    s["grp"] = pd.concat([s["grp"], s["grp"].iloc[:1]])
    with pytest.raises(DataError, match="duplicate region-years"):
        panel.build_panel(s)


def test_unknown_region_and_variable_raise():
    with pytest.raises(RegionError, match="unknown region"):
        panel.build_panel({"grp": _long({("XXX", 2020): 1.0})})
    with pytest.raises(ParameterError, match="keys among"):
        panel.build_panel({"gdp": _long({("AKM", 2020): 1.0})})
    with pytest.raises(DataError, match="lacks column"):
        panel.build_panel({"grp": pd.DataFrame({"region": ["AKM"], "value": [1.0]})})


def test_panel_with_duplicate_region_years_raises_downstream():
    P = panel.build_panel(synthetic_vko_series(), years=range(2019, 2023))
    dup = pd.concat([P, P.iloc[:1]])
    with pytest.raises(DataError, match="duplicate region-years"):
        panel.development_index(dup)
    with pytest.raises(DataError, match="duplicate region-years"):
        study.investment_frame(dup)
    frame = pd.DataFrame({"territory": ["A", "A"], "year": [1, 1], "y": [1.0, 2.0], "x": [1.0, 0.0]})
    with pytest.raises(DataError, match="duplicate region-years"):
        panel.fit_panel_model(frame, outcome="y", regressors=["x"])


# --------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def real_panel() -> pd.DataFrame:
    return panel.build_panel()


def test_real_border_switch_years_read_from_data():
    rules = panel.border_rules().set_index(["variable", "parent"])
    assert rules.loc[("grp", "VKO"), "children_first"] == 2021
    assert rules.loc[("grp", "VKO"), "parent_old_borders_until"] == 2020
    for v in ("unemployment_rate", "investment", "employed", "labour_force"):
        assert rules.loc[(v, "ALM"), "parent_old_borders_until"] == 2021
    assert rules.loc[("population", "KRG"), "children_first"] == 2009
    assert rules.loc[("grp", "YKO"), "children_first"] == 2011
    assert rules.loc[("grp", "YKO"), "parent_last"] == 2017


def test_real_vko_ratios_use_one_set_of_borders(real_panel):
    grp = panel._load_series("grp").set_index(["region", "year"])["value"]
    pop = panel._load_series("population").set_index(["region", "year"])["value"]
    P = real_panel.set_index(["territory", "year"])
    expected = grp[("VKO", 2020)] * 1000 / (pop[("VKO", 2020)] + pop[("ABY", 2020)])
    assert P.loc[("VKO+ABY", 2020), "grp_per_capita_thousand_kzt"] == pytest.approx(expected)
    assert math.isnan(P.loc[("VKO", 2020), "grp_per_capita_thousand_kzt"])
    assert P.loc[("VKO", 2021), "grp_per_capita_thousand_kzt"] == pytest.approx(
        grp[("VKO", 2021)] * 1000 / pop[("VKO", 2021)])
    assert P.loc[("TRK+SHM", 2012), "grp_per_capita_thousand_kzt"] == pytest.approx(
        grp[("YKO", 2012)] * 1000 / (pop[("TRK", 2012)] + pop[("SHM", 2012)]))


def test_real_yko_equals_turkestan_plus_shymkent():
    cmp = panel.compare_split("grp", parent="YKO")
    assert cmp["year"].tolist() == list(range(2011, 2018))
    assert (cmp["rel_difference"].abs() < 1e-9).all()


def test_real_consistent_territories_add_up_to_national_totals(real_panel):
    chk = panel.national_check(real_panel)
    pop = chk[chk["variable"] == "population"]
    assert len(pop) == 17 and (pop["rel_difference"].abs() < 1e-9).all()
    grp = chk[chk["variable"] == "grp"]
    assert (grp["rel_difference"].abs() < 1e-9).all()
    assert (chk["rel_difference"].abs() < 1e-5).all()


def test_real_panel_shape_and_keys(real_panel):
    assert not real_panel.duplicated(["territory", "year"]).any()
    assert real_panel["territory"].nunique() == 24
    assert real_panel.loc[real_panel["consistent"], "territory"].nunique() == 16
    assert real_panel.loc[real_panel["current"], "territory"].nunique() == 20


# --------------------------------------------------------------------------- index
def _index_panel(seed: int = 0, scale: float = 1.0) -> pd.DataFrame:
    """A synthetic consistent-scheme panel for the index."""
    rng = np.random.default_rng(seed)
    terr = panel.territories("consistent")
    rows = []
    for y in (2018, 2019, 2020, 2021):
        for t in terr:
            rows.append({"territory": t, "year": y, "consistent": True, "current": False,
                         "grp_per_capita_thousand_kzt": scale * float(np.exp(rng.normal(7, 0.5))),
                         "unemployment_rate_pct": float(rng.uniform(4, 6)),
                         "income_per_capita_kzt_month": float(np.exp(rng.normal(11, 0.3))) if y < 2021 else np.nan})
    return pd.DataFrame(rows)


def test_development_index_by_hand():
    P = _index_panel()
    idx = panel.development_index(P)
    v = idx.values
    g = P[P.year == 2019].set_index("territory")
    zg = np.log(g["grp_per_capita_thousand_kzt"])
    zg = (zg - zg.mean()) / zg.std(ddof=1)
    zu = -(g["unemployment_rate_pct"] - g["unemployment_rate_pct"].mean()) / g["unemployment_rate_pct"].std(ddof=1)
    zi = np.log(g["income_per_capita_kzt_month"])
    zi = (zi - zi.mean()) / zi.std(ddof=1)
    row = v[(v.year == 2019) & (v.territory == "AKM")].iloc[0]
    assert row["index_mean_z"] == pytest.approx((zg["AKM"] + zu["AKM"] + zi["AKM"]) / 3)
    assert set(v.loc[v.year == 2021, "components"]) == {"grp_per_capita;neg_unemployment"}
    # PCA loadings = leading eigenvector of the covariance of the pooled z-scores
    three = v[v.components == "grp_per_capita;neg_unemployment;income_per_capita"]
    Z = three[["z_grp_per_capita", "z_neg_unemployment", "z_income_per_capita"]].to_numpy()
    w, V = np.linalg.eigh(np.cov(Z, rowvar=False))
    lead = V[:, -1] * np.sign(V[0, -1])
    L = idx.loadings[idx.loadings.component_set == "grp_per_capita;neg_unemployment;income_per_capita"]
    np.testing.assert_allclose(L["loading"].to_numpy(), lead, atol=1e-8)
    np.testing.assert_allclose(three["index_pc1"].to_numpy(), Z @ lead, atol=1e-8)
    assert L["explained_variance_ratio"].iloc[0] == pytest.approx(w[-1] / w.sum())


@settings(max_examples=15, deadline=None)
@given(scale=st.floats(1e-3, 1e3), seed=st.integers(0, 100))
def test_index_does_not_depend_on_the_unit_of_grp(scale, seed):
    a = panel.development_index(_index_panel(seed)).values
    b = panel.development_index(_index_panel(seed, scale=scale)).values
    np.testing.assert_allclose(a["index_mean_z"], b["index_mean_z"], atol=1e-9)
    np.testing.assert_allclose(a["index_pc1"], b["index_pc1"], atol=1e-9)


def test_real_index_covers_every_year(real_panel):
    idx = panel.development_index(real_panel)
    assert sorted(idx.values["year"].unique()) == list(range(2009, 2026))
    assert (idx.values.groupby("year").size() == 16).all()
    cur = panel.development_index(real_panel, scheme="current")
    assert sorted(cur.values["year"].unique()) == [2022, 2023, 2024, 2025]


# --------------------------------------------------------------------------- models
def test_fit_panel_model_matches_numpy_fwl_and_hc3():
    rng = np.random.default_rng(1)
    terr = [f"T{i}" for i in range(8)]
    rows = []
    for i, t in enumerate(terr):
        for y in range(2010, 2018):
            x = rng.normal() + 0.3 * i
            rows.append({"territory": t, "year": y, "x": x,
                         "y": 2.0 * x + i + 0.1 * (y - 2010) + rng.normal()})
    df = pd.DataFrame(rows)
    m = panel.fit_panel_model(df, outcome="y", regressors=["x"])
    D = pd.get_dummies(df[["territory", "year"]].astype(str), drop_first=True).astype(float)
    X = np.column_stack([np.ones(len(df)), df["x"], D])
    b = np.linalg.lstsq(X, df["y"], rcond=None)[0]
    e = df["y"] - X @ b
    XtXi = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, XtXi, X)
    V = XtXi @ (X.T * (e.to_numpy() / (1 - h)) ** 2) @ X @ XtXi
    assert m.coefs["coef"].iloc[0] == pytest.approx(b[1], rel=1e-9)
    assert m.coefs["se"].iloc[0] == pytest.approx(math.sqrt(V[1, 1]), rel=1e-9)
    assert m.n == 64 and m.n_regions == 8
    assert 0 <= m.r2_within <= m.r2 <= 1


def test_model_frame_growth_within_territory(real_panel):
    f = study.investment_frame(real_panel).set_index(["territory", "year"])
    P = real_panel.set_index(["territory", "year"])
    g = 100 * (np.log(P.loc[("VKO+ABY", 2021), "grp_per_capita_thousand_kzt"])
               - np.log(P.loc[("VKO+ABY", 2020), "grp_per_capita_thousand_kzt"]))
    assert f.loc[("VKO+ABY", 2021), "grp_pc_growth"] == pytest.approx(g)
    assert math.isnan(f.loc[("AKM", 2009), "grp_pc_growth"])


# --------------------------------------------------------------------------- budgets
def test_budget_decisions_shares_by_hand():
    b = study.budget_decisions_summary().set_index(["region", "budget_year"])
    assert len(b) == 9
    assert b.loc[("KZL", 2016), "transfers_share_pct"] == pytest.approx(
        100 * 163515999.9 / 172102158.8)
    assert b.loc[("ULT", 2022), "transfers_share_pct"] == pytest.approx(100 * 73468664 / 97905680)
    assert (b["transfers_share_pct"] + b["own_share_pct"]).between(99, 100.5).all()


def test_local_budget_shares():
    s = study.local_budget_shares().set_index("year")
    assert s.loc[2023, "transfers_share_pct"] == pytest.approx(100 * 7165654.16148493 / 13552443.1162465)
