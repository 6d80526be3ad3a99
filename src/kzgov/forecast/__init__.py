"""The project-impact forecaster: P(project outcome >= Moderately Satisfactory) at approval.

The public API is below; the ex-ante column classes, joins and encoders are in
:mod:`kzgov.forecast.features`, and the torch network in :mod:`kzgov.forecast._torch`,
which is imported only when a network is built or loaded (``import kzgov.forecast`` does
not import torch).

Examples
--------
>>> from kzgov import forecast
>>> forecast.GROUPS
('ieg', 'project', 'text', 'country')
>>> forecast.DECLARED["baseline"]
'hist_gradient_boosting'
"""

from __future__ import annotations

from kzgov.forecast import features
from kzgov.forecast._core import (
    ABLATION_STEPS,
    ANCHORS,
    BASELINES,
    CENTRAL_ASIA,
    DECLARED,
    DEFAULT_MAX_EPOCHS,
    DEFAULT_SEEDS,
    DEFAULT_SPLIT_YEAR,
    ECE_BINS,
    GROUPS,
    KAZAKHSTAN,
    METRICS,
    MISSING_TOKEN,
    MODELS,
    OPTIONAL_COLUMNS,
    OUTCOME_LEVELS,
    REQUIRED_COLUMNS,
    SETTINGS_RECORD,
    SLICES,
    SPLITS,
    SUCCESS_LEVELS,
    UNKNOWN_INDEX,
    BaselineConfig,
    Fold,
    ForecastEvaluation,
    LeakageError,
    NeuralConfig,
    NeuralFit,
    TrainedForecaster,
    ablation,
    anchors,
    brier,
    conformal_sets,
    conformal_threshold,
    default_model_dir,
    describe_data,
    ece,
    evaluate,
    feature_description,
    fit_baseline,
    fit_neural,
    group_gains,
    grouped_country_folds,
    kazakhstan_out_of_fold,
    load_forecaster,
    load_module,
    log_loss,
    main,
    parameter_domains,
    plot_ablation,
    plot_kazakhstan,
    plot_reliability,
    predict,
    prepare,
    project_vs_country_text,
    read_projects,
    reliability_table,
    roc_auc,
    score,
    summary_table,
    temporal_folds,
    train,
    verdict,
    verdict_text,
    write_outputs,
)

# What a user calls; the constants and helpers above stay importable by name.
__all__ = [
    "DECLARED",
    "GROUPS",
    "BaselineConfig",
    "ForecastEvaluation",
    "LeakageError",
    "NeuralConfig",
    "TrainedForecaster",
    "ablation",
    "describe_data",
    "evaluate",
    "features",
    "fit_baseline",
    "fit_neural",
    "predict",
    "prepare",
    "score",
    "train",
    "verdict",
    "write_outputs",
]
