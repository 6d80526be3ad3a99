r"""Prioritisation: choose projects that maximise a score within a budget.

The standard model is a 0–1 knapsack with side constraints, solved exactly as a
mixed-integer linear programme:

.. math::

    \max_{x \in \{0,1\}^n} \sum_i s_i x_i
    \quad\text{s.t.}\quad \sum_i c_i x_i \le B,\quad
    F_r \le \sum_{i \in r} c_i x_i \le K_r \;(\text{each region } r),\quad
    x_i = 1 \;(i \in \text{must}),\quad x_i = 0 \;(i \in \text{exclude}),

with scores :math:`s_i`, costs :math:`c_i \ge 0`, budget :math:`B`, spending floors
:math:`F_r` and caps :math:`K_r` per group ("region") of projects. The solver is HiGHS through
:func:`scipy.optimize.milp` with ``mip_rel_gap = 0`` (proven optimal, no tolerance on the gap).

Ties
----
Several selections can reach the same optimal total score. :func:`select` returns one,
chosen by a documented rule that does not depend on the row order of the input:

1. the highest total score;
2. among those, the lowest total cost (it leaves the most budget);
3. among those, the selection that is lexicographically first when projects are ranked by
   score (high first), then cost (low first), then ``project_id`` (ascending): the best
   ranked project that can be in an optimal selection is in it, and so on down the ranking.

Steps 2 and 3 are solved exactly as well (one extra MILP for step 2, and at most one small
feasibility MILP per project outside the incumbent for step 3). Score ties are judged within
the solver's feasibility tolerance (HiGHS's ``1e-7``, applied to the score row scaled by the
largest absolute score), so exact for integer scores below ten million.

What the score means is the caller's choice. The study's recommendation module
(:mod:`kzgov.study.recommendation`) uses citizens' votes weighted by a stated priority
proxy, which is a proxy and not a measured socio-economic impact.

References
----------
Martello, S. & Toth, P. (1990). *Knapsack Problems*. Wiley. Huangfu, Q. & Hall, J. (2018).
Parallelizing the dual revised simplex method. *Math. Prog. Comp.* 10, 119–142 (HiGHS).

Examples
--------
>>> import pandas as pd
>>> from kzgov import prioritise
>>> p = pd.DataFrame({"project_id": ["a", "b", "c"], "score": [10, 7, 6], "cost": [5, 3, 3]})
>>> sorted(prioritise.select(p, budget=6)["project_id"])
['b', 'c']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kzgov._validation import check_frame
from kzgov.errors import DataError, InfeasibleError, KzgovError, ParameterError

__all__ = [
    "compare_heuristic",
    "explain_selection",
    "greedy_ratio",
    "robustness",
    "select",
]

ID = "project_id"
_REL_TOL = 1e-9


# --------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class _Problem:
    """A validated selection problem, as arrays in the input's row order."""

    ids: list[Any]
    s: np.ndarray
    c: np.ndarray
    budget: float
    groups: dict[Hashable, np.ndarray] = field(default_factory=dict)
    floors: dict[Hashable, float] = field(default_factory=dict)
    caps: dict[Hashable, float] = field(default_factory=dict)
    must: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    exclude: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def n(self) -> int:
        return len(self.ids)


def _numeric_column(df: pd.DataFrame, col: str, func: str, what: str) -> np.ndarray:
    if col not in df.columns:
        raise DataError(
            f"{func} needs a {what} column {col!r}; the projects table has columns "
            f"{list(map(str, df.columns))}"
        )
    raw = df[col]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        v = raw.iloc[i]
        msg = (
            f"the {what} is missing"
            if v is None or (isinstance(v, float) and math.isnan(v))
            else f"the {what} must be a finite number; got {v!r}"
        )
        raise DataError(msg, column=col, row=i + 1, value=v)
    return values.to_numpy(dtype=float)


