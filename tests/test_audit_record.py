"""Mutation tests of the checks that judge the study against the Ministry of Finance record.

Each test edits the raw execution files in a throw-away copy of the project
(``tmp_project``, ``KZGOV_ROOT``), rebuilds ``datapackage.json`` and shows that the verdict
follows the data: the values set here are synthetic edits, not data.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from _project import D22, D23, D24, DECEMBER, LEVELS, MONTHLY, edit_raw
from _project import verdicts as _verdicts

from kzgov import audit

OTHER = {"reproduced": "discrepancy", "discrepancy": "reproduced"}


def _edit(root: Path, rel: str, changes: dict[tuple[str, str, str], float]) -> None:
    """Set ``value`` of the rows keyed (region, item_code, date); every key must exist."""
    edit_raw(root, rel, lambda r: (r["region"], r["item_code"], r["date"]),
             {key: {"value": repr(float(v))} for key, v in changes.items()})


def _value(root: Path, rel: str, region: str, item: str, date: str) -> float:
    with open(root / "data" / "raw" / rel, encoding="utf-8") as fh:
        (v,) = [float(r["value"]) for r in csv.DictReader(fh)
                if (r["region"], r["item_code"], r["date"]) == (region, item, date)]
    return v


# B05 and B16 quote the same cell: one edit moves both (test_sale_of_capital_b05_b16)
@pytest.mark.parametrize("claim_id", sorted(set(LEVELS) - {"B05", "B16"}))
def test_level_verdict_follows_the_record(tmp_project: Path, claim_id: str) -> None:
    item, date, reported = LEVELS[claim_id]
    assert _verdicts([claim_id])[claim_id] == "discrepancy"
    _edit(tmp_project, MONTHLY, {("TRK", item, date): reported})
    assert _verdicts([claim_id])[claim_id] == "reproduced"


def test_sale_of_capital_b05_b16(tmp_project: Path) -> None:
    _edit(tmp_project, MONTHLY, {("TRK", "REV.CAPITAL", D24): 35.0})
    assert _verdicts(["B05", "B16"]) == {"B05": "reproduced", "B16": "reproduced"}


def test_social_sphere_b23(tmp_project: Path) -> None:
    others = sum(_value(tmp_project, MONTHLY, "TRK", c, D24) for c in ("EXP.05", "EXP.06", "EXP.08"))
    _edit(tmp_project, MONTHLY, {("TRK", "EXP.04", D24): 41364.5 - others})
    assert _verdicts(["B23"])["B23"] == "reproduced"


# claim -> (file, region, the (item, date) read, the item set for 2024, its new value from
# the value read, the verdict after the edit); the verdict before is the other one
FOLLOWS: dict[str, tuple[str, str, tuple[str, str], str, Callable[[float], float], str]] = {
    "B17": (MONTHLY, "TRK", ("REV", D23), "REV", lambda r23: r23 * (1 - 0.112), "reproduced"),
    "B18": (MONTHLY, "TRK", ("REV.TRANSFERS", D23), "REV.TRANSFERS", lambda t23: t23 - 1.0,
            "reproduced"),
    "B22": (MONTHLY, "TRK", ("EXP", D23), "EXP", lambda e23: e23 - 40000.0, "reproduced"),
    "B35": (MONTHLY, "TRK", ("EXP.04", D24), "EXP.04", lambda e: e - 300000.0, "reproduced"),
    "C08": (MONTHLY, "TRK", ("REV", D24), "REV.TRANSFERS", lambda rev: 0.5 * rev, "discrepancy"),
    "C09": (DECEMBER, "VKO", ("REV", D24), "REV.TRANSFERS", lambda rev: 0.8 * rev, "reproduced"),
}


@pytest.mark.parametrize("claim_id", sorted(FOLLOWS))
def test_derived_verdict_follows_the_record(tmp_project: Path, claim_id: str) -> None:
    rel, region, (item, date), target, new, after = FOLLOWS[claim_id]
    assert _verdicts([claim_id])[claim_id] == OTHER[after]
    read = _value(tmp_project, rel, region, item, date)
    _edit(tmp_project, rel, {(region, target, D24): new(read)})
    assert _verdicts([claim_id])[claim_id] == after


def test_third_place_b30(tmp_project: Path) -> None:
    assert _verdicts(["B30"])["B30"] == "reproduced"
    _edit(tmp_project, MONTHLY, {("TRK", "EXP.10", D24): 1.0})
    assert _verdicts(["B30"])["B30"] == "discrepancy"


def test_transfer_share_claims_r06_r11(tmp_project: Path) -> None:
    assert _verdicts(["R06", "R11"]) == {"R06": "discrepancy", "R11": "discrepancy"}
    changes = {}
    with open(tmp_project / "data" / "raw" / DECEMBER, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r["item_code"] == "REV" and r["date"] in (D22, D23, D24):
            changes[(r["region"], "REV.TRANSFERS", r["date"])] = 0.75 * float(r["value"])
    _edit(tmp_project, DECEMBER, changes)
    assert _verdicts(["R06", "R11"]) == {"R06": "reproduced", "R11": "reproduced"}


TABLE5 = "paper/table5_turkestan_budget_2024.csv"


def _edit_table5(root: Path, values: dict[str, float]) -> None:
    """Set Table 5's rows by label (synthetic edits of a copy); every label must exist."""
    edit_raw(root, TABLE5, lambda r: r["label"],
             {label: {"value": repr(float(v)), "printed": f"{v:.1f}"} for label, v in values.items()})


def test_table5_deficit_b10_b11_follow_the_identity(tmp_project: Path) -> None:
    """The edit of issue 12: with no lending or financial assets and expenses 81,726.2, the
    identity itself gives a deficit of 2,613.1, so the printed deficit and financing hold."""
    assert _verdicts(["B10", "B11"]) == {"B10": "discrepancy", "B11": "discrepancy"}
    _edit_table5(tmp_project, {
        "Net budget lending": 0.0, "Budget loans": 0.0, "Repayment of budget loans": 0.0,
        "Balance of operations with financial assets": 0.0, "Acquisition of financial assets": 0.0,
        "Expenses": 81726.2,
    })
    led = audit.run(ids=["B10", "B11"]).set_index("id")
    assert dict(led["verdict"]) == {"B10": "reproduced", "B11": "reproduced"}
    assert "81,726.2" in led.loc["B10", "note"] and "= -2,613.1 (a deficit)" in led.loc["B10", "note"]
    assert led.loc["B10", "recomputed"] == pytest.approx(-2613.1)
    assert led.loc["B11", "recomputed"] == pytest.approx(2613.1)


def test_table5_deficit_b10_b11_follow_the_expenses(tmp_project: Path) -> None:
    """Only the expenses move: at 76,500.0 + 613.1 + 2,613.1 the balance is the printed −2,613.1;
    ten more and it is not."""
    _edit_table5(tmp_project, {"Expenses": 76500.0 + 613.1 + 2613.1})
    assert _verdicts(["B10", "B11"]) == {"B10": "reproduced", "B11": "reproduced"}
    _edit_table5(tmp_project, {"Expenses": 76500.0 + 613.1 + 2613.1 + 10.0})
    assert _verdicts(["B10", "B11"]) == {"B10": "discrepancy", "B11": "discrepancy"}
