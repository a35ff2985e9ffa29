"""The preview server: build, serve, watch, rebuild what a save affects, reload the browser.

Editors keep one browser tab open. A save rebuilds (only the pages that depend on a
changed council, when that is all that changed) and the tab reloads as soon as its own
page is rewritten. A save that breaks the content swaps every page for an error page
listing each problem with its file and line; the last good site stays on disk, and the
next good save brings the pages back. The site is served under the path of `base_url`,
as it will be deployed.

Two processes. The server answers the browser (pages, and livereload's WebSocket that
tells each tab when to reload) and watches the files; it never builds, so it answers
and stops at once, however long a build takes. A build process, started fresh (spawned,
not forked) with Ctrl-C ignored, holds the model and makes every build, forking its own
workers for the big ones. Nothing it or its workers start inherits the server's
listening socket or its signal handling, and the server stops it on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import gc
import json
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..cache import summary_of
from ..errors import ContentError, ContentErrors, ErrorLog, excerpts
from ..git import last_updated
from ..load.checks import check_one_folder_per_council
from ..load.councils import load_content, load_council, load_site
from ..load.narrative import shared_renderer
from ..model import Content, Position, Profile
from ..pipeline import Project, search_index
from ..processes import end_with_parent
from ..render.outputs import Output, render_council_pages, render_site
from ..write.site import write_site

WATCHED = ("content", "templates", "static")


# watchfiles hands over a save once no further change has come for STEP ms (an editor's save
# is a few events within a millisecond or two), and a stream of changes (a git checkout) at
# least every DEBOUNCE ms.
STEP = 5
DEBOUNCE = 400


def snapshot(folders: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `folders`, to see what a save changed."""
    return snapshot_of(
        os.path.join(root, name) for folder in folders for root, _, names in os.walk(folder) for name in names
    )


