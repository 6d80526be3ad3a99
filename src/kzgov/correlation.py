"""Correlation and regression: from data, and from a published correlation matrix alone.

Two halves:

*From data* (:func:`corr_table`): pairwise Pearson or Spearman correlations through
:mod:`pingouin`, one row per pair with ``n``, ``r``, a Fisher-z confidence interval, the
unadjusted p-value and the Holm-adjusted one.

*From a published matrix alone* (:func:`check_matrix`, :func:`min_observations`,
:func:`critical_r`, :func:`matrix_tests`, :func:`significance_by_n`,
:func:`regression_from_corr`, :func:`regression_by_n`, :func:`partial_corr_matrix`,
:func:`rounding_sensitivity`): what a printed correlation matrix can and cannot support
when neither the data nor the number of observations is given.

A correlation matrix is always a labelled :class:`pandas.DataFrame` whose index equals its
columns (the variable names); a bare array is refused, because results must be traceable
to named variables. Structural problems raise :class:`kzgov.errors.MatrixError`.
:func:`check_matrix` returns a :class:`MatrixCheck` and :func:`regression_from_corr` a
:class:`CorrRegression`.

The study's Table 6 (its transcription, the text's claims about it, its audit) is in
:mod:`kzgov.study.regional_correlation`.

References
----------
Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed.
Evans, J. D. (1996). *Straightforward Statistics for the Behavioral Sciences*.
Hinkle, D. E., Wiersma, W. & Jurs, S. G. (2003). *Applied Statistics for the Behavioral
Sciences*, 5th ed. (the scale is reproduced in Mukaka, M. M. (2012), Malawi Medical
Journal 24(3), 69–71).
Higham, N. J. (2002). Computing the nearest correlation matrix. *IMA J. Numer. Anal.* 22.
Horn, R. A. & Johnson, C. R. (2013). *Matrix Analysis*, 2nd ed. (Gershgorin, Weyl).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov.constraints import Interval, Options, validate_params
from kzgov.errors import MatrixError, ParameterError

__all__ = [
    "check_matrix",
    "corr_table",
    "critical_r",
    "matrix_tests",
    "min_observations",
    "partial_corr_matrix",
    "regression_by_n",
    "regression_from_corr",
    "rounding_sensitivity",
    "significance_by_n",
]

_Method = Literal["pearson", "spearman"]
Alternative = Literal["two-sided", "greater", "less"]

_ATOL = 1e-9  # tolerance for exact properties (symmetry, unit diagonal, range)
_PSD_TOL = 1e-10  # eigenvalues above -_PSD_TOL count as non-negative
_PROB = Interval(float, 0, 1, closed="neither")
_DECIMALS = Interval(int, 1, None)
_METHODS = Options(str, ("pearson", "spearman"))


# --------------------------------------------------------------------------- validation
def _fail(function: str, parameter: str, expected: str, got: str) -> MatrixError:
    return MatrixError(
        f"The {parameter!r} parameter of {function} must be {expected}. Got {got} instead."
    )


def _labelled(R: Any, *, function: str, parameter: str = "R") -> pd.DataFrame:
    """Structural checks: a square, labelled, numeric, finite DataFrame."""
    if not isinstance(R, pd.DataFrame):
        raise _fail(
            function,
            parameter,
            "a labelled pandas DataFrame (variable names as index and columns)",
            f"an object of type {type(R).__name__}",
        )
    if R.shape[0] != R.shape[1] or R.shape[0] == 0:
        raise _fail(function, parameter, "a non-empty square matrix", f"shape {R.shape}")
    cols = list(R.columns)
    idx = list(R.index)
    unnamed = [c for c in cols if not isinstance(c, str) or not c.strip()]
    if unnamed or isinstance(R.columns, pd.RangeIndex):
        raise _fail(
            function,
            parameter,
            "labelled with variable names (non-empty strings) as index and columns",
            f"unnamed variables {unnamed[:5]!r}",
        )
    if len(set(cols)) != len(cols):
        dupes = sorted({c for c in cols if cols.count(c) > 1})
        raise _fail(function, parameter, "labelled with unique variable names", f"duplicates {dupes}")
    if idx != cols:
        raise _fail(
            function,
            parameter,
            "labelled with the same variable names, in the same order, as index and columns",
            f"index {idx[:4]!r}… and columns {cols[:4]!r}…",
        )
    try:
        values = R.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise _fail(function, parameter, "numeric", "non-numeric entries") from None
    if not np.isfinite(values).all():
        raise _fail(function, parameter, "finite (no missing values)", "NaN or infinite entries")
    return pd.DataFrame(values, index=cols, columns=cols)


def _validate_matrix(R: Any, *, function: str = "validate_matrix") -> pd.DataFrame:
    """Return ``R`` as a float DataFrame after checking it is a correlation-matrix layout.

    Checks, in order: a :class:`pandas.DataFrame`; square and non-empty; variables named
    by non-empty, unique strings, the same in index and columns; numeric and finite;
    entries in [−1, 1]; symmetric; unit diagonal (all within 1e−9). Positive
    semi-definiteness is *not* required here (see :func:`check_matrix`).

    Raises
    ------
    MatrixError
        Naming the first failed property, e.g. "The 'R' parameter of regression_from_corr
        must be symmetric. Got |R - R.T| up to 0.2 (at 'a', 'b') instead."
    """
    M = _labelled(R, function=function)
    a = M.to_numpy()
    worst = float(np.abs(a).max())
    if worst > 1 + _ATOL:
        i, j = np.unravel_index(int(np.abs(a).argmax()), a.shape)
        raise _fail(
            function,
            "R",
            "a matrix with entries in [-1, 1]",
            f"{a[i, j]:g} at ({M.index[i]!r}, {M.columns[j]!r})",
        )
    asym = np.abs(a - a.T)
    if asym.max() > _ATOL:
        i, j = np.unravel_index(int(asym.argmax()), a.shape)
        raise _fail(
            function,
            "R",
            "symmetric",
            f"|R - R.T| up to {asym.max():g} (at {M.index[i]!r}, {M.columns[j]!r})",
        )
    diag = np.diag(a)
    if np.abs(diag - 1).max() > _ATOL:
        k = int(np.abs(diag - 1).argmax())
        raise _fail(
            function, "R", "a matrix with a unit diagonal", f"{diag[k]:g} for {M.index[k]!r}"
        )
    return M


def _check_n(n: Any, function: str, *, minimum: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ParameterError(
            f"The 'n' parameter of {function} must be an int >= {minimum}. Got {n!r} instead."
        )
    return int(n)


# --------------------------------------------------------------------------- from data
@validate_params({"df": [pd.DataFrame], "method": [_METHODS], "confidence": [_PROB]})
def corr_table(
    df: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    method: _Method = "pearson",
    confidence: float = 0.95,
) -> pd.DataFrame:
    r"""Pairwise correlations with n, Fisher-z CI, p-value and Holm-adjusted p-value.

    Computed with :func:`pingouin.pairwise_corr` (pairwise deletion of missing values).
    The confidence interval is the Fisher-z interval
    ``tanh(atanh(r) ± z_{(1+c)/2} / sqrt(n - 3))`` from :func:`pingouin.compute_esci`,
    at full precision (pingouin's own table rounds it to two decimals). For Spearman's rho
    the same interval is an approximation.

    Parameters
    ----------
    df
        One row per observation.
    columns
        Numeric columns to correlate (default: all numeric columns).
    method
        ``"pearson"`` or ``"spearman"``.
    confidence
        Level of the interval, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``x, y, method, n, r, ci_low, ci_high, p_val, p_holm``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 1, 4, 3, 5], "c": [5, 4, 3, 2, 1]})
    >>> print(corr_table(df)[["x", "y", "n", "r"]].round(2).to_string(index=False))
    x y  n    r
    a b  5  0.8
    a c  5 -1.0
    b c  5 -0.8
    """
    import pingouin as pg

    fn = "corr_table"
    cols = list(df.select_dtypes("number").columns) if columns is None else list(columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ParameterError(
            f"The 'columns' parameter of {fn} must name columns of df. Got unknown {missing} instead."
        )
    if len(cols) < 2:
        raise ParameterError(f"The 'columns' parameter of {fn} must name at least 2 columns. Got {cols} instead.")
    data = df[cols].astype(float)
    res = pg.pairwise_corr(data, columns=cols, method=method, padjust="holm")
    out = pd.DataFrame(
        {
            "x": res["X"].astype(str),
            "y": res["Y"].astype(str),
            "method": method,
            "n": res["n"].astype(int),
            "r": res["r"].astype(float),
            "p_val": res["p_unc"].astype(float) if "p_unc" in res else res["p-unc"].astype(float),
            "p_holm": res["p_corr"].astype(float) if "p_corr" in res else res["p-corr"].astype(float),
        }
    )
    ci = [_fisher_ci(r, n, confidence) for r, n in zip(out["r"], out["n"], strict=True)]
    out.insert(5, "ci_low", [c[0] for c in ci])
    out.insert(6, "ci_high", [c[1] for c in ci])
    return out.reset_index(drop=True)


def _fisher_ci(r: float, n: int, confidence: float) -> tuple[float, float]:
    import pingouin as pg

    if n <= 3 or not np.isfinite(r):
        return (math.nan, math.nan)
    if abs(r) >= 1:
        return (float(r), float(r))
    lo, hi = pg.compute_esci(stat=float(r), nx=int(n), ny=int(n), eftype="r",
                             confidence=confidence, decimals=12)
    return (float(lo), float(hi))


def _corr_matrix(
    df: pd.DataFrame, columns: Sequence[str] | None = None, *, method: _Method = "pearson"
) -> pd.DataFrame:
    """Labelled correlation matrix of ``columns`` (pairwise complete observations)."""
    cols = list(df.select_dtypes("number").columns) if columns is None else list(columns)
    if method not in ("pearson", "spearman"):
        raise ParameterError(
            f"The 'method' parameter of corr_matrix must be 'pearson' or 'spearman'. Got {method!r} instead."
        )
    return df[cols].astype(float).corr(method=method)


def _partial_corr(
    df: pd.DataFrame,
    x: str,
    y: str,
    covar: Sequence[str],
    *,
    method: _Method = "pearson",
) -> pd.DataFrame:
    """Partial correlation of ``x`` and ``y`` given ``covar`` from data (pingouin).

    Returns one row: ``x, y, covar, method, n, r, ci_low, ci_high, p_val``.
    """
    import pingouin as pg

    cols = [x, y, *covar]
    data = df[cols].astype(float).dropna()
    res = pg.partial_corr(data=data, x=x, y=y, covar=list(covar), method=method)
    row = res.iloc[0]
    n = int(row["n"])
    r = float(row["r"])
    p = float(row["p_val"] if "p_val" in row else row["p-val"])
    lo, hi = _fisher_ci(r, n - len(covar), 0.95)
    return pd.DataFrame(
        [{"x": x, "y": y, "covar": ";".join(covar), "method": method, "n": n, "r": r,
          "ci_low": lo, "ci_high": hi, "p_val": p}]
    )


# --------------------------------------------------------------------------- from a matrix
def _rounding_bound(p: int, decimals: int) -> float:
    r"""Worst-case spectral norm of the rounding error of a ``p × p`` correlation matrix.

    Printing each off-diagonal entry to ``decimals`` places changes it by at most
    :math:`\delta = 0.5 \times 10^{-d}`; the diagonal (1) is exact. The error matrix
    :math:`E` is symmetric with a zero diagonal, so by Gershgorin's theorem every
    eigenvalue of :math:`E` lies in a disc centred at 0 with radius
    :math:`\sum_{j \ne i} |E_{ij}| \le (p-1)\delta`. Hence
    :math:`\|E\|_2 \le (p-1) \times 0.5 \times 10^{-d}`.

    Examples
    --------
    >>> _rounding_bound(7, 3)
    0.003
    """
    return float((p - 1) * 0.5 * 10.0 ** (-decimals))


@dataclass(frozen=True, eq=False)
class MatrixCheck:
    """Result of :func:`check_matrix`.

    Attributes
    ----------
    variables
        Variable names, in matrix order.
    symmetric, unit_diagonal, in_range, psd
        The four properties of a valid correlation matrix (PSD: smallest eigenvalue
        ≥ −1e−10).
    eigenvalues
        Eigenvalues of the (symmetrised) matrix, ascending.
    decimals, bound
        Printed decimals and the rounding bound ``(p-1) * 0.5 * 10**-decimals``
        (None without ``decimals``).
    consistent_with_rounding
        Smallest eigenvalue ≥ −bound: the printed matrix can be a rounding of a valid one.
    numerical_rank, min_observations
        Eigenvalues ≥ bound, and that count + 1 (None without ``decimals``).
    nearest
        For an invalid matrix, the nearest valid correlation matrix (statsmodels
        ``corr_nearest``); None when the matrix is valid.
    max_adjustment
        Largest absolute change from the matrix to ``nearest`` (0 when valid).
    nearest_min_eigenvalue
        Smallest eigenvalue of ``nearest`` (≥ about −1e−12 when the projections converged).
    """

    variables: tuple[str, ...]
    symmetric: bool
    unit_diagonal: bool
    in_range: bool
    psd: bool
    eigenvalues: tuple[float, ...]
    decimals: int | None
    bound: float | None
    consistent_with_rounding: bool | None
    numerical_rank: int | None
    min_observations: int | None
    nearest: pd.DataFrame | None = field(default=None, repr=False)
    max_adjustment: float = 0.0
    nearest_min_eigenvalue: float | None = None

    @property
    def valid(self) -> bool:
        """All four properties hold."""
        return self.symmetric and self.unit_diagonal and self.in_range and self.psd

    @property
    def min_eigenvalue(self) -> float:
        """Smallest eigenvalue."""
        return self.eigenvalues[0]

    def summary(self) -> pd.DataFrame:
        """One row per property: ``check, result``."""
        rows = [
            ("variables", len(self.variables)),
            ("symmetric", self.symmetric),
            ("unit diagonal", self.unit_diagonal),
            ("entries in [-1, 1]", self.in_range),
            ("positive semi-definite", self.psd),
            ("smallest eigenvalue", round(self.min_eigenvalue, 6)),
            ("largest eigenvalue", round(self.eigenvalues[-1], 6)),
        ]
        if self.decimals is not None:
            rows += [
                ("printed decimals", self.decimals),
                ("rounding bound (p-1)*0.5*10^-d", self.bound),
                ("consistent with rounding", self.consistent_with_rounding),
                ("eigenvalues >= bound (numerical rank)", self.numerical_rank),
                ("minimum observations (rank + 1)", self.min_observations),
            ]
        rows.append(("max change to nearest valid matrix", round(self.max_adjustment, 6)))
        return pd.DataFrame(rows, columns=["check", "result"]).astype({"result": object})


@validate_params({"decimals": [_DECIMALS, None]})
def check_matrix(
    R: pd.DataFrame, *, decimals: int | None = None, nearest: bool = True
) -> MatrixCheck:
    """Check a (printed) correlation matrix: symmetry, unit diagonal, range, PSD.

    Structural problems (not a labelled DataFrame, not square, non-numeric) raise; the
    four properties are *reported*. For an invalid matrix, the nearest valid correlation
    matrix is computed with :func:`statsmodels.stats.correlation_tools.corr_nearest`
    (Higham 2002) from the symmetrised matrix.

    Parameters
    ----------
    R
        Labelled square DataFrame.
    decimals
        Decimals the matrix was printed with; enables the rounding bound, the numerical
        rank and :func:`min_observations`.
    nearest
        Compute the nearest valid matrix when the matrix is invalid (default True).

    Returns
    -------
    MatrixCheck

    Examples
    --------
    >>> import pandas as pd
    >>> R = pd.DataFrame([[1, .9, .9], [.9, 1, -.9], [.9, -.9, 1]], index=list("abc"),
    ...                  columns=list("abc"))
    >>> chk = check_matrix(R, decimals=1)
    >>> chk.psd, round(chk.min_eigenvalue, 2), chk.nearest is not None
    (False, -0.8, True)
    """
    fn = "check_matrix"
    M = _labelled(R, function=fn)
    if decimals is not None:
        decimals = int(decimals)
    a = M.to_numpy()
    symmetric = bool(np.abs(a - a.T).max() <= _ATOL)
    unit_diagonal = bool(np.abs(np.diag(a) - 1).max() <= _ATOL)
    in_range = bool(np.abs(a).max() <= 1 + _ATOL)
    sym = (a + a.T) / 2
    eig = np.linalg.eigvalsh(sym)
    psd = bool(eig[0] >= -_PSD_TOL)
    p = a.shape[0]
    bound = rank = minobs = consistent = None
    if decimals is not None:
        bound = _rounding_bound(p, decimals)
        consistent = bool(eig[0] >= -bound)
        rank = int((eig >= bound).sum())
        minobs = rank + 1
    near = None
    adj = 0.0
    if nearest and not (symmetric and unit_diagonal and in_range and psd):
        import warnings

        from statsmodels.stats.correlation_tools import corr_nearest

        with warnings.catch_warnings():
            # corr_nearest warns when it stops at its iteration limit (alternating
            # projections converge slowly near a zero eigenvalue); the smallest eigenvalue
            # reached is reported in nearest_min_eigenvalue instead
            warnings.simplefilter("ignore")
            fixed = corr_nearest(sym, threshold=1e-15, n_fact=100)
        near = pd.DataFrame(fixed, index=M.index, columns=M.columns)
        adj = float(np.abs(fixed - a).max())
        near_min = float(np.linalg.eigvalsh(fixed)[0])
    else:
        near_min = None
    return MatrixCheck(
        variables=tuple(M.columns),
        symmetric=symmetric,
        unit_diagonal=unit_diagonal,
        in_range=in_range,
        psd=psd,
        eigenvalues=tuple(float(x) for x in eig),
        decimals=decimals,
        bound=bound,
        consistent_with_rounding=consistent,
        numerical_rank=rank,
        min_observations=minobs,
        nearest=near,
        max_adjustment=adj,
        nearest_min_eigenvalue=near_min,
    )


@validate_params({"decimals": [_DECIMALS]})
def min_observations(R: pd.DataFrame, *, decimals: int) -> int:
    r"""Smallest number of observations a printed correlation matrix is consistent with.

    A sample correlation matrix of ``n`` observations has rank at most ``n - 1`` (the
    centred data matrix has ``n`` rows summing to zero). Printing it to ``decimals``
    places adds an error :math:`E` with :math:`\|E\|_2 \le b = (p-1)\times 0.5\times
    10^{-d}` (Gershgorin, see :func:`_rounding_bound`), and by Weyl's inequality every
    eigenvalue moves by at most :math:`b`. So each printed eigenvalue ≥ ``b`` belongs to
    a positive eigenvalue of the unrounded matrix, and with ``k`` such eigenvalues
    ``n - 1 >= k``. The function returns ``k + 1``.

    It recovers ``n`` exactly when ``n <= p`` (and the ``n - 1`` non-zero eigenvalues
    of the data exceed ``b``, as they do for data that are not nearly collinear); for
    ``n > p`` it returns ``p + 1`` when the smallest eigenvalue exceeds ``b``. It is a
    lower bound: a matrix from many observations of nearly collinear variables can also
    have eigenvalues below ``b``.

    Parameters
    ----------
    R
        Labelled symmetric matrix with unit diagonal and entries in [−1, 1].
    decimals
        Number of decimals the entries were printed with (int ≥ 1).

    Raises
    ------
    MatrixError
        If ``R`` is not a correlation-matrix layout, or an eigenvalue lies below ``-b``:
        then no data set rounds to ``R``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> x = np.random.default_rng(1).normal(size=(4, 6))   # n = 4 observations, p = 6
    >>> R = pd.DataFrame(np.corrcoef(x, rowvar=False), columns=list("abcdef"),
    ...                  index=list("abcdef")).round(3)
    >>> min_observations(R, decimals=3)
    4
    """
    fn = "min_observations"
    M = _validate_matrix(R, function=fn)
    decimals = int(decimals)
    chk = check_matrix(M, decimals=decimals, nearest=False)
    if not chk.consistent_with_rounding:
        raise MatrixError(
            f"The 'R' parameter of {fn} must be a rounding of a valid correlation matrix. "
            f"Got smallest eigenvalue {chk.min_eigenvalue:.6g} < -{chk.bound:g} (the rounding "
            "bound) instead: no data set is consistent with it."
        )
    return int(chk.numerical_rank or 0) + 1


def _t_crit(n: int, alpha: float, alternative: Alternative) -> float:
    from scipy import stats

    q = 1 - alpha / 2 if alternative == "two-sided" else 1 - alpha
    return float(stats.t.ppf(q, n - 2))


@validate_params({"n": [Interval(int, 3, None)], "alpha": [_PROB],
                  "alternative": [Options(str, ("two-sided", "greater", "less"))]})
def critical_r(n: int, *, alpha: float = 0.05, alternative: Alternative = "two-sided") -> float:
    r"""Smallest |r| significant at level ``alpha`` with ``n`` observations.

    From :math:`t = r\sqrt{n-2}/\sqrt{1-r^2}` with ``n - 2`` degrees of freedom:
    :math:`r_c = t_c / \sqrt{n - 2 + t_c^2}`, :math:`t_c` the (1 − α/2) quantile of
    Student's t (scipy).

    Examples
    --------
    >>> round(critical_r(5), 3), round(critical_r(20), 3)
    (0.878, 0.444)
    """
    t = _t_crit(int(n), float(alpha), alternative)
    return float(t / math.sqrt(n - 2 + t * t))


def _r_pvalue(r: float | np.ndarray, n: int, *, alternative: Alternative = "two-sided") -> Any:
    """p-value of a Pearson correlation ``r`` from ``n`` observations (t test, scipy).

    Examples
    --------
    >>> round(float(_r_pvalue(0.93, 5)), 3)
    0.022
    """
    from scipy import stats

    n = _check_n(n, "r_pvalue", minimum=3)
    r = np.asarray(r, dtype=float)
    if (np.abs(r) > 1 + _ATOL).any():
        raise MatrixError(f"The 'r' parameter of r_pvalue must lie in [-1, 1]. Got {r} instead.")
    with np.errstate(divide="ignore", invalid="ignore"):
        t = r * np.sqrt(n - 2) / np.sqrt(np.clip(1 - r * r, 0, None))
    df = n - 2
    if alternative == "two-sided":
        p = 2 * stats.t.sf(np.abs(t), df)
    elif alternative == "greater":
        p = stats.t.sf(t, df)
    else:
        p = stats.t.cdf(t, df)
    return p if p.ndim else float(p)


@validate_params({"n": [Interval(int, 4, None)], "alpha": [_PROB], "confidence": [_PROB]})
def matrix_tests(
    R: pd.DataFrame,
    *,
    n: int,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Test every off-diagonal correlation of a printed matrix, assuming ``n`` observations.

    Returns
    -------
    pandas.DataFrame
        One row per pair (upper triangle, matrix order): ``x, y, n, r, t, p_val, p_holm,
        ci_low, ci_high, r_crit, significant, significant_holm``. Holm adjustment over all
        ``p (p - 1) / 2`` pairs (statsmodels ``multipletests``); Fisher-z interval from
        pingouin.
    """
    from statsmodels.stats.multitest import multipletests

    fn = "matrix_tests"
    M = _validate_matrix(R, function=fn)
    n, alpha, confidence = int(n), float(alpha), float(confidence)
    names = list(M.columns)
    rows = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = float(M.iat[i, j])
            rows.append({"x": names[i], "y": names[j], "n": n, "r": r})
    out = pd.DataFrame(rows)
    with np.errstate(divide="ignore"):
        out["t"] = out["r"] * np.sqrt(n - 2) / np.sqrt(np.clip(1 - out["r"] ** 2, 0, None))
    out["p_val"] = _r_pvalue(out["r"].to_numpy(), n)
    out["p_holm"] = multipletests(out["p_val"].to_numpy(), alpha=alpha, method="holm")[1]
    ci = [_fisher_ci(r, n, confidence) for r in out["r"]]
    out["ci_low"] = [c[0] for c in ci]
    out["ci_high"] = [c[1] for c in ci]
    out["r_crit"] = critical_r(n, alpha=alpha)
    out["significant"] = out["p_val"] < alpha
    out["significant_holm"] = out["p_holm"] < alpha
    return out


