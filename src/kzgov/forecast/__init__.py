"""The project-impact forecaster: P(project outcome >= Moderately Satisfactory) at approval.

Prepare the rated projects with the ex-ante features (:func:`prepare`, :func:`describe_data`),
evaluate the baselines and the network on a temporal and a grouped-by-country split
(:func:`evaluate`, :func:`ablation`, :func:`summary_table`, :func:`verdict`), or train on
every rated project and predict new ones (:func:`train`, :func:`predict`). :func:`score`
gives the metrics of any predictions.

The implementation lives in private modules: ``_core`` (data, models, evaluation, the
``kzgov forecast`` command line, whose entry point :func:`main` is kept here), ``_features``
(the declared ex-ante column classes, joins and encoders) and ``_torch`` (the network),
which is imported only when a network is built or loaded: ``import kzgov.forecast`` does
not import torch. What is specific to the study (its declaration, the anchors, the
Kazakhstan slice) is in :mod:`kzgov.study.project_impact_forecaster`.

Examples
--------
>>> from kzgov import forecast
>>> sorted(forecast.score([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4]))
['brier', 'ece', 'log_loss', 'roc_auc']
"""

from __future__ import annotations

from kzgov.forecast._core import (
    BaselineConfig,
    ForecastEvaluation,
    LeakageError,
    NeuralConfig,
    TrainedForecaster,
    ablation,
    describe_data,
    evaluate,
    predict,
    prepare,
    score,
    summary_table,
    train,
    verdict,
)
from kzgov.forecast._core import main as main  # the entry point of `kzgov forecast`

__all__ = [
    "BaselineConfig",
    "ForecastEvaluation",
    "LeakageError",
    "NeuralConfig",
    "TrainedForecaster",
    "ablation",
    "describe_data",
    "evaluate",
    "predict",
    "prepare",
    "score",
    "summary_table",
    "train",
    "verdict",
]
