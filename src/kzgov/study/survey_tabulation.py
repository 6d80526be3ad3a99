"""Notebook ``02_survey_tabulation``: the two surveys of the study (Section 2, Tables 3–4).

The study surveyed civil servants (Table 3, Appendix I) and entrepreneurs (Table 4,
Appendix II) about public-private partnership (PPP) projects and published only the share
of respondents per answer option, each a whole percentage. This module holds what is
specific to that study, on top of the general methods of :mod:`kzgov.survey`:

* the printed tables (:func:`load_published`), the stated sample and survey modes
  (:func:`stated_sample`, :func:`stated_n`), the cross-group mapping of the two
  questionnaires (:func:`load_comparable`) and the packaged reconstructions
  (:func:`load_responses`, :func:`open_responses`, seed :data:`RECONSTRUCTION_SEED`);
* Tables 3 and 4 recomputed beside the printed values (:func:`reproduce_table`) and every
  consistency check of the published numbers as one report (:func:`consistency_report`);
* the three Spearman coefficients of the text, which cannot be recomputed: the
  respondent-level answers were not published and the item pairs are not named
  (:func:`spearman_claims`, :func:`option_indicator_correlations`,
  :func:`pairing_sensitivity` show what the published tables do and do not allow);
* the figure comparing the groups (:func:`plot_comparable`), the notebook's parameters
  (:data:`PARAMETERS`) and the audit checks of Section 2 and of the survey
  discussion (claims M01–M09, T3Q1–T4Q9, S01–S03).

References
----------
Abdullayev, A., Kadyrova, M. & Ydyrys, S. (2025). Modernization of the Local Government
System. Emerging Science Journal 9(3), Section 2, Tables 3–4, Appendices I–II.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kzgov import audit, data, survey
from kzgov.audit import Check, Claim
from kzgov.constraints import FilePath, Interval, Options, Parameter, Parameters, validate_params
from kzgov.errors import CodebookError, InfeasibleError, SurveyError, location

# the library's own helpers: the sum of each question, the questions of a printed table
from kzgov.survey import _check_sums, _published_questions

__all__ = [
    "GROUPS",
    "PARAMETERS",
    "RECONSTRUCTION_SEED",
    "TABLES",
    "consistency_report",
    "load_comparable",
    "load_published",
    "load_responses",
    "open_responses",
    "option_indicator_correlations",
    "pairing_sensitivity",
    "plot_comparable",
    "reproduce_table",
    "spearman_claims",
    "style_table",
    "stated_n",
    "stated_sample",
]

#: The two surveyed groups, in the order of the paper's tables.
GROUPS: tuple[str, ...] = ("civil_servants", "entrepreneurs")
#: The paper's table of each group.
TABLES: dict[str, str] = {"civil_servants": "Table 3", "entrepreneurs": "Table 4"}
#: Seed used by ``scripts/make_survey_reconstruction.py`` for the packaged reconstructions.
RECONSTRUCTION_SEED = 20250601

_GROUP = Parameter("group", [Options(str, GROUPS)])

_RESOURCE = {
    "comparable": "survey_comparable",
    "sample": "survey_sample",
    "spearman": "survey_spearman_text",
    "civil_servants": "table3_civil_servants",
    "entrepreneurs": "table4_entrepreneurs",
}
_RECONSTRUCTION = {
    "civil_servants": "survey_civil_servants",
    "entrepreneurs": "survey_entrepreneurs",
}


def load_comparable(
    path: str | Path | None = None, *, codebook: survey.Codebook | None = None
) -> pd.DataFrame:
    """Read the cross-group mapping of comparable questions and check it against the codebook.

    Each pair of questions has a ``pair_id`` and a ``status``: ``compared`` pairs list one row
    per mapped option (``option_civil_servants`` ↔ ``option_entrepreneurs``);
    ``not_compared`` pairs have one row with the ``rationale`` for not comparing them.

    Raises
    ------
    CodebookError
        A mapped question or option that the codebook does not define, an option mapped
        twice, or a compared pair that leaves an option of either question unmapped.
    """
    if path is None:
        frame = data.load(_RESOURCE["comparable"])
        source = "data/raw/paper/survey_comparable.csv"
    else:
        frame = data.read_table(path, like=_RESOURCE["comparable"])
        source = location(path)
    cb = codebook if codebook is not None else survey.load_codebook()
    for pid, sub in frame[frame["status"] == "compared"].groupby("pair_id", sort=False):
        for g, qcol, ocol in (
            ("civil_servants", "question_civil_servants", "option_civil_servants"),
            ("entrepreneurs", "question_entrepreneurs", "option_entrepreneurs"),
        ):
            qs = sub[qcol].unique()
            if len(qs) != 1:
                raise CodebookError(
                    f"{source}: pair {pid!r} maps more than one {g} question: {list(qs)}"
                )
            opts = cb.options(g, str(qs[0]))
            mapped = list(sub[ocol])
            unknown = [o for o in mapped if o not in opts]
            if unknown:
                raise CodebookError(
                    f"{source}: pair {pid!r}: option(s) {unknown} are not options of {g} "
                    f"question {qs[0]!r}; known: {opts}"
                )
            if len(set(mapped)) != len(mapped) or set(mapped) != set(opts):
                raise CodebookError(
                    f"{source}: pair {pid!r} must map every option of {g} question {qs[0]!r} "
                    f"exactly once; mapped {mapped}, options {opts}"
                )
    return frame


# =========================================================================== published tables
def load_published(group: str | None = None) -> pd.DataFrame:
    """The percentages printed in Table 3 (civil servants) and Table 4 (entrepreneurs).

    Parameters
    ----------
    group
        ``"civil_servants"``, ``"entrepreneurs"`` or ``None`` for both.

    Returns
    -------
    pandas.DataFrame
        ``location, group, question, question_number, option_code, option_order, label,
        printed, value, unit`` (``value`` in %, as printed).
    """
    if group is not None:
        _GROUP.check(group, caller="load_published")
    groups = GROUPS if group is None else (group,)
    frames = [data.load(_RESOURCE[g]) for g in groups]
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype(float)
    out["option_order"] = out["option_order"].astype(int)
    return out


def stated_sample() -> pd.DataFrame:
    """The stated sample sizes, fieldwork duration and mode shares (``survey_sample.csv``)."""
    return data.load(_RESOURCE["sample"])


def stated_n(group: str) -> int:
    """The stated number of respondents of ``group`` (80 civil servants, 60 entrepreneurs)."""
    _GROUP.check(group, caller="stated_n")
    s = stated_sample()
    row = s[(s["group"] == group) & (s["quantity"] == "n_respondents")]
    return int(row["value"].iloc[0])


def load_responses(group: str, *, codebook: survey.Codebook | None = None) -> pd.DataFrame:
    """The packaged reconstruction of ``group`` (``data/raw/reconstructions/…``).

    A reconstruction reproduces the published marginals exactly; the pairing of answers
    across questions is random (seed :data:`RECONSTRUCTION_SEED`) and carries no
    information. See :func:`kzgov.survey.reconstruct_responses`.

    Returns
    -------
    pandas.DataFrame
        As :func:`kzgov.survey.read_responses`; ``attrs["kind"] = "reconstruction"`` and
        ``attrs["source"]`` the packaged file.
    """
    _GROUP.check(group, caller="load_responses")
    frame = data.load(_RECONSTRUCTION[group])
    frame["respondent_id"] = frame["respondent_id"].astype(int)
    out = survey.read_responses(frame, group=group, codebook=codebook, id_column="respondent_id")
    out.attrs["source"] = f"data/raw/{data.resource(_RECONSTRUCTION[group])['path']}"
    out.attrs["kind"] = "reconstruction"
    return out


def open_responses(
    group: str,
    path: str | Path | None = None,
    *,
    codebook: survey.Codebook | None = None,
    id_column: str | None = "auto",
    ignore_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Respondent data of ``group``: the user's file at ``path``, or the packaged reconstruction.

    ``path=None`` returns :func:`load_responses` (``attrs["kind"] = "reconstruction"``);
    otherwise :func:`kzgov.survey.read_responses` (``attrs["kind"] = "user file"``), with its
    default ``ignore_columns`` unless given.
    """
    if path is None:
        return load_responses(group, codebook=codebook)
    extra = {} if ignore_columns is None else {"ignore_columns": ignore_columns}
    out = survey.read_responses(path, group=group, codebook=codebook, id_column=id_column, **extra)
    out.attrs["kind"] = "user file"
    return out


