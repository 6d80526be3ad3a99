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
#     domains: kzgov.correlation:parameter_domains
# ---

# %% tags=["parameters"]
# Parameters (papermill)
decimals = 3  # decimals Table 6 is printed with
alpha = 0.05  # significance level (two-sided)
n_assumed = [14, 16, 17, 20]  # plausible numbers of regions (oblasts; oblasts + cities), from the registry
method = "pearson"  # correlation of the real-data cross-section: "pearson" or "spearman"
sensitivity_reps = 500  # perturbations of Table 6 within its rounding
seed = 0  # seed of those perturbations
cross_section_year = 2019  # year of the real-data analogue of Table 6 (income ends 2020)
outcomes = ["grp_pc_growth", "unemployment_rate", "index_mean_z"]  # panel-model outcomes
first_year = 2009  # panel years (population starts 2009)
last_year = 2025

# %% [markdown]
# # 03 · Regional correlation and regression: Table 6 audited, and redone on real statistics
#
# **Reproduces** Section 2 of Abdullayev, Kadyrova & Ydyrys (2025), "Correlation Analysis" and
# "Regression Analysis" (financial autonomy vs household income growth and unemployment; a multiple
# linear regression of regional development on financial variables, no coefficients reported), and
# Section 3: **Table 6** (a 7 × 7 correlation matrix of regional variables) with the sentences that
# quote it (the paragraph before Table 6 and the 5th paragraph after it), and the statements that
# transfers make up more than 70 % of regional revenues.
#
# **Reads** `data/raw/paper/table6_correlation.csv` (Table 6 and the text's numbers, verbatim);
# `data/raw/kz_stat/*.csv` (Bureau of National Statistics: GRP, population, unemployment,
# investment, employment, labour force, per-capita income; Ministry of Finance national totals of
# local budgets); `data/raw/official/regional_budget_decisions.csv` (five oblast budget decisions).
#
# **Writes** `data/processed/table6_audit.json`, `regional_panel.csv`, `development_index.csv`,
# `regional_models.json`.
#
# The paper states neither the data behind Table 6, nor the correlation method, nor the number of
# observations. Parts 1–5 therefore work from the printed matrix alone; parts 6–9 use real data.

# %%
# %matplotlib inline
import pandas as pd

from kzgov import correlation, data, panel

years = range(first_year, last_year + 1)
pd.set_option("display.width", 200)

# %% [markdown]
# ## 1 · Table 6 as printed (Pearson or Spearman not stated; dimensionless)

# %% tags=["nbval-check-output"]
R = correlation.table6()
short = ["Proj", "Transf", "LocRev", "Dev", "Social", "LocalProj%", "Done%"]
print(pd.DataFrame(R.to_numpy(), index=R.index, columns=short).to_string(float_format="{:.3f}".format))

# %% [markdown]
# ## 2 · Is it a valid correlation matrix, and what rank does it have?
#
# A correlation matrix must be symmetric, have a unit diagonal, entries in [−1, 1] and be positive
# semi-definite (PSD). Printing to *d* decimals adds an error matrix *E* with zero diagonal and
# |E<sub>ij</sub>| ≤ 0.5·10<sup>−d</sup>. By Gershgorin's theorem every eigenvalue of *E* lies
# within (p − 1)·0.5·10<sup>−d</sup> of 0 (here 6 × 0.0005 = 0.003), and by Weyl's inequality
# no eigenvalue moves further than that. A correlation matrix computed from *n* observations has rank
# at most *n* − 1, so every printed eigenvalue above the bound belongs to a genuinely positive one:
# **n ≥ (number of eigenvalues above the bound) + 1**. If an eigenvalue were below −0.003, no data
# set at all could round to the printed matrix.

# %% tags=["nbval-check-output"]
chk = correlation.check_matrix(R, decimals=decimals)
print(chk.summary().to_string(index=False))
print()
print("eigenvalues, ascending:")
print(pd.Series(chk.eigenvalues, name="eigenvalue").round(6).to_string())

# %%
fig = correlation.plot_eigenvalues(chk)

# %% [markdown]
# With the defaults: Table 6 is symmetric, has a unit diagonal, all entries in range, and **is**
# positive semi-definite (smallest eigenvalue ≈ 0.00037 > 0) — so no nearest-matrix correction is
# needed. But **three of its seven eigenvalues (0.00037, 0.0011, 0.0020) lie below the rounding bound
# 0.003**: its numerical rank is 4, and the smallest number of observations it is consistent with is
# **5**. A matrix computed from five observations (five regions, or five years) looks exactly like
# this. The matrix alone cannot exclude a larger *n*, but a larger *n* would need the seven variables
# to satisfy three almost exact linear relations — for example, the development index would have to be
# nearly a weighted sum of the other variables (part 5 shows R² = 0.998).

