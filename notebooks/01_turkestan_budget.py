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
#     parameters: kzgov.study.turkestan_budget:PARAMETERS
# ---

# %% tags=["parameters"]
# Region: a name or code the region registry knows; `kzgov batch --values all` runs every region
# the Ministry of Finance bulletin prints (the 20 current regions and South Kazakhstan, 2013-2018)
region = "Turkestan region"
# Year of the oblast decision (or your budget) shown in the Budget Code layout; None = the latest
year = None
# Your own CSV in the layout of data/raw/templates/budget_template.csv or execution_template.csv;
# None = data/raw only
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
# decision kzgov has, in one unit. For every region it shows the Ministry of Finance's
# execution series and sets the study's Turkestan figures beside that official record.
#
# **Scope is data, like unit.** Three scopes appear here, and each table says which it is:
#
# * *consolidated local budget of a region* — the Ministry of Finance bulletin's execution
#   (oblast, district and rural levels together);
# * *oblast-level budget* — a maslikhat's budget decision (the oblast level only);
# * *not stated* — the study's Table 5.
#
# No series is built from two scopes (a `ScopeError` names both); they are set side by side
# only through `budget.compare_scopes`, which labels each side.
#
# Data read:
#
# * `data/raw/paper/table5_turkestan_budget_2024.csv`, `figure9_turkestan_dynamics.csv`,
#   `figure10_expenditure_structure.csv`, `figure11_social_spending.csv` — the numbers as
#   printed in the paper;
# * `data/raw/official/regional_budget_decisions.csv` and the four oblast-level decisions of
#   `data/raw/kz_budgets/official_acts_figures.csv` (combined in code) — first-year figures of
#   oblast maslikhat budget decisions, thousand KZT; no Turkestan decision was found;
# * `data/raw/kz_budgets/minfin_local_budget_execution_december.csv` and
#   `minfin_turkestan_local_budget_monthly.csv` — the Ministry of Finance bulletin's execution,
#   million KZT, full years;
# * the 2026–2028 transfer-law and bill figures of `official_acts_figures.csv`, thousand KZT;
# * `budget_file`, if given — your own budget, laid out like
#   `data/raw/templates/budget_template.csv` or `execution_template.csv`.
#
# Every amount is shown in one unit, stated beside it; conversions are explicit
# (`kzgov.units`). The general methods are in `kzgov.budget` and `kzgov.execution`; what is
# specific to the study (the mapping of Table 5, its figures, the comparison with the record)
# is in `kzgov.study.turkestan_budget`, imported here as `study`.

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown
from kzgov import budget, data, execution, regions
from kzgov.study import turkestan_budget as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

pd.set_option("display.width", 200)
pd.set_option("display.max_colwidth", 80)

# %% tags=["nbval-check-output"]
region_code = regions.resolve(region)
record = execution.build_panel()
series = execution.region_report(record, region_code)
everything = study.available(budget_file=budget_file)
has_budget = region_code in study.regions_with_data(everything)
selected = study.select_budget(everything, region=region_code, year=year) if has_budget else None
print(f"{regions.get(region_code).name_en} ({region_code})")
print(f"execution series: {len(series)} year(s), scope: {execution.SCOPE}, unit: {execution.UNIT}")
if selected is not None:
    print(f"budget in the Budget Code layout: {int(selected.frame['year'].iloc[0])}, "
          f"scope(s): {', '.join(selected.scopes)}, unit: {everything.unit}")
else:
    print("no oblast-level decision, Table 5 row or user budget for this region")
print(study.paper_note(region_code))

# %% [markdown]
# ## The region's execution series (consolidated local budget)
#
# Full years of the Ministry of Finance bulletin, million KZT: revenue, transfers received, own
# revenue (revenue − transfers), expenditure, the share of transfers in revenue, the study's
# "budget security" (own revenue / expenditure), and year-on-year changes between consecutive
# full years. A part-year row (Shymkent 2018: September–December) is labelled in `period` and
# has no year-on-year change. Gaps stay gaps (—).

