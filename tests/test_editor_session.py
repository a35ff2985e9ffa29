"""A scripted editor session against a running preview (`build.py serve`), on the real content.

The real content (153 councils) is large enough that builds read councils and write pages
in worker processes, which the small fixtures never reach; the preview hung on the first
whole-site rebuild there. The session adds, edits, breaks, fixes, renames and deletes
councils, edits site.yaml and a template, and after each step fetches the pages that show
the change; a Chromium tab left open on a council's page must reload by itself. Then the
preview is stopped every way an editor or a machine stops it, and started again on the same
port. Every wait is bounded: a preview that hangs fails the test rather than hanging it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import ROOT, free_port, replace_once

import councilprofiles.load.councils as load
import councilprofiles.write.site as write

# A whole-site rebuild of 153 councils takes about 5 s on a quiet 2-core machine; 25 s has been
# seen on a busy one. A step that takes longer than this has hung.
STEP_TIMEOUT = 180
STOP_TIMEOUT = 20  # Ctrl-C or SIGTERM, even in the middle of a whole-site rebuild

NEW_COUNCIL = """\
name: Testington
region: South East
website: https://testington.example.org/
ofsted_urn: 99901
dfe_code: 991
sources:
  - id: ofsted-2024-05-10
    title: Children's services inspection, Testington (10 May 2024)
    publisher: Ofsted
    date: 2024-05-10
    url: https://example.org/ofsted/testington-2024
inspections:
  - id: ilacs-2024-05-10
    type: ilacs-standard
    start: 2024-03-11
    end: 2024-03-22
    published: 2024-05-10
    judgements:
      overall_effectiveness: good
    sources: [ofsted-2024-05-10]
