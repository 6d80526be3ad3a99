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
#     parameters: kzgov.study.regional_correlation:PARAMETERS
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
budget_year = 2024  # the paper's year: cross-section of the study's regression
bootstrap_reps = 9999  # wild cluster bootstrap replications (fixed-effects model)
bootstrap_seed = 20250903  # seed of the wild cluster bootstrap

# %% [markdown]
# # Regional correlation and regression: Table 6 audited, and redone on real statistics
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
# local budgets); `data/raw/official/regional_budget_decisions.csv` and
# `data/raw/kz_budgets/official_acts_figures.csv` (oblast budget decisions);
# `data/raw/kz_budgets/minfin_local_budget_execution_december.csv` (the Ministry of Finance
# bulletin: execution of local budgets by region, full years 2013–2024, million KZT).
#
# **Writes** `data/processed/table6_audit.json`, `regional_panel.csv`, `development_index.csv`,
# `regional_models.json`, `regional_budget_panel.csv`, `regional_budget_models.json`.
#
# The paper states neither the data behind Table 6, nor the correlation method, nor the number of
# observations. Parts 1–5 therefore work from the printed matrix alone; parts 6–11 use real data.

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

from kzgov import correlation, data, execution, panel
from kzgov.study import regional_correlation as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

years = range(first_year, last_year + 1)
pd.set_option("display.width", 200)

# %% [markdown]
# ## 1 · Table 6 as printed (Pearson or Spearman not stated; dimensionless)

# %% tags=["nbval-check-output"]
R = study.table6()
short = ["Proj", "Transf", "LocRev", "Dev", "Social", "LocalProj%", "Done%"]
(pd.DataFrame(R.to_numpy(), index=R.index, columns=short)
 .style.format(precision=decimals)
 .set_caption(f"Table 6 as printed: correlations between the study's {len(R)} regional variables "
              f"(r, dimensionless; columns abbreviate the rows in the same order)")
 .set_uuid("nb03-table6"))

# %% [markdown]
# ## 2 · Is it a valid correlation matrix, and what rank does it have?
#
# A correlation matrix must be symmetric, have a unit diagonal, entries in [−1, 1] and be positive
# semi-definite (PSD). Printing to *d* decimals adds an error matrix *E* with zero diagonal and
# |E<sub>ij</sub>| ≤ 0.5·10<sup>−d</sup>. By Gershgorin's theorem every eigenvalue of *E* lies
# within the rounding bound (p − 1)·0.5·10<sup>−d</sup> of 0, and by Weyl's inequality
# no eigenvalue moves further than that. A correlation matrix computed from *n* observations has rank
# at most *n* − 1, so every printed eigenvalue above the bound belongs to a genuinely positive one:
# **n ≥ (number of eigenvalues above the bound) + 1**. If an eigenvalue were below minus the bound,
# no data set at all could round to the printed matrix.

# %% tags=["nbval-check-output"]
chk = correlation.check_matrix(R, decimals=decimals)
display(chk.summary().style.hide(axis="index").format(precision=6)
        .set_caption(f"Table 6 as a correlation matrix: validity and numerical rank at {decimals} printed decimals")
        .set_uuid("nb03-matrix-check"))
eigenvalues = pd.Series(chk.eigenvalues, name="eigenvalue (dimensionless)")
display(eigenvalues.to_frame().assign(**{"above the rounding bound": eigenvalues >= chk.bound})
        .style.format({"eigenvalue (dimensionless)": "{:.6f}"})
        .set_caption(f"Eigenvalues of Table 6, ascending, against the rounding bound {chk.bound:g}")
        .set_uuid("nb03-eigenvalues"))

# %%
fig = study.plot_eigenvalues(chk)

# %% tags=["nbval-check-output"]
below = [e for e in chk.eigenvalues if e < chk.bound]
p = len(chk.eigenvalues)
r2_all = correlation.regression_from_corr(R, study.TABLE6_Y, R.columns.drop(study.TABLE6_Y).tolist()).r2
valid_words = ("symmetric, has a unit diagonal, all entries in range, and **is** positive semi-definite"
               if chk.valid else "**not** a valid correlation matrix")
Markdown(
    f"Table 6 is {valid_words} (smallest eigenvalue ≈ {chk.min_eigenvalue:.2g}; the bound is "
    f"({p} − 1) × {0.5 * 10 ** -decimals:g} = {chk.bound:g})"
    + (" — so no nearest-matrix correction is needed. " if chk.valid else ". ")
    + f"But **{len(below)} of its {p} eigenvalues ({', '.join(f'{e:.2g}' for e in below)}) lie below "
    f"the rounding bound {chk.bound:g}**: its numerical rank is {chk.numerical_rank}, and the smallest "
    f"number of observations it is consistent with is **{chk.min_observations}**. A matrix computed from "
    f"{chk.min_observations} observations ({chk.min_observations} regions, or {chk.min_observations} years) "
    f"looks exactly like this. The matrix alone cannot exclude a larger *n*, but a larger *n* would need "
    f"the {p} variables to satisfy {len(below)} almost exact linear relations — for example, the "
    f"development index would have to be nearly a weighted sum of the other variables (part 5 shows "
    f"R² = {r2_all:.3f})."
)

