"""Mutation tests of the checks that judge the study against the Ministry of Finance record.

Each test edits the raw execution files in a throw-away copy of the project
(``tmp_project``, ``KZGOV_ROOT``), rebuilds ``datapackage.json`` and shows that the verdict
follows the data: the values set here are synthetic edits, not data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kzgov import audit, datapackage

MONTHLY = "kz_budgets/minfin_turkestan_local_budget_monthly.csv"
DECEMBER = "kz_budgets/minfin_local_budget_execution_december.csv"


def _edit(root: Path, rel: str, changes: dict[tuple[str, str, str], float]) -> None:
    """Set ``value`` of the rows keyed (region, item_code, date); every key must exist."""
    path = root / "data" / "raw" / rel
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    ir, ii, idt, iv = (head.index(c) for c in ("region", "item_code", "date", "value"))
    seen = set()
    for r in rows[1:]:
        key = (r[ir], r[ii], r[idt])
        if key in changes:
            r[iv] = repr(float(changes[key]))
            seen.add(key)
    assert seen == set(changes), f"rows not found: {set(changes) - seen}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    datapackage.build()


def _value(root: Path, rel: str, region: str, item: str, date: str) -> float:
    with open(root / "data" / "raw" / rel, encoding="utf-8") as fh:
        (v,) = [float(r["value"]) for r in csv.DictReader(fh)
                if (r["region"], r["item_code"], r["date"]) == (region, item, date)]
    return v


def _verdicts(ids: list[str]) -> dict[str, str]:
    led = audit.run(ids=ids).set_index("id")
    return {i: led.loc[i, "verdict"] for i in ids}


D24, D23, D22 = "2024-12-01", "2023-12-01", "2022-12-01"

# claim -> (item code, date, reported value) where setting the record to the reported
# value must turn the verdict into "reproduced"
LEVELS = {
    "B03": ("REV.TAX", D24, 4270.0), "B04": ("REV.NONTAX", D24, 1161.1),
    "B06": ("REV.TRANSFERS", D24, 73647.0), "B07": ("EXP", D24, 76500.0),
    "B12": ("REV", D24, 79113.1), "B13": ("REV", D22, 97303.2), "B14": ("REV", D23, 89116.1),
    "B19": ("EXP", D22, 87907.0), "B20": ("EXP", D23, 84414.2), "B21": ("EXP", D24, 52965.1),
    "B24": ("EXP.07", D24, 3763.7), "B25": ("EXP.10", D24, 2788.6),
    "B26": ("EXP.03", D24, 1395.6), "B27": ("EXP.12", D24, 233.7),
    "B28": ("EXP.11", D24, 28.6), "B29": ("EXP.01", D24, 341.9),
    "B31": ("EXP.04", D24, 39665.2), "B32": ("EXP.06", D24, 707.0),
    "B33": ("EXP.08", D24, 951.8), "B34": ("EXP.05", D24, 25.9),
}


@pytest.mark.parametrize("claim_id", sorted(LEVELS))
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


def test_revenue_change_b17(tmp_project: Path) -> None:
    r23 = _value(tmp_project, MONTHLY, "TRK", "REV", D23)
    _edit(tmp_project, MONTHLY, {("TRK", "REV", D24): r23 * (1 - 0.112)})
    assert _verdicts(["B17"])["B17"] == "reproduced"


def test_transfers_decrease_b18(tmp_project: Path) -> None:
    t23 = _value(tmp_project, MONTHLY, "TRK", "REV.TRANSFERS", D23)
    _edit(tmp_project, MONTHLY, {("TRK", "REV.TRANSFERS", D24): t23 - 1.0})
    assert _verdicts(["B18"])["B18"] == "reproduced"


def test_expense_cut_b22(tmp_project: Path) -> None:
    e23 = _value(tmp_project, MONTHLY, "TRK", "EXP", D23)
    _edit(tmp_project, MONTHLY, {("TRK", "EXP", D24): e23 - 40000.0})
    assert _verdicts(["B22"])["B22"] == "reproduced"


def test_third_place_b30(tmp_project: Path) -> None:
    assert _verdicts(["B30"])["B30"] == "reproduced"
    _edit(tmp_project, MONTHLY, {("TRK", "EXP.10", D24): 1.0})
    assert _verdicts(["B30"])["B30"] == "discrepancy"


def test_social_peak_b35(tmp_project: Path) -> None:
    e = _value(tmp_project, MONTHLY, "TRK", "EXP.04", D24)
    _edit(tmp_project, MONTHLY, {("TRK", "EXP.04", D24): e - 300000.0})
    assert _verdicts(["B35"])["B35"] == "reproduced"


def test_turkestan_share_c08(tmp_project: Path) -> None:
    assert _verdicts(["C08"])["C08"] == "reproduced"
    rev = _value(tmp_project, MONTHLY, "TRK", "REV", D24)
    _edit(tmp_project, MONTHLY, {("TRK", "REV.TRANSFERS", D24): 0.5 * rev})
    assert _verdicts(["C08"])["C08"] == "discrepancy"


def test_east_kazakhstan_share_c09(tmp_project: Path) -> None:
    rev = _value(tmp_project, DECEMBER, "VKO", "REV", D24)
    _edit(tmp_project, DECEMBER, {("VKO", "REV.TRANSFERS", D24): 0.8 * rev})
    assert _verdicts(["C09"])["C09"] == "reproduced"


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
    path = root / "data" / "raw" / TABLE5
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    seen = set()
    for r in rows:
        if r["label"] in values:
            r["value"] = repr(float(values[r["label"]]))
            r["printed"] = f"{values[r['label']]:.1f}"
            seen.add(r["label"])
    assert seen == set(values), f"rows not found: {set(values) - seen}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    datapackage.build()


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
