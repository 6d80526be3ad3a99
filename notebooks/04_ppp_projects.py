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
#     parameters: kzgov.study.ppp_projects:PARAMETERS
# ---

# %% tags=["parameters"]
# Level of the binomial interval around the official shares
confidence = 0.95
# Binomial interval: "wilson", "beta" (Clopper-Pearson), "agresti_coull" or "jeffreys"
ci_method = "wilson"
# Draw the figures
make_figures = True

# %% [markdown]
# # PPP projects: Figures 4–8 of Section 3 against the official counts
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
from IPython.display import Markdown

from kzgov import data
from kzgov.study import ppp_projects as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

pd.set_option("display.width", 160)

# %% [markdown]
# ## Sources and their dates
#
# The study's counts cover projects of 2015–2023 (statuses "for 2024"); its shares have no
# stated denominator. The official figures are complete national counts at two dates, one
# inside and one after the study's period.

# %% tags=["nbval-check-output"]
(study.source_dates().style.hide(axis="index")
 .set_caption("Sources of the PPP figures: the period each refers to and when it was published")
 .set_uuid("nb04-sources"))

# %% [markdown]
# ## Figure 4: projects by region
#
# The text prints five counts and calls them "the largest number of projects". Position in
# the sentence against the rank by the printed count (1 = largest of those printed):

# %% tags=["nbval-check-output"]
counts = study.region_counts()
(counts[["order_in_text", "label", "region_code", "projects", "rank", "created"]]
 .rename(columns={"order_in_text": "position in the sentence", "label": "region", "region_code": "code",
                  "projects": "projects (count)", "rank": "rank by count", "created": "region created (year)"})
 .style.hide(axis="index").format(na_rep="—")
 .set_caption("Figure 4: the five printed project counts, in the order of the sentence, "
              "against their rank by count (1 = largest)")
 .set_uuid("nb04-fig4"))

# %% tags=["nbval-check-output"]
(study.ranking_claims().style.hide(axis="index")
 .set_caption("Figure 4: the text's ranking claims against the printed counts")
 .set_uuid("nb04-ranking"))

# %% tags=["nbval-check-output"]
held = study.ranking_claims(counts).set_index("claim")["holds"]
by_code = counts.set_index("region_code")
by_size = counts.sort_values(["projects", "order_in_text"], ascending=[False, True])
first, smallest = by_size.iloc[0], by_size.iloc[-1]
trk = by_code.loc["TRK"]
ahead = by_size[(by_size["projects"] > trk["projects"]) & (by_size["region_code"] != "VKO")]
out_of_order = by_size[by_size["rank"] != by_size["order_in_text"]]
late = counts[~counts["exists_throughout"]].groupby("created")["name_en"].agg(list)
Markdown(
    f"{first['label']} ({first['projects']}) "
    + ("is indeed" if held["largest_is_vko"] else "is not, as the text says,")
    + " the largest printed count, "
    + ("and the sentence lists the regions in descending order. " if held["text_order_descending"]
       else "but the sentence is not a ranking: "
       + "; ".join(f"{r.label} ({r.projects}) has more projects than {trk['label']} ({trk['projects']})"
                   for r in ahead.itertuples())
       + f", and {smallest['label']} ({smallest['projects']}) is the smallest of the {len(counts)} "
       f"although listed in position {smallest['order_in_text']}. ")
    + "The later claim that \"Turkestan and East Kazakhstan regions are leading in the number of "
    + "initiatives\" "
    + ("holds. " if held["turkestan_vko_top_two"] else
       "holds only among oblasts; " if held["turkestan_vko_top_two_oblasts"] else "does not hold; ")
    + (f"counting {' and '.join(ahead['label'])}, Turkestan ranks {trk['rank']}, by "
       f"{int(ahead['projects'].min() - trk['projects'])} project(s). " if len(ahead) else "")
    + f"Figure 4 shows other regions whose numbers are not printed, so \"largest\" can only be "
    f"judged among these {len(counts)}. "
    + " and ".join(f"{' and '.join(names)} exist{'s' if len(names) == 1 else ''} since {year}"
                   for year, names in late.items())
    + f", so their {study.PAPER_PERIOD} counts cover fewer years or were re-attributed to today's "
    "boundaries; the study does not say which."
)

# %%
if make_figures:
    study.plot_region_counts(counts);

# %% [markdown]
# ## Figure 5: projects by industry
#
# Figure 5 is an image; the text gives no number from it, so it is neither reproduced nor
# re-drawn.

# %% tags=["nbval-check-output"]
print(study.FIGURE5_NOTE)

