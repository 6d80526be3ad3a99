"""Tests of kzgov.forecast on tiny synthetic data (never on the notebook's outputs).

The column-class, country-table and vintage tests read the packaged raw files (headers and
values), because what they check is a declaration about those files.
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve

from kzgov.errors import DataError, ParameterError
from kzgov.forecast import _core
from kzgov.forecast import _core as F
from kzgov.forecast import _features as feat
from kzgov.study import project_impact_forecaster as study

TINY = F.NeuralConfig(max_epochs=3, batch_size=128, hidden=(8,), patience=2, text_dim=4)
COUNTRIES = (
    "Republic of Kazakhstan", "Kyrgyz Republic", "Mongolia", "Georgia", "Republic of Armenia",
    "Central Asia",
)
ISO = {"Republic of Kazakhstan": "KAZ", "Kyrgyz Republic": "KGZ", "Mongolia": "MNG",
       "Georgia": "GEO", "Republic of Armenia": "ARM"}


def synthetic_ieg(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Synthetic IEG-like projects: success depends on country and year; post-hoc columns leak it."""
    rng = np.random.default_rng(seed)
    countries = np.array(COUNTRIES)
    effect = dict(zip(countries, [0.8, -0.4, 1.2, -1.0, 0.3, 0.0], strict=True))
    country = rng.choice(countries, n)
    year = rng.integers(1990, 2016, n)
    logit = np.array([effect[c] for c in country]) + 0.05 * (year - 2000)
    success = rng.random(n) < 1 / (1 + np.exp(-logit))
    outcome = np.where(
        success,
        rng.choice(["Moderately Satisfactory", "Satisfactory", "Highly Satisfactory"], n),
        rng.choice(["Moderately Unsatisfactory", "Unsatisfactory", "Highly Unsatisfactory"], n),
    )
    practice = rng.choice(["Infrastructure", "Human Development", None], n).astype(object)
    words = np.array(["roads", "schools", "water", "health", "reform", "energy"])
    return pd.DataFrame(
        {
            "Project ID": [f"SYN{i:05d}" for i in range(n)],
            "Project Name": [f"synthetic {' '.join(rng.choice(words, 2))} project" for _ in range(n)],
            "WB Region": np.where(np.isin(country, countries[:2]), "Europe and Central Asia", "Other"),
            "Country / Economy": country,
            "Country / Economy Lending Group": rng.choice(["IBRD", "IDA"], n),
            "Country / Economy FCS Status": rng.choice(["FCS", "non-FCS"], n),
            "Country / Economy FCS Lending Group": rng.choice(["IBRD non-FCS", "IDA FCS"], n),
            "Practice Group": practice,
            "Global Practice": rng.choice(["Water", "Energy", "Education"], n),
            "Agreement Type": rng.choice(["IBRD", "IDA"], n),
            "Lending Instrument Type": rng.choice(["IPF", "DPF"], n),
            "Approval FY": pd.array(year, dtype="Int64"),
            "Final Closing FY": pd.array(year + 6, dtype="Int64"),
            "Evaluation Type": "ICRR",
            "Outcome": outcome,
            "Quality at Entry": np.where(success, "Satisfactory", "Unsatisfactory"),
            "Quality of Supervision": np.where(success, "Satisfactory", "Unsatisfactory"),
            "Bank Performance": np.where(success, "Satisfactory", "Unsatisfactory"),
            "M&E Quality": np.where(success, "High", "Negligible"),
            "Evaluation FY": pd.array(year + 8, dtype="Int64"),
        }
    )


