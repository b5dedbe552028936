"""In a real browser: Debian's chromium, driven by Playwright, against `storyweave serve`.

The fixture ingests the bundled example corpus (and a few hostile articles) with the CLI,
starts ``storyweave serve --port 0`` on 127.0.0.1 and reads the URL it prints. Screenshots go
to ``test-artifacts/``. Without /usr/bin/chromium the tests skip locally and fail in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PAYLOAD = (
    "<script>window.__pwned = 1; console.log('PWNED-script'); alert('PWNED')</script>"
    "<img src=x onerror=\"window.__pwned = 2; console.log('PWNED-onerror'); alert('PWNED')\">"
)
HOSTILE = [
    {
        "id": f"hostile-{n}",
        "title": f"Harbour strike {PAYLOAD} day {n}",
        "text": f"Dock workers walked out at the harbour today. {PAYLOAD}\n"
        f"<svg onload=\"alert('PWNED-svg')\"></svg> The strike at the harbour went on. {PAYLOAD}",
        "source": f"<b onmouseover=\"alert('PWNED')\">Harbour Herald</b>{n}",
        "lang": "en",
        "date": "2024-05-0{n}".replace("{n}", str(n + 1)),
    }
    for n in range(2)
]


def _need_browser() -> None:
    missing = None
    if not CHROMIUM.is_file():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is missing (pip install playwright)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)


def _cli(db: Path, *args: str) -> None:
    env = {**os.environ, "STORYWEAVE_VECTORISER": "none"}
    done = subprocess.run(
        [sys.executable, "-m", "storyweave", "--db", str(db), *args],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "served.db"
    hostile = folder / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(a) + "\n" for a in HOSTILE), encoding="utf-8")
    _cli(db, "ingest", "-q", str(EXAMPLES / "corpus"), str(hostile))
    process = subprocess.Popen(
        [sys.executable, "-m", "storyweave", "--db", str(db), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "STORYWEAVE_VECTORISER": "none"},  # comparisons stay lexical: fast
    )  # fmt: skip
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"no URL printed: {line!r} {process.stderr.read() if process.stderr else ''}"
        yield found.group(0).rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def driver(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        yield playwright


@contextmanager
def chromium(driver, **options):
    """Debian's chromium with a fresh profile of its own, closed afterwards."""
    with tempfile.TemporaryDirectory(prefix="storyweave-chromium-") as profile:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS, **options
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def browser_context(driver):
    with chromium(driver, viewport={"width": 1200, "height": 900}) as context:
        yield context


@pytest.fixture
def page(browser_context):
    """A tab that records every dialog and console message, so a test can assert none ran."""
    tab = browser_context.new_page()
    tab.events = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda d: (tab.events.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on("console", lambda m: tab.events.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: tab.events.append(f"pageerror: {e}"))
    yield tab
    tab.close()


def test_story_list_then_the_seeds_story_then_an_article(server, page):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("li.story").count() >= 9
    page.screenshot(path=str(ARTIFACTS / "story-list.png"), full_page=True)

    page.get_by_role("link", name="Largest").click()
    page.wait_for_url("**/?order=-size")
    sizes = [int(t.split()[0]) for t in page.locator("li.story .size").all_inner_texts()]
    assert sizes == sorted(sizes, reverse=True)

    page.goto(server + "/")
    page.get_by_role("link", name=re.compile("Discussions on sending troops to Ukraine")).click()
    page.wait_for_url("**/stories/*")
    assert "2 articles" in page.locator("p.meta").inner_text()
    members = page.locator("#members tbody tr")
    assert members.count() == 2
    graph = page.locator("#provenance svg.graph")
    assert graph.is_visible() and graph.bounding_box()["width"] > 200
    assert page.locator("#provenance g.node.origin").count() == 1
    assert "1 independent origin" in page.locator("#provenance p.origins").inner_text()
    assert "Le Monde" in page.locator("#provenance g.node.origin text").text_content()
    matrix = page.locator("#matrix table")
    assert matrix.is_visible() and page.locator("#matrix th.source").count() == 2
    assert page.locator("#matrix tr.fact.shared").count() >= 3
    assert page.locator("#matrix tr.fact.unique").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "story-seeds.png"), full_page=True)
    page.locator("#provenance").screenshot(path=str(ARTIFACTS / "story-seeds-provenance.png"))
    page.locator("#matrix").screenshot(path=str(ARTIFACTS / "story-seeds-matrix.png"))

    page.locator("#members").get_by_role("link", name=re.compile("intensified in Europe")).click()
    page.wait_for_url("**/articles/*")
    assert "Ukrinform reports" in page.locator("section.text").inner_text()
    removed = page.locator("p.removed").all_inner_texts()
    assert any("Read also:" in line for line in removed)
    assert any("Photo: Getty Images" in line for line in removed)
    assert page.locator("p.removed").first.evaluate("e => getComputedStyle(e).color") != (
        page.locator("section.text p:not(.removed)").first.evaluate(
            "e => getComputedStyle(e).color"
        )
    )  # greyed out: another colour than the kept text
    page.screenshot(path=str(ARTIFACTS / "article-ukrinform.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Discussions on sending troops")).first.click()
    page.wait_for_url("**/stories/*")
    assert page.events == [], page.events


def test_filters_and_search_work_without_javascript(server, driver):
    with chromium(driver, java_script_enabled=False) as context:
        _filter_and_search(server, context.new_page())


def _filter_and_search(server, tab) -> None:
    tab.goto(server + "/")
    tab.fill("form.filters input[name=language]", "nl")
    tab.fill("form.filters input[name=min_size]", "4")
    tab.locator("form.filters button").click()
    tab.wait_for_url("**language=nl**")
    assert tab.locator("li.story").count() == 5
    tab.fill("header input[name=q]", "Storm Shadow")
    tab.locator("header form button").click()
    tab.wait_for_url("**/search?q=Storm+Shadow")
    assert tab.locator("mark").first.inner_text() == "Storm"
    tab.get_by_role("link", name=re.compile("intensified in Europe")).click()
    tab.wait_for_url("**/articles/*")
    assert tab.locator("p.removed").count() == 6


def test_readable_on_a_phone(server, browser_context):
    phone = browser_context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    story = phone.goto(server + "/api/stories?order=-size&limit=1").json()["stories"]["items"][0]
    for name, path in (("story-list-phone", "/"), ("search-phone", "/search?q=Airbus"),
                       ("story-phone", f"/stories/{story['id']}")):  # fmt: skip
        phone.goto(server + path)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
        phone.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    phone.close()


def test_injected_scripts_never_run(server, page):
    page.goto(server + "/?q=harbour")
    assert page.locator("li.story").count() >= 1
    page.locator("li.story a.headline").first.click()
    page.wait_for_url("**/stories/*")
    page.screenshot(path=str(ARTIFACTS / "hostile-story.png"), full_page=True)
    for path in ("/articles/hostile-0", "/articles/hostile-1", "/search?q=harbour", "/outlets"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned") is None, path
        assert page.locator("script").count() == 0, path
        assert page.locator("[onerror], [onload], [onmouseover]").count() == 0, path
    page.goto(server + "/articles/hostile-0")
    assert "<script>window.__pwned" in page.locator("h1").inner_text()  # shown, as text
    assert "onerror=" in page.locator("section.text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)
    assert page.events == [], page.events