# %% tags=["nbval-check-output"]
amounts = ["revenue", "transfers", "own_revenue", "expenditure"]
(series.drop(columns=["scope", "unit"])
 .rename(columns={**{c: f"{c.replace('_', ' ')} ({execution.UNIT})" for c in amounts},
                  "transfer_dependency": "transfer dependency (fraction)",
                  "budget_security": "budget security (fraction)",
                  "revenue_yoy": "revenue, change on previous year (fraction)",
                  "expenditure_yoy": "expenditure, change on previous year (fraction)"})
 .style.hide(axis="index")
 .format({f"{c.replace('_', ' ')} ({execution.UNIT})": "{:,.1f}" for c in amounts}, precision=4, na_rep="—")
 .set_caption(f"{regions.get(region_code).name_en}: execution of the {execution.SCOPE} by full year, "
              "Ministry of Finance bulletin")
 .set_uuid("nb01-execution"))

# %%
execution.plot_region(record, region_code);

# %% [markdown]
# ## The selected budget in the Budget Code layout
#
# Items 1–6 of a budget decision: income and its four parts, expenses, net budget lending,
# the balance of operations with financial assets, the deficit (−) or surplus (+), and its
# financing. A dash means the source does not give the figure; nothing is filled in. Each
# column is one budget, its scope in the column header.

# %% tags=["nbval-check-output"]
if selected is not None:
    view = selected.layout_view()
    view.columns = [f"{col} ({scope})" for col, scope in zip(view.columns, selected.frame["scope"])]
    display(view.style.format(precision=1, thousands=",", na_rep="—")
            .set_table_styles([{"selector": "th.row_heading", "props": "white-space: pre; text-align: left;"}])
            .set_caption(f"{regions.get(region_code).name_en}: the selected budget in the Budget Code layout "
                         f"({everything.unit}; — = not given by the source)")
            .set_uuid("nb01-layout"))
else:
    print(f"{region}: no budget in the Budget Code layout (no oblast decision in data/raw).")

# %% [markdown]
# ## Table 5: the paper's values against the Budget Code's identities
#
# Each printed line is mapped onto the layout (`study.TABLE5_MAPPING`). The caption gives the
# unit as *million* tenge; the sentence introducing the table says *thousand* tenge; the text
# under it states the same amounts in million tenge, which is the unit used here.
#
# The line "Budget deficit" is printed without a sign. Its label says *deficit*, and the Budget
# Code writes a deficit as negative, so it is mapped onto a negative `deficit_surplus`. The raw
# transcription is not corrected; the identity is recomputed and any mismatch is reported:

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    t5 = study.table5()
    t5_row = t5.frame.iloc[0]
    t5_balance = budget.check_identities(t5).set_index("identity").loc["deficit_surplus", "recomputed"]
    t5_printed = study.table5_comparison().set_index("field").loc["deficit_surplus", "printed"]
    t5_forms = study.explain_balance(t5)
    t5_equal = list(t5_forms.loc[t5_forms["matches_magnitude"], "formula"])
    kind = "a surplus" if t5_balance > 0 else "a deficit" if t5_balance < 0 else "balanced"
    left_out = ("the table leaves out net lending and the financial-assets balance"
                if t5_equal == ["income - expenses"] else "see the table below")
    display(Markdown(
        f"The printed deficit {t5_printed} is mapped onto `deficit_surplus = {t5_row['deficit_surplus']:,.1f}`. "
        "The identity income − expenses − net lending − financial-assets balance gives "
        f"{t5_row['income']:,.1f} − {t5_row['expenses']:,.1f} − {t5_row['net_budget_lending']:,.1f} − "
        f"{t5_row['financial_assets_balance']:,.1f} = **{t5_balance:+,.1f}, {kind}**. "
        + (f"The printed {t5_printed} equals {' and '.join(t5_equal)} in magnitude: {left_out}."
           if t5_equal else f"The printed {t5_printed} equals none of the partial balances.")))

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    t5c = study.table5_comparison()
    unit, = t5c["unit"].unique()
    display(t5c.drop(columns="unit")
            .rename(columns={"printed": "printed (as in the paper)", "paper (mapped)": f"paper, mapped ({unit})",
                             "recomputed": f"recomputed ({unit})", "difference": f"difference ({unit})"})
            .style.hide(axis="index").format(precision=1, thousands=",", na_rep="—")
            .set_caption("Table 5 as printed, mapped onto the Budget Code layout and checked against its identities")
            .set_uuid("nb01-table5"))