def synthetic_raw(n: int = 400) -> dict[str, pd.DataFrame]:
    """Synthetic external tables in the layout of the packaged ones."""
    rng = np.random.default_rng(1)
    ids = [f"SYN{i:05d}" for i in range(n)]
    projects = pd.DataFrame({
        "id": ids,
        "lendinginstr": rng.choice(["Specific Investment Loan", "Technical Assistance Loan"], n),
        "envassesmentcategorycode": rng.choice(["A", "B", "C", None], n),
        "supplementprojectflg": rng.choice(["Y", "N", None], n),
        "impagency": rng.choice(["MINISTRY OF SYNTHETIC WORKS", "AGENCY X", None], n),
        "pdo": np.where(rng.random(n) < 0.6, "to improve synthetic services", None),
    })
    sectors = pd.DataFrame({
        "project_id": np.repeat(ids, 2),
        "major_sector": np.tile(["Education", "Transportation"], n),
        "sector_percent": np.tile([60.0, 40.0], n),
    })
    themes = pd.DataFrame({
        "project_id": ids[: n // 2],
        "level_1": "FY17 - Public Sector Management",
        "percentage_1": "100",
        "level_2": None,
    })
    loans = pd.DataFrame({
        "Project ID": ids[:50],
        "Board Approval Date": "01/15/2000 12:00:00 AM",
        "Original Principal Amount": 1e7,
    })
    years = np.arange(1980, 2019)
    maddison = pd.DataFrame([
        {"countrycode": iso, "year": y, "gdppc": 1000.0 + 10 * k + y - 1980}
        for k, iso in enumerate(ISO.values()) for y in years
    ])
    freedom = pd.DataFrame([
        {"Code": iso, "Year": str(y), "Political.Rights": str(1 + k), "Civil.Liberties": "3",
         "Country": iso}
        for k, iso in enumerate(ISO.values()) for y in years
    ])
    return {feat.WB_PROJECTS: projects, feat.WB_SECTORS: sectors, feat.WB_THEMES: themes,
            feat.IBRD: loans, feat.MADDISON: maddison, feat.FREEDOM: freedom}


@pytest.fixture(scope="module")
def synthetic_data() -> pd.DataFrame:
    return F.prepare(synthetic_ieg(), raw=synthetic_raw())


@pytest.fixture(scope="module")
def synthetic_model(synthetic_data):
    return F.train(synthetic_data, seeds=[0, 1], max_epochs=3, config=TINY, use_cache=False)


@pytest.fixture(scope="module")
def real_prepared() -> pd.DataFrame:
    from kzgov import data

    return F.prepare(data.load("ieg_ratings"))


# --------------------------------------------------------------------------- leakage
def _real_columns() -> dict[str, list[str]]:
    import pyreadr

    from kzgov import data

    out = {}
    for name in (feat.IEG, feat.IBRD, feat.FREEDOM):
        out[name] = list(data.load(name).columns)
    for name in (feat.WB_PROJECTS, feat.WB_SECTORS, feat.WB_THEMES):
        (frame,) = pyreadr.read_r(str(data.resource_path(name))).values()
        out[name] = list(frame.columns)
    out[feat.MADDISON] = list(
        pd.read_excel(data.resource_path(feat.MADDISON), sheet_name="Full data", nrows=1).columns
    )
    return out


def test_every_column_of_every_joined_file_is_classified_once():
    table = feat.column_classes()
    assert not table.duplicated(["resource", "column"]).any()
    assert set(table["class"]) == {"ex-ante", "leakage"}
    for name, cols in _real_columns().items():
        declared = table.loc[table["resource"] == name, "column"].tolist()
        assert sorted(declared) == sorted(cols), name


def test_the_three_country_classification_columns_and_post_hoc_columns_are_leakage():
    leak = set(feat.column_classes().query("`class` == 'leakage'")["column"])
    assert {
        "Country / Economy Lending Group", "Country / Economy FCS Status",
        "Country / Economy FCS Lending Group", "Final Closing FY", "Evaluation FY",
        "Evaluation Type", "Quality at Entry", "Quality of Supervision", "Bank Performance",
        "M&E Quality", "Outcome", "status", "closingdate", "curr_total_commitment",
        "Cancelled Amount", "Disbursed Amount",
    } <= leak


def test_a_leakage_column_reaching_a_model_is_an_error(synthetic_data):
    for col in ("Country / Economy FCS Status", "Outcome", "Final Closing FY", "an undeclared column"):
        with pytest.raises(feat.LeakageError, match="ex-ante|leakage|declared"):
            feat.check_ex_ante(["WB Region", col])
    frame = synthetic_data.assign(**{"Country / Economy FCS Status": "FCS"})
    with pytest.raises(feat.LeakageError, match="FCS Status"):
        feat.TabularEncoder.fit(frame, categorical=["Country / Economy FCS Status"], numeric=[])
    cols = feat.feature_columns(synthetic_data)
    model_inputs = {*cols["categorical"], *cols["numeric"], cols["text"]}
    assert not model_inputs & set(feat.column_classes().query("`class` == 'leakage'")["column"])


def test_prepare_drops_post_hoc_columns_and_not_rated():
    raw = synthetic_ieg(50)
    raw.loc[[3, 7], "Outcome"] = "Not Rated"
    data = F.prepare(raw, raw=synthetic_raw())
    assert len(data) == 48
    leak = set(feat.column_classes().query("`class` == 'leakage'")["column"])
    assert not leak & set(data.columns)
    kept = raw[raw["Outcome"] != "Not Rated"]
    expected = kept["Outcome"].isin(["Moderately Satisfactory", "Satisfactory", "Highly Satisfactory"])
    assert data["success"].tolist() == expected.astype(int).tolist()


def test_vintage_country_features_are_constant_within_country_and_fy_and_dropped_columns_fail(
    real_prepared,
):
    from kzgov import data

    cols = feat.feature_columns(real_prepared, ["country"])["numeric"]
    v = feat.vintage_violations(real_prepared, cols)
    assert v["ok"].all(), v[~v["ok"]]
    # the test fails on the three dropped IEG columns: FCS status and FCS lending group vary
    # within country x approval FY; the lending group has no dated source (one value per
    # country as of the file's date)
    ieg = data.load("ieg_ratings")
    dropped = ["Country / Economy Lending Group", "Country / Economy FCS Status",
               "Country / Economy FCS Lending Group"]
    bad = feat.vintage_violations(ieg, dropped).set_index("column")
    assert not bad["ok"].any()
    assert bad.loc["Country / Economy FCS Status", "cells_varying"] > 0
    assert bad.loc["Country / Economy FCS Lending Group", "cells_varying"] > 0
    assert not bad.loc["Country / Economy Lending Group", "dated_source"]


# --------------------------------------------------------------------------- joins
def test_country_table_covers_every_ieg_name_and_points_to_the_sources():
    from kzgov import data

    ieg = data.load("ieg_ratings")
    assert feat.unmatched_countries(ieg["Country / Economy"].tolist()) == []
    assert not set(feat.COUNTRY_ISO3) & set(feat.MULTI_COUNTRY)
    assert feat.unmatched_countries(["Republic of Kazakhstan", "Atlantis", "World"]) == ["Atlantis"]
    raw = feat._raw()
    codes = set(raw[feat.MADDISON]["countrycode"]) | set(raw[feat.FREEDOM]["Code"])
    absent = sorted(set(feat.COUNTRY_ISO3.values()) - codes)
    assert absent == ["SXM"]  # Sint Maarten: in neither source, so its context is missing
    # hand-checked pairs, including the names a substring match gets wrong
    by_hand = {
        "Republic of Kazakhstan": "KAZ", "Democratic Republic of the Congo": "COD",
        "Republic of Congo": "COG", "Republic of Equatorial Guinea": "GNQ",
        "Republic of Guinea-Bissau": "GNB", "The Independent State of Papua New Guinea": "PNG",
        "Taiwan, China": "TWN", "Hellenic Republic": "GRC", "Kingdom of Eswatini": "SWZ",
        "Republic of Turkiye": "TUR", "Kyrgyz Republic": "KGZ", "West Bank and Gaza": "PSE",
    }
    assert {k: feat.COUNTRY_ISO3[k] for k in by_hand} == by_hand
    names = raw[feat.MADDISON].drop_duplicates("countrycode").set_index("countrycode")["country"]
    assert names["KAZ"] == "Kazakhstan" and names["COD"] == "D.R. of the Congo"


def test_ibrd_principal_sums_only_the_loans_of_the_approval_fy():
    loans = pd.DataFrame({
        "Project ID": ["P1", "P1", "P1", "P2"],
        "Board Approval Date": ["07/01/2000 12:00:00 AM", "06/30/2001 12:00:00 AM",
                                "03/01/2003 12:00:00 AM", "06/30/2000 12:00:00 AM"],
        "Original Principal Amount": [100.0, 50.0, 1000.0, 7.0],
    })
    out = feat.ibrd_principal(loans).set_index(["Project ID", "fy"])["principal"]
    # World Bank FY2001 = July 2000 .. June 2001
    assert out.to_dict() == {("P1", 2001): 150.0, ("P1", 2003): 1000.0, ("P2", 2000): 7.0}
    raw = synthetic_raw(4)
    raw[feat.IBRD] = loans
    frame = pd.DataFrame({
        "Project ID": ["P1", "P1", "P2"], "Project Name": ["a", "b", "c"],
        "Country / Economy": "Mongolia", "Approval FY": [2001.0, 2002.0, 2000.0],
    })
    j = feat.join_features(frame, raw=raw)
    np.testing.assert_allclose(j[feat.LOG_IBRD].to_numpy(), [math.log(150), np.nan, math.log(7)])
    assert j["IBRD original principal missing"].tolist() == [0.0, 1.0, 0.0]


def test_country_context_is_taken_at_approval_fy_minus_one():
    raw = synthetic_raw(4)
    raw[feat.MADDISON] = pd.DataFrame({
        "countrycode": ["MNG"] * 4, "year": [1996, 1997, 1998, 1999],
        "gdppc": [800.0, 900.0, 950.0, 1000.0],
    })
    raw[feat.FREEDOM] = pd.DataFrame({
        "Code": ["MNG", "MNG", "MNG", "GEO", "GEO"], "Year": ["1999", "2000", "2001", "1999", "1999"],
        "Political.Rights": ["2", "3", "4", "5", "6"], "Civil.Liberties": ["-", "3", "3", "5", "6"],
        "Country": ["Mongolia", "Mongolia", "Mongolia", "Georgia", "Georgia (old)"],
    })
    frame = pd.DataFrame({
        "Project ID": ["X1", "X2", "X3", "X4"], "Project Name": ["a", "b", "c", "d"],
        "Country / Economy": ["Mongolia", "Mongolia", "Georgia", "Central Asia"],
        "Approval FY": [2000.0, 1999.0, 2000.0, 2000.0],
    })
    j = feat.join_features(frame, raw=raw)
    assert j["log GDP per capita"].iloc[0] == pytest.approx(math.log(1000))
    assert j["GDP per capita growth, 3 years"].iloc[0] == pytest.approx((math.log(1000) - math.log(800)) / 3)
    assert j["log GDP per capita"].iloc[1] == pytest.approx(math.log(950))
    assert math.isnan(j["GDP per capita growth, 3 years"].iloc[1])  # 1995 not in the data
    assert j["political rights"].iloc[0] == 2 and math.isnan(j["civil liberties"].iloc[0])  # '-'
    assert math.isnan(j["political rights"].iloc[2])  # two names rate GEO in 1999: ambiguous
    assert j["country context missing (multi-country)"].tolist() == [0.0, 0.0, 0.0, 1.0]
    assert j["political rights missing"].tolist() == [0.0, 1.0, 1.0, 1.0]


def test_project_join_shares_text_and_indicators(synthetic_data):
    d = synthetic_data
    assert d["sector share: Education"].eq(0.6).all()
    assert set(d["theme shares missing"]) == {0.0, 1.0}
    pdo_missing = d["PDO"].isna()
    assert d["PDO missing"].tolist() == pdo_missing.astype(float).tolist()
    row = d[~pdo_missing].iloc[0]
    assert row["text"] == f"{row['Project Name']} . to improve synthetic services"


# --------------------------------------------------------------------------- encoders
def test_encoders_and_text_vocabulary_are_fitted_on_training_rows_only(synthetic_data):
    train = synthetic_data[synthetic_data["Country / Economy"] != "Mongolia"]
    test = synthetic_data[synthetic_data["Country / Economy"] == "Mongolia"]
    enc = feat.TabularEncoder.fit(train, categorical=feat.IEG_CATEGORICAL, numeric=["Approval FY"],
                                  clip=True)
    j = feat.IEG_CATEGORICAL.index("Country / Economy")
    assert "Mongolia" not in enc.vocabularies[j]
    codes, nums = enc.transform(test)
    assert (codes[:, j] == F.UNKNOWN_INDEX).all()
    y = train["Approval FY"].to_numpy(dtype=float)
    expected = (min(max(test["Approval FY"].iloc[0], y.min()), y.max()) - y.mean()) / y.std()
    assert nums[0, 0] == pytest.approx(expected, rel=1e-6)
    text = feat.TextEncoder.fit(pd.Series(["water supply", "water roads", "water supply"]), min_count=2)
    assert text.vocabulary == ("supply", "water", "water supply")
    idx, offsets = text.transform(pd.Series(["new water supply", "unseen words only", ""]))
    assert idx.tolist() == [1, 2, 3] and offsets.tolist() == [0, 3, 3]


def test_missing_numeric_becomes_the_training_mean_and_rare_categories_unknown():
    frame = pd.DataFrame({
        "Practice Group": ["x", "x", "x", None, None, "rare"],
        "log GDP per capita": [1.0, 3.0, np.nan, 2.0, np.nan, 6.0],
    })
    enc = feat.TabularEncoder.fit(frame, categorical=["Practice Group"],
                                  numeric=["log GDP per capita"], min_count=2)
    assert enc.vocabularies[0] == tuple(sorted([F.MISSING_TOKEN, "x"]))
    codes, nums = enc.transform(frame)
    assert codes[:, 0].tolist() == [2, 2, 2, 1, 1, F.UNKNOWN_INDEX]
    v = np.array([1.0, 3.0, 2.0, 6.0])
    assert nums[2, 0] == 0.0 and nums[0, 0] == pytest.approx((1 - v.mean()) / v.std())
    assert feat.TabularEncoder.from_dict(enc.to_dict()) == enc


def test_temporal_and_grouped_folds_do_not_overlap(synthetic_data):
    (t,) = F.temporal_folds(synthetic_data, split_year=2008)
    years = synthetic_data["Approval FY"].to_numpy()
    assert (years[t.train] < 2008).all() and (years[t.test] >= 2008).all()
    assert set(t.calibration) <= set(t.train) and set(t.validation) <= set(t.fit)
    assert not set(t.calibration) & set(t.fit)
    country = synthetic_data["Country / Economy"].to_numpy()
    folds = F.grouped_country_folds(synthetic_data, n_splits=3)
    assert sorted(np.concatenate([f.test for f in folds]).tolist()) == list(range(len(synthetic_data)))
    for f in folds:
        assert not set(country[f.train]) & set(country[f.test])


# --------------------------------------------------------------------------- models
@pytest.mark.parametrize("name", ["logistic", "hist_gradient_boosting"])
def test_baselines_use_each_group_and_predict_probabilities(synthetic_data, name):
    train, test = synthetic_data.iloc[:300], synthetic_data.iloc[300:]
    outs = {}
    for groups in (("ieg",), ("ieg", "project", "text", "country")):
        p = F.fit_baseline(name, train, {"t": test}, groups=groups)["t"]
        assert p.shape == (len(test),) and ((p > 0) & (p < 1)).all()
        outs[groups] = p
    assert not np.allclose(*outs.values())  # the extra groups change the predictions
    prior = F.fit_baseline("prior", train, {"t": test})["t"]
    assert np.allclose(prior, train["success"].mean())


def test_same_seed_same_predictions_and_seed_matters(synthetic_data):
    train, val = synthetic_data.iloc[:300], synthetic_data.iloc[300:]
    frames = {"val": val}
    a = F.fit_neural(train, val, config=TINY, seed=3, predict=frames)
    b = F.fit_neural(train, val, config=TINY, seed=3, predict=frames)
    c = F.fit_neural(train, val, config=TINY, seed=4, predict=frames)
    np.testing.assert_array_equal(a.predictions["val"], b.predictions["val"])
    assert a.state_dict == b.state_dict
    assert not np.array_equal(a.predictions["val"], c.predictions["val"])
    assert a.hparams["vocab_size"] == len(a.text.vocabulary) > 0
    probs = _core._predict_members(val, a.columns, a.encoder, a.text, a.hparams, [a.state_dict])
    np.testing.assert_array_equal(probs[0], a.predictions["val"])


def test_network_without_text_has_no_text_tower(synthetic_data):
    fit = F.fit_neural(synthetic_data.iloc[:300], synthetic_data.iloc[300:], config=TINY,
                       groups=["ieg", "country"], predict={"x": synthetic_data.iloc[300:]})
    assert fit.text is None and fit.hparams["vocab_size"] == 0
    assert "text" not in fit.columns["numeric"] and fit.columns["text"] is None


def test_ordinal_target_and_coral_loss(synthetic_data):
    import torch

    from kzgov.forecast import _torch

    fit = F.fit_neural(
        synthetic_data.iloc[:300], synthetic_data.iloc[300:],
        config=F.NeuralConfig(target="ordinal", max_epochs=2, hidden=(8,)),
        predict={"x": synthetic_data.iloc[300:]},
    )
    p = fit.predictions["x"]
    assert ((p > 0) & (p < 1)).all()
    module = _torch.ForecastModule([3], 0, target="ordinal", hidden=())
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0, -2.0]])
    y = torch.tensor([3])  # Moderately Satisfactory: rating > 0, > 1, > 2 true; > 3, > 4 false
    target = np.array([1, 1, 1, 0, 0], dtype=float)
    z = logits.numpy()[0]
    expected = np.mean(-(target * np.log(1 / (1 + np.exp(-z))) + (1 - target) * np.log(1 - 1 / (1 + np.exp(-z)))))
    assert float(module.loss(logits, y)) == pytest.approx(expected, rel=1e-6)


