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
#     domains: kzgov.budget:parameter_domains
# ---

# %% tags=["parameters"]
# Region: a name or code the region registry knows; `kzgov batch` runs every region
# with budget data (Turkestan from the study, the others from official decisions)
region = "Turkestan region"
# Budget year; None = the latest year with data for the region
year = None
# Your own budget CSV in the layout of data/raw/templates/budget_template.csv; None = data/raw only
budget_file = None

# %% [markdown]
# # The Turkestan regional budget (Section 3, Table 5, Figures 9–13) and fiscal autonomy
#
# This notebook reproduces the budget part of Section 3 of Abdullayev, Kadyrova & Ydyrys
# (2025), *Emerging Science Journal* 9(3), doi:10.28991/ESJ-2025-09-03-017: Table 5 (the
# Turkestan regional budget for 2024), the revenue and expenditure dynamics 2022–2024
# (Figure 9), the structure of expenditure (Figure 10), social spending by category
# (Figure 11), and Figures 12–13, for which the text prints no numbers. It computes the
# study's "budget security" (Section 2: own revenue over expenditure) and the usual
# fiscal-autonomy indicators, and sets Turkestan beside every official oblast budget
# decision kzgov has, in one unit.
#
# Data read:
#
# * `data/raw/paper/table5_turkestan_budget_2024.csv`, `figure9_turkestan_dynamics.csv`,
#   `figure10_expenditure_structure.csv`, `figure11_social_spending.csv` — the numbers as
#   printed in the paper;
# * `data/raw/official/regional_budget_decisions.csv` — first-year figures of oblast
#   maslikhat budget decisions (adilet.zan.kz), thousand KZT; no Turkestan decision was found;
# * `budget_file`, if given — your own budget, laid out like
#   `data/raw/templates/budget_template.csv`.
#
# Every amount is shown in one unit, stated beside it; conversions are explicit
# (`kzgov.units`).

# %%
# %matplotlib inline
import pandas as pd
from kzgov import budget, data, regions

pd.set_option("display.width", 200)
pd.set_option("display.max_colwidth", 80)

# %% tags=["nbval-check-output"]
region_code = regions.resolve(region)
everything = budget.available(budget_file=budget_file)
selected = budget.select_budget(everything, region=region_code, year=year)
selected_year = int(selected.frame["year"].iloc[0])
print(f"{regions.get(region_code).name_en} ({region_code}), {selected_year}; amounts in {everything.unit}")
print(budget.paper_note(region_code))

# %% [markdown]
# ## The selected budget in the Budget Code layout
#
# Items 1–6 of a budget decision: income and its four parts, expenses, net budget lending,
# the balance of operations with financial assets, the deficit (−) or surplus (+), and its
# financing. NaN means the source does not give the figure; nothing is filled in.

# %% tags=["nbval-check-output"]
print(budget.layout_view(selected).to_string())

# %% [markdown]
# ## Table 5: the paper's values against the Budget Code's identities
#
# Each printed line is mapped onto the layout (`budget.TABLE5_MAPPING`). The caption gives the
# unit as *million* tenge; the sentence introducing the table says *thousand* tenge; the text
# under it states the same amounts in million tenge, which is the unit used here.
#
# The line "Budget deficit 2 613.1" has no sign. Its label says *deficit*, and the Budget Code
# writes a deficit as negative, so it is mapped onto `deficit_surplus = −2 613.1`. The identity
# income − expenses − net lending − financial-assets balance gives
# 79 113.1 − 76 500.0 − 1 000.0 − 1 000.0 = **+613.1, a surplus**. The printed 2 613.1 is
# exactly income − expenses: the table leaves out net lending and the financial-assets balance.
# The raw transcription is not corrected; the mismatch is reported.

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.table5_comparison().round(1).to_string(index=False))
else:
    print(budget.paper_note(region_code))

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.explain_balance(budget.table5()).round(1).to_string(index=False))

# %% [markdown]
# ## Identity checks on Table 5 and on every official decision
#
# Each table in its own unit (Table 5: million KZT; decisions: thousand KZT). `mismatch` is the
# warning row for components that do not add up; `not checkable` names the missing inputs. The
# decisions were read from excerpts that mostly stop inside item 4, so their deficit lines are
# largely missing; the recomputed side is shown where its inputs exist.

# %% tags=["nbval-check-output"]
checks = budget.check_all(budget_file=budget_file)
cols = ["region", "year", "source", "identity", "printed", "recomputed", "difference", "status", "missing", "unit"]
print(checks[cols].round(1).to_string(index=False))

# %% tags=["nbval-check-output"]
print(checks.groupby(["source", "status"]).size().to_string())

# %% [markdown]
# ## Fiscal-autonomy indicators
#
# All fractions, never percent; own revenue = income − transfers. `budget_security` is the
# study's measure (Section 2: transfers deducted from local revenue, relative to local
# expenditure); it is the fiscal self-sufficiency ratio of the literature, and
# 1 − `budget_security` is the vertical fiscal imbalance. `balance` is recomputed by the Budget
# Code identity, as a fraction of income.

