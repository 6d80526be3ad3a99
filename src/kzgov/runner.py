"""Execute the notebooks with papermill: reproduce, run with parameters, sweep, refresh.

The runner is what ``kzgov reproduce``, ``kzgov run``, ``kzgov batch`` and
``kzgov notebooks`` call. It

* finds the notebooks (``notebooks/NN_*.ipynb``) and orders them as the study reads
  (:data:`STUDY_ORDER`): the reproduction audit first, then Methods (Tables 3–4), the PPP
  section (Figures 4–8), the Turkestan budget (Table 5, Figures 9–13), the correlation
  analysis (Table 6), the forecaster, the recommendation, the economic effect
  (Figures 15–16), and the data appendix last;
* validates parameters *before* anything runs, against the notebook's parameters cell
  (:func:`papermill.inspect_notebook`) and the domain the notebook declares in its metadata,
  ``{"kzgov": {"parameters": "kzgov.study.<module>:PARAMETERS"}}``, a
  :class:`kzgov.constraints.Parameters` (see :func:`domains`);
* runs each notebook in its own kernel, one worker process per notebook
  (:class:`concurrent.futures.ProcessPoolExecutor`), or on a Dask cluster through
  :meth:`distributed.Client.get_executor`, which offers the same ``concurrent.futures``
  interface;
* makes outputs atomic: a notebook writes ``data/processed`` files into a fresh staging
  folder (``$KZGOV_PROCESSED_DIR``); only when it succeeds are its files moved into place,
  one :func:`os.replace` per file. Reports are written to a temporary name and renamed.
  A notebook that fails mid-run leaves ``data/processed`` and ``reports`` as they were;
* stamps each report with the package versions, the git commit and the sha256 of every
  data file the notebook read (:func:`kzgov.data.verify` logs them to ``$KZGOV_READ_LOG``);
* makes kernels robust: one thread for BLAS and torch, ``PYTHONHASHSEED=0``, the Agg
  backend, no IPython history database, matplotlib's font cache built before the workers
  start, and one retry of a kernel start that fails on a port or ZMQ error.

Examples
--------
From the shell::

    kzgov reproduce --jobs 2
    kzgov run 01_turkestan_budget -p region "Aktobe region"
    kzgov batch 01_turkestan_budget --param region --values all --jobs 2
    kzgov batch 01_turkestan_budget --param region --values all --scheduler tcp://host:8786
"""

from __future__ import annotations

import ast
import contextlib
import html
import importlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kzgov import paths
from kzgov.errors import KzgovError, ParameterError, _input_error_names

__all__ = [
    "JobResult",
    "NotebookFailure",
    "batch",
    "domains",
    "execute",
    "parameter_table",
    "provenance",
    "reproduce",
    "resolve_notebook",
    "run",
    "sync",
    "validate_parameters",
]

_ParamType = Literal["str", "int", "float", "bool", "path", "list[int]", "list[str]"]
_TYPES: tuple[str, ...] = ("str", "int", "float", "bool", "path", "list[int]", "list[str]")

#: The study's order: (notebook stem, part of the paper it covers).
_STUDY_ORDER: tuple[tuple[str, str], ...] = (
    ("08_reproduction_audit", "Reproduction audit: every number of the study, recomputed"),
    ("02_survey_tabulation", "Methods: surveys of civil servants and entrepreneurs (Tables 3–4)"),
    ("04_ppp_projects", "Public-private partnership projects (Figures 4–8)"),
    ("01_turkestan_budget", "The Turkestan regional budget (Table 5, Figures 9–13)"),
    ("03_regional_correlation", "Correlation analysis (Table 6)"),
    ("05_project_impact_forecaster", "Extension: forecasting project outcomes"),
    ("06_recommendation", "The proposed platform: prioritising projects (Tables 7–8, Figure 14)"),
    ("07_economic_effect", "Economic effect and citizen engagement (Figures 15–16)"),
    ("00_data", "Appendix: the data package"),
)

#: Environment given to every kernel: one thread for BLAS and torch (byte-identical
#: output needs it), a fixed hash seed and a non-interactive matplotlib backend.
_KERNEL_ENV: dict[str, str] = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "TQDM_DISABLE": "1",
}

#: Extra kernel arguments: no IPython history database (it is a SQLite file that parallel
#: kernels lock each other out of).
KERNEL_ARGS: tuple[str, ...] = ("--HistoryManager.enabled=False",)

_NB_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_\-]+\.ipynb$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NULLS = {"none", "null"}
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}
_PACKAGES = (
    "kzgov",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "pingouin",
    "scikit-learn",
    "matplotlib",
    "seaborn",
    "pandera",
    "frictionless",
    "pabutools",
    "torch",
    "lightning",
    "papermill",
    "nbconvert",
)


# =========================================================================== discovery
def _discover(directory: str | Path | None = None) -> list[Path]:
    """Return the notebooks ``NN_*.ipynb`` of ``directory`` in the study's order.

    Notebooks :data:`STUDY_ORDER` does not list come after those it does, by name.
    """
    directory = Path(directory) if directory is not None else paths._notebooks_dir()
    # a notebook is a jupytext pair: NN_name.py (the source) and NN_name.ipynb (with outputs);
    # a new notebook may exist as its .py alone until `kzgov notebooks` writes the .ipynb
    stems = {p.stem for p in directory.glob("*.ipynb")} | {p.stem for p in directory.glob("*.py")}
    found = [directory / f"{s}.ipynb" for s in stems if _NB_PATTERN.match(f"{s}.ipynb")]
    return sorted(found, key=lambda p: _study_order(p.stem))


def _study_order(stem: str) -> tuple[int, str]:
    """Sort key of a notebook stem: its place in :data:`STUDY_ORDER`, then its name."""
    for i, (name, _) in enumerate(_STUDY_ORDER):
        if stem == name:
            return (i, stem)
    return (len(_STUDY_ORDER), stem)


def resolve_notebook(name: str | Path, *, directory: str | Path | None = None) -> Path:
    """Find a notebook by path, file name, stem, number or name without its number.

    ``01_turkestan_budget``, ``01`` and ``turkestan_budget`` all name the same notebook.

    Raises
    ------
    ParameterError
        If no notebook, or more than one, matches; the message lists the notebooks.
    """
    text = str(name)
    candidate = Path(text)
    if candidate.suffix in (".ipynb", ".py") and candidate.is_file():
        return candidate.with_suffix(".ipynb").resolve()
    nbs = _discover(directory)
    stem = candidate.name.removesuffix(".ipynb").removesuffix(".py")
    matches = [
        p
        for p in nbs
        if stem in (p.stem, p.stem[:2], p.stem[3:])
    ]
    if len(matches) == 1:
        return matches[0].resolve()
    known = ", ".join(p.stem for p in nbs) or "none"
    if not matches:
        raise ParameterError(f"unknown notebook {text!r}; known notebooks: {known}")
    raise ParameterError(
        f"notebook {text!r} is ambiguous: {', '.join(p.stem for p in matches)}"
    )


