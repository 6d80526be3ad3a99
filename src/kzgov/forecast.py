"""Forecasting whether a development project succeeds, from what is known when it is approved.

The study proposes a neural-network platform, "Smart Project Management of Akimats", whose
analytical module would forecast the socio-economic impact of projects from historical
data (Section 3 of Abdullayev, Kadyrova & Ydyrys, 2025; its Figure 14 lists "limited
amount of data for training the model" as a technical risk). No registry of Kazakh local
or PPP projects is public, so this module works on the closest real data there is: the World
Bank Independent Evaluation Group's ratings of 12,328 projects (``ieg_ratings``), 47 of
them in Kazakhstan. The paper makes no quantitative forecasting claim; this module shows
what such a forecaster can and cannot do, with honest baselines.

Target
    ``success`` = 1 when the IEG outcome is Moderately Satisfactory or better (the World
    Bank's usual success measure), 0 otherwise; rows rated "Not Rated" are dropped.
    With ``target="ordinal"`` the network is trained on the 6-point rating with a
    rank-consistent cumulative-link (CORAL) head, and still reports
    ``P(outcome >= Moderately Satisfactory)``.
Features (ex-ante only, :data:`FEATURES`)
    WB Region, Country / Economy, its lending group, FCS status and FCS lending group,
    Practice Group, Global Practice, Agreement Type, Lending Instrument Type (categorical)
    and Approval FY (numeric, standardised). Columns known only after a project ends
    (:data:`POST_HOC_COLUMNS`) are never features. A missing categorical value is its
    own category, :data:`MISSING_TOKEN`. Caveat: the lending group and FCS columns are
    the country's classification in the file (as of 2026), not necessarily at approval.
Models
    ``prior`` (training base rate), ``logistic`` (one-hot + logistic regression, sklearn
    defaults), ``hist_gradient_boosting`` (native categoricals, sklearn defaults), and a
    small MLP with one entity embedding per categorical column (:class:`ForecastModule`,
    PyTorch Lightning). Index 0 of every embedding is the *unknown* category: categories
    not seen (or seen fewer than ``min_count`` times) in the training fold map to it, and
    during training a small share of cells is replaced by it ("unknown dropout") so that
    it learns an average effect. ``neural`` is the mean metric over the ensemble members
    (one per seed, std over seeds); ``neural_ensemble`` is the averaged prediction.
Evaluation
    Two schemes, never tuned on their test rows: a ``temporal`` split (train on approval
    FY < ``split_year``, test on the rest; default :data:`DEFAULT_SPLIT_YEAR`, chosen
    before any model was fitted because it leaves about 20% of rated projects for
    testing) and ``grouped_country`` 5-fold cross-validation (sklearn ``GroupKFold`` on
    Country / Economy; metrics on the pooled out-of-fold predictions). Inside each
    training fold a calibration set (10%) is carved out for the conformal intervals and,
    from the rest, a validation set (15%) for early stopping; both are drawn at random
    for the temporal split and by whole countries for the grouped scheme. Every model is
    fitted on the same rows (training fold minus calibration set).
Metrics
    ROC AUC, Brier score, log loss, and the expected calibration error over
    :data:`ECE_BINS` equal-width bins, with a reliability table.
Uncertainty
    Split-conformal prediction sets for the outcome from the ensemble probability
    (:func:`conformal_threshold`), with coverage measured on the hold-out.

torch and lightning are imported only when a network is built or trained: the Lightning
classes :class:`ForecastDataModule` and :class:`ForecastModule` are created on first
access, so importing this module, reading cached results and calling
:func:`parameter_domains` stay cheap.

References
----------
Guo, C. & Berkhahn, F. (2016). Entity embeddings of categorical variables. arXiv:1604.06737.
Cao, W., Mirjalili, V. & Raschka, S. (2020). Rank consistent ordinal regression for neural
networks. Pattern Recognition Letters 140, 325-331.
Lakshminarayanan, B., Pritzel, A. & Blundell, C. (2017). Simple and scalable predictive
uncertainty estimation using deep ensembles. NeurIPS.
Angelopoulos, A. N. & Bates, S. (2023). Conformal prediction: a gentle introduction.
Foundations and Trends in Machine Learning 16(4).
Naeini, M. P., Cooper, G. & Hauskrecht, M. (2015). Obtaining well calibrated probabilities
using Bayesian binning. AAAI.

Examples
--------
>>> from kzgov import forecast
>>> forecast.FEATURES[:2]
('WB Region', 'Country / Economy')
>>> round(forecast.ece([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], n_bins=2), 3)
0.275
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import cache, paths
from kzgov.errors import DataError, ParameterError

__all__ = [
    "CATEGORICAL_FEATURES",
    "CENTRAL_ASIA",
    "DEFAULT_MAX_EPOCHS",
    "DEFAULT_SEEDS",
    "DEFAULT_SPLIT_YEAR",
    "ECE_BINS",
    "FEATURES",
    "IDENTIFIER_COLUMNS",
    "KAZAKHSTAN",
    "METRICS",
    "MISSING_TOKEN",
    "MODELS",
    "NUMERIC_FEATURES",
    "OUTCOME_LEVELS",
    "POST_HOC_COLUMNS",
    "SLICES",
    "SPLITS",
    "SUCCESS_LEVELS",
    "UNKNOWN_INDEX",
    "Fold",
    "ForecastDataModule",  # noqa: F822 - built on first access (see __getattr__)
    "ForecastEvaluation",
    "ForecastModule",  # noqa: F822
    "NeuralConfig",
    "NeuralFit",
    "TabularEncoder",
    "TrainedForecaster",
    "brier",
    "conformal_sets",
    "conformal_threshold",
    "default_model_dir",
    "describe_data",
    "ece",
    "embedding_dim",
    "evaluate",
    "feature_description",
    "fit_baseline",
    "fit_neural",
    "grouped_country_folds",
    "load_forecaster",
    "load_module",
    "log_loss",
    "main",
    "parameter_domains",
    "plot_reliability",
    "predict",
    "prepare",
    "read_projects",
    "reliability_table",
    "roc_auc",
    "score",
    "state_dict_bytes",
    "summary_table",
    "temporal_folds",
    "train",
    "verdict",
    "verdict_text",
    "write_outputs",
]

Target = Literal["binary", "ordinal"]
Split = Literal["temporal", "grouped_country"]

# --------------------------------------------------------------------------- constants
OUTCOME_LEVELS: tuple[str, ...] = (
    "Highly Unsatisfactory",
    "Unsatisfactory",
    "Moderately Unsatisfactory",
    "Moderately Satisfactory",
    "Satisfactory",
    "Highly Satisfactory",
)
"""The IEG 6-point outcome scale, worst to best (its ordinal codes are 0..5)."""
SUCCESS_LEVELS: tuple[str, ...] = OUTCOME_LEVELS[3:]
"""Outcomes counted as success: Moderately Satisfactory or better."""
NOT_RATED = "Not Rated"
_SUCCESS_THRESHOLD = 2  # CORAL task k answers "rating > k"; success is "rating > 2"

CATEGORICAL_FEATURES: tuple[str, ...] = (
    "WB Region",
    "Country / Economy",
    "Country / Economy Lending Group",
    "Country / Economy FCS Status",
    "Country / Economy FCS Lending Group",
    "Practice Group",
    "Global Practice",
    "Agreement Type",
    "Lending Instrument Type",
)
NUMERIC_FEATURES: tuple[str, ...] = ("Approval FY",)
FEATURES: tuple[str, ...] = CATEGORICAL_FEATURES + NUMERIC_FEATURES
"""Every feature the models see: known when the project is approved."""
POST_HOC_COLUMNS: tuple[str, ...] = (
    "Final Closing FY",
    "Evaluation FY",
    "Evaluation Type",
    "Quality at Entry",
    "Quality of Supervision",
    "Bank Performance",
    "M&E Quality",
)
"""Columns known only after a project ends or is evaluated: never features."""
IDENTIFIER_COLUMNS: tuple[str, ...] = ("As of Date", "Project ID", "Project Name", "Outcome")
"""Identifiers, the file date and the outcome itself: never features."""

KAZAKHSTAN = "Republic of Kazakhstan"
CENTRAL_ASIA: tuple[str, ...] = (
    "Kyrgyz Republic",
    "Republic of Kazakhstan",
    "Republic of Tajikistan",
    "Republic of Uzbekistan",
    "Turkmenistan",
)
"""The five Central Asian countries, spelled as in the IEG file."""

MISSING_TOKEN = "(missing)"
UNKNOWN_INDEX = 0
ECE_BINS = 10
DEFAULT_SPLIT_YEAR = 2010
DEFAULT_SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)
DEFAULT_MAX_EPOCHS = 30
SPLITS: tuple[str, ...] = ("temporal", "grouped_country")
SLICES: tuple[str, ...] = ("all", "central_asia", "kazakhstan")
MODELS: tuple[str, ...] = (
    "prior",
    "logistic",
    "hist_gradient_boosting",
    "neural",
    "neural_ensemble",
)
BASELINES: tuple[str, ...] = MODELS[:3]
METRICS: tuple[str, ...] = ("roc_auc", "brier", "log_loss", "ece")
_CAL_FRACTION = 0.10
_VAL_FRACTION = 0.15
_HOLDOUT_SEED = 20250317  # fixed: the calibration and validation rows do not depend on the model seed
_ROUND = 6


# --------------------------------------------------------------------------- validation
def _param_error(name: str, func: str, expected: str, got: Any) -> ParameterError:
    return ParameterError(
        f"The {name!r} parameter of {func} must be {expected}. Got {got!r} instead."
    )


def _check_target(target: Any, func: str) -> Target:
    if target not in ("binary", "ordinal"):
        raise _param_error("target", func, "one of 'binary', 'ordinal'", target)
    return target


def _check_int(value: Any, name: str, func: str, *, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise _param_error(name, func, f"an int in [{lo}, {hi if hi is not None else 'inf'}]", value)
    if value < lo or (hi is not None and value > hi):
        raise _param_error(name, func, f"an int in [{lo}, {hi if hi is not None else 'inf'}]", value)
    return int(value)


def _check_seeds(seeds: Any, func: str) -> tuple[int, ...]:
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        seeds = [seeds]
    if (
        not isinstance(seeds, Sequence)
        or isinstance(seeds, str)
        or len(seeds) == 0
        or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0 for s in seeds)
        or len(set(seeds)) != len(seeds)
    ):
        raise _param_error("seeds", func, "a non-empty list of distinct ints >= 0", seeds)
    return tuple(int(s) for s in seeds)


def parameter_domains() -> dict[str, dict[str, Any]]:
    """Domains of notebook 05's parameters, for ``kzgov run -p NAME VALUE``.

    Returns
    -------
    dict
        ``target`` (``binary`` or ``ordinal``), ``split_year`` (first approval FY of the
        temporal test set), ``seeds`` (ensemble members) and ``max_epochs``.
    """
    return {
        "target": {"type": "str", "nullable": False, "values": ["binary", "ordinal"]},
        "split_year": {"type": "int", "nullable": False, "min": 1980, "max": 2020},
        "seeds": {"type": "list[int]", "nullable": False, "min": 0},
        "max_epochs": {"type": "int", "nullable": False, "min": 1, "max": 500},
    }


# --------------------------------------------------------------------------- data
def prepare(frame: pd.DataFrame, *, path: str | Path | None = None) -> pd.DataFrame:
    """Keep the rated projects and add the targets.

    Parameters
    ----------
    frame
        IEG ratings as loaded by ``kzgov.data.load("ieg_ratings")`` (or a file of the same
        schema): the columns of :data:`FEATURES` and ``Outcome``.
    path
        Shown in error messages.

    Returns
    -------
    pandas.DataFrame
        ``Project ID`` (when present), the :data:`FEATURES`, ``rating`` (0..5, see
        :data:`OUTCOME_LEVELS`) and ``success`` (1 when the outcome is in
        :data:`SUCCESS_LEVELS`), one row per rated project, in file order.

    Raises
    ------
    DataError
        A feature or ``Outcome`` column is missing, or an outcome is not on the IEG scale.
    """
    _check_feature_columns(frame, path=path, extra=("Outcome",))
    outcome = frame["Outcome"].astype(object)
    rated = outcome != NOT_RATED
    bad = rated & ~outcome.isin(OUTCOME_LEVELS)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{outcome.iloc[i]!r} is not an IEG outcome; expected one of "
            f"{[*OUTCOME_LEVELS, NOT_RATED]}",
            path=path,
            column="Outcome",
            row=i + 1,
            value=outcome.iloc[i],
        )
    keep = ["Project ID"] if "Project ID" in frame.columns else []
    out = frame.loc[rated.to_numpy(), keep + list(FEATURES)].reset_index(drop=True)
    out = _coerce_features(out, path=path)
    codes = {level: i for i, level in enumerate(OUTCOME_LEVELS)}
    out["rating"] = outcome[rated].map(codes).to_numpy().astype(np.int64)
    out["success"] = (out["rating"] > _SUCCESS_THRESHOLD).astype(np.int64)
    return out


def _check_feature_columns(
    frame: pd.DataFrame, *, path: str | Path | None = None, extra: Sequence[str] = ()
) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in (*FEATURES, *extra) if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; the forecaster needs {list(FEATURES) + list(extra)}",
            path=path,
        )


def _coerce_features(frame: pd.DataFrame, *, path: str | Path | None = None) -> pd.DataFrame:
    """Check Approval FY is a whole number in every row; categorical values become str."""
    out = frame.copy()
    for col in NUMERIC_FEATURES:
        raw = out[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = (num.isna() & raw.notna()) | (num.notna() & (num % 1 != 0))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"{raw.iloc[i]!r} is not a whole-number fiscal year",
                path=path,
                column=col,
                row=i + 1,
                value=raw.iloc[i],
            )
        if num.isna().any():
            i = int(np.flatnonzero(num.isna().to_numpy())[0])
            raise DataError("value is required but missing", path=path, column=col, row=i + 1)
        out[col] = num.astype(np.float64)
    for col in CATEGORICAL_FEATURES:
        out[col] = _categories(out[col])
    return out


def _categories(col: pd.Series) -> pd.Series:
    """Missing values (None, NaN, empty text) become :data:`MISSING_TOKEN`."""
    values = col.astype(object).where(col.notna(), None)
    return values.map(lambda v: MISSING_TOKEN if v is None or v == "" else str(v))


def _frame_digest(frame: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(list(map(str, frame.columns))).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- encoder
@dataclass(frozen=True)
class TabularEncoder:
    """Integer codes for categorical columns and z-scores for numeric ones.

    Fitted on a training fold only (:meth:`fit`); :meth:`transform` maps every category
    that was not seen in that fold, or seen fewer than ``min_count`` times, to
    :data:`UNKNOWN_INDEX` (0). Known categories get codes ``1..len(vocabulary)`` in
    sorted order, so the cardinality of column *j* is ``len(vocabularies[j]) + 1``.

    Attributes
    ----------
    categorical, numeric
        Column names.
    vocabularies
        Known categories per categorical column (sorted).
    means, scales
        Mean and standard deviation of each numeric column in the training fold
        (a zero standard deviation is replaced by 1).
    min_count
        The rarity threshold used at fit time.
    """

    categorical: tuple[str, ...]
    numeric: tuple[str, ...]
    vocabularies: tuple[tuple[str, ...], ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    min_count: int = 1
    lows: tuple[float, ...] | None = None
    highs: tuple[float, ...] | None = None

    @classmethod
    def fit(
        cls,
        frame: pd.DataFrame,
        *,
        categorical: Sequence[str] = CATEGORICAL_FEATURES,
        numeric: Sequence[str] = NUMERIC_FEATURES,
        min_count: int = 1,
        clip: bool = False,
    ) -> TabularEncoder:
        """Learn the vocabularies and the scalers from ``frame`` (the training fold).

        With ``clip=True`` numeric values are later clipped to the fold's range before
        scaling, so a later approval year is treated like the latest year seen in
        training (as a tree would), instead of being extrapolated.
        """
        min_count = _check_int(min_count, "min_count", "TabularEncoder.fit", lo=1)
        vocabularies = []
        for col in categorical:
            counts = _categories(frame[col]).value_counts()
            vocabularies.append(tuple(sorted(str(k) for k, n in counts.items() if n >= min_count)))
        means, scales, lows, highs = [], [], [], []
        for col in numeric:
            values = frame[col].to_numpy(dtype=np.float64)
            mu = float(values.mean())
            sd = float(values.std())
            means.append(mu)
            scales.append(sd if sd > 0 else 1.0)
            lows.append(float(values.min()))
            highs.append(float(values.max()))
        return cls(
            tuple(categorical), tuple(numeric), tuple(vocabularies), tuple(means),
            tuple(scales), min_count,
            tuple(lows) if clip else None,
            tuple(highs) if clip else None,
        )

    @property
    def cardinalities(self) -> tuple[int, ...]:
        """Embedding sizes: known categories plus the unknown index."""
        return tuple(len(v) + 1 for v in self.vocabularies)

    def transform(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(codes, numerics)``: int64 ``(n, n_categorical)``, float32 ``(n, n_numeric)``."""
        n = len(frame)
        codes = np.zeros((n, len(self.categorical)), dtype=np.int64)
        for j, (col, vocab) in enumerate(zip(self.categorical, self.vocabularies, strict=True)):
            lookup = {v: i + 1 for i, v in enumerate(vocab)}
            mapped = _categories(frame[col]).map(lookup).fillna(UNKNOWN_INDEX)
            codes[:, j] = mapped.to_numpy(dtype=np.int64)
        nums = np.zeros((n, len(self.numeric)), dtype=np.float32)
        for j, col in enumerate(self.numeric):
            values = frame[col].to_numpy(dtype=np.float64)
            if self.lows is not None and self.highs is not None:
                values = np.clip(values, self.lows[j], self.highs[j])
            nums[:, j] = (values - self.means[j]) / self.scales[j]
        return codes, nums

    def unknown_values(self, frame: pd.DataFrame) -> dict[str, list[str]]:
        """Categories of ``frame`` that map to the unknown index, per column (sorted)."""
        out = {}
        for col, vocab in zip(self.categorical, self.vocabularies, strict=True):
            values = set(_categories(frame[col])) - set(vocab)
            if values:
                out[col] = sorted(values)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (see :meth:`from_dict`)."""
        return {
            "categorical": list(self.categorical),
            "numeric": list(self.numeric),
            "vocabularies": [list(v) for v in self.vocabularies],
            "means": list(self.means),
            "scales": list(self.scales),
            "min_count": self.min_count,
            "lows": None if self.lows is None else list(self.lows),
            "highs": None if self.highs is None else list(self.highs),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TabularEncoder:
        """Rebuild an encoder written by :meth:`to_dict`."""
        return cls(
            tuple(d["categorical"]),
            tuple(d["numeric"]),
            tuple(tuple(v) for v in d["vocabularies"]),
            tuple(float(x) for x in d["means"]),
            tuple(float(x) for x in d["scales"]),
            int(d["min_count"]),
            None if d.get("lows") is None else tuple(float(x) for x in d["lows"]),
            None if d.get("highs") is None else tuple(float(x) for x in d["highs"]),
        )


def embedding_dim(cardinality: int, *, max_dim: int = 8) -> int:
    """Embedding width for a column with ``cardinality`` codes: ``min(max_dim, round(1.6 n^0.56))``.

    The rule of thumb of fast.ai (Howard & Gugger, 2020), capped to keep the model small.
    """
    return max(1, min(max_dim, round(1.6 * cardinality**0.56)))


# --------------------------------------------------------------------------- metrics
def _arrays(y: Any, p: Any, func: str) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.asarray(p, dtype=np.float64).ravel()
    if y.shape != p.shape or y.size == 0:
        raise _param_error("y, p", func, "two non-empty arrays of equal length", (y.size, p.size))
    if not np.isin(y, (0.0, 1.0)).all():
        raise _param_error("y", func, "an array of 0 and 1", sorted(set(y.tolist()))[:5])
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise _param_error("p", func, "probabilities in [0, 1]", "values outside [0, 1] or NaN")
    return y, p


def roc_auc(y: Any, p: Any) -> float:
    """Area under the ROC curve (sklearn); NaN when ``y`` holds a single class."""
    from sklearn.metrics import roc_auc_score

    y, p = _arrays(y, p, "roc_auc")
    if np.unique(y).size < 2:
        return math.nan
    return float(roc_auc_score(y, p))


def brier(y: Any, p: Any) -> float:
    r"""Brier score :math:`\frac1n\sum_i (p_i - y_i)^2` (sklearn ``brier_score_loss``)."""
    from sklearn.metrics import brier_score_loss

    y, p = _arrays(y, p, "brier")
    return float(brier_score_loss(y, p, labels=[0, 1]))


def log_loss(y: Any, p: Any) -> float:
    r"""Log loss :math:`-\frac1n\sum_i [y_i\ln p_i + (1-y_i)\ln(1-p_i)]` (sklearn)."""
    from sklearn.metrics import log_loss as _log_loss

    y, p = _arrays(y, p, "log_loss")
    return float(_log_loss(y, p, labels=[0, 1]))


def _bin_ids(p: np.ndarray, n_bins: int) -> np.ndarray:
    # Same binning as sklearn.calibration.calibration_curve(strategy="uniform"):
    # bin k holds (k/n, (k+1)/n], the first bin also holds 0.
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    return np.searchsorted(edges[1:-1], p, side="left")


def reliability_table(y: Any, p: Any, *, n_bins: int = ECE_BINS) -> pd.DataFrame:
    """Observed success rate against mean predicted probability, per equal-width bin.

    Bin *k* (0-based) holds predictions in ``(k/n_bins, (k+1)/n_bins]``; the first also
    holds 0. Empty bins are kept with ``n = 0`` and NaN means.

    Returns
    -------
    pandas.DataFrame
        ``bin, lower, upper, n, mean_predicted, observed``.
    """
    n_bins = _check_int(n_bins, "n_bins", "reliability_table", lo=1)
    y, p = _arrays(y, p, "reliability_table")
    ids = _bin_ids(p, n_bins)
    n = np.bincount(ids, minlength=n_bins)
    sum_p = np.bincount(ids, weights=p, minlength=n_bins)
    sum_y = np.bincount(ids, weights=y, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.where(n > 0, sum_p / np.maximum(n, 1), np.nan)
        obs = np.where(n > 0, sum_y / np.maximum(n, 1), np.nan)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    return pd.DataFrame(
        {
            "bin": np.arange(n_bins),
            "lower": edges[:-1],
            "upper": edges[1:],
            "n": n.astype(np.int64),
            "mean_predicted": mean_p,
            "observed": obs,
        }
    )


def ece(y: Any, p: Any, *, n_bins: int = ECE_BINS) -> float:
    r"""Expected calibration error over ``n_bins`` equal-width bins.

    .. math:: \mathrm{ECE} = \sum_{k} \frac{n_k}{n}\,\bigl|\bar y_k - \bar p_k\bigr|

    where :math:`\bar y_k` is the observed success rate and :math:`\bar p_k` the mean
    prediction in bin *k* (bins as in :func:`reliability_table`; empty bins add 0).

    Examples
    --------
    Bin (0, 0.5] holds 0.2 and 0.4 (mean 0.3, no success); bin (0.5, 1] holds 0.9 and 0.6
    (mean 0.75, both successes): ECE = 0.5 * 0.3 + 0.5 * 0.25 = 0.275.

    >>> round(ece([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], n_bins=2), 6)
    0.275
    """
    tab = reliability_table(y, p, n_bins=n_bins)
    used = tab[tab["n"] > 0]
    total = float(used["n"].sum())
    return float((used["n"] / total * (used["observed"] - used["mean_predicted"]).abs()).sum())


def score(y: Any, p: Any, *, n_bins: int = ECE_BINS) -> dict[str, float]:
    """All of :data:`METRICS` for one set of predictions."""
    return {
        "roc_auc": roc_auc(y, p),
        "brier": brier(y, p),
        "log_loss": log_loss(y, p),
        "ece": ece(y, p, n_bins=n_bins),
    }


# --------------------------------------------------------------------------- conformal
def conformal_threshold(y_cal: Any, p_cal: Any, *, alpha: float = 0.1) -> float:
    r"""Split-conformal threshold for binary prediction sets.

    The nonconformity score of a calibration project is :math:`s_i = 1 - \hat p(y_i)`,
    one minus the probability the model gave to what happened. The threshold is the
    :math:`\lceil (n+1)(1-\alpha)\rceil`-th smallest score; when that exceeds *n* it is
    1 (every set holds both outcomes). Under exchangeability of calibration and test
    projects, the set :math:`\{y : 1-\hat p(y) \le \hat q\}` covers the true outcome with
    probability at least :math:`1-\alpha` (Angelopoulos & Bates, 2023).

    Parameters
    ----------
    y_cal, p_cal
        Outcomes (0/1) and predicted success probabilities of the calibration set, which
        must not have been used for fitting.
    alpha
        Miscoverage level in (0, 1).

    Returns
    -------
    float
        The threshold :math:`\hat q`.
    """
    if not isinstance(alpha, (float, int)) or isinstance(alpha, bool) or not 0 < alpha < 1:
        raise _param_error("alpha", "conformal_threshold", "a float in (0, 1)", alpha)
    y, p = _arrays(y_cal, p_cal, "conformal_threshold")
    scores = np.sort(1.0 - np.where(y == 1, p, 1.0 - p))
    n = scores.size
    k = math.ceil((n + 1) * (1 - alpha))
    return 1.0 if k > n else float(scores[k - 1])


def conformal_sets(p: Any, q: float) -> pd.DataFrame:
    """Prediction sets for threshold ``q``: which outcomes each set holds.

    Returns
    -------
    pandas.DataFrame
        ``has_failure`` (``p <= q``), ``has_success`` (``1 - p <= q``), ``size`` (0, 1 or 2)
        and ``label`` (``success``, ``failure``, ``either`` or ``none``).
    """
    p = np.asarray(p, dtype=np.float64).ravel()
    has_success = (1.0 - p) <= q
    has_failure = p <= q
    size = has_success.astype(int) + has_failure.astype(int)
    label = np.select(
        [size == 2, has_success, has_failure], ["either", "success", "failure"], default="none"
    )
    return pd.DataFrame(
        {"has_failure": has_failure, "has_success": has_success, "size": size, "label": label}
    )


# --------------------------------------------------------------------------- splits
@dataclass(frozen=True)
class Fold:
    """One train/test split of the prepared frame, by row positions.

    ``calibration`` and ``validation`` are carved from ``train``; models are fitted on
    ``fit`` = train minus calibration; the network early-stops on ``validation`` (part
    of ``fit``) and trains on ``fit`` minus ``validation``.
    """

    split: str
    index: int
    train: np.ndarray
    test: np.ndarray
    calibration: np.ndarray
    validation: np.ndarray

    @property
    def fit(self) -> np.ndarray:
        """Training rows for every model (training fold minus the calibration set)."""
        return np.setdiff1d(self.train, self.calibration)

    @property
    def network(self) -> np.ndarray:
        """Rows the network's weights are fitted on (``fit`` minus ``validation``)."""
        return np.setdiff1d(self.fit, self.validation)


