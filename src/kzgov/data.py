"""Loading and writing data: the one place that knows where data lives.

Every file in ``data/raw`` is a resource of the Frictionless Data Package
``data/raw/datapackage.json``. :func:`load` reads a tabular resource by name, checks its
sha256 against the package, and validates it with a pandera schema built from the
resource's Table Schema (types, required fields, ranges, allowed values, uniqueness).
:func:`read_table` applies the same checks to a user's own file, against the schema of
a named resource (for example the budget template).

Bad data raises :class:`kzgov.errors.DataError` naming the file, column, row and what was
expected, e.g. ``data/raw/x.csv: column 'transfers', row 7: 'abc' is not a number``.
Rows are counted from 1 after the header, so the file line is ``row + 1``.

Outputs go through :func:`write_processed`, which writes to a temporary file and renames
it, so a failure never leaves a half-written file in ``data/processed``.

What kzgov reads
----------------
kzgov's inputs are small tables: one row per region and year, per respondent, per
project. :func:`read_table` (and every reader of a user's file built on it: budgets,
surveys, the forecaster's projects, Pabulib files) therefore refuses, before parsing, a file larger
than :data:`DEFAULT_MAX_BYTES` bytes, and stops at the first data row beyond
:data:`DEFAULT_MAX_ROWS`; the message says how to raise the limit, with the keywords
``max_rows=``/``max_bytes=`` or the environment variables ``KZGOV_MAX_ROWS`` and
``KZGOV_MAX_BYTES`` (which reach notebook kernels too). ``benchmarks/large_input.py``
measures the read time and peak memory per million rows.

Numbers must be finite: ``inf``, ``-inf`` and ``nan`` spelled out in a numeric column are
refused, as is an integer beyond ±2**53, which a float64 cannot hold exactly.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kzgov import paths
from kzgov.errors import DataError, HashMismatchError

__all__ = [
    "describe",
    "load",
    "names",
    "read_table",
    "resource",
    "resource_path",
    "sha256",
    "verify",
    "write_processed",
]

PACKAGE_FILE = "datapackage.json"
_READ_LOG_ENV = "KZGOV_READ_LOG"

#: Default largest number of data rows a reader accepts (override: ``max_rows=`` or
#: ``$KZGOV_MAX_ROWS``).
_DEFAULT_MAX_ROWS = 200_000
#: Default largest file size in bytes a reader accepts (override: ``max_bytes=`` or
#: ``$KZGOV_MAX_BYTES``).
_DEFAULT_MAX_BYTES = 50 * 2**20
_MAX_ROWS_ENV = "KZGOV_MAX_ROWS"
_MAX_BYTES_ENV = "KZGOV_MAX_BYTES"
_UNLIMITED = 2**62
#: Integers beyond ±2**53 lose digits in a float64.
_MAX_EXACT_INT = 2**53


# --------------------------------------------------------------------------- package
@functools.lru_cache(maxsize=4)
def _package_cached(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _package() -> dict[str, Any]:
    """Return the parsed ``data/raw/datapackage.json``."""
    path = paths.raw_dir() / PACKAGE_FILE
    if not path.is_file():
        raise DataError("the data package is missing; run `kzgov datapackage build`", path=path)
    return _package_cached(str(path), path.stat().st_mtime)


def names(*, kind: str | None = None) -> list[str]:
    """Names of the package's resources.

    Optionally only those of one ``kind`` (``transcription``, ``external``,
    ``reconstruction`` or ``template``).
    """
    return [
        r["name"]
        for r in _package()["resources"]
        if kind is None or r.get("kind") == kind
    ]


def resource(name: str) -> dict[str, Any]:
    """Return the descriptor of resource ``name``.

    Raises
    ------
    DataError
        If the package has no such resource; the message lists the known names.
    """
    for r in _package()["resources"]:
        if r["name"] == name:
            return r
    known = ", ".join(sorted(names()))
    raise DataError(f"unknown data resource {name!r}; known resources: {known}")


def resource_path(name: str) -> Path:
    """Absolute path of resource ``name`` inside ``data/raw``."""
    return paths.raw_dir() / resource(name)["path"]


def sha256(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(name: str) -> str:
    """Check resource ``name``'s bytes against its recorded sha256 and return the hash.

    The read is recorded in the runner's read log (``$KZGOV_READ_LOG``), for the report's
    provenance.

    Raises
    ------
    HashMismatchError
        If the file changed since the package was built.
    """
    digest = _check_hash(name)
    _record_read(resource(name)["path"], digest)
    return digest


def _check_hash(name: str) -> str:
    """The hash check of :func:`verify`, without recording the read."""
    desc = resource(name)
    path = paths.raw_dir() / desc["path"]
    if not path.is_file():
        raise DataError("file listed in datapackage.json does not exist", path=path)
    actual = sha256(path)
    expected = str(desc.get("hash", "")).removeprefix("sha256:")
    if actual != expected:
        raise HashMismatchError(
            f"sha256 is {actual[:12]}…, but datapackage.json records {expected[:12]}…; "
            "data/raw is read-only: restore the file, or rebuild the package if the change "
            "is intended (`kzgov datapackage build`)",
            path=path,
        )
    return actual


def _record_read(relpath: str, digest: str) -> None:
    """Append ``relpath sha256`` to the runner's read log, when one is set."""
    log = os.environ.get(_READ_LOG_ENV)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"{relpath}\t{digest}\n")


