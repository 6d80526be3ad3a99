"""The reproduction audit: every claim has a check and a verdict, and every claim the
ledger marks reproduced or discrepancy is recomputed here, by hand, from the printed numbers.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from _project import LEVELS

from kzgov import audit

CLAIM_IDS = [c.id for c in audit.claims()]


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return audit.run().set_index("id")


# --------------------------------------------------------------------------- registry
@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_claim_has_a_check(claim_id: str) -> None:
    audit._load_checks()
    assert claim_id in audit._REGISTRY, f"claim {claim_id} has no check in kzgov.study"


def test_registry_has_no_orphan_checks() -> None:
    audit._load_checks()
    assert sorted(set(audit._REGISTRY) - set(CLAIM_IDS)) == []


def test_every_claim_has_a_verdict(ledger: pd.DataFrame) -> None:
    assert list(ledger.index) == CLAIM_IDS
    assert ledger["verdict"].isin(audit.VERDICTS).all()
    assert (ledger["note"].str.len() > 20).all()


def test_ledger_columns(ledger: pd.DataFrame) -> None:
    assert list(ledger.reset_index().columns) == audit._AUDIT_COLUMNS


def test_not_reproducible_names_the_missing_data(ledger: pd.DataFrame) -> None:
    nr = ledger[ledger["verdict"] == "not_reproducible"]
    assert nr["note"].str.contains("not published").all()
    assert nr["recomputed"].isna().sum() >= 1


# --------------------------------------------------------------------------- recomputed by hand
# The Table 6 matrix as printed, typed in again here (an independent transcription).
TABLE6 = np.array(
    [
        [1.000, 0.768, 0.605, 0.786, 0.824, 0.247, -0.399],
        [0.768, 1.000, 0.701, 0.677, 0.930, 0.489, -0.408],
        [0.605, 0.701, 1.000, 0.679, 0.729, 0.164, -0.594],
        [0.786, 0.677, 0.679, 1.000, 0.895, 0.656, 0.021],
        [0.824, 0.930, 0.729, 0.895, 1.000, 0.657, -0.189],
        [0.247, 0.489, 0.164, 0.656, 0.657, 1.000, 0.575],
        [-0.399, -0.408, -0.594, 0.021, -0.189, 0.575, 1.000],
    ]
)


def _table6_min_n() -> float:
    eig = np.linalg.eigvalsh(TABLE6)
    bound = (7 - 1) * 0.5 * 10**-3
    return float((eig > bound).sum() + 1)


def _payback(invest: list[float], savings: list[float]) -> float:
    """Interpolated simple payback, flows at year ends, counted from the start of year 1."""
    cum = np.cumsum(np.array(savings) - np.array(invest))
    k = int(np.argmax(cum >= 0))
    prev = cum[k - 1]
    return k + (-prev) / (cum[k] - prev)


def _read_csv(rel: str) -> list[dict[str, str]]:
    import csv
    from pathlib import Path

    with open(Path(__file__).resolve().parents[1] / "data" / "raw" / rel, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_MONTHLY = _read_csv("kz_budgets/minfin_turkestan_local_budget_monthly.csv")
_DECEMBER = _read_csv("kz_budgets/minfin_local_budget_execution_december.csv")


def _trk(year: int, item: str) -> float:
    (v,) = [float(r["value"]) for r in _MONTHLY
            if r["region"] == "TRK" and r["item_code"] == item and r["date"] == f"{year}-12-01"]
    return v


def _ex(year: int, region: str, item: str) -> float:
    (v,) = [float(r["value"]) for r in _DECEMBER
            if r["region"] == region and r["item_code"] == item and r["date"] == f"{year}-12-01"]
    return v


def _regions_2024() -> list[str]:
    return sorted({r["region"] for r in _DECEMBER
                   if r["date"] == "2024-12-01" and r["item_code"] == "REV"
                   and r["region"] != "national"})


INVEST = [5.0, 3.0, 1.0, 0.0, 0.0]
SAVINGS_ANNUAL = [0.0, 2.0, 5.0, 7.0, 10.0]

EXPECTED: dict[str, tuple[str, float | None]] = {
    # survey: stated n consistent with every printed share; the 75/25 split of 60
    "M01": ("reproduced", 80.0),
    "M02": ("reproduced", 60.0),
    "M04": ("reproduced", 100 * 45 / 60),
    "M05": ("reproduced", 100 * 15 / 60),
    **{f"T3Q{q}": ("reproduced", 100.0) for q in range(1, 9)},
    **{f"T4Q{q}": ("reproduced", 100.0) for q in range(1, 10)},
    "S01": ("reproduced", 55.0),
    "S02": ("reproduced", 40.0),
    # PPP
    "F6b": ("reproduced", 100.0 - 98.0),
    "F7b": ("reproduced", 56.0),
    "F7c": ("reproduced", 56.0),
    "C10": ("reproduced", 98.0),
    "R07": ("reproduced", 98.0),
    "C07": ("discrepancy", 3.0),  # 265 > 191 (Shymkent) > 189 (Turkestan)
    "C11": ("discrepancy", 3.0),
    "R02": ("reproduced", 2018.0),
    # budget, Table 5 and the text around it
    "B01": ("discrepancy", None),
    "B02": ("reproduced", 4270.0 + 1161.1 + 35.0 + 73647.0),
    "B08": ("reproduced", 1500.0 - 500.0),
    "B09": ("reproduced", 1000.0 - 0.0),
    "B10": ("discrepancy", 79113.1 - 76500.0 - 1000.0 - 1000.0),
    "B11": ("discrepancy", -(79113.1 - 76500.0 - 1000.0 - 1000.0)),
    # Turkestan's figures against the Ministry of Finance execution (December rows of the
    # monthly bulletin file, read with the csv module below); the levels quote one cell each
    **{cid: ("discrepancy", _trk(int(date[:4]), item)) for cid, (item, date, _) in LEVELS.items()},
    "B17": ("discrepancy", 100 * (_trk(2024, "REV") / _trk(2023, "REV") - 1)),
    "B18": ("discrepancy", _trk(2024, "REV.TRANSFERS") - _trk(2023, "REV.TRANSFERS")),
    "B22": ("discrepancy", _trk(2023, "EXP") - _trk(2024, "EXP")),
    "B23": ("discrepancy", sum(_trk(2024, f"EXP.0{k}") for k in (4, 5, 6, 8))),
    "B30": ("reproduced", 3.0),  # EXP.10 third among the seven named groups (see below)
    "B35": ("discrepancy", sum(_trk(2024, f"EXP.0{k}") - _trk(2023, f"EXP.0{k}")
                               for k in (4, 5, 6, 8))),
    "C08": ("reproduced", 100 * _trk(2024, "REV.TRANSFERS") / _trk(2024, "REV")),
    "C09": ("discrepancy", 100 * _ex(2024, "VKO", "REV.TRANSFERS") / _ex(2024, "VKO", "REV")),
    # transfer shares on every region (execution file): national 2024, unweighted mean 2024
    "R06": ("discrepancy", 100 * _ex(2024, "national", "REV.TRANSFERS") / _ex(2024, "national", "REV")),
    "R11": ("discrepancy", 100 * float(np.mean([
        _ex(2024, r, "REV.TRANSFERS") / _ex(2024, r, "REV") for r in _regions_2024()]))),
    # Table 6
    "C01": ("reproduced", TABLE6[4, 1]),
    "C02": ("reproduced", TABLE6[4, 3]),
    "C03": ("reproduced", TABLE6[2, 3]),
    "C04": ("discrepancy", float(np.abs(np.delete(TABLE6[5], 5)).max())),
    "C05": ("reproduced", _table6_min_n()),
    "C06": ("discrepancy", TABLE6[1, 3]),
    # platform
    "P01": ("reproduced", 12.0),
    "P02": ("discrepancy", _payback(INVEST, SAVINGS_ANNUAL)),
    "P12": ("discrepancy", _payback(INVEST, SAVINGS_ANNUAL)),
    "P17": ("discrepancy", 1000.0 - 800.0),
}


def test_every_checked_claim_is_recomputed_here(ledger: pd.DataFrame) -> None:
    checked = set(ledger.index[ledger["verdict"].isin(["reproduced", "discrepancy"])])
    assert sorted(checked - set(EXPECTED)) == [], "add a hand computation to EXPECTED"
    assert sorted(set(EXPECTED) - checked) == []


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_recomputed_by_hand(ledger: pd.DataFrame, claim_id: str) -> None:
    verdict, value = EXPECTED[claim_id]
    row = ledger.loc[claim_id]
    assert row["verdict"] == verdict
    if value is None:
        assert pd.isna(row["recomputed"])
    else:
        assert row["recomputed"] == pytest.approx(value, rel=1e-6, abs=1e-6)


def test_payback_by_hand_is_the_one_in_the_note() -> None:
    # cumulative net flow -5, -6, -2, +5: payback in year 4, 2/7 of the way through
    assert _payback(INVEST, SAVINGS_ANNUAL) == pytest.approx(3 + 2 / 7)


# --------------------------------------------------------------------------- helpers
@pytest.mark.parametrize(
    ("printed", "decimals"),
    [("2 613,1", 1), ("0.93", 2), ("98%", 0), ("510,967,322.00", 2), ("87,907", 0), ("4.6%", 1)],
)
def test_printed_decimals(printed: str, decimals: int) -> None:
    assert audit._printed_decimals(printed) == decimals


def test_compare_uses_the_printed_precision() -> None:
    claim = audit.Claim("X", "here", 1, "x", "0.90", 0.90, "r")
    assert audit.compare(claim, 0.895, how="cell").verdict == "reproduced"
    assert audit.compare(claim, 0.894, how="cell").verdict == "discrepancy"
    assert audit.round_half_up(0.125, 2) == 0.13


def test_check_rejects_unknown_verdict() -> None:
    with pytest.raises(ValueError, match="verdict"):
        audit.Check("maybe", None, "x")


def test_summary_lists_each_discrepancy(ledger: pd.DataFrame) -> None:
    text = audit.summary(ledger.reset_index())
    n_disc = int((ledger["verdict"] == "discrepancy").sum())
    lines = text.splitlines()
    assert lines[0].startswith(f"{len(ledger)} claims: reproduced")
    assert len(lines) == 1 + n_disc
    assert all(" reported " in line for line in lines[1:])


def test_cli_audit_exits_zero_and_writes_the_ledger(tmp_path) -> None:
    env = {**__import__("os").environ, "KZGOV_PROCESSED_DIR": str(tmp_path)}
    res = subprocess.run(
        [sys.executable, "-m", "kzgov.cli", "audit"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "discrepancy" in res.stdout
    written = pd.read_csv(tmp_path / "audit.csv")
    assert list(written.columns) == audit._AUDIT_COLUMNS
    assert len(written) == len(CLAIM_IDS)
    assert not math.isnan(written.loc[written["id"] == "B10", "recomputed"].iloc[0])


def test_b30_rank_by_hand() -> None:
    groups = {"social": sum(_trk(2024, f"EXP.0{k}") for k in (4, 5, 6, 8)),
              "housing": _trk(2024, "EXP.07"), "agriculture": _trk(2024, "EXP.10"),
              "order": _trk(2024, "EXP.03"), "transport": _trk(2024, "EXP.12"),
              "industry": _trk(2024, "EXP.11"), "general": _trk(2024, "EXP.01")}
    ranked = sorted(groups, key=groups.__getitem__, reverse=True)
    assert ranked.index("agriculture") + 1 == 3