@dataclass(frozen=True, eq=False)
class CorrRegression:
    """Standardised linear regression computed from a correlation matrix.

    Attributes
    ----------
    y, X
        Outcome and predictor names.
    beta
        Standardised coefficients, a Series indexed by ``X``.
    r2
        Coefficient of determination.
    vif
        Variance inflation factors (diagonal of the inverse predictor correlation matrix).
    n
        Number of observations assumed (None if not given); the following are None
        without it: ``adj_r2``, ``f``, ``f_pvalue``, ``df_model``, ``df_resid``, ``se``,
        ``t``, ``p``.
    """

    y: str
    X: tuple[str, ...]
    beta: pd.Series
    r2: float
    vif: pd.Series
    n: int | None = None
    adj_r2: float | None = None
    f: float | None = None
    f_pvalue: float | None = None
    df_model: int | None = None
    df_resid: int | None = None
    se: pd.Series | None = field(default=None, repr=False)
    t: pd.Series | None = field(default=None, repr=False)
    p: pd.Series | None = field(default=None, repr=False)

    def table(self) -> pd.DataFrame:
        """Tidy coefficients: ``term, beta, se, t, p_val, vif`` (plus model columns)."""
        out = pd.DataFrame({"term": list(self.X), "beta": self.beta.to_numpy()})
        for name, s in (("se", self.se), ("t", self.t), ("p_val", self.p)):
            out[name] = s.to_numpy() if s is not None else np.nan
        out["vif"] = self.vif.to_numpy()
        out.insert(0, "y", self.y)
        out["n"] = self.n
        out["r2"] = self.r2
        out["adj_r2"] = self.adj_r2
        out["f"] = self.f
        out["f_pvalue"] = self.f_pvalue
        return out


