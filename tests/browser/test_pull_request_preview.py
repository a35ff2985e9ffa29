"""A pull request's preview, as .github/workflows/pages.yml publishes it: the real site built with
`--preview` for the address previews/pr-<number>/ under the Pages site, served at that path. Its
links and search must work there, and nothing of it may be indexed or taken for the site."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import ROOT, page, run_cli

from councilprofiles.review.site_check import QuietHandler, broken_links

PAGES = "https://owner.github.io/council-profiles/"
PREVIEW_PATH = "council-profiles/previews/pr-42/"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("pages") / PREVIEW_PATH
    result = run_cli(
        "build",
        "--content",
        str(ROOT / "content"),
        "--output",
        str(site),
        "--no-cache",
        "--base-url",
        PAGES + "previews/pr-42/",
        "--preview",
        "pull request 42",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def address(preview: Path) -> Iterator[str]:
    """The Pages site's folder over HTTP, so the preview is at /council-profiles/previews/pr-42/."""
    pages_root = preview.parents[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(pages_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{PREVIEW_PATH}"
    server.shutdown()
    server.server_close()


def test_every_link_of_the_preview_resolves_inside_it(preview: Path) -> None:
    assert broken_links(preview) == []
    not_found = page(preview, "404.html")  # a server's page for any missing address: links from the root
    assert f'href="/{PREVIEW_PATH}static/style.css' in not_found


def test_no_page_of_the_preview_is_indexed_and_each_says_it_is_a_preview(preview: Path) -> None:
    pages = sorted(preview.rglob("*.html"))
    assert len(pages) > 300
    unmarked = [p for p in pages if '<meta name="robots" content="noindex, nofollow">' not in p.read_text("utf-8")]
    assert unmarked == []
    assert (preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    home = page(preview, "index.html")
    assert "Council Improvement Profiles (preview of pull request 42)" in home
    assert f'<link rel="canonical" href="{PAGES}previews/pr-42/">' in home


def test_feeds_of_the_preview_are_marked_and_point_into_it(preview: Path) -> None:
    feed = page(preview, "councils/wandsworth/feed.xml")
    assert "<title>Wandsworth: Council Improvement Profiles (preview of pull request 42)</title>" in feed
    assert f"<id>{PAGES}previews/pr-42/councils/wandsworth/feed.xml</id>" in feed
    assert f"{PAGES}councils/" not in feed  # no entry taken for the published site's


def test_search_in_the_preview_finds_pages_under_the_preview_address(address: str, page: Page) -> None:
    page.goto(address + "search/?q=clone")
    result = page.locator(".search-hits a").first
    expect(result).to_have_text("Wandsworth")
    assert result.get_attribute("href") == f"/{PREVIEW_PATH}councils/wandsworth/#quotes"
    result.click()
    page.wait_for_url(f"**/{PREVIEW_PATH}councils/wandsworth/#quotes")


def test_a_site_built_without_preview_is_indexed_as_before(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli("build", "--content", str(ROOT / "tests/fixtures/content"), "--output", str(site), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'name="robots"' not in page(site, "index.html")
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\nAllow: /\n")


def test_the_content_paths_page_checks_pass_on_the_preview(preview: Path, tmp_path: Path) -> None:
    """What CI's content-only path runs (`python -m councilprofiles.review.site_check`): axe and the HTML
    checker on the pages a change touched. Both must read pages under the site's
    Content-Security-Policy: axe is injected inline, and the checker does not know CSP 3's
    'wasm-unsafe-eval'; before either was allowed for, every run failed on every page."""
    listed = tmp_path / "pages.txt"
    listed.write_text("index.html\ncouncils/wandsworth/index.html\ncouncils/trafford/index.html\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "councilprofiles.review.site_check", str(preview), "--pages", str(listed)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 page(s)" in result.stdout and "no problems" in result.stdout