def _holdout(
    positions: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray | None,
    *,
    fraction: float,
    seed: int,
) -> np.ndarray:
    """Carve ``fraction`` of ``positions``: stratified at random, or by whole groups."""
    from sklearn.model_selection import GroupShuffleSplit, StratifiedShuffleSplit

    if groups is None:
        splitter = StratifiedShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
        try:
            _, held = next(splitter.split(positions, y[positions]))
        except ValueError:  # a class too small to stratify (tiny data)
            rng = np.random.default_rng(seed)
            held = rng.permutation(positions.size)[: max(1, round(fraction * positions.size))]
    else:
        splitter = GroupShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
        _, held = next(splitter.split(positions, groups=groups[positions]))
    return np.sort(positions[held])


def _make_fold(
    split: str, index: int, train: np.ndarray, test: np.ndarray, data: pd.DataFrame, grouped: bool
) -> Fold:
    y = data["success"].to_numpy()
    groups = data["Country / Economy"].to_numpy() if grouped else None
    train = np.sort(train)
    cal = _holdout(train, y, groups, fraction=_CAL_FRACTION, seed=_HOLDOUT_SEED + index)
    fit = np.setdiff1d(train, cal)
    val = _holdout(fit, y, groups, fraction=_VAL_FRACTION, seed=_HOLDOUT_SEED + 100 + index)
    return Fold(split, index, train, np.sort(test), cal, val)