# %% [markdown]
# ## Figure 6: local vs national level
#
# The local and national shares printed under Figure 6, their sum, and the later repetitions
# of the local share in Section 3.

# %% tags=["nbval-check-output"]
checks = study.checks(confidence=confidence, method=ci_method)
levels = study.level_shares()
under6 = levels[levels["location"].str.contains("under Figure 6")].set_index("level")
repeats = levels[~levels["location"].str.contains("under Figure 6")]
display(Markdown(
    f"{under6.loc['local', 'printed']} local and {under6.loc['national', 'printed']} national add up "
    f"to {under6['value'].sum():g} %; the local share is repeated {len(repeats)} time(s) later in "
    "Section 3 (" + ", ".join(f'"{p}"' for p in repeats["printed"]) + ")."
))
fig6 = checks[checks["check"].str.startswith("fig6")]
unit6 = "/".join(fig6["unit"].dropna().unique())
(fig6[["check", "paper_printed", "paper_value", "recomputed", "difference", "holds"]]
 .rename(columns={"paper_printed": "printed", "paper_value": f"paper value ({unit6})",
                  "recomputed": f"recomputed ({unit6})", "difference": f"difference ({unit6})"})
 .style.hide(axis="index").format(precision=1, na_rep="—")
 .set_caption("Figure 6: the printed local/national split, its sum and its repetitions, recomputed")
 .set_uuid("nb04-fig6"))

# %% [markdown]
# ## Figure 7: project status for 2024
#
# The status shares printed under Figure 7, and how often each is printed.

# %% tags=["nbval-check-output"]
statuses = study.status_shares()
twice = statuses[statuses["mentions"] > 1]
display(Markdown(
    f"{len(statuses)} statuses; the share of "
    + ", ".join(f"{r.status} is printed {r.mentions} times ({r.printed})" for r in twice.itertuples())
    + f". The distinct shares sum to {statuses['value'].sum():g} %; "
    + ("the repeated share restates the first mention, it is not another status."
       if twice["all_mentions_equal"].all() else "the mentions of the repeated share differ.")
))
fig7 = checks[checks["check"].str.startswith("fig7")]
unit7 = "/".join(fig7["unit"].dropna().unique())
(fig7[["check", "paper_printed", "paper_value", "paper_low", "paper_high", "recomputed", "difference", "holds"]]
 .rename(columns={"paper_printed": "printed", "paper_value": f"paper value ({unit7})",
                  "paper_low": f"rounding low ({unit7})", "paper_high": f"rounding high ({unit7})",
                  "recomputed": f"recomputed ({unit7})", "difference": f"difference ({unit7})"})
 .style.hide(axis="index").format(precision=1, na_rep="—")
 .set_caption("Figure 7: the printed status shares for 2024 and their sum, with and without "
              "the repeated share")
 .set_uuid("nb04-fig7"))

# %%
if make_figures:
    study.plot_status_shares();

# %% [markdown]
# ## Figure 8: contracts concluded, 2015–2023
#
# The text says most contracts were concluded in 2018 and fewest in 2022–2023, and gives the
# smallest and largest amounts, both in 2018, without a unit. Figure 8's yearly counts are
# not printed, so nothing is drawn.

# %% tags=["nbval-check-output"]
(study.contract_amounts()[["quantity", "printed", "value", "unit", "year", "max_over_min"]]
 .rename(columns={"value": "value (unit as printed)", "max_over_min": "maximum / minimum (ratio)"})
 .style.hide(axis="index")
 .format({"value (unit as printed)": "{:,.2f}", "maximum / minimum (ratio)": "{:,.0f}"}, na_rep="—")
 .set_caption("Figure 8: the smallest and largest contract amounts printed in the text; "
              "their unit is not stated")
 .set_uuid("nb04-fig8"))

# %% tags=["nbval-check-output"]
amounts = study.contract_amounts().set_index("quantity")
Markdown(
    "**Not reproducible.** Recomputing the minimum and maximum, or the years with most and "
    f"fewest contracts, needs the contract-level PPP register for {study.PAPER_PERIOD} (amount, its "
    "unit, and year of each contract), which the study does not publish. The two amounts differ "
    f"by a factor of {amounts['max_over_min'].iloc[0] / 1e6:.1f} million; without a unit it cannot "
    f"even be said whether {amounts.loc['minimum_amount', 'printed']} is tenge, thousand tenge or "
    "million tenge."
)

