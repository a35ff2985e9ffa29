"""What a narrative may hold before Python-Markdown reads it: bounds on the work it costs.

Python-Markdown's time grows with the square of some constructs, and its recursion with
the depth of others: 24 KB of `[` takes over 20 s, a thousand unclosed `<b ` tags 4 s,
a list nested 300 deep ends in RecursionError. Each limit here is checked in one pass
over the text, before Markdown sees it, and says where the construct is and what to
change. The limits are far above what a narrative needs (the in-depth profiles use two
levels of list, no unclosed brackets, a dozen headings) and far below where the cost
shows: `python -m benchmarks.narrative_limits` times each construct at its limit.
"""

from __future__ import annotations

import bisect
import re

from ..errors import ErrorLog

MAX_NARRATIVE_BYTES = 128 * 1024  # about 20,000 words; the longest profile so far is 3 KB
MAX_NESTING = 10  # lists and quotations inside one another
MAX_BRACKET_DEPTH = 8  # [ inside [ inside [ ...
MAX_UNCLOSED_SCAN = 200_000  # characters Markdown re-reads looking for the ] or ) that never comes
MAX_EMPHASIS_MARKS = 1_000  # * and _ in one paragraph (emphasis nested in emphasis recurses)
MAX_HEADINGS = 500
MAX_ABBREVIATIONS = 100  # *[HTML]: definitions; each is tried against every word

CONTAINER_MARK = re.compile(r">|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])")
INDENT = re.compile(r"[ \t]*")
ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
ABBREVIATION = re.compile(r" {0,3}\*\[[^\]]*\][ ]?:")
BLANK = re.compile(r"[ \t]*$")
# The marks the paragraph checks look at, in one pass: a paragraph break (a blank line), a
# backslash escape, brackets and parentheses, emphasis marks, and `<` starting a tag.
QUOTED = {quote: re.compile(f"{quote}[^{quote}\\n]*{quote}") for quote in "\"'"}  # a value, on one line
MARKS = re.compile(r"\n[ \t]*(?=\n|\Z)|\\.|[\[\]()*_]|<[A-Za-z]", re.DOTALL)


