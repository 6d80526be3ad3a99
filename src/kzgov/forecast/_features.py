"""What the forecaster may know at approval: column classes, joins and encoders.

Every column of every file the forecaster reads is classified in one declared list,
:data:`COLUMN_CLASSES`, as ``ex-ante`` (known when the Board approves the project) or
``leakage`` (known only later, or a current value in a snapshot). Features are built only
from ex-ante columns, and :func:`check_ex_ante` raises :class:`LeakageError` when a
leakage column would reach a model.

Joins (:func:`join_features`)
    *Project level*, by ``Project ID``: the World Bank project list of 31 March 2025
    (detailed lending instrument, environmental category, additional-financing flag,
    implementing agency, PDO text), its major-sector and level-1 theme shares, and the log
    of the IBRD original principal summed over the loans approved in the project's approval
    FY (World Bank FY: July to June).
    *Country-year*, at approval FY - 1: log GDP per capita (Maddison 2020), its average
    annual log growth over the three years before, and the Freedom House political-rights
    and civil-liberties ratings. Countries are mapped with the explicit table
    :data:`COUNTRY_ISO3`; regional and multi-country projects (:data:`MULTI_COUNTRY`) have
    no country context and get a missing indicator; a name in neither is listed by
    :func:`unmatched_countries`, never guessed.
Groups (:data:`GROUPS`)
    ``ieg`` (the IEG file's ex-ante columns), ``project``, ``text`` (project name and PDO)
    and ``country``. Each numeric feature that can be missing has a ``… missing`` indicator.

The three IEG columns ``Country / Economy Lending Group``, ``Country / Economy FCS Status``
and ``Country / Economy FCS Lending Group`` are leakage: FCS status follows the closing
period, and the lending group is one value per country as of the file's date
(:func:`vintage_violations` shows both).
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kzgov.errors import DataError

__all__ = [
    "COLUMN_CLASSES",
    "COUNTRY_ISO3",
    "GROUPS",
    "IEG_CATEGORICAL",
    "LeakageError",
    "MULTI_COUNTRY",
    "TabularEncoder",
    "TextEncoder",
    "check_ex_ante",
    "column_classes",
    "feature_columns",
    "feature_table",
    "join_features",
    "unmatched_countries",
    "vintage_violations",
]


class LeakageError(DataError):
    """A column known only after approval would reach a model."""


# --------------------------------------------------------------------------- column classes
IEG = "ieg_ratings"
WB_PROJECTS = "forecaster_wb_projects"
WB_SECTORS = "forecaster_wb_sectors"
WB_THEMES = "forecaster_wb_themes"
IBRD = "forecaster_ibrd_loans"
MADDISON = "forecaster_maddison"
FREEDOM = "forecaster_freedom_house"

_E, _L = "ex-ante", "leakage"
COLUMN_CLASSES: tuple[tuple[str, str, str, str], ...] = (
    # resource, column, class, why
    (IEG, "As of Date", _L, "date of the file"),
    (IEG, "Project ID", _E, "key"),
    (IEG, "Project Name", _E, "text feature"),
    (IEG, "WB Region", _E, "feature; the region of the borrower"),
    (IEG, "Country / Economy", _E, "feature and country key"),
    (IEG, "Country / Economy Lending Group", _L, "one value per country as of the file's date"),
    (IEG, "Country / Economy FCS Status", _L, "follows the closing period, not approval"),
    (IEG, "Country / Economy FCS Lending Group", _L, "follows the closing period, not approval"),
    (IEG, "Practice Group", _E, "feature"),
    (IEG, "Global Practice", _E, "feature"),
    (IEG, "Agreement Type", _E, "feature"),
    (IEG, "Lending Instrument Type", _E, "feature"),
    (IEG, "Approval FY", _E, "feature and country-year key"),
    (IEG, "Final Closing FY", _L, "known at closing"),
    (IEG, "Evaluation Type", _L, "known at evaluation"),
    (IEG, "Outcome", _L, "the target"),
    (IEG, "Quality at Entry", _L, "rated at evaluation"),
    (IEG, "Quality of Supervision", _L, "rated at evaluation"),
    (IEG, "Bank Performance", _L, "rated at evaluation"),
    (IEG, "M&E Quality", _L, "rated at evaluation"),
    (IEG, "Evaluation FY", _L, "known at evaluation"),
    (WB_PROJECTS, "id", _E, "key"),
    (WB_PROJECTS, "regionname", _E, "not used (the IEG region is)"),
    (WB_PROJECTS, "countryshortname", _E, "not used (the IEG country is)"),
    (WB_PROJECTS, "status", _L, "status at the snapshot"),
    (WB_PROJECTS, "last_stage_reached_name", _L, "stage at the snapshot"),
    (WB_PROJECTS, "project_name", _E, "not used (the IEG name is)"),
    (WB_PROJECTS, "pdo", _E, "text feature; may be the revised PDO (not verifiable)"),
    (WB_PROJECTS, "impagency", _E, "feature"),
    (WB_PROJECTS, "public_disclosure_date", _L, "may follow approval"),
    (WB_PROJECTS, "boardapprovaldate", _E, "not used (the IEG approval FY is)"),
    (WB_PROJECTS, "loan_effective_date", _L, "after approval"),
    (WB_PROJECTS, "closingdate", _L, "current or revised closing date"),
    (WB_PROJECTS, "curr_project_cost", _L, "current value"),
    (WB_PROJECTS, "curr_ibrd_commitment", _L, "current value"),
    (WB_PROJECTS, "idacommamt", _L, "current value"),
    (WB_PROJECTS, "grantamt", _L, "current value"),
    (WB_PROJECTS, "curr_total_commitment", _L, "current value"),
    (WB_PROJECTS, "borrower", _E, "not used"),
    (WB_PROJECTS, "lendinginstr", _E, "feature"),
    (WB_PROJECTS, "envassesmentcategorycode", _E, "feature"),
    (WB_PROJECTS, "esrc_ovrl_risk_rate", _L, "may be revised during implementation"),
    (WB_PROJECTS, "supplementprojectflg", _E, "feature"),
    (WB_PROJECTS, "cons_serv_reqd_ind", _E, "not used"),
    (WB_PROJECTS, "projectfinancialtype", _L, "current value"),
    (WB_SECTORS, "project_id", _E, "key"),
    (WB_SECTORS, "major_sector", _E, "feature (share per major sector)"),
    (WB_SECTORS, "sector", _E, "not used"),
    (WB_SECTORS, "sector_percent", _E, "feature (share per major sector)"),
    (WB_THEMES, "project_id", _E, "key"),
    (WB_THEMES, "level_1", _E, "feature (share per level-1 theme)"),
    (WB_THEMES, "percentage_1", _E, "feature (share per level-1 theme)"),
    (WB_THEMES, "level_2", _E, "not used"),
    (WB_THEMES, "percentage_2", _E, "not used"),
    (WB_THEMES, "level_3", _E, "not used"),
    (WB_THEMES, "percentage_3", _E, "not used"),
    (IBRD, "End of Period", _L, "date of the snapshot"),
    (IBRD, "Loan Number", _E, "not used"),
    (IBRD, "Region", _E, "not used"),
    (IBRD, "Country Code", _E, "not used"),
    (IBRD, "Country", _E, "not used"),
    (IBRD, "Borrower", _E, "not used"),
    (IBRD, "Guarantor Country Code", _E, "not used"),
    (IBRD, "Guarantor", _E, "not used"),
    (IBRD, "Loan Type", _E, "not used"),
    (IBRD, "Loan Status", _L, "status at the snapshot"),
    (IBRD, "Interest Rate", _L, "rate at the snapshot"),
    (IBRD, "Currency of Commitment", _E, "not used"),
    (IBRD, "Project ID", _E, "key"),
    (IBRD, "Project Name", _E, "not used"),
    (IBRD, "Original Principal Amount", _E, "feature (summed over loans of the approval FY)"),
    (IBRD, "Cancelled Amount", _L, "after approval"),
    (IBRD, "Undisbursed Amount", _L, "after approval"),
    (IBRD, "Disbursed Amount", _L, "after approval"),
    (IBRD, "Repaid to IBRD", _L, "after approval"),
    (IBRD, "Due to IBRD", _L, "after approval"),
    (IBRD, "Exchange Adjustment", _L, "after approval"),
    (IBRD, "Borrower's Obligation", _L, "after approval"),
    (IBRD, "Sold 3rd Party", _L, "after approval"),
    (IBRD, "Repaid 3rd Party", _L, "after approval"),
    (IBRD, "Due 3rd Party", _L, "after approval"),
    (IBRD, "Loans Held", _L, "after approval"),
    (IBRD, "First Repayment Date", _L, "set after approval"),
    (IBRD, "Last Repayment Date", _L, "set after approval"),
    (IBRD, "Agreement Signing Date", _L, "after approval"),
    (IBRD, "Board Approval Date", _E, "FY of each loan (selects the loans summed)"),
    (IBRD, "Effective Date (Most Recent)", _L, "after approval"),
    (IBRD, "Closed Date (Most Recent)", _L, "after approval"),
    (IBRD, "Last Disbursement Date", _L, "after approval"),
    (MADDISON, "countrycode", _E, "key"),
    (MADDISON, "country", _E, "not used"),
    (MADDISON, "year", _E, "key (approval FY - 1)"),
    (MADDISON, "gdppc", _E, "feature at approval FY - 1"),
    (MADDISON, "pop", _E, "not used"),
    (FREEDOM, "", _E, "not used (row number)"),
    (FREEDOM, "Country", _E, "not used"),
    (FREEDOM, "Year", _E, "key (approval FY - 1)"),
    (FREEDOM, "Political.Rights", _E, "feature at approval FY - 1"),
    (FREEDOM, "Civil.Liberties", _E, "feature at approval FY - 1"),
    (FREEDOM, "Code", _E, "key"),
)
"""``(resource, column, class, why)`` for every column of every file the forecaster reads."""

GROUPS: tuple[str, ...] = ("ieg", "project", "text", "country")
"""Feature groups, in the order the ablation adds them."""

IEG_CATEGORICAL: tuple[str, ...] = (
    "WB Region",
    "Country / Economy",
    "Practice Group",
    "Global Practice",
    "Agreement Type",
    "Lending Instrument Type",
)
IEG_NUMERIC: tuple[str, ...] = ("Approval FY",)
PROJECT_CATEGORICAL: tuple[str, ...] = (
    "Lending Instrument (detailed)",
    "Environmental Category",
    "Additional Financing",
    "Implementing Agency",
)
TEXT = "text"
PDO = "PDO"
SECTOR_PREFIX = "sector share: "
THEME_PREFIX = "theme share: "
MISSING_SUFFIX = " missing"
COUNTRY_NUMERIC: tuple[str, ...] = (
    "log GDP per capita",
    "GDP per capita growth, 3 years",
    "political rights",
    "civil liberties",
)
MULTI_COUNTRY_FLAG = "country context missing (multi-country)"
LOG_IBRD = "log IBRD original principal"

# Where each derived feature comes from: ``(resource, column)`` pairs, checked against
# COLUMN_CLASSES by check_ex_ante.
_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    **{c: ((IEG, c),) for c in (*IEG_CATEGORICAL, *IEG_NUMERIC)},
    "Lending Instrument (detailed)": ((WB_PROJECTS, "lendinginstr"),),
    "Environmental Category": ((WB_PROJECTS, "envassesmentcategorycode"),),
    "Additional Financing": ((WB_PROJECTS, "supplementprojectflg"),),
    "Implementing Agency": ((WB_PROJECTS, "impagency"),),
    TEXT: ((IEG, "Project Name"), (WB_PROJECTS, "pdo")),
    PDO + MISSING_SUFFIX: ((WB_PROJECTS, "pdo"),),
    SECTOR_PREFIX: ((WB_SECTORS, "major_sector"), (WB_SECTORS, "sector_percent")),
    THEME_PREFIX: ((WB_THEMES, "level_1"), (WB_THEMES, "percentage_1")),
    LOG_IBRD: ((IBRD, "Original Principal Amount"), (IBRD, "Board Approval Date")),
    "log GDP per capita": ((MADDISON, "gdppc"), (MADDISON, "year")),
    "GDP per capita growth, 3 years": ((MADDISON, "gdppc"), (MADDISON, "year")),
    "political rights": ((FREEDOM, "Political.Rights"), (FREEDOM, "Year")),
    "civil liberties": ((FREEDOM, "Civil.Liberties"), (FREEDOM, "Year")),
    MULTI_COUNTRY_FLAG: ((IEG, "Country / Economy"),),
}


def column_classes() -> pd.DataFrame:
    """:data:`COLUMN_CLASSES` as a table: ``resource, column, class, why``."""
    return pd.DataFrame(list(COLUMN_CLASSES), columns=["resource", "column", "class", "why"])


def _leakage_names() -> set[str]:
    return {c for _, c, k, _ in COLUMN_CLASSES if k == _L}


def sources_of(feature: str) -> tuple[tuple[str, str], ...]:
    """``(resource, column)`` pairs a model input is derived from.

    Raises
    ------
    LeakageError
        If the feature is not declared (a column that is not a known feature).
    """
    base = feature.removesuffix(MISSING_SUFFIX) if feature not in _SOURCES else feature
    for prefix in (SECTOR_PREFIX, THEME_PREFIX):
        if base.startswith(prefix):
            return _SOURCES[prefix]
    if base in _SOURCES:
        return _SOURCES[base]
    if base == "sector shares" or base == "theme shares":
        return _SOURCES[SECTOR_PREFIX if base.startswith("sector") else THEME_PREFIX]
    if base == "IBRD original principal":
        return _SOURCES[LOG_IBRD]
    raise LeakageError(
        f"{feature!r} is not a declared forecaster feature; only features derived from "
        "ex-ante columns of kzgov.forecast._features.COLUMN_CLASSES may reach a model",
        column=feature,
    )


def check_ex_ante(columns: Sequence[str]) -> None:
    """Raise :class:`LeakageError` unless every column is a feature built from ex-ante columns.

    Parameters
    ----------
    columns
        The model's input columns.

    Raises
    ------
    LeakageError
        A column is a leakage column of some file (e.g. ``Country / Economy FCS Status``,
        ``Outcome``), is undeclared, or derives from a leakage column.
    """
    classes = {(r, c): k for r, c, k, _ in COLUMN_CLASSES}
    leak = _leakage_names()
    for col in columns:
        if col in leak:
            raise LeakageError(
                f"{col!r} is classified as leakage (known only after approval) and may not "
                "be a feature",
                column=col,
            )
        for src in sources_of(col):
            if classes.get(src) != _E:
                raise LeakageError(
                    f"{col!r} derives from {src[0]}:{src[1]!r}, which is not ex-ante",
                    column=col,
                )


# --------------------------------------------------------------------------- countries
MULTI_COUNTRY: tuple[str, ...] = (
    "Africa", "Andean Countries", "Aral Sea", "Caribbean", "Central Africa", "Central America",
    "Central Asia", "East Asia and Pacific", "Eastern and Southern Africa",
    "Europe and Central Asia", "Latin America and Caribbean", "Middle East and North Africa",
    "Organization of Eastern Caribbean States (OECS)", "Pacific Islands",
    "Red Sea and Gulf of Aden", "South Asia", "Southern Africa", "Viet Nam, Cambodia, Laos CMU",
    "Western Balkans", "Western and Central Africa", "World",
)
"""IEG "countries" that are regions or groups of countries: no country context."""

COUNTRY_ISO3: Mapping[str, str] = {
    "Antigua and Barbuda": "ATG", "Arab Republic of Egypt": "EGY", "Argentine Republic": "ARG",
    "Barbados": "BRB", "Belize": "BLZ", "Bosnia and Herzegovina": "BIH", "Burkina Faso": "BFA",
    "Central African Republic": "CAF", "Co-operative Republic of Guyana": "GUY",
    "Commonwealth of Dominica": "DMA", "Commonwealth of The Bahamas": "BHS",
    "Czech Republic": "CZE", "Democratic Republic of Sao Tome and Principe": "STP",
    "Democratic Republic of Timor-Leste": "TLS", "Democratic Republic of the Congo": "COD",
    "Democratic Socialist Republic of Sri Lanka": "LKA", "Dominican Republic": "DOM",
    "Federal Democratic Republic of Ethiopia": "ETH", "Federal Republic of Nigeria": "NGA",
    "Federal Republic of Somalia": "SOM", "Federated States of Micronesia": "FSM",
    "Federative Republic of Brazil": "BRA", "Gabonese Republic": "GAB", "Georgia": "GEO",
    "Grenada": "GRD", "Hashemite Kingdom of Jordan": "JOR", "Hellenic Republic": "GRC",
    "Hungary": "HUN", "Ireland": "IRL", "Islamic  Republic of Afghanistan": "AFG",
    "Islamic Republic of Iran": "IRN", "Islamic Republic of Mauritania": "MRT",
    "Islamic Republic of Pakistan": "PAK", "Jamaica": "JAM", "Kingdom of Bhutan": "BTN",
    "Kingdom of Cambodia": "KHM", "Kingdom of Eswatini": "SWZ", "Kingdom of Lesotho": "LSO",
    "Kingdom of Morocco": "MAR", "Kingdom of Spain": "ESP", "Kingdom of Thailand": "THA",
    "Kingdom of Tonga": "TON", "Kyrgyz Republic": "KGZ",
    "Lao People's Democratic Republic": "LAO", "Lebanese Republic": "LBN", "Malaysia": "MYS",
    "Mongolia": "MNG", "Montenegro": "MNE", "Nepal": "NPL", "New Zealand": "NZL",
    "North Macedonia, Republic of": "MKD", "Oriental Republic of Uruguay": "URY",
    "People's Democratic Republic of Algeria": "DZA", "People's Republic of Bangladesh": "BGD",
    "People's Republic of China": "CHN", "Plurinational State of Bolivia": "BOL",
    "Portuguese Republic": "PRT", "Republic of Albania": "ALB", "Republic of Angola": "AGO",
    "Republic of Armenia": "ARM", "Republic of Azerbaijan": "AZE", "Republic of Belarus": "BLR",
    "Republic of Benin": "BEN", "Republic of Botswana": "BWA", "Republic of Bulgaria": "BGR",
    "Republic of Burundi": "BDI", "Republic of Cabo Verde": "CPV", "Republic of Cameroon": "CMR",
    "Republic of Chad": "TCD", "Republic of Chile": "CHL", "Republic of Colombia": "COL",
    "Republic of Congo": "COG", "Republic of Costa Rica": "CRI",
    "Republic of Cote d'Ivoire": "CIV", "Republic of Croatia": "HRV", "Republic of Cyprus": "CYP",
    "Republic of Djibouti": "DJI", "Republic of Ecuador": "ECU", "Republic of El Salvador": "SLV",
    "Republic of Equatorial Guinea": "GNQ", "Republic of Estonia": "EST", "Republic of Fiji": "FJI",
    "Republic of Finland": "FIN", "Republic of Ghana": "GHA", "Republic of Guatemala": "GTM",
    "Republic of Guinea": "GIN", "Republic of Guinea-Bissau": "GNB", "Republic of Haiti": "HTI",
    "Republic of Honduras": "HND", "Republic of Iceland": "ISL", "Republic of India": "IND",
    "Republic of Indonesia": "IDN", "Republic of Iraq": "IRQ", "Republic of Kazakhstan": "KAZ",
    "Republic of Kenya": "KEN", "Republic of Kiribati": "KIR", "Republic of Korea": "KOR",
    "Republic of Kosovo": "XKX", "Republic of Latvia": "LVA", "Republic of Liberia": "LBR",
    "Republic of Lithuania": "LTU", "Republic of Madagascar": "MDG", "Republic of Malawi": "MWI",
    "Republic of Maldives": "MDV", "Republic of Mali": "MLI", "Republic of Mauritius": "MUS",
    "Republic of Moldova": "MDA", "Republic of Mozambique": "MOZ", "Republic of Namibia": "NAM",
    "Republic of Nicaragua": "NIC", "Republic of Niger": "NER", "Republic of Panama": "PAN",
    "Republic of Paraguay": "PRY", "Republic of Peru": "PER", "Republic of Poland": "POL",
    "Republic of Rwanda": "RWA", "Republic of Senegal": "SEN", "Republic of Serbia": "SRB",
    "Republic of Seychelles": "SYC", "Republic of Sierra Leone": "SLE",
    "Republic of Singapore": "SGP", "Republic of Slovenia": "SVN",
    "Republic of South Africa": "ZAF", "Republic of South Sudan": "SSD",
    "Republic of Tajikistan": "TJK", "Republic of The Gambia": "GMB", "Republic of Togo": "TGO",
    "Republic of Trinidad and Tobago": "TTO", "Republic of Tunisia": "TUN",
    "Republic of Turkiye": "TUR", "Republic of Uganda": "UGA", "Republic of Uzbekistan": "UZB",
    "Republic of Vanuatu": "VUT", "Republic of Yemen": "YEM", "Republic of Zambia": "ZMB",
    "Republic of Zimbabwe": "ZWE", "Republic of the Marshall Islands": "MHL",
    "Republic of the Philippines": "PHL", "Republic of the Sudan": "SDN",
    "Republic of the Union of Myanmar": "MMR", "Republica Bolivariana de Venezuela": "VEN",
    "Romania": "ROU", "Russian Federation": "RUS", "Samoa": "WSM", "Sint Maarten": "SXM",
    "Slovak Republic": "SVK", "Socialist Federal Republic of Yugoslavia": "YUG",
    "Socialist Republic of Viet Nam": "VNM", "Solomon Islands": "SLB",
    "Somali Democratic Republic": "SOM", "St. Kitts and Nevis": "KNA", "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT", "State of Eritrea": "ERI", "State of Israel": "ISR",
    "Sultanate of Oman": "OMN", "Syrian Arab Republic": "SYR", "Taiwan, China": "TWN",
    "The Independent State of Papua New Guinea": "PNG", "Turkmenistan": "TKM", "Tuvalu": "TUV",
    "Ukraine": "UKR", "Union of the Comoros": "COM", "United Mexican States": "MEX",
    "United Republic of Tanzania": "TZA", "West Bank and Gaza": "PSE",
}
"""IEG formal country names to ISO 3166-1 alpha-3 (``XKX`` Kosovo, ``YUG`` Yugoslavia as
the Maddison and Freedom House files code them). Written by hand and tested."""


def unmatched_countries(names: Sequence[str]) -> list[str]:
    """Names in neither :data:`COUNTRY_ISO3` nor :data:`MULTI_COUNTRY` (sorted, unique)."""
    known = set(COUNTRY_ISO3) | set(MULTI_COUNTRY)
    return sorted({str(n) for n in names if pd.notna(n)} - known)


# --------------------------------------------------------------------------- readers
@functools.lru_cache(maxsize=1)
def _raw() -> dict[str, pd.DataFrame]:
    """The external files, hash-checked and read once per process."""
    import pyreadr

    from kzgov import data as kdata

    out = {}
    for name, obj in (
        (WB_PROJECTS, "all_proj3"),
        (WB_SECTORS, "all_proj_sectors_25"),
        (WB_THEMES, "all_proj_themes_25"),
    ):
        kdata.verify(name)
        out[name] = pyreadr.read_r(str(kdata.resource_path(name)))[obj]
    kdata.verify(MADDISON)
    out[MADDISON] = pd.read_excel(
        kdata.resource_path(MADDISON), sheet_name="Full data", engine="openpyxl"
    )
    out[IBRD] = kdata.load(IBRD)
    out[FREEDOM] = kdata.load(FREEDOM)
    return out


def _fiscal_year(dates: pd.Series) -> pd.Series:
    """World Bank fiscal year: July to June, named after the year it ends."""
    return dates.dt.year + (dates.dt.month >= 7).astype(int)


def _project_table(raw: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    p = raw[WB_PROJECTS]
    out = pd.DataFrame(
        {
            "Project ID": p["id"].astype(str),
            "Lending Instrument (detailed)": p["lendinginstr"],
            "Environmental Category": p["envassesmentcategorycode"],
            "Additional Financing": p["supplementprojectflg"],
            "Implementing Agency": p["impagency"].str.strip().str.upper(),
            PDO: p["pdo"].where(p["pdo"].fillna("").str.strip() != ""),
        }
    ).drop_duplicates("Project ID")
    s = raw[WB_SECTORS]
    sectors = (
        s.assign(share=s["sector_percent"] / 100.0)
        .pivot_table(index="project_id", columns="major_sector", values="share", aggfunc="sum")
        .fillna(0.0)
    )
    sectors.columns = [SECTOR_PREFIX + str(c) for c in sectors.columns]
    t = raw[WB_THEMES]
    top = t[t["level_1"].notna() & ~t["level_1"].str.startswith(">") & t["level_2"].isna()]
    top = top.assign(
        theme=top["level_1"].str.removeprefix("FY17 - ").str.strip(),
        share=pd.to_numeric(top["percentage_1"], errors="coerce") / 100.0,
    )
    themes = top.pivot_table(index="project_id", columns="theme", values="share", aggfunc="sum").fillna(0.0)
    themes.columns = [THEME_PREFIX + str(c) for c in themes.columns]
    out = out.merge(sectors, left_on="Project ID", right_index=True, how="left")
    return out.merge(themes, left_on="Project ID", right_index=True, how="left")


def ibrd_principal(loans: pd.DataFrame) -> pd.DataFrame:
    """IBRD original principal per project and approval FY of its loans (USD).

    Returns
    -------
    pandas.DataFrame
        ``Project ID, fy, principal``: the sum of ``Original Principal Amount`` over the
        loans of the project approved by the Board in World Bank fiscal year ``fy``.
    """
    dates = pd.to_datetime(loans["Board Approval Date"], format="%m/%d/%Y %I:%M:%S %p", errors="coerce")
    frame = pd.DataFrame(
        {
            "Project ID": loans["Project ID"].astype(str),
            "fy": _fiscal_year(dates),
            "principal": loans["Original Principal Amount"].astype(float),
        }
    ).dropna(subset=["fy"])
    frame["fy"] = frame["fy"].astype(int)
    return frame.groupby(["Project ID", "fy"], as_index=False)["principal"].sum()


def _rating(values: pd.Series) -> pd.Series:
    """Freedom House rating 1..7 as float; anything else ('-', '3(6)') is missing."""
    num = pd.to_numeric(values, errors="coerce")
    return num.where(num.isin(range(1, 8)))


def country_year(raw: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Country context per ISO3 code and calendar year.

    ``log GDP per capita`` = ln(gdppc) (2011 international dollars); ``GDP per capita
    growth, 3 years`` = (ln gdppc[y] - ln gdppc[y - 3]) / 3, per year; ``political
    rights`` and ``civil liberties`` = Freedom House ratings (1 most free, 7 least free).
    A Freedom House code-year carried by two names with ratings (e.g. Czechoslovakia and
    the Czech Republic) is left missing.

    Returns
    -------
    pandas.DataFrame
        ``iso3, year`` and the four columns of :data:`COUNTRY_NUMERIC`.
    """
    m = raw[MADDISON][["countrycode", "year", "gdppc"]].dropna()
    m = m[m["gdppc"].astype(float) > 0]
    m = m.assign(lg=np.log(m["gdppc"].astype(float)), year=m["year"].astype(int))
    lag = m[["countrycode", "year", "lg"]].assign(year=m["year"] + 3).rename(columns={"lg": "lg3"})
    m = m.merge(lag, on=["countrycode", "year"], how="left")
    gdp = pd.DataFrame(
        {
            "iso3": m["countrycode"],
            "year": m["year"],
            "log GDP per capita": m["lg"],
            "GDP per capita growth, 3 years": (m["lg"] - m["lg3"]) / 3.0,
        }
    )
    fh = raw[FREEDOM]
    fh = pd.DataFrame(
        {
            "iso3": fh["Code"],
            "year": pd.to_numeric(fh["Year"]).astype(int),
            "political rights": _rating(fh["Political.Rights"]),
            "civil liberties": _rating(fh["Civil.Liberties"]),
        }
    )
    fh = fh.dropna(subset=["political rights", "civil liberties"], how="all")
    fh = fh[~fh.duplicated(["iso3", "year"], keep=False)]
    return gdp.merge(fh, on=["iso3", "year"], how="outer")


