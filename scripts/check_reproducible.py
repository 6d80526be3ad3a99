"""Run `kzgov reproduce` twice from a cleared data/processed and compare every file's sha256.

The first run starts cold (cleared .cache/kzgov, unless --keep-cache), the second warm, so the
check covers both claims: two runs give byte-identical outputs, and a cached run gives the
same bytes as a computed one. Exit status 1 on any difference, listing the files.

    python scripts/check_reproducible.py [--jobs 2] [--only NAME ...] [--keep-cache]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kzgov import paths


def clear(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        if p.name == ".gitkeep":
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


def hashes(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != ".gitkeep":
            out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def reproduce(args: argparse.Namespace) -> float:
    cmd = [sys.executable, "-m", "kzgov.cli", "reproduce", "--jobs", str(args.jobs), "--no-html"]
    for name in args.only or []:
        cmd += ["--only", name]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd)
    if proc.returncode != 0:
        sys.exit(f"check_reproducible: `kzgov reproduce` failed (exit {proc.returncode})")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", metavar="NAME")
    parser.add_argument("--keep-cache", action="store_true", help="do not clear .cache/kzgov first")
    args = parser.parse_args(argv)
    processed = paths.processed_dir()

    runs = []
    for i in (1, 2):
        clear(processed)
        if i == 1 and not args.keep_cache:
            shutil.rmtree(paths.cache_dir(), ignore_errors=True)
        label = "cold" if i == 1 and not args.keep_cache else "warm"
        print(f"run {i} ({label} cache): kzgov reproduce --jobs {args.jobs}", flush=True)
        seconds = reproduce(args)
        runs.append(hashes(processed))
        print(f"run {i}: {len(runs[-1])} files in {paths.display_path(processed)}, {seconds:.1f} s", flush=True)

    first, second = runs
    problems = []
    for rel in sorted(set(first) | set(second)):
        a, b = first.get(rel), second.get(rel)
        if a is None:
            problems.append(f"only in run 2: {rel}")
        elif b is None:
            problems.append(f"only in run 1: {rel}")
        elif a != b:
            problems.append(f"differs: {rel}  {a[:12]}… vs {b[:12]}…")
    if not first:
        problems.append("no file was written to data/processed")
    for line in problems:
        print(line)
    if problems:
        print(f"NOT reproducible: {len(problems)} problem(s)")
        return 1
    print(f"reproducible: {len(first)} files byte-identical across the two runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
