"""Notebook ``04_ppp_projects``: public–private partnership (PPP) projects, Figures 4–8.

The study prints a few numbers from its PPP figures (Section 3, "adopted from [44]" and
"[45]"): project counts for five regions (Figure 4), the local/national split (Figure 6),
the status shares for 2024 (Figure 7) and the smallest and largest contract amounts of
2015–2023 (Figure 8). Figure 5 (projects by industry) prints no number. This module

* reads those transcriptions (``data/raw/paper/figure{4,6,7,8}_*.csv``) and recomputes
  what the printed numbers themselves determine: the ranking of the five regions against
  the text's claims, whether the shares add up to 100 %, whether the repeated 56 % agrees;
* cross-checks them against the official national totals
  (``data/raw/official/ppp_aggregates.csv``), comparing **only** what both sources define
  alike: the local/national split of PPP contracts and the share terminated.

Sources and dates
-----------------
* The study: projects of 2015–2023 (Figures 4, 6, 8), statuses "for 2024" (Figure 7).
  The denominators of its shares are not stated.
* Official: 565 contracts as of 2019-07-01 (9 national, 556 local; Vice Minister of
  National Economy, 2019-07-22) and 1,257 contracts as of 2026-01-01 (17 national, 1,240
  local; 697 active, 411 completed, 149 terminated; PPP Center, 2026-02-25).

Intervals and tests
-------------------
A printed whole percentage ``v`` stands for any share in ``[v − 0.5, v + 0.5]`` (its
rounding interval). The official counts are complete counts, not samples, so the share
``k/n`` is exact; the binomial interval and test reported beside it treat the official
contracts as draws from the process that generates contracts (a super-population view)
and answer: *could a share as printed have produced the official count?* ``p_val`` tests
the printed value, ``p_val_rounding`` the value of the rounding interval nearest to the
official share (1 when the official share lies inside it).

References
----------
Abdullayev, A., Kadyrova, M. & Ydyrys, S. (2025). Modernization of the Local Government
System. Emerging Science Journal 9(3), Section 3, Figures 4–8.

The audit checks of these figures (claims F4a–F8d, C07, C10, C11, R07) are registered
here, each with its rule, and recompute what they check from the functions above.

Examples
--------
>>> from kzgov.study import ppp_projects
>>> ppp_projects.status_shares()["value"].sum()   # distinct statuses of Figure 7
np.float64(100.0)
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import audit, data, regions
from kzgov.audit import Check, Claim
from kzgov.constraints import Interval, Options, Parameter, Parameters, validate_params

__all__ = [
    "CHECK_COLUMNS",
    "CI_METHODS",
    "FIGURE5_NOTE",
    "PAPER_PERIOD",
    "PAPER_STATUS_DATE",
    "PARAMETERS",
    "checks",
    "contract_amounts",
    "level_shares",
    "official_crosscheck",
    "official_totals",
    "plot_crosscheck",
    "plot_region_counts",
    "plot_status_shares",
    "ranking_claims",
    "region_counts",
    "rounding_interval",
    "source_dates",
    "status_shares",
]

CiMethod = Literal["wilson", "beta", "agresti_coull", "jeffreys"]
CI_METHODS: tuple[str, ...] = ("wilson", "beta", "agresti_coull", "jeffreys")

FIGURE5_NOTE = (
    "Figure 5 (PPP projects by industry, 2024) prints no numbers; the text only says that "
    "most projects are social facilities (canteens, medical organisations, kindergartens, "
    "sports facilities). Nothing can be recomputed or drawn."
)

PAPER_PERIOD = "2015-2023"
PAPER_STATUS_DATE = "statuses for 2024"

#: Columns of ``data/processed/ppp_checks.csv`` (see :func:`checks`).
CHECK_COLUMNS = [
    "check",
    "figure",
    "quantity",
    "unit",
    "paper_date",
    "paper_printed",
    "paper_value",
    "paper_low",
    "paper_high",
    "recomputed",
    "difference",
    "official_as_of",
    "official_count",
    "official_total",
    "official_value",
    "ci_low",
    "ci_high",
    "p_val",
    "p_val_rounding",
    "holds",
    "note",
]

# statuses of Figure 7 that imply a signed contract (the official counts are of contracts)
_CONTRACT_STATUSES = ("implementation", "terminated", "expired")


# --------------------------------------------------------------------------- validation
_CONFIDENCE = [Interval(float, 0, 1, closed="neither")]
_METHOD = [Options(str, CI_METHODS)]


@validate_params({"decimals": [Interval(int, 0, None, closed="left")]})
def rounding_interval(value: float, *, decimals: int = 0) -> tuple[float, float]:
    """Interval of true values that round to ``value`` at ``decimals`` decimals.

    ``[value − h, value + h]`` with ``h = 0.5 · 10^−decimals`` (closed at both ends, so that
    either rounding rule for ties is covered).

    Examples
    --------
    >>> rounding_interval(98)
    (97.5, 98.5)
    """
    h = 0.5 * 10.0 ** (-decimals)
    return (float(value) - h, float(value) + h)


# --------------------------------------------------------------------------- Figure 4
def region_counts() -> pd.DataFrame:
    """Figure 4: the five printed project counts, with region codes and ranks.

    Returns
    -------
    pandas.DataFrame
        One row per printed region: ``order_in_text``, ``label`` (as printed),
        ``region_code`` (resolved by :func:`kzgov.regions.resolve`), ``name_en``,
        ``kind`` (oblast or city), ``created`` (year the unit was created, if within or
        after 2015), ``projects`` (the printed count), ``rank`` (1 = largest among the
        printed counts) and ``exists_throughout`` (whether the unit existed in all of
        2015–2023; Turkestan and Shymkent date from 2018, Abai from 2022, so their
        2015–2023 counts either cover fewer years or were re-attributed to today's
        boundaries — the paper does not say which).
    """
    raw = data.load("figure4_ppp_projects_by_region")
    out = raw[["order_in_text", "label"]].copy()
    out["region_code"] = regions._resolve_many(raw["label"])
    reg = [regions.get(c) for c in out["region_code"]]
    out["name_en"] = [r.name_en for r in reg]
    out["kind"] = [r.kind for r in reg]
    out["created"] = pd.array([r.created for r in reg], dtype="Int64")
    out["projects"] = raw["value"].astype(int)
    out["rank"] = out["projects"].rank(ascending=False, method="min").astype(int)
    out["exists_throughout"] = [r.exists_in(2015) and r.exists_in(2023) for r in reg]
    out.attrs["source"] = "data/raw/paper/figure4_ppp_projects_by_region.csv"
    return out.sort_values("order_in_text").reset_index(drop=True)


def ranking_claims(counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Test the text's claims about Figure 4 against its own printed counts.

    Claims (only the five printed counts are known; Figure 4 shows more regions whose
    numbers are not printed, so "largest" can be judged only among these five):

    ``largest_is_vko``
        "the largest number of projects … in the East Kazakhstan region – 265": is VKO
        the largest printed count?
    ``text_order_descending``
        the sentence lists the regions as the "largest"; are they listed in descending
        order?
    ``turkestan_vko_top_two``
        "Turkestan and East Kazakhstan regions are leading in the number of initiatives"
        (after Table 6, claims C07/C11): are TRK and VKO the two largest printed counts?
    ``turkestan_vko_top_two_oblasts``
        the same, counting oblasts only (leaving out the cities Astana and Shymkent).

    Returns
    -------
    pandas.DataFrame
        Columns ``claim``, ``holds`` (bool) and ``detail``.
    """
    c = region_counts() if counts is None else counts
    by_size = c.sort_values(["projects", "order_in_text"], ascending=[False, True])
    top = by_size.iloc[0]
    listed = c.sort_values("order_in_text")["projects"].to_list()
    top2 = set(by_size["region_code"].head(2))
    obl = by_size[by_size["kind"] == "oblast"]
    top2_obl = set(obl["region_code"].head(2))
    rank = dict(zip(c["region_code"], c["rank"], strict=True))
    cnt = dict(zip(c["region_code"], c["projects"], strict=True))
    rows = [
        {
            "claim": "largest_is_vko",
            "holds": bool(top["region_code"] == "VKO"),
            "detail": f"largest printed count: {top['label']} {int(top['projects'])}",
        },
        {
            "claim": "text_order_descending",
            "holds": bool(all(a >= b for a, b in zip(listed, listed[1:], strict=False))),
            "detail": "order in text: " + ", ".join(str(v) for v in listed),
        },
        {
            "claim": "turkestan_vko_top_two",
            "holds": top2 == {"TRK", "VKO"},
            "detail": (
                f"two largest printed: {', '.join(by_size['label'].head(2))}; "
                f"Turkistan region ranks {rank.get('TRK')} ({cnt.get('TRK')} vs Shymkent "
                f"{cnt.get('SHM')})"
            ),
        },
        {
            "claim": "turkestan_vko_top_two_oblasts",
            "holds": top2_obl == {"TRK", "VKO"},
            "detail": "two largest printed oblasts: " + ", ".join(obl["label"].head(2)),
        },
    ]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Figures 6–8
