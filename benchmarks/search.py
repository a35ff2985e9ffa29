"""The search benchmark: how long after the last keystroke a reader sees the first result, on the
real site (the 153 councils in `content/`), in Chromium, beside Pagefind's own search box.

    python -m benchmarks.search              # builds the real site, prints a table, writes search-results.md
    python -m benchmarks.search --site DIR   # an already built site (its folder is served at /profiles/)

A reader opens a page, clicks into the search box and types at 100 ms a key. Each run is a fresh
browser profile, so nothing is cached: the first visit, the slowest case. What is measured, in the
page: the time from the last key's `keydown` to the first animation frame in which results for the
whole query are on the page (the frame they are painted in). Also: the JavaScript the page has
loaded before the first key (bytes of scripts, and of the WebAssembly Pagefind needs to search).

"What they would use instead": Pagefind's own search box (`pagefind-ui.js`, as its documentation
sets it up, which this site's search page used before), on a page of its own in the same site.
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "search-results.md"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
KEY_DELAY_MS = 100
RUNS = 5
TARGET_MS = 150

# (what the reader types, where: a page of the site, and a word the first results must hold)
QUERIES = [
    ("Wandsworth", "a council's name", "Wandsworth"),
    ("clone", "a word in a quotation", "Wandsworth"),
    ("care leavers", "two words", "care leavers"),
]


@dataclass(frozen=True)
class SearchBox:
    """A search box to time: the page it is on, its input, and when its results for a query are shown."""

    name: str
    page: str
    input: str
    shown: str  # a JavaScript function of (query, expected word): are results for the query on the page?


OURS = SearchBox(
    "This site's search (Pagefind's JavaScript API, a list of council names)",
    "search/",
    "#search-input",
    """(query, word) => {
      const status = document.querySelector('[data-search-status]');
      if (!status || status.dataset.query !== query) return false;
      return [...document.querySelectorAll('[data-search-results] li')].some(li => li.textContent.includes(word));
    }""",
)
HOME = SearchBox(
    "This site's search box on the home page",
    "",
    "#search-input",
    OURS.shown,
)
PAGEFIND_UI = SearchBox(
    "Pagefind's own search box (pagefind-ui.js)",
    "pagefind-default-ui/",
    ".pagefind-ui__search-input",
    """(query, word) => {
      const message = document.querySelector('.pagefind-ui__message');
      if (!message || !message.textContent.toLowerCase().includes(query.toLowerCase())) return false;
      return [...document.querySelectorAll('.pagefind-ui__result')].some(r => r.textContent.includes(word));
    }""",
)

# Pagefind's search box set up as its documentation shows, with this site's stylesheet.
PAGEFIND_UI_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagefind's search box</title>
<link rel="stylesheet" href="../static/style.css"><link rel="stylesheet" href="../pagefind/pagefind-ui.css">
<script src="../pagefind/pagefind-ui.js"></script></head>
<body><main class="wrap"><h1>Search</h1><div id="search"></div></main>
<script>window.addEventListener("DOMContentLoaded", () => new PagefindUI({element: "#search", showSubResults: true,
showImages: false, resetStyles: false}));</script></body></html>
"""

# Installed before any page script: note each key's time, and on every animation frame whether the
# results for the whole query are shown; keep the first frame they are (it paints them), after the last key.
TIMING = """(() => {
  let lastKey = null, shownAt = null;
  addEventListener('keydown', event => { lastKey = event.timeStamp; }, true);
  const frame = () => {
    if (lastKey !== null && shownAt === null && SHOWN(QUERY, WORD)) shownAt = performance.now();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.searchLatency = () => (shownAt === null ? null : shownAt - lastKey);
})();"""

SCRIPT_BYTES = """() => performance.getEntriesByType('resource')
  .filter(entry => entry.initiatorType === 'script' || /\\.(m?js|pagefind)$/.test(new URL(entry.name).pathname)
    && !/fragment|index|pf_meta/.test(entry.name))
  .reduce((total, entry) => total + (entry.decodedBodySize || 0), 0)"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site over HTTP at /<its folder name>/, as published, from a server process of its own (a
    server thread in this process would wait on the browser's driver for Python's lock)."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site.parent)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}/{site.name}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(address, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


def time_search(browser, address: str, box: SearchBox, query: str, word: str) -> tuple[float | None, int]:  # noqa: ANN001 - Playwright's Browser
    """One reader's first search: milliseconds from the last key to the results, and the script bytes
    the page had loaded before the first key."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    script = TIMING.replace("SHOWN", f"({box.shown})").replace("QUERY", repr(query)).replace("WORD", repr(word))
    context.add_init_script(script)
    page = context.new_page()
    page.goto(address + box.page)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(SCRIPT_BYTES)
    page.click(box.input)
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    try:
        page.wait_for_function("window.searchLatency() !== null", timeout=10_000)
        latency = page.evaluate("window.searchLatency()")
    except Exception:  # noqa: BLE001 - no results within 10 s: reported as a failure, not a number
        latency = None
    context.close()
    return latency, loaded


def measure(site: Path, runs: int = RUNS) -> list[dict]:
    """Every search box, every query, `runs` cold runs each."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only needed when benchmarking

    (site / PAGEFIND_UI.page).mkdir(exist_ok=True)
    (site / PAGEFIND_UI.page / "index.html").write_text(PAGEFIND_UI_PAGE, encoding="utf-8")
    rows = []
    with serving(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        for box in (OURS, HOME, PAGEFIND_UI):
            for query, kind, word in QUERIES:
                times, loaded = [], 0
                for _ in range(runs):
                    latency, loaded = time_search(browser, address, box, query, word)
                    times.append(latency)
                rows.append({"box": box.name, "query": query, "kind": kind, "times": times, "script_bytes": loaded})
        browser.close()
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| search box | typed | first result after the last key: median | slowest | every run (ms) "
        "| scripts the page loaded before it was clicked |",
        "|---|---|---:|---:|---|---:|",
    ]
    for row in rows:
        done = [t for t in row["times"] if t is not None]
        median = f"{statistics.median(done):.0f} ms" if done else "none"
        slowest = f"{max(done):.0f} ms" if len(done) == len(row["times"]) else "no result in 10 s"
        every = ", ".join("–" if t is None else f"{t:.0f}" for t in row["times"])
        lines.append(
            f"| {row['box']} | “{row['query']}” ({row['kind']}) | {median} | {slowest} | {every} "
            f"| {row['script_bytes'] / 1024:.0f} KB |"
        )
    return "\n".join(lines)


def build_real_site(work: Path) -> Path:
    from councilprofiles.pipeline import Project, build_site  # noqa: PLC0415

    site = work / "profiles"
    build_site(Project(content=ROOT / "content", templates=ROOT / "templates", static=ROOT / "static", output=site))
    return site


def report(site: Path | None = None, runs: int = RUNS) -> str:
    """The table, measured on `site` or on the real site built afresh."""
    with tempfile.TemporaryDirectory() as work:
        rows = measure(site or build_real_site(Path(work)), runs)
    return (
        f"Search on the real site ({len(QUERIES)} queries typed at {KEY_DELAY_MS} ms a key, {runs} cold runs each, "
        f"Chromium at 1280 px; target: first result within {TARGET_MS} ms of the last key):\n\n{table(rows)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure, served at /<its folder name>/")
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = parser.parse_args()
    text = report(arguments.site, arguments.runs)
    print(text)
    RESULTS.write_text(
        f"# Search benchmark results\n\nMeasured {datetime.date.today().isoformat()} with "
        f"`python -m benchmarks.search`.\n\n{text}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