def _field_units(name: str) -> dict[str, str]:
    """Map each field of resource ``name`` to its unit (fields without a unit are left out)."""
    return {
        f["name"]: f["unit"]
        for f in resource(name).get("schema", {}).get("fields", [])
        if f.get("unit")
    }


def describe(*, kind: str | None = None) -> pd.DataFrame:
    """One row per resource: name, kind, path, title, source, license, rows, sha256."""
    rows = []
    for r in _package()["resources"]:
        if kind is not None and r.get("kind") != kind:
            continue
        src = r.get("sources", [{}])[0]
        lic = r.get("licenses", [{}])[0]
        rows.append(
            {
                "name": r["name"],
                "kind": r.get("kind", ""),
                "path": "data/raw/" + r["path"],
                "title": r.get("title", ""),
                "source": src.get("title", ""),
                "source_url": src.get("path", ""),
                "location_in_paper": src.get("location", ""),
                "license": lic.get("title", lic.get("name", "")),
                "bytes": r.get("bytes"),
                "sha256": str(r.get("hash", "")).removeprefix("sha256:"),
                "units": "; ".join(
                    f"{k}: {v}" for k, v in _field_units(r["name"]).items()
                )
                if "schema" in r
                else "",
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- limits
def _env_limit(var: str, default: int) -> int:
    text = os.environ.get(var)
    if text is None or not text.strip():
        return default
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        from kzgov.errors import ParameterError

        raise ParameterError(
            f"The environment variable {var} must be an integer ≥ 1. Got {text[:40]!r} instead."
        )
    return value


def _input_limits(
    *, max_rows: int | None = None, max_bytes: int | None = None
) -> tuple[int, int]:
    """The row and byte limits a reader applies: the keywords, else the environment, else defaults.

    Parameters
    ----------
    max_rows, max_bytes
        Explicit limits; ``None`` takes ``$KZGOV_MAX_ROWS``/``$KZGOV_MAX_BYTES`` when set,
        else :data:`DEFAULT_MAX_ROWS`/:data:`DEFAULT_MAX_BYTES`.

    Returns
    -------
    tuple of int
        ``(max_rows, max_bytes)``.
    """
    from kzgov.errors import ParameterError

    for name, value in (("max_rows", max_rows), ("max_bytes", max_bytes)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ParameterError(f"The {name!r} parameter must be an integer ≥ 1. Got {value!r} instead.")
    rows = max_rows if max_rows is not None else _env_limit(_MAX_ROWS_ENV, _DEFAULT_MAX_ROWS)
    size = max_bytes if max_bytes is not None else _env_limit(_MAX_BYTES_ENV, _DEFAULT_MAX_BYTES)
    return rows, size


def _check_size(
    path: str | Path, *, max_bytes: int | None = None, error: type[DataError] = DataError
) -> int:
    """Refuse, before reading it, a file larger than the byte limit; return its size.

    Raises
    ------
    DataError
        (or ``error``) If the file is larger than ``max_bytes`` (see :func:`input_limits`);
        the message says how to raise the limit.
    """
    _, limit = _input_limits(max_bytes=max_bytes)
    size = Path(path).stat().st_size
    if size > limit:
        raise error(
            f"file is {size:,} bytes, more than the {limit:,} bytes kzgov reads by default "
            f"(its inputs are small tables); to read it anyway set {_MAX_BYTES_ENV} "
            f"(or max_bytes=) to a larger value",
            path=path,
        )
    return size


def _too_many_rows(limit: int, path: Any, error: type[DataError] = DataError) -> DataError:
    return error(
        f"file has more than {limit:,} data rows, the most kzgov reads by default (its "
        f"inputs are small tables); to read it anyway set {_MAX_ROWS_ENV} (or max_rows=) "
        "to a larger value",
        path=path,
    )


# --------------------------------------------------------------------------- reading
def load(name: str, *, verify_hash: bool = True) -> pd.DataFrame:
    """Load tabular resource ``name`` from ``data/raw`` as a validated DataFrame.

    Parameters
    ----------
    name
        The resource's name in ``datapackage.json``.
    verify_hash
        Check the file's sha256 first (the default).

    Returns
    -------
    pandas.DataFrame
        Columns typed after the Table Schema: ``integer``/``year`` as nullable ``Int64``,
        ``number`` as ``float64``, ``string`` as ``object``, ``date`` as ``datetime64``,
        ``boolean`` as nullable ``boolean``. The schema's units are in ``df.attrs["units"]``.

    Raises
    ------
    DataError
        Malformed CSV, missing or extra columns, text in a numeric column, a value outside
        its allowed range or set, a duplicate key. The message names file, column and row.
    HashMismatchError
        If the file's bytes differ from the recorded hash.
    """
    desc = resource(name)
    if "schema" not in desc:
        raise DataError(
            f"resource {name!r} is not a table (format {desc.get('format')!r}); "
            "use its own reader",
            path=paths.raw_dir() / desc["path"],
        )
    path = paths.raw_dir() / desc["path"]
    if not path.is_file():
        raise DataError("file listed in datapackage.json does not exist", path=path)
    stat = path.stat()
    frame = _load_validated(name, str(path), stat.st_mtime_ns, stat.st_size, verify_hash)
    out = frame.copy()
    out.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in frame.attrs.items()}
    if verify_hash:
        _record_read(desc["path"], str(desc.get("hash", "")).removeprefix("sha256:"))
    return out


@functools.lru_cache(maxsize=64)
def _load_validated(
    name: str, path: str, mtime_ns: int, size: int, verify_hash: bool
) -> pd.DataFrame:
    """Read, hash-check and validate once per (file, modification time, size)."""
    desc = resource(name)
    if verify_hash:
        _check_hash(name)  # load() records the read, once per call
    # packaged resources are checked by their hash: the limits on users' files do not apply
    return read_table(path, schema=desc["schema"], dialect=desc, max_rows=_UNLIMITED,
                      max_bytes=_UNLIMITED)


def read_table(
    path: str | Path,
    *,
    like: str | None = None,
    schema: Mapping[str, Any] | None = None,
    dialect: Mapping[str, Any] | None = None,
    extra_columns: bool = False,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """Read and validate a CSV file against a Table Schema.

    Use it for your own data: ``read_table("my_budget.csv", like="budget_template")``
    checks a user's file against the schema of a packaged resource.

    Parameters
    ----------
    path
        The CSV file.
    like
        Name of a resource whose schema (and dialect) the file must follow.
    schema
        A Table Schema mapping, instead of ``like``.
    dialect
        Mapping with optional ``encoding`` and ``dialect`` (``delimiter``) keys.
    extra_columns
        Allow columns the schema does not define (kept as strings). Default False: an
        extra column is an error.
    max_rows, max_bytes
        Limits on the file (see :func:`input_limits`): a larger file is refused before it
        is parsed, a longer one at the first row beyond the limit.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        Naming file, column and row: a malformed or ragged CSV (an unterminated quote is
        reported at the line where it opens), a file that looks semicolon-separated,
        missing or unexpected columns, text or a non-finite value (``inf``) in a numeric
        column, an integer beyond ±2**53, a constraint broken, a duplicate primary key, a
        file beyond the size or row limit.
    """
    if like is not None:
        desc = resource(like)
        schema = desc["schema"]
        dialect = desc if dialect is None else dialect
    if schema is None:
        raise TypeError("read_table needs either like= or schema=")
    dialect = dialect or {}
    path = Path(path)
    if not path.is_file():
        raise DataError("file does not exist", path=path)
    row_limit, _ = _input_limits(max_rows=max_rows, max_bytes=max_bytes)
    _check_size(path, max_bytes=max_bytes)
    encoding = dialect.get("encoding", "utf-8")
    if encoding.lower() in {"utf-8", "utf8"}:
        encoding = "utf-8-sig"  # tolerate a BOM
    delimiter = dialect.get("dialect", {}).get("delimiter", ",")
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(f"file is not valid {encoding} text ({exc.reason})", path=path) from None
    records = _parse_csv(text, delimiter=delimiter, path=path, max_rows=row_limit)
    del text  # the parsed records are all that is kept
    if not records:
        raise DataError("file is empty; expected a header row", path=path)
    header = records[0]
    _check_delimiter(header, schema, delimiter, path)
    columns = zip(*records[1:], strict=True) if len(records) > 1 else [() for _ in header]
    frame = pd.DataFrame(
        {i: pd.Series(col, dtype=object) for i, col in enumerate(columns)},
        index=range(len(records) - 1),
    )
    frame.columns = header
    del records
    return validate_frame(frame, schema, path=path, extra_columns=extra_columns)


def _check_delimiter(
    header: Sequence[str], schema: Mapping[str, Any], delimiter: str, path: Path
) -> None:
    """Say so when a file is separated by ``;`` or a tab rather than ``delimiter``."""
    expected = {f["name"] for f in schema.get("fields", [])}
    if expected <= set(header):
        return
    joined = delimiter.join(header)
    for other, name in ((";", "semicolon"), ("\t", "tab")):
        if other == delimiter or other not in joined:
            continue
        parts = [p.strip().strip('"') for p in joined.split(other)]
        if len(parts) > len(header) and (expected & set(parts) or len(header) == 1):
            raise DataError(
                f"the file looks {name}-separated (its header splits on {other!r} into "
                f"{len(parts)} columns); kzgov reads {delimiter!r}-separated CSV: save it "
                f"with {delimiter!r} as the separator and '.' as the decimal mark",
                path=path,
            )


def _csv_records(
    text: str,
    *,
    delimiter: str,
    fail: Callable[[int, csv.Error | None], Exception],
) -> Iterator[tuple[int, int, list[str]]]:
    """Yield ``(first_line, last_line, record)`` for each record of CSV text, read strictly.

    A parse error raises ``fail(line, exc)``, ``line`` being the line the record opens on
    and ``exc`` the :class:`csv.Error`, or ``None`` when a quoted field is never closed.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise fail(start, None if "unexpected end of data" in str(exc) else exc) from None
        yield start, reader.line_num, rec


def _parse_csv(
    text: str,
    *,
    delimiter: str,
    path: Path,
    max_rows: int | None = None,
    error: type[DataError] = DataError,
) -> list[list[str]]:
    """Parse CSV text into records, strictly: ragged rows, bad quotes and repeated names fail.

    Blank lines are skipped. An unterminated quote is reported at the line where the quoted
    field opens, not at the end of the file. More than ``max_rows`` data rows fail early.
    """

    def fail(start: int, exc: csv.Error | None) -> DataError:
        if exc is None:
            return error(
                f"malformed CSV at line {start}: a quoted field opens on this line and is "
                "never closed",
                path=path,
            )
        return error(f"malformed CSV at line {start}: {exc}", path=path)

    rows: list[list[str]] = []
    width = None
    limit = _input_limits(max_rows=max_rows)[0]
    for start, _, rec in _csv_records(text, delimiter=delimiter, fail=fail):
        if not rec:  # blank line
            continue
        if width is None:
            width = len(rec)
            dupes = sorted({c for c in rec if rec.count(c) > 1})
            if dupes:
                raise error(f"duplicate column names in the header: {dupes}", path=path)
        elif len(rec) != width:
            raise error(
                f"malformed CSV: expected {width} fields as in the header, got {len(rec)} "
                f"(line {start})",
                path=path,
                row=len(rows),
            )
        rows.append(rec)
        if len(rows) > limit + 1:
            raise _too_many_rows(limit, path, error)
    return rows


_NUMERIC = {"integer", "number", "year"}


def validate_frame(
    frame: pd.DataFrame,
    schema: Mapping[str, Any],
    *,
    path: str | Path | None = None,
    extra_columns: bool = False,
) -> pd.DataFrame:
    """Validate a frame of strings against a Table Schema and return it typed.

    Column presence and parsing are checked here, cell by cell, so that messages name the
    row and value; the remaining constraints (ranges, allowed values, uniqueness) are
    checked by a pandera schema built from the Table Schema.
    """
    fields = list(schema.get("fields", []))
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; expected columns {expected}", path=path
        )
    extra = [c for c in frame.columns if c not in expected]
    if extra and not extra_columns:
        raise DataError(f"unexpected column(s) {extra}; expected columns {expected}", path=path)
    missing_values = set(schema.get("missingValues", [""]))
    out = pd.DataFrame(index=range(len(frame)))
    for f in fields:
        out[f["name"]] = _parse_column(frame[f["name"]], f, missing_values, path)
    for c in extra:
        out[c] = frame[c].to_numpy()
    _check_constraints(out, schema, path)
    out.attrs["units"] = {f["name"]: f["unit"] for f in fields if f.get("unit")}
    if path is not None:
        out.attrs["source"] = paths.display_path(path)
    return out


def _parse_column(
    col: pd.Series, field: Mapping[str, Any], missing_values: set[str], path: Any
) -> pd.Series:
    name, ftype = field["name"], field.get("type", "string")
    raw = col.astype(object).where(~col.isin(missing_values), None)
    raw = raw.reset_index(drop=True)
    if ftype in _NUMERIC:
        stripped = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
        num = pd.to_numeric(stripped, errors="coerce")
        bad = num.isna() & stripped.notna()
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(
                f"{raw[i]!r} is not a number", path=path, column=name, row=i + 1, value=raw[i]
            )
        num = num.astype("float64")
        infinite = num.abs() == math.inf
        if infinite.any():
            i = int(infinite.idxmax())
            raise DataError(
                f"{raw[i]!r} is not a finite number; amounts must be finite",
                path=path, column=name, row=i + 1, value=raw[i],
            )
        if ftype in {"integer", "year"}:
            huge = num.abs() > _MAX_EXACT_INT
            if huge.any():
                i = int(huge.idxmax())
                raise DataError(
                    f"{raw[i]!r} is too large for an integer column: whole numbers must lie "
                    f"within ±{_MAX_EXACT_INT:,} (2**53), beyond which they lose digits",
                    path=path, column=name, row=i + 1, value=raw[i],
                )
            frac = num.notna() & (num % 1 != 0)
            if frac.any():
                i = int(frac.idxmax())
                raise DataError(
                    f"{raw[i]!r} is not a whole number", path=path, column=name, row=i + 1,
                    value=raw[i],
                )
            return num.astype("Int64")
        return num.astype("float64")
    if ftype == "date":
        fmt = field.get("format", "%Y-%m-%d")
        fmt = "%Y-%m-%d" if fmt in {"default", "any"} else fmt
        parsed = pd.to_datetime(raw, format=fmt, errors="coerce")
        bad = parsed.isna() & raw.notna()
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(
                f"{raw[i]!r} is not a date in format {fmt}", path=path, column=name,
                row=i + 1, value=raw[i],
            )
        return parsed
    if ftype == "boolean":
        true = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
        false = set(field.get("falseValues", ["false", "False", "FALSE", "0"]))
        bad = raw.notna() & ~raw.isin(true | false)
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(
                f"{raw[i]!r} is not a boolean", path=path, column=name, row=i + 1, value=raw[i]
            )
        return raw.map(lambda v: None if v is None else v in true).astype("boolean")
    return raw.astype(object)


def _check_constraints(df: pd.DataFrame, schema: Mapping[str, Any], path: Any) -> None:
    import pandera.pandas as pa

    columns = {}
    for f in schema.get("fields", []):
        cons = f.get("constraints", {})
        checks = []
        if "minimum" in cons:
            checks.append(pa.Check.ge(cons["minimum"], error=f"must be ≥ {cons['minimum']}"))
        if "maximum" in cons:
            checks.append(pa.Check.le(cons["maximum"], error=f"must be ≤ {cons['maximum']}"))
        if "enum" in cons:
            checks.append(
                pa.Check.isin(cons["enum"], error=f"must be one of {list(cons['enum'])}")
            )
        if "pattern" in cons:
            checks.append(
                pa.Check.str_matches(
                    f"^(?:{cons['pattern']})$", error=f"must match {cons['pattern']}"
                )
            )
        columns[f["name"]] = pa.Column(
            nullable=not cons.get("required", False),
            unique=bool(cons.get("unique", False)),
            checks=checks,
            coerce=False,
        )
    pk = schema.get("primaryKey")
    unique = [pk] if isinstance(pk, str) else list(pk) if pk else None
    if unique and all(c in df.columns for c in unique):
        dup = df.duplicated(unique, keep=False) & df[unique].notna().all(axis=1)
        if dup.any():
            rows = [int(i) + 1 for i in dup.to_numpy().nonzero()[0]]
            first = df.loc[rows[0] - 1, unique]
            key = ", ".join(f"{c}={_plain(first[c])!r}" for c in unique)
            same = [r for r in rows if tuple(df.loc[r - 1, unique]) == tuple(first)]
            raise DataError(
                f"rows {same[0]} and {same[1]} repeat the key ({key}); each "
                f"({', '.join(unique)}) must appear once",
                path=path,
            )
    model = pa.DataFrameSchema(columns, unique=unique)
    try:
        model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(exc, path) from None


def _plain(value: Any) -> Any:
    """A numpy or pandas scalar as a plain Python value (1980, not np.int64(1980))."""
    return value.item() if hasattr(value, "item") and callable(value.item) else value


def _first_failure(exc: Any, path: Any) -> DataError:
    cases = exc.failure_cases
    n = len(cases)
    first = cases.iloc[0]
    column = first.get("column")
    column = None if column is None or (isinstance(column, float) and math.isnan(column)) else str(column)
    index = first.get("index")
    row = None if index is None or pd.isna(index) else int(index) + 1
    check = str(first.get("check"))
    value = first.get("failure_case")
    if hasattr(value, "item") and callable(value.item):  # numpy scalar: show 1980, not np.int64(1980)
        value = value.item()
    if check == "not_nullable":
        msg = "value is required but missing"
    elif check in {"field_uniqueness", "multiple_fields_uniqueness"}:
        msg = f"duplicate value {value!r}; values must be unique"
    else:
        msg = f"{value!r} {check}" if check.startswith("must") else f"{value!r} fails {check}"
    more = f" ({n - 1} more problem(s) in this file)" if n > 1 else ""
    return DataError(msg + more, path=path, column=column, row=row, value=value)


# --------------------------------------------------------------------------- writing
def _canonical(obj: Any) -> Any:
    """Make floats JSON-stable: NaN/inf become None, -0.0 becomes 0.0."""
    if isinstance(obj, float):
        if math.isnan(obj) or math.isinf(obj):
            return None
        return 0.0 if obj == 0 else obj
    if isinstance(obj, Mapping):
        return {str(k): _canonical(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_canonical(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        return _canonical(obj.item())
    return obj


def write_processed(
    relpath: str | Path,
    obj: pd.DataFrame | Mapping[str, Any] | Sequence[Any],
    *,
    float_format: str = "%.10g",
) -> Path:
    r"""Write a notebook's key numbers to ``data/processed`` atomically.

    A DataFrame becomes CSV (no index, floats with ``float_format``, ``\n`` line endings);
    a mapping or list becomes JSON (sorted keys, indent 2). The file is written to a
    temporary name in the same folder and renamed into place, so a failure never leaves
    a half-written file. The destination honours ``$KZGOV_PROCESSED_DIR`` (batch runs).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    dest = paths.processed_dir() / relpath
    dest.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(obj, pd.DataFrame):
        payload = obj.to_csv(index=False, float_format=float_format, lineterminator="\n")
    else:
        payload = json.dumps(_canonical(obj), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(payload)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp creates 0600: give the mode open() would
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest
