"""Load: content files → a validated model, or every error found, each with its position.

`load_content` is the first stage of the pipeline. It reads `content/site.yaml` and
each `content/councils/<slug>/` folder, checks structure and types through the
model's definition (`convert`), then checks what the types alone cannot: ids are
unique, citations resolve, dates are possible and in order, grades fit the framework.
"""

from __future__ import annotations

import dataclasses
import datetime
import errno
import functools
import hashlib
import os
import pickle
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from ..errors import ContentError, ContentErrors, ErrorLog, did_you_mean, display_path
from ..fingerprint import code_version, digest
from ..model import (
    FRAMEWORK_GRADE_WORDING,
    JUDGEMENT_AREAS,
    SLUG_PATTERN,
    Content,
    Council,
    Framework,
    Grade,
    Inspection,
    PartialDate,
    Position,
    Profile,
    SendInspection,
    SendOutcome,
    Site,
    Source,
    VisitType,
    base_url_problem,
    slug_for,
)
from ..processes import can_fork, fork_pool
from .narrative import HEADING_ID_PREFIX, NarrativeRenderer, shared_renderer
from .to_model import INVALID, Converter
from .yaml_nodes import parse_yaml

COUNCIL_FILE = "council.yaml"
NARRATIVE_FILE = "profile.md"
SITE_FILE = "site.yaml"
COUNCIL_FOLDER_FILES = (COUNCIL_FILE, NARRATIVE_FILE)
MAX_FILE_BYTES = 2 * 1024 * 1024


class Unreadable(Exception):
    """A content file that cannot be used as text, and what the editor should do about it."""


FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    return next((name for test, name in FILE_KINDS if test(mode)), "not a plain file")


