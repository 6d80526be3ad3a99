"""The reproduction audit: every quantitative claim of the study, recomputed, with a verdict.

The claims live in a claims table (for this study ``data/raw/paper/claims.csv``, resource
``paper_claims``): one row per statement, quoted verbatim. This module holds the *registry*
that maps each claim id to a check and the *rule* the check declares (:data:`RULES`). The
checks are registered with :func:`register` by the modules of :mod:`kzgov.study`, each
where the numbers it checks are computed; a check recomputes its claim from ``data/raw``
and returns a :class:`Check` with one of four verdicts:

``reproduced``
    the recomputed value matches the reported one within the printed precision (half a unit
    of the last printed digit), or an internal-consistency test holds;
``discrepancy``
    it does not; the note gives the recomputed value and explains the difference;
``not_reproducible``
    the claim concerns data the study used but did not publish; the note says which data;
``unverifiable``
    no data could check it (an opinion, a projection with nothing behind it, a fact about
    another country).

Internal consistency counts as a check: a table's arithmetic, a text figure against its
table, a percentage against the stated n, a correlation matrix against the number of
observations it implies, a payback period against the printed series.

``kzgov audit`` prints the counts by verdict and each discrepancy on one line, writes
``data/processed/audit.csv`` and exits 0: findings are not errors. ``kzgov audit --only
ID ...`` checks some claims and writes ``data/processed/batch/audit/only=<ids>/audit.csv``;
the full ledger is never replaced by a partial one. An unknown id exits 2.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import pandas as pd

__all__ = [
    "VERDICTS",
    "Check",
    "Claim",
    "claims",
    "compare",
    "not_reproducible",
    "register",
    "rules",
    "run",
    "summary",
    "unverifiable",
]

Verdict = Literal["reproduced", "discrepancy", "not_reproducible", "unverifiable"]
VERDICTS: tuple[str, ...] = ("reproduced", "discrepancy", "not_reproducible", "unverifiable")
_AUDIT_COLUMNS = [
    "id",
    "location",
    "claim",
    "reported",
    "reported_value",
    "recomputed",
    "verdict",
    "note",
]


@dataclass(frozen=True)
class Claim:
    """One row of ``claims.csv``."""

    id: str
    location: str
    line: int
    claim: str
    reported: str
    reported_value: float | None
    unit: str


@dataclass(frozen=True)
class Check:
    """The outcome of checking one claim."""

    verdict: Verdict
    recomputed: float | None
    note: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}; got {self.verdict!r}")


CheckFn = Callable[[Claim], Check]
_REGISTRY: dict[str, CheckFn] = {}

#: The rules a check may declare. A check that can return ``reproduced`` or
#: ``discrepancy`` declares one of the first four; the last two are verdicts by nature and
#: their note says why.
RULES: dict[str, str] = {
    "printed_precision": "the recomputed value, rounded half up at the printed precision, "
    "equals the printed value",
    "identity": "an accounting identity of the printed values holds at the printed precision",
    "internal_sum": "printed parts add up to the printed total (or to 100 %)",
    "predicate": "a stated relation (ranking, sign, threshold, count) holds for the "
    "recomputed values",
    "not_reproducible": "the claim rests on data the study used but did not publish",
    "unverifiable": "no data in the compendium can check the claim",
}
RULE_OF: dict[str, str] = {}


def register(*ids: str, rule: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check of the claims ``ids``, under a rule of :data:`RULES`."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {sorted(RULES)}; got {rule!r}")

    def deco(fn: CheckFn) -> CheckFn:
        for cid in ids:
            if cid in _REGISTRY:
                raise RuntimeError(f"claim {cid} registered twice")
            _REGISTRY[cid] = fn
            RULE_OF[cid] = rule
        return fn

    return deco


def not_reproducible(*ids: str, data: str) -> None:
    """Register claims that rest on data the study used but did not publish."""
    note = f"not published: {data}"
    register(*ids, rule="not_reproducible")(lambda c: Check("not_reproducible", None, note))


def unverifiable(*ids: str, reason: str) -> None:
    """Register claims that no data could check."""
    register(*ids, rule="unverifiable")(lambda c: Check("unverifiable", None, reason))


def _printed_decimals(printed: str) -> int:
    """Number of decimals printed in ``printed`` (``"2 613,1"`` → 1, ``"0.93"`` → 2, ``"98%"`` → 0).

    Both ``.`` and ``,`` count as decimal marks when followed by one or two digits at the
    end of the number; a comma followed by three digits is a thousands separator.
    """
    m = re.search(r"(\d[\d\s,.]*)", printed)
    if not m:
        return 0
    num = m.group(1).strip()
    tail = re.search(r"[.,](\d+)$", num)
    if not tail:
        return 0
    digits = tail.group(1)
    if len(digits) == 3 and num[tail.start()] == ",":
        return 0
    return len(digits)


def round_half_up(x: float, decimals: int) -> float:
    """Round as printed tables do (half away from zero), via :mod:`decimal`."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def compare(
    claim: Claim,
    recomputed: float,
    *,
    how: str,
    decimals: int | None = None,
    reported: float | None = None,
) -> Check:
    """``reproduced`` when ``recomputed`` rounds to the reported value at the printed precision.

    Parameters
    ----------
    claim
        The claim; its ``reported_value`` is compared unless ``reported`` is given.
    recomputed
        The value recomputed from ``data/raw``.
    how
        How it was recomputed (goes into the note, with the evidence).
    decimals
        Printed precision; inferred from ``claim.reported`` by default.
    """
    value = claim.reported_value if reported is None else reported
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"claim {claim.id} has no reported_value to compare")
    d = _printed_decimals(claim.reported) if decimals is None else decimals
    ok = round_half_up(float(recomputed), d) == round_half_up(float(value), d)
    verdict: Verdict = "reproduced" if ok else "discrepancy"
    rel = "matches" if ok else "differs from"
    note = f"{how}: {_fmt(recomputed)} {rel} the reported {_fmt(value)} at {d} decimal(s)"
    return Check(verdict, float(recomputed), note)


