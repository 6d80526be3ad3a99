"""environment.yml (conda, Binder) and pyproject.toml list the same dependencies, and
constraints.txt pins every one of them, torch at the CPU build 2.13.0."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]

# conda-forge names that differ from the PyPI names
CONDA_TO_PYPI = {"pytorch": "torch", "pytorch-lightning": "lightning"}


def _pyproject() -> dict[str, Requirement]:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in meta["dependencies"] + meta["optional-dependencies"]["test"]]
    return {canonicalize_name(r.name): r for r in reqs}


def _conda_requirement(spec: str) -> Requirement:
    # conda's "name>=1,<2" and "name=1.2" spellings, as PEP 508
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    assert m, spec
    name, rest = m.groups()
    rest = re.sub(r"(?<![<>=!~])=(?!=)", "==", rest.replace(" ", ""))
    name = CONDA_TO_PYPI.get(name, name)
    return Requirement(name + rest)


def _environment() -> dict[str, Requirement]:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, Requirement] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep.get("pip", []):
                if spec.startswith("-"):  # --extra-index-url, -e .
                    continue
                r = Requirement(spec)
                out[canonicalize_name(r.name)] = r
            continue
        r = _conda_requirement(dep)
        if canonicalize_name(r.name) in {"python", "pip"}:
            continue
        out[canonicalize_name(r.name)] = r
    return out


def test_environment_lists_the_same_packages_as_pyproject():
    assert sorted(_environment()) == sorted(_pyproject())


@pytest.mark.parametrize("name", sorted(_pyproject()))
def test_environment_uses_the_same_version_bounds(name):
    assert _environment()[name].specifier == _pyproject()[name].specifier


def test_environment_installs_the_package_and_the_cpu_torch():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    assert "torch==2.13.0" in pip
    assert "conda-forge" in env["channels"]
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python>=3.11"


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"constraints.txt: {line!r} is not pinned with =="
        pins[canonicalize_name(name)] = version.strip()
    return pins


def test_constraints_pin_cpu_torch():
    assert _constraints()["torch"] == "2.13.0"


@pytest.mark.parametrize("name", sorted(_pyproject()))
def test_constraints_pin_every_direct_dependency_within_its_bounds(name):
    pins = _constraints()
    assert name in pins, f"constraints.txt does not pin {name}"
    assert _pyproject()[name].specifier.contains(pins[name], prereleases=True), (
        f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {_pyproject()[name].specifier}"
    )


def test_python_requirement():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["requires-python"] == ">=3.11"
