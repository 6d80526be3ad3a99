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
#     parameters: kzgov.study.survey_tabulation:PARAMETERS
# ---

# %% tags=["parameters"]
# Parameters (papermill). None = the packaged data.
civil_servants_path = None  # respondent file of the civil servants (codes or option texts)
entrepreneurs_path = None  # respondent file of the entrepreneurs
codebook_path = None  # codebook CSV; None means data/raw/paper/survey_codebook.csv
confidence = 0.95  # confidence level of the intervals, in (0, 1)

# %% [markdown]
# # The PPP surveys: Tables 3 and 4, intervals, comparison and consistency
#
# **Reproduces** Section 2 of Abdullayev, Kadyrova & Ydyrys (2025): the survey of civil servants
# (Table 3, Appendix I), the survey of entrepreneurs (Table 4, Appendix II), the stated sample sizes
# and survey modes, and the three Spearman coefficients stated after Table 3; and the survey
# discussion of Section 3.
#
# **Reads** `data/raw/paper/survey_codebook.csv` (both questionnaires, table and appendix wording),
# `table3_civil_servants.csv`, `table4_entrepreneurs.csv` (printed percentages), `survey_sample.csv`
# (stated n and mode shares), `survey_comparable.csv` (which questions are compared, with the option
# mapping), `survey_spearman_text.csv`, and respondent-level files: by default the **reconstructions**
# `data/raw/reconstructions/survey_*.csv`.
#
# **The respondent-level answers were not published.** The reconstructions hold one row per
# respondent whose marginals equal Tables 3 and 4 exactly; how answers pair across questions is random
# (a fixed seed, `study.RECONSTRUCTION_SEED`) and carries no information. They reproduce the tables, and nothing that involves two
# questions at once. Pass your own files (e.g. a Google Forms export) as parameters to analyse real data.

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

from kzgov import data, survey
from kzgov.study import survey_tabulation as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

codebook = survey.load_codebook(codebook_path)
cs = study.open_responses("civil_servants", civil_servants_path, codebook=codebook)
en = study.open_responses("entrepreneurs", entrepreneurs_path, codebook=codebook)
print(f"civil servants: {len(cs)} respondents ({cs.attrs['kind']}); entrepreneurs: {len(en)} ({en.attrs['kind']})")

# %% [markdown]
# ## Table 3 and Table 4 recomputed from respondent-level data
#
# Per option: the printed value, the count, the recomputed percentage (rounded half up to whole %,
# as printed) and the difference in percentage points; `ci_low`–`ci_high` is the Wilson interval of
# the share and `sim_ci_*` Goodman's simultaneous interval over all options of the question (fractions).

# %% tags=["nbval-check-output"]
table3 = study.reproduce_table(cs, codebook=codebook, confidence=confidence)
study.style_table(table3, cs, confidence=confidence, uuid="nb02-table3")

# %% tags=["nbval-check-output"]
table4 = study.reproduce_table(en, codebook=codebook, confidence=confidence)
study.style_table(table4, en, confidence=confidence, uuid="nb02-table4")

# %% tags=["nbval-check-output"]
print(f"largest |difference|: Table 3 {table3['difference_pct'].abs().max():.0f} percentage points, "
      f"Table 4 {table4['difference_pct'].abs().max():.0f} percentage points")

# %% [markdown]
# ## Wording: tables vs appendices
#
# The codebook keeps both wordings. Where they differ, none changes the meaning, and the reader
# accepts either wording (and ignores a trailing full stop).

# %% tags=["nbval-check-output"]
wording = codebook.differences()
display(Markdown(f"The wordings differ in {len(wording)} places "
                 f"({(wording['what'] == 'question').sum()} question(s), "
                 f"{(wording['what'] == 'option').sum()} option(s))."))
(wording[["group", "question", "option_code", "what", "table", "appendix"]]
 .rename(columns={"option_code": "option", "table": "wording in the table", "appendix": "wording in the appendix"})
 .style.hide(axis="index")
 .set_caption("Questionnaire wording: where the tables and the appendices differ")
 .set_uuid("nb02-wording"))

