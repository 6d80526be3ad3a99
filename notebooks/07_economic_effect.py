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
#     domains: kzgov.economics:parameter_domains
# ---

# %% tags=["parameters"]
# Discount rate per year for NPV and discounted payback (0.10 = 10 %)
discount_rate = 0.10
# Years of Figure 15 kept (1-5; the study prints five years)
horizon = 5
# Last month of the Figure 16 extrapolation (the study prints months 1-12)
extrapolate_to = 24
# Level of the prediction intervals
confidence = 0.95
# Prediction intervals: "bootstrap" (parametric, seeded) or "delta" (delta method)
interval_method = "bootstrap"
n_boot = 999
seed = 20250903

# %% [markdown]
# # The platform's economic effect (Section 3, Figures 15–16)
#
# This notebook checks the economic case of the "Smart Project Management of Akimats"
# platform proposed in Section 3 of Abdullayev, Kadyrova & Ydyrys (2025), *Emerging Science
# Journal* 9(3), doi:10.28991/ESJ-2025-09-03-017:
#
# * the project summary after Table 7: "Payback period: 2-3 years";
# * Figure 15, "Forecast of economic effect": accumulated savings and initial investments
#   for years 1–5, and the text's "full payback within three years";
# * Figure 16, "The growth of citizen engagement": citizen reviews per month over the
#   first year.
#
# Data read: `data/raw/paper/figure15_economic_effect.csv` and
# `data/raw/paper/figure16_citizen_engagement.csv`, transcriptions of the text under the
# two figures (the figures are images). Both series are the authors' forecasts, not
# observations; what can be checked is whether the claims follow from them.

# %%
# %matplotlib inline
import pandas as pd
from kzgov import data
from kzgov import economics as ec
from kzgov.errors import ParameterError

pd.set_option("display.width", 160)

# %% [markdown]
# ## Figure 15 as printed ($ million)
#
# Investment has no printed amount for year 5; the text says it "is entirely eliminated by
# the fourth year" and ends "the capital investment phase", so it is 0 from year 4 on.

# %% tags=["nbval-check-output"]
series = ec.figure15_series()
print(series.to_string(index=False))

# %% [markdown]
# ## Two readings of "accumulated savings"
#
# * **annual**: each value is that year's saving (0, 2, 5, 7, 10);
# * **cumulative**: the values are running totals, so the annual savings are their first
#   difference (0, 2, 3, 2, 3).
#
# The investment series is read as annual outlays ("from \$5 million in the first year to
# \$3 million in the second, \$1 million in the third"); a cumulative total cannot fall,
# so reading it as cumulative is refused:

# %% tags=["nbval-check-output"]
try:
    ec.annual_amounts(series["investment"], kind="cumulative", name="investment")
except ParameterError as err:
    print(err)

# %% tags=["nbval-check-output"]
for reading in ("annual", "cumulative"):
    print(f"reading: {reading}")
    print(ec.cash_flows(series["savings"], series["investment"], savings_kind=reading).to_string(index=False), "\n")

# %% [markdown]
# ## Payback, NPV and IRR
#
# Two timing conventions, since Figure 15 does not give one: **from the start of year 1**
# (year *t*'s flows at the end of year *t*; time counted from the start of the one-year
# development of Table 7) and **from the end of year 1** (year 1's flows at *t* = 0, the
# textbook "initial outlay now"; equivalently, time counted from the platform's launch).
# Payback is given in whole years (first year whose cumulative net flow is ≥ 0) and
# interpolated (flows spread evenly within each year). `break_even_year` is the first year
# whose own savings exceed that year's investment — not a payback.

# %% tags=["nbval-check-output"]
appraisal = ec.figure15_appraisal(rate=discount_rate, horizon=horizon)
cols = ["reading", "timing", "npv", "irr", "payback", "payback_interpolated",
        "discounted_payback", "discounted_payback_interpolated", "break_even_year"]
print(f"discount rate {discount_rate:.0%}, horizon {horizon} years; NPV in $ million, IRR per year")
print(appraisal[cols].round(4).to_string(index=False))

# %% [markdown]
# ## The study's payback claims against the printed series
#
# Paper value beside the recomputed payback (years). `holds` uses the interpolated payback,
# `holds_whole_years` the whole-year one.