def _problem(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str,
    cost: str,
    region: str | None,
    floors: Mapping[Hashable, float] | None,
    caps: Mapping[Hashable, float] | None,
    must: Iterable[Any] | None,
    exclude: Iterable[Any] | None,
    func: str,
) -> _Problem:
    check_frame(projects, "projects", func)
    if ID not in projects.columns:
        raise DataError(
            f"{func} needs a {ID!r} column; the projects table has columns "
            f"{list(map(str, projects.columns))}"
        )
    ids = projects[ID].tolist()
    for i, v in enumerate(ids):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise DataError("the project id is missing", column=ID, row=i + 1)
    dup = projects[ID].duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        first = ids.index(ids[i])
        raise DataError(
            f"duplicate project id {ids[i]!r} (also in row {first + 1}); ids must be unique",
            column=ID,
            row=i + 1,
            value=ids[i],
        )
    s = _numeric_column(projects, score, func, "score")
    c = _numeric_column(projects, cost, func, "cost")
    neg = np.flatnonzero(c < 0)
    if neg.size:
        i = int(neg[0])
        raise DataError(
            f"the cost must be ≥ 0; got {c[i]:g}", column=cost, row=i + 1, value=c[i]
        )
    if isinstance(budget, bool) or not isinstance(budget, (int, float, np.integer, np.floating)):
        raise ParameterError(
            f"The 'budget' parameter of {func} must be a non-negative number. "
            f"Got {budget!r} instead."
        )
    budget = float(budget)
    if not math.isfinite(budget) or budget < 0:
        raise ParameterError(
            f"The 'budget' parameter of {func} must be a finite number ≥ 0. Got {budget!r} instead."
        )

    groups: dict[Hashable, np.ndarray] = {}
    floors = dict(floors or {})
    caps = dict(caps or {})
    if region is None:
        if floors or caps:
            raise ParameterError(
                f"{func}: 'floors' and 'caps' need 'region', the column that groups projects. "
                "Got region=None."
            )
    else:
        if region not in projects.columns:
            raise DataError(
                f"The 'region' parameter of {func} names column {region!r}, which the projects "
                f"table lacks; columns are {list(map(str, projects.columns))}"
            )
        reg = projects[region]
        if reg.isna().any():
            i = int(np.flatnonzero(reg.isna().to_numpy())[0])
            raise DataError("the region is missing", column=region, row=i + 1)
        for key, idx in reg.groupby(reg, sort=False).indices.items():
            groups[key] = np.asarray(idx, dtype=int)
        for name, mapping in (("floors", floors), ("caps", caps)):
            for key, value in mapping.items():
                if key not in groups:
                    known = sorted(map(str, groups))
                    raise ParameterError(
                        f"The '{name}' parameter of {func} names region {key!r}, which column "
                        f"{region!r} does not contain; regions are {known}"
                    )
                if (
                    isinstance(value, bool)
                    or not isinstance(value, (int, float, np.integer, np.floating))
                    or not math.isfinite(float(value))
                    or float(value) < 0
                ):
                    raise ParameterError(
                        f"The '{name}' parameter of {func} must map each region to a finite "
                        f"amount ≥ 0. Got {value!r} for region {key!r} instead."
                    )
                mapping[key] = float(value)

    pos = {v: i for i, v in enumerate(ids)}

    def _indices(name: str, values: Iterable[Any] | None) -> np.ndarray:
        if values is None:
            return np.zeros(0, dtype=int)
        if isinstance(values, (str, bytes)):
            values = [values]
        out = []
        for v in values:
            if v not in pos:
                raise ParameterError(
                    f"The '{name}' parameter of {func} lists project id {v!r}, which is not in "
                    f"the {ID!r} column."
                )
            out.append(pos[v])
        return np.asarray(sorted(set(out)), dtype=int)

    must_i = _indices("must", must)
    excl_i = _indices("exclude", exclude)
    both = sorted(set(must_i) & set(excl_i))
    if both:
        raise InfeasibleError(
            f"{func}: project(s) {[ids[i] for i in both]} are both in 'must' and in 'exclude'."
        )
    # Rank for the tie rule: score high first, then cost low, then id ascending.
    rank = (
        pd.DataFrame({"s": -s, "c": c, "id": projects[ID].to_numpy()})
        .sort_values(["s", "c", "id"], kind="mergesort")
        .index.to_numpy()
    )
    prob = _Problem(
        ids=ids, s=s, c=c, budget=budget, groups=groups, floors=floors, caps=caps,
        must=must_i, exclude=excl_i, order=np.asarray(rank, dtype=int),
    )
    _precheck(prob, func)
    return prob


