"""A notebook's metadata may only name a domain function inside kzgov, and confidence levels
are any float in (0, 1) wherever the library accepts them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kzgov import runner
from kzgov.errors import ParameterError

REPO = Path(__file__).resolve().parents[1]


def _crafted(tmp_path: Path, ref: str, key: str = "parameters") -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("# Crafted (synthetic)")]
    nb.metadata["kzgov"] = {key: ref}
    path = tmp_path / "97_synthetic_crafted.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.mark.parametrize("key", ["parameters", "domains"])
@pytest.mark.parametrize(
    "ref",
    ["os:abort", "builtins:eval", "subprocess:run", "kzgovx.evil:PARAMETERS",
     "kzgov.runner:_domain_packages", "os.path:join", "kzgov budget:PARAMETERS", "os:ABORT"],
)
def test_metadata_naming_anything_outside_kzgov_is_refused(tmp_path, ref, key, monkeypatch):
    monkeypatch.delenv("KZGOV_DOMAIN_MODULES", raising=False)
    with pytest.raises(ParameterError, match="must name a declaration inside kzgov"):
        runner.domains(_crafted(tmp_path, ref, key))


def test_a_kzgov_name_that_is_not_a_declaration_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("KZGOV_DOMAIN_MODULES", raising=False)
    with pytest.raises(ParameterError, match="not a kzgov.constraints.Parameters"):
        runner.domains(_crafted(tmp_path, "kzgov.audit:VERDICTS"))
    with pytest.raises(ParameterError, match="not a function defined in kzgov"):
        runner.domains(_crafted(tmp_path, "kzgov.runner:os", "domains"))


def test_kzgov_params_on_os_abort_prints_one_line_and_exits_2(tmp_path):
    nb = _crafted(tmp_path, "os:abort")
    env = {k: v for k, v in os.environ.items() if k != "KZGOV_DOMAIN_MODULES"}
    proc = subprocess.run(
        [sys.executable, "-c", "from kzgov.cli import main; raise SystemExit(main())", "params", str(nb)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr)  # not -6 (SIGABRT)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kzgov: error: "), proc.stderr
    assert "'os:abort'" in lines[0]


def test_the_packaged_notebooks_name_kzgov_domains():
    for nb in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        runner.domains(nb)  # raises if a packaged notebook names anything else


@pytest.mark.parametrize("notebook", ["02_survey_tabulation", "04_ppp_projects", "07_economic_effect"])
@pytest.mark.parametrize("level", ["0.975", "0.5", "0.999", "0.01"])
def test_any_confidence_in_the_open_unit_interval_is_accepted(notebook, level):
    nb = runner.resolve_notebook(notebook)
    assert runner.validate_parameters(nb, {"confidence": level}) == {"confidence": float(level)}


@pytest.mark.parametrize("notebook", ["02_survey_tabulation", "04_ppp_projects", "07_economic_effect"])
@pytest.mark.parametrize("level, message", [("1.0", "must be < 1.0"), ("0", "must be > 0.0"), ("95", "must be < 1.0")])
def test_confidence_outside_the_open_interval_is_refused(notebook, level, message):
    nb = runner.resolve_notebook(notebook)
    with pytest.raises(ParameterError, match=message):
        runner.validate_parameters(nb, {"confidence": level})


def test_kzgov_params_shows_open_bounds():
    rows = {r["name"]: r for r in runner.parameter_table(runner.resolve_notebook("02"))}
    assert rows["confidence"]["domain"] == "> 0.0; < 1.0"
