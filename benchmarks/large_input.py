"""Read time and peak memory of kzgov's readers on a large synthetic budget file.

Writes a synthetic budget file (the template's layout, one region, made-up years and
amounts) of each requested size into a temporary folder, then reads it in a fresh Python
process per reader and size, with ``kzgov.data.read_table(path, like="budget_template")``
and with ``kzgov.budget.read_budget(path)``. For each it prints the wall time, the peak
resident memory of the process above its level after ``import kzgov`` (``ru_maxrss``),
and both per million rows. The row and byte limits are lifted for the run through
``KZGOV_MAX_ROWS`` and ``KZGOV_MAX_BYTES``.

These figures decide kzgov's default limits (``kzgov.data.DEFAULT_MAX_ROWS``,
``DEFAULT_MAX_BYTES``). Times are printed, never asserted.

    python benchmarks/large_input.py                       # 100,000 and 300,000 rows
    python benchmarks/large_input.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from kzgov import budget, data
import pandera.pandas  # imported by the first read; counted in the baseline
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
reader, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if reader == "read_table":
    n = len(data.read_table(path, like="budget_template", extra_columns=True))
else:
    n = len(budget.read_budget(path).frame)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": n, "seconds": seconds, "peak_kib": peak - base}))
"""


def write_synthetic(path: Path, rows: int) -> int:
    """A synthetic budget file of ``rows`` rows; returns its size in bytes."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "region,year,unit,income,tax_receipts,non_tax_receipts,sale_of_fixed_capital,"
            "transfers,expenses,net_budget_lending,budget_loans,loan_repayment,"
            "financial_assets_balance,financial_assets_acquisition,financial_assets_sale,"
            "deficit_surplus,deficit_financing\n"
        )
        for i in range(rows):
            k = i % 997
            fh.write(
                f"Kostanay region,{1992 + i},thousand KZT,{521311638.6 + k:.1f},"
                f"{26478526.1 + k:.1f},6368206.8,46986.0,488417919.7,529191963.9,"
                "33981840.0,43207982.7,9226142.7,0.0,,,-41862165.3,\n"
            )
    return path.stat().st_size


def measure(reader: str, path: Path) -> dict[str, float]:
    env = {**os.environ, "KZGOV_MAX_ROWS": str(10**9), "KZGOV_MAX_BYTES": str(2**40)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, reader, str(path)],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100000,300000",
                        help="comma-separated file sizes in rows (default 100000,300000)")
    parser.add_argument("--readers", default="read_table,read_budget")
    args = parser.parse_args()
    sizes = [int(x) for x in args.rows.split(",") if x.strip()]
    readers = [r.strip() for r in args.readers.split(",") if r.strip()]
    from kzgov import data

    print(f"default limits: {data.DEFAULT_MAX_ROWS:,} rows, {data.DEFAULT_MAX_BYTES:,} bytes")
    print(f"{'reader':<12} {'rows':>10} {'MB':>7} {'s':>8} {'peak MiB':>9} "
          f"{'s per M rows':>13} {'MiB per M rows':>15}")
    with tempfile.TemporaryDirectory(prefix="kzgov-bench-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic_budget_{n}.csv"
            size = write_synthetic(path, n)
            for reader in readers:
                r = measure(reader, path)
                mib = r["peak_kib"] / 1024
                print(f"{reader:<12} {n:>10,} {size / 1e6:>7.1f} {r['seconds']:>8.2f} {mib:>9.0f} "
                      f"{r['seconds'] * 1e6 / n:>13.1f} {mib * 1e6 / n:>15.0f}")
            path.unlink()


if __name__ == "__main__":
    main()