def _fmt(x: float) -> str:
    return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:,.0f}"


def _precheck(p: _Problem, func: str) -> None:
    """Explain the common causes of infeasibility before calling the solver."""
    must_cost = float(p.c[p.must].sum())
    if must_cost > p.budget * (1 + _REL_TOL):
        raise InfeasibleError(
            f"{func}: the 'must' projects cost {_fmt(must_cost)} together, more than the "
            f"budget {_fmt(p.budget)}."
        )
    allowed = np.ones(p.n, dtype=bool)
    allowed[p.exclude] = False
    for r, f in p.floors.items():
        cap = p.caps.get(r)
        if cap is not None and f > cap:
            raise InfeasibleError(
                f"{func}: region {r!r} has floor {_fmt(f)} above its cap {_fmt(cap)}."
            )
        idx = p.groups[r]
        avail = float(p.c[idx][allowed[idx]].sum())
        if f > avail * (1 + _REL_TOL):
            raise InfeasibleError(
                f"{func}: region {r!r} needs at least {_fmt(f)} of spending, but its projects "
                f"(excluded ones left out) cost only {_fmt(avail)} in all."
            )
    total_floor = sum(p.floors.values())
    if total_floor > p.budget * (1 + _REL_TOL) and len(p.floors) > 0:
        # Floors of distinct regions add up (regions partition the projects).
        raise InfeasibleError(
            f"{func}: the floors add up to {_fmt(total_floor)}, more than the budget "
            f"{_fmt(p.budget)}."
        )
    for r, k in p.caps.items():
        idx = np.intersect1d(p.groups[r], p.must)
        fixed = float(p.c[idx].sum())
        if fixed > k * (1 + _REL_TOL):
            raise InfeasibleError(
                f"{func}: the 'must' projects of region {r!r} cost {_fmt(fixed)}, above the "
                f"region's cap {_fmt(k)}."
            )


# --------------------------------------------------------------------------- solving
def _rows(p: _Problem, drop: tuple[str, Any] | None = None):
    """Constraint matrix rows (A, lo, hi) and variable bounds for problem ``p``."""
    rows, lo, hi = [], [], []
    if drop != ("budget", None):
        rows.append(p.c)
        lo.append(-np.inf)
        hi.append(p.budget)
    for r, idx in p.groups.items():
        f = p.floors.get(r)
        k = p.caps.get(r)
        if drop == ("floor", r):
            f = None
        if drop == ("cap", r):
            k = None
        if f is None and k is None:
            continue
        row = np.zeros(p.n)
        row[idx] = p.c[idx]
        rows.append(row)
        lo.append(-np.inf if f is None else f)
        hi.append(np.inf if k is None else k)
    lb = np.zeros(p.n)
    ub = np.ones(p.n)
    for i in p.must:
        if drop != ("must", p.ids[i]):
            lb[i] = 1
    for i in p.exclude:
        if drop != ("exclude", p.ids[i]):
            ub[i] = 0
    return rows, lo, hi, lb, ub