def snapshot_of(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time of each of these files that exists."""
    found = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue
        found[path] = (status.st_size, status.st_mtime_ns)
    return found


class Preview:
    """The state of a preview's builds: the last good content, and the errors of the last build, if any."""

    def __init__(self, project: Project, today: datetime.date | None = None) -> None:
        self.project = project
        self.today = today
        self.content: Content | None = None
        self.errors: list[ContentError] = []
        self.lock = threading.Lock()
        self.seen = snapshot(self.folders())
        self.unfinished: set[str] = set()  # councils whose listings an interrupted rebuild left to make
        self.finished = True  # whether the last rebuild made every page it had to

    def folders(self) -> list[Path]:
        return [self.project.content, self.project.templates, self.project.static]

    def rebuild(
        self,
        reported: set[str] | None = None,
        first: Callable[[set[str]], None] | None = None,
        interrupted: Callable[[], bool] = lambda: False,
    ) -> set[str]:
        """Rebuild after a change; return the output paths rewritten. Errors are kept, not raised.

        `reported` are the paths the operating system said changed; without them, every
        watched file is looked at to find what did. `first` is told of the saved councils'
        own pages as soon as they are rewritten, before any other page. Once `interrupted`
        says so (another save is waiting), the pages left are left to the next rebuild.
        """
        with self.lock:
            if reported is None:
                now = snapshot(self.folders())
                changed = {path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)}
                self.seen = now
            else:
                changed = set(reported)
                now = snapshot_of(changed)
                for path in changed:
                    if path in now:
                        self.seen[path] = now[path]
                    else:
                        self.seen.pop(path, None)
            self.finished = True
            try:
                slugs = self.changed_councils(changed)
                if slugs is not None and self.content is not None:
                    written = self.rebuild_councils(slugs, first, interrupted)
                else:
                    written = self.full()
            except ContentErrors as failure:
                self.errors = failure.errors
                return set()
            self.errors = []
            return written

    def full(self) -> set[str]:
        gc.unfreeze()  # what the last full build froze may be garbage now
        content = load_content(self.project.content, today=self.today, workers=self.project.workers)
        content.last_updated = last_updated(self.project.content)
        outputs = render_site(content, self.project.templates, self.project.static, self.project.shard_pages)
        write_site(
            outputs,
            self.project.output,
            derived=search_index(outputs, self.project.shard_pages),
            cache=self.project.cache,
            workers=self.project.workers,
        )
        self.content = content
        self.unfinished = set()
        shared_renderer()  # the first build may have loaded in worker processes; saves load here
        # The model lives until the next full build: set aside from the cycle collector, whose
        # full passes over it would otherwise land in the middle of a quick rebuild.
        gc.collect()
        gc.freeze()
        return {item.path for item in outputs}

    def changed_councils(self, changed: set[str]) -> set[str] | None:
        """The council folders touched, if only existing councils' files changed; else None."""
        councils = (self.project.content / "councils").resolve()
        known = {profile.slug for profile in self.content.profiles} if self.content else set()
        slugs = set()
        for path in changed:
            resolved = Path(os.path.realpath(path))  # not resolve(): a saved link loop must not raise
            if resolved.parent.parent != councils or resolved.parent.name not in known or not resolved.parent.is_dir():
                return None
            slugs.add(resolved.parent.name)
        return slugs

    def rebuild_councils(
        self,
        slugs: set[str],
        first: Callable[[set[str]], None] | None = None,
        interrupted: Callable[[], bool] = lambda: False,
    ) -> set[str]:
        """Reload only the changed councils and rewrite only the pages whose bytes changed.

        The changed councils' own pages come first. Pages showing other councils too are made
        again only for a council whose listing (what they show of it) changed: a change to a
        narrative changes no page but the council's own."""
        assert self.content is not None
        log = ErrorLog()
        renderer = shared_renderer()
        today = self.today or datetime.date.today()
        profiles = {profile.slug: profile for profile in self.content.profiles}
        before = {slug: profiles[slug] for slug in slugs}
        for slug in sorted(slugs):
            refs: list[tuple[str, Position]] = []
            folder = self.project.content / "councils" / slug
            profile = load_council(folder, log, renderer, self.project.content, today, refs)
            missing = [(ref, pos) for ref, pos in refs if ref not in profiles]
            for ref, pos in missing:
                log.add(pos.path, pos.line, pos.column, f"there is no council folder '{ref}' in content/councils/")
            if profile is not None:
                profiles[slug] = profile
        check_one_folder_per_council(list(profiles.values()), self.project.content, log)
        log.raise_if_any()
        content = replace(self.content, profiles=[profiles[slug] for slug in sorted(profiles)])
        self.content = content
        project = self.project
        # The changed councils' own pages first: the page the editor is looking at is fresh soonest.
        own = render_council_pages(content, project.templates, project.static, slugs)
        written = write_changed(own, project.output)
        if first is not None and written:
            first(set(written))
        done = {item.path for item in own}
        relisted = self.unfinished | {slug for slug in slugs if listing(before[slug]) != listing(profiles[slug])}
        folders = tuple(f"councils/{slug}/" for slug in sorted(slugs))
        outputs = render_site(content, project.templates, project.static, project.shard_pages)
        rest = [
            item
            for item in outputs
            if item.path not in done and (item.path.startswith(folders) or (relisted and item.shows_any(relisted)))
        ]
        rest.sort(key=lambda item: not item.path.startswith(folders))  # the councils' own files first
        try:
            written |= write_changed(rest, project.output, interrupted)
        except Interrupted as stopped:
            self.unfinished, self.finished = relisted, False
            return written | stopped.written
        self.unfinished = set()
        return written


def listing(profile: Profile) -> Profile:
    """What pages other than a council's own show of it: its summary (see load.summary_of), all
    that a build using the cache gives them (tests/test_incremental.py holds them to that)."""
    return replace(summary_of(profile, Path()), digest="", stored=None)


class Interrupted(Exception):
    """A rebuild stopped early for a newer save; `written` are the files it had rewritten."""

    def __init__(self, written: set[str]) -> None:
        super().__init__(f"stopped after {len(written)} files")
        self.written = written


def write_changed(outputs: Iterable[Output], output: Path, interrupted: Callable[[], bool] = lambda: False) -> set[str]:
    """Rewrite only files whose bytes differ, each atomically; a full build removes stale files.
    Raises Interrupted (with the files written so far) as soon as `interrupted` says so."""
    written: set[str] = set()
    for item in outputs:
        if interrupted():
            raise Interrupted(written)
        name, data = item.path, item.make()
        target = output / name
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, target)
        finally:  # stopped between the two (the preview stopping), no stray file is left in the site
            temporary.unlink(missing_ok=True)
        written.add(name)
    return written


