"""Participatory budgeting: Pabulib elections read, tallied and aggregated by rule.

Works on real elections in the Pabulib format (Faliszewski et al. 2023), such as the
Warsaw 2017 district elections with approval ballots, whose ``selected`` column records
the projects the city funded, and Kraków 2018 Stare Miasto with ordinal ballots.

* :func:`read_pb` parses a ``.pb`` file (sections ``META``, ``PROJECTS``, ``VOTES``,
  semicolon-separated, quoted fields allowed) into a frozen :class:`Election`;
  :func:`load_election` reads a packaged one after checking its sha256, and
  :func:`summary` gives its key facts (counts against META, budget, checks).
* :func:`greedy` is the rule most cities use: go down the projects by votes (by score for
  ordinal ballots) and fund each one that still fits the budget. On the Warsaw files it
  reproduces the city's ``selected`` set.
* :func:`mes` is the Method of Equal Shares (Peters, Pierczyński & Skowron 2021), computed
  by ``pabutools``, with a completion step for the budget it leaves.
* :func:`compare_rules` measures each rule's outcome: money spent, the share of voters with
  at least one funded project, and the spread of spending across categories.

The study's recommendation module, built on these, is in :mod:`kzgov.study.recommendation`.

Utilities and points
--------------------
A voter's *points* for a project are 1 for an approval; for an ordinal ballot of at most
``L`` projects (META ``max_length``, else the longest ballot) the project ranked ``k``-th
(``k = 0, 1, …``) gets ``L − k`` points, which is how the Kraków file's ``score`` column is
computed (3, 2, 1); for ``scoring``/``cumulative`` ballots, the file's ``points``. MES uses
*cost utilities*: a voter's utility from a project is its cost times the voter's points
(for approval ballots this is pabutools' ``Cost_Sat``, the choice of equalshares.net).

References
----------
Faliszewski, P. et al. (2023). Participatory Budgeting: Data, Tools and Analysis. IJCAI
2023 (Pabulib, pabulib.org). Peters, D., Pierczyński, G. & Skowron, P. (2021). Proportional
participatory budgeting with additive utilities. NeurIPS 2021.

Examples
--------
>>> from kzgov import citizens
>>> e = citizens.load_election("pb_poland_warszawa_2017_kolo")
>>> citizens.greedy(e) == e.selected
True
"""

from __future__ import annotations

import csv
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kzgov import data, paths
from kzgov.constraints import Interval, Options, validate_params
from kzgov.errors import DataError, ElectionFormatError, ParameterError

__all__ = [
    "Election",
    "ElectionCountWarning",
    "compare_rules",
    "elections",
    "greedy",
    "load_election",
    "mes",
    "points_matrix",
    "read_pb",
    "summary",
]

SECTIONS = ("META", "PROJECTS", "VOTES")
_REQUIRED = {
    "META": ("budget", "vote_type"),
    "PROJECTS": ("project_id", "cost"),
    "VOTES": ("voter_id", "vote"),
}
_APPROVAL = {"approval", "choose-1"}
_POINTS = {"scoring", "cumulative"}
VOTE_TYPES = ("approval", "choose-1", "ordinal", "scoring", "cumulative")

Completion = Literal["none", "add1", "greedy", "add1_greedy"]
_COMPLETIONS: tuple[str, ...] = ("none", "add1", "greedy", "add1_greedy")

class ElectionCountWarning(UserWarning):
    """A META count (``num_votes``, ``num_projects``) that differs from the rows of the file."""


