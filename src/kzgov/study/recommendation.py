"""Notebook 06, the recommendation and citizens' modules of the study's platform.

Section 3 of Abdullayev, Kadyrova & Ydyrys (2025) proposes the platform "Smart Project
Management of akimats" with a *recommendation module* ("prioritization of projects for
maximum socio-economic impact") and a *module of interaction with citizens* ("collecting
feedback from citizens through voting"). The study prints no numbers for them; this module
builds both on four real participatory-budgeting elections with the general methods of
:mod:`kzgov.citizens` (Pabulib reading, greedy, Method of Equal Shares, rule comparison)
and :mod:`kzgov.prioritise` (exact selection under a budget):

* :func:`project_table` scores each project by citizens' support (with a bootstrap
  interval) times a stated priority *proxy*: the sectors the study names, education,
  health and social protection (:data:`PRIORITY_CATEGORIES`);
* :func:`selections` and :func:`recommend` run every rule the notebook compares;
* the audit checks of the section's participatory-budgeting shares (R12, R13) are
  registered here, as unverifiable.

Examples
--------
>>> from kzgov.study import recommendation as study
>>> study.PRIORITY_CATEGORIES
('education', 'health', 'welfare')
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import audit, citizens
from kzgov.constraints import Interval, Options, Parameter, Parameters, validate_params
from kzgov.errors import DataError, InfeasibleError

__all__ = [
    "FLOOR_CATEGORIES",
    "PARAMETERS",
    "PRIORITY_CATEGORIES",
    "PROXIES",
    "Recommendation",
    "floor_groups",
    "plot_rules",
    "project_table",
    "recommend",
    "recommendation_table",
    "selections",
]

_Completion = Literal["none", "add1", "greedy", "add1_greedy"]
_Proxy = Literal["support", "social_priority"]
PROXIES: tuple[str, ...] = ("support", "social_priority")

#: Pabulib categories of the sectors the study names when it discusses where regions' own
#: funds are short: "healthcare, education, and social protection" (Section 3); Pabulib's
#: ``welfare`` is social protection. Used by the ``social_priority`` proxy.
PRIORITY_CATEGORIES: tuple[str, ...] = ("education", "health", "welfare")



def _election_names() -> list[str]:
    try:
        return citizens.elections()
    except DataError:
        return []


#: The Pabulib categories a floor may name (those of the packaged Warsaw elections).
FLOOR_CATEGORIES: tuple[str, ...] = (
    "culture", "education", "environmental protection", "health", "public space",
    "public transit and roads", "sport", "urban greenery", "welfare",
)

#: The parameters of ``notebooks/06_recommendation``.
PARAMETERS = Parameters(
    "06_recommendation",
    Parameter("election", [Options(str, _election_names)],
              help="the election shown in detail, one of kzgov.citizens.elections()"),
    Parameter("proxy", [Options(str, PROXIES)],
              help="impact proxy scored by the MILP: citizens' support, or support weighted "
              "up for the study's priority sectors"),
    Parameter("priority_bonus", [Interval(float, 0, 10)],
              help="weight added to projects of the priority sectors (0.5 = +50 %)"),
    Parameter("floor_category", [Options(str, FLOOR_CATEGORIES), None],
              help="category whose projects get at least floor_share of each budget (None: no floor)"),
    Parameter("floor_share", [Interval(float, 0, 1)],
              help="share of each budget reserved for floor_category"),
)

_RULE_ORDER = ["city", "greedy", "mes", "milp_support", "greedy_ratio", "milp_proxy", "milp_proxy_floor"]


@validate_params(
    {
        "proxy": [Options(str, PROXIES)],
        "priority_bonus": [Interval(float, 0, math.inf, closed="left")],
        "confidence": [Interval(float, 0, 1, closed="neither")],
        "n_boot": [Interval(int, 1, None, closed="left")],
    }
)
def project_table(
    election: citizens.Election,
    *,
    proxy: _Proxy = "support",
    priority_bonus: float = 0.5,
    confidence: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Projects with citizens' support, its bootstrap interval, and a score for the MILP.

    ``support`` is the project's total points from the ballots (approvals for Warsaw, the
    3-2-1 score for Kraków). Its interval comes from resampling the voters with
    replacement (``n_boot`` resamples, seeded), a measure of how much the support could
    differ with another turnout of the same electorate, not of the impact of the project.

    The **score** is an impact *proxy*, not a measured impact (the study measures none):

    * ``"support"``: score = support;
    * ``"social_priority"``: score = support × (1 + ``priority_bonus``) for projects tagged
      with one of :data:`PRIORITY_CATEGORIES` (education, health, welfare — the sectors the
      study names), else support. Without a ``category`` column (Kraków) it equals
      ``support``; the column ``priority`` is then False throughout.

    Returns
    -------
    pandas.DataFrame
        One row per project (file order): ``election``, ``project_id``, ``name``, ``cost``,
        ``category`` (text, empty when absent), ``priority``, ``support``, ``support_low``,
        ``support_high``, ``score``, ``score_low``, ``score_high``, ``support_per_1000``
        (support per 1,000 currency units of cost).
    """
    e = election
    m = citizens.points_matrix(e).to_numpy()
    support = m.sum(axis=0)
    rng = np.random.default_rng(seed)
    n = m.shape[0]
    if n:
        w = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)
        boot = w @ m
        alpha = (1 - confidence) / 2
        low = np.quantile(boot, alpha, axis=0)
        high = np.quantile(boot, 1 - alpha, axis=0)
    else:
        low = high = support
    cats = citizens._category_lists(e)
    ids = list(e.projects["project_id"])
    priority = np.array([any(k in PRIORITY_CATEGORIES for k in cats.get(p, ())) for p in ids])
    weight = np.where(priority, 1.0 + priority_bonus, 1.0) if proxy == "social_priority" else np.ones(len(ids))
    cost = e.projects["cost"].astype(float).to_numpy()
    return pd.DataFrame(
        {
            "election": e.name,
            "project_id": ids,
            "name": e.projects["name"].to_numpy() if "name" in e.projects else "",
            "cost": cost,
            "category": e.projects["category"].to_numpy() if e.has_categories else "",
            "priority": priority,
            "support": support,
            "support_low": low,
            "support_high": high,
            "score": support * weight,
            "score_low": low * weight,
            "score_high": high * weight,
            "support_per_1000": np.where(cost > 0, support / np.where(cost > 0, cost, 1) * 1000, np.inf),
        }
    )


