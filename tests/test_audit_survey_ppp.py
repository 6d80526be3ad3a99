"""Mutation tests of the audit checks of notebooks 02 (surveys) and 04 (PPP projects).

Each test edits a raw transcription in a throw-away copy of the project (``tmp_project``,
``KZGOV_ROOT``), rebuilds ``datapackage.json`` and shows that the verdict, and the
recomputed value, follow the data: the values set here are synthetic edits, not data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kzgov import audit, datapackage


def _edit(root: Path, rel: str, where: dict[str, str], changes: dict[str, str]) -> None:
    """Set ``changes`` on the rows of ``data/raw/<rel>`` whose columns match ``where``."""
    path = root / "data" / "raw" / rel
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    hit = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert hit, f"no row of {rel} matches {where}"
    for r in hit:
        r.update(changes)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    datapackage.build()


def _run(ids: list[str]):
    return audit.run(ids=ids).set_index("id")


# --------------------------------------------------------------------------- PPP
def test_c07_c11_follow_figure4(tmp_project: Path) -> None:
    assert set(_run(["C07", "C11"])["verdict"]) == {"discrepancy"}
    _edit(tmp_project, "paper/figure4_ppp_projects_by_region.csv", {"label": "Turkistan region"},
          {"printed": "200", "value": "200"})
    led = _run(["C07", "C11"])
    assert set(led["verdict"]) == {"reproduced"}
    assert led.loc["C07", "recomputed"] == 2
    assert "Turkestan 2 of the 5 printed" in led.loc["C07", "note"]


def test_f6b_follows_the_sum_and_c10_r07_the_local_share(tmp_project: Path) -> None:
    led = _run(["F6b", "C10", "R07"])
    assert set(led["verdict"]) == {"reproduced"}
    assert led.loc["F6b", "recomputed"] == 2
    _edit(tmp_project, "paper/figure6_project_level.csv",
          {"location": "Section 3, text under Figure 6", "level": "local"},
          {"printed": "97%", "value": "97"})
    led = _run(["F6b", "C10", "R07"])
    assert set(led["verdict"]) == {"discrepancy"}
    assert led.loc["F6b", "recomputed"] == 3  # the complement of the edited local share
    assert "97% local + 2% national = 99%" in led.loc["F6b", "note"]
    assert "local share as 97%" in led.loc["C10", "note"]


def test_f7b_follows_the_status_sum(tmp_project: Path) -> None:
    _edit(tmp_project, "paper/figure7_project_status.csv", {"status": "expired"},
          {"printed": "25%", "value": "25"})
    led = _run(["F7b"])
    assert led.loc["F7b", "verdict"] == "discrepancy"
    assert led.loc["F7b", "recomputed"] == 100 - (4 + 7 + 25 + 9)
    assert "expired 25" in led.loc["F7b", "note"] and "= 101%" in led.loc["F7b", "note"]


def test_f7c_follows_the_repeated_share(tmp_project: Path) -> None:
    assert _run(["F7c"]).loc["F7c", "verdict"] == "reproduced"
    _edit(tmp_project, "paper/figure7_project_status.csv",
          {"status": "implementation", "mention": "2"}, {"printed": "57%", "value": "57"})
    led = _run(["F7c"])
    assert led.loc["F7c", "verdict"] == "discrepancy"
    assert "(ongoing, 57%) differs from the first" in led.loc["F7c", "note"]


# --------------------------------------------------------------------------- surveys
def test_m01_follows_the_stated_n(tmp_project: Path) -> None:
    assert _run(["M01"]).loc["M01", "verdict"] == "reproduced"
    _edit(tmp_project, "paper/survey_sample.csv",
          {"group": "civil_servants", "quantity": "n_respondents"}, {"printed": "81", "value": "81"})
    led = _run(["M01"])
    assert led.loc["M01", "verdict"] == "discrepancy"
    assert led.loc["M01", "recomputed"] == 81


def test_m04_m05_follow_the_mode_split(tmp_project: Path) -> None:
    _edit(tmp_project, "paper/survey_sample.csv", {"quantity": "share_online"},
          {"printed": "74%", "value": "74"})
    _edit(tmp_project, "paper/survey_sample.csv", {"quantity": "share_offline"},
          {"printed": "26%", "value": "26"})
    led = _run(["M04", "M05"])
    assert set(led["verdict"]) == {"discrepancy"}  # 74% of 60 is no whole number
    assert "no whole numbers of the 60 entrepreneurs" in led.loc["M04", "note"]


def test_question_sum_follows_the_table(tmp_project: Path) -> None:
    assert _run(["T3Q1"]).loc["T3Q1", "verdict"] == "reproduced"
    _edit(tmp_project, "paper/table3_civil_servants.csv",
          {"question": "q1", "option_code": "infrastructure"}, {"printed": "25%", "value": "25"})
    led = _run(["T3Q1"])
    assert led.loc["T3Q1", "verdict"] == "discrepancy"
    assert led.loc["T3Q1", "recomputed"] == 105


def test_s01_s02_follow_the_responses(tmp_project: Path) -> None:
    assert set(_run(["S01", "S02"])["verdict"]) == {"reproduced"}
    path = "reconstructions/survey_civil_servants.csv"
    _edit(tmp_project, path, {"q7": "very_effective"}, {"q7": "effective_enough"})
    _edit(tmp_project, path, {"q8": "financing"}, {"q8": "staff_training"})
    led = _run(["S01", "S02"])
    assert set(led["verdict"]) == {"discrepancy"}
    assert led.loc["S01", "recomputed"] == 0
    assert "no majority as printed" in led.loc["S01", "note"]


@pytest.mark.parametrize("claim_id", ["F6b", "F7b", "F7c", "C07", "C10", "M01", "M04", "T3Q1", "S01"])
def test_every_moved_check_declares_a_rule(claim_id: str) -> None:
    audit.run(ids=[claim_id])
    assert audit.RULE_OF[claim_id] in audit.RULES
