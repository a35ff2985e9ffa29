"""The preview's web server: the built site under the path of `base_url`, as it will be deployed,
an error page in place of every page while the content has errors, and live reload.

Editors keep one browser tab open. A save rebuilds (in the build process: `build_process`)
and the tab reloads as soon as its own page is rewritten (`live_reload`). A save that breaks
the content swaps every page for an error page listing each problem with its file and line;
the last good site stays on disk, and the next good save brings the pages back. The server
watches the files and answers the browser; it never builds, so it answers and stops at once.
"""

from __future__ import annotations

import errno
import logging
import mimetypes
import posixpath
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import jinja2

from ..errors import ContentError, ErrorLog, excerpts
from ..load.councils import load_site
from ..pipeline import Project
from .build_process import Builds
from .live_reload import PAGE_SWAP, PAGE_SWAP_PATH, LiveSite, base_path, page_of, tab_message

# watchfiles hands over a save once no further change has come for STEP ms (an editor's save
# is a few events within a millisecond or two), and a stream of changes (a git checkout) at
# least every DEBOUNCE ms.
STEP = 5
DEBOUNCE = 400


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
