"""SIGTERM and SIGHUP stop a run as SIGINT does: exit 130, nothing left running or behind.

Each test starts ``kzgov`` in a process group of its own (``start_new_session=True``) on
synthetic notebooks that sleep, waits until their kernels run, signals the command, and
checks that every process it started (pool workers, kernels) is gone, that no staging
folder or kernel connection file is left, and that ``reports`` and ``data/processed`` were
not touched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

SLEEP_BODY = [
    """
import os, pathlib, time
pathlib.Path(os.environ["KZGOV_TEST_MARKS"], str(os.getpid())).touch()
time.sleep(300)
"""
]


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            continue
    return out


def _run_and_signal(args: list[str], sig: int, n_kernels: int, marks: Path) -> tuple[int, str, list[psutil.Process]]:
    env = {**os.environ, "KZGOV_TEST_MARKS": str(marks)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kzgov.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(list(marks.iterdir())) < n_kernels:
            if proc.poll() is not None or time.monotonic() > deadline:
                out, err = proc.communicate(timeout=10)
                pytest.fail(f"the kernels did not start (rc={proc.returncode}): {err[-2000:]}")
            time.sleep(0.2)
        started = _descendants(proc.pid)
        kernels = [psutil.Process(int(p.name)) for p in marks.iterdir()]
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(proc.pid, signal.SIGKILL)
    time.sleep(0.5)
    return proc.returncode, err, _alive(started + kernels)


def _assert_nothing_left(tmp_project: Path) -> None:
    staging = tmp_project / ".cache" / "kzgov" / "staging"
    left = list(staging.iterdir()) if staging.is_dir() else []
    assert left == [], f"staging folders left behind: {left}"
    assert not list(tmp_project.rglob("kernel-connection.json"))
    assert not [p for p in (tmp_project / "reports").rglob("*") if p.is_file()]
    assert not [p for p in (tmp_project / "data" / "processed").rglob("*") if p.is_file()]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_on_reproduce_jobs_2_stops_pool_and_kernels(sig, synthetic_notebook, tmp_project, tmp_path):
    for name in ("93_synthetic_sleep_a", "94_synthetic_sleep_b", "95_synthetic_sleep_c"):
        synthetic_notebook(name, body=SLEEP_BODY)
    marks = tmp_path / "marks"
    marks.mkdir()
    rc, err, alive = _run_and_signal(["reproduce", "--jobs", "2", "--no-html", "-q"], sig, 2, marks)
    assert rc == 130, err
    assert "kzgov: interrupted" in err
    assert "Traceback" not in err
    assert alive == [], f"still running after {signal.Signals(sig).name}: {alive}"
    assert len(list(marks.iterdir())) == 2  # the queued third notebook never started
    _assert_nothing_left(tmp_project)


@pytest.mark.slow
def test_sigterm_on_run_kills_the_kernel_and_removes_staging(synthetic_notebook, tmp_project, tmp_path):
    synthetic_notebook("93_synthetic_sleep", params="x = 1", body=SLEEP_BODY)
    marks = tmp_path / "marks"
    marks.mkdir()
    rc, err, alive = _run_and_signal(["run", "93", "-p", "x", "2", "--no-html"], signal.SIGTERM, 1, marks)
    assert rc == 130, err
    assert "Traceback" not in err
    assert alive == [], f"still running after SIGTERM: {alive}"
    _assert_nothing_left(tmp_project)
