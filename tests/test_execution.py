"""Tests of kzgov.execution: the Ministry of Finance execution panel, its checks, the models.

Frames named ``synthetic_*`` are made up for the tests; they are not data. Expected values
on real data are read from the raw CSV with the standard library, independently of kzgov.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzgov import budget, execution, panel
from kzgov.errors import ScopeError
from kzgov.study import regional_correlation
from kzgov.study import turkestan_budget as study

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


def _raw_december() -> dict[tuple[str, int, str], float]:
    out = {}
    with open(RAW / "kz_budgets" / "minfin_local_budget_execution_december.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out[(r["region"], int(r["date"][:4]), r["item_code"])] = float(r["value"])
    return out


def _raw_population() -> dict[tuple[str, int], float]:
    out = {}
    with open(RAW / "kz_stat" / "population_avg_by_region.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r.get("item_code", "ALL") == "ALL":
                out[(r["region"], int(r["date"][:4]))] = float(r["value"])
    return out


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return execution.build_panel().set_index(["scheme", "territory", "year"]).sort_index()


# --------------------------------------------------------------------------- the panel
def test_one_row_per_scheme_territory_year(real: pd.DataFrame) -> None:
    assert not real.index.duplicated().any()
    cur = real.loc["current"].index.get_level_values(0).unique()
    con = real.loc["consistent"].index.get_level_values(0).unique()
    assert len(con) == 16 and set(con) == set(panel.territories("consistent"))
    # the 20 current regions and South Kazakhstan, as the source prints them
    assert set(cur) == set(panel.territories("current")) | {"YKO"}
    yko_years = sorted(real.loc[("current", "YKO")].index)
    assert yko_years == list(range(2013, 2019))


def test_amounts_and_own_revenue_by_hand(real: pd.DataFrame) -> None:
    raw = _raw_december()
    r = real.loc[("current", "AKM", 2020)]
    assert r["revenue"] == raw[("AKM", 2020, "REV")]
    assert r["own_revenue"] == pytest.approx(raw[("AKM", 2020, "REV")] - raw[("AKM", 2020, "REV.TRANSFERS")])
    assert r["transfer_dependency"] == pytest.approx(
        raw[("AKM", 2020, "REV.TRANSFERS")] / raw[("AKM", 2020, "REV")])
    pop = _raw_population()[("AKM", 2020)]
    assert r["transfers_pc"] == pytest.approx(raw[("AKM", 2020, "REV.TRANSFERS")] * 1000 / pop)


def test_the_2018_rule(real: pd.DataFrame) -> None:
    raw = _raw_december()
    t = real.loc[("consistent", "TRK+SHM", 2018)]
    for item, name in (("REV", "revenue"), ("REV.TRANSFERS", "transfers"), ("EXP", "expenditure")):
        expected = raw[("YKO", 2018, item)] + raw[("SHM", 2018, item)]
        assert t[name] == pytest.approx(expected)
        assert expected == pytest.approx(raw[("national", 2018, item)] - sum(
            v for (reg, y, it), v in raw.items()
            if y == 2018 and it == item and reg not in ("national", "YKO", "SHM")))
    # Shymkent 2018 is kept, labelled Sep-Dec, with no per-capita value
    shm = real.loc[("current", "SHM", 2018)]
    assert shm["period"] == "Sep-Dec" and shm["revenue"] == raw[("SHM", 2018, "REV")]
    assert math.isnan(shm["revenue_pc"])
    # subventions of 2018 are printed under Turkestan (Sep-Dec), not South Kazakhstan
    assert t["subventions"] == pytest.approx(raw[("TRK", 2018, "SUBVENTIONS")])
    assert "Turkestan" in real.loc[("current", "YKO", 2018), "gap_reason"]


def test_borders_old_and_new(real: pd.DataFrame) -> None:
    raw = _raw_december()
    pop = _raw_population()
    # East Kazakhstan before 2022 covers today's VKO + ABY: per capita on that territory
    v = real.loc[("current", "VKO", 2020)]
    assert v["revenue_pc"] == pytest.approx(
        raw[("VKO", 2020, "REV")] * 1000 / (pop[("VKO", 2020)] + pop[("ABY", 2020)]))
    # 2022: territory changed within the year: no ratio; consistent VKO+ABY is a gap
    assert math.isnan(real.loc[("current", "VKO", 2022), "revenue_pc"])
    gap = real.loc[("consistent", "VKO+ABY", 2022)]
    assert math.isnan(gap["revenue"]) and "ABY" in gap["gap_reason"]
    # 2024: the parts add up
    assert real.loc[("consistent", "VKO+ABY", 2024), "revenue"] == pytest.approx(
        raw[("VKO", 2024, "REV")] + raw[("ABY", 2024, "REV")])


def test_gaps_stay_gaps_with_a_reason(real: pd.DataFrame) -> None:
    cur = real.loc["current"]
    missing = cur[cur["revenue"].isna()]
    assert len(missing) > 0
    assert missing["gap_reason"].str.contains("revenue").all()
    # withdrawals are never filled in
    assert cur["withdrawals"].isna().sum() > 0


def test_coverage_table(real: pd.DataFrame) -> None:
    cov = regional_correlation.budget_coverage(real.reset_index()).set_index(["scheme", "item"])
    assert cov.loc[("consistent", "revenue"), "territories"] == 16
    assert cov.loc[("current", "revenue"), "territories"] == 21
    assert cov.loc[("consistent", "revenue"), "of_cells"] == 16 * 12


# --------------------------------------------------------------------------- source checks
def synthetic_long() -> pd.DataFrame:
    rows = []
    for y in (2019, 2020):
        for reg, v in (("AKM", 10.0), ("AKT", 20.0)):
            rows.append({"region": reg, "year": y, "item": "revenue", "value": v})
        rows.append({"region": "national", "year": y, "item": "revenue", "value": 30.0})
    return pd.DataFrame(rows)


def test_national_check_synthetic() -> None:
    ok = execution.national_check(long=synthetic_long())
    assert (ok["status"] == "ok").all()
    bad = synthetic_long()
    bad.loc[(bad["region"] == "AKM") & (bad["year"] == 2020), "value"] = 12.5
    chk = execution.national_check(long=bad).set_index("year")
    assert chk.loc[2020, "status"] == "mismatch" and chk.loc[2020, "difference"] == 2.5
    assert "2.5" in chk.loc[2020, "reason"]
    assert chk.loc[2019, "status"] == "ok"


def test_national_check_real_documented_gaps_only() -> None:
    chk = execution.national_check()
    assert not (chk["status"] == "mismatch").any()
    gaps = chk[chk["status"] == "known gap"]
    assert set(gaps.loc[gaps["item"] == "withdrawals", "year"]) == set(range(2015, 2023))
    exp15 = chk[(chk["item"] == "expenditure") & (chk["year"] == 2015)].iloc[0]
    assert exp15["status"] == "known gap" and exp15["difference"] == pytest.approx(-19000.0)
    assert set(chk.loc[chk["national"].isna(), "year"]) == {2013}


# --------------------------------------------------------------------------- transfer shares
def test_transfer_shares_by_hand(real: pd.DataFrame) -> None:
    raw = _raw_december()
    shares = [raw[(r, 2024, "REV.TRANSFERS")] / raw[(r, 2024, "REV")]
              for (r, y, it) in raw if y == 2024 and it == "REV" and r != "national"]
    t = regional_correlation.transfer_shares(real.reset_index(), years=[2024]).iloc[0]
    assert t["n_regions"] == len(shares) == 20
    assert t["unweighted_mean"] == pytest.approx(sum(shares) / len(shares))
    assert t["national_share"] == pytest.approx(
        raw[("national", 2024, "REV.TRANSFERS")] / raw[("national", 2024, "REV")])
    assert t["n_above_70"] == sum(s > 0.7 for s in shares)
    claims = regional_correlation.transfer_share_claims(regional_correlation.transfer_shares(real.reset_index()))
    assert set(claims["claim"]) == {"more than 70%", "on average 70-80%"}


def test_transfer_share_claims_follow_the_values() -> None:
    synthetic_shares = pd.DataFrame([{"year": 2030, "n_regions": 3, "unweighted_mean": 0.75,
                                      "national_share": 0.72, "n_above_70": 3,
                                      "n_in_70_80": 2}])
    c = regional_correlation.transfer_share_claims(synthetic_shares).set_index("claim")["holds"]
    assert c["more than 70%"] and c["on average 70-80%"]
    synthetic_shares["unweighted_mean"] = 0.65
    c = regional_correlation.transfer_share_claims(synthetic_shares).set_index("claim")["holds"]
    assert not c["more than 70%"] and not c["on average 70-80%"]


# --------------------------------------------------------------------------- scope
def test_execution_table_scope_and_no_mixing() -> None:
    ex = execution.execution_table(region="AKM")
    assert ex.scope == budget._SCOPE_CONSOLIDATED and ex.unit == "million KZT"
    mixed = budget.combine(ex, budget.official())
    assert mixed.scope is None
    with pytest.raises(ScopeError) as e:
        study.region_dynamics(mixed, "AKM")
    assert budget._SCOPE_CONSOLIDATED in str(e.value) and budget._SCOPE_OBLAST in str(e.value)
    side = budget.compare_scopes(ex, budget.official().select(region="AKM"), unit="million KZT")
    row = side[(side["year"] == 2024) & (side["field"] == "income")].iloc[0]
    assert row["left_scope"] == budget._SCOPE_CONSOLIDATED
    assert row["right_scope"] == budget._SCOPE_OBLAST
    assert row["right"] == pytest.approx(586282168.1 / 1000)


def test_declared_scope_contradicting_the_frame_is_an_error() -> None:
    f = pd.DataFrame({"region": ["TRK"], "year": [2024], "income": [1.0],
                      "scope": [budget._SCOPE_OBLAST]})
    with pytest.raises(ScopeError, match="two scopes"):
        budget.BudgetTable(f, unit="million KZT", scope=budget._SCOPE_CONSOLIDATED)
    with pytest.raises(ScopeError, match="not a known scope"):
        budget.BudgetTable(f.drop(columns="scope"), unit="million KZT", scope="municipal")


# --------------------------------------------------------------------------- Turkestan
def test_turkestan_annual_identity_and_functional_groups() -> None:
    t = study.turkestan_annual()
    assert t.scope == budget._SCOPE_CONSOLIDATED
    assert sorted(t.frame["year"]) == list(range(2019, 2025))
    chk = budget.check_identities(t).set_index(["year", "identity"])
    # the bulletin's BALANCE = REV - EXP - NET_LENDING - FIN_ASSETS in every full year
    assert (chk.xs("deficit_surplus", level="identity")["status"] == "ok").all()
    f = study.turkestan_functional()
    s = f[f["year"] == 2024]
    assert s["amount"].sum() == pytest.approx(
        float(t.frame.set_index("year").loc[2024, "expenses"]), abs=0.05)


def test_transfer_law_figures_are_labelled() -> None:
    law = study.transfer_law_figures()
    assert set(law["status"]) == {"law", "draft law", "bill (press report)"}
    aty = law[(law["region_code"] == "ATY") & (law["budget_year"] == 2026)].iloc[0]
    assert aty["value"] == 262404282 and aty["status"] == "law"
    assert (law.loc[law["item"] == "SUBVENTIONS", "status"] == "bill (press report)").all()


# --------------------------------------------------------------------------- the models
def synthetic_frame(seed: int = 7, n_regions: int = 16, n_years: int = 10) -> pd.DataFrame:
    """A synthetic panel with index = a_i + g_t + 0.5 log T + 1.2 log O + small noise."""
    rng = np.random.default_rng(seed)
    rows = []
    a = rng.normal(0, 1, n_regions)
    g = rng.normal(0, 0.5, n_years)
    for i in range(n_regions):
        for t in range(n_years):
            lt = rng.normal(5 + 0.1 * i, 0.4)
            lo = rng.normal(4 + 0.05 * t, 0.4)
            y = a[i] + g[t] + 0.5 * lt + 1.2 * lo + rng.normal(0, 0.05)
            rows.append({"territory": f"S{i:02d}", "year": 2000 + t, "index_mean_z": y,
                         "log_transfers_pc": lt, "log_own_revenue_pc": lo})
    return pd.DataFrame(rows)


def test_models_recover_known_coefficients_on_a_synthetic_panel() -> None:
    fe = synthetic_frame()
    cs = fe.copy()
    cs["index_mean_z"] = 0.5 * cs["log_transfers_pc"] + 1.2 * cs["log_own_revenue_pc"] + \
        np.random.default_rng(3).normal(0, 0.05, len(cs))
    cs["year"] = 2024
    cs = cs.drop_duplicates("territory")
    ms = regional_correlation.fit_budget_models({"consistent": fe, "current": cs}, bootstrap=999, seed=1)
    by = {m.name: m for m in ms}
    t = by["fe_consistent"].terms.set_index("term")
    assert t.loc["log_transfers_pc", "coef"] == pytest.approx(0.5, abs=0.03)
    assert t.loc["log_own_revenue_pc", "coef"] == pytest.approx(1.2, abs=0.03)
    assert (t["ci_low"] < t["coef"]).all() and (t["coef"] < t["ci_high"]).all()
    assert (t["p"] < 0.01).all()
    assert by["fe_consistent"].n_regions == 16 and by["fe_consistent"].n_obs == 160
    c = by["cs_2024_current"].terms.set_index("term")
    assert c.loc["log_own_revenue_pc", "coef"] == pytest.approx(1.2, abs=0.1)
    assert len([m for m in ms if m.name.endswith("_consistent") and m.name.startswith("cs_")]) == 10


def test_models_null_effect_not_significant_on_a_synthetic_panel() -> None:
    fe = synthetic_frame(seed=11)
    fe["index_mean_z"] = fe["index_mean_z"] - 0.5 * fe["log_transfers_pc"]  # no transfer effect
    ms = regional_correlation.fit_budget_models({"consistent": fe, "current": fe[fe["year"] == 2009]},
                              bootstrap=999, seed=1, paper_year=2009)
    t = ms[0].terms.set_index("term")
    assert t.loc["log_transfers_pc", "ci_low"] < 0 < t.loc["log_transfers_pc", "ci_high"]


def test_models_json_layout_and_determinism() -> None:
    fe = synthetic_frame()
    frames = {"consistent": fe, "current": fe[fe["year"] == 2009]}
    a = regional_correlation.budget_models_json(regional_correlation.fit_budget_models(frames, bootstrap=999, seed=5, paper_year=2009))
    b = regional_correlation.budget_models_json(regional_correlation.fit_budget_models(frames, bootstrap=999, seed=5, paper_year=2009))
    assert a == b
    m = a[0]
    assert {"name", "formula", "n_obs", "n_regions", "years", "terms"} <= set(m)
    assert set(m["terms"]["log_transfers_pc"]) >= {"coef", "se", "ci_low", "ci_high", "p"}


def test_table6_real_pairs() -> None:
    fe = synthetic_frame()
    fe["transfers"] = np.exp(fe["log_transfers_pc"])
    fe["revenue"] = fe["transfers"] * 2
    fe["year"] = 2024
    t = regional_correlation.table6_real(fe.drop_duplicates("territory"))
    done = t[t["real_r"].notna()]
    assert len(done) == 3 and len(t) == 21
    tr = done[(done["variable_a"] == "Transfers (millions)")
              & (done["variable_b"] == "Local budget revenues (millions)")].iloc[0]
    assert tr["real_r"] == pytest.approx(1.0)
    assert (t.loc[t["real_r"].isna(), "reason"] != "").all()
