"""The loader: bad input gets a clear error naming file, column and row; outputs are atomic.

Every bad-input test works on a copy of the data (``tmp_project``) or on files in
``tmp_path``; the real ``data/raw`` is never touched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzgov import data, paths
from kzgov.errors import DataError, HashMismatchError

SCHEMA = {
    "fields": [
        {"name": "region", "type": "string", "constraints": {"required": True, "enum": ["AKM", "AKT", "TRK"]}},
        {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 1991}},
        {"name": "transfers", "type": "number", "unit": "thousand KZT", "constraints": {"minimum": 0}},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": ["region", "year"],
}

GOOD = "region,year,transfers,note\nAKM,2022,10.5,\nAKT,2022,0,x\nTRK,2023,7,\n"


def _csv(tmp_path: Path, text: str, name: str = "x.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


# --------------------------------------------------------------------------- good input
def test_good_file_is_typed_and_carries_units(tmp_path):
    df = data.read_table(_csv(tmp_path, GOOD), schema=SCHEMA)
    assert list(df.columns) == ["region", "year", "transfers", "note"]
    assert str(df["year"].dtype) == "Int64"
    assert df["transfers"].tolist() == [10.5, 0.0, 7.0]
    assert df["note"].isna().tolist() == [True, False, True]
    assert df.attrs["units"] == {"transfers": "thousand KZT"}


def test_bom_is_tolerated(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert len(data.read_table(p, schema=SCHEMA)) == 3


# --------------------------------------------------------------------------- bad input
def test_text_in_numeric_column_names_file_column_row(tmp_path):
    rows = [f"AKM,{2000 + i},{i}," for i in range(1, 7)] + ["AKT,2010,abc,"]
    p = _csv(tmp_path, "region,year,transfers,note\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataError) as info:
        data.read_table(p, schema=SCHEMA)
    assert str(info.value) == f"{p}: column 'transfers', row 7: 'abc' is not a number"
    assert (info.value.column, info.value.row, info.value.value) == ("transfers", 7, "abc")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        pytest.param("region,year,transfers,note\nAKM,2022.5,1,\n",
                     r"column 'year', row 1: '2022.5' is not a whole number", id="fraction-in-integer"),
        pytest.param("region,year,note\nAKM,2022,\n",
                     r"x\.csv: missing column\(s\) \['transfers'\]", id="missing-column"),
        pytest.param("region,year,transfers,note\nAKM,2022,1,\nAKT,2022,1\n",
                     r"row 2: malformed CSV: expected 4 fields as in the header, got 3",
                     id="wrong-field-count"),
        pytest.param('region,year,transfers,note\nAKM,2022,1,"open\n', r"x\.csv: malformed CSV",
                     id="unterminated-quote"),
        pytest.param("", "file is empty", id="empty-file"),
        # (the former pattern "duplicate" matched only the test's own tmp_path name)
        pytest.param("region,year,transfers,note\nAKM,2022,1,\nAKM,2022,2,\n",
                     r"rows 1 and 2 repeat the key \(region='AKM', year=2022\)",
                     id="duplicate-primary-key"),
    ],
)
def test_bad_file_names_what_is_wrong(tmp_path, text, pattern):
    with pytest.raises(DataError, match=pattern):
        data.read_table(_csv(tmp_path, text), schema=SCHEMA)


def test_extra_column(tmp_path):
    p = _csv(tmp_path, "region,year,transfers,note,bonus\nAKM,2022,1,,9\n")
    with pytest.raises(DataError, match=r"unexpected column\(s\) \['bonus'\]"):
        data.read_table(p, schema=SCHEMA)
    assert data.read_table(p, schema=SCHEMA, extra_columns=True)["bonus"].tolist() == ["9"]


def test_not_utf8(tmp_path):
    p = tmp_path / "latin.csv"
    p.write_bytes("region,year,transfers,note\nAKM,2022,1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="not valid utf-8"):
        data.read_table(p, schema=SCHEMA)


@pytest.mark.parametrize(
    ("row", "pattern"),
    [
        ("AKM,2022,-5,", r"column 'transfers', row 2: -5\.0 must be ≥ 0"),
        ("XXX,2022,5,", r"column 'region', row 2: 'XXX' must be one of \['AKM', 'AKT', 'TRK'\]"),
        ("AKM,1980,5,", r"column 'year', row 2: 1980 must be ≥ 1991"),
        (",2022,5,", r"column 'region', row 2: value is required but missing"),
    ],
)
def test_constraint_violations(tmp_path, row, pattern):
    p = _csv(tmp_path, "region,year,transfers,note\nTRK,2023,1,\n" + row + "\n")
    with pytest.raises(DataError, match=pattern):
        data.read_table(p, schema=SCHEMA)


def test_read_table_like_a_packaged_resource(tmp_project, tmp_path):
    header = tmp_project.joinpath("data/raw/kz_stat/grp_nominal_by_region.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("date,region")
    p = _csv(tmp_path, header + "\n2020-12-31,ATLANTIS,5923,GRP,1.0,level\n")
    with pytest.raises(DataError, match=r"column 'region', row 1: 'ATLANTIS' must be one of"):
        data.read_table(p, like="kz_stat_grp")


def test_unknown_resource_lists_known_names():
    with pytest.raises(DataError, match=r"unknown data resource 'nope'; known resources: .*kz_stat_grp"):
        data.load("nope")


# --------------------------------------------------------------------------- hashes
def test_changed_raw_file_is_a_hash_mismatch(tmp_project):
    target = tmp_project / "data" / "raw" / "kz_stat" / "regions.csv"
    target.write_bytes(target.read_bytes() + b"\n")
    with pytest.raises(HashMismatchError) as info:
        data.load("kz_stat_regions")
    assert "data/raw/kz_stat/regions.csv" in str(info.value)
    assert "restore the file" in str(info.value)


def test_verify_returns_sha256_and_logs_reads(tmp_project, tmp_path, monkeypatch):
    import hashlib

    log = tmp_path / "read.log"
    monkeypatch.setenv("KZGOV_READ_LOG", str(log))
    target = tmp_project / "data" / "raw" / "kz_stat" / "regions.csv"
    expected = hashlib.sha256(target.read_bytes()).hexdigest()
    assert data.verify("kz_stat_regions") == expected
    assert log.read_text() == f"kz_stat/regions.csv\t{expected}\n"


def test_every_packaged_table_loads():
    for name in data.names():
        if "schema" in data.resource(name):
            df = data.load(name)
            assert len(df.columns) == len(data.resource(name)["schema"]["fields"])


# --------------------------------------------------------------------------- writing
def test_write_processed_is_deterministic_and_honours_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(tmp_path / "out"))
    df = pd.DataFrame({"b": [1.0 / 3, -0.0, np.nan], "a": ["x", "y", "z"]})
    p1 = data.write_processed("sub/t.csv", df)
    first = p1.read_bytes()
    p2 = data.write_processed("sub/t.csv", df)
    assert p1 == p2 == tmp_path / "out" / "sub" / "t.csv"
    assert p2.read_bytes() == first
    assert first == b"b,a\n0.3333333333,x\n-0,y\n,z\n"
    j = data.write_processed("d.json", {"z": float("nan"), "a": np.float64(2.5), "m": -0.0})
    assert j.read_text() == '{\n  "a": 2.5,\n  "m": 0.0,\n  "z": null\n}\n'


def test_write_processed_failure_leaves_previous_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(tmp_path))
    dest = data.write_processed("k.json", {"v": 1})

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        data.write_processed("k.json", {"v": 2})
    assert json.loads(dest.read_text()) == {"v": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.json"]  # no temp file left


def test_processed_dir_default_is_under_root(tmp_project):
    assert paths.processed_dir() == tmp_project / "data" / "processed"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_write_processed_round_trips_to_ten_significant_digits(tmp_path_factory, rows):
    out = tmp_path_factory.mktemp("w")
    os.environ["KZGOV_PROCESSED_DIR"] = str(out)
    try:
        df = pd.DataFrame(rows, columns=["x", "s"])
        p = data.write_processed("r.csv", df)
        again = data.write_processed("r.csv", df)
        assert p.read_bytes() == again.read_bytes()
        back = pd.read_csv(p, keep_default_na=False, dtype={"s": str})
        np.testing.assert_allclose(back["x"].to_numpy(), df["x"].to_numpy(), rtol=1e-9, atol=0)
        assert back["s"].tolist() == df["s"].tolist()
    finally:
        del os.environ["KZGOV_PROCESSED_DIR"]