def regression_from_corr(
    R: pd.DataFrame, y: str, X: Sequence[str], *, n: int | None = None
) -> CorrRegression:
    r"""Standardised multiple regression of ``y`` on ``X`` from a correlation matrix.

    .. math::

        \beta = R_{XX}^{-1} r_{Xy}, \quad R^2 = r_{Xy}^\top \beta, \quad
        \mathrm{VIF}_j = (R_{XX}^{-1})_{jj}

    With ``n`` observations and ``k`` predictors:
    :math:`\bar R^2 = 1 - (1-R^2)(n-1)/(n-k-1)`,
    :math:`F = (R^2/k) / ((1-R^2)/(n-k-1))` on (k, n − k − 1) df,
    :math:`\mathrm{se}_j = \sqrt{(1-R^2)/(n-k-1) \cdot (R_{XX}^{-1})_{jj}}`, which are
    exactly the OLS results on z-scored data.

    Parameters
    ----------
    R
        Labelled correlation matrix containing ``y`` and ``X``.
    y
        Outcome name.
    X
        Predictor names (unique, not containing ``y``).
    n
        Number of observations; must exceed ``len(X) + 1``.

    Raises
    ------
    MatrixError
        Invalid matrix layout, unknown names, ``y`` in ``X``, a singular predictor matrix,
        or a sub-matrix that is not a valid correlation matrix (R² outside [0, 1]).

    Examples
    --------
    >>> import pandas as pd
    >>> R = pd.DataFrame([[1, .5, .5], [.5, 1, 0], [.5, 0, 1]], index=["y", "a", "b"],
    ...                  columns=["y", "a", "b"])
    >>> res = regression_from_corr(R, "y", ["a", "b"])
    >>> res.beta.tolist(), round(res.r2, 3)
    ([0.5, 0.5], 0.5)
    """
    from scipy import stats

    fn = "regression_from_corr"
    M = _validate_matrix(R, function=fn)
    if not isinstance(y, str):
        raise MatrixError(f"The 'y' parameter of {fn} must be a variable name (str). Got {y!r} instead.")
    if isinstance(X, str) or not isinstance(X, Sequence) or len(X) == 0:
        raise MatrixError(
            f"The 'X' parameter of {fn} must be a non-empty list of variable names. Got {X!r} instead."
        )
    X = list(X)
    unknown = [v for v in [y, *X] if v not in M.columns]
    if unknown:
        raise MatrixError(
            f"The variables of {fn} must be names in R. Got unknown {unknown} instead; "
            f"R has {list(M.columns)}."
        )
    if y in X:
        raise MatrixError(f"The 'y' parameter of {fn} must not also be in X. Got y={y!r} in X={X}.")
    if len(set(X)) != len(X):
        raise MatrixError(f"The 'X' parameter of {fn} must not repeat names. Got {X}.")
    Rxx = M.loc[X, X].to_numpy()
    rxy = M.loc[X, y].to_numpy()
    k = len(X)
    if np.linalg.matrix_rank(Rxx, tol=1e-12) < k:
        raise MatrixError(
            f"The predictors {X} of {fn} must not be perfectly collinear: their correlation "
            "matrix is singular."
        )
    inv = np.linalg.inv(Rxx)
    beta = inv @ rxy
    r2 = float(rxy @ beta)
    if r2 < -1e-9 or r2 > 1 + 1e-9:
        raise MatrixError(
            f"The sub-matrix of R over {[y, *X]} must be a valid correlation matrix; it gives "
            f"R² = {r2:.4g}, outside [0, 1]. Use check_matrix(R).nearest."
        )
    vif = pd.Series(np.diag(inv), index=X, name="vif")
    beta_s = pd.Series(beta, index=X, name="beta")
    if n is None:
        return CorrRegression(y=y, X=tuple(X), beta=beta_s, r2=r2, vif=vif)
    n = _check_n(n, fn, minimum=k + 2)
    df_resid = n - k - 1
    adj = 1 - (1 - r2) * (n - 1) / df_resid
    f = (r2 / k) / ((1 - r2) / df_resid) if r2 < 1 else math.inf
    fp = float(stats.f.sf(f, k, df_resid))
    se = np.sqrt(max(1 - r2, 0.0) / df_resid * np.diag(inv))
    with np.errstate(divide="ignore"):
        t = beta / se
    p = 2 * stats.t.sf(np.abs(t), df_resid)
    return CorrRegression(
        y=y,
        X=tuple(X),
        beta=beta_s,
        r2=r2,
        vif=vif,
        n=n,
        adj_r2=float(adj),
        f=float(f),
        f_pvalue=fp,
        df_model=k,
        df_resid=df_resid,
        se=pd.Series(se, index=X, name="se"),
        t=pd.Series(t, index=X, name="t"),
        p=pd.Series(p, index=X, name="p"),
    )