def reproduce_table(
    responses: pd.DataFrame,
    *,
    group: str | None = None,
    published: pd.DataFrame | None = None,
    codebook: survey.Codebook | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
) -> pd.DataFrame:
    """Table 3 or 4 recomputed from respondent-level data, beside the printed values.

    The recomputed percentage is rounded half up to the printed precision (whole %), as the
    table's; ``difference_pct`` = recomputed (rounded) − printed, in percentage points.

    Returns
    -------
    pandas.DataFrame
        ``group, question, option, label, printed, published_pct, count, n, recomputed_pct,
        recomputed_pct_exact, difference_pct, share, ci_low, ci_high, sim_ci_low,
        sim_ci_high``.
    """
    cb = codebook if codebook is not None else survey.load_codebook()
    g = group if group is not None else responses.attrs.get("group")
    _GROUP.check(g, caller="reproduce_table")
    pub = load_published(g) if published is None else published
    tab = survey.tabulate_all(responses, group=g, codebook=cb, confidence=confidence, method=method)
    merged = (
        pub[["question", "option_code", "label", "printed", "value"]]
        .rename(columns={"option_code": "option", "value": "published_pct"})
        .merge(tab, on=["question", "option"], how="outer", indicator=True)
    )
    if (merged["_merge"] != "both").any():
        odd = merged[merged["_merge"] != "both"][["question", "option"]].values.tolist()
        warnings.warn(
            f"options only in the published table or only in the data: {odd}",
            survey.SurveyWarning,
            stacklevel=2,
        )
    merged["group"] = g
    exact = 100 * merged["share"]
    merged["recomputed_pct_exact"] = exact
    merged["recomputed_pct"] = np.floor(exact + 0.5 + 1e-9)
    merged["difference_pct"] = merged["recomputed_pct"] - merged["published_pct"]
    cols = [
        "group",
        "question",
        "option",
        "label",
        "printed",
        "published_pct",
        "count",
        "n",
        "recomputed_pct",
        "recomputed_pct_exact",
        "difference_pct",
        "share",
        "ci_low",
        "ci_high",
        "sim_ci_low",
        "sim_ci_high",
    ]
    merged["_q"] = merged["question"].str.removeprefix("q").astype(int)
    merged = merged.sort_values(["_q", "option_order"], kind="stable")
    return merged[cols].reset_index(drop=True)