# %%
budget.indicator_definitions()

# %% tags=["nbval-check-output"]
selected_indicators = budget.indicator_table(selected)
print(selected_indicators[["region", "year", "source", *budget.INDICATORS]].round(4).to_string(index=False))

# %% tags=["nbval-check-output"]
missing = budget.not_computable(selected)
print(missing.to_string(index=False) if len(missing) else "Every indicator could be computed.")

# %% [markdown]
# ## Figure 9: revenue and expenditure, 2022–2024
#
# The text gives revenue for 2022–2024 (under Table 5) and expenditure for 2022–2024 (under
# Figure 9). Its 2024 revenue equals Table 5's income; its 2024 expenditure, "planned to reach
# 52,965.1", does not equal Table 5's expenses of 76 500.0. Changes are year on year;
# CAGR is from 2022. `abs_change_table5`/`yoy_table5` use Table 5's 2024 value instead.
# For other regions, the same dynamics are computed from the official decisions where there
# are two years or more.

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.figure9_comparison().round(4).to_string(index=False))
else:
    dyn = budget.region_dynamics(everything, region_code)
    print(dyn.round(4).to_string(index=False) if len(dyn) else f"{region}: one year of data only, no dynamics.")

# %%
if region_code == budget.PAPER_REGION:
    budget.plot_dynamics();

# %% [markdown]
# ## Figure 10: structure of expenditure, 2024
#
# Shares of the seven functional groups printed under Figure 10, over the sum of the groups as
# printed, and over the two expenditure totals the paper gives for 2024. The gap between each
# total and the groups is a separate *unallocated* line, not spread over the groups.

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.structure_table(budget.figure10_structure()).to_string(index=False))
    print(budget.structure_totals(budget.figure10_structure()).round(4).to_string(index=False))

# %%
if region_code == budget.PAPER_REGION:
    budget.plot_structure(
        budget.figure10_structure(),
        title="Turkestan regional budget 2024: expenditure by functional group",
        source="Amounts printed under Figure 10 of Abdullayev, Kadyrova & Ydyrys (2025); totals from the text "
        "under Figure 9 and Table 5 (data/raw/paper/figure10_expenditure_structure.csv, figure9_turkestan_dynamics.csv, "
        "table5_turkestan_budget_2024.csv).",
    );

# %% [markdown]
# ## Figure 11: social spending by category, 2024
#
# The four categories printed under Figure 11, against the social-sphere total printed under
# Figure 10.

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.structure_table(budget.figure11_structure()).to_string(index=False))
    print(budget.structure_totals(budget.figure11_structure()).round(4).to_string(index=False))

# %%
if region_code == budget.PAPER_REGION:
    budget.plot_structure(
        budget.figure11_structure(),
        title="Turkestan regional budget 2024: social spending by category",
        source="Amounts printed under Figure 11 of Abdullayev, Kadyrova & Ydyrys (2025); total from the text under "
        "Figure 10 (data/raw/paper/figure11_social_spending.csv, figure10_expenditure_structure.csv).",
    );

# %% [markdown]
# ### The section's totals against their parts

# %% tags=["nbval-check-output"]
if region_code == budget.PAPER_REGION:
    print(budget.turkestan_reconciliation().round(1).to_string(index=False))

# %% [markdown]
# ## Figures 12–13: no numbers to reproduce
#
# The text prints **no numbers** for Figure 12 (social spending 2021–2024) or Figure 13
# (execution of the social budget in 2024): it says only that spending peaked in 2022–2023 and
# that actual spending is "slightly behind the plan". Nothing is drawn for them.
#
# Plan against execution would be scored with PEFA PI-1 (aggregate outturn,
# `budget.pefa_pi1`) and PI-2 (composition variance, `budget.pefa_pi2`), which need planned
# and actual figures for the last three completed years. The paper gives neither, and the
# official decisions are plans only, so no PEFA score is computed here.

# %% [markdown]
# ## Turkestan beside every official decision, in one unit
#
# Amounts converted to million KZT; indicators are fractions and do not depend on the unit.
# The study says transfers are "more than 70%" of revenue in Turkestan and "on average …
# 70–80%" across regions; kzgov can check the second only for the regions whose decisions it
# has (Akmola, Aktobe, Kostanay, Ulytau), not for Kazakhstan as a whole.

# %% tags=["nbval-check-output"]
comparison = budget.indicator_table(everything)
cols = ["region", "year", "source", "document", "income", "transfers", "expenses", *budget.INDICATORS]
print(comparison[cols].round(4).to_string(index=False))

# %%
budget.plot_indicators(comparison);

# %% tags=["nbval-check-output"]
print(budget.transfer_share_summary(budget.official()).round(4).T.to_string(header=False))

# %% [markdown]
# ## Output
#
# `data/processed/budget_indicators.csv`: one row per region-year and source (Table 5, each
# official decision, and your file's rows if `budget_file` is given): amounts in million KZT,
# the six indicators, and the reasons for any that cannot be computed.

# %% tags=["nbval-check-output"]
print(data.write_processed("budget_indicators.csv", comparison).name)
