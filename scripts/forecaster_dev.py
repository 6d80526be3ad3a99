"""Choose the forecaster's settings on inner validation folds of the TRAINING data only.

Every row used here has approval FY < kzgov.forecast.DEFAULT_SPLIT_YEAR, so no row of the
temporal test split is ever looked at. Two development schemes mirror the real ones:

* dev_temporal: fit on approval FY < 2004, score on 2004 .. split_year - 1;
* dev_grouped: 3-fold GroupKFold by country on the same pre-split rows.

Each candidate is scored by its mean log loss over the two schemes (pooled predictions per
scheme), with AUC and Brier printed beside it; the candidate with the lowest mean log loss
is chosen, per model family. The choice and the number of candidates tried are recorded
in ``kzgov.forecast._core.SETTINGS_RECORD`` and the defaults of ``NeuralConfig`` and
``BaselineConfig`` by hand from this script's output (the notebook runs those defaults).

Caveat: the grouped-by-country test folds of the real evaluation cover every year, so the
pre-split rows used here also appear in them; the settings were chosen among a few
candidates on these rows, and every model is refitted from scratch in the evaluation.

Usage: OMP_NUM_THREADS=1 python scripts/forecaster_dev.py [--seed 0]
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np
import pandas as pd

from kzgov import data
from kzgov.forecast import _core as forecast

NETWORK_CANDIDATES = {
    "N1_base": {},
    "N2_text32_drop0.3": {"text_dim": 32, "dropout": 0.3},
    "N3_wd1e-2": {"weight_decay": 1e-2},
    "N4_lr1e-3_patience6": {"learning_rate": 1e-3, "patience": 6},
}
BASELINE_CANDIDATES = {
    "B1_base": {},
    "B2_C0.3_lr0.1": {"C": 0.3, "hgb_learning_rate": 0.1, "hgb_max_iter": 100},
    # second round (baselines only: the first round's gradient boosting had a higher log
    # loss than the networks on these folds, so two more regularised settings were tried)
    "B3_C0.1_small_trees": {"C": 0.1, "hgb_max_iter": 100, "hgb_max_leaf_nodes": 7,
                            "hgb_min_samples_leaf": 50, "hgb_l2": 1.0},
    "B4_C0.3_slow_l2": {"C": 0.3, "hgb_learning_rate": 0.03, "hgb_max_iter": 150,
                        "hgb_min_samples_leaf": 100, "hgb_l2": 5.0},
}
DEV_YEAR = 2004


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--baselines-only", action="store_true",
                    help="skip the network candidates (the second round)")
    args = ap.parse_args()

    full = forecast.prepare(data.load("ieg_ratings"))
    dev = full[full["Approval FY"] < forecast.DEFAULT_SPLIT_YEAR].reset_index(drop=True)
    folds = forecast.temporal_folds(dev, split_year=DEV_YEAR) + forecast.grouped_country_folds(
        dev, n_splits=3
    )
    y_all = dev["success"].to_numpy()
    preds: dict[tuple[str, str], list[np.ndarray]] = {}
    ys: dict[str, list[np.ndarray]] = {}
    for f in folds:
        ys.setdefault(f.split, []).append(y_all[f.test])
        frames = {"test": dev.iloc[f.test]}
        for cname, over in BASELINE_CANDIDATES.items():
            cfg = dataclasses.replace(forecast.BaselineConfig(), **over)
            for b in ("logistic", "hist_gradient_boosting"):
                p = forecast.fit_baseline(b, dev.iloc[f.fit], frames, config=cfg)["test"]
                preds.setdefault((f"{b}/{cname}", f.split), []).append(p)
        for cname, over in ({} if args.baselines_only else NETWORK_CANDIDATES).items():
            cfg = dataclasses.replace(forecast.NeuralConfig(), **over)
            fit = forecast.fit_neural(
                dev.iloc[f.network], dev.iloc[f.validation], config=cfg, seed=args.seed,
                predict=frames, accelerator="cpu",
            )
            preds.setdefault((f"neural/{cname}", f.split), []).append(fit.predictions["test"])
    rows = []
    for (name, split), parts in preds.items():
        sc = forecast.score(np.concatenate(ys[split]), np.concatenate(parts))
        rows.append({"candidate": name, "split": split, **sc})
    out = pd.DataFrame(rows)
    table = out.pivot_table(index="candidate", columns="split", values=["log_loss", "roc_auc", "brier"])
    table["mean_log_loss"] = out.groupby("candidate")["log_loss"].mean()
    with pd.option_context("display.width", 200):
        print(f"development folds (approval FY < {forecast.DEFAULT_SPLIT_YEAR} only)")
        print(table.round(4).to_string())
    family = out["candidate"].str.split("/").str[0]
    best = out.assign(family=family).groupby(["family", "candidate"])["log_loss"].mean()
    print("\nchosen (lowest mean log loss per family):")
    for fam, sub in best.groupby(level=0):
        print(f"  {fam}: {sub.idxmin()[1]} ({sub.min():.4f}) of {sub.size} candidates")


if __name__ == "__main__":
    main()