# %% [markdown]
# ## 3 · How many observations could Table 6 rest on?
#
# The paper gives no *n*. A cross-section of Kazakhstan's regions has as many oblasts and cities of
# republican significance as the region registry lists in a year (first table below). The second table
# gives, for the minimum *n* implied by the matrix and those registry counts, the critical |r| at α
# (two-sided), and how many of the printed coefficients would be significant, before and after Holm's
# adjustment.

# %% tags=["nbval-check-output"]
n_min = correlation.min_observations(R, decimals=decimals)
ns = sorted({n_min, *n_assumed})
print("implied minimum n:", n_min, "| n examined:", ns)
display(study.region_counts([2017, 2018, 2021, 2022, 2024])
        .rename(columns={"oblasts": "oblasts (count)", "oblasts_and_cities": "oblasts and cities (count)"})
        .style.hide(axis="index")
        .set_caption("Regions of Kazakhstan by year, from the region registry")
        .set_uuid("nb03-region-counts"))
sig = correlation.significance_by_n(R, ns, alpha=alpha)
display(sig
        .rename(columns={"r_crit": "critical |r|", "pairs": "pairs (count)", "significant": "significant (count)",
                         "significant_holm": "significant after Holm (count)",
                         "smallest_significant_holm": "smallest |r| significant after Holm"})
        .style.hide(axis="index").format(precision=3, na_rep="—")
        .set_caption(f"How many of Table 6's coefficients would be significant at α = {alpha:g} (two-sided), "
                     "by number of observations n")
        .set_uuid("nb03-significance"))

# %% tags=["nbval-check-output"]
at_min = correlation.matrix_tests(R, n=n_min, alpha=alpha)
passing = at_min[at_min["significant"]]
regions_ns = [n for n in ns if n >= 17]
big = sig[sig["n"].isin(regions_ns)]


def span(values, fmt="{:.2f}"):
    """"lo–hi" of values at a format, or one value when both ends print alike."""
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"


Markdown(
    f"At *n* = {n_min} the critical |r| is {correlation.critical_r(n_min, alpha=alpha):.3f}: "
    + (", ".join(f"{x} × {y} ({r:.3f})" for x, y, r in passing[["x", "y", "r"]].itertuples(index=False))
       or "no coefficient")
    + f" pass{'es' if len(passing) == 1 else ''} unadjusted, and "
    + {0: "none survives", 1: "one survives"}.get(n_holm := int(at_min["significant_holm"].sum()), f"{n_holm} survive")
    + " Holm's adjustment. "
    + (f"At {span(regions_ns, '{:d}')} regions critical |r| is {span(big['r_crit'].round(2))}, and after "
       f"Holm's adjustment every coefficient from ≈ {span(big['smallest_significant_holm'].round(2))} upwards "
       f"would be significant ({span(big['significant_holm'], '{:d}')} of {int(big['pairs'].iloc[0])}). "
       if len(big) else "")
    + "**What Table 6 can support therefore depends entirely on an *n* the paper does not state**, and "
    "the matrix itself points to the smallest, least informative *n*."
)

# %% [markdown]
# ## 4 · The text's claims about Table 6
#
# Paper value (as printed in the text), the matrix cell the wording refers to, its value rounded half-up
# to the text's decimals, and the difference (matrix − text; correlation coefficients, dimensionless).
# Verbal labels on three published scales: Hinkle, Wiersma & Jurs (2003), Evans (1996), Cohen (1988).

# %% tags=["nbval-check-output"]
claims = study.table6_claims()
(claims[["claim", "text_value", "matrix_printed", "matrix_rounded", "difference", "number_check"]]
 .rename(columns={"text_value": "r in the text", "matrix_printed": "r in Table 6 (as printed)",
                  "matrix_rounded": "r in Table 6, rounded to the text", "difference": "matrix − text (r)",
                  "number_check": "check of the number"})
 .style.hide(axis="index")
 .format({"r in the text": "{:.2f}", "r in Table 6, rounded to the text": "{:.2f}"}, precision=3, na_rep="—")
 .set_caption("Correlations quoted in the text against the Table 6 cells they refer to")
 .set_uuid("nb03-claims-numbers"))

# %% tags=["nbval-check-output"]
(claims[["refers_to", "descriptor", "hinkle2003", "evans1996", "cohen1988", "wording_check"]]
 .rename(columns={"refers_to": "pair", "descriptor": "the text's word", "hinkle2003": "Hinkle et al. (2003)",
                  "evans1996": "Evans (1996)", "cohen1988": "Cohen (1988)", "wording_check": "check of the wording"})
 .style.hide(axis="index")
 .set_caption("The text's verbal labels against three published scales for the size of r")
 .set_uuid("nb03-claims-words"))

# %% tags=["nbval-check-output"]
scale_names = {"hinkle2003": "Hinkle et al.", "evans1996": "Evans", "cohen1988": "Cohen"}