def temporal_folds(data: pd.DataFrame, *, split_year: int = DEFAULT_SPLIT_YEAR) -> list[Fold]:
    """One fold: train on approval FY < ``split_year``, test on approval FY >= ``split_year``.

    Raises
    ------
    ParameterError
        If either side would be empty.
    """
    split_year = _check_int(split_year, "split_year", "temporal_folds", lo=1900, hi=2100)
    year = data["Approval FY"].to_numpy()
    train = np.flatnonzero(year < split_year)
    test = np.flatnonzero(year >= split_year)
    if train.size == 0 or test.size == 0:
        raise _param_error(
            "split_year",
            "temporal_folds",
            f"a year that leaves projects on both sides (approval FY {int(year.min())}"
            f"-{int(year.max())})",
            split_year,
        )
    return [_make_fold("temporal", 0, train, test, data, grouped=False)]


def grouped_country_folds(data: pd.DataFrame, *, n_splits: int = 5) -> list[Fold]:
    """``n_splits`` folds by sklearn ``GroupKFold`` on Country / Economy (no shuffling)."""
    from sklearn.model_selection import GroupKFold

    n_splits = _check_int(n_splits, "n_splits", "grouped_country_folds", lo=2)
    groups = data["Country / Economy"].to_numpy()
    if np.unique(groups).size < n_splits:
        raise _param_error(
            "n_splits", "grouped_country_folds", "at most the number of countries", n_splits
        )
    folds = []
    for i, (train, test) in enumerate(GroupKFold(n_splits=n_splits).split(data, groups=groups)):
        folds.append(_make_fold("grouped_country", i, train, test, data, grouped=True))
    return folds