def level_shares() -> pd.DataFrame:
    """Figure 6 and its later repetitions: the shares of local and national projects.

    Returns
    -------
    pandas.DataFrame
        The transcription (``location``, ``level``, ``label``, ``printed``, ``value`` in %)
        with ``paper_low``/``paper_high``, the rounding interval of each printed share.
    """
    df = data.load("figure6_project_level")
    lohi = [rounding_interval(v) for v in df["value"]]
    df["paper_low"] = [lo for lo, _ in lohi]
    df["paper_high"] = [hi for _, hi in lohi]
    return df


def status_shares() -> pd.DataFrame:
    """Figure 7: one row per distinct status, with both mentions of the repeated share.

    Returns
    -------
    pandas.DataFrame
        ``status``, ``value`` (%, first mention), ``mentions`` (how many times printed),
        ``all_mentions_equal`` (bool), ``printed`` (the mentions, ``; ``-joined),
        ``paper_low``/``paper_high`` (rounding interval), in the order printed.
    """
    raw = data.load("figure7_project_status")
    order = list(dict.fromkeys(raw["status"]))
    rows = []
    for status in order:
        g = raw[raw["status"] == status].sort_values("mention")
        v = float(g["value"].iloc[0])
        lo, hi = rounding_interval(v)
        rows.append(
            {
                "status": status,
                "value": v,
                "mentions": len(g),
                "all_mentions_equal": bool((g["value"] == v).all()),
                "printed": "; ".join(g["printed"]),
                "paper_low": lo,
                "paper_high": hi,
            }
        )
    return pd.DataFrame(rows)