# --------------------------------------------------------------------------- metrics
def test_metrics_against_hand_computation():
    y = np.array([0, 0, 1, 1, 1])
    p = np.array([0.1, 0.6, 0.4, 0.8, 0.9])
    assert F.roc_auc(y, p) == pytest.approx(5 / 6)
    assert F.brier(y, p) == pytest.approx(np.mean((p - y) ** 2))
    ll = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert F.log_loss(y, p) == pytest.approx(ll)
    assert math.isnan(F.roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))


def test_ece_hand_example_and_reliability_matches_sklearn():
    assert F.ece([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], n_bins=2) == pytest.approx(0.5 * 0.3 + 0.5 * 0.25)
    rng = np.random.default_rng(1)
    p = rng.random(500)
    y = (rng.random(500) < p).astype(int)
    tab = F.reliability_table(y, p, n_bins=10)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    used = tab[tab["n"] > 0]
    np.testing.assert_allclose(used["observed"], prob_true)
    np.testing.assert_allclose(used["mean_predicted"], prob_pred)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=60),
    st.integers(1, 20),
)
def test_ece_is_bounded_by_mean_absolute_error(pairs, n_bins):
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    assert 0 <= F.ece(y, p, n_bins=n_bins) <= np.mean(np.abs(y - p)) + 1e-12