class Findings:
    """The first place each limit is passed, and how many places pass it: one message per limit,
    not thousands."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[int, str]] = {}
        self.count: dict[str, int] = {}

    def add(self, kind: str, offset: int, message: str) -> None:
        self.first.setdefault(kind, (offset, message))
        self.count[kind] = self.count.get(kind, 0) + 1


def within_limits(text: str, path: str, log: ErrorLog) -> bool:
    """Whether Markdown may be given `text`; if not, each limit it passes is logged, once, at the
    first place it is passed (with how many more there are)."""
    size = len(text.encode("utf-8"))
    if size > MAX_NARRATIVE_BYTES:
        log.add(
            path,
            1,
            1,
            f"the narrative is {size // 1024} KB, over the {MAX_NARRATIVE_BYTES // 1024} KB limit for a "
            "profile (about 20,000 words): shorten it",
        )
        return False
    findings = Findings()
    check_lines(text, findings)
    check_paragraphs(text, findings)
    line_starts = [0] + [found.end() for found in re.finditer("\n", text)]
    for kind, (offset, message) in findings.first.items():
        index = bisect.bisect_right(line_starts, offset) - 1
        more = findings.count[kind] - 1
        note = f" ({more} more like it in this file)" if more and kind not in COUNTED else ""
        log.add(path, index + 1, offset - line_starts[index] + 1, message + note)
    return not findings.first


COUNTED = {"headings", "abbreviations", "unclosed"}  # their messages say how many already


def check_lines(text: str, findings: Findings) -> None:
    headings = abbreviations = 0
    offset = 0
    previous_blank = True
    for line in text.split("\n"):
        if line[:1] in NESTING_STARTS:
            depth, column = nesting(line)
            if depth > MAX_NESTING:
                findings.add(
                    "nesting",
                    offset + column - 1,
                    f"lists and quotations are nested {depth} deep here, more than the {MAX_NESTING} a page "
                    "can show readably: indent less, or start a new list",
                )
        if ATX_HEADING.match(line) or (not previous_blank and SETEXT_UNDERLINE.match(line)):
            headings += 1
            if headings == MAX_HEADINGS + 1:
                findings.add("headings", offset, f"more than {MAX_HEADINGS} headings: a profile needs far fewer")
        if line[:4].lstrip(" ")[:2] == "*[" and ABBREVIATION.match(line):
            abbreviations += 1
            if abbreviations == MAX_ABBREVIATIONS + 1:
                findings.add(
                    "abbreviations",
                    offset,
                    f"more than {MAX_ABBREVIATIONS} abbreviations (*[…]: lines): each is looked for in every "
                    "word of the narrative, so keep to those a reader needs",
                )
        previous_blank = not line.strip()
        offset += len(line) + 1


NESTING_STARTS = frozenset(" \t>-*+0123456789")


def nesting(line: str) -> tuple[int, int]:
    """How deep lists and quotations nest on this line, and the column where its text starts.
    Each `>` or list marker is a level, and so is each 4 columns of indentation beyond the
    one space that follows a marker (a tab counts 4)."""
    depth = indentation = position = 0
    while True:
        spaces = INDENT.match(line, position)
        width = len(spaces.group()) + 3 * spaces.group().count("\t")
        indentation += width - (1 if depth and width else 0)
        position = spaces.end()
        found = CONTAINER_MARK.match(line, position)
        if not found:
            return depth + indentation // 4, position + 1
        depth += 1
        position = found.end()


def check_paragraphs(text: str, findings: Findings) -> None:
    """One pass over the marks Markdown's inline reading is costly on, paragraph by paragraph (it
    reads each paragraph on its own, so an unclosed bracket costs up to the paragraph's end)."""
    unclosed_cost = unclosed_count = 0
    first: tuple[int, str] | None = None  # the first unclosed mark: offset, mark
    brackets: list[int] = []
    links: list[tuple[int, bool]] = []
    emphasis = 0
    previous_end, previous = -1, ""

    def close_paragraph(end: int) -> None:
        nonlocal unclosed_cost, unclosed_count, first, emphasis
        left = sorted([(offset, "[") for offset in brackets] + [(offset, "(") for offset, link in links if link])
        unclosed_cost += sum(end - offset for offset, _ in left)
        unclosed_count += len(left)
        if left and first is None:
            first = left[0]
        brackets.clear()
        links.clear()
        emphasis = 0

    for found in MARKS.finditer(text):
        mark = found.group()
        if mark[0] == "\n":
            close_paragraph(found.start())
        elif mark[0] == "\\":
            pass
        elif mark == "[":
            brackets.append(found.start())
            if len(brackets) > MAX_BRACKET_DEPTH:
                findings.add(
                    "brackets",
                    found.start(),
                    f"square brackets are opened {len(brackets)} deep here, more than the {MAX_BRACKET_DEPTH} "
                    "Markdown can read quickly: close them, or write '\\[' for a bracket that is not part of a link",
                )
        elif mark == "]":
            if brackets:
                brackets.pop()
        elif mark == "(":
            links.append((found.start(), previous == "]" and previous_end == found.start()))
        elif mark == ")":
            if links:
                links.pop()
        elif mark in "*_":
            if text[found.start() - 1 : found.start()].strip() == text[found.end() : found.end() + 1].strip() == "":
                continue  # spaces on both sides (a list's '* ', a '3 * 4'): not emphasis
            emphasis += 1
            if emphasis == MAX_EMPHASIS_MARKS + 1:
                findings.add(
                    "emphasis",
                    found.start(),
                    f"this paragraph holds more than {MAX_EMPHASIS_MARKS} '*' and '_', which Markdown reads as "
                    "emphasis inside emphasis: write '\\*' or '\\_' for those that are not emphasis",
                )
        elif tag_end(text, found.start()) is None:
            findings.add(
                "tags",
                found.start(),
                "this '<' starts an HTML tag that does not end with '>' on the same line: finish the tag on "
                "this line, or write '&lt;' for a '<' that is not a tag",
            )
        previous, previous_end = mark, found.end()
    close_paragraph(len(text))
    if unclosed_cost > MAX_UNCLOSED_SCAN and first is not None:
        offset, mark = first
        closer = "]" if mark == "[" else ")"
        what = "this '['" if mark == "[" else "this link's address, opened with '(',"
        findings.add(
            "unclosed",
            offset,
            f"{what} is never closed with '{closer}' in its paragraph, and the narrative has {unclosed_count} "
            f"such: Markdown reads on to the end of the paragraph for each, which would take too long. Close "
            f"each with '{closer}', or write '\\{mark}' for one that is not part of a link",
        )


def tag_end(text: str, start: int) -> int | None:
    """Where the tag starting at `start` ends (after its `>`), if it does on the same line without
    another `<` in it; a quoted attribute value may hold anything but its quote and a line break."""
    position = start + 1
    last = ""
    while position < len(text):
        character = text[position]
        if character == ">":
            return position + 1
        if character in "<\n":
            return None
        if character in "\"'" and last == "=":
            quoted = QUOTED[character].match(text, position)
            if quoted is None:
                return None
            position = quoted.end() - 1
        if not character.isspace():
            last = character
        position += 1
    return None
