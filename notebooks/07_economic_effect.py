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
#     parameters: kzgov.study.economic_effect:PARAMETERS
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
# # The platform's economic effect: payback and engagement (Section 3, Figures 15–16)
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
from IPython.display import Markdown

from kzgov import data
from kzgov import economics as ec
from kzgov.errors import ParameterError
from kzgov.study import economic_effect as study

study.PARAMETERS.validate(globals())  # the declared domains of the parameters above

pd.set_option("display.width", 160)

# %% [markdown]
# ## Figure 15 as printed ($ million)
#
# Investment has no printed amount for year 5; the text says it "is entirely eliminated by
# the fourth year" and ends "the capital investment phase", so it is 0 from year 4 on.

# %% tags=["nbval-check-output"]
series = study.figure15_series()
(series.rename(columns={"savings": "savings ($ million)", "investment": "investment ($ million)"})
 .style.hide(axis="index").format(precision=1)
 .set_caption("Figure 15 as printed: accumulated savings and initial investments by year of the platform")
 .set_uuid("nb07-fig15"))


# %% [markdown]
# ## Two readings of "accumulated savings"

# %% tags=["nbval-check-output"]
def _values(xs):
    return ", ".join(f"{x:g}" for x in xs)


Markdown(
    f"* **annual**: each value is that year's saving ({_values(series['savings'])});\n"
    f"* **cumulative**: the values are running totals, so the annual savings are their first "
    f"difference ({_values(ec.cash_flows(series['savings'], series['investment'], savings_kind='cumulative')['savings'])})."
)

# %% [markdown]
# The investment series is read as annual outlays ("from \$5 million in the first year to
# \$3 million in the second, \$1 million in the third"); a cumulative total cannot fall,
# so reading it as cumulative is refused:

# %% tags=["nbval-check-output"]
try:
    ec.cash_flows(series["savings"], series["investment"], investment_kind="cumulative")
except ParameterError as err:
    print(err)

# %% tags=["nbval-check-output"]
flows = pd.concat([ec.cash_flows(series["savings"], series["investment"], savings_kind=reading)
                   .assign(reading=reading) for reading in ("annual", "cumulative")], ignore_index=True)
(flows[["reading", *flows.columns.drop("reading")]]
 .rename(columns={"savings": "savings ($ million)", "investment": "investment ($ million)",
                  "net": "net ($ million)", "cumulative_net": "cumulative net ($ million)"})
 .style.hide(axis="index").format(precision=1)
 .set_caption("Figure 15's yearly cash flows under the two readings of 'accumulated savings'")
 .set_uuid("nb07-flows"))

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
appraisal = study.figure15_appraisal(rate=discount_rate, horizon=horizon)
cols = ["reading", "timing", "npv", "irr", "payback", "payback_interpolated",
        "discounted_payback", "discounted_payback_interpolated", "break_even_year"]
(appraisal[cols]
 .rename(columns={"npv": "NPV ($ million)", "irr": "IRR (% per year)", "payback": "payback (years)",
                  "payback_interpolated": "payback, interpolated (years)",
                  "discounted_payback": "discounted payback (years)",
                  "discounted_payback_interpolated": "discounted payback, interpolated (years)",
                  "break_even_year": "break-even year"})
 .style.hide(axis="index").format({"IRR (% per year)": "{:.1%}", "break-even year": "{:.0f}", "payback (years)": "{:.0f}",
          "discounted payback (years)": "{:.0f}"}, precision=2, na_rep="—")
 .set_caption(f"Payback, NPV and IRR of Figure 15's flows by reading and timing "
              f"(discount rate {discount_rate:.0%}, horizon {horizon} years)")
 .set_uuid("nb07-appraisal"))

# %% [markdown]
# ## The study's payback claims against the printed series
#
# Paper value beside the recomputed payback (years). `holds` uses the interpolated payback,
# `holds_whole_years` the whole-year one.

# %% tags=["nbval-check-output"]
claims = study.payback_claims(appraisal)
(claims.rename(columns={"payback": "payback (years)", "payback_interpolated": "payback, interpolated (years)",
                        "claim_low": "claim, low (years)", "claim_high": "claim, high (years)",
                        "holds_whole_years": "holds in whole years"})
 .style.hide(axis="index").format({"payback (years)": "{:.0f}", "claim, low (years)": "{:.0f}", "claim, high (years)": "{:.0f}"}, precision=2, na_rep="—")
 .set_caption("The study's payback claims against the payback recomputed from Figure 15")
 .set_uuid("nb07-claims"))

