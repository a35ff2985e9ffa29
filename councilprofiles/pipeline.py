"""The whole pipeline in one call: load → render → write.

The command line's `build` and the preview server both call `build_site`, so a
speed-up or a new output made here reaches both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .load import load_content
from .render import render_site
from .write import write_site


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    static: Path = Path("static")
    output: Path = Path("site")


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    seconds: float


def build_site(project: Project) -> BuildResult:
    """Build the site; raise ContentErrors (leaving the output untouched) if anything is wrong."""
    started = time.perf_counter()
    content = load_content(project.content)
    files = render_site(content, project.templates, project.static)
    write_site(files, project.output)
    pages = sum(1 for name in files if name.endswith(".html"))
    return BuildResult(pages=pages, files=len(files), seconds=time.perf_counter() - started)