# %% [markdown]
# ## Cross-check against the official national counts
#
# Only two things are defined alike in both sources: the split of PPP contracts between the
# national and the local level, and the share terminated. A printed whole percentage stands
# for its rounding interval (e.g. 50 % stands for [49.5, 50.5]). The official shares are exact
# counts; the binomial interval and tests beside them ask whether a share as printed could have
# produced the official count (`p_val`: against the printed value; `p_val_rounding`:
# against the nearest value in the rounding interval). The study's terminated share is of all
# projects, including planned ones and those in competition, which have no contract; it is
# also recomputed over the statuses that imply a contract (being implemented, terminated,
# expired).

# %% tags=["nbval-check-output"]
cross = study.official_crosscheck(confidence=confidence, method=ci_method)
cols = ["quantity", "official_as_of", "paper_value", "paper_low", "paper_high", "official_count",
        "official_total", "official_value", "difference", "ci_low", "ci_high", "p_val", "p_val_rounding", "within_rounding"]
(cross[cols]
 .rename(columns={"official_as_of": "official as of", "paper_value": "paper (%)", "paper_low": "rounding low (%)",
                  "paper_high": "rounding high (%)", "official_count": "official count (contracts)",
                  "official_total": "official total (contracts)", "official_value": "official (%)",
                  "difference": "difference (pp)", "ci_low": f"{confidence:.0%} CI low (%)",
                  "ci_high": f"{confidence:.0%} CI high (%)", "p_val": "p", "p_val_rounding": "p (rounding)",
                  "within_rounding": "within rounding"})
 .style.hide(axis="index").format({"p": "{:.2e}", "p (rounding)": "{:.2e}"}, precision=2, thousands=",", na_rep="—")
 .set_properties(subset=["official as of"], **{"white-space": "nowrap"})  # keep dates on one line
 .set_caption(f"The study's shares against the official national counts of PPP contracts, with "
              f"{confidence:.0%} {ci_method} intervals and binomial tests")
 .set_uuid("nb04-crosscheck"))

# %%
if make_figures:
    study.plot_crosscheck(cross);


# %% tags=["nbval-check-output"]
def _split(row_local, row_national):
    return f"{row_local['official_value']:.1f} % / {row_national['official_value']:.1f} %"


by = cross.set_index(["quantity", "official_as_of"])
dates = sorted(cross.loc[cross["quantity"] == "local_share", "official_as_of"])
early, late_ = dates[0], dates[-1]
loc_e, nat_e = by.loc[("local_share", early)], by.loc[("national_share", early)]
loc_l, nat_l = by.loc[("local_share", late_)], by.loc[("national_share", late_)]
term = by.loc[("terminated_share", late_)]
term_c = by.loc[("terminated_share_of_contract_statuses", late_)]
alpha = 1 - confidence
printed = f"{loc_e['paper_value']:g} % / {nat_e['paper_value']:g} %"
Markdown(
    f"The study's {printed} "
    + ("matches" if loc_e["within_rounding"] else "does not match")
    + f" the official split of {early} ({_split(loc_e, nat_e)}). By {late_} the official split is "
    f"{_split(loc_l, nat_l)}, "
    + ("within" if loc_l["within_rounding"] else "just outside" if abs(loc_l["difference"]) < 1 else "outside")
    + f" the rounding interval (it would print as {loc_l['official_value']:.0f} % / "
    f"{nat_l['official_value']:.0f} %), a difference of {abs(loc_l['difference']):.2f} percentage points "
    + (f"that the binomial test cannot tell from the printed {loc_l['paper_value']:g} % (p = {loc_l['p_val']:.2f})"
       if loc_l["p_val"] >= alpha else f"that the binomial test tells from the printed {loc_l['paper_value']:g} %")
    + ". The terminated share "
    + ("does not agree" if term_c["p_val_rounding"] < alpha else "agrees")
    + f": {term['official_value']:.1f} % of contracts were terminated by {late_} ({confidence:.0%} "
    f"interval {term['ci_low']:.1f}–{term['ci_high']:.1f} %), against the study's "
    f"{term['paper_value']:g} % of projects ({term_c['paper_value']:.1f} % over contract statuses)"
    + (", well outside what rounding or chance allows" if term_c["p_val_rounding"] < alpha else "")
    + ". Part of the gap may be timing — terminations accumulate, and the official count is later "
    "than the study's \"2024\" — but the study's denominator is not stated, so the gap cannot be "
    "apportioned."
)

# %% [markdown]
# ## Output
#
# `data/processed/ppp_checks.csv`: one row per check above (paper value, recomputed value,
# official count and share with interval and tests, whether it holds, and a note).

# %% tags=["nbval-check-output"]
print(data.write_processed("ppp_checks.csv", checks).name)
