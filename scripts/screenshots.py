"""Take the screenshots in docs/screenshots/ in headless Chromium: reader pages (desktop and
phone) and the editors' preview (a page, and the error page after a bad save).

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
    with tempfile.TemporaryDirectory() as temporary:
        content = Path(temporary) / "content"
        shutil.copytree(ROOT / "content", content)
        server, url = start_preview(content, Path(temporary) / "site")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for name, width, height in (("desktop", 1280, 900), ("phone", 360, 780)):
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(url)
                    page.screenshot(path=OUT / f"reader-home-{name}.png")
                    page.goto(url + "councils/wandsworth/")
                    page.screenshot(path=OUT / f"reader-council-{name}.png")
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


if __name__ == "__main__":
    main()
