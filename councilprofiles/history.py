"""When each council's files last changed, from git: the "Last updated" date on its page.

Read once per build with one `git log` call, so it costs the same for 2 councils or
15,000. Outside a git checkout (or without git) there is no date, and pages leave it
out rather than show the build's own date: output stays deterministic.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .model import PartialDate


def last_updated(content: Path) -> dict[str, PartialDate]:
    """The date of the latest commit touching each `councils/<slug>/` folder."""
    # realpath, not resolve(): a link loop must not raise here (loading reports it).
    councils = Path(os.path.realpath(content / "councils"))
    try:
        top = subprocess.run(
            ["git", "-C", str(councils), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", top, "log", "--format=@%cs", "--name-only", "--", str(councils)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    try:
        prefix = councils.relative_to(os.path.realpath(top)).as_posix() + "/"
    except ValueError:  # the councils folder is a link out of the repository: no history of its own
        return {}
    dates: dict[str, PartialDate] = {}
    current: str | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.startswith(prefix) and current:
            slug = line[len(prefix) :].split("/", 1)[0]
            if slug not in dates:  # newest commit first
                dates[slug] = PartialDate.parse(current)
    return dates