_SHOWN = ["question", "option", "printed", "published_pct", "count", "n", "recomputed_pct",
          "difference_pct", "ci_low", "ci_high", "sim_ci_low", "sim_ci_high"]
_HEADERS = {"published_pct": "published (%)", "count": "count (respondents)", "n": "n (respondents)",
            "recomputed_pct": "recomputed (%)", "difference_pct": "difference (pp)",
            "ci_low": "Wilson low (share)", "ci_high": "Wilson high (share)",
            "sim_ci_low": "Goodman low (share)", "sim_ci_high": "Goodman high (share)"}


def style_table(table: pd.DataFrame, responses: pd.DataFrame, *, confidence: float, uuid: str) -> Any:
    """A :func:`reproduce_table` result as the displayed table (a pandas Styler).

    Units go into the headers; percentages show whole, shares to three decimals. The
    caption names the paper's table and group (``table["group"]``) and the size and kind
    (``attrs["kind"]``) of ``responses``; the fixed ``uuid`` keeps the HTML the same on
    every run.
    """
    g = str(table["group"].iloc[0])
    whole = {_HEADERS[c]: "{:.0f}" for c in ("published_pct", "recomputed_pct", "difference_pct")}
    return (
        table[_SHOWN].rename(columns=_HEADERS).style.hide(axis="index")
        .format(whole, precision=3, na_rep="—")
        .set_caption(f"{TABLES[g]} ({g.replace('_', ' ')}, n = {len(responses)}): printed "
                     f"percentage against the one recomputed from respondent-level data "
                     f"({responses.attrs['kind']}), with {confidence:.0%} intervals of each share")
        .set_uuid(uuid)
    )


