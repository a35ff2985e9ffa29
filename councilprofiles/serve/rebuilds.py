"""What a save affects, and the state the preview keeps between rebuilds.

A save in existing councils' folders alone rebuilds those councils (`pipeline.rebuild_councils`);
any other change (site.yaml, a template, a stylesheet, a council added or removed) rebuilds
everything (`pipeline.rebuild_site`), as `build` would. Both are the pipeline's: this module
only decides which, and keeps what lives between the two.
"""

from __future__ import annotations

import datetime
import gc
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import ContentError, ContentErrors
from ..load.narrative import shared_renderer
from ..pipeline import Kept, Project, rebuild_councils, rebuild_site


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
    """The state of a preview's builds: what the pipeline keeps between rebuilds (the last good
    content), the files as last seen, and the errors of the last build, if any."""

    def __init__(self, project: Project, today: datetime.date | None = None) -> None:
        self.project = project
        self.today = today
        self.kept = Kept()
        self.errors: list[ContentError] = []
        self.lock = threading.Lock()
        self.seen = snapshot(self.folders())

    @property
    def finished(self) -> bool:
        """Whether the last rebuild made every file it had to (not cut short by a newer save)."""
        return self.kept.finished

    def forget(self) -> None:
        """Drop the content kept (after a bug in a build): the next rebuild builds everything."""
        self.kept.content = None

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
            changed = self.changed_files(reported)
            try:
                slugs = self.changed_councils(changed)
                if slugs is not None and self.kept.content is not None:
                    written = rebuild_councils(self.project, self.kept, slugs, self.today, first, interrupted)
                else:
                    written = self.full()
            except ContentErrors as failure:
                self.errors = failure.errors
                return set()
            self.errors = []
            return written

    def changed_files(self, reported: set[str] | None) -> set[str]:
        """The watched files changed since last seen: those `reported` that did, else all that did."""
        if reported is None:
            now = snapshot(self.folders())
            changed = {path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)}
            self.seen = now
            return changed
        now = snapshot_of(reported)
        for path in reported:
            if path in now:
                self.seen[path] = now[path]
            else:
                self.seen.pop(path, None)
        return set(reported)

    def full(self) -> set[str]:
        self.kept.finished = True
        gc.unfreeze()  # what the last full build froze may be garbage now
        written = rebuild_site(self.project, self.kept, self.today)
        shared_renderer()  # the first build may have loaded in worker processes; saves load here
        # The model lives until the next full build: set aside from the cycle collector, whose
        # full passes over it would otherwise land in the middle of a quick rebuild.
        gc.collect()
        gc.freeze()
        return written

    def changed_councils(self, changed: set[str]) -> set[str] | None:
        """The council folders touched, if only existing councils' files changed; else None."""
        councils = (self.project.content / "councils").resolve()
        content = self.kept.content
        known = {profile.slug for profile in content.profiles} if content else set()
        slugs = set()
        for path in changed:
            resolved = Path(os.path.realpath(path))  # not resolve(): a saved link loop must not raise
            if resolved.parent.parent != councils or resolved.parent.name not in known or not resolved.parent.is_dir():
                return None
            slugs.add(resolved.parent.name)
        return slugs
