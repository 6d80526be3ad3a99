# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kzgov
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   kzgov:
#     parameters: kzgov.study.recommendation:PARAMETERS
# ---

# %% tags=["parameters"]
# The election shown in detail: one of kzgov.citizens.elections().
election = "pb_poland_warszawa_2017_kolo"
# Impact proxy scored by the MILP: "support" (citizens' votes only) or "social_priority"
# (votes x (1 + priority_bonus) for projects tagged education, health or welfare).
proxy = "social_priority"
priority_bonus = 0.5
# Category floor: at least floor_share of each budget for projects tagged floor_category
# (None, or a share of 0, for no floor).
floor_category = "public space"
floor_share = 0.4

# %% [markdown]
# # Recommendation and citizens' modules: real participatory-budgeting elections
#
# **What this reproduces.** Section 3 of the study (Abdullayev, Kadyrova & Ydyrys 2025,
# *Emerging Science Journal* 9(3), doi:10.28991/ESJ-2025-09-03-017) proposes the platform
# "Smart Project Management of akimats" with three modules. Two of them are built here:
#
# * the **recommendation module**, "prioritization of projects for maximum socio-economic
#   impact" and "automatic generation of resource allocation recommendations":
#   `kzgov.prioritise.select` chooses projects that maximise a score within a budget, with
#   floors and caps per group, as an exact mixed-integer programme (HiGHS, `mip_rel_gap = 0`);
# * the **module of interaction with citizens**, "collecting feedback from citizens through
#   voting": `kzgov.citizens` reads real participatory-budgeting (PB) elections and
#   aggregates the votes with the rule the cities used (greedy) and with the Method of
#   Equal Shares (MES).
#
# The study describes these modules in words only; it prints no numbers for them. Its text
# on PB cites Porto Alegre ("about 20% of the city budget"), Paris ("about 5%"), Warsaw,
# Kraków and Łódź; those two percentages cannot be checked with the data here (see the end).
#
# **Data.** Four real elections from Pabulib (Faliszewski et al. 2023), copied byte for byte
# into `data/raw/participatory_budgeting/` and checked against their sha256: Warsaw 2017
# districts Anin, Bemowo and Koło (approval ballots; the `selected` column records what the
# city funded) and Kraków 2018 Stare Miasto (ordinal ballots ranking three projects).
# Costs and budgets are in PLN.
#
# **What is a proxy here.** Neither the study nor the data measure the socio-economic impact
# of a project. The MILP maximises a stated **proxy**: citizens' support (the number of
# approvals, or Kraków's 3-2-1 points), optionally weighted up for the sectors the study names
# (healthcare, education, social protection). It is a policy weighting, not a measured impact.

# %% [markdown]
# ## The four elections
#
# `n_voters` counts the ballots in the file and `n_projects` the listed projects; where
# META's `num_votes` or `num_projects` differ, the reader warns and uses the rows. Where a
# `votes` or `score` column does not match the ballots it is recorded, not corrected; the
# rules below use the ballots (and Kraków's `score`, the 3-2-1 points).

# %% tags=["nbval-check-output"]
# %matplotlib inline
import warnings

import pandas as pd

from IPython.display import Markdown

from kzgov import audit, citizens, data, prioritise
from kzgov.study import recommendation as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

names = citizens.elections()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", citizens.ElectionCountWarning)
    loaded = {name: citizens.load_election(name) for name in names}
facts = pd.DataFrame([citizens.summary(e) for e in loaded.values()])
display(facts[["election", "vote_type", "budget", "n_projects", "meta_num_projects", "n_voters",
               "meta_num_votes", "total_cost", "has_categories", "has_selected",
               "votes_column_matches_ballots", "score_column_matches_ballots"]]
        .rename(columns={"vote_type": "ballot", "budget": "budget (PLN)", "n_projects": "projects",
                         "meta_num_projects": "projects (META)", "n_voters": "ballots",
                         "meta_num_votes": "ballots (META)", "total_cost": "cost of all projects (PLN)",
                         "has_categories": "categories", "has_selected": "funded set recorded",
                         "votes_column_matches_ballots": "votes column = ballots",
                         "score_column_matches_ballots": "score column = ballots"})
        .style.hide(axis="index").format(thousands=",", precision=0, na_rep="—")
        .set_caption("The four Pabulib elections: budget, projects and ballots as read, against "
                     "the counts their META section states")
        .set_uuid("nb06-elections"))
print("\n".join(sorted(str(w.message) for w in caught)))

# %% tags=["nbval-check-output"]
label = {r["election"]: str(r["subunit"]).title() for r in facts.to_dict("records")}


