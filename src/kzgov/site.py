"""The report site: the executed notebooks rendered by Jupyter Book, offline.

:func:`build` renders the notebooks that ``kzgov reproduce`` executed into ``reports/``
(never a second execution: Jupyter Book runs with ``execute_notebooks: off``) as one site in
``reports/site/``, and points ``reports/index.html`` at it. The site has

* an opening page that cites the study and states the audit's verdict counts (read from
  ``data/processed/audit.csv``, never typed), then the notebooks in the study's order
  (the runner's study order, the reproduction audit first);
* code hidden by default (each code cell is tagged ``hide-input`` in the staged copy, so a
  reader can expand it), the notebooks' figures and tables, search, and each report's
  provenance stamp at its end;
* an API reference of the library's public names (Sphinx autodoc), and a bibliography
  (``references.bib``, built from ``data/raw/datapackage.json``: the study and every data
  source);
* batch reports found under ``reports/batch/``, if any.

Nothing is fetched from a CDN: MathJax, require.js and the launch buttons are left out;
the theme's fonts and icons are served from the site itself.

Examples
--------
From the shell::

    kzgov site                 # rebuild reports/site from the executed notebooks
    make site
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kzgov import paths
from kzgov.errors import KzgovError

__all__ = ["SiteError", "build"]

#: Library modules whose public names the API page documents.
_LIBRARY = (
    "kzgov.data",
    "kzgov.units",
    "kzgov.regions",
    "kzgov.constraints",
    "kzgov.budget",
    "kzgov.execution",
    "kzgov.survey",
    "kzgov.correlation",
    "kzgov.panel",
    "kzgov.prioritise",
    "kzgov.citizens",
    "kzgov.economics",
    "kzgov.forecast",
    "kzgov.audit",
    "kzgov.runner",
    "kzgov.errors",
)

_STUDY = {
    "key": "abdullayev2025",
    "entry": """@article{abdullayev2025,
  author  = {Abdullayev, A. and Kadyrova, M. and Ydyrys, S.},
  title   = {Modernization of the Local Government System: Development Prospects and Implementation Mechanisms},
  journal = {Emerging Science Journal},
  volume  = {9},
  number  = {3},
  year    = {2025},
  doi     = {10.28991/ESJ-2025-09-03-017},
  note    = {CC BY 4.0}
}""",
}


class SiteError(KzgovError):
    """The site could not be built (Jupyter Book missing, or its build failed)."""


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", str(text))


def _bibliography(package: dict) -> tuple[str, list[str]]:
    """``references.bib`` text and its keys: the study, then one entry per external source."""
    entries, keys = [_STUDY["entry"]], [_STUDY["key"]]
    for res in package.get("resources", []):
        if res.get("kind") != "external":
            continue
        sources = res.get("sources") or []
        url = next((s.get("path") for s in sources if str(s.get("path", "")).startswith("http")), "")
        via = "; ".join(s.get("title", "") for s in sources if s.get("title"))
        licence = "; ".join(lic.get("title", lic.get("name", "")) for lic in res.get("licenses", []))
        key = re.sub(r"[^A-Za-z0-9_]", "_", res["name"])
        fields = [
            f"  title        = {{{_bib_escape(res.get('title', res['name']))}}}",
            f"  howpublished = {{\\url{{{url}}}}}" if url else None,
            f"  note         = {{{_bib_escape(via)}. File data/raw/{_bib_escape(res['path'])}. Licence: {_bib_escape(licence)}}}",
            "  year         = {2026}",
        ]
        entries.append("@misc{" + key + ",\n" + ",\n".join(f for f in fields if f) + "\n}")
        keys.append(key)
    return "\n\n".join(entries) + "\n", keys


def _verdict_sentence() -> str:
    """The audit's verdict counts, as a sentence read from ``data/processed/audit.csv``."""
    from kzgov.runner import _verdict_counts

    counts = _verdict_counts(paths.processed_dir() / "audit.csv")
    if not counts:
        return "The audit has not been run yet: `make reproduce` runs it."
    total = sum(n for _, n in counts)
    plural = {"discrepancy": "discrepancies"}
    parts = ", ".join(
        f"{n} {plural.get(verdict, verdict) if n != 1 else verdict}".replace("_", " ")
        for verdict, n in counts
    )
    return f"The audit checks {total} quantitative claims of the study: {parts}."


