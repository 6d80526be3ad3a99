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
#     parameters: kzgov.study.reproduction_audit:PARAMETERS
# ---

# %% tags=["parameters"]
# Claim ids to check (None = every claim of data/raw/paper/claims.csv)
only = None
# Order in which verdicts are listed
verdict_order = ["reproduced", "discrepancy", "not_reproducible", "unverifiable"]

# %% [markdown]
# # Reproduction audit: which of the study's numbers hold?
#
# Abdullayev, Kadyrova & Ydyrys (2025), "Modernization of the Local Government System:
# Development Prospects and Implementation Mechanisms", *Emerging Science Journal* 9(3),
# doi:[10.28991/ESJ-2025-09-03-017](https://doi.org/10.28991/ESJ-2025-09-03-017).
#
# This is the front page of the compendium. Every quantitative statement of the study's
# Methods, Results and Conclusion is a row of `data/raw/paper/claims.csv`, quoted verbatim
# with the line where it is printed. `kzgov.audit` maps each claim to a check — a kzgov
# function that recomputes it from `data/raw` — and gives one of four verdicts:
#
# | verdict | meaning |
# |---|---|
# | **reproduced** | the recomputed value matches the reported one at the printed precision, or an internal-consistency test holds (a table's arithmetic, a text figure against its table, a percentage against the stated n) |
# | **discrepancy** | it does not; the note gives the recomputed value and explains the difference |
# | **not reproducible** | the claim rests on data the study used but did not publish; the note names the data |
# | **unverifiable** | nothing could check it: an opinion, a projection with nothing behind it, a fact about another country |
#
# Data read: `data/raw/paper/*.csv` (transcriptions of the study's tables and figures),
# `data/raw/official/*.csv` (budget decisions, PPP totals), `data/raw/kz_stat/*.csv`
# (statistics bureau and Ministry of Finance series), `data/raw/kz_budgets/*.csv` (the Ministry
# of Finance bulletin's execution of local budgets by region, and Turkestan's monthly execution). The sections' notebooks hold the
# evidence in full; this page collects the verdicts.

# %%
# %matplotlib inline
import pandas as pd
import kzgov
from kzgov import audit, budget, correlation, data, execution, plots
from kzgov.study import economic_effect, ppp_projects, regional_correlation
from kzgov.study import reproduction_audit as study
from kzgov.study import turkestan_budget
from IPython.display import Markdown

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

pd.set_option("display.width", 200)
pd.set_option("display.max_colwidth", 120)

# %%
ledger = audit.run(ids=only)
print(data.write_processed("audit.csv", ledger).name)

# %% [markdown]
# ## The verdicts

# %% tags=["nbval-check-output"]
counts = ledger["verdict"].value_counts().reindex(verdict_order, fill_value=0)
verdicts = (pd.concat([counts, pd.Series({"total": counts.sum()})])
            .rename("claims (count)").rename_axis("verdict").reset_index())
(verdicts.style.hide(axis="index")
 .set_caption("Verdicts on the study's quantitative claims: how many are reproduced, "
              "contradicted, not reproducible or unverifiable")
 .set_uuid("nb08-verdicts"))

# %% tags=["nbval-check-output"]
(study.by_section(ledger).style
 .set_caption("Verdicts by part of the study (claims, count)")
 .set_uuid("nb08-by-section"))

# %%
plots.set_theme()
table = study.by_section(ledger).drop(columns="total")
ax = table.plot.barh(stacked=True, figsize=(8, 6))
ax.invert_yaxis()
ax.set_xlabel("claims (count)")
ax.set_ylabel("")
ax.set_title("Verdicts on the study's quantitative claims, by table, figure and section")
plots.caption(ax.figure, "Source: kzgov audit of data/raw/paper/claims.csv against data/raw.")

# %% [markdown]
# ## Discrepancies, one by one
#
# Each row: the claim as printed, what kzgov recomputes, and why they differ.

