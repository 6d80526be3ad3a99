"""Regional budgets in the Budget Code layout: identities, indicators, dynamics, structure, PEFA.

The study's own Table 5 and Figures 9–13 are reproduced in
:mod:`kzgov.study.turkestan_budget`.

The layout
----------
An oblast maslikhat's budget decision (item 1 of the decision) and Table 5 of the study
follow the Budget Code of the Republic of Kazakhstan. A :class:`BudgetTable` holds one row
per region, year and source, with one unit for all amounts, in these columns (the column
names of ``data/raw/official/regional_budget_decisions.csv``):

================================ =====================================================================================
column                           meaning (Russian term of the Budget Code)
================================ =====================================================================================
``region``                       statistics code of the region (:mod:`kzgov.regions`)
``year``                         budget (fiscal) year
``source``                       ``paper``, ``official`` or ``user``
``document``                     which table or decision (``Table 5``, ``amended 2024-07-10``)
``income``                       1. доходы = tax + non-tax + sale of fixed capital + transfers
``tax_receipts``                 налоговые поступления
``non_tax_receipts``             неналоговые поступления
``sale_of_fixed_capital``        поступления от продажи основного капитала
``transfers``                    поступления трансфертов
``expenses``                     2. затраты (never negative)
``net_budget_lending``           3. чистое бюджетное кредитование = loans − repayment
``budget_loans``                 бюджетные кредиты
``loan_repayment``               погашение бюджетных кредитов
``financial_assets_balance``     4. сальдо по операциям с финансовыми активами = acquisition − sale
``financial_assets_acquisition`` приобретение финансовых активов
``financial_assets_sale``        поступления от продажи финансовых активов государства
``deficit_surplus``              5. дефицит (−) / профицит (+) = income − expenses − net lending − fin.-assets balance
``deficit_financing``            6. финансирование дефицита (использование профицита) = −deficit_surplus
================================ =====================================================================================

A missing figure is NaN: nothing is filled in or guessed. Every table carries a unit
(:mod:`kzgov.units`); :meth:`BudgetTable.to` converts explicitly.

Bring your own data
-------------------
``data/raw/templates/budget_template.csv`` (resource ``budget_template``) is the layout for
users' files: the columns ``region``, ``year``, ``unit`` and the fourteen amount columns
above (``source`` and ``document`` are set by :func:`read_budget`). ``region`` is any name
:func:`kzgov.regions.resolve` knows (``"Turkestan region"``, ``"Туркестанская область"``,
``"TRK"``); ``unit`` any unit :func:`kzgov.units.normalize` knows (``"thousand KZT"``,
``"тысяч тенге"``, ``"million tenge"``…); an empty cell means "not known". The example row
is the real Kostanay 2025 decision. :func:`read_budget` validates the file with
``kzgov.data.read_table(path, like="budget_template")``: missing columns, text in an
amount and negative expenses raise :class:`~kzgov.errors.DataError` naming the column and
row; a missing or unknown unit raises :class:`~kzgov.errors.UnitError`; an unknown region
raises :class:`~kzgov.errors.RegionError` listing the known ones.

Indicators
----------
See :func:`indicator_definitions`; all are fractions, never percent, and invariant to the
unit. Own revenue = income − transfers.

References
----------
- Budget Code of the Republic of Kazakhstan (structure of the budget: income, expenses,
  net budget lending, balance of operations with financial assets, deficit (surplus),
  financing of the deficit).
- Eyraud, L. & Lusinyan, L. (2013). Vertical fiscal imbalances and fiscal performance in
  advanced economies. Journal of Monetary Economics 60(5), 571–587 (earlier: IMF Working
  Paper 11/226).
- OECD Fiscal Decentralisation Database (sub-central revenue by source: taxes,
  intergovernmental transfers).
- PEFA Secretariat (2016). Framework for assessing public financial management,
  indicators PI-1 (aggregate expenditure outturn) and PI-2 (expenditure composition
  outturn).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import data, paths, regions, units
from kzgov.constraints import Interval, validate_params
from kzgov.errors import DataError, ParameterError, RegionError, ScopeError, UnitError

__all__ = [
    "BudgetTable",
    "check_identities",
    "combine",
    "compare_scopes",
    "dynamics",
    "indicator_definitions",
    "indicator_table",
    "official",
    "pefa_pi1",
    "pefa_pi2",
    "read_budget",
    "structure",
]

Source = Literal["paper", "official", "user"]

#: Columns that identify a row of a :class:`BudgetTable`.
_KEY_COLUMNS: tuple[str, ...] = ("region", "year", "source", "document")

#: The Budget Code layout: amount columns, in the order of a budget decision.
_LAYOUT: tuple[str, ...] = (
    "income",
    "tax_receipts",
    "non_tax_receipts",
    "sale_of_fixed_capital",
    "transfers",
    "expenses",
    "net_budget_lending",
    "budget_loans",
    "loan_repayment",
    "financial_assets_balance",
    "financial_assets_acquisition",
    "financial_assets_sale",
    "deficit_surplus",
    "deficit_financing",
)

#: Amount columns that can be negative: balances, net lending and the deficit.
_SIGNED = frozenset(
    {"net_budget_lending", "financial_assets_balance", "deficit_surplus", "deficit_financing"}
)

#: Amount columns that cannot be negative (all others), in layout order.
_NON_NEGATIVE: tuple[str, ...] = tuple(c for c in _LAYOUT if c not in _SIGNED)

_LABELS: Mapping[str, str] = {
    "income": "1. Income",
    "tax_receipts": "   tax receipts",
    "non_tax_receipts": "   non-tax receipts",
    "sale_of_fixed_capital": "   sale of fixed capital",
    "transfers": "   transfers",
    "expenses": "2. Expenses",
    "net_budget_lending": "3. Net budget lending",
    "budget_loans": "   budget loans",
    "loan_repayment": "   loan repayment",
    "financial_assets_balance": "4. Financial-assets balance",
    "financial_assets_acquisition": "   acquisition",
    "financial_assets_sale": "   sale",
    "deficit_surplus": "5. Deficit (-) / surplus (+)",
    "deficit_financing": "6. Deficit financing",
}

#: Scope of an execution series of the Ministry of Finance bulletin: oblast, district and
#: rural levels together, intra-regional transfers netted.
_SCOPE_CONSOLIDATED = "consolidated local budget of a region"
#: Scope of an oblast maslikhat's budget decision: the oblast level only.
_SCOPE_OBLAST = "oblast-level budget"
#: The study's Table 5 states no scope.
_SCOPE_NOT_STATED = "not stated"
#: The scopes a budget table can carry.
_SCOPES: tuple[str, ...] = (_SCOPE_CONSOLIDATED, _SCOPE_OBLAST, _SCOPE_NOT_STATED)

#: The unit in which tables from different sources are compared.
_COMMON_UNIT = "million KZT"


# --------------------------------------------------------------------------- the table
@dataclass(frozen=True, eq=False)
class BudgetTable:
    """Budgets in the Budget Code layout, all amounts in one unit.

    Parameters
    ----------
    frame
        One row per region, year, source and document. Needs ``region`` and ``year``;
        ``source`` defaults to ``"user"`` and ``document`` to ``""``; layout columns that
        are absent are added as NaN (not given). Other columns are kept.
    unit
        The unit of every amount, in any spelling :func:`kzgov.units.normalize` accepts;
        stored in canonical form.
    scope
        What the amounts cover: ``"consolidated local budget of a region"`` (execution
        reports), ``"oblast-level budget"`` (a maslikhat decision) or ``"not stated"``
        (e.g. a table printed in a paper). It sets the ``scope`` column of every row.
        When None, the frame's own ``scope`` column is used (a table stacked by
        :func:`combine` may label rows of several scopes); a frame without one is *not
        stated*. After construction ``scope`` is the table's one scope, or None when its
        rows carry several (see :attr:`scopes`); wherever a single series is built, such
        a table is refused (:class:`~kzgov.errors.ScopeError`).

    Raises
    ------
    ScopeError
        An unknown scope, or a ``scope`` argument that contradicts the frame's column.
    UnitError
        Missing or unknown unit.
    RegionError
        A region the registry does not know (the message lists the known ones).
    DataError
        Text in an amount, a negative amount where the Budget Code allows none (e.g.
        expenses), a year that is not a whole number, or duplicate rows.

    Notes
    -----
    The frame is validated and copied on construction; treat it as read-only. Methods
    return new tables.

    Examples
    --------
    >>> t = BudgetTable(pd.DataFrame({"region": ["Turkestan region"], "year": [2024],
    ...                               "income": [79113.1], "transfers": [73647.0]}),
    ...                 unit="million tenge")
    >>> t.unit, t.frame.loc[0, "region"]
    ('million KZT', 'TRK')
    >>> float(t.to("thousand KZT").frame.loc[0, "income"])
    79113100.0
    """

    frame: pd.DataFrame
    unit: str
    scope: str | None = None

    def __post_init__(self) -> None:
        unit = units.normalize(self.unit, what="unit of the budget table")
        object.__setattr__(self, "unit", unit)
        frame = _validate_frame(self.frame)
        frame = _apply_scope(frame, self.scope)
        object.__setattr__(self, "frame", frame)
        found = list(dict.fromkeys(frame["scope"]))
        object.__setattr__(self, "scope", found[0] if len(found) == 1 else None)

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes of the rows, in order of first appearance."""
        return tuple(dict.fromkeys(self.frame["scope"]))

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        keys = ", ".join(
            f"{r.region} {r.year} {r.source}" for r in self.frame[list(_KEY_COLUMNS)].itertuples()
        )
        return f"BudgetTable({len(self)} row(s) in {self.unit}: {keys})"

    def to(self, unit: str) -> BudgetTable:
        """Return the table converted to ``unit`` (explicit, exact power-of-ten scaling)."""
        target = units.normalize(unit, what="target unit")
        frame = self.frame.copy()
        frame[list(_LAYOUT)] = units.convert(frame[list(_LAYOUT)], self.unit, target)
        return BudgetTable(frame, target)

    def layout_view(self, *, decimals: int = 1) -> pd.DataFrame:
        """The table turned for reading: one row per layout line, one column per budget.

        Columns are named ``"<code> <year> <source>: <document>"``; amounts are rounded to
        ``decimals`` in the table's unit (stated in the index name).
        """
        out = pd.DataFrame(index=[_LABELS[c] for c in _LAYOUT])
        for rec in self.frame.itertuples(index=False):
            name = f"{rec.region} {rec.year} {rec.source}: {rec.document}".rstrip(": ")
            out[name] = [round(float(getattr(rec, c)), decimals) for c in _LAYOUT]
        out.index.name = f"{self.unit}"
        return out

    def select(
        self,
        *,
        region: str | None = None,
        year: int | None = None,
        source: str | None = None,
    ) -> BudgetTable:
        """Rows of one region (any name or code), year and/or source."""
        mask = pd.Series(True, index=self.frame.index)
        if region is not None:
            mask &= self.frame["region"] == regions.resolve(region)
        if year is not None:
            mask &= self.frame["year"] == int(year)
        if source is not None:
            mask &= self.frame["source"] == source
        return BudgetTable(self.frame[mask].reset_index(drop=True), self.unit)


