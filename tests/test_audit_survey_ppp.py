"""Mutation tests of the audit checks of notebooks 02 (surveys) and 04 (PPP projects).

Each test edits a raw transcription in a throw-away copy of the project (``tmp_project``,
``KZGOV_ROOT``), rebuilds ``datapackage.json`` and shows that the verdict, and the
recomputed value, follow the data: the values set here are synthetic edits, not data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _project import edit_raw

from kzgov import audit


def _edit(root: Path, rel: str, where: dict[str, str], changes: dict[str, str]) -> None:
    """Set ``changes`` on the rows of ``data/raw/<rel>`` whose columns match ``where``."""
    edit_raw(root, rel, lambda r: tuple(r[k] for k in where), {tuple(where.values()): changes})


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


# --------------------------------------------------------------------------- one printed cell
# claim -> (file under paper/, the row, its new printed form, the recomputed value after the
# edit (None: not checked), what the note then says); the verdict moves from reproduced
ONE_CELL: dict[str, tuple[str, dict[str, str], str, float | None, tuple[str, ...]]] = {
    # PPP: Figure 7's status shares sum to 101; its repeated "ongoing" share differs
    "F7b": ("figure7_project_status.csv", {"status": "expired"}, "25%",
            100 - (4 + 7 + 25 + 9), ("expired 25", "= 101%")),
    "F7c": ("figure7_project_status.csv", {"status": "implementation", "mention": "2"}, "57%",
            None, ("(ongoing, 57%) differs from the first",)),
    # surveys: a stated n of 81; a Table 3 question summing to 105
    "M01": ("survey_sample.csv", {"group": "civil_servants", "quantity": "n_respondents"}, "81",
            81, ()),
    "T3Q1": ("table3_civil_servants.csv", {"question": "q1", "option_code": "infrastructure"},
             "25%", 105, ()),
}


@pytest.mark.parametrize("claim_id", sorted(ONE_CELL))
def test_verdict_follows_one_printed_cell(tmp_project: Path, claim_id: str) -> None:
    file, where, printed, recomputed, notes = ONE_CELL[claim_id]
    assert _run([claim_id]).loc[claim_id, "verdict"] == "reproduced"
    _edit(tmp_project, f"paper/{file}", where, {"printed": printed, "value": printed.rstrip("%")})
    row = _run([claim_id]).loc[claim_id]
    assert row["verdict"] == "discrepancy"
    if recomputed is not None:
        assert row["recomputed"] == recomputed
    for text in notes:
        assert text in row["note"]


# --------------------------------------------------------------------------- surveys
def test_m04_m05_follow_the_mode_split(tmp_project: Path) -> None:
    _edit(tmp_project, "paper/survey_sample.csv", {"quantity": "share_online"},
          {"printed": "74%", "value": "74"})
    _edit(tmp_project, "paper/survey_sample.csv", {"quantity": "share_offline"},
          {"printed": "26%", "value": "26"})
    led = _run(["M04", "M05"])
    assert set(led["verdict"]) == {"discrepancy"}  # 74% of 60 is no whole number
    assert "no whole numbers of the 60 entrepreneurs" in led.loc["M04", "note"]


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