# =========================================================================== Spearman claims
#: What each printed Spearman coefficient could refer to, and why it cannot be recomputed.
_SPEARMAN_CANDIDATES: dict[str, dict[str, str]] = {
    "rho_goals": {
        "question": "q2",
        "candidates": (
            "civil servants Q2 'main goals and objectives' (five options: infrastructure, social "
            "security, environment, economic growth, innovation), either between two of its options "
            "or between Q2 and Q1 (project types, 'operational')"
        ),
    },
    "rho_methods": {
        "question": "q3",
        "candidates": (
            "civil servants Q3 'methods and tools' (methodology, software, monitoring systems): "
            "between two of its options"
        ),
    },
    "rho_challenges": {
        "question": "q4",
        "candidates": (
            "civil servants Q4 'challenges and problems' (financial, legal, political, staff): "
            "between two of its options"
        ),
    },
}
_WHY_NOT = (
    "Not reproducible: the respondent-level answers (the joint distribution of items) were not "
    "published and the item pairs are not named. The items are single-choice with nominal "
    "options, so a Spearman coefficient between 'preferences' is not defined by the "
    "questionnaire: between two options of one single-choice question it is fixed by the "
    "marginals (see option_indicator_correlations), and between two nominal questions it depends "
    "on the arbitrary order of the option codes."
)


@validate_params(
    {"n": [Interval(int, 1, None, closed="left")], "decimals": [Interval(int, 0, None, closed="left")]}
)
def option_indicator_correlations(
    published: pd.DataFrame, *, question: str, n: int, decimals: int = 0
) -> pd.DataFrame:
    r"""Correlation between the 0/1 indicators of two options of one single-choice question.

    In a single-choice question the options are mutually exclusive, so for options i, j
    with counts k_i, k_j out of n the indicators' Pearson correlation (which equals their
    Spearman correlation: ranks of a 0/1 variable are an affine function of it) is fixed by
    the marginals:

    .. math:: r_{ij} = -\sqrt{\frac{k_i k_j}{(n-k_i)(n-k_j)}}

    It is negative for every pair and does not depend on how respondents answered other
    questions; it is the same in every reconstruction.

    Returns
    -------
    pandas.DataFrame
        ``question, option_a, option_b, count_a, count_b, n, r``.
    """
    sel = [s for q, s in _published_questions(published) if q == question]
    if not sel:
        raise SurveyError(f"question {question!r} is not in the published table")
    sub = sel[0]
    counts = survey.counts_from_percentages(list(sub["value"]), n, decimals=decimals)
    codes = list(sub["option_code"])
    rows = []
    for (i, a), (j, b) in itertools.combinations(enumerate(codes), 2):
        ki, kj = counts[i], counts[j]
        den = (n - ki) * (n - kj)
        r = -math.sqrt(ki * kj / den) if den > 0 else float("nan")
        rows.append(
            {
                "question": question,
                "option_a": a,
                "option_b": b,
                "count_a": ki,
                "count_b": kj,
                "n": n,
                "r": r,
            }
        )
    return pd.DataFrame(rows)


def spearman_claims(published: pd.DataFrame | None = None, *, n: int | None = None) -> pd.DataFrame:
    """The three Spearman coefficients of the text and what the published tables say of them.

    For each printed coefficient: the candidate items, the range of the option-indicator
    correlations of the candidate question that the published marginals force
    (:func:`option_indicator_correlations`), and whether any of them equals the printed
    value at the printed precision.

    Returns
    -------
    pandas.DataFrame
        ``claim_id, location, printed, value, question, candidates, indicator_r_min,
        indicator_r_max, matching_pairs, reproducible, why``.
    """
    claims = data.load(_RESOURCE["spearman"])
    pub = load_published("civil_servants") if published is None else published
    n = stated_n("civil_servants") if n is None else n
    rows = []
    for _, c in claims.iterrows():
        cand = _SPEARMAN_CANDIDATES[c["claim_id"]]
        ind = option_indicator_correlations(pub, question=cand["question"], n=n)
        printed = str(c["printed"])
        places = len(printed.split(".")[1]) if "." in printed else 0
        match = ind[np.round(ind["r"], places) == float(c["value"])]
        rows.append(
            {
                "claim_id": c["claim_id"],
                "location": c["location"],
                "printed": printed,
                "value": float(c["value"]),
                "question": cand["question"],
                "candidates": cand["candidates"],
                "indicator_r_min": float(ind["r"].min()),
                "indicator_r_max": float(ind["r"].max()),
                "matching_pairs": "; ".join(
                    f"{a}–{b} ({r:.3f})"
                    for a, b, r in zip(
                        match["option_a"], match["option_b"], match["r"], strict=True
                    )
                ),
                "reproducible": False,
                "why": _WHY_NOT,
            }
        )
    return pd.DataFrame(rows)