def partial_corr_matrix(R: pd.DataFrame) -> pd.DataFrame:
    r"""Full-order partial correlations from a correlation matrix (precision-matrix formula).

    With :math:`P = R^{-1}`, the correlation of variables *i* and *j* given all the others
    is :math:`-P_{ij} / \sqrt{P_{ii} P_{jj}}` (diagonal set to 1).

    Raises
    ------
    MatrixError
        Invalid layout, or a singular or not positive-definite matrix.
    """
    M = _validate_matrix(R, function="partial_corr_matrix")
    a = M.to_numpy()
    eig = np.linalg.eigvalsh(a)
    if eig[0] <= 1e-12:
        raise MatrixError(
            "The 'R' parameter of partial_corr_matrix must be positive definite. "
            f"Got smallest eigenvalue {eig[0]:.3g} instead."
        )
    P = np.linalg.inv(a)
    d = np.sqrt(np.diag(P))
    pc = -P / np.outer(d, d)
    np.fill_diagonal(pc, 1.0)
    return pd.DataFrame(pc, index=M.index, columns=M.columns)


def _partial_corr_from_matrix(
    R: pd.DataFrame, x: str, y: str, covar: Sequence[str]
) -> float:
    """Correlation of ``x`` and ``y`` given ``covar``, from the matrix alone.

    Uses :func:`partial_corr_matrix` on the sub-matrix over ``[x, y, *covar]``; with
    ``covar=[]`` it is the plain correlation.

    Examples
    --------
    >>> import pandas as pd
    >>> R = pd.DataFrame([[1, .5, .5], [.5, 1, .5], [.5, .5, 1]], index=list("xyz"),
    ...                  columns=list("xyz"))
    >>> round(_partial_corr_from_matrix(R, "x", "y", ["z"]), 4)
    0.3333
    """
    M = _validate_matrix(R, function="partial_corr_from_matrix")
    names = [x, y, *covar]
    unknown = [v for v in names if v not in M.columns]
    if unknown:
        raise MatrixError(
            f"The variables of partial_corr_from_matrix must be names in R. Got unknown {unknown} instead."
        )
    if len(set(names)) != len(names):
        raise MatrixError(
            f"x, y and covar of partial_corr_from_matrix must be distinct. Got {names} instead."
        )
    return float(partial_corr_matrix(M.loc[names, names]).iat[0, 1])