# --------------------------------------------------------------------------- baselines
def fit_baseline(
    name: str, train: pd.DataFrame, predict: Mapping[str, pd.DataFrame]
) -> dict[str, np.ndarray]:
    """Fit baseline ``name`` on ``train`` (prepared rows) and predict each frame in ``predict``.

    ``prior``: the training success rate. ``logistic``: one-hot encoded categoricals
    (unknown categories ignored) and standardised Approval FY, sklearn
    ``LogisticRegression`` with its defaults (L2, C = 1). ``hist_gradient_boosting``:
    sklearn ``HistGradientBoostingClassifier`` with native categorical splits and its
    defaults (early stopping on an internal 10% validation split when n > 10,000);
    unknown categories are treated as missing.

    Returns
    -------
    dict
        Name of each frame in ``predict`` to its success probabilities.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    if name not in BASELINES:
        raise _param_error("name", "fit_baseline", f"one of {list(BASELINES)}", name)
    y = train["success"].to_numpy()
    cats, nums = list(CATEGORICAL_FEATURES), list(NUMERIC_FEATURES)
    if name == "prior":
        rate = float(y.mean())
        return {k: np.full(len(f), rate) for k, f in predict.items()}
    if name == "logistic":
        pre = ColumnTransformer(
            [
                ("cat", OneHotEncoder(handle_unknown="ignore"), cats),
                ("num", StandardScaler(), nums),
            ]
        )
        model = make_pipeline(pre, LogisticRegression(max_iter=2000))
    else:
        pre = ColumnTransformer(
            [
                (
                    "cat",
                    OrdinalEncoder(
                        handle_unknown="use_encoded_value",
                        unknown_value=np.nan,
                        encoded_missing_value=np.nan,
                    ),
                    cats,
                ),
                ("num", "passthrough", nums),
            ]
        )
        model = make_pipeline(
            pre,
            HistGradientBoostingClassifier(
                categorical_features=list(range(len(cats))), random_state=0
            ),
        )
    model.fit(train[cats + nums], y)
    return {k: model.predict_proba(f[cats + nums])[:, 1].astype(np.float64) for k, f in predict.items()}


# --------------------------------------------------------------------------- network
@dataclass(frozen=True)
class NeuralConfig:
    """Hyper-parameters of the network and its training.

    They were chosen on validation rows carved from the training data only (never on a
    test split); see ``scripts/forecaster_dev.py``.
    """

    target: Target = "binary"
    max_epochs: int = DEFAULT_MAX_EPOCHS
    batch_size: int = 512
    hidden: tuple[int, ...] = (64, 32)
    max_embedding_dim: int = 8
    dropout: float = 0.1
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    patience: int = 4
    min_count: int = 5
    unknown_dropout: float = 0.05
    clip_numeric: bool = True

    def module_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :class:`ForecastModule` taken from this config."""
        return {
            "target": self.target,
            "hidden": tuple(self.hidden),
            "max_embedding_dim": self.max_embedding_dim,
            "dropout": self.dropout,
            "learning_rate": self.learning_rate,
            "weight_decay": self.weight_decay,
            "unknown_dropout": self.unknown_dropout,
        }


@dataclass(frozen=True)
class NeuralFit:
    """One trained ensemble member: its weights (a serialised state_dict), encoder and predictions."""

    seed: int
    config: NeuralConfig
    encoder: TabularEncoder
    hparams: Mapping[str, Any]
    state_dict: bytes
    epochs: int
    best_epoch: int
    best_val_loss: float
    predictions: Mapping[str, np.ndarray]
    seconds: float = field(default=0.0, compare=False)


_LIGHTNING_CLASSES = ("ForecastDataModule", "ForecastModule")


def __getattr__(name: str) -> Any:
    if name in _LIGHTNING_CLASSES:
        classes = _lightning_classes()
        return classes[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lightning_classes() -> dict[str, type]:
    """Build (once) the Lightning classes; this is where torch and lightning are imported."""
    g = globals()
    if all(n in g for n in _LIGHTNING_CLASSES):
        return {n: g[n] for n in _LIGHTNING_CLASSES}

    import lightning as L
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    class ForecastDataModule(L.LightningDataModule):
        """Training and validation rows as tensors; the encoder is fitted on ``train`` only.

        Parameters
        ----------
        train, val
            Prepared frames (see :func:`prepare`): the training fold (minus held-out
            rows) and the validation rows used for early stopping.
        target
            ``binary`` (``success``) or ``ordinal`` (``rating``).
        batch_size, min_count, seed
            Mini-batch size, rarity threshold of the encoder, seed of the shuffling.
        clip_numeric
            Clip numeric features to the training fold's range (see :meth:`TabularEncoder.fit`).
        encoder
            A fitted :class:`TabularEncoder` to reuse instead of fitting one.
        """

        def __init__(
            self,
            train: pd.DataFrame,
            val: pd.DataFrame | None = None,
            *,
            target: Target = "binary",
            batch_size: int = 512,
            min_count: int = 5,
            clip_numeric: bool = True,
            seed: int = 0,
            encoder: TabularEncoder | None = None,
        ) -> None:
            super().__init__()
            self.train_frame = train
            self.val_frame = val
            self.target = _check_target(target, "ForecastDataModule")
            self.batch_size = batch_size
            self.min_count = min_count
            self.clip_numeric = clip_numeric
            self.seed = seed
            self.encoder = encoder
            self._train: Any = None
            self._val: Any = None

        def setup(self, stage: str | None = None) -> None:
            if self.encoder is None:
                self.encoder = TabularEncoder.fit(
                    self.train_frame, min_count=self.min_count, clip=self.clip_numeric
                )
            if self._train is None:
                self._train = self.dataset(self.train_frame)
                self._val = None if self.val_frame is None else self.dataset(self.val_frame)

        def dataset(self, frame: pd.DataFrame) -> TensorDataset:
            """Encode ``frame`` with the fitted encoder as ``(codes, numerics, target)``."""
            codes, nums = self.encoder.transform(frame)
            col = "success" if self.target == "binary" else "rating"
            y = frame[col].to_numpy(dtype=np.int64)
            return TensorDataset(torch.from_numpy(codes), torch.from_numpy(nums), torch.from_numpy(y))

        def model_kwargs(self) -> dict[str, Any]:
            """The data-dependent arguments of :class:`ForecastModule`."""
            if self.encoder is None:
                self.setup("fit")
            return {
                "cardinalities": list(self.encoder.cardinalities),
                "n_numeric": len(self.encoder.numeric),
            }

        def train_dataloader(self) -> DataLoader:
            gen = torch.Generator().manual_seed(self.seed)
            return DataLoader(self._train, batch_size=self.batch_size, shuffle=True, generator=gen)

        def val_dataloader(self) -> DataLoader:
            return DataLoader(self._val, batch_size=max(len(self._val), 1), shuffle=False)

    class ForecastModule(L.LightningModule):
        """An MLP over entity embeddings (one per categorical column) and standardised numerics.

        Index 0 of each embedding is the unknown category. With ``target="binary"`` the
        head is one logit of success; with ``target="ordinal"`` it is a CORAL head: one
        shared logit plus five biases, task *k* predicting ``rating > k`` (Cao et al.,
        2020), and success is task 2.

        Parameters
        ----------
        cardinalities
            Codes per categorical column, unknown included.
        n_numeric
            Number of numeric inputs.
        target, hidden, max_embedding_dim, dropout, learning_rate, weight_decay
            Architecture and optimiser (AdamW).
        unknown_dropout
            Probability that a categorical cell is replaced by the unknown index during
            training, so the unknown embedding learns an average effect.
        """

        def __init__(
            self,
            cardinalities: Sequence[int],
            n_numeric: int,
            *,
            target: Target = "binary",
            hidden: Sequence[int] = (64, 32),
            max_embedding_dim: int = 8,
            dropout: float = 0.1,
            learning_rate: float = 3e-3,
            weight_decay: float = 1e-4,
            unknown_dropout: float = 0.05,
        ) -> None:
            super().__init__()
            self.save_hyperparameters()
            _check_target(target, "ForecastModule")
            self.target = target
            self.embeddings = nn.ModuleList(
                nn.Embedding(int(c), embedding_dim(int(c), max_dim=max_embedding_dim))
                for c in cardinalities
            )
            width = sum(e.embedding_dim for e in self.embeddings) + int(n_numeric)
            layers: list[nn.Module] = []
            for h in hidden:
                layers += [nn.Linear(width, int(h)), nn.ReLU(), nn.Dropout(dropout)]
                width = int(h)
            self.body = nn.Sequential(*layers)
            self.head = nn.Linear(width, 1)
            if target == "ordinal":  # CORAL: one bias per task "rating > k"
                self.thresholds = nn.Parameter(torch.zeros(len(OUTCOME_LEVELS) - 1))
            else:  # no unused parameter (DDP requires every parameter to get a gradient)
                self.register_parameter("thresholds", None)
            self._best_val = math.inf
            self._best_state: dict[str, Any] | None = None
            self.best_epoch = -1

        def forward(self, codes: torch.Tensor, nums: torch.Tensor) -> torch.Tensor:
            """Logits: shape ``(n,)`` for binary, ``(n, 5)`` for ordinal."""
            parts = [emb(codes[:, j]) for j, emb in enumerate(self.embeddings)]
            x = torch.cat([*parts, nums], dim=1)
            logit = self.head(self.body(x))
            if self.target == "binary":
                return logit.squeeze(1)
            return logit + self.thresholds

        def success_logit(self, codes: torch.Tensor, nums: torch.Tensor) -> torch.Tensor:
            """Logit of P(outcome >= Moderately Satisfactory)."""
            out = self(codes, nums)
            return out if self.target == "binary" else out[:, _SUCCESS_THRESHOLD]

        def loss(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            """Binary cross-entropy, or the CORAL loss (mean BCE over the five tasks)."""
            fn = nn.functional.binary_cross_entropy_with_logits
            if self.target == "binary":
                return fn(logits, y.to(logits.dtype))
            tasks = torch.arange(logits.shape[1], device=y.device)
            levels = (y.unsqueeze(1) > tasks).to(logits.dtype)
            return fn(logits, levels)

        def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
            codes, nums, y = batch
            p = self.hparams.unknown_dropout
            if p > 0:
                mask = torch.rand(codes.shape, device=codes.device) < p
                codes = codes.masked_fill(mask, UNKNOWN_INDEX)
            return self.loss(self(codes, nums), y)

        def validation_step(self, batch: Any, batch_idx: int) -> None:
            codes, nums, y = batch
            loss = self.loss(self(codes, nums), y)
            self.log("val_loss", loss, batch_size=len(y), sync_dist=True)

        def on_validation_epoch_end(self) -> None:
            if self.trainer.sanity_checking:
                return
            val = float(self.trainer.callback_metrics["val_loss"])
            if val < self._best_val:
                self._best_val = val
                self.best_epoch = int(self.current_epoch)
                self._best_state = {
                    k: v.detach().clone() for k, v in self.state_dict().items()
                }

        def restore_best(self) -> None:
            """Load the weights of the epoch with the lowest validation loss."""
            if self._best_state is not None:
                self.load_state_dict(self._best_state)

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.AdamW(
                self.parameters(),
                lr=self.hparams.learning_rate,
                weight_decay=self.hparams.weight_decay,
            )

        def predict_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
            codes, nums = batch[0], batch[1]
            return torch.sigmoid(self.success_logit(codes, nums))

        @torch.no_grad()
        def predict_proba(self, codes: np.ndarray, nums: np.ndarray) -> np.ndarray:
            """P(success) for encoded rows, computed on the CPU as float64."""
            was_training = self.training
            self.eval()
            model = self.to("cpu")
            logit = model.success_logit(torch.from_numpy(codes), torch.from_numpy(nums))
            self.train(was_training)
            return torch.sigmoid(logit.double()).numpy()

    for cls in (ForecastDataModule, ForecastModule):
        cls.__qualname__ = cls.__name__
        cls.__module__ = __name__
        g[cls.__name__] = cls
    return {n: g[n] for n in _LIGHTNING_CLASSES}


@contextlib.contextmanager
def _quiet_lightning() -> Iterator[None]:
    """Silence Lightning's info logs and its data-loader hints (for papermill and tests)."""
    names = ("lightning", "lightning.pytorch", "lightning.fabric", "pytorch_lightning")
    old = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*does not have many workers.*")
            warnings.filterwarnings("ignore", message=".*num_workers.*")
            warnings.filterwarnings("ignore", message=".*LeafSpec.*")
            warnings.filterwarnings("ignore", category=UserWarning, module="lightning")
            yield
    finally:
        for n, level in old.items():
            logging.getLogger(n).setLevel(level)


def _torch_setup() -> None:
    import torch

    torch.set_num_threads(1)
    # cuBLAS needs this for deterministic=True on a GPU; harmless on the CPU.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")


def state_dict_bytes(module: Any) -> bytes:
    """Serialise ``module.state_dict()`` with ``torch.save`` (tensors only)."""
    import torch

    buf = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in module.state_dict().items()}, buf)
    return buf.getvalue()