def _title(nb: Any, default: str) -> str:
    """The first markdown heading of a notebook (without ``#``), else ``default``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in str(cell.source).splitlines():
            m = re.match(r"^\s*#+\s+(.*\S)", line)
            if m:
                return m.group(1).strip()
    return default


# =========================================================================== parameters
@dataclass(frozen=True)
class _Spec:
    name: str
    type: str
    nullable: bool = False
    values: tuple[Any, ...] | None = None
    sweep: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    has_default: bool = False
    less_than: str | None = None
    minimum_exclusive: bool = False
    maximum_exclusive: bool = False
    help: str = ""


def _read_nb(path: Path) -> Any:
    from kzgov import _notebook

    try:
        return _notebook.read_source(path)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise ParameterError(f"{paths.display_path(path)}: not a readable notebook ({exc})") from None


def _domain_packages() -> tuple[str, ...]:
    """Packages a notebook's domain function may live in.

    kzgov, and any module the user names in ``$KZGOV_DOMAIN_MODULES`` (comma-separated; set
    in the environment, never by a notebook).
    """
    extra = os.environ.get("KZGOV_DOMAIN_MODULES", "")
    return ("kzgov", *(m.strip() for m in extra.split(",") if m.strip()))


def _inside(module: str, packages: Sequence[str]) -> bool:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", module):
        return False
    return any(module == p or module.startswith(p + ".") for p in packages)


def domains(notebook: str | Path) -> dict[str, dict[str, Any]]:
    """The declared domains of a notebook's parameters, by name.

    The notebook's metadata names a :class:`kzgov.constraints.Parameters` object:
    ``{"kzgov": {"parameters": "kzgov.study.survey_tabulation:PARAMETERS"}}`` (the older
    ``"domains": "module:function"`` form names a function returning the same dict). A
    notebook without the entry has an empty domain (types then come from the parameters
    cell). The name must lie inside kzgov (or a module listed in ``$KZGOV_DOMAIN_MODULES``):
    a notebook's metadata is data, and it never makes kzgov import or call anything else.
    """
    from kzgov.constraints import Parameters

    path = Path(notebook)
    nb = _read_nb(path)
    meta = nb.metadata.get("kzgov", {})
    key = "parameters" if meta.get("parameters") else "domains"
    ref = meta.get(key)
    if not ref:
        return {}
    module_name, _, attr = str(ref).partition(":")
    allowed = _domain_packages()
    pattern = r"[A-Z][A-Z0-9_]*" if key == "parameters" else r"([a-z][A-Za-z0-9_]*)?"
    example = "kzgov.study.survey_tabulation:PARAMETERS"
    if not _inside(module_name, allowed) or not re.fullmatch(pattern, attr):
        # a notebook's metadata is data: it may only name a declaration inside kzgov
        raise ParameterError(
            f"{paths.display_path(path)}: metadata kzgov.{key} names {_shown(str(ref))}; "
            f"it must name a declaration inside kzgov, e.g. '{example}' under kzgov.parameters"
        )
    try:
        obj = getattr(importlib.import_module(module_name), attr or "parameter_domains")
    except (ImportError, AttributeError) as exc:
        raise ParameterError(
            f"{paths.display_path(path)}: metadata kzgov.{key} names {ref!r}, "
            f"which cannot be imported ({exc})"
        ) from None
    if key == "parameters":
        if not isinstance(obj, Parameters):
            raise ParameterError(
                f"{paths.display_path(path)}: metadata kzgov.parameters names "
                f"{_shown(str(ref))}, which is not a kzgov.constraints.Parameters"
            )
        return obj.domains()
    if not callable(obj) or not _inside(str(getattr(obj, "__module__", "")), allowed):
        raise ParameterError(
            f"{paths.display_path(path)}: metadata kzgov.domains names {_shown(str(ref))}, "
            "which is not a function defined in kzgov"
        )
    result = obj()
    if not isinstance(result, Mapping):
        raise ParameterError(f"{ref} must return a dict of parameter domains; got {type(result).__name__}")
    return {str(k): dict(v) for k, v in result.items()}


def _inspect_parameters(notebook: str | Path) -> dict[str, _Spec]:
    """Merge the notebook's parameters cell with its declared domain, one spec per name."""
    path = Path(notebook)
    cell = _parameters_cell(path)
    dom = domains(path)
    stray = sorted(set(dom) - set(cell))
    if stray:
        raise ParameterError(
            f"{paths.display_path(path)}: the domain declares {stray}, which the parameters "
            f"cell does not define (it defines {sorted(cell)})"
        )
    specs: dict[str, _Spec] = {}
    for name, info in cell.items():
        d = dom.get(name, {})
        default_text = info.get("default")
        has_default, default = False, None
        if default_text is not None:
            with contextlib.suppress(ValueError, SyntaxError):
                default, has_default = ast.literal_eval(str(default_text)), True
        ptype = d.get("type") or _infer_type(info.get("inferred_type_name"), default)
        if ptype not in _TYPES:
            raise ParameterError(
                f"{paths.display_path(path)}: parameter {name!r} has type {ptype!r}; the "
                f"domain must give one of {list(_TYPES)}"
            )
        values = d.get("values")
        sweep = d.get("sweep")
        specs[name] = _Spec(
            name=name,
            type=ptype,
            nullable=bool(d.get("nullable", has_default and default is None)),
            values=None if values is None else tuple(values),
            sweep=None if sweep is None else tuple(sweep),
            minimum=d.get("min"),
            maximum=d.get("max"),
            default=default,
            has_default=has_default,
            less_than=d.get("less_than"),
            minimum_exclusive=bool(d.get("min_exclusive", False)),
            maximum_exclusive=bool(d.get("max_exclusive", False)),
            help=str(d.get("help", "")),
        )
    for spec in specs.values():
        if spec.less_than is not None and spec.less_than not in specs:
            raise ParameterError(
                f"{paths.display_path(path)}: the domain of {spec.name!r} must be less than "
                f"{spec.less_than!r}, which the parameters cell does not define"
            )
    return specs


