"""Notebook 05, the project-impact forecaster: the study's neural analytical module, tested.

Section 3 of Abdullayev, Kadyrova & Ydyrys (2025) proposes a neural-network platform,
"Smart Project Management of Akimats", whose analytical module would forecast "the
socio-economic impact of projects based on historical data"; its Figure 14 lists "limited
amount of data for training the model" as a technical risk. The study prints no
forecasting result. No registry of Kazakh local or PPP projects is public, so notebook 05
tests the idea with :mod:`kzgov.forecast` on the closest real data, the World Bank IEG
ratings, and this module holds what frames that test for the study:

* :data:`DECLARED` and :data:`SETTINGS_RECORD`, the comparison that counts and the
  settings, declared before any test metric was computed; :func:`verdict_text` states the
  outcome of :func:`kzgov.forecast.verdict`;
* :data:`ANCHORS` and :func:`anchors`, the project's previous (leaky) figure and a
  third-party benchmark beside this run;
* :func:`group_gains` and :func:`project_vs_country_text`, the ablation read against
  Denizer, Kaufmann & Kraay (2013);
* :func:`kazakhstan_out_of_fold` and :func:`plot_kazakhstan`, the study's country;
* the notebook's tables, plots and outputs (:func:`feature_table`, :func:`column_classes`,
  :func:`feature_columns`, :func:`vintage_violations`, :func:`plot_ablation`,
  :func:`plot_reliability`, :func:`write_outputs`) and its declared :data:`PARAMETERS`.

Importing this module does not import torch, lightning, matplotlib or seaborn.

Examples
--------
>>> from kzgov.study import project_impact_forecaster as study
>>> study.DECLARED["baseline"], study.DECLARED["network"]
('hist_gradient_boosting', 'neural_ensemble')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from kzgov.constraints import Interval, ListOf, Options, Parameter, Parameters
from kzgov.forecast._core import (
    ABLATION_STEPS,
    DECLARED,
    KAZAKHSTAN,
    METRICS,
    OUTCOME_LEVELS,
    SETTINGS_RECORD,
    SPLITS,
    ForecastEvaluation,
    plot_ablation,
    plot_reliability,
    split_year_of,
    verdict_text,
    write_outputs,
)
from kzgov.forecast._features import (
    column_classes,
    feature_columns,
    feature_table,
    vintage_violations,
)

__all__ = [
    "ANCHORS",
    "PARAMETERS",
    "DECLARED",
    "METRICS",
    "SETTINGS_RECORD",
    "anchors",
    "column_classes",
    "feature_columns",
    "feature_table",
    "group_gains",
    "kazakhstan_out_of_fold",
    "plot_ablation",
    "plot_kazakhstan",
    "plot_reliability",
    "project_vs_country_text",
    "verdict_text",
    "vintage_violations",
    "write_outputs",
]

#: The parameters of ``notebooks/05_project_impact_forecaster``.
PARAMETERS = Parameters(
    "05_project_impact_forecaster",
    Parameter("target", [Options(str, ("binary", "ordinal"))],
              help="training target of the network: success, or the 6-point rating"),
    Parameter("split_year", [Interval(int, 1980, 2020)],
              help="temporal split: train on approval FY < split_year, test on the rest"),
    Parameter("seeds", [ListOf(Interval(int, 0, None))], help="one ensemble member per seed"),
    Parameter("max_epochs", [Interval(int, 1, 500)], help="upper bound on the epochs"),
    Parameter("ablation", [bool], help="also add the feature groups one at a time"),
)


ANCHORS: tuple[Mapping[str, Any], ...] = (
    {
        "anchor": "kzgov before this version (leaky: 3 post-approval country columns)",
        "split": "temporal",
        "roc_auc": 0.5991,
        "n": 2580,
        "sample": "IEG rated projects approved FY2010 and later; gradient boosting",
        "source": "notebooks/05_project_impact_forecaster.ipynb stored output at commit d45f214",
    },
    {
        "anchor": "ThesisInstitute/procurement, TF-IDF of appraisal documents (not peer reviewed)",
        "split": "forward-chained, approval FY2011 and later",
        "roc_auc": 0.6238,
        "n": 1522,
        "sample": "investment projects with an appraisal document (PAD); a different sample",
        "source": "github.com/ThesisInstitute/procurement worldbank/results/model_table.csv "
                  "(commit ca016e76), row '(d) PAD text only (TF-IDF)'",
    },
)
"""Published figures to set beside this version's results (transcribed with their source)."""


def anchors(metrics: pd.DataFrame) -> pd.DataFrame:
    """The anchors of :data:`ANCHORS` beside this run's declared network and baseline AUC.

    Returns
    -------
    pandas.DataFrame
        ``anchor, split, n, roc_auc, sample, source`` for the anchors, then one row per
        split for the declared network and baseline of this run.
    """
    rows = [dict(a) for a in ANCHORS]
    for split in SPLITS:
        for role in ("network", "baseline"):
            model = DECLARED[role]
            sub = metrics.query("split == @split and slice == 'all' and metric == 'roc_auc' "
                                "and model == @model")
            rows.append({
                "anchor": f"this version, declared {role} ({model}), ex-ante features only",
                "split": split,
                "roc_auc": round(float(sub["mean"].iloc[0]), 4),
                "n": int(sub["n"].iloc[0]),
                "sample": "IEG rated projects" + (
                    f" approved FY{split_year_of(metrics)} and later" if split == "temporal"
                    else ", countries unseen in training (5 folds)"),
                "source": "this run (forecaster_metrics.csv)",
            })
    return pd.DataFrame(rows)[["anchor", "split", "n", "roc_auc", "sample", "source"]]


