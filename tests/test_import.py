"""``import kzgov`` stays light: no torch, lightning, matplotlib or seaborn.

Each check runs in a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

import kzgov

HEAVY = ("torch", "lightning", "pytorch_lightning", "matplotlib", "seaborn")
PLOTTING = ("matplotlib", "seaborn")


def _imported_after(statement: str, watch: tuple[str, ...]) -> list[str]:
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps(sorted(m for m in {watch!r} if m in sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_kzgov_imports_nothing_heavy():
    assert _imported_after("import kzgov", HEAVY + ("pandas", "numpy", "papermill")) == []


def test_submodules_stay_lazy_until_used():
    assert _imported_after("import kzgov; kzgov.__version__", ("kzgov.data", "kzgov.runner")) == []


# The topic modules import matplotlib/seaborn (and torch/lightning) inside the functions
# that draw or train; importing them must not pull those in. kzgov.forecast is the
# forecaster and may import torch, but not the plotting libraries.
_MODULES = sorted(kzgov._SUBMODULES)


@pytest.mark.parametrize("name", _MODULES)
def test_topic_module_import_is_light(name):
    if importlib.util.find_spec(f"kzgov.{name}") is None:
        pytest.skip(f"kzgov.{name} does not exist yet")
    watch = PLOTTING if name == "forecast" else HEAVY
    assert _imported_after(f"import kzgov.{name}", watch) == []