# %% [markdown]
# ## Consistency of the published numbers
#
# * Do the options of every question sum to 100 %?
# * Which sample sizes n (up to the bound searched) could have produced every printed percentage
#   (whole counts, rounded half up, counts summing to n)? Is the stated n among them?
# * Is the stated split of the entrepreneurs between online and in-person surveys a whole split?
# * Are the printed percentages all multiples of a common step? Under the null that each question's
#   counts are Multinomial(stated n, printed shares), questions independent, how probable is that?
#   (Exact, by the chain of conditional binomials; Monte Carlo as a cross-check.)

# %% tags=["nbval-check-output"]
import math

published_all = study.load_published()
step = math.gcd(*(int(v) for v in published_all["value"]))
Markdown(f"Every one of the {len(published_all)} printed percentages is a multiple of {step}.")

# %% tags=["nbval-check-output"]
report = study.consistency_report(codebook=codebook)
m = report["mode_split"]
print(f"Every question's options sum to 100 %: {report['sums']['all_sum_to_100']}. "
      f"Mode split {' / '.join(m['printed'])} ({m['qualifier']}) of n = {m['n']}: "
      f"counts {' / '.join(map(str, m['counts'] or []))}, whole numbers: {m['consistent']}.")
sizes = pd.DataFrame([
    {"group": g, "stated n": c["stated_n"], "stated n consistent": c["stated_n_consistent"],
     "smallest consistent n": c["smallest"],
     "consistent n ≤ 100": ", ".join(map(str, c["up_to_100"])),
     "consistent n (count)": c["count_up_to_n_max"], "n searched up to": c["n_max"]}
    for g, c in report["consistent_sample_sizes"].items()])
(sizes.style.hide(axis="index").format(na_rep="—")
 .set_caption("Sample sizes that could have produced every printed percentage "
              "(whole counts, rounded half up), against the stated n")
 .set_uuid("nb02-sample-sizes"))

# %% tags=["nbval-check-output"]
mult = report["all_multiples_of_5"]
per_question = pd.concat([
    pd.DataFrame({"group": g, "n": mult[g]["n"], "question": list(report["sums"][g]),
                  "exact": mult[g]["exact_per_question"],
                  "Monte Carlo": mult[g]["monte_carlo_per_question"],
                  "Monte Carlo se": mult[g]["monte_carlo_se_per_question"]})
    for g in study.GROUPS], ignore_index=True)
whole_table = pd.DataFrame(
    [{"group": g, "n": mult[g]["n"], "questions": len(mult[g]["exact_per_question"]),
      "P(all multiples of 5)": mult[g]["exact_probability"],
      "log10 P": mult[g]["exact_log10_probability"]} for g in study.GROUPS]
    + [{"group": "both tables", "log10 P": mult["both_tables_log10_probability"]}])
display(whole_table.style.hide(axis="index")
        .format({"n": "{:.0f}", "questions": "{:.0f}", "P(all multiples of 5)": "{:.3e}",
                 "log10 P": "{:.2f}"}, na_rep="—")
        .set_caption("Probability that every printed percentage of a table is a multiple of 5, "
                     "under Multinomial(stated n, printed shares) counts (exact)")
        .set_uuid("nb02-multiples"))
r = mult[study.GROUPS[0]]
(per_question.style.hide(axis="index").format(precision=4)
 .set_caption(f"Per question: probability that its percentages are all multiples of 5, exact "
              f"against Monte Carlo (n_sim = {r['monte_carlo_n_sim']:,}, seed {r['monte_carlo_seed']})")
 .set_uuid("nb02-multiples-per-question"))