@validate_params({"decimals": [_DECIMALS], "statistic": [Options(str, ("partial", "beta"))],
                  "reps": [Interval(int, 1, None)]})
def rounding_sensitivity(
    R: pd.DataFrame,
    *,
    decimals: int,
    statistic: Literal["partial", "beta"] = "partial",
    y: str | None = None,
    X: Sequence[str] | None = None,
    reps: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """How much a statistic moves when the printed matrix is perturbed within its rounding.

    Each replicate adds independent uniform noise in ±0.5·10^−decimals to every
    off-diagonal entry (symmetrically) — the set of unrounded matrices the printed one is
    compatible with — and recomputes the statistic; replicates whose (sub-)matrix is not
    positive definite are skipped and counted.

    Parameters
    ----------
    statistic
        ``"partial"``: full-order partial correlations of every pair;
        ``"beta"``: standardised coefficients of ``y`` on ``X``
        (:func:`regression_from_corr`).

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term, printed, min, q05, q95, max, sign_stable, reps_valid``.
    """
    fn = "rounding_sensitivity"
    M = _validate_matrix(R, function=fn)
    decimals, reps = int(decimals), int(reps)
    if statistic == "beta":
        if y is None or X is None:
            raise ParameterError(f"{fn} with statistic='beta' needs y and X.")
        names = [y, *X]
        M = M.loc[names, names]

    def compute(m: pd.DataFrame) -> pd.Series:
        if statistic == "beta":
            return regression_from_corr(m, y, list(X)).beta  # type: ignore[arg-type]
        pc = partial_corr_matrix(m)
        cols = list(pc.columns)
        return pd.Series(
            {f"{cols[i]} | {cols[j]}": pc.iat[i, j]
             for i in range(len(cols)) for j in range(i + 1, len(cols))}
        )

    printed = compute(M)
    rng = np.random.default_rng(seed)
    p = M.shape[0]
    delta = 0.5 * 10.0 ** (-decimals)
    iu = np.triu_indices(p, 1)
    draws = []
    for _ in range(reps):
        noise = np.zeros((p, p))
        noise[iu] = rng.uniform(-delta, delta, size=len(iu[0]))
        noise = noise + noise.T
        m = pd.DataFrame(np.clip(M.to_numpy() + noise, -1, 1), index=M.index, columns=M.columns)
        if np.linalg.eigvalsh(m.to_numpy())[0] <= 1e-12:
            continue
        try:
            draws.append(compute(m))
        except MatrixError:
            continue
    D = pd.DataFrame(draws)
    out = pd.DataFrame({"term": printed.index, "printed": printed.to_numpy()})
    if len(D):
        out["min"] = D.min().to_numpy()
        out["q05"] = D.quantile(0.05).to_numpy()
        out["q95"] = D.quantile(0.95).to_numpy()
        out["max"] = D.max().to_numpy()
        out["sign_stable"] = ((np.sign(D) == np.sign(printed)).all()).to_numpy()
    else:
        for c in ("min", "q05", "q95", "max"):
            out[c] = np.nan
        out["sign_stable"] = False
    out["reps_valid"] = len(D)
    out["reps"] = reps
    return out


# --------------------------------------------------------------------------- wording
_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    # Hinkle, Wiersma & Jurs (2003), as tabulated by Mukaka (2012)
    "hinkle2003": ((0.9, "very high"), (0.7, "high"), (0.5, "moderate"), (0.3, "low"),
                   (0.0, "negligible")),
    # Evans (1996)
    "evans1996": ((0.8, "very strong"), (0.6, "strong"), (0.4, "moderate"), (0.2, "weak"),
                  (0.0, "very weak")),
    # Cohen (1988)
    "cohen1988": ((0.5, "large"), (0.3, "medium"), (0.1, "small"), (0.0, "below small")),
}


