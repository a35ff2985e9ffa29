"""Checks of a built site as readers meet it: every internal link and anchor resolves; the pages
given pass axe-core's WCAG 2.2 AA rules in Chromium and the Nu HTML Checker.

The test suite checks every page so (tests/browser/test_every_page.py); a pull request that
changes only content runs this on the pages its change touched (`build.py changes --pages`),
which is what keeps its check within two minutes. Needs the test tools: Playwright, Chromium,
Java, and `npm ci` (axe-core, vnu-jar).

    python -m councilprofiles.review.site_check SITE [--pages FILE]
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Debian's Chromium here; GitHub's Ubuntu runners ship Google Chrome instead.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (
        path
        for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
        if Path(path).exists()
    ),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[name] or "")


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor of the site's pages that leads nowhere, as `page: link`. The
    404 page is left out: its links start from the deployed site's path, which the test checks.
    Each page is parsed once, whether as a page linking or as a page linked to."""
    broken = []
    root = site.resolve()
    parsed: dict[Path, LinkCollector] = {}

    def collected(page: Path) -> LinkCollector:
        if page not in parsed:
            parsed[page] = parse(page)
        return parsed[page]

    for path in sorted(root.rglob("*.html")):
        if path.name == "404.html":
            continue
        for link in collected(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(root):
                broken.append(f"{path.relative_to(root)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in collected(target).ids:
                broken.append(f"{path.relative_to(root)}: {link} (no such anchor)")
    return broken


# The checker reads a Content-Security-Policy by CSP 2's grammar, which has no 'wasm-unsafe-eval'
# (CSP 3's, in every current browser; see tests/browser/test_content_security.py): that one
# message, and no other, is passed over.
CSP3_KEYWORD = ".*Expecting source-expression but found \"'wasm-unsafe-eval'\".*"


def html_problems(pages: Iterable[Path]) -> str:
    """The Nu HTML Checker's errors in these pages (or folders), or '' when there are none."""
    if not VNU.is_file():
        return "the Nu HTML Checker is missing: run `npm ci`"
    listed = [str(page) for page in pages]
    if not listed:
        return ""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--filterpattern", CSP3_KEYWORD, *listed],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return "" if result.returncode == 0 else result.stderr.strip() or "the Nu HTML Checker failed"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a free port of this machine, for as long as the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def accessibility_problems(site: Path, pages: list[str]) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on these pages (paths in the site), in Chromium."""
    if not AXE.is_file():
        return ["axe-core is missing: run `npm ci`"]
    from playwright.sync_api import sync_playwright

    problems = []
    with served(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # axe is injected inline: the pages' Content-Security-Policy would refuse it.
        page = browser.new_page(viewport={"width": 360, "height": 800}, bypass_csp=True)
        for path in pages:
            page.goto(address + path.removesuffix("index.html"))
            problems += axe_violations(page, path)
        browser.close()
    return problems


def axe_violations(page: Page, label: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page open in `page` (whose context bypasses the
    page's CSP), each named with `label`."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    problems = []
    for violation in result["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        problems.append(f"{label}: {violation['id']}: {violation['help']} at {targets}")
    return problems


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument(
        "--pages",
        type=Path,
        help="a file of page paths, one a line, to check in the browser and the HTML checker "
        "(as `build.py changes --pages` writes); by default every page",
    )
    options = parser.parse_args(arguments)
    site: Path = options.site
    if not (site / "index.html").is_file():
        print(f"{site}: no built site here (no index.html)", file=sys.stderr)
        return 1
    if options.pages is not None:
        listed = options.pages.read_text(encoding="utf-8").split()
        pages = [path for path in listed if path.endswith(".html") and (site / path).is_file()]
    else:
        pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    failures = 0
    for title, problems in (
        ("Broken links", broken_links(site)),
        ("Not valid HTML", [found] if (found := html_problems(site / path for path in pages)) else []),
        ("Accessibility (axe-core, WCAG 2.2 AA)", accessibility_problems(site, pages) if pages else []),
    ):
        if problems:
            failures += len(problems)
            print(f"{title}:\n" + "\n".join(f"  {problem}" for problem in problems))
    print(
        f"Checked every link of {site}/ and {len(pages)} page(s) in Chromium and the HTML checker: "
        + (f"{failures} problem(s)." if failures else "no problems.")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
