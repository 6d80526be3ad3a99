"""Shared fixtures.

``tmp_project`` gives each test its own copy of the project's data (``pyproject.toml``,
``data/raw``, ``data/meta``) under ``tmp_path`` and points ``KZGOV_ROOT`` at it, so a test
that corrupts a raw file or runs a notebook never touches the real ``data/raw``,
``data/processed`` or ``reports``.

``synthetic_notebook`` writes small notebooks named ``NN_synthetic_*.ipynb`` into that
copy, with a parameters cell and, optionally, a domain function (in a module that the
fixture puts on ``sys.path`` and ``PYTHONPATH``).
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from _project import REPO, copy_project
from hypothesis import settings

# Property tests draw the same examples on every run (CI included): a failure is
# reproducible, never a matter of luck. `pytest --hypothesis-profile explore` searches anew.
settings.register_profile("kzgov", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("kzgov")

_ENV_VARS = (
    "KZGOV_ROOT",
    "KZGOV_PROCESSED_DIR",
    "KZGOV_REPORTS_DIR",
    "KZGOV_CACHE_DIR",
    "KZGOV_READ_LOG",
    "KZGOV_NO_CACHE",
)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture
def tmp_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away copy of the project's data; ``KZGOV_ROOT`` points at it."""
    root = copy_project(tmp_path / "project")
    for var in _ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KZGOV_ROOT", str(root))
    yield root


_DOMAIN_MODULE = "synthetic_domains"


@pytest.fixture
def synthetic_notebook(
    tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Path]]:
    """Factory: ``synthetic_notebook("90_synthetic_ok", params="x = 1", body=[...], domains={...})``.

    ``params`` is the source of the parameters cell, ``body`` a list of code cell sources,
    ``domains`` the dict the notebook's domain function returns (or None for no domain).
    """
    import nbformat

    moddir = tmp_project / "pymods"
    moddir.mkdir(exist_ok=True)
    monkeypatch.syspath_prepend(str(moddir))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(moddir), *filter(None, [os.environ.get("PYTHONPATH")])])
    )
    # the synthetic domains live outside kzgov: allow that module explicitly, as a user would
    monkeypatch.setenv("KZGOV_DOMAIN_MODULES", _DOMAIN_MODULE)
    registry: dict[str, Any] = {}

    def make(
        name: str,
        *,
        params: str = "",
        body: list[str] | None = None,
        domains: Mapping[str, Any] | None = None,
        title: str | None = None,
    ) -> Path:
        nb = nbformat.v4.new_notebook()
        cells = [nbformat.v4.new_markdown_cell(f"# {title or name}\n\nA synthetic test notebook.")]
        if params:
            cell = nbformat.v4.new_code_cell(textwrap.dedent(params).strip())
            cell.metadata["tags"] = ["parameters"]
            cells.insert(0, cell)
        cells += [nbformat.v4.new_code_cell(textwrap.dedent(src).strip()) for src in body or []]
        nb.cells = cells
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        if domains is not None:
            key = "d_" + name.replace("-", "_")
            registry[key] = dict(domains)
            lines = ["DOMAINS = {"]
            lines += [f"    {k!r}: {v!r}," for k, v in registry.items()]
            lines += ["}", "", "", "def get(name):", "    return lambda: DOMAINS[name]", ""]
            lines += [f"{k} = get({k!r})" for k in registry]
            (moddir / f"{_DOMAIN_MODULE}.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
            sys.modules.pop(_DOMAIN_MODULE, None)
            nb.metadata["kzgov"] = {"domains": f"{_DOMAIN_MODULE}:{key}"}
        path = tmp_project / "notebooks" / f"{name}.ipynb"
        nbformat.write(nb, str(path))
        return path

    yield make
    sys.modules.pop(_DOMAIN_MODULE, None)
