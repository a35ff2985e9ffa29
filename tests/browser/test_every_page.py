"""Every generated page, checked as readers meet it: in Chromium with axe-core, by the
Nu HTML Checker, on a 360-pixel phone screen, and with every link and anchor followed."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from support import ROOT

from councilprofiles.pipeline import Project, build_site
from councilprofiles.render.search_index import index_shards
from councilprofiles.review.site_check import AXE, VNU, axe_violations, broken_links, html_problems


@pytest.fixture(scope="module")
def sites(real_site: Path, site: Path) -> dict[str, Path]:
    """The real site and the fixture site, each in a `profiles/` folder: both are published under
    that path (see their site.yaml)."""
    return {"real": real_site, "fixture": site}


@pytest.fixture(scope="module")
def served(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each site over HTTP at /profiles/, as deployed, so root-relative links (the 404 page's) load."""
    servers, addresses = [], {}
    for name, site in sites.items():
        handler = functools.partial(QuietHandler, directory=str(site.parent))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        addresses[name] = f"http://127.0.0.1:{server.server_address[1]}/profiles/"
    yield addresses
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_passes_axe_wcag_22_aa_and_fits_a_phone(
    sites: dict[str, Path], served: dict[str, str], browser: Browser
) -> None:
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (scripts/test does)"
    # axe is the test's script, injected inline: the pages' Content-Security-Policy would refuse it.
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    page = context.new_page()
    problems = []
    for name, site in sites.items():
        for path in html_pages(site):
            page.goto(served[name] + path.relative_to(site).as_posix().removesuffix("index.html"))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                problems.append(f"{path.relative_to(site)}: {width}px wide on a 360px screen")
            problems += [f"{path.relative_to(site)}: {box}" for box in page.evaluate(SCROLLED_BOXES)]
            problems += axe_violations(page, str(path.relative_to(site)))
    context.close()
    assert problems == []


def test_every_page_is_valid_html(sites: dict[str, Path]) -> None:
    assert VNU.is_file(), "the Nu HTML Checker is missing: run `npm ci` (scripts/test does)"
    assert html_problems(sites.values()) == ""


def test_every_internal_link_and_anchor_resolves(sites: dict[str, Path]) -> None:
    assert [problem for site in sites.values() for problem in broken_links(site)] == []


def test_search_finds_a_quote_by_a_word_in_it(served: dict[str, str], page: Page) -> None:
    page.goto(served["real"] + "search/?q=clone")
    result = page.locator(".search-hits a").first
    expect(result).to_have_text("Wandsworth")
    assert "clone" in page.locator(".search-hits .excerpt").first.inner_text().lower()
    assert "q=clone" in page.url


def test_home_page_loads_no_search_engine_until_asked(served: dict[str, str], page: Page) -> None:
    """Pagefind (some 160 KB with its WebAssembly) loads when a reader comes to the box, not with the
    page (the search page loads it once the page is idle, as everyone there searches)."""
    page.goto(served["real"])
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(entry => entry.name)")
    assert not [name for name in loaded if "/pagefind/" in name]
    page.focus("#search-input")
    # A function, not an expression: Playwright evaluates an expression with eval, which the
    # pages' Content-Security-Policy refuses ('unsafe-eval' is not allowed).
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('pagefind.js'))")


def test_a_council_typed_on_the_home_page_or_a_missing_page_goes_straight_to_it(
    served: dict[str, str], page: Page
) -> None:
    for address in ("", "404.html"):  # the page-not-found page, as a server sends it for any missing address
        page.goto(served["real"] + address)
        page.fill("#search-input", "wandsworth")
        expect(page.locator(".search-councils a").first).to_have_text("Wandsworth")  # at once, from the names
        page.press("#search-input", "Enter")
        page.wait_for_url("**/councils/wandsworth/")
    page.goto(served["real"])
    page.fill("#search-input", "Cumbria")  # a council that was replaced: the two that took over
    expect(page.locator(".search-councils a")).to_have_text(["Cumberland", "Westmorland and Furness"])