else:
    print(study.paper_note(region_code))

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    bal = study.explain_balance(study.table5())
    unit, = bal["unit"].unique()
    display(bal.drop(columns="unit")
            .rename(columns={"value": f"value ({unit})", "given": f"printed deficit, signed ({unit})",
                             "matches_signed": "matches with sign", "matches_magnitude": "matches in magnitude"})
            .style.hide(axis="index").format({f"value ({unit})": "{:,.1f}", f"printed deficit, signed ({unit})": "{:,.1f}"})
            .set_caption("Which balance formula gives Table 5's printed deficit")
            .set_uuid("nb01-balance"))

# %% [markdown]
# ## Identity checks on Table 5 and on every official decision
#
# Each table in its own unit (Table 5: million KZT; decisions: thousand KZT). `mismatch` is the
# warning row for components that do not add up; `not checkable` names the missing inputs. The
# decisions were read from excerpts that mostly stop inside item 4, so their deficit lines are
# largely missing; the recomputed side is shown where its inputs exist.

# %% tags=["nbval-check-output"]
checks = study.check_all(budget_file=budget_file)
cols = ["region", "year", "source", "identity", "printed", "recomputed", "difference", "status", "missing", "unit"]
(checks[cols].rename(columns={"printed": "printed (unit of the row)", "recomputed": "recomputed (unit of the row)",
                              "difference": "difference (unit of the row)"})
 .style.hide(axis="index")
 .format({f"{c} (unit of the row)": "{:,.1f}" for c in ["printed", "recomputed", "difference"]}, na_rep="—")
 .set_caption("Budget Code identities of Table 5 and of every official decision: printed against recomputed")
 .set_uuid("nb01-identities"))

# %% tags=["nbval-check-output"]
(pd.crosstab(checks["source"], checks["status"])
 .style.set_caption("Identity checks by source and status (count)")
 .set_uuid("nb01-identity-counts"))

# %% [markdown]
# ## Fiscal-autonomy indicators
#
# All fractions, never percent; own revenue = income − transfers. `budget_security` is the
# study's measure (Section 2: transfers deducted from local revenue, relative to local
# expenditure); it is the fiscal self-sufficiency ratio of the literature, and
# 1 − `budget_security` is the vertical fiscal imbalance. `balance` is recomputed by the Budget
# Code identity, as a fraction of income.

# %%
definitions = budget.indicator_definitions()
indicators = list(definitions["indicator"])
(definitions.style.hide(axis="index")
 .set_caption("The fiscal-autonomy indicators: formula, inputs and source").set_uuid("nb01-definitions"))

# %% tags=["nbval-check-output"]
if selected is not None:
    selected_indicators = budget.indicator_table(selected)
    display(selected_indicators[["region", "year", "source", *indicators]]
            .rename(columns={i: f"{i.replace('_', ' ')} (fraction)" for i in indicators})
            .style.hide(axis="index").format(precision=4, na_rep="—")
            .set_caption(f"{regions.get(region_code).name_en}: fiscal-autonomy indicators of the selected budget")
            .set_uuid("nb01-indicators"))

# %% tags=["nbval-check-output"]
if selected is not None:
    missing = selected_indicators.loc[selected_indicators["not_computable"] != "",
                                      ["region", "year", "source", "document", "not_computable"]]
    if len(missing):
        display(missing.style.hide(axis="index")
                .set_caption(f"{regions.get(region_code).name_en}: indicators that cannot be computed, and why")
                .set_uuid("nb01-not-computable"))
    else:
        print("Every indicator could be computed.")