# %% [markdown]
# ## 3 · How many observations could Table 6 rest on?
#
# The paper gives no *n*. A cross-section of Kazakhstan's regions has 14 oblasts + 2 cities (to 2017),
# 14 + 3 (2018–2021) or 17 + 3 (from 2022), per the region registry. The table below gives, for the
# minimum *n* implied by the matrix and those registry counts, the critical |r| at α (two-sided), and
# how many of the 21 printed coefficients would be significant, before and after Holm's adjustment.

# %% tags=["nbval-check-output"]
n_min = correlation.min_observations(R, decimals=decimals)
ns = sorted({n_min, *n_assumed})
print("implied minimum n:", n_min, "| n examined:", ns)
print(correlation.region_counts([2017, 2018, 2021, 2022, 2024]).to_string(index=False))
print()
print(correlation.significance_by_n(R, ns, alpha=alpha).round(3).to_string(index=False))

# %% [markdown]
# At *n* = 5 the critical |r| is 0.878: only transfers × social spending (0.930) and development ×
# social spending (0.895) pass unadjusted, and none survives Holm's adjustment. At 17–20 regions
# critical |r| is 0.48–0.44, and after Holm's adjustment every coefficient from ≈ 0.61–0.66 upwards
# would be significant (11–12 of 21). **What Table 6 can
# support therefore depends entirely on an *n* the paper does not state**, and the matrix itself
# points to the smallest, least informative *n*.

# %% [markdown]
# ## 4 · The text's claims about Table 6
#
# Paper value (as printed in the text), the matrix cell the wording refers to, its value rounded half-up
# to the text's decimals, and the difference (matrix − text; correlation coefficients, dimensionless).
# Verbal labels on three published scales: Hinkle, Wiersma & Jurs (2003), Evans (1996), Cohen (1988).

# %% tags=["nbval-check-output"]
claims = correlation.table6_claims()
print(claims[["claim", "text_value", "matrix_printed", "matrix_rounded", "difference", "number_check"]].to_string(index=False))

# %% tags=["nbval-check-output"]
print(claims[["refers_to", "descriptor", "hinkle2003", "evans1996", "cohen1988", "wording_check"]].to_string(index=False))

# %% [markdown]
# * **0.93 (social spending × transfers)** — the cell is 0.930: consistent.
# * **0.90 (social spending × development)** — the cell is 0.895, which rounds half-up to 0.90: consistent.
# * **0.68 "moderate" (local budget revenues × development)** — the cell is 0.679: consistent after
#   rounding. "Moderate" matches Hinkle et al. (0.5–0.7); on Evans' or Cohen's scale 0.68 is strong / large.
#   Note that transfers × development (0.677) is practically the same size.
# * **"projects at the local level show a weak connection with other parameters"** — only partly:
#   its correlations are 0.247, 0.489, 0.164, **0.656, 0.657, 0.575**; three of six fall in the same
#   "moderate" band as the 0.68 the paragraph itself calls moderate.
# * **"The high correlation between transfers and socio-economic development (0.93)"** — **not
#   consistent**: that cell is 0.677. The 0.93 is the transfers × social-spending cell; the sentence
#   attributes it to the wrong pair, and the conclusion drawn from it ("development … largely
#   determined by the volume of transfers") rests on r = 0.677, i.e. at most 46 % shared variance,
#   and on a correlation, which cannot show what determines what.
# * The Methods promise correlations of financial autonomy with **household income growth and
#   unemployment**; Table 6 contains neither variable, and no such coefficient is reported.

# %% [markdown]
# ## 5 · The regression the paper describes, from the matrix alone
#
# The Methods describe a multiple linear regression of regional development on financial variables
# without reporting it. From Table 6 the standardised regression of *Socio-economic development* on
# *Transfers* and *Local budget revenues* follows exactly (β = R<sub>XX</sub><sup>−1</sup> r<sub>Xy</sub>);
# its standard errors, F and p need *n*, shown for each *n* examined above.