def test_a_search_box_without_javascript_reaches_the_search_page_and_every_council(
    served: dict[str, str], browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto(served["real"])
    reader.fill("#search-input", "wandsworth")
    reader.press("#search-input", "Enter")
    reader.wait_for_url("**/search/?q=wandsworth")
    expect(reader.locator("main")).to_contain_text("Search needs JavaScript")
    reader.get_by_role("link", name="Wandsworth", exact=True).click()
    reader.wait_for_url("**/councils/wandsworth/")
    context.close()


def test_search_page_explains_itself_without_javascript(served: dict[str, str], browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto(served["real"] + "search/")
    expect(reader.locator("main")).to_contain_text("Search needs JavaScript")
    assert reader.get_by_label("Search the profiles").is_visible()  # a real label, still a working form
    context.close()


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site with its search index in shards of 20 profiles (a large site's are of 1,000),
    served at /profiles/, with Wandsworth's profile outside the first shard."""
    site = tmp_path_factory.mktemp("sharded") / "profiles"
    shards = index_shards((f"councils/{slug.name}/index.html" for slug in (ROOT / "content/councils").iterdir()), 20)
    assert "councils/wandsworth/index.html" not in shards["pagefind"] and len(shards) > 2
    build_site(Project(content=ROOT / "content", output=site, shard_pages=20))
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/profiles/"
    server.shutdown()
    server.server_close()


def test_search_over_an_index_in_shards_finds_a_page_in_any_shard(sharded_site: str, page: Page) -> None:
    page.goto(sharded_site + "search/?q=clone")
    result = page.locator(".search-hits a").first
    expect(result).to_have_text("Wandsworth")
    assert result.get_attribute("href") == "/profiles/councils/wandsworth/#quotes"


# Boxes in <main> that scroll sideways: a table or text wider than its box, cut off or behind a scrollbar.
SCROLLED_BOXES = """() => [...document.querySelectorAll('main *')].filter(el => {
  const style = getComputedStyle(el);
  const clipped = style.clip !== 'auto' || el.classList.contains('visually-hidden');
  return !clipped && ['auto', 'scroll', 'hidden'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
}).map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px of content in ${el.clientWidth}px`)"""

# Each chart text's size as drawn: its font size in the drawing's units times the drawing's scale.
CHART_TEXT_SIZES = """() => [
  ...[...document.querySelectorAll('figure.chart svg text')]
    .filter(text => text.getClientRects().length)
    .map(text => {
      const svg = text.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale];
    }),
  ...[...document.querySelectorAll('table.grade-grid th, table.grade-grid td span')]
    .filter(cell => cell.getClientRects().length && !cell.closest('.visually-hidden'))
    .map(cell => [cell.textContent.trim(), parseFloat(getComputedStyle(cell).fontSize)]),
]"""

# One page of each kind, the real site's: charts (a council with a long record, one with a single
# grade, the national picture), the widest tables (compare, every council, a region, open data).
PAGE_KINDS = [
    "",
    "councils/wandsworth/",
    "councils/wandsworth/compare/",
    "councils/north-northamptonshire/",
    "councils/cumberland/",
    "national/",
    "regions/east-midlands/",
    "timeline/",
    "about/",
    "data/",
    "search/?q=care",
]


def test_each_kind_of_page_shows_all_its_columns_and_readable_chart_text_on_a_phone_and_a_desktop(
    sites: dict[str, Path], served: dict[str, str], browser: Browser
) -> None:
    """At 390 and 1280 px wide nothing scrolls sideways inside a box (no hidden columns, no cut
    captions, no scroll trap; every page is checked so at 360 px above), and at 390 px every chart's
    text is drawn at 12 px or more (the stylesheet draws a chart for phones, not the wide one shrunk)."""
    problems, charts = [], 0
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        for address in PAGE_KINDS:
            page.goto(served["real"] + address)
            page.wait_for_load_state("networkidle")
            problems += [f"{address or 'home'} at {width}px: {box}" for box in page.evaluate(SCROLLED_BOXES)]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{address or 'home'} is wider than {width}px")
            if width == 390:
                sizes = page.evaluate(CHART_TEXT_SIZES)
                charts += 1 if sizes else 0
                problems += [f"{address}: chart text '{text}' is {size:.1f}px" for text, size in sizes if size < 12]
        context.close()
    assert charts == 4  # three councils' grade grids and the national picture, each measured
    assert problems == []