def _listed(names):
    return ", ".join(names) if names else "none"


def _where(mask):
    return _listed([label[n] for n in facts.loc[mask, "election"]])


def _matches(col, what):
    has = facts[col].notna()
    bad = has & facts[col].eq(False)
    return (f"the `{what}` column matches the ballots in {_where(has & facts[col].eq(True))}"
            + (f" and not in {_where(bad)}" if bad.any() else ""))


Markdown(
    f"META's `num_votes` differs from the ballots in the file in {_where(facts['meta_num_votes'] != facts['n_voters'])}; "
    f"`num_projects` differs from the listed projects in {_where(facts['meta_num_projects'] != facts['n_projects'])}. "
    f"Of the files with such columns, {_matches('votes_column_matches_ballots', 'votes')}; "
    f"{_matches('score_column_matches_ballots', 'score')} (3-2-1 points)."
)

# %% [markdown]
# ## The city's rule reproduced
#
# The greedy rule goes down the projects by votes (by score for ordinal ballots) and funds
# each one that still fits the budget left. `citizens.greedy` is compared with the set the
# city funded where the file records it (`same_as_city`); where it does not (Kraków), the
# greedy outcome is a recomputation that cannot be compared.

# %% tags=["nbval-check-output"]
rec = study.recommend(names, proxy=proxy, priority_bonus=priority_bonus,
                         floor_category=floor_category, floor_share=floor_share)
rules = rec.rules
city = rules[rules["rule"] == "greedy"][["election", "n_projects", "cost", "budget", "same_as_city"]]
(city.rename(columns={"n_projects": "projects funded", "cost": "cost (PLN)", "budget": "budget (PLN)",
                      "same_as_city": "same set as the city funded"})
 .style.hide(axis="index").format(thousands=",", precision=0, na_rep="—")
 .set_caption("The greedy rule recomputed against the set each city funded")
 .set_uuid("nb06-city"))

# %% tags=["nbval-check-output"]
recorded = city.dropna(subset=["same_as_city"])
Markdown(
    f"META names the rule(s) {_listed(sorted(set(facts['rule'])))}. `citizens.greedy` "
    f"reproduces the set the city funded in {int(recorded['same_as_city'].astype(bool).sum())} of the "
    f"{len(recorded)} elections that record it ({_listed([label[n] for n in recorded['election']])})."
)

# %% [markdown]
# ## What each rule gives
#
# * `city`: what the city funded (Warsaw only).
# * `greedy`: the city's rule (above).
# * `mes`: the Method of Equal Shares (pabutools), with cost utilities, completed by raising
#   each voter's share in steps of 1 % until the outcome would exceed the budget (pabutools'
#   `voter_budget_increment`), then by the greedy rule on what is left.
# * `milp_support`: the exact optimum of total support within the budget (most approvals, or
#   most 3-2-1 points, that the money can buy); `greedy_ratio` is the support-per-cost
#   heuristic for the same objective.
# * `milp_proxy`: the exact optimum of the proxy score; `milp_proxy_floor`: the same with the
#   category floor of the parameters (no row where an election has no categories, as Kraków).
#
# Columns: `spent_share` = cost / budget; `coverage` = share of ballots with at least one
# funded project; `approvals` = sum over funded projects of the ballots that list them;
# `effective_categories` = 1 / Σ share² of spending across categories (a project's cost split
# equally over its listed categories; NaN without categories).

# %% tags=["nbval-check-output"]
shown = rules[["election", "rule", "n_projects", "cost", "spent_share", "budget_left",
               "approvals", "points", "coverage", "categories_funded",
               "effective_categories"]]
(shown.rename(columns={"n_projects": "projects funded", "cost": "cost (PLN)", "spent_share": "spent (% of budget)",
                       "budget_left": "budget left (PLN)", "approvals": "approvals (ballots)",
                       "points": "points (3-2-1)", "coverage": "coverage (% of ballots)",
                       "categories_funded": "categories funded", "effective_categories": "effective categories"})
 .style.hide(axis="index").format({"spent (% of budget)": "{:.2%}", "coverage (% of ballots)": "{:.2%}",
          "effective categories": "{:.2f}"}, thousands=",", precision=0, na_rep="—")
 .set_caption("What each rule funds in each election: cost, support bought, coverage of the "
              "ballots and spread over categories")
 .set_uuid("nb06-rules"))

# %%
fig = study.plot_rules(rules)