def _parameters_cell(path: Path) -> dict[str, dict[str, Any]]:
    """Names, defaults and annotations of the cell tagged ``parameters``.

    Parsed with :mod:`ast`, so comments may hold ``=`` (papermill's own line parser skips
    such lines); falls back to :func:`papermill.inspect_notebook` for cells that are not
    plain Python (e.g. with IPython magics).
    """
    nb = _read_nb(path)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    source = str(cells[0].source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        import papermill

        return papermill.inspect_notebook(str(path))
    out: dict[str, dict[str, Any]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, annotation = node.targets[0].id, None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, annotation = node.target.id, ast.get_source_segment(source, node.annotation)
        else:
            continue
        out[name] = {
            "name": name,
            "inferred_type_name": annotation or "None",
            "default": ast.get_source_segment(source, node.value),
        }
    return out


def _infer_type(inferred: str | None, default: Any) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "str"
    if isinstance(default, list) and default and all(isinstance(v, int) for v in default):
        return "list[int]"
    if isinstance(default, list) and all(isinstance(v, str) for v in default):
        return "list[str]"
    text = (inferred or "").lower()
    return {"str": "str", "int": "int", "float": "float", "bool": "bool"}.get(text, str(inferred))


def _shown(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis and the full length."""
    text = repr(value)
    if len(text) <= limit:
        return text
    n = len(value) if isinstance(value, (str, list, tuple)) else len(text)
    unit = "characters" if isinstance(value, str) else "items" if isinstance(value, (list, tuple)) else "characters"
    return f"{text[: limit - 20]}… ({n:,} {unit})"


def _type_phrase(spec: _Spec) -> str:
    phrase = {
        "str": "a string",
        "path": "the path of an existing file",
        "int": "an integer",
        "float": "a number",
        "bool": "a boolean (true/false)",
        "list[int]": "a comma-separated list of integers",
        "list[str]": "a comma-separated list of strings",
    }[spec.type]
    return phrase + (" or None" if spec.nullable else "")


def _convert_scalar(spec: _Spec, text: str, what: str) -> Any:
    bad = ParameterError(f"{what} must be {_type_phrase(spec)}. Got {_shown(text)} instead.")
    base = spec.type.removeprefix("list[").removesuffix("]")
    if _CONTROL.search(text):
        raise ParameterError(
            f"{what} must not contain control characters such as a newline. Got {_shown(text)} instead."
        )
    if base == "int":
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise bad
        return int(text.strip())
    if base == "float":
        try:
            value = float(text.strip())
        except ValueError:
            raise bad from None
        if not math.isfinite(value):
            raise bad
        return value
    if base == "bool":
        low = text.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise bad
    if base == "path":
        p = Path(text).expanduser()
        if not p.is_file():
            raise ParameterError(f"{what} must be the path of an existing file. Got {_shown(text)} instead.")
        return str(p.resolve())
    return text


def _convert(spec: _Spec, value: Any, notebook: str) -> Any:
    what = f"The {spec.name!r} parameter of {notebook}"
    if value is None or (isinstance(value, str) and value.strip().lower() in _NULLS):
        if spec.nullable:
            return None
        raise ParameterError(f"{what} must be {_type_phrase(spec)}; it cannot be None.")
    if spec.type.startswith("list["):
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError:
                    raise ParameterError(
                        f"{what} must be {_type_phrase(spec)}. Got {_shown(value)} instead."
                    ) from None
                if not isinstance(items, list):
                    raise ParameterError(f"{what} must be {_type_phrase(spec)}. Got {_shown(value)} instead.")
                items = [str(v) for v in items]
            else:
                items = [v.strip() for v in text.split(",") if v.strip()]
        else:
            items = [str(v) for v in value]
        out = [_convert_scalar(spec, v, what) for v in items]
        for v in out:
            _check_domain(spec, v, what)
        return out
    out = _convert_scalar(spec, value if isinstance(value, str) else str(value), what)
    _check_domain(spec, out, what)
    return out


def _check_domain(spec: _Spec, value: Any, what: str) -> None:
    if spec.values is not None and value not in spec.values:
        valid = ", ".join(repr(v) for v in spec.values)
        raise ParameterError(f"{what} must be one of {valid}. Got {_shown(value)} instead.")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if spec.minimum is not None and number and (
        value < spec.minimum or (spec.minimum_exclusive and value == spec.minimum)
    ):
        bound = ">" if spec.minimum_exclusive else "≥"
        raise ParameterError(f"{what} must be {bound} {spec.minimum}. Got {_shown(value)} instead.")
    if spec.maximum is not None and number and (
        value > spec.maximum or (spec.maximum_exclusive and value == spec.maximum)
    ):
        bound = "<" if spec.maximum_exclusive else "≤"
        raise ParameterError(f"{what} must be {bound} {spec.maximum}. Got {_shown(value)} instead.")


def validate_parameters(notebook: str | Path, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert parameters given as strings (as on the command line).

    Each name must be defined in the notebook's parameters cell; each value is converted to
    the declared type (``"None"``/``"null"`` where the domain is nullable) and must lie in
    the declared domain (``values``, ``min``, ``max``, and ``less_than``: the name of
    another parameter whose value, given or default, this one must be below). Values are
    shown in messages cut to 80 characters, with the full length.

    Returns
    -------
    dict
        Only the parameters whose converted value differs from the default, by name.

    Raises
    ------
    ParameterError
        For an unknown name, a value of the wrong type or outside the domain; the message
        lists the valid names or values. Nothing has run at that point.
    """
    path = Path(notebook)
    specs = _inspect_parameters(path)
    unknown = sorted(set(params) - set(specs))
    if unknown:
        known = ", ".join(sorted(specs)) or "none (it has no parameters cell)"
        raise ParameterError(
            f"{path.stem} has no parameter {_shown(unknown[0])}; its parameters are: {known}"
        )
    out: dict[str, Any] = {}
    converted: dict[str, Any] = {}
    for name in sorted(params):
        value = _convert(specs[name], params[name], path.stem)
        converted[name] = value
        spec = specs[name]
        if spec.has_default and value == spec.default and type(value) is type(spec.default):
            continue
        out[name] = value
    _check_order(specs, converted, path.stem)
    return out


def _check_order(specs: Mapping[str, _Spec], given: Mapping[str, Any], notebook: str) -> None:
    """Check the domain's ``less_than`` constraints on the values the run will use."""
    for spec in specs.values():
        if spec.less_than is None or (spec.name not in given and spec.less_than not in given):
            continue
        other = specs[spec.less_than]
        low = given.get(spec.name, spec.default)
        high = given.get(other.name, other.default)
        if low is None or high is None:
            continue
        if not low < high:
            raise ParameterError(
                f"The {spec.name!r} parameter of {notebook} must be less than {other.name!r} "
                f"({_shown(high)}). Got {_shown(low)} instead."
            )


def _expand_values(notebook: str | Path, param: str, values: str | Sequence[str]) -> list[str]:
    """Expand ``--values``: ``"all"`` gives the domain's sweep, ``"A,B"`` a list.

    ``all`` is the domain's ``sweep``, or its ``values`` when it declares no sweep. A domain may allow more values than a sweep should run: the budget notebook accepts
    every region (with your own ``budget_file``) but sweeps only the regions with data.

    Raises
    ------
    ParameterError
        If ``param`` is unknown, or ``all`` is asked for a parameter without enumerated
        values.
    """
    path = Path(notebook)
    specs = _inspect_parameters(path)
    if param not in specs:
        raise ParameterError(
            f"{path.stem} has no parameter {param!r}; its parameters are: "
            f"{', '.join(sorted(specs)) or 'none'}"
        )
    if isinstance(values, str):
        if values.strip() == "all":
            listed = specs[param].sweep or specs[param].values
            if listed is None:
                raise ParameterError(
                    f"--values all needs the domain of {param!r} to list its values; "
                    f"{path.stem} declares none. Give the values, e.g. --values A,B"
                )
            return [_format(v) for v in listed]
        if specs[param].type.startswith("list["):
            items = [v.strip() for v in values.split(";") if v.strip()]
        else:
            items = [v.strip() for v in values.split(",") if v.strip()]
    else:
        items = [str(v) for v in values]
    if not items:
        raise ParameterError(f"--values for {param!r} is empty")
    return items


def parameter_table(notebook: str | Path) -> list[dict[str, Any]]:
    """Describe a notebook's parameters: name, type, default, nullable, domain, help."""
    rows = []
    for spec in _inspect_parameters(notebook).values():
        dom = []
        if spec.values is not None:
            dom.append("one of " + ", ".join(repr(v) for v in spec.values))
        if spec.sweep is not None:
            dom.append("--values all: " + ", ".join(repr(v) for v in spec.sweep))
        if spec.minimum is not None:
            dom.append(f"{'>' if spec.minimum_exclusive else '≥'} {spec.minimum}")
        if spec.maximum is not None:
            dom.append(f"{'<' if spec.maximum_exclusive else '≤'} {spec.maximum}")
        if spec.less_than is not None:
            dom.append(f"< {spec.less_than}")
        rows.append(
            {
                "name": spec.name,
                "type": spec.type,
                "default": repr(spec.default),
                "nullable": spec.nullable,
                "domain": "; ".join(dom),
                "help": spec.help,
            }
        )
    return rows


def _format(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "+".join(_format(v) for v in value)
    return str(value)


def _batch_label(params: Mapping[str, Any], specs: Mapping[str, _Spec] | None = None) -> str:
    """Folder/file name for a run's parameters: ``name=value`` joined by ``,``, by name.

    Lists are joined with ``+``; a path is shown by its file name and the first 8 hex
    digits of its content's sha256 (``b.csv~1a2b3c4d``), so files of one name in two
    folders never share a batch folder; ``/`` and control characters are replaced so the
    label is one path component.
    """
    parts = []
    for name in sorted(params):
        value = params[name]
        if specs is not None and name in specs and specs[name].type == "path" and value:
            value = _path_label(value)
        text = _format(value)
        text = re.sub(r"[\x00-\x1f\x7f/\\]", "_", text)
        parts.append(f"{name}={text}")
    label = ",".join(parts)
    if label in {"", ".", ".."}:
        label = "_" + label
    if len(label.encode("utf-8")) > 120:  # file names are limited to 255 bytes
        import hashlib

        digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:12]
        label = label.encode("utf-8")[:100].decode("utf-8", "ignore") + "~" + digest
    return label


def _path_label(path: str | Path) -> str:
    """``<file name>~<first 8 hex digits of its sha256>``: a file's part of a batch label.

    Two files with one name in different folders get different labels unless their bytes
    are the same (and then so are the results). A file that cannot be read is labelled by
    its name and a hash of its absolute path.
    """
    import hashlib

    p = Path(str(path))
    try:
        from kzgov.data import sha256

        digest = sha256(p)
    except OSError:
        digest = hashlib.sha256(str(p.resolve()).encode("utf-8")).hexdigest()
    return f"{p.name}~{digest[:8]}"


# =========================================================================== provenance
def _git(root: Path) -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": bool(status.strip())}


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": sys.version.split()[0]}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def provenance(root: str | Path | None = None) -> dict[str, Any]:
    """Package versions (read from metadata, nothing imported) and the git commit."""
    root = Path(root) if root is not None else paths.root()
    return {"versions": _versions(), "git": _git(root)}


def _stamp(nb: Any, prov: Mapping[str, Any], params: Mapping[str, Any], reads: list[tuple[str, str]], label: str) -> None:
    import nbformat

    record = {
        **prov,
        "parameters": {k: params[k] for k in sorted(params)},
        "data_read": [{"path": "data/raw/" + p, "sha256": h} for p, h in reads],
    }
    nb.metadata.setdefault("kzgov", {})["provenance"] = record
    git = prov.get("git", {})
    commit = git.get("commit") or "unknown (not a git checkout)"
    dirty = " (working tree has uncommitted changes)" if git.get("dirty") else ""
    versions = ", ".join(f"{k} {v}" for k, v in prov.get("versions", {}).items())
    lines = [
        "---",
        "### Provenance",
        "",
        "Stamped by `kzgov` after execution.",
        "",
        f"* **Parameters:** {label or 'the defaults of the parameters cell'}",
        f"* **Git commit:** `{commit}`{dirty}",
        f"* **Versions:** {versions}",
        "",
    ]
    if reads:
        lines += ["| data file read | sha256 |", "|---|---|"]
        lines += [f"| `data/raw/{p}` | `{h}` |" for p, h in reads]
    else:
        lines.append("* **Data read:** no file of `data/raw` was read through `kzgov.data`.")
    cell = nbformat.v4.new_markdown_cell("\n".join(lines))
    cell.metadata["tags"] = ["kzgov-provenance"]
    cell["id"] = "kzgov-provenance"
    nb.cells.append(cell)


# =========================================================================== jobs
@dataclass(frozen=True)
class _Job:
    """One notebook execution. Plain data, so it pickles to worker processes and Dask."""

    notebook: str
    name: str
    parameters: dict[str, Any]
    label: str
    output_ipynb: str
    output_html: str | None
    processed_dir: str
    staging_root: str
    root: str
    cwd: str
    provenance: dict[str, Any] | None = None
    kernel_name: str | None = None
    timeout: int | None = None
    start_timeout: int = 120
    env: dict[str, str] = field(default_factory=dict)
    in_place: bool = False


@dataclass(frozen=True)
class JobResult:
    """What :func:`run_job` reports back."""

    name: str
    label: str
    ok: bool
    seconds: float
    message: str = ""
    cell: int | None = None
    output_ipynb: str | None = None
    output_html: str | None = None
    written: tuple[str, ...] = ()
    reads: tuple[tuple[str, str], ...] = ()
    attempts: int = 1
    kept: str | None = None
    ename: str | None = None

    @property
    def input_error(self) -> bool:
        """Whether the run failed on a ``kzgov.errors`` exception (bad data or parameters)."""
        return not self.ok and self.ename in _input_error_names()

    @property
    def title(self) -> str:
        """``name`` or ``name [label]``."""
        return f"{self.name} [{self.label}]" if self.label else self.name


class NotebookFailure(KzgovError):
    """One or more notebooks failed; ``results`` holds every :class:`JobResult`."""

    def __init__(self, message: str, results: Sequence[JobResult]) -> None:
        super().__init__(message)
        self.results = list(results)

    @property
    def input_error(self) -> bool:
        """True when every failed run failed on bad input (see :func:`_input_error`)."""
        return _input_error(self.results)


def _input_error(results: Sequence[JobResult]) -> bool:
    """Whether every failed run in ``results`` failed on a ``kzgov.errors`` exception.

    The CLI exits 2 then (an input error, raised inside the notebook from the user's data
    or parameters), and 1 when any run failed otherwise.
    """
    failed = [r for r in results if not r.ok]
    return bool(failed) and all(r.input_error for r in failed)


# =========================================================================== signals
#: Kernel managers started in this process and not shut down yet.
_LIVE_KERNELS: set[Any] = set()
#: Whether this process is running a notebook now (a pool worker that is idle just exits).
_BUSY = threading.Event()


def _signals() -> list[int]:
    return [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]


def _interrupt(signum: int, frame: Any) -> None:
    # further signals would cut the clean-up short (a pool that breaks sends its workers
    # a second SIGTERM): ignore them until the command restores its handlers
    for sig in _signals():
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _install_signal_handlers() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP interrupt as SIGINT does: raise :class:`KeyboardInterrupt`.

    The runner then shuts down what it started (kernels, pool workers, staging folders)
    instead of dying at once and orphaning them. Does nothing outside the main thread.

    Returns
    -------
    dict
        The previous handlers by signal number, for :func:`signal.signal` to restore.
    """
    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for sig in _signals():
        previous[sig] = signal.signal(sig, _HANDLER[0])
    return previous


def _worker_signal(signum: int, frame: Any) -> None:
    if _BUSY.is_set():
        _interrupt(signum, frame)
    os._exit(130)  # an idle worker holds nothing to clean up


#: The handler :func:`install_signal_handlers` installs (pool workers use their own).
_HANDLER: list[Callable[[int, Any], None]] = [_interrupt]


def _worker_init() -> None:
    """Initializer of pool workers: a signal stops the notebook, cleans up, and exits."""
    _HANDLER[0] = _worker_signal
    _install_signal_handlers()


def _pool_run_job(job: _Job) -> JobResult:
    """:func:`run_job` in a pool worker: on a signal the worker exits once it has cleaned up."""
    try:
        return _run_job(job)
    except KeyboardInterrupt:
        os._exit(130)


def _kill_kernels() -> None:
    """Kill the kernels this process started (and their process groups) right away."""
    for km in list(_LIVE_KERNELS):
        _LIVE_KERNELS.discard(km)
        prov = getattr(km, "provisioner", None)
        proc = getattr(prov, "process", None)
        pgid = getattr(prov, "pgid", None)
        with contextlib.suppress(OSError, ProcessLookupError):
            if pgid and hasattr(os, "killpg"):
                os.killpg(pgid, signal.SIGKILL)
            elif proc is not None:
                proc.kill()
        if proc is not None:
            with contextlib.suppress(Exception):
                proc.wait(timeout=10)
        with contextlib.suppress(Exception):
            km.cleanup_connection_file()


def _make_job(
    notebook: str | Path,
    parameters: Mapping[str, Any] | None = None,
    *,
    label: str | None = None,
    in_place: bool = False,
    html: bool = True,
    stamp: bool = True,
    prov: Mapping[str, Any] | None = None,
    timeout: int | None = None,
) -> _Job:
    """Build the :class:`Job` for an already validated set of ``parameters``.

    With no (non-default) parameters, outputs go to the plain paths
    (``data/processed/``, ``reports/<nb>.ipynb``); otherwise to
    ``data/processed/batch/<nb>/<label>/`` and ``reports/batch/<nb>/<label>.ipynb``.
    ``in_place=True`` rewrites the notebook itself (no report, no stamp).
    """
    nb_path = Path(notebook).resolve()
    params = dict(parameters or {})
    name = nb_path.stem
    if label is None:
        specs = _inspect_parameters(nb_path) if params else None
        label = _batch_label(params, specs) if params else ""
    processed = paths.processed_dir()
    reports = paths.reports_dir()
    if in_place:
        out_ipynb, out_html = nb_path, None
        stamp = False
    elif label:
        processed = processed / "batch" / name / label
        out_ipynb = reports / "batch" / name / f"{label}.ipynb"
        out_html = reports / "batch" / name / f"{label}.html" if html else None
    else:
        out_ipynb = reports / f"{name}.ipynb"
        out_html = reports / f"{name}.html" if html else None
    return _Job(
        notebook=str(nb_path),
        name=name,
        parameters=params,
        label=label,
        output_ipynb=str(out_ipynb),
        output_html=None if out_html is None else str(out_html),
        processed_dir=str(processed),
        staging_root=str(paths.cache_dir() / "staging"),
        root=str(paths.root()),
        cwd=str(nb_path.parent),
        provenance=(dict(prov) if prov is not None else provenance()) if stamp else None,
        timeout=timeout,
        in_place=in_place,
    )


def _retryable(exc: BaseException) -> bool:
    """A kernel start that failed on a port, ZMQ or start-up timeout error."""
    try:
        import zmq

        if isinstance(exc, zmq.error.ZMQError):
            return True
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, TimeoutError):
        return True
    text = str(exc).lower()
    if isinstance(exc, RuntimeError) and (
        "kernel died before replying" in text or "address already in use" in text
    ):
        return True
    return "address already in use" in text


def _kernel_manager_class(env: Mapping[str, str]) -> type:
    """An AsyncKernelManager whose kernels get ``env`` on top of the worker's environment."""
    from jupyter_client.manager import AsyncKernelManager

    extra = dict(env)

    class KzgovKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            base = dict(kw.pop("env", None) or os.environ)
            base.update(extra)
            kw["env"] = base
            log = extra.get("KZGOV_KERNEL_LOG")
            if log and not self.connection_file:
                # in the staging folder, which is removed whatever happens
                self.connection_file = str(Path(log).with_name("kernel-connection.json"))
            _LIVE_KERNELS.add(self)
            # nbclient turns SIGINT/SIGTERM into a kernel clean-up that lets the run go on;
            # kzgov stops the run instead (and kills the kernel in run_job)
            _install_signal_handlers()
            fh = None
            if log and "stderr" not in kw:
                # the kernel's own chatter (TCP warning, shutdown) goes to a log, not the terminal
                fh = open(log, "ab")  # noqa: SIM115 - the child holds its own copy
                kw["stdout"] = fh
                kw["stderr"] = fh
            try:
                await super().start_kernel(**kw)
            finally:
                if fh is not None:
                    fh.close()

        async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:  # type: ignore[override]
            try:
                await super().shutdown_kernel(*args, **kw)
            finally:
                _LIVE_KERNELS.discard(self)

    return KzgovKernelManager


def _move_tree(src: Path, dest: Path) -> list[str]:
    """Move every file under ``src`` to the same place under ``dest``.

    One :func:`os.replace` per file (a copy and a replace across file systems).
    """
    moved = []
    for f in sorted(p for p in src.rglob("*") if p.is_file()):
        if f.name.startswith(".") and f.name.endswith(".tmp"):
            continue
        rel = f.relative_to(src)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(f, target)
        _publish_mode(target)
        moved.append(rel.as_posix())
    return moved


def _publish_mode(path: Path) -> None:
    """Give a file made by :func:`tempfile.mkstemp` (mode 0600) the usual 0644 less umask."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~mask)


def _replace(src: Path, target: Path) -> None:
    try:
        os.replace(src, target)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another file system
            raise
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        src.unlink()


def _read_log(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        return []
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        rel, _, digest = line.partition("\t")
        if rel and digest:
            pairs.add((rel, digest))
    return sorted(pairs)


def _run_job(job: _Job) -> JobResult:
    """Execute one notebook (in this process's own kernel) and move its outputs into place.

    This is the function the process pool and Dask run. It never raises for a failing
    notebook: the :class:`JobResult` says what failed, in which cell.
    """
    t0 = time.perf_counter()
    staging_root = Path(job.staging_root)
    staging_root.mkdir(parents=True, exist_ok=True)
    attempts = 0
    while True:
        attempts += 1
        stage = Path(tempfile.mkdtemp(dir=staging_root, prefix=f"{job.name}-"))
        _BUSY.set()
        try:
            result = _attempt(job, stage, t0, attempts)
        except KeyboardInterrupt:
            # SIGINT, SIGTERM or SIGHUP: kill the kernel; the staging folder goes below
            _kill_kernels()
            raise
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            if attempts == 1 and _retryable(exc):
                shutil.rmtree(stage, ignore_errors=True)
                continue
            message = f"{type(exc).__name__}: {exc}".strip()
            tail = _tail(stage / "kernel.log")
            if tail:
                message += f" (kernel log: {tail})"
            result = JobResult(
                name=job.name, label=job.label, ok=False, seconds=time.perf_counter() - t0,
                message=message, attempts=attempts,
            )
        finally:
            _BUSY.clear()
            shutil.rmtree(stage, ignore_errors=True)
        return result


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    keep = [ln.strip() for ln in text.splitlines() if ln.strip() and "without encryption" not in ln]
    return " | ".join(keep[-lines:])


class _PapermillNoise:
    """Drop papermill's warnings about parameters cells it cannot parse line by line.

    papermill infers a cell's parameters with a line parser that gives up on a comment
    holding ``=`` ("Unable to parse line 4") and then calls that parameter unknown
    ("Passed unknown parameter"). The runner has already validated every parameter
    against the cell, parsed with :mod:`ast`, so both warnings are noise.
    """

    def filter(self, record: Any) -> bool:
        msg = str(record.getMessage())
        return not (msg.startswith("Unable to parse line") or msg.startswith("Passed unknown parameter"))


_NOISE = _PapermillNoise()


def _quiet_papermill() -> None:
    import logging

    for name in ("papermill", "papermill.translators"):
        logger = logging.getLogger(name)
        if _NOISE not in logger.filters:
            logger.addFilter(_NOISE)


def _attempt(job: _Job, stage: Path, t0: float, attempts: int) -> JobResult:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _quiet_papermill()

    processed_stage = stage / "processed"
    processed_stage.mkdir()
    ipython_dir = stage / "ipython"
    ipython_dir.mkdir()
    read_log = stage / "read.log"
    read_log.touch()
    out_nb = stage / "out.ipynb"
    in_nb = stage / "in.ipynb"
    # the cells as the notebook's source (its jupytext .py) holds them
    in_nb.write_text(nbformat.writes(_read_nb(Path(job.notebook))), encoding="utf-8")
    env = {
        **_KERNEL_ENV,
        **job.env,
        "KZGOV_ROOT": job.root,
        "KZGOV_PROCESSED_DIR": str(processed_stage),
        "KZGOV_READ_LOG": str(read_log),
        "IPYTHONDIR": str(ipython_dir),
        "KZGOV_KERNEL_LOG": str(stage / "kernel.log"),
    }
    try:
        papermill.execute_notebook(
            str(in_nb),
            str(out_nb),
            parameters=job.parameters or None,
            kernel_name=job.kernel_name,
            cwd=job.cwd,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            start_timeout=job.start_timeout,
            execution_timeout=job.timeout,
            kernel_manager_class=_kernel_manager_class(env),
            extra_arguments=list(KERNEL_ARGS),
        )
    except PapermillExecutionError as exc:
        evalue = str(exc.evalue).strip().splitlines()
        cell = _original_cell_index(out_nb, exc.cell_index)
        line, text = _raising_line(exc.source or "", exc.traceback or [])
        where = f"cell {cell}, line {line}" if line else f"cell {cell}"
        message = f"{where} ({text}) raised {exc.ename}: {evalue[0] if evalue else ''}"
        kept = _keep_failed(job, out_nb)
        return JobResult(
            name=job.name, label=job.label, ok=False, seconds=time.perf_counter() - t0,
            message=message, cell=cell, attempts=attempts, kept=kept, ename=str(exc.ename),
        )
    reads = _read_log(read_log)
    nb = nbformat.read(str(out_nb), as_version=4)
    if job.in_place:
        from kzgov import _notebook

        written = _move_tree(processed_stage, Path(job.processed_dir))
        _notebook.write_pair(nb, job.notebook)
        return JobResult(
            name=job.name, label=job.label, ok=True, seconds=time.perf_counter() - t0,
            output_ipynb=job.output_ipynb, written=tuple(written), reads=tuple(reads),
            attempts=attempts,
        )
    if job.provenance is not None:
        _stamp(nb, job.provenance, job.parameters, reads, job.label)
    nb_text = nbformat.writes(nb) + "\n"
    html_text = None if job.output_html is None else _to_html(nb)
    written = _move_tree(processed_stage, Path(job.processed_dir))
    _write_atomic(Path(job.output_ipynb), nb_text)
    if job.output_html is not None and html_text is not None:
        _write_atomic(Path(job.output_html), html_text)
    failed = Path(job.output_ipynb).with_suffix(".failed.ipynb")
    failed.unlink(missing_ok=True)
    return JobResult(
        name=job.name, label=job.label, ok=True, seconds=time.perf_counter() - t0,
        output_ipynb=job.output_ipynb, output_html=job.output_html,
        written=tuple(written), reads=tuple(reads), attempts=attempts,
    )


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"Cell In\[\d*\], line (\d+)")
_ARROW = re.compile(r"^-+>\s*(\d+)\s", re.MULTILINE)


def _raising_line(source: str, traceback: Sequence[str]) -> tuple[int | None, str]:
    """The line of the cell that raised: its number in the cell and its text (≤ 80 chars).

    Read from IPython's traceback (``Cell In[n], line k``, or the ``---->`` arrow of the
    cell's frame); without one, the cell's last non-blank line (a syntax error, a raise at
    top level) is given with no number.
    """
    text = _ANSI.sub("", "\n".join(str(t) for t in traceback))
    lines = source.splitlines()
    m = _CELL_FRAME.search(text) or _ARROW.search(text)
    if m:
        k = int(m.group(1))
        if 1 <= k <= len(lines):
            return k, lines[k - 1].strip()[:80]
    body = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    return None, (body[-1][:80] if body else "")


def _original_cell_index(out_nb: Path, index: int) -> int:
    """1-based number of the failing cell in the source notebook (injected cell not counted)."""
    try:
        import nbformat

        nb = nbformat.read(str(out_nb), as_version=4)
        injected = sum(
            1
            for c in nb.cells[: index + 1]
            if "injected-parameters" in c.get("metadata", {}).get("tags", [])
        )
        return index + 1 - injected
    except Exception:  # noqa: BLE001
        return index + 1


def _keep_failed(job: _Job, out_nb: Path) -> str | None:
    """Keep the notebook executed up to the failure, as ``*.failed.ipynb``.

    The report itself and ``data/processed`` keep their previous files.
    """
    if not out_nb.is_file():
        return None
    target = Path(job.output_ipynb).with_suffix(".failed.ipynb")
    if Path(job.output_ipynb) == Path(job.notebook):  # in place: keep it out of notebooks/
        target = Path(job.staging_root).parent / "failed" / f"{job.name}.failed.ipynb"
    try:
        _write_atomic(target, out_nb.read_text(encoding="utf-8"))
    except OSError:
        return None
    return paths.display_path(target)


def _write_atomic(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        _publish_mode(Path(tmp))
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _to_html(nb: Any) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    return body


# =========================================================================== execution
def _prepare_parent() -> None:
    """Build matplotlib's font cache once, before workers start kernels in parallel."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    with contextlib.suppress(Exception):
        import matplotlib.font_manager  # noqa: F401 - builds the cache on first import


def _pool(jobs: int, scheduler: str | None) -> tuple[Executor, Callable[[], None]]:
    if scheduler:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover
            raise KzgovError("--scheduler needs the 'distributed' package") from None
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise KzgovError(f"cannot connect to the Dask scheduler at {scheduler!r}: {exc}") from None
        return client.get_executor(pure=False), client.close
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ex = ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
    )
    return ex, lambda: ex.shutdown(wait=True, cancel_futures=True)


def _stop_pool(executor: Executor, *, grace: float = 20.0) -> None:
    """Stop a process pool now, without waiting for its queued notebooks.

    Each worker, on SIGTERM, kills its kernel, removes its staging folder and exits; a
    worker still alive after ``grace`` seconds is killed.
    """
    # concurrent.futures keeps its worker processes in ``_processes`` (pid -> Process)
    procs = list((getattr(executor, "_processes", None) or {}).values())
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    deadline = time.monotonic() + grace
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(max(0.0, deadline - time.monotonic()))
    for p in procs:
        with contextlib.suppress(Exception):
            if p.is_alive():
                p.kill()
                p.join(5)
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)


def execute(
    jobs_list: Sequence[_Job],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    desc: str = "notebooks",
) -> list[JobResult]:
    """Run :class:`Job` s on a process pool (``jobs`` workers) or a Dask cluster.

    Returns the results in the order of ``jobs_list``.
    """
    if jobs < 1:
        raise ParameterError(f"The 'jobs' parameter must be an integer ≥ 1. Got {jobs!r} instead.")
    if not jobs_list:
        return []
    from tqdm import tqdm

    _prepare_parent()
    if scheduler is None and len(jobs_list) == 1:
        # One notebook: its kernel is already a process of its own; no pool needed.
        result = _run_job(jobs_list[0])
        _record_durations(jobs_list, [result])
        return [result]
    executor, close = _pool(min(jobs, len(jobs_list)), scheduler)
    results: dict[int, JobResult] = {}
    try:
        # Longest first (by the last recorded run), so the long pole never starts last;
        # results are still returned in the order given.
        past = _durations()
        order = sorted(
            range(len(jobs_list)),
            key=lambda i: -past.get(_duration_key(jobs_list[i]), math.inf),
        )
        target = _run_job if scheduler else _pool_run_job
        futures: dict[Future, int] = {executor.submit(target, jobs_list[i]): i for i in order}
        with tqdm(total=len(futures), desc=desc, unit="nb", file=sys.stderr, disable=not progress) as bar:
            for fut in as_completed(futures):
                i = futures[fut]
                job = jobs_list[i]
                try:
                    res = fut.result()
                except BaseException as exc:  # noqa: BLE001 - a worker that died
                    res = JobResult(
                        name=job.name, label=job.label, ok=False, seconds=0.0,
                        message=f"the worker failed: {type(exc).__name__}: {exc}",
                    )
                results[i] = res
                bar.set_postfix_str(("ok " if res.ok else "FAILED ") + res.title, refresh=False)
                bar.update(1)
    except KeyboardInterrupt:
        if scheduler is None:
            _stop_pool(executor)
        else:
            close()
        raise
    else:
        close()
    ordered = [results[i] for i in range(len(jobs_list))]
    _record_durations(jobs_list, ordered)
    return ordered


def _duration_key(job: _Job) -> str:
    return f"{job.name}[{job.label}]" if job.label else job.name


def _durations_file() -> Path:
    return paths.cache_dir() / "runner" / "durations.json"


def _durations() -> dict[str, float]:
    """Seconds each notebook took last time (used only to order submissions)."""
    try:
        data = json.loads(_durations_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))}


