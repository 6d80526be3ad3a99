"""Choose the forecaster's hyper-parameters on development splits of the TRAINING data only.

Every row used here has approval FY < kzgov.forecast.DEFAULT_SPLIT_YEAR, so no row of the
temporal test split is ever looked at. Two development schemes mirror the real ones:

* dev_temporal: fit on approval FY < 2003, score on 2003 .. split_year - 1;
* dev_grouped: 3-fold GroupKFold by country on the same pre-split rows.

Caveat: the grouped-by-country test folds of the real evaluation cover every year, so the
pre-split rows used here also appear in them; the hyper-parameters were chosen among a few
candidates on these rows, the networks are refitted from scratch in the evaluation.

Usage: OMP_NUM_THREADS=1 python scripts/forecaster_dev.py [--seeds 0 1] [--configs A B ...]
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np
import pandas as pd

from kzgov import data, forecast

CANDIDATES = {
    "A_default": {},
    "B_no_clip": {"clip_numeric": False},
    "C_more_reg": {"weight_decay": 1e-2, "dropout": 0.3},
    "D_smaller": {"hidden": (32,), "max_embedding_dim": 4},
    "E_lr1e-3": {"learning_rate": 1e-3},
    "F_unk0.15": {"unknown_dropout": 0.15},
    "G_min20": {"min_count": 20},
    "H_no_unk_dropout": {"unknown_dropout": 0.0},
    # second round
    "I_patience8": {"patience": 8, "max_epochs": 60},
    "J_wd1e-3": {"weight_decay": 1e-3},
    "K_lr1e-3_unk0.15": {"learning_rate": 1e-3, "unknown_dropout": 0.15},
    "L_batch1024": {"batch_size": 1024},
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--configs", nargs="+", default=list(CANDIDATES))
    ap.add_argument("--target", default="binary")
    ap.add_argument("--dev-year", type=int, default=2003)
    args = ap.parse_args()

    full = forecast.prepare(data.load("ieg_ratings"))
    dev = full[full["Approval FY"] < forecast.DEFAULT_SPLIT_YEAR].reset_index(drop=True)
    folds = forecast.temporal_folds(dev, split_year=args.dev_year) + forecast.grouped_country_folds(
        dev, n_splits=3
    )
    rows = []

    def record(name: str, split: str, y: np.ndarray, p: np.ndarray) -> None:
        sc = forecast.score(y, p)
        rows.append({"model": name, "split": split, **sc})

    by_split: dict[str, dict[str, list]] = {}
    for f in folds:
        frames = {"test": dev.iloc[f.test]}
        store = by_split.setdefault(f.split, {"y": []})
        store["y"].append(dev["success"].to_numpy()[f.test])
        for b in ("logistic", "hist_gradient_boosting"):
            store.setdefault(b, []).append(forecast.fit_baseline(b, dev.iloc[f.fit], frames)["test"])
        for cname in args.configs:
            cfg = dataclasses.replace(forecast.NeuralConfig(target=args.target), **CANDIDATES[cname])
            members = []
            for s in args.seeds:
                fit = forecast.fit_neural(
                    dev.iloc[f.network], dev.iloc[f.validation], config=cfg, seed=s, predict=frames
                )
                members.append(fit.predictions["test"])
                store.setdefault(f"{cname}/seed{s}", []).append(fit.predictions["test"])
            store.setdefault(f"{cname}/ensemble", []).append(np.mean(members, axis=0))
    for split, store in by_split.items():
        y = np.concatenate(store.pop("y"))
        for name, parts in store.items():
            record(name, split, y, np.concatenate(parts))
    out = pd.DataFrame(rows)
    out["config"] = out["model"].str.split("/").str[0]
    summary = (
        out[~out["model"].str.contains("/seed")]
        .pivot_table(index="model", columns="split", values=["roc_auc", "brier"])
        .round(4)
    )
    seeds = (
        out[out["model"].str.contains("/seed")]
        .groupby(["config", "split"])[["roc_auc", "brier"]]
        .mean()
        .unstack("split")
        .round(4)
    )
    with pd.option_context("display.width", 200):
        print("ensemble and baselines (dev splits, training data only)")
        print(summary.to_string())
        print("\nmean over seeds")
        print(seeds.to_string())


if __name__ == "__main__":
    main()
