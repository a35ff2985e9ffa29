"""Full-text search with Pagefind: an index built at build time, searched in the browser.

Pagefind (from PyPI, with its own binary) indexes the staged site just before it is
swapped in, so the index always matches the pages. The search page needs JavaScript;
every other page works without it, and the search page says so when it is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import ContentError, ContentErrors

INDEX_FOLDER = "pagefind"


def pagefind_command() -> list[str]:
    """Pagefind's own binary, found as `python -m pagefind` finds it, minus a second interpreter's start."""
    try:
        from pagefind.service import _must_get_executable  # noqa: PLC0415 - only when indexing

        return [str(_must_get_executable().resolve())]
    except Exception:  # noqa: BLE001 - any failure to find it: let `python -m pagefind` report it
        return [sys.executable, "-m", "pagefind"]


def index_site(site: Path) -> None:
    """Write the search index into `site/pagefind/`; a failure fails the build, leaving the old site."""
    command = [*pagefind_command(), "--site", str(site), "--output-subdir", INDEX_FOLDER, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ContentErrors([ContentError("pagefind", 1, 1, f"the search index could not be built: {error}")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        message = f"the search index could not be built: {detail[0]} (is pagefind installed? pip install -e .)"
        raise ContentErrors([ContentError("pagefind", 1, 1, message)])