# %% tags=["nbval-check-output"]
claims = ec.payback_claims(appraisal)
print(claims.round(4).to_string(index=False))

# %%
ec.plot_figure15(savings_kind="annual");
ec.plot_figure15(savings_kind="cumulative");

# %% [markdown]
# **Verdict.** Both payback claims hold only under one combination: the savings read as
# annual amounts *and* time counted from the end of year 1 (the launch after the one-year
# development), which gives 2.29 years (whole years: 3). Counted from the start of the
# project the same flows pay back after 3.29 years (in year 4), outside "within three
# years" and "2–3 years". Read as cumulative totals, the savings pay back only in year 5
# (4.67 years; 3.67 from launch), the NPV at the default 10 % over five years is negative and the IRR
# is about 5 %. In every reading the *annual* savings first exceed the annual investment in
# year 3 (`break_even_year`), which may be what "payback within three years" refers to, but
# that is a break-even of annual flows, not a payback of the investment.

# %% [markdown]
# ## Figure 16: citizen reviews per month
#
# Nine months are printed; months 2, 3 and 5 are not and are left out. The qualifiers of
# the text are kept ("exceeding 600" is a lower bound, used as 600). The text calls them
# "submissions" and "reviews"; whether the counts are per month or cumulative is not
# stated.

# %% tags=["nbval-check-output"]
f16 = ec.figure16_series()
print(f16.to_string(index=False))

# %% [markdown]
# The text says that "from the eighth month onward, the growth accelerated significantly".
# Growth per month between printed months:

# %% tags=["nbval-check-output"]
print(ec.figure16_increments().round(4).to_string(index=False))

# %% [markdown]
# From month 7 the series rises by exactly 200 a month — linear growth; the relative
# growth falls from 50 % to 14 % a month. The growth did accelerate, but between months 4
# and 7, not from month 8 onward.
#
# ### Growth curves compared by AIC
#
# Linear, exponential and logistic curves fitted by least squares with Gaussian errors.
# With *n* = 9 points, *k* parameters (σ included) and residual sum of squares RSS:
# AIC = *n* ln(RSS/*n*) + *n*(ln 2π + 1) + 2*k*, and AICc = AIC + 2*k*(*k*+1)/(*n*−*k*−1).
# With only nine points AICc is the one to read.

# %% tags=["nbval-check-output"]
fits = ec.compare_growth(f16["month"], f16["value"])
print(fits.drop(columns=["n"]).round(4).to_string(index=False))

# %% [markdown]
# ### Extrapolation to later months — EXTRAPOLATION, not data
#
# Every value below lies beyond the last printed month and is an extrapolation of a curve
# fitted to nine forecast points.

# %% tags=["nbval-check-output"]
extrapolation = ec.figure16_extrapolation(to=extrapolate_to, confidence=confidence,
                                          method=interval_method, n_boot=n_boot, seed=seed)
shown = extrapolation[extrapolation["t"].isin([13, 18, extrapolate_to])]
print(f"prediction intervals: {interval_method}, {confidence:.0%}")
print(shown.drop(columns=["method"]).round(1).to_string(index=False))

# %%
ec.plot_figure16(extrapolation);

# %% [markdown]
# The logistic curve fits the nine points far better than the other two (lowest AICc,
# Akaike weight ≈ 1): a slow start, then the constant 200 a month of months 7–12 read as
# the steep middle of an S-curve. Extrapolated to month 24 the three curves part ways —
# about 2,100 (logistic, levelling off at its fitted ceiling K ≈ 2,100), 3,200 (linear) and
# 21,000 (exponential) reviews a month. The nine points cannot tell which continuation is
# right; the ceiling of the logistic curve is a property of the model, not something the
# data show. The month-24 numbers are extrapolations of the authors' forecast, not
# predictions.

# %% [markdown]
# ## Output
#
# `data/processed/economic_effect.json`: parameters, the Figure 15 series, flows under both
# readings, the appraisal and the claims, the Figure 16 series, increments, fits and
# extrapolation (floats to 6 significant digits).

# %% tags=["nbval-check-output"]
result = ec.summary(rate=discount_rate, horizon=horizon, extrapolate_to=extrapolate_to,
                    confidence=confidence, method=interval_method, n_boot=n_boot, seed=seed,
                    extrapolation=extrapolation)
print(data.write_processed("economic_effect.json", result).name)