def _record_durations(jobs_list: Sequence[_Job], results: Sequence[JobResult]) -> None:
    known = _durations()
    for job, res in zip(jobs_list, results, strict=True):
        if res.ok:
            known[_duration_key(job)] = round(res.seconds, 1)
    with contextlib.suppress(OSError):
        _write_atomic(_durations_file(), json.dumps(known, indent=1, sort_keys=True) + "\n")


def _raise_failures(results: Sequence[JobResult]) -> None:
    failed = [r for r in results if not r.ok]
    if not failed:
        return
    lines = [f"notebook {r.title} failed in {r.message}" if r.cell else f"notebook {r.title} failed: {r.message}" for r in failed]
    more = f" ({len(failed)} of {len(results)} notebooks failed)" if len(results) > 1 else ""
    raise NotebookFailure("; ".join(lines) + more, results)


def _select(only: Iterable[str] | None) -> list[Path]:
    nbs = _discover()
    if not only:
        return nbs
    chosen = []
    for name in only:
        for part in str(name).split(","):
            if part.strip():
                p = resolve_notebook(part.strip())
                if p not in chosen:
                    chosen.append(p)
    return sorted(chosen, key=lambda p: _study_order(p.stem))


def reproduce(
    *,
    jobs: int = 1,
    only: Iterable[str] | None = None,
    html: bool = True,
    progress: bool = True,
    scheduler: str | None = None,
) -> list[JobResult]:
    """Execute every notebook (or ``only`` some) with its defaults into ``reports/``.

    Writes ``reports/<nb>.ipynb``, ``reports/<nb>.html`` and ``reports/index.html``;
    each notebook's ``data/processed`` files are moved into place only if it succeeds.

    Raises
    ------
    NotebookFailure
        After all notebooks ran, if any failed; the message names notebook and cell.
    """
    nbs = _select(only)
    if not nbs:
        raise ParameterError(f"no notebooks NN_*.ipynb in {paths.display_path(paths.notebooks_dir())}")
    prov = provenance()
    job_list = [_make_job(nb, {}, label="", html=html, prov=prov) for nb in nbs]
    results = execute(job_list, jobs=jobs, scheduler=scheduler, progress=progress)
    if html:
        _write_index()
    _raise_failures(results)
    return results


