"""Step 2: paragraphs, with running headers, footers, page numbers and footnotes dropped by where
they stand and how small they are, and lines joined where a paragraph runs on (across a page too)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lines import CONTROL, Line
from .verbatim import normalise_space

# ---------------------------------------------------------------------------------------------
# Step 2: paragraphs


@dataclass(slots=True)
class Paragraph:
    page: int
    size: float
    bold: bool
    x: float
    bullet: bool
    lines: list[Line]
    text: str = ""

    @property
    def heading(self) -> bool:
        return False


_NUMBERED = re.compile(r"^\s*\d{1,3}\.(?:\s|(?=[A-Z]))")
TERMINAL = (".", "!", "?", ":", ";", "”", "’", ")")
_SUSPENDED = re.compile(r"(and|or)\s")


@dataclass(slots=True)
class Measures:
    body: float
    pitch: float
    left: float
    margin: float

    def similar(self, first: float, second: float) -> bool:
        return abs(first - second) <= 0.08 * self.body

    def is_body(self, size: float) -> bool:
        return self.similar(size, self.body)


def measure_type(pages: list[tuple[float, float, list[Line]]]) -> Measures:
    sizes: Counter[float] = Counter()
    for _, _, lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 12.0
    low, high = body - 0.3, body + 0.3
    gaps: Counter[int] = Counter()
    lefts: Counter[int] = Counter()
    rights: list[float] = []
    for _, _, lines in pages:
        before = None
        for line in lines:
            if low < line.size < high:
                if before is not None and before.y_last > line.y:
                    gaps[round(before.y_last - line.y)] += 1
                lefts[round(line.x)] += 1
                rights.append(line.right)
                before = line
            else:
                before = None
    pitch = gaps.most_common(1)[0][0] if gaps else body * 1.25
    left = lefts.most_common(1)[0][0] if lefts else 72.0
    rights.sort()
    margin = rights[int(len(rights) * 0.98)] if rights else 520.0
    return Measures(body, float(pitch), float(left), margin)


_ANY_NUMBER = re.compile(r"\d+")


def _margin_text(line: Line, height: float) -> str | None:
    """The line's words with numbers blanked, if it stands in the top or bottom margin."""
    if line.y < 100 or line.y > height - 90:
        return _ANY_NUMBER.sub("#", normalise_space(line.text))
    return None