# %%
study.plot_figure15(savings_kind="annual");
study.plot_figure15(savings_kind="cumulative");


# %% tags=["nbval-check-output"]
def _years(x, whole=False):
    if pd.isna(x):
        return f"never within {horizon} years"
    return f"in year {x:.0f}" if whole else f"after {x:.2f} years"


holds = claims.groupby(["reading", "timing"], sort=False)["holds"].all()
holding = [f"the savings read as {r} amounts with time counted {t}" for (r, t), ok in holds.items() if ok]
ap = appraisal.set_index(["reading", "first_period"])
a_launch, a_start = ap.loc[("annual", 0)], ap.loc[("annual", 1)]
c_start, c_launch = ap.loc[("cumulative", 1)], ap.loc[("cumulative", 0)]
break_even = sorted({int(y) for y in appraisal["break_even_year"].dropna()})
Markdown(
    f"**Verdict.** Both payback claims hold under {len(holding)} of the {len(holds)} combinations of "
    f"reading and timing{': ' + '; '.join(holding) if holding else ''}. Read as annual amounts and "
    f"counted from the end of year 1 (the launch after the one-year development), the flows pay back "
    f"{_years(a_launch['payback_interpolated'])} (whole years: {_years(a_launch['payback'], True)}); "
    f"counted from the start of the project the same flows pay back "
    f"{_years(a_start['payback_interpolated'])} ({_years(a_start['payback'], True)}), to set against "
    "\"within three years\" and \"2–3 years\". Read as cumulative totals, the savings pay back "
    f"{_years(c_start['payback'], True)} ({_years(c_start['payback_interpolated'])}; "
    f"{_years(c_launch['payback_interpolated'])} from launch); at {discount_rate:.0%} over {horizon} "
    f"years their NPV is {c_start['npv']:.2f} $ million and their IRR {c_start['irr']:.1%}. "
    f"The *annual* savings first exceed the annual investment in year(s) {_values(break_even)} "
    "(`break_even_year`), which may be what \"payback within three years\" refers to, but that is a "
    "break-even of annual flows, not a payback of the investment."
)

# %% [markdown]
# ## Figure 16: citizen reviews per month
#
# Months the text does not print are left out (listed below the table). The qualifiers of
# the text are kept ("exceeding 600" is a lower bound, used as 600). The text calls them
# "submissions" and "reviews"; whether the counts are per month or cumulative is not
# stated.

# %% tags=["nbval-check-output"]
f16 = study.figure16_series()
(f16.rename(columns={"value": "value (count)", "unit": "what is counted"})
 .style.hide(axis="index").format(precision=0)
 .set_caption("Figure 16 as printed: citizen submissions and reviews by month of the first year")
 .set_uuid("nb07-fig16"))

# %% tags=["nbval-check-output"]
missing = sorted(set(range(1, int(f16["month"].max()) + 1)) - set(f16["month"]))
Markdown(f"{len(f16)} months are printed; months {_values(missing)} are not.")

# %% [markdown]
# The text says that "from the eighth month onward, the growth accelerated significantly".
# Growth per month between printed months:

# %% tags=["nbval-check-output"]
study.figure16_increments_style(value="value (count)", uuid="nb07-increments",
                                caption="Figure 16: growth between printed months, absolute and relative")

# %% tags=["nbval-check-output"]
inc = study.figure16_increments()
step = inc["per_month"].iloc[-1]
run = inc["per_month"].eq(step)[::-1].cumprod()[::-1].astype(bool)
linear_from = int(inc.loc[run, "month"].min())
rel = inc.loc[inc["month"] >= linear_from, "relative_per_month"]
rises = inc.index[inc["per_month"].diff() > 0]
accelerated = (f"between months {int(inc['month'].iloc[rises[0] - 1])} and {int(inc['month'].iloc[rises[-1]])}"
               if len(rises) else "nowhere")