def _validate_frame(frame: Any, *, path: str | Path | None = None) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"a budget table must be a pandas DataFrame; got {type(frame).__name__}", path=path
        )
    missing = [c for c in ("region", "year") if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; a budget table needs 'region', 'year' and the "
            f"layout columns {list(_LAYOUT)}",
            path=path,
        )
    df = frame.reset_index(drop=True).copy()
    if "source" not in df.columns:
        df["source"] = "user"
    if "document" not in df.columns:
        df["document"] = ""
    df["source"] = df["source"].astype(str)
    df["document"] = df["document"].fillna("").astype(str)
    resolved: dict[Any, str] = {}
    for i, name in enumerate(df["region"], start=1):
        key = name if isinstance(name, str) else repr(name)
        if key in resolved:
            continue
        try:
            resolved[key] = regions.resolve(name)
        except RegionError as exc:
            raise RegionError(f"column 'region', row {i}: {exc}") from None
    df["region"] = [resolved[n if isinstance(n, str) else repr(n)] for n in df["region"]]
    if pd.api.types.is_integer_dtype(df["year"]) and not df["year"].isna().any():
        df["year"] = df["year"].to_numpy(dtype="int64")
    else:
        years = []
        for i, y in enumerate(df["year"], start=1):
            try:
                fy = float(y)
                ok = math.isfinite(fy) and fy == int(fy)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise DataError(f"{y!r} is not a whole year", path=path, column="year", row=i, value=y)
            years.append(int(fy))
        df["year"] = np.asarray(years, dtype="int64")
    for col in _LAYOUT:
        if col not in df.columns:
            df[col] = np.nan
            continue
        df[col] = _numeric_column(df[col], col, path)
        if col in _NON_NEGATIVE:
            neg = df[col] < 0
            if neg.any():
                i = int(np.flatnonzero(neg.to_numpy())[0])
                v = df[col].iloc[i]
                raise DataError(
                    f"{v:g} is negative; {col} cannot be negative in the Budget Code layout",
                    path=path,
                    column=col,
                    row=i + 1,
                    value=v,
                )
    dup = df.duplicated(list(_KEY_COLUMNS), keep=False)
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        key = tuple(df.loc[i, list(_KEY_COLUMNS)])
        raise DataError(
            f"duplicate budget {key}; rows must be unique by {list(_KEY_COLUMNS)}",
            path=path,
            row=i + 1,
        )
    extra = [c for c in df.columns if c not in _KEY_COLUMNS and c not in _LAYOUT]
    df = df[list(_KEY_COLUMNS) + list(_LAYOUT) + extra]
    return df.sort_values(list(_KEY_COLUMNS), kind="stable").reset_index(drop=True)


