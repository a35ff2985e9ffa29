"""Take the screenshots in docs/screenshots/ in headless Chromium: one page of every kind readers
see, at 1280 and 390 px wide (`<kind>-1280.png`, `<kind>-390.png`), and the editors' preview (a page,
and the error page after a bad save). Each reader page is checked as it is taken: it must not be
wider than the screen, and nothing in it may scroll sideways in a box (a hidden column, a cut
caption, a scroll trap); the script names any that does and exits 1.

    python scripts/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = (1280, 390)
TALLEST = 3600  # a long page is shown from its top, this many pixels of it
# Every kind of page a reader meets: (file name, address under the site).
READER_PAGES = [
    ("home", ""),
    ("council", "councils/wandsworth/"),
    ("council-imported", "councils/north-northamptonshire/"),
    ("council-successor", "councils/cumberland/"),
    ("compare", "councils/wandsworth/compare/"),
    ("compare-area-grades", "councils/north-northamptonshire/compare/"),
    ("region", "regions/london/"),
    ("national", "national/"),
    ("timeline", "timeline/"),
    ("about", "about/"),
    ("search", "search/?q=care+leavers"),
    ("data", "data/"),
    ("not-found", "no-such-page/"),
]
SCROLLED_BOXES = """() => [...document.querySelectorAll('main *')].filter(el => {
  const style = getComputedStyle(el);
  const clipped = style.clip !== 'auto' || el.classList.contains('visually-hidden');
  return !clipped && ['auto', 'scroll', 'hidden'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
}).map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`)"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_preview(content: Path, output: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "serve",
        "--content",
        str(content),
        "--output",
        str(output),
        "--templates",
        str(ROOT / "templates"),
        "--static",
        str(ROOT / "static"),
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/profiles/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return server, url


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("reader-*.png"):  # the names before every kind of page was taken
        old.unlink()
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        content = Path(temporary) / "content"
        shutil.copytree(ROOT / "content", content)
        server, url = start_preview(content, Path(temporary) / "site")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    for name, address in READER_PAGES:
                        page.goto(url + address)
                        page.wait_for_load_state("networkidle")
                        problems += [f"{name} at {width}px: {box}" for box in page.evaluate(SCROLLED_BOXES)]
                        if page.evaluate("document.documentElement.scrollWidth") > width:
                            problems.append(f"{name} at {width}px: the page is wider than the screen")
                        height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
                        clip = {"x": 0, "y": 0, "width": width, "height": height}
                        page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True, clip=clip)
                    page.close()
                page = browser.new_page(viewport={"width": 1100, "height": 800})
                page.goto(url + "councils/wokingham/#timeline")
                page.screenshot(path=OUT / "editing-preview.png")
                council = content / "councils/wokingham/council.yaml"
                council.write_text(
                    council.read_text(encoding="utf-8")
                    .replace("type: focused-visit", "type: focussed-visit")
                    .replace("start: 2019-06-03", "start: 2019-06-31"),
                    encoding="utf-8",
                )
                page.wait_for_selector("text=Fix these problems and save", timeout=15_000)
                page.screenshot(path=OUT / "editing-error.png")
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)
    print(f"Screenshots written to {OUT}")
    if problems:
        print("\n".join(["Pages that do not fit:", *problems]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