Markdown(
    f"From month {linear_from} the series rises by exactly {step:,.0f} a month — linear growth; the "
    f"relative growth falls from {rel.iloc[0]:.0%} to {rel.iloc[-1]:.0%} a month. The growth per month "
    f"rose {accelerated}; from month 8 onward it {'stays constant' if linear_from <= 8 else 'still changes'}."
)

# %% [markdown]
# ### Growth curves compared by AIC
#
# Linear, exponential and logistic curves fitted by least squares with Gaussian errors.
# With *n* points, *k* parameters (σ included) and residual sum of squares RSS:
# AIC = *n* ln(RSS/*n*) + *n*(ln 2π + 1) + 2*k*, and AICc = AIC + 2*k*(*k*+1)/(*n*−*k*−1).
# With so few points AICc is the one to read.

# %% tags=["nbval-check-output"]
fits = ec.compare_growth(f16["month"], f16["value"])
(fits.drop(columns=["n"])
 .rename(columns={"k": "parameters", "rss": "RSS (count²)", "sigma": "σ (count)", "loglik": "log-likelihood",
                  "aic": "AIC", "aicc": "AICc", "delta_aic": "ΔAIC", "delta_aicc": "ΔAICc",
                  "weight_aicc": "Akaike weight (AICc)"})
 .style.hide(axis="index").format(precision=4, thousands=",", na_rep="—")
 .set_caption(f"Linear, exponential and logistic curves fitted to the {len(f16)} printed months "
              "of Figure 16, compared by AIC and AICc")
 .set_uuid("nb07-fits"))

# %% [markdown]
# ### Extrapolation to later months — EXTRAPOLATION, not data
#
# Every value below lies beyond the last printed month and is an extrapolation of a curve
# fitted to the printed points, which are themselves a forecast.

# %% tags=["nbval-check-output"]
extrapolation = study.figure16_extrapolation(to=extrapolate_to, confidence=confidence,
                                          method=interval_method, n_boot=n_boot, seed=seed)
shown = extrapolation[extrapolation["t"].isin([13, 18, extrapolate_to])]
(shown.drop(columns=["method"])
 .rename(columns={"t": "month", "fitted": "fitted (count)", "pi_low": "PI low (count)",
                  "pi_high": "PI high (count)", "n_boot_ok": "bootstrap fits (count)"})
 .style.hide(axis="index").format({"month": "{:.0f}"}, precision=1, thousands=",", na_rep="—")
 .set_caption(f"EXTRAPOLATION of Figure 16 beyond month {f16['month'].max()} by each curve, with {confidence:.0%} "
              f"prediction intervals ({interval_method})")
 .set_uuid("nb07-extrapolation"))

# %%
study.plot_figure16(extrapolation);


# %% tags=["nbval-check-output"]
def _about(x):
    return f"{float(f'{x:.2g}'):,.0f}"


best = fits.iloc[0]
at_end = extrapolation[extrapolation["t"] == extrapolate_to].set_index("model")["fitted"]
K = fits.set_index("model").loc["logistic", "K"]
Markdown(
    f"The {best['model']} curve fits the {len(f16)} points best (lowest AICc, Akaike weight "
    f"{best['weight_aicc']:.3f}, next ΔAICc {fits['delta_aicc'].iloc[1]:,.1f}). Extrapolated to month "
    f"{extrapolate_to} the three curves part ways — about "
    + ", ".join(f"{_about(at_end[m])} ({m})" for m in at_end.index)
    + f" reviews a month; the logistic curve levels off at its fitted ceiling K ≈ {_about(K)}. The "
    f"{len(f16)} points cannot tell which continuation is right; the ceiling of the logistic curve is a "
    f"property of the model, not something the data show. The month-{extrapolate_to} numbers are "
    "extrapolations of the authors' forecast, not predictions."
)

# %% [markdown]
# ## Output
#
# `data/processed/economic_effect.json`: parameters, the Figure 15 series, flows under both
# readings, the appraisal and the claims, the Figure 16 series, increments, fits and
# extrapolation (floats to 6 significant digits).

# %% tags=["nbval-check-output"]
result = study.summary(rate=discount_rate, horizon=horizon, extrapolate_to=extrapolate_to,
                    confidence=confidence, method=interval_method, n_boot=n_boot, seed=seed,
                    extrapolation=extrapolation)
print(data.write_processed("economic_effect.json", result).name)