def _apply_scope(frame: pd.DataFrame, scope: str | None) -> pd.DataFrame:
    """Set or check the ``scope`` column (one of :data:`_SCOPES`) of a validated frame."""
    df = frame
    if scope is not None:
        if scope not in _SCOPES:
            raise ScopeError(f"{scope!r} is not a known scope; expected one of {list(_SCOPES)}")
        if "scope" in df.columns:
            other = [v for v in dict.fromkeys(df["scope"].astype(str)) if v != scope]
            if other:
                i = int(np.flatnonzero((df["scope"].astype(str) != scope).to_numpy())[0])
                raise ScopeError(
                    f"the table is declared {scope!r} but this row is {other[0]!r}; one series "
                    "cannot be built from two scopes",
                    column="scope",
                    row=i + 1,
                )
        df = df.copy()
        df["scope"] = scope
        return df
    df = df.copy()
    if "scope" not in df.columns:
        df["scope"] = _SCOPE_NOT_STATED
        return df
    df["scope"] = df["scope"].fillna(_SCOPE_NOT_STATED).astype(str)
    bad = ~df["scope"].isin(_SCOPES)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ScopeError(
            f"{df['scope'].iloc[i]!r} is not a known scope; expected one of {list(_SCOPES)}",
            column="scope",
            row=i + 1,
            value=df["scope"].iloc[i],
        )
    return df


def _require_one_scope(budget: BudgetTable, *, what: str) -> str:
    """The one scope of ``budget``; a :class:`~kzgov.errors.ScopeError` naming both if it has two.

    Called wherever one series is built from a table (dynamics, a panel), so that a
    region's consolidated local budget and its oblast-level budget never join one series.

    Parameters
    ----------
    budget
        The table.
    what
        The series being built, for the message (e.g. ``"the dynamics of TRK"``).

    Raises
    ------
    ScopeError
        The rows carry two or more scopes; the message names them.

    Examples
    --------
    >>> t = BudgetTable(pd.DataFrame({"region": ["KST"], "year": [2025], "income": [1.0]}),
    ...                 unit="million KZT", scope="oblast-level budget")
    >>> _require_one_scope(t, what="the dynamics of KST")
    'oblast-level budget'
    """
    scopes = budget.scopes
    if len(scopes) > 1:
        raise ScopeError(
            f"{what} cannot be built from budgets of two scopes: {scopes[0]!r} and "
            f"{scopes[1]!r}"
            + (f" (and {list(scopes[2:])})" if len(scopes) > 2 else "")
            + "; select one scope, or set them side by side with compare_scopes()"
        )
    return scopes[0] if scopes else _SCOPE_NOT_STATED


def compare_scopes(
    left: BudgetTable,
    right: BudgetTable,
    *,
    fields: Iterable[str] = ("income", "tax_receipts", "transfers", "expenses"),
    unit: str | None = None,
) -> pd.DataFrame:
    """Set two budgets of (possibly) different scopes side by side, each side labelled.

    The only sanctioned way to put, e.g., an execution series (consolidated local budget)
    beside a maslikhat decision (oblast-level budget) or the study's Table 5 (scope not
    stated). Nothing is summed or merged across the two sides; each keeps its scope.

    Parameters
    ----------
    left, right
        One scope each.
    fields
        Layout fields to show.
    unit
        Unit of both sides (default: ``left``'s unit); each side is converted exactly.

    Returns
    -------
    pandas.DataFrame
        One row per region, year and field: ``region, year, field``, ``left`` and
        ``right`` (amounts), ``left_scope``, ``right_scope``, ``left_document``,
        ``right_document``, ``difference`` (left − right), ``ratio`` (left / right) and
        ``unit``; region-years present on one side only are kept with NaN on the other.
    """
    lscope = _require_one_scope(left, what="the left side of compare_scopes")
    rscope = _require_one_scope(right, what="the right side of compare_scopes")
    target = left.unit if unit is None else units.normalize(unit, what="unit of compare_scopes")
    fields = list(fields)
    unknown = [f for f in fields if f not in _LAYOUT]
    if unknown:
        raise ParameterError(
            f"The 'fields' parameter of compare_scopes must be layout fields {list(_LAYOUT)}. "
            f"Got {unknown} instead."
        )

    def side(t: BudgetTable, name: str) -> pd.DataFrame:
        f = t.to(target).frame
        f = f.sort_values(["region", "year", "source", "document"]).groupby(
            ["region", "year"], as_index=False).tail(1)
        long = f.melt(id_vars=["region", "year", "document"], value_vars=fields,
                      var_name="field", value_name=name)
        return long.rename(columns={"document": f"{name}_document"})

    out = side(left, "left").merge(side(right, "right"), on=["region", "year", "field"],
                                   how="outer")
    out["left_scope"] = lscope
    out["right_scope"] = rscope
    out["difference"] = out["left"] - out["right"]
    out["ratio"] = out["left"] / out["right"]
    out["unit"] = target
    cols = ["region", "year", "field", "left", "right", "left_scope", "right_scope",
            "left_document", "right_document", "difference", "ratio", "unit"]
    order = {f: i for i, f in enumerate(fields)}
    out = out.sort_values(["region", "year"], kind="stable")
    out = out.assign(_o=out["field"].map(order)).sort_values(["region", "year", "_o"], kind="stable")
    return out[cols].reset_index(drop=True)


def _numeric_column(col: pd.Series, name: str, path: Any) -> pd.Series:
    out = _parse_amounts(col, name, path)
    infinite = np.isinf(out.to_numpy())
    if infinite.any():
        i = int(np.flatnonzero(infinite)[0])
        raise DataError(
            f"{_shown(col.iloc[i])} is not a finite number; amounts must be finite",
            path=path, column=name, row=i + 1, value=col.iloc[i],
        )
    return out


def _shown(value: Any) -> str:
    """A cell as the user wrote it: ``'inf'`` for text, ``inf`` for a float (not np.float64(inf))."""
    if isinstance(value, str):
        return repr(value)
    try:
        return repr(float(value))
    except (TypeError, ValueError):
        return repr(value)


def _parse_amounts(col: pd.Series, name: str, path: Any) -> pd.Series:
    if pd.api.types.is_bool_dtype(col):
        raise DataError("booleans are not amounts", path=path, column=name)
    if pd.api.types.is_numeric_dtype(col):
        return col.astype("float64")
    out = []
    for i, v in enumerate(col, start=1):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            out.append(np.nan)
            continue
        if isinstance(v, str):
            if not v.strip():
                out.append(np.nan)
                continue
            try:
                out.append(float(v.strip()))
                continue
            except ValueError:
                pass
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            out.append(float(v))
            continue
        raise DataError(f"{v!r} is not a number", path=path, column=name, row=i, value=v)
    return pd.Series(out, index=col.index, dtype="float64")


def combine(*tables: BudgetTable, unit: str = _COMMON_UNIT) -> BudgetTable:
    """Stack budget tables after converting each to ``unit``.

    Raises
    ------
    DataError
        If two tables hold the same region, year, source and document.
    """
    if not tables:
        raise ParameterError("combine needs at least one BudgetTable; got none")
    target = units.normalize(unit, what="unit of combine")
    frames = [t.to(target).frame for t in tables]
    return BudgetTable(pd.concat(frames, ignore_index=True), target)


# --------------------------------------------------------------------------- sources


def _decisions_frame() -> pd.DataFrame:
    return data.load("budget_decisions")


#: Item codes of ``official_acts_figures.csv`` and the layout field each maps onto.
_ACTS_ITEMS: Mapping[str, str] = {
    "REV": "income",
    "REV.TAX": "tax_receipts",
    "REV.NONTAX": "non_tax_receipts",
    "REV.CAPITAL": "sale_of_fixed_capital",
    "REV.TRANSFERS": "transfers",
    "EXP": "expenses",
}
_ACTS_OBLAST_MARK = "(oblast-level budget)"