def _strength_label(r: float, *, scale: str = "hinkle2003") -> str:
    """Verbal label of |r| on a published rule-of-thumb scale (lower bounds inclusive).

    Scales: ``hinkle2003`` (negligible < .3 ≤ low < .5 ≤ moderate < .7 ≤ high < .9 ≤
    very high), ``evans1996`` (very weak < .2 ≤ weak < .4 ≤ moderate < .6 ≤ strong < .8
    ≤ very strong), ``cohen1988`` (small .1, medium .3, large .5).

    Examples
    --------
    >>> _strength_label(0.679), _strength_label(0.679, scale="evans1996")
    ('moderate', 'strong')
    """
    if scale not in _SCALES:
        raise ParameterError(
            f"The 'scale' parameter of strength_label must be one of {sorted(_SCALES)}. "
            f"Got {scale!r} instead."
        )
    a = abs(float(r))
    for cut, label in _SCALES[scale]:
        if a >= cut - 1e-12:
            return label
    return _SCALES[scale][-1][1]  # pragma: no cover


def _round_half_up(value: float | str, decimals: int) -> float:
    """Round as a reader does (0.895 → 0.90), from the decimal string, not the binary float.

    Examples
    --------
    >>> _round_half_up("0.895", 2), round(0.895, 2)
    (0.9, 0.9)
    >>> _round_half_up("-0.125", 2)
    -0.13
    """
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(d)


