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
    ABLATION_STEPS as ABLATION_STEPS,
)
from kzgov.forecast._core import (
    ANCHORS as ANCHORS,
)
from kzgov.forecast._core import (
    BASELINES as BASELINES,
)
from kzgov.forecast._core import (
    CENTRAL_ASIA as CENTRAL_ASIA,
)
from kzgov.forecast._core import (
    DECLARED,
    GROUPS,
    BaselineConfig,
    ForecastEvaluation,
    LeakageError,
    NeuralConfig,
    TrainedForecaster,
    ablation,
    describe_data,
    evaluate,
    fit_baseline,
    fit_neural,
    predict,
    prepare,
    score,
    train,
    verdict,
    write_outputs,
)
from kzgov.forecast._core import (
    DEFAULT_MAX_EPOCHS as DEFAULT_MAX_EPOCHS,
)
from kzgov.forecast._core import (
    DEFAULT_SEEDS as DEFAULT_SEEDS,
)
from kzgov.forecast._core import (
    DEFAULT_SPLIT_YEAR as DEFAULT_SPLIT_YEAR,
)
from kzgov.forecast._core import (
    ECE_BINS as ECE_BINS,
)
from kzgov.forecast._core import (
    KAZAKHSTAN as KAZAKHSTAN,
)
from kzgov.forecast._core import (
    METRICS as METRICS,
)
from kzgov.forecast._core import (
    MISSING_TOKEN as MISSING_TOKEN,
)
from kzgov.forecast._core import (
    MODELS as MODELS,
)
from kzgov.forecast._core import (
    OPTIONAL_COLUMNS as OPTIONAL_COLUMNS,
)
from kzgov.forecast._core import (
    OUTCOME_LEVELS as OUTCOME_LEVELS,
)
from kzgov.forecast._core import (
    REQUIRED_COLUMNS as REQUIRED_COLUMNS,
)
from kzgov.forecast._core import (
    SETTINGS_RECORD as SETTINGS_RECORD,
)
from kzgov.forecast._core import (
    SLICES as SLICES,
)
from kzgov.forecast._core import (
    SPLITS as SPLITS,
)
from kzgov.forecast._core import (
    SUCCESS_LEVELS as SUCCESS_LEVELS,
)
from kzgov.forecast._core import (
    UNKNOWN_INDEX as UNKNOWN_INDEX,
)
from kzgov.forecast._core import (
    Fold as Fold,
)
from kzgov.forecast._core import (
    NeuralFit as NeuralFit,
)
from kzgov.forecast._core import (
    anchors as anchors,
)
from kzgov.forecast._core import (
    brier as brier,
)
from kzgov.forecast._core import (
    conformal_sets as conformal_sets,
)
from kzgov.forecast._core import (
    conformal_threshold as conformal_threshold,
)
from kzgov.forecast._core import (
    default_model_dir as default_model_dir,
)
from kzgov.forecast._core import (
    ece as ece,
)
from kzgov.forecast._core import (
    feature_description as feature_description,
)
from kzgov.forecast._core import (
    group_gains as group_gains,
)
from kzgov.forecast._core import (
    grouped_country_folds as grouped_country_folds,
)
from kzgov.forecast._core import (
    kazakhstan_out_of_fold as kazakhstan_out_of_fold,
)
from kzgov.forecast._core import (
    load_forecaster as load_forecaster,
)
from kzgov.forecast._core import (
    load_module as load_module,
)
from kzgov.forecast._core import (
    log_loss as log_loss,
)
from kzgov.forecast._core import (
    main as main,
)
from kzgov.forecast._core import (
    parameter_domains as parameter_domains,
)
from kzgov.forecast._core import (
    plot_ablation as plot_ablation,
)
from kzgov.forecast._core import (
    plot_kazakhstan as plot_kazakhstan,
)
from kzgov.forecast._core import (
    plot_reliability as plot_reliability,
)
from kzgov.forecast._core import (
    project_vs_country_text as project_vs_country_text,
)
from kzgov.forecast._core import (
    read_projects as read_projects,
)
from kzgov.forecast._core import (
    reliability_table as reliability_table,
)
from kzgov.forecast._core import (
    roc_auc as roc_auc,
)
from kzgov.forecast._core import (
    summary_table as summary_table,
)
from kzgov.forecast._core import (
    temporal_folds as temporal_folds,
)
from kzgov.forecast._core import (
    verdict_text as verdict_text,
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