def test_conformal_threshold_by_hand():
    y = np.array([1, 1, 0, 0, 1])
    p = np.array([0.9, 0.6, 0.3, 0.8, 0.2])
    assert F.conformal_threshold(y, p, alpha=0.4) == pytest.approx(0.8)
    assert F.conformal_threshold(y, p, alpha=0.1) == 1.0
    assert F.conformal_sets([0.9, 0.5, 0.05], 0.3)["label"].tolist() == ["success", "none", "failure"]


def test_verdict_compares_the_declared_models_and_can_flip():
    rows = []
    for split in F.SPLITS:
        for model, auc, br in (("prior", 0.5, 0.17), ("logistic", 0.55, 0.18),
                               ("hist_gradient_boosting", 0.60, 0.175),
                               ("neural", 0.58, 0.172), ("neural_ensemble", 0.61, 0.171)):
            rows += [(model, split, "all", "roc_auc", auc, 0.0, 10),
                     (model, split, "all", "brier", br, 0.0, 10)]
    m = pd.DataFrame(rows, columns=["model", "split", "slice", "metric", "mean", "std", "n"])
    v = F.verdict(m)
    assert v["meets_target"].all()
    assert (v.query("metric == 'brier'")["best_baseline"] == "prior").all()
    m.loc[(m["model"] == "neural_ensemble") & (m["metric"] == "roc_auc"), "mean"] = 0.59
    v = F.verdict(m)
    assert not v.query("metric == 'roc_auc'")["meets_target"].any()
    assert v.query("metric == 'roc_auc'")["difference"].round(6).eq(-0.01).all()


