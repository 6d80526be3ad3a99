"""Where things live. The one module that builds project paths.

Every path is derived from the project root, found as the folder holding ``data/raw``
above this file (the src layout), or from the environment variable ``KZGOV_ROOT``.
The runner redirects a notebook's outputs with ``KZGOV_PROCESSED_DIR`` and
``KZGOV_REPORTS_DIR``; notebooks never hard-code a path.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "cache_dir",
    "display_path",
    "processed_dir",
    "raw_dir",
    "reports_dir",
    "root",
]


def root() -> Path:
    """Return the project root (the folder that holds ``data/raw``)."""
    env = os.environ.get("KZGOV_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "data" / "raw").is_dir() and (parent / "pyproject.toml").is_file():
            return parent
    return Path.cwd().resolve()


def raw_dir() -> Path:
    """``data/raw``: read-only inputs, each described in ``datapackage.json``."""
    return root() / "data" / "raw"


def _meta_dir() -> Path:
    """``data/meta``: the resource descriptors ``datapackage.json`` is built from."""
    return root() / "data" / "meta"


def processed_dir() -> Path:
    """``data/processed`` (or ``$KZGOV_PROCESSED_DIR`` when the runner redirects it)."""
    env = os.environ.get("KZGOV_PROCESSED_DIR")
    return Path(env) if env else root() / "data" / "processed"


def reports_dir() -> Path:
    """``reports`` (or ``$KZGOV_REPORTS_DIR``)."""
    env = os.environ.get("KZGOV_REPORTS_DIR")
    return Path(env) if env else root() / "reports"


def _notebooks_dir() -> Path:
    """``notebooks``: the thin, parameterised notebooks, one per section of the study."""
    return root() / "notebooks"


def cache_dir() -> Path:
    """``.cache/kzgov`` (git-ignored), or ``$KZGOV_CACHE_DIR``."""
    env = os.environ.get("KZGOV_CACHE_DIR")
    return Path(env) if env else root() / ".cache" / "kzgov"


def display_path(path: str | Path) -> str:
    """Show ``path`` relative to the project root when it lies inside it.

    A file under the (possibly redirected) processed or reports folder is shown under its
    logical name, ``data/processed/…`` or ``reports/…``, so what a notebook prints does not
    depend on where the runner staged its outputs.
    """
    p = Path(path).resolve()
    for folder, name in ((processed_dir(), "data/processed"), (reports_dir(), "reports")):
        try:
            return f"{name}/{p.relative_to(Path(folder).resolve()).as_posix()}"
        except ValueError:
            pass
    try:
        return p.relative_to(root()).as_posix()
    except ValueError:
        return str(path)