# %% [markdown]
# ## Figure 9: revenue and expenditure, 2022–2024
#
# The text gives revenue for 2022–2024 (under Table 5) and expenditure for 2022–2024 (under
# Figure 9); its 2024 values are set beside Table 5's below. Changes are year on year;
# CAGR is from 2022. `abs_change_table5`/`yoy_table5` use Table 5's 2024 value instead.
# For other regions, the same dynamics are computed from the official oblast decisions where
# there are two years or more (one scope; the execution series' dynamics are above).

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    dyn = study.figure9_comparison()
    caption = (f"Figure 9: revenue and expenditure {dyn['year'].min()}-{dyn['year'].max()} as printed in the text, "
               "against Table 5")
elif region_code in study.regions_with_data(budget.official()):
    dyn = study.region_dynamics(budget.official(), region_code)
    caption = f"{regions.get(region_code).name_en}: dynamics of the oblast-level budget decisions"
else:
    dyn = None
    print(f"{region}: no oblast decision in data/raw.")
if dyn is not None and not len(dyn):
    print(f"{region}: one decision only, no dynamics.")
elif dyn is not None:
    unit, = dyn["unit"].unique()
    amounts = [c for c in dyn.columns if c in ("paper (text)", "table5", "value", "difference", "abs_change",
                                               "abs_change_table5")]
    rates = [c for c in dyn.columns if c in ("yoy", "cagr", "yoy_table5")]
    display(dyn.drop(columns="unit")
            .rename(columns={**{c: f"{c} ({unit})" for c in amounts}, **{c: f"{c} (fraction)" for c in rates}})
            .style.hide(axis="index").format({f"{c} ({unit})": "{:,.1f}" for c in amounts}, precision=4, na_rep="—")
            .set_caption(caption).set_uuid("nb01-dynamics"))

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    d24 = dyn[dyn["year"] == study.PAPER_YEAR].set_index("measure")

    def _same(measure: str) -> str:
        return "equals" if abs(d24.loc[measure, "difference"]) < 0.05 else "does not equal"

    display(Markdown(
        f"The text's {study.PAPER_YEAR} revenue, {d24.loc['revenue', 'paper (text)']:,.1f}, "
        f"{_same('revenue')} Table 5's income of {d24.loc['revenue', 'table5']:,.1f}; its {study.PAPER_YEAR} "
        f"expenditure, \"planned to reach {d24.loc['expenses', 'paper (text)']:,.1f}\", {_same('expenses')} "
        f"Table 5's expenses of {d24.loc['expenses', 'table5']:,.1f} ({unit})."))

# %%
if region_code == study.PAPER_REGION:
    study.plot_dynamics();

# %% [markdown]
# ## Figure 10: structure of expenditure, 2024
#
# Shares of the functional groups printed under Figure 10, over the sum of the groups as
# printed, and over the two expenditure totals the paper gives for 2024. The gap between each
# total and the groups is a separate *unallocated* line, not spread over the groups.

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    display(*study.structure_styles(
        study.figure10_structure(), title=f"Figure 10: expenditure by functional group, {study.PAPER_YEAR}", uuid="nb01-fig10"))

# %%
if region_code == study.PAPER_REGION:
    study.plot_figure10();

# %% [markdown]
# ## Figure 11: social spending by category, 2024
#
# The categories printed under Figure 11, against the social-sphere total printed under
# Figure 10.

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    display(*study.structure_styles(
        study.figure11_structure(), title=f"Figure 11: social spending by category, {study.PAPER_YEAR}", uuid="nb01-fig11"))

# %%
if region_code == study.PAPER_REGION:
    study.plot_figure11();