# %% tags=["nbval-check-output"]
ns = report["stated_n"]
n_q = sum(len(mult[g]["exact_per_question"]) for g in study.GROUPS)
common = [set(report["consistent_sample_sizes"][g]["up_to_100"]) for g in study.GROUPS]
both = sorted(set.intersection(*common))
stated = " and ".join(f"n = {n}" for n in ns.values())
Markdown(
    "At " + "; at ".join(f"n = {n} a percentage is a multiple of {step} only if the count is a "
                         f"multiple of {n * step // 100}" for n in ns.values())
    + ". A question with K options then lands on the grid with probability of roughly "
    + " or ".join(f"(1/{n * step // 100})^(K−1)" for n in ns.values())
    + f", so all {n_q} questions together do so with probability of order "
    f"10{str(round(mult['both_tables_log10_probability'])).translate(str.maketrans('-0123456789', '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'))}. The printed pattern is not what counting "
    + " and ".join(str(n) for n in ns.values())
    + f" respondents typically produces; either the shares were rounded to {step} % (the table does "
    "not say so) or the stated n are not the counts behind them. The tables are nevertheless "
    + ("*possible* at " + stated if all(report["consistent_sample_sizes"][g]["stated_n_consistent"] for g in study.GROUPS)
       else "not possible at " + stated)
    + f", and at every n ≤ 100 consistent with both: {', '.join(map(str, both))}."
)

# %% [markdown]
# ## Comparing the groups
#
# A pair of questions is compared only when its options map one to one in both questionnaires
# (`survey_comparable.csv`); the stems may still differ (question 1: the department's projects vs the
# respondent's own participation). Every other candidate pair is documented there and is **not**
# compared. A comparison of one question needs only each group's marginals, so with the stated n the
# test below is the same for the reconstructions as for the real data.

# %% tags=["nbval-check-output"]
comparable = study.load_comparable(codebook=codebook)
pairs = comparable.drop_duplicates("pair_id")
compared = pairs[pairs["status"] == "compared"]
display(Markdown(
    f"Compared: {len(compared)} pair(s) ("
    + ", ".join(f"civil servants' {r.question_civil_servants} with entrepreneurs' {r.question_entrepreneurs}"
                for r in compared.itertuples())
    + f"); not compared: {(pairs['status'] == 'not_compared').sum()} candidate pair(s)."
))
(comparable[comparable.status == "not_compared"][["pair_id", "question_civil_servants", "question_entrepreneurs"]]
 .rename(columns={"pair_id": "candidate pair", "question_civil_servants": "civil servants' question",
                  "question_entrepreneurs": "entrepreneurs' question"})
 .style.hide(axis="index")
 .set_caption("Candidate pairs of questions not compared: their options do not map one to one")
 .set_uuid("nb02-not-compared"))

# %% tags=["nbval-check-output"]
comparison = survey.compare_groups(cs, en, comparable=comparable)
(comparison.rename(columns={"n_civil_servants": "n civil servants", "n_entrepreneurs": "n entrepreneurs",
                            "n_options": "options", "min_expected": "min expected (count)",
                            "p_val": "p", "p_holm": "p (Holm)", "cramers_v": "Cramér's V"})
 .style.hide(axis="index").format(precision=4, na_rep="—")
 .set_caption("Civil servants against entrepreneurs on the comparable question: "
              "test of independence of group and answer")
 .set_uuid("nb02-comparison"))

# %%
fig = study.plot_comparable(
    {"Civil servants": survey.tabulate(cs, "q1", codebook=codebook, confidence=confidence, zeros=True),
     "Entrepreneurs": survey.tabulate(en, "q1", codebook=codebook, confidence=confidence, zeros=True)},
    labels=codebook.text("civil_servants", "q1"), confidence=confidence,
    title="Q1: types of PPP projects, by group",
    caption_text=f"Source: Tables 3-4 of Abdullayev et al. (2025); respondent data: {cs.attrs['source']}, {en.attrs['source']} ({cs.attrs['kind']}). Wilson intervals.",
)

# %% [markdown]
# ## Claims of the survey discussion
#
# * "Most of the respondents highly appreciate the effectiveness of cooperation" (civil servants, Q7):
#   the share who answered *very effective* and its Wilson interval show whether a majority is
#   established.
# * "Government officials are more optimistic about the government's actions in supporting
#   businesses": no civil-servant question asks about the state's support to business (see
#   `cs_q7_en_q6_state_support` above), so this difference cannot be measured with these questionnaires.

# %% tags=["nbval-check-output"]
q7 = survey.tabulate(cs, "q7", codebook=codebook, confidence=confidence)
very = q7.set_index("option").loc["very_effective"]
display(Markdown(
    f"{very['share']:.0%} of the civil servants answered *very effective* ({confidence:.0%} Wilson "
    f"interval {very['ci_low']:.0%}–{very['ci_high']:.0%}): a majority is "
    + ("established." if very["ci_low"] > 0.5 else "printed, but not established at this n."
       if very["share"] > 0.5 else "not printed.")
))
(q7.rename(columns={"count": "count (respondents)", "share": "share (%)",
                    "ci_low": "Wilson low (%)", "ci_high": "Wilson high (%)"})
 .style.hide(axis="index")
 .format({"share (%)": "{:.1%}", "Wilson low (%)": "{:.1%}", "Wilson high (%)": "{:.1%}"})
 .set_caption(f"Civil servants' Q7, effectiveness of cooperation: share of each answer with its "
              f"{confidence:.0%} Wilson interval (n = {len(cs)})")
 .set_uuid("nb02-q7"))

# %% [markdown]
# ## The three Spearman coefficients of the text
#
# The text does not say which items they come from, and no respondent-level data were published, so
# they **cannot be recomputed**. Every item involved is a single-choice question with nominal options:
#
# * Between two *options* of one single-choice question (e.g. "methodology" vs "software" in Q3), the
#   correlation of the 0/1 indicators is fixed by the marginals, r = −√(k_i k_j / ((n−k_i)(n−k_j))),
#   and is always negative. The table shows its range for the candidate question of each claim, and
#   which option pairs match the printed value at the printed precision.
# * Between two nominal *questions* (e.g. Q1 project types vs Q2 goals), a Spearman coefficient depends
#   on the arbitrary order of the option codes (reversing one order flips the sign), and the
#   published marginals allow almost any value.

# %% tags=["nbval-check-output"]
claims = study.spearman_claims()
(claims[["claim_id", "printed", "question", "indicator_r_min", "indicator_r_max", "matching_pairs"]]
 .rename(columns={"printed": "printed r", "indicator_r_min": "attainable r, min",
                  "indicator_r_max": "attainable r, max", "matching_pairs": "option pairs matching the printed r"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption("The three printed Spearman coefficients against the range of correlations between "
              "two options of the candidate question, fixed by its marginals")
 .set_uuid("nb02-spearman-claims"))

# %% tags=["nbval-check-output"]
published = study.load_published("civil_servants")
n_cs = report["stated_n"]["civil_servants"]
(study.pairing_sensitivity(published, x="q1", y="q2", n=n_cs,
                            reconstruction=study.load_responses("civil_servants", codebook=codebook))
 .rename(columns={"r": "Spearman r"})
 .style.hide(axis="index").format(precision=3)
 .set_caption(f"Civil servants' Q1 × Q2 (n = {n_cs}), options coded in printed order: the "
              "reconstruction's coefficient against what the published marginals allow")
 .set_uuid("nb02-pairing"))

# %% [markdown]
# What the reconstruction gives is a property of its random seed: with the same marginals the Q1 × Q2
# coefficient can be anything between the attainable minimum and maximum above. The same holds for the
# entrepreneurs' ordinal items (Q4, Q6, Q9): the rank correlations below are computed correctly on the
# reconstruction, but its pairing is random, so they are **not evidence** of any association among
# entrepreneurs — a "significant" one here is a chance event of the seed. With a real respondent file
# passed as a parameter, this same cell gives the real coefficients.

# %% tags=["nbval-check-output"]
(survey.ordinal_association(en, codebook=codebook, confidence=confidence)
 .rename(columns={"n": "n (respondents)", "ci_low": "CI low", "ci_high": "CI high", "p_val": "p", "p_holm": "p (Holm)"})
 .style.hide(axis="index").format(precision=3, na_rep="—")
 .set_caption(f"Entrepreneurs' ordinal items: rank correlations with {confidence:.0%} intervals "
              f"({en.attrs['kind']} data)")
 .set_uuid("nb02-ordinal"))

# %% [markdown]
# ## Outputs
#
# `data/processed/survey_tables.csv` (both tables, printed vs recomputed, intervals) and `data/processed/survey_consistency.json`.

# %% tags=["nbval-check-output"]
tables = pd.concat([table3, table4], ignore_index=True).round(6)
print(data.write_processed("survey_tables.csv", tables).name, len(tables), "rows")
print(data.write_processed("survey_consistency.json", report).name)
