"""Notebooks are jupytext pairs (NN_name.py + NN_name.ipynb), committed clean and in sync.

The .py half is the source; the .ipynb holds the same cells with the outputs nbval checks.
A committed notebook holds no absolute path, host name, time stamp, papermill metadata or
random cell id. `make sync` (kzgov notebooks --sync) repairs all of these without running.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from kzgov import _notebook, runner

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIX = "run `make sync` (or `make notebooks`) and commit both files"


def test_there_are_notebooks_and_each_has_its_pair():
    assert len(NOTEBOOKS) >= 9
    for nb in NOTEBOOKS:
        assert nb.with_suffix(".py").is_file(), f"{nb.name} has no .py pair; {FIX}"
    for py in (REPO / "notebooks").glob("[0-9][0-9]_*.py"):
        assert py.with_suffix(".ipynb").is_file(), f"{py.name} has no .ipynb; {FIX}"


def test_no_notebook_builder_scripts_remain():
    leftovers = sorted(p.name for p in (REPO / "scripts").glob("*.py") if "make_notebook" in p.name or p.name == "nbbuild.py")
    assert leftovers == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_pair_is_in_sync(nb):
    assert _notebook.out_of_sync(nb) == [], FIX


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean(nb):
    assert _notebook.problems(nb) == [], FIX


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_comes_first(nb):
    first = _notebook.read_source(nb).cells[0]
    assert first.cell_type == "code" and "parameters" in first.metadata.get("tags", [])


@pytest.mark.parametrize("nb", NOTEBOOKS[:2], ids=lambda p: p.stem)
def test_rewriting_a_clean_notebook_changes_no_byte(nb, tmp_path):
    ipynb, py = _notebook.pair_of(nb)
    for f in (ipynb, py):
        shutil.copy2(f, tmp_path / f.name)
    copy = tmp_path / ipynb.name
    _notebook.write_pair(nbformat.read(str(copy), as_version=4), copy)
    assert (tmp_path / ipynb.name).read_bytes() == ipynb.read_bytes()
    assert (tmp_path / py.name).read_bytes() == py.read_bytes()


# ------------------------------------------------------------------ the checks can fail
@pytest.fixture
def pair(tmp_path):
    src = REPO / "notebooks" / "07_economic_effect.ipynb"
    for f in _notebook.pair_of(src):
        shutil.copy2(f, tmp_path / f.name)
    return tmp_path / src.name


def test_out_of_sync_sees_an_edit_of_the_py(pair):
    py = pair.with_suffix(".py")
    py.write_text(py.read_text(encoding="utf-8").replace("# %% [markdown]", "# %% [markdown]\n# An edit.", 1), encoding="utf-8")
    problems = _notebook.out_of_sync(pair)
    assert problems and "source" in problems[0]


def test_out_of_sync_sees_a_new_cell_in_the_ipynb(pair):
    nb = nbformat.read(str(pair), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1"))
    nbformat.write(nb, str(pair))
    assert any("cells" in p for p in _notebook.out_of_sync(pair))


@pytest.mark.parametrize(
    "noise, expected",
    [
        (lambda nb: nb.metadata.update(papermill={"input_path": "/work/x/nb.ipynb"}), "papermill"),
        (lambda nb: nb.cells[2].update(id="4f1c9a2e"), "deterministic"),
        (lambda nb: nb.cells[2].metadata.update(execution={"iopub.status.idle": "2026-11-30T09:00:00Z"}), "execution"),
        (lambda nb: _first_output(nb).update(text="wrote /home/alice/kzgov/data/processed/x.csv\n"), "/home/alice"),
        (lambda nb: _first_output(nb).update(text="run at 2026-11-30 09:12:44\n"), "2026-11-30 09:12:44"),
        (lambda nb: _first_output(nb).update(text=f"on {socket.gethostname()}-box\n" if len(socket.gethostname()) > 3 else "on /tmp/x\n"), "holds"),
        (lambda nb: nb.metadata.setdefault("kzgov", {}).update(provenance={"git": {}}), "provenance"),
    ],
    ids=["papermill", "random-id", "timing", "abs-path", "timestamp", "host", "provenance"],
)
def test_problems_sees_machine_noise(pair, noise, expected):
    nb = nbformat.read(str(pair), as_version=4)
    noise(nb)
    nbformat.write(nb, str(pair))
    found = _notebook.problems(pair)
    assert any(expected in p for p in found), found


def _first_output(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                return out
    raise AssertionError("no stream output")


def test_clean_removes_the_noise_and_sync_repairs_a_pair(pair):
    nb = nbformat.read(str(pair), as_version=4)
    nb.metadata["papermill"] = {"input_path": "/work/x/nb.ipynb", "start_time": "2026-11-30T09:00:00"}
    nb.cells[1]["id"] = "4f1c9a2e"
    nb.cells[1].metadata["papermill"] = {"duration": 0.1}
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, str(pair))
    assert _notebook.problems(pair)
    os.utime(pair.with_suffix(".py"), (time.time() - 60, time.time() - 60))
    _notebook.sync(pair)
    assert _notebook.problems(pair) == []
    assert _notebook.out_of_sync(pair) == []


def test_sync_takes_cells_from_the_newer_py_and_keeps_outputs(pair):
    before = nbformat.read(str(pair), as_version=4)
    n_out = sum(bool(c.get("outputs")) for c in before.cells)
    py = pair.with_suffix(".py")
    py.write_text(py.read_text(encoding="utf-8") + "\n# %%\nanswer = 42\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(py, (later, later))
    _notebook.sync(pair)
    after = nbformat.read(str(pair), as_version=4)
    assert after.cells[-1].source == "answer = 42"
    assert after.cells[-1].id == _notebook.cell_id(len(after.cells) - 1)
    assert sum(bool(c.get("outputs")) for c in after.cells) == n_out


def test_coalesce_joins_split_stream_chunks(pair):
    nb = nbformat.read(str(pair), as_version=4)
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stdout", text="\nb\n"),
    ]
    nb.cells.append(cell)
    _notebook.clean(nb)
    assert [o["text"] for o in nb.cells[-1].outputs] == ["a\nb\n"]


def test_runner_reads_parameters_from_the_py_source(pair):
    py = pair.with_suffix(".py")
    text = py.read_text(encoding="utf-8")
    first = text.index('# %% tags=["parameters"]\n') + len('# %% tags=["parameters"]\n')
    py.write_text(text[:first] + "extra_parameter = 3\n" + text[first:], encoding="utf-8")
    assert "extra_parameter" in runner._parameters_cell(pair)


# ------------------------------------------------------------------ JupyterLab saves both
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_jupyterlab_save_updates_the_py_pair(tmp_path):
    """Start JupyterLab as `make lab` does, save a notebook through its contents API, and
    see jupytext write the .py half of the pair."""
    work = tmp_path / "notebooks"
    work.mkdir()
    src = REPO / "notebooks" / "07_economic_effect.ipynb"
    for f in (*_notebook.pair_of(src), REPO / "notebooks" / "jupytext.toml"):
        shutil.copy2(f, work / f.name)
    lab = Path(sys.executable).with_name("jupyter-lab")
    if not lab.exists():
        pytest.skip("jupyter-lab is not installed in this environment")
    port, token = _free_port(), "kzgov-test-token"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    proc = subprocess.Popen(
        [str(lab), "--no-browser", f"--notebook-dir={work}", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api/contents/{src.name}"
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(urllib.request.Request(base, headers=headers), timeout=5) as r:
                    model = json.load(r)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise AssertionError("JupyterLab did not start: " + proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.5)
        content = model["content"]
        md = next(c for c in content["cells"] if c["cell_type"] == "markdown")
        md["source"] = md["source"] + "\n\nEdited in JupyterLab."
        body = json.dumps({"type": "notebook", "format": "json", "content": content}).encode()
        req = urllib.request.Request(base, data=body, headers=headers, method="PUT")
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.status in (200, 201)
        assert "# Edited in JupyterLab." in (work / src.with_suffix(".py").name).read_text(encoding="utf-8")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