# --------------------------------------------------------------------------- predict / CLI
def test_predict_validates_input(synthetic_model, tmp_path):
    frame = synthetic_ieg(10, seed=3).drop(columns=["Global Practice"])
    with pytest.raises(DataError, match="Global Practice"):
        synthetic_model.predict(frame, raw=synthetic_raw())
    bad = synthetic_ieg(10, seed=3)
    bad["Approval FY"] = bad["Approval FY"].astype(object)
    bad.loc[4, "Approval FY"] = "FY2010"
    csv = tmp_path / "synthetic_projects.csv"
    bad.to_csv(csv, index=False)
    with pytest.raises(DataError, match=r"column 'Approval FY', row 5: 'FY2010' is not a number"):
        F.predict(csv, model=synthetic_model)
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(tmp_path / "nothing")]) == 2


def test_predict_drops_leakage_warns_once_and_ignores_it(synthetic_model):
    raw = synthetic_ieg(60, seed=5)
    scrambled = raw.copy()
    for col in ("Outcome", "Quality at Entry", "Country / Economy FCS Status", "Evaluation FY"):
        scrambled[col] = scrambled[col].sample(frac=1, random_state=1).to_numpy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = synthetic_model.predict(raw, raw=synthetic_raw())
        b = synthetic_model.predict(scrambled, raw=synthetic_raw())
    pd.testing.assert_frame_equal(a, b)
    leak_msgs = [str(w.message) for w in caught if "known only after approval" in str(w.message)]
    assert len(leak_msgs) == 2 and "'Outcome'" in leak_msgs[0] and "FCS Status" in leak_msgs[0]