def _running_texts(pages: list[tuple[float, float, list[Line]]]) -> set[str]:
    """Running headers and footers: the same words (numbers aside) in the margin of several pages."""
    seen: Counter[str] = Counter()
    for _, height, lines in pages:
        seen.update({text for line in lines if (text := _margin_text(line, height))})
    least = max(3, len(pages) // 4)
    return {text for text, count in seen.items() if count >= least and text != "#"}


def _running(line: Line, height: float, measures: Measures, repeated: set[str]) -> bool:
    """A page number, running header or footer."""
    text = line.text.strip()
    top = line.y + line.size
    if text.isdigit() and (line.y < 95 or line.y > height - 80):
        return True
    if line.size < 0.75 * measures.body and (top < 66 or line.y > height - 62):
        return True
    return _margin_text(line, height) in repeated


def _split_footnotes(lines: list[Line], measures: Measures) -> tuple[list[Line], list[Line]]:
    """Footnotes: the run of smaller lines at the foot of the page, beginning with a small number."""
    order = sorted(range(len(lines)), key=lambda index: lines[index].y)
    run: list[int] = []
    for index in order:
        line = lines[index]
        if not 0 < line.size < 0.92 * measures.body:
            break
        if run and line.y - lines[run[-1]].y_last > 2.5 * measures.pitch:
            break  # footnotes stand together at the foot of the page
        run.append(index)
    # The block begins with a footnote's number, set small (its size is measured on it).
    while run and not (lines[run[-1]].text.lstrip()[:1].isdigit() and lines[run[-1]].size < 0.75 * measures.body):
        run.pop()
    if not run:
        return lines, []
    chosen = set(run)
    body = [line for index, line in enumerate(lines) if index not in chosen]
    notes = [line for index, line in enumerate(lines) if index in chosen]
    return body, notes


def _would_fit(before: Line, after: Line, measures: Measures) -> bool:
    """Whether the first word of `after` had room at the end of `before`."""
    space = 0.28 * after.size
    return before.right + space + after.word_width < measures.margin - 1.5


def _starts_item(line: Line, paragraph: Paragraph) -> bool:
    return line.bullet or (_NUMBERED.match(line.text) is not None and line.x <= paragraph.x + 3)


def _breaks(before: Line, line: Line, paragraph: Paragraph, measures: Measures) -> bool:
    """Whether `line` begins a new paragraph after `before` on the same page."""
    if not measures.similar(line.size, before.size) or line.bold != before.bold:
        return True
    if line.y > before.y_last + 2:
        return True  # back up the page: another column or table cell
    if before.y_last - line.y > 1.4 * measures.pitch * line.size / measures.body:
        return True
    if _starts_item(line, paragraph):
        return True
    if _set_out_left(before, line):
        return True
    if before.x < measures.left + 40 and _would_fit(before, line, measures):
        return before.text.rstrip().endswith(TERMINAL) or before.right < measures.left + 0.6 * (
            measures.margin - measures.left
        )
    return False


def _continues(before: Line, line: Line, measures: Measures) -> bool:
    """Whether the first line of a page carries on the last paragraph of the page before."""
    if not measures.similar(before.size, line.size) or before.size > measures.body * 1.08:
        return False  # a heading, or a change of type
    if before.bold or line.bold:
        return False  # bold lines are headings and lead-ins, which do not run over a page
    if line.bullet or _NUMBERED.match(line.text):
        return False
    text = before.text.rstrip()
    if not text.endswith(TERMINAL) or line.text.lstrip()[:1].islower():
        return True
    if _set_out_left(before, line):
        return False
    return not _would_fit(before, line, measures)


def _set_out_left(before: Line, line: Line) -> bool:
    """Whether `line` starts a new paragraph because it begins left of a finished sentence it
    would carry on: a sub-heading over the next item of an indented list ("Quality of practice")."""
    return before.text.rstrip().endswith(TERMINAL) and line.x < before.x - 8


def join_lines(lines: list[Line]) -> str:
    """One paragraph's lines as one line of text. A hyphen at a line's end is real (Ofsted's
    text is ragged-right, never hyphenated to fit) and stays, with no space after it, except
    before "and" or "or" ("first- and second-line managers")."""
    parts: list[str] = []
    for line in lines:
        part = line.text.strip()
        if parts and not (parts[-1].endswith("-") and len(parts[-1]) > 1 and parts[-1][-2].isalnum()):
            parts.append(" ")
        elif parts and _SUSPENDED.match(part + " "):
            parts.append(" ")  # "pre- and post-adoption"
        parts.append(part)
    return normalise_space(CONTROL.sub("", "".join(parts)))


def read_paragraphs(
    pages: list[tuple[float, float, list[Line]]], measures: Measures
) -> tuple[list[Paragraph], list[str]]:
    paragraphs: list[Paragraph] = []
    footnotes: list[str] = []
    repeated = _running_texts(pages)
    for _, height, lines in pages:
        kept, notes = _split_footnotes(
            [line for line in lines if not _running(line, height, measures, repeated)], measures
        )
        # A footnote marker set beside a heading, on a line of its own.
        kept = [
            line
            for index, line in enumerate(kept)
            if not (
                line.text.strip().isdigit()
                and line.size < 0.8 * measures.body
                and index > 0
                and kept[index - 1].size > line.size
            )
        ]
        if notes:
            footnotes.append(join_lines(notes))
        first = True
        for line in kept:
            current = paragraphs[-1] if paragraphs else None
            if current is not None:
                before = current.lines[-1]
                if first:
                    new = not _continues(before, line, measures)
                else:
                    new = _breaks(before, line, current, measures)
            else:
                new = True
            if new:
                paragraphs.append(Paragraph(line.page, line.size, line.bold, line.x, line.bullet, [line]))
            else:
                current.lines.append(line)  # type: ignore[union-attr]
            first = False
    for paragraph in paragraphs:
        paragraph.text = join_lines(paragraph.lines)
    return [paragraph for paragraph in paragraphs if paragraph.text], footnotes
