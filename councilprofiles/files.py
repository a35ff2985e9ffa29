"""Reading content files safely: what an editor's folder holds is read only if it is a plain
file of a bounded size inside the content folder, and anything else is refused with a message
saying what the path is and what to do. Every stage that reads content reads it through here.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from .errors import ErrorLog, display_path

# The files of the content folder.
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