def contract_amounts() -> pd.DataFrame:
    """Figure 8: the smallest and largest contract amounts, as printed (unit not stated).

    Not reproducible: recomputing them needs the contract-level PPP register (amount,
    unit and year of each contract, 2015–2023), which the study does not publish; the
    yearly contract counts drawn in Figure 8 are not printed either.

    Returns
    -------
    pandas.DataFrame
        ``quantity``, ``printed``, ``value``, ``unit`` ("not stated"), ``year``, and
        ``max_over_min`` (the ratio of the two printed amounts, same on both rows).
    """
    df = data.load("figure8_contracts")
    vals = dict(zip(df["quantity"], df["value"], strict=True))
    df = df[["quantity", "label", "printed", "value", "unit", "year"]].copy()
    df["max_over_min"] = vals["maximum_amount"] / vals["minimum_amount"]
    return df


# --------------------------------------------------------------------------- official
def official_totals() -> pd.DataFrame:
    """The official national counts (``data/raw/official/ppp_aggregates.csv``), by date."""
    df = data.load("ppp_aggregates").sort_values("as_of").reset_index(drop=True)
    df["as_of"] = df["as_of"].dt.strftime("%Y-%m-%d")
    df["published"] = df["published"].dt.strftime("%Y-%m-%d")
    return df


def _binom_row(
    k: int, n: int, paper: float, lo: float, hi: float, *, confidence: float, method: str
) -> dict[str, float]:
    from scipy.stats import binomtest
    from statsmodels.stats.proportion import proportion_confint

    share = k / n
    ci_low, ci_high = proportion_confint(k, n, alpha=1 - confidence, method=method)
    p_val = binomtest(k, n, paper / 100).pvalue
    nearest = min(max(100 * share, lo), hi)
    p_round = 1.0 if lo <= 100 * share <= hi else binomtest(k, n, nearest / 100).pvalue
    return {
        "official_value": 100 * share,
        "ci_low": 100 * float(ci_low),
        "ci_high": 100 * float(ci_high),
        "p_val": float(p_val),
        "p_val_rounding": float(p_round),
    }