def _milp(
    obj: np.ndarray, rows: list, lo: list, hi: list, lb: np.ndarray, ub: np.ndarray
) -> np.ndarray | None:
    """Minimise ``obj @ x`` over binary x; None when infeasible."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(obj)
    if n == 0:
        ok = all(lo_ <= 0 <= hi_ for lo_, hi_ in zip(lo, hi, strict=True))
        return np.zeros(0) if ok else None
    cons = []
    if rows:
        a = np.vstack(rows)
        # Scale each row by its largest coefficient so that HiGHS's absolute
        # feasibility tolerance is relative to the amounts involved.
        scale = np.maximum(np.abs(a).max(axis=1), 1.0)
        cons = [LinearConstraint(a / scale[:, None], np.asarray(lo) / scale, np.asarray(hi) / scale)]
    res = milp(
        c=obj,
        integrality=np.ones(n),
        bounds=Bounds(lb, ub),
        constraints=cons,
        options={"mip_rel_gap": 0, "presolve": True},
    )
    if res.status == 2:
        return None
    if res.status != 0 or res.x is None:
        raise KzgovError(f"the MILP solver stopped without an optimum: {res.message}")
    return np.round(res.x)


def _tol(p: _Problem) -> float:
    return _REL_TOL * max(1.0, float(np.abs(p.s).sum()))


def _ctol(p: _Problem) -> float:
    return _REL_TOL * max(1.0, float(p.c.sum()), p.budget)


def _best_value(p: _Problem, drop: tuple[str, Any] | None = None) -> float | None:
    rows, lo, hi, lb, ub = _rows(p, drop)
    x = _milp(-p.s, rows, lo, hi, lb, ub)
    return None if x is None else float(p.s @ x)


def _solve(p: _Problem, func: str) -> np.ndarray:
    """Optimal selection (boolean mask) under the documented tie rule."""
    rows, lo, hi, lb, ub = _rows(p)
    x = _milp(-p.s, rows, lo, hi, lb, ub)
    if x is None:
        raise InfeasibleError(
            f"{func}: no selection satisfies the budget {_fmt(p.budget)}"
            + (f", the floors {p.floors}" if p.floors else "")
            + (f", the caps {p.caps}" if p.caps else "")
            + (f" and the {len(p.must)} 'must' project(s)" if len(p.must) else "")
            + " together."
        )
    if p.n == 0:
        return np.zeros(0, dtype=bool)
    best = float(p.s @ x)
    # Step 2: the cheapest among the optimal selections.
    rows2 = [*rows, p.s]
    lo2 = [*lo, best - _tol(p)]
    hi2 = [*hi, np.inf]
    y = _milp(p.c, rows2, lo2, hi2, lb, ub)
    if y is not None:
        x = y
    cheapest = float(p.c @ x)
    # Step 3: lexicographic pass down the ranking.
    rows3 = [*rows2, p.c]
    lo3 = [*lo2, -np.inf]
    hi3 = [*hi2, cheapest + _ctol(p)]
    lb3, ub3 = lb.copy(), ub.copy()
    zero = np.zeros(p.n)
    for k in p.order:
        if lb3[k] == ub3[k]:
            continue
        if x[k] == 1:
            lb3[k] = 1
            continue
        trial_lb = lb3.copy()
        trial_lb[k] = 1
        z = _milp(zero, rows3, lo3, hi3, trial_lb, ub3)
        if z is None:
            ub3[k] = 0
        else:
            x = z
            lb3[k] = 1
    _check_feasible(p, x, func)
    return x.astype(bool)


def _check_feasible(p: _Problem, x: np.ndarray, func: str) -> None:
    """Re-check the rounded solution against every constraint, in unscaled units."""
    tol = _ctol(p)
    problems = []
    if float(p.c @ x) > p.budget + tol:
        problems.append("budget")
    for r, idx in p.groups.items():
        spent = float(p.c[idx] @ x[idx])
        if r in p.floors and spent < p.floors[r] - tol:
            problems.append(f"floor of {r!r}")
        if r in p.caps and spent > p.caps[r] + tol:
            problems.append(f"cap of {r!r}")
    if (x[p.must] != 1).any() or (x[p.exclude] != 0).any():
        problems.append("must/exclude")
    if problems:
        raise KzgovError(
            f"{func}: the solver's rounded solution violates the {', '.join(problems)}; "
            "the amounts may be too large or too small for its tolerances"
        )


def _frame(projects: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    return projects.loc[projects.index[mask]].copy()


# --------------------------------------------------------------------------- public API
def select(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str = "score",
    cost: str = "cost",
    region: str | None = None,
    floors: Mapping[Hashable, float] | None = None,
    caps: Mapping[Hashable, float] | None = None,
    must: Iterable[Any] | None = None,
    exclude: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Select the projects that maximise the total score within the budget (exact MILP).

    Parameters
    ----------
    projects
        One row per project, with a unique ``project_id`` column, a numeric score column and a
        numeric, non-negative cost column.
    budget
        The most that may be spent (same unit as ``cost``).
    score, cost
        Names of the score and cost columns.
    region
        Name of a column that groups projects (a region, a category …); needed for
        ``floors`` and ``caps``.
    floors, caps
        Map a value of ``region`` to the least / most that may be spent on its projects.
    must, exclude
        Project ids that must be funded / must not be funded.

    Returns
    -------
    pandas.DataFrame
        The selected rows with all of the input's columns, in the input's order and with
        its index. Ties between optimal selections are broken by the rule in the module
        docstring (cheapest first, then by the score/cost/id ranking).

    Raises
    ------
    DataError
        No ``project_id``, score or cost column; a missing or non-numeric score or cost; a
        negative cost; a duplicate id (the message names the column and the row).
    ParameterError
        A negative budget, floors or caps without ``region``, a region or id that does not
        exist.
    InfeasibleError
        When no selection meets every constraint; the message says which constraints clash
        where that can be seen directly (must-projects over budget, a floor above its cap or
        above what the region's projects cost, floors adding up to more than the budget).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"project_id": [1, 2, 3, 4], "score": [9, 8, 3, 2],
    ...                   "cost": [6, 4, 3, 2], "region": ["N", "N", "S", "S"]})
    >>> select(p, budget=10)["project_id"].tolist()
    [1, 2]
    >>> select(p, budget=10, region="region", floors={"S": 3})["project_id"].tolist()
    [2, 3, 4]
    """
    p = _problem(
        projects, budget=budget, score=score, cost=cost, region=region, floors=floors,
        caps=caps, must=must, exclude=exclude, func="select",
    )
    return _frame(projects, _solve(p, "select"))


