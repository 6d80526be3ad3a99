"""Wall time of `kzgov reproduce`, cold and warm, with --jobs 1 and --jobs 2, against a floor.

* cold: .cache/kzgov and data/processed cleared first; warm: data/processed cleared, the
  cache kept (the second run of `make reproduce`).
* floor: papermill on one synthetic notebook that only imports the libraries the notebooks
  use (kzgov, pandas, numpy, matplotlib, seaborn, scipy, statsmodels, pingouin, torch,
  lightning), through the same runner (kernel start, one BLAS thread), times the number of
  notebooks. It is what a reproduction would cost if the notebooks computed nothing.
* import kzgov: best of several fresh interpreters.

Goals on the 2-core machine (issue 2): warm ≤ 1.5 × floor; cold < 6 min; warm --jobs 2 at
least 1.6 × faster than --jobs 1; import kzgov < 0.5 s. Times are printed, not asserted.

    python benchmarks/reproduce.py            # on the project itself (clears data/processed, .cache)
    python benchmarks/reproduce.py --copy     # on a temporary copy of the project
    python benchmarks/reproduce.py --quick    # warm runs only, fewer repetitions
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from kzgov import paths, runner

FLOOR_IMPORTS = """\
import kzgov, kzgov.data, kzgov.plots
import numpy, pandas, scipy.stats, statsmodels.api, pingouin
import matplotlib.pyplot, seaborn
import torch, lightning
"""

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}


def clear(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        if p.name == ".gitkeep":
            continue
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()


def time_import(repeat: int) -> tuple[float, float]:
    """Best wall time of `python -c "import kzgov"`, and of a bare `python -c pass`."""
    def best(code: str) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
            times.append(time.perf_counter() - t0)
        return min(times)

    return best("import kzgov"), best("pass")


def time_floor(repeat: int) -> float:
    """Best wall time of one papermill run of a notebook that only imports the libraries."""
    with tempfile.TemporaryDirectory(prefix="kzgov-floor-") as tmp:
        tmp = Path(tmp)
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("unused = None")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [params, nbformat.v4.new_markdown_cell("# Floor"), nbformat.v4.new_code_cell(FLOOR_IMPORTS)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        src = tmp / "99_synthetic_floor.ipynb"
        nbformat.write(nb, str(src))
        times = []
        for _ in range(repeat):
            job = runner._Job(
                notebook=str(src), name=src.stem, parameters={}, label="",
                output_ipynb=str(tmp / "out.ipynb"), output_html=str(tmp / "out.html"),
                processed_dir=str(tmp / "processed"), staging_root=str(tmp / "staging"),
                root=str(paths.root()), cwd=str(tmp), provenance=runner.provenance(),
            )
            t0 = time.perf_counter()
            result = runner._run_job(job)
            times.append(time.perf_counter() - t0)
            if not result.ok:
                sys.exit(f"floor notebook failed: {result.message}")
        return min(times)


def time_reproduce(root: Path, jobs: int, *, cold: bool, only: list[str]) -> float:
    clear(root / "data" / "processed")
    if cold:
        shutil.rmtree(root / ".cache" / "kzgov", ignore_errors=True)
    cmd = [sys.executable, "-m", "kzgov.cli", "reproduce", "--jobs", str(jobs), "--quiet"]
    for name in only:
        cmd += ["--only", name]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env={**ENV, "KZGOV_ROOT": str(root)}, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"kzgov reproduce --jobs {jobs} failed:\n{proc.stderr[-2000:]}")
    return seconds


def copy_project(dest: Path) -> Path:
    src = paths.root()
    (dest / "data").mkdir(parents=True)
    shutil.copy2(src / "pyproject.toml", dest / "pyproject.toml")
    for sub in ("data/raw", "data/meta", "notebooks"):
        shutil.copytree(src / sub, dest / sub)
    (dest / "data" / "processed").mkdir()
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="warm runs only, fewer repetitions")
    parser.add_argument("--copy", action="store_true", help="work on a temporary copy of the project")
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="kzgov-bench-") if args.copy else None
    root = copy_project(Path(tmp) / "project") if tmp else paths.root()
    os.environ["KZGOV_ROOT"] = str(root)
    try:
        nbs = runner._discover(root / "notebooks")
        if args.only:
            nbs = [runner.resolve_notebook(n, directory=root / "notebooks") for n in args.only]
        n = len(nbs)
        print(f"machine: {os.cpu_count()} CPUs; {n} notebooks: {', '.join(p.stem for p in nbs)}", flush=True)

        imp, bare = time_import(3 if args.quick else 7)
        floor1 = time_floor(1 if args.quick else 2)
        rows: list[tuple[str, float, str]] = [
            ("import kzgov (fresh interpreter, best)", imp, f"goal < 0.5 s; bare python {bare:.2f} s"),
            ("floor: one import-only notebook", floor1, "papermill + kernel + imports"),
            (f"floor × {n} notebooks", floor1 * n, ""),
        ]
        results: dict[tuple[int, bool], float] = {}
        plan = [(1, False), (2, False)] if args.quick else [(1, True), (1, False), (2, True), (2, False)]
        if args.quick:  # one unmeasured run fills the cache
            time_reproduce(root, 2, cold=False, only=args.only)
        for jobs, cold in plan:
            label = f"reproduce --jobs {jobs}, {'cold' if cold else 'warm'}"
            print(f"running {label} ...", flush=True)
            results[(jobs, cold)] = time_reproduce(root, jobs, cold=cold, only=args.only)
            goal = ""
            if cold:
                goal = "goal < 360 s"
            else:
                goal = f"{results[(jobs, cold)] / (floor1 * n):.2f} × floor (goal ≤ 1.5)"
            rows.append((label, results[(jobs, cold)], goal))
        if (1, False) in results and (2, False) in results:
            speedup = results[(1, False)] / results[(2, False)]
            rows.append(("speed-up warm, --jobs 2 vs 1", speedup, "goal ≥ 1.6 (a ratio, not seconds)"))

        width = max(len(r[0]) for r in rows)
        print()
        print(f"{'measure'.ljust(width)}  {'value':>8}  note")
        print(f"{'-' * width}  {'-' * 8}  ----")
        for name, value, note in rows:
            unit = "" if name.startswith("speed-up") else " s"
            print(f"{name.ljust(width)}  {value:8.2f}{unit:2}  {note}")
        if len(results) > 1:
            print(f"\nmedian reproduce time: {statistics.median(results.values()):.1f} s")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