def load_module(hparams: Mapping[str, Any], state: bytes | str | Path) -> Any:
    """Rebuild a :class:`ForecastModule` and load weights with ``torch.load(weights_only=True)``."""
    import torch

    cls = _lightning_classes()["ForecastModule"]
    kwargs = dict(hparams)
    module = cls(kwargs.pop("cardinalities"), kwargs.pop("n_numeric"), **kwargs)
    source = io.BytesIO(state) if isinstance(state, bytes) else state
    module.load_state_dict(torch.load(source, map_location="cpu", weights_only=True))
    module.eval()
    return module


def fit_neural(
    train: pd.DataFrame,
    val: pd.DataFrame,
    *,
    config: NeuralConfig | None = None,
    seed: int = 0,
    predict: Mapping[str, pd.DataFrame] | None = None,
    accelerator: str = "auto",
) -> NeuralFit:
    """Train one network (one ensemble member) and predict the frames in ``predict``.

    The encoder is fitted on ``train`` only; training stops early when the loss on
    ``val`` has not improved for ``config.patience`` epochs, and the weights of the best
    epoch are kept. Runs with ``seed_everything(seed)``, ``deterministic=True``, one CPU
    thread and no progress bar, logger, model summary or checkpoint files.

    Parameters
    ----------
    train, val
        Prepared frames (:func:`prepare`).
    config
        Hyper-parameters; default :class:`NeuralConfig`.
    seed
        Seed of the initial weights, the batch order and the unknown dropout.
    predict
        Frames to predict after training, by name.
    accelerator
        Passed to ``lightning.Trainer`` (``"auto"``: a GPU when present, else the CPU).

    Returns
    -------
    NeuralFit
    """
    import lightning as L
    from lightning.pytorch.callbacks import EarlyStopping

    config = config or NeuralConfig()
    seed = _check_int(seed, "seed", "fit_neural", lo=0)
    classes = _lightning_classes()
    _torch_setup()
    start = time.perf_counter()
    with _quiet_lightning():
        L.seed_everything(seed, workers=True, verbose=False)
        dm = classes["ForecastDataModule"](
            train,
            val,
            target=config.target,
            batch_size=config.batch_size,
            min_count=config.min_count,
            clip_numeric=config.clip_numeric,
            seed=seed,
        )
        dm.setup("fit")
        hparams = {**dm.model_kwargs(), **config.module_kwargs()}
        module = classes["ForecastModule"](**hparams)
        trainer = L.Trainer(
            max_epochs=config.max_epochs,
            accelerator=accelerator,
            devices=1,
            deterministic=True,
            enable_progress_bar=False,
            enable_model_summary=False,
            enable_checkpointing=False,
            logger=False,
            num_sanity_val_steps=0,
            callbacks=[EarlyStopping(monitor="val_loss", patience=config.patience, mode="min")],
        )
        trainer.fit(module, datamodule=dm)
        epochs = int(trainer.current_epoch)
        module.restore_best()
        module.to("cpu")
        preds = {
            name: module.predict_proba(*dm.encoder.transform(frame))
            for name, frame in (predict or {}).items()
        }
    return NeuralFit(
        seed=seed,
        config=config,
        encoder=dm.encoder,
        hparams={**hparams, "hidden": list(hparams["hidden"])},
        state_dict=state_dict_bytes(module),
        epochs=epochs,
        best_epoch=int(module.best_epoch),
        best_val_loss=float(module._best_val),
        predictions=preds,
        seconds=time.perf_counter() - start,
    )


def _device_kind(accelerator: str) -> str:
    if accelerator == "cpu":
        return "cpu"
    import torch

    if accelerator in ("auto", "gpu", "cuda") and torch.cuda.is_available():
        return "cuda:" + torch.cuda.get_device_name(0)
    return "cpu" if accelerator == "auto" else accelerator


# --------------------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class ForecastEvaluation:
    """Everything :func:`evaluate` measured.

    Attributes
    ----------
    metrics
        Tidy: ``model, split, slice, metric, mean, std, n`` (std over seeds; 0 for
        deterministic models); rounded to 6 decimals.
    predictions
        One row per test prediction: ``split, fold, row, project_id, country, y`` and one
        column per model and per ensemble member (``neural_seed<k>``), plus the conformal
        threshold ``conformal_q`` and set columns of the ensemble.
    reliability
        Reliability tables per ``split, slice, model`` (see :func:`reliability_table`).
    conformal
        Coverage of the ensemble's conformal sets per ``split, slice``.
    training
        Per fitted network: ``split, fold, seed, epochs, best_epoch, best_val_loss, n_fit, n_val``.
    features
        The feature description written to ``forecaster_features.json``.
    notes
        Plain-language caveats (undefined metrics, small slices).
    params
        The evaluation's parameters.
    """

    metrics: pd.DataFrame
    predictions: pd.DataFrame
    reliability: pd.DataFrame
    conformal: pd.DataFrame
    training: pd.DataFrame
    features: Mapping[str, Any]
    notes: tuple[str, ...]
    params: Mapping[str, Any]


def feature_description(config: NeuralConfig | None = None) -> dict[str, Any]:
    """The features used, those excluded and why, and the target (JSON-ready)."""
    config = config or NeuralConfig()
    return {
        "source": "data/raw/project_outcomes/ieg_world_bank_project_performance_ratings_01-17-2026.csv",
        "resource": "ieg_ratings",
        "categorical": list(CATEGORICAL_FEATURES),
        "numeric": list(NUMERIC_FEATURES),
        "numeric_scaling": "z-score with the training fold's mean and standard deviation",
        "missing_category": MISSING_TOKEN,
        "unknown_index": UNKNOWN_INDEX,
        "unknown_rule": (
            "a category unseen in the training fold, or seen fewer than min_count times, "
            "maps to the unknown embedding"
        ),
        "min_count": config.min_count,
        "excluded_post_hoc": list(POST_HOC_COLUMNS),
        "excluded_identifiers": list(IDENTIFIER_COLUMNS),
        "target": {
            "name": "success",
            "definition": "Outcome in " + ", ".join(SUCCESS_LEVELS),
            "excluded_rows": NOT_RATED,
            "training_target": config.target,
            "ordinal_levels": list(OUTCOME_LEVELS),
        },
    }


def describe_data(
    frame: pd.DataFrame | None = None, *, split_year: int = DEFAULT_SPLIT_YEAR
) -> pd.DataFrame:
    """Rated projects and success rates per slice, before and after ``split_year``.

    Returns
    -------
    pandas.DataFrame
        ``slice, period, n, successes, success_rate, first_fy, last_fy``; ``period`` is
        ``all``, ``train`` (approval FY < split_year) or ``test``.
    """
    if frame is None:
        from kzgov import data as kdata

        frame = kdata.load("ieg_ratings")
    data = prepare(frame)
    split_year = _check_int(split_year, "split_year", "describe_data", lo=1900, hi=2100)
    masks = _slice_masks(data["Country / Economy"].to_numpy())
    year = data["Approval FY"].to_numpy()
    periods = {"all": year == year, "train": year < split_year, "test": year >= split_year}
    rows = []
    for name in SLICES:
        for period, pm in periods.items():
            sub = data[masks[name] & pm]
            n = len(sub)
            rows.append(
                {
                    "slice": name,
                    "period": period,
                    "n": n,
                    "successes": int(sub["success"].sum()),
                    "success_rate": round(float(sub["success"].mean()), 4) if n else math.nan,
                    "first_fy": int(sub["Approval FY"].min()) if n else None,
                    "last_fy": int(sub["Approval FY"].max()) if n else None,
                }
            )
    return pd.DataFrame(rows)


def _slice_masks(country: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "all": np.ones(country.size, dtype=bool),
        "central_asia": np.isin(country, CENTRAL_ASIA),
        "kazakhstan": country == KAZAKHSTAN,
    }


def _neural_job(
    data: pd.DataFrame, fold: Fold, seed: int, config: NeuralConfig, accelerator: str,
    key: str, use_cache: bool,
) -> NeuralFit:
    def compute() -> NeuralFit:
        frames = {
            "test": data.iloc[fold.test],
            "calibration": data.iloc[fold.calibration],
        }
        return fit_neural(
            data.iloc[fold.network],
            data.iloc[fold.validation],
            config=config,
            seed=seed,
            predict=frames,
            accelerator=accelerator,
        )

    if not use_cache:
        return compute()
    return cache.get_or_compute("forecast", key, compute)