def group_gains(table: pd.DataFrame) -> pd.DataFrame:
    """What each feature group adds in the ablation: AUC and Brier change per step.

    Returns
    -------
    pandas.DataFrame
        ``model, split, step, auc_gain, brier_gain`` (``brier_gain`` > 0 means a lower,
        better Brier score), from :func:`ablation`'s table.
    """
    steps = [s for s, _ in ABLATION_STEPS]
    rows = []
    for (model, split), sub in table.groupby(["model", "split"], sort=False):
        sub = sub.set_index("step").reindex(steps)
        for prev, step in zip(steps[:-1], steps[1:], strict=True):
            rows.append({
                "model": model, "split": split, "step": step,
                "auc_gain": round(float(sub.loc[step, "roc_auc"] - sub.loc[prev, "roc_auc"]), 4),
                "brier_gain": round(float(sub.loc[prev, "brier"] - sub.loc[step, "brier"]), 4),
            })
    return pd.DataFrame(rows)


def project_vs_country_text(gains: pd.DataFrame) -> str:
    """Sentences, per model and split: does the project group add more AUC than the country group.

    Denizer, Kaufmann & Kraay (2013) find project-level factors matter more than
    country-level ones; this states, from the ablation, whether that holds here.
    """
    lines = []
    for (model, split), sub in gains.groupby(["model", "split"], sort=False):
        g = sub.set_index("step")["auc_gain"]
        p, c = float(g["+ project"]), float(g["+ country"])
        word = "more" if p > c else "less"
        lines.append(f"{model}, {split}: the project group adds {p:+.4f} AUC, {word} than the "
                     f"country group ({c:+.4f}).")
    agree = all((s.set_index("step")["auc_gain"]["+ project"] > s.set_index("step")["auc_gain"]["+ country"])
                for _, s in gains.groupby(["model", "split"]))
    lines.append("In every cell, project-level data add more than country context, as Denizer, "
                 "Kaufmann & Kraay (2013) found." if agree else
                 "Not in every cell do project-level data add more than country context; see above.")
    return "\n".join(lines)


def kazakhstan_out_of_fold(evaluation: ForecastEvaluation) -> pd.DataFrame:
    """The Kazakh projects' out-of-fold predictions (grouped-by-country split) and ratings.

    Under ``grouped_country`` every Kazakh project is predicted by models that never saw a
    Kazakh project.

    Returns
    -------
    pandas.DataFrame
        ``project_id, approval_fy, rating, outcome, success`` and the declared network's and
        baseline's predicted P(success), sorted by approval FY and project.
    """
    pred = evaluation.predictions
    kz = pred[(pred["split"] == "grouped_country") & (pred["country"] == KAZAKHSTAN)]
    out = pd.DataFrame({
        "project_id": kz["project_id"].to_numpy(),
        "approval_fy": kz["approval_fy"].to_numpy(),
        "rating": kz["rating"].to_numpy(),
        "outcome": [OUTCOME_LEVELS[r] for r in kz["rating"]],
        "success": kz["y"].to_numpy(),
        f"p_{DECLARED['network']}": kz[DECLARED["network"]].round(3).to_numpy(),
        f"p_{DECLARED['baseline']}": kz[DECLARED["baseline"]].round(3).to_numpy(),
    })
    return out.sort_values(["approval_fy", "project_id"]).reset_index(drop=True)


def plot_kazakhstan(table: pd.DataFrame) -> Any:
    """Out-of-fold P(success) of the Kazakh projects against their IEG rating.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    col = f"p_{DECLARED['network']}"
    fig, ax = plt.subplots(figsize=(8, 4.5))
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(table))
    ax.scatter(table["rating"] + jitter, table[col], c=np.where(table["success"] == 1, "C2", "C3"),
               s=28, alpha=0.85)
    ax.axvline(2.5, color="0.5", ls="--", lw=1)
    ax.set_xticks(range(len(OUTCOME_LEVELS)))
    ax.set_xticklabels([lv.replace(" ", "\n", 1) for lv in OUTCOME_LEVELS], fontsize=8)
    ax.set_xlim(-0.5, len(OUTCOME_LEVELS) - 0.5)
    ax.set_ylim(0, 1)
    ax.set_ylabel("out-of-fold predicted P(success)")
    ax.set_title(f"Kazakhstan: {len(table)} rated projects, predicted by models that saw no "
                 "Kazakh project")
    fig.tight_layout()
    plots.caption(
        fig,
        "Source: World Bank IEG ratings with ex-ante project and country data (data/raw). "
        f"{DECLARED['network']}, grouped-by-country cross-validation; right of the dashed line = "
        "success. kzgov.study.project_impact_forecaster.kazakhstan_out_of_fold.",
    )
    return fig
