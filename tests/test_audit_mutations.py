"""Mutation tests: every audit verdict that can be "reproduced" or "discrepancy" follows its data.

One row of :data:`MUTATIONS` per edit: a claim id, the cells of ``data/raw`` it changes
(file, row selector, column, new value or transformation of the row) and the verdict the
claim must then have, which must differ from its verdict on the unedited data. The values
set here are synthetic edits of a throw-away copy of the project, not data.

The tests go through stable interfaces only: a copy of ``data/raw`` and ``data/meta`` under
a temporary ``KZGOV_ROOT``, raw CSV cells edited, ``kzgov.datapackage.build()`` and
``kzgov.audit.run(ids=[...])``. Loaders and checks cache what they read, so the audit runs
in a fresh worker process (this file run as a script) that forks once per mutation: no
cache survives from one edit to the next, nor from the pytest process.

A row marked ``xfail`` shows a defect of a check: an edit that should move its verdict
and does not (the reason says why). It fails (``strict``) as soon as the check is fixed, so
the mark must then be removed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _project import D22, D23, D24, DECEMBER, LEVELS, MONTHLY, copy_project

VERDICTS = ("reproduced", "discrepancy")
OTHER = {"reproduced": "discrepancy", "discrepancy": "reproduced"}

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker forks per mutation")

# ----------------------------------------------------------------------------- the edits
Row = dict[str, str]
Lookup = Callable[..., float]
Value = str | Callable[[Row, Lookup], str]


@dataclass(frozen=True)
class Edit:
    """Set ``column`` of the rows of ``data/raw/<file>`` selected by ``where``.

    ``where`` maps a column to the value (or tuple of values) its cell must have; every
    selected row is edited unless ``limit`` keeps the first ``limit`` of them, and at least
    one (``limit``) row must match. ``value`` is the new cell, or a function of the row and
    of ``get(**where)``, the unedited ``value`` of the one row of the same file that
    ``where`` selects.
    """

    file: str
    where: Mapping[str, str | tuple[str, ...]]
    column: str
    value: Value
    limit: int | None = None


@dataclass(frozen=True)
class Mutation:
    claim: str
    edits: tuple[Edit, ...]
    expect: str  # the verdict after the edit
    why: str  # why the edit moves the verdict
    label: str = "data"
    xfail: str | None = None

    @property
    def key(self) -> str:
        return f"{self.claim}-{self.label}"


def _num(x: float) -> str:
    return repr(float(x))


def _short(x: float) -> str:
    """``x`` as a CSV cell: '25' for a whole number, else the shortest exact form."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _like(printed: str, new: float) -> str:
    """``new`` printed as ``printed`` was (its decimals, its '%' or '$'): '20%' -> '25%'."""
    m = re.search(r"-?\d[\d ]*(?:[.,](\d+))?", printed)
    if not m:
        return f"{new:g}"
    decimals = len(m.group(1)) if m.group(1) else 0
    return printed[: m.start()] + f"{new:.{decimals}f}" + printed[m.end():]


def paper(file: str, where: Mapping[str, str | tuple[str, ...]], new: float | Callable[[float], float],
          *, limit: int | None = None) -> tuple[Edit, ...]:
    """A transcribed number of the paper: its ``value`` and its ``printed`` form, together."""
    f = new if callable(new) else (lambda _old, v=float(new): v)
    path = f"paper/{file}"
    return (
        Edit(path, where, "printed", lambda r, _g: _like(r["printed"], f(float(r["value"]))), limit),
        Edit(path, where, "value", lambda r, _g: _short(f(float(r["value"]))), limit),
    )


def reported(claim: str, printed: str, value: float) -> tuple[Edit, ...]:
    """The printed value of a claim in ``claims.csv`` (``reported`` and ``reported_value``)."""
    return (
        Edit("paper/claims.csv", {"id": claim}, "reported", printed),
        Edit("paper/claims.csv", {"id": claim}, "reported_value", _short(value)),
    )