def content_bytes(path: Path, content_root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A content file's bytes, read without ever opening anything but a plain file (a pipe
    would hang the build, a device never end) and never more than `limit` bytes of it.
    Raise Unreadable saying why not."""
    try:
        link = os.lstat(path)
    except OSError as error:
        raise Unreadable(f"cannot be read: {error.strerror}") from None
    # realpath does not fail on a loop (a loop is reported below, by stat).
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(content_root)):
        if stat.S_ISLNK(link.st_mode):
            raise Unreadable("this is a link to a file outside content/: copy the file in instead")
        raise Unreadable("this file is outside content/, through a linked folder: copy the folder in instead")
    try:
        status = os.stat(path)
    except OSError as error:
        raise Unreadable(unreadable_message(error, linked=stat.S_ISLNK(link.st_mode))) from None
    if not stat.S_ISREG(status.st_mode):
        raise Unreadable(
            f"this is {file_kind(status.st_mode)}, not a file: content must be plain text files, "
            f"so remove it and save {path.name} as a text file"
        )
    if status.st_size > limit:
        raise Unreadable(f"the file is {status.st_size // 1024} KB, over the {limit // 1024} KB limit for content")
    try:
        # O_NONBLOCK: should a pipe be swapped in after the check above, opening it does not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Unreadable(unreadable_message(error, linked=False)) from None
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise Unreadable(f"this is {file_kind(opened.st_mode)}, not a file: replace it with a text file")
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise Unreadable(f"the file is over the {limit // 1024} KB limit for content")
    return data


def unreadable_message(error: OSError, linked: bool) -> str:
    if error.errno == errno.ELOOP:
        return (
            "this link leads round in a loop (to itself, or through other links back to itself): "
            "replace it with the file itself"
        )
    if linked and error.errno == errno.ENOENT:
        return "this is a link to a file that does not exist: replace it with the file itself"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "you do not have permission to read this file: make it readable (chmod a+r on Linux or macOS)"
    return f"cannot be read: {error.strerror}"


def read_text(path: Path, log: ErrorLog, content_root: Path, read: Mapping[Path, bytes] | None = None) -> str | None:
    """A content file's text, or None after logging why it cannot be used. `read`: files' bytes
    already read by this build, used rather than reading them again."""
    shown = display_path(path)
    data = read.get(path) if read is not None else None
    if data is None:
        try:
            data = content_bytes(path, content_root)
        except Unreadable as problem:
            log.add(shown, 1, 1, str(problem))
            return None
    if b"\0" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a byte-order mark, and text two bytes a character
            log.add(shown, 1, 1, "this file is saved as UTF-16: save it as UTF-8 (in your editor's encoding menu)")
        else:
            log.add(shown, 1, 1, "this is a binary file, not text: save it as plain UTF-8 text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        log.add(
            shown,
            line,
            column,
            f"this is not UTF-8 text (byte 0x{data[error.start]:02x}): save the file as UTF-8",
        )
        return None
    if not text.strip():
        log.add(shown, 1, 1, "the file is empty")
        return None
    return text


def load_content(
    content_dir: Path, today: datetime.date | None = None, workers: int = 1, cache: Path | None = None
) -> Content:
    """Load and validate everything under `content_dir`; raise ContentErrors listing every problem.

    With `workers` > 1 and enough councils, council folders are read by that many forked
    processes, each taking a run of folders; results are gathered in folder order, so the
    model and the errors are the same as one process gives. With a `cache` folder, a council
    whose files are byte for byte those of a council loaded without error before is taken
    from it rather than read again.
    """
    log = ErrorLog()
    today = today or datetime.date.today()
    site = load_site(content_dir, log)
    councils_dir = content_dir / "councils"
    profiles = []
    council_refs: list[tuple[str, Position]] = []
    folders = council_folders(councils_dir, log)
    if folders is not None:
        used: set[str] = set()
        for loaded, errors, refs, keys in load_folders(folders, content_dir, today, workers, cache):
            log.errors.extend(errors)
            council_refs.extend(refs)
            used |= keys
            profiles.extend(profile for profile in loaded if profile is not None)
        if cache is not None and cache.is_dir():
            prune_cache(cache, used)
        check_council_references(council_refs, {folder.name for folder in folders}, log)
        check_one_folder_per_council(profiles, content_dir, log)
        check_mutual_takeovers(profiles, content_dir, log)
    log.raise_if_any()
    assert site is not None
    return Content(site=site, profiles=profiles)


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

FolderResults = tuple[list["Profile | None"], list[ContentError], list[tuple[str, Position]], set[str]]


def load_folders(
    folders: list[Path], content_dir: Path, today: datetime.date, workers: int, cache: Path | None
) -> Iterator[FolderResults]:
    """Each run of folders loaded: its profiles, errors, references to other councils, and
    the cache entries it used."""
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
    used = set()
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
        if key is not None:
            used.add(key)
        if cached is not None:  # in the cache, so only a summary need be held in memory
            profile = summary_of(cached[0], cache_file(cache, key))
        profiles.append(profile)
        refs.extend(folder_refs)
    return profiles, log.errors, refs, used


def summary_of(profile: Profile, stored: Path) -> Profile:
    """The profile less what only its own page shows (narrative, quotes, figures, findings), for
    a build to hold every council in memory at once; the whole profile is read back from
    `stored` (its cache entry) by `full_profile` when its own page is made."""
    council = profile.council
    return dataclasses.replace(
        profile,
        council=dataclasses.replace(
            council,
            quotes=[],
            figures=[],
            inspections=[
                dataclasses.replace(inspection, strengths=[], areas_to_improve=[], from_report=None)
                for inspection in council.inspections
            ],
        ),
        narrative_html="",
        stored=str(stored),
    )


def full_profile(profile: Profile) -> Profile:
    """The whole profile of a summary (a profile that is not a summary is whole already)."""
    return profile if profile.stored is None else stored_profile(profile.stored)


@functools.lru_cache(maxsize=8)
def stored_profile(stored: str) -> Profile:
    """A council's files are read back once for all of its own outputs, which are made one after
    another (page, council.json, feed); an entry's name is a digest of its files, so it never
    goes stale."""
    try:
        whole, _ = read_entry(Path(stored))
    except Exception:  # noqa: BLE001 - removed or damaged since this build read it
        message = "the build cache changed during this build (is another build running?): build again"
        raise ContentErrors([ContentError(display_path(Path(stored)), 1, 1, message)]) from None
    return whole


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


def cache_file(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.pickle"


def read_cached(cache: Path | None, key: str | None) -> tuple[Profile, list[tuple[str, Position]]] | None:
    """A council loaded and found valid by an earlier build from exactly these files. (The
    cache is the build's own, beside its output or restored by CI from its own runs, and
    trusted as the build's code is; an entry whose bytes are not those written is not.)"""
    if cache is None or key is None:
        return None
    try:
        return read_entry(cache_file(cache, key))
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: load afresh
        return None


ENTRY_CHECK = 32  # bytes of SHA-256 before each entry's pickle: a damaged entry is found, not unpickled


def read_entry(path: Path) -> tuple[Profile, list[tuple[str, Position]]]:
    data = path.read_bytes()
    check, payload = data[:ENTRY_CHECK], data[ENTRY_CHECK:]
    if hashlib.sha256(payload).digest() != check:
        raise ValueError(f"{path}: damaged")
    return pickle.loads(payload)


def write_cached(cache: Path, key: str, value: tuple[Profile, list[tuple[str, Position]]]) -> None:
    target = cache_file(cache, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.write_bytes(hashlib.sha256(payload).digest() + payload)
    os.replace(temporary, target)


def prune_cache(cache: Path, used: set[str]) -> None:
    """Forget councils loaded from files that no longer exist, so the cache does not grow without end."""
    for stored in cache.glob("*/*.pickle"):
        if stored.stem not in used:
            stored.unlink(missing_ok=True)


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


def at(log: ErrorLog, pos: Position, message: str) -> None:
    log.add(pos.path, pos.line, pos.column, message)


def check_record(record: object, log: ErrorLog, today: datetime.date, valid: list[object] | None = None) -> None:
    """Checks one valid record as soon as it is read, so errors elsewhere do not hide it;
    `valid` gathers the records for checks that need more than one (see check_reported_sources)."""
    check_not_future(record, today, log)
    if isinstance(record, Inspection):
        check_inspection(record, log)
    if isinstance(record, SendInspection):
        check_send_inspection(record, log)
    if valid is not None:
        valid.append(record)


def check_reported_sources(records: list[object], log: ErrorLog) -> None:
    """A reported date names a source that is not Ofsted's (Ofsted's own date is `published`)
    and that the inspection cites. Checked over every valid record, so errors elsewhere in the
    file do not hide these."""
    publishers = {record.id: record.publisher for record in records if isinstance(record, Source)}
    for inspection in records:
        if not isinstance(inspection, Inspection) or inspection.reported is None:
            continue
        ref = inspection.reported.source
        pos = inspection.reported.positions["source"]
        if ref not in publishers:
            continue  # an unknown id is reported by check_references
        if is_ofsted(publishers[ref]):
            at(
                log,
                pos,
                f"'{ref}' is published by Ofsted, so its date is Ofsted's own: write it as 'published', "
                "not under 'reported' (which is for the date another publication reported the visit)",
            )
        if ref not in inspection.sources:
            at(
                log,
                pos,
                f"the reported date comes from '{ref}', which inspection '{inspection.id}' does not cite: "
                f"add '{ref}' to its sources",
            )


# Ofsted by any of its names: the short one, the full one, with or without "the" or "(Ofsted)".
OFSTED_NAMES = re.compile(
    r"(?:the )?(?:ofsted|office for standards in education,? children[’']?s services,? and skills(?: \(ofsted\))?)"
)


def is_ofsted(publisher: str) -> bool:
    return OFSTED_NAMES.fullmatch(" ".join(publisher.split()).casefold()) is not None


def check_takeovers(council: Council, slug: str, log: ErrorLog) -> None:
    """A council cannot replace itself, nor be inspected before it took over from another: its
    own inspection before the takeover's date means one of the two dates is wrong."""
    # An inspection with no date at all is reported by check_inspection.
    own = [i for i in council.inspections if i.start or i.end or i.published or i.reported]
    for predecessor in council.predecessors:
        if predecessor.council == slug:
            at(log, predecessor.positions["council"], f"'{slug}' is this council: a council cannot replace itself")
        earlier = [inspection for inspection in own if not precedes(predecessor.date, inspection.date)]
        if earlier:
            first = min(earlier, key=lambda inspection: inspection.date.sort_key)
            at(
                log,
                predecessor.positions["date"],
                f"the takeover on {predecessor.date.iso} is after this council's own inspection '{first.id}' "
                f"({first.date.iso}, line {first.positions[''].line}): a council is inspected only once it "
                "exists, so one of the two dates is wrong",
            )


def check_mutual_takeovers(profiles: list[Profile], content_dir: Path, log: ErrorLog) -> None:
    """Two councils each replacing the other is a journey that cannot have happened: reported in
    each file. Positions do not come back from the workers that loaded the files, so a file with
    such a takeover is read again here for its lines (only then: it is rare)."""
    replaced = {p.slug: {pred.council for pred in p.council.predecessors if pred.council} for p in profiles}
    for profile in profiles:
        others = sorted(other for other in replaced[profile.slug] if profile.slug in replaced.get(other, ()))
        if not others:
            continue
        path = content_dir.parent / profile.council_path
        shown = display_path(path)
        scratch = ErrorLog()
        text = read_text(path, scratch, content_dir)
        node = parse_yaml(text, shown, scratch) if text is not None else None
        council = Converter(shown, scratch).convert(node, Council, COUNCIL_FILE) if node is not None else None
        predecessors = council.predecessors if isinstance(council, Council) else []
        for predecessor in predecessors:
            if predecessor.council in others:
                at(
                    log,
                    predecessor.positions["council"],
                    f"'{predecessor.council}' is recorded as replaced by this council, and its own file records it "
                    "replacing this one: two councils cannot each replace the other; keep the takeover that happened",
                )


def check_references(converter: Converter, log: ErrorLog) -> None:
    """Ids are unique and every citation resolves, read from the whole file as written."""
    source_ids = unique_ids(converter.ids.get("Source", []), "source", log)
    inspection_ids = unique_ids(converter.ids.get("Inspection", []), "inspection", log)
    milestone_ids = converter.ids.get("Milestone", [])
    unique_ids(milestone_ids, "milestone", log)
    send_ids = converter.ids.get("SendInspection", [])
    unique_ids(send_ids, "area SEND inspection", log)
    inspection_lines = {value: pos.line for value, pos in converter.ids.get("Inspection", [])}
    milestone_lines = {value: pos.line for value, pos in milestone_ids}
    # Inspections, milestones and area SEND inspections share one timeline: their ids are anchors on one page.
    for entries, others in ((milestone_ids, inspection_lines), (send_ids, {**milestone_lines, **inspection_lines})):
        for value, pos in entries:
            if value in others:
                at(
                    log,
                    pos,
                    f"the id '{value}' is also used on the timeline at line {others[value]}: inspections, "
                    "milestones and area SEND inspections share one timeline, so their ids must differ",
                )
    check_anchors(converter, log)
    for ref, pos in converter.source_refs:
        if ref not in source_ids:
            at(
                log,
                pos,
                f"no source has the id '{ref}'.{did_you_mean(ref, source_ids)} Add it under sources, or correct the id",
            )
    for ref, pos in converter.inspection_refs:
        if ref not in inspection_ids:
            at(log, pos, f"no inspection has the id '{ref}'.{did_you_mean(ref, inspection_ids)}")


def check_one_folder_per_council(profiles: list[Profile], content_dir: Path, log: ErrorLog) -> None:
    """Two folders for one council (the same Ofsted URN, or the same name however spaced, cased or
    punctuated) would publish it twice, with two addresses: each is reported, naming the other."""
    claims: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        council = profile.council
        if council.ofsted_urn is not None:
            claims.setdefault(("ofsted_urn", str(council.ofsted_urn)), []).append(profile)
        name = name_key(council.name)
        if name:
            claims.setdefault(("name", name), []).append(profile)
    for (key, _), holders in sorted(claims.items()):
        if len(holders) < 2:
            continue
        places = {holder.slug: key_position(content_dir, holder, key) for holder in holders}
        for holder in holders:
            others = ", ".join(f"{pos.path}:{pos.line}" for slug, pos in places.items() if slug != holder.slug)
            value = holder.council.ofsted_urn if key == "ofsted_urn" else holder.council.name
            at(
                log,
                places[holder.slug],
                f"another council folder has this {'Ofsted URN' if key == 'ofsted_urn' else 'name'} "
                f"({value}), at {others}: one council has one folder, so merge the two and delete one",
            )


def name_key(name: str) -> str:
    """A council's name as compared for duplicates: `St. Helens`, `st helens`, `ST  HELENS` and
    `St Hélens` are one (accents, invisible characters and punctuation do not count)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return slug_for("".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf")))


def key_position(content_dir: Path, profile: Profile, key: str) -> Position:
    """Where a top-level key of a council's council.yaml stands, read again: records in memory may
    have lost their positions (a parallel load and the cache keep none), and this is needed only
    on a clash."""
    path = content_dir.parent / profile.council_path
    shown = display_path(path)
    text = read_text(path, ErrorLog(), content_dir)
    node = parse_yaml(text, shown, ErrorLog()) if text is not None else None
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return Position(shown, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return Position(shown, 1, 1)


# The ids a council page gives its own parts (templates/council.html and base.html;
# a test checks this list against a built page). A timeline entry's id is its permalink, so it
# must not be one of them: `#sources` or `#main` would lead to the page's part instead.
PAGE_IDS = frozenset(
    {
        "main",
        "contents-title",
        "not-written",
        "present",
        "present-title",
        "grades",
        "timeline",
        "journey",
        "figures",
        "quotes",
        "neighbours",
        "sources",
    }
)


def check_anchors(converter: Converter, log: ErrorLog) -> None:
    """Each timeline entry (inspection or milestone) is an element with its id, and its heading one
    with the id and `-title`; each source is `source-` and its id. None may be another's."""
    taken = {name: "one of the page's own parts" for name in PAGE_IDS}
    for value, _ in converter.ids.get("Source", []):
        taken.setdefault(f"source-{value}", f"the anchor of the source '{value}'")
    entries = converter.ids.get("Inspection", []) + converter.ids.get("Milestone", [])
    entries += converter.ids.get("SendInspection", [])
    for value, pos in entries:
        taken.setdefault(f"{value}-title", f"the heading of the timeline entry '{value}' (line {pos.line})")
    for value, pos in entries:
        clash = taken.get(value)
        if value.startswith(HEADING_ID_PREFIX):
            clash = "the ids of the narrative's headings, which all start 'narrative-'"
        if clash is None:
            continue
        at(
            log,
            pos,
            f"the id '{value}' is the address of this entry on the council page (#{value}), and would clash "
            f"with {clash}: choose another id. The page's own are: {', '.join(sorted(PAGE_IDS))}",
        )


def check_council_references(refs: list[tuple[str, Position]], slugs: set[str], log: ErrorLog) -> None:
    """Every council named as a neighbour has a folder of its own."""
    for ref, pos in refs:
        if ref not in slugs:
            at(log, pos, f"there is no council folder '{ref}' in content/councils/.{did_you_mean(ref, sorted(slugs))}")


def unique_ids(ids: list[tuple[str, Position]], kind: str, log: ErrorLog) -> set[str]:
    """The set of ids given, logging each repeat at the repeat's position."""
    seen: dict[str, Position] = {}
    for value, pos in ids:
        if value in seen:
            at(
                log,
                pos,
                f"the {kind} id '{value}' is already used at line {seen[value].line}: "
                "ids must be unique within a council",
            )
        else:
            seen[value] = pos
    return set(seen)


DATE_FIELDS = ("date", "start", "end", "published")


def check_not_future(record: object, today: datetime.date, log: ErrorLog) -> None:
    now = PartialDate(today.year, today.month, today.day)
    for name in DATE_FIELDS:
        if name not in record.positions:  # not given (Inspection.date is derived, not written)
            continue
        value = getattr(record, name, None)
        if isinstance(value, PartialDate) and value.sort_key > now.sort_key:
            at(log, record.positions[name], f"'{name}' {value.iso} is in the future: record only what has happened")


def precedes(earlier: PartialDate, later: PartialDate) -> bool:
    """Whether `earlier` can be on or before `later`, comparing only the precision both have."""
    a, b = earlier.sort_key, later.sort_key
    depth = (
        1
        + (earlier.month is not None and later.month is not None)
        + (earlier.day is not None and later.day is not None)
    )
    return a[:depth] <= b[:depth]


def check_inspection(inspection: Inspection, log: ErrorLog) -> None:
    whole = inspection.positions[""]
    if not (inspection.start or inspection.end or inspection.published or inspection.reported):
        at(
            log,
            whole,
            f"inspection '{inspection.id}' has no date: give start, end, published or reported "
            "(as precisely as the source says: 2019, 2019-08 or 2019-08-14)",
        )
    if inspection.start and inspection.end and not precedes(inspection.start, inspection.end):
        at(log, inspection.positions["end"], f"the end {inspection.end.iso} is before the start {inspection.start.iso}")
    first = inspection.start or inspection.end
    if first and inspection.published and not precedes(first, inspection.published):
        at(
            log,
            inspection.positions["published"],
            f"published {inspection.published.iso} is before the visit ({first.iso})",
        )
    if first and inspection.reported and not precedes(first, inspection.reported.date):
        at(
            log,
            inspection.reported.positions["date"],
            f"reported {inspection.reported.date.iso} is before the visit ({first.iso}): "
            "a visit cannot be reported before it happens; check both dates",
        )
    extract = inspection.from_report
    if extract is not None:
        check_report_source(log, extract.source, extract.positions["source"], inspection.sources)
        if not (extract.headline or extract.summary or extract.improvements):
            at(
                log,
                inspection.positions["from_report"],
                "'from_report' quotes nothing: give a headline, a summary or improvements, or remove it",
            )
        given = len(extract.improvements)
        if extract.improvements_in_report is not None and extract.improvements_in_report <= given:
            at(
                log,
                extract.positions["improvements_in_report"],
                f"improvements_in_report says the report gives {extract.improvements_in_report} items, but "
                f"{given} are quoted: give it only where the list quoted is shorter than the report's",
            )
    third = [
        area
        for area in JUDGEMENT_AREAS
        if inspection.judgements is not None
        and (grade := getattr(inspection.judgements, area)) is not None
        and grade.rank == 3
    ]
    if inspection.grade_wording is not None and not third:
        at(
            log,
            inspection.positions["grade_wording"],
            "grade_wording says how the report words 'requires improvement', but no grade here is that one: remove it",
        )
    if inspection.leadership_title is not None and (
        inspection.judgements is None or inspection.judgements.leadership is None
    ):
        at(
            log,
            inspection.positions["leadership_title"],
            "leadership_title titles a leadership grade: give one or remove it",
        )
    if inspection.number is not None and inspection.type is not VisitType.MONITORING_VISIT:
        at(log, inspection.positions["number"], "only monitoring visits are numbered: remove 'number'")
    if inspection.judgements is None:
        return
    if not inspection.type.graded:
        at(
            log,
            inspection.positions["judgements"],
            f"a {inspection.type.label.lower()} is not graded: remove 'judgements' "
            "and describe the findings under strengths and areas_to_improve",
        )
        return
    check_judgements(inspection, log)


def check_report_source(log: ErrorLog, source: str, position: Position, sources: list[str]) -> None:
    """A report's words are quoted from one of the inspection's own sources."""
    if source not in sources:
        at(
            log,
            position,
            f"the report quoted, '{source}', is not one of this inspection's sources: "
            "add it to the inspection's sources, or correct the id",
        )


def check_send_inspection(inspection: SendInspection, log: ErrorLog) -> None:
    """An area SEND inspection has a date, its dates in order, and quotes only a report it cites."""
    if not (inspection.start or inspection.end or inspection.published):
        at(
            log,
            inspection.positions[""],
            f"area SEND inspection '{inspection.id}' has no date: give start, end or published",
        )
    first = inspection.start or inspection.end
    if inspection.start and inspection.end and not precedes(inspection.start, inspection.end):
        at(log, inspection.positions["end"], f"the end {inspection.end.iso} is before the start {inspection.start.iso}")
    if first and inspection.published and not precedes(first, inspection.published):
        at(
            log,
            inspection.positions["published"],
            f"published {inspection.published.iso} is before the inspection ({first.iso})",
        )
    if first and inspection.previous_inspection and not precedes(inspection.previous_inspection, first):
        at(
            log,
            inspection.positions["previous_inspection"],
            f"the previous inspection {inspection.previous_inspection.iso} is after this one ({first.iso})",
        )
    if first and inspection.next_due and not precedes(first, inspection.next_due):
        at(
            log,
            inspection.positions["next_due"],
            f"the next inspection ({inspection.next_due.iso}) is due before this one",
        )
    extract = inspection.from_report
    if extract is not None:
        check_report_source(log, extract.source, extract.positions["source"], inspection.sources)
        if not (extract.outcome or extract.priority_actions or extract.improvements):
            at(
                log,
                inspection.positions["from_report"],
                "'from_report' quotes nothing: give the outcome, priority actions or improvements, or remove it",
            )
        if extract.priority_actions and inspection.outcome not in (None, SendOutcome.SYSTEMIC_FAILINGS):
            at(
                log,
                extract.positions["priority_actions"],
                "only an inspection finding widespread and/or systemic failings sets areas for priority action: "
                "check the outcome",
            )
    monitoring = inspection.monitoring
    if monitoring is not None and inspection.outcome not in (None, SendOutcome.SYSTEMIC_FAILINGS):
        at(
            log,
            inspection.positions["monitoring"],
            "a monitoring inspection follows only the outcome 'widespread and/or systemic failings': check the outcome",
        )


def check_judgements(inspection: Inspection, log: ErrorLog) -> None:
    judgements = inspection.judgements
    assert judgements is not None
    framework = inspection.type.framework
    wording = FRAMEWORK_GRADE_WORDING[framework]
    given = {area: getattr(judgements, area) for area in JUDGEMENT_AREAS if getattr(judgements, area)}
    if not given:
        at(log, inspection.positions["judgements"], "'judgements' is empty: give at least one grade or remove it")
    for area, grade in given.items():
        pos = judgements.positions[area]
        if grade in (Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD) and grade is not wording:
            at(log, pos, f"under the {framework.value} this grade is worded '{wording.value}', not '{grade.value}'")
    if "overall_effectiveness" in given and not inspection.gives_overall_grade:
        at(
            log,
            judgements.positions["overall_effectiveness"],
            "Ofsted gives no overall grade for inspections from April 2026, when this one's fieldwork began: "
            "remove overall_effectiveness and give the four area grades",
        )
    if framework is Framework.SIF and "children_in_care_and_care_leavers" in given:
        at(
            log,
            judgements.positions["children_in_care_and_care_leavers"],
            "the SIF judged children looked after and care leavers separately: use children_in_care and care_leavers",
        )
    if framework is Framework.ILACS:
        if "adoption" in given:
            at(log, judgements.positions["adoption"], "ILACS does not grade adoption separately: remove it")
        if "children_in_care_and_care_leavers" in given:
            for area in ("children_in_care", "care_leavers"):
                if area in given:
                    at(
                        log,
                        judgements.positions[area],
                        f"give either children_in_care_and_care_leavers (before 2023) or "
                        f"children_in_care and care_leavers (from 2023), not both: remove '{area}'",
                    )
