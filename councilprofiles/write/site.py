"""Write: the rendered outputs → `site/`, all at once or not at all, reusing what has not changed.

The new site is written into a temporary folder beside the output and swapped in
only when complete. On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`,
so the output is always either the whole old site or the whole new one, even if
the build is killed. Leftovers from a killed build are cleared by the next one.

A manifest in the cache folder records, for each file of the last good build, the key
it was made from, a digest of its bytes, and its size, modification time and inode. A file
whose key is unchanged and which is still as that build left it is hard-linked into the new
site, not made again; if every file is, and nothing was added or removed, the site is left
as it is. "As that build left it" is answered from the file's size, modification time and
inode where that build wrote it (a warm build answers at once), and otherwise from its bytes:
a site and cache restored elsewhere (CI's, onto a fresh checkout) are reused file by file
where the bytes are those recorded, and a file that differs is made again. Files still to
be made are made by a pool of worker processes (forked, so they share the rendered model
without copying it) when there are enough of them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# Thread and process pools and ctypes (for the atomic swap) are imported where they are used: a
# build with nothing to do only checks the manifest, and answers sooner without them.

if TYPE_CHECKING:
    from ..render.outputs import Output

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


MANIFEST_VERSION = 3
DIGEST_LENGTH = 32  # hexadecimal digits of SHA-256 kept for each file: 128 bits
PARALLEL_MINIMUM = 200  # fewer files than this are made faster than a pool starts
# Up to this many files, a build keeps both cores busy at a cost in memory that grows with the site:
# a worker makes the files listing every council (touching every council, it copies the memory it
# shares with this process) and derived folders are made two at a time (Pagefind holds a shard in
# memory, 250 MB for 765 profiles). At 1,530 councils (4,616 files) the build's peak stayed under
# 600 MiB; at 15,300 (46,000 files) it rose from 863 to 1,275 MiB, so larger sites spare memory.
BUSY_CORES_MAXIMUM = 10_000


@dataclass(frozen=True)
class Derived:
    """Files made from some of the site's written files (a shard of the search index), all
    in one folder of the site: remade only when its key changes."""

    folder: str
    key: str  # a digest of everything its files depend on
    make: Callable[[Path, Path], None]  # given the staged site and where its sources are, writes `folder`
    sources: tuple[str, ...] = ()  # the files it is made from, linked into a folder of their own as written

    def sources_folder(self, staging: Path) -> Path:
        """Where its sources are linked, laid out as in the site: by the workers as they write
        each one, so that no core waits while they are gathered after the last is written."""
        return staging / f".{self.folder}-sources"


@dataclass
class WriteReport:
    made: int = 0
    up_to_date: bool = False


def bytes_digest(data: bytes) -> str:
    """What a file's bytes are recorded as: enough of their SHA-256 that no damage or edit goes unseen."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def file_bytes_digest(path: Path | str) -> str:
    with open(path, "rb", buffering=0) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:DIGEST_LENGTH]


