"""Mutation tests of the Table 6 checks (C01–C06) registered in kzgov.study.regional_correlation.

Each test edits the transcription ``data/raw/paper/table6_correlation.csv`` in a throw-away
copy of the project (``tmp_project``, ``KZGOV_ROOT``), rebuilds ``datapackage.json`` and shows
that the verdict follows the edited values: the values set here are synthetic edits, not data.
"""

from __future__ import annotations

import csv
from pathlib import Path

from _project import edit_raw
from _project import verdicts as _verdicts

from kzgov import audit

TABLE6 = "paper/table6_correlation.csv"
TRANSFERS = "Transfers (millions)"
DEVELOPMENT = "Socio-economic development (index)"
LOCAL = "Projects at the local level (%)"


def _edit(root: Path, cells: dict[tuple[str, str], float]) -> None:
    """Set both triangles of each Table 6 cell (printed to 3 decimals); every cell must exist."""
    want = {**cells, **{(b, a): v for (a, b), v in cells.items()}}
    edit_raw(root, TABLE6,
             lambda r: (r["row_label"], r["column_label"]) if r["location"] == "Table 6" else None,
             {cell: {"value": repr(v), "printed": f"{v:.3f}"} for cell, v in want.items()})


def test_c06_follows_the_cell_it_quotes(tmp_project: Path) -> None:
    assert _verdicts(["C06"]) == {"C06": "discrepancy"}
    _edit(tmp_project, {(TRANSFERS, DEVELOPMENT): 0.93})
    assert _verdicts(["C06"]) == {"C06": "reproduced"}


def test_c04_follows_the_local_projects_row(tmp_project: Path) -> None:
    assert _verdicts(["C04"]) == {"C04": "discrepancy"}
    with open(tmp_project / "data" / "raw" / TABLE6, encoding="utf-8") as fh:
        others = [r["column_label"] for r in csv.DictReader(fh)
                  if r["location"] == "Table 6" and r["row_label"] == LOCAL and r["column_label"] != LOCAL]
    _edit(tmp_project, {(LOCAL, o): 0.1 for o in others})
    led = audit.run(ids=["C04"]).set_index("id")
    assert led.loc["C04", "verdict"] == "reproduced"
    assert "none of the six are moderate" in led.loc["C04", "note"]


def test_c05_follows_positive_semi_definiteness(tmp_project: Path) -> None:
    assert _verdicts(["C05"]) == {"C05": "reproduced"}
    # three variables that cannot correlate like this: a strongly negative eigenvalue
    _edit(tmp_project, {(TRANSFERS, DEVELOPMENT): -0.9})
    assert _verdicts(["C05"]) == {"C05": "discrepancy"}
