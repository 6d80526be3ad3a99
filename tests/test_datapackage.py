"""data/raw/datapackage.json: valid, complete, up to date, with provenance and units.

The checks on the committed package read the real ``data/raw`` (read-only); the checks
that break something work on a copy (``tmp_project``).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from kzgov import datapackage
from kzgov.errors import DataError

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


def _package() -> dict:
    return json.loads((RAW / "datapackage.json").read_text(encoding="utf-8"))


def _resources() -> list[dict]:
    return _package()["resources"]


def _ids() -> list[str]:
    return [r["name"] for r in _resources()]


# --------------------------------------------------------------------------- the committed package
def test_package_is_valid_complete_and_up_to_date():
    """Frictionless validates it, every file is described, every hash matches."""
    assert datapackage.check() == []


def test_committed_package_equals_a_fresh_build():
    assert datapackage._assemble() == _package()


def test_every_file_in_raw_is_described():
    on_disk = {
        p.relative_to(RAW).as_posix()
        for p in RAW.rglob("*")
        if p.is_file() and p.name != "datapackage.json" and not p.name.startswith(".")
    }
    described = {r["path"] for r in _resources()}
    assert on_disk - described == set()
    assert described - on_disk == set()


@pytest.mark.parametrize("res", _resources(), ids=_ids())
def test_hash_and_size_match_the_bytes(res):
    blob = (RAW / res["path"]).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(blob).hexdigest()
    assert res["bytes"] == len(blob)


@pytest.mark.parametrize("res", _resources(), ids=_ids())
def test_resource_has_provenance(res):
    for key in ("name", "path", "title", "kind", "sources", "licenses"):
        assert res.get(key), f"{res['name']}: missing {key!r}"
    assert res["kind"] in datapackage._KINDS
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", res["name"]), "Frictionless names are lower case"
    for src in res["sources"]:
        assert src.get("title"), f"{res['name']}: a source without a title"
        assert re.match(r"https?://", src.get("path", "")), f"{res['name']}: a source without a URL"
    for lic in res["licenses"]:
        assert lic.get("name") or lic.get("path"), f"{res['name']}: a licence without a name"
        assert lic.get("title"), f"{res['name']}: a licence without a title stating its terms"


@pytest.mark.parametrize("res", [r for r in _resources() if "schema" in r],
                         ids=[r["name"] for r in _resources() if "schema" in r])
def test_every_number_field_carries_a_unit(res):
    """A ``number`` field has a ``unit``, or the table gives each row's unit in a ``unit`` column."""
    fields = res["schema"]["fields"]
    row_units = any(f["name"] == "unit" for f in fields)
    missing = [f["name"] for f in fields if f.get("type") == "number" and not f.get("unit")]
    assert row_units or not missing, f"{res['name']}: number fields without a unit: {missing}"


TRANSCRIPTIONS = [r for r in _resources() if r["kind"] == "transcription"]


@pytest.mark.parametrize("res", TRANSCRIPTIONS, ids=[r["name"] for r in TRANSCRIPTIONS])
def test_transcriptions_keep_printed_value_unit_and_location(res):
    """A transcription of numbers keeps location, printed, value and unit on each row.

    A transcription of text only (a codebook: no ``number`` field) keeps its location in
    the paper in a ``location*`` column instead.
    """
    fields = res["schema"]["fields"]
    names = {f["name"] for f in fields}
    # the claims ledger names the pair as issue 8 does: `reported` (verbatim), `reported_value`
    if {"reported", "reported_value"} <= names:
        names |= {"printed", "value"}
    if not any(f.get("type") == "number" for f in fields):
        assert any(n.startswith("location") for n in names), f"{res['name']}: no location column"
        names |= {"location", "printed", "value", "unit"}
    missing = {"location", "printed", "value", "unit"} - names
    assert not missing, (
        f"{res['name']}: a transcription keeps `location`, `printed` (verbatim), `value` "
        f"(normalised) and `unit` (as printed) on each row; missing {sorted(missing)}"
    )
    assert res["path"].startswith("paper/"), "transcriptions live under data/raw/paper/"
    assert any(src.get("location") for src in res["sources"]), (
        f"{res['name']}: the source must name the table or figure of the paper (`location`)"
    )


def test_transcriptions_printed_column_is_text():
    for res in TRANSCRIPTIONS:
        types = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
        if "printed" in types:
            assert types["printed"] == "string", f"{res['name']}: `printed` must stay verbatim text"


def test_external_data_keeps_its_shared_provenance():
    for res in _resources():
        if res["kind"] == "external":
            assert not res["path"].startswith("paper/"), res["name"]


# --------------------------------------------------------------------------- breaking a copy
def test_changed_file_is_reported(tmp_project):
    target = tmp_project / "data" / "raw" / "kz_stat" / "regions.csv"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n", 1))
    problems = datapackage.check(frictionless=False)
    assert any("data/raw/kz_stat/regions.csv: sha256" in p and "does not match" in p for p in problems)


def test_undescribed_file_is_reported(tmp_project):
    (tmp_project / "data" / "raw" / "stray.csv").write_text("a\n1\n")
    problems = datapackage.check(frictionless=False)
    assert "data/raw/stray.csv: file is not described in data/meta/resources" in problems


def test_descriptor_without_licence_is_refused(tmp_project):
    desc_path = tmp_project / "data" / "meta" / "resources" / "kz_stat_regions.json"
    desc = json.loads(desc_path.read_text())
    del desc["licenses"]
    desc_path.write_text(json.dumps(desc))
    with pytest.raises(DataError, match=r"kz_stat_regions\.json: descriptor lacks required property 'licenses'"):
        datapackage._assemble()


def test_build_then_check_round_trip(tmp_project):
    (tmp_project / "data" / "raw" / "datapackage.json").unlink()
    assert datapackage.check(frictionless=False) == [
        "data/raw/datapackage.json is missing; run `kzgov datapackage build`"
    ]
    datapackage.build()
    assert datapackage.check(frictionless=False) == []


# --------------------------------------------------------------------------- 00_data helpers
def test_inventory_verifies_every_file(tmp_project):
    table = datapackage.inventory()
    assert len(table) == len(_resources())
    assert table["verified"].all()
    expected = {r["name"]: r["hash"].removeprefix("sha256:") for r in _resources()}
    assert dict(zip(table["name"], table["sha256"], strict=True)) == expected
    summary = datapackage.summary(table)
    assert summary.loc[summary["kind"] == "all", "resources"].item() == len(_resources())
    assert summary.loc[summary["kind"] != "all", "resources"].sum() == len(_resources())


def test_inventory_rejects_unknown_kind():
    from kzgov.errors import ParameterError

    with pytest.raises(ParameterError, match="must be one of"):
        datapackage.inventory(kind="fiction")


def test_notebook_00_declares_the_kinds():
    from kzgov.study import data_inventory

    assert data_inventory.PARAMETERS.domains()["kind"]["values"] == list(datapackage._KINDS)
