"""Load: content files → a validated model, or every error found, each with its position.

`load_content` is the first stage of the pipeline. It reads `content/site.yaml` and
each `content/councils/<slug>/` folder, checks structure and types through the
model's definition (`to_model`), then checks (`checks`) what the types alone cannot: ids are
unique, citations resolve, dates are possible and in order, grades fit the framework.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from ..cache import WholeProfiles, cache_file, prune_cache, read_cached, summary_of, write_cached
from ..errors import ContentError, ErrorLog, did_you_mean, display_path
from ..files import (
    COUNCIL_FILE,
    COUNCIL_FOLDER_FILES,
    NARRATIVE_FILE,
    SITE_FILE,
    Unreadable,
    content_bytes,
    read_text,
    unreadable_message,
)
from ..fingerprint import code_version, digest
from ..model import (
    SLUG_PATTERN,
    Content,
    Council,
    Position,
    Profile,
    Site,
    base_url_problem,
    slug_for,
)
from ..processes import can_fork, fork_pool
from .checks import (
    check_council_references,
    check_mutual_takeovers,
    check_one_folder_per_council,
    check_record,
    check_references,
    check_reported_sources,
    check_takeovers,
)
from .narrative import NarrativeRenderer, shared_renderer
from .to_model import INVALID, Converter
from .yaml_nodes import parse_yaml


def load_content(content_dir: Path, today: datetime.date | None = None, workers: int = 1) -> Content:
    """Load and validate everything under `content_dir`; raise ContentErrors listing every problem.

    With `workers` > 1 and enough councils, council folders are read by that many forked
    processes, each taking a run of folders; results are gathered in folder order, so the
    model and the errors are the same as one process gives.
    """
    content, _ = load_with_cache(content_dir, None, today, workers)
    return content


def load_with_cache(
    content_dir: Path, cache: Path | None, today: datetime.date | None = None, workers: int = 1
) -> tuple[Content, WholeProfiles]:
    """`load_content`, remembering in the `cache` folder each council loaded without error: a
    council whose files are byte for byte those of one loaded before is taken from it rather than
    read again, and only its summary is held in memory. The `WholeProfiles` say where each
    summary's whole profile is, for rendering the council's own pages."""
    log = ErrorLog()
    today = today or datetime.date.today()
    site = load_site(content_dir, log)
    councils_dir = content_dir / "councils"
    profiles = []
    council_refs: list[tuple[str, Position]] = []
    folders = council_folders(councils_dir, log)
    entries: dict[str, str] = {}
    if folders is not None:
        used: set[str] = set()
        for loaded, errors, refs, kept in load_folders(folders, content_dir, today, workers, cache):
            log.errors.extend(errors)
            council_refs.extend(refs)
            used |= {Path(entry).stem for entry in kept.values()}
            entries |= kept
            profiles.extend(profile for profile in loaded if profile is not None)
        if cache is not None and cache.is_dir():
            prune_cache(cache, used)
        check_across_councils(profiles, council_refs, {folder.name for folder in folders}, content_dir, log)
    log.raise_if_any()
    assert site is not None
    return Content(site=site, profiles=profiles), WholeProfiles(entries)


def reload_councils(
    content: Content, content_dir: Path, slugs: Iterable[str], today: datetime.date | None = None
) -> Content:
    """`content` with these councils' folders read again, checked as `load_content` checks them
    (with every other council as it was); raise ContentErrors listing every problem. For a
    long-running build (the preview), where a save reloads only the council saved."""
    log = ErrorLog()
    renderer = shared_renderer()
    today = today or datetime.date.today()
    profiles = {profile.slug: profile for profile in content.profiles}
    refs: list[tuple[str, Position]] = []
    for slug in sorted(slugs):
        profile = load_council(content_dir / "councils" / slug, log, renderer, content_dir, today, refs)
        if profile is not None:
            profiles[slug] = profile
    check_across_councils(list(profiles.values()), refs, set(profiles), content_dir, log)
    log.raise_if_any()
    return replace(content, profiles=[profiles[slug] for slug in sorted(profiles)])


def check_across_councils(
    profiles: list[Profile], refs: list[tuple[str, Position]], slugs: set[str], content_dir: Path, log: ErrorLog
) -> None:
    """What no one council's folder can show: each council it names (`refs`) has a folder among
    `slugs`, no council has two folders, and no two councils each replaced the other."""
    check_council_references(refs, slugs, log)
    check_one_folder_per_council(profiles, content_dir, log)
    check_mutual_takeovers(profiles, content_dir, log)


def council_folders(councils_dir: Path, log: ErrorLog) -> list[Path] | None:
    """The entries of content/councils/ (hidden ones left out), or None after logging why there are none."""
    if not councils_dir.is_dir():
        if os.path.lexists(councils_dir):
            message = "this is not a folder: content/councils/ must be the folder holding a folder per council"
        else:
            message = "there is no councils folder: create content/councils/"
        log.add(display_path(councils_dir), 1, 1, message)
        return None
    try:
        return [folder for folder in sorted(councils_dir.iterdir()) if not folder.name.startswith(".")]
    except OSError as error:
        log.add(display_path(councils_dir), 1, 1, unreadable_message(error, linked=False))
        return None


PARALLEL_MINIMUM = 100  # fewer council folders than this load faster than a pool starts

# A run of folders' profiles, errors, references to other councils, and the cache entry of each
# council it holds a summary of (by slug).
FolderResults = tuple[list["Profile | None"], list[ContentError], list[tuple[str, Position]], dict[str, str]]


def load_folders(
    folders: list[Path], content_dir: Path, today: datetime.date, workers: int, cache: Path | None
) -> Iterator[FolderResults]:
    """Each run of folders loaded (see FolderResults)."""
    run = functools.partial(load_run, content_dir=content_dir, today=today, cache=cache)
    if workers < 2 or len(folders) < PARALLEL_MINIMUM or not can_fork():
        yield run(folders)
        return
    size = max(1, len(folders) // (workers * 8))
    runs = [folders[start : start + size] for start in range(0, len(folders), size)]
    with fork_pool(workers) as pool:
        yield from pool.imap(run, runs)


def load_run(folders: list[Path], content_dir: Path, today: datetime.date, cache: Path | None) -> FolderResults:
    log = ErrorLog()
    renderer = shared_renderer()
    refs: list[tuple[str, Position]] = []
    profiles = []
    entries: dict[str, str] = {}
    for folder in folders:
        # The bytes a folder's key is made from are the bytes loaded: each file is read once, and
        # a file changed in between cannot be stored under the key of what it was.
        read: dict[Path, bytes] = {}
        key = folder_key(folder, content_dir, read) if cache is not None else None
        cached = read_cached(cache, key)
        if cached is not None:
            profile, folder_refs = cached
        else:
            errors_before = len(log.errors)
            folder_refs = []
            profile = load_council(folder, log, renderer, content_dir, today, folder_refs, read)
            if key is not None and profile is not None and len(log.errors) == errors_before:
                cached = (profile, folder_refs)
                write_cached(cache, key, cached)
        if cached is not None:  # in the cache, so only a summary need be held in memory
            profile = summary_of(cached[0])
            entries[profile.slug] = str(cache_file(cache, key))
        profiles.append(profile)
        refs.extend(folder_refs)
    return profiles, log.errors, refs, entries


def folder_key(folder: Path, content_dir: Path, read: dict[Path, bytes] | None = None) -> str | None:
    """A digest of a council folder's files and where it stands, or None for a folder that is
    anything but plain (links, big or unexpected files): those are always read afresh. Each
    file's bytes are put in `read`, if given."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    parts: list[str | bytes] = [code_version(), display_path(folder), folder.relative_to(content_dir.parent).as_posix()]
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name not in COUNCIL_FOLDER_FILES or entry.is_symlink():
            return None
        try:
            data = content_bytes(entry, content_dir)
        except Unreadable:
            return None
        parts += [entry.name, data]
        if read is not None:
            read[entry] = data
    return digest(*parts)


