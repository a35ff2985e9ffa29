"""Digests of what a build reads: the same digest, the same result.

The build's cache keys are made of these: of a council's files, of the templates and
static files, and of this tool's own code and the libraries that shape its output, so
that upgrading either makes everything again.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import jinja2
import markdown
import nh3
import yaml


def digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8") if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()


@functools.cache
def code_version() -> str:
    """A digest of this package's code and the libraries that shape its output: a new version
    of either may change any page, so it is part of every output's key."""
    package = Path(__file__).parent
    sources = [path.read_bytes() for path in sorted(package.glob("*.py"))]
    return digest(*sources, jinja2.__version__, markdown.__version__, getattr(nh3, "__version__", ""), yaml.__version__)


def folder_digest(folder: Path) -> str:
    """Every file's name and bytes; a link counts by where it points, and is not followed
    (loading refuses links that leave content/, and this must not read what they point at)."""
    if not folder.is_dir():
        return digest("")
    found = []
    for root, folders, names in os.walk(folder):  # links to folders are listed, not entered
        found.extend(Path(root, name) for name in [*names, *folders])
    parts: list[str | bytes] = []
    for path in sorted(found):
        parts.append(path.relative_to(folder).as_posix())
        if path.is_symlink():
            parts.append("link to " + os.readlink(path))
        elif path.is_file():
            parts.append(path.read_bytes())
    return digest(*parts)