def test_missing_optional_column_is_one_warning_naming_it(synthetic_model):
    frame = synthetic_ieg(20, seed=6)[[*F.REQUIRED_COLUMNS, "Project ID", "Project Name"]]
    frame = frame.assign(**{"Implementing Agency": "AGENCY X", "Lending Instrument (detailed)": None,
                            "Environmental Category": "B", "Additional Financing": "N",
                            "IBRD Original Principal (USD)": 5e6})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = synthetic_model.predict(frame, raw=synthetic_raw())
    msgs = [str(w.message) for w in caught if "optional column" in str(w.message)]
    assert len(msgs) == 1 and "'PDO'" in msgs[0] and "Implementing Agency" not in msgs[0]
    assert out["p_success"].between(0, 1).all()


def test_predict_unknown_category_warns_and_cli_round_trips(synthetic_model, tmp_path):
    frame = synthetic_ieg(8, seed=4)
    frame.loc[0, "Global Practice"] = "Synthetic Newpractice"
    with pytest.warns(UserWarning, match="Synthetic Newpractice"):
        direct = synthetic_model.predict(frame)
    assert set(direct["conformal_set"]) <= {"success", "failure", "either", "none"}
    synthetic_model.save(tmp_path / "model")
    csv = tmp_path / "synthetic_new.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "pred.csv"
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(tmp_path / "model"),
                   "--output", str(out)]) == 0
    np.testing.assert_allclose(pd.read_csv(out)["p_success"], direct["p_success"])