def _matching_cells(R: pd.DataFrame, value: float, *, decimals: int) -> list[tuple[str, str]]:
    """Off-diagonal cells (upper triangle) whose entry rounds (half up) to ``value``."""
    M = _validate_matrix(R, function="matching_cells")
    names = list(M.columns)
    out = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if abs(_round_half_up(repr(round(float(M.iat[i, j]), 12)), decimals) - value) < 1e-9:
                out.append((names[i], names[j]))
    return out


# --------------------------------------------------------------------------- tables by n
def _ns(ns: Sequence[int], function: str) -> list[int]:
    if isinstance(ns, (int, np.integer)) or not isinstance(ns, Sequence) or not ns:
        raise ParameterError(
            f"The 'ns' parameter of {function} must be a non-empty list of ints. Got {ns!r} instead."
        )
    return sorted({_check_n(n, function, minimum=4) for n in ns})


@validate_params({"alpha": [_PROB]})
def _critical_table(ns: Sequence[int], *, alpha: float = 0.05) -> pd.DataFrame:
    """Critical |r| (two-sided) for each ``n``: ``n, df, t_crit, r_crit``."""
    fn = "critical_table"
    rows = []
    for n in _ns(ns, fn):
        rows.append({"n": n, "df": n - 2, "t_crit": _t_crit(n, alpha, "two-sided"),
                     "r_crit": critical_r(n, alpha=alpha)})
    return pd.DataFrame(rows)


