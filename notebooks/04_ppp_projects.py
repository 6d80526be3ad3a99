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
#     domains: kzgov.ppp:parameter_domains
# ---

# %% tags=["parameters"]
# Level of the binomial interval around the official shares
confidence = 0.95
# Binomial interval: "wilson", "beta" (Clopper-Pearson), "agresti_coull" or "jeffreys"
ci_method = "wilson"
# Draw the figures
make_figures = True

# %% [markdown]
# # PPP projects (Section 3, Figures 4–8)
#
# This notebook reproduces the public–private partnership (PPP) part of Section 3 of
# Abdullayev, Kadyrova & Ydyrys (2025), *Emerging Science Journal* 9(3),
# doi:10.28991/ESJ-2025-09-03-017: the project counts by region (Figure 4), the
# local/national split (Figure 6), the status shares for 2024 (Figure 7) and the contract
# amounts (Figure 8). The figures themselves are images "adopted from [44]/[45]"; only the
# numbers printed in the text can be used, so every table shows the paper's value beside
# what those numbers determine.
#
# Data read:
#
# * `data/raw/paper/figure4_ppp_projects_by_region.csv`, `figure6_project_level.csv`,
#   `figure7_project_status.csv`, `figure8_contracts.csv` — transcriptions of the text;
# * `data/raw/official/ppp_aggregates.csv` — official national counts of PPP contracts
#   (as of 2019-07-01 and 2026-01-01), used only for what both sources define alike:
#   the local/national split and the terminated share.

# %%
# %matplotlib inline
import pandas as pd
from kzgov import data, ppp

pd.set_option("display.width", 160)

# %% [markdown]
# ## Sources and their dates
#
# The study's counts cover projects of 2015–2023 (statuses "for 2024"); its shares have no
# stated denominator. The official figures are complete national counts at two dates, one
# inside and one after the study's period.

# %% tags=["nbval-check-output"]
print(ppp.source_dates().to_string(index=False))

# %% [markdown]
# ## Figure 4: projects by region
#
# The text prints five counts and calls them "the largest number of projects". Position in
# the sentence against the rank by the printed count (1 = largest of the five printed):

# %% tags=["nbval-check-output"]
counts = ppp.region_counts()
print(counts[["order_in_text", "label", "region_code", "projects", "rank", "created"]].to_string(index=False))

# %% tags=["nbval-check-output"]
print(ppp.ranking_claims().to_string(index=False))

# %% [markdown]
# East Kazakhstan (265) is indeed the largest printed count, but the sentence is not a
# ranking: Shymkent (191) has more projects than the Turkistan region (189), and Astana (28)
# is the smallest of the five although listed third. The later claim that "Turkestan and
# East Kazakhstan regions are leading in the number of initiatives" holds only among
# oblasts; counting the city of Shymkent, Turkestan is third, by two projects. Figure 4
# shows other regions whose numbers are not printed, so "largest" can only be judged among
# these five. Turkestan and Shymkent exist since 2018 and Abai since 2022, so their
# 2015–2023 counts cover fewer years or were re-attributed to today's boundaries; the study
# does not say which.

# %%
if make_figures:
    ppp.plot_region_counts(counts);

# %% [markdown]
# ## Figure 5: projects by industry
#
# Figure 5 is an image; the text gives no number from it, so it is neither reproduced nor
# re-drawn.

# %% tags=["nbval-check-output"]
print(ppp.FIGURE5_NOTE)

# %% [markdown]
# ## Figure 6: local vs national level
#
# 98 % local and 2 % national add up to 100 %; the 98 % is repeated twice later in
# Section 3 (once as "Up to 98 %").

# %% tags=["nbval-check-output"]
checks = ppp.checks(confidence=confidence, method=ci_method)
fig6 = checks[checks["check"].str.startswith("fig6")]
print(fig6[["check", "paper_printed", "paper_value", "recomputed", "difference", "unit", "holds"]].to_string(index=False))

# %% [markdown]
# ## Figure 7: project status for 2024
#
# Five statuses; the share being implemented is printed twice ("56 % are being
# implemented", "Ongoing projects account for 56 %"). The distinct shares sum to 100 %; the
# second 56 % restates the first, it is not a sixth status.

# %% tags=["nbval-check-output"]
fig7 = checks[checks["check"].str.startswith("fig7")]
print(fig7[["check", "paper_printed", "paper_value", "paper_low", "paper_high", "recomputed", "difference", "holds"]].to_string(index=False))

# %%
if make_figures:
    ppp.plot_status_shares();

# %% [markdown]
# ## Figure 8: contracts concluded, 2015–2023
#
# The text says most contracts were concluded in 2018 and fewest in 2022–2023, and gives the
# smallest and largest amounts, both in 2018, without a unit. Figure 8's yearly counts are
# not printed, so nothing is drawn.

# %% tags=["nbval-check-output"]
print(ppp.contract_amounts()[["quantity", "printed", "value", "unit", "year", "max_over_min"]].to_string(index=False))

# %% [markdown]
# **Not reproducible.** Recomputing the minimum and maximum, or the years with most and
# fewest contracts, needs the contract-level PPP register for 2015–2023 (amount, its unit,
# and year of each contract), which the study does not publish. The two amounts differ by a
# factor of 1.7 million; without a unit it cannot even be said whether 300.20 is tenge,
# thousand tenge or million tenge.

# %% [markdown]
# ## Cross-check against the official national counts
#
# Only two things are defined alike in both sources: the split of PPP contracts between the
# national and the local level, and the share terminated. A printed whole percentage stands
# for its rounding interval (98 % → [97.5, 98.5]). The official shares are exact counts;
# the binomial interval and tests beside them ask whether a share as printed could have
# produced the official count (`p_val`: against the printed value; `p_val_rounding`:
# against the nearest value in the rounding interval). The study's 7 % terminated is of all
# projects, including planned ones and those in competition, which have no contract; it is
# also recomputed over the statuses that imply a contract, 7 / (56 + 7 + 24).

# %% tags=["nbval-check-output"]
cross = ppp.official_crosscheck(confidence=confidence, method=ci_method)
cols = ["quantity", "official_as_of", "paper_value", "paper_low", "paper_high", "official_count",
        "official_total", "official_value", "difference", "ci_low", "ci_high", "p_val", "p_val_rounding", "within_rounding"]
print(cross[cols].round(4).to_string(index=False, formatters={"p_val": "{:.2e}".format, "p_val_rounding": "{:.2e}".format}))

# %%
if make_figures:
    ppp.plot_crosscheck(cross);

# %% [markdown]
# The study's 98 % / 2 % matches the official split of mid-2019 (98.4 % / 1.6 %). By
# 2026 the official split is 98.6 % / 1.4 %, just outside the rounding interval (it would
# print as 99 % / 1 %), but a difference of 0.65 percentage points that the binomial test
# cannot tell from the printed 98 % — the two sources agree that almost all PPP contracts
# are local. The terminated share does not agree: 11.9 % of contracts were terminated by
# 2026 (interval about 10.2–13.8 %), against the study's 7 % of projects (8.0 % over
# contract statuses), well outside what rounding or chance allows. Part of the gap may be
# timing — terminations accumulate, and the official count is two years later than the
# study's "2024" — but the study's denominator is not stated, so the gap cannot be
# apportioned.

# %% [markdown]
# ## Output
#
# `data/processed/ppp_checks.csv`: one row per check above (paper value, recomputed value,
# official count and share with interval and tests, whether it holds, and a note).

# %% tags=["nbval-check-output"]
print(data.write_processed("ppp_checks.csv", checks).name)