def _acts_decisions() -> pd.DataFrame:
    """The four oblast-level budget decisions of ``official_acts_figures.csv``, wide.

    North Kazakhstan 2026, Akmola 2025, Kyzylorda 2016 and South Kazakhstan 2007, read
    from the rows whose region says "(oblast-level budget)"; the raw file is not edited.
    Items map by :data:`_ACTS_ITEMS`; North Kazakhstan's ``REV.SPECIAL`` (special
    receipts) has no line in the layout and is kept in ``special_receipts`` (it is part of
    income, so the income identity of that row misses by exactly that amount).

    Returns
    -------
    pandas.DataFrame
        ``region, year, source, document, source_url``, the mapped layout fields,
        ``special_receipts``; thousand KZT.
    """
    raw = data.load("official_acts_figures")
    sub = raw[raw["region"].str.contains(_ACTS_OBLAST_MARK, regex=False)].copy()
    sub["code"] = [
        regions.resolve(r.replace(_ACTS_OBLAST_MARK, "").replace(" oblast", "").strip())
        for r in sub["region"]
    ]
    rows = []
    for (code, year, doc, url), g in sub.groupby(
        ["code", "budget_year", "document", "source_url"], sort=True
    ):
        rec: dict[str, Any] = {"region": code, "year": int(year), "source": "official",
                               "document": str(doc), "source_url": str(url)}
        for item, value in zip(g["item"], g["value_thousand_kzt"], strict=True):
            if item in _ACTS_ITEMS:
                rec[_ACTS_ITEMS[item]] = float(value)
            elif item == "REV.SPECIAL":
                rec["special_receipts"] = float(value)
        rows.append(rec)
    out = pd.DataFrame(rows)
    if "special_receipts" not in out:
        out["special_receipts"] = np.nan
    return out


def official() -> BudgetTable:
    """Every official oblast-level budget decision kzgov has, in thousand KZT.

    The five decisions of ``budget_decisions`` (``document`` is the decision's kind and
    date, e.g. ``"amended 2024-07-10"``) and the four of ``official_acts_figures``
    (:func:`_acts_decisions`; ``document`` is the act's title as typed). Scope:
    :data:`_SCOPE_OBLAST`.
    """
    raw = _decisions_frame()
    unit_set = set(raw["unit"])
    if len(unit_set) != 1:
        raise UnitError(f"budget_decisions must have one unit; got {sorted(unit_set)}")
    acts_unit = data._field_units("official_acts_figures")["value_thousand_kzt"]
    if units.normalize(acts_unit) != units.normalize(next(iter(unit_set))):
        raise UnitError(
            f"official_acts_figures is in {acts_unit!r}, budget_decisions in {sorted(unit_set)}"
        )
    frame = raw.rename(columns={"budget_year": "year"}).copy()
    dates = frame["document_date"].dt.strftime("%Y-%m-%d").fillna("")
    frame["document"] = (frame["document_kind"].fillna("") + " " + dates).str.strip()
    frame["source"] = "official"
    keep = list(_KEY_COLUMNS) + list(_LAYOUT) + ["source_url"]
    acts = _acts_decisions()
    both = pd.concat([frame[keep], acts], ignore_index=True)
    return BudgetTable(both, unit=unit_set.pop(), scope=_SCOPE_OBLAST)