@dataclass
class Manifest:
    """What the last good build wrote: each file's key, its bytes' digest and how it stood on disk after."""

    inputs: str = ""
    derived: dict[str, str] = field(default_factory=dict)  # folder -> key
    files: dict[str, list] = field(default_factory=dict)  # path -> [key, size, mtime_ns, inode, digest]
    output: str = ""  # the folder the files stood in when their size, mtime and inode were recorded
    verified: set[str] = field(default_factory=set)  # files found unchanged by their bytes, not where they stood

    @staticmethod
    def path(cache: Path, output: Path) -> Path:
        return cache / f"{output.name}.manifest.json"

    @classmethod
    def read(cls, cache: Path | None, output: Path) -> Manifest:
        if cache is None or not output.is_dir():
            return cls()
        try:
            data = json.loads(cls.path(cache, output).read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls()
            return cls(data["inputs"], data["derived"], data["files"], str(data["output"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # no manifest, or a damaged one: everything is made afresh

    def unchanged(self, output: Path, path: str, key: str | None = None) -> bool:
        """Whether the file is in the site as the last build left it (and, given a key, made from it):
        where that build wrote it and untouched since, or else holding the bytes it wrote."""
        recorded = self.files.get(path)
        location = os.path.join(output, path)  # not pathlib: a warm build checks every file
        try:
            if recorded is None or (key is not None and recorded[0] != key):
                return False
            status = os.lstat(location)
            if self.output == str(output) and [status.st_size, status.st_mtime_ns, status.st_ino] == recorded[1:4]:
                return True
            # Restored from CI's cache onto a fresh checkout, copied, or touched: the same file only
            # if it holds the same bytes.
            if not stat.S_ISREG(status.st_mode) or status.st_size != recorded[1]:
                return False
            if file_bytes_digest(location) != recorded[4]:
                return False
        except (OSError, LookupError, TypeError):  # gone, unreadable, or a damaged record
            return False
        self.verified.add(path)
        return True

    def intact(self, output: Path) -> bool:
        """Whether the site holds exactly the files the last build wrote, unchanged since."""
        if not self.files:
            return False
        return all(self.unchanged(output, path) for path in self.files) and count_files(output) == len(self.files)

    def entries(self, paths: Iterable[str]) -> dict[str, tuple[str, str]]:
        """These files' keys and digests as recorded, for a manifest of files kept as they are."""
        return {path: (self.files[path][0], self.files[path][4]) for path in paths}

    def write(self, cache: Path | None, output: Path, entries: Mapping[str, tuple[str, str]]) -> None:
        """Record each file's key and digest (`entries`) and how it now stands in `output`."""
        if cache is None:
            return
        files = {}
        for path, (key, contents) in sorted(entries.items()):
            status = os.lstat(output / path)
            files[path] = [key, status.st_size, status.st_mtime_ns, status.st_ino, contents]
        document = {
            "version": MANIFEST_VERSION,
            "output": str(output),
            "inputs": self.inputs,
            "derived": self.derived,
            "files": files,
        }
        cache.mkdir(parents=True, exist_ok=True)
        target = self.path(cache, output)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, target)


def count_files(folder: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(folder))


def current_site(output: Path, cache: Path | None, inputs: str) -> Manifest | None:
    """What the last build wrote, if the site was built from exactly these inputs and has not been
    touched since; else None."""
    output = output.absolute()
    manifest = Manifest.read(cache, output)
    if not (inputs and manifest.inputs == inputs and manifest.intact(output)):
        return None
    if manifest.verified:  # found by their bytes (a restored cache): recorded where they stand now,
        manifest.write(cache, output, manifest.entries(manifest.files))  # for the next build to answer at once
    return manifest


def write_site(
    outputs: Sequence[Output],
    output: Path,
    *,
    derived: Sequence[Derived] = (),
    cache: Path | None = None,
    inputs: str = "",
    workers: int = 1,
) -> WriteReport:
    """Replace `output` with exactly `outputs` (and the `derived` folders made from them);
    leave it untouched if anything fails first.

    `derived` folders are made from the complete staged site before the swap, so what they
    add is swapped in with the rest, or not at all. With a `cache` folder, files unchanged
    since the last build are linked, not made, and so is a derived folder whose key is
    unchanged; `inputs` (a digest of everything read) is recorded for `current_site`.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(output)
    previous = Manifest.read(cache, output)
    keys = {item.path: item.key for item in outputs}
    reusable = {item.path for item in outputs if previous.unchanged(output, item.path, item.key)}
    derived_keys = {item.folder: item.key for item in derived}
    derived_files = {
        item.folder: [path for path in previous.files if path.startswith(f"{item.folder}/")] for item in derived
    }
    derived_reusable = {
        item.folder
        for item in derived
        if previous.derived.get(item.folder) == derived_keys[item.folder]
        and derived_files[item.folder]
        and all(previous.unchanged(output, path) for path in derived_files[item.folder])
    }
    kept = [path for item in derived if item.folder in derived_reusable for path in derived_files[item.folder]]
    manifest = Manifest(inputs=inputs, derived=derived_keys)
    if (
        len(reusable) == len(outputs)
        and len(derived_reusable) == len(derived)
        and set(previous.files) == set(keys) | set(kept)
        and count_files(output) == len(previous.files)  # and nothing added by hand
    ):
        manifest.write(cache, output, {**previous.entries(reusable), **previous.entries(kept)})
        return WriteReport(up_to_date=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{output.name}-", dir=output.parent))
    to_derive = [item for item in derived if item.folder not in derived_reusable]
    gather = {path: item.sources_folder(staging) for item in to_derive for path in item.sources}
    try:
        to_make = []
        for item in sorted(outputs, key=lambda item: item.path):
            if item.path in reusable:
                link_file(output / item.path, staging / item.path)
                if item.path in gather:
                    link_file(staging / item.path, gather[item.path] / item.path)
            else:
                to_make.append(item)
        busy = len(outputs) <= BUSY_CORES_MAXIMUM
        made = make_files(to_make, staging, workers, gather, every_in_worker=busy)
        for path in kept:
            link_file(output / path, staging / path)
        derive(to_derive, staging, at_once=2 if busy else 1)
        entries = {**previous.entries(reusable), **previous.entries(kept)}
        entries.update((path, (keys[path], contents)) for path, contents in made)
        if cache is not None:  # read back only for a manifest: a build without a cache keeps none
            entries.update(
                (path.relative_to(staging).as_posix(), (derived_keys[item.folder], file_bytes_digest(path)))
                for item in to_derive
                for path in sorted((staging / item.folder).rglob("*"))
                if path.is_file()
            )
        staging.chmod(0o755)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    manifest.write(cache, output, entries)
    return WriteReport(made=len(to_make))


def link_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(source, target)


def derive(derived: Sequence[Derived], staging: Path, at_once: int) -> None:
    """Make the derived folders, `at_once` at a time: Pagefind, which makes them, works on every
    core for most of a shard but on one for the rest, which a second shard fills. Each folder's
    sources are removed once it is made."""

    def make(item: Derived) -> None:
        item.make(staging, item.sources_folder(staging))
        if item.sources:
            shutil.rmtree(item.sources_folder(staging))

    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        for _ in pool.map(make, derived):
            pass


# The outputs a forked worker makes, and which of them to link into a derived folder's sources
# (and where): inherited from the parent rather than sent to it.
_pending: tuple[Sequence[Output], Path, Mapping[str, Path]] | None = None


Made = list[tuple[str, str]]  # each file made, and the digest of its bytes


def make_files(
    outputs: Sequence[Output], staging: Path, workers: int, gather: Mapping[str, Path], *, every_in_worker: bool
) -> Made:
    """Make and write each output; over `workers` processes when there are enough to share."""
    from ..processes import can_fork, fork_pool

    global _pending
    if workers < 2 or len(outputs) < PARALLEL_MINIMUM or not can_fork():
        return make_range(outputs, staging, gather, range(len(outputs)))
    every = [index for index, item in enumerate(outputs) if item.councils is None]
    own = [index for index, item in enumerate(outputs) if item.councils is not None]
    if not every_in_worker:
        # Made here, before the workers are forked, they copy nothing: a process touching an object
        # (if only to count a reference to it) copies the page of memory it is on once that page is
        # shared, and these files touch every council. But the other core waits meanwhile.
        made = make_range(outputs, staging, gather, every)
        every = []
    else:
        made = []
    # Otherwise they are one task, handed out first: made by one worker while the other starts on
    # the councils' own files. Only that worker touches every council and copies what it shares.
    _pending = (outputs, staging, gather)
    size = max(1, len(own) // (workers * 8))
    chunks = [own[start : start + size] for start in range(0, len(own), size)]
    # Frozen, the model is never scanned by a worker's cycle collector, whose writes would
    # otherwise copy every page of memory the workers share with this process.
    gc.freeze()
    try:
        with fork_pool(workers) as pool:
            for chunk in pool.imap_unordered(make_chunk, [every, *chunks] if every else chunks):
                made.extend(chunk)
    finally:
        _pending = None
        gc.unfreeze()
    return made


def make_chunk(indexes: Sequence[int]) -> Made:
    assert _pending is not None
    return make_range(*_pending, indexes)


def make_range(outputs: Sequence[Output], staging: Path, gather: Mapping[str, Path], indexes: Sequence[int]) -> Made:
    """Make and write these outputs, creating their folders: in the workers, so that a cold build's
    thousands of new folders are not made one after another before the pool starts. Each file's
    digest is taken from the bytes as they are written, not read back."""
    made = []
    for index in indexes:
        item = outputs[index]
        target = staging / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = item.make()
        target.write_bytes(data)
        made.append((item.path, bytes_digest(data)))
        if item.path in gather:
            link_file(target, gather[item.path] / item.path)
    return made


def swap_in(staging: Path, output: Path) -> None:
    """Put `staging` where `output` is; what was there is removed afterwards."""
    if not output.exists():
        os.rename(staging, output)
        return
    if exchange(staging, output):
        shutil.rmtree(staging)  # after the exchange, staging holds the old site
        return
    # Without an atomic exchange: move the old site aside, then the new one in.
    retired = output.parent / f"{RETIRED_PREFIX}{output.name}-{os.getpid()}"
    os.rename(output, retired)
    os.rename(staging, output)
    shutil.rmtree(retired, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    import ctypes

    try:
        # The C library this process has loaded already: ctypes.util.find_library would run
        # `ldconfig -p` at every build, and find nothing where ldconfig is missing.
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # a system without dlopen(NULL)
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return result == 0


def clear_leftovers(output: Path) -> None:
    """Remove what a killed build left beside the output; restore the output if it went missing."""
    retired = sorted(output.parent.glob(f"{RETIRED_PREFIX}{output.name}-*"))
    if not output.exists() and retired:
        os.rename(retired[-1], output)
        retired = retired[:-1]
    for leftover in [*output.parent.glob(f"{STAGING_PREFIX}{output.name}-*"), *retired]:
        shutil.rmtree(leftover, ignore_errors=True)