@validate_params({"floor_share": [Interval(float, 0, 1)]})
def floor_groups(
    election: citizens.Election, table: pd.DataFrame, *, floor_category: str | None, floor_share: float
) -> tuple[pd.DataFrame, dict[str, float] | None]:
    """Group projects for a category floor.

    ``floor_group`` is ``floor_category`` for the projects tagged with it (in any position of
    their category list) and ``"other"`` for the rest.

    Returns
    -------
    tuple
        The table with a ``floor_group`` column, and ``floors`` for
        :func:`kzgov.prioritise.select` (``{floor_category: floor_share × budget}``), or
        None when there is no floor: no category, a share of 0, an election without
        categories (Kraków 2018), or no project of that category.
    """
    e = election
    if not floor_category or floor_share <= 0 or not e.has_categories:
        return table, None
    cats = citizens._category_lists(e)
    t = table.copy()
    t["floor_group"] = [floor_category if floor_category in cats[p] else "other" for p in t["project_id"]]
    if floor_category not in set(t["floor_group"]):
        return t, None
    return t, {floor_category: floor_share * e.budget}


def selections(
    election: citizens.Election,
    *,
    proxy: _Proxy = "social_priority",
    priority_bonus: float = 0.5,
    floor_category: str | None = "public space",
    floor_share: float = 0.4,
    mes_completion: _Completion = "add1_greedy",
    mes_increment: float | None = None,
    table: pd.DataFrame | None = None,
    cache: bool = False,
) -> dict[str, frozenset[str] | None]:
    """The outcomes of every rule the notebook compares, on one election.

    Rules: ``city`` (the recorded ``selected`` set, Warsaw only), ``greedy`` (the city
    rule, :func:`kzgov.citizens.greedy`), ``mes`` (:func:`kzgov.citizens.mes` with ``mes_completion``), ``milp_support``
    (:func:`kzgov.prioritise.select` maximising total support: the most approvals the
    budget can buy), ``greedy_ratio`` (support per cost, the heuristic), ``milp_proxy``
    (the proxy score of :func:`project_table`) and ``milp_proxy_floor`` (the same with at
    least ``floor_share`` of the budget for projects tagged ``floor_category``; None when
    that floor cannot be met; absent when the election has no categories or no project of
    that category).

    ``cache=True`` keeps MES outcomes in the on-disk cache (:mod:`kzgov._cache`), keyed by
    the file's sha256, the MES options, pabutools' version and this module's source; the
    iterated MES takes tens of seconds on Bemowo.

    Returns
    -------
    dict
        Rule name → frozenset of funded project ids (None: infeasible).
    """
    from kzgov import prioritise

    e = election
    if table is None:
        table = project_table(e, proxy=proxy, priority_bonus=priority_bonus)
    out: dict[str, frozenset[str] | None] = {}
    if e.selected is not None:
        out["city"] = e.selected
    out["greedy"] = citizens.greedy(e)
    if cache:
        from importlib.metadata import version

        from kzgov import _cache

        key = _cache.make_key(
            sha256=e.sha256,
            completion=mes_completion,
            increment=mes_increment,
            pabutools=version("pabutools"),
            code=_cache.code_version("kzgov.citizens"),
        )
        out["mes"] = _cache.get_or_compute(
            "citizens.mes", key, lambda: citizens.mes(e, completion=mes_completion, increment=mes_increment)
        )
    else:
        out["mes"] = citizens.mes(e, completion=mes_completion, increment=mes_increment)
    out["milp_support"] = frozenset(prioritise.select(table, budget=e.budget, score="support")["project_id"])
    out["greedy_ratio"] = frozenset(prioritise.greedy_ratio(table, budget=e.budget, score="support")["project_id"])
    out["milp_proxy"] = frozenset(prioritise.select(table, budget=e.budget, score="score")["project_id"])
    t, floors = floor_groups(e, table, floor_category=floor_category, floor_share=floor_share)
    if floors:
        try:
            out["milp_proxy_floor"] = frozenset(
                prioritise.select(t, budget=e.budget, score="score", region="floor_group", floors=floors)["project_id"]
            )
        except InfeasibleError:
            out["milp_proxy_floor"] = None
    return out


