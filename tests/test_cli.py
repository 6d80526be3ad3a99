"""The ``kzgov`` command: clear one-line errors without tracebacks, exit status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kzgov import cli

KZGOV = [sys.executable, "-m", "kzgov.cli"]


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KZGOV, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=os.environ.copy()
    )


def _assert_clean_error(proc: subprocess.CompletedProcess, fragment: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert 1 <= len(lines) <= 2, proc.stderr
    assert lines[0].startswith("kzgov: error: ")
    assert fragment in proc.stderr


@pytest.fixture
def nb(synthetic_notebook):
    return synthetic_notebook(
        "90_synthetic_cli", params="region = 'A'\nn = 1",
        body=["print(region, n)"],
        domains={"region": {"type": "str", "values": ["A", "B"]}, "n": {"type": "int", "min": 0}},
    )


def test_unknown_notebook_exits_2_without_traceback(nb):
    _assert_clean_error(_run("run", "nope"), "unknown notebook 'nope'; known notebooks: 90_synthetic_cli")


def test_unknown_parameter_exits_2(nb, tmp_project):
    _assert_clean_error(_run("run", "90", "-p", "regoin", "A"), "has no parameter 'regoin'; its parameters are: n, region")
    assert not any((tmp_project / "reports").iterdir())


def test_value_outside_domain_lists_valid_values(nb, tmp_project):
    _assert_clean_error(
        _run("batch", "90", "--param", "region", "--values", "A,Z"),
        "must be one of 'A', 'B'. Got 'Z' instead.",
    )
    assert not any((tmp_project / "reports").iterdir())


def test_data_error_is_one_line(tmp_project):
    bad = tmp_project / "data" / "meta" / "resources" / "kz_stat_regions.json"
    bad.write_text("{not json")
    _assert_clean_error(_run("datapackage", "build"), "data/meta/resources/kz_stat_regions.json: invalid JSON")


def test_in_process_errors_use_the_same_shape(nb, capsys):
    assert cli.main(["run", "90", "-p", "n", "-3"]) == 2
    err = capsys.readouterr().err
    assert err == "kzgov: error: The 'n' parameter of 90_synthetic_cli must be ≥ 0. Got -3 instead.\n"


def test_parameter_given_twice(nb, capsys):
    assert cli.main(["run", "90", "-p", "n", "1", "-p", "n", "2"]) == 2
    assert "given twice" in capsys.readouterr().err


def test_params_lists_domains(nb, capsys):
    assert cli.main(["params", "90"]) == 0
    out = capsys.readouterr().out
    assert "region: str = 'A'; one of 'A', 'B'" in out
    assert "n: int = 1; ≥ 0" in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["reproduce", "--jobs", "0"])
    assert info.value.code == 2
    assert cli.main([]) == 2


def test_datapackage_check_on_a_changed_file_exits_1(tmp_project):
    target = tmp_project / "data" / "raw" / "kz_stat" / "regions.csv"
    target.write_bytes(target.read_bytes() + b"x")
    proc = _run("datapackage", "check", "--no-frictionless")
    assert proc.returncode == 1
    assert "data/raw/kz_stat/regions.csv: sha256" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_delegate_says_so(monkeypatch, capsys):
    import importlib

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "kzgov.audit":
            raise ModuleNotFoundError("No module named 'kzgov.audit'", name="kzgov.audit")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    assert cli.main(["audit", "--help"]) == 2
    assert "kzgov: error: kzgov.audit is not available" in capsys.readouterr().err


def test_delegate_receives_its_arguments(monkeypatch):
    import importlib
    import types

    seen = {}
    mod = types.SimpleNamespace(main=lambda argv: seen.setdefault("argv", argv) and 0)
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module", lambda n, *a, **k: mod if n == "kzgov.forecast" else real(n, *a, **k))
    assert cli.main(["forecast", "train", "--seed", "1"]) == 0
    assert seen["argv"] == ["train", "--seed", "1"]


@pytest.mark.slow
def test_failing_notebook_exits_1_naming_notebook_and_cell(synthetic_notebook, tmp_project):
    synthetic_notebook("91_synthetic_boom", params="x = 1", body=["y = 2", "1 / 0"])
    proc = _run("reproduce", "--only", "91", "--quiet", "--no-html")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "kzgov: error: notebook 91_synthetic_boom failed in cell 4" in proc.stderr
    assert "ZeroDivisionError: division by zero" in proc.stderr


def test_import_cli_is_light():
    code = "import sys, kzgov.cli; print(sorted(m for m in ('pandas','papermill','numpy','nbformat') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.replace("'", '"')) == []
