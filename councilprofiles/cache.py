"""The build cache of loaded councils: each council's validated profile, kept under a digest of
its files, so an unchanged council is not read again.

Loading stores an entry for each council and keeps only a summary in memory (a build holds every
council at once), and hands on `WholeProfiles`, where each summary's whole profile is kept;
rendering is given it, and reads a whole profile back when the council's own pages are made.
An entry starts with a checksum of itself: a damaged entry is read again from the council's
files, never trusted.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, ContentErrors, display_path
from .model import (
    Position,
    Profile,
)


def summary_of(profile: Profile) -> Profile:
    """The profile less what only its own page shows (narrative, quotes, figures, findings), for
    a build to hold every council in memory at once; the whole profile is read back from its
    cache entry (see `WholeProfiles`) when its own page is made."""
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
    )


@dataclass(frozen=True)
class WholeProfiles:
    """Where the whole profile of each council loaded as a summary is kept: the cache entry, by
    council. What load hands render along with the model, so the model itself knows no cache."""

    entries: Mapping[str, str] = field(default_factory=dict)  # a council's slug → its cache entry

    def entry(self, profile: Profile) -> str | None:
        """The cache entry holding this council's whole profile, or None if `profile` is whole."""
        return self.entries.get(profile.slug)

    def whole(self, profile: Profile) -> Profile:
        """The whole profile of a summary (a profile that is not a summary is whole already)."""
        entry = self.entry(profile)
        return profile if entry is None else stored_profile(entry)


NO_SUMMARIES = WholeProfiles()  # a build without a cache holds every profile whole


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
