"""A user's execution file in the layout of data/raw/templates/execution_template.csv.

Files written here are synthetic test inputs (named ``synthetic_*.csv``), not data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzgov import budget, execution
from kzgov.errors import DataError, RegionError, ScopeError, UnitError

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "data" / "raw" / "templates" / "execution_template.csv"
HEADER = "region,date,unit,scope,revenue,tax_revenue,transfers,subventions,withdrawals,expenditure"
SCOPE = "consolidated local budget of a region"


def _write(tmp_path: Path, *rows: str) -> Path:
    p = tmp_path / "synthetic_execution.csv"
    p.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return p


def test_template_reads_and_matches_the_bulletin() -> None:
    t = execution.read_execution(TEMPLATE)
    assert t.scope == budget._SCOPE_CONSOLIDATED and t.unit == "million KZT"
    row = t.frame.iloc[0]
    panel_row = execution.execution_table(region="TRK").select(year=2024).frame.iloc[0]
    for col in ("income", "tax_receipts", "transfers", "expenses", "subventions"):
        assert row[col] == panel_row[col]
    # read_budget hands the execution layout over
    assert budget.read_budget(TEMPLATE).scope == budget._SCOPE_CONSOLIDATED


def test_units_are_converted(tmp_path: Path) -> None:
    p = _write(tmp_path, f"AKM,2020,thousand KZT,{SCOPE},2000,1000,500,,,1500",
               f"Akmola region,2021-12-31,million tenge,{SCOPE},3,1,1,,,2")
    t = execution.read_execution(p).frame.set_index("year")
    assert t.loc[2020, "income"] == pytest.approx(2.0)
    assert t.loc[2021, "income"] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("row", "error", "column", "fragment"),
    [
        (f"XXX,2024,million KZT,{SCOPE},1,1,1,,,1", RegionError, "region", "XXX"),
        (f"TRK,2024-08-01,million KZT,{SCOPE},1,1,1,,,1", DataError, "date", "not a full year"),
        (f"TRK,2024,million KZT,{SCOPE},-5,1,1,,,1", DataError, "revenue", "-5"),
        ("TRK,2024,,consolidated local budget of a region,1,1,1,,,1", UnitError, "unit", "missing"),
    ],
)
def test_errors_name_file_column_and_row(tmp_path: Path, row: str, error: type, column: str,
                                         fragment: str) -> None:
    p = _write(tmp_path, f"AKM,2023,million KZT,{SCOPE},1,1,1,,,1", row)
    with pytest.raises(error) as exc:
        execution.read_execution(p)
    msg = str(exc.value)
    assert "synthetic_execution.csv" in msg and f"column '{column}'" in msg and "row 2" in msg
    assert fragment in msg


def test_mixed_scope_names_both(tmp_path: Path) -> None:
    p = _write(tmp_path, f"AKM,2023,million KZT,{SCOPE},1,1,1,,,1",
               "AKM,2024,million KZT,oblast-level budget,1,1,1,,,1")
    with pytest.raises(ScopeError) as exc:
        execution.read_execution(p)
    msg = str(exc.value)
    assert "column 'scope', row 2" in msg and SCOPE in msg and "oblast-level budget" in msg


def test_cli_input_error_exits_2_and_writes_nothing(tmp_project: Path, tmp_path: Path) -> None:
    for suffix in (".ipynb", ".py"):
        shutil.copy2(REPO / "notebooks" / f"01_turkestan_budget{suffix}", tmp_project / "notebooks")
    p = _write(tmp_path, f"TRK,2024-08-01,million KZT,{SCOPE},1,1,1,,,1")
    proc = subprocess.run(
        [sys.executable, "-m", "kzgov.cli", "run", "01_turkestan_budget", "-p", "budget_file",
         str(p), "--no-html"], capture_output=True, text=True, timeout=180, env=os.environ.copy())
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "synthetic_execution.csv" in proc.stderr and "column 'date'" in proc.stderr
    assert not list((tmp_project / "data" / "processed").rglob("*.csv"))
