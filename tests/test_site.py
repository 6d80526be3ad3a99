"""The report site, built by Jupyter Book from the committed notebooks and opened in a real
browser (Debian's headless Chromium through Selenium; no browser is ever downloaded).

`make test` needs no prior `make reproduce`: the committed notebooks carry their outputs.
Where Chromium or its driver is missing the browser tests are skipped with the reason;
`.ci/run` installs both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from kzgov import paths, site

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site of the committed notebooks, plus one batch run (a copy of notebook 07)."""
    source = tmp_path_factory.mktemp("executed")
    for nb in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        shutil.copy2(nb, source / nb.name)
    (source / "batch" / "07_economic_effect").mkdir(parents=True)
    shutil.copy2(REPO / "notebooks" / "07_economic_effect.ipynb",
                 source / "batch" / "07_economic_effect" / "discount_rate=0.05.ipynb")
    dest = tmp_path_factory.mktemp("site") / "html"
    index = site.build(source=source, dest=dest)
    return index.parent


def test_batch_reports_get_their_own_page_labelled_by_parameters(built):
    page = built / "batch" / "07_economic_effect" / "discount_rate_0_05.html"
    assert page.is_file()
    assert "[07_economic_effect: discount_rate=0.05]" in page.read_text(encoding="utf-8")
    assert 'href="batch/index.html"' in (built / "index.html").read_text(encoding="utf-8")


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_site_has_every_notebook_in_study_order_with_the_audit_first(built):
    from kzgov.runner import _STUDY_ORDER

    for stem, _ in _STUDY_ORDER:
        assert (built / f"{stem}.html").is_file(), stem
    index = (built / "index.html").read_text(encoding="utf-8")
    order = [index.find(f'href="{stem}.html"') for stem, _ in _STUDY_ORDER]
    assert all(i >= 0 for i in order), order
    assert order == sorted(order)
    assert (built / "api.html").is_file() and (built / "references.html").is_file()
    assert (built / "search.html").is_file() and (built / "searchindex.js").is_file()


def test_no_asset_comes_from_a_cdn(built):
    asset = re.compile(r"""<(?:script|img)[^>]+src=["'](?:https?:)?//|<link[^>]+rel=["']stylesheet["'][^>]+href=["'](?:https?:)?//""")
    offenders = [p.name for p in _pages(built) if asset.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    css_imports = [p.name for p in built.rglob("*.css") if re.search(r"@import\s+url\(['\"]?https?://", p.read_text(encoding="utf-8", errors="ignore"))]
    assert css_imports == []


def test_every_internal_link_resolves(built):
    broken = []
    for page, target in site._internal_links(built):
        if not (page.parent / target).resolve().exists():
            broken.append(f"{page.relative_to(built)} -> {target}")
    assert broken == []


def test_code_is_hidden_but_expandable(built):
    page = (built / "07_economic_effect.html").read_text(encoding="utf-8")
    assert "tag_hide-input" in page
    assert "toggle-details" in page or "<details" in page


def test_bibliography_cites_the_study_and_every_external_source(built):
    package = json.loads((paths.raw_dir() / "datapackage.json").read_text(encoding="utf-8"))
    refs = (built / "references.html").read_text(encoding="utf-8")
    assert "modernization of the local government system" in refs.lower()
    for res in package["resources"]:
        if res.get("kind") == "external":
            assert res["title"].split(",")[0][:30].replace("&", "&amp;").lower() in refs.lower(), res["name"]


def test_api_page_documents_library_functions(built):
    api = (built / "api.html").read_text(encoding="utf-8")
    for name in ("kzgov.data.load", "kzgov.budget.check_identities", "kzgov.runner.reproduce"):
        assert f'id="{name}"' in api, name


def test_intro_states_verdict_counts_from_audit_csv(tmp_path, monkeypatch):
    """The opening sentence is formatted from audit.csv; change the file, the sentence follows."""
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "audit.csv").write_text("id,verdict\nA1,reproduced\nA2,discrepancy\nA3,reproduced\n", encoding="utf-8")
    monkeypatch.setenv("KZGOV_PROCESSED_DIR", str(processed))
    assert site._verdict_sentence() == "The audit checks 3 quantitative claims of the study: 2 reproduced, 1 discrepancy."
    (processed / "audit.csv").write_text("id,verdict\nA1,discrepancy\nA2,discrepancy\nA3,not_reproducible\n", encoding="utf-8")
    assert site._verdict_sentence() == "The audit checks 3 quantitative claims of the study: 2 discrepancies, 1 not reproducible."


def test_a_missing_source_is_an_error(tmp_path):
    with pytest.raises(site.SiteError, match="no executed notebook"):
        site.build(source=tmp_path, dest=tmp_path / "out")


# ------------------------------------------------------------------ in a real browser
@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--allow-file-access-from-files"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _open(driver, page: Path) -> list[dict]:
    driver.get(page.as_uri())
    driver.execute_script("return document.readyState")
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_every_page_loads_without_console_errors_and_images_load(built, browser):
    errors, missing_images = {}, {}
    for page in _pages(built):
        severe = _open(browser, page)
        if severe:
            errors[page.name] = [e["message"][:200] for e in severe]
        bad = browser.execute_script(
            "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        if bad:
            missing_images[page.name] = bad
    assert errors == {}
    assert missing_images == {}


def test_figures_are_images_that_render(built, browser):
    _open(browser, built / "07_economic_effect.html")
    sizes = browser.execute_script("return Array.from(document.images).map(i => i.naturalWidth)")
    assert sizes and all(w > 100 for w in sizes)


def test_audit_page_shows_its_verdict_table_and_screenshots_are_kept(built, browser):
    _open(browser, built / "08_reproduction_audit.html")
    headers = browser.execute_script(
        "return Array.from(document.querySelectorAll('table')).map(t => t.innerText.split('\\n')[0])"
    )
    assert any("verdict" in h.lower() for h in headers), headers
    shots = paths.reports_dir() / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "site-audit.png"))
    _open(browser, built / "index.html")
    assert "Reproduction audit" in browser.page_source or "reproduction audit" in browser.page_source.lower()
    assert browser.save_screenshot(str(shots / "site-front.png"))
    assert (shots / "site-front.png").stat().st_size > 10_000


def test_search_finds_a_word_of_the_study(built, browser):
    browser.get((built / "search.html").as_uri() + "?q=Turkestan")
    import time

    for _ in range(40):
        hits = browser.execute_script("return document.querySelectorAll('#search-results li, ul.search li').length")
        if hits:
            break
        time.sleep(0.25)
    assert hits > 0
    assert not [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]


if os.environ.get("KZGOV_SITE_KEEP"):  # pragma: no cover - a manual aid
    @pytest.fixture(autouse=True)
    def _keep(built):
        print("site at", built)
