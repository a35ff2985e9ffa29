"""What test files share: the project's folders, running `build.py` as a user does, reading a built
site's pages, editing a file in place and finding a free port. Fixtures live in conftest.py."""

from __future__ import annotations

import hashlib
import html
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

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


def inodes(site: Path) -> dict[str, int]:
    """Each file's inode: a file linked from the last build keeps it, a file made again does not."""
    return {path.relative_to(site).as_posix(): path.stat().st_ino for path in site.rglob("*") if path.is_file()}


def replace_once(path: Path, old: str, new: str) -> None:
    """An editor's edit: `old`, which must stand in the file exactly once, becomes `new`. An edit
    whose text is missing (or ambiguous) fails here, not later as a change that never happened."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} is there {text.count(old)} times, not once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (now): for a server a test starts, or one that
    must be found closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