def _is_execution_layout(path: Path) -> bool:
    """True when the file's header has the execution template's ``date`` and ``scope``."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError):
        return False
    names = {h.strip() for h in header}
    return {"date", "scope"} <= names and "year" not in names


def read_budget(path: str | Path) -> BudgetTable:
    """Read a user's budget CSV laid out like ``data/raw/templates/budget_template.csv``.

    A file in the layout of ``data/raw/templates/execution_template.csv`` (columns
    ``date`` and ``scope``, no ``year``) is read by :func:`kzgov.execution.read_execution`.

    The file is validated with ``kzgov.data.read_table(path, like="budget_template")``
    (columns, numbers, non-negative amounts); each row's unit with
    :func:`kzgov.units.normalize`; regions with :func:`kzgov.regions.resolve`. Rows in
    different units are converted to the unit of the first row. ``source`` is
    ``"user"`` and ``document`` the file name.

    Raises
    ------
    DataError
        Missing columns, text in an amount, negative expenses (file, column, row, value).
    UnitError
        A missing or unknown unit (column 'unit', row).
    RegionError
        An unknown region (the message lists the known ones).
    """
    path = Path(path)
    if _is_execution_layout(path):
        from kzgov import execution

        return execution.read_execution(path)
    df = data.read_table(path, like="budget_template", extra_columns=True)
    if df.empty:
        raise DataError("the budget file has a header but no rows", path=path)
    # one normalisation per distinct spelling and one conversion per unit, not per cell
    raw_units = df["unit"].astype(object).where(df["unit"].notna(), None)
    known: dict[Any, str] = {}
    for u in pd.unique(raw_units):
        i = int(np.flatnonzero((raw_units == u) if u is not None else raw_units.isna())[0]) + 1
        try:
            known[u] = units.normalize(u, what=f"unit in column 'unit', row {i}")
        except UnitError as exc:
            raise UnitError(f"{paths.display_path(path)}: {exc}") from None
    canon = raw_units.map(lambda u: known[u]).to_numpy(dtype=object)
    target = canon[0]
    for col in _LAYOUT:
        values = df[col].astype("float64").to_numpy(copy=True)
        for c in sorted(set(known.values())):
            mask = canon == c
            if c != target and mask.any():
                values[mask] = units.convert(values[mask], c, target)
        df[col] = values
    df["source"] = "user"
    df["document"] = path.name
    df = df.drop(columns=["unit"])
    try:
        return BudgetTable(df, unit=target)
    except (DataError, RegionError) as exc:
        raise type(exc)(f"{paths.display_path(path)}: {exc}") from None


# --------------------------------------------------------------------------- identities
_IDENTITIES: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = (
    (
        "income",
        "income = tax_receipts + non_tax_receipts + sale_of_fixed_capital + transfers",
        (
            ("tax_receipts", 1),
            ("non_tax_receipts", 1),
            ("sale_of_fixed_capital", 1),
            ("transfers", 1),
        ),
    ),
    (
        "net_budget_lending",
        "net_budget_lending = budget_loans - loan_repayment",
        (("budget_loans", 1), ("loan_repayment", -1)),
    ),
    (
        "financial_assets_balance",
        "financial_assets_balance = financial_assets_acquisition - financial_assets_sale",
        (("financial_assets_acquisition", 1), ("financial_assets_sale", -1)),
    ),
    (
        "deficit_surplus",
        "deficit_surplus = income - expenses - net_budget_lending - financial_assets_balance",
        (
            ("income", 1),
            ("expenses", -1),
            ("net_budget_lending", -1),
            ("financial_assets_balance", -1),
        ),
    ),
    (
        "deficit_financing",
        "deficit_financing = -deficit_surplus",
        (("deficit_surplus", -1),),
    ),
)

Status = Literal["ok", "mismatch", "not checkable"]


@validate_params({"budget": [BudgetTable], "atol": [Interval(float, 0, None)],
                  "rtol": [Interval(float, 0, None)]})
def check_identities(
    budget: BudgetTable, *, atol: float = 0.1, rtol: float = 1e-9
) -> pd.DataFrame:
    """Check the Budget Code identities on every row, with the values as given.

    Identities (left side as given = ``printed``, right side = ``recomputed``):

    - income = tax_receipts + non_tax_receipts + sale_of_fixed_capital + transfers
    - net_budget_lending = budget_loans − loan_repayment
    - financial_assets_balance = financial_assets_acquisition − financial_assets_sale
    - deficit_surplus = income − expenses − net_budget_lending − financial_assets_balance
    - deficit_financing = −deficit_surplus

    Parameters
    ----------
    budget
        The table; checked in its own unit.
    atol, rtol
        An identity holds when ``|printed − recomputed| ≤ atol + rtol·max(|printed|,
        |recomputed|)``; ``atol`` is in the table's unit (0.1: one unit of the last
        decimal printed in Table 5 and in the decisions).

    Returns
    -------
    pandas.DataFrame
        One row per budget and identity: ``region, year, source, document, identity,
        formula, printed, recomputed, difference`` (= printed − recomputed; set to 0.0
        when below 1e-12 of the amounts, i.e. floating-point noise), ``status``
        (``ok``; ``mismatch``, the warning row for components that do not add up; or
        ``not checkable``, when an input is missing or not finite), ``missing`` (the
        inputs not given, and those that are ``inf``, marked "(not finite)") and ``unit``. The
        recomputed side is shown whenever its inputs are given, even if the printed side
        is not.

    Examples
    --------
    >>> t = BudgetTable(pd.DataFrame({
    ...     "region": ["KST"], "year": [2025], "income": [100.0], "expenses": [90.0],
    ...     "net_budget_lending": [5.0], "financial_assets_balance": [1.0],
    ...     "deficit_surplus": [-10.0]}), unit="million KZT")
    >>> r = check_identities(t).set_index("identity").loc["deficit_surplus"]
    >>> float(r["printed"]), float(r["recomputed"]), r["status"]
    (-10.0, 4.0, 'mismatch')
    """
    rows = []
    for rec in budget.frame.to_dict("records"):
        for name, formula, terms in _IDENTITIES:
            printed = float(rec[name])
            missing_terms = [t for t, _ in terms if pd.isna(rec[t])]
            recomputed = (
                math.nan
                if missing_terms
                else float(sum(sign * float(rec[t]) for t, sign in terms))
            )
            missing = ([name] if pd.isna(printed) else []) + missing_terms
            infinite = [
                t for t in (name, *(t for t, _ in terms))
                if pd.notna(rec[t]) and not math.isfinite(float(rec[t]))
            ]
            if missing or infinite:
                # an infinite amount is no figure: its difference would be nan or inf,
                # and a tolerance scaled by it infinite; never call that "ok"
                status: Status = "not checkable"
                diff = math.nan
                missing = missing + [f"{t} (not finite)" for t in infinite]
            else:
                diff = printed - recomputed
                scale = max(abs(printed), abs(recomputed))
                if abs(diff) <= 1e-12 * scale:  # floating-point noise of the sum
                    diff = 0.0
                tol = atol + rtol * scale
                status = "ok" if abs(diff) <= tol else "mismatch"
            rows.append(
                {
                    **{k: rec[k] for k in _KEY_COLUMNS},
                    "identity": name,
                    "formula": formula,
                    "printed": printed,
                    "recomputed": recomputed,
                    "difference": diff,
                    "status": status,
                    "missing": ", ".join(missing),
                    "unit": budget.unit,
                }
            )
    cols = [*_KEY_COLUMNS, "identity", "formula", "printed", "recomputed", "difference",
            "status", "missing", "unit"]
    return pd.DataFrame(rows, columns=cols)


_IDENTITIES_BY_NAME = {name: terms for name, _, terms in _IDENTITIES}


# --------------------------------------------------------------------------- indicators
@dataclass(frozen=True)
class _IndicatorDefinition:
    """An indicator's name, formula (as a fraction), source and notes."""

    name: str
    formula: str
    needs: tuple[str, ...]
    source: str
    note: str = ""


#: The fiscal-autonomy indicators returned by :func:`_indicators`.
_INDICATOR_DEFINITIONS: tuple[_IndicatorDefinition, ...] = (
    _IndicatorDefinition(
        "transfer_dependency",
        "transfers / income",
        ("transfers", "income"),
        "OECD Fiscal Decentralisation Database (intergovernmental transfers as a share of "
        "sub-central revenue); the study, Section 3 ('transfers account for more than 70% "
        "of local budget revenues') and Discussion ('70-80%').",
    ),
    _IndicatorDefinition(
        "own_revenue_share",
        "(income - transfers) / income",
        ("transfers", "income"),
        "OECD Fiscal Decentralisation Database (own revenue of sub-central government); "
        "own revenue = income - transfers. Equals 1 - transfer_dependency.",
    ),
    _IndicatorDefinition(
        "tax_share",
        "tax_receipts / income",
        ("tax_receipts", "income"),
        "OECD Fiscal Decentralisation Database (tax revenue as a share of sub-central "
        "revenue).",
    ),
    _IndicatorDefinition(
        "budget_security",
        "(income - transfers) / expenses",
        ("transfers", "income", "expenses"),
        "The study, Section 2: 'the number of transfers from the republican budget was "
        "deducted from local budget revenues, after which the result was expressed as a "
        "percentage of the total amount of local budget expenditures' (a fraction here).",
        "Own revenue over expenditure: the fiscal self-sufficiency (self-financing) ratio "
        "of the fiscal-federalism literature, and 1 - VFI of Eyraud & Lusinyan (2013).",
    ),
    _IndicatorDefinition(
        "vertical_fiscal_imbalance",
        "1 - (income - transfers) / expenses",
        ("transfers", "income", "expenses"),
        "Eyraud & Lusinyan (2013, IMF WP 11/226): the share of sub-national spending not "
        "financed by own revenue.",
        "= 1 - budget_security.",
    ),
    _IndicatorDefinition(
        "balance",
        "(income - expenses - net_budget_lending - financial_assets_balance) / income",
        ("income", "expenses", "net_budget_lending", "financial_assets_balance"),
        "Budget Code of the Republic of Kazakhstan: deficit (-) / surplus (+) identity; "
        "expressed as a fraction of income so that it does not depend on the unit.",
        "Recomputed by the identity, not read from the printed deficit line; the amount "
        "itself is balance_amount in indicator_table.",
    ),
)

#: Indicator names, in order.
_INDICATORS: tuple[str, ...] = tuple(d.name for d in _INDICATOR_DEFINITIONS)


def indicator_definitions() -> pd.DataFrame:
    """The indicators as a table: name, formula, inputs, source, note."""
    return pd.DataFrame(
        [
            {
                "indicator": d.name,
                "formula": d.formula,
                "inputs": ", ".join(d.needs),
                "source": d.source,
                "note": d.note,
            }
            for d in _INDICATOR_DEFINITIONS
        ]
    )


