"""Content errors: what went wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path) -> str:
    """Paths in messages are relative to where the command runs, as editors and CI expect."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """Text safe to print on one line of a terminal, a log or a GitHub annotation: control
    characters (a terminal obeys ESC sequences; a newline would start a forged line), invisible
    formatting characters (a right-to-left override would reverse what follows), line separators,
    noncharacters and lone surrogates are shown as escapes such as `\\x1b` and `\\u202e`."""
    if text.isprintable():  # fast: nothing to escape (isprintable is false for every hidden character)
        return text
    return "".join(escape_character(c) if hidden(c) else c for c in text)


def hidden(character: str) -> bool:
    """Whether a character does something other than show itself when printed."""
    code = ord(character)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True
    if code < 0xA0:
        return False
    return unicodedata.category(character) in ("Cf", "Zl", "Zp", "Cs") or is_noncharacter(code)


def is_noncharacter(code: int) -> bool:
    """Unicode's 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every plane."""
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def escape_character(character: str) -> str:
    if character in NAMED_ESCAPES:
        return NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


MESSAGE_LIMIT = 1000


def shortened(message: str) -> str:
    """A message quoting a huge value (a 1 MB key, say) cut in its middle: its start says what is
    wrong and its end what to do."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    half = MESSAGE_LIMIT // 2
    return f"{message[:half]} … ({len(message) - 2 * half} characters left out) … {message[-half:]}"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file; orders by file, then line, then column. Its path and
    message hold only printable characters (see `visible`): both may quote content."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", visible(self.path))
        object.__setattr__(self, "message", shortened(visible(self.message)))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in the content, raised together so editors see them all at once."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} content error(s)")

    def __reduce__(self) -> tuple[type, tuple[list[ContentError]]]:
        """Kept whole when raised in a worker process of a parallel build."""
        return (ContentErrors, (self.errors,))


class ErrorLog:
    """Collects errors while loading goes on, so one bad file does not hide the rest."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def add(self, path: str, line: int, column: int, message: str) -> None:
        self.errors.append(ContentError(path, line, column, message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean …?' hint for a misspelling, or '' when nothing is close."""
    options = list(choices)
    lowered = {choice.lower(): choice for choice in options}
    if word.strip().lower() in lowered:
        return f" Did you mean '{lowered[word.strip().lower()]}'?"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" Did you mean '{close[0]}'?" if close else ""


EXCERPT_WIDTH = 100  # characters of a long line shown around the column
EXCERPT_MAX_BYTES = 2 * 1024 * 1024  # a content file larger than this is an error of its own


@dataclass(frozen=True)
class Excerpt:
    """The line an error points at, as it can be shown safely, and where the caret goes."""

    line: int
    text: str  # the line with tabs expanded and invisible characters made visible
    caret: int  # how many columns of `text` stand before the caret

    def lines(self) -> list[str]:
        """Rust's and Hugo's layout: the line number, the line, and a caret under the column."""
        number = str(self.line)
        return [f"    {number} | {self.text}", f"    {' ' * len(number)} | {' ' * self.caret}^"]


def read_lines(path: str) -> list[str] | None:
    """A content file's lines, read now (the error may be minutes old in the preview), or None
    for anything but a plain UTF-8 text file: never a link, a folder, a device or a pipe."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > EXCERPT_MAX_BYTES:
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(EXCERPT_MAX_BYTES + 1)
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return None


def shown_in_excerpt(character: str) -> tuple[str, int]:
    """How a character is shown in an excerpt, and how many columns it takes. Control and
    direction-changing characters are shown by name: printed raw they could drive the terminal
    or reorder the line."""
    code = ord(character)
    if character == "\t":
        return "    ", 4
    if code < 0x20 or code == 0x7F:
        shown = chr(0x2400 + code) if code < 0x20 else "\u2421"  # the Control Pictures: ␀ … ␟, ␡
        return shown, 1
    category = unicodedata.category(character)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        shown = f"<U+{code:04X}>"
        return shown, len(shown)
    if category == "Mn":
        return character, 0
    return character, 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def make_excerpt(lines: list[str], line: int, column: int) -> Excerpt | None:
    if not 1 <= line <= len(lines):
        return None
    raw = lines[line - 1]
    column = max(1, min(column, len(raw) + 1))
    start = max(0, column - 1 - EXCERPT_WIDTH // 2) if len(raw) > EXCERPT_WIDTH else 0
    end = min(len(raw), start + EXCERPT_WIDTH) if len(raw) > EXCERPT_WIDTH else len(raw)
    shown: list[str] = ["…"] if start else []
    width = 1 if start else 0
    caret = width
    for index in range(start, end):
        if index == column - 1:
            caret = width
        text, columns = shown_in_excerpt(raw[index])
        shown.append(text)
        width += columns
    if column - 1 >= end:
        caret = width
    if end < len(raw):
        shown.append("…")
    return Excerpt(line, "".join(shown), caret)


def excerpts(errors: Iterable[ContentError]) -> list[Excerpt | None]:
    """For each error, the line of its file it points at; each file is read once."""
    files: dict[str, list[str] | None] = {}
    found = []
    for error in errors:
        if error.path not in files:
            files[error.path] = read_lines(error.path)
        lines = files[error.path]
        found.append(make_excerpt(lines, error.line, error.column) if lines is not None else None)
    return found
