"""The README's "What the audit finds" is a generation from the audit ledger, never typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kzgov import audit
from kzgov.study import reproduction_audit as study

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ledger():
    return audit.run()


def _section(text: str) -> str:
    start = text.index(study.README_BEGIN)
    return text[start : text.index(study.README_END) + len(study.README_END)]


def test_readme_equals_a_fresh_generation(ledger):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert _section(readme) == study.readme_section(ledger), (
        "README.md's audit summary is stale: run `make reproduce` or `make readme`"
    )


def test_the_section_follows_the_ledger(ledger):
    text = study.readme_section(ledger)
    n = int((ledger["verdict"] == "reproduced").sum())
    assert f"**{n} reproduced," in text
    flipped = ledger.copy()
    first = flipped.index[flipped["verdict"] == "discrepancy"][0]
    flipped.loc[first, "verdict"] = "reproduced"
    changed = study.readme_section(flipped)
    assert f"**{n + 1} reproduced," in changed
    assert f"* **{ledger.loc[first, 'id']}** (" in text and f"* **{ledger.loc[first, 'id']}** (" not in changed


def test_script_check_fails_on_a_stale_readme(tmp_path, ledger):
    stale = ledger.copy()
    stale.loc[stale.index[0], "verdict"] = "unverifiable" if stale.loc[stale.index[0], "verdict"] != "unverifiable" else "reproduced"
    path = tmp_path / "audit.csv"
    stale.to_csv(path, index=False)
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme_audit.py"), "--check", "--ledger", str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    ledger.to_csv(path, index=False)
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme_audit.py"), "--check", "--ledger", str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def test_missing_markers_are_an_error():
    from kzgov.errors import DataError

    with pytest.raises(DataError, match="expected the markers"):
        study.replace_readme_section("# no markers\n", "x")