# --------------------------------------------------------------------------- the election
@dataclass(frozen=True, eq=False)
class Election:
    """A participatory-budgeting election as read from a Pabulib file.

    Attributes
    ----------
    meta
        The ``META`` section, key → value, as text.
    projects
        The ``PROJECTS`` section, one row per project in file order. ``project_id`` is text;
        ``cost``, ``votes``, ``score``, ``selected`` are numbers where present; the other
        columns (``name``, ``category``, ``target`` …) are text.
    votes
        The ``VOTES`` section, one row per voter, every column as text (``vote`` lists the
        project ids, comma-separated; ranked best first for ordinal ballots).
    name
        The packaged resource name, or the file's stem.
    source
        The file, relative to the project root where it lies inside it.
    sha256
        The file's sha256.
    """

    meta: Mapping[str, str]
    projects: pd.DataFrame
    votes: pd.DataFrame
    name: str = ""
    source: str = ""
    sha256: str = ""

    @property
    def budget(self) -> float:
        """The budget limit (META ``budget``)."""
        return _number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        """META ``vote_type``: approval, choose-1, ordinal, scoring or cumulative."""
        return self.meta["vote_type"].strip().lower()

    @property
    def n_voters(self) -> int:
        """Number of ballots (rows of ``VOTES``), not META ``num_votes``."""
        return len(self.votes)

    @property
    def ballots(self) -> list[tuple[str, ...]]:
        """Each voter's project ids, in ballot order."""
        return [_split(v) for v in self.votes["vote"]]

    @property
    def has_categories(self) -> bool:
        """Whether the projects carry a ``category`` column."""
        return "category" in self.projects.columns

    @property
    def selected(self) -> frozenset[str] | None:
        """The projects the city funded (``selected == 1``), or None when not recorded."""
        if "selected" not in self.projects.columns:
            return None
        sel = self.projects["selected"].fillna(0).astype(float) > 0
        return frozenset(self.projects.loc[sel, "project_id"])

    def cost_of(self, ids: Iterable[str]) -> float:
        """Total cost of the projects ``ids``."""
        ids = set(ids)
        return float(self.projects.loc[self.projects["project_id"].isin(ids), "cost"].sum())


def _split(text: Any) -> tuple[str, ...]:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ()
    return tuple(t.strip() for t in str(text).split(",") if t.strip())


_NUM = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def _number(text: Any) -> float:
    """Parse a Pabulib number: ``.`` or ``,`` as the decimal separator (as pabutools)."""
    s = str(text).strip()
    if not _NUM.match(s):
        raise ValueError(s)
    x = float(s.replace(",", "."))
    if not math.isfinite(x):  # e.g. 1e999
        raise ValueError(s)
    return x