# %% [markdown]
# ## Why the rules differ
#
# The outcomes of `city`, `greedy`, `mes`, `milp_support` and `greedy_ratio` do not depend on
# the parameters; the figures below are theirs, computed from the table above. Greedy spends
# on the most popular projects first, whatever they cost; the MILP on support buys the most
# approvals (or 3-2-1 points) the budget allows; MES gives each voter an equal share of the
# budget to spend on the projects they voted for, so groups of voters get projects in
# proportion to their size.

# %% tags=["nbval-check-output"]
fixed = rules[rules["rule"].isin(["city", "greedy", "mes", "milp_support", "greedy_ratio"])]
by = {rule: frame.set_index("election") for rule, frame in fixed.groupby("rule")}
g, m, s, h = by["greedy"], by["mes"], by["milp_support"], by["greedy_ratio"]
order = list(g.index)
low, high = (fixed.groupby("election")[["n_projects", "points", "coverage"]].agg(how) for how in ("min", "max"))


def _per(frame, col, fmt):
    """'Anin 6, Bemowo 11, ...' for the elections where the column has a value."""
    return ", ".join(f"{label[n]} {frame.loc[n, col]:{fmt}}" for n in order if pd.notna(frame.loc[n, col]))


def _greedy_at(extreme, col):
    return _listed([label[n] for n in order if g.loc[n, col] == extreme.loc[n, col]])


big = []
for n in order:
    funded = rec.projects[(rec.projects["election"] == n) & (rec.projects["greedy"] == 1)]
    top = funded.loc[funded["cost"].idxmax()]
    budget = g.loc[n, "budget"]
    big.append(f"{label[n]}: project {top['project_id']}, {top['cost']:,.0f} of {budget:,.0f} PLN, "
               f"{top['cost'] / budget:.0%}")
reach = ", ".join(f"{label[n]} {h.loc[n, 'points'] / s.loc[n, 'points']:.1%}" for n in order)
same = [label[n] for n in order
        if rec.selections[n]["mes"] == rec.selections[n]["milp_support"] == rec.selections[n]["greedy_ratio"]]
Markdown("\n".join([
    f"* **Greedy** funds the most popular projects first, whatever they cost; its most expensive funded "
    f"project takes this much of the budget: {'; '.join(big)}. Among "
    f"these rules it funds the fewest projects in {_greedy_at(low, 'n_projects')} and the least support "
    f"(approvals, or 3-2-1 points) in {_greedy_at(low, 'points')}. Its coverage ({_per(g, 'coverage', '.2f')}) is "
    f"the highest in {_greedy_at(high, 'coverage')} and the lowest in {_greedy_at(low, 'coverage')}.",
    f"* **The MILP on support** funds {_per(s, 'n_projects', '.0f')} projects against greedy's "
    f"{_per(g, 'n_projects', '.0f')}, buying the most support the budget allows; a voter who only approved a "
    f"large project gets nothing, so its coverage ({_per(s, 'coverage', '.2f')}) can fall below greedy's. "
    f"Maximising the total is not the same as serving everyone. The support-per-cost heuristic `greedy_ratio` "
    f"reaches {reach} of that optimum.",
    f"* **MES** funds {_per(m, 'n_projects', '.0f')} projects against greedy's {_per(g, 'n_projects', '.0f')}; "
    f"its `effective_categories` are {_per(m, 'effective_categories', '.1f')} against greedy's "
    f"{_per(g, 'effective_categories', '.1f')}; its coverage is {_per(m, 'coverage', '.2f')}. MES, the support "
    f"MILP and the heuristic fund the same set in {_listed(same)}.",
]))

# %% [markdown]
# * **The proxy and the floor are policy choices.** The weight moves money towards the
#   study's priority sectors; the floor reserves a share of the budget for one category, at
#   a price in proxy score that `explain_selection` reports below (`gain_if_dropped`).

# %% [markdown]
# ## The platform's recommendation for one election
#
# The table of projects with their support, its bootstrap interval (voters resampled with
# replacement, at the level, number of resamples and seed of `study.project_table`'s defaults:
# how much the count could differ with another turnout of the same electorate), and the proxy
# score. Then the MILP's selection with the floor, which
# constraints bind, what changes when every score is at the lower end of its interval, and
# the comparison with the greedy score-per-cost heuristic.

# %% tags=["nbval-check-output"]
e = loaded[election]
table = study.project_table(e, proxy=proxy, priority_bonus=priority_bonus)
grouped, floors = study.floor_groups(e, table, floor_category=floor_category, floor_share=floor_share)
region = "floor_group" if floors else None
print(f"{e.name}: budget {e.budget:,.0f} PLN, {len(table)} projects, floors: {floors}")
cols = ["project_id", "cost", "category", "priority", "support", "support_low",
        "support_high", "score"]
