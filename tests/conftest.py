"""Shared fixtures: the fixture content, a built fixture site, and the browser."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from councilprofiles.review.site_check import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a user would, capturing what it prints. Never with the CI
    job's summary file: a test's deliberate errors must not appear in the summary of the run."""
    env = {name: value for name, value in os.environ.items() if name != "GITHUB_STEP_SUMMARY"}
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def build(content: Path, output: Path) -> None:
    """Build as a user would; fail the test with what the build printed if it fails."""
    result = run_cli("build", "--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes: two equal digests mean identical trees."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(site: Path, path: str) -> str:
    """A page's text with tags removed and whitespace collapsed, as a reader sees it."""
    inline = re.sub(r"</?(?:a|abbr|em|span|strong|time)\b[^>]*>", "", page(site, path))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """Debian's Chromium, with the flags this sandboxed, offline machine needs."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