def test_template_is_read_and_scored(synthetic_model):
    from kzgov import paths

    template = paths.raw_dir() / "templates" / "projects_template.csv"
    frame = F.read_projects(template)
    assert set(F.REQUIRED_COLUMNS) <= set(frame.columns)
    assert set(F.OPTIONAL_COLUMNS) <= set(frame.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = synthetic_model.predict(frame)
    assert len(out) == len(frame)


def test_parameter_errors_name_the_parameter(synthetic_data):
    with pytest.raises(ParameterError, match=r"The 'target' parameter of evaluate must be one of"):
        F.evaluate(synthetic_data, target="ternary")
    with pytest.raises(ParameterError, match="'seeds'"):
        F.evaluate(synthetic_data, seeds=[])
    with pytest.raises(ParameterError, match="'groups'"):
        F.evaluate(synthetic_data, groups=["ieg", "outcome"])
    with pytest.raises(ParameterError, match="'split_year'"):
        F.temporal_folds(synthetic_data, split_year=2050)


# --------------------------------------------------------------------------- cache and outputs
def test_cache_hit_and_miss_identical_outputs_and_ablation(tmp_path, monkeypatch, synthetic_data):
    monkeypatch.setenv("KZGOV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(tmp_path / "processed"))
    calls = []
    real = _core.fit_neural

    def counting(*args, **kwargs):
        calls.append(kwargs["seed"])
        return real(*args, **kwargs)

    monkeypatch.setattr(_core, "fit_neural", counting)
    kw = dict(split_year=2010, seeds=[0], max_epochs=2, n_splits=2, config=TINY)
    first = F.evaluate(synthetic_data, **kw)
    assert len(calls) == 3  # 1 temporal + 2 grouped folds
    abl = F.ablation(synthetic_data, split_year=2010, max_epochs=2, n_splits=2, config=TINY)
    assert len(calls) == 3 + 9  # the last step reuses the evaluation's seed-0 fits
    paths = F.write_outputs(first, ablation_table=abl)
    cold = [p.read_bytes() for p in paths]
    second = F.evaluate(synthetic_data, **kw)
    abl2 = F.ablation(synthetic_data, split_year=2010, max_epochs=2, n_splits=2, config=TINY)
    assert len(calls) == 12  # all cached
    assert cold == [p.read_bytes() for p in F.write_outputs(second, ablation_table=abl2)]
    assert list(abl.columns) == ["step", "groups", "model", "split", "n", "roc_auc", "brier",
                                 "log_loss", "ece"]
    assert len(abl) == len(F.ABLATION_STEPS) * 2 * 2
    m = first.metrics
    assert list(m.columns) == ["model", "split", "slice", "metric", "mean", "std", "n"]
    pred = first.predictions
    sub = pred[pred["split"] == "temporal"]
    row = m.query("model == 'logistic' and split == 'temporal' and slice == 'all' and metric == 'brier'")
    assert row["mean"].item() == pytest.approx(np.mean((sub["logistic"] - sub["y"]) ** 2), abs=1e-6)
    full = abl.query("step == '+ country' and model == 'neural' and split == 'temporal'")
    assert full["brier"].item() == pytest.approx(np.mean((sub["neural_seed0"] - sub["y"]) ** 2), abs=1e-6)
    desc = first.features
    assert desc["declared"]["baseline"] == "hist_gradient_boosting"
    listed = [f["feature"] for g in desc["groups"].values() for f in g]
    assert "Country / Economy FCS Status" not in listed and "text" in listed
    assert all(f["class"] == "ex-ante" for g in desc["groups"].values() for f in g)


def test_import_does_not_pull_torch():
    code = (
        "import sys, kzgov, kzgov.forecast, kzgov.study.project_impact_forecaster as f; f.PARAMETERS.domains(); "
        "print('torch' in sys.modules, 'lightning' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_parameter_domains_describe_notebook_parameters():
    d = study.PARAMETERS.domains()
    assert set(d) == {"target", "split_year", "seeds", "max_epochs", "ablation"}
    assert d["seeds"]["type"] == "list[int]" and d["seeds"]["min"] == 0
    assert d["target"]["values"] == ["binary", "ordinal"]
    assert Path(F.default_model_dir()).name == "forecaster"


# --------------------------------------------------------------------------- hostile input
def _saved(synthetic_model, tmp_path):
    d = synthetic_model.save(tmp_path / "model")
    csv = tmp_path / "synthetic_new.csv"
    synthetic_ieg(5, seed=5).to_csv(csv, index=False)
    return d, csv


def _one_clean_line(capsys, fragment):
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kzgov: error: "), err
    assert fragment in err, err


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda text: text[: len(text) // 2],  # truncated JSON
        lambda text: '{"seeds": [0]}',  # keys missing
        lambda text: text.replace('"hidden": [', '"hidden": 7, "x": ['),  # wrong type
    ],
    ids=["truncated", "keys-missing", "wrong-type"],
)
def test_predict_corrupt_model_json_exits_2(synthetic_model, tmp_path, capsys, corrupt):
    d, csv = _saved(synthetic_model, tmp_path)
    meta = d / "model.json"
    meta.write_text(corrupt(meta.read_text("utf-8")), "utf-8")
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(d)]) == 2
    _one_clean_line(capsys, "model.json: not a forecaster saved by `kzgov forecast train`")