# %% tags=["nbval-check-output"]
reg = correlation.regression_by_n(R, correlation.TABLE6_Y, list(correlation.TABLE6_X), ns)
print(reg[["term", "n", "beta", "se", "p_val", "vif", "r2", "adj_r2", "f", "f_pvalue", "status"]].round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
others = R.columns.drop(correlation.TABLE6_Y).tolist()
full = correlation.regression_from_corr(R, correlation.TABLE6_Y, others)
print(f"development on all six other variables: R² = {full.r2:.4f}")
print(full.table()[["term", "beta", "vif"]].round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
sens = correlation.rounding_sensitivity(R, decimals=decimals, statistic="beta", y=correlation.TABLE6_Y, X=others, reps=sensitivity_reps, seed=seed)
print("standardised coefficients when every printed cell moves within ±0.0005 (its rounding):")
print(sens.round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
partial = correlation.rounding_sensitivity(R, decimals=decimals, statistic="partial", reps=sensitivity_reps, seed=seed)
print("full-order partial correlations with the development index, and their range within rounding:")
print(partial[partial["term"].str.contains("Socio-economic")].round(3).to_string(index=False))

# %% [markdown]
# With two predictors, β ≈ 0.40 for both and R² = 0.54; at *n* = 5 nothing is significant
# (F ≈ 1.2, p ≈ 0.46); at 17–20 regions the model as a whole is significant (F ≈ 8–10) but
# neither coefficient is on its own (p ≈ 0.10–0.14), because the two predictors correlate at 0.70. With all six predictors R² = 0.998 and VIFs up to ≈ 900: the near-zero eigenvalues of
# part 2 make every full-order quantity (coefficients, partial correlations) hinge on the third
# decimal — moving the printed cells within their rounding flips the sign of five of the six
# coefficients (with the defaults) and of most partial correlations. **Table 6 supports no
# multivariate conclusion.**

# %% tags=["nbval-check-output"]
audit = correlation.table6_audit(decimals=decimals, n_assumed=n_assumed, alpha=alpha, reps=sensitivity_reps, seed=seed)
print(data.write_processed("table6_audit.json", audit).name)

# %% [markdown]
# ## 6 · "Transfers account for more than 70 %" — what the available budget data show
#
# No regional series of budget revenues or transfers is available here. Two descriptive checks:
# the five oblast budget decisions in `data/raw/official` (planned first-year figures, thousand KZT;
# income includes transfers received; n = 5 region-years, none for Turkestan or East Kazakhstan),
# and the Ministry of Finance national totals of all local budgets (unit not stated in the files;
# shares assume the three files share one unit).

# %% tags=["nbval-check-output"]
print(panel.budget_decisions_summary()[["region", "budget_year", "document_kind", "income", "transfers", "own_revenue", "transfers_share_pct", "own_share_pct"]].round(1).to_string(index=False))
print()
print(panel.local_budget_shares().round(1).to_string(index=False))

# %% [markdown]
# In the five oblast budgets, transfers are 75–94 % of income (n = 5; not the two regions the text
# names). Across all local budgets of Kazakhstan, transfers are 45–53 % of revenue in 2022–2025. So
# "more than 70 %" can hold for individual oblast budgets but not for local budgets as a whole; the
# Turkestan and East Kazakhstan figures cannot be checked with these data.

# %% [markdown]
# ## 7 · Real data: a region-year panel on consistent borders
#
# Regional borders changed twice: South Kazakhstan (YKO) split into Turkestan (TRK) and Shymkent
# (SHM) in 2018; Abai (ABY), Zhetysu (ZHT) and Ulytau (ULT) were carved out of East Kazakhstan
# (VKO), Almaty region (ALM) and Karaganda (KRG) in 2022. The files switch borders in different
# years, read here from the data: the year the children first appear in each file.

# %% tags=["nbval-check-output"]
print(panel.border_rules().to_string(index=False))

# %% [markdown]
# Population is back-cast to today's borders from 2009; GRP switches in 2021; the labour files and
# investment in 2022. Dividing VKO's 2020 GRP (which includes Abai) by VKO's 2020 population
# (which does not) would overstate GRP per capita by ≈ 90 % (below, thousand KZT per person).
# The panel therefore assigns each published value the territory it covers and builds every row
# from values of one territory only. South Kazakhstan's GRP equals Turkestan + Shymkent exactly
# wherever both are published (million KZT):

# %% tags=["nbval-check-output"]
print(pd.Series(panel.mixed_border_ratio(numerator="grp", region="VKO", year=2020)).to_string())

# %% tags=["nbval-check-output"]
print(panel.compare_split("grp", parent="YKO").to_string(index=False))
pub = panel.published("grp")
print()
print("breaks in the published GRP series (territory changes):")
print(pub[pub["break"]][["region", "year", "value", "unit", "territory"]].to_string(index=False))

# %% tags=["nbval-check-output"]
P = panel.build_panel(years=years)
print("published unemployment rate vs 100 × (labour force − employed) / labour force, |difference| > 0.15 pp:")
print(panel.labour_consistency(P).to_string(index=False))

# %% [markdown]
# Apart from rounding, the published rates agree with the labour-force files except a few
# region-years, above all East Kazakhstan 2023 (published 3.4 %, implied 4.7 %); it is kept as
# published and shows up as an outlier of `VKO+ABY` in the index below.

# %% tags=["nbval-check-output"]
nat = panel.national_check(P)
print("16 consistent territories summed vs the national total (relative difference):")
print(nat.groupby("variable")["rel_difference"].agg(["count", "min", "max"]).to_string())

# %% tags=["nbval-check-output"]
for scheme in ["consistent", "current"]:
    print(scheme, "territories:")
    print(panel.panel_coverage(P, scheme=scheme).to_string(index=False))
print(data.write_processed("regional_panel.csv", P).name, len(P), "rows")

# %% [markdown]
# The 16 **consistent** territories (today's 20 regions with ABY, ZHT, ULT folded back into their
# parents and TRK + SHM as South Kazakhstan) cover every year 2009–2025 and add up to the national
# totals. The 20 **current** regions are complete only from 2022 (unemployment, investment) and
# 2021 (GRP); per-capita income ends 2020 and has no series for the 2022 regions.

# %% [markdown]
# ## 8 · A transparent development index
#
# Components, standardised across territories within each year: log GRP per capita, the negated
# unemployment rate, log per-capita income (to 2020). Two forms: the mean of the z-scores, and the
# score on the first principal component of the same z-scores (loadings below, per component set).

# %% tags=["nbval-check-output"]
idx = panel.development_index(P, scheme="consistent")
idx_current = panel.development_index(P, scheme="current")
print(pd.concat([idx.loadings, idx_current.loadings]).round(3).to_string(index=False))

# %%
fig = panel.plot_index(idx)
index_table = pd.concat([idx.values, idx_current.values], ignore_index=True)
print(data.write_processed("development_index.csv", index_table).name, len(index_table), "rows")

# %% [markdown]
# With all three components (2009–2020 except 2015, when unemployment is missing), the first
# component loads on GRP per capita and income (≈ 0.71 each) and hardly on unemployment (≈ −0.05):
# regional unemployment rates barely co-vary with output and income across regions, so the
# "socio-economic development" of Table 6 is not one dimension in the real data. With two components
# the loadings are ±0.707 by construction; the explained share then reflects their correlation.

# %% [markdown]
# ## 9 · A Table 6 analogue from real data, and the models the data support
#
# One year's cross-section of the consistent territories (n = 16), with n, Fisher-z interval and
# Holm-adjusted p for every pair (pingouin). The index contains GRP per capita, unemployment and
# income, so its correlations with them are partly mechanical.

# %% tags=["nbval-check-output"]
cs = panel.cross_section(P, year=cross_section_year, index=idx)
print(correlation.corr_table(cs.drop(columns="territory"), method=method).round(3).to_string(index=False))

# %% [markdown]
# Models: territory-year panel with territory and year effects, OLS, HC3 standard errors; the
# regressor is the previous year's log investment per capita (thousand KZT per person). Outcomes:
# nominal GRP per capita growth (100 × Δlog, % log points; year effects absorb national inflation),
# the unemployment rate (%), the development index. `r2_within` is the share of variance the
# regressor explains after the effects; VIFs are computed on the full design with the dummies.
# The diagonal stripes in the unemployment residuals are observations sharing one published
# rate (rates are published to 0.1 and many regions report the same value).

# %% tags=["nbval-check-output"]
F = panel.model_frame(P, index=idx)
models = panel.fit_models(F, outcomes=outcomes)
print(panel.models_table(models).round(4).to_string(index=False))

# %% tags=["nbval-check-output"]
print("same models, standard errors clustered by territory:")
print(panel.models_table(panel.fit_models(F, outcomes=outcomes, cov_type="cluster")).round(4).to_string(index=False))

# %%
fig = panel.plot_residuals(models)

# %% tags=["nbval-check-output"]
print(data.write_processed("regional_models.json", panel.regional_summary(P, idx, models)).name)

# %% [markdown]
# ## What the data support, and what they do not
#
# * Lagged investment per capita is **not** associated with GRP-per-capita growth or with
#   unemployment once territory and year effects are removed (with the defaults, n = 256 and
#   n = 240; both CIs include 0). It is associated with the development index (β ≈ 0.5 index units
#   per log point), a level relation that says nothing about direction.
# * **The paper's regression of development on transfers and local budget revenues cannot be
#   estimated here**: there is no regional series of transfers or local revenues — only national
#   totals of local budgets (2022–2025) and five oblast budget decisions. The same holds for its
#   correlation of *financial autonomy* with household income growth and unemployment.
# * Limits: GRP and income are nominal (no regional deflator is available); 2025 values are the
#   latest releases in the source and may be revised; small boundary changes of the cities Astana
#   and Almaty are not in the registry and are not handled.
