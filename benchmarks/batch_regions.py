"""Warm wall time of `kzgov batch 01_turkestan_budget --param region --values all`, --jobs 1 vs 2.

The sweep runs every region the Ministry of Finance bulletin prints (the 20 current regions
and South Kazakhstan). Runs alternate (jobs 1, jobs 2, jobs 1, …) so that a change in the
machine's load falls on both; the 1-minute load average is printed before each run. One
unmeasured run warms the cache first. Prints the medians and their ratio (goal of issue 13:
jobs-2 / jobs-1 ≤ 0.6); nothing is asserted.

    python benchmarks/batch_regions.py            # 3 runs each
    python benchmarks/batch_regions.py --runs 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CMD = [sys.executable, "-m", "kzgov.cli", "batch", "01_turkestan_budget", "--param", "region",
       "--values", "all", "--quiet"]


def one(jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([*CMD, "--jobs", str(jobs)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    one(2)  # warm-up, not measured
    times: dict[int, list[float]] = {1: [], 2: []}
    for i in range(args.runs):
        for jobs in (1, 2):
            load = os.getloadavg()[0]
            t = one(jobs)
            times[jobs].append(t)
            print(f"run {i + 1} jobs {jobs}: {t:.1f} s (load average before: {load:.2f})")
    m1, m2 = statistics.median(times[1]), statistics.median(times[2])
    print(f"median jobs 1: {m1:.1f} s; median jobs 2: {m2:.1f} s; ratio jobs2/jobs1: {m2 / m1:.3f}")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