@validate_params({"n": [Interval(int, 3, None, closed="left")]})
def pairing_sensitivity(
    published: pd.DataFrame,
    *,
    x: str,
    y: str,
    n: int,
    seeds: Iterable[int] = range(200),
    reconstruction: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How much a Spearman coefficient between two questions depends on the unknown pairing.

    Options are coded by their printed order (1, 2, …), as a naive analysis of nominal
    answers would. Reports: the value in ``reconstruction`` (if given); the same with the
    codes of ``y`` reversed (the sign flips: the order of nominal options is arbitrary);
    the attainable minimum and maximum over all pairings with the published marginals
    (anti- and co-monotone arrangements, :func:`scipy.stats.spearmanr`); and the 2.5 %,
    50 % and 97.5 % quantiles over reconstructions with ``seeds``.

    Returns
    -------
    pandas.DataFrame
        ``quantity, r`` (one row per quantity).
    """
    from scipy.stats import spearmanr

    qs = dict(_published_questions(published))
    for q in (x, y):
        if q not in qs:
            raise SurveyError(f"question {q!r} is not in the published table")

    def codes(q: str) -> tuple[np.ndarray, dict[str, int]]:
        sub = qs[q]
        order = {c: i + 1 for i, c in enumerate(sub["option_code"])}
        counts = survey.counts_from_percentages(list(sub["value"]), n)
        return np.repeat(np.arange(1, len(counts) + 1), counts), order

    vx, ox = codes(x)
    vy, oy = codes(y)
    rows = []
    if reconstruction is not None:
        rx = reconstruction[x].map(ox).to_numpy(float)
        ry = reconstruction[y].map(oy).to_numpy(float)
        rows.append(
            {
                "quantity": "reconstruction (printed option order)",
                "r": float(spearmanr(rx, ry).statistic),
            }
        )
        rows.append(
            {
                "quantity": f"reconstruction, order of {y} reversed",
                "r": float(spearmanr(rx, -ry).statistic),
            }
        )
    rows.append(
        {
            "quantity": "attainable minimum (antimonotone pairing)",
            "r": float(spearmanr(np.sort(vx), np.sort(vy)[::-1]).statistic),
        }
    )
    rows.append(
        {
            "quantity": "attainable maximum (comonotone pairing)",
            "r": float(spearmanr(np.sort(vx), np.sort(vy)).statistic),
        }
    )
    sims = []
    for s in seeds:
        rng = np.random.default_rng(s)
        sims.append(spearmanr(rng.permutation(vx), rng.permutation(vy)).statistic)
    if sims:
        q = np.quantile(np.asarray(sims, float), [0.025, 0.5, 0.975])
        for name, val in zip(("2.5%", "50%", "97.5%"), q, strict=True):
            rows.append(
                {
                    "quantity": f"random pairings ({len(sims)} seeds), {name} quantile",
                    "r": float(val),
                }
            )
    return pd.DataFrame(rows)


# =========================================================================== report
def _sig(x: float | None, digits: int = 10) -> float | None:
    """Round to ``digits`` significant digits (stable JSON across platforms)."""
    if x is None or not math.isfinite(x) or x == 0:
        return x
    return float(f"{x:.{digits - 1}e}")


def consistency_report(
    published: pd.DataFrame | None = None,
    *,
    codebook: survey.Codebook | None = None,
    n_max: int = 500,
    n_sim: int = 100_000,
    seed: int = 0,
) -> dict[str, Any]:
    """Every consistency check of the published survey numbers, as one JSON-able dict.

    Keys: ``stated_n``; ``sums`` (per group and question, and ``all_sum_to_100``);
    ``consistent_sample_sizes`` (per group: whether the stated n is consistent, the
    smallest consistent n, how many n ≤ ``n_max`` are, those ≤ 100); ``mode_split`` (75 % /
    25 % of 60); ``all_multiples_of_5`` (per group exact and Monte Carlo, and both tables
    together); ``wording_differences``; ``spearman_claims``.
    """
    cb = codebook if codebook is not None else survey.load_codebook()
    pub = load_published() if published is None else published
    sample = stated_sample()
    out: dict[str, Any] = {
        "stated_n": {},
        "sums": {},
        "consistent_sample_sizes": {},
        "all_multiples_of_5": {},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", survey.SurveyWarning)
        sums = _check_sums(pub)
    log10_total = 0.0
    for g in GROUPS:
        n = stated_n(g)
        out["stated_n"][g] = n
        sub = pub[pub["group"] == g]
        qs = [list(s["value"]) for _, s in _published_questions(sub)]
        gs = sums[sums["group"] == g]
        out["sums"][g] = {q: float(t) for q, t in zip(gs["question"], gs["total"], strict=True)}
        ns = survey.consistent_sample_sizes(qs, n_max=n_max)
        out["consistent_sample_sizes"][g] = {
            "stated_n": n,
            "stated_n_consistent": n in ns,
            "smallest": ns[0] if ns else None,
            "n_max": n_max,
            "count_up_to_n_max": len(ns),
            "up_to_100": [m for m in ns if m <= 100],
        }
        exact = survey.prob_all_multiples(qs, n=n)
        mc = survey.prob_all_multiples(qs, n=n, method="monte_carlo", n_sim=n_sim, seed=seed)
        log10_total += exact.log10_probability
        out["all_multiples_of_5"][g] = {
            "n": n,
            "exact_probability": _sig(exact.probability),
            "exact_log10_probability": _sig(exact.log10_probability),
            "exact_per_question": [_sig(p) for p in exact.per_question],
            "monte_carlo_per_question": [_sig(p) for p in mc.per_question],
            "monte_carlo_se_per_question": [_sig(p) for p in mc.se_per_question or ()],
            "monte_carlo_table_probability": _sig(mc.probability),
            "monte_carlo_n_sim": n_sim,
            "monte_carlo_seed": seed,
        }
    out["sums"]["all_sum_to_100"] = bool(sums["sums_to_100"].all())
    out["all_multiples_of_5"]["both_tables_log10_probability"] = _sig(log10_total)
    out["all_multiples_of_5"]["null"] = (
        "counts of each question ~ Multinomial(stated n, printed shares), questions and tables "
        "independent; percentages rounded half up to whole %"
    )
    mode = sample[sample["quantity"].isin(["share_online", "share_offline"])]
    n_en = stated_n("entrepreneurs")
    shares = list(mode["value"])
    try:
        counts: list[int] | None = list(survey.counts_from_percentages(shares, n_en))
    except (InfeasibleError, SurveyError):
        counts = None
    out["mode_split"] = {
        "group": "entrepreneurs",
        "n": n_en,
        "printed": list(mode["printed"]),
        "qualifier": str(mode["qualifier"].iloc[0] or ""),
        "counts": counts,
        "consistent": counts is not None,
    }
    diff = cb.differences()
    out["wording_differences"] = diff[
        ["group", "question", "option_code", "what", "table", "appendix"]
    ].to_dict("records")
    claims = spearman_claims(pub[pub["group"] == "civil_servants"], n=stated_n("civil_servants"))
    out["spearman_claims"] = [
        {
            "claim_id": r["claim_id"],
            "printed": r["printed"],
            "question": r["question"],
            "indicator_r_min": _sig(r["indicator_r_min"]),
            "indicator_r_max": _sig(r["indicator_r_max"]),
            "matching_pairs": r["matching_pairs"],
            "reproducible": bool(r["reproducible"]),
        }
        for _, r in claims.iterrows()
    ]
    return out


# =========================================================================== figure
def plot_comparable(
    tables: Mapping[str, pd.DataFrame],
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "",
    caption_text: str = "",
    confidence: float = 0.95,
) -> Any:
    """Side-by-side shares with intervals for one comparable question.

    Parameters
    ----------
    tables
        ``{group label: tabulate(...) frame}``; the options should coincide (use the
        civil-servant codes for both, as the mapping does).
    labels
        Option code → text for the axis.
    title, caption_text
        Figure title and caption (name the data source).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    import textwrap

    import seaborn as sns

    options = list(dict.fromkeys(o for t in tables.values() for o in t["option"]))
    fig, ax = plt.subplots(figsize=(10, 1.1 * len(options) + 1.8))
    colors = sns.color_palette(plots._PALETTE, len(tables))
    height = 0.8 / max(len(tables), 1)
    top = 0.0
    for i, (name, t) in enumerate(tables.items()):
        t = t.set_index("option").reindex(options)
        pos = np.arange(len(options)) + (i - (len(tables) - 1) / 2) * height
        share = 100 * t["share"].to_numpy(float)
        low, high = 100 * t["ci_low"].to_numpy(float), 100 * t["ci_high"].to_numpy(float)
        top = max(top, float(np.nanmax(high)))
        err = np.vstack([share - low, high - share])
        ax.barh(
            pos,
            share,
            height=height * 0.9,
            color=colors[i],
            label=f"{name} (n={t['count'].sum():.0f})",
        )
        ax.errorbar(share, pos, xerr=err, fmt="none", ecolor="0.2", capsize=3, lw=1)
    ax.set_yticks(np.arange(len(options)))
    ax.set_yticklabels([textwrap.fill((labels or {}).get(o, o), 32) for o in options], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(f"share of respondents, % (whiskers: {confidence:.0%} intervals)")
    ax.set_xlim(0, min(100.0, 10 * math.ceil(top / 10) + 5))
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    if caption_text:
        plots.caption(fig, caption_text)
    return fig


# =========================================================================== notebook
#: The parameters of ``notebooks/02_survey_tabulation``.
PARAMETERS = Parameters(
    "02_survey_tabulation",
    Parameter(
        "civil_servants_path",
        [FilePath(), None],
        help="respondent file of the civil servants (codes or option texts, see "
        "kzgov.survey.read_responses); None: the packaged reconstruction",
    ),
    Parameter(
        "entrepreneurs_path",
        [FilePath(), None],
        help="respondent file of the entrepreneurs; None: the packaged reconstruction",
    ),
    Parameter(
        "codebook_path",
        [FilePath(), None],
        help="codebook CSV; None: data/raw/paper/survey_codebook.csv",
    ),
    Parameter(
        "confidence",
        [Interval(float, 0, 1, closed="neither")],
        help="confidence level of the intervals",
    ),
)


# =========================================================================== audit checks
audit.unverifiable("M03", reason="the survey's fieldwork dates are not published; nothing to check")
audit.unverifiable(
    "M09",
    reason="the 'official reports and statistical bulletins' are not listed, so their period "
    "cannot be checked",
)
audit.unverifiable(
    "S03",
    reason="the two questionnaires ask no comparable question about the state's support for "
    "business (see the codebook's cross-group mapping), so the groups cannot be compared on it",
)

#: Claim -> group whose stated n it checks.
_STATED_N_CLAIMS = {"M01": "civil_servants", "M02": "entrepreneurs"}
#: Largest n searched for the sample sizes consistent with a table (the audit's note).
_N_MAX_NOTE = 100
#: Claim -> quantity of ``survey_sample.csv`` (the stated survey modes).
_MODE_CLAIMS = {"M04": "share_online", "M05": "share_offline"}
#: Claim prefix -> group (Table 3: civil servants, Table 4: entrepreneurs).
_QUESTION_SUM_PREFIX = {"T3Q": "civil_servants", "T4Q": "entrepreneurs"}
#: Claim -> Spearman claim of ``survey_spearman_text.csv``.
_SPEARMAN_CLAIMS = {"M06": "rho_goals", "M07": "rho_methods", "M08": "rho_challenges"}
#: "Most" of the respondents: more than this share.
_MAJORITY = 0.5


@audit.register(*_STATED_N_CLAIMS, rule="predicate")
def _check_stated_n(c: Claim) -> Check:
    """The stated n is among the sample sizes consistent with every printed share."""
    group = _STATED_N_CLAIMS[c.id]
    pub = load_published(group)
    questions = [q["value"].tolist() for _, q in pub.groupby("question", sort=True)]
    consistent = survey.consistent_sample_sizes(questions, decimals=0, n_max=_N_MAX_NOTE)
    n = stated_n(group)
    ok = n in consistent
    step = math.gcd(*(int(v) for v in pub["value"]))
    note = (
        f"internal consistency: every printed share of the table is a whole count at n={n} "
        f"(n ≤ {_N_MAX_NOTE} consistent with all {len(questions)} questions: {consistent}); "
        f"every printed share is a multiple of {step}, see notebook 02 for how unlikely that "
        "is at this n"
    )
    return Check("reproduced" if ok else "discrepancy", float(n), note)


@audit.register(*_MODE_CLAIMS, rule="printed_precision")
def _check_mode_split(c: Claim) -> Check:
    """The stated survey modes of the entrepreneurs: whole numbers of respondents."""
    n = stated_n("entrepreneurs")
    sample = stated_sample()
    mode = sample[sample["quantity"].isin(list(_MODE_CLAIMS.values()))]
    try:
        whole = survey.counts_from_percentages(list(mode["value"]), n)
    except (InfeasibleError, SurveyError) as exc:
        return Check("discrepancy", None, f"no whole numbers of the {n} entrepreneurs: {exc}")
    count = dict(zip(mode["quantity"], whole, strict=True))[_MODE_CLAIMS[c.id]]
    return audit.compare(
        c,
        100.0 * count / n,
        how=f"{count} of the {n} entrepreneurs (a whole number of respondents)",
    )


def _check_question_sum(c: Claim) -> Check:
    """The printed shares of one question of Table 3 or 4 add up to 100 %."""
    group = _QUESTION_SUM_PREFIX[c.id[:3]]
    question = "q" + c.id[3:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", survey.SurveyWarning)
        sums = _check_sums(load_published())
    row = sums[(sums["group"] == group) & (sums["question"] == question)].iloc[0]
    return audit.compare(
        c,
        float(row["total"]),
        how=f"sum of the {int(row['n_options'])} printed shares of {group} {question}",
    )


audit.register(
    *[f"T3Q{q}" for q in range(1, 9)], *[f"T4Q{q}" for q in range(1, 10)], rule="internal_sum"
)(_check_question_sum)


@audit.register(*_SPEARMAN_CLAIMS, rule="not_reproducible")
def _check_spearman(c: Claim) -> Check:
    """The three Spearman coefficients: not reproducible; what the marginals force."""
    row = spearman_claims().set_index("claim_id").loc[_SPEARMAN_CLAIMS[c.id]]
    pairs = row["matching_pairs"] or "none"
    note = (
        "not published: the respondent-level answers of the civil-servant survey and the item "
        f"pairs the coefficient refers to. Read as between two options of {row['question']}, "
        f"the printed shares force rho into [{row['indicator_r_min']:.2f}, "
        f"{row['indicator_r_max']:.2f}]; option pairs matching at the printed precision: "
        f"{pairs}"
    )
    return Check("not_reproducible", None, note)


def _tabulate_civil_servants(question: str) -> pd.DataFrame:
    """A question of the packaged civil-servant responses, every option listed, by option."""
    cb = survey.load_codebook()
    return survey.tabulate(
        load_responses("civil_servants", codebook=cb), question, codebook=cb, zeros=True
    ).set_index("option")


@audit.register("S01", rule="predicate")
def _check_most_appreciate(c: Claim) -> Check:
    """'Most of the respondents highly appreciate the effectiveness of cooperation' (Q7).

    Rule: more than half of the civil servants answered 'very effective'.
    """
    tab = _tabulate_civil_servants("q7")
    very = float(tab.loc["very_effective", "share"])
    lo, hi = float(tab.loc["very_effective", "ci_low"]), float(tab.loc["very_effective", "ci_high"])
    both = very + float(tab.loc["effective_enough", "share"])
    ok = very > _MAJORITY
    covers = "includes" if lo <= _MAJORITY <= hi else "excludes"
    note = (
        f"{TABLES['civil_servants']} Q7: 'very effective' {very:.0%} "
        f"({tab.attrs['confidence']:.0%} Wilson CI {lo:.0%}–{hi:.0%} at n={tab.attrs['n']}, "
        f"which {covers} {_MAJORITY:.0%}), 'very' or 'effective enough' {both:.0%}: "
        + ("a majority as printed" if ok else "no majority as printed")
    )
    return Check("reproduced" if ok else "discrepancy", 100 * very, note)


@audit.register("S02", rule="predicate")
def _check_need_financing(c: Claim) -> Check:
    """'The need for additional financial resources ... noted by a significant number' (Q8).

    Rule: the financing option is the most chosen answer of the civil servants' Q8.
    """
    tab = _tabulate_civil_servants("q8")
    top = tab["share"].idxmax()
    share = float(tab["share"].max())
    ok = "financ" in top
    note = (
        f"{TABLES['civil_servants']} Q8: the most chosen option is {top!r} with {share:.0%} of "
        f"{tab.attrs['n']} respondents"
    )
    return Check("reproduced" if ok else "discrepancy", 100 * share, note)
