"""The whole pipeline in one call: load → render → write.

The command line's `build` and the preview server both call `build_site`, so a
speed-up or a new output made here reaches both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .history import last_updated
from .load import load_content
from .model import Content
from .render import render_site
from .search import index_site
from .write import write_site


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    static: Path = Path("static")
    output: Path = Path("site")
    base_url: str | None = None
    repository: str | None = None

    def publish_settings(self, content: Content) -> None:
        """Where the site is deployed can be given at build time, overriding site.yaml:
        CI knows the Pages address and the repository; editors' previews need not."""
        if self.base_url:
            content.site.base_url = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        if self.repository:
            content.site.repository = self.repository.rstrip("/")
            content.site.edit_url = f"{content.site.repository}/edit/main/"


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    seconds: float


def build_site(project: Project) -> BuildResult:
    """Build the site; raise ContentErrors (leaving the output untouched) if anything is wrong."""
    started = time.perf_counter()
    content = load_content(project.content)
    content.last_updated = last_updated(project.content)
    project.publish_settings(content)
    files = render_site(content, project.templates, project.static)
    write_site(files, project.output, finalize=index_site)
    pages = sum(1 for name in files if name.endswith(".html"))
    return BuildResult(pages=pages, files=len(files), seconds=time.perf_counter() - started)