"""
NEW_NARRATIVE = "## What changed\n\nTestington's first profile, written during the editor session.\n"


class Preview:
    """`build.py serve` as an editor runs it, its output collected as it comes."""

    def __init__(self, project: Path, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/profiles/"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--jobs", "2"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until(self, what: str, done: Callable[[], bool], timeout: float = STEP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if done():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the preview exited ({self.process.returncode}) waiting for {what}:\n{self.output}")
            time.sleep(0.2)
        pytest.fail(f"the preview hung: no {what} after {timeout} s. It printed:\n{self.output}")

    def started(self) -> Preview:
        self.wait_until("'Previewing on' line", lambda: "Previewing on" in self.output)
        return self

    def shows(self, path: str, *texts: str, status: int = 200) -> None:
        """Wait until the page at `path` is served with `status` and every one of `texts`."""

        def fresh() -> bool:
            code, body = fetch(self.url + path)
            return code == status and all(text in body for text in texts)

        self.wait_until(f"{path} with {texts} ({status})", fresh)

    def descendants(self) -> set[int]:
        return descendants(self.process.pid)

    def building(self) -> bool:
        """Whether the build process has processes of its own at work (workers, Pagefind, git)."""
        return bool(self.descendants() - children(self.process.pid))

    def stop(self, stop_signal: signal.Signals) -> str:
        """Send the signal; the preview must stop cleanly within STOP_TIMEOUT and leave no process."""
        left = self.descendants()
        assert left, "the preview has no build process"
        self.process.send_signal(stop_signal)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the preview did not stop within {STOP_TIMEOUT} s of {stop_signal.name}:\n{self.output}")
        self.reader.join(timeout=5)
        assert self.process.returncode == 0, self.output
        assert "Preview stopped." in self.output and "Traceback" not in self.output, self.output
        # What the preview started may still be exiting once it has (multiprocessing's resource
        # tracker ends when the last process holding its pipe is gone): wait for them to end.
        assert not still_running(left), f"processes left after {stop_signal.name}: {running(left)}"
        return self.output

    def kill(self) -> None:
        for pid in self.descendants() | {self.process.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def children(pid: int) -> set[int]:
    """The processes `pid` started, from the kernel's list of each of its threads' children."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def descendants(pid: int) -> set[int]:
    """Every process below `pid`."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        below = children(pending.pop())
        found |= below
        pending.extend(below)
    return found


def running(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie has stopped: it only awaits its parent)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def still_running(pids: set[int], timeout: float = STOP_TIMEOUT) -> set[int]:
    """Those of `pids` still running once they have had `timeout` seconds to end."""
    deadline = time.monotonic() + timeout
    while running(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running(pids)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's content, templates and static files, for the session to change."""
    for folder in ("content", "templates", "static"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    councils = sum(1 for folder in (tmp_path / "content/councils").iterdir() if folder.is_dir())
    # Large enough that a whole-site build loads councils and writes pages in worker processes.
    assert councils >= load.PARALLEL_MINIMUM and councils * 4 >= write.PARALLEL_MINIMUM
    return tmp_path


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    running_preview = Preview(project, free_port())
    yield running_preview
    if running_preview.process.poll() is None:
        running_preview.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_an_editor_session_on_the_real_content(preview: Preview, project: Path, page: Page) -> None:
    content = project / "content"
    councils = content / "councils"
    preview.started()

    # A tab open on a council's page reloads by itself after a save, and after a whole-site rebuild.
    page.goto(preview.url + "councils/wokingham/")
    expect(page.locator("h1")).to_have_text("Wokingham")
    replace_once(councils / "wokingham/council.yaml", "name: Wokingham", "name: Wokingham Borough")
    expect(page.locator("h1")).to_have_text("Wokingham Borough", timeout=STEP_TIMEOUT * 1000)
    replace_once(content / "site.yaml", "title: Council Improvement Profiles", "title: Children's Services Profiles")
    expect(page).to_have_title(re.compile("Children's Services Profiles"), timeout=STEP_TIMEOUT * 1000)

    # Add a council folder: its page, and the home page listing it.
    (councils / "testington").mkdir()
    (councils / "testington/council.yaml").write_text(NEW_COUNCIL, encoding="utf-8")
    (councils / "testington/profile.md").write_text(NEW_NARRATIVE, encoding="utf-8")
    preview.shows("councils/testington/", "<h1>Testington</h1>", "first profile, written during the editor session")
    preview.shows("", "councils/testington/")

    # Edit it; break it (every page shows the error, with file and line); fix it.
    replace_once(councils / "testington/profile.md", "first profile", "first profile, since edited,")
    preview.shows("councils/testington/", "first profile, since edited,")
    replace_once(councils / "testington/council.yaml", "type: ilacs-standard", "type: ilacs-standerd")
    preview.shows("councils/testington/", "content/councils/testington/council.yaml:14:11", status=500)
    preview.shows("councils/wokingham/", "content/councils/testington/council.yaml:14:11", status=500)
    replace_once(councils / "testington/council.yaml", "type: ilacs-standerd", "type: ilacs-standard")
    preview.shows("councils/testington/", "<h1>Testington</h1>", "first profile, since edited,")
    preview.shows("councils/wokingham/", "<h1>Wokingham Borough</h1>")

    # Rename the folder: the page moves, and the old address is gone.
    (councils / "testington").rename(councils / "testington-borough")
    preview.shows("councils/testington-borough/", "<h1>Testington</h1>")
    preview.shows("councils/testington/", status=404)
    preview.shows("", "councils/testington-borough/")

    # Delete it: gone from its address and from the home page.
    shutil.rmtree(councils / "testington-borough")
    preview.shows("councils/testington-borough/", status=404)
    preview.wait_until("home page without the deleted council", lambda: "testington" not in fetch(preview.url)[1])

    # A template edit reaches every page.
    replace_once(project / "templates/base.html", "</body>", "<p>Template edited in the session.</p></body>")
    preview.shows("councils/wokingham/", "Template edited in the session.")
    preview.shows("", "Template edited in the session.")
    expect(page.locator("body")).to_contain_text("Template edited in the session.", timeout=STEP_TIMEOUT * 1000)
    assert "Traceback" not in preview.output

    # Ctrl-C in the middle of a whole-site rebuild stops it within seconds, leaving no process.
    replace_once(project / "templates/base.html", "Template edited in the session.", "Template edited again.")
    preview.wait_until("a build process at work", preview.building, timeout=60)
    preview.stop(signal.SIGINT)

    # The port is free again: a new preview starts on it, and SIGTERM stops that one.
    again = Preview(project, preview.port).started()
    again.shows("councils/wokingham/", "Template edited again.")
    again.stop(signal.SIGTERM)

    # Even a preview killed outright (SIGKILL, mid-rebuild) leaves no process, and nothing holding the port.
    killed = Preview(project, preview.port).started()
    replace_once(councils / "wokingham/council.yaml", "name: Wokingham Borough", "name: Wokingham")
    replace_once(project / "templates/base.html", "Template edited again.", "Template edited a third time.")
    killed.wait_until("a build process at work", killed.building, timeout=60)
    left = killed.descendants()
    killed.process.kill()
    killed.process.wait(timeout=10)
    assert not still_running(left), f"processes left behind by a killed preview: {running(left)}"
    last = Preview(project, preview.port).started()
    last.shows("councils/wokingham/", "<h1>Wokingham</h1>", "Template edited a third time.")
    last.stop(signal.SIGINT)


def test_a_port_in_use_is_a_clear_message(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "--port" in result.stderr