# The build process --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rebuild:
    """The server's request: rebuild after these files changed (None: look at every file)."""

    paths: frozenset[str] | None


@dataclass
class Progress:
    """The build process's answer to a `Rebuild`: pages rewritten so far (`done` False: the saved
    councils' own pages, sent as soon as they are written) or in all, and the content errors."""

    written: set[str]
    done: bool
    errors: list[ContentError] = field(default_factory=list)
    seconds: float = 0.0
    failure: str | None = None  # an unexpected exception in the build: a bug, shown as such
    finished: bool = True  # False: stopped early for a newer save, which finishes it


def run_builds(connection: Connection, project: Project, parent: int) -> None:
    """The build process: one rebuild for each request, until the server stops it.

    Started with SIGINT ignored (Ctrl-C in a terminal reaches every process in the
    foreground group; the server decides). SIGTERM, from the server, unwinds the build:
    its worker pool is stopped and its staging folder removed on the way out. It then
    exits at once: tearing down the model object by object would take seconds."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop_building)
    sys.unraisablehook = stop_if_stop_was_dropped
    end_with_parent(parent, signal.SIGTERM)
    try:
        serve_builds(connection, Preview(project))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def serve_builds(connection: Connection, preview: Preview) -> None:
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):  # the server has gone
            return
        if request is None:
            return
        started = time.perf_counter()

        def first(pages: set[str]) -> None:
            connection.send(Progress(pages, done=False))

        try:
            paths = None if request.paths is None else set(request.paths)
            written = preview.rebuild(paths, first, interrupted=lambda: connection.poll(0))
        except Exception:  # noqa: BLE001 - a bug in a build: the preview reports it and goes on
            preview.content = None  # the next build starts afresh
            connection.send(Progress(set(), True, failure=traceback.format_exc()))
            continue
        seconds = time.perf_counter() - started
        connection.send(Progress(written, True, preview.errors, seconds, finished=preview.finished))


def stop_building(signum: int, frame: object) -> None:
    raise SystemExit(0)


def stop_if_stop_was_dropped(unraisable: sys.UnraisableHookArgs) -> None:
    """Where Python cannot pass an exception on (an at-fork hook, a finaliser), it prints the
    SIGTERM handler's SystemExit as "Exception ignored" and the build goes on. Stop then, quietly:
    the workers are ended here, and the next build clears what this one left beside the site."""
    if isinstance(unraisable.exc_value, SystemExit):
        for child in multiprocessing.active_children():
            child.terminate()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    sys.__unraisablehook__(unraisable)


class BuildProcess:
    """The server's handle on its build process."""

    def __init__(self, project: Project) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=run_builds, args=(child, project, os.getpid()), name="preview build", daemon=False
        )
        with ctrl_c_ignored():  # inherited from birth: no Ctrl-C lands in it while it starts up
            self.process.start()
        child.close()

    def send(self, request: Rebuild) -> None:
        self.connection.send(request)

    def stop(self, timeout: float = 10) -> None:
        """Stop it now, even mid-build (SIGTERM unwinds it cleanly); kill it if it will not stop."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)
        self.connection.close()


@contextlib.contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    """SIGINT ignored while a child process is started, so the child is born ignoring it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


# Serving --------------------------------------------------------------------------------------


