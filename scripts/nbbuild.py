"""Shared helpers of the notebook builders (``scripts/make_notebook_NN.py``).

Each builder lists its cells with :func:`code` and :func:`md` and writes the notebook with
:func:`write`, which sets the kernel, the parameter-domain function the runner calls, and
deterministic cell ids, so that rebuilding a notebook changes nothing but what was edited.
After a rebuild, execute it in place: ``kzgov notebooks --only NN_name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
CHECK = ["nbval-check-output"]


def code(source: str, tags: Sequence[str] | None = None, *, check: bool = False):
    """A code cell; ``check=True`` (or ``tags=CHECK``) marks its output for nbval."""
    cell = new_code_cell(source.strip())
    all_tags = list(tags or []) + (CHECK if check and "nbval-check-output" not in (tags or []) else [])
    if all_tags:
        cell.metadata["tags"] = all_tags
    return cell


def md(source: str):
    """A markdown cell."""
    return new_markdown_cell(source.strip())


def write(cells: list, name: str, *, domains: str, id_prefix: str) -> Path:
    """Write ``notebooks/<name>.ipynb`` with the kernel, the domain function and cell ids."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["kzgov"] = {"domains": domains}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{id_prefix}-{i:02d}"
    dest = ROOT / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, str(dest))
    print(dest.relative_to(ROOT))
    return dest