@validate_params({"alpha": [_PROB]})
def significance_by_n(R: pd.DataFrame, ns: Sequence[int], *, alpha: float = 0.05) -> pd.DataFrame:
    """How many of a matrix's correlations would be significant at each assumed ``n``.

    Returns
    -------
    pandas.DataFrame
        ``n, r_crit, pairs, significant, significant_holm, smallest_significant_holm``
        (the smallest |r| still significant after Holm's adjustment, NaN if none).
    """
    fn = "significance_by_n"
    _validate_matrix(R, function=fn)
    rows = []
    for n in _ns(ns, fn):
        t = matrix_tests(R, n=n, alpha=alpha)
        sig = t.loc[t["significant_holm"], "r"].abs()
        rows.append({"n": n, "r_crit": critical_r(n, alpha=alpha), "pairs": len(t),
                     "significant": int(t["significant"].sum()),
                     "significant_holm": int(t["significant_holm"].sum()),
                     "smallest_significant_holm": float(sig.min()) if len(sig) else np.nan})
    return pd.DataFrame(rows)


def regression_by_n(
    R: pd.DataFrame, y: str, X: Sequence[str], ns: Sequence[int]
) -> pd.DataFrame:
    """:func:`regression_from_corr` at several assumed ``n`` (plus ``n`` unknown), stacked.

    An ``n`` with no residual degrees of freedom (``n <= len(X) + 1``) gives rows with
    ``status = "n too small"`` and the n-free results only.
    """
    fn = "regression_by_n"
    rows: list[dict[str, Any]] = []
    base = regression_from_corr(R, y, X)
    rows += base.table().assign(status="n not used").to_dict("records")
    for n in _ns(ns, fn):
        if n <= len(X) + 1:
            rows += base.table().assign(n=n, status="n too small").to_dict("records")
        else:
            rows += regression_from_corr(R, y, X, n=n).table().assign(status="ok").to_dict("records")
    out = pd.DataFrame(rows)
    out["n"] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out["n"]], dtype="Int64")
    for c in ("se", "t", "p_val", "adj_r2", "f", "f_pvalue"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out