# --------------------------------------------------------------------------- reading
def read_pb(path: str | Path, *, name: str | None = None) -> Election:
    """Parse a Pabulib ``.pb`` file.

    The file has three sections in this order, each a line ``META``, ``PROJECTS`` or
    ``VOTES`` followed by a header row and data rows, fields separated by ``;`` (quoted
    fields may hold ``;`` or line breaks; parsed with :mod:`csv`).

    Parameters
    ----------
    path
        The ``.pb`` file.
    name
        Name to give the election (default: the file's stem).

    Returns
    -------
    Election

    Raises
    ------
    ElectionFormatError
        Not UTF-8; a missing, repeated or out-of-order section; a row whose number of
        fields differs from its section's header; a missing required column (META
        ``budget`` and ``vote_type``, PROJECTS ``project_id`` and ``cost``, VOTES
        ``voter_id`` and ``vote``); a non-numeric or negative cost; a duplicate project or
        voter id; a vote for a project that is not listed; an unknown vote type. The
        message names the file and the line.

    Warns
    -----
    ElectionCountWarning
        When META ``num_votes`` or ``num_projects`` differs from the number of rows (real
        Pabulib files do this: Bemowo and Stare Miasto list one vote more than they hold).

    Examples
    --------
    >>> from kzgov import citizens, data
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", citizens.ElectionCountWarning)
    ...     e = citizens.read_pb(data.resource_path("pb_poland_krakow_2018_stare_miasto"))
    >>> e.vote_type, len(e.projects), e.n_voters, e.budget
    ('ordinal', 28, 1400, 239100.0)
    """
    path = Path(path)
    if not path.is_file():
        raise ElectionFormatError("file does not exist", path=path)
    data._check_size(path, error=ElectionFormatError)
    row_limit, _ = data._input_limits()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ElectionFormatError(
            f"file is not valid UTF-8 text ({exc.reason} at byte {exc.start})", path=path
        ) from None

    def fail(msg: str, line: int | None = None) -> ElectionFormatError:
        return ElectionFormatError(f"line {line}: {msg}" if line else msg, path=path)

    def bad_record(opens: int, exc: csv.Error | None) -> ElectionFormatError:
        if exc is None:
            return fail("a quoted field opens on this line and is never closed", opens)
        return fail(f"malformed field ({exc})", opens)

    sections: dict[str, dict[str, Any]] = {}
    current: str | None = None
    n_rows = 0
    for opens, line, rec in data._csv_records(text, delimiter=";", fail=bad_record):
        n_rows += 1
        if n_rows > row_limit:
            raise data._too_many_rows(row_limit, path, ElectionFormatError)
        if not rec or all(not f.strip() for f in rec):
            continue
        if len(rec) == 1 and rec[0].strip().upper() in SECTIONS:
            sec = rec[0].strip().upper()
            if sec in sections:
                raise fail(f"section {sec} appears a second time", line)
            want = SECTIONS[len(sections)]
            if sec != want:
                raise fail(
                    f"expected section {want} here (a Pabulib file has sections "
                    f"{', '.join(SECTIONS)} in this order), got {sec}",
                    line,
                )
            sections[sec] = {"header": None, "header_line": None, "rows": []}
            current = sec
            continue
        if current is None:
            raise fail(
                f"expected the section line META first, got {';'.join(rec)[:60]!r}", line
            )
        sec = sections[current]
        if sec["header"] is None:
            header = [h.strip() for h in rec]
            dupes = sorted({h for h in header if header.count(h) > 1})
            if dupes:
                raise fail(f"{current} header repeats column(s) {dupes}", line)
            sec["header"], sec["header_line"] = header, line
            continue
        if len(rec) != len(sec["header"]):
            raise fail(
                f"{current} row has {len(rec)} fields, but the header (line "
                f"{sec['header_line']}) has {len(sec['header'])}",
                line,
            )
        sec["rows"].append((opens, [f.strip() for f in rec]))

    for s in SECTIONS:
        if s not in sections:
            raise fail(
                f"no {s} section; a Pabulib file has sections {', '.join(SECTIONS)}"
            )
        if sections[s]["header"] is None:
            raise fail(f"section {s} has no header row")
        missing = (
            [] if s == "META" else [c for c in _REQUIRED[s] if c not in sections[s]["header"]]
        )
        if missing:
            raise fail(
                f"{s} header lacks column(s) {missing}; it has {sections[s]['header']}",
                sections[s]["header_line"],
            )

    # META
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    for line, rec in sections["META"]["rows"]:
        if len(rec) < 2:
            raise fail("META rows must have a key and a value", line)
        key = rec[0]
        if key in meta:
            raise fail(f"META key {key!r} appears twice", line)
        meta[key], meta_lines[key] = rec[1], line
    for key in _REQUIRED["META"]:
        if key not in meta:
            raise fail(f"META lacks the key {key!r}", sections["META"]["header_line"])
    try:
        budget = _number(meta["budget"])
    except ValueError:
        raise fail(f"META budget must be a number, got {meta['budget']!r}", meta_lines["budget"]) from None
    if budget < 0:
        raise fail(f"META budget must be ≥ 0, got {meta['budget']!r}", meta_lines["budget"])
    vote_type = meta["vote_type"].strip().lower()
    if vote_type not in VOTE_TYPES:
        raise fail(
            f"META vote_type must be one of {list(VOTE_TYPES)}, got {meta['vote_type']!r}",
            meta_lines["vote_type"],
        )

    # PROJECTS
    ph = sections["PROJECTS"]["header"]
    prow = sections["PROJECTS"]["rows"]
    projects = pd.DataFrame([r for _, r in prow], columns=ph, dtype=object)
    plines = [ln for ln, _ in prow]
    seen: dict[str, int] = {}
    for i, pid in enumerate(projects["project_id"]):
        if not pid:
            raise fail("project_id is empty", plines[i])
        if pid in seen:
            raise fail(f"duplicate project_id {pid!r} (first on line {seen[pid]})", plines[i])
        seen[pid] = plines[i]
    for col in ("cost", "votes", "score", "selected"):
        if col not in projects.columns:
            continue
        values = []
        for i, v in enumerate(projects[col]):
            if col != "cost" and (v == "" or v.lower() == "none"):
                values.append(np.nan)
                continue
            try:
                x = _number(v)
            except ValueError:
                raise fail(f"PROJECTS column {col!r} must be a number, got {v!r}", plines[i]) from None
            if col == "cost" and x < 0:
                raise fail(f"project cost must be ≥ 0, got {v!r}", plines[i])
            values.append(x)
        arr = np.asarray(values, dtype=float)
        whole = np.all(np.isnan(arr) | (arr == np.round(arr)))
        if whole and not np.isnan(arr).any():
            projects[col] = arr.astype(np.int64)
        elif whole:
            projects[col] = pd.array(
                [None if np.isnan(a) else int(a) for a in arr], dtype="Int64"
            )
        else:
            projects[col] = arr

    # VOTES
    vh = sections["VOTES"]["header"]
    vrow = sections["VOTES"]["rows"]
    votes = pd.DataFrame([r for _, r in vrow], columns=vh, dtype=object)
    vlines = [ln for ln, _ in vrow]
    seen = {}
    for i, vid in enumerate(votes["voter_id"]):
        if vid in seen:
            raise fail(f"duplicate voter_id {vid!r} (first on line {seen[vid]})", vlines[i])
        seen[vid] = vlines[i]
    known = set(projects["project_id"])
    has_points = "points" in votes.columns
    if vote_type in _POINTS and not has_points:
        raise fail(
            f"{vote_type} ballots need a 'points' column in VOTES; it has {vh}",
            sections["VOTES"]["header_line"],
        )
    for i, v in enumerate(votes["vote"]):
        ids = _split(v)
        unknown = [p for p in ids if p not in known]
        if unknown:
            raise fail(f"the vote lists project(s) {unknown} that PROJECTS does not list", vlines[i])
        if len(set(ids)) != len(ids):
            raise fail(f"the vote lists a project twice: {v!r}", vlines[i])
        if vote_type in _POINTS:
            pts = _split(votes["points"].iloc[i])
            if len(pts) != len(ids):
                raise fail(
                    f"the vote lists {len(ids)} project(s) but {len(pts)} point value(s)",
                    vlines[i],
                )
            for q in pts:
                try:
                    _number(q)
                except ValueError:
                    raise fail(f"points must be numbers, got {q!r}", vlines[i]) from None

    for key, n, what in (
        ("num_votes", len(votes), "VOTES rows"),
        ("num_projects", len(projects), "PROJECTS rows"),
    ):
        if key in meta:
            try:
                declared = _number(meta[key])
            except ValueError:
                raise fail(f"META {key} must be a number, got {meta[key]!r}", meta_lines[key]) from None
            if declared != n:
                warnings.warn(
                    f"{paths.display_path(path)}: META {key} is {meta[key]}, but the file has "
                    f"{n} {what}; kzgov uses the {what}",
                    ElectionCountWarning,
                    stacklevel=2,
                )

    return Election(
        meta=dict(meta),
        projects=projects,
        votes=votes,
        name=name or path.stem,
        source=paths.display_path(path),
        sha256=data.sha256(path),
    )


