"""Live reload: which open tab to reload when, and the script that swaps a page in place.

Each tab runs livereload.js, which connects back over a WebSocket and says which page it
shows; `LiveSite` tells it to reload as soon as that page is rewritten, and only then. The
page-swap plugin (`page_swap.js`, served from the server's own address as a file, since the
pages' Content-Security-Policy runs no inline script) reloads a page by swapping its body in.
"""

from __future__ import annotations

import json
import posixpath
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ContentError
from ..pipeline import Project

PAGE_SWAP_PATH = "/livereload-page-swap.js"
# A livereload.js plugin: a page with no script of its own is reloaded by fetching it again and
# swapping its body in, with no navigation (no new document, stylesheet, livereload.js or
# connection to set up again), and the scroll position kept. A page whose scripts or
# stylesheets changed, or with scripts (which would not run again), is reloaded whole.
PAGE_SWAP = (Path(__file__).parent / "page_swap.js").read_bytes()


def tab_message(message: str | bytes) -> dict[str, str] | None:
    """A message from livereload.js (a JSON object naming its `command`, and for `info` its page's
    `url`), or None for anything else, which livereload's handler and ours would raise on."""
    try:
        data = json.loads(message)
    except (ValueError, RecursionError):  # not JSON, bytes that are not UTF-8, or nested past recursion
        return None
    if not isinstance(data, dict) or not isinstance(data.get("command"), str):
        return None
    if data["command"] != "info":
        return {"command": data["command"]}
    url = data.get("url")
    if not isinstance(url, str):
        return None
    try:
        urlsplit(url)
    except ValueError:  # such as an unclosed `[`
        return None
    return {"command": "info", "url": url}


def base_path(base_url: str | None) -> str:
    """The path the site is published under, such as `/profiles/`; `/` at a domain's root."""
    path = urlsplit(base_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def page_of(path: str, prefix: str) -> str | None:
    """The file of the site at the address `path` (a folder's `index.html`), or None if outside it."""
    if not path.startswith(prefix):
        return None
    relative = posixpath.normpath("/" + path[len(prefix) :]).lstrip("/")
    if relative == "" or path.endswith("/"):
        relative = posixpath.join(relative, "index.html")
    return relative


class LiveSite:
    """What the server knows of the site: whether the first build is done, the content errors to
    show instead of pages, and for each page when it last changed and when it was last served,
    so that each open tab is told to reload as soon as its own page changes, and only then."""

    def __init__(self, project: Project, prefix: str) -> None:
        self.project = project
        self.prefix = prefix
        self.ready = False
        self.errors: list[ContentError] = []
        self.changed: dict[str, float] = {}
        self.everything_changed = 0.0
        self.served: dict[str, float] = {}
        self.tabs: dict[Any, str | None] = {}  # each tab's livereload connection, and its page

    def page_served(self, page: str) -> None:
        self.served[page] = time.monotonic()

    def connected(self, tab: Any, url: str) -> None:
        """A tab connected (on loading a page). If its page changed after it was served (the tab
        was loading while it was rewritten), it missed that reload: it reloads now."""
        page = page_of(urlsplit(url).path, self.prefix)
        self.tabs[tab] = page
        last_change = max(self.changed.get(page or "", 0.0), self.everything_changed)
        if last_change and self.served.get(page or "", 0.0) < last_change:
            tab.reload(urlsplit(url).path)

    def disconnected(self, tab: Any) -> None:
        self.tabs.pop(tab, None)

    def rewritten(self, pages: set[str], everything: bool = False, stylesheet: str | None = None) -> None:
        """These pages were rewritten (or, `everything`, every page changed, such as for the error
        page): reload the tabs showing them. A change to a stylesheet alone swaps it in place."""
        now = time.monotonic()
        if everything:
            self.everything_changed = now
        for page in pages:
            self.changed[page] = now
        for tab, page in list(self.tabs.items()):
            if everything or page in pages:
                tab.reload(stylesheet or self.prefix + (page or ""))

    def show_errors(self, errors: list[ContentError]) -> bool:
        """Show these errors (none: the pages) from now on; whether that changes what pages show."""
        if errors == self.errors:
            return False
        self.errors = errors
        return True