# %% tags=["nbval-check-output"]
disc = ledger[ledger["verdict"] == "discrepancy"]
(disc[["id", "location", "claim", "reported", "recomputed", "note"]]
 .rename(columns={"reported": "reported (as printed)", "recomputed": "recomputed (unit of the claim)",
                  "note": "why they differ"})
 .style.hide(axis="index").format({"recomputed (unit of the claim)": "{:,.6g}"}, na_rep="")
 .set_caption("Discrepancies: each claim as printed against the value kzgov recomputes from data/raw")
 .set_uuid("nb08-discrepancies"))

# %% [markdown]
# ### Evidence: Table 5's balance (claims B10, B11)
#
# The Budget Code's identity is deficit (−) / surplus (+) = income − expenses − net budget
# lending − balance of operations with financial assets. Applied to Table 5 as printed:

# %% tags=["nbval-check-output"]
ident = budget.check_identities(turkestan_budget.table5())
(ident[["identity", "printed", "recomputed", "difference", "status"]]
 .rename(columns={"printed": "printed (million tenge)", "recomputed": "recomputed (million tenge)",
                  "difference": "difference (million tenge)"})
 .style.hide(axis="index").format(precision=1, thousands=",", na_rep="—")
 .set_caption("Table 5 as printed against the Budget Code's identities")
 .set_uuid("nb08-identities"))

# %%
bal = turkestan_budget.explain_balance(turkestan_budget.table5())
unit, = bal["unit"].unique()
alone = bal[bal["formula"] == "income - expenses"].iloc[0]
code = bal[bal["formula"].str.endswith("(Budget Code)")].iloc[0]
Markdown(
    f'The printed "Budget deficit" ({abs(alone["given"]):,.1f} {unit}) '
    + ("equals" if alone["matches_magnitude"] else "does not equal")
    + f' income − expenses alone ({alone["value"]:,.1f}); with net lending and the financial-assets '
    f'balance the identity gives a {"*surplus*" if code["value"] > 0 else "deficit"} of '
    f'{abs(code["value"]):,.1f} {unit}'
    + (", which the printed line " + ("matches." if code["matches_signed"] else "does not match."))
)

# %% [markdown]
# ### Evidence: the paper's own 2024 expenditure figures (within the paper; B07, B21 and B23 are judged against the record below)

# %% tags=["nbval-check-output"]
(turkestan_budget.turkestan_reconciliation()[["item", "paper", "recomputed", "difference"]]
 .rename(columns={"paper": "paper (million tenge)", "recomputed": "recomputed (million tenge)",
                  "difference": "difference (million tenge)"})
 .style.hide(axis="index").format(precision=1, thousands=",", na_rep="—")
 .set_caption("The study's figures for Turkestan's budget against each other")
 .set_uuid("nb08-reconciliation"))

# %% [markdown]
# ### Evidence: Turkestan's figures against the Ministry of Finance record (claims B03–B35, C08)
#
# The rule (`turkestan_budget.COMPARISON_RULE`): levels side by side in million KZT, the study's
# figures read in the unit they are printed in, each side labelled with its scope; shares,
# ranks and directions judged on their own.

# %% tags=["nbval-check-output"]
tc = turkestan_budget.turkestan_comparison()
display(tc[["figure", "measure", "year", "paper", "official", "official / paper", "paper_share", "official_share"]]
        .rename(columns={"paper": "paper (million tenge, scope not stated)",
                         "official": "official (million KZT, consolidated local budget)",
                         "official / paper": "official / paper (ratio)",
                         "paper_share": "paper share of its total (fraction)",
                         "official_share": "official share of its total (fraction)"})
        .style.hide(axis="index").format(precision=3, thousands=",", na_rep="—")
        .set_caption("Turkestan: the study's figures beside the Ministry of Finance execution")
        .set_uuid("nb08-turkestan-record"))
display(turkestan_budget.turkestan_directions()[["measure", "from_year", "to_year", "paper_direction", "official_direction"]]
        .style.hide(axis="index")
        .set_caption("Direction of change, 2022-2024: the study against the record")
        .set_uuid("nb08-turkestan-directions"))

# %% [markdown]
# ### Evidence: the transfer-share claims on every region-year (claims R06, R11, C09)

