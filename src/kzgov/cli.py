"""The ``kzgov`` command line.

::

    kzgov reproduce [--jobs N] [--only NAME]      execute every notebook -> data/processed, reports
    kzgov run NOTEBOOK [-p NAME VALUE ...]        one notebook, with parameters
    kzgov batch NOTEBOOK --param NAME --values all|A,B [--jobs N] [--scheduler ADDRESS]
    kzgov params NOTEBOOK                         a notebook's parameters and their domains
    kzgov site                                    build the report site from reports/*.ipynb
    kzgov notebooks [--only NAME] [--sync]        re-execute notebooks in place (nbval outputs);
                                                  --sync: pair and clean them without running
    kzgov datapackage build|check                 data/raw/datapackage.json
    kzgov audit ...                               the reproduction audit (kzgov.audit)
    kzgov forecast train|evaluate|predict ...     the project-impact forecaster (kzgov.forecast)

Exit status, one rule for every command:

``0``
    success (the audit's discrepancies are findings, not errors);
``2``
    an input error: an unknown notebook, parameter or claim id, a value outside its
    domain, bad data in a user's or a raw file, a file over the size limit. Printed as
    ``kzgov: error: <message>`` in one or two lines, without a traceback. This includes
    a ``kzgov.errors`` exception raised *inside a notebook* from the user's data or
    parameters (the notebook's failure names the cell and the line that raised);
``1``
    any other failure: a notebook that fails otherwise, a kernel that dies, a bug;
``130``
    interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP. The runner then kills the kernels
    and pool workers it started and removes its staging folders; nothing is left running
    and ``data/processed`` and ``reports`` keep their previous files.

Importing this module is cheap: papermill, pandas and the rest are imported by the
commands that need them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kzgov import __version__
from kzgov.errors import KzgovError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer ≥ 1; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer ≥ 1; got {text!r}")
    return value


def _build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kzgov`` (sub-commands, options, help)."""
    parser = argparse.ArgumentParser(
        prog="kzgov",
        description=(
            "Reproduce, audit and extend Abdullayev, Kadyrova & Ydyrys (2025), "
            "doi:10.28991/ESJ-2025-09-03-017."
        ),
    )
    parser.add_argument("--version", action="version", version=f"kzgov {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("reproduce", help="execute every notebook into reports/ and data/processed/")
    p.add_argument("--jobs", "-j", type=_positive_int, default=1, help="notebooks run in parallel (default 1)")
    p.add_argument("--only", action="append", metavar="NAME", help="only this notebook (repeatable, or A,B)")
    p.add_argument("--no-html", action="store_true", help="skip the HTML reports, the index and the site")
    p.add_argument("--no-site", action="store_true", help="skip building the report site (reports/site)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on the Dask scheduler at ADDRESS")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    p = sub.add_parser("run", help="run one notebook with parameters")
    p.add_argument("notebook", metavar="NOTEBOOK", help="e.g. 01_turkestan_budget, 01, or a path")
    p.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
        dest="params", help="set a parameter (repeatable); see `kzgov params NOTEBOOK`",
    )
    p.add_argument("--no-html", action="store_true", help="skip the HTML report")
    p.add_argument("--timeout", type=_positive_int, help="seconds allowed per cell")

    p = sub.add_parser("batch", help="sweep one parameter of a notebook")
    p.add_argument("notebook", metavar="NOTEBOOK")
    p.add_argument("--param", required=True, metavar="NAME", help="the parameter to sweep")
    p.add_argument(
        "--values", required=True, metavar="all|A,B,...",
        help="'all' (the values of the parameter's domain) or a comma-separated list",
    )
    p.add_argument(
        "-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
        dest="params", help="fix another parameter for every run (repeatable)",
    )
    p.add_argument("--jobs", "-j", type=_positive_int, default=1, help="runs in parallel (process pool)")
    p.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="submit the runs to the Dask distributed scheduler at ADDRESS (e.g. tcp://host:8786)",
    )
    p.add_argument("--no-html", action="store_true")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    p = sub.add_parser("params", help="list a notebook's parameters and their domains")
    p.add_argument("notebook", metavar="NOTEBOOK")

    p = sub.add_parser("notebooks", help="re-execute notebooks in place, refreshing stored outputs")
    p.add_argument("--only", action="append", metavar="NAME")
    p.add_argument("--jobs", "-j", type=_positive_int, default=1)
    p.add_argument("--quiet", "-q", action="store_true")
    p.add_argument(
        "--sync", action="store_true",
        help="do not execute: bring each .py/.ipynb pair into agreement and clean it",
    )

    p = sub.add_parser("site", help="build the report site (reports/site) from the executed notebooks")
    p.add_argument("--no-batch", action="store_true", help="leave out the batch reports")

    p = sub.add_parser("datapackage", help="build or check data/raw/datapackage.json")
    p.add_argument("action", choices=["build", "check"])
    p.add_argument("--no-frictionless", action="store_true", help="check: skip Frictionless validation")

    p = sub.add_parser("audit", help="the reproduction audit (kzgov.audit)", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p = sub.add_parser("forecast", help="train|evaluate|predict the forecaster (kzgov.forecast)", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _params(pairs: Sequence[Sequence[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs:
        if name in out:
            raise KzgovError(f"parameter {name!r} is given twice")
        out[name] = value
    return out


def _report(results: Sequence[object]) -> None:
    from kzgov import paths

    for r in results:
        where = getattr(r, "output_html", None) or getattr(r, "output_ipynb", None)
        shown = paths.display_path(where) if where else ""
        print(f"ok  {r.title:<40} {r.seconds:6.1f} s  {shown}")  # type: ignore[attr-defined]


def _delegate(module: str, args: Sequence[str]) -> int:
    try:
        mod = importlib.import_module(f"kzgov.{module}")
    except ModuleNotFoundError as exc:
        if exc.name in {f"kzgov.{module}"}:
            print(f"kzgov: error: kzgov.{module} is not available in this installation", file=sys.stderr)
            return EXIT_USAGE
        raise
    entry = getattr(mod, "_main", None) or getattr(mod, "main", None)
    if entry is None:
        print(f"kzgov: error: kzgov.{module} has no _main(argv) entry point", file=sys.stderr)
        return EXIT_USAGE
    return int(entry(list(args)) or 0)


def _dispatch(ns: argparse.Namespace) -> int:
    cmd = ns.command
    if cmd == "reproduce":
        from kzgov import runner

        results = runner.reproduce(
            jobs=ns.jobs, only=ns.only, html=not ns.no_html, progress=not ns.quiet,
            scheduler=ns.scheduler,
        )
        _report(results)
        if not (ns.no_html or ns.no_site):
            from kzgov import paths, site

            index = site.build()
            print(f"site: {paths.display_path(index)} (open reports/index.html)")
        return EXIT_OK
    if cmd == "site":
        from kzgov import paths, site

        index = site.build(batch=not ns.no_batch)
        print(f"site: {paths.display_path(index)} (open reports/index.html)")
        return EXIT_OK
    if cmd == "run":
        from kzgov import runner

        result = runner.run(ns.notebook, _params(ns.params), html=not ns.no_html, timeout=ns.timeout)
        _report([result])
        return EXIT_OK
    if cmd == "batch":
        from kzgov import runner

        results = runner.batch(
            ns.notebook, ns.param, ns.values, fixed=_params(ns.params), jobs=ns.jobs,
            scheduler=ns.scheduler, html=not ns.no_html, progress=not ns.quiet,
        )
        _report(results)
        return EXIT_OK
    if cmd == "params":
        from kzgov import runner

        nb = runner.resolve_notebook(ns.notebook)
        rows = runner.parameter_table(nb)
        if not rows:
            print(f"{nb.stem} has no parameters")
        for row in rows:
            null = " or None" if row["nullable"] else ""
            dom = f"; {row['domain']}" if row["domain"] else ""
            hint = f"  ({row['help']})" if row.get("help") else ""
            print(f"{row['name']}: {row['type']}{null} = {row['default']}{dom}{hint}")
        return EXIT_OK
    if cmd == "notebooks":
        from kzgov import runner

        if ns.sync:
            for ipynb, py in runner.sync(only=ns.only):
                print(f"synced {py.name} <-> {ipynb.name}")
            return EXIT_OK
        results = runner.refresh(only=ns.only, jobs=ns.jobs, progress=not ns.quiet)
        _report(results)
        return EXIT_OK
    if cmd == "datapackage":
        from kzgov import datapackage

        if ns.action == "build":
            dest = datapackage.build()
            problems = datapackage.check(frictionless=not ns.no_frictionless)
            print(f"wrote {dest}")
        else:
            problems = datapackage.check(frictionless=not ns.no_frictionless)
        for line in problems:
            print(f"kzgov: problem: {line}", file=sys.stderr)
        if problems:
            return EXIT_FAILED
        print("data package is valid: every file described, every hash matches")
        return EXIT_OK
    if cmd in {"audit", "forecast"}:
        return _delegate(cmd, ns.args)
    raise AssertionError(cmd)  # pragma: no cover - argparse restricts the choices


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kzgov`` command line and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    from kzgov.runner import _install_signal_handlers

    previous = _install_signal_handlers()  # SIGTERM and SIGHUP interrupt as SIGINT does
    try:
        if args and args[0] in {"audit", "forecast"}:
            # everything after the sub-command belongs to the delegate's own parser
            return _delegate(args[0], args[1:])
        parser = _build_parser()
        ns = parser.parse_args(args)
        if ns.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return _dispatch(ns)
    except KzgovError as exc:
        results = getattr(exc, "results", None)
        if results is not None:  # notebooks ran and some failed
            for r in results:
                if not r.ok:
                    detail = f"in {r.message}" if r.cell else f"({r.message})"
                    print(f"kzgov: error: notebook {r.title} failed {detail}", file=sys.stderr)
                    if r.kept:
                        print(f"  executed up to the failure: {r.kept}", file=sys.stderr)
            _report([r for r in results if r.ok])
            return EXIT_USAGE if getattr(exc, "input_error", False) else EXIT_FAILED
        print(f"kzgov: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kzgov: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        import signal

        for sig, handler in previous.items():
            if handler is not None:
                signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
