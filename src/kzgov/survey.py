"""Surveys with a codebook: reading respondent files, tabulation with intervals, checks.

A survey here is one or more questionnaires of single-choice and ordinal questions, described
by a **codebook** (one row per answer option, keyed by ``(group, question, option_code)``,
with two wordings side by side, each question's type and, for ordinal questions, each
option's rank). This module

* reads and checks the codebook (:func:`load_codebook`, :class:`Codebook`);
* reads **respondent files**, one row per respondent and one column per question, whether
  the answers are option codes or option texts (e.g. a Google Forms CSV export), and checks
  them against the codebook (:func:`read_responses`);
* **tabulates** a question with confidence intervals (:func:`tabulate`, :func:`tabulate_all`:
  Wilson and the other binomial intervals of statsmodels, or Goodman's simultaneous ones),
  compares two groups on questions declared comparable (:func:`compare_groups`) and
  measures association between ordinal items (:func:`ordinal_association`);
* checks **published percentages**: the sample sizes they are consistent with
  (:func:`consistent_sample_sizes`), the whole counts behind them
  (:func:`counts_from_percentages`) and how likely a printed pattern (every percentage a
  multiple of a step) is under a stated ``n`` (:func:`prob_all_multiples`);
* builds **reconstructions** (:func:`reconstruct_responses`): respondent rows whose
  marginals equal a published table exactly. The pairing of answers across questions is
  random (fixed seed) and carries no information: a reconstruction reproduces the table
  and nothing else. Any statistic involving two questions at once (a correlation, a
  cross-tab) computed on it describes the random number generator, not the respondents.

The packaged codebook is the study's (``data/raw/paper/survey_codebook.csv``, two groups:
``civil_servants`` and ``entrepreneurs``); what is specific to the study (Tables 3 and 4,
the stated sample, the packaged reconstructions, the Spearman claims) is in
:mod:`kzgov.study.survey_tabulation`.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
JASA 22, 209–212.
Goodman, L. A. (1965). On simultaneous confidence intervals for multinomial proportions.
Technometrics 7, 247–254.
Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand. J. Stat. 6,
65–70.
"""

from __future__ import annotations

import functools
import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import data
from kzgov._validation import check_frame
from kzgov.constraints import Interval, Options, validate_params
from kzgov.errors import (
    CodebookError,
    DataError,
    InfeasibleError,
    ParameterError,
    SurveyError,
    location,
)

__all__ = [
    "Codebook",
    "SurveyWarning",
    "compare_groups",
    "consistent_sample_sizes",
    "counts_from_percentages",
    "load_codebook",
    "ordinal_association",
    "prob_all_multiples",
    "read_responses",
    "reconstruct_responses",
    "tabulate",
    "tabulate_all",
]

#: The groups of the packaged codebook.
_GROUPS: tuple[str, ...] = ("civil_servants", "entrepreneurs")
_Method = Literal["wilson", "agresti_coull", "beta", "jeffreys", "normal", "binom_test", "goodman"]
_METHODS: tuple[str, ...] = (
    "wilson",
    "agresti_coull",
    "beta",
    "jeffreys",
    "normal",
    "binom_test",
    "goodman",
)
_CorrMethod = Literal["spearman", "kendall"]

# declared argument constraints, shared by the functions below (messages keep one shape)
_CONFIDENCE = [Interval(float, 0, 1, closed="neither")]
_COUNT = [Interval(int, 1, None, closed="left")]  # a whole number ≥ 1
_NATURAL = [Interval(int, 0, None, closed="left")]  # a whole number ≥ 0

_ID_COLUMN = "respondent_id"
_CODEBOOK_RESOURCE = "survey_codebook"
#: Metadata columns of a Google Forms CSV export, dropped by :func:`read_responses`.
_GOOGLE_FORMS_METADATA: tuple[str, ...] = ("Timestamp", "Email Address", "Score")


class SurveyWarning(UserWarning):
    """Survey data that is reported but does not stop the computation.

    Missing answers, percentages whose sum differs from 100 by rounding.
    """


# =========================================================================== validation
def _check_group(group: Any, func: str) -> str:
    if group not in _GROUPS:
        raise ParameterError(
            f"The 'group' parameter of {func} must be one of {list(_GROUPS)}. Got {group!r} instead."
        )
    return str(group)


def _norm(text: Any) -> str:
    """Normalise a label for matching.

    Collapse whitespace, drop one trailing full stop, case-fold (the table and appendix
    wordings differ only in such details).
    """
    s = " ".join(str(text).split())
    if s.endswith("."):
        s = s[:-1].rstrip()
    return s.casefold()


