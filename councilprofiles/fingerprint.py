"""Digests of what a build reads: the same digest, the same result.

The build's cache keys are made of these: of a council's files, of the templates and
static files, and of this tool's own code and the libraries that shape its output, so
that upgrading either makes everything again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import stat
import sys
from pathlib import Path

# The libraries that shape the output, as imported and as installed (the name of their metadata).
OUTPUT_LIBRARIES = (("jinja2", "jinja2"), ("markdown", "markdown"), ("nh3", "nh3"), ("yaml", "pyyaml"))


def digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        # surrogateescape: a file name that is not UTF-8 reaches here as text holding surrogates.
        hashed.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()


@functools.cache
def code_version() -> str:
    """A digest of this package's code, the libraries that shape its output and the Python running
    it (its Unicode tables, its pickles): a new version of any may change any page or cache entry,
    so it is part of every output's key and of every entry's. A cache restored by CI from a run
    with another Python or other libraries is so never used."""
    libraries = (installed_version(module, name) for module, name in OUTPUT_LIBRARIES)
    return digest(package_digest(Path(__file__).parent), *libraries, sys.implementation.cache_tag or "", sys.version)


def package_digest(package: Path) -> str:
    """Every stage's code, in every sub-package, each file under its place (a move is a change too)."""
    return digest(
        *(
            part
            for path in sorted(package.rglob("*.py"))
            for part in (path.relative_to(package).as_posix(), path.read_bytes())
        )
    )


def installed_version(module: str, distribution: str) -> str:
    """A library's version from the name of the metadata folder pip installed beside it
    (`jinja2-3.1.6.dist-info`), without importing it: importing the four took longer than a build
    with nothing to do spends on everything else. Without such a folder, the library's own word."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        beside = os.path.dirname(spec.origin)
        if spec.submodule_search_locations is not None:  # a package: its folder's folder
            beside = os.path.dirname(beside)
        prefix, suffix = f"{distribution}-", ".dist-info"
        try:
            names = os.listdir(beside)
        except OSError:  # not a folder (a zip), or unreadable
            names = []
        found = sorted(name for name in names if name.lower().startswith(prefix) and name.endswith(suffix))
        if found:
            return " ".join(name[len(prefix) : -len(suffix)] for name in found)
    return str(getattr(importlib.import_module(module), "__version__", ""))


def folder_digest(folder: Path) -> str:
    """Every file's name and bytes; a link counts by where it points, and is not followed
    (loading refuses links that leave content/, and this must not read what they point at).
    Only plain files are opened (a pipe would never end); what cannot be read counts by why,
    and loading reports it. Paths are handled as strings: every build (a warm one above all)
    digests every content file first, and pathlib's objects were a third of the time it took."""
    if not folder.is_dir():
        return digest("")
    top = os.fspath(folder)
    found: list[tuple[str, ...]] = []  # each path as its parts, sorted as pathlib sorts paths
    for root, folders, names in os.walk(top):  # links to folders are listed, not entered
        relative = os.path.relpath(root, top)
        within = () if relative == os.curdir else tuple(relative.split(os.sep))
        found.extend((*within, name) for name in [*names, *folders])
    hashed = hashlib.sha256()

    def part(data: str | bytes) -> None:
        hashed.update(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)
        hashed.update(b"\0")

    for parts in sorted(found):
        part("/".join(parts))
        path = os.path.join(top, *parts)
        try:
            status = os.lstat(path)
            if stat.S_ISLNK(status.st_mode):
                part("link to " + os.readlink(path))
            elif stat.S_ISREG(status.st_mode):
                part(file_digest(path))
            else:
                part(f"kind {stat.S_IFMT(status.st_mode)}")
        except OSError as error:
            part(f"unreadable: {error.errno}")
    return hashed.hexdigest()


def file_digest(path: str | Path) -> bytes:
    """A plain file's SHA-256, read in blocks (a file may be far larger than any content file may
    be: loading refuses it, but this runs first), opened so that a pipe put in its place does not wait."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(descriptor, "rb", buffering=0) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return b"not a file"
        return hashlib.file_digest(handle, "sha256").digest()