def elections() -> list[str]:
    """Names of the packaged Pabulib elections (resources of format ``pb``)."""
    return sorted(r["name"] for r in data._package()["resources"] if r.get("format") == "pb")


def load_election(name: str) -> Election:
    """Read a packaged election after checking its sha256 against ``datapackage.json``.

    Parameters
    ----------
    name
        One of :func:`elections`, e.g. ``"pb_poland_warszawa_2017_bemowo"``.

    Raises
    ------
    DataError
        An unknown name (the message lists the packaged elections).
    HashMismatchError
        If the file's bytes changed.
    """
    known = elections()
    if name not in known:
        raise DataError(f"unknown election {name!r}; packaged elections are {known}")
    digest = data.verify(name)
    e = read_pb(data.resource_path(name), name=name)
    if e.sha256 != digest:  # the file changed between the check and the read
        raise DataError("the file changed while it was read", path=data.resource_path(name))
    return e


# --------------------------------------------------------------------------- tallies
def _max_length(e: Election) -> int:
    if "max_length" in e.meta:
        try:
            return int(_number(e.meta["max_length"]))
        except ValueError:
            pass
    return max((len(b) for b in e.ballots), default=0)


def points_matrix(election: Election) -> pd.DataFrame:
    """Points each voter gives each project (voters × projects; see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Index ``voter_id``, one column per ``project_id`` (file order), float points.
    """
    e = election
    ids = list(e.projects["project_id"])
    col = {p: j for j, p in enumerate(ids)}
    m = np.zeros((e.n_voters, len(ids)))
    ballots = e.ballots
    if e.vote_type in _APPROVAL:
        for i, b in enumerate(ballots):
            for p in b:
                m[i, col[p]] = 1.0
    elif e.vote_type == "ordinal":
        top = _max_length(e)
        for i, b in enumerate(ballots):
            for k, p in enumerate(b):
                m[i, col[p]] = max(top - k, 0)
    else:
        for i, (b, pts) in enumerate(zip(ballots, e.votes["points"], strict=True)):
            for p, q in zip(b, _split(pts), strict=True):
                m[i, col[p]] = _number(q)
    return pd.DataFrame(m, index=pd.Index(e.votes["voter_id"], name="voter_id"), columns=ids)


