"""What the tests that edit a throw-away copy of the project share.

``copy_project`` builds the copy (``conftest.tmp_project`` and the mutation worker of
``test_audit_mutations`` point ``KZGOV_ROOT`` at it), ``edit_raw`` changes cells of one of
its raw CSV files and rebuilds ``datapackage.json``, ``verdicts`` reads the audit's verdicts.
``LEVELS`` is the hand-typed map of the claims that quote one cell of Turkestan's record.

The module imports no ``kzgov`` at the top: the mutation worker imports it only once
``KZGOV_ROOT`` is set.
"""

from __future__ import annotations

import csv
import shutil
import stat
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MONTHLY = "kz_budgets/minfin_turkestan_local_budget_monthly.csv"
DECEMBER = "kz_budgets/minfin_local_budget_execution_december.csv"
D22, D23, D24 = "2022-12-01", "2023-12-01", "2024-12-01"

# Claims that quote one cell of Turkestan's record: claim -> (item, date, printed amount).
# The check compares the record with the printed amount at the printed precision, so
# setting the record to the printed amount reproduces the claim.
LEVELS: dict[str, tuple[str, str, float]] = {
    "B03": ("REV.TAX", D24, 4270.0), "B04": ("REV.NONTAX", D24, 1161.1),
    "B05": ("REV.CAPITAL", D24, 35.0), "B06": ("REV.TRANSFERS", D24, 73647.0),
    "B07": ("EXP", D24, 76500.0), "B12": ("REV", D24, 79113.1),
    "B13": ("REV", D22, 97303.2), "B14": ("REV", D23, 89116.1),
    "B16": ("REV.CAPITAL", D24, 35.0),
    "B19": ("EXP", D22, 87907.0), "B20": ("EXP", D23, 84414.2), "B21": ("EXP", D24, 52965.1),
    "B24": ("EXP.07", D24, 3763.7), "B25": ("EXP.10", D24, 2788.6),
    "B26": ("EXP.03", D24, 1395.6), "B27": ("EXP.12", D24, 233.7),
    "B28": ("EXP.11", D24, 28.6), "B29": ("EXP.01", D24, 341.9),
    "B31": ("EXP.04", D24, 39665.2), "B32": ("EXP.06", D24, 707.0),
    "B33": ("EXP.08", D24, 951.8), "B34": ("EXP.05", D24, 25.9),
}


def copy_project(root: Path) -> Path:
    """Copy ``pyproject.toml``, ``data/raw`` and ``data/meta`` to ``root``, all writable.

    Empty ``data/processed``, ``notebooks`` and ``reports`` folders complete the layout.
    """
    (root / "data").mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    for part in ("raw", "meta"):
        shutil.copytree(REPO / "data" / part, root / "data" / part)
    for folder in ("data/processed", "notebooks", "reports"):
        (root / folder).mkdir()
    for p in [root, *root.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR | (stat.S_IXUSR if p.is_dir() else 0))
    return root


def edit_raw(
    root: Path,
    rel: str,
    key: Callable[[dict[str, str]], Hashable],
    changes: Mapping[Hashable, Mapping[str, str]],
) -> None:
    """Update the rows of ``root/data/raw/<rel>`` whose ``key(row)`` is in ``changes``.

    Each such row gets the cells ``changes[key(row)]``; every key must match at least one
    row. The file is written back (LF line ends) and ``datapackage.json`` rebuilt.
    """
    from kzgov import datapackage

    path = root / "data" / "raw" / rel
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    seen = set()
    for r in rows:
        k = key(r)
        if k in changes:
            r.update(changes[k])
            seen.add(k)
    assert seen == set(changes), f"{rel}: no row for {set(changes) - seen}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    datapackage.build()


def verdicts(ids: list[str]) -> dict[str, str]:
    """The audit's verdict of each claim in ``ids``."""
    from kzgov import audit

    led = audit.run(ids=ids).set_index("id")
    return {i: led.loc[i, "verdict"] for i in ids}
