"""The preview server: build, serve, watch, rebuild what a save affects, reload the browser.

Editors keep one browser tab open. A save rebuilds (only the pages that depend on a
changed council, when that is all that changed) and livereload reloads the tab. A save
that breaks the content swaps every page for an error page listing each problem with
its file and line; the last good site stays on disk, and the next good save brings the
pages back. The site is served under the path of `base_url`, as it will be deployed.
"""

from __future__ import annotations

import datetime
import gc
import mimetypes
import os
import posixpath
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .errors import ContentError, ContentErrors, ErrorLog, excerpts
from .history import last_updated
from .load import check_one_folder_per_council, load_content, load_council, load_site
from .model import Content, Position
from .narrative import shared_renderer
from .pipeline import Project, search_index
from .render import Output, render_council_pages, render_site
from .write import write_site

WATCHED = ("content", "templates", "static")


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
    """The state of a preview: the last good content, and the errors of the last build, if any."""

    def __init__(self, project: Project, today: datetime.date | None = None) -> None:
        self.project = project
        self.today = today
        self.content: Content | None = None
        self.errors: list[ContentError] = []
        self.lock = threading.Lock()
        self.seen = snapshot(self.folders())

    def folders(self) -> list[Path]:
        return [self.project.content, self.project.templates, self.project.static]

    def rebuild(self, reported: set[str] | None = None) -> set[str]:
        """Rebuild after a change; return the output paths rewritten. Errors are kept, not raised.

        `reported` are the paths the operating system said changed; without them, every
        watched file is looked at to find what did.
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
            try:
                slugs = self.changed_councils(changed)
                if slugs is not None and self.content is not None:
                    written = self.rebuild_councils(slugs)
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

    def rebuild_councils(self, slugs: set[str]) -> set[str]:
        """Reload only the changed councils and rewrite only the pages whose bytes changed."""
        assert self.content is not None
        log = ErrorLog()
        renderer = shared_renderer()
        today = self.today or datetime.date.today()
        profiles = {profile.slug: profile for profile in self.content.profiles}
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
        first = render_council_pages(content, project.templates, project.static, slugs)
        written = write_changed(first, project.output)
        done = {item.path for item in first}
        outputs = render_site(content, project.templates, project.static, project.shard_pages)
        written |= write_changed(
            (item for item in outputs if item.shows_any(slugs) and item.path not in done), project.output
        )
        return written


def write_changed(outputs: Iterable[Output], output: Path) -> set[str]:
    """Rewrite only files whose bytes differ, each atomically; a full build removes stale files."""
    written = set()
    for item in outputs:
        name, data = item.path, item.make()
        target = output / name
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written.add(name)
    return written


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


def base_path(base_url: str | None) -> str:
    """The path the site is published under, such as `/profiles/`; `/` at a domain's root."""
    path = urlsplit(base_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def make_app(preview: Preview, prefix: str) -> Callable:
    """A small WSGI app serving the built site under `prefix`, and never anything outside it."""
    root = preview.project.output

    def app(environ: dict, start_response: Callable) -> list[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        if not path.startswith(prefix):
            if path.rstrip("/") + "/" == prefix:
                return respond(start_response, "301 Moved Permanently", b"", [("Location", prefix)])
            if path == "/":
                return respond(start_response, "302 Found", b"", [("Location", prefix)])
            return not_found(start_response)
        relative = posixpath.normpath("/" + path[len(prefix) :]).lstrip("/")
        if ".." in relative.split("/") or "\\" in relative or "\0" in relative:
            return respond(start_response, "400 Bad Request", b"Bad request", [("Content-Type", "text/plain")])
        wants_page = relative == "" or path.endswith("/") or relative.endswith(".html")
        if preview.errors and wants_page:
            body = error_page(preview.project.templates, preview.errors)
            return respond(start_response, "500 Content Errors", body, [("Content-Type", "text/html; charset=utf-8")])
        target = (root / relative).resolve()
        base = root.resolve()
        if not target.is_relative_to(base):
            return respond(start_response, "400 Bad Request", b"Bad request", [("Content-Type", "text/plain")])
        if target.is_dir():
            if not path.endswith("/"):
                return respond(start_response, "301 Moved Permanently", b"", [("Location", path + "/")])
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


def respond(start_response: Callable, status: str, body: bytes, headers: list[tuple[str, str]]) -> list[bytes]:
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]


def serve(project: Project, host: str, port: int, echo: Callable[[str], None]) -> None:
    """Build, then serve and watch until Ctrl-C."""
    import watchfiles
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import ioloop

    class NotifyWatcher(Watcher):
        """Told of each save by the operating system (inotify, through watchfiles), so a save
        is rebuilt within milliseconds and no tree of files is walked to find it. A change
        seen while no browser is connected (one reloading, say) is held until one connects,
        so no save is missed."""

        def __init__(self) -> None:
            super().__init__()
            self.saved: list[str] = []
            self.saved_lock = threading.Lock()
            self.stop = threading.Event()
            self.pending: str | None = None

        def start(self, callback: Callable[[], None]) -> bool:
            loop = ioloop.IOLoop.current()

            def listen() -> None:
                folders = [folder for folder in preview.folders() if folder.is_dir()]
                for changes in watchfiles.watch(*folders, debounce=400, step=5, stop_event=self.stop):
                    with self.saved_lock:
                        self.saved.extend(path for _, path in changes)
                    loop.add_callback(callback)

            threading.Thread(target=listen, name="watch", daemon=True).start()
            # Also look now and then for a held change that a newly connected browser should get.
            ioloop.PeriodicCallback(callback, 200).start()
            return True

        def examine(self) -> tuple[str | None, object]:
            with self.saved_lock:
                saved, self.saved = self.saved, []
            if saved:
                on_change(set(saved))
                self.pending = saved[0]
            if self.pending and LiveReloadHandler.waiters:
                self.filepath, self.pending = self.pending, None
                return self.filepath, None
            return None, None

    # livereload drops a change seen within 3 s of a reload; an editor fixing a typo is quicker,
    # and each poll here rebuilds once however many files changed, so nothing needs throttling.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    preview = Preview(project)
    preview.rebuild()
    report(preview, echo)
    site = load_site(project.content, ErrorLog())
    prefix = base_path(site.base_url if site else None)

    def on_change(saved: set[str]) -> None:
        written = preview.rebuild(saved)
        if preview.errors:
            report(preview, echo)
        else:
            echo(f"Rebuilt {len(written)} file{'s' if len(written) != 1 else ''}.")

    watcher = NotifyWatcher()
    server = Server(make_app(preview, prefix), watcher=watcher)
    # Ctrl-C stops the event loop between callbacks. Left to raise KeyboardInterrupt, it could
    # land inside livereload's bare `except:` around sending a message, which swallows it and
    # keeps serving (seen as a preview that would not stop).
    loop = ioloop.IOLoop.current()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.asyncio_loop.add_signal_handler(stop_signal, loop.stop)  # type: ignore[attr-defined]
    echo(f"Previewing on http://{host}:{port}{prefix} — press Ctrl-C to stop.")
    try:
        server.serve(host=host, port=port, debug=False, restart_delay=0)
    finally:
        watcher.stop.set()
    echo("Preview stopped.")


def report(preview: Preview, echo: Callable[[str], None]) -> None:
    if preview.errors:
        echo("\n".join(str(error) for error in preview.errors))
        echo(f"{len(preview.errors)} error(s): the browser shows them until they are fixed.")