def _baseline_job(data: pd.DataFrame, fold: Fold, key: str, use_cache: bool) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        frames = {"test": data.iloc[fold.test], "calibration": data.iloc[fold.calibration]}
        return {name: fit_baseline(name, data.iloc[fold.fit], frames) for name in BASELINES}

    if not use_cache:
        return compute()
    return cache.get_or_compute("forecast", key, compute)


def evaluate(
    frame: pd.DataFrame | None = None,
    *,
    target: Target = "binary",
    split_year: int = DEFAULT_SPLIT_YEAR,
    seeds: Sequence[int] = DEFAULT_SEEDS,
    max_epochs: int = DEFAULT_MAX_EPOCHS,
    n_splits: int = 5,
    alpha: float = 0.1,
    n_bins: int = ECE_BINS,
    config: NeuralConfig | None = None,
    accelerator: str = "auto",
    n_jobs: int = 1,
    use_cache: bool = True,
) -> ForecastEvaluation:
    """Evaluate the baselines, the networks and their ensemble on both schemes.

    Parameters
    ----------
    frame
        IEG ratings (default: ``kzgov.data.load("ieg_ratings")``).
    target
        ``binary`` or ``ordinal`` training target of the network (the metrics are always
        on P(success)).
    split_year
        First approval FY of the temporal test set.
    seeds
        One ensemble member per seed.
    max_epochs
        Upper bound on training epochs (early stopping usually ends sooner).
    n_splits
        Folds of the grouped-by-country cross-validation.
    alpha
        Miscoverage of the conformal sets (0.1: 90% target coverage).
    n_bins
        Bins of the ECE and the reliability tables.
    config
        Other network hyper-parameters (``target`` and ``max_epochs`` override it).
    accelerator
        Lightning accelerator (``auto``: a GPU when present).
    n_jobs
        Networks trained in parallel processes (joblib); 1 trains in this process.
    use_cache
        Reuse trained networks and baseline fits from ``.cache/kzgov/forecast``, keyed on
        the data, the parameters and the code of this module.

    Returns
    -------
    ForecastEvaluation
    """
    func = "evaluate"
    target = _check_target(target, func)
    seeds = _check_seeds(seeds, func)
    max_epochs = _check_int(max_epochs, "max_epochs", func, lo=1, hi=10_000)
    n_jobs = _check_int(n_jobs, "n_jobs", func, lo=1)
    n_bins = _check_int(n_bins, "n_bins", func, lo=1)
    if not isinstance(alpha, float) or not 0 < alpha < 1:
        raise _param_error("alpha", func, "a float in (0, 1)", alpha)
    if frame is None:
        from kzgov import data as kdata

        frame = kdata.load("ieg_ratings")
    data = prepare(frame)
    config = dataclasses.replace(config or NeuralConfig(), target=target, max_epochs=max_epochs)
    folds = temporal_folds(data, split_year=split_year) + grouped_country_folds(
        data, n_splits=n_splits
    )
    digest = _frame_digest(data)
    code = cache.code_version("kzgov.forecast")
    base_params = {"data": digest, "code": code, "cal": _CAL_FRACTION, "val": _VAL_FRACTION}
    # the temporal fold depends on split_year only, the grouped folds on n_splits only,
    # so a sweep over one reuses the cached fits of the other
    fold_params = {
        (f.split, f.index): {
            **base_params,
            **({"split_year": split_year} if f.split == "temporal" else {"n_splits": n_splits}),
        }
        for f in folds
    }

    baseline = {
        (f.split, f.index): _baseline_job(
            data,
            f,
            cache.make_key(kind="baselines", fold=[f.split, f.index], **fold_params[(f.split, f.index)]),
            use_cache,
        )
        for f in folds
    }
    device = _device_kind(accelerator)
    jobs = [
        (f, s, _neural_key(f, s, config, device, fold_params[(f.split, f.index)]))
        for f in folds
        for s in seeds
    ]
    fits = _run_neural_jobs(data, jobs, config, accelerator, use_cache, n_jobs)

    pred_parts, train_rows = [], []
    for f in folds:
        test = data.iloc[f.test]
        part = pd.DataFrame(
            {
                "split": f.split,
                "fold": f.index,
                "row": f.test,
                "project_id": test["Project ID"].to_numpy() if "Project ID" in test else "",
                "country": test["Country / Economy"].to_numpy(),
                "y": test["success"].to_numpy(),
            }
        )
        for name in BASELINES:
            part[name] = baseline[(f.split, f.index)][name]["test"]
        member_test = []
        member_cal = []
        for s in seeds:
            fit = fits[(f.split, f.index, s)]
            part[f"neural_seed{s}"] = fit.predictions["test"]
            member_test.append(fit.predictions["test"])
            member_cal.append(fit.predictions["calibration"])
            train_rows.append(
                {
                    "split": f.split,
                    "fold": f.index,
                    "seed": s,
                    "epochs": fit.epochs,
                    "best_epoch": fit.best_epoch,
                    "best_val_loss": round(fit.best_val_loss, _ROUND),
                    "n_fit": int(f.network.size),
                    "n_val": int(f.validation.size),
                    "n_calibration": int(f.calibration.size),
                }
            )
        part["neural_ensemble"] = np.mean(member_test, axis=0)
        p_cal = np.mean(member_cal, axis=0)
        q = conformal_threshold(data["success"].to_numpy()[f.calibration], p_cal, alpha=alpha)
        sets = conformal_sets(part["neural_ensemble"].to_numpy(), q)
        part["conformal_q"] = q
        part["conformal_set"] = sets["label"].to_numpy()
        part["covered"] = np.where(
            part["y"].to_numpy() == 1, sets["has_success"], sets["has_failure"]
        )
        pred_parts.append(part)
    predictions = pd.concat(pred_parts, ignore_index=True)

    metrics, reliability, conformal, notes = _summarise(
        predictions, seeds=seeds, n_bins=n_bins, alpha=alpha
    )
    params = {
        "target": target,
        "split_year": split_year,
        "seeds": list(seeds),
        "max_epochs": max_epochs,
        "n_splits": n_splits,
        "alpha": alpha,
        "n_bins": n_bins,
        "config": dataclasses.asdict(config),
    }
    return ForecastEvaluation(
        metrics=metrics,
        predictions=predictions,
        reliability=reliability,
        conformal=conformal,
        training=pd.DataFrame(train_rows),
        features=feature_description(config),
        notes=tuple(notes),
        params=params,
    )


def _neural_key(
    fold: Fold, seed: int, config: NeuralConfig, device: str, base: Mapping[str, Any]
) -> str:
    return cache.make_key(
        kind="neural",
        fold=[fold.split, fold.index],
        seed=seed,
        config=dataclasses.asdict(config),
        device=device,
        **base,
    )


def _run_neural_jobs(
    data: pd.DataFrame,
    jobs: Sequence[tuple[Fold, int, str]],
    config: NeuralConfig,
    accelerator: str,
    use_cache: bool,
    n_jobs: int,
) -> dict[tuple[str, int, int], NeuralFit]:
    if n_jobs == 1:
        out = {
            (f.split, f.index, s): _neural_job(data, f, s, config, accelerator, key, use_cache)
            for f, s, key in jobs
        }
        return out
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=n_jobs, backend="loky")(
        delayed(_neural_job)(data, f, s, config, accelerator, key, use_cache) for f, s, key in jobs
    )
    return {(f.split, f.index, s): r for (f, s, _), r in zip(jobs, results, strict=True)}


