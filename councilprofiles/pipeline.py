"""The whole pipeline: load → render → write.

The command line's `build` calls `build_site`; the preview's build process calls
`rebuild_site` for a build of everything and `rebuild_councils` after a save in council
folders alone. The first two make the site through `make_site`, so settings, history, the
search index and every output come from here for both, and a speed-up or a new output made
here reaches both. `rebuild_councils` reloads through load's `reload_councils`, checked by
the same checks across councils as a full load.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .cache import summary_of
from .fingerprint import code_version, digest, folder_digest
from .git import History, git_history
from .render.search_index import SHARD_PAGES, index_pages, index_shards, is_profile_page, pagefind_version
from .write.in_place import Interrupted, write_changed
from .write.site import Derived, WriteReport, current_site, write_site

if TYPE_CHECKING:
    from .model import Content, Profile
    from .render.outputs import Output
    from .render.views.every_council import ViewCache

CACHE_FOLDER = ".build-cache"


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to."""

    content: Path = Path("content")
    templates: Path = Path("templates")
    static: Path = Path("static")
    output: Path = Path("site")
    base_url: str | None = None
    repository: str | None = None
    branch: str | None = None  # for edit links; by default site.yaml's, else git's (see git.py)
    cache: Path | None = None  # where unchanged work is remembered between builds; None: nowhere
    workers: int = os.cpu_count() or 1
    shard_pages: int = SHARD_PAGES  # profiles per shard of the search index
    preview: str | None = None  # what this build previews ("pull request 42"): marked so, and never indexed

    def publish_settings(self, content: Content, history: History | None = None) -> None:
        """Where the site is deployed can be given at build time, overriding site.yaml:
        CI knows the Pages address and the repository; editors' previews need not. Edit links
        name the branch edits are proposed against, never an assumed `main`."""
        site = content.site
        if self.base_url:
            site.base_url = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        if self.repository:
            site.repository = self.repository.rstrip("/")
        if site.repository and (self.repository or not site.edit_url):
            site.edit_url = f"{site.repository.rstrip('/')}/edit/{quote(self.edit_branch(content, history))}/"
        if self.preview:
            # A reviewer's copy of a change, not the site: its name says so on every page and in every
            # feed reader, and search engines are asked not to index it (see render/outputs.py).
            site.title = f"{site.title} (preview of {self.preview})"
            content.preview = self.preview

    def edit_branch(self, content: Content, history: History | None) -> str:
        return self.branch or content.site.branch or (history.branch if history else None) or "main"

    def inputs(self, history: History) -> str:
        """A digest of everything a build reads: the same digest, the same site."""
        updated = sorted((slug, str(revision)) for slug, revision in history.revisions.items())
        return digest(
            code_version(),
            *(folder_digest(folder) for folder in (self.content, self.templates, self.static)),
            repr((self.base_url, self.repository, self.branch, self.preview, history.branch, updated)),
        )


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    seconds: float
    made: int = 0
    up_to_date: bool = False
    notes: tuple[str, ...] = ()  # what the person running the build should know


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """A build makes millions of objects that live until it ends; Python's cycle collector,
    run at its default pace, would scan them again and again (about a seventh of load time)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def search_index(outputs: Sequence[Output], shard_pages: int) -> list[Derived]:
    """The search index, as folders of files derived from the profile pages among `outputs`."""
    pages = {item.path: item for item in outputs if is_profile_page(item.path)}
    return [
        Derived(
            folder,
            digest(folder, pagefind_version(), *(indexed_key(pages[path]) for path in group)),
            functools.partial(index_pages, folder=folder),
            tuple(group),
        )
        for folder, group in index_shards(pages, shard_pages).items()
    ]


def indexed_key(page: Output) -> str:
    """What a profile's entry in the index depends on: its own council (the neighbours' names and
    grades on its page are marked data-pagefind-ignore), the code, templates and settings. So a
    change to one council re-indexes only its own shard, not those of councils listing it."""
    if page.keys is None:
        return page.key
    return page.keys.key(page.path, frozenset([page.path.split("/")[1]]))


def build_site(project: Project) -> BuildResult:
    """Build the site; raise ContentErrors (leaving the output untouched) if anything is wrong.

    With a cache folder, a build whose inputs are those of the last one leaves the site as it
    is, and a build after a change makes only the files whose inputs changed.
    """
    started = time.perf_counter()
    history = git_history(project.content)
    notes = (history.note,) if history.note else ()
    inputs = project.inputs(history) if project.cache is not None else ""
    current = current_site(project.output, project.cache, inputs) if project.cache is not None else None
    if current is not None:
        pages = sum(1 for path in current.files if path.endswith(".html"))
        return BuildResult(pages, 0, time.perf_counter() - started, up_to_date=True, notes=notes)
    with fewer_collections():
        made = make_site(project, history, inputs)
    pages = sum(1 for item in made.outputs if item.path.endswith(".html"))
    seconds = time.perf_counter() - started
    return BuildResult(pages, len(made.outputs), seconds, made.report.made, made.report.up_to_date, notes)


@dataclass(frozen=True)
class MadeSite:
    content: Content  # as loaded, with the project's settings and the history applied
    outputs: list[Output]
    report: WriteReport


def make_site(
    project: Project,
    history: History,
    inputs: str = "",
    today: datetime.date | None = None,
    views: ViewCache | None = None,
) -> MadeSite:
    """Load, render and write the whole site: every build of everything, `build`'s and the
    preview's, is made here. Raise ContentErrors, leaving the output untouched, if anything is wrong.
    `views`: the councils' views a long-running build keeps (see Kept)."""
    # The stages that read and render are imported only now: a build with nothing to do (an
    # editor's second `build`, a CI job run again) answers without them, in half the time.
    from .load.councils import load_with_cache
    from .render.outputs import render_site

    loaded = project.cache / "councils" if project.cache is not None else None
    content, wholes = load_with_cache(project.content, loaded, today=today, workers=project.workers)
    content.last_updated = history.revisions
    project.publish_settings(content, history)
    outputs = render_site(content, project.templates, project.static, project.shard_pages, views, wholes)
    report = write_site(
        outputs,
        project.output,
        derived=search_index(outputs, project.shard_pages),
        cache=project.cache,
        inputs=inputs,
        workers=project.workers,
    )
    return MadeSite(content, outputs, report)