@validate_params({"confidence": _CONFIDENCE, "method": _METHOD})
def official_crosscheck(
    *, confidence: float = 0.95, method: CiMethod = "wilson"
) -> pd.DataFrame:
    """Compare the study's shares with the official national counts.

    Only quantities that both sources define alike are compared: the shares of local and
    national PPP contracts (Figure 6; official 2019-07-01 and 2026-01-01) and the share
    terminated (Figure 7; official 2026-01-01 only — the 2019 report gives no status).

    The study's terminated share (7 %) is of *all* projects, including the planned (4 %)
    and those in competition (9 %), which have no contract yet; the official share is of
    contracts. So it is compared twice: as printed, and recomputed over the statuses
    that imply a contract (being implemented, terminated, expired), ``7 / (56 + 7 + 24)``,
    whose rounding interval comes from interval arithmetic on the printed whole
    percentages.

    Parameters
    ----------
    confidence
        Level of the interval for the official share, in (0, 1).
    method
        Binomial interval of :func:`statsmodels.stats.proportion.proportion_confint`.

    Returns
    -------
    pandas.DataFrame
        One row per (quantity, official date): ``quantity``, ``paper_date``,
        ``paper_printed``, ``paper_value`` (%), ``paper_low``/``paper_high`` (rounding
        interval), ``official_as_of``, ``official_count``, ``official_total``,
        ``official_value`` (%), ``difference`` (official − paper, percentage points),
        ``within_rounding`` (bool), ``ci_low``/``ci_high`` (%), ``p_val``,
        ``p_val_rounding``, ``note``.
    """
    confidence = float(confidence)
    off = official_totals()
    lvl = level_shares()
    fig6 = lvl[lvl["location"].str.contains("under Figure 6")].set_index("level")
    st = status_shares().set_index("status")
    rows: list[dict[str, Any]] = []

    def add(quantity, paper_date, paper, as_of, k, n, note):
        # paper: the printed share with its rounding interval (printed, value, paper_low, paper_high)
        printed, value = paper["printed"], float(paper["value"])
        lo, hi = float(paper["paper_low"]), float(paper["paper_high"])
        r = {
            "quantity": quantity,
            "paper_date": paper_date,
            "paper_printed": printed,
            "paper_value": value,
            "paper_low": lo,
            "paper_high": hi,
            "official_as_of": as_of,
            "official_count": int(k),
            "official_total": int(n),
        }
        r.update(_binom_row(int(k), int(n), value, lo, hi, confidence=confidence, method=method))
        r["difference"] = r["official_value"] - value
        r["within_rounding"] = bool(lo <= r["official_value"] <= hi)
        r["note"] = note
        rows.append(r)

    for _, o in off.iterrows():
        n = o["contracts_total"]
        for level, col in (("local", "contracts_local_level"), ("national", "contracts_national_level")):
            if pd.isna(o[col]) or pd.isna(n):
                continue
            add(
                f"{level}_share",
                PAPER_PERIOD,
                fig6.loc[level],
                o["as_of"],
                o[col],
                n,
                "paper: projects, denominator not stated; official: PPP contracts "
                "(national + local = total)",
            )
        if pd.isna(o["contracts_terminated"]):
            continue
        add(
            "terminated_share",
            PAPER_STATUS_DATE,
            st.loc["terminated"],
            o["as_of"],
            o["contracts_terminated"],
            n,
            "paper: share of all projects incl. planned and in competition; official: "
            "share of contracts (active + completed + terminated = total)",
        )
        vals = st.loc[list(_CONTRACT_STATUSES), "value"].astype(float)
        term = float(vals["terminated"])
        others = float(vals.drop("terminated").sum())
        recomputed = 100 * term / (term + others)
        lo = 100 * (term - 0.5) / (term - 0.5 + others + 1.0)
        hi = 100 * (term + 0.5) / (term + 0.5 + others - 1.0)
        add(
            "terminated_share_of_contract_statuses",
            PAPER_STATUS_DATE,
            {"printed": "7% / (56% + 7% + 24%)", "value": recomputed, "paper_low": lo, "paper_high": hi},
            o["as_of"],
            o["contracts_terminated"],
            n,
            "paper recomputed over the statuses that imply a contract (implementation, "
            "terminated, expired); interval by interval arithmetic on the rounded shares",
        )
    return pd.DataFrame(rows)