def _summarise(
    predictions: pd.DataFrame, *, seeds: Sequence[int], n_bins: int, alpha: float
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    rows, rel_parts, conf_rows, notes = [], [], [], []
    for split in SPLITS:
        sub = predictions[predictions["split"] == split]
        masks = _slice_masks(sub["country"].to_numpy())
        for slice_name in SLICES:
            s = sub[masks[slice_name]]
            n = len(s)
            y = s["y"].to_numpy()
            if n == 0:
                notes.append(f"{split}/{slice_name}: no test rows; every metric is undefined (NaN).")
                for model in MODELS:
                    for metric in METRICS:
                        rows.append((model, split, slice_name, metric, math.nan, math.nan, 0))
                continue
            if np.unique(y).size < 2:
                notes.append(
                    f"{split}/{slice_name}: all {n} test projects have the same outcome, so ROC "
                    "AUC is undefined (NaN): no pair of a success and a failure to rank."
                )
            for model in MODELS:
                if model == "neural":
                    per_seed = [score(y, s[f"neural_seed{k}"].to_numpy(), n_bins=n_bins) for k in seeds]
                    for metric in METRICS:
                        vals = np.array([d[metric] for d in per_seed])
                        mean = float(vals.mean())
                        std = float(vals.std(ddof=1)) if len(vals) > 1 else 0.0
                        rows.append((model, split, slice_name, metric, mean, std, n))
                else:
                    sc = score(y, s[model].to_numpy(), n_bins=n_bins)
                    for metric in METRICS:
                        rows.append((model, split, slice_name, metric, sc[metric], 0.0, n))
                    tab = reliability_table(y, s[model].to_numpy(), n_bins=n_bins)
                    tab.insert(0, "model", model)
                    tab.insert(0, "slice", slice_name)
                    tab.insert(0, "split", split)
                    rel_parts.append(tab)
            cov = s["covered"].to_numpy(dtype=bool)
            size = np.where(s["conformal_set"] == "either", 2, np.where(s["conformal_set"] == "none", 0, 1))
            conf_rows.append(
                {
                    "split": split,
                    "slice": slice_name,
                    "target_coverage": round(1 - alpha, _ROUND),
                    "n": n,
                    "coverage": round(float(cov.mean()), _ROUND),
                    "mean_set_size": round(float(size.mean()), _ROUND),
                    "share_either": round(float((size == 2).mean()), _ROUND),
                    "share_singleton": round(float((size == 1).mean()), _ROUND),
                }
            )
            if slice_name == "kazakhstan":
                notes.append(
                    f"{split}/kazakhstan: only {n} test projects ({int(y.sum())} successes); "
                    "metrics on so few projects have wide sampling error and cannot show "
                    "whether the model works for Kazakhstan in particular."
                )
    metrics = pd.DataFrame(rows, columns=["model", "split", "slice", "metric", "mean", "std", "n"])
    for col in ("mean", "std"):
        metrics[col] = metrics[col].astype(float).round(_ROUND) + 0.0
    metrics["n"] = metrics["n"].astype(np.int64)
    order = {
        "model": {m: i for i, m in enumerate(MODELS)},
        "split": {m: i for i, m in enumerate(SPLITS)},
        "slice": {m: i for i, m in enumerate(SLICES)},
        "metric": {m: i for i, m in enumerate(METRICS)},
    }
    metrics = metrics.sort_values(
        ["split", "slice", "model", "metric"], key=lambda c: c.map(order[c.name])
    ).reset_index(drop=True)
    reliability = pd.concat(rel_parts, ignore_index=True)
    for col in ("mean_predicted", "observed", "lower", "upper"):
        reliability[col] = reliability[col].round(_ROUND)
    return metrics, reliability, pd.DataFrame(conf_rows), notes


# --------------------------------------------------------------------------- reporting
def summary_table(
    metrics: pd.DataFrame,
    *,
    slice: str = "all",
    metric_names: Sequence[str] = ("roc_auc", "brier"),
    decimals: int = 4,
) -> pd.DataFrame:
    """One row per model, one column per (split, metric, mean|std), for slice ``slice``."""
    if slice not in SLICES:
        raise _param_error("slice", "summary_table", f"one of {list(SLICES)}", slice)
    sub = metrics[(metrics["slice"] == slice) & metrics["metric"].isin(metric_names)]
    wide = sub.pivot_table(
        index="model", columns=["split", "metric"], values=["mean", "std"], dropna=False
    )
    wide = wide.reorder_levels([1, 2, 0], axis=1)
    cols = [(s, m, v) for s in SPLITS for m in metric_names for v in ("mean", "std")]
    wide = wide.reindex(columns=pd.MultiIndex.from_tuples(cols, names=["split", "metric", ""]))
    wide = wide.reindex([m for m in MODELS if m in wide.index])
    n = sub.groupby("split")["n"].first()
    wide.attrs["n"] = {k: int(v) for k, v in n.items()}
    return wide.round(decimals)


def verdict(metrics: pd.DataFrame, *, slice: str = "all") -> pd.DataFrame:
    """Does the network beat the best baseline? One row per split and metric (AUC, Brier).

    "Beats" means at least as good: AUC >= and Brier <= the best of ``prior``,
    ``logistic`` and ``hist_gradient_boosting`` on the same split and slice, compared on
    the values in ``metrics`` (means over seeds for ``neural``).

    Returns
    -------
    pandas.DataFrame
        ``split, metric, best_baseline, best_baseline_value, neural, neural_std,
        neural_ensemble, neural_beats, ensemble_beats``.
    """
    rows = []
    for split in SPLITS:
        for metric in ("roc_auc", "brier"):
            sub = metrics[
                (metrics["split"] == split)
                & (metrics["slice"] == slice)
                & (metrics["metric"] == metric)
            ].set_index("model")
            base = sub.loc[list(BASELINES), "mean"]
            higher = metric == "roc_auc"
            best = base.idxmax() if higher else base.idxmin()
            bv = float(base[best])
            nv, ev = float(sub.loc["neural", "mean"]), float(sub.loc["neural_ensemble", "mean"])

            def beats(v: float, bv: float = bv, higher: bool = higher) -> bool:
                return bool(v >= bv) if higher else bool(v <= bv)

            rows.append(
                {
                    "split": split,
                    "metric": metric,
                    "best_baseline": best,
                    "best_baseline_value": bv,
                    "neural": nv,
                    "neural_std": float(sub.loc["neural", "std"]),
                    "neural_ensemble": ev,
                    "neural_beats": beats(nv),
                    "ensemble_beats": beats(ev),
                }
            )
    return pd.DataFrame(rows)


def verdict_text(table: pd.DataFrame) -> str:
    """Plain sentences from :func:`verdict`: where the networks beat the best baseline, where not."""
    lines = []
    names = {"roc_auc": "ROC AUC (higher is better)", "brier": "Brier score (lower is better)"}
    for r in table.itertuples(index=False):
        def word(ok: bool) -> str:
            return "matches or beats" if ok else "does NOT beat"

        lines.append(
            f"{r.split}, {names[r.metric]}: the best baseline is {r.best_baseline} "
            f"({r.best_baseline_value:.4f}); the mean network ({r.neural:.4f} ± {r.neural_std:.4f}) "
            f"{word(r.neural_beats)} it, the ensemble ({r.neural_ensemble:.4f}) "
            f"{word(r.ensemble_beats)} it."
        )
    all_ok = bool(table["neural_beats"].all() and table["ensemble_beats"].all())
    lines.append(
        "Overall: the networks are at least as good as the best baseline everywhere."
        if all_ok
        else "Overall: the networks do not beat the best baseline everywhere; see the rows above."
    )
    return "\n".join(lines)


def write_outputs(evaluation: ForecastEvaluation, *, folder: str | Path | None = None) -> list[Path]:
    """Write ``forecaster_metrics.csv``, ``forecaster_features.json`` and ``forecaster_conformal.csv``.

    All go through :func:`kzgov.data.write_processed`; numbers are rounded to 6 decimals,
    so a cold and a warm (cached) run write the same bytes. ``folder`` (relative to
    ``data/processed``) puts them elsewhere: ``kzgov forecast evaluate`` with non-default
    settings writes under ``batch/forecast/<settings>/``, never over the default files.
    """
    from kzgov import data as kdata

    features = {
        **evaluation.features,
        "evaluation": {k: v for k, v in evaluation.params.items() if k != "config"},
        "network": evaluation.params.get("config", {}),
    }
    base = Path(folder) if folder is not None else Path()
    return [
        kdata.write_processed(base / "forecaster_metrics.csv", evaluation.metrics),
        kdata.write_processed(base / "forecaster_features.json", features),
        kdata.write_processed(base / "forecaster_conformal.csv", evaluation.conformal),
    ]


def _evaluate_folder(args: argparse.Namespace) -> str | None:
    """``batch/forecast/<label>`` for settings that change the results, else ``None``."""
    from kzgov.runner import batch_label, path_label

    changed: dict[str, Any] = {}
    if args.input is not None:
        changed["input"] = path_label(args.input)
    defaults = {"target": "binary", "seeds": list(DEFAULT_SEEDS), "max_epochs": DEFAULT_MAX_EPOCHS,
                "split_year": DEFAULT_SPLIT_YEAR}
    for name, default in defaults.items():
        if getattr(args, name) != default:
            changed[name] = getattr(args, name)
    if not changed:
        return None
    return f"batch/forecast/{batch_label(changed)}"


def plot_reliability(
    evaluation: ForecastEvaluation,
    *,
    slice: str = "all",
    models: Sequence[str] = ("logistic", "hist_gradient_boosting", "neural_ensemble"),
) -> Any:
    """Reliability curves, one panel per split: observed success rate vs mean prediction.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    rel = evaluation.reliability
    fig, axes = plt.subplots(1, len(SPLITS), figsize=(10, 4.5), sharey=True)
    for ax, split in zip(axes, SPLITS, strict=True):
        ax.plot([0, 1], [0, 1], ls="--", color="0.5", lw=1, label="perfect calibration")
        for model in models:
            t = rel[(rel["split"] == split) & (rel["slice"] == slice) & (rel["model"] == model)]
            t = t[t["n"] > 0]
            (line,) = ax.plot(t["mean_predicted"], t["observed"], lw=1.2, label=model)
            ax.scatter(
                t["mean_predicted"], t["observed"], s=8 + 160 * np.sqrt(t["n"] / t["n"].max()),
                color=line.get_color(), alpha=0.8, zorder=3,
            )
        n = int(evaluation.metrics.query("split == @split and slice == @slice")["n"].max())
        ax.set_title(f"{split} (slice {slice}, n = {n})")
        ax.set_xlabel("mean predicted P(success), per bin")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("observed share of successful projects")
    axes[-1].legend(loc="lower right", fontsize=8)
    fig.suptitle("Reliability of the predicted probability of project success")
    fig.tight_layout()
    plots.caption(
        fig,
        f"Source: World Bank IEG project performance ratings (data/raw/project_outcomes, "
        f"{ECE_BINS} equal-width bins; marker area grows with the projects in the bin; empty bins "
        "omitted). Success = outcome Moderately Satisfactory or better. kzgov.forecast.evaluate.",
    )
    return fig


# --------------------------------------------------------------------------- train / predict
@dataclass(frozen=True)
class TrainedForecaster:
    """A deep ensemble trained on all rated projects, ready to predict new ones.

    Attributes
    ----------
    encoder
        Fitted on the training rows.
    members
        ``(seed, state_dict bytes)`` per ensemble member.
    hparams
        Arguments of :class:`ForecastModule`.
    conformal_q, alpha
        Split-conformal threshold from the held-out calibration rows, and its level.
    config
        The training configuration.
    data
        Hash of the training data.
    """

    encoder: TabularEncoder
    members: tuple[tuple[int, bytes], ...]
    hparams: Mapping[str, Any]
    conformal_q: float
    alpha: float
    config: NeuralConfig
    data: str

    def save(self, directory: str | Path) -> Path:
        """Write ``model.json`` and one ``weights_seed<k>.pt`` (a torch state_dict) per member."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        for seed, state in self.members:
            (d / f"weights_seed{seed}.pt").write_bytes(state)
        meta = {
            "format": "kzgov.forecast/1",
            "encoder": self.encoder.to_dict(),
            "seeds": [s for s, _ in self.members],
            "hparams": {**self.hparams, "hidden": list(self.hparams["hidden"])},
            "conformal_q": self.conformal_q,
            "alpha": self.alpha,
            "config": {**dataclasses.asdict(self.config), "hidden": list(self.config.hidden)},
            "data": self.data,
            "schema": _feature_schema(),
        }
        (d / "model.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")
        return d

    def predict(self, frame: pd.DataFrame, *, path: str | Path | None = None) -> pd.DataFrame:
        """P(success) per row of ``frame``, with the members' spread and the conformal set.

        Unknown categories are mapped to the unknown embedding with a ``UserWarning``
        naming them.

        Returns
        -------
        pandas.DataFrame
            ``Project ID`` (when present), ``p_success``, ``p_member_min``,
            ``p_member_max``, ``conformal_set`` (``success``, ``failure``, ``either``).
        """
        _check_feature_columns(frame, path=path)
        feats = _coerce_features(frame[list(FEATURES)].reset_index(drop=True), path=path)
        unknown = self.encoder.unknown_values(feats)
        if unknown:
            listed = "; ".join(f"{c!r}: {v}" for c, v in unknown.items())
            warnings.warn(
                f"categories not seen in training (or too rare) go to the unknown embedding: {listed}",
                UserWarning,
                stacklevel=2,
            )
        codes, nums = self.encoder.transform(feats)
        _torch_setup()
        members = np.array(
            [load_module(self.hparams, state).predict_proba(codes, nums) for _, state in self.members]
        )
        p = members.mean(axis=0)
        out = pd.DataFrame()
        if "Project ID" in frame.columns:
            out["Project ID"] = frame["Project ID"].to_numpy()
        out["p_success"] = p.round(_ROUND)
        out["p_member_min"] = members.min(axis=0).round(_ROUND)
        out["p_member_max"] = members.max(axis=0).round(_ROUND)
        out["conformal_set"] = conformal_sets(p, self.conformal_q)["label"].to_numpy()
        return out


def _feature_schema() -> dict[str, Any]:
    """Table Schema of the columns ``predict`` needs (extra columns are allowed)."""
    fields: list[dict[str, Any]] = [{"name": c, "type": "string"} for c in CATEGORICAL_FEATURES]
    fields += [
        {"name": c, "type": "integer", "constraints": {"required": True}}
        for c in NUMERIC_FEATURES
    ]
    return {"fields": fields}


def train(
    frame: pd.DataFrame | None = None,
    *,
    target: Target = "binary",
    seeds: Sequence[int] = DEFAULT_SEEDS,
    max_epochs: int = DEFAULT_MAX_EPOCHS,
    alpha: float = 0.1,
    config: NeuralConfig | None = None,
    accelerator: str = "auto",
    use_cache: bool = True,
) -> TrainedForecaster:
    """Train the deep ensemble on every rated project (for :func:`predict`).

    10% of the rows (stratified, fixed seed) are held out for the conformal threshold and
    15% of the rest for early stopping, as in :func:`evaluate`.
    """
    func = "train"
    target = _check_target(target, func)
    seeds = _check_seeds(seeds, func)
    max_epochs = _check_int(max_epochs, "max_epochs", func, lo=1, hi=10_000)
    if frame is None:
        from kzgov import data as kdata

        frame = kdata.load("ieg_ratings")
    data = prepare(frame)
    config = dataclasses.replace(config or NeuralConfig(), target=target, max_epochs=max_epochs)
    fold = _make_fold("all", 0, np.arange(len(data)), np.array([], dtype=np.int64), data, False)
    digest = _frame_digest(data)
    device = _device_kind(accelerator)
    fits = []
    for s in seeds:
        key = cache.make_key(
            kind="train", data=digest, seed=s, config=dataclasses.asdict(config), device=device,
            code=cache.code_version("kzgov.forecast"),
        )
        fits.append(_neural_job(data, fold, s, config, accelerator, key, use_cache))
    p_cal = np.mean([f.predictions["calibration"] for f in fits], axis=0)
    q = conformal_threshold(data["success"].to_numpy()[fold.calibration], p_cal, alpha=alpha)
    return TrainedForecaster(
        encoder=fits[0].encoder,
        members=tuple((f.seed, f.state_dict) for f in fits),
        hparams=dict(fits[0].hparams),
        conformal_q=q,
        alpha=alpha,
        config=config,
        data=digest,
    )


def load_forecaster(directory: str | Path) -> TrainedForecaster:
    """Read a forecaster written by :meth:`TrainedForecaster.save`.

    Raises
    ------
    DataError
        If ``model.json`` or a weights file is missing.
    """
    d = Path(directory)
    meta_path = d / "model.json"
    if not meta_path.is_file():
        raise DataError("no trained forecaster here (model.json is missing); run "
                        "`kzgov forecast train` first", path=d)
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        seeds = [int(s) for s in meta["seeds"]]
        cfg = dict(meta["config"])
        cfg["hidden"] = tuple(cfg["hidden"])
        hp = dict(meta["hparams"])
        hp["hidden"] = tuple(hp["hidden"])
        encoder = TabularEncoder.from_dict(meta["encoder"])
        config = NeuralConfig(**cfg)
        conformal_q, alpha, digest = float(meta["conformal_q"]), float(meta["alpha"]), str(meta["data"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        what = f"key {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise DataError(
            f"not a forecaster saved by `kzgov forecast train` ({what[:200]}); "
            "train it again",
            path=meta_path,
        ) from None
    members = []
    for s in seeds:
        w = d / f"weights_seed{s}.pt"
        if not w.is_file():
            raise DataError("weights file is missing", path=w)
        blob = w.read_bytes()
        _check_weights(blob, w)
        members.append((s, blob))
    return TrainedForecaster(
        encoder=encoder,
        members=tuple(members),
        hparams=hp,
        conformal_q=conformal_q,
        alpha=alpha,
        config=config,
        data=digest,
    )


def _check_weights(blob: bytes, path: Path) -> None:
    """Refuse a weights file that ``torch.load(weights_only=True)`` will not load."""
    import pickle

    import torch

    try:
        state = torch.load(io.BytesIO(blob), map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"weights refused: torch.load(weights_only=True) loads only tensors, and this "
            f"file is not such a state dict ({first})",
            path=path,
        ) from None
    if not isinstance(state, Mapping):
        raise DataError(
            f"weights refused: expected a state dict of tensors, got {type(state).__name__}",
            path=path,
        )


def read_projects(path: str | Path) -> pd.DataFrame:
    """Read a user's projects CSV and check it has the features, with whole-number years.

    Raises
    ------
    DataError
        Missing columns, or an Approval FY that is not a whole number (naming the row).
    """
    from kzgov import data as kdata

    return kdata.read_table(path, schema=_feature_schema(), extra_columns=True)


def predict(
    frame: pd.DataFrame | str | Path, *, model: TrainedForecaster | str | Path | None = None
) -> pd.DataFrame:
    """Predict P(success) for new projects with a trained forecaster.

    Parameters
    ----------
    frame
        A DataFrame or the path of a CSV file with the :data:`FEATURES` columns (others
        are ignored).
    model
        A :class:`TrainedForecaster`, or the folder it was saved to (default
        :func:`default_model_dir`).
    """
    path = None
    if isinstance(frame, (str, Path)):
        path = Path(frame)
        frame = read_projects(path)
    if model is None:
        model = default_model_dir()
    if not isinstance(model, TrainedForecaster):
        model = load_forecaster(model)
    return model.predict(frame, path=path)


def default_model_dir() -> Path:
    """``models/forecaster`` under the project root: where ``kzgov forecast train`` saves."""
    return paths.root() / "models" / "forecaster"


# --------------------------------------------------------------------------- CLI
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzgov forecast",
        description="Forecast P(project outcome >= Moderately Satisfactory) from ex-ante "
        "features (World Bank IEG ratings).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--input", type=Path, default=None,
                       help="CSV with the IEG columns (default: the packaged ieg_ratings)")
        p.add_argument("--target", choices=["binary", "ordinal"], default="binary")
        p.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
        p.add_argument("--max-epochs", type=int, default=DEFAULT_MAX_EPOCHS)
        p.add_argument("--accelerator", default="auto")
        p.add_argument("--no-cache", action="store_true", help="retrain even if cached")

    p_train = sub.add_parser("train", help="train the ensemble on all rated projects and save it")
    common(p_train)
    p_train.add_argument("--model-dir", type=Path, default=None)
    p_train.add_argument("--alpha", type=float, default=0.1)

    p_eval = sub.add_parser("evaluate", help="baselines vs networks on both schemes; "
                            "writes data/processed/forecaster_*.{csv,json}")
    common(p_eval)
    p_eval.add_argument("--split-year", type=int, default=DEFAULT_SPLIT_YEAR)
    p_eval.add_argument("--n-jobs", type=int, default=1)

    p_pred = sub.add_parser("predict", help="predict new projects from a CSV")
    p_pred.add_argument("--input", type=Path, required=True)
    p_pred.add_argument("--model-dir", type=Path, default=None)
    p_pred.add_argument("--output", type=Path, default=None, help="CSV to write (default: stdout)")
    return parser


def _read_training_input(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from kzgov import data as kdata

    schema = _feature_schema()
    schema["fields"].append(
        {"name": "Outcome", "type": "string",
         "constraints": {"required": True, "enum": [*OUTCOME_LEVELS, NOT_RATED]}}
    )
    return kdata.read_table(path, schema=schema, extra_columns=True)


def _write_output(path: Path, text: str) -> None:
    """Write ``--output``, or raise :class:`DataError` if it cannot be a file."""
    if path.is_dir():
        raise DataError("--output is a folder; give the path of a CSV file to write", path=path)
    if not path.parent.is_dir():
        raise DataError(f"--output: the folder {paths.display_path(path.parent)} does not exist",
                        path=path)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"--output cannot be written ({exc.strerror})", path=path) from None


def main(argv: Sequence[str] | None = None) -> int:
    """``kzgov forecast train|evaluate|predict``; returns the exit status.

    Errors in the data or the parameters are printed in one line (no traceback) and give
    exit status 2.
    """
    from kzgov.errors import KzgovError

    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "predict":
            if args.output is not None and args.output.is_dir():
                raise DataError("--output is a folder; give the path of a CSV file to write",
                                path=args.output)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                out = predict(args.input, model=args.model_dir)
            for w in caught:
                if issubclass(w.category, UserWarning) and "unknown embedding" in str(w.message):
                    print(f"kzgov: warning: {w.message}", file=sys.stderr)
            text = out.to_csv(index=False, lineterminator="\n")
            if args.output is None:
                sys.stdout.write(text)
            else:
                _write_output(args.output, text)
            return 0
        frame = _read_training_input(args.input)
        if args.command == "train":
            model = train(
                frame, target=args.target, seeds=args.seeds, max_epochs=args.max_epochs,
                alpha=args.alpha, accelerator=args.accelerator, use_cache=not args.no_cache,
            )
            where = model.save(args.model_dir or default_model_dir())
            print(f"saved {len(model.members)} ensemble members to {paths.display_path(where)}")
            return 0
        ev = evaluate(
            frame, target=args.target, split_year=args.split_year, seeds=args.seeds,
            max_epochs=args.max_epochs, accelerator=args.accelerator, n_jobs=args.n_jobs,
            use_cache=not args.no_cache,
        )
        for p in write_outputs(ev, folder=_evaluate_folder(args)):
            print(f"wrote {paths.display_path(p)}")
        with pd.option_context("display.width", 160):
            print(summary_table(ev.metrics).to_string())
        print(verdict_text(verdict(ev.metrics)))
        return 0
    except KzgovError as exc:
        print(f"kzgov: error: {exc}", file=sys.stderr)
        return 2