def _tally(election: Election) -> pd.DataFrame:
    """Recount each project's votes from the ballots and set them beside the file's columns.

    Returns
    -------
    pandas.DataFrame
        One row per project: ``project_id``, ``cost``, ``votes_file`` / ``score_file`` (the
        PROJECTS columns, NaN when absent), ``votes_ballots`` (ballots that list the
        project), ``points_ballots`` (total points), and ``votes_match`` / ``score_match``.
    """
    e = election
    m = points_matrix(e)
    p = e.projects
    out = pd.DataFrame(
        {
            "project_id": p["project_id"].to_numpy(),
            "cost": p["cost"].to_numpy(),
            "votes_file": p["votes"].astype(float).to_numpy() if "votes" in p else np.nan,
            "votes_ballots": (m > 0).sum(axis=0).to_numpy(),
            "score_file": p["score"].astype(float).to_numpy() if "score" in p else np.nan,
            "points_ballots": m.sum(axis=0).to_numpy(),
        }
    )
    out["votes_match"] = out["votes_file"] == out["votes_ballots"]
    out["score_match"] = out["score_file"] == out["points_ballots"]
    return out


def summary(election: Election) -> dict[str, Any]:
    """Key facts of an election: counts (META and rows), budget, vote type, checks."""
    e = election
    t = _tally(e)
    meta_votes = e.meta.get("num_votes")
    meta_projects = e.meta.get("num_projects")
    return {
        "election": e.name,
        "unit": e.meta.get("unit", ""),
        "subunit": e.meta.get("subunit", ""),
        "year": e.meta.get("instance", ""),
        "vote_type": e.vote_type,
        "rule": e.meta.get("rule", ""),
        "budget": e.budget,
        "n_projects": len(e.projects),
        "meta_num_projects": None if meta_projects is None else int(_number(meta_projects)),
        "n_voters": e.n_voters,
        "meta_num_votes": None if meta_votes is None else int(_number(meta_votes)),
        "total_cost": float(e.projects["cost"].sum()),
        "has_categories": e.has_categories,
        "has_selected": e.selected is not None,
        "votes_column_matches_ballots": bool(t["votes_match"].all()) if "votes" in e.projects else None,
        "score_column_matches_ballots": bool(t["score_match"].all()) if "score" in e.projects else None,
    }


# --------------------------------------------------------------------------- rules
def _ranking_column(e: Election, by: str | None) -> str:
    if by is None:
        by = "score" if e.vote_type == "ordinal" and "score" in e.projects else "votes"
    if by not in e.projects.columns:
        raise ParameterError(
            f"The 'by' parameter of greedy names column {by!r}, which {e.name} lacks; "
            f"PROJECTS has {list(e.projects.columns)}"
        )
    return by


def greedy(election: Election, *, by: str | None = None) -> frozenset[str]:
    """The cities' greedy rule: fund projects by votes, each one that still fits the budget.

    Projects are taken in decreasing order of ``by`` (default: ``score`` for ordinal
    ballots, ``votes`` otherwise; ties: the cheaper first, then file order); each is funded
    when its cost does not exceed the budget left, else skipped (the rule goes on down the
    list, it does not stop).

    Parameters
    ----------
    election
        The election.
    by
        PROJECTS column to rank by.

    Returns
    -------
    frozenset of str
        The funded project ids.

    Examples
    --------
    >>> from kzgov import citizens
    >>> e = citizens.load_election("pb_poland_warszawa_2017_anin")
    >>> sorted(citizens.greedy(e)) == sorted(e.selected)
    True
    """
    e = election
    col = _ranking_column(e, by)
    p = e.projects.reset_index(drop=True)
    order = (
        pd.DataFrame({"v": -p[col].astype(float), "c": p["cost"].astype(float), "i": p.index})
        .sort_values(["v", "c", "i"], kind="mergesort")["i"]
        .to_numpy()
    )
    left = e.budget
    chosen = []
    for i in order:
        c = float(p.at[i, "cost"])
        if c <= left:
            chosen.append(p.at[i, "project_id"])
            left -= c
    return frozenset(chosen)