def source_dates() -> pd.DataFrame:
    """The date each compared source refers to."""
    off = official_totals()
    rows = [
        {
            "source": "study, Figures 4, 6, 8",
            "refers_to": PAPER_PERIOD,
            "published": "2025",
            "what": "PPP projects (denominator not stated)",
        },
        {
            "source": "study, Figure 7",
            "refers_to": "projects of 2015-2023, statuses for 2024",
            "published": "2025",
            "what": "PPP projects by status (denominator not stated)",
        },
    ]
    for _, o in off.iterrows():
        rows.append(
            {
                "source": "official (" + str(o["source_url"]).split("/")[2] + ")",
                "refers_to": o["as_of"],
                "published": o["published"],
                "what": f"PPP contracts, national total {int(o['contracts_total'])}",
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- all checks
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def _figure4_rows() -> list[dict[str, Any]]:
    """Position in the text against rank by count, and the ranking claims (Figure 4)."""
    counts = region_counts()
    rows: list[dict[str, Any]] = [
        {
            "check": f"fig4_rank_{r['region_code']}",
            "figure": "Figure 4",
            "quantity": f"position of {r['label']} ({int(r['projects'])} projects) "
            "in the text vs rank by printed count",
            "unit": f"rank among {len(counts)} printed",
            "paper_date": PAPER_PERIOD,
            "paper_printed": str(int(r["projects"])),
            "paper_value": float(r["order_in_text"]),
            "recomputed": float(r["rank"]),
            "holds": bool(r["order_in_text"] == r["rank"]),
            "note": ""
            if r["exists_throughout"]
            else f"{r['name_en']} was created in {int(r['created'])}; the paper does not "
            f"say how its {PAPER_PERIOD} count treats earlier years",
        }
        for _, r in counts.iterrows()
    ]
    rows += [
        {
            "check": f"fig4_{c['claim']}",
            "figure": "Figure 4",
            "quantity": c["claim"],
            "unit": "",
            "paper_date": PAPER_PERIOD,
            "holds": bool(c["holds"]),
            "note": c["detail"] + f" (only {len(counts)} regions' counts are printed)",
        }
        for _, c in ranking_claims(counts).iterrows()
    ]
    return rows


def _figure6_rows() -> list[dict[str, Any]]:
    """Local + national = 100 %, and each later repetition of the local share (Figure 6)."""
    lvl = level_shares()
    fig6 = lvl[lvl["location"].str.contains("under Figure 6")]
    total = float(fig6["value"].sum())
    rows: list[dict[str, Any]] = [
        {
            "check": "fig6_sum",
            "figure": "Figure 6",
            "quantity": "local + national share",
            "unit": "%",
            "paper_date": PAPER_PERIOD,
            "paper_printed": " + ".join(fig6["printed"]),
            "paper_value": 100.0,
            "recomputed": total,
            "difference": total - 100.0,
            "holds": bool(abs(total - 100.0) < 1e-9),
        }
    ]
    local = float(fig6.loc[fig6["level"] == "local", "value"].iloc[0])
    for i, (_, r) in enumerate(lvl[~lvl.index.isin(fig6.index)].iterrows(), start=1):
        rows.append(
            {
                "check": f"fig6_repeat_{i}",
                "figure": "Figure 6",
                "quantity": f"local share repeated ({r['location']})",
                "unit": "%",
                "paper_date": PAPER_PERIOD,
                "paper_printed": r["printed"],
                "paper_value": float(r["value"]),
                "recomputed": local,
                "difference": local - float(r["value"]),
                "holds": bool(float(r["value"]) == local),
                "note": "'Up to' qualifies the share" if "Up to" in r["printed"] else "",
            }
        )
    return rows


def _figure7_rows() -> list[dict[str, Any]]:
    """Each status share, their sum with and without the repeated mention (Figure 7)."""
    st = status_shares()
    rows: list[dict[str, Any]] = [
        {
            "check": f"fig7_{r['status']}",
            "figure": "Figure 7",
            "quantity": f"share {r['status']}",
            "unit": "%",
            "paper_date": PAPER_STATUS_DATE,
            "paper_printed": r["printed"],
            "paper_value": float(r["value"]),
            "paper_low": float(r["paper_low"]),
            "paper_high": float(r["paper_high"]),
            "note": ""
            if r["mentions"] == 1
            else "printed twice" if r["mentions"] == 2 else f"printed {r['mentions']} times",
        }
        for _, r in st.iterrows()
    ]
    s = float(st["value"].sum())
    rows.append(
        {
            "check": "fig7_sum",
            "figure": "Figure 7",
            "quantity": "sum of the distinct status shares",
            "unit": "%",
            "paper_date": PAPER_STATUS_DATE,
            "paper_value": 100.0,
            "paper_low": float(st["paper_low"].sum()),
            "paper_high": float(st["paper_high"].sum()),
            "recomputed": s,
            "difference": s - 100.0,
            "holds": bool(abs(s - 100.0) < 1e-9),
        }
    )
    raw7 = data.load("figure7_project_status")
    s_all = float(raw7["value"].sum())
    repeat = raw7[raw7["mention"] > 1].iloc[0]
    rows.append(
        {
            "check": "fig7_sum_counting_repeat",
            "figure": "Figure 7",
            "quantity": f"sum of every printed share, the repeated {repeat['printed']} counted twice",
            "unit": "%",
            "paper_date": PAPER_STATUS_DATE,
            "paper_value": 100.0,
            "recomputed": s_all,
            "difference": s_all - 100.0,
            "holds": bool(abs(s_all - 100.0) < 1e-9),
            "note": f"'{repeat['label']} {repeat['printed']}' restates "
            f"'{_STATUS_WORDS.get(repeat['status'], repeat['status'])}', not a "
            f"{_ORDINALS[len(st)] if len(st) < len(_ORDINALS) else str(len(st) + 1) + 'th'} status",
        }
    )
    impl = st.set_index("status").loc["implementation"]
    rows.append(
        {
            "check": "fig7_repeat_56",
            "figure": "Figure 7",
            "quantity": "both mentions of the implementation share agree",
            "unit": "%",
            "paper_date": PAPER_STATUS_DATE,
            "paper_printed": impl["printed"],
            "paper_value": float(impl["value"]),
            "holds": bool(impl["all_mentions_equal"]),
        }
    )
    return rows


def _figure8_rows() -> list[dict[str, Any]]:
    """The printed contract amounts, not reproducible (Figure 8)."""
    return [
        {
            "check": "fig8_" + r["quantity"].split("_")[0][:3],
            "figure": "Figure 8",
            "quantity": f"{r['quantity'].replace('_', ' ')} of a contract, {int(r['year'])}",
            "unit": "not stated",
            "paper_date": PAPER_PERIOD,
            "paper_printed": r["printed"],
            "paper_value": float(r["value"]),
            "note": "not reproducible: needs the contract-level PPP register "
            f"(amount, unit, year) for {PAPER_PERIOD}; max/min = {r['max_over_min']:.4g}",
        }
        for _, r in contract_amounts().iterrows()
    ]


def _official_rows(confidence: float, method: str) -> list[dict[str, Any]]:
    """The study's shares against the official national counts (Figures 6 and 7)."""
    same = [
        "paper_date", "paper_printed", "paper_value", "paper_low", "paper_high",
        "official_as_of", "official_count", "official_total", "official_value", "difference",
        "ci_low", "ci_high", "p_val", "p_val_rounding",
    ]
    return [
        {
            "check": f"official_{r['quantity']}_{r['official_as_of'][:4]}",
            "figure": "Figure 7" if "terminated" in r["quantity"] else "Figure 6",
            "quantity": r["quantity"],
            "unit": "%",
            **{k: r[k] for k in same},
            "holds": r["within_rounding"],
            "note": r["note"] + f"; CI: {method}, {confidence:g}",
        }
        for _, r in official_crosscheck(confidence=confidence, method=method).iterrows()
    ]


@validate_params({"confidence": _CONFIDENCE, "method": _METHOD})
def checks(*, confidence: float = 0.95, method: CiMethod = "wilson") -> pd.DataFrame:
    """Every PPP check, one row each, in the layout of ``data/processed/ppp_checks.csv``.

    Rows:

    * ``fig4_rank_<CODE>``: the order of each region in the text ("the largest number …")
      as ``paper_value`` and its rank by printed count as ``recomputed``;
    * ``fig4_<claim>``: the claims of :func:`ranking_claims` (``holds``);
    * ``fig6_sum``, ``fig6_repeat_<n>``: local + national = 100; repetitions of the local
      share;
    * ``fig7_<status>``, ``fig7_sum``, ``fig7_sum_counting_repeat``, ``fig7_repeat_56``;
    * ``fig8_min``, ``fig8_max``: printed amounts, not reproducible (``recomputed`` empty);
    * ``official_<quantity>_<date>``: :func:`official_crosscheck`.

    The audit's checks of these figures (registered below) recompute what they check from
    the same functions; none reads this table.

    Parameters
    ----------
    confidence, method
        As in :func:`official_crosscheck`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHECK_COLUMNS`; ``holds`` is a nullable boolean.
    """
    rows = (
        _figure4_rows()
        + _figure6_rows()
        + _figure7_rows()
        + _figure8_rows()
        + _official_rows(float(confidence), method)
    )
    out = pd.DataFrame(rows).reindex(columns=CHECK_COLUMNS)
    out["holds"] = out["holds"].astype("boolean")
    for col in ("official_count", "official_total"):
        out[col] = out[col].astype("Int64")
    for col in ("unit", "paper_printed", "official_as_of", "note"):
        out[col] = out[col].fillna("")
    return out


# --------------------------------------------------------------------------- plots
def _figure(**subplots: Any) -> Any:
    """A new figure and its axes in the compendium's theme (``plt.subplots(**subplots)``)."""
    import matplotlib.pyplot as plt

    from kzgov import plots

    plots.set_theme()
    return plt.subplots(**subplots)


def _finish(fig: Any, source: str) -> Any:
    """Put the ``source`` caption under ``fig``, lay it out and return it."""
    from kzgov import plots

    plots.caption(fig, source)
    fig.tight_layout()
    return fig


def plot_region_counts(counts: pd.DataFrame | None = None) -> Any:
    """Bar chart of the five printed Figure 4 counts (no bars for unprinted regions)."""
    c = (region_counts() if counts is None else counts).sort_values("projects")
    fig, ax = _figure(figsize=(7, 3.5))
    ax.barh(c["label"], c["projects"], color="C0")
    for y, v in enumerate(c["projects"]):
        ax.text(v + 3, y, str(v), va="center", fontsize=9)
    ax.set_xlabel("PPP projects, 2015–2023 (count)")
    ax.set_title("Figure 4 re-drawn: the five regions whose counts are printed")
    return _finish(
        fig,
        "Source: text under Figure 4 of Abdullayev et al. (2025), "
        "data/raw/paper/figure4_ppp_projects_by_region.csv. Other regions in the original "
        "figure have no printed numbers and are not drawn.",
    )


def plot_status_shares(shares: pd.DataFrame | None = None) -> Any:
    """Bar chart of the Figure 7 shares with their rounding intervals."""
    st = status_shares() if shares is None else shares
    fig, ax = _figure(figsize=(7, 3.5))
    x = np.arange(len(st))
    ax.bar(x, st["value"], color="C0")
    ax.errorbar(x, st["value"], yerr=0.5, fmt="none", ecolor="0.2", capsize=4)
    ax.set_xticks(x, st["status"])
    ax.set_ylabel("share of projects (%)")
    ax.set_title(f"Figure 7 re-drawn: PPP project status for 2024 (sum {st['value'].sum():g}%)")
    return _finish(
        fig,
        "Source: text under Figure 7 of Abdullayev et al. (2025), "
        "data/raw/paper/figure7_project_status.csv; whiskers: ±0.5 pp rounding.",
    )


def plot_crosscheck(cross: pd.DataFrame | None = None) -> Any:
    """Paper shares (rounding interval) against official shares (binomial interval)."""
    cc = official_crosscheck() if cross is None else cross
    fig, axes = _figure(nrows=1, ncols=len(cc), figsize=(2.4 * len(cc), 3.6))
    for ax, (_, r) in zip(np.atleast_1d(axes), cc.iterrows(), strict=True):
        ax.errorbar(
            [0], [r["paper_value"]],
            yerr=[[r["paper_value"] - r["paper_low"]], [r["paper_high"] - r["paper_value"]]],
            fmt="o", color="C0", capsize=5, label="study (rounding)",
        )
        ax.errorbar(
            [1], [r["official_value"]],
            yerr=[[r["official_value"] - r["ci_low"]], [r["ci_high"] - r["official_value"]]],
            fmt="s", color="C1", capsize=5, label="official (binomial CI)",
        )
        ax.set_xticks([0, 1], ["study", f"official\n{r['official_as_of']}"])
        ax.set_xlim(-0.6, 1.6)
        ax.set_title(r["quantity"].replace("_", " ").replace(" of contract statuses", "\n(contract statuses)"), fontsize=9)
        ax.set_ylabel("%")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="upper right", ncol=2)
    fig.suptitle("PPP shares: study vs official national counts")
    return _finish(
        fig,
        "Sources: Abdullayev et al. (2025) Figures 6-7 (projects 2015-2023, statuses 2024); "
        "data/raw/official/ppp_aggregates.csv (contracts as of 2019-07-01 and 2026-01-01).",
    )


# --------------------------------------------------------------------------- notebook
#: The parameters of ``notebooks/04_ppp_projects``.
PARAMETERS = Parameters(
    "04_ppp_projects",
    Parameter(
        "confidence",
        _CONFIDENCE,
        help="level of the binomial interval around the official shares",
    ),
    Parameter(
        "ci_method",
        _METHOD,
        help="binomial interval: wilson, beta (Clopper-Pearson), agresti_coull or jeffreys",
    ),
    Parameter("make_figures", [Options(bool, (True, False))], help="draw the figures"),
)


# =========================================================================== audit checks
#: Level of the binomial intervals quoted in the audit's notes.
_AUDIT_CONFIDENCE = 0.95
#: How the audit's notes name each status of Figure 7.
_STATUS_WORDS = {
    "planned": "planned",
    "implementation": "being implemented",
    "terminated": "terminated",
    "expired": "expired",
    "competition": "in competition",
}
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _words(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _figure6_printed() -> pd.DataFrame:
    """The shares printed under Figure 6 itself (not their later repetitions), by level."""
    lvl = level_shares()
    return lvl[lvl["location"].str.contains("under Figure 6")].set_index("level")


audit.not_reproducible(
    "F7a",
    "F7e",
    "F7f",
    data="the PPP project registry with statuses for 2024 (Figure 7, source [45])",
)
audit.not_reproducible(
    "F8a",
    "F8b",
    data="the number of PPP contracts concluded per year, 2015–2023 (Figure 8 prints no numbers)",
)
audit.not_reproducible(
    "F8c",
    "F8d",
    data="the PPP contract amounts, 2015–2023 (Figure 8); the unit of the amounts is not stated",
)


@audit.register("F4a", "F4b", "F4c", "F4d", "F4e", rule="not_reproducible")
def _check_figure4_counts(c: Claim) -> Check:
    """Figure 4's counts rest on the unpublished registry; only a few are printed."""
    n = len(region_counts())
    note = (
        "not published: the PPP project registry by region, 2015–2023 (Figure 4, source [44]); "
        f"only these {_words(n)} counts are printed"
    )
    return Check("not_reproducible", None, note)


@audit.register("C07", "C11", rule="predicate")
def _check_turkestan_vko_leading(c: Claim) -> Check:
    """Turkestan and East Kazakhstan have the two largest of Figure 4's printed counts.

    Rule: :func:`ranking_claims` ``turkestan_vko_top_two`` on :func:`region_counts`.
    Recomputed: Turkestan's rank among the printed counts.
    """
    counts = region_counts()
    held = ranking_claims(counts).set_index("claim")["holds"]
    ok = bool(held["turkestan_vko_top_two"])
    trk = counts.set_index("region_code").loc["TRK"]
    rank = int(trk["rank"])
    by_size = counts.sort_values(["projects", "order_in_text"], ascending=[False, True])
    top = ", ".join(f"{r.label} {int(r.projects)}" for r in by_size.head(max(rank, 2)).itertuples())
    ahead = by_size[(by_size["projects"] > trk["projects"]) & (by_size["region_code"] != "VKO")]
    if ahead.empty:
        detail = "Turkestan and East Kazakhstan have the two largest printed counts"
    else:
        detail = "; ".join(
            f"{r.label} ({int(r.projects)}) has more projects than Turkestan "
            f"({int(trk['projects'])})"
            for r in ahead.itertuples()
        )
    oblasts = "holds" if bool(held["turkestan_vko_top_two_oblasts"]) else "does not hold"
    note = (
        f"Figure 4's own counts rank Turkestan {rank} of the {len(counts)} printed ({top}): "
        f"{detail}; among oblasts alone the claim {oblasts}"
    )
    return Check("reproduced" if ok else "discrepancy", float(rank), note)


@audit.register("F6a", rule="not_reproducible")
def _check_local_share(c: Claim) -> Check:
    """Figure 6's local share: the registry is not published; official totals bracket it."""
    cross = official_crosscheck(confidence=_AUDIT_CONFIDENCE)
    local = cross[cross["quantity"] == "local_share"].reset_index(drop=True)
    parts = [
        f"{r.official_value:.2f}%{' local' if i == 0 else ''} on {r.official_as_of} "
        f"({int(r.official_count)}/{int(r.official_total)}, rounds to "
        f"{audit.round_half_up(float(r.official_value), 0):g}%)"
        for i, r in enumerate(local.itertuples())
    ]
    note = (
        "not published: the PPP project registry behind Figure 6 (denominator not stated). "
        "Official national totals: " + " and ".join(parts)
    )
    return Check("not_reproducible", float(local["official_value"].iloc[-1]), note)


@audit.register("F6b", rule="internal_sum")
def _check_national_share(c: Claim) -> Check:
    """Figure 6: the local and national shares add up to 100 %.

    Recomputed: the national share as the complement of the printed local share.
    """
    fig6 = _figure6_printed()
    local, national = float(fig6.loc["local", "value"]), float(fig6.loc["national", "value"])
    total = float(fig6["value"].sum())
    ok = abs(total - 100.0) < 1e-9
    note = (
        f"internal consistency: {local:g}% local + {national:g}% national = {total:g}% (the two "
        "shares are complementary); the share itself rests on the unpublished registry"
    )
    return Check("reproduced" if ok else "discrepancy", 100.0 - local, note)


@audit.register("C10", "R07", rule="printed_precision")
def _check_local_share_repeated(c: Claim) -> Check:
    """The text repeats Figure 6's local share: the repeat against the figure's text."""
    local = float(_figure6_printed().loc["local", "value"])
    return audit.compare(
        c, local, how=f"Figure 6's text gives the local share as {local:g}%; the repeat"
    )


@audit.register("F7b", rule="internal_sum")
def _check_status_sum(c: Claim) -> Check:
    """Figure 7: the five distinct status shares sum to 100 %.

    Recomputed: the share being implemented as 100 % less the other printed statuses.
    """
    st = status_shares().set_index("status")
    total = float(st["value"].sum())
    ok = abs(total - 100.0) < 1e-9
    terms = " + ".join(f"{_STATUS_WORDS.get(s, s)} {v:g}" for s, v in st["value"].items())
    note = (
        f"internal consistency: {terms} = {total:g}%; the share itself rests on the "
        "unpublished 2024 registry"
    )
    rest = float(st["value"].drop("implementation").sum())
    return Check("reproduced" if ok else "discrepancy", 100.0 - rest, note)


@audit.register("F7c", rule="predicate")
def _check_status_repeat(c: Claim) -> Check:
    """Figure 7: 'Ongoing projects account for …' restates the share being implemented.

    Rule: every mention of the implementation share prints the same value.
    """
    raw = data.load("figure7_project_status")
    impl = raw[raw["status"] == "implementation"].sort_values("mention")["value"].astype(float)
    first, second = float(impl.iloc[0]), float(impl.iloc[-1])
    ok = bool((impl == first).all())
    every = float(raw["value"].sum())
    note = (
        f"internal consistency: the second mention (ongoing, {second:g}%) "
        f"{'equals' if ok else 'differs from'} the first (being implemented, {first:g}%); "
        f"counted as a sixth status the shares would sum to {every:g}%"
    )
    return Check("reproduced" if ok else "discrepancy", first, note)


@audit.register("F7d", rule="not_reproducible")
def _check_terminated_share(c: Claim) -> Check:
    """Figure 7's terminated share against the official totals (a different date)."""
    cross = official_crosscheck(confidence=_AUDIT_CONFIDENCE)
    r = cross[cross["quantity"] == "terminated_share"].iloc[-1]
    paper = float(r["paper_value"])
    if r["ci_low"] > r["paper_high"]:
        relation = "well above"
    elif r["ci_high"] < r["paper_low"]:
        relation = "well below"
    else:
        relation = "close to"
    note = (
        "not published: the 2024 PPP registry behind Figure 7. The official total on "
        f"{r['official_as_of']} is {int(r['official_count'])}/{int(r['official_total'])} = "
        f"{r['official_value']:.2f}% terminated ({_AUDIT_CONFIDENCE:.0%} CI {r['ci_low']:.2f}–"
        f"{r['ci_high']:.2f}%), {relation} {paper:g}%; the dates differ and terminations "
        "accumulate"
    )
    return Check("not_reproducible", float(r["official_value"]), note)