def refresh(*, only: Iterable[str] | None = None, jobs: int = 1, progress: bool = True) -> list[JobResult]:
    """Re-execute notebooks in place (no injected parameters), refreshing stored outputs."""
    nbs = _select(only)
    job_list = [_make_job(nb, {}, label="", in_place=True) for nb in nbs]
    results = execute(job_list, jobs=jobs, progress=progress)
    _raise_failures(results)
    return results


def sync(*, only: Iterable[str] | None = None) -> list[tuple[Path, Path]]:
    """Pair and clean notebooks without executing them (``kzgov notebooks --sync``).

    For each notebook the more recently saved half of its jupytext pair supplies the cells;
    stored outputs are kept for unchanged cells; ids and metadata are made deterministic.
    Returns the ``(ipynb, py)`` paths.
    """
    from kzgov import _notebook

    return [_notebook.sync(nb) for nb in _select(only)]


def run(
    notebook: str | Path,
    params: Mapping[str, Any] | None = None,
    *,
    html: bool = True,
    timeout: int | None = None,
    progress: bool = False,
) -> JobResult:
    """Validate ``params`` (strings, as on the command line) and run one notebook.

    Non-default parameters send outputs to ``data/processed/batch/<nb>/<label>/`` and
    ``reports/batch/<nb>/<label>.{ipynb,html}``.
    """
    nb = resolve_notebook(notebook)
    converted = validate_parameters(nb, params or {})
    job = _make_job(nb, converted, html=html, timeout=timeout)
    (result,) = execute([job], jobs=1, progress=progress)
    _raise_failures([result])
    return result