def record(item: str, date: str, value: float | Callable[[Lookup], float], *,
           file: str = MONTHLY, region: str = "TRK") -> tuple[Edit, ...]:
    """A cell of the Ministry of Finance execution: ``value`` of (region, item, date)."""
    fn = value if callable(value) else (lambda _g, v=float(value): v)
    where = {"region": region, "item_code": item, "date": date}
    return (Edit(file, where, "value", lambda _r, g: _num(fn(g))),)


T3, T4, T5, T6 = ("table3_civil_servants.csv", "table4_entrepreneurs.csv",
                  "table5_turkestan_budget_2024.csv", "table6_correlation.csv")


def t5(label: str, new: float | Callable[[float], float]) -> tuple[Edit, ...]:
    return paper(T5, {"label": label}, new)


def t6(a: int, b: int, new: float) -> tuple[Edit, ...]:
    """Both cells (a, b) and (b, a) of Table 6: the matrix stays symmetric."""
    return (*paper(T6, {"row": str(a), "column": str(b)}, new),
            *paper(T6, {"row": str(b), "column": str(a)}, new))


def responses(group: str, question: str, old: str, new: str, k: int) -> tuple[Edit, ...]:
    """Move ``k`` respondents of the survey reconstruction from option ``old`` to ``new``."""
    return (Edit(f"reconstructions/survey_{group}.csv", {question: old}, question, new, limit=k),)


def _social_others(g: Lookup) -> float:
    return sum(g(region="TRK", item_code=c, date=D24) for c in ("EXP.05", "EXP.06", "EXP.08"))


# ------------------------------------------------------------------------- the mutation table
# Levels of Turkestan's record: _project.LEVELS (claim -> item, date, printed amount).

_QUESTIONS = {"T3": (T3, 8), "T4": (T4, 9)}