def _fmt(x: float) -> str:
    return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:,.2f}"


def claims() -> list[Claim]:
    """The claims of ``data/raw/paper/claims.csv``."""
    from kzgov import data

    df = data.load("paper_claims")
    out = []
    for r in df.itertuples(index=False):
        rv = None if pd.isna(r.reported_value) else float(r.reported_value)
        out.append(
            Claim(
                id=r.id,
                location=r.location,
                line=int(r.line),
                claim=r.claim,
                reported=r.reported,
                reported_value=rv,
                unit="" if r.unit is None else r.unit,
            )
        )
    return out


def _load_checks() -> None:
    """Import the modules that register the checks: :mod:`kzgov.study`, one per notebook."""
    import kzgov.study

    kzgov.study.load_all()


def run(*, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Check every claim (or those in ``ids``) and return the ledger.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, location, claim, reported, reported_value, recomputed, verdict, note``,
        in the order of ``claims.csv``. A claim without a registered check raises, naming it.
    """
    _load_checks()
    rows = []
    for c in claims():
        if ids is not None and c.id not in ids:
            continue
        fn = _REGISTRY.get(c.id)
        if fn is None:
            raise KeyError(f"claim {c.id} ({c.location}: {c.claim[:60]!r}) has no check")
        res = fn(c)
        rows.append(
            {
                "id": c.id,
                "location": c.location,
                "claim": c.claim,
                "reported": c.reported,
                "reported_value": c.reported_value,
                "recomputed": None
                if res.recomputed is None
                else round(float(res.recomputed), 6),
                "verdict": res.verdict,
                "note": res.note,
            }
        )
    return pd.DataFrame(rows, columns=_AUDIT_COLUMNS)


def rules() -> pd.DataFrame:
    """Every registered claim with the rule its check declares and the function that checks it.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, rule, check`` (``rule`` is a key of :data:`RULES`; ``check`` is
        missing for a claim no module registers), in the order of ``claims.csv``.
    """
    _load_checks()
    rows = []
    for c in claims():
        fn = _REGISTRY.get(c.id)
        rows.append(
            {
                "id": c.id,
                "rule": RULE_OF.get(c.id),
                "check": None if fn is None else f"{fn.__module__}.{fn.__qualname__}",
            }
        )
    return pd.DataFrame(rows, columns=["id", "rule", "check"])


def summary(ledger: pd.DataFrame) -> str:
    """Counts by verdict, then each discrepancy on one line."""
    counts = ledger["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    lines = [f"{len(ledger)} claims: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
    for r in ledger[ledger["verdict"] == "discrepancy"].itertuples(index=False):
        lines.append(f"  {r.id} [{r.location}] reported {r.reported}: {r.note}")
    return "\n".join(lines)


def _check_ids(ids: Sequence[str]) -> list[str]:
    """Check claim ids against ``claims.csv``; return them in the claims' order.

    Raises
    ------
    ParameterError
        If ``ids`` is empty, or names an id that ``claims.csv`` does not hold; the message
        lists the closest known ids (:func:`difflib.get_close_matches`).
    """
    import difflib

    from kzgov.errors import ParameterError

    known = [c.id for c in claims()]
    wanted = [part.strip() for item in ids for part in str(item).split(",") if part.strip()]
    if not wanted:
        raise ParameterError("--only needs at least one claim id, e.g. --only B01 M01")
    for i in wanted:
        if i not in known:
            near = difflib.get_close_matches(i, known, n=5, cutoff=0.5)
            hint = (
                f"did you mean {', '.join(near)}?" if near
                else f"known ids run from {known[0]} to {known[-1]} ({len(known)} claims)"
            )
            raise ParameterError(f"unknown claim id {i[:40]!r}; {hint}")
    return [k for k in known if k in set(wanted)]


def _main(argv: Sequence[str] | None = None) -> int:
    """``kzgov audit``: print the summary and write the ledger; exit 0 (findings are not errors).

    The full audit writes ``data/processed/audit.csv``. A partial audit (``--only``) writes
    ``data/processed/batch/audit/only=<ids>/audit.csv`` and never replaces the full ledger,
    as a notebook run with non-default parameters writes under ``batch/``. An unknown
    claim id is an input error (exit 2) that lists the closest known ids.
    """
    from kzgov import data
    from kzgov.errors import KzgovError
    from kzgov.runner import _batch_label

    parser = argparse.ArgumentParser(prog="kzgov audit", description=_main.__doc__)
    parser.add_argument("--only", nargs="*", help="claim ids to check (default: all)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        ids = None if args.only is None else _check_ids(args.only)
    except KzgovError as exc:
        print(f"kzgov: error: {exc}", file=sys.stderr)
        return 2
    ledger = run(ids=ids)
    relpath = "audit.csv" if ids is None else f"batch/audit/{_batch_label({'only': ids})}/audit.csv"
    path = data.write_processed(relpath, ledger)
    print(summary(ledger))
    print(f"wrote {path}", file=sys.stderr)
    return 0