def batch(
    notebook: str | Path,
    param: str,
    values: str | Sequence[str],
    *,
    fixed: Mapping[str, Any] | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    html: bool = True,
    progress: bool = True,
) -> list[JobResult]:
    """Sweep ``param`` over ``values`` (``"all"`` = its domain's values).

    Every value is validated first; then one run per value goes to the process pool, or to
    the Dask cluster at ``scheduler``. Outputs are named from the parameters:
    ``data/processed/batch/<nb>/<param>=<value>/``.
    """
    nb = resolve_notebook(notebook)
    fixed = dict(fixed or {})
    if param in fixed:
        raise ParameterError(f"parameter {param!r} is both swept and fixed with -p")
    items = _expand_values(nb, param, values)
    specs = _inspect_parameters(nb)
    prov = provenance()
    job_list = []
    seen = set()
    for item in items:
        given = {**fixed, param: item}
        converted = validate_parameters(nb, given)
        full = {k: converted.get(k, specs[k].default) for k in given}
        label = _batch_label(full, specs)
        if label in seen:
            continue
        seen.add(label)
        job_list.append(_make_job(nb, converted, label=label, html=html, prov=prov))
    results = execute(job_list, jobs=jobs, scheduler=scheduler, progress=progress, desc=nb.stem)
    _raise_failures(results)
    return results