(table[cols].sort_values(["score", "project_id"], ascending=[False, True])
 .rename(columns={"project_id": "project", "cost": "cost (PLN)", "priority": "priority sector",
                  "support": "support (approvals or points)", "support_low": "support, 95% low",
                  "support_high": "support, 95% high", "score": f"score ({proxy})"})
 .style.hide(axis="index").format({"cost (PLN)": "{:,.0f}"}, thousands=",", precision=1, na_rep="—")
 .set_caption(f"{e.name}: each project's cost, support with its bootstrap interval, and the "
              f"proxy score the MILP maximises")
 .set_uuid("nb06-projects"))

# %% tags=["nbval-check-output"]
chosen = prioritise.select(grouped, budget=e.budget, region=region, floors=floors)
explained = prioritise.explain_selection(grouped, budget=e.budget, region=region, floors=floors)
print(f"selected {len(chosen)} projects: {sorted(chosen['project_id'])}")
print(f"budget used {explained.attrs['budget_used']:,.0f} PLN, left {explained.attrs['budget_left']:,.0f} PLN")
(explained.rename(columns={"limit": "limit (PLN)", "value": "value (PLN)", "slack": "slack (PLN)",
                           "optimum": "optimum (score)", "optimum_without": "optimum without it (score)",
                           "gain_if_dropped": "gain if dropped (score)"})
 .style.hide(axis="index").format(thousands=",", precision=1, na_rep="—")
 .set_caption(f"{e.name}: the constraints of the selection, their slack, and the score "
              f"gained if each were dropped")
 .set_uuid("nb06-constraints"))

# %% tags=["nbval-check-output"]
robust = prioritise.robustness(grouped, budget=e.budget, low="score_low", region=region, floors=floors)
changed = robust[robust["change"].isin(["dropped", "added"])]
print(f"projects that change at the lower bounds: {robust.attrs['n_changed']}")
if len(changed):
    display(changed.style.hide(axis="index").format(thousands=",", precision=1, na_rep="—")
            .set_caption(f"{e.name}: projects dropped or added when every score is at its lower bound")
            .set_uuid("nb06-robustness"))
else:
    print("none: the selection is the same")

# %% tags=["nbval-check-output"]
heuristic = prioritise.compare_heuristic(grouped, budget=e.budget, region=region, floors=floors)
(heuristic.rename(columns={"n_selected": "projects", "cost": "cost (PLN)", "budget_left": "budget left (PLN)",
                           "score": "score (proxy)", "share_of_optimum": "share of optimum (%)",
                           "constraints_met": "floors and caps met", "same_as_milp": "same set as the MILP"})
 .style.hide(axis="index").format({"share of optimum (%)": "{:.2%}"}, thousands=",", precision=1, na_rep="—")
 .set_caption(f"{e.name}: the exact MILP against the score-per-cost heuristic")
 .set_uuid("nb06-heuristic"))

# %% [markdown]
# ## The study's numbers on participatory budgeting
#
# The study's text gives two quantities: Porto Alegre allocates "about 20% of the city
# budget" and Paris "about 5%" to citizens' projects. Neither can be checked here: the
# compendium holds no Porto Alegre or Paris data, and the Pabulib files give each Polish
# district's PB budget but not the city's or district's total budget, so not even the Polish
# share can be computed; the audit ledger's verdicts follow. The study's claims
# that PB in Kraków and Łódź "increased the transparency of budget planning" are qualitative.

# %% tags=["nbval-check-output"]
ledger = audit.run(ids=["R12", "R13"])
(ledger[["id", "reported", "recomputed", "verdict"]].style.hide(axis="index").format(na_rep="—")
 .set_caption("The study's participatory-budgeting shares: the audit's verdicts")
 .set_uuid("nb06-audit"))

# %% [markdown]
# ## Output
#
# * `data/processed/recommendation.csv`: one row per project of every election: cost,
#   support and its interval, priority flag, proxy score, rank by score, and 0/1 per rule
#   (`city`, `greedy`, `mes`, `milp_support`, `greedy_ratio`, `milp_proxy`,
#   `milp_proxy_floor`; empty where a rule does not apply).
# * `data/processed/recommendation_rules.csv`: the comparison of the rules above.

# %% tags=["nbval-check-output"]
print(data.write_processed("recommendation.csv", rec.projects).name)
print(data.write_processed("recommendation_rules.csv", rules).name)