_DERIVED: Mapping[str, tuple[tuple[str, int], ...]] = {
    "income": _IDENTITIES_BY_NAME["income"],
    "net_budget_lending": _IDENTITIES_BY_NAME["net_budget_lending"],
    "financial_assets_balance": _IDENTITIES_BY_NAME["financial_assets_balance"],
}


def _inputs(rec: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Values used by the indicators, and why any is missing.

    An aggregate that is not given is derived from its components when all of them are
    given (an identity, not a guess); otherwise it is NaN with the reason.
    """
    vals: dict[str, float] = {}
    why: dict[str, str] = {}
    for name in ("income", "transfers", "tax_receipts", "expenses", "net_budget_lending",
                 "financial_assets_balance"):
        v = rec[name]
        if pd.notna(v):
            vals[name] = float(v)
            continue
        terms = _DERIVED.get(name)
        if terms and all(pd.notna(rec[t]) for t, _ in terms):
            vals[name] = float(sum(s * float(rec[t]) for t, s in terms))
            continue
        vals[name] = math.nan
        if terms:
            lacking = [t for t, _ in terms if pd.isna(rec[t])]
            why[name] = f"{name} not given (nor all its components: {', '.join(lacking)} missing)"
        else:
            why[name] = f"{name} not given"
    return vals, why


def _row_indicators(rec: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    v, why = _inputs(rec)
    out: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for d in _INDICATOR_DEFINITIONS:
        lacking = [why[n] for n in d.needs if math.isnan(v[n])]
        if lacking:
            out[d.name] = math.nan
            reasons[d.name] = "; ".join(lacking)
            continue
        denom_name = "expenses" if d.name in {"budget_security", "vertical_fiscal_imbalance"} else "income"
        if v[denom_name] == 0:
            out[d.name] = math.nan
            reasons[d.name] = f"{denom_name} is zero"
            continue
        own = v["income"] - v["transfers"] if "transfers" in d.needs else math.nan
        if d.name == "transfer_dependency":
            val = v["transfers"] / v["income"]
        elif d.name == "own_revenue_share":
            val = own / v["income"]
        elif d.name == "tax_share":
            val = v["tax_receipts"] / v["income"]
        elif d.name == "budget_security":
            val = own / v["expenses"]
        elif d.name == "vertical_fiscal_imbalance":
            val = 1.0 - own / v["expenses"]
        else:  # balance
            bal = v["income"] - v["expenses"] - v["net_budget_lending"] - v["financial_assets_balance"]
            val = bal / v["income"]
        out[d.name] = float(val)
        reasons[d.name] = ""
    return out, reasons


def _one_row(budget: BudgetTable, caller: str) -> dict[str, Any]:
    if not isinstance(budget, BudgetTable):
        raise ParameterError(
            f"The 'budget' parameter of {caller} must be a BudgetTable. "
            f"Got {type(budget).__name__} instead."
        )
    if len(budget) != 1:
        raise ParameterError(
            f"The 'budget' parameter of {caller} must hold exactly one budget (one row); "
            f"got {len(budget)} rows. Select one with budget.select(region=..., year=..., "
            "source=...) or use indicator_table() for many."
        )
    return budget.frame.iloc[0].to_dict()


def _indicators(budget: BudgetTable) -> dict[str, float]:
    """Fiscal-autonomy indicators of one budget, as fractions.

    ====================== ===================================================
    key                    formula (own revenue = income − transfers)
    ====================== ===================================================
    transfer_dependency    transfers / income
    own_revenue_share      own revenue / income
    tax_share              tax_receipts / income
    budget_security        own revenue / expenses (the study's definition)
    vertical_fiscal_imbalance 1 − budget_security
    balance                (income − expenses − net lending − fin.-assets balance) / income
    ====================== ===================================================

    ``budget_security`` is the study's "budget security" (Section 2: transfers deducted
    from local revenue, expressed relative to local expenditure); it is the fiscal
    self-sufficiency ratio own revenue / expenditure of the literature, and
    ``1 − budget_security`` is the vertical fiscal imbalance of Eyraud & Lusinyan
    (2013). Sources of each: :func:`indicator_definitions`.

    An indicator whose inputs are missing is NaN; :func:`_indicator_reasons` says why.
    An aggregate that is not given (income, net lending, financial-assets balance) is
    derived from its components when all of them are given; nothing else is filled in.

    Parameters
    ----------
    budget
        A :class:`BudgetTable` with exactly one row.

    Returns
    -------
    dict[str, float]
        Keys in the order of :func:`indicator_definitions`.

    Examples
    --------
    >>> t = BudgetTable(pd.DataFrame({"region": ["KST"], "year": [2025], "income": [100.0],
    ...                               "transfers": [75.0], "expenses": [125.0]}),
    ...                 unit="million KZT")
    >>> ind = _indicators(t)
    >>> ind["transfer_dependency"], ind["budget_security"]
    (0.75, 0.2)
    """
    values, _ = _row_indicators(_one_row(budget, "indicators"))
    return values


def _indicator_reasons(budget: BudgetTable) -> dict[str, str]:
    """Why each indicator of a one-row budget is NaN (``""`` where it was computed)."""
    _, reasons = _row_indicators(_one_row(budget, "indicator_reasons"))
    return reasons


def indicator_table(budget: BudgetTable) -> pd.DataFrame:
    """Indicators for every row: one row per region, year, source and document.

    Returns
    -------
    pandas.DataFrame
        ``region, region_name, year, source, document, unit, income, transfers,
        own_revenue, expenses, balance_amount`` (amounts in the table's unit),
        the indicators of :func:`indicator_definitions` (fractions), and ``not_computable``:
        ``"indicator: reason; …"`` for the NaN ones (empty when all were computed).
    """
    rows = []
    for rec in budget.frame.to_dict("records"):
        v, _ = _inputs(rec)
        ind, reasons = _row_indicators(rec)
        bal = v["income"] - v["expenses"] - v["net_budget_lending"] - v["financial_assets_balance"]
        rows.append(
            {
                "region": rec["region"],
                "region_name": regions.get(rec["region"]).name_en,
                "year": rec["year"],
                "source": rec["source"],
                "document": rec["document"],
                "unit": budget.unit,
                "income": v["income"],
                "transfers": v["transfers"],
                "own_revenue": v["income"] - v["transfers"],
                "expenses": v["expenses"],
                "balance_amount": bal,
                **ind,
                "not_computable": "; ".join(f"{k}: {r}" for k, r in reasons.items() if r),
            }
        )
    cols = ["region", "region_name", "year", "source", "document", "unit", "income",
            "transfers", "own_revenue", "expenses", "balance_amount", *_INDICATORS,
            "not_computable"]
    return pd.DataFrame(rows, columns=cols)


def _national_transfer_share() -> pd.DataFrame:
    """Transfers over revenue of all local budgets together (national aggregate).

    Reads ``kz_stat/local_budget_revenue.csv``, ``local_budget_transfers.csv`` and
    ``local_budget_tax_revenue.csv`` (Ministry of Finance series via a GitHub mirror).
    Their unit is not stated; the ratio assumes both series share one unit and that
    revenue includes transfers. The column ``tax_le_revenue_minus_transfers`` reports
    whether tax revenue ≤ revenue − transfers, which holds if revenue includes
    transfers (NaN where tax revenue is missing).

    Returns
    -------
    pandas.DataFrame
        ``year, revenue, transfers, tax_revenue, transfer_share, own_revenue_share,
        tax_le_revenue_minus_transfers``.
    """
    rev = data.load("kz_stat_local_budget_revenue")
    tr = data.load("kz_stat_local_budget_transfers")
    tax = data.load("kz_stat_local_budget_tax_revenue")

    def _s(df: pd.DataFrame, name: str) -> pd.Series:
        df = df[df["transformation"] == "level"] if "transformation" in df else df
        return pd.Series(df["value"].to_numpy(), index=df["date"].dt.year.to_numpy(), name=name)

    out = pd.concat([_s(rev, "revenue"), _s(tr, "transfers"), _s(tax, "tax_revenue")], axis=1)
    out = out.dropna(subset=["revenue", "transfers"]).sort_index()
    out.index.name = "year"
    out = out.reset_index()
    out["transfer_share"] = out["transfers"] / out["revenue"]
    out["own_revenue_share"] = 1 - out["transfer_share"]
    check = out["tax_revenue"] <= out["revenue"] - out["transfers"]
    out["tax_le_revenue_minus_transfers"] = check.where(out["tax_revenue"].notna())
    return out


# --------------------------------------------------------------------------- dynamics
@validate_params({"first": [Interval(float, 0, None, closed="neither")],
                  "last": [Interval(float, 0, None)],
                  "years": [Interval(float, 0, None, closed="neither")]})
def _cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate ``(last / first) ** (1 / years) − 1``.

    Raises
    ------
    ParameterError
        If ``years`` ≤ 0 or ``first`` ≤ 0, or ``last`` < 0.

    Examples
    --------
    >>> round(_cagr(100.0, 121.0, 2), 4)
    0.1
    """
    return float((last / first) ** (1.0 / years) - 1.0)


@validate_params({"values": [pd.Series, pd.DataFrame]})
def dynamics(
    values: pd.DataFrame | pd.Series,
    *,
    year: str = "year",
    value: str = "value",
    by: str | None = None,
    deflator: pd.Series | Mapping[int, float] | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Year-on-year change, absolute change and CAGR of a yearly series.

    Parameters
    ----------
    values
        A Series indexed by year, or a DataFrame with columns ``year`` and ``value``
        (and ``by`` for several series, e.g. ``measure``).
    by
        Column naming separate series.
    deflator
        A price index by year (any base). Only when it is given are real-terms columns
        added; kzgov never invents one. It must cover every year of ``values``.
    base_year
        Prices in which real values are expressed (default: each series' first year).

    Returns
    -------
    pandas.DataFrame
        ``[by], year, value, previous_year, abs_change`` (value − previous value),
        ``yoy`` (value / previous − 1, a fraction), ``cagr`` (from the series' first
        year to this year); with a deflator also ``deflator, real_value,
        real_abs_change, real_yoy``. Changes are against the previous year *with data*
        (see ``previous_year``).

    Notes
    -----
    ``real_value = value × deflator[base_year] / deflator[year]``.
    """
    if isinstance(values, pd.Series):
        df = pd.DataFrame({year: values.index.to_numpy(), value: values.to_numpy()})
    else:
        need = [year, value] + ([by] if by else [])
        miss = [c for c in need if c not in values.columns]
        if miss:
            raise ParameterError(
                f"The 'values' parameter of dynamics must have columns {need}. "
                f"Missing {miss}."
            )
        df = values[need].copy()
    df[year] = df[year].astype("int64")
    df[value] = pd.to_numeric(df[value], errors="raise").astype("float64")
    groups = [(None, df)] if by is None else list(df.groupby(by, sort=False))
    defl = None
    if deflator is not None:
        defl = pd.Series(deflator, dtype="float64")
        defl.index = defl.index.astype("int64")
        lacking = sorted(set(df[year]) - set(defl.dropna().index))
        if lacking:
            raise ParameterError(
                f"The 'deflator' parameter of dynamics must cover every year of the series; "
                f"missing {lacking}."
            )
        if (defl <= 0).any():
            raise ParameterError("The 'deflator' parameter of dynamics must be > 0 in every year.")
    frames = []
    for key, g in groups:
        g = g.sort_values(year).reset_index(drop=True)
        if g[year].duplicated().any():
            raise ParameterError(
                f"The 'values' parameter of dynamics has duplicate years {sorted(g[year][g[year].duplicated()])}"
                + (f" in series {key!r}" if by else "")
            )
        out = pd.DataFrame({year: g[year], value: g[value]})
        if by:
            out.insert(0, by, key)
        out["previous_year"] = g[year].shift(1).astype("Int64")
        out["abs_change"] = g[value].diff()
        out["yoy"] = g[value] / g[value].shift(1) - 1.0
        first_y, first_v = int(g[year].iloc[0]), float(g[value].iloc[0])
        out["cagr"] = [
            math.nan if y == first_y or not first_v > 0 else _cagr(first_v, float(v), y - first_y)
            for y, v in zip(g[year], g[value], strict=True)
        ]
        if defl is not None:
            base = first_y if base_year is None else int(base_year)
            if base not in defl.index:
                raise ParameterError(
                    f"The 'base_year' parameter of dynamics must be a year of the deflator. Got {base!r}."
                )
            d = defl.reindex(g[year]).to_numpy()
            out["deflator"] = d
            out["real_value"] = g[value].to_numpy() * defl[base] / d
            out["real_abs_change"] = out["real_value"].diff()
            out["real_yoy"] = out["real_value"] / out["real_value"].shift(1) - 1.0
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- structure
@validate_params({"amounts": [pd.Series, pd.DataFrame]})
def structure(
    amounts: pd.DataFrame | pd.Series,
    *,
    group: str = "group",
    value: str = "value",
    totals: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Shares of groups over the total of the groups as printed, and over other totals.

    The gap between a named total and the sum of the groups is shown as a separate
    ``unallocated`` line; it is never spread over the groups.

    Parameters
    ----------
    amounts
        A Series indexed by group, or a DataFrame with columns ``group`` and ``value``.
        Amounts must be ≥ 0 with a positive sum.
    totals
        Named totals to compare with (e.g. ``{"expenses (budget decision)": 76500.0}``).

    Returns
    -------
    pandas.DataFrame
        Long table: ``basis, kind`` (``group``, ``unallocated`` or ``total``), ``group,
        amount, share``. Basis ``"sum of groups"`` has the groups (shares sum to 1) and
        the total; each named basis has the groups, ``unallocated`` = total − sum of
        groups (negative when the groups exceed the total), and the total; groups plus
        unallocated sum to 1.
    """
    if isinstance(amounts, pd.Series):
        s = pd.Series(amounts.to_numpy(dtype="float64"), index=amounts.index.astype(str))
    else:
        miss = [c for c in (group, value) if c not in amounts.columns]
        if miss:
            raise ParameterError(
                f"The 'amounts' parameter of structure must have columns [{group!r}, {value!r}]. "
                f"Missing {miss}."
            )
        s = pd.Series(amounts[value].to_numpy(dtype="float64"), index=amounts[group].astype(str))
    if s.isna().any() or (s < 0).any():
        bad = s[s.isna() | (s < 0)]
        raise DataError(
            f"structure needs amounts >= 0 for every group; got {bad.to_dict()}", column=value
        )
    if s.index.duplicated().any():
        raise DataError(f"duplicate group(s) {sorted(set(s.index[s.index.duplicated()]))}", column=group)
    total_groups = float(s.sum())
    if not total_groups > 0:
        raise DataError("structure needs a positive sum of groups; got 0", column=value)
    rows = []
    basis = "sum of groups"
    for g, a in s.items():
        rows.append({"basis": basis, "kind": "group", "group": g, "amount": float(a),
                     "share": float(a) / total_groups})
    rows.append({"basis": basis, "kind": "total", "group": "total", "amount": total_groups,
                 "share": 1.0})
    for name, tot in (totals or {}).items():
        tot = float(tot)
        if not tot > 0:
            raise ParameterError(f"total {name!r} must be > 0; got {tot!r}")
        for g, a in s.items():
            rows.append({"basis": name, "kind": "group", "group": g, "amount": float(a),
                         "share": float(a) / tot})
        gap = tot - total_groups
        rows.append({"basis": name, "kind": "unallocated", "group": "unallocated",
                     "amount": gap, "share": gap / tot})
        rows.append({"basis": name, "kind": "total", "group": "total", "amount": tot,
                     "share": 1.0})
    return pd.DataFrame(rows, columns=["basis", "kind", "group", "amount", "share"])


# --------------------------------------------------------------------------- PEFA
@dataclass(frozen=True)
class PefaResult:
    """A PEFA indicator computed from plan and actual figures.

    ``by_year`` has one row per year; ``score`` is ``A``–``D`` by the PEFA 2016
    calibration over the last three years, or ``NR`` (not rated) with ``note``
    saying why.
    """

    indicator: str
    by_year: pd.DataFrame = field(repr=False)
    score: str
    note: str


def _plan_actual(table: pd.DataFrame, cols: list[str], caller: str) -> pd.DataFrame:
    miss = [c for c in cols if c not in table.columns]
    if miss:
        raise ParameterError(
            f"The 'table' parameter of {caller} must have columns {cols}. Missing {miss}."
        )
    df = table[cols].copy()
    for c in cols[-2:]:
        df[c] = _numeric_column(df[c], c, None)
        if df[c].isna().any():
            i = int(np.flatnonzero(df[c].isna().to_numpy())[0])
            raise DataError("plan and actual must both be given", column=c, row=i + 1)
        if (df[c] < 0).any():
            i = int(np.flatnonzero((df[c] < 0).to_numpy())[0])
            raise DataError(f"{df[c].iloc[i]:g} is negative", column=c, row=i + 1,
                            value=df[c].iloc[i])
    return df


def _score(values: pd.Series, bands: tuple[tuple[str, Any], ...], what: str) -> tuple[str, str]:
    last3 = values.sort_index().tail(3)
    if len(last3) < 3:
        return "NR", (
            f"not rated: PEFA scores {what} over the last three completed years; "
            f"got {len(last3)} year(s)"
        )
    for grade, ok in bands:
        n = int(sum(bool(ok(v)) for v in last3))
        if n >= 2:
            return grade, f"{what} met the {grade} band in {n} of the last three years"
    return "D", f"{what} met no band in at least two of the last three years"


@validate_params({"table": [pd.DataFrame]})
def pefa_pi1(
    table: pd.DataFrame, *, year: str = "year", plan: str = "plan", actual: str = "actual"
) -> PefaResult:
    """PEFA PI-1.1, aggregate expenditure outturn.

    ``outturn = Σ actual / Σ plan`` per year (rows of a year are summed, so a table
    by category works). Score (PEFA 2016): A if outturn is within 95–105 % in at
    least two of the last three years, B within 90–110 %, C within 85–115 %, else D;
    ``NR`` with fewer than three years.

    Returns
    -------
    PefaResult
        ``by_year``: ``year, plan, actual, outturn, deviation`` (outturn − 1).

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2021, 2022, 2023], "plan": [100, 100, 100],
    ...                   "actual": [97, 104, 80]})
    >>> pefa_pi1(t).score
    'A'
    """
    df = _plan_actual(table, [year, plan, actual], "pefa_pi1")
    g = df.groupby(year, sort=True)[[plan, actual]].sum()
    if (g[plan] <= 0).any():
        bad = g.index[g[plan] <= 0].tolist()
        raise DataError(f"total plan must be > 0 in every year; not in {bad}", column=plan)
    out = pd.DataFrame({"year": g.index.to_numpy(), "plan": g[plan].to_numpy(),
                        "actual": g[actual].to_numpy()})
    out["outturn"] = out["actual"] / out["plan"]
    out["deviation"] = out["outturn"] - 1.0
    bands = (
        ("A", lambda v: 0.95 <= v <= 1.05),
        ("B", lambda v: 0.90 <= v <= 1.10),
        ("C", lambda v: 0.85 <= v <= 1.15),
    )
    score, note = _score(pd.Series(out["outturn"].to_numpy(), index=out["year"]), bands,
                         "aggregate outturn")
    return PefaResult("PI-1.1", out, score, note)


@validate_params({"table": [pd.DataFrame]})
def pefa_pi2(
    table: pd.DataFrame,
    *,
    year: str = "year",
    category: str = "category",
    plan: str = "plan",
    actual: str = "actual",
) -> PefaResult:
    """PEFA PI-2.1/2.2, expenditure composition outturn (composition variance).

    For each year, the plan of every category is scaled to the year's actual total,
    ``adjusted_i = plan_i × Σ actual / Σ plan``, and

    ``composition variance = Σ_i |actual_i − adjusted_i| / Σ_i adjusted_i``,

    so a uniform over- or under-spend gives zero. Score (PEFA 2016): A if the variance is
    below 5 % in at least two of the last three years, B below 10 %, C below 15 %, else D;
    ``NR`` with fewer than three years.

    Returns
    -------
    PefaResult
        ``by_year``: ``year, plan, actual, n_categories, sum_abs_deviation,
        composition_variance``.
    """
    df = _plan_actual(table, [year, category, plan, actual], "pefa_pi2")
    if df.duplicated([year, category]).any():
        raise DataError("each (year, category) must appear once", column=category)
    rows = []
    for y, g in df.groupby(year, sort=True):
        tp, ta = float(g[plan].sum()), float(g[actual].sum())
        if not tp > 0:
            raise DataError(f"total plan must be > 0 in year {y}", column=plan)
        adjusted = g[plan] * (ta / tp)
        dev = float((g[actual] - adjusted).abs().sum())
        rows.append({"year": y, "plan": tp, "actual": ta, "n_categories": int(len(g)),
                     "sum_abs_deviation": dev, "composition_variance": dev / float(adjusted.sum())
                     if adjusted.sum() > 0 else math.nan})
    out = pd.DataFrame(rows)
    bands = (
        ("A", lambda v: v < 0.05),
        ("B", lambda v: v < 0.10),
        ("C", lambda v: v < 0.15),
    )
    score, note = _score(pd.Series(out["composition_variance"].to_numpy(), index=out["year"]),
                         bands, "composition variance")
    return PefaResult("PI-2", out, score, note)


# --------------------------------------------------------------------------- plots


# --------------------------------------------------------------------------- notebook