def _stage_notebook(src: Path, dest: Path, *, label: str = "") -> str:
    """Copy an executed notebook, its code cells tagged ``hide-input``; return its title.

    A batch run's ``label`` (its parameters) is added to the first heading.
    """
    import nbformat

    from kzgov.runner import _title

    nb = nbformat.read(str(src), as_version=4)
    if label:
        for cell in nb.cells:
            if cell.cell_type == "markdown" and re.search(r"^\s*# ", cell.source, re.M):
                cell.source = re.sub(r"^(\s*# .*)$", rf"\1 [{label}]", cell.source, count=1, flags=re.M)
                break
    for cell in nb.cells:
        if cell.cell_type == "code":
            tags = list(cell.metadata.get("tags", []))
            if "hide-input" not in tags:
                cell.metadata["tags"] = [*tags, "hide-input"]
    nb.metadata.pop("papermill", None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest))
    return _title(nb, src.stem)


def _config(title: str) -> str:
    return f"""title: {json.dumps(title)}
author: kzgov developers
copyright: "2026"
only_build_toc_files: true
execute:
  execute_notebooks: "off"
bibtex_bibfiles:
  - references.bib
parse:
  myst_enable_extensions: [colon_fence, deflist, linkify]
html:
  use_repository_button: false
  use_issues_button: false
  use_edit_page_button: false
  use_download_button: true
  home_page_in_navbar: true
  extra_footer: ""
launch_buttons:
  notebook_interface: classic
  binderhub_url: ""
  jupyterhub_url: ""
  thebe: false
  colab_url: ""
sphinx:
  extra_extensions:
    - sphinx.ext.autodoc
    - sphinx.ext.napoleon
  config:
    nb_ipywidgets_js: {{}}
    html_show_sourcelink: false
    html_show_copyright: false
    html_context:
      default_mode: light
    autodoc_typehints: description
    autodoc_member_order: bysource
    napoleon_google_docstring: false
    nb_merge_streams: true
    suppress_warnings: ["myst.header", "mystnb.unknown_mime_type", "docutils", "autodoc", "misc.highlighting_failure"]
"""


def _intro(keys: list[str]) -> str:
    return f"""# kzgov: a reproducible compendium

This site reproduces, audits and extends the study {{cite:p}}`{keys[0]}`: Turkestan region's
budget, the surveys of civil servants and entrepreneurs, the cross-regional correlation
analysis, the public-private partnership projects, and the proposed "Smart Project Management
of Akimats" platform. Each page is a notebook executed by `kzgov reproduce`; its code is hidden
and can be expanded, and it ends with its provenance (package versions, git commit, and the
sha256 of every data file it read).

{_verdict_sentence()} Start with the reproduction audit, the next page.

The data sources are listed, with their licences, on the [References](references) page.
"""


def _api() -> str:
    from kzgov import study

    blocks = [
        "# API reference",
        "",
        "The library's public names, module by module; then `kzgov.study`, what is specific to",
        "the paper, one module per notebook.",
        "",
    ]
    studies = [f"kzgov.study.{name}" for name in study.MODULES.values()]
    for mod in (*_LIBRARY, *studies):
        blocks += [
            f"## `{mod}`",
            "",
            "```{eval-rst}",
            f".. automodule:: {mod}",
            "   :members:",
            "```",
            "",
        ]
    return "\n".join(line for line in blocks) + "\n"


def _references(keys: list[str]) -> str:
    return """# References

The study, and every external data source in `data/raw/datapackage.json`, with where it was
copied from and its licence.

```{bibliography}
:all:
```
"""


def _toc(chapters: list[str], batches: list[str]) -> str:
    lines = ["format: jb-book", "root: index", "chapters:"]
    lines += [f"  - file: {c}" for c in chapters]
    if batches:
        lines += ["  - file: batch/index", "    sections:"]
        lines += [f"      - file: {b}" for b in batches]
    lines += ["  - file: api", "  - file: references"]
    return "\n".join(lines) + "\n"


def _jupyter_book() -> Path:
    exe = Path(sys.executable).with_name("jupyter-book")
    if not exe.exists():
        found = shutil.which("jupyter-book")
        if not found:
            raise SiteError("jupyter-book is not installed; `make setup` installs it")
        exe = Path(found)
    return exe


