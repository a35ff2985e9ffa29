"""Full-text search with Pagefind: an index built at build time, searched in the browser.

Pagefind (from PyPI, with its own binary) indexes the staged site's profile pages just before
the site is swapped in, so the index always matches the pages; the writer links each profile into
its shard's folder of sources as it writes it, and on a site of up to 10,000 files indexes two
shards at once (see write.derive and write.BUSY_CORES_MAXIMUM).

Searching needs JavaScript (static/search.js: Pagefind's JavaScript API, loaded when a search box
is first focused, and a small directory of council names that answers a name at once); without it
a search box's form goes to the search page, which lists every council.

Pagefind holds every page it indexes in memory and cannot update an index in place, so
a large site is indexed in shards of about `SHARD_PAGES` profiles each, in folders
`pagefind/`, `pagefind-1/`, ...; the search page merges them in the browser (Pagefind's
`mergeIndex`). A profile's shard is chosen by a digest of its path, so it stays in its
shard as councils come and go (until their number crosses a multiple of `SHARD_PAGES`),
and an edit re-indexes only the shard it is in.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, ContentErrors
from ..fingerprint import digest

INDEX_FOLDER = "pagefind"
SHARD_PAGES = 1000  # Pagefind took 250 MB of memory for 765 of our profiles


def pagefind_command() -> list[str]:
    """Pagefind's own binary, found as `python -m pagefind` finds it, minus a second interpreter's start."""
    try:
        from pagefind.service import _must_get_executable  # noqa: PLC0415 - only when indexing

        return [str(_must_get_executable().resolve())]
    except Exception:  # noqa: BLE001 - any failure to find it: let `python -m pagefind` report it
        return [sys.executable, "-m", "pagefind"]


@functools.cache
def pagefind_version() -> str:
    """Part of every shard's key: a new Pagefind re-indexes everything."""
    import importlib.metadata  # here, not above: a build with nothing to do needs no key

    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def profile_page(slug: str) -> str:
    """Where a council's profile is published: the pages searched."""
    return f"councils/{slug}/index.html"


def is_profile_page(path: str) -> bool:
    """The pages searched: each council's profile (`councils/<slug>/index.html`)."""
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "councils" and parts[2] == "index.html"


def index_shards(paths: Iterable[str], shard_pages: int = SHARD_PAGES) -> dict[str, list[str]]:
    """Each index folder and the profile pages it indexes: one folder up to `shard_pages`
    profiles, then one more for each `shard_pages` more."""
    pages = sorted(path for path in paths if is_profile_page(path))
    count = max(1, -(-len(pages) // max(1, shard_pages)))
    groups: list[list[str]] = [[] for _ in range(count)]
    for path in pages:
        groups[int(digest(path)[:12], 16) % count].append(path)
    groups = [group for group in groups if group] or [[]]
    return {INDEX_FOLDER if number == 0 else f"{INDEX_FOLDER}-{number}": group for number, group in enumerate(groups)}


COUNCIL_DIRECTORY = "search/councils.json"


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """A council as the search box knows it before Pagefind loads: typing its name, or the name of a
    council it replaced, offers its page at once."""

    name: str
    url: str  # relative to the site root
    region: str
    formerly: list[str]


def council_directory(entries: Iterable[DirectoryEntry], merged_indexes: list[str]) -> bytes:
    """What every search box loads first (a few KB): each council's name and page, and the search
    index's folders after the first, which the search merges into it."""
    data = {
        "indexes": merged_indexes,
        "councils": [
            {"name": e.name, "url": e.url, "region": e.region, **({"formerly": e.formerly} if e.formerly else {})}
            for e in entries
        ],
    }
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def index_pages(site: Path, pages: Path, folder: str) -> None:
    """Index the profile pages linked into `pages` (laid out as the site is, so Pagefind's URLs
    are the site's; the writer links each one there as it is written) into `site/folder/`.
    With no profile pages at all, the whole site is indexed."""
    run_pagefind(pages if pages.is_dir() else site, site / folder)


def run_pagefind(pages: Path, output: Path) -> None:
    """A failure fails the build, leaving the old site in place."""
    command = [
        *pagefind_command(),
        "--site",
        str(pages.absolute()),
        "--output-path",
        str(output.absolute()),
        "--silent",
    ]
    try:
        # Run in the folder of pages: Pagefind reads settings (pagefind.yml, ...) from the folder
        # it runs in, and must not read one that happens to be where the build was started.
        result = subprocess.run(command, cwd=pages, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ContentErrors([ContentError("pagefind", 1, 1, f"the search index could not be built: {error}")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        message = f"the search index could not be built: {detail[0]} (is pagefind installed? run ./scripts/setup)"
        raise ContentErrors([ContentError("pagefind", 1, 1, message)])
