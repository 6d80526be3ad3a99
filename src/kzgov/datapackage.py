"""Build and check ``data/raw/datapackage.json`` (a Frictionless Data Package).

Each file in ``data/raw`` has a resource descriptor in ``data/meta/resources/<name>.json``:
name, path (relative to ``data/raw``), title, ``kind``, sources (URL and, for numbers
transcribed from the study, the table or figure), licenses, format/encoding and a Table
Schema whose fields carry their ``unit``. :func:`build` assembles those descriptors, adds
each file's ``bytes`` and ``hash`` (``sha256:…``), and writes the package. :func:`check`
verifies that the written package is up to date, that every file in ``data/raw`` is
described, that every hash matches, and that Frictionless finds the package valid.

``kind`` is one of:

``transcription``
    numbers printed in the study, one file per table or figure, verbatim in ``printed``;
``external``
    real data copied from elsewhere with its provenance;
``reconstruction``
    data determined by published numbers (e.g. respondent rows that reproduce a
    published table exactly), labelled as such;
``template``
    an empty or example layout for users' own files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzgov import paths
from kzgov.data import PACKAGE_FILE, sha256
from kzgov.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "build",
    "check",
    "fields",
    "inventory",
    "summary",
]

_KINDS = ("transcription", "external", "reconstruction", "template")

_PACKAGE_HEADER: dict[str, Any] = {
    "name": "kzgov-raw",
    "title": "kzgov raw data: the numbers of Abdullayev, Kadyrova & Ydyrys (2025) and the real "
    "data used to audit and extend them",
    "description": (
        "Read-only inputs of the kzgov compendium. Built by `kzgov datapackage build` from "
        "data/meta/resources/*.json; do not edit by hand. Each resource has a `kind`: "
        "transcription (numbers printed in the study, verbatim), external (real data with "
        "provenance), reconstruction (determined by published numbers; not observed data) "
        "or template (layout for users' own files)."
    ),
    "profile": "data-package",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 (the study's numbers)",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
    "sources": [
        {
            "title": "Abdullayev, A., Kadyrova, M. & Ydyrys, S. (2025). Modernization of the Local "
            "Government System: Development Prospects and Implementation Mechanisms. "
            "Emerging Science Journal 9(3).",
            "path": "https://doi.org/10.28991/ESJ-2025-09-03-017",
        }
    ],
}

_REQUIRED = ("name", "path", "title", "kind", "sources", "licenses")


def _descriptor_files() -> list[Path]:
    return sorted((paths._meta_dir() / "resources").glob("*.json"))


def _assemble() -> dict[str, Any]:
    """Return the package built from the descriptors, with current sizes and hashes.

    Raises
    ------
    DataError
        If a descriptor lacks a required property, names a missing file, has an unknown
        ``kind``, a tabular resource lacks a schema, or two descriptors share a name.
    """
    raw = paths.raw_dir()
    resources = []
    seen: dict[str, Path] = {}
    for fpath in _descriptor_files():
        try:
            desc = json.loads(fpath.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataError(f"invalid JSON ({exc.msg}, line {exc.lineno})", path=fpath) from None
        for key in _REQUIRED:
            if key not in desc:
                raise DataError(f"descriptor lacks required property {key!r}", path=fpath)
        if desc["kind"] not in _KINDS:
            raise DataError(f"kind must be one of {list(_KINDS)}; got {desc['kind']!r}", path=fpath)
        if desc["name"] in seen:
            raise DataError(f"resource name {desc['name']!r} also used in {seen[desc['name']]}", path=fpath)
        seen[desc["name"]] = fpath
        target = raw / desc["path"]
        if not target.is_file():
            raise DataError(f"describes data/raw/{desc['path']}, which does not exist", path=fpath)
        if desc.get("format", "csv") == "csv" and "schema" not in desc:
            raise DataError("a CSV resource needs a Table Schema ('schema')", path=fpath)
        desc["bytes"] = target.stat().st_size
        desc["hash"] = "sha256:" + sha256(target)
        resources.append(desc)
    resources.sort(key=lambda r: r["path"])
    return {**_PACKAGE_HEADER, "resources": resources}


def _dump(pkg: dict[str, Any]) -> str:
    return json.dumps(pkg, indent=2, ensure_ascii=False) + "\n"


def build() -> Path:
    """Write ``data/raw/datapackage.json`` from the descriptors and return its path."""
    dest = paths.raw_dir() / PACKAGE_FILE
    text = _dump(_assemble())
    if dest.exists():
        dest.chmod(0o644)
    dest.write_text(text, encoding="utf-8")
    return dest


def _described_files() -> set[str]:
    """Paths (relative to ``data/raw``) of every file in ``data/raw`` except the package."""
    raw = paths.raw_dir()
    return {
        p.relative_to(raw).as_posix()
        for p in raw.rglob("*")
        if p.is_file() and p.name != PACKAGE_FILE and not p.name.startswith(".")
    }


def check(*, frictionless: bool = True) -> list[str]:
    """Return a list of problems with the package (empty when all is well).

    Checks that ``datapackage.json`` equals what :func:`build` would write now (so every
    hash matches), that every file in ``data/raw`` is described, and, with
    ``frictionless=True``, that Frictionless validates the package and its data.
    """
    problems: list[str] = []
    dest = paths.raw_dir() / PACKAGE_FILE
    try:
        expected = _assemble()
    except DataError as exc:
        return [str(exc)]
    if not dest.is_file():
        return ["data/raw/datapackage.json is missing; run `kzgov datapackage build`"]
    current = json.loads(dest.read_text(encoding="utf-8"))
    cur_by_path = {r["path"]: r for r in current.get("resources", [])}
    for r in expected["resources"]:
        old = cur_by_path.get(r["path"])
        if old is None:
            problems.append(f"data/raw/{r['path']}: not in datapackage.json (rebuild it)")
        elif old.get("hash") != r["hash"]:
            problems.append(
                f"data/raw/{r['path']}: sha256 {r['hash'][7:19]}… does not match "
                f"datapackage.json ({str(old.get('hash'))[7:19]}…)"
            )
    if not problems and _dump(expected) != dest.read_text(encoding="utf-8"):
        problems.append(
            "data/raw/datapackage.json is out of date with data/meta/resources (rebuild it)"
        )
    described = {r["path"] for r in expected["resources"]}
    for rel in sorted(_described_files() - described):
        problems.append(f"data/raw/{rel}: file is not described in data/meta/resources")
    if frictionless and not problems:
        from frictionless import Package

        pkg = Package.from_descriptor(current, basepath=str(paths.raw_dir()))
        report = pkg.validate()
        if not report.valid:
            for task in report.tasks:
                for err in task.errors[:3]:
                    problems.append(f"frictionless: {task.name}: {err.type}: {err.note}")
            for err in report.errors[:3]:
                problems.append(f"frictionless: {err.type}: {err.note}")
    return problems


def inventory(*, kind: str | None = None) -> pd.DataFrame:
    """One row per raw file: what it is, where it comes from, and whether it checks out.

    Every file's sha256 is verified against ``datapackage.json`` (:func:`kzgov.data.verify`)
    and every table is loaded through its schema (:func:`kzgov.data.load`), so a row
    reads ``verified = True`` only if both pass.

    Parameters
    ----------
    kind
        Keep only resources of this kind (one of :data:`_KINDS`); ``None`` keeps all.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, kind, path, title, source, source_url, location_in_paper, license,
        format, bytes, rows, fields, units, sha256, verified``, sorted by kind and path.

    Raises
    ------
    ParameterError
        If ``kind`` is not one of :data:`_KINDS`.
    HashMismatchError, DataError
        If a file changed or does not match its schema.
    """
    import pandas as pd

    from kzgov import data
    from kzgov.errors import ParameterError

    if kind is not None and kind not in _KINDS:
        raise ParameterError(
            f"The 'kind' parameter of inventory must be one of {list(_KINDS)} or None. "
            f"Got {kind!r} instead."
        )
    table = data.describe(kind=kind)
    rows, nfields, verified, formats = [], [], [], []
    for name in table["name"]:
        desc = data.resource(name)
        digest = data.verify(name)
        formats.append(desc.get("format", ""))
        if "schema" in desc:
            rows.append(len(data.load(name, verify_hash=False)))
            nfields.append(len(desc["schema"].get("fields", [])))
        else:
            rows.append(None)
            nfields.append(None)
        verified.append(digest == str(desc.get("hash", "")).removeprefix("sha256:"))
    table["format"] = formats
    table["rows"] = pd.array(rows, dtype="Int64")
    table["fields"] = pd.array(nfields, dtype="Int64")
    table["verified"] = verified
    order = [
        "name", "kind", "path", "title", "source", "source_url", "location_in_paper",
        "license", "format", "bytes", "rows", "fields", "units", "sha256", "verified",
    ]
    table = table[order].sort_values(["kind", "path"], kind="stable").reset_index(drop=True)
    return table


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Counts by kind of an :func:`inventory`: resources, tables, rows, bytes, verified."""
    import pandas as pd

    out = (
        table.groupby("kind", sort=True)
        .agg(
            resources=("name", "size"),
            tables=("rows", lambda s: int(s.notna().sum())),
            rows=("rows", lambda s: int(s.fillna(0).sum())),
            bytes=("bytes", "sum"),
            verified=("verified", "sum"),
        )
        .reset_index()
    )
    total = pd.DataFrame(
        [
            {
                "kind": "all",
                "resources": int(out["resources"].sum()),
                "tables": int(out["tables"].sum()),
                "rows": int(out["rows"].sum()),
                "bytes": int(out["bytes"].sum()),
                "verified": int(out["verified"].sum()),
            }
        ]
    )
    return pd.concat([out, total], ignore_index=True).astype(
        {"resources": int, "tables": int, "rows": int, "bytes": int, "verified": int}
    )


def fields(*, kind: str | None = None) -> pd.DataFrame:
    """One row per field of every table: resource, field, type, unit, constraints."""
    import pandas as pd

    from kzgov import data

    out = []
    for r in data._package()["resources"]:
        if kind is not None and r.get("kind") != kind:
            continue
        for f in r.get("schema", {}).get("fields", []):
            cons = f.get("constraints", {})
            out.append(
                {
                    "resource": r["name"],
                    "field": f["name"],
                    "type": f.get("type", "string"),
                    "unit": f.get("unit", ""),
                    "required": bool(cons.get("required", False)),
                    "constraints": "; ".join(
                        f"{k}={v}" for k, v in sorted(cons.items()) if k != "required"
                    ),
                }
            )
    return pd.DataFrame(out, columns=["resource", "field", "type", "unit", "required", "constraints"])