MUTATIONS: tuple[Mutation, ...] = (
    # ---- Section 2: the survey's stated n and mode split
    Mutation("M01", paper(T3, {"question": "q4", "option_code": "lack_of_staff"}, 7),
             "discrepancy", "7% is no whole count of 80 (k/80 = 6.25%, 7.5%), so n = 80 is no "
             "longer among the sample sizes consistent with Table 3"),
    Mutation("M02", paper(T4, {"question": "q1", "option_order": "1"}, lambda v: v - 1),
             "discrepancy", "34% is no whole count of 60 (k/60 = 33.3%, 35%), so n = 60 is no "
             "longer consistent with Table 4"),
    Mutation("M04", reported("M04", "74%", 74), "discrepancy",
             "45 of 60 is 75%, which differs from a printed 74% at 0 decimals", label="reported"),
    Mutation("M05", reported("M05", "26%", 26), "discrepancy",
             "15 of 60 is 25%, which differs from a printed 26% at 0 decimals", label="reported"),
    Mutation("M04", (Edit("paper/survey_sample.csv",
                          {"group": "entrepreneurs", "quantity": "n_respondents"}, "value", "58"),),
             "discrepancy", "75% of a stated n of 58 is 43.5 respondents: no whole count gives "
             "75% (43/58 = 74.1%, 44/58 = 75.9%)", label="stated-n"),
    # ---- Tables 3 and 4: each question's printed shares sum to 100
    *(
        Mutation(f"{t}Q{q}", paper(file, {"question": f"q{q}", "option_order": "1"},
                                   lambda v: v + 5),
                 "discrepancy", f"the first option of q{q} gains 5 points: the shares sum to 105")
        for t, (file, n) in _QUESTIONS.items() for q in range(1, n + 1)
    ),
    # ---- Figures 6 and 7: internal consistency of the printed shares
    Mutation("F6b", paper("figure6_project_level.csv", {"level": "national"}, 3), "discrepancy",
             "98% local + 3% national = 101%, not complementary"),
    Mutation("F7b", paper("figure7_project_status.csv", {"status": "planned"}, 5), "discrepancy",
             "planned 5% makes the five distinct statuses sum to 101%"),
    Mutation("F7c", paper("figure7_project_status.csv",
                          {"status": "implementation", "mention": "2"}, 57), "discrepancy",
             "the second mention (ongoing, 57%) no longer equals the first (56%)"),
    # ---- R02: the statistics switch to Turkestan's borders in 2018
    Mutation("R02", (Edit("kz_stat/grp_nominal_by_region.csv",
                          {"region": "TRK", "date": "2018-12-31"}, "region", "YKO"),),
             "discrepancy", "South Kazakhstan's GRP series now ends in 2018: the variables no "
             "longer agree on one switch year"),
    # ---- Table 5
    Mutation("B01", (Edit(f"paper/{T5}", {}, "unit_in_lead_in", "million tenge"),),
             "reproduced", "the lead-in's unit now agrees with the caption's"),
    Mutation("B01", (Edit(f"paper/{T5}", {}, "unit", "thousand tenge"),),
             "reproduced", "the caption's unit now agrees with the lead-in's", label="caption"),
    Mutation("B02", t5("Tax receipts", 4280.0), "discrepancy",
             "tax receipts + 10: the four parts sum to 79,123.1, not the printed 79,113.1"),
    Mutation("B02", reported("B02", "79 114.1", 79114.1), "discrepancy",
             "the parts sum to 79,113.1, not the printed 79,114.1", label="reported"),
    Mutation("B08", t5("Budget loans", 1600.0), "discrepancy",
             "loans 1,600.0 − repayments 500.0 = 1,100.0, not the printed 1,000.0"),
    Mutation("B08", reported("B08", "1 100.0", 1100.0), "discrepancy",
             "1,500.0 − 500.0 = 1,000.0, not the printed 1,100.0", label="reported"),
    Mutation("B09", t5("Acquisition of financial assets", 1100.0), "discrepancy",
             "acquisition 1,100.0 − sale 0 = 1,100.0, not the printed balance 1,000.0"),
    Mutation("B09", reported("B09", "1 100.0", 1100.0), "discrepancy",
             "acquisition 1,000.0 − sale 0 = 1,000.0, not the printed 1,100.0", label="reported"),
    # the edit of issue 12: no lending or financial assets, expenses 81,726.2 -> the identity
    # gives 79,113.1 − 81,726.2 = −2,613.1, the printed deficit (and financing)
    *(
        Mutation(cid, (*t5("Net budget lending", 0.0), *t5("Budget loans", 0.0),
                       *t5("Repayment of budget loans", 0.0),
                       *t5("Balance of operations with financial assets", 0.0),
                       *t5("Acquisition of financial assets", 0.0), *t5("Expenses", 81726.2)),
                 "reproduced", "the Budget Code identity now gives the printed −2,613.1",
                 label="issue12")
        for cid in ("B10", "B11")
    ),
    *(
        Mutation(cid, t5("Expenses", 76500.0 + 613.1 + 2613.1), "reproduced",
                 "expenses 79,726.2: 79,113.1 − 79,726.2 − 1,000.0 − 1,000.0 = −2,613.1",
                 label="expenses")
        for cid in ("B10", "B11")
    ),
    Mutation("B10", t5("Budget deficit", -613.1), "reproduced",
             "a printed deficit of −613.1 is the balance +613.1 the identity gives",
             label="printed"),
    Mutation("B11", reported("B11", "-613.1", -613.1), "reproduced",
             "the identity's surplus 613.1 needs financing −613.1, as now printed",
             label="reported"),
    # ---- Turkestan's record (Ministry of Finance execution)
    *(
        Mutation(cid, record(item, date, value), "reproduced",
                 f"the record's {item} ({date[:4]}) set to the printed {value:,.1f}")
        for cid, (item, date, value) in LEVELS.items()
    ),
    Mutation("B03", reported("B03", "192 225.5", 192225.5), "reproduced",
             "the printed amount set to the record's 192,225.5", label="reported"),
    Mutation("B07", reported("B07", "1 469 273.5", 1469273.5), "reproduced",
             "Table 5's expenses set to the record's 1,469,273.5", label="reported"),
    Mutation("B12", reported("B12", "1 482 111.7", 1482111.7), "reproduced",
             "the printed revenue set to the record's 1,482,111.7", label="reported"),
    Mutation("B17", record("REV", D24, lambda g: 0.888 * g(region="TRK", item_code="REV",
                                                        date=D23)), "reproduced",
             "revenue 2024 = 88.8% of 2023: a change of −11.2%"),
    Mutation("B17", reported("B17", "9.3%", 9.3), "reproduced",
             "the record's change +9.35% rounds to the printed 9.3", label="reported"),
    Mutation("B18", record("REV.TRANSFERS", D24, lambda g: g(region="TRK",
                                                             item_code="REV.TRANSFERS",
                                                             date=D23) - 1.0), "reproduced",
             "transfers 2024 one million below 2023: a decrease"),
    Mutation("B22", record("EXP", D24, lambda g: g(region="TRK", item_code="EXP", date=D23)
                           - 40000.0), "reproduced", "expenditure falls by 40,000 > 30,000"),
    Mutation("B23", record("EXP.04", D24, lambda g: 41364.5 - _social_others(g)), "reproduced",
             "education set so that EXP.04 + 05 + 06 + 08 = the printed 41,364.5"),
    Mutation("B30", record("EXP.10", D24, 1.0), "discrepancy",
             "agriculture (EXP.10) at 1.0 ranks last, not third"),
    Mutation("B35", record("EXP.04", D24, lambda g: g(region="TRK", item_code="EXP.04",
                                                      date=D24) - 300000.0), "reproduced",
             "education 2024 cut by 300,000: the social sphere peaks in 2023 and falls in 2024"),
    # ---- Survey discussion (the reconstruction of Table 3's respondents)
    Mutation("S01", responses("civil_servants", "q7", "very_effective", "effective_enough", 5),
             "discrepancy", "39 of 80 'very effective' (48.75%) is no majority"),
    Mutation("S02", responses("civil_servants", "q8", "financing", "legal_simplification", 13),
             "discrepancy", "financing 19 of 80, legal simplification 33: financing is no "
             "longer the most chosen"),
    # ---- Table 6
    Mutation("C01", t6(2, 5, 0.95), "discrepancy",
             "the cell Transfers × Social sphere is 0.95, not the quoted 0.93"),
    Mutation("C01", reported("C01", "0.95", 0.95), "discrepancy",
             "the cell is 0.930, not the quoted 0.95", label="reported"),
    Mutation("C02", t6(4, 5, 0.85), "discrepancy",
             "the cell Socio-economic × Social sphere is 0.85, not the quoted 0.90"),
    Mutation("C03", t6(3, 4, 0.6), "discrepancy",
             "the cell Revenues × Socio-economic is 0.60, not the quoted 0.68"),
    Mutation("C04", tuple(e for k in (1, 2, 3, 4, 5, 7) for e in t6(6, k, 0.1)), "reproduced",
             "every correlation of 'Projects at the local level' set to 0.1: all weak"),
    Mutation("C05", t6(5, 6, 0.659), "discrepancy",
             "Social sphere × Local projects 0.657 -> 0.659 moves the smallest eigenvalue "
             "below zero (about −0.001, within the rounding bound): not positive semi-definite"),
    Mutation("C05", t6(1, 7, 0.99), "discrepancy",
             "Projects × Completed 0.99 while Projects × Transfers is 0.768 and Transfers × "
             "Completed −0.408: no positive semi-definite matrix has these cells",
             label="not-psd"),
    Mutation("C06", t6(2, 4, 0.93), "reproduced",
             "the cell Transfers × Socio-economic set to the quoted 0.93"),
    # ---- Figure 4: Turkestan and East Kazakhstan lead
    *(
        Mutation(cid, paper("figure4_ppp_projects_by_region.csv", {"label": "Turkistan region"},
                            200), "reproduced",
                 "Turkestan with 200 projects passes Shymkent (191): the top two are East "
                 "Kazakhstan and Turkestan")
        for cid in ("C07", "C11")
    ),
    # ---- transfer shares on the record
    Mutation("C08", record("REV.TRANSFERS", D24, lambda g: 0.5 * g(region="TRK", item_code="REV",
                                                                   date=D24)), "discrepancy",
             "Turkestan's transfers set to 50% of revenue, below 70%"),
    Mutation("C09", record("REV.TRANSFERS", D24, lambda g: 0.8 * g(region="VKO", item_code="REV",
                                                                   date=D24),
                           file=DECEMBER, region="VKO"), "reproduced",
             "East Kazakhstan's transfers set to 80% of revenue, above 70%"),
    *(
        Mutation(cid, (Edit(DECEMBER, {"item_code": "REV.TRANSFERS", "date": (D22, D23, D24)},
                            "value", lambda r, g: _num(0.75 * g(region=r["region"],
                                                                item_code="REV",
                                                                date=r["date"]))),),
                 "reproduced", "every region's transfers set to 75% of its revenue in 2022-2024")
        for cid in ("R06", "R11")
    ),
    # ---- Figure 6's 98%, repeated
    *(
        Mutation(cid, paper("figure6_project_level.csv",
                            {"level": "local", "location": "Section 3, text under Figure 6"}, 97),
                 "discrepancy", "Figure 6's text now says 97% local; the repeat says 98%")
        for cid in ("C10", "R07")
    ),
    Mutation("C10", reported("C10", "97%", 97), "discrepancy",
             "the repeat says 97%, Figure 6's text 98%", label="reported"),
    # ---- Table 7 and Figures 15-16
    Mutation("P01", (Edit(f"paper/{'table7_implementation_plan.csv'}", {"label": "Integration"},
                          "month_end", "13"),), "discrepancy",
             "the last phase ends in month 13: the plan spans 13 months, not 12"),
    Mutation("P02", paper("figure15_economic_effect.csv",
                          {"series": "payback_claim", "qualifier": "upper end"}, 4), "reproduced",
             "'2-4 years' holds for the annual reading's payback of 3.29 years"),
    Mutation("P12", paper("figure15_economic_effect.csv",
                          {"series": "payback_claim", "qualifier": "within"}, 4), "reproduced",
             "'within four years' holds for the annual reading's payback of 3.29 years"),
    *(
        Mutation(cid, paper("figure15_economic_effect.csv",
                            {"series": "accumulated_savings", "year": "2"}, 5), "reproduced",
                 "savings 0, 5, 5, 7, 10: annual savings (0 + 5 + 5) pass the 9 invested "
                 "during year 3 (payback 2.75 years)", label="series")
        for cid in ("P02", "P12")
    ),
    Mutation("P17", paper("figure16_citizen_engagement.csv", {"month": "12"}, 1700),
             "reproduced", "month 12 at 1,700: the increment grows from 200 to 300 after month 8"),
)