def explain_selection(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str = "score",
    cost: str = "cost",
    region: str | None = None,
    floors: Mapping[Hashable, float] | None = None,
    caps: Mapping[Hashable, float] | None = None,
    must: Iterable[Any] | None = None,
    exclude: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Budget used and left, and which constraints bind, for :func:`select`'s optimum.

    A constraint is **binding** when dropping it (and keeping all others) would raise the
    optimal total score; ``gain_if_dropped`` is that rise, computed by solving the problem
    again without the constraint. A constraint is **tight** when its slack is zero (a
    knapsack budget is often binding but not tight: what is left is too little for any
    further project).

    Parameters
    ----------
    projects, budget, score, cost, region, floors, caps, must, exclude
        As for :func:`select`.

    Returns
    -------
    pandas.DataFrame
        One row per constraint: ``constraint`` (``budget``, ``floor``, ``cap``, ``must``,
        ``exclude``), ``target`` (region or project id; empty for the budget), ``limit``,
        ``value`` (the spending it constrains, or 1/0 for whether the project is funded),
        ``slack`` (for the budget: the budget left), ``tight``, ``optimum`` (total score),
        ``optimum_without``, ``gain_if_dropped``, ``binding``. ``attrs`` holds
        ``budget_used``, ``budget_left``, ``score`` and ``n_selected``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"project_id": ["a", "b", "c"], "score": [10, 7, 6], "cost": [5, 3, 3]})
    >>> e = explain_selection(p, budget=6)
    >>> e[["constraint", "limit", "value", "slack", "binding"]]
      constraint  limit  value  slack  binding
    0     budget    6.0    6.0    0.0     True
    """
    p = _problem(
        projects, budget=budget, score=score, cost=cost, region=region, floors=floors,
        caps=caps, must=must, exclude=exclude, func="explain_selection",
    )
    x = _solve(p, "explain_selection")
    opt = float(p.s @ x)
    used = float(p.c @ x)
    tol = _tol(p)
    ctol = _ctol(p)
    out: list[dict[str, Any]] = []

    def add(kind: str, target: Any, limit: float, value: float, slack: float) -> None:
        without = _best_value(p, (kind, target))
        without = opt if without is None else without
        gain = max(0.0, without - opt)
        out.append(
            {
                "constraint": kind,
                "target": "" if target is None else target,
                "limit": limit,
                "value": value,
                "slack": slack,
                "tight": bool(abs(slack) <= ctol) if kind in {"budget", "floor", "cap"} else True,
                "optimum": opt,
                "optimum_without": without,
                "gain_if_dropped": gain,
                "binding": bool(gain > tol),
            }
        )

    add("budget", None, p.budget, used, p.budget - used)
    for r, f in p.floors.items():
        spent = float(p.c[p.groups[r]] @ x[p.groups[r]])
        add("floor", r, f, spent, spent - f)
    for r, k in p.caps.items():
        spent = float(p.c[p.groups[r]] @ x[p.groups[r]])
        add("cap", r, k, spent, k - spent)
    for i in p.must:
        add("must", p.ids[i], 1.0, 1.0, 0.0)
    for i in p.exclude:
        add("exclude", p.ids[i], 0.0, 0.0, 0.0)
    frame = pd.DataFrame(out)
    frame.attrs.update(
        {"budget_used": used, "budget_left": p.budget - used, "score": opt, "n_selected": int(x.sum())}
    )
    return frame


def greedy_ratio(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str = "score",
    cost: str = "cost",
    must: Iterable[Any] | None = None,
    exclude: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """The score-per-cost greedy heuristic (for comparison with :func:`select`).

    Funds the ``must`` projects first, then goes down the projects with a positive score in
    order of score per unit cost (free projects first; ties: higher score, lower cost, id),
    keeping each project that still fits the budget left. It ignores floors and caps.

    Parameters
    ----------
    projects, budget, score, cost, must, exclude
        As for :func:`select`.

    Returns
    -------
    pandas.DataFrame
        The selected rows with the input's columns, in the input's order.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"project_id": ["a", "b", "c"], "score": [10, 7, 6], "cost": [5, 3, 3]})
    >>> greedy_ratio(p, budget=6)["project_id"].tolist()
    ['b', 'c']
    """
    p = _problem(
        projects, budget=budget, score=score, cost=cost, region=None, floors=None,
        caps=None, must=must, exclude=exclude, func="greedy_ratio",
    )
    x = np.zeros(p.n, dtype=bool)
    x[p.must] = True
    left = p.budget - float(p.c[x].sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p.c > 0, p.s / np.where(p.c > 0, p.c, 1.0), np.inf)
    order = (
        pd.DataFrame({"r": -ratio, "s": -p.s, "c": p.c, "id": projects[ID].to_numpy()})
        .sort_values(["r", "s", "c", "id"], kind="mergesort")
        .index.to_numpy()
    )
    banned = set(p.exclude.tolist())
    for k in order:
        if x[k] or k in banned or p.s[k] <= 0:
            continue
        if p.c[k] <= left + _ctol(p):
            x[k] = True
            left -= p.c[k]
    return _frame(projects, x)


def compare_heuristic(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str = "score",
    cost: str = "cost",
    region: str | None = None,
    floors: Mapping[Hashable, float] | None = None,
    caps: Mapping[Hashable, float] | None = None,
    must: Iterable[Any] | None = None,
    exclude: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Compare the exact optimum of :func:`select` with :func:`greedy_ratio`.

    Returns
    -------
    pandas.DataFrame
        One row per method (``milp``, ``greedy_ratio``): ``n_selected``, ``cost``,
        ``budget_left``, ``score``, ``share_of_optimum`` (score / MILP score),
        ``constraints_met`` (the greedy heuristic ignores floors and caps) and ``same_as_milp``.
    """
    opt = select(
        projects, budget=budget, score=score, cost=cost, region=region, floors=floors,
        caps=caps, must=must, exclude=exclude,
    )
    gr = greedy_ratio(projects, budget=budget, score=score, cost=cost, must=must, exclude=exclude)
    best = float(pd.to_numeric(opt[score]).sum())
    rows = []
    for name, sel in (("milp", opt), ("greedy_ratio", gr)):
        sc = float(pd.to_numeric(sel[score]).sum())
        spent = float(pd.to_numeric(sel[cost]).sum())
        met = True
        if region is not None:
            by = pd.to_numeric(sel[cost]).groupby(sel[region]).sum()
            for r, f in (floors or {}).items():
                met &= float(by.get(r, 0.0)) >= f - _REL_TOL * max(1.0, f)
            for r, k in (caps or {}).items():
                met &= float(by.get(r, 0.0)) <= k + _REL_TOL * max(1.0, k)
        rows.append(
            {
                "method": name,
                "n_selected": len(sel),
                "cost": spent,
                "budget_left": float(budget) - spent,
                "score": sc,
                "share_of_optimum": sc / best if best else np.nan,
                "constraints_met": bool(met),
                "same_as_milp": set(sel[ID]) == set(opt[ID]),
            }
        )
    return pd.DataFrame(rows)


