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
#     domains: kzgov.citizens:parameter_domains
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
# # Recommendation and citizens' modules on real participatory-budgeting elections
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
# `n_voters` counts the ballots in the file; META's `num_votes` is one higher in Bemowo and
# Stare Miasto (and Stare Miasto's `num_projects` is 29 for 28 listed projects): the reader
# warns and uses the rows. The Warsaw `votes` columns equal the counts of ballots; Kraków's
# `score` column equals the 3-2-1 points of the ballots, while its `votes` column does not
# match the ballots (recorded, not corrected; the rules below use the ballots and `score`).

# %% tags=["nbval-check-output"]
# %matplotlib inline
import warnings

import pandas as pd

from kzgov import audit, citizens, data, prioritise

names = citizens.elections()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", citizens.ElectionCountWarning)
    loaded = {name: citizens.load_election(name) for name in names}
facts = pd.DataFrame([citizens.summary(e) for e in loaded.values()])
print(facts[["election", "vote_type", "budget", "n_projects", "meta_num_projects", "n_voters",
             "meta_num_votes", "total_cost", "has_categories", "has_selected",
             "votes_column_matches_ballots", "score_column_matches_ballots"]].to_string(index=False))
print()
print("\n".join(sorted(str(w.message) for w in caught)))

# %% [markdown]
# ## The city's rule reproduced
#
# All four elections used the greedy rule: go down the projects by votes (by score in Kraków)
# and fund each one that still fits the budget left. `citizens.greedy` reproduces the set the
# city funded in each Warsaw district (`same_as_city`); Kraków's file does not record the
# funded set, so its greedy outcome is a recomputation that cannot be compared.

# %% tags=["nbval-check-output"]
rec = citizens.recommend(names, proxy=proxy, priority_bonus=priority_bonus,
                         floor_category=floor_category, floor_share=floor_share)
rules = rec.rules
city = rules[rules["rule"] == "greedy"][["election", "n_projects", "cost", "budget", "same_as_city"]]
print(city.to_string(index=False))

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
               "effective_categories"]].round(4)
print(shown.to_string(index=False))

# %%
fig = citizens.plot_rules(rules)

# %% [markdown]
# ## Why the rules differ
#
# The outcomes of `city`, `greedy`, `mes`, `milp_support` and `greedy_ratio` do not depend on
# the parameters; the figures quoted here are theirs.
#
# * **Greedy spends on the most popular projects first, whatever they cost.** A large,
#   popular project takes much of the budget (Anin: project 1828, free sports classes,
#   90,770 of 122,468 PLN; Bemowo: project 179, a cycle path, 440,182 of 725,000 PLN), and
#   many cheaper projects that together have more approvals are left out. Greedy funds the
#   fewest projects and the fewest approvals in every election. Because the most popular
#   projects are approved by many voters, its coverage is still the highest in Anin (0.85)
#   and Koło (0.88); in Bemowo (0.79) and Kraków (0.84) it is the lowest.
# * **The MILP on support** buys the most approvals (or 3-2-1 points) the budget allows: it
#   funds many cheap projects (Anin 13 instead of 6, Bemowo 26 instead of 11) and has the
#   highest `approvals`, but a voter who only approved a large project gets nothing, so
#   coverage can fall (Anin 0.61). Maximising the total is not the same as serving everyone.
#   The support-per-cost heuristic `greedy_ratio` finds the same optimum in Anin, Bemowo
#   and Kraków and 98.7 % of it in Koło: the projects are small against the budget.
# * **MES** gives each voter an equal share of the budget to spend on the projects they
#   voted for, so groups of voters get projects in proportion to their size. It funds more
#   projects than greedy everywhere (10, 22, 17 and 13 against 6, 11, 13 and 6) and
#   spreads spending over more categories than greedy (`effective_categories` 5.7, 4.9, 5.8
#   against 3.8, 3.5, 5.1), reaching the highest coverage in Bemowo (0.81) and Kraków (0.97).
#   In Kraków MES, the support MILP and the heuristic all fund the same 13 projects.
# * **The proxy and the floor are policy choices.** The weight moves money towards the
#   study's priority sectors; the floor reserves a share of the budget for one category, at
#   a price in proxy score that `explain_selection` reports below (`gain_if_dropped`).

# %% [markdown]
# ## The platform's recommendation for one election
#
# The table of projects with their support, its 95 % bootstrap interval (voters resampled
# 1,000 times, seed 0: how much the count could differ with another turnout of the same
# electorate), and the proxy score. Then the MILP's selection with the floor, which
# constraints bind, what changes when every score is at the lower end of its interval, and
# the comparison with the greedy score-per-cost heuristic.

# %% tags=["nbval-check-output"]
e = loaded[election]
table = citizens.project_table(e, proxy=proxy, priority_bonus=priority_bonus)
grouped, floors = citizens.floor_groups(e, table, floor_category=floor_category, floor_share=floor_share)
region = "floor_group" if floors else None
print(f"{e.name}: budget {e.budget:,.0f} PLN, {len(table)} projects, floors: {floors}")
cols = ["project_id", "cost", "category", "priority", "support", "support_low",
        "support_high", "score"]
print(table[cols].sort_values(["score", "project_id"], ascending=[False, True])
      .round(1).to_string(index=False))

# %% tags=["nbval-check-output"]
chosen = prioritise.select(grouped, budget=e.budget, region=region, floors=floors)
explained = prioritise.explain_selection(grouped, budget=e.budget, region=region, floors=floors)
print(f"selected {len(chosen)} projects: {sorted(chosen['project_id'])}")
print(f"budget used {explained.attrs['budget_used']:,.0f} PLN, left {explained.attrs['budget_left']:,.0f} PLN")
print(explained.round(2).to_string(index=False))

# %% tags=["nbval-check-output"]
robust = prioritise.robustness(grouped, budget=e.budget, low="score_low", region=region, floors=floors)
changed = robust[robust["change"].isin(["dropped", "added"])]
print(f"projects that change at the lower bounds: {robust.attrs['n_changed']}")
print(changed.round(1).to_string(index=False) if len(changed) else "none: the selection is the same")

# %% tags=["nbval-check-output"]
heuristic = prioritise.compare_heuristic(grouped, budget=e.budget, region=region, floors=floors)
print(heuristic.round(4).to_string(index=False))

# %% [markdown]
# ## The study's numbers on participatory budgeting
#
# The study's text gives two quantities: Porto Alegre allocates "about 20% of the city
# budget" and Paris "about 5%" to citizens' projects. Neither can be checked here: the
# compendium holds no Porto Alegre or Paris data, and the Pabulib files give each Polish
# district's PB budget but not the city's or district's total budget, so not even the Polish
# share can be computed. The audit ledger records them as unverifiable. The study's claims
# that PB in Kraków and Łódź "increased the transparency of budget planning" are qualitative.

# %% tags=["nbval-check-output"]
ledger = audit.run(ids=["R12", "R13"])
print(ledger[["id", "reported", "recomputed", "verdict"]].to_string(index=False))

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