# ------------------------------------------------------------------------------ the worker
def _apply(root: Path, edits: tuple[Edit, ...]) -> None:
    by_file: dict[str, list[Edit]] = {}
    for e in edits:
        by_file.setdefault(e.file, []).append(e)
    for rel, file_edits in by_file.items():
        path = root / "data" / "raw" / rel
        text = path.read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text))
        fields = list(reader.fieldnames or [])
        rows = list(reader)
        original = [dict(r) for r in rows]

        def get(_orig: list[Row] = original, _rel: str = rel, **where: str) -> float:
            hits = [r for r in _orig if all(r[k] == v for k, v in where.items())]
            if len(hits) != 1:
                raise LookupError(f"{_rel}: {len(hits)} rows match {where}")
            return float(hits[0]["value"])

        for e in file_edits:
            unknown = [c for c in (*e.where, e.column) if c not in fields]
            if unknown:
                raise KeyError(f"{rel}: no column {unknown}")
            hits = [
                (r, o) for r, o in zip(rows, original, strict=True)
                if all(o[k] in ((v,) if isinstance(v, str) else v) for k, v in e.where.items())
            ]
            need = e.limit or 1
            if len(hits) < need:
                raise LookupError(f"{rel}: {len(hits)} rows match {dict(e.where)}, need {need}")
            for r, o in hits[: e.limit]:
                r[e.column] = e.value(o, get) if callable(e.value) else e.value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def _in_child(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a forked child (fresh caches) and return its JSON result."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:
            res: Any = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as the verdict
            res = f"error: {type(exc).__name__}: {exc}".splitlines()[0][:300]
            traceback.print_exc()
        with os.fdopen(w, "w") as fh:
            json.dump(res, fh)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        text = fh.read()
    os.waitpid(pid, 0)
    return json.loads(text) if text else "error: the worker died"


def _worker(root: Path) -> dict[str, Any]:
    """Baseline verdicts of every claim, then the verdict of each mutation's claim."""
    from kzgov import audit, datapackage

    def verdicts(ids: list[str] | None) -> dict[str, str]:
        led = audit.run(ids=ids)
        return dict(zip(led["id"], led["verdict"], strict=True))

    raw = root / "data" / "raw"
    touched = {"datapackage.json"} | {e.file for m in MUTATIONS for e in m.edits}
    saved = {rel: (raw / rel).read_bytes() for rel in touched}
    out: dict[str, Any] = {"baseline": _in_child(lambda: verdicts(None)), "mutated": {}}
    for m in MUTATIONS:
        def mutate(m: Mutation = m) -> str:
            _apply(root, m.edits)
            datapackage.build()
            return verdicts([m.claim])[m.claim]

        out["mutated"][m.key] = _in_child(mutate)
        for rel, blob in saved.items():
            (raw / rel).write_bytes(blob)
    return out


# ------------------------------------------------------------------------------- the tests
_ENV_VARS = ("KZGOV_PROCESSED_DIR", "KZGOV_REPORTS_DIR", "KZGOV_CACHE_DIR", "KZGOV_READ_LOG",
             "KZGOV_NO_CACHE")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Verdicts on a copy of the project, unedited and after each mutation (one worker)."""
    root = copy_project(tmp_path_factory.mktemp("mutations") / "project")
    env = {k: v for k, v in os.environ.items() if k not in _ENV_VARS}
    env["KZGOV_ROOT"] = str(root)
    result = root.parent / "verdicts.json"
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(root), str(result)],
        env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    if proc.returncode != 0 or not result.is_file():
        pytest.fail(f"mutation worker failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(result.read_text(encoding="utf-8"))


def _param(m: Mutation) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=m.xfail)] if m.xfail else []
    return pytest.param(m, id=m.key, marks=marks)


def test_mutation_keys_are_unique() -> None:
    keys = [m.key for m in MUTATIONS]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert all(m.expect in VERDICTS for m in MUTATIONS)


@pytest.mark.slow
@pytest.mark.parametrize("mutation", [_param(m) for m in MUTATIONS])
def test_verdict_follows_the_edit(outcome: dict[str, Any], mutation: Mutation) -> None:
    before = outcome["baseline"][mutation.claim]
    assert before == OTHER[mutation.expect], (
        f"{mutation.claim} is {before!r} on the unedited data; the row expects it to move "
        f"to {mutation.expect!r}"
    )
    after = outcome["mutated"][mutation.key]
    assert after == mutation.expect, f"{mutation.key}: {mutation.why}; got {after!r}"


@pytest.mark.slow
def test_every_computed_verdict_has_a_mutation(outcome: dict[str, Any]) -> None:
    """A check that can return reproduced/discrepancy must have a row in MUTATIONS."""
    computed = {cid for cid, v in outcome["baseline"].items() if v in VERDICTS}
    covered = {m.claim for m in MUTATIONS}
    assert sorted(computed - covered) == []


if __name__ == "__main__":  # the worker: python tests/test_audit_mutations.py ROOT OUT.json
    Path(sys.argv[2]).write_text(json.dumps(_worker(Path(sys.argv[1]))), encoding="utf-8")