# A long-running build (the preview's) -------------------------------------------------------


@dataclass
class Kept:
    """What a long-running build keeps between rebuilds, so that a save reloads only its own
    council: the content of the last load without errors, its councils' views (remade only for the
    profiles a save changed), and what the last rebuild left undone."""

    content: Content | None = None
    views: ViewCache | None = None
    relist: set[str] = field(default_factory=set)  # councils whose listings an interrupted rebuild left to make
    finished: bool = True  # whether the last rebuild made every file it had to


def rebuild_site(project: Project, kept: Kept, today: datetime.date | None = None) -> set[str]:
    """Build everything, as `build` does (no cache: `kept` holds the model); return the paths
    of every file of the site. Raise ContentErrors, leaving the output and `kept` as they were."""
    from .render.views.every_council import ViewCache

    kept.views = kept.views or ViewCache()
    # Never through the cache: `kept` must hold whole profiles, as a save reloads only its own.
    uncached = replace(project, cache=None)
    made = make_site(uncached, git_history(project.content), today=today, views=kept.views)
    kept.content, kept.relist, kept.finished = made.content, set(), True
    return {item.path for item in made.outputs}


def rebuild_councils(
    project: Project,
    kept: Kept,
    slugs: set[str],
    today: datetime.date | None = None,
    first: Callable[[set[str]], None] | None = None,
    interrupted: Callable[[], bool] = lambda: False,
) -> set[str]:
    """Reload only these councils (of `kept.content`) and rewrite only the files whose bytes
    changed; return the paths rewritten. Raise ContentErrors, writing nothing, if the councils'
    files have errors.

    The councils' own pages come first, and `first` is told of them as soon as they are written:
    the page the editor is looking at is fresh soonest. Pages showing other councils too are
    made again only for a council whose listing (what they show of it) changed: a change to a
    narrative changes no page but the council's own. Once `interrupted` says so (a newer save
    is waiting), the files left are left to the next rebuild (`kept.finished` is False).
    """
    from .load.councils import reload_councils
    from .render.outputs import render_council_pages, render_site
    from .render.views.every_council import ViewCache

    assert kept.content is not None
    kept.views = kept.views or ViewCache()
    kept.finished = True
    before = {profile.slug: profile for profile in kept.content.profiles if profile.slug in slugs}
    content = kept.content = reload_councils(kept.content, project.content, slugs, today)
    own = render_council_pages(content, project.templates, project.static, slugs, kept.views)
    written = write_changed(own, project.output)
    if first is not None and written:
        first(set(written))
    done = {item.path for item in own}
    after = {profile.slug: profile for profile in content.profiles if profile.slug in slugs}
    relisted = kept.relist | {slug for slug in slugs if listing(before[slug]) != listing(after[slug])}
    folders = tuple(f"councils/{slug}/" for slug in sorted(slugs))
    outputs = render_site(content, project.templates, project.static, project.shard_pages, kept.views)
    rest = [
        item
        for item in outputs
        if item.path not in done and (item.path.startswith(folders) or (relisted and item.shows_any(relisted)))
    ]
    rest.sort(key=lambda item: not item.path.startswith(folders))  # the councils' own files first
    try:
        written |= write_changed(rest, project.output, interrupted)
    except Interrupted as stopped:
        kept.relist, kept.finished = relisted, False
        return written | stopped.written
    kept.relist = set()
    return written


def listing(profile: Profile) -> Profile:
    """What pages other than a council's own show of it: its summary (see cache.summary_of), all
    that a build using the cache gives them (tests/test_incremental.py holds them to that)."""
    return replace(summary_of(profile), digest="")