def _pabutools(e: Election):
    """A pabutools Instance and a profile with cost utilities (points × cost)."""
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        CardinalBallot,
        CardinalProfile,
        Instance,
        Project,
    )
    from pabutools.fractions import frac, str_as_frac

    def exact(x: Any) -> Any:
        return str_as_frac(repr(float(x))) if float(x) != int(float(x)) else frac(int(float(x)))

    projects = {
        pid: Project(pid, exact(c))
        for pid, c in zip(e.projects["project_id"], e.projects["cost"], strict=True)
    }
    instance = Instance(projects.values(), budget_limit=exact(e.budget))
    if e.vote_type in _APPROVAL:
        profile = ApprovalProfile(
            [ApprovalBallot([projects[p] for p in b]) for b in e.ballots], instance=instance
        )
    else:
        m = points_matrix(e)
        ballots = []
        for _, row in m.iterrows():
            nz = row[row > 0]
            ballots.append(
                CardinalBallot({projects[p]: exact(v) * projects[p].cost for p, v in nz.items()})
            )
        profile = CardinalProfile(ballots, instance=instance)
    return instance, profile, projects


@validate_params({
    "completion": [Options(str, _COMPLETIONS)],
    "increment": [Interval(float, 0, math.inf, closed="neither"), None],
})
def mes(
    election: Election,
    *,
    completion: Completion = "add1_greedy",
    increment: float | None = None,
) -> frozenset[str]:
    """The Method of Equal Shares (pabutools), with a completion step.

    Each voter receives an equal share ``B / n`` of the budget; a project is bought when its
    supporters can pay its cost, each paying in proportion to their utility (here: cost ×
    points) up to what they have left, the project with the lowest price per unit of
    utility first. MES alone usually leaves money unspent, hence the completion:

    * ``"none"``: plain MES;
    * ``"add1"``: iterated MES: raise every voter's share by ``increment`` until the outcome
      spends the whole budget usefully (is exhaustive) or would exceed it, keeping the last
      outcome that fits (pabutools' ``voter_budget_increment``);
    * ``"greedy"``: MES, then the greedy utilitarian rule on the money left
      (``completion_by_rule_combination`` with ``greedy_utilitarian_welfare``; with cost
      utilities it goes down the projects by total points, like :func:`greedy`);
    * ``"add1_greedy"`` (default, the variant recommended at equalshares.net): iterated MES,
      then the greedy completion.

    Ties inside pabutools are broken lexicographically by project id (its default).

    Parameters
    ----------
    election
        An election with approval, ordinal, scoring or cumulative ballots.
    completion
        One of ``"none"``, ``"add1"``, ``"greedy"``, ``"add1_greedy"``.
    increment
        Step by which each voter's share is raised in ``add1`` (currency units). Default:
        1 % of the initial share ``B / n``, as an exact fraction. equalshares.net uses one
        currency unit; on the four packaged elections both steps give the same outcomes, with
        and without the greedy completion (checked), but one unit takes minutes on Bemowo
        and Koło. A coarser step can stop at a different point: 5 % already changes Anin's.

    Returns
    -------
    frozenset of str
        The funded project ids.
    """
    from pabutools.election import Additive_Cardinal_Sat, Cost_Sat
    from pabutools.fractions import frac, str_as_frac
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    e = election
    if e.n_voters == 0:
        return frozenset()
    instance, profile, _ = _pabutools(e)
    sat = Cost_Sat if e.vote_type in _APPROVAL else Additive_Cardinal_Sat
    if increment is None:
        step = frac(instance.budget_limit, 100 * e.n_voters)
    else:
        step = str_as_frac(repr(float(increment)))
    mes_params: dict[str, Any] = {"sat_class": sat}
    if completion in {"add1", "add1_greedy"}:
        mes_params["voter_budget_increment"] = step
    if completion in {"none", "add1"}:
        out = method_of_equal_shares(instance, profile, **mes_params)
    else:
        out = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes_params, {"sat_class": sat}],
        )
    return frozenset(p.name for p in out)


