"""Save to screen: how long after an editor saves a sentence it is visible in a real browser.

    python -m benchmarks.save_to_screen CONTENT COUNCIL [--saves 20]
    python -m benchmarks.save_to_screen HUGO_SITE COUNCIL --hugo HUGO_BINARY

Runs the real preview (`build.py serve`) on a copy of CONTENT, opens COUNCIL's page in
Chromium through Playwright, and saves a new sentence into its `profile.md`, `--saves`
times. Each time runs from just before the write to the first animation frame whose page
holds the sentence (a script in the page looks at every frame, so no round trip to
Playwright is counted); the frame after it, when that frame has been drawn, is recorded
too. Between saves it waits, as an editor would, for the preview to finish the rebuild.
With `--hugo`, Hugo's own server is timed the same way on the equivalent Hugo site
(benchmarks/hugo_site.py), the yardstick: what an editor of a Hugo site would see.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next((path for path in BROWSERS if Path(path).exists()), BROWSERS[0])
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# Runs in every document the tab loads, before its own scripts: at each animation frame it looks
# for the sentence awaited, and records the frame it first appears in and the frame after that.
DETECTOR = """(() => {
    const store = sessionStorage, clock = () => String(performance.timeOrigin + performance.now());
    const look = () => {
        const token = store.getItem('awaited');
        if (token && !store.getItem('seen') && document.body && document.body.textContent.includes(token)) {
            store.setItem('seen', clock());
            requestAnimationFrame(() => store.setItem('drawn', clock()));
        }
        requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
})();"""
AWAIT = "token => { sessionStorage.clear(); sessionStorage.setItem('awaited', token); }"
SEEN = "() => sessionStorage.getItem('drawn') !== null"
TIMES = "() => ['seen', 'drawn'].map(key => Number(sessionStorage.getItem(key))).concat([performance.timeOrigin])"
CONNECTED = (
    "() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.socket"
    " && window.LiveReload.connector.socket.readyState === 1"
)


@dataclass(frozen=True)
class Save:
    """One save, in milliseconds from just before the write."""

    visible: float  # the first frame holding the new sentence
    drawn: float  # the frame after it: the one holding the sentence has been drawn
    reloaded: bool  # the tab loaded the page anew (rather than swapping it in place)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A preview server in a subprocess, its output read by a thread so the pipe never fills."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.printed: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.printed.append(line)
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            if re.search(pattern, line):
                return line
        raise TimeoutError(f"the preview did not print {pattern!r}; it printed:\n{''.join(self.printed)}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(content: Path, council: str, saves: int = 20) -> list[Save]:
    """Ours: save a new sentence in `council`'s narrative `saves` times, in a copy of `content`."""
    with tempfile.TemporaryDirectory(prefix="save-to-screen-") as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(content, copy)
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(copy)]
        command += ["--output", str(Path(scratch) / "site"), "--templates", str(ROOT / "templates")]
        command += ["--static", str(ROOT / "static"), "--port", str(free_port())]
        server = Server(command, Path(scratch))
        return run_saves(
            server,
            r"^Previewing on (\S+)",
            "^Rebuilt",
            f"councils/{council}/",
            copy / "councils" / council / "profile.md",
            saves,
        )


def measure_hugo(hugo: str, site: Path, council: str, saves: int = 20) -> list[Save]:
    """Hugo's server (`hugo server`, as a Hugo site's editors preview it) on the equivalent Hugo
    site (benchmarks/hugo_site.py): the same sentence saved in the same council's page."""
    with tempfile.TemporaryDirectory(prefix="save-to-screen-hugo-") as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", "resources"))
        port = free_port()
        server = Server([hugo, "server", "--port", str(port), "--bind", "127.0.0.1"], copy)
        ready = r"^Web Server is available at (\S+)"
        edited = copy / "content" / "councils" / f"{council}.md"
        return run_saves(server, ready, "^Total in", f"councils/{council}/", edited, saves)


def run_saves(server: Server, ready: str, rebuilt: str, page_path: str, edited: Path, saves: int) -> list[Save]:
    """Open the page once `server` prints `ready` (its address), then save `edited` `saves` times,
    each with a new sentence, waiting after each for the server to print `rebuilt`."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when benchmarking

    original = edited.read_text(encoding="utf-8")
    results = []
    try:
        found = re.search(ready, server.wait_for(ready, timeout=1800))
        assert found is not None
        address = found.group(1).replace("//localhost:", "//127.0.0.1:")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(DETECTOR)
            page.goto(address + page_path)
            page.wait_for_function(CONNECTED, timeout=60_000)
            time.sleep(1)
            for number in range(saves):
                token = f"Sentence {number} saved by the benchmark at {time.time_ns()}."
                page.evaluate(AWAIT, token)
                started = time.time()
                edited.write_text(original.replace("\n\n", f"\n\n{token}\n\n", 1), encoding="utf-8")
                page.wait_for_function(SEEN, polling=10, timeout=60_000)
                seen, drawn, origin = page.evaluate(TIMES)
                results.append(
                    Save((seen / 1000 - started) * 1000, (drawn / 1000 - started) * 1000, origin / 1000 > started)
                )
                server.wait_for(rebuilt, timeout=120)  # the rest of the rebuild, as an editor waits
                page.wait_for_function(CONNECTED, timeout=60_000)
                time.sleep(0.5)
            browser.close()
    except Exception:
        print("".join(server.printed), file=sys.stderr)
        raise
    finally:
        server.stop()
    return results


def summary(results: list[Save]) -> str:
    visible = [save.visible for save in results]
    drawn = [save.drawn for save in results]
    reloaded = sum(save.reloaded for save in results)
    return (
        f"median {statistics.median(visible):.0f} ms, worst {max(visible):.0f} ms "
        f"(drawn: median {statistics.median(drawn):.0f} ms, worst {max(drawn):.0f} ms; "
        f"{len(results)} saves, {reloaded} by reloading the page, the rest swapped in place)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a content folder, or with --hugo the Hugo site")
    parser.add_argument("council")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--hugo", help="the Hugo binary: time Hugo's server instead of ours")
    arguments = parser.parse_args()
    if arguments.hugo:
        results = measure_hugo(arguments.hugo, arguments.content.resolve(), arguments.council, arguments.saves)
    else:
        results = measure(arguments.content.resolve(), arguments.council, arguments.saves)
    print(f"save → visible: {summary(results)}")
    print("each save (ms):", ", ".join(f"{save.visible:.0f}" for save in results))


if __name__ == "__main__":
    main()
