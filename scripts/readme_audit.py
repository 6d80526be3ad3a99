"""Write the README's "What the audit finds" from ``data/processed/audit.csv``.

Usage: ``python scripts/readme_audit.py [--check] [--ledger PATH]``. ``make reproduce`` writes
the ledger; ``make readme`` runs this script. With ``--check`` nothing is written and the exit
status is 1 when the README differs from a fresh generation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from kzgov import paths
from kzgov.study import reproduction_audit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    parser.add_argument("--ledger", type=Path, default=None, help="default: data/processed/audit.csv")
    args = parser.parse_args(argv)
    ledger_path = args.ledger or paths.processed_dir() / "audit.csv"
    ledger = pd.read_csv(ledger_path, dtype={"id": str})
    readme = paths.root() / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = reproduction_audit.replace_readme_section(text, reproduction_audit.readme_section(ledger))
    if args.check:
        if new != text:
            print(f"README.md differs from a generation from {ledger_path}; run make readme", file=sys.stderr)
            return 1
        return 0
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print(f"wrote README.md from {ledger_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