def load_site(content_dir: Path, log: ErrorLog) -> Site | None:
    path = content_dir / SITE_FILE
    if not os.path.lexists(path):
        log.add(display_path(path), 1, 1, "there is no site.yaml: the site needs a title, description and base_url")
        return None
    shown = display_path(path)
    text = read_text(path, log, content_dir)
    node = parse_yaml(text, shown, log) if text is not None else None
    if node is None:
        return None
    site = Converter(shown, log).convert(node, Site, "site.yaml")
    if site is INVALID:
        return None
    if not site.base_url.endswith("/"):
        pos = site.positions["base_url"]
        log.add(pos.path, pos.line, pos.column, f"base_url must end with '/': write '{site.base_url}/'")
        return None
    problem = base_url_problem(site.base_url)
    if problem:
        pos = site.positions["base_url"]
        log.add(pos.path, pos.line, pos.column, f"'base_url' {problem}, not '{site.base_url}'")
        return None
    return site


def load_council(
    folder: Path,
    log: ErrorLog,
    renderer: NarrativeRenderer,
    content_dir: Path,
    today: datetime.date,
    council_refs: list[tuple[str, Position]],
    read: Mapping[Path, bytes] | None = None,
) -> Profile | None:
    """Load one council folder; log its problems and give None if it has any.

    `profile.md` is optional: a council imported from Ofsted's data has facts before
    anyone has written its story. References to other councils are appended to
    `council_refs`, to be resolved once every folder is known. `read`: its files' bytes, if
    already read.
    """
    shown_folder = display_path(folder)
    if folder.is_symlink():
        log.add(
            shown_folder,
            1,
            1,
            "this is a link, not a folder: a council's folder must be in content/councils/ itself, so move it here",
        )
        return None
    if not folder.is_dir():
        log.add(shown_folder, 1, 1, "only council folders belong in content/councils/: move this file out")
        return None
    if not SLUG_PATTERN.fullmatch(folder.name):
        suggestion = slug_for(folder.name)
        log.add(
            shown_folder,
            1,
            1,
            f"the folder name '{folder.name}' is used in web addresses, so it must be lowercase "
            f"letters, digits and hyphens: rename it '{suggestion or 'council-name'}'",
        )
        return None
    errors_before = len(log.errors)
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        log.add(shown_folder, 1, 1, unreadable_message(error, linked=False))
        return None
    for entry in entries:
        if entry.name.startswith(".") or entry.name in COUNCIL_FOLDER_FILES:
            continue
        log.add(
            display_path(entry),
            1,
            1,
            f"unexpected file in a council folder.{did_you_mean(entry.name, COUNCIL_FOLDER_FILES)} "
            f"A council folder holds {COUNCIL_FILE} and {NARRATIVE_FILE}",
        )
    council_path = folder / COUNCIL_FILE
    narrative_path = folder / NARRATIVE_FILE
    # lexists: a link that leads nowhere (or round in a loop) is reported when read, not taken for no file.
    if not os.path.lexists(council_path):
        if os.path.lexists(narrative_path):
            log.add(
                display_path(narrative_path),
                1,
                1,
                f"there is no {COUNCIL_FILE} beside this file: a council's facts (name, region, "
                f"website, sources) go in {COUNCIL_FILE}; run `./build.py new` to create one",
            )
        else:
            log.add(shown_folder, 1, 1, f"this council folder is empty: add {COUNCIL_FILE} (and {NARRATIVE_FILE})")
        return None

    shown = display_path(council_path)
    council = None
    text = read_text(council_path, log, content_dir, read)
    node = parse_yaml(text, shown, log) if text is not None else None
    if node is not None:
        records: list[object] = []
        converter = Converter(shown, log, check_record=lambda record: check_record(record, log, today, records))
        council = converter.convert(node, Council, COUNCIL_FILE)
        check_references(converter, log)
        check_reported_sources(records, log)
        if isinstance(council, Council):
            check_takeovers(council, folder.name, log)
        council_refs.extend(converter.council_refs)
    narrative_text = read_text(narrative_path, log, content_dir, read) if os.path.lexists(narrative_path) else None
    narrative_html = ""
    if narrative_text is not None:
        narrative_html = renderer.render(narrative_text, display_path(narrative_path), log)
    if len(log.errors) > errors_before or council in (None, INVALID):
        return None
    return Profile(
        slug=folder.name,
        council=council,
        narrative_html=narrative_html,
        council_path=council_path.relative_to(content_dir.parent).as_posix(),
        narrative_path=narrative_path.relative_to(content_dir.parent).as_posix(),
        digest=digest(text or "", narrative_text or ""),
        narrative_exists=narrative_path.exists(),
    )