# %% tags=["nbval-check-output"]
shares = regional_correlation.transfer_shares(execution.build_panel(), years=[2022, 2023, 2024])
(shares.drop(columns="regions")
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption("Transfers as a share of revenue (fractions) across the regions of the Ministry of "
              "Finance execution panel, and nationally")
 .set_uuid("nb08-transfer-shares"))

# %% [markdown]
# ### Evidence: Table 6 against the sentences that quote it (claims C01–C06)

# %% tags=["nbval-check-output"]
t6 = regional_correlation.table6_claims()
display(t6[["claim", "text_value", "matrix_printed", "number_check"]]
        .rename(columns={"text_value": "r in the text", "matrix_printed": "r in Table 6",
                         "number_check": "check of the number"})
        .style.hide(axis="index").format(precision=2, na_rep="—")
        .set_caption("Correlations quoted in the text against Table 6")
        .set_uuid("nb08-table6"))
chk = correlation.check_matrix(regional_correlation.table6(), decimals=3)
print("eigenvalues of Table 6:", ", ".join(f"{e:.5f}" for e in chk.eigenvalues))
print(f"rounding bound {chk.bound:g}; numerical rank {chk.numerical_rank}; "
      f"consistent with as few as {chk.min_observations} observations")

# %% [markdown]
# ### Evidence: Figure 4's counts against 'Turkestan and East Kazakhstan are leading' (C07, C11)

# %% tags=["nbval-check-output"]
(ppp_projects.region_counts()[["label", "projects", "rank", "order_in_text"]]
 .rename(columns={"label": "region", "projects": "projects (count)", "rank": "rank by count",
                  "order_in_text": "position in the sentence"})
 .style.hide(axis="index")
 .set_caption("Figure 4: the printed project counts, their rank and their order in the text")
 .set_uuid("nb08-fig4"))

# %% [markdown]
# ### Evidence: the payback claims against Figure 15 (P02, P12)

# %% tags=["nbval-check-output"]
pb = economic_effect.payback_claims()
(pb[["claim", "reading", "timing", "payback", "payback_interpolated", "holds"]]
 .rename(columns={"payback": "payback (years)", "payback_interpolated": "payback, interpolated (years)"})
 .style.hide(axis="index").format({"payback (years)": "{:.0f}"}, precision=2, na_rep="—")
 .set_caption("The payback claims against Figure 15, by reading of the savings and timing")
 .set_uuid("nb08-payback"))

# %% [markdown]
# ### Evidence: 'from the eighth month onward, the growth accelerated significantly' (P17)

# %% tags=["nbval-check-output"]
economic_effect.figure16_increments_style(value="reviews (count)", uuid="nb08-fig16",
                                          caption="Figure 16: growth of citizen reviews between printed months")

# %% [markdown]
# ## What the study did not publish
#
# The claims marked *not reproducible*, grouped by the data each would need. Publishing
# these would let the checks above run on them too.

# %% tags=["nbval-check-output"]
(study.missing_data(ledger).rename(columns={"data": "data the study did not publish"})
 .style.hide(axis="index")
 .set_caption("Claims marked not reproducible, by the data each would need")
 .set_uuid("nb08-missing"))

# %% [markdown]
# ## Claims nothing could check

# %%
unv = ledger[ledger["verdict"] == "unverifiable"]
(unv.groupby("note", sort=False)["id"].apply(", ".join).rename("claims").reset_index()
 .rename(columns={"note": "why nothing could check it"})
 .style.hide(axis="index")
 .set_caption("Claims marked unverifiable, grouped by reason")
 .set_uuid("nb08-unverifiable"))

# %% [markdown]
# ## The full ledger
#
# Also written to `data/processed/audit.csv` (columns `id, location, claim, reported,
# reported_value, recomputed, verdict, note`). `kzgov audit` prints the same summary from
# the command line.

# %%
(ledger[["id", "location", "reported", "recomputed", "verdict"]]
 .rename(columns={"reported": "reported (as printed)", "recomputed": "recomputed (unit of the claim)"})
 .style.hide(axis="index").format({"recomputed (unit of the claim)": "{:,.6g}"}, na_rep="")
 .set_caption("The full ledger: every claim's reported value, recomputed value and verdict")
 .set_uuid("nb08-ledger"))
