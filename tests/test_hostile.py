"""The hostile-input corpus (tests/hostile/): every case fails cleanly or renders inert."""

from __future__ import annotations

import hashlib
import resource
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Page

HOSTILE = ROOT / "tests" / "hostile"
CASES = sorted(path.name for path in (HOSTILE / "cases").iterdir() if path.is_dir())
MEMORY_LIMIT = 2 * 1024**3
TIME_LIMIT = 60


class RiskyMarkup(HTMLParser):
    """Collects every element or attribute that could run script, as the browser parses the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "form"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def limited() -> None:
    """In the child: cap its memory, so a bomb fails the test instead of the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
            "--templates",
            str(ROOT / "templates"),
            "--static",
            str(ROOT / "static"),
        ],
        cwd=content.parent,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limited,
    )


def prepare(case: str, tmp_path: Path) -> tuple[Path, Path]:
    """Base content with the case laid over it, and a last good site built from the base."""
    content = tmp_path / "content"
    shutil.copytree(HOSTILE / "base", content)
    site = tmp_path / "site"
    assert run_build(content, site).returncode == 0
    overlay = HOSTILE / "cases" / case / "content"
    if overlay.exists():
        for path in sorted(overlay.rglob("*")):
            target = content / path.relative_to(overlay)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif path.name == "DELETE":
                for name in path.read_text(encoding="utf-8").split():
                    (target.parent / name).unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    return content, site


def assert_fails_cleanly(content: Path, site: Path, expected: str) -> None:
    before = digest(site)
    result = run_build(content, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"content/{expected}" in output, output
    assert digest(site) == before


@pytest.mark.parametrize("case", [c for c in CASES if c != "inert-markup"])
def test_bad_content_fails_with_its_message_and_leaves_the_site(case: str, tmp_path: Path) -> None:
    content, site = prepare(case, tmp_path)
    expected = (HOSTILE / "cases" / case / "expected.txt").read_text(encoding="utf-8").strip()
    assert_fails_cleanly(content, site, expected)


def test_a_20_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    path = content / "councils/testby/profile.md"
    with path.open("w", encoding="utf-8") as handle:
        line = "A line of narrative that goes on and on. " * 10 + "\n"
        while handle.tell() < 20 * 1024**2:
            handle.write(line)
    assert_fails_cleanly(content, site, "councils/testby/profile.md:1:1: the file is 20")


def test_a_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("## Not for publishing\n", encoding="utf-8")
    path = content / "councils/testby/profile.md"
    path.unlink()
    path.symlink_to(secret)
    assert_fails_cleanly(content, site, "councils/testby/profile.md:1:1: this is a link to a file outside content/")


def test_council_without_profile_is_a_council_without_a_story(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    (content / "councils/testby/profile.md").unlink()
    assert run_build(content, site).returncode == 0
    assert "Not yet written" in (site / "councils/testby/index.html").read_text(encoding="utf-8")


def test_injected_markup_is_inert_in_a_real_browser(tmp_path: Path, page: Page) -> None:
    content, site = prepare("inert-markup", tmp_path)
    result = run_build(content, site)
    assert result.returncode == 0, result.stdout + result.stderr
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted(site.rglob("*.html")):
        page.goto(path.as_uri())
        page.wait_for_timeout(100)  # let any onload or inline script run, if one had survived
    council = (site / "councils/testby/index.html").as_uri()
    page.goto(council)
    clickable = "section.narrative a, section.narrative button, section.narrative div"
    count = page.locator(clickable).count()
    assert count >= 3  # the injected links and the div that had an onclick are there, as inert text
    for index in range(count):
        page.goto(council)
        try:
            page.locator(clickable).nth(index).click(timeout=1000)
            page.wait_for_timeout(50)
        except Exception:  # noqa: BLE001 - a link leaving the page or a hidden element: no script ran
            pass
    assert dialogs == []
    html = (site / "councils/testby/index.html").read_text(encoding="utf-8")
    risky = RiskyMarkup()
    risky.feed(html)
    assert risky.found == []
    assert "&lt;script&gt;alert" in html  # shown as text, not run
