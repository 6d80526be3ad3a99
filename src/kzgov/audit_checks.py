"""The audit registry: one check per claim of ``data/raw/paper/claims.csv``.

Each check calls the kzgov function that recomputes the claim from ``data/raw`` and turns
the result into a :class:`kzgov.audit.Check`. Importing this module fills
:data:`kzgov.audit.REGISTRY`; :func:`kzgov.audit.run` does so on first use.
"""

from __future__ import annotations

from kzgov.audit import not_reproducible, unverifiable

__all__: list[str] = []

# --------------------------------------------------------------------------- methods
unverifiable("M03", reason="the survey's fieldwork dates are not published; nothing to check")
unverifiable(
    "M09",
    reason="the 'official reports and statistical bulletins' are not listed, so their period "
    "cannot be checked",
)
not_reproducible(
    "M06",
    "M07",
    "M08",
    data="respondent-level answers of the civil-servant survey (only marginal shares are "
    "printed), and the item pairs the coefficients refer to are not named; see notebook 02",
)

# --------------------------------------------------------------------------- PPP (Figures 4–8)
not_reproducible(
    "F4a",
    "F4b",
    "F4c",
    "F4d",
    "F4e",
    data="the PPP project registry by region, 2015–2023 (Figure 4, source [44]); only these "
    "five counts are printed",
)
not_reproducible(
    "F7a",
    "F7e",
    "F7f",
    data="the PPP project registry with statuses for 2024 (Figure 7, source [45])",
)
not_reproducible(
    "F8a",
    "F8b",
    data="the number of PPP contracts concluded per year, 2015–2023 (Figure 8 prints no numbers)",
)
not_reproducible(
    "F8c",
    "F8d",
    data="the PPP contract amounts, 2015–2023 (Figure 8); the unit of the amounts is not stated",
)

# --------------------------------------------------------------------------- budget
not_reproducible(
    "B13",
    "B14",
    data="the Turkestan regional budgets (or execution reports) for 2022 and 2023, source [46]; "
    "no official Turkestan budget decision could be found for the data package",
)
not_reproducible(
    "B15",
    data="the plan and execution of Turkestan's 2024 tax revenues as of 1 April 2024",
)
not_reproducible(
    "B18",
    data="Turkestan's transfers for 2023 (only 2024 transfers are printed, in Table 5)",
)
not_reproducible(
    "B19",
    "B20",
    data="Turkestan's 2022 and 2023 expenditure (Figure 9, source [46])",
)
not_reproducible(
    "B24",
    "B25",
    "B26",
    "B27",
    "B28",
    "B29",
    data="the functional classification of Turkestan's 2024 expenditure (Figure 10, source "
    "[46]); only these amounts are printed",
)
not_reproducible(
    "B31",
    "B32",
    "B33",
    "B34",
    data="the breakdown of Turkestan's 2024 social spending (Figure 11, source [46])",
)
not_reproducible(
    "B35",
    data="social spending 2021–2024 (Figure 12 prints no numbers)",
)
not_reproducible(
    "B36",
    data="plan and execution of 2024 social spending (Figure 13 prints no numbers)",
)

# --------------------------------------------------------------------------- other claims
unverifiable(
    "R01",
    reason="a date of a legal act, not a number the compendium's data can check (the paper's "
    "own reference [12] gives the same date, Decree No. 639 of 18 August 2021)",
)
unverifiable(
    "R03",
    "R04",
    "R05",
    reason="a description of the Georgian LSGI index; no data on it is in the compendium",
)
unverifiable(
    "R08",
    "R09",
    "R10",
    reason="a statement about Swedish/German municipal finance; no data on other countries is "
    "in the compendium, and the paper cites no source for the figure",
)
unverifiable(
    "R12",
    "R13",
    reason="a statement about Porto Alegre/Paris city budgets; the Pabulib elections in the "
    "compendium are Polish districts and hold no city-budget totals",
)
unverifiable(
    "P03",
    "P04",
    "P05",
    "P06",
    "P07",
    "P08",
    "P09",
    "P10",
    "P11",
    reason="a projection of the proposed platform's savings and investment (Figure 15) with "
    "nothing behind it: the platform does not exist and no cost model is given",
)
unverifiable(
    "P13",
    "P14",
    "P15",
    "P16",
    "P18",
    "P19",
    "P20",
    "P21",
    "P22",
    reason="monthly citizen reviews of a platform that was not deployed (Figure 16); no data "
    "source is given; kept as printed and fitted in notebook 07",
)
unverifiable(
    "S03",
    reason="the two questionnaires ask no comparable question about the state's support for "
    "business (see the codebook's cross-group mapping), so the groups cannot be compared on it",
)