class SyntheticPayload:
    """A pickled object that torch.load(weights_only=True) must refuse."""


def test_predict_weights_refused_by_weights_only_exit_2(synthetic_model, tmp_path, capsys):
    import torch

    d, csv = _saved(synthetic_model, tmp_path)
    torch.save({"layer": SyntheticPayload()}, d / "weights_seed0.pt")
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(d)]) == 2
    _one_clean_line(capsys, "weights_seed0.pt: weights refused: torch.load(weights_only=True)")
    (d / "weights_seed0.pt").write_bytes(b"not a zip file at all")
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(d)]) == 2
    _one_clean_line(capsys, "weights_seed0.pt: weights refused")


def test_predict_output_that_is_a_folder_exits_2(synthetic_model, tmp_path, capsys):
    d, csv = _saved(synthetic_model, tmp_path)
    out = tmp_path / "a_folder"
    out.mkdir()
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(d), "--output", str(out)]) == 2
    _one_clean_line(capsys, "--output is a folder")
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(d),
                   "--output", str(tmp_path / "no" / "such" / "p.csv")]) == 2
    _one_clean_line(capsys, "does not exist")


def test_predict_input_with_inf_or_huge_year_is_refused(synthetic_model, tmp_path):
    frame = synthetic_ieg(6, seed=6)
    frame["Approval FY"] = frame["Approval FY"].astype(object)
    for value, pattern in (("inf", r"row 3: 'inf' is not a finite number"),
                           ("-inf", r"row 3: '-inf' is not a finite number"),
                           ("1e20", r"row 3: '1e20' is too large for an integer column"),
                           ("12345678901234567890", r"row 3: '12345678901234567890' is too large")):
        frame.loc[2, "Approval FY"] = value
        csv = tmp_path / "synthetic_bad.csv"
        frame.to_csv(csv, index=False)
        with pytest.raises(DataError, match=r"synthetic_bad\.csv: column 'Approval FY', " + pattern):
            F.read_projects(csv)


def test_evaluate_with_non_default_settings_never_replaces_the_default_files(
    tmp_project, monkeypatch, capsys
):
    processed = tmp_project / "data" / "processed"
    default = processed / "forecaster_metrics.csv"
    default.write_text("the full evaluation\n")
    fake = type("SyntheticEvaluation", (), {})()
    fake.metrics = pd.DataFrame({"model": ["synthetic"], "mean": [0.5]})
    fake.conformal = pd.DataFrame({"split": ["synthetic"], "coverage": [0.9]})
    fake.features = {"synthetic": True}
    fake.params = {}
    calls = []
    from kzgov.forecast import _core  # the command line calls the functions where they live

    monkeypatch.setattr(_core, "evaluate", lambda *a, **k: calls.append(k) or fake)
    monkeypatch.setattr(_core, "summary_table", lambda m: m)
    monkeypatch.setattr(_core, "verdict", lambda m: m)
    monkeypatch.setattr(_core, "verdict_text", lambda t: "synthetic verdict")
    assert F.main(["evaluate", "--max-epochs", "3", "--seeds", "0"]) == 0
    assert default.read_text() == "the full evaluation\n"
    batch = processed / "batch" / "forecast" / "max_epochs=3,seeds=0"
    assert (batch / "forecaster_metrics.csv").read_text().startswith("model,mean")
    assert {p.name for p in batch.iterdir()} == {
        "forecaster_metrics.csv", "forecaster_features.json", "forecaster_conformal.csv"}
    assert "batch/forecast/max_epochs=3,seeds=0" in capsys.readouterr().out
    # the defaults write the default files
    assert F.main(["evaluate"]) == 0
    assert default.read_text().startswith("model,mean")