# --------------------------------------------------------------------------- join
def join_features(
    frame: pd.DataFrame,
    *,
    raw: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Add the project-level and country-year features to IEG-like rows.

    Parameters
    ----------
    frame
        Rows with ``Project ID``, ``Project Name``, ``Country / Economy`` and ``Approval FY``
        (float, whole numbers) and the IEG categorical columns.
    raw
        The external tables (default: read from ``data/raw/forecaster``; tests pass
        synthetic ones).

    Returns
    -------
    pandas.DataFrame
        ``frame`` (same rows, same order) plus the features of the ``project``, ``text``
        and ``country`` groups, each missing numeric with its ``… missing`` indicator.
        A column the user already supplied (e.g. a PDO for a new project) is kept where
        it is not empty.
    """
    raw = _raw() if raw is None else raw
    out = frame.reset_index(drop=True).copy()
    ids = out["Project ID"].astype(str) if "Project ID" in out else pd.Series([""] * len(out))
    proj = _project_table(raw)
    joined = pd.DataFrame({"Project ID": ids}).merge(proj, on="Project ID", how="left")
    for col in joined.columns.drop("Project ID"):
        if col in out.columns:
            user = out[col].where(out[col].notna() & (out[col].astype(str) != ""))
            out[col] = user.combine_first(joined[col])
        else:
            out[col] = joined[col].to_numpy()
    agency = out["Implementing Agency"]
    out["Implementing Agency"] = agency.where(agency.isna(), agency.astype(str).str.strip().str.upper())
    sectors = [c for c in out.columns if c.startswith(SECTOR_PREFIX)]
    themes = [c for c in out.columns if c.startswith(THEME_PREFIX)]
    for cols, name in ((sectors, "sector shares"), (themes, "theme shares")):
        miss = out[cols].isna().all(axis=1) if cols else pd.Series(True, index=out.index)
        out[name + MISSING_SUFFIX] = miss.astype(float)
        if cols:
            out[cols] = out[cols].fillna(0.0)
    # IBRD principal: loans approved in the project's approval FY only
    fy = out["Approval FY"].astype(float)
    if LOG_IBRD not in out.columns:
        principal = ibrd_principal(raw[IBRD])
        key = pd.DataFrame({"Project ID": ids, "fy": fy.round().astype("Int64")})
        p = key.merge(principal.astype({"fy": "Int64"}), on=["Project ID", "fy"], how="left")["principal"]
        out[LOG_IBRD] = np.log(p.where(p > 0)).to_numpy()
    out["IBRD original principal" + MISSING_SUFFIX] = out[LOG_IBRD].isna().astype(float)
    # text: project name and PDO
    out[PDO + MISSING_SUFFIX] = out[PDO].isna().astype(float)
    name = out["Project Name"].fillna("").astype(str) if "Project Name" in out else ""
    out[TEXT] = (name + " . " + out[PDO].fillna("").astype(str)).str.strip(" .")
    # country-year at approval FY - 1
    iso3 = out["Country / Economy"].map(COUNTRY_ISO3)
    ctx = country_year(raw)
    key = pd.DataFrame({"iso3": iso3, "year": (fy - 1).round().astype("Int64")})
    ctx = ctx.astype({"year": "Int64"})
    c = key.merge(ctx, on=["iso3", "year"], how="left")
    for col in COUNTRY_NUMERIC:
        if col in frame.columns and frame[col].notna().any():
            out[col] = pd.to_numeric(frame[col], errors="coerce").combine_first(c[col])
        else:
            out[col] = c[col].to_numpy()
        out[col + MISSING_SUFFIX] = out[col].isna().astype(float)
    out[MULTI_COUNTRY_FLAG] = iso3.isna().astype(float)
    unmatched = unmatched_countries(out["Country / Economy"].tolist())
    if unmatched:
        warnings.warn(
            f"country names not in kzgov.forecast._features.COUNTRY_ISO3 (no country context, "
            f"missing indicator set): {unmatched}",
            UserWarning,
            stacklevel=2,
        )
    return out


def feature_columns(frame: pd.DataFrame, groups: Sequence[str] = GROUPS) -> dict[str, Any]:
    """The model inputs of ``groups``: categorical, numeric and text columns of ``frame``.

    Returns
    -------
    dict
        ``categorical`` (tuple), ``numeric`` (tuple) and ``text`` (the text column name,
        or ``None``); every column passed :func:`check_ex_ante`.
    """
    bad = [g for g in groups if g not in GROUPS]
    if bad:
        raise DataError(f"unknown feature group(s) {bad}; expected some of {list(GROUPS)}")
    cats: list[str] = []
    nums: list[str] = []
    text = None
    if "ieg" in groups:
        cats += IEG_CATEGORICAL
        nums += IEG_NUMERIC
    if "project" in groups:
        cats += PROJECT_CATEGORICAL
        nums += sorted(c for c in frame.columns if c.startswith(SECTOR_PREFIX))
        nums += sorted(c for c in frame.columns if c.startswith(THEME_PREFIX))
        nums += ["sector shares" + MISSING_SUFFIX, "theme shares" + MISSING_SUFFIX]
        nums += [LOG_IBRD, "IBRD original principal" + MISSING_SUFFIX]
    if "text" in groups:
        text = TEXT
        nums += [PDO + MISSING_SUFFIX]
    if "country" in groups:
        for c in COUNTRY_NUMERIC:
            nums += [c, c + MISSING_SUFFIX]
        nums += [MULTI_COUNTRY_FLAG]
    check_ex_ante([*cats, *nums, *([text] if text else [])])
    return {"categorical": tuple(cats), "numeric": tuple(nums), "text": text}


def feature_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every feature by group with its kind, sources and ex-ante classification.

    Returns
    -------
    pandas.DataFrame
        ``group, feature, kind, sources, class``.
    """
    classes = {(r, c): k for r, c, k, _ in COLUMN_CLASSES}
    rows = []
    seen: set[str] = set()
    for g in GROUPS:
        cols = feature_columns(frame, [g])
        items = [(c, "categorical") for c in cols["categorical"]]
        items += [(c, "numeric") for c in cols["numeric"]]
        if cols["text"]:
            items.append((cols["text"], "text"))
        for c, kind in items:
            if c in seen:
                continue
            seen.add(c)
            src = sources_of(c)
            ok = all(classes.get(s) == _E for s in src)
            rows.append(
                {
                    "group": g,
                    "feature": c,
                    "kind": kind,
                    "sources": "; ".join(f"{r}:{col}" for r, col in src),
                    "class": _E if ok else _L,
                }
            )
    return pd.DataFrame(rows)


def vintage_violations(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    country: str = "Country / Economy",
    year: str = "Approval FY",
) -> pd.DataFrame:
    """Which country-level columns are not a dated country-year value at approval.

    A country-level feature is known at approval only if (a) it takes one value per
    country and approval FY, and (b) it is looked up in a source with a year (the
    country-year features of :data:`COUNTRY_NUMERIC`, at approval FY - 1). A column of
    the IEG file itself has only the file's date (``As of Date``): it fails (b).

    Returns
    -------
    pandas.DataFrame
        One row per column: ``column, cells_varying`` (country x FY cells with more than
        one value), ``dated_source`` (bool) and ``ok``.
    """
    rows = []
    for col in columns:
        n = frame.groupby([country, year], dropna=False)[col].nunique(dropna=False)
        varying = int((n > 1).sum())
        srcs = sources_of(col) if col not in _leakage_names() else ((IEG, col),)
        dated = all(r in (MADDISON, FREEDOM) for r, _ in srcs) or col == MULTI_COUNTRY_FLAG
        rows.append({"column": col, "cells_varying": varying, "dated_source": dated,
                     "ok": varying == 0 and dated})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- encoders
MISSING_TOKEN = "(missing)"
UNKNOWN_INDEX = 0


def categories(col: pd.Series) -> pd.Series:
    """Missing values (None, NaN, empty text) become :data:`MISSING_TOKEN`; others str."""
    values = col.astype(object).where(col.notna(), None)
    return values.map(lambda v: MISSING_TOKEN if v is None or v == "" else str(v))


@dataclass(frozen=True)
class TabularEncoder:
    """Integer codes for categorical columns and z-scores for numeric ones.

    Fitted on a training fold only (:meth:`fit`): a category not seen in that fold, or
    seen fewer than ``min_count`` times, maps to :data:`UNKNOWN_INDEX` (0); known
    categories get codes ``1..len(vocabulary)`` in sorted order. A missing numeric value
    becomes the training mean (z = 0); its ``… missing`` indicator carries the fact.
    With ``clip`` numeric values are first clipped to the training fold's range.
    """

    categorical: tuple[str, ...]
    numeric: tuple[str, ...]
    vocabularies: tuple[tuple[str, ...], ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    min_count: int = 1
    lows: tuple[float, ...] | None = None
    highs: tuple[float, ...] | None = None

    @classmethod
    def fit(
        cls,
        frame: pd.DataFrame,
        *,
        categorical: Sequence[str],
        numeric: Sequence[str],
        min_count: int = 1,
        clip: bool = False,
    ) -> TabularEncoder:
        """Learn the vocabularies and the scalers from ``frame`` (the training fold)."""
        check_ex_ante([*categorical, *numeric])
        vocabularies = []
        for col in categorical:
            counts = categories(frame[col]).value_counts()
            vocabularies.append(tuple(sorted(str(k) for k, n in counts.items() if n >= min_count)))
        means, scales, lows, highs = [], [], [], []
        for col in numeric:
            values = frame[col].to_numpy(dtype=np.float64)
            values = values[~np.isnan(values)]
            if values.size == 0:
                values = np.zeros(1)
            sd = float(values.std())
            means.append(float(values.mean()))
            scales.append(sd if sd > 0 else 1.0)
            lows.append(float(values.min()))
            highs.append(float(values.max()))
        return cls(
            tuple(categorical), tuple(numeric), tuple(vocabularies), tuple(means),
            tuple(scales), int(min_count),
            tuple(lows) if clip else None, tuple(highs) if clip else None,
        )

    @property
    def cardinalities(self) -> tuple[int, ...]:
        """Embedding sizes: known categories plus the unknown index."""
        return tuple(len(v) + 1 for v in self.vocabularies)

    def transform(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, numerics)``: int64 ``(n, n_categorical)``, float32 ``(n, n_numeric)``."""
        n = len(frame)
        codes = np.zeros((n, len(self.categorical)), dtype=np.int64)
        for j, (col, vocab) in enumerate(zip(self.categorical, self.vocabularies, strict=True)):
            lookup = {v: i + 1 for i, v in enumerate(vocab)}
            codes[:, j] = categories(frame[col]).map(lookup).fillna(UNKNOWN_INDEX).to_numpy(dtype=np.int64)
        nums = np.zeros((n, len(self.numeric)), dtype=np.float32)
        for j, col in enumerate(self.numeric):
            values = frame[col].to_numpy(dtype=np.float64)
            values = np.where(np.isnan(values), self.means[j], values)
            if self.lows is not None and self.highs is not None:
                values = np.clip(values, self.lows[j], self.highs[j])
            nums[:, j] = (values - self.means[j]) / self.scales[j]
        return codes, nums

    def unknown_values(self, frame: pd.DataFrame) -> dict[str, list[str]]:
        """Categories of ``frame`` that map to the unknown index, per column (sorted)."""
        out = {}
        for col, vocab in zip(self.categorical, self.vocabularies, strict=True):
            values = set(categories(frame[col])) - set(vocab)
            if values:
                out[col] = sorted(values)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (see :meth:`from_dict`)."""
        return {
            "categorical": list(self.categorical), "numeric": list(self.numeric),
            "vocabularies": [list(v) for v in self.vocabularies],
            "means": list(self.means), "scales": list(self.scales), "min_count": self.min_count,
            "lows": None if self.lows is None else list(self.lows),
            "highs": None if self.highs is None else list(self.highs),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TabularEncoder:
        """Rebuild an encoder written by :meth:`to_dict`."""
        return cls(
            tuple(d["categorical"]), tuple(d["numeric"]),
            tuple(tuple(v) for v in d["vocabularies"]),
            tuple(float(x) for x in d["means"]), tuple(float(x) for x in d["scales"]),
            int(d["min_count"]),
            None if d.get("lows") is None else tuple(float(x) for x in d["lows"]),
            None if d.get("highs") is None else tuple(float(x) for x in d["highs"]),
        )


_TOKEN = r"(?u)\b\w\w+\b"


@dataclass(frozen=True)
class TextEncoder:
    """Word n-gram vocabulary of the training fold, for an embedding bag.

    Tokens are lower-case words of two or more letters (scikit-learn's default pattern);
    n-grams of 1..``ngram`` words seen in at least ``min_count`` training documents
    get indices ``1..len(vocabulary)`` (sorted); index 0 is padding, so an empty text
    or one with only unseen n-grams is an empty bag (all-zero embedding).
    """

    vocabulary: tuple[str, ...]
    ngram: int = 2
    min_count: int = 3

    @classmethod
    def fit(cls, texts: pd.Series, *, ngram: int = 2, min_count: int = 3) -> TextEncoder:
        """Learn the vocabulary from ``texts`` (the training fold only)."""
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(ngram_range=(1, ngram), min_df=min_count, token_pattern=_TOKEN)
        try:
            vec.fit(texts.fillna("").astype(str))
            vocab = tuple(sorted(vec.vocabulary_))
        except ValueError:  # no n-gram reaches min_count (tiny data)
            vocab = ()
        return cls(vocab, int(ngram), int(min_count))

    def transform(self, texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """``(indices, offsets)`` for ``torch.nn.EmbeddingBag``: n-gram ids (distinct per document)."""
        from sklearn.feature_extraction.text import CountVectorizer

        n = len(texts)
        if not self.vocabulary:
            return np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64)
        vec = CountVectorizer(
            ngram_range=(1, self.ngram), token_pattern=_TOKEN, binary=True,
            vocabulary={t: i for i, t in enumerate(self.vocabulary)},
        )
        m = vec.transform(texts.fillna("").astype(str)).tocsr()
        m.sort_indices()
        return (m.indices.astype(np.int64) + 1), m.indptr[:-1].astype(np.int64)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"vocabulary": list(self.vocabulary), "ngram": self.ngram, "min_count": self.min_count}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TextEncoder:
        """Rebuild from :meth:`to_dict`."""
        return cls(tuple(d["vocabulary"]), int(d["ngram"]), int(d["min_count"]))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (the pattern of :class:`TextEncoder`)."""
    return re.findall(_TOKEN, text.lower())