# %% [markdown]
# ### The section's totals against their parts

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    recon = study.turkestan_reconciliation()
    unit, = recon["unit"].unique()
    display(recon.drop(columns="unit")
            .rename(columns={c: f"{c} ({unit})" for c in ["paper", "recomputed", "difference"]})
            .style.hide(axis="index").format(precision=1, thousands=",", na_rep="—")
            .set_caption("Turkestan: the section's totals as printed against the sums of their parts")
            .set_uuid("nb01-reconciliation"))

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
# ## The study's Turkestan figures beside the official record
#
# The Ministry of Finance bulletin prints Turkestan's execution for every month (here: full
# years, December rows). The rule, declared before the comparison (`study.COMPARISON_RULE`):

# %% tags=["nbval-check-output"]
print(study.COMPARISON_RULE)

# %% [markdown]
# Levels side by side (Table 5, Figures 9–11), each side labelled with its scope, in million KZT;
# `official / paper` is the factor between them, and `paper_share` / `official_share` are each
# side's share of its own total (revenue items of revenue; expenditure groups of expenditure,
# the paper's being the 2024 expenditure printed under Figure 9).

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    tc = study.turkestan_comparison()
    unit, = tc["unit"].unique()
    display(tc.drop(columns="unit")
            .rename(columns={"paper": f"paper ({unit})", "official": f"official ({unit})",
                             "official / paper": "official / paper (ratio)",
                             "paper_share": "paper share of its total (fraction)",
                             "official_share": "official share of its total (fraction)"})
            .style.hide(axis="index")
            .format({f"paper ({unit})": "{:,.1f}", f"official ({unit})": "{:,.1f}"}, precision=3, na_rep="—")
            .set_caption("Turkestan: the study's figures beside the Ministry of Finance execution, each with its scope")
            .set_uuid("nb01-turkestan-record"))
    print(f"The record is {tc['official / paper'].min():.1f} to {tc['official / paper'].max():,.1f} "
          "times the study's figures: no single unit or scope factor maps one onto the other.")
else:
    print(study.paper_note(region_code))

# %% [markdown]
# The direction of change, 2022 → 2023 → 2024, judged on its own (the study prints no transfers
# for 2022–2023):

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    dirs = study.turkestan_directions()
    display(dirs.rename(columns={"from_year": "from year", "to_year": "to year",
                                 "paper_change": f"paper change ({execution.UNIT})",
                                 "official_change": f"official change ({execution.UNIT})"})
            .style.hide(axis="index")
            .format({c: "{:,.1f}" for c in [f"paper change ({execution.UNIT})", f"official change ({execution.UNIT})"]}, na_rep="—")
            .set_caption(f"Turkestan: direction of change {dirs['from_year'].min()}-{dirs['to_year'].max()}, "
                         "the study against the record")
            .set_uuid("nb01-directions"))
    print(f"{int(dirs['same_direction'].sum())} of {int((dirs['paper_direction'] != 'none').sum())} "
          "changes the study prints go the same way as the record.")

# %% [markdown]
# The balance identity holds on the record (the bulletin's BALANCE = revenue − expenditure −
# net lending − financial-assets balance), unlike Table 5's printed deficit:

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    rec = study.turkestan_annual()
    ident = budget.check_identities(rec)
    bal_rec = ident[ident["identity"] == "deficit_surplus"]
    unit, = bal_rec["unit"].unique()
    display(bal_rec[["year", "printed", "recomputed", "difference", "status"]]
            .rename(columns={c: f"{c} ({unit})" for c in ["printed", "recomputed", "difference"]})
            .style.hide(axis="index").format({f"{c} ({unit})": "{:,.1f}" for c in ["printed", "recomputed", "difference"]})
            .set_caption("Turkestan's record: the bulletin's balance against the Budget Code identity, by year")
            .set_uuid("nb01-record-balance"))
    scopes = budget.compare_scopes(study.table5(), rec.select(year=study.PAPER_YEAR),
                                   fields=["income", "tax_receipts", "transfers", "expenses",
                                           "net_budget_lending", "financial_assets_balance",
                                           "deficit_surplus"])
    unit, = scopes["unit"].unique()
    display(scopes.drop(columns="unit")
            .rename(columns={c: f"{c} ({unit})" for c in ["left", "right", "difference"]} | {"ratio": "left / right (ratio)"})
            .style.hide(axis="index").format({f"{c} ({unit})": "{:,.1f}" for c in ["left", "right", "difference"]},
                                             precision=4, na_rep="—")
            .set_caption(f"Turkestan {study.PAPER_YEAR}: Table 5 beside the record, each side with its scope ({unit})")
            .set_uuid("nb01-scopes"))