def claim_line(c):
    """One bullet per sentence of the text, from the checks of `study.table6_claims`."""
    if pd.isna(c.text_value):
        cells = c.matrix_printed.split("; ")
        labels = c.hinkle2003.split("; ")
        moderate = [v for v, lbl in zip(cells, labels, strict=True) if lbl == "moderate"]
        return (f'* **"{c.claim}"** — its correlations are '
                + ", ".join(f"**{v}**" if v in moderate else v for v in cells)
                + f"; {len(moderate)} of {len(cells)} fall in the same Hinkle et al. \"moderate\" band as the "
                f"{claims.loc[claims['descriptor'] == 'moderate', 'text_value'].iloc[0]:.2f} the paragraph itself calls "
                f"moderate ({c.wording_check}).")
    word = f' "{c.descriptor}"' if c.descriptor else ""
    line = f"* **{c.text_value:.2f}{word} ({c.refers_to})**"
    if c.number_check.startswith("not consistent"):
        r = float(c.matrix_printed)
        line += (f" — **{c.number_check}**. The conclusion drawn from the sentence rests on r = {r:.3f}, i.e. at "
                 f"most {r * r:.0%} shared variance, and on a correlation, which cannot show what determines what")
    else:
        line += f" — the cell is {c.matrix_printed}, which rounds half-up to {c.matrix_rounded:.2f}: {c.number_check}"
    if c.wording_check and "all scales" not in c.wording_check:
        line += "; " + c.wording_check + " (" + ", ".join(
            f"{scale_names[s]}: {getattr(c, s)}" for s in scale_names) + ")"
    return line + "."


Markdown("\n".join(claim_line(c) for c in claims.itertuples(index=False)))

