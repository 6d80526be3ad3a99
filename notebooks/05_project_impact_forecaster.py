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
#     parameters: kzgov.study.project_impact_forecaster:PARAMETERS
# ---

# %% tags=["parameters"]
# Parameters (papermill)
target = "binary"  # training target of the network: "binary" (success) or "ordinal" (6-point rating)
split_year = 2010  # temporal split: train on approval FY < split_year, test on the rest
seeds = [0, 1, 2]  # one deep-ensemble member per seed
max_epochs = 30  # upper bound; early stopping on a validation fold usually stops sooner
ablation = True  # also add the feature groups one at a time (forecaster_ablation.csv)

# %% [markdown]
# # The project-impact forecaster: can what is known at approval forecast project success?
#
# **Extends** Section 3 of Abdullayev, Kadyrova & Ydyrys (2025). The paper proposes a neural-network
# platform, "Smart Project Management of Akimats", whose *analytical module* would forecast "the
# socio-economic impact of projects based on historical data"; its Figure 14 lists "limited amount of
# data for training the model" as a technical risk. **The paper prints no forecasting result**, so
# there is no paper value to set beside a recomputed one: this notebook tests the idea on real data.
#
# **Reads** (all in `data/raw`, described in `datapackage.json`):
# * `project_outcomes/ieg_world_bank_project_performance_ratings_01-17-2026.csv` — World Bank IEG
#   ratings (resource `ieg_ratings`), the outcomes, Kazakhstan's projects among them;
# * `forecaster/wb_projects/*.Rdata` — the World Bank project list of 31 March 2025, its sector and
#   theme shares (joined by project id);
# * `forecaster/ibrd_loans/…csv` — the IBRD Statement of Loans (original principal of the loans
#   approved in the project's approval FY);
# * `forecaster/country_context/mpd2020.xlsx` and `freedom_in_the_world_1972-2019.csv` — Maddison
#   GDP per capita and Freedom House ratings, joined by country at approval FY − 1.
#
# **Target.** P(outcome ≥ Moderately Satisfactory); "Not Rated" projects are dropped.
#
# **Only what is known at approval.** Every column of every file is classified as ex-ante or
# leakage in one declared list (shown below by `study.column_classes()`); a leakage column that
# reaches a model raises an error. The IEG file's `Country / Economy FCS Status` and `FCS Lending
# Group` follow the project's *closing* period, and `Country / Economy Lending Group` is one value
# per country as of the file's date: the previous version of this notebook used all three as
# features; they are now dropped. Closing and evaluation years and the quality ratings stay excluded.
#
# **Feature groups.** `ieg` (region, country, practice group, global practice, agreement type,
# lending instrument type, approval FY); `project` (detailed instrument, environmental category,
# additional-financing flag, implementing agency, sector and theme shares, log IBRD principal);
# `text` (project name and PDO); `country` (log GDP per capita, its 3-year growth, Freedom House
# political rights and civil liberties at FY − 1). Every numeric feature that can be missing has a
# missing indicator. Two caveats: the PDO text may be the version revised after a restructuring (this
# cannot be checked here), so text is its own group and the ablation shows results with and without
# it; and Maddison ends in 2018 and Freedom House in 2019, so projects approved from FY2020 have no
# GDP per capita and from FY2021 no Freedom House rating: only the missing indicators.
#
# **Models.** `prior` (training base rate); `logistic` (TF-IDF text + one-hot + logistic
# regression); `hist_gradient_boosting` (numeric and categorical features and a truncated-SVD text
# block); and a PyTorch Lightning network with entity embeddings, the numeric block and a text tower
# (an embedding bag over word n-grams of the name and PDO, trained from scratch; nothing is
# downloaded). Every vocabulary, TF-IDF, SVD, encoder and scaler is fitted on training rows only.
#
# **Evaluation.** `temporal` (train on approval FY < `split_year`) and `grouped_country` (5-fold
# `GroupKFold` by country; every test country unseen in training). Inside each training fold 10 % is
# a conformal calibration set and 15 % of the rest the network's early-stopping set. Metrics: ROC
# AUC, Brier score, log loss, ECE (10 bins). Slices: `all`, `central_asia`, `kazakhstan`.

# %% [markdown]
# ## Declared before any test metric was computed
#
# * **The baseline** is `hist_gradient_boosting`: the strongest baseline on AUC in the previous
#   version, and it gets every feature group here.
# * **The network figure that counts** is `neural_ensemble`, the averaged prediction of the
#   members (what `kzgov forecast predict` serves); the mean of single fits is shown beside it.
# * **The target:** on each split, the network is at or above the baseline on AUC (higher) and
#   Brier score (lower), slice `all`. It is a target to report, not a condition that was tuned for.
# * **Settings** were chosen offline on inner validation folds of the pre-`split_year` rows only
#   (`scripts/forecaster_dev.py`); the record below gives the rule and how many settings were tried.
#   This notebook runs the recorded settings. The same declaration is written to
#   `forecaster_features.json`.