# =========================================================================== codebook
@dataclass(frozen=True)
class Codebook:
    """The questionnaires of both groups, one row per answer option.

    Attributes
    ----------
    frame
        Columns ``group, question, question_number, question_type, question_text_table,
        question_text_appendix, question_wording_differs, option_code, option_order,
        option_text_table, option_text_appendix, option_wording_differs, dont_know, rank,
        location_table, location_appendix``; sorted by group, question number, option order.
    source
        Where the codebook was read from (for messages).
    """

    frame: pd.DataFrame
    source: str = "survey_codebook"

    def questions(self, group: str) -> list[str]:
        """Question ids of ``group`` in questionnaire order."""
        _check_group(group, "Codebook.questions")
        sub = self.frame[self.frame["group"] == group]
        return list(dict.fromkeys(sub.sort_values(["question_number"], kind="stable")["question"]))

    def _rows(self, group: str, question: str) -> pd.DataFrame:
        _check_group(group, "Codebook")
        sub = self.frame[(self.frame["group"] == group) & (self.frame["question"] == question)]
        if sub.empty:
            raise CodebookError(
                f"{self.source}: question {question!r} is not in the codebook of group "
                f"{group!r}; known questions: {self.questions(group)}"
            )
        return sub.sort_values("option_order")

    def options(self, group: str, question: str) -> list[str]:
        """Option codes of a question, in the printed order."""
        return list(self._rows(group, question)["option_code"])

    def question_type(self, group: str, question: str) -> str:
        """``single_choice`` or ``ordinal``."""
        return str(self._rows(group, question)["question_type"].iloc[0])

    def ranks(self, group: str, question: str) -> dict[str, int]:
        """Rank of each ranked option of an ordinal question (higher = more favourable).

        "Don't know" options are left out.

        Raises
        ------
        CodebookError
            If the question is not ordinal.
        """
        rows = self._rows(group, question)
        if rows["question_type"].iloc[0] != "ordinal":
            raise CodebookError(
                f"{self.source}: question {question!r} of {group!r} is "
                f"{rows['question_type'].iloc[0]!r} (nominal options without an order); "
                "a rank correlation needs an ordinal question"
            )
        ranked = rows[rows["rank"].notna()]
        return {str(c): int(r) for c, r in zip(ranked["option_code"], ranked["rank"], strict=True)}

    def text(
        self, group: str, question: str, *, wording: Literal["table", "appendix"] = "table"
    ) -> dict[str, str]:
        """Map option code → option text (as printed in the table or the appendix)."""
        rows = self._rows(group, question)
        col = f"option_text_{wording}"
        return dict(zip(rows["option_code"], rows[col], strict=True))

    def question_text(
        self, group: str, question: str, *, wording: Literal["table", "appendix"] = "table"
    ) -> str:
        """The question's wording in the table or in the appendix."""
        return str(self._rows(group, question)[f"question_text_{wording}"].iloc[0])

    def answer_lookup(self, group: str, question: str) -> dict[str, str]:
        """Map every accepted answer (code, table text, appendix text; normalised) → code."""
        rows = self._rows(group, question)
        out: dict[str, str] = {}
        for _, r in rows.iterrows():
            for label in (r["option_code"], r["option_text_table"], r["option_text_appendix"]):
                out[_norm(label)] = str(r["option_code"])
        return out

    def column_lookup(self, group: str) -> dict[str, str]:
        """Map every accepted column header (normalised) → question id.

        Accepted: the question id, the table or appendix wording, optionally prefixed by
        its number, e.g. ``"7. Evaluate …"``.
        """
        sub = self.frame[self.frame["group"] == group]
        out: dict[str, str] = {}
        for _, r in sub.drop_duplicates("question").iterrows():
            q = str(r["question"])
            for label in (q, r["question_text_table"], r["question_text_appendix"]):
                out[_norm(label)] = q
                out[_norm(f"{r['question_number']}. {label}")] = q
        return out

    def differences(self) -> pd.DataFrame:
        """Every place where the table's wording differs from the appendix's.

        Returns
        -------
        pandas.DataFrame
            ``group, question, option_code, what ("question"|"option"), table, appendix,
            location_table, location_appendix``.
        """
        rows = []
        f = self.frame
        for _, r in (
            f[f["question_wording_differs"]].drop_duplicates(["group", "question"]).iterrows()
        ):
            rows.append(
                {
                    "group": r["group"],
                    "question": r["question"],
                    "option_code": "",
                    "what": "question",
                    "table": r["question_text_table"],
                    "appendix": r["question_text_appendix"],
                    "location_table": r["location_table"],
                    "location_appendix": r["location_appendix"],
                }
            )
        for _, r in f[f["option_wording_differs"]].iterrows():
            rows.append(
                {
                    "group": r["group"],
                    "question": r["question"],
                    "option_code": r["option_code"],
                    "what": "option",
                    "table": r["option_text_table"],
                    "appendix": r["option_text_appendix"],
                    "location_table": r["location_table"],
                    "location_appendix": r["location_appendix"],
                }
            )
        cols = [
            "group",
            "question",
            "option_code",
            "what",
            "table",
            "appendix",
            "location_table",
            "location_appendix",
        ]
        return (
            pd.DataFrame(rows, columns=cols)
            .sort_values(["group", "question", "option_code"])
            .reset_index(drop=True)
        )


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check the survey codebook.

    Parameters
    ----------
    path
        A codebook CSV with the columns of ``data/raw/paper/survey_codebook.csv``; ``None``
        (default) reads the packaged one (sha256-verified).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        Duplicate option codes or texts within a question, option orders that are not
        1..K, question attributes that vary within a question, an ordinal question whose
        ranked options lack a rank (or a "don't know" option with one), a single-choice
        question with ranks.
    DataError
        The file does not follow the codebook's Table Schema.
    """
    if path is None:
        frame = data.load(_CODEBOOK_RESOURCE)
        source = "data/raw/paper/survey_codebook.csv"
    else:
        frame = data.read_table(path, like=_CODEBOOK_RESOURCE)
        source = location(path)
    frame = frame.copy()
    for col in ("question_wording_differs", "option_wording_differs", "dont_know"):
        frame[col] = frame[col].astype(bool)
    frame = frame.sort_values(
        ["group", "question_number", "option_order"], kind="stable"
    ).reset_index(drop=True)
    _validate_codebook(frame, source)
    return Codebook(frame=frame, source=source)


def _validate_codebook(f: pd.DataFrame, source: str) -> None:
    dup = f.duplicated(["group", "question", "option_code"], keep=False)
    if dup.any():
        r = f[dup].iloc[0]
        raise CodebookError(
            f"{source}: option code {r['option_code']!r} appears more than once in question "
            f"{r['question']!r} of {r['group']!r}"
        )
    for (g, q), sub in f.groupby(["group", "question"], sort=False):
        for col in (
            "question_number",
            "question_type",
            "question_text_table",
            "question_text_appendix",
        ):
            if sub[col].nunique(dropna=False) != 1:
                raise CodebookError(
                    f"{source}: column {col!r} must be the same for every option of question "
                    f"{q!r} of {g!r}; got {sorted(map(str, sub[col].unique()))}"
                )
        orders = sorted(int(o) for o in sub["option_order"])
        if orders != list(range(1, len(sub) + 1)):
            raise CodebookError(
                f"{source}: option_order of question {q!r} of {g!r} must be 1..{len(sub)}; got {orders}"
            )
        for col in ("option_text_table", "option_text_appendix"):
            normed = sub[col].map(_norm)
            if normed.duplicated().any():
                raise CodebookError(
                    f"{source}: two options of question {q!r} of {g!r} have the same {col} "
                    f"{sub[col][normed.duplicated()].iloc[0]!r}; answers could not be told apart"
                )
        qtype = sub["question_type"].iloc[0]
        if qtype == "ordinal":
            bad = sub[sub["rank"].isna() != sub["dont_know"]]
            if not bad.empty:
                r = bad.iloc[0]
                raise CodebookError(
                    f"{source}: ordinal question {q!r} of {g!r}: option {r['option_code']!r} must "
                    + (
                        "have no rank (it is a don't-know option)"
                        if r["dont_know"]
                        else "have a rank"
                    )
                )
            ranks = sub["rank"].dropna()
            if ranks.duplicated().any():
                raise CodebookError(
                    f"{source}: ordinal question {q!r} of {g!r} repeats a rank: {list(ranks)}"
                )
        elif sub["rank"].notna().any():
            raise CodebookError(
                f"{source}: question {q!r} of {g!r} is {qtype!r} but has ranks; only ordinal "
                "questions are ranked"
            )


def _published_questions(published: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    needed = ["question", "option_code", "value"]
    missing = [c for c in needed if c not in published.columns]
    if missing:
        raise ParameterError(
            f"The 'published' parameter must be a DataFrame with columns {needed}. "
            f"Missing {missing}."
        )
    order_col = "option_order" if "option_order" in published.columns else None
    out = []
    for q, sub in published.groupby("question", sort=False):
        if order_col:
            sub = sub.sort_values(order_col, kind="stable")
        out.append((str(q), sub))
    return out


# =========================================================================== percentages
def _to_decimal(v: Any, *, what: str) -> Decimal:
    s = str(v).strip().removesuffix("%").strip().replace("\u2212", "-")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ParameterError(
            f"{what} must be a percentage such as 20 or '20%'. Got {v!r} instead."
        ) from None
    if not d.is_finite():
        raise ParameterError(f"{what} must be a finite percentage. Got {v!r} instead.")
    return d


def _scaled(p: Any, decimals: int, *, what: str) -> int:
    """Percentage as an integer number of 10^-decimals percentage points (exact)."""
    d = _to_decimal(p, what=what)
    if d < 0 or d > 100:
        raise ParameterError(f"{what} must be between 0 and 100. Got {p!r} instead.")
    scaled = d.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ParameterError(
            f"{what} has more than {decimals} decimal place(s) (decimals={decimals}). Got {p!r} instead."
        )
    return int(scaled)


def _count_range(P: int, n: int, decimals: int) -> tuple[int, int]:
    """Whole counts k with round_half_up(100·k/n, decimals) = P·10^-decimals.

    round_half_up(x) = P  ⇔  P − ½ ≤ x < P + ½ (x in units of 10^-decimals %), i.e.
    (2P − 1)·n ≤ 200·10^decimals·k < (2P + 1)·n. Returns (k_min, k_max); empty when
    k_min > k_max.
    """
    D = 200 * 10**decimals
    k_min = -((-(2 * P - 1) * n) // D)  # ceil
    k_max = -((-(2 * P + 1) * n) // D) - 1  # ceil(...) - 1: strict upper bound
    return max(k_min, 0), min(k_max, n)


def _check_questions(questions: Any, func: str) -> list[list[Any]]:
    if isinstance(questions, (str, bytes)) or not isinstance(questions, Iterable):
        raise ParameterError(
            f"The 'questions' parameter of {func} must be a sequence of sequences of "
            f"percentages. Got {type(questions).__name__} instead."
        )
    out = []
    for i, q in enumerate(questions):
        if isinstance(q, (str, bytes)) or not isinstance(q, Iterable):
            raise ParameterError(
                f"The 'questions' parameter of {func}: question {i} must be a sequence of "
                f"percentages. Got {q!r} instead."
            )
        q = list(q)
        if not q:
            raise ParameterError(
                f"The 'questions' parameter of {func}: question {i} has no percentages."
            )
        out.append(q)
    if not out:
        raise ParameterError(
            f"The 'questions' parameter of {func} must hold at least one question."
        )
    return out


@validate_params({"decimals": _NATURAL, "n_max": _COUNT})
def consistent_sample_sizes(
    questions: Sequence[Sequence[float | int | str]], *, decimals: int = 0, n_max: int = 500
) -> list[int]:
    """Every sample size n ≤ ``n_max`` consistent with printed percentages.

    n is consistent when, for every question, there are whole counts k_i ≥ 0 with
    round_half_up(100·k_i / n, ``decimals``) = p_i for each printed p_i and Σ k_i = n.

    For one percentage the admissible counts form the integer interval
    ⌈(2P−1)n / D⌉ ≤ k < (2P+1)n / D, with P = p·10^decimals and D = 200·10^decimals; the sums
    of independent integer intervals fill the interval [Σ k_min, Σ k_max], so n is
    consistent for a question iff Σ k_min ≤ n ≤ Σ k_max. All arithmetic is exact (integers).

    Parameters
    ----------
    questions
        One sequence of printed percentages per question (numbers or strings such as
        ``"20%"``).
    decimals
        Decimal places the percentages were rounded to.
    n_max
        Largest n to try.

    Returns
    -------
    list of int
        Consistent n in ascending order (empty if none).

    Examples
    --------
    >>> consistent_sample_sizes([[50, 50]], n_max=10)
    [2, 4, 6, 8, 10]
    """
    qs = _check_questions(questions, "consistent_sample_sizes")
    scaled = [
        [_scaled(p, decimals, what=f"question {i}, percentage {j}") for j, p in enumerate(q)]
        for i, q in enumerate(qs)
    ]
    out = []
    for n in range(1, n_max + 1):
        ok = True
        for q in scaled:
            ranges = [_count_range(P, n, decimals) for P in q]
            if any(lo > hi for lo, hi in ranges):
                ok = False
                break
            if not sum(lo for lo, _ in ranges) <= n <= sum(hi for _, hi in ranges):
                ok = False
                break
        if ok:
            out.append(n)
    return out


@validate_params({"n": _COUNT, "decimals": _NATURAL})
def counts_from_percentages(
    percentages: Sequence[float | int | str], n: int, *, decimals: int = 0
) -> tuple[int, ...]:
    """The unique whole counts behind printed percentages of one question at sample size n.

    Parameters
    ----------
    percentages
        Printed percentages of the options of one question.
    n
        Number of respondents who answered.
    decimals
        Decimal places the percentages were rounded to (round half up).

    Returns
    -------
    tuple of int
        Counts k_i with round_half_up(100·k_i/n) = p_i and Σ k_i = n.

    Raises
    ------
    InfeasibleError
        If no such counts exist (the percentages are impossible at this n).
    SurveyError
        If several count vectors fit (possible when n > 100·10^decimals); the published
        table then does not determine the counts.

    Examples
    --------
    >>> counts_from_percentages([55, 20, 10, 5, 10], 80)
    (44, 16, 8, 4, 8)
    """
    qs = _check_questions([percentages], "counts_from_percentages")[0]
    scaled = [_scaled(p, decimals, what=f"percentage {j}") for j, p in enumerate(qs)]
    ranges = [_count_range(P, n, decimals) for P in scaled]
    bad = [j for j, (lo, hi) in enumerate(ranges) if lo > hi]
    if bad:
        raise InfeasibleError(
            f"no whole count out of n={n} rounds to {qs[bad[0]]}% "
            f"(decimals={decimals}); the percentages are impossible at this n"
        )
    lo_sum, hi_sum = sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)
    if not lo_sum <= n <= hi_sum:
        raise InfeasibleError(
            f"the counts behind {list(qs)} at n={n} sum to between {lo_sum} and {hi_sum}, never "
            f"to {n}; the percentages are impossible at this n"
        )
    if lo_sum == n:
        return tuple(lo for lo, _ in ranges)
    if hi_sum == n:
        return tuple(hi for _, hi in ranges)
    free = [j for j, (lo, hi) in enumerate(ranges) if lo != hi]
    if len(free) > 1:
        raise SurveyError(
            f"the percentages {list(qs)} at n={n} fit more than one set of counts; "
            "the published table does not determine them"
        )
    counts = [lo for lo, _ in ranges]
    counts[free[0]] = n - (lo_sum - ranges[free[0]][0])
    return tuple(counts)


@validate_params({"decimals": _NATURAL})
def _check_sums(published: pd.DataFrame, *, decimals: int = 0) -> pd.DataFrame:
    """Sum of the printed percentages of each question.

    Parameters
    ----------
    published
        Columns ``question``, ``option_code``, ``value`` (and optionally ``group``), e.g.
        :func:`kzgov.study.survey_tabulation.load_published`.
    decimals
        Decimal places of the printed percentages.

    Returns
    -------
    pandas.DataFrame
        ``group, question, n_options, total, difference, sums_to_100`` where
        ``difference = total − 100`` (percentage points).

    Warns
    -----
    SurveyWarning
        For each question whose percentages do not sum to 100.
    """
    pub = published if "group" in published.columns else published.assign(group="")
    rows = []
    for (g, q), sub in pub.groupby(["group", "question"], sort=False):
        total = sum(_to_decimal(v, what=f"question {q!r} value") for v in sub["value"])
        ok = total == 100
        rows.append(
            {
                "group": g,
                "question": q,
                "n_options": len(sub),
                "total": float(total),
                "difference": float(total - 100),
                "sums_to_100": bool(ok),
            }
        )
        if not ok:
            warnings.warn(
                f"{g + ', ' if g else ''}question {q!r}: printed percentages sum to {total}, not 100",
                SurveyWarning,
                stacklevel=2,
            )
    return pd.DataFrame(
        rows, columns=["group", "question", "n_options", "total", "difference", "sums_to_100"]
    )


@dataclass(frozen=True)
class MultiplesResult:
    """Probability that every rounded percentage is a multiple of ``step``.

    Attributes
    ----------
    probability
        For the whole table (questions independent under the null).
    per_question
        One probability per question, in input order.
    method
        ``"exact"`` or ``"monte_carlo"``.
    n, step, decimals
        The sample size, the step (percentage points) and the rounding.
    se
        Monte Carlo standard error of ``probability`` (None when exact).
    se_per_question
        Monte Carlo standard errors per question (None when exact).
    n_sim, seed
        Simulation size and seed (None when exact).
    """

    probability: float
    per_question: tuple[float, ...]
    method: str
    n: int
    step: float
    decimals: int
    se: float | None = None
    se_per_question: tuple[float, ...] | None = None
    n_sim: int | None = None
    seed: int | None = None

    @property
    def log10_probability(self) -> float:
        """log10 of the whole-table probability (sum of per-question log10 when exact)."""
        if self.method == "exact":
            return float(sum(math.log10(p) if p > 0 else -math.inf for p in self.per_question))
        return math.log10(self.probability) if self.probability > 0 else -math.inf

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return {
            "probability": self.probability,
            "log10_probability": self.log10_probability,
            "per_question": list(self.per_question),
            "method": self.method,
            "n": self.n,
            "step": self.step,
            "decimals": self.decimals,
            "se": self.se,
            "se_per_question": None if self.se_per_question is None else list(self.se_per_question),
            "n_sim": self.n_sim,
            "seed": self.seed,
            "null": "each question's counts ~ Multinomial(n, printed shares); questions independent",
        }


def _allowed_counts(n: int, step_scaled: int, decimals: int) -> np.ndarray:
    """Boolean mask over k = 0..n: whether round_half_up(100·k/n, decimals) is a multiple of step."""
    k = np.arange(n + 1, dtype=np.int64)
    scale = 10**decimals
    # round half up of 100·scale·k/n = floor((200·scale·k + n) / (2n)), exact in integers
    rounded = (200 * scale * k + n) // (2 * n)
    return rounded % step_scaled == 0


@validate_params(
    {
        "n": _COUNT,
        "decimals": _NATURAL,
        "method": [Options(str, ("exact", "monte_carlo"))],
        "n_sim": _COUNT,
        "seed": _NATURAL,
    }
)
def prob_all_multiples(
    questions: Sequence[Sequence[float | int | str]],
    *,
    n: int,
    step: float = 5,
    decimals: int = 0,
    method: Literal["exact", "monte_carlo"] = "exact",
    n_sim: int = 100_000,
    seed: int = 0,
) -> MultiplesResult:
    """Probability that every percentage of a table comes out a multiple of ``step``.

    Null model: the counts of each question are Multinomial(n, p) with p the printed
    shares (p_i = printed_i / 100); questions are independent. The rounded percentage of a
    count k is round_half_up(100·k/n, ``decimals``). The event is that every rounded
    percentage of every question is a multiple of ``step``.

    ``method="exact"`` computes each question's probability by the chain of conditional
    binomials of the multinomial (k_1 ~ Bin(n, p_1), k_2 | k_1 ~ Bin(n − k_1,
    p_2 / (1 − p_1)), …), summing over the admissible counts with
    :func:`scipy.stats.binom.pmf`: exact up to floating point, O(K·n²). The table's
    probability is the product over questions. ``method="monte_carlo"`` draws ``n_sim``
    tables with :meth:`numpy.random.Generator.multinomial` (seed ``seed``) and reports the
    proportion with its binomial standard error.

    Parameters
    ----------
    questions
        One sequence of printed percentages per question; each must sum to 100.
    n
        The stated sample size.
    step
        The multiple, in percentage points.
    decimals
        Decimal places of the printed percentages.
    method, n_sim, seed
        See above.

    Returns
    -------
    MultiplesResult

    Raises
    ------
    SurveyError
        If a question's percentages do not sum to 100 (they are then not probabilities).
    """
    from scipy.stats import binom

    step_scaled = _scaled(step, decimals, what="The 'step' parameter of prob_all_multiples")
    if step_scaled <= 0:
        raise ParameterError(
            f"The 'step' parameter of prob_all_multiples must be > 0. Got {step!r} instead."
        )
    qs = _check_questions(questions, "prob_all_multiples")
    probs = []
    for i, q in enumerate(qs):
        dec = [_to_decimal(p, what=f"question {i}, percentage {j}") for j, p in enumerate(q)]
        if sum(dec) != 100:
            raise SurveyError(
                f"question {i}: printed percentages {q} sum to {sum(dec)}, not 100; they cannot "
                "serve as multinomial probabilities"
            )
        if any(d < 0 for d in dec):
            raise SurveyError(f"question {i}: negative percentage in {q}")
        probs.append(np.array([float(d) / 100 for d in dec]))
    allowed = _allowed_counts(n, step_scaled, decimals)
    result = functools.partial(MultiplesResult, n=n, step=float(step), decimals=decimals)

    if method == "exact":
        per_q = []
        for p in probs:
            f = np.zeros(n + 1)
            f[n] = 1.0  # f[r]: probability that the options so far are admissible, r remain
            used = 0.0
            for p_i in p[:-1]:
                rest = 1.0 - used
                q_i = 0.0 if rest <= 0 else min(max(p_i / rest, 0.0), 1.0)
                g = np.zeros(n + 1)
                for r in np.nonzero(f)[0]:
                    ks = np.nonzero(allowed[: r + 1])[0]
                    g[r - ks] += f[r] * binom.pmf(ks, r, q_i)
                f = g
                used += p_i
            per_q.append(float(f[allowed].sum()))
        total = float(np.prod(per_q))
        return result(probability=total, per_question=tuple(per_q), method="exact")

    rng = np.random.default_rng(seed)
    all_ok = np.ones(n_sim, dtype=bool)
    per_q, se_q = [], []
    for p in probs:
        draws = rng.multinomial(n, p, size=n_sim)
        ok = allowed[draws].all(axis=1)
        est = float(ok.mean())
        per_q.append(est)
        se_q.append(math.sqrt(est * (1 - est) / n_sim))
        all_ok &= ok
    est = float(all_ok.mean())
    return result(
        probability=est,
        per_question=tuple(per_q),
        method="monte_carlo",
        se=math.sqrt(est * (1 - est) / n_sim),
        se_per_question=tuple(se_q),
        n_sim=n_sim,
        seed=seed,
    )


# =========================================================================== respondent data
def _validate_responses(
    responses: pd.DataFrame,
    *,
    group: str,
    codebook: Codebook | None = None,
    source: str = "responses",
) -> pd.DataFrame:
    """Check a frame of option codes against the codebook and return it cleaned.

    The frame has a ``respondent_id`` column and one column per question (``q1`` …) holding
    option codes; empty strings and NaN are missing answers.

    Returns
    -------
    pandas.DataFrame
        ``respondent_id`` then the question columns in questionnaire order; missing answers
        as ``None``. ``attrs``: ``group``, ``missing`` ({question: [respondent ids]}).

    Raises
    ------
    SurveyError
        No ``respondent_id`` column, a missing or duplicate respondent id, an option code
        the codebook does not define (naming column, row and value).
    CodebookError
        A column that is not a question of the group.

    Warns
    -----
    SurveyWarning
        When answers are missing (they are counted per question and reported).
    """
    group = _check_group(group, "validate_responses")
    cb = codebook if codebook is not None else load_codebook()
    check_frame(responses, "responses", "validate_responses")
    if _ID_COLUMN not in responses.columns:
        raise SurveyError(
            f"{source}: no {_ID_COLUMN!r} column; columns are {list(responses.columns)}"
        )
    known = cb.questions(group)
    extra = [c for c in responses.columns if c != _ID_COLUMN and c not in known]
    if extra:
        raise CodebookError(
            f"{source}: column(s) {extra} are not questions of {group!r} in the codebook; "
            f"known questions: {known}"
        )
    ids = responses[_ID_COLUMN].reset_index(drop=True)
    missing_id = ids.isna() | (ids.astype(str).str.strip() == "")
    if missing_id.any():
        raise SurveyError(
            f"{location(source, column=_ID_COLUMN, row=int(missing_id.idxmax()) + 1)}: respondent id is missing"
        )
    dups = ids[ids.duplicated(keep=False)]
    if not dups.empty:
        raise SurveyError(
            f"{location(source, column=_ID_COLUMN)}: duplicate respondent id(s) "
            f"{sorted(map(str, dups.unique()))} (rows {[int(i) + 1 for i in dups.index]}); "
            "each respondent must appear once"
        )
    out = pd.DataFrame({_ID_COLUMN: ids})
    missing: dict[str, list[Any]] = {}
    for q in [q for q in known if q in responses.columns]:
        opts = set(cb.options(group, q))
        col = responses[q].reset_index(drop=True).astype(object)
        is_missing = col.isna() | col.map(lambda v: isinstance(v, str) and not v.strip())
        vals = col.where(~is_missing, None).map(lambda v: v.strip() if isinstance(v, str) else v)
        bad = vals.notna() & ~vals.isin(opts)
        if bad.any():
            i = int(bad.idxmax())
            raise SurveyError(
                f"{location(source, column=q, row=i + 1)}: {vals[i]!r} is not an option code of "
                f"question {q!r} of {group!r}; expected one of {sorted(opts)}"
            )
        if is_missing.any():
            missing[q] = [_py(v) for v in ids[is_missing]]
        out[q] = vals
    out.attrs["group"] = group
    out.attrs["source"] = source
    out.attrs["missing"] = missing
    if missing:
        detail = "; ".join(f"{q}: {len(v)}" for q, v in missing.items())
        warnings.warn(
            f"{source}: missing answers counted as missing and left out of the denominators ({detail})",
            SurveyWarning,
            stacklevel=2,
        )
    return out


def _py(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def read_responses(
    source: str | Path | pd.DataFrame,
    *,
    group: str,
    codebook: Codebook | None = None,
    id_column: str | None = "auto",
    ignore_columns: Sequence[str] = _GOOGLE_FORMS_METADATA,
) -> pd.DataFrame:
    """Read a respondent file and map its answers to option codes through the codebook.

    Works for files of codes (like the packaged reconstructions) and for exports whose
    headers are question texts and whose cells are option texts, such as a Google Forms
    CSV export (``Timestamp`` column, one column per question titled with its wording).

    Columns are matched to questions by question id (``q7``), the table or appendix wording,
    or ``"<number>. <wording>"``; answers by option code, table text or appendix text.
    Matching ignores case, repeated whitespace and one trailing full stop (the table and
    the appendix differ by such full stops).

    Parameters
    ----------
    source
        A CSV path (UTF-8, BOM tolerated) or a DataFrame.
    group
        ``"civil_servants"`` or ``"entrepreneurs"``.
    codebook
        Defaults to the packaged codebook.
    id_column
        Column holding respondent ids; ``None`` numbers the rows 1..n (Google Forms exports
        have no id); ``"auto"`` (default) uses ``respondent_id`` when the file has it and
        numbers the rows otherwise.
    ignore_columns
        Columns to drop before matching; by default the metadata columns of a Google Forms
        export (``Timestamp``, ``Email Address``, ``Score``).
        Any other column must be a question of the codebook.

    Returns
    -------
    pandas.DataFrame
        ``respondent_id`` then the question columns in questionnaire order; missing answers
        as ``None``. ``attrs``: ``group``, ``source``, ``missing`` ({question: [respondent ids]}).

    Raises
    ------
    CodebookError
        A column that matches no question of the group, or two columns for one question.
    SurveyError
        An answer that matches no option (naming column, row and value), a missing or
        duplicate respondent id.

    Warns
    -----
    SurveyWarning
        Missing answers (reported per question).
    """
    group = _check_group(group, "read_responses")
    cb = codebook if codebook is not None else load_codebook()
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
        where = "responses"
    else:
        p = Path(source)
        if not p.is_file():
            raise SurveyError(f"{location(p)}: file does not exist")
        raw = _read_csv_strings(p)
        where = location(p)
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.drop(columns=[c for c in ignore_columns if c in raw.columns])
    if id_column == "auto":
        id_column = _ID_COLUMN if _ID_COLUMN in raw.columns else None
    if id_column is None:
        ids = pd.Series(range(1, len(raw) + 1), name=_ID_COLUMN)
    else:
        if id_column not in raw.columns:
            raise SurveyError(
                f"{where}: no respondent id column {id_column!r}; columns are {list(raw.columns)} "
                "(pass id_column=None to number the rows)"
            )
        ids = raw[id_column].reset_index(drop=True)
        raw = raw.drop(columns=[id_column])
    lookup = cb.column_lookup(group)
    mapping: dict[str, str] = {}
    for col in raw.columns:
        q = lookup.get(_norm(col))
        if q is None:
            raise CodebookError(
                f"{where}: column {col!r} is not a question of {group!r} in the codebook "
                f"(known: {cb.questions(group)}); drop it with ignore_columns=[...] if it is not a question"
            )
        if q in mapping.values():
            other = next(c for c, v in mapping.items() if v == q)
            raise CodebookError(f"{where}: columns {other!r} and {col!r} both hold question {q!r}")
        mapping[col] = q
    coded = pd.DataFrame({_ID_COLUMN: ids})
    for col, q in mapping.items():
        answers = cb.answer_lookup(group, q)
        vals = raw[col].reset_index(drop=True).astype(object)
        codes = []
        for i, v in enumerate(vals):
            if v is None or (isinstance(v, float) and math.isnan(v)) or not str(v).strip():
                codes.append(None)
                continue
            code = answers.get(_norm(v))
            if code is None:
                raise SurveyError(
                    f"{location(where, column=col, row=i + 1)}: {str(v)!r} is not an option of "
                    f"question {q!r} of {group!r}; expected one of {cb.options(group, q)} or their "
                    "wording in the table or appendix"
                )
            codes.append(code)
        coded[q] = codes
    ordered = [_ID_COLUMN] + [q for q in cb.questions(group) if q in coded.columns]
    return _validate_responses(coded[ordered], group=group, codebook=cb, source=where)


def _read_csv_strings(path: Path) -> pd.DataFrame:
    """A respondent file as a frame of strings, or a :class:`SurveyError` naming the file.

    Empty, binary, non-UTF-8 (e.g. Latin-1) and ragged files, and files over kzgov's size or
    row limit (:func:`kzgov.data.input_limits`), are refused with a one-line message.
    """
    try:
        data._check_size(path)
        blob = path.read_bytes()
        if b"\x00" in blob[:65536]:
            raise SurveyError(
                f"{location(path)}: this is a binary file (it holds NUL bytes), not a CSV text file"
            )
        try:
            text = blob.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SurveyError(
                f"{location(path)}: file is not valid UTF-8 text ({exc.reason} at byte "
                f"{exc.start}); re-save it as UTF-8 (a Latin-1 or Windows-1251 export "
                "must be converted first)"
            ) from None
        records = data._parse_csv(text, delimiter=",", path=path)
    except DataError as exc:
        raise SurveyError(str(exc)) from None
    if not records or not any(c.strip() for c in records[0]):
        raise SurveyError(f"{location(path)}: file is empty; expected a header row")
    return pd.DataFrame(records[1:], columns=records[0], dtype=object)


@validate_params({"n": _COUNT, "seed": _NATURAL, "decimals": _NATURAL})
def reconstruct_responses(
    published: pd.DataFrame,
    *,
    n: int,
    seed: int,
    decimals: int = 0,
    group: str | None = None,
) -> pd.DataFrame:
    """Respondent rows whose marginals reproduce a published table exactly.

    For each question the counts are the unique whole numbers behind the printed
    percentages at sample size ``n`` (:func:`counts_from_percentages`). Each question's
    column holds its option codes repeated by their counts and shuffled independently with
    ``numpy.random.default_rng(seed)`` (questions in table order).

    The marginals are exact; **the pairing of answers across questions is random and
    carries no information**: the joint distribution of the real respondents was not
    published. Statistics that involve two questions (correlations, cross-tabs) computed
    on a reconstruction describe the seed, not the respondents.

    Parameters
    ----------
    published
        Columns ``question``, ``option_code``, ``value`` (printed %), optionally
        ``option_order``; e.g. the study's ``load_published("civil_servants")``.
    n
        The stated sample size.
    seed
        Seed of the random pairing.
    decimals
        Decimal places of the printed percentages.
    group
        Stored in ``attrs["group"]``.

    Returns
    -------
    pandas.DataFrame
        ``respondent_id`` (1..n) and one column per question of option codes.

    Raises
    ------
    InfeasibleError
        If a question's percentages are impossible at ``n``.
    SurveyError
        If they do not determine the counts.

    Warns
    -----
    SurveyWarning
        If a question's percentages do not sum to 100 but counts exist (rounding).

    Examples
    --------
    >>> pub = pd.DataFrame({"question": ["q1", "q1"], "option_code": ["a", "b"], "value": [25, 75]})
    >>> reconstruct_responses(pub, n=4, seed=1)["q1"].value_counts().sort_index().tolist()
    [1, 3]
    """
    rng = np.random.default_rng(seed)
    out = pd.DataFrame({_ID_COLUMN: np.arange(1, n + 1)})
    for q, sub in _published_questions(published):
        values = list(sub["value"])
        total = sum(_to_decimal(v, what=f"question {q!r} value") for v in values)
        try:
            counts = counts_from_percentages(values, n, decimals=decimals)
        except InfeasibleError as exc:
            raise InfeasibleError(f"question {q!r}: {exc}") from None
        except SurveyError as exc:
            raise SurveyError(f"question {q!r}: {exc}") from None
        if total != 100:
            warnings.warn(
                f"question {q!r}: printed percentages sum to {total}, not 100; counts {counts} "
                f"at n={n} reproduce them after rounding",
                SurveyWarning,
                stacklevel=2,
            )
        codes = np.repeat(np.array(list(sub["option_code"]), dtype=object), counts)
        out[q] = rng.permutation(codes)
    out.attrs.update({"group": group, "seed": seed, "kind": "reconstruction"})
    return out


# =========================================================================== tabulation
@validate_params(
    {
        "responses": [pd.DataFrame],
        "confidence": _CONFIDENCE,
        "method": [Options(str, _METHODS)],
    }
)
def tabulate(
    responses: pd.DataFrame,
    question: str,
    *,
    confidence: float = 0.95,
    method: _Method = "wilson",
    codebook: Codebook | None = None,
    group: str | None = None,
    zeros: bool = False,
) -> pd.DataFrame:
    r"""Counts, shares and confidence intervals of one question.

    The share of option j is :math:`\hat p_j = k_j / n`, with n the number of respondents
    who answered the question (missing answers are left out and reported). The interval
    of each share is :func:`statsmodels.stats.proportion.proportion_confint` with
    ``method`` (Wilson by default:
    :math:`\frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}`),
    or, with ``method="goodman"``, Goodman's simultaneous intervals for all options at
    once (:func:`statsmodels.stats.proportion.multinomial_proportions_confint`).

    Parameters
    ----------
    responses
        ``respondent_id`` and question columns of option codes.
    question
        The question id, e.g. ``"q7"``.
    confidence
        Confidence level in (0, 1).
    method
        ``"wilson"``, ``"agresti_coull"``, ``"beta"`` (Clopper–Pearson), ``"jeffreys"``,
        ``"normal"``, ``"binom_test"`` or ``"goodman"`` (simultaneous).
    codebook, group
        When given (``group`` defaults to ``responses.attrs["group"]``), the answers are
        checked against the codebook and the rows follow the printed option order.
        Without a codebook, rows are sorted by option code.
    zeros
        With a codebook, also list options nobody chose (count 0). Default: one row per
        option observed.

    Returns
    -------
    pandas.DataFrame
        ``option, count, share, ci_low, ci_high`` (shares as fractions). ``attrs``: ``n``,
        ``n_missing``, ``question``, ``method``, ``confidence``.

    Raises
    ------
    ParameterError
        Bad ``confidence`` or ``method``.
    SurveyError
        A question absent from ``responses``, nobody answered, or an answer that is not
        an option of the question (with a codebook).

    Warns
    -----
    SurveyWarning
        When answers are missing.

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": [1, 2, 3, 4], "q1": ["a", "a", "b", "a"]})
    >>> tabulate(r, "q1")[["option", "count", "share"]].to_dict("list")
    {'option': ['a', 'b'], 'count': [3, 1], 'share': [0.75, 0.25]}
    """
    from statsmodels.stats.proportion import multinomial_proportions_confint, proportion_confint

    confidence = float(confidence)
    if question not in responses.columns or question == _ID_COLUMN:
        raise SurveyError(
            f"question {question!r} is not a column of the responses; columns are "
            f"{[c for c in responses.columns if c != _ID_COLUMN]}"
        )
    col = responses[question].astype(object)
    is_missing = col.isna() | col.map(lambda v: isinstance(v, str) and not v.strip())
    n_missing = int(is_missing.sum())
    answered = col[~is_missing].map(lambda v: v.strip() if isinstance(v, str) else v)
    if n_missing:
        warnings.warn(
            f"question {question!r}: {n_missing} missing answer(s) left out of the denominator",
            SurveyWarning,
            stacklevel=2,
        )
    n = len(answered)
    if n == 0:
        raise SurveyError(f"question {question!r}: nobody answered; nothing to tabulate")
    counts = answered.value_counts()
    if codebook is not None:
        g = _check_group(group if group is not None else responses.attrs.get("group"), "tabulate")
        order = codebook.options(g, question)
        unknown = sorted(set(map(str, counts.index)) - set(order))
        if unknown:
            raise SurveyError(
                f"question {question!r}: answer(s) {unknown} are not option codes of {g!r}; expected one of {order}"
            )
        options = order if zeros else [o for o in order if o in counts.index]
    else:
        options = sorted(counts.index, key=str)
    k = np.array([int(counts.get(o, 0)) for o in options])
    alpha = 1 - confidence
    if method == "goodman":
        if len(k) < 2:
            raise SurveyError(
                f"question {question!r}: simultaneous (Goodman) intervals need at least two options; got {len(k)}"
            )
        ci = multinomial_proportions_confint(k, alpha=alpha, method="goodman")
        lo, hi = ci[:, 0], ci[:, 1]
    else:
        lo, hi = proportion_confint(k, n, alpha=alpha, method=method)
        lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    out = pd.DataFrame(
        {
            "option": [str(o) for o in options],
            "count": k.astype(int),
            "share": k / n,
            "ci_low": np.clip(lo, 0.0, 1.0),
            "ci_high": np.clip(hi, 0.0, 1.0),
        }
    )
    out.attrs.update(
        {
            "n": n,
            "n_missing": n_missing,
            "question": question,
            "method": method,
            "confidence": confidence,
        }
    )
    return out


def tabulate_all(
    responses: pd.DataFrame,
    *,
    group: str | None = None,
    codebook: Codebook | None = None,
    confidence: float = 0.95,
    method: _Method = "wilson",
    simultaneous: bool = True,
) -> pd.DataFrame:
    """Tabulate every question of a respondent frame (all codebook options, zeros included).

    Returns
    -------
    pandas.DataFrame
        ``group, question, option, option_order, count, n, n_missing, share, ci_low, ci_high``
        and, with ``simultaneous=True``, ``sim_ci_low, sim_ci_high`` (Goodman).
    """
    cb = codebook if codebook is not None else load_codebook()
    g = _check_group(group if group is not None else responses.attrs.get("group"), "tabulate_all")
    frames = []
    for q in [q for q in cb.questions(g) if q in responses.columns]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SurveyWarning)  # reported once by the reader
            t = tabulate(
                responses, q, confidence=confidence, method=method, codebook=cb, group=g, zeros=True
            )
            if simultaneous:
                s = tabulate(
                    responses,
                    q,
                    confidence=confidence,
                    method="goodman",
                    codebook=cb,
                    group=g,
                    zeros=True,
                )
        t.insert(0, "question", q)
        t.insert(0, "group", g)
        t.insert(3, "option_order", range(1, len(t) + 1))
        t.insert(5, "n", t.attrs["n"])
        t.insert(6, "n_missing", t.attrs["n_missing"])
        if simultaneous:
            t["sim_ci_low"] = s["ci_low"].to_numpy()
            t["sim_ci_high"] = s["ci_high"].to_numpy()
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


# =========================================================================== comparisons
def _contingency(
    civil_servants: pd.DataFrame,
    entrepreneurs: pd.DataFrame,
    pair_id: str,
    *,
    comparable: pd.DataFrame,
) -> pd.DataFrame:
    """The 2×K table of counts of a compared pair.

    Rows are the groups; columns the civil-servant option codes, onto which the
    entrepreneurs' options are mapped.
    """
    comp = comparable
    sub = comp[(comp["pair_id"] == pair_id) & (comp["status"] == "compared")]
    if sub.empty:
        known = sorted(comp.loc[comp["status"] == "compared", "pair_id"].unique())
        raise CodebookError(f"pair {pair_id!r} is not a compared pair; compared pairs: {known}")
    qa, qb = sub["question_civil_servants"].iloc[0], sub["question_entrepreneurs"].iloc[0]
    for frame, q, g in (
        (civil_servants, qa, "civil_servants"),
        (entrepreneurs, qb, "entrepreneurs"),
    ):
        if q not in frame.columns:
            raise SurveyError(f"the {g} responses have no column {q!r} (pair {pair_id!r})")
    to_a = dict(zip(sub["option_entrepreneurs"], sub["option_civil_servants"], strict=True))
    cols = list(sub["option_civil_servants"])
    a = civil_servants[qa].dropna().value_counts()
    b = entrepreneurs[qb].dropna().map(to_a).value_counts()
    unknown_a = sorted(set(civil_servants[qa].dropna()) - set(cols))
    unknown_b = sorted(set(entrepreneurs[qb].dropna()) - set(to_a))
    if unknown_a or unknown_b:
        raise SurveyError(f"pair {pair_id!r}: answers outside the mapping: {unknown_a + unknown_b}")
    table = pd.DataFrame(
        [[int(a.get(c, 0)) for c in cols], [int(b.get(c, 0)) for c in cols]],
        index=pd.Index(["civil_servants", "entrepreneurs"], name="group"),
        columns=pd.Index(cols, name="option"),
    )
    return table


@validate_params(
    {
        "comparable": [pd.DataFrame],
        "min_expected": [Interval(float, 0, None, closed="left")],
        "n_resamples": _COUNT,
        "seed": _NATURAL,
    }
)
def compare_groups(
    civil_servants: pd.DataFrame,
    entrepreneurs: pd.DataFrame,
    *,
    comparable: pd.DataFrame,
    min_expected: float = 5.0,
    n_resamples: int = 9999,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Test whether the two groups answer the comparable questions alike.

    For each pair with status ``compared`` the 2×K table of counts is built
    (:func:`_contingency`; options nobody chose in either group are dropped). If every
    expected count is at least ``min_expected`` the test is Pearson's chi-square
    (:func:`scipy.stats.chi2_contingency`, no continuity correction); otherwise Fisher's
    exact test (:func:`scipy.stats.fisher_exact`: exact for 2×2; for 2×K the
    Fisher–Freeman–Halton test with a Monte Carlo p-value from
    :func:`scipy.stats.random_table`, ``n_resamples`` tables, seed ``seed``). The effect
    size is Cramér's :math:`V = \sqrt{\chi^2 / (n\,(\min(r, c) - 1))}`
    (:func:`scipy.stats.contingency.association`). p-values are Holm-adjusted across pairs
    (:func:`statsmodels.stats.multitest.multipletests`).

    Parameters
    ----------
    civil_servants, entrepreneurs
        Respondent frames of the two groups (option codes).
    comparable
        The cross-group mapping: columns ``pair_id, status, question_civil_servants,
        option_civil_servants, question_entrepreneurs, option_entrepreneurs``; ``compared``
        pairs map every option of both questions once (the study's mapping is
        :func:`kzgov.study.survey_tabulation.load_comparable`).
    min_expected
        Smallest expected count for the chi-square test; below it, Fisher's exact test.
    n_resamples, seed
        Monte Carlo tables and seed of the Fisher–Freeman–Halton p-value.

    Returns
    -------
    pandas.DataFrame
        ``pair_id, question_civil_servants, question_entrepreneurs, n_civil_servants,
        n_entrepreneurs, n_options, min_expected, test, statistic, dof, p_val, p_holm,
        cramers_v``.
    """
    from scipy.stats import MonteCarloMethod, chi2_contingency, fisher_exact
    from scipy.stats.contingency import association, expected_freq
    from statsmodels.stats.multitest import multipletests

    comp = comparable
    rows = []
    for pid in dict.fromkeys(comp.loc[comp["status"] == "compared", "pair_id"]):
        table = _contingency(civil_servants, entrepreneurs, pid, comparable=comp)
        table = table.loc[:, table.sum(axis=0) > 0]
        obs = table.to_numpy()
        if obs.shape[1] < 2 or (obs.sum(axis=1) == 0).any():
            raise SurveyError(
                f"pair {pid!r}: fewer than two answered options or an empty group; nothing to test"
            )
        exp = expected_freq(obs)
        v = float(association(obs, method="cramer"))
        if exp.min() >= min_expected:
            res = chi2_contingency(obs, correction=False)
            test, stat, dof, p = "chi2", float(res.statistic), int(res.dof), float(res.pvalue)
        elif obs.shape == (2, 2):
            res = fisher_exact(obs)
            test, stat, dof, p = "fisher_exact", float(res.statistic), None, float(res.pvalue)
        else:
            mc = MonteCarloMethod(n_resamples=n_resamples, rng=np.random.default_rng(seed))
            res = fisher_exact(obs, method=mc)
            test, stat, dof, p = (
                "fisher_exact_monte_carlo",
                float(res.statistic),
                None,
                float(res.pvalue),
            )
        sub = comp[comp["pair_id"] == pid]
        rows.append(
            {
                "pair_id": pid,
                "question_civil_servants": sub["question_civil_servants"].iloc[0],
                "question_entrepreneurs": sub["question_entrepreneurs"].iloc[0],
                "n_civil_servants": int(obs[0].sum()),
                "n_entrepreneurs": int(obs[1].sum()),
                "n_options": int(obs.shape[1]),
                "min_expected": float(exp.min()),
                "test": test,
                "statistic": stat,
                "dof": dof,
                "p_val": p,
                "cramers_v": v,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["p_holm"] = multipletests(out["p_val"].to_numpy(), method="holm")[1]
    cols = [
        "pair_id",
        "question_civil_servants",
        "question_entrepreneurs",
        "n_civil_servants",
        "n_entrepreneurs",
        "n_options",
        "min_expected",
        "test",
        "statistic",
        "dof",
        "p_val",
        "p_holm",
        "cramers_v",
    ]
    return out[cols]


@validate_params({"confidence": _CONFIDENCE})
def ordinal_association(
    responses: pd.DataFrame,
    *,
    pairs: Sequence[tuple[str, str]] | None = None,
    group: str | None = None,
    codebook: Codebook | None = None,
    methods: Sequence[_CorrMethod] = ("spearman", "kendall"),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Rank correlations between ordinal questions, via pingouin.

    Options are replaced by their codebook ranks; "don't know" and missing answers are
    dropped pairwise. r and p come from :func:`pingouin.corr` (Spearman's rho, Kendall's
    tau-b); the interval is pingouin's Fisher-z interval
    (:func:`pingouin.compute_esci`, ``eftype="r"``) at ``confidence``. p-values are
    Holm-adjusted within each method across the pairs.

    Parameters
    ----------
    responses
        Respondent frame (option codes).
    pairs
        Question pairs; default every pair of ordinal questions of the group.
    group, codebook
        ``group`` defaults to ``responses.attrs["group"]``.
    methods
        Any of ``"spearman"``, ``"kendall"``.
    confidence
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        ``x, y, method, n, r, ci_low, ci_high, p_val, p_holm`` (empty if the group has
        fewer than two ordinal questions, as the civil servants do).

    Raises
    ------
    CodebookError
        If a question in ``pairs`` is not ordinal (Spearman between nominal answers depends
        on the arbitrary order of the codes and is not defined).
    """
    import pingouin as pg
    from statsmodels.stats.multitest import multipletests

    confidence = float(confidence)
    cb = codebook if codebook is not None else load_codebook()
    g = _check_group(
        group if group is not None else responses.attrs.get("group"), "ordinal_association"
    )
    for m in methods:
        if m not in ("spearman", "kendall"):
            raise ParameterError(
                f"The 'methods' parameter of ordinal_association must hold 'spearman' or 'kendall'. Got {m!r} instead."
            )
    if pairs is None:
        ordinal = [
            q
            for q in cb.questions(g)
            if cb.question_type(g, q) == "ordinal" and q in responses.columns
        ]
        pairs = list(itertools.combinations(ordinal, 2))
    rows = []
    for x, y in pairs:
        rx, ry = cb.ranks(g, x), cb.ranks(g, y)
        for q in (x, y):
            if q not in responses.columns:
                raise SurveyError(f"question {q!r} is not a column of the responses")
        xs = responses[x].map(rx)
        ys = responses[y].map(ry)
        keep = xs.notna() & ys.notna()
        n = int(keep.sum())
        if n < 3:
            raise SurveyError(
                f"questions {x!r} and {y!r}: only {n} respondent(s) ranked both; need at least 3"
            )
        for m in methods:
            res = pg.corr(xs[keep].astype(float), ys[keep].astype(float), method=m)
            r = float(res["r"].iloc[0])
            if math.isnan(r) or abs(r) == 1:
                lo = hi = r
            else:
                lo, hi = pg.compute_esci(
                    stat=r, nx=n, ny=n, eftype="r", confidence=confidence, decimals=12
                )
            rows.append(
                {
                    "x": x,
                    "y": y,
                    "method": m,
                    "n": n,
                    "r": r,
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                    "p_val": float(res["p_val"].iloc[0]),
                }
            )
    cols = ["x", "y", "method", "n", "r", "ci_low", "ci_high", "p_val", "p_holm"]
    out = pd.DataFrame(rows, columns=cols[:-1])
    if out.empty:
        return pd.DataFrame(columns=cols)
    out["p_holm"] = np.nan
    for _m, idx in out.groupby("method").groups.items():
        p = out.loc[idx, "p_val"].to_numpy()
        ok = ~np.isnan(p)
        adj = np.full(len(p), np.nan)
        if ok.any():
            adj[ok] = multipletests(p[ok], method="holm")[1]
        out.loc[idx, "p_holm"] = adj
    return out[cols]