def build(
    *,
    source: str | Path | None = None,
    dest: str | Path | None = None,
    batch: bool = True,
    quiet: bool = True,
) -> Path:
    """Render the executed notebooks in ``source`` into a site at ``dest``.

    Parameters
    ----------
    source
        Folder of executed notebooks ``NN_name.ipynb`` (default ``reports/``; the tests use
        the committed ``notebooks/``, which carry their outputs).
    dest
        Where the HTML goes (default ``reports/site``). It is replaced whole, only after the
        build succeeds. With the default, ``reports/index.html`` is pointed at it.
    batch
        Include the batch reports found under ``source/batch/<notebook>/``.
    quiet
        Keep Jupyter Book's log out of the terminal (it is kept in the error on failure).

    Returns
    -------
    Path
        The site's ``index.html``.

    Raises
    ------
    SiteError
        If there is no executed notebook in ``source``, or the build fails.
    """
    from kzgov.runner import _discover, _study_order

    source = Path(source) if source is not None else paths.reports_dir()
    default_dest = dest is None
    dest = Path(dest) if dest is not None else paths.reports_dir() / "site"
    notebooks = [p for p in _discover(source) if p.is_file()]
    if not notebooks:
        raise SiteError(
            f"no executed notebook NN_name.ipynb in {paths.display_path(source)}; run `kzgov reproduce` first"
        )
    package = json.loads((paths.raw_dir() / "datapackage.json").read_text(encoding="utf-8"))
    bib, keys = _bibliography(package)
    work_root = paths.cache_dir()
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root, prefix="site-") as tmp:
        book = Path(tmp) / "book"
        book.mkdir()
        chapters = []
        for nb in sorted(notebooks, key=lambda p: _study_order(p.stem)):
            _stage_notebook(nb, book / nb.name)
            chapters.append(nb.stem)
        batches: list[str] = []
        if batch and (source / "batch").is_dir():
            for nb in sorted((source / "batch").glob("*/*.ipynb")):
                if nb.name.endswith(".failed.ipynb"):
                    continue
                rel = Path("batch") / nb.parent.name / _safe(nb.stem)
                _stage_notebook(nb, book / rel.with_suffix(".ipynb"), label=f"{nb.parent.name}: {nb.stem}")
                batches.append(rel.as_posix())
            if batches:
                (book / "batch").mkdir(exist_ok=True)
                (book / "batch" / "index.md").write_text(
                    "# Batch runs\n\nNotebooks run with non-default parameters "
                    "(`kzgov run`, `kzgov batch`), one page per run.\n",
                    encoding="utf-8",
                )
        (book / "_config.yml").write_text(_config("kzgov: reproduction of Abdullayev, Kadyrova & Ydyrys (2025)"), encoding="utf-8")
        (book / "_toc.yml").write_text(_toc(chapters, batches), encoding="utf-8")
        (book / "references.bib").write_text(bib, encoding="utf-8")
        (book / "index.md").write_text(_intro(keys), encoding="utf-8")
        (book / "api.md").write_text(_api(), encoding="utf-8")
        (book / "references.md").write_text(_references(keys), encoding="utf-8")
        out = Path(tmp) / "out"
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        proc = subprocess.run(
            [str(_jupyter_book()), "build", str(book), "--path-output", str(out), "--builder", "html"],
            capture_output=True, text=True, env=env, cwd=tmp, check=False,
        )
        html = out / "_build" / "html"
        if proc.returncode != 0 or not (html / "index.html").is_file():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise SiteError(f"jupyter-book build failed (exit {proc.returncode}):\n{tail}")
        if not quiet:
            sys.stdout.write(proc.stdout)
        _strip_cdn(html)
        _replace_dir(html, dest)
    index = dest / "index.html"
    if default_dest:
        _write_redirect(paths.reports_dir() / "index.html", os.path.relpath(index, paths.reports_dir()))
    return index


def _safe(stem: str) -> str:
    """A batch label as a file name Sphinx accepts (no '=' or spaces)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem)


_CDN = re.compile(
    r"""<script[^>]+src=["']https?://[^"']+["'][^>]*>\s*</script>\s*"""
    r"""|<link[^>]+href=["']https?://(?:fonts|cdn)[^"']+["'][^>]*/?>\s*"""
    # Jupyter Book always loads sphinx-thebe, which would fetch thebe from a CDN on demand
    # (and declares its constant twice on every page): the site is static, so it goes
    r"""|<script>const THEBE_JS_URL[^<]*</script>\s*|<script[^>]+src=["']_static/sphinx-thebe\.js[^"']*["'][^>]*>\s*</script>\s*""",
    re.IGNORECASE,
)


def _strip_cdn(html: Path) -> None:
    """Remove any ``<script src="https://…">`` or CDN font link that a theme or extension added."""
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _CDN.sub("", text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def _replace_dir(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{dest.name}.old")
    if old.exists():
        shutil.rmtree(old)
    staged = dest.with_name(f".{dest.name}.new")
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(src, staged)
    if dest.exists():
        os.replace(dest, old)
    os.replace(staged, dest)
    shutil.rmtree(old, ignore_errors=True)


def _write_redirect(path: Path, target: str) -> None:
    from kzgov.runner import _write_atomic

    _write_atomic(
        path,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        "<title>kzgov reports</title></head><body>"
        f"<p>The report site is at <a href=\"{target}\">{target}</a>.</p></body></html>\n",
    )


def _internal_links(html: Path) -> Iterable[tuple[Path, str]]:
    """Every relative ``href``/``src`` of the site's pages, as (page, target) pairs."""
    pattern = re.compile(r"""(?:href|src)=["']([^"'#?]+)(?:[#?][^"']*)?["']""")
    for page in sorted(p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts):
        for target in pattern.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                continue
            yield page, target
