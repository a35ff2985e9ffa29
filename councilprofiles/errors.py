"""Content errors: what went wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file; orders by file, then line, then column."""

    path: str
    line: int
    column: int
    message: str

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