def robustness(
    projects: pd.DataFrame,
    *,
    budget: float,
    score: str = "score",
    low: str = "score_low",
    cost: str = "cost",
    region: str | None = None,
    floors: Mapping[Hashable, float] | None = None,
    caps: Mapping[Hashable, float] | None = None,
    must: Iterable[Any] | None = None,
    exclude: Iterable[Any] | None = None,
) -> pd.DataFrame:
    """Re-solve with every score at the lower end of its interval, and show what changes.

    Where ``low`` is missing for a project (no interval given), its nominal score is used.

    Parameters
    ----------
    projects, budget, score, cost, region, floors, caps, must, exclude
        As for :func:`select`.
    low
        Column with each score's lower bound (it must not exceed the score).

    Returns
    -------
    pandas.DataFrame
        One row per project, in the input's order: ``project_id``, ``score``, ``score_low``,
        ``cost``, ``selected`` (nominal scores), ``selected_low`` (lower bounds) and
        ``change`` (``kept``, ``dropped``, ``added`` or ``not selected``). ``attrs`` holds
        ``n_changed`` and the nominal score of each selection (``score_nominal``,
        ``score_nominal_of_low_selection``).
    """
    check_frame(projects, "projects", "robustness")
    if low not in projects.columns:
        raise DataError(
            f"robustness needs a lower-bound column {low!r}; the projects table has columns "
            f"{list(map(str, projects.columns))}"
        )
    kw = dict(
        budget=budget, cost=cost, region=region, floors=floors, caps=caps, must=must,
        exclude=exclude,
    )
    nominal = select(projects, score=score, **kw)
    s = pd.to_numeric(projects[score], errors="coerce")
    lo = pd.to_numeric(projects[low], errors="coerce")
    lo = lo.where(lo.notna(), s)
    above = np.flatnonzero((lo > s + _REL_TOL * s.abs().clip(lower=1)).to_numpy())
    if above.size:
        i = int(above[0])
        raise DataError(
            f"the lower bound {lo.iloc[i]:g} exceeds the score {s.iloc[i]:g}",
            column=low, row=i + 1,
        )
    tmp = projects.copy()
    tmp["__low__"] = lo.to_numpy()
    low_sel = select(tmp, score="__low__", **kw)
    a = projects[ID].isin(set(nominal[ID])).to_numpy()
    b = projects[ID].isin(set(low_sel[ID])).to_numpy()
    change = np.select(
        [a & b, a & ~b, ~a & b], ["kept", "dropped", "added"], default="not selected"
    )
    out = pd.DataFrame(
        {
            ID: projects[ID].to_numpy(),
            "score": s.to_numpy(),
            "score_low": lo.to_numpy(),
            "cost": pd.to_numeric(projects[cost]).to_numpy(),
            "selected": a,
            "selected_low": b,
            "change": change,
        }
    )
    out.attrs.update(
        {
            "n_changed": int((a != b).sum()),
            "score_nominal": float(s[a].sum()),
            "score_nominal_of_low_selection": float(s[b].sum()),
        }
    )
    return out
