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
#     domains: kzgov.audit:parameter_domains
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
# (statistics bureau and Ministry of Finance series). The sections' notebooks hold the
# evidence in full; this page collects the verdicts.

# %%
# %matplotlib inline
import pandas as pd
import kzgov
from kzgov import audit, budget, correlation, data, economics, ppp, plots

pd.set_option("display.width", 200)
pd.set_option("display.max_colwidth", 120)

# %%
ledger = audit.run(ids=only)
print(data.write_processed("audit.csv", ledger).name)

# %% [markdown]
# ## The verdicts

# %% tags=["nbval-check-output"]
counts = ledger["verdict"].value_counts().reindex(verdict_order, fill_value=0)
print(counts.rename("claims").to_frame().to_string())
print(f"total: {counts.sum()}")

# %% tags=["nbval-check-output"]
print(audit.by_section(ledger).to_string())

# %%
plots.set_theme()
table = audit.by_section(ledger).drop(columns="total")
ax = table.plot.barh(stacked=True, figsize=(8, 6))
ax.invert_yaxis()
ax.set_xlabel("claims (count)")
ax.set_ylabel("")
ax.set_title("Verdicts on the study's quantitative claims, by table, figure and section")
plots.caption(ax.figure, "Source: kzgov audit of data/raw/paper/claims.csv against data/raw.")

# %% [markdown]
# ## Discrepancies, one by one
#
# Each line: the claim as printed, what kzgov recomputes, and why they differ.

# %% tags=["nbval-check-output"]
disc = ledger[ledger["verdict"] == "discrepancy"]
for r in disc.itertuples(index=False):
    print(f"{r.id}  [{r.location}]")
    print(f"    claim:      {r.claim}")
    print(f"    reported:   {r.reported}")
    print(f"    recomputed: {'' if pd.isna(r.recomputed) else format(r.recomputed, ',.6g')}")
    print(f"    why:        {r.note}")

# %% [markdown]
# ### Evidence: Table 5's balance (claims B10, B11)
#
# The Budget Code's identity is deficit (−) / surplus (+) = income − expenses − net budget
# lending − balance of operations with financial assets. Applied to Table 5 as printed:

# %% tags=["nbval-check-output"]
ident = budget.check_identities(budget.table5())
print(ident[["identity", "printed", "recomputed", "difference", "status"]].to_string(index=False))

# %% [markdown]
# The printed "Budget deficit 2 613.1" equals income − expenses alone; with net lending and
# the financial-assets balance the identity gives a *surplus* of 613.1 million tenge.
#
# ### Evidence: two figures for 2024 expenditure (claims B07, B21, B23)

# %% tags=["nbval-check-output"]
print(budget.turkestan_reconciliation()[["item", "paper", "recomputed", "difference"]].to_string(index=False))

# %% [markdown]
# ### Evidence: Table 6 against the sentences that quote it (claims C01–C06)

# %% tags=["nbval-check-output"]
t6 = correlation.table6_claims()
print(t6[["claim", "text_value", "matrix_printed", "number_check"]].to_string(index=False))
chk = correlation.check_matrix(correlation.table6(), decimals=3)
print()
print("eigenvalues:", ", ".join(f"{e:.5f}" for e in chk.eigenvalues))
print(f"rounding bound {chk.bound:g}; numerical rank {chk.numerical_rank}; "
      f"consistent with as few as {chk.min_observations} observations")

# %% [markdown]
# ### Evidence: Figure 4's counts against 'Turkestan and East Kazakhstan are leading' (C07, C11)

# %% tags=["nbval-check-output"]
print(ppp.region_counts()[["label", "projects", "rank", "order_in_text"]].to_string(index=False))

# %% [markdown]
# ### Evidence: the payback claims against Figure 15 (P02, P12)

# %% tags=["nbval-check-output"]
pb = economics.payback_claims()
print(pb[["claim", "reading", "timing", "payback", "payback_interpolated", "holds"]].to_string(index=False))

# %% [markdown]
# ### Evidence: 'from the eighth month onward, the growth accelerated significantly' (P17)

# %% tags=["nbval-check-output"]
print(economics.figure16_increments().round(3).to_string(index=False))

# %% [markdown]
# ## What the study did not publish
#
# The claims marked *not reproducible*, grouped by the data each would need. Publishing
# these would let the checks above run on them too.

# %% tags=["nbval-check-output"]
print(audit.missing_data(ledger).to_string(index=False))

# %% [markdown]
# ## Claims nothing could check

# %%
unv = ledger[ledger["verdict"] == "unverifiable"]
print(unv.groupby("note", sort=False)["id"].apply(", ".join).to_string())

# %% [markdown]
# ## The full ledger
#
# Also written to `data/processed/audit.csv` (columns `id, location, claim, reported,
# reported_value, recomputed, verdict, note`). `kzgov audit` prints the same summary from
# the command line.

# %%
ledger[["id", "location", "reported", "recomputed", "verdict"]]