# --------------------------------------------------------------------------- outcomes
def _category_lists(e: Election) -> dict[str, tuple[str, ...]]:
    if not e.has_categories:
        return {}
    return dict(zip(e.projects["project_id"], map(_split, e.projects["category"]), strict=True))


def _category_spending(election: Election, selection: Iterable[str]) -> pd.DataFrame:
    """Spending per category for a selection.

    A project's cost is split equally over its listed categories.

    Returns
    -------
    pandas.DataFrame
        ``category``, ``spending``, ``share`` (of the selection's cost), sorted by spending
        (then name). Empty when the election has no ``category`` column (Kraków 2018).
    """
    e = election
    cats = _category_lists(e)
    if not cats:
        return pd.DataFrame({"category": [], "spending": [], "share": []})
    sel = set(selection)
    spend: dict[str, float] = {}
    for pid, c in zip(e.projects["project_id"], e.projects["cost"], strict=True):
        if pid in sel and cats[pid]:
            for k in cats[pid]:
                spend[k] = spend.get(k, 0.0) + float(c) / len(cats[pid])
    out = pd.DataFrame({"category": list(spend), "spending": list(spend.values())})
    total = out["spending"].sum()
    out["share"] = out["spending"] / total if total else np.nan
    return out.sort_values(["spending", "category"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def compare_rules(election: Election, selections: Mapping[str, Iterable[str] | None]) -> pd.DataFrame:
    """Compare outcomes of several rules on one election.

    Parameters
    ----------
    election
        The election.
    selections
        Rule name → funded project ids (a None value is reported as an infeasible rule).

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``election``, ``rule``, ``n_projects``, ``cost``, ``budget``,
        ``spent_share`` (cost / budget), ``budget_left``, ``approvals`` (sum over funded
        projects of the ballots that list them), ``points``, ``n_voters`` (ballots),
        ``voters_covered`` (ballots listing at least one funded project), ``coverage``
        (their share), ``categories_funded`` (distinct categories among funded projects),
        ``effective_categories`` (1 / Σ share², spending split equally over a project's
        categories; NaN without categories), ``same_as_city`` (equal to ``selected``; NA
        where the city's outcome is not recorded).
    """
    e = election
    m = points_matrix(e)
    city = e.selected
    cats = _category_lists(e)
    rows = []
    for rule, sel in selections.items():
        base = {"election": e.name, "rule": rule, "budget": e.budget, "n_voters": e.n_voters}
        if sel is None:
            rows.append(base | {"n_projects": np.nan})
            continue
        sel = frozenset(sel)
        unknown = sorted(sel - set(m.columns))
        if unknown:
            raise ParameterError(
                f"compare_rules: rule {rule!r} funds unknown project id(s) {unknown} in {e.name}"
            )
        cols = [c for c in m.columns if c in sel]
        sub = m[cols]
        covered = int((sub > 0).any(axis=1).sum()) if cols else 0
        cost = e.cost_of(sel)
        shares = _category_spending(e, sel)["share"].to_numpy()
        rows.append(
            base
            | {
                "n_projects": len(sel),
                "cost": cost,
                "spent_share": cost / e.budget if e.budget else np.nan,
                "budget_left": e.budget - cost,
                "approvals": int((sub > 0).to_numpy().sum()),
                "points": float(sub.to_numpy().sum()),
                "voters_covered": covered,
                "coverage": covered / e.n_voters if e.n_voters else np.nan,
                "categories_funded": len({k for p in sel for k in cats.get(p, ())}) if cats else np.nan,
                "effective_categories": float(1.0 / np.sum(shares**2)) if cats and len(shares) else np.nan,
                "same_as_city": pd.NA if city is None else sel == city,
            }
        )
    cols = [
        "election", "rule", "n_projects", "cost", "budget", "spent_share", "budget_left",
        "approvals", "points", "n_voters", "voters_covered", "coverage", "categories_funded",
        "effective_categories", "same_as_city",
    ]
    return pd.DataFrame(rows).reindex(columns=cols)


