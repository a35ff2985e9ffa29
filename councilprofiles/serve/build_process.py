"""Running and supervising the preview's build process.

The server never builds: it answers and stops at once, however long a build takes. A build
process, started fresh (spawned, not forked) with Ctrl-C ignored, holds the model and makes
every build (`rebuilds.Preview`), forking its own workers for the big ones. Nothing it or its
workers start inherits the server's listening socket or its signal handling. `Builds`, on the
server's event loop, sends it each batch of saves, tells the live site what was rewritten,
starts it again if it dies, and stops it on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import ContentError
from ..pipeline import Project
from ..processes import end_with_parent
from .live_reload import LiveSite
from .rebuilds import Preview


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
            preview.forget()  # the next build starts afresh
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


def report(errors: list[ContentError], echo: Callable[[str], None]) -> None:
    echo("\n".join(str(error) for error in errors))
    echo(f"{len(errors)} error(s): the browser shows them until they are fixed.")
