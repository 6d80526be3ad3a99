"""nbval checks displayed tables, not only printed text.

The notebooks display their tables as DataFrames or as pandas Stylers with a fixed uuid
(``Styler.set_uuid``) instead of printing ``df.to_string()``. These tests show, on a small
synthetic notebook executed here, that nbval (run as ``make test`` runs it: ``--nbval-lax``
with ``tests/nbval_sanitize.cfg``) compares what such a cell displays:

* a stored output that matches a fresh run passes;
* changing one displayed value in the code makes nbval fail;
* a Styler with a fixed uuid gives the same HTML on every run, while one without
  ``set_uuid`` gets random element ids and fails;
* a Styler's ``text/plain`` is only its repr, whose memory address changes on every run:
  ``kzgov notebooks`` stores it as ``0x0`` (``_notebook.clean``), so a committed notebook
  is byte-identical across runs, and nbval's sanitizer maps both to the same text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kzgov import _notebook

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("nbval")

REPO = Path(__file__).resolve().parents[1]
SANITIZE = REPO / "tests" / "nbval_sanitize.cfg"
TAG = {"tags": ["nbval-check-output"]}

SETUP = 'import pandas as pd\n\nrevenue = pd.DataFrame({"year": [2024, 2025], "revenue": [79113.1, 81250.4]})'
FRAME = 'revenue.assign(share=[0.25, 0.75])'
STYLER = (
    'revenue.style.hide(axis="index").format({"revenue": "{:,.1f}"})'
    '.set_caption("Synthetic revenue (million tenge) by year").set_uuid("synthetic-revenue")'
)


def _synthetic(*cells: tuple[str, bool]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [
        nbformat.v4.new_code_cell(src, metadata=dict(TAG) if tagged else {}) for src, tagged in cells
    ]
    return nb


def _execute(nb: nbformat.NotebookNode, path: Path) -> Path:
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    _notebook.clean(nb)  # as kzgov notebooks stores it
    nbformat.write(nb, str(path))
    return path


def _nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-sanitize-with", str(SANITIZE),
         path.name, "-q", "-p", "no:cacheprovider"],
        cwd=path.parent, capture_output=True, text=True, timeout=300,
    )


def _edit(path: Path, old: str, new: str) -> None:
    """Change a code cell's source without touching its stored outputs."""
    nb = nbformat.read(str(path), as_version=4)
    hits = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
    assert len(hits) == 1
    hits[0].source = hits[0].source.replace(old, new)
    nbformat.write(nb, str(path))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A synthetic notebook whose tagged cells display a DataFrame and a fixed-uuid Styler."""
    path = tmp_path_factory.mktemp("nbval") / "synthetic.ipynb"
    return _execute(_synthetic((FRAME, True), (STYLER, True)), path)


def test_stored_outputs_are_rich_and_a_rerun_passes(synthetic):
    nb = nbformat.read(str(synthetic), as_version=4)
    frame, styler = (c.outputs[0]["data"] for c in nb.cells[1:])
    assert "<table" in frame["text/html"] and "0.75" in frame["text/plain"]
    assert 'id="T_synthetic-revenue"' in styler["text/html"] and "81,250.4" in styler["text/html"]
    assert styler["text/plain"] == "<pandas.io.formats.style.Styler at 0x0>"  # the HTML carries the values
    result = _nbval(synthetic)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("old, new", [("0.75", "0.76"), ('"{:,.1f}"', '"{:,.2f}"')],
                         ids=["dataframe-value", "styler-format"])
def test_changing_a_displayed_value_makes_nbval_fail(synthetic, tmp_path, old, new):
    copy = tmp_path / synthetic.name
    copy.write_bytes(synthetic.read_bytes())
    _edit(copy, old, new)
    result = _nbval(copy)
    assert result.returncode != 0, result.stdout
    assert "mismatch 'text/html'" in result.stdout, result.stdout


def test_a_styler_without_a_fixed_uuid_differs_on_every_run(tmp_path):
    path = _execute(_synthetic((STYLER.replace('.set_uuid("synthetic-revenue")', ""), True)),
                    tmp_path / "synthetic.ipynb")
    result = _nbval(path)
    assert result.returncode != 0, result.stdout
    assert "mismatch 'text/html'" in result.stdout, result.stdout


def test_clean_stores_a_fixed_address_and_problems_flags_a_raw_one(tmp_path):
    nb = _synthetic(("revenue.style", True))
    raw = "<pandas.io.formats.style.Styler at 0x7f3a2c1b9d50>"
    nb.cells[1].outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/plain": raw, "text/html": "<table></table>"}, execution_count=1)]
    path = tmp_path / "synthetic.ipynb"
    nbformat.write(nb, str(path))
    assert any("0x7f3a2c1b9d50" in p for p in _notebook.problems(path))
    _notebook.clean(nb)
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "<pandas.io.formats.style.Styler at 0x0>"
    nbformat.write(nb, str(path))
    assert not [p for p in _notebook.problems(path) if "address" in p]
