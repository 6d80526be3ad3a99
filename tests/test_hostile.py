"""Hostile but fair input: no silent wrong number, nothing overwritten, clear messages.

Each test is a case a new user met: an ``inf`` amount, a partial audit, a large file, a
20-digit integer, a semicolon-separated file, a duplicate region-year, a bad survey file,
a failing notebook, the exit-code rule, file modes, batch labels and long parameter
values. Files are synthetic (named so) or copies of the packaged template.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kzgov import budget, data, panel, runner, survey
from kzgov.errors import DataError, ParameterError, SurveyError
from kzgov.study import turkestan_budget as study

KZGOV = [sys.executable, "-m", "kzgov.cli"]
REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "data" / "raw" / "templates" / "budget_template.csv"


def _kzgov(*args: str, env: dict[str, str] | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KZGOV, *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def _copy_notebook(stem: str, project: Path) -> None:
    """Copy a notebook (both halves of its jupytext pair) into a temporary project."""
    for suffix in (".ipynb", ".py"):
        src = REPO / "notebooks" / f"{stem}{suffix}"
        if src.is_file():
            shutil.copy2(src, project / "notebooks")


def _template_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _rows(tmp_path: Path, n: int, name: str = "synthetic_budget.csv") -> Path:
    """A synthetic budget file of ``n`` rows (one region, years 2001..)."""
    header, row = TEMPLATE.read_text(encoding="utf-8").splitlines()[:2]
    rest = row.split(",", 2)[2]
    lines = [header] + [f"Kostanay region,{2000 + i},{rest}" for i in range(1, n + 1)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# =========================================================================== 1. non-finite
@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "-INF"])
def test_budget_file_with_infinite_amount_is_refused_at_reading(tmp_path, value):
    path = _template_with(tmp_path, "synthetic_inf.csv", "521311638.6", value)
    pattern = rf"synthetic_inf\.csv: column 'income', row 1: '{value}' is not a finite number"
    with pytest.raises(DataError, match=pattern):
        data.read_table(path, like="budget_template")
    with pytest.raises(DataError, match=pattern):
        budget.read_budget(path)


def test_budget_table_from_a_frame_refuses_inf():
    frame = pd.DataFrame({"region": ["Turkestan region"], "year": [2024], "income": [math.inf]})
    with pytest.raises(DataError, match=r"column 'income', row 1: inf is not a finite number"):
        budget.BudgetTable(frame, unit="million KZT")


def test_check_identities_never_reports_an_infinite_amount_as_ok():
    table = study.table5()
    table.frame.loc[0, "income"] = math.inf  # a frame changed after validation
    ident = budget.check_identities(table).set_index("identity")
    assert ident.loc["income", "status"] == "not checkable"
    assert "income (not finite)" in ident.loc["income", "missing"]
    assert (budget.check_identities(table)["status"] == "ok").sum() < (
        budget.check_identities(study.table5())["status"] == "ok"
    ).sum()


def test_panel_series_with_inf_is_refused():
    series = pd.DataFrame({"region": ["AKM", "AKM"], "year": [2020, 2021], "value": [1.0, math.inf]})
    with pytest.raises(DataError, match=r"series 'grp'.*inf for \(AKM, 2021\) is not a finite number"):
        panel.published("grp", series=series)


def test_survey_codebook_with_inf_is_refused(tmp_path):
    src = data.resource_path("survey_codebook")
    lines = src.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("question_number")
    cells = lines[1].split(",")
    cells[col] = "inf"
    lines[1] = ",".join(cells)
    path = tmp_path / "synthetic_codebook.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"synthetic_codebook\.csv: column 'question_number', row 1: 'inf' is not a finite"):
        survey.load_codebook(path)


@pytest.mark.slow
def test_run_01_with_inf_budget_exits_2_and_writes_nothing(tmp_project, tmp_path):
    _copy_notebook("01_turkestan_budget", tmp_project)
    path = _template_with(tmp_path, "synthetic_inf.csv", "521311638.6", "inf")
    proc = _kzgov("run", "01", "-p", "budget_file", str(path), "-p", "region", "Kostanay region", "--no-html")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "raised DataError" in proc.stderr
    assert "column 'income', row 1: 'inf' is not a finite number" in proc.stderr
    assert not [p for p in (tmp_project / "data" / "processed").rglob("*.csv")]


# =========================================================================== 2. partial audit
def test_audit_unknown_claim_id_exits_2_with_near_matches(tmp_project):
    proc = _kzgov("audit", "--only", "M01x")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "unknown claim id 'M01x'; did you mean M01" in proc.stderr
    proc = _kzgov("audit", "--only", "BOGUS")
    assert proc.returncode == 2
    assert "unknown claim id 'BOGUS'" in proc.stderr
    assert not (tmp_project / "data" / "processed" / "audit.csv").exists()


def test_partial_audit_writes_under_batch_and_keeps_the_full_ledger(tmp_project):
    full = tmp_project / "data" / "processed" / "audit.csv"
    full.write_text("the full ledger\n", encoding="utf-8")
    proc = _kzgov("audit", "--only", "M01", "M02")
    assert proc.returncode == 0, proc.stderr
    assert full.read_text(encoding="utf-8") == "the full ledger\n"
    part = tmp_project / "data" / "processed" / "batch" / "audit" / "only=M01+M02" / "audit.csv"
    ledger = pd.read_csv(part)
    assert list(ledger["id"]) == ["M01", "M02"]


# =========================================================================== 4. large input
def test_row_limit_fails_early_and_can_be_raised(tmp_path, monkeypatch):
    path = _rows(tmp_path, 6)
    monkeypatch.setenv("KZGOV_MAX_ROWS", "5")
    with pytest.raises(DataError, match=r"synthetic_budget\.csv: file has more than 5 data rows.*KZGOV_MAX_ROWS"):
        budget.read_budget(path)
    assert len(data.read_table(path, like="budget_template", max_rows=6)) == 6
    monkeypatch.setenv("KZGOV_MAX_ROWS", "6")
    assert len(budget.read_budget(path).frame) == 6


def test_byte_limit_fails_before_reading(tmp_path, monkeypatch):
    path = _rows(tmp_path, 3)
    size = path.stat().st_size
    monkeypatch.setenv("KZGOV_MAX_BYTES", str(size - 1))
    with pytest.raises(DataError, match=rf"file is {size:,} bytes, more than the {size - 1:,} bytes.*KZGOV_MAX_BYTES"):
        budget.read_budget(path)
    with pytest.raises(SurveyError, match="KZGOV_MAX_BYTES"):
        survey.read_responses(path, group="civil_servants")
    assert len(data.read_table(path, like="budget_template", max_bytes=size)) == 3
    monkeypatch.setenv("KZGOV_MAX_BYTES", "lots")
    with pytest.raises(ParameterError, match="KZGOV_MAX_BYTES must be an integer"):
        budget.read_budget(path)


def test_default_limits_are_stated():
    rows, size = data._input_limits()
    assert (rows, size) == (data._DEFAULT_MAX_ROWS, data._DEFAULT_MAX_BYTES)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"{data._DEFAULT_MAX_ROWS:,} data rows" in readme and "KZGOV_MAX_ROWS" in readme
    assert f"{data._DEFAULT_MAX_BYTES:,} bytes" in readme and "KZGOV_MAX_BYTES" in readme


# =========================================================================== 5. huge integers
@pytest.mark.parametrize("value", ["1e20", "12345678901234567890", "-99999999999999999999"])
def test_huge_integer_is_a_data_error_not_a_type_error(tmp_path, value):
    path = _template_with(tmp_path, "synthetic_year.csv", "Kostanay region,2025", f"Kostanay region,{value}")
    with pytest.raises(DataError, match=rf"column 'year', row 1: '{value}' is too large for an integer column"):
        budget.read_budget(path)


def test_largest_exact_integer_still_reads(tmp_path):
    path = tmp_path / "synthetic_int.csv"
    path.write_text(f"n\n{2**53}\n", encoding="utf-8")
    df = data.read_table(path, schema={"fields": [{"name": "n", "type": "integer"}]})
    assert int(df.loc[0, "n"]) == 2**53


# =========================================================================== 6. messages
def test_semicolon_separated_file_is_named_as_such(tmp_path):
    path = tmp_path / "synthetic_semicolon.csv"
    path.write_text(TEMPLATE.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(DataError, match=r"synthetic_semicolon\.csv: the file looks semicolon-separated"):
        budget.read_budget(path)


def test_duplicate_region_year_names_the_key(tmp_path):
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "synthetic_dup.csv"
    path.write_text("\n".join([lines[0], lines[1], lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        budget.read_budget(path)
    msg = str(info.value)
    assert "rows 1 and 2 repeat the key (region='Kostanay region', year=2025)" in msg
    assert "each (region, year) must appear once" in msg
    assert "column 'region'" not in msg


@pytest.mark.parametrize(
    "content, pattern",
    [
        (b"", r"synthetic_survey\.csv: file is empty"),
        (b"respondent_id,q1\n1,a,b\n", r"synthetic_survey\.csv: row 1: malformed CSV: expected 2 fields"),
        ("respondent_id,q1\n1,café\n".encode("latin-1"), r"synthetic_survey\.csv: file is not valid UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"synthetic_survey\.csv: this is a binary file"),
        (b'respondent_id,q1\n1,"open\n2,b\n', r"synthetic_survey\.csv: malformed CSV at line 2: a quoted field opens"),
    ],
    ids=["empty", "ragged", "latin-1", "binary", "unclosed-quote"],
)
def test_bad_survey_file_is_a_survey_error_naming_the_file(tmp_path, content, pattern):
    path = tmp_path / "synthetic_survey.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyError, match=pattern):
        survey.read_responses(path, group="civil_servants")


def test_unterminated_quote_in_csv_is_reported_where_it_opens(tmp_path):
    path = tmp_path / "synthetic_quote.csv"
    path.write_text('a,b\n1,2\n3,"open\n5,6\n7,8\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"malformed CSV at line 3: a quoted field opens on this line"):
        data.read_table(path, schema={"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]})


def test_first_year_after_last_year_is_refused_before_the_run(tmp_project):
    _copy_notebook("03_regional_correlation", tmp_project)
    proc = _kzgov("run", "03", "-p", "first_year", "2020", "-p", "last_year", "2015")
    assert proc.returncode == 2, proc.stderr
    assert ("The 'first_year' parameter of 03_regional_correlation must be less than "
            "'last_year' (2015). Got 2020 instead.") in proc.stderr
    assert not any((tmp_project / "reports").rglob("*"))
    with pytest.raises(ParameterError, match="must be less than 'last_year' \\(2013\\)"):
        runner.validate_parameters(tmp_project / "notebooks" / "03_regional_correlation.ipynb",
                                   {"last_year": "2013", "first_year": "2015"})


FAILING_CELL = """\
%matplotlib inline
import math
x = math.sqrt(4)
y = 1 / (x - 2)
print(y)
"""


@pytest.mark.slow
def test_failing_notebook_is_named_by_the_line_that_raised(synthetic_notebook, tmp_project):
    synthetic_notebook("96_synthetic_raise", params="k = 1", body=["z = 0", FAILING_CELL])
    with pytest.raises(runner.NotebookFailure) as info:
        runner.reproduce(only=["96"], progress=False, html=False)
    msg = str(info.value)
    assert "cell 4, line 4 (y = 1 / (x - 2)) raised ZeroDivisionError" in msg
    assert "%matplotlib" not in msg


# =========================================================================== 7. exit codes
KZGOV_ERROR_BODY = """\
from kzgov.errors import DataError
raise DataError("synthetic bad value", path="synthetic.csv", column="c", row=3)
"""


@pytest.mark.slow
def test_exit_code_rule(synthetic_notebook, tmp_project):
    synthetic_notebook("97_synthetic_input_error", params="k = 1", body=[KZGOV_ERROR_BODY],
                       domains={"k": {"type": "int", "min": 0}})
    synthetic_notebook("98_synthetic_bug", params="k = 1", body=["raise RuntimeError('synthetic bug')"])
    # a kzgov error raised inside the notebook from the user's data: input error, 2
    proc = _kzgov("run", "97", "--no-html")
    assert proc.returncode == 2, proc.stderr
    assert "synthetic.csv: column 'c', row 3: synthetic bad value" in proc.stderr
    assert "Traceback" not in proc.stderr
    # any other failure inside a notebook: 1
    proc = _kzgov("run", "98", "--no-html")
    assert proc.returncode == 1, proc.stderr
    assert "RuntimeError: synthetic bug" in proc.stderr
    # both in one run: the worse (1) wins
    proc = _kzgov("reproduce", "--only", "97,98", "--no-html", "-q")
    assert proc.returncode == 1, proc.stderr
    # a parameter outside its domain, before anything runs: 2
    assert _kzgov("run", "97", "-p", "k", "-1").returncode == 2


def test_exit_code_rule_is_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command reference", 1)[1].split("\n## ", 1)[0]
    for needle in ("Exit status", "`0`", "`1`", "`2`", "`130`", "SIGTERM", "kzgov.errors"):
        assert needle in section, needle
    from kzgov import cli

    for needle in ("``2``", "``1``", "``130``", "SIGTERM"):
        assert needle in cli.__doc__


# =========================================================================== 8. minor
@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_write_processed_respects_the_umask(tmp_project, mask, mode):
    old = os.umask(mask)
    try:
        path = data.write_processed("synthetic/mode.csv", pd.DataFrame({"a": [1]}))
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


def test_batch_files_of_one_name_in_two_folders_get_two_folders(synthetic_notebook, tmp_path):
    nb = synthetic_notebook("90_synthetic_path", params="source = None",
                            domains={"source": {"type": "path", "nullable": True}})
    (tmp_path / "a").mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "b.csv").write_text("x\n1\n")
    (tmp_path / "c" / "b.csv").write_text("x\n2\n")
    jobs = [
        runner._make_job(nb, runner.validate_parameters(nb, {"source": str(tmp_path / d / "b.csv")}))
        for d in ("a", "c")
    ]
    assert jobs[0].processed_dir != jobs[1].processed_dir
    assert jobs[0].output_ipynb != jobs[1].output_ipynb
    assert all("source=b.csv~" in j.label for j in jobs)


@pytest.mark.slow
def test_parameters_cell_with_equals_in_a_comment_runs_without_papermill_warnings(synthetic_notebook):
    synthetic_notebook(
        "90_synthetic_comment",
        params="# Parameters. None = the packaged data.\npath_a = None  # a file; None = packaged\nlevel = 0.95  # in (0, 1)",
        body=["print(level)"],
        domains={"path_a": {"type": "path", "nullable": True}, "level": {"type": "float", "min": 0.5, "max": 0.999}},
    )
    proc = _kzgov("run", "90", "-p", "level", "0.9", "--no-html")
    assert proc.returncode == 0, proc.stderr
    assert "Unable to parse line" not in proc.stderr
    assert "Passed unknown parameter" not in proc.stderr


def test_long_parameter_value_is_not_echoed_in_full(synthetic_notebook):
    synthetic_notebook("90_synthetic_long", params="region = 'A'",
                       domains={"region": {"type": "str", "values": ["A", "B"]}})
    value = "x" * 100_000
    proc = _kzgov("run", "90", "-p", "region", value)
    assert proc.returncode == 2
    assert len(proc.stderr) < 400, len(proc.stderr)
    assert "… (100,000 characters)" in proc.stderr
    proc = _kzgov("run", "90", "-p", "regionnnnn" * 10_000, "A")
    assert proc.returncode == 2 and len(proc.stderr) < 400
