"""kzgov.constraints: one declaration read by the library, the notebooks and the runner."""

from __future__ import annotations

import numpy as np
import pytest

from kzgov import runner
from kzgov.constraints import (
    FilePath,
    Interval,
    ListOf,
    Options,
    Parameter,
    Parameters,
    Region,
    validate_params,
)
from kzgov.errors import ParameterError


@validate_params(
    {
        "confidence": [Interval(float, 0, 1, closed="neither")],
        "reps": [Interval(int, 1, None, closed="left")],
        "method": [Options(str, ["pearson", "spearman"])],
        "path": [FilePath(), None],
    }
)
def _f(x, *, confidence=0.95, reps=10, method="pearson", path=None):
    return confidence, reps, method, path


@pytest.mark.parametrize("level", [0.975, 0.5, 1e-9, 0.999999, np.float64(0.9)])
def test_any_level_in_the_open_interval_passes(level):
    assert _f(1, confidence=level)[0] == level


@pytest.mark.parametrize("level", [0, 1, 1.0, 95, -0.1, float("nan"), True, "0.9", None])
def test_levels_outside_are_refused_in_the_library_shape(level):
    with pytest.raises(ParameterError, match=r"^The 'confidence' parameter of _f must be a float in \(0, 1\)\. Got .* instead\.$"):
        _f(1, confidence=level)


def test_integers_bool_and_options():
    assert _f(1, reps=np.int64(3))[1] == 3
    for bad in (0, 2.0, True):
        with pytest.raises(ParameterError, match=r"'reps' parameter of _f must be an int in \[1, inf\)"):
            _f(1, reps=bad)
    with pytest.raises(ParameterError, match="must be one of 'pearson', 'spearman'. Got 'kendall'"):
        _f(1, method="kendall")


def test_nullable_path(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n")
    assert _f(1, path=f)[3] == f
    with pytest.raises(ParameterError, match="the path of an existing file or None"):
        _f(1, path=tmp_path / "missing.csv")


def test_decorator_refuses_unknown_names():
    with pytest.raises(TypeError, match="no parameter"):
        validate_params({"nope": [Interval(int, 0, 1)]})(lambda x: x)


def test_region_and_lists():
    assert Region().is_satisfied_by("Turkestan region")
    assert not Region().is_satisfied_by("Atlantis")
    lst = ListOf(Interval(int, 0, None, closed="left"))
    assert lst.is_satisfied_by([0, 1]) and not lst.is_satisfied_by([]) and not lst.is_satisfied_by([-1])


def test_parameters_validate_and_order():
    p = Parameters(
        "99_synthetic",
        Parameter("first_year", [Interval(int, 2009, 2024)], less_than="last_year"),
        Parameter("last_year", [Interval(int, 2010, 2025)]),
    )
    assert p.validate({"first_year": 2010, "last_year": 2020, "x": object()}) == {"first_year": 2010, "last_year": 2020}
    with pytest.raises(ParameterError, match="'first_year' parameter of 99_synthetic must be less than 'last_year'"):
        p.validate({"first_year": 2020, "last_year": 2015})
    with pytest.raises(ParameterError, match=r"must be an int in \[2009, 2024\]"):
        p.validate({"first_year": 2030})


def test_domains_carry_open_ends_for_the_runner():
    d = Parameter("confidence", [Interval(float, 0, 1, closed="neither")]).domain()
    assert d["type"] == "float" and d["min"] == 0.0 and d["max"] == 1.0
    assert d["min_exclusive"] and d["max_exclusive"] and not d["nullable"]
    d = Parameter("k", [Options(str, lambda: ["a", "b"]), None], sweep=lambda: ["a"]).domain()
    assert d["values"] == ["a", "b"] and d["sweep"] == ["a"] and d["nullable"]


def test_runner_reads_a_notebooks_declaration():
    nb = runner.resolve_notebook("08_reproduction_audit")
    assert runner.validate_parameters(nb, {"only": "B01,M01"}) == {"only": ["B01", "M01"]}
    with pytest.raises(ParameterError, match="must be one of"):
        runner.validate_parameters(nb, {"only": "Z99"})


def test_kzgov_params_shows_each_declared_help():
    rows = {r["name"]: r for r in runner.parameter_table(runner.resolve_notebook("08_reproduction_audit"))}
    assert rows["only"]["help"].startswith("claim ids to check")
    assert rows["only"]["nullable"] and rows["verdict_order"]["type"] == "list[str]"