def error_page(templates: Path, errors: list[ContentError]) -> bytes:
    """The page shown in place of every page while the content has errors."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, undefined=jinja2.StrictUndefined
    )
    files = sorted({error.path for error in errors})
    try:
        html = environment.get_template("error.html").render(errors=errors, files=files, excerpts=excerpts(errors))
    except jinja2.TemplateError:
        lines = "\n".join(f"<li>{jinja2.utils.markupsafe.escape(str(error))}</li>" for error in errors)
        html = f"<!doctype html><html lang=en><head><title>Content errors</title></head><body><ul>{lines}</ul>"
    return html.encode("utf-8")


BUILDING_PAGE = (
    b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Building the site</title></head>"
    b"<body><main><h1>Building the site</h1><p>This page loads by itself when the site is ready.</p></main></body>"
    b"</html>"
)


PAGE_SWAP_PATH = "/livereload-page-swap.js"
# A livereload.js plugin: a page with no script of its own is reloaded by fetching it again and
# swapping its body in, with no navigation (no new document, stylesheet, livereload.js or
# connection to set up again), and the scroll position kept. A page whose scripts or
# stylesheets changed, or with scripts (which would not run again), is reloaded whole.
PAGE_SWAP = """
(function () {
  function assets(doc) {
    return Array.prototype.map.call(
      doc.querySelectorAll("link[rel~=stylesheet], style, script:not([data-preview])"),
      function (element) { return element.outerHTML; }
    ).join("\\n");
  }
  function PageSwap(window) { this.window = window; }
  PageSwap.identifier = "page-swap";
  PageSwap.version = "1.0";
  PageSwap.prototype.reload = function (path) {
    var window = this.window, document = window.document;
    if (/\\.(css|jpe?g|png|gif|svg)$/i.test(path) || document.querySelector("script:not([data-preview])")) {
      return false;
    }
    window.fetch(window.location.href, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, "text/html");
        if (assets(fresh) !== assets(document)) { window.location.reload(); return; }
        document.title = fresh.title;
        document.documentElement.replaceChild(document.adoptNode(fresh.body), document.body);
      })
      .catch(function () { window.location.reload(); });
    return true;
  };
  window.LiveReloadPluginPageSwap = PageSwap;
})();
"""


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


def make_app(site: LiveSite) -> Callable:
    """A small WSGI app serving the built site under its prefix, and never anything outside it."""
    root = site.project.output
    prefix = site.prefix

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        if not path.startswith(prefix):
            if path.rstrip("/") + "/" == prefix:
                return redirect(start_response, "301 Moved Permanently", prefix)
            if path == "/":
                return redirect(start_response, "302 Found", prefix)
            return not_found(start_response)
        relative = posixpath.normpath("/" + path[len(prefix) :]).lstrip("/")
        if ".." in relative.split("/") or "\\" in relative or "\0" in relative:
            return respond(start_response, "400 Bad Request", b"Bad request", [("Content-Type", "text/plain")])
        wants_page = relative == "" or path.endswith("/") or relative.endswith(".html")
        page = page_of(path, prefix)
        if wants_page and page is not None:
            site.page_served(page)
        if wants_page and not site.ready:
            headers = [("Content-Type", "text/html; charset=utf-8")]
            return respond(start_response, "503 Service Unavailable", BUILDING_PAGE, headers)
        if site.errors and wants_page:
            body = error_page(site.project.templates, site.errors)
            return respond(start_response, "500 Content Errors", body, [("Content-Type", "text/html; charset=utf-8")])
        target = (root / relative).resolve()
        base = root.resolve()
        if not target.is_relative_to(base):
            return respond(start_response, "400 Bad Request", b"Bad request", [("Content-Type", "text/plain")])
        if target.is_dir():
            if not path.endswith("/"):  # to the folder's address as the site's links write it
                return redirect(start_response, "301 Moved Permanently", posixpath.join(prefix, relative, ""))
            target = target / "index.html"
        if not target.is_file():
            return not_found(start_response)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        headers = [("Content-Type", kind), ("Cache-Control", "no-store")]
        return respond(start_response, "200 OK", target.read_bytes(), headers)

    def not_found(start_response: Callable) -> list[bytes]:
        page = root / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title><p>Not found."
        return respond(start_response, "404 Not Found", body, [("Content-Type", "text/html; charset=utf-8")])

    return app


def redirect(start_response: Callable, status: str, location: str) -> list[bytes]:
    """A redirect within the site. A Location starting `//` (or `/\\`, which browsers read alike)
    would name another host (`//councils/` is http://councils/), so any run of leading slashes
    and backslashes is one slash."""
    return respond(start_response, status, b"", [("Location", "/" + location.lstrip("/\\"))])


def respond(start_response: Callable, status: str, body: bytes, headers: list[tuple[str, str]]) -> list[bytes]:
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]


class PreviewUnavailable(Exception):
    """The preview cannot start (its port is taken, say): the message says what to do."""


class Builds:
    """The server's side of building, run on its event loop: each batch of saves goes to the build
    process as one request; saves made meanwhile wait, and go together as the next one."""

    def __init__(self, project: Project, site: LiveSite, echo: Callable[[str], None], on_ready: Callable[[], None]):
        from tornado import ioloop

        self.project = project
        self.site = site
        self.echo = echo
        self.on_ready = on_ready
        self.loop = ioloop.IOLoop.current()
        self.waiting: set[str] | None = None  # None: a build of everything is needed
        self.anything_waiting = True  # the first build
        self.busy = False
        self.stopping = False
        self.stylesheet: str | None = None
        self.reported: set[str] = set()  # pages already reported rewritten in this build
        self.failures = 0
        self.gave_up: str | None = None
        self.process = self.start_process()

    def start_process(self) -> BuildProcess:
        process = BuildProcess(self.project)
        self.loop.add_handler(process.connection.fileno(), self.on_readable, self.loop.READ)
        return process

    def saved(self, paths: set[str]) -> None:
        """Files changed (called on the loop by the watching thread)."""
        if self.waiting is not None:
            self.waiting |= paths
        self.anything_waiting = True
        self.start_next()

    def start_next(self) -> None:
        if self.busy or not self.anything_waiting or self.stopping:
            return
        paths, self.waiting, self.anything_waiting = self.waiting, set(), False
        self.stylesheet = None
        if paths and all(path.endswith(".css") for path in paths):
            self.stylesheet = Path(sorted(paths)[0]).name
        self.busy = True
        self.process.send(Rebuild(None if paths is None else frozenset(paths)))

    def on_readable(self, fd: int, events: int) -> None:
        try:
            progress = self.process.connection.recv()
        except (EOFError, OSError):
            self.loop.remove_handler(fd)
            self.process_ended()
            return
        if not progress.done:
            self.site.rewritten(progress.written, stylesheet=self.stylesheet)
            self.reported |= progress.written
            return
        self.busy = False
        rest, self.reported = progress.written - self.reported, set()
        if progress.failure:
            self.echo(f"The build failed unexpectedly (a bug: please report it):\n{progress.failure}")
            self.waiting = None  # the next save rebuilds everything
            if not self.site.ready:
                self.site.ready = True
                self.on_ready()
        else:
            self.failures = 0
            changed = self.site.show_errors(progress.errors)
            first = not self.site.ready
            self.site.ready = True
            self.site.rewritten(rest, everything=changed or first, stylesheet=self.stylesheet)
            if progress.errors:
                report(progress.errors, self.echo)
            elif not first and progress.finished:
                count = len(progress.written)
                self.echo(f"Rebuilt {count} file{'s' if count != 1 else ''} in {progress.seconds * 1000:.0f} ms.")
            if first:
                self.on_ready()
            self.start_next()

    def process_ended(self) -> None:
        """The build process died (killed, or out of memory): start another, which builds everything."""
        if self.stopping:
            return
        self.process.stop()
        code = self.process.process.exitcode
        self.busy = False
        self.reported = set()
        self.failures += 1
        if self.failures > 3:
            self.gave_up = f"The build process stopped again (exit code {code}): the preview has stopped."
            self.loop.stop()
            return
        self.echo(f"The build process stopped unexpectedly (exit code {code}); starting it again.")
        self.process = self.start_process()
        self.waiting, self.anything_waiting = None, True
        self.start_next()

    def stop(self) -> None:
        self.stopping = True
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.loop.remove_handler(self.process.connection.fileno())
        self.process.stop()


def serve(project: Project, host: str, port: int, echo: Callable[[str], None]) -> None:
    """Build, then serve and watch until Ctrl-C or SIGTERM."""
    import watchfiles
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from livereload.server import LiveScriptContainer
    from tornado import ioloop, web
    from tornado.websocket import WebSocketClosedError

    logging.getLogger("tornado.access").disabled = True  # a line per request would bury editors' messages
    site_settings = load_site(project.content, ErrorLog())
    site = LiveSite(project, base_path(site_settings.base_url if site_settings else None))

    class TabConnection(LiveReloadHandler):
        """livereload's WebSocket handler, also told (livereload.js says on connecting) which
        page its tab shows, so the tab is reloaded as soon as that page is rewritten."""

        ignored = False

        def on_message(self, message: str | bytes) -> None:
            data = tab_message(message)
            if data is None:  # not livereload.js: one line in the terminal, and the connection closed
                if not self.ignored:
                    self.ignored = True
                    echo("Ignored a live-reload message that was not livereload.js's; closed its connection.")
                self.close(1003, "not a livereload message")
                return
            super().on_message(message)
            if data["command"] == "info":
                site.connected(self, data["url"])

        def on_close(self) -> None:
            super().on_close()
            site.disconnected(self)

        def reload(self, path: str) -> None:
            try:
                self.write_message({"command": "reload", "path": path, "liveCSS": True, "liveImg": True})
            except WebSocketClosedError:
                site.disconnected(self)

    class PageSwapScript(web.RequestHandler):
        """The page-swap plugin, as a file of the server's own: the pages' Content-Security-Policy
        runs no inline script, and the preview serves the pages as they will be published."""

        def get(self) -> None:
            self.set_header("Content-Type", "application/javascript; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(PAGE_SWAP)

    # livereload.js (it reads host and port from its own address), with a plugin swapping a page in
    # place, loaded first (livereload.js is async) so that the plugin is there when it starts.
    loader = f'<script data-preview src="/livereload.js?port={port}" async></script>'
    script = f'<script data-preview src="{PAGE_SWAP_PATH}"></script>{loader}'.encode()
    application = web.Application(
        [
            (r"/livereload", TabConnection),
            (r"/livereload.js", LiveReloadJSHandler),
            (PAGE_SWAP_PATH, PageSwapScript),
            (r".*", web.FallbackHandler, {"fallback": LiveScriptContainer(make_app(site), script)}),
        ]
    )
    try:
        server = application.listen(port, address=host)
    except OSError as error:
        raise PreviewUnavailable(unavailable_message(host, port, error)) from None

    loop = ioloop.IOLoop.current()
    stop_watching = threading.Event()

    def ready() -> None:
        echo(f"Previewing on http://{host}:{port}{site.prefix} — press Ctrl-C to stop.")

    builds = Builds(project, site, echo, ready)

    def watch() -> None:
        folders = [folder for folder in (project.content, project.templates, project.static) if folder.is_dir()]
        changes = watchfiles.watch(
            *folders, debounce=DEBOUNCE, step=STEP, stop_event=stop_watching, raise_interrupt=False
        )
        for batch in changes:
            loop.add_callback(builds.saved, {path for _, path in batch})

    watching = threading.Thread(target=watch, name="watch", daemon=True)
    watching.start()
    builds.start_next()
    # Ctrl-C and SIGTERM stop the event loop between callbacks (a KeyboardInterrupt raised anywhere
    # could land inside livereload's bare `except:` around sending a message, and be swallowed).
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.asyncio_loop.add_signal_handler(stop_signal, loop.stop)  # type: ignore[attr-defined]
    try:
        loop.start()
    finally:
        stop_watching.set()
        builds.stop()
        server.stop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.asyncio_loop.remove_signal_handler(stop_signal)  # type: ignore[attr-defined]
        watching.join(timeout=2)
    if builds.gave_up:
        raise PreviewUnavailable(builds.gave_up)
    echo("Preview stopped.")


def unavailable_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} on {host} is already in use (another preview, or another program). "
            f"Stop it, or choose another port: python build.py serve --port {port + 1}"
        )
    if error.errno == errno.EACCES:
        return f"Not allowed to listen on port {port}: choose a port above 1023, such as --port 8000."
    return f"Cannot listen on {host} port {port}: {error.strerror}. Check --host and --port."


def report(errors: list[ContentError], echo: Callable[[str], None]) -> None:
    echo("\n".join(str(error) for error in errors))
    echo(f"{len(errors)} error(s): the browser shows them until they are fixed.")
