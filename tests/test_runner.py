"""The papermill runner: parameter validation, atomic outputs, batch paths, Dask, kernels.

Notebooks here are tiny synthetic ones (``NN_synthetic_*``) in a copy of the project
(``tmp_project``), so nothing touches the real data/processed or reports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzgov import runner
from kzgov.errors import ParameterError

OK_PARAMS = """
region = "A"
n = 2
label = "x"
note = ""
ratio = 0.5
flag = False
years = [2022, 2023]
source = None
"""

OK_DOMAINS = {
    "region": {"type": "str", "values": ["A", "B", "C"]},
    "n": {"type": "int", "min": 0, "max": 5},
    "label": {"type": "str"},
    "note": {"type": "str"},
    "ratio": {"type": "float", "min": 0.0, "max": 1.0},
    "flag": {"type": "bool"},
    "years": {"type": "list[int]", "values": [2021, 2022, 2023, 2024]},
    "source": {"type": "path", "nullable": True},
}

OK_BODY = [
    """
import os
from kzgov import data
data.verify("kz_stat_regions")
env = {k: os.environ.get(k) for k in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED", "MPLBACKEND"]}
result = {"region": region, "n": n, "label": label, "note": note, "ratio": ratio, "flag": flag,
          "years": years, "source": source, "env": env,
          "history": bool(get_ipython().history_manager.enabled)}
data.write_processed("synthetic/out.json", result)
print(region, n)
"""
]

FAIL_BODY = [
    """
from kzgov import data
data.write_processed("synthetic/out.json", {"new": True})
""",
    "x = 1",
    """
if fail:
    raise RuntimeError("synthetic failure")
""",
]


@pytest.fixture
def ok_nb(synthetic_notebook):
    return synthetic_notebook(
        "90_synthetic_ok", params=OK_PARAMS, body=OK_BODY, domains=OK_DOMAINS,
        title="Synthetic notebook that succeeds",
    )


@pytest.fixture
def fail_nb(synthetic_notebook):
    return synthetic_notebook(
        "91_synthetic_fail", params="fail = True", body=FAIL_BODY,
        domains={"fail": {"type": "bool"}},
    )


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- discovery
def test_study_order_puts_audit_first_and_data_appendix_last_then_extras():
    stems = ["00_data", "99_extra", "01_turkestan_budget", "08_reproduction_audit",
             "02_survey_tabulation", "07_economic_effect", "03_regional_correlation",
             "04_ppp_projects", "05_project_impact_forecaster", "06_recommendation", "98_another"]
    ordered = sorted(stems, key=runner._study_order)
    assert ordered == [
        "08_reproduction_audit", "02_survey_tabulation", "04_ppp_projects",
        "01_turkestan_budget", "03_regional_correlation", "05_project_impact_forecaster",
        "06_recommendation", "07_economic_effect", "00_data", "98_another", "99_extra",
    ]


def test_resolve_notebook_by_stem_number_and_short_name(ok_nb):
    assert runner.resolve_notebook("90_synthetic_ok") == ok_nb.resolve()
    assert runner.resolve_notebook("90") == ok_nb.resolve()
    assert runner.resolve_notebook("synthetic_ok") == ok_nb.resolve()
    assert runner.resolve_notebook(str(ok_nb)) == ok_nb.resolve()


def test_unknown_notebook_lists_known(ok_nb):
    with pytest.raises(ParameterError, match=r"unknown notebook 'nope'; known notebooks: 90_synthetic_ok"):
        runner.resolve_notebook("nope")


# --------------------------------------------------------------------------- validation
def test_valid_parameters_are_converted_and_defaults_dropped(ok_nb, tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("a\n1\n")
    got = runner.validate_parameters(
        ok_nb,
        {"region": "B", "n": "3", "ratio": "0.25", "flag": "true", "years": "2021,2024",
         "source": str(f), "label": "x"},
    )
    assert got == {"region": "B", "n": 3, "ratio": 0.25, "flag": True, "years": [2021, 2024],
                   "source": str(f.resolve())}


def test_nullable_accepts_none(ok_nb):
    assert runner.validate_parameters(ok_nb, {"source": "None"}) == {}
    with pytest.raises(ParameterError, match="cannot be None"):
        runner.validate_parameters(ok_nb, {"n": "null"})


@pytest.mark.parametrize(
    ("name", "value", "pattern"),
    [
        ("region", "D", r"must be one of 'A', 'B', 'C'\. Got 'D' instead"),
        ("n", "two", r"must be an integer\. Got 'two' instead"),
        ("n", "2.5", r"must be an integer"),
        ("n", "6", r"must be ≤ 5\. Got 6 instead"),
        ("n", "-1", r"must be ≥ 0"),
        ("ratio", "nan", r"must be a number"),
        ("ratio", "1.5", r"must be ≤ 1\.0"),
        ("flag", "maybe", r"must be a boolean"),
        ("years", "2020", r"must be one of 2021, 2022, 2023, 2024\. Got 2020 instead"),
        ("years", "2021,x", r"list of integers"),
        ("source", "/no/such/file.csv", r"must be the path of an existing file"),
    ],
)
def test_bad_values_raise_parameter_error(ok_nb, name, value, pattern):
    with pytest.raises(ParameterError, match=pattern) as info:
        runner.validate_parameters(ok_nb, {name: value})
    assert f"'{name}' parameter of 90_synthetic_ok" in str(info.value)


def test_unknown_parameter_lists_parameters(ok_nb):
    with pytest.raises(ParameterError, match=r"has no parameter 'regoin'; its parameters are: flag, label, n, note, ratio, region, source, years"):
        runner.validate_parameters(ok_nb, {"regoin": "A"})


def test_notebook_without_parameters_cell_accepts_none(synthetic_notebook):
    nb = synthetic_notebook("92_synthetic_plain", body=["print(1)"])
    with pytest.raises(ParameterError, match="none \\(it has no parameters cell\\)"):
        runner.validate_parameters(nb, {"x": "1"})


def test_domain_naming_an_undefined_parameter_is_an_error(synthetic_notebook):
    nb = synthetic_notebook("93_synthetic_stray", params="a = 1", domains={"b": {"type": "int"}})
    with pytest.raises(ParameterError, match=r"declares \['b'\]"):
        runner.validate_parameters(nb, {})


def test_expand_values_all_prefers_the_sweep(synthetic_notebook):
    nb = synthetic_notebook(
        "94_synthetic_sweep",
        params='region = "A"',
        domains={"region": {"type": "str", "values": ["A", "B", "C"], "sweep": ["A", "B"]}},
    )
    assert runner._expand_values(nb, "region", "all") == ["A", "B"]
    assert runner.validate_parameters(nb, {"region": "C"}) == {"region": "C"}
    with pytest.raises(ParameterError, match="'D'"):
        runner.validate_parameters(nb, {"region": "D"})


def test_expand_values_all_uses_domain(ok_nb):
    assert runner._expand_values(ok_nb, "region", "all") == ["A", "B", "C"]
    assert runner._expand_values(ok_nb, "region", "A, C") == ["A", "C"]
    with pytest.raises(ParameterError, match="--values all needs the domain of 'label'"):
        runner._expand_values(ok_nb, "label", "all")


def test_batch_label_is_sorted_and_one_path_component():
    assert runner._batch_label({"region": "Aktobe region", "b": 2}) == "b=2,region=Aktobe region"
    assert runner._batch_label({"years": [2022, 2023]}) == "years=2022+2023"
    label = runner._batch_label({"p": "a/b\nc"})
    assert "/" not in label and "\n" not in label
    long = runner._batch_label({"p": "x" * 400})
    assert len(long.encode()) < 130


def test_newline_in_string_is_rejected_and_nothing_runs(ok_nb, tmp_project, tmp_path):
    sentinel = tmp_path / "pwned"
    evil = f"x\nopen({str(sentinel)!r}, 'w').write('pwned')\n"
    with pytest.raises(ParameterError, match="control characters such as a newline"):
        runner.run("90", {"label": evil})
    assert not sentinel.exists()
    assert not any((tmp_project / "reports").iterdir())
    assert not any((tmp_project / "data" / "processed").iterdir())


# --------------------------------------------------------------------------- execution
@pytest.mark.slow
def test_quotes_and_code_in_strings_execute_nothing(ok_nb, tmp_project, tmp_path):
    sentinel = tmp_path / "pwned"
    single = f"x'); open({str(sentinel)!r}, 'w').write('pwned'); ('"
    double = f'\\"); open("{sentinel}", "w").write("pwned"); ("\\'
    result = runner.run("90", {"label": single, "note": double}, html=False)
    assert not sentinel.exists()
    assert result.ok and result.label
    out = tmp_project / "data" / "processed" / "batch" / "90_synthetic_ok" / result.label / "synthetic" / "out.json"
    got = _read(out)
    assert got["label"] == single  # arrived as a plain string, verbatim
    assert got["note"] == double
    # the kernel environment: one BLAS thread, fixed hash seed, Agg, no history database
    assert got["env"] == {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                          "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    assert got["history"] is False
    # non-default run: nothing at the plain paths
    assert not (tmp_project / "data" / "processed" / "synthetic").exists()
    assert not (tmp_project / "reports" / "90_synthetic_ok.ipynb").exists()


@pytest.mark.slow
def test_failing_notebook_leaves_processed_and_reports_intact(fail_nb, tmp_project):
    old = tmp_project / "data" / "processed" / "synthetic" / "out.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"old": true}\n')
    report = tmp_project / "reports" / "91_synthetic_fail.html"
    report.write_text("previous report")
    with pytest.raises(runner.NotebookFailure) as info:
        runner.reproduce(only=["91"], progress=False)
    msg = str(info.value)
    assert "91_synthetic_fail" in msg
    assert "cell 5" in msg  # parameters, heading, write, x = 1, raise
    assert "RuntimeError: synthetic failure" in msg
    assert old.read_text() == '{"old": true}\n'
    assert report.read_text() == "previous report"
    assert not (tmp_project / "reports" / "91_synthetic_fail.ipynb").exists()
    assert (tmp_project / "reports" / "91_synthetic_fail.failed.ipynb").is_file()
    leftovers = [p for p in (tmp_project / "data" / "processed").rglob("*") if p.is_file()]
    assert leftovers == [old]


@pytest.mark.slow
def test_reproduce_writes_reports_index_and_provenance(ok_nb, synthetic_notebook, tmp_project):
    synthetic_notebook("92_synthetic_second", body=["from kzgov import data\ndata.write_processed('second.csv', __import__('pandas').DataFrame({'a': [1]}))"],
                       title="Second synthetic notebook")
    results = runner.reproduce(jobs=2, progress=False)
    assert [r.name for r in results] == ["90_synthetic_ok", "92_synthetic_second"]
    processed = tmp_project / "data" / "processed"
    assert _read(processed / "synthetic" / "out.json")["region"] == "A"
    assert (processed / "second.csv").read_text() == "a\n1\n"
    reports = tmp_project / "reports"
    nb = json.loads((reports / "90_synthetic_ok.ipynb").read_text())
    prov = nb["metadata"]["kzgov"]["provenance"]
    assert prov["versions"]["kzgov"]
    assert prov["versions"]["numpy"]
    assert "commit" in prov["git"]
    from kzgov import data

    sha = data.sha256(tmp_project / "data" / "raw" / "kz_stat" / "regions.csv")
    assert prov["data_read"] == [{"path": "data/raw/kz_stat/regions.csv", "sha256": sha}]
    html = (reports / "90_synthetic_ok.html").read_text()
    assert "Provenance" in html and sha in html
    index = (reports / "index.html").read_text()
    assert index.index("Synthetic notebook that succeeds") < index.index("Second synthetic notebook")
    assert 'href="90_synthetic_ok.html"' in index
    assert not list((tmp_project / ".cache" / "kzgov" / "staging").iterdir())


@pytest.mark.slow
def test_batch_writes_under_batch_paths(ok_nb, tmp_project):
    results = runner.batch("90", "region", "B,C", fixed={"n": "4"}, jobs=2, progress=False)
    assert sorted(r.label for r in results) == ["n=4,region=B", "n=4,region=C"]
    for region in "BC":
        label = f"n=4,region={region}"
        out = tmp_project / "data" / "processed" / "batch" / "90_synthetic_ok" / label / "synthetic" / "out.json"
        assert _read(out)["region"] == region
        assert _read(out)["n"] == 4
        assert (tmp_project / "reports" / "batch" / "90_synthetic_ok" / f"{label}.html").is_file()
        assert (tmp_project / "reports" / "batch" / "90_synthetic_ok" / f"{label}.ipynb").is_file()
    assert not (tmp_project / "data" / "processed" / "synthetic").exists()


def test_batch_validates_every_value_before_running(ok_nb, tmp_project):
    with pytest.raises(ParameterError, match="Got 'Z' instead"):
        runner.batch("90", "region", "B,Z", progress=False)
    assert not any((tmp_project / "reports").iterdir())


@pytest.mark.slow
def test_batch_on_dask_local_cluster(ok_nb, tmp_project):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        results = runner.batch("90", "region", "B", scheduler=cluster.scheduler_address,
                               html=False, progress=False)
    assert [r.ok for r in results] == [True]
    out = tmp_project / "data" / "processed" / "batch" / "90_synthetic_ok" / "region=B" / "synthetic" / "out.json"
    assert _read(out)["region"] == "B"


@pytest.mark.slow
def test_refresh_in_place_injects_nothing(ok_nb, tmp_project):
    runner.refresh(only=["90"], progress=False)
    nb = json.loads(ok_nb.read_text())
    tags = [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert "injected-parameters" not in tags
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert any("A 2" in "".join(o.get("text", "")) for o in outputs)
    assert "provenance" not in nb["metadata"].get("kzgov", {})


# --------------------------------------------------------------------------- robustness
def test_kernel_start_is_retried_once_on_zmq_error(monkeypatch, tmp_project, ok_nb):
    import zmq

    calls = []

    def flaky(job, stage, t0, attempts):
        calls.append(attempts)
        if attempts == 1:
            raise zmq.error.ZMQError(98, "Address already in use")
        return runner.JobResult(name=job.name, label=job.label, ok=True, seconds=0.0, attempts=attempts)

    monkeypatch.setattr(runner, "_attempt", flaky)
    job = runner._make_job(ok_nb, {}, label="", prov={})
    result = runner._run_job(job)
    assert result.ok and result.attempts == 2 and calls == [1, 2]


def test_kernel_start_failing_twice_is_reported(monkeypatch, tmp_project, ok_nb):
    def dead(job, stage, t0, attempts):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(runner, "_attempt", dead)
    result = runner._run_job(runner._make_job(ok_nb, {}, label="", prov={}))
    assert not result.ok and result.attempts == 2
    assert "Kernel died" in result.message


def test_other_errors_are_not_retried(monkeypatch, tmp_project, ok_nb):
    calls = []

    def broken(job, stage, t0, attempts):
        calls.append(attempts)
        raise ValueError("not a kernel problem")

    monkeypatch.setattr(runner, "_attempt", broken)
    result = runner._run_job(runner._make_job(ok_nb, {}, label="", prov={}))
    assert calls == [1] and not result.ok


def test_retryable_classification():
    import zmq

    assert runner._retryable(zmq.error.ZMQError(98, "Address already in use"))
    assert runner._retryable(TimeoutError("Kernel didn't respond in 60 seconds"))
    assert runner._retryable(RuntimeError("Kernel died before replying to kernel_info"))
    assert not runner._retryable(RuntimeError("something else"))
    assert not runner._retryable(ValueError("address"))


def test_index_orders_reports_as_the_study(tmp_path):
    for stem in ["00_data", "99_extra", "01_turkestan_budget", "08_reproduction_audit", "02_survey_tabulation"]:
        (tmp_path / f"{stem}.html").write_text("<html></html>")
    index = runner._write_index(tmp_path).read_text()
    pos = [index.index(f'href="{s}.html"') for s in
           ["08_reproduction_audit", "02_survey_tabulation", "01_turkestan_budget", "00_data", "99_extra"]]
    assert pos == sorted(pos)
    assert index.index("Start here") < pos[1]


def test_parameters_cell_comments_may_hold_equals_signs(synthetic_notebook):
    nb = synthetic_notebook(
        "94_synthetic_comments",
        params="path = None  # None = the packaged file\nk: int = 3  # k = neighbours",
        domains={"path": {"type": "path", "nullable": True}},
    )
    specs = runner._inspect_parameters(nb)
    assert sorted(specs) == ["k", "path"]
    assert specs["k"].type == "int" and specs["k"].default == 3
    assert runner.validate_parameters(nb, {"k": "4"}) == {"k": 4}


def test_longest_recorded_notebook_is_submitted_first(monkeypatch, tmp_project):
    submitted = []

    class Recorder:
        def submit(self, fn, job):
            from concurrent.futures import Future

            submitted.append(job.name)
            fut = Future()
            fut.set_result(runner.JobResult(name=job.name, label="", ok=True, seconds={"a": 1.0, "b": 9.0, "c": 3.0}[job.name]))
            return fut

    monkeypatch.setattr(runner, "_pool", lambda jobs, scheduler: (Recorder(), lambda: None))
    jobs = [runner._Job(notebook=n, name=n, parameters={}, label="", output_ipynb="", output_html=None,
                       processed_dir="", staging_root="", root="", cwd="") for n in "abc"]
    first = runner.execute(jobs, jobs=2, progress=False)
    assert [r.name for r in first] == ["a", "b", "c"]  # results in the order given
    assert submitted == ["a", "b", "c"]  # nothing recorded yet: the order given
    submitted.clear()
    runner.execute(jobs, jobs=2, progress=False)
    assert submitted == ["b", "c", "a"]  # then longest first