def recommendation_table(
    election: citizens.Election, chosen: Mapping[str, frozenset[str] | None], table: pd.DataFrame
) -> pd.DataFrame:
    """One row per project: its data, its rank by proxy score, and 0/1 per rule.

    Returns
    -------
    pandas.DataFrame
        ``election``, ``project_id``, ``cost``, ``support``, ``support_low``,
        ``support_high``, ``priority``, ``score``, ``rank`` (1 = highest score; ties share
        the lower rank), then one 0/1 column per rule (empty when the rule was infeasible).
    """
    t = table[
        ["election", "project_id", "cost", "support", "support_low", "support_high", "priority", "score"]
    ].copy()
    t["rank"] = t["score"].rank(ascending=False, method="min").astype(int)
    for rule, sel in chosen.items():
        t[rule] = pd.array([None] * len(t), dtype="Int64") if sel is None else t["project_id"].isin(sel).astype(int)
    t["priority"] = t["priority"].astype(int)
    return t.sort_values(["rank", "project_id"], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Recommendation:
    """What the platform recommends on several elections, and how the rules compare.

    Attributes
    ----------
    rules
        :func:`kzgov.citizens.compare_rules` for every election, stacked.
    projects
        :func:`recommendation_table` for every election, stacked.
    selections
        Election name → rule → funded ids.
    settings
        The options used (proxy, bonus, floor).
    """

    rules: pd.DataFrame
    projects: pd.DataFrame
    selections: Mapping[str, Mapping[str, frozenset[str] | None]]
    settings: Mapping[str, Any]


def recommend(
    names: Iterable[str] | None = None,
    *,
    proxy: _Proxy = "social_priority",
    priority_bonus: float = 0.5,
    floor_category: str | None = "public space",
    floor_share: float = 0.4,
    mes_completion: _Completion = "add1_greedy",
    cache: bool = True,
) -> Recommendation:
    """Run every rule of :func:`selections` on packaged elections and compare them.

    Parameters
    ----------
    names
        Packaged elections (default: all of :func:`elections`).
    proxy, priority_bonus
        The score of :func:`project_table`.
    floor_category, floor_share
        The category floor of the ``milp_proxy_floor`` rule (see :func:`floor_groups`).
    mes_completion
        See :func:`kzgov.citizens.mes`.
    cache
        Cache MES outcomes on disk.

    Returns
    -------
    Recommendation
    """
    names = citizens.elections() if names is None else list(names)
    rules, tables, chosen = [], [], {}
    for name in names:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", citizens.ElectionCountWarning)
            e = citizens.load_election(name)
        table = project_table(e, proxy=proxy, priority_bonus=priority_bonus)
        sel = selections(
            e, proxy=proxy, priority_bonus=priority_bonus, floor_category=floor_category,
            floor_share=floor_share, mes_completion=mes_completion, table=table, cache=cache,
        )
        chosen[name] = sel
        rules.append(citizens.compare_rules(e, sel))
        tables.append(recommendation_table(e, sel, table))
    projects = pd.concat(tables, ignore_index=True)
    rule_cols = [c for c in projects.columns if c in _RULE_ORDER]
    other = [c for c in projects.columns if c not in _RULE_ORDER]
    projects = projects[other + sorted(rule_cols, key=_RULE_ORDER.index)]
    for c in rule_cols:
        projects[c] = projects[c].astype("Int64")
    return Recommendation(
        rules=pd.concat(rules, ignore_index=True),
        projects=projects,
        selections=chosen,
        settings={
            "proxy": proxy, "priority_bonus": priority_bonus, "floor_category": floor_category,
            "floor_share": floor_share, "mes_completion": mes_completion,
        },
    )


def plot_rules(rules: pd.DataFrame) -> Any:
    """Plot the share of the budget spent and the share of voters with a funded project.

    One bar per rule and election, from :func:`kzgov.citizens.compare_rules` / :attr:`Recommendation.rules`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from kzgov import plots

    plots.set_theme()
    d = rules.dropna(subset=["n_projects"]).copy()
    d["election"] = d["election"].str.replace("pb_poland_", "", regex=False)
    order = [r for r in _RULE_ORDER if r in set(d["rule"])]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    panels = (
        (axes[0], "spent_share", "Budget spent", "share of the budget (0–1)"),
        (axes[1], "coverage", "Voters with at least one funded project", "share of ballots (0–1)"),
    )
    for ax, col, title, xlabel in panels:
        sns.stripplot(
            data=d, y="election", x=col, hue="rule", hue_order=order, dodge=True,
            jitter=False, size=7, marker="o", linewidth=0.5, ax=ax, orient="h",
        )
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("")
        lo = float(np.floor(d[col].min() * 20) / 20)
        ax.set_xlim(min(lo, 0.9), 1.0)
        ax.get_legend().remove()
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, title="rule", loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    fig.suptitle("Participatory-budgeting rules on four real elections")
    fig.tight_layout()
    plots.caption(
        fig,
        "Data: Pabulib files of Warsaw 2017 (Anin, Bemowo, Koło; approval ballots) and Kraków 2018 "
        "(Stare Miasto; ordinal ballots), data/raw/participatory_budgeting/. city = projects the "
        "city funded (Warsaw only). Rules as in kzgov.study.recommendation.selections.",
    )
    return fig


# --------------------------------------------------------------------------- audit checks
audit.unverifiable(
    "R12",
    "R13",
    reason="a statement about Porto Alegre/Paris city budgets; the Pabulib elections in the "
    "compendium are Polish districts and hold no city-budget totals",
)