# %% tags=["nbval-check-output"]
import pandas as pd

from IPython.display import Markdown

from kzgov import data, forecast, paths
from kzgov.study import project_impact_forecaster as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

declared = pd.Series({**study.DECLARED, **{k: str(v) for k, v in study.SETTINGS_RECORD.items()}})
declared.to_frame("declared")

# %% [markdown]
# ## Data, joins and coverage
#
# `pdo_share` is the share of projects with a PDO text and `country_context_share` the share with
# GDP per capita at FY − 1, per slice and period (the PDO's missing indicator is a feature).

# %% tags=["nbval-check-output"]
projects = forecast.prepare(data.load("ieg_ratings"))
coverage = forecast.describe_data(projects, split_year=split_year)
coverage

# %% tags=["nbval-check-output"]
cov = coverage.set_index(["slice", "period"])
Markdown(
    f"{cov.loc[('all', 'all'), 'n']:,} rated projects, {cov.loc[('kazakhstan', 'all'), 'n']} of them in Kazakhstan. "
    f"On the temporal split the PDO covers {cov.loc[('all', 'train'), 'pdo_share']:.0%} of the training and "
    f"{cov.loc[('all', 'test'), 'pdo_share']:.0%} of the test projects; country context covers "
    f"{cov.loc[('all', 'train'), 'country_context_share']:.0%} and {cov.loc[('all', 'test'), 'country_context_share']:.0%}."
)

# %% [markdown]
# Every feature by group, with the columns it is built from and its classification; and the
# declared classes of every column of every joined file.

# %% tags=["nbval-check-output"]
feature_table = study.feature_table(projects)
feature_table.groupby(["group", "kind", "class"]).size().rename("features").to_frame()

# %% tags=["nbval-check-output"]
study.column_classes().groupby(["resource", "class"]).size().unstack(fill_value=0)

# %% [markdown]
# **Vintage check.** A country-level feature is known at approval only if it takes one value per
# country and approval FY *and* comes from a dated source: the country-year features and the three
# dropped IEG columns, checked.

# %% tags=["nbval-check-output"]
country_features = study.feature_columns(projects, ["country"])["numeric"]
dropped = ["Country / Economy Lending Group", "Country / Economy FCS Status", "Country / Economy FCS Lending Group"]
vintage = pd.concat(
    [
        study.vintage_violations(projects, country_features),
        study.vintage_violations(data.load("ieg_ratings"), dropped),
    ],
    ignore_index=True,
)
vintage

# %% tags=["nbval-check-output"]
failed = vintage[~vintage["ok"]]
passed_country = vintage["column"].isin(country_features) & vintage["ok"]
Markdown(
    f"{int(passed_country.sum())} of the {len(country_features)} country-year features pass; "
    f"{len(failed)} column(s) fail: "
    + "; ".join(f"{r.column} ({'varies within country × approval FY in ' + str(r.cells_varying) + ' cells' if r.cells_varying else 'no dated source'})"
                for r in failed.itertuples(index=False))
    + "."
)

# %% [markdown]
# ## Training and evaluation
#
# Networks: one per seed and fold (1 temporal split + 5 grouped folds); the baselines on every
# fold. Every run is seeded (`deterministic=True`, one CPU thread) and cached in `.cache/kzgov`.

# %% tags=["nbval-check-output"]
ev = forecast.evaluate(projects, target=target, split_year=split_year, seeds=seeds, max_epochs=max_epochs)
table = forecast.ablation(projects, target=target, split_year=split_year, seed=seeds[0], max_epochs=max_epochs) if ablation else None
for path in study.write_outputs(ev, ablation_table=table):
    print("wrote", paths.display_path(path))

# %% [markdown]
# ## Results: all projects
#
# Higher ROC AUC is better (0.5 = chance); lower Brier score, log loss and ECE are better. AUC,
# Brier and ECE are unitless; log loss is in nats. `std` is over the ensemble members.

# %% tags=["nbval-check-output"]
forecast.summary_table(ev.metrics, metric_names=study.METRICS, decimals=3)

# %% [markdown]
# ## The target: the declared network against the declared baseline

# %% tags=["nbval-check-output"]
result = forecast.verdict(ev.metrics)
print(study.verdict_text(result))
result.round(4)

# %% [markdown]
# ## Ablation: feature groups added one at a time
#
# The declared baseline and one network (seed `seeds[0]`) per cell, on both splits: IEG columns,
# then + project, then + text, then + country. The "+ project" and "+ text" rows give the results
# without and with the PDO text.