# %% [markdown]
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
reg = correlation.regression_by_n(R, study.TABLE6_Y, list(study.TABLE6_X), ns)
(reg[["term", "n", "beta", "se", "p_val", "vif", "r2", "adj_r2", "f", "f_pvalue", "status"]]
 .rename(columns={"beta": "β (standardised)", "se": "SE of β", "p_val": "p", "vif": "VIF", "r2": "R²",
                  "adj_r2": "adjusted R²", "f": "F", "f_pvalue": "p of F"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption(f"{study.TABLE6_Y} on {' and '.join(study.TABLE6_X)}: standardised regression "
              "from Table 6, by assumed n")
 .set_uuid("nb03-regression"))

# %% tags=["nbval-check-output"]
others = R.columns.drop(study.TABLE6_Y).tolist()
full = correlation.regression_from_corr(R, study.TABLE6_Y, others)
(full.table()[["term", "beta", "vif"]].rename(columns={"beta": "β (standardised)", "vif": "VIF"})
 .style.hide(axis="index").format(precision=3)
 .set_caption(f"{study.TABLE6_Y} on all {len(others)} other variables of Table 6: R² = {full.r2:.4f}")
 .set_uuid("nb03-regression-full"))

# %% tags=["nbval-check-output"]
sens = correlation.rounding_sensitivity(R, decimals=decimals, statistic="beta", y=study.TABLE6_Y, X=others, reps=sensitivity_reps, seed=seed)
(sens.rename(columns={"reps_valid": "valid draws (count)", "reps": "draws (count)", "sign_stable": "sign stable"})
 .style.hide(axis="index").format(precision=3)
 .set_caption(f"Standardised coefficients (β) when every printed cell moves within ±{0.5 * 10 ** -decimals:g} "
              f"(its rounding): {sensitivity_reps} draws")
 .set_uuid("nb03-sensitivity-beta"))

# %% tags=["nbval-check-output"]
partial = correlation.rounding_sensitivity(R, decimals=decimals, statistic="partial", reps=sensitivity_reps, seed=seed)
(partial[partial["term"].str.contains("Socio-economic")]
 .rename(columns={"reps_valid": "valid draws (count)", "reps": "draws (count)", "sign_stable": "sign stable"})
 .style.hide(axis="index").format(precision=3)
 .set_caption("Full-order partial correlations (r) with the development index, and their range within rounding")
 .set_uuid("nb03-sensitivity-partial"))

# %% tags=["nbval-check-output"]
two = reg[reg["status"] == "n not used"]
at_n_min = reg[(reg["n"] == n_min) & (reg["status"] == "ok")]
at_regions = reg[reg["n"].isin(regions_ns) & (reg["status"] == "ok")]
x_a, x_b = study.TABLE6_X
pc = partial[partial["term"].str.contains("Socio-economic")]
unstable = int((~sens["sign_stable"]).sum())
text = (f"With two predictors, β ≈ {span(two['beta'])} and R² = {two['r2'].iloc[0]:.2f}; ")
if len(at_n_min):
    sig_min = bool((at_n_min["f_pvalue"] < alpha).any() or (at_n_min["p_val"] < alpha).any())
    text += (f"at *n* = {n_min} {'something' if sig_min else 'nothing'} is significant "
             f"(F ≈ {at_n_min['f'].iloc[0]:.1f}, p ≈ {at_n_min['f_pvalue'].iloc[0]:.2f}); ")
if len(at_regions):
    model_sig = bool((at_regions["f_pvalue"] < alpha).all())
    coef_sig = int((at_regions["p_val"] < alpha).sum())
    text += (f"at {span(regions_ns, '{:d}')} regions the model as a whole is "
             f"{'significant' if model_sig else 'not always significant'} (F ≈ {span(at_regions['f'], '{:.0f}')}) "
             + ("but neither coefficient is on its own" if coef_sig == 0 else f"and {coef_sig} coefficient tests are")
             + f" (p ≈ {span(at_regions['p_val'])}), because the two predictors correlate at {R.loc[x_a, x_b]:.2f}. ")
text += (f"With all {len(others)} predictors R² = {full.r2:.3f} and VIFs up to ≈ {full.vif.max():,.0f}: the "
         "near-zero eigenvalues of part 2 make every full-order quantity (coefficients, partial correlations) "
         f"hinge on decimal {decimals} — moving the printed cells within their rounding flips the sign of "
         f"{unstable} of the {len(sens)} coefficients and of {int((~pc['sign_stable']).sum())} of the "
         f"{len(pc)} partial correlations with the development index "
         f"({int((~partial['sign_stable']).sum())} of all {len(partial)}). "
         "**Table 6 supports no multivariate conclusion.**")
Markdown(text)

# %% tags=["nbval-check-output"]
audit = study.table6_audit(decimals=decimals, n_assumed=n_assumed, alpha=alpha, reps=sensitivity_reps, seed=seed)
print(data.write_processed("table6_audit.json", audit).name)

# %% [markdown]
# ## 6 · "Transfers account for more than 70 %" — every region, every year
#
# The Ministry of Finance bulletin prints the execution of every region's local budget
# (`data/raw/kz_budgets`, million KZT; scope: the *consolidated local budget of a region*, oblast,
# district and rural levels together). The two claims are judged on every region-year of the
# `current` scheme (the codes as the bulletin prints them) in 2022–2024, by declared rules
# (`study.transfer_share_claims`): "more than 70 %" holds in a year when both the national
# share and the unweighted mean of the regions' shares exceed 0.70; "on average 70–80 %" holds
# when that unweighted mean lies in [0.70, 0.80]. In 2022–2023 the bulletin printed no sheets for
# Abai, Zhetysu and Ulytau, so fewer regions enter those years (their parents changed territory in
# June 2022; the counts are in the first table). Shares are fractions.

# %% tags=["nbval-check-output"]
EP = execution.build_panel(kz_panel=panel.build_panel())
shares = study.transfer_shares(EP, years=[2022, 2023, 2024])
share_claims = study.transfer_share_claims(shares)
(shares.drop(columns="regions")
 .rename(columns={"n_regions": "regions (count)", "unweighted_mean": "unweighted mean",
                  "n_above_70": "regions above 0.70 (count)", "n_in_70_80": "regions in 0.70-0.80 (count)",
                  "national_share": "national share", "regions_pooled_share": "regions pooled"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption("Transfers as a share of revenue (fraction) across the regions of the Ministry of Finance "
              "execution panel, and nationally")
 .set_uuid("nb03-transfer-shares"))

# %% tags=["nbval-check-output"]
(share_claims.rename(columns={"value": "value (fraction)", "regions_satisfying": "regions satisfying"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption("The study's claims on the share of transfers, judged year by year by the declared rules")
 .set_uuid("nb03-share-claims"))

# %% tags=["nbval-check-output"]
# every region's share, by year (the distribution behind the summary)
(EP[(EP["scheme"] == "current") & EP["year"].isin(shares["year"])]
 .pivot_table(index="territory", columns="year", values="transfer_dependency")
 .style.format(precision=3, na_rep="—")
 .set_caption(f"Transfers as a share of revenue (fraction), every region of the current scheme, "
              f"{shares['year'].min()}-{shares['year'].max()}")
 .set_uuid("nb03-region-shares"))

# %% tags=["nbval-check-output"]
held = share_claims.groupby("claim")["holds"].sum()
print(f"'more than 70%' holds in {int(held['more than 70%'])} of {len(shares)} years; "
      f"'on average 70-80%' in {int(held['on average 70-80%'])} of {len(shares)} years.")
print(f"2024: national share {shares['national_share'].iloc[-1]:.3f}, unweighted regional mean "
      f"{shares['unweighted_mean'].iloc[-1]:.3f}, {int(shares['n_above_70'].iloc[-1])} of "
      f"{int(shares['n_regions'].iloc[-1])} regions above 0.70.")

# %% [markdown]
# The oblast-level decisions (planned figures, a different scope: the oblast level only) are
# shown for reference; they are never mixed into the execution series.

# %% tags=["nbval-check-output"]
decisions = study.budget_decisions_summary()
unit, = decisions["unit"].unique()
(decisions[["region", "budget_year", "document_kind", "income", "transfers", "own_revenue", "transfers_share_pct", "own_share_pct"]]
 .rename(columns={"budget_year": "budget year", "document_kind": "document", "income": f"income ({unit})",
                  "transfers": f"transfers ({unit})", "own_revenue": f"own revenue ({unit})",
                  "transfers_share_pct": "transfers (% of income)", "own_share_pct": "own revenue (% of income)"})
 .style.hide(axis="index")
 .format({f"{c} ({unit})": "{:,.1f}" for c in ["income", "transfers", "own revenue"]}, precision=1, na_rep="—")
 .set_caption("Oblast budget decisions (planned, oblast level only): transfers and own revenue")
 .set_uuid("nb03-decisions"))

# %% [markdown]
# ## 7 · Real data: a region-year panel on consistent borders
#
# Regional borders changed twice: South Kazakhstan (YKO) split into Turkestan (TRK) and Shymkent
# (SHM) in 2018; Abai (ABY), Zhetysu (ZHT) and Ulytau (ULT) were carved out of East Kazakhstan
# (VKO), Almaty region (ALM) and Karaganda (KRG) in 2022. The files switch borders in different
# years, read here from the data: the year the children first appear in each file.

# %% tags=["nbval-check-output"]
rules = panel.border_rules()
display(rules.style.hide(axis="index").format(na_rep="—")
        .set_caption("Border changes: the year each file first publishes the new regions")
        .set_uuid("nb03-border-rules"))
latest = rules[rules["change_year"] == rules["change_year"].max()]
first_child = latest.groupby("variable", sort=False)["children_first"].min()
by_year = {}
for var, y in first_child.items():
    by_year.setdefault("never" if pd.isna(y) else f"from {int(y)}", []).append(var)
Markdown(f"The regions created in {int(latest['change_year'].iloc[0])} ({', '.join(dict.fromkeys(latest['children']))}) are "
         "published " + "; ".join(f"{when} in {', '.join(vs)}" for when, vs in by_year.items()) + " (a year before "
         "the change means the file back-casts today's borders).")

# %% [markdown]
# Dividing VKO's 2020 GRP (which includes Abai) by VKO's 2020 population (which does not) would
# overstate GRP per capita (below, thousand KZT per person). The panel therefore assigns each
# published value the territory it covers and builds every row from values of one territory only.
# South Kazakhstan's GRP is set against Turkestan + Shymkent wherever both are published
# (million KZT):

# %% tags=["nbval-check-output"]
mixed_year = 2020
mixed = study.mixed_border_ratio(numerator="grp", region="VKO", year=mixed_year)
(pd.Series(mixed).drop("territory_of_numerator").rename("value").to_frame()
 .style.format(precision=4)
 .set_caption(f"GRP per capita of {mixed['territory_of_numerator']}, {mixed_year} (thousand KZT per person): "
              "mixed borders (naive) against one territory (consistent); relative error a fraction")
 .set_uuid("nb03-mixed-border"))

# %% tags=["nbval-check-output"]
split = panel.compare_split("grp", parent="YKO")
display(split
        .rename(columns={"parent": "South Kazakhstan (million KZT)", "children_sum": "Turkestan + Shymkent (million KZT)",
                         "difference": "difference (million KZT)", "rel_difference": "relative difference (fraction)"})
        .style.hide(axis="index")
        .format({c: "{:,.1f}" for c in ["South Kazakhstan (million KZT)", "Turkestan + Shymkent (million KZT)",
                                        "difference (million KZT)"]} | {"relative difference (fraction)": "{:.6f}"})
        .set_caption("GRP of South Kazakhstan against Turkestan + Shymkent, where both are published")
        .set_uuid("nb03-split"))
pub = panel.published("grp")
breaks = pub[pub["break"]]
unit, = breaks["unit"].unique()
display(breaks[["region", "year", "value", "territory"]].rename(columns={"value": f"GRP ({unit})"})
        .style.hide(axis="index").format({f"GRP ({unit})": "{:,.1f}"})
        .set_caption("Breaks in the published GRP series (territory changes)")
        .set_uuid("nb03-grp-breaks"))

# %% tags=["nbval-check-output"]
Markdown(f"The naive ratio overstates {mixed['territory_of_numerator']}'s {mixed_year} GRP per capita by "
         f"{mixed['relative_error']:.0%}. South Kazakhstan's GRP "
         + ("equals Turkestan + Shymkent exactly" if (split["difference"].abs() < 0.05).all() else
            f"differs from Turkestan + Shymkent by up to {split['rel_difference'].abs().max():.2%}")
         + f" in the {len(split)} years both are published ({split['year'].min()}–{split['year'].max()}).")

# %% tags=["nbval-check-output"]
P = panel.build_panel(years=years)
labour_tolerance = 0.15  # percentage points: rates are published to one decimal
labour = study.labour_consistency(P, tolerance=labour_tolerance)
(labour
 .rename(columns={"unemployment_rate_pct": "published rate (%)", "implied_rate_pct": "implied rate (%)",
                  "difference_pp": "difference (pp)"})
 .style.hide(axis="index").format(precision=3)
 .set_caption("Published unemployment rate against 100 × (labour force − employed) / labour force, "
              f"where they differ by more than {labour_tolerance:g} pp")
 .set_uuid("nb03-labour"))

# %% tags=["nbval-check-output"]
worst = labour.loc[labour["difference_pp"].abs().idxmax()]
Markdown(f"Apart from rounding, the published rates agree with the labour-force files except {len(labour)} "
         f"territory-years, above all {worst['territory']} {worst['year']} (published "
         f"{worst['unemployment_rate_pct']:.1f} %, implied {worst['implied_rate_pct']:.1f} %); it is kept as "
         "published.")

# %% tags=["nbval-check-output"]
nat = panel.national_check(P)
(nat.groupby("variable")["rel_difference"].agg(["count", "min", "max"])
 .rename(columns={"count": "years (count)", "min": "smallest relative difference", "max": "largest relative difference"})
 .style.format({"smallest relative difference": "{:.3g}", "largest relative difference": "{:.3g}"})
 .set_caption(f"The {P.loc[P['consistent'], 'territory'].nunique()} consistent territories summed against the "
              "national total (relative difference, fraction)")
 .set_uuid("nb03-national"))

# %% tags=["nbval-check-output"]
coverage = pd.concat([study.panel_coverage(P, scheme=scheme).assign(scheme=scheme)
                      for scheme in ["consistent", "current"]], ignore_index=True)
display(coverage[["scheme", *coverage.columns.drop("scheme")]]
        .rename(columns={"territories": "territories (count)", "first_year": "first year", "last_year": "last year",
                         "cells": "cells with a value (count)", "of_cells": "cells (count)"})
        .style.hide(axis="index")
        .set_caption(f"Coverage of the region-year panel {first_year}-{last_year}, consistent and current territories")
        .set_uuid("nb03-panel-coverage"))
print(data.write_processed("regional_panel.csv", P).name, len(P), "rows")

# %% tags=["nbval-check-output"]
con = P[P["consistent"]]
cur = P[P["current"]]


def complete_from(frame, col):
    """First year in which every territory of frame has a value of col."""
    ok = frame.groupby("year")[col].apply(lambda s: s.notna().all())
    ys = [int(y) for y, full in ok.items() if full]
    return min(ys) if ys else None


per_year = con.dropna(subset=["population"]).groupby("year")["territory"].nunique()
con_years = per_year[per_year == con["territory"].nunique()].index
income = cur.dropna(subset=["income_per_capita_kzt_month"])
no_income = sorted(set(cur["territory"]) - set(income["territory"]))
Markdown(
    f"The {con['territory'].nunique()} **consistent** territories (today's {cur['territory'].nunique()} regions "
    "with ABY, ZHT, ULT folded back into their parents and TRK + SHM as South Kazakhstan) have a population in "
    f"every year {min(con_years)}–{max(con_years)}, and their sums differ from the national totals by at most "
    f"{nat['rel_difference'].abs().max():.2g} (relative). The {cur['territory'].nunique()} **current** regions are "
    "complete only from "
    + ", ".join(f"{complete_from(cur, c)} ({label})" for c, label in
                [("unemployment_rate_pct", "unemployment"), ("investment_mln_kzt", "investment"),
                 ("grp_mln_kzt", "GRP")])
    + f"; per-capita income ends {int(income['year'].max())} and has no value for the current borders of {', '.join(no_income)}."
)

# %% [markdown]
# ## 8 · A transparent development index
#
# Components, standardised across territories within each year: log GRP per capita, the negated
# unemployment rate, log per-capita income (while it is published, part 7). Two forms: the mean of the z-scores, and the
# score on the first principal component of the same z-scores (loadings below, per component set).

# %% tags=["nbval-check-output"]
idx = panel.development_index(P, scheme="consistent")
idx_current = panel.development_index(P, scheme="current")
(pd.concat([idx.loadings, idx_current.loadings])
 .rename(columns={"component_set": "component set", "n_obs": "observations (count)",
                  "explained_variance_ratio": "explained variance (fraction)"})
 .style.hide(axis="index").format(precision=3)
 .set_caption("Development index: first-principal-component loadings by scheme and component set")
 .set_uuid("nb03-loadings"))

# %%
fig = study.plot_index(idx)
index_table = pd.concat([idx.values, idx_current.values], ignore_index=True)
print(data.write_processed("development_index.csv", index_table).name, len(index_table), "rows")

# %% tags=["nbval-check-output"]
L = idx.loadings
three = L[L["component_set"].str.count(";") == 2]
w = three.set_index("component")["loading"]
weak = w.abs().idxmin()
Markdown(
    f"With all three components ({three['years'].iloc[0]}), the first component loads on "
    + " and ".join(f"{c.replace('_', ' ')} ({w[c]:+.2f})" for c in w.index if c != weak)
    + f" and hardly on {weak.replace('_', ' ')} ({w[weak]:+.2f})"
    + (": regional unemployment rates barely co-vary with output and income across regions, so the "
       "\"socio-economic development\" of Table 6 is not one dimension in the real data. " if abs(w[weak]) < 0.2 else ". ")
    + "With two components the loadings are ±1/√2 by construction; the explained share then reflects their "
    "correlation."
)

# %% [markdown]
# ## 9 · A Table 6 analogue from real data, and the models the data support
#
# One year's cross-section of the consistent territories, with n, Fisher-z interval and
# Holm-adjusted p for every pair (pingouin). The index contains GRP per capita, unemployment and
# income, so its correlations with them are partly mechanical.

# %% tags=["nbval-check-output"]
cs = study.cross_section(P, year=cross_section_year, index=idx)
(correlation.corr_table(cs.drop(columns="territory"), method=method)
 .rename(columns={"r": f"r ({method})", "ci_low": "95% CI low", "ci_high": "95% CI high", "p_val": "p",
                  "p_holm": "p (Holm)"})
 .style.hide(axis="index").format(precision=3)
 .set_caption(f"A Table 6 analogue from real data: correlations across the {len(cs)} consistent territories, "
              f"{cross_section_year}")
 .set_uuid("nb03-real-correlations"))

# %% [markdown]
# Models: territory-year panel with territory and year effects, OLS, HC3 standard errors; the
# regressor is the previous year's log investment per capita (thousand KZT per person). Outcomes:
# nominal GRP per capita growth (100 × Δlog, % log points; year effects absorb national inflation),
# the unemployment rate (%), the development index. `r2_within` is the share of variance the
# regressor explains after the effects; VIFs are computed on the full design with the dummies.
# The diagonal stripes in the unemployment residuals are observations sharing one published
# rate (rates are published to 0.1 and many regions report the same value).

# %% tags=["nbval-check-output"]
F = study.investment_frame(P, index=idx)
models = study.fit_investment_models(F, outcomes=outcomes)
study.investment_models_style(
    models, uuid="nb03-models-hc3",
    caption="Lagged log investment per capita and three outcomes: territory and year effects, HC3 standard errors")

# %% tags=["nbval-check-output"]
study.investment_models_style(study.fit_investment_models(F, outcomes=outcomes, cov_type="cluster"),
                              uuid="nb03-models-cluster",
                              caption="The same models, standard errors clustered by territory")

# %%
fig = study.plot_residuals(models)

# %% tags=["nbval-check-output"]
print(data.write_processed("regional_models.json", study.regional_summary(P, idx, models)).name)

# %% [markdown]
# ## 10 · The Ministry of Finance execution panel
#
# `execution.build_panel` gives one row per scheme, territory and year, 2013–2024: the six items
# (revenue, tax revenue, transfers received, subventions, withdrawals, expenditure, million KZT),
# own revenue = revenue − transfers, the fiscal-autonomy indicators of `kzgov.budget`, and
# per-capita values (thousand KZT per person) and shares of GRP on the territory each value
# covers (population and GRP from the BNS panel of part 7).
#
# * `current`: the codes as printed, South Kazakhstan (YKO) 2013–2018 included. East Kazakhstan,
#   Almaty region and Karaganda cover Abai, Zhetysu and Ulytau up to 2021 (ratios on that
#   territory) and change territory within 2022 (no ratios that year).
# * `consistent`: the border-consistent territories of part 7; a value only where printed codes cover
#   the territory for the whole year.
# * **The 2018 rule**: the bulletin prints South Kazakhstan (YKO) for 2018 and Shymkent for
#   September–December 2018 only; YKO 2018 + SHM 2018 add up to the national row. So
#   `TRK+SHM` 2018 = YKO 2018 + SHM 2018 (plus Turkestan's Sep–Dec subventions, printed under
#   TRK); in `current` Shymkent's 2018 row is kept, labelled `Sep-Dec`, without per-capita values.
# * Gaps stay gaps, with the reason in `gap_reason`.

# %% tags=["nbval-check-output"]
(study.budget_coverage(EP)
 .rename(columns={"territories": "territories (count)", "years": "years (count)", "first_year": "first year",
                  "last_year": "last year", "cells": "cells with a value (count)", "of_cells": "cells (count)"})
 .style.hide(axis="index")
 .set_caption("Coverage of the Ministry of Finance execution panel by scheme and item")
 .set_uuid("nb03-execution-coverage"))

# %% tags=["nbval-check-output"]
amounts = ["revenue", "transfers", "subventions", "expenditure"]
around_2018 = (2017, 2019)
(EP[(EP["territory"].isin(["YKO", "SHM", "TRK", "TRK+SHM"])) & (EP["year"].between(*around_2018))][
    ["scheme", "territory", "year", "period", *amounts, "revenue_pc"]]
 .rename(columns={**{c: f"{c} ({execution.UNIT})" for c in amounts},
                  "revenue_pc": "revenue per person (thousand KZT)"})
 .style.hide(axis="index")
 .format({f"{c} ({execution.UNIT})": "{:,.1f}" for c in amounts} | {"revenue per person (thousand KZT)": "{:,.1f}"},
         na_rep="—")
 .set_caption(f"The 2018 rule: South Kazakhstan, Turkestan and Shymkent, {around_2018[0]}-{around_2018[1]}, "
              "in both schemes")
 .set_uuid("nb03-2018-rule"))

# %% [markdown]
# ### Regions summed against the national row
#
# For each item and year the printed regions are summed and set against the bulletin's national
# row (`execution.national_check`, tolerance 0.5 million KZT). The gaps that the source's notes
# document are reported as known gaps, with their size where both sides exist; anything else
# would be a `mismatch`.

# %% tags=["nbval-check-output"]
checks = execution.national_check()
(checks.pivot_table(index="item", columns="year", values="status", aggfunc="first")
 .style.set_caption("Regions summed against the bulletin's national row: status by item and year")
 .set_uuid("nb03-national-status"))

# %% tags=["nbval-check-output"]
(checks[checks["status"] != "ok"][["item", "year", "regions_sum", "national", "difference", "status", "reason"]]
 .rename(columns={"regions_sum": f"regions summed ({execution.UNIT})", "national": f"national row ({execution.UNIT})",
                  "difference": f"difference ({execution.UNIT})"})
 .style.hide(axis="index")
 .format({f"{c} ({execution.UNIT})": "{:,.1f}" for c in ["regions summed", "national row", "difference"]}, na_rep="—")
 .set_caption("Item-years whose regions do not add up to the national row, with the documented reason")
 .set_uuid("nb03-national-gaps"))

# %% tags=["nbval-check-output"]
counts = checks["status"].value_counts()
print(f"{int(counts.get('ok', 0))} item-years add up to the national row, "
      f"{int(counts.get('known gap', 0))} are documented gaps of the source, "
      f"{int(counts.get('mismatch', 0))} are unexplained mismatches.")
print(data.write_processed("regional_budget_panel.csv", EP).name, len(EP), "rows")

# %% [markdown]
# ## 11 · The study's regression, declared before it is estimated
#
# The paper regresses "regional development" on transfers and local budget revenues (Section 2,
# and Table 6's variables) without printing a specification or coefficients. Declared here, before
# the code that fits it:
#
# * **Dependent variable**: `index_mean_z`, the development index of part 8
#   (`panel.development_index`, this notebook's version): the mean of within-year z-scores of log
#   GRP per capita, the negated unemployment rate and log per-capita income (the components
#   available in each year, part 7; `components` names each year's set).
# * **Regressors**: `log_transfers_pc` and `log_own_revenue_pc`, natural logs of transfers received
#   and of own revenue (revenue − transfers) per person, **nominal** thousand KZT per person (no
#   regional deflator exists; year effects absorb the common price level, and the index is
#   standardised within each year).
# * **Not** the regressors divided by GRP: the index contains GRP per capita, so budget-to-GRP
#   ratios would be partly mechanical.
# * **Models**: (1) territory and year fixed effects on the `consistent` scheme (its territories,
#   every year with index and regressors), errors clustered by territory: CR1 standard errors, the
#   interval from t with G − 1 degrees of freedom, and p from a wild cluster restricted bootstrap
#   (`wildboottest`, Webb weights, suited to few clusters); (2) the `budget_year`
#   cross-section of the `current` regions (the paper's year); (3) every single-year cross-section
#   of the `consistent` territories (robustness), HC3 errors.

# %% tags=["nbval-check-output"]
frames = {"consistent": study.budget_frame(EP, idx.values, scheme="consistent"),
          "current": study.budget_frame(EP, idx_current.values, scheme="current")}
budget_models = study.fit_budget_models(frames, paper_year=budget_year, bootstrap=bootstrap_reps,
                                     seed=bootstrap_seed)
(study.budget_models_table(budget_models)
 .rename(columns={"coef": "β", "se": "SE", "ci_low": "95% CI low", "ci_high": "95% CI high",
                  "p_cluster_t": "p (cluster t)", "n_obs": "observations (count)", "n_regions": "territories (count)",
                  "r2": "R²"})
 .style.hide(axis="index").format(precision=4, na_rep="—")
 .set_caption("The study's regression: development index on log transfers and log own revenue per person "
              "(index units per log point), by model")
 .set_uuid("nb03-budget-models"))

# %% tags=["nbval-check-output"]
fe = budget_models[0]
print(fe.formula)
print(fe.inference)
display(fe.terms[["term", "coef", "ci_low", "ci_high", "p"]]
        .rename(columns={"coef": "β (index units per log point)", "ci_low": "95% CI low", "ci_high": "95% CI high",
                         "p": "p (wild cluster bootstrap)"})
        .style.hide(axis="index").format({"β (index units per log point)": "{:+.3f}", "95% CI low": "{:+.3f}",
                                          "95% CI high": "{:+.3f}"}, precision=3)
        .set_caption(f"Fixed-effects model: n = {fe.n_obs}, {fe.n_regions} territories, "
                     f"{min(fe.years)}-{max(fe.years)}")
        .set_uuid("nb03-fe-terms"))
print(data.write_processed("regional_budget_models.json", study.budget_models_json(budget_models)).name)

# %% [markdown]
# ### Table 6 beside the same correlations on the real panel
#
# Pearson's r across the current regions in `budget_year`, levels in million KZT as Table 6's
# labels say ("Local budget revenues" is read as total revenue); the index as above. Pairs
# involving a variable the data do not have are listed with the reason.

# %% tags=["nbval-check-output"]
t6 = study.table6_real(frames["current"], year=budget_year)
(t6[t6["real_r"].notna()].drop(columns="reason")
 .rename(columns={"table6_r": "r in Table 6", "real_r": f"r on the record, {budget_year}", "measured_as": "measured as"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption(f"Table 6 beside Pearson's r across the current regions in {budget_year}")
 .set_uuid("nb03-table6-real"))

# %% tags=["nbval-check-output"]
(t6[t6["real_r"].isna()][["variable_a", "variable_b", "table6_r", "reason"]]
 .rename(columns={"table6_r": "r in Table 6", "reason": "why it cannot be computed"})
 .style.hide(axis="index").format(precision=3)
 .set_caption("Pairs of Table 6 the real data cannot reproduce, and why")
 .set_uuid("nb03-table6-missing"))

# %% [markdown]
# ## What the data support, and what they do not

# %% tags=["nbval-check-output"]
outcome_words = {"grp_pc_growth": "GRP-per-capita growth", "unemployment_rate": "unemployment",
                 "index_mean_z": "the development index"}
mt = study.investment_models_table(models)
covers_zero = (mt["ci_low"] <= 0) & (mt["ci_high"] >= 0)
null, assoc = mt[covers_zero], mt[~covers_zero]
lines = []
if len(null):
    lines.append(
        "* Lagged investment per capita is **not** associated with "
        + " or with ".join(outcome_words.get(o, o) for o in null["outcome"])
        + " once territory and year effects are removed ("
        + " and ".join(f"n = {n}" for n in null["n"])
        + f"; {'both CIs include' if len(null) == 2 else 'each CI includes'} 0).")
for r in assoc.itertuples(index=False):
    lines.append(f"* It is associated with {outcome_words.get(r.outcome, r.outcome)} (β ≈ {r.coef:.1g} per log "
                 f"point, n = {r.n}), a level relation that says nothing about direction.")
Markdown("\n".join(lines))

# %% [markdown]
# * **The paper's regression of development on transfers and local budget revenues** is estimated
#   in part 11 on the Ministry of Finance execution panel; its coefficients, intervals and
#   bootstrap p-values are printed there (and in `regional_budget_models.json`). The correlation
#   of *financial autonomy* with household income growth is not estimated (per-capita income ends before the study's years; part 7).
# * Limits: GRP and income are nominal (no regional deflator is available); 2025 values are the
#   latest releases in the source and may be revised; small boundary changes of the cities Astana
#   and Almaty are not in the registry and are not handled.
