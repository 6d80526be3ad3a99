"""Notebook files: jupytext pairs, clean metadata, deterministic cell ids.

Each notebook is one document in two files (:data:`PAIR_FORMAT`): ``notebooks/NN_name.py``
in jupytext's percent format, the source a researcher edits in JupyterLab or an editor, and
``notebooks/NN_name.ipynb``, the same cells with their stored outputs (which nbval checks).
``jupytext.toml`` at the project root pairs them, so JupyterLab (through jupytext's contents
manager) writes both on every save.

A committed notebook carries no machine noise: no papermill or nbclient metadata (paths,
timestamps, durations), no provenance stamp (that belongs to ``reports/``), and cell ids
``cell-00``, ``cell-01``, … in order, and no memory address in an object's repr (a pandas
Styler's ``text/plain`` is ``<… Styler at 0x…>``; it is stored as ``0x0``, which
``tests/nbval_sanitize.cfg`` maps to the same text as any address). :func:`clean` makes a notebook so, :func:`problems`
lists what is not, and :func:`write_pair` writes both files of a pair.

This module is private: the runner (``kzgov notebooks``) and the tests use it.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "PAIR_FORMAT",
    "cell_id",
    "clean",
    "out_of_sync",
    "pair_of",
    "problems",
    "read_source",
    "sync",
    "write_pair",
]

#: The text half of every pair: jupytext's percent format (``# %%`` cell markers).
PAIR_FORMAT = "py:percent"

#: Notebook-level metadata a committed notebook may keep.
_KEEP_NB_METADATA = ("kernelspec", "kzgov", "jupytext")
#: Cell-level metadata a committed notebook may keep.
_KEEP_CELL_METADATA = ("tags",)
#: Metadata written by the runner after execution; it belongs to ``reports/`` only.
_REPORT_ONLY = ("provenance",)
#: jupytext's settings, kept in every notebook so that the pair is the same whichever tool
#: writes it (``jupytext.toml`` holds the same for new notebooks).
_JUPYTEXT = {
    "cell_metadata_filter": "tags,-all",
    "formats": f"ipynb,{PAIR_FORMAT}",
    "notebook_metadata_filter": "kzgov",
}

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
_ABS_PATH = re.compile(r"(?<![\w.:/-])/(?:home|root|tmp|work|Users|var|private|opt|mnt|srv)/[^\s\"'\\]*")
_CELL_ID = re.compile(r"^cell-\d{2,}$")
#: The address in a default object repr, ``<pandas.io.formats.style.Styler at 0x7f…>``.
_ADDRESS = re.compile(r"(?<= at )0x[0-9a-fA-F]+(?=>)")
#: What :func:`clean` stores instead: the same on every run.
_FIXED_ADDRESS = "0x0"


def cell_id(index: int) -> str:
    """The id of the cell at position ``index`` (0-based): ``cell-00``, ``cell-01`` …."""
    return f"cell-{index:02d}"


def pair_of(path: str | Path) -> tuple[Path, Path]:
    """``(ipynb, py)`` paths of the pair that ``path`` (either file) belongs to."""
    p = Path(path)
    return p.with_suffix(".ipynb"), p.with_suffix(".py")


def read_source(path: str | Path) -> Any:
    """The notebook's cells as its source holds them.

    The ``.py`` half is the source when it exists; else the ``.ipynb`` is read as it is.
    Outputs are not part of the source.
    """
    import jupytext
    import nbformat

    ipynb, py = pair_of(path)
    if py.is_file():
        return jupytext.read(py, fmt=PAIR_FORMAT)
    return nbformat.read(str(ipynb), as_version=4)


def clean(nb: Any) -> Any:
    """Strip machine noise from ``nb`` in place and return it.

    Removes papermill's and nbclient's metadata (``papermill``, ``execution``, timing),
    the runner's provenance stamp and empty tag lists, reduces ``language_info`` to the
    language name, replaces the memory address in an object's ``text/plain`` repr by
    ``0x0``, and numbers the cells ``cell-00``, ``cell-01`` ….
    """
    meta = nb.metadata
    for key in list(meta):
        if key not in _KEEP_NB_METADATA:
            del meta[key]
    kz = meta.get("kzgov")
    if isinstance(kz, dict):
        for key in _REPORT_ONLY:
            kz.pop(key, None)
        if not kz:
            del meta["kzgov"]
    meta["language_info"] = {"name": "python"}
    if "jupytext" in meta:
        meta["jupytext"] = dict(_JUPYTEXT)
    nb.cells = [c for c in nb.cells if "kzgov-provenance" not in c.get("metadata", {}).get("tags", [])]
    for i, cell in enumerate(nb.cells):
        cmeta = cell.get("metadata", {})
        for key in list(cmeta):
            if key not in _KEEP_CELL_METADATA or (key == "tags" and not cmeta[key]):
                del cmeta[key]
        cell["id"] = cell_id(i)
        if cell.get("cell_type") == "code":
            cell["outputs"] = _coalesce_streams(cell.get("outputs", []))
            for out in cell["outputs"]:
                out.get("metadata", {}).pop("execution", None)
                data = out.get("data", {})
                if "text/plain" in data:
                    data["text/plain"] = _ADDRESS.sub(_FIXED_ADDRESS, "".join(_lines(data["text/plain"])))
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5)), 5)
    return nb


def _coalesce_streams(outputs: list[Any]) -> list[Any]:
    """Join consecutive stdout (or stderr) chunks: how a kernel flushes them is not stable."""
    merged: list[Any] = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and prev is not None
            and prev.get("output_type") == "stream"
            and prev.get("name") == out.get("name")
        ):
            prev["text"] = "".join(_lines(prev["text"])) + "".join(_lines(out["text"]))
            continue
        merged.append(out)
    return merged


def _lines(text: Any) -> list[str]:
    return list(text) if isinstance(text, list) else [str(text)]


def _text_of(nb: Any) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def write_pair(nb: Any, path: str | Path) -> tuple[Path, Path]:
    """Clean ``nb`` and write both halves of the pair ``path`` belongs to.

    Each file is replaced atomically and only when its text changes, so refreshing an
    unchanged notebook leaves both files, and ``git diff``, untouched.
    """
    import jupytext

    ipynb, py = pair_of(path)
    clean(nb)
    nb.metadata["jupytext"] = dict(_JUPYTEXT)
    _write_if_changed(ipynb, _text_of(nb))
    _write_if_changed(py, jupytext.writes(nb, fmt=PAIR_FORMAT))
    return ipynb, py


def _write_if_changed(dest: Path, text: str) -> None:
    from kzgov.runner import _write_atomic

    if dest.is_file() and dest.read_text(encoding="utf-8") == text:
        return
    _write_atomic(dest, text)


def sync(path: str | Path) -> tuple[Path, Path]:
    """Bring a pair into agreement without executing it, then clean it.

    The more recently modified half supplies the cells (jupytext's own rule); outputs
    come from the ``.ipynb`` wherever a cell's source is unchanged.
    """
    import jupytext
    import nbformat
    from jupytext.combine import combine_inputs_with_outputs

    ipynb, py = pair_of(path)
    if not ipynb.is_file():
        nb = jupytext.read(py, fmt=PAIR_FORMAT)
    elif not py.is_file():
        nb = nbformat.read(str(ipynb), as_version=4)
    else:
        with_outputs = nbformat.read(str(ipynb), as_version=4)
        if py.stat().st_mtime > ipynb.stat().st_mtime:
            nb = jupytext.read(py, fmt=PAIR_FORMAT)
            nb = combine_inputs_with_outputs(nb, with_outputs, fmt=PAIR_FORMAT)
        else:
            nb = with_outputs
    return write_pair(nb, ipynb)


def _cells_signature(nb: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (c.cell_type, str(c.source).strip(), tuple(c.get("metadata", {}).get("tags", [])))
        for c in nb.cells
    ]


def out_of_sync(path: str | Path) -> list[str]:
    """How the two halves of a pair disagree (cells, sources, tags, kzgov metadata); [] if not."""
    import jupytext
    import nbformat

    ipynb, py = pair_of(path)
    if not py.is_file():
        return [f"{py.name} is missing: pair it with `make sync`"]
    if not ipynb.is_file():
        return [f"{ipynb.name} is missing: create it with `make sync`"]
    text = jupytext.read(py, fmt=PAIR_FORMAT)
    full = nbformat.read(str(ipynb), as_version=4)
    out = []
    a, b = _cells_signature(text), _cells_signature(full)
    if len(a) != len(b):
        out.append(f"{py.name} has {len(a)} cells, {ipynb.name} has {len(b)}")
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            what = "type" if x[0] != y[0] else "tags" if x[2] != y[2] else "source"
            out.append(f"cell {i}: the {what} differs between {py.name} and {ipynb.name}")
            break
    if text.metadata.get("kzgov") != full.metadata.get("kzgov"):
        out.append(f"the kzgov metadata differs between {py.name} and {ipynb.name}")
    return out


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def problems(path: str | Path) -> list[str]:
    """Machine noise in a committed ``.ipynb``: metadata, paths, host name, timestamps, ids, addresses."""
    import json

    ipynb, _ = pair_of(path)
    raw = json.loads(ipynb.read_text(encoding="utf-8"))
    out = []
    extra = sorted(set(raw.get("metadata", {})) - set(_KEEP_NB_METADATA) - {"language_info"})
    if extra:
        out.append(f"notebook metadata {extra} (papermill/nbconvert noise)")
    if set(raw.get("metadata", {}).get("kzgov", {})) & set(_REPORT_ONLY):
        out.append("a provenance stamp (it belongs in reports/)")
    host = socket.gethostname()
    for i, cell in enumerate(raw.get("cells", [])):
        where = f"cell {i}"
        if not _CELL_ID.match(str(cell.get("id", ""))) or cell.get("id") != cell_id(i):
            out.append(f"{where}: id {cell.get('id')!r} is not the deterministic {cell_id(i)!r}")
        extra = sorted(set(cell.get("metadata", {})) - set(_KEEP_CELL_METADATA))
        if extra:
            out.append(f"{where}: cell metadata {extra}")
        for text in _strings(cell.get("outputs", [])) if cell.get("cell_type") == "code" else []:
            # images are base64: only text outputs can hold a path, host or time stamp
            if len(text) > 2000 and " " not in text[:2000]:
                continue
            m = _ABS_PATH.search(text) or _TIMESTAMP.search(text)
            if m:
                out.append(f"{where}: output holds {m.group(0)[:60]!r}")
            addresses = sorted(set(_ADDRESS.findall(text)) - {_FIXED_ADDRESS})
            if addresses:
                out.append(f"{where}: output holds the memory address {addresses[0]!r}")
            if host and len(host) > 3 and re.search(rf"\b{re.escape(host)}\b", text):
                out.append(f"{where}: output holds the host name {host!r}")
    for text in _strings(raw.get("metadata", {})):
        m = _ABS_PATH.search(text) or _TIMESTAMP.search(text)
        if m:
            out.append(f"notebook metadata holds {m.group(0)[:60]!r}")
    return out
