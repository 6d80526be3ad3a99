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
#     domains: kzgov.survey:parameter_domains
# ---

# %% tags=["parameters"]
# Parameters (papermill). None = the packaged data.
civil_servants_path = None  # respondent file of the civil servants (codes or option texts)
entrepreneurs_path = None  # respondent file of the entrepreneurs
codebook_path = None  # codebook CSV; None = data/raw/paper/survey_codebook.csv
confidence = 0.95  # confidence level of the intervals, in (0, 1)

# %% [markdown]
# # 02 · The PPP surveys: Tables 3 and 4, intervals, comparison and consistency
#
# **Reproduces** Section 2 of Abdullayev, Kadyrova & Ydyrys (2025): the survey of 80 civil servants
# (Table 3, Appendix I), the survey of 60 entrepreneurs (Table 4, Appendix II), the stated survey
# modes (≈75 % online / 25 % in person) and the three Spearman coefficients stated after Table 3
# (0.7, −0.25, −0.4); and the survey discussion of Section 3.
#
# **Reads** `data/raw/paper/survey_codebook.csv` (both questionnaires, table and appendix wording),
# `table3_civil_servants.csv`, `table4_entrepreneurs.csv` (printed percentages), `survey_sample.csv`
# (stated n and mode shares), `survey_comparable.csv` (which questions are compared, with the option
# mapping), `survey_spearman_text.csv`, and respondent-level files: by default the **reconstructions**
# `data/raw/reconstructions/survey_*.csv`.
#
# **The respondent-level answers were not published.** The reconstructions hold one row per
# respondent whose marginals equal Tables 3 and 4 exactly; how answers pair across questions is random
# (seed 20250601) and carries no information. They reproduce the tables, and nothing that involves two
# questions at once. Pass your own files (e.g. a Google Forms export) as parameters to analyse real data.

# %%
# %matplotlib inline
from kzgov import data, survey

codebook = survey.load_codebook(codebook_path)
cs = survey.open_responses("civil_servants", civil_servants_path, codebook=codebook)
en = survey.open_responses("entrepreneurs", entrepreneurs_path, codebook=codebook)
print(f"civil servants: {len(cs)} respondents ({cs.attrs['kind']}); entrepreneurs: {len(en)} ({en.attrs['kind']})")

# %% [markdown]
# ## Table 3 and Table 4 recomputed from respondent-level data
#
# Per option: the printed value, the count, the recomputed percentage (rounded half up to whole %,
# as printed) and the difference in percentage points; `ci_low`–`ci_high` is the Wilson interval of
# the share and `sim_ci_*` Goodman's simultaneous interval over all options of the question (fractions).

# %% tags=["nbval-check-output"]
cols = ["question", "option", "printed", "published_pct", "count", "n", "recomputed_pct", "difference_pct", "ci_low", "ci_high", "sim_ci_low", "sim_ci_high"]
table3 = survey.reproduce_table(cs, codebook=codebook, confidence=confidence)
print("Table 3 (civil servants). Units: % of respondents; difference in percentage points; intervals as fractions")
print(table3[cols].round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
table4 = survey.reproduce_table(en, codebook=codebook, confidence=confidence)
print("Table 4 (entrepreneurs). Units: % of respondents; difference in percentage points; intervals as fractions")
print(table4[cols].round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
print("largest |difference| (percentage points): Table 3", table3["difference_pct"].abs().max(), "· Table 4", table4["difference_pct"].abs().max())

# %% [markdown]
# ## Wording: tables vs appendices
#
# The codebook keeps both wordings. They differ in four places; none changes the meaning, and the
# reader accepts either wording (and ignores a trailing full stop).

# %% tags=["nbval-check-output"]
print(codebook.differences()[["group", "question", "option_code", "what", "table", "appendix"]].to_string(index=False))

# %% [markdown]
# ## Consistency of the published numbers
#
# * Do the options of every question sum to 100 %?
# * Which sample sizes n ≤ 500 could have produced every printed percentage (whole counts, rounded half
#   up, counts summing to n)? Is the stated n among them?
# * Is ≈75 % / 25 % of 60 entrepreneurs a whole split?
# * Every one of the 69 printed percentages is a multiple of 5. Under the null that each question's
#   counts are Multinomial(stated n, printed shares), questions independent, how probable is that?
#   (Exact, by the chain of conditional binomials; Monte Carlo with seed 0 as a cross-check.)

# %% tags=["nbval-check-output"]
report = survey.consistency_report(codebook=codebook)
print("all questions sum to 100 %:", report["sums"]["all_sum_to_100"])
for g, c in report["consistent_sample_sizes"].items():
    print(f"{g}: stated n={c['stated_n']} consistent: {c['stated_n_consistent']}; smallest consistent n: {c['smallest']}; consistent n ≤ 100: {c['up_to_100']}; {c['count_up_to_n_max']} of n ≤ {c['n_max']}")
m = report["mode_split"]
print(f"mode split {m['printed']} ({m['qualifier']}) of n={m['n']}: counts {m['counts']}, whole: {m['consistent']}")

# %% tags=["nbval-check-output"]
mult = report["all_multiples_of_5"]
for g in survey.GROUPS:
    r = mult[g]
    print(f"{g} (n={r['n']}): P(all % multiples of 5) = {r['exact_probability']:.3e} (log10 {r['exact_log10_probability']:.2f})")
    print("   per question, exact:      ", " ".join(f"{p:.4f}" for p in r["exact_per_question"]))
    print("   per question, Monte Carlo:", " ".join(f"{p:.4f}" for p in r["monte_carlo_per_question"]), f"(n_sim={r['monte_carlo_n_sim']}, seed={r['monte_carlo_seed']}, se ≤ {max(r['monte_carlo_se_per_question']):.4f})")
print(f"both tables: log10 P = {mult['both_tables_log10_probability']:.2f}")

# %% [markdown]
# At n = 80 a percentage is a multiple of 5 only if the count is a multiple of 4 (1.25·k rounded);
# at n = 60 only if it is a multiple of 3. A question with K options then lands on the grid with
# probability of roughly (1/4)^(K−1) or (1/3)^(K−1), so all 17 questions together do so with
# probability of order 10⁻²⁸. The printed pattern is not what counting 80 and 60 respondents
# typically produces; either the shares were rounded to 5 % (the table does not say so) or the
# stated n are not the counts behind them. The tables are nevertheless *possible* at n = 80 and n = 60,
# and at any multiple of 20.

# %% [markdown]
# ## Comparing the groups
#
# Only question 1 (types of PPP projects) has identically worded options in both questionnaires; its
# stems differ (the department's projects vs the respondent's own participation). Every other candidate
# pair is documented in `survey_comparable.csv` and is **not** compared, because its options do not map
# one to one. A comparison of one question needs only each group's marginals, so with the stated n the
# test below is the same for the reconstructions as for the real data.

# %% tags=["nbval-check-output"]
comparable = survey.load_comparable(codebook=codebook)
print(comparable[comparable.status == "not_compared"][["pair_id", "question_civil_servants", "question_entrepreneurs"]].to_string(index=False))

# %% tags=["nbval-check-output"]
comparison = survey.compare_groups(cs, en, comparable=comparable)
print(comparison.round(4).T.to_string())

# %%
fig = survey.plot_comparable(
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
#   55 % answered *very effective*; the Wilson interval below shows whether a majority is established.
# * "Government officials are more optimistic about the government's actions in supporting
#   businesses": no civil-servant question asks about the state's support to business (see
#   `cs_q7_en_q6_state_support` above), so this difference cannot be measured with these questionnaires.

# %% tags=["nbval-check-output"]
q7 = survey.tabulate(cs, "q7", codebook=codebook, confidence=confidence)
print(q7.round(3).to_string(index=False))

# %% [markdown]
# ## The three Spearman coefficients (0.7, −0.25, −0.4)
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
claims = survey.spearman_claims()
print(claims[["claim_id", "printed", "question", "indicator_r_min", "indicator_r_max", "matching_pairs"]].round(3).to_string(index=False))

# %% tags=["nbval-check-output"]
published = survey.load_published("civil_servants")
print("Q1 × Q2 coded by printed option order (n=80):")
print(survey.pairing_sensitivity(published, x="q1", y="q2", n=80, reconstruction=survey.load_responses("civil_servants", codebook=codebook)).round(3).to_string(index=False))

# %% [markdown]
# What the reconstruction gives is a property of its random seed: with the same marginals the Q1 × Q2
# coefficient can be anything between the attainable minimum and maximum above. The same holds for the
# entrepreneurs' ordinal items (Q4, Q6, Q9): the rank correlations below are computed correctly on the
# reconstruction, but its pairing is random, so they are **not evidence** of any association among
# entrepreneurs — a "significant" one here is a chance event of the seed. With a real respondent file
# passed as a parameter, this same cell gives the real coefficients.

# %% tags=["nbval-check-output"]
print(survey.ordinal_association(en, codebook=codebook, confidence=confidence).round(3).to_string(index=False))

# %% [markdown]
# ## Outputs
#
# `data/processed/survey_tables.csv` (both tables, printed vs recomputed, intervals) and `data/processed/survey_consistency.json`.

# %% tags=["nbval-check-output"]
import pandas as pd

tables = pd.concat([table3, table4], ignore_index=True).round(6)
print(data.write_processed("survey_tables.csv", tables).name, len(tables), "rows")
print(data.write_processed("survey_consistency.json", report).name)