# %% [markdown]
# Turkestan's expenditure by functional group on the record, with each group's share of the
# year's expenditure (the groups Figures 10–11 name are mapped in `study.FIGURE10_GROUPS`
# and `FIGURE11_GROUPS`):

# %% tags=["nbval-check-output"]
if region_code == study.PAPER_REGION:
    fg = study.turkestan_functional()
    display(fg.pivot_table(index=["code", "group"], columns="year", values="share")
            .style.format(precision=3, na_rep="—")
            .set_caption("Turkestan's expenditure by functional group: share of the year's expenditure (fraction)")
            .set_uuid("nb01-functional"))

# %% [markdown]
# ## The 2026 transfer law and bill
#
# Figures of the Law on volumes of general transfers 2026–2028 (withdrawals, as adopted), its
# draft (2027–2028), and the 2026 subventions of the bill as a news item quoted them (bill
# figures, not law), thousand KZT. Shown for this region where they name it, and the totals.

# %% tags=["nbval-check-output"]
law = study.transfer_law_figures()
mine = law[(law["region_code"] == region_code) | law["region_code"].isna()]
unit, = law["unit"].unique()
(mine[["region", "budget_year", "item", "value", "status", "source_date"]]
 .rename(columns={"budget_year": "budget year", "value": f"value ({unit})", "source_date": "source date"})
 .style.hide(axis="index").format({f"value ({unit})": "{:,.0f}"}, na_rep="—")
 .set_caption(f"Transfer law and bill {law['budget_year'].min()}-{law['budget_year'].max()}: figures for {regions.get(region_code).name_en} and the totals")
 .set_uuid("nb01-transfer-law"))

# %% [markdown]
# ## Turkestan beside every official decision, in one unit
#
# Amounts converted to million KZT; indicators are fractions and do not depend on the unit.
# Each row keeps its source and scope (Table 5: not stated; decisions: oblast-level budget).
# The study's "more than 70%" and "on average … 70–80%" are judged on every region-year of the
# execution panel in notebook 03 (part 6); below, only the oblast decisions.

# %% tags=["nbval-check-output"]
comparison = budget.indicator_table(everything)
comparison.insert(5, "scope", list(everything.frame["scope"]))
cols = ["region", "year", "source", "scope", "income", "transfers", "expenses", *indicators]
(comparison[cols]
 .rename(columns={**{c: f"{c} ({everything.unit})" for c in ["income", "transfers", "expenses"]},
                  **{i: f"{i.replace('_', ' ')} (fraction)" for i in indicators}})
 .style.hide(axis="index")
 .format({f"{c} ({everything.unit})": "{:,.1f}" for c in ["income", "transfers", "expenses"]}, precision=4, na_rep="—")
 .set_caption("Fiscal-autonomy indicators of Table 5 and of every official oblast decision, in one unit")
 .set_uuid("nb01-comparison"))

# %%
study.plot_indicators(comparison);

# %% tags=["nbval-check-output"]
(study.transfer_share_summary(budget.official()).T.rename(columns={0: "value"})
 .style.format(precision=4)
 .set_caption("Transfers as a share of income (fraction) across the official oblast decisions")
 .set_uuid("nb01-transfer-share"))

# %% [markdown]
# ## Output
#
# `data/processed/budget_indicators.csv`: one row per region-year and source (Table 5, each
# official decision, and your file's rows if `budget_file` is given): amounts in million KZT,
# the six indicators, and the reasons for any that cannot be computed.

# %% tags=["nbval-check-output"]
print(data.write_processed("budget_indicators.csv", comparison).name)