# =========================================================================== index
def _verdict_counts(audit_csv: Path) -> list[tuple[str, int]]:
    """Counts of the ``verdict`` column of ``data/processed/audit.csv``, most frequent first."""
    import csv
    from collections import Counter

    try:
        with open(audit_csv, encoding="utf-8", newline="") as fh:
            counts = Counter(row.get("verdict") or "" for row in csv.DictReader(fh))
    except (OSError, csv.Error):
        return []
    counts.pop("", None)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _write_index(directory: str | Path | None = None) -> Path:
    """Write ``reports/index.html``: the reports in the study's order, audit first."""
    import nbformat

    reports = Path(directory) if directory is not None else paths.reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    parts = dict(_STUDY_ORDER)
    entries = []
    for rep in sorted(reports.glob("*.html"), key=lambda p: _study_order(p.stem)):
        if rep.name == "index.html":
            continue
        ipynb = rep.with_suffix(".ipynb")
        title, prov = rep.stem, {}
        if ipynb.is_file():
            with contextlib.suppress(Exception):
                nb = nbformat.read(str(ipynb), as_version=4)
                title = _title(nb, rep.stem)
                prov = nb.metadata.get("kzgov", {}).get("provenance", {})
        entries.append((rep, title, parts.get(rep.stem, ""), prov))
    batches = sorted((reports / "batch").glob("*/*.html")) if (reports / "batch").is_dir() else []
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>kzgov: reproduction of Abdullayev, Kadyrova &amp; Ydyrys (2025)</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}.front{border:2px solid #0072b2;border-radius:8px;"
        "padding:1rem 1.5rem;background:#f2f8fc}ol li{margin:.4rem 0}.part{color:#555}"
        "footer,.small{color:#666;font-size:.85rem}</style></head><body>",
        "<h1>kzgov: a reproducible compendium</h1>",
        "<p>Abdullayev, A., Kadyrova, M. &amp; Ydyrys, S. (2025). Modernization of the Local "
        "Government System: Development Prospects and Implementation Mechanisms. "
        "<i>Emerging Science Journal</i> 9(3). "
        '<a href="https://doi.org/10.28991/ESJ-2025-09-03-017">doi:10.28991/ESJ-2025-09-03-017</a>'
        " (CC BY 4.0).</p>",
    ]
    front = [e for e in entries if e[0].stem == _STUDY_ORDER[0][0]]
    rest = [e for e in entries if e[0].stem != _STUDY_ORDER[0][0]]
    if front:
        rep, title, part, _ = front[0]
        verdicts = _verdict_counts(paths.processed_dir() / "audit.csv")
        summary = ""
        if verdicts:
            items = "".join(f"<li>{esc(k)}: {n}</li>" for k, n in verdicts)
            summary = f"<p>Verdicts over {sum(n for _, n in verdicts)} claims:</p><ul>{items}</ul>"
        out += [
            '<section class="front"><h2>Start here</h2>',
            f'<p><a href="{esc(rep.name)}"><b>{esc(title)}</b></a></p>',
            f"<p>{esc(part)}. Each number the study reports, where it is printed, the value "
            f"recomputed from <code>data/raw</code>, and a verdict.</p>{summary}</section>",
        ]
    else:
        out.append(
            '<section class="front"><p>The reproduction audit (<code>08_reproduction_audit</code>) '
            "has not been run yet.</p></section>"
        )
    out.append("<h2>The study, section by section</h2><ol>")
    for rep, title, part, prov in rest:
        git = prov.get("git", {}) if prov else {}
        commit = (git.get("commit") or "")[:10]
        stamp = f' <span class="small">commit {esc(commit)}{"+dirty" if git.get("dirty") else ""}</span>' if commit else ""
        part_html = f' <span class="part">— {esc(part)}</span>' if part else ""
        out.append(
            f'<li><a href="{esc(rep.name)}">{esc(title)}</a>{part_html}{stamp} '
            f'<span class="small">(<a href="{esc(rep.with_suffix(".ipynb").name)}">ipynb</a>)</span></li>'
        )
    out.append("</ol>")
    if batches:
        out.append("<h2>Batch runs</h2><ul>")
        for b in batches:
            rel = b.relative_to(reports).as_posix()
            out.append(f'<li><a href="{esc(rel)}">{esc(b.parent.name)}: {esc(b.stem)}</a></li>')
        out.append("</ul>")
    out.append(
        "<footer><p>Generated by <code>kzgov reproduce</code>. Each report ends with its "
        "provenance: package versions, git commit and the sha256 of every data file it read."
        "</p></footer></body></html>"
    )
    dest = reports / "index.html"
    _write_atomic(dest, "\n".join(out) + "\n")
    return dest