# %% tags=["nbval-check-output"]
table.round(3) if ablation else "ablation not run (parameter ablation = False)"

# %%
fig = study.plot_ablation(table) if ablation else None

# %% [markdown]
# **Project or country?** Denizer, Kaufmann & Kraay (2013, *Journal of Development Economics*) find
# that project-level factors matter more for World Bank project outcomes than country-level ones.
# The ablation's gains per group, and whether that holds here:

# %% tags=["nbval-check-output"]
gains = study.group_gains(table) if ablation else None
print(study.project_vs_country_text(gains) if ablation else "ablation not run")
gains

# %% [markdown]
# ## Anchors
#
# This project's previous, leaky figure and a third-party forward-chained benchmark (TF-IDF of
# appraisal documents alone; not peer reviewed; a different and smaller sample of investment
# projects with an appraisal document, approved FY2011 and later), beside this run. The third
# party's sample and split differ, so the comparison is indicative only.

# %% tags=["nbval-check-output"]
study.anchors(ev.metrics)

# %% [markdown]
# ## Calibration
#
# Within each bin of predicted probability, the share of projects that succeeded; marker area grows
# with the projects in the bin.

# %% tags=["nbval-check-output"]
train_rate, test_rate = (cov.loc[("all", period), "success_rate"] for period in ("train", "test"))
Markdown(
    f"On the temporal split the test period's success rate is {test_rate:.1%} against {train_rate:.1%} in "
    f"the training period (first table), so the temporal points tend to lie "
    f"{'above' if test_rate > train_rate else 'below'} the diagonal."
)

# %%
fig = study.plot_reliability(ev)

# %% [markdown]
# ## Slices: Central Asia and Kazakhstan
#
# On so few projects an AUC or a Brier score has a wide sampling error: these rows **cannot show**
# whether the forecaster works for Kazakhstan in particular. They are reported because the study is
# about Kazakhstan, not because they are conclusive.

# %% tags=["nbval-check-output"]
for name in ("central_asia", "kazakhstan"):
    print(f"slice {name}; n per split:", forecast.summary_table(ev.metrics, slice=name).attrs["n"])
print("\n".join(ev.notes))
pd.concat({name: forecast.summary_table(ev.metrics, slice=name, decimals=3) for name in ("central_asia", "kazakhstan")})

# %% [markdown]
# **The Kazakh projects, out of fold.** Each Kazakh project's P(success) from the grouped-by-country
# cross-validation, where no model saw a Kazakh project, against its IEG rating.

# %% tags=["nbval-check-output"]
kz = study.kazakhstan_out_of_fold(ev)
kz

# %%
fig = study.plot_kazakhstan(kz)

# %% [markdown]
# ## Uncertainty: conformal prediction sets
#
# Split-conformal sets from the ensemble's probability (target coverage 90 %), calibrated on the
# held-out 10 % of each training fold. A set is `success`, `failure` or `either`; coverage is the
# share of test projects whose outcome is in their set. The guarantee assumes calibration and test
# projects are exchangeable, which a temporal shift and unseen countries both strain.

# %% tags=["nbval-check-output"]
ev.conformal.round(3)

# %% [markdown]
# ## Training diagnostics
#
# Epochs run and the epoch kept (lowest validation loss), per split.

# %% tags=["nbval-check-output"]
ev.training.groupby("split")[["epochs", "best_epoch", "n_fit", "n_val", "n_calibration"]].agg(["min", "max"])

# %% [markdown]
# ## What this shows
#
# * The verdict above is computed from this run's metrics against the comparison declared before
#   it; read it for whether the network reached the declared baseline on each split, and by how
#   much it missed where it did not.
# * The anchors table sets this run's AUC beside the previous version's figure, which used three
#   columns not known at approval, and beside a third-party text benchmark on another sample.
# * The ablation shows which feature groups carry signal; the gains table says whether
#   project-level data add more than country context, the comparison with Denizer, Kaufmann &
#   Kraay (2013).

# %% tags=["nbval-check-output"]
auc = ev.metrics.query("slice == 'all' and metric == 'roc_auc'")["mean"]
Markdown(
    f"* Ex-ante features carry little signal about a project's rated outcome: the highest AUC of any model on "
    f"either split is {auc.max():.3f}. The risk the paper lists in Figure 14 (\"limited amount of data for "
    f"training the model\") is real even with {cov.loc[('all', 'all'), 'n']:,} projects.\n"
    f"* Kazakhstan's {cov.loc[('kazakhstan', 'all'), 'n']} projects are too few to evaluate any model for "
    "Kazakhstan alone."
)

# %% [markdown]
#
# To train the ensemble on all rated projects and predict new ones: `kzgov forecast train`, then
# `kzgov forecast predict --input my_projects.csv` (layout: `data/raw/templates/projects_template.csv`).
