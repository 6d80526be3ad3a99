"""A small on-disk cache for slow steps, model training first of all.

Entries live in ``.cache/kzgov/<namespace>/<key>.pkl`` (git-ignored). The key is the sha256
of a canonical JSON of everything the result depends on: the hashes of the input data,
the parameters, and the code version (a hash of the source of the modules that compute
it). Change any of those and the key changes, so the old entry is simply not found.
A cold and a warm run give the same bytes because the cached object is the computed one.

Examples
--------
>>> from kzgov import _cache as cache
>>> key = cache.make_key(data="ab12", params={"seed": 0}, code=cache.code_version("kzgov._cache"))
>>> value = cache.get_or_compute("demo", key, lambda: 41 + 1)
>>> value
42
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kzgov import paths

__all__ = ["code_version", "entry_path", "get_or_compute", "make_key"]

T = TypeVar("T")


def make_key(**parts: Any) -> str:
    """Return the sha256 of a canonical JSON of ``parts`` (sorted keys, ``str`` fallback)."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_version(*modules: str) -> str:
    """Hash of the source code of the named modules (e.g. ``"kzgov.forecast"``)."""
    h = hashlib.sha256()
    for name in sorted(modules):
        mod = importlib.import_module(name)
        h.update(name.encode())
        h.update(inspect.getsource(mod).encode("utf-8"))
    return h.hexdigest()[:16]


def entry_path(namespace: str, key: str) -> Path:
    """Where the entry for ``key`` in ``namespace`` lives (it may not exist)."""
    return paths.cache_dir() / namespace / f"{key}.pkl"


def get_or_compute(namespace: str, key: str, compute: Callable[[], T]) -> T:
    """Return the cached value for ``key``, or compute, store and return it.

    Set ``KZGOV_NO_CACHE=1`` to bypass reading (the value is still written).
    The entry is written to a temporary file and renamed, so a crash never leaves a
    truncated entry.
    """
    path = entry_path(namespace, key)
    if path.is_file() and os.environ.get("KZGOV_NO_CACHE") != "1":
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache folder
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=5)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return value
