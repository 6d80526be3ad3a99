"""Tests of kzgov.forecast on tiny synthetic data (never on the notebook's outputs)."""

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

from kzgov import forecast as F
from kzgov.errors import DataError, ParameterError

TINY = F.NeuralConfig(max_epochs=3, batch_size=128, hidden=(8,), patience=2)


def synthetic_ieg(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Synthetic IEG-like projects: success depends on country and year; post-hoc columns leak it."""
    rng = np.random.default_rng(seed)
    countries = np.array(
        ["Republic of Kazakhstan", "Kyrgyz Republic", "Synthetica", "Fakeland", "Mockovia", "Testania"]
    )
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
    return pd.DataFrame(
        {
            "Project ID": [f"SYN{i:05d}" for i in range(n)],
            "Project Name": [f"synthetic project {i}" for i in range(n)],
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
            # post-hoc columns that give the answer away
            "Quality at Entry": np.where(success, "Satisfactory", "Unsatisfactory"),
            "Quality of Supervision": np.where(success, "Satisfactory", "Unsatisfactory"),
            "Bank Performance": np.where(success, "Satisfactory", "Unsatisfactory"),
            "M&E Quality": np.where(success, "High", "Negligible"),
            "Evaluation FY": pd.array(year + 8, dtype="Int64"),
        }
    )


@pytest.fixture(scope="module")
def synthetic_data() -> pd.DataFrame:
    return F.prepare(synthetic_ieg())


@pytest.fixture(scope="module")
def synthetic_model(synthetic_data):
    return F.train(synthetic_ieg(), seeds=[0, 1], max_epochs=3, config=TINY, use_cache=False)


# --------------------------------------------------------------------------- leakage
def test_no_post_hoc_column_is_a_feature():
    forbidden = {
        "Final Closing FY", "Evaluation FY", "Evaluation Type", "Quality at Entry",
        "Quality of Supervision", "Bank Performance", "M&E Quality", "Outcome",
        "Project ID", "Project Name",
    }
    assert forbidden.isdisjoint(F.FEATURES)
    assert set(F.POST_HOC_COLUMNS) | {"Outcome"} <= set(F.POST_HOC_COLUMNS) | set(F.IDENTIFIER_COLUMNS)
    desc = F.feature_description()
    assert set(desc["categorical"]) | set(desc["numeric"]) == set(F.FEATURES)
    assert forbidden.isdisjoint(desc["categorical"] + desc["numeric"])


def test_prepare_drops_post_hoc_columns_and_not_rated():
    raw = synthetic_ieg(50)
    raw.loc[[3, 7], "Outcome"] = "Not Rated"
    data = F.prepare(raw)
    assert len(data) == 48
    assert set(data.columns) == {"Project ID", *F.FEATURES, "rating", "success"}
    # success = Moderately Satisfactory or better, computed here independently
    kept = raw[raw["Outcome"] != "Not Rated"]
    expected = kept["Outcome"].isin(["Moderately Satisfactory", "Satisfactory", "Highly Satisfactory"])
    assert data["success"].tolist() == expected.astype(int).tolist()


def test_leaking_columns_do_not_change_predictions(synthetic_model):
    raw = synthetic_ieg(60, seed=5)
    scrambled = raw.copy()
    for col in F.POST_HOC_COLUMNS:
        scrambled[col] = scrambled[col].sample(frac=1, random_state=1).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = synthetic_model.predict(raw)
        b = synthetic_model.predict(scrambled)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- encoder
def test_encoder_is_fitted_on_training_fold_only(synthetic_data):
    train = synthetic_data[synthetic_data["Country / Economy"] != "Synthetica"]
    test = synthetic_data[synthetic_data["Country / Economy"] == "Synthetica"]
    dm = F.ForecastDataModule(train, train.iloc[:20], min_count=1)
    dm.setup("fit")
    enc = dm.encoder
    j = F.CATEGORICAL_FEATURES.index("Country / Economy")
    assert "Synthetica" not in enc.vocabularies[j]
    codes, nums = enc.transform(test)
    assert (codes[:, j] == F.UNKNOWN_INDEX).all()
    assert (codes[:, [i for i in range(codes.shape[1]) if i != j]] != F.UNKNOWN_INDEX).all()
    # scaler from the training fold: z-score with the training mean and (population) sd
    y = train["Approval FY"].to_numpy(dtype=float)
    expected = (min(max(test["Approval FY"].iloc[0], y.min()), y.max()) - y.mean()) / y.std()
    assert nums[0, 0] == pytest.approx(expected, rel=1e-6)


def test_missing_category_and_rare_categories():
    frame = pd.DataFrame(
        {
            **{c: ["a"] * 6 for c in F.CATEGORICAL_FEATURES},
            "Approval FY": [2000.0] * 6,
        }
    )
    frame["Practice Group"] = ["x", "x", "x", None, None, "rare"]
    enc = F.TabularEncoder.fit(frame, min_count=2)
    j = F.CATEGORICAL_FEATURES.index("Practice Group")
    assert enc.vocabularies[j] == tuple(sorted([F.MISSING_TOKEN, "x"]))
    codes, _ = enc.transform(frame)
    assert codes[:, j].tolist() == [2, 2, 2, 1, 1, F.UNKNOWN_INDEX]
    assert F.TabularEncoder.from_dict(enc.to_dict()) == enc


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
        assert not set(country[f.calibration]) & set(country[f.fit])


# --------------------------------------------------------------------------- network
def test_same_seed_same_predictions_and_seed_matters(synthetic_data):
    train, val = synthetic_data.iloc[:300], synthetic_data.iloc[300:]
    frames = {"val": val}
    a = F.fit_neural(train, val, config=TINY, seed=3, predict=frames)
    b = F.fit_neural(train, val, config=TINY, seed=3, predict=frames)
    c = F.fit_neural(train, val, config=TINY, seed=4, predict=frames)
    np.testing.assert_array_equal(a.predictions["val"], b.predictions["val"])
    assert a.state_dict == b.state_dict
    assert not np.array_equal(a.predictions["val"], c.predictions["val"])
    # the state_dict round trip (torch.load weights_only=True) gives the same predictions
    module = F.load_module(a.hparams, a.state_dict)
    codes, nums = a.encoder.transform(val)
    np.testing.assert_array_equal(module.predict_proba(codes, nums), a.predictions["val"])


def test_ordinal_target_and_coral_loss(synthetic_data):
    import torch

    fit = F.fit_neural(
        synthetic_data.iloc[:300], synthetic_data.iloc[300:],
        config=F.NeuralConfig(target="ordinal", max_epochs=2, hidden=(8,)),
        predict={"x": synthetic_data.iloc[300:]},
    )
    p = fit.predictions["x"]
    assert ((p > 0) & (p < 1)).all()
    module = F.ForecastModule([3], 0, target="ordinal", hidden=())
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
    # AUC: pairs (neg, pos) ranked correctly: 0.1 < all 3 pos; 0.6 < 0.8, 0.9 but > 0.4 -> 5/6
    assert F.roc_auc(y, p) == pytest.approx(5 / 6)
    assert F.brier(y, p) == pytest.approx(np.mean((p - y) ** 2))
    ll = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert F.log_loss(y, p) == pytest.approx(ll)
    assert math.isnan(F.roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))


def test_ece_hand_example_and_reliability_matches_sklearn():
    # bins of width 0.5: {0.2, 0.4} -> mean 0.3, observed 0; {0.9, 0.6} -> mean 0.75, observed 1
    assert F.ece([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], n_bins=2) == pytest.approx(0.5 * 0.3 + 0.5 * 0.25)
    rng = np.random.default_rng(1)
    p = rng.random(500)
    y = (rng.random(500) < p).astype(int)
    tab = F.reliability_table(y, p, n_bins=10)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    used = tab[tab["n"] > 0]
    np.testing.assert_allclose(used["observed"], prob_true)
    np.testing.assert_allclose(used["mean_predicted"], prob_pred)
    assert used["n"].sum() == 500


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=60),
    st.integers(1, 20),
)
def test_ece_is_bounded_by_mean_absolute_error(pairs, n_bins):
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    e = F.ece(y, p, n_bins=n_bins)
    assert 0 <= e <= np.mean(np.abs(y - p)) + 1e-12


# --------------------------------------------------------------------------- conformal
def test_conformal_threshold_by_hand():
    y = np.array([1, 1, 0, 0, 1])
    p = np.array([0.9, 0.6, 0.3, 0.8, 0.2])
    # scores 1 - p(true): 0.1, 0.4, 0.3, 0.8, 0.8; alpha = 0.4 -> k = ceil(6 * 0.6) = 4th smallest
    assert F.conformal_threshold(y, p, alpha=0.4) == pytest.approx(0.8)
    assert F.conformal_threshold(y, p, alpha=0.1) == 1.0  # k = 6 > n
    sets = F.conformal_sets([0.9, 0.5, 0.05], 0.3)
    assert sets["label"].tolist() == ["success", "none", "failure"]


def test_conformal_coverage_on_synthetic_calibrated_data():
    # marginal coverage >= 1 - alpha holds on average over calibration draws: average 40
    rng = np.random.default_rng(7)
    for alpha in (0.1, 0.3):
        cover = []
        for _ in range(40):
            p_cal, p_test = rng.random(500), rng.random(2000)
            y_cal = (rng.random(500) < p_cal).astype(int)
            y_test = (rng.random(2000) < p_test).astype(int)
            q = F.conformal_threshold(y_cal, p_cal, alpha=alpha)
            sets = F.conformal_sets(p_test, q)
            cover.append(np.where(y_test == 1, sets["has_success"], sets["has_failure"]).mean())
        assert 1 - alpha - 0.01 <= np.mean(cover) <= 1 - alpha + 0.02


# --------------------------------------------------------------------------- predict / CLI
def test_predict_validates_input(synthetic_model, tmp_path):
    frame = synthetic_ieg(10, seed=3).drop(columns=["Global Practice"])
    with pytest.raises(DataError, match="Global Practice"):
        synthetic_model.predict(frame)
    bad = synthetic_ieg(10, seed=3)
    bad["Approval FY"] = bad["Approval FY"].astype(object)
    bad.loc[4, "Approval FY"] = "FY2010"
    csv = tmp_path / "synthetic_projects.csv"
    bad.to_csv(csv, index=False)
    with pytest.raises(DataError, match=r"column 'Approval FY', row 5: 'FY2010' is not a number"):
        F.predict(csv, model=synthetic_model)
    rc = F.main(["predict", "--input", str(csv), "--model-dir", str(tmp_path / "nothing")])
    assert rc == 2


def test_predict_unknown_category_warns_and_round_trips(synthetic_model, tmp_path):
    frame = synthetic_ieg(8, seed=4)
    frame.loc[0, "Country / Economy"] = "Synthetic Newland"
    with pytest.warns(UserWarning, match="Synthetic Newland"):
        direct = synthetic_model.predict(frame)
    assert direct["p_success"].between(0, 1).all()
    assert set(direct["conformal_set"]) <= {"success", "failure", "either", "none"}
    synthetic_model.save(tmp_path / "model")
    csv = tmp_path / "synthetic_new.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "pred.csv"
    assert F.main(["predict", "--input", str(csv), "--model-dir", str(tmp_path / "model"),
                   "--output", str(out)]) == 0
    from_cli = pd.read_csv(out)
    np.testing.assert_allclose(from_cli["p_success"], direct["p_success"])


def test_parameter_errors_name_the_parameter():
    with pytest.raises(ParameterError, match=r"The 'target' parameter of evaluate must be one of"):
        F.evaluate(synthetic_ieg(30), target="ternary")
    with pytest.raises(ParameterError, match="'seeds'"):
        F.evaluate(synthetic_ieg(30), seeds=[])
    with pytest.raises(ParameterError, match="'split_year'"):
        F.temporal_folds(F.prepare(synthetic_ieg(30)), split_year=2050)


# --------------------------------------------------------------------------- cache and outputs
def test_cache_hit_and_miss_and_identical_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("KZGOV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(tmp_path / "processed"))
    calls = []
    real = F.fit_neural

    def counting(*args, **kwargs):
        calls.append(kwargs["seed"])
        return real(*args, **kwargs)

    monkeypatch.setattr(F, "fit_neural", counting)
    raw = synthetic_ieg(300, seed=2)
    kw = dict(split_year=2010, seeds=[0], max_epochs=2, n_splits=2, config=TINY)
    first = F.evaluate(raw, **kw)
    assert len(calls) == 3  # 1 temporal + 2 grouped folds
    paths = F.write_outputs(first)
    cold = [p.read_bytes() for p in paths]
    second = F.evaluate(raw, **kw)
    assert len(calls) == 3  # all cached
    warm = [p.read_bytes() for p in F.write_outputs(second)]
    assert cold == warm
    F.evaluate(raw, **{**kw, "max_epochs": 1})
    assert len(calls) == 6  # a parameter changed: trained again
    F.evaluate(raw, **{**kw, "split_year": 2005})
    assert len(calls) == 7  # only the temporal fold depends on split_year

    m = first.metrics
    assert list(m.columns) == ["model", "split", "slice", "metric", "mean", "std", "n"]
    assert set(m["model"]) == set(F.MODELS) and set(m["split"]) == {"temporal", "grouped_country"}
    assert (m.loc[m["model"] != "neural", "std"] == 0).all()
    # metrics recomputed independently from the stored predictions
    pred = first.predictions
    sub = pred[pred["split"] == "temporal"]
    row = m.query("model == 'logistic' and split == 'temporal' and slice == 'all' and metric == 'brier'")
    assert row["mean"].item() == pytest.approx(np.mean((sub["logistic"] - sub["y"]) ** 2), abs=1e-6)
    kz = pred[(pred["split"] == "grouped_country") & (pred["country"] == "Republic of Kazakhstan")]
    assert m.query("split == 'grouped_country' and slice == 'kazakhstan'")["n"].eq(len(kz)).all()


def test_import_does_not_pull_torch():
    code = (
        "import sys, kzgov, kzgov.forecast as f; f.parameter_domains(); "
        "print('torch' in sys.modules, 'lightning' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_parameter_domains_describe_notebook_parameters():
    d = F.parameter_domains()
    assert set(d) == {"target", "split_year", "seeds", "max_epochs"}
    assert d["target"]["values"] == ["binary", "ordinal"]
    assert d["seeds"]["type"] == "list[int]"
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
    monkeypatch.setattr(F, "evaluate", lambda *a, **k: calls.append(k) or fake)
    monkeypatch.setattr(F, "summary_table", lambda m: m)
    monkeypatch.setattr(F, "verdict", lambda m: m)
    monkeypatch.setattr(F, "verdict_text", lambda t: "synthetic verdict")
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
