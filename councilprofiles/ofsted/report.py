"""Reading one Ofsted report PDF into structured facts, quoting Ofsted's words exactly.

Ofsted's reports are the record (see `data/ofsted-ilacs/README.md`): this module reads what a
report prints on its first pages (layout, fieldwork dates, publication date, lead inspector,
every judgement, the headline sentence), the opening of its summary and its list of what needs
to improve, and the whole text, so that every quote can be checked against it.

A report is read in three steps:

1. **Lines.** pypdfium2 (Google's PDFium) gives each page's text in reading order; for each
   line we ask PDFium where its first and last characters stand and how large and heavy the
   type is (a handful of calls a line, not one a character).
2. **Paragraphs.** Running headers and footers, page numbers, footnotes and footnote markers
   are dropped by where they stand and how small they are; lines are joined into paragraphs
   by the space between them, by a change of type, by bullets and numbering, and by whether
   the next word would have fitted on a short line (Ofsted's reports are ragged-right: a
   line ends early only where a paragraph ends). A paragraph cut by a page break is joined
   again. Every quote is taken from these paragraphs, so it is the report's words and
   punctuation exactly with only the layout undone.
3. **Facts.** The layout is recognised from the first page, and each layout's fields are
   read by the wording Ofsted prints. Anything that cannot be read with certainty is left
   empty, never guessed; a file that is not a report at all raises `UnreadableReport`.

Why PDFium (measured over all 493 shared reports, see `benchmarks/report_reader.md`): text
alone came out of all 493 in about 27 s of processor time with pypdfium2, against minutes with
pypdf and pdfplumber (both pure Python over the same content streams); its reading order
and spacing were as clean as theirs, and it is the only one of the three whose per-line
geometry costs little enough to strip headers, footers and footnotes by position.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..characters import FORBIDDEN_CHARACTERS
from ..model import Grade, PartialDate, VisitType

__all__ = [
    "Layout",
    "ReportReading",
    "UnreadableReport",
    "contains_verbatim",
    "normalise_space",
    "read_report",
]


class Layout(StrEnum):
    """The report layouts Ofsted has used for inspections of children's services."""

    EARLIER = "earlier"
    """2012–13, before the single inspection framework: other grade scales, not imported."""
    SIF = "sif"
    """The single inspection framework, 2013–2018 (re-inspections and LSCB reviews included)."""
    ILACS = "ilacs"
    """Inspection of local authority children's services from 2018, with overall effectiveness."""
    ILACS_2026 = "ilacs-2026"
    """ILACS from April 2026: area grades and no overall effectiveness grade."""
    BOARD_REVIEW = "lscb-review"
    """A review of the Local Safeguarding Children Board alone: it judges the board, never the council."""

    @property
    def visit_types(self) -> tuple[VisitType, ...]:
        """The kinds of visit (the model's) a report in this layout can record; the first is taken
        when the dataset's row names none of them."""
        return LAYOUT_VISIT_TYPES[self]


LAYOUT_VISIT_TYPES = {
    Layout.EARLIER: (VisitType.EARLIER,),
    Layout.SIF: (VisitType.SIF, VisitType.SIF_REINSPECTION),
    Layout.ILACS: (VisitType.ILACS, VisitType.ILACS_STANDARD, VisitType.ILACS_SHORT),
    Layout.ILACS_2026: (VisitType.ILACS, VisitType.ILACS_STANDARD, VisitType.ILACS_SHORT),
    Layout.BOARD_REVIEW: (VisitType.LSCB_REVIEW,),
}


class UnreadableReport(Exception):
    """The file is not a report this module can read: it is reported and skipped, never guessed."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ReportReading:
    """What one report says, as printed. Every `str` field is found verbatim in `text`."""

    path: Path
    layout: Layout
    title: str
    """The report's title on its first page, e.g. `Inspection of Trafford local authority children's services`."""
    dates_printed: str | None
    """The fieldwork dates exactly as printed, e.g. `21 November to 2 December 2022`."""
    start: PartialDate | None
    end: PartialDate | None
    published: PartialDate | None
    """Printed by SIF and earlier reports only (`Report published: 12 May 2015`)."""
    lead_inspector: str | None
    """The name only, as printed (whitespace normalised); two names are joined by "and"."""
    lead_inspectors: tuple[str, ...]
    """Each lead inspector's name as printed: one, or two where a report names two."""
    judgements: dict[str, Grade]
    """Judgement area (`model.JUDGEMENT_AREAS`) to grade, in the framework's wording."""
    not_judged: tuple[str, ...]
    """Areas the report lists as "Not judged" (a small council with no adoptions, say)."""
    headline: str | None
    """The headline judgement sentence (SIF reports only)."""
    summary: str | None
    """The opening of the executive summary or headline findings; paragraphs separated by a blank line."""
    improvements: list[str]
    """What needs to improve, one item each, without bullets or numbering; an item with a sub-list
    carries it on the lines after its own, one sub-item a line."""
    text: str
    """The whole report, paragraphs separated by a blank line, headers, footers and footnotes removed."""
    footnotes: list[str] = field(default_factory=list)
    pages: int = 0
    third_grade_printed: str | None = None
    """How the judgement table words the third grade, where it grades one: `requires improvement`
    or `requires improvement to be good` (some reports of 2017–20 use the other framework's words)."""
    leadership_title: str | None = None
    """The leaders' judgement as the table titles it: `The impact of leaders on practice with children and families`."""
    council_published: PartialDate | None = None
    """Where a combined report's footnote says the sections about the council were published
    earlier, on their own (Slough's of 14 February 2014: "originally published on 11 February")."""


# ---------------------------------------------------------------------------------------------
# Text normalisation and the verbatim check


_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Runs of whitespace (line breaks, tabs, no-break spaces) as one space, none at the ends."""
    return _SPACE.sub(" ", text).strip()


def contains_verbatim(text: str, quote: str) -> bool:
    """Whether `quote` appears in `text` word for word and mark for mark, ignoring only how
    whitespace is laid out. Nothing looser: case, punctuation and apostrophes must match."""
    quote = normalise_space(quote)
    return bool(quote) and quote in normalise_space(text)


# ---------------------------------------------------------------------------------------------
# Step 1: lines, with where they stand on the page


@dataclass(slots=True)
class _Line:
    page: int
    x: float
    """Left edge of the first character."""
    y: float
    """Bottom of the first line (PDFium joins a line ending in a hyphen to the next)."""
    y_last: float
    """Bottom of the last physical line."""
    right: float
    """Right edge of the last character."""
    word_width: float
    """Width of the first word: would it have fitted at the end of the line before?"""
    size: float
    """Height of the type (PDFium's loose box), comparable within one report."""
    bold: bool
    text: str
    bullet: bool = False


# Characters the reports use as list bullets: Wingdings and Symbol glyphs mapped to the private
# use area, and their Unicode equivalents.
_BULLETS = "\u0336\u25fc\u25aa\u25a0\u2022\u25cf\u25e6\u25b6\u27a2\u2043\u2013\u2012\u2014\u2212-"
_LEADING_BULLET = re.compile(rf"^\s*(?:[\ue000-\uf8ff]|[{_BULLETS}](?=\s))\s*")
# A footnote marker glued to the word before it: `board1`, `services.2`, `needs’3`.
_GLUED_DIGITS = re.compile(r"(?<=[^\s\d])\d{1,2}(?=[\s.,;:)’”]|$)")
_WORD_CHAR = re.compile(r"\w")
# Symbol-font characters mapped to the private use area: U+F02D is the font's hyphen.
_SYMBOL_FONT = re.compile(r"[\uf020-\uf07e]")
# What content may not hold (characters.py: C0 and C1 controls, bidi controls, noncharacters),
# and besides line ends, byte order marks and unmapped symbol-font glyphs: never in a quote.
_CONTROL = re.compile(f"[{FORBIDDEN_CHARACTERS}\r\ufeff\ue000-\uf8ff]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_DIGIT = re.compile(r"\d")


def _utf16_index(text: str) -> list[int] | None:
    """Python index → PDFium text index, where the page has characters outside the BMP."""
    if not _ASTRAL.search(text):
        return None
    index, position = [], 0
    for char in text:
        index.append(position)
        position += 2 if ord(char) > 0xFFFF else 1
    index.append(position)
    return index


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of a page's text with where it starts. PDFium ends a line with CR LF, but where
    a line ends in a hyphen it writes U+FFFE instead of the hyphen and runs on into the next
    line, which may be a footnote: such a line is split again, its hyphen put back."""
    position = 0
    for line in text.split("\r\n"):
        start = position
        position += len(line) + 2
        while "\ufffe" in line:
            cut = line.index("\ufffe")
            yield start, line[:cut] + "-"
            start, line = start + cut + 1, line[cut + 1 :]
        yield start, line


def _page_lines(textpage: object, number: int, raw: object) -> list[_Line]:
    text = textpage.get_text_range()  # type: ignore[attr-defined]
    handle = textpage.raw  # type: ignore[attr-defined]
    utf16 = _utf16_index(text)
    # PDFium's text and its list of characters line up one to one unless it added or left out
    # characters; only then is each position translated (a call a character).
    direct = textpage.count_chars() == (utf16[-1] if utf16 else len(text))  # type: ignore[attr-defined]
    box = raw.FS_RECTF()  # type: ignore[attr-defined]
    char_index = raw.FPDFText_GetCharIndexFromTextIndex  # type: ignore[attr-defined]
    loose_box = raw.FPDFText_GetLooseCharBox  # type: ignore[attr-defined]
    weight = raw.FPDFText_GetFontWeight  # type: ignore[attr-defined]

    def index_of(offset: int) -> int:
        position = utf16[offset] if utf16 else offset
        return position if direct else char_index(handle, position)

    def measure(offset: int) -> tuple[float, float, float, float]:
        loose_box(handle, index_of(offset), box)
        return box.left, box.bottom, box.right, box.top

    lines: list[_Line] = []
    for start, raw_line in _physical_lines(text):
        stripped = raw_line.strip()
        if not stripped:
            continue
        lead = raw_line.index(stripped[0])
        last = start + len(raw_line.rstrip()) - 1
        word = _WORD_CHAR.search(raw_line)
        if word is None:
            # Only symbols: a rule, a bullet on a line of its own.
            left, bottom, right, top = measure(start + lead)
            lines.append(_Line(number, left, bottom, bottom, right, 0.0, top - bottom, False, raw_line))
            continue
        # Size, height and weight from the first letter or digit (a bullet is in another font).
        left, bottom, _, top = measure(start + word.start())
        size = top - bottom
        bold = weight(handle, index_of(start + word.start())) >= 600
        if word.start() != lead:
            left = measure(start + lead)[0]
        _, bottom_last, right, _ = measure(last)
        # The first word: up to the first space (or the line's end).
        space = raw_line.find(" ", lead)
        word_right = measure(start + (space if space > 0 else len(raw_line.rstrip())) - 1)[2]
        line_text = raw_line
        if _DIGIT.search(raw_line):
            # Footnote markers: digits set smaller and higher than the character before them.
            for match in reversed(list(_GLUED_DIGITS.finditer(raw_line))):
                _, digit_bottom, _, digit_top = measure(start + match.start())
                _, before_bottom, _, before_top = measure(start + match.start() - 1)
                if digit_top - digit_bottom < 0.8 * (before_top - before_bottom) and digit_bottom > before_bottom + 0.5:
                    line_text = line_text[: match.start()] + line_text[match.end() :]
        line = _Line(number, left, bottom, bottom_last, right, max(word_right - left, 0.0), size, bold, line_text)
        _clean(line)
        lines.append(line)
    return lines


def _open(path: Path) -> list[tuple[float, float, list[_Line]]]:
    """Each page's size and lines; UnreadableReport for anything that is not a readable PDF."""
    try:
        with path.open("rb") as file:
            head = file.read(1024)
            file.seek(0, 2)
            size = file.tell()
            file.seek(max(size - 2048, 0))
            tail = file.read()
    except OSError as error:
        raise UnreadableReport(path, f"cannot be opened: {error.strerror or error}") from error
    if b"%PDF-" not in head:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype" in lowered or b"<head" in lowered:
            raise UnreadableReport(path, "a saved web page (HTML), not a PDF: download the report again from its link")
        raise UnreadableReport(path, "not a PDF (it does not begin with %PDF)")
    if b"%%EOF" not in tail:
        raise UnreadableReport(path, "the PDF is cut short (no %%EOF at its end): download it again")

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise UnreadableReport(path, "the PDF is encrypted with a password") from error
        raise UnreadableReport(path, f"the PDF is damaged ({reason})") from error
    pages = []
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            width, height = page.get_size()
            pages.append((width, height, _page_lines(textpage, number, raw)))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as error:
        raise UnreadableReport(path, f"the PDF is damaged ({error})") from error
    finally:
        document.close()
    return pages


# ---------------------------------------------------------------------------------------------
# Step 2: paragraphs


@dataclass(slots=True)
class _Paragraph:
    page: int
    size: float
    bold: bool
    x: float
    bullet: bool
    lines: list[_Line]
    text: str = ""

    @property
    def heading(self) -> bool:
        return False


_NUMBERED = re.compile(r"^\s*\d{1,3}\.(?:\s|(?=[A-Z]))")
_TERMINAL = (".", "!", "?", ":", ";", "”", "’", ")")
_SUSPENDED = re.compile(r"(and|or)\s")


@dataclass(slots=True)
class _Measures:
    body: float
    pitch: float
    left: float
    margin: float

    def similar(self, first: float, second: float) -> bool:
        return abs(first - second) <= 0.08 * self.body

    def is_body(self, size: float) -> bool:
        return self.similar(size, self.body)


def _measures(pages: list[tuple[float, float, list[_Line]]]) -> _Measures:
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
    return _Measures(body, float(pitch), float(left), margin)


_ANY_NUMBER = re.compile(r"\d+")


def _margin_text(line: _Line, height: float) -> str | None:
    """The line's words with numbers blanked, if it stands in the top or bottom margin."""
    if line.y < 100 or line.y > height - 90:
        return _ANY_NUMBER.sub("#", normalise_space(line.text))
    return None


def _running_texts(pages: list[tuple[float, float, list[_Line]]]) -> set[str]:
    """Running headers and footers: the same words (numbers aside) in the margin of several pages."""
    seen: Counter[str] = Counter()
    for _, height, lines in pages:
        seen.update({text for line in lines if (text := _margin_text(line, height))})
    least = max(3, len(pages) // 4)
    return {text for text, count in seen.items() if count >= least and text != "#"}


def _running(line: _Line, height: float, measures: _Measures, repeated: set[str]) -> bool:
    """A page number, running header or footer."""
    text = line.text.strip()
    top = line.y + line.size
    if text.isdigit() and (line.y < 95 or line.y > height - 80):
        return True
    if line.size < 0.75 * measures.body and (top < 66 or line.y > height - 62):
        return True
    return _margin_text(line, height) in repeated


def _split_footnotes(lines: list[_Line], measures: _Measures) -> tuple[list[_Line], list[_Line]]:
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


def _would_fit(before: _Line, after: _Line, measures: _Measures) -> bool:
    """Whether the first word of `after` had room at the end of `before`."""
    space = 0.28 * after.size
    return before.right + space + after.word_width < measures.margin - 1.5


def _starts_item(line: _Line, paragraph: _Paragraph) -> bool:
    return line.bullet or (_NUMBERED.match(line.text) is not None and line.x <= paragraph.x + 3)


def _breaks(before: _Line, line: _Line, paragraph: _Paragraph, measures: _Measures) -> bool:
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
        return before.text.rstrip().endswith(_TERMINAL) or before.right < measures.left + 0.6 * (
            measures.margin - measures.left
        )
    return False


def _continues(before: _Line, line: _Line, measures: _Measures) -> bool:
    """Whether the first line of a page carries on the last paragraph of the page before."""
    if not measures.similar(before.size, line.size) or before.size > measures.body * 1.08:
        return False  # a heading, or a change of type
    if before.bold or line.bold:
        return False  # bold lines are headings and lead-ins, which do not run over a page
    if line.bullet or _NUMBERED.match(line.text):
        return False
    text = before.text.rstrip()
    if not text.endswith(_TERMINAL) or line.text.lstrip()[:1].islower():
        return True
    if _set_out_left(before, line):
        return False
    return not _would_fit(before, line, measures)


def _set_out_left(before: _Line, line: _Line) -> bool:
    """Whether `line` starts a new paragraph because it begins left of a finished sentence it
    would carry on: a sub-heading over the next item of an indented list ("Quality of practice")."""
    return before.text.rstrip().endswith(_TERMINAL) and line.x < before.x - 8


def _clean(line: _Line) -> None:
    """Bullets off; symbol-font characters to their letters; no control characters."""
    match = _LEADING_BULLET.match(line.text)
    if match and match.end() < len(line.text):
        line.bullet = True
        line.text = line.text[match.end() :]
    line.text = _SYMBOL_FONT.sub(lambda found: chr(ord(found.group()) - 0xF000), line.text)


def _join(lines: list[_Line]) -> str:
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
    return normalise_space(_CONTROL.sub("", "".join(parts)))


def _paragraphs(
    pages: list[tuple[float, float, list[_Line]]], measures: _Measures
) -> tuple[list[_Paragraph], list[str]]:
    paragraphs: list[_Paragraph] = []
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
            footnotes.append(_join(notes))
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
                paragraphs.append(_Paragraph(line.page, line.size, line.bold, line.x, line.bullet, [line]))
            else:
                current.lines.append(line)  # type: ignore[union-attr]
            first = False
    for paragraph in paragraphs:
        paragraph.text = _join(paragraph.lines)
    return [paragraph for paragraph in paragraphs if paragraph.text], footnotes


# ---------------------------------------------------------------------------------------------
# Step 3: facts, by layout

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(_MONTHS.split("|"), start=1)}
_MONTH_NUMBER.update({name[:3].lower(): number for name, number in list(_MONTH_NUMBER.items())} | {"sept": 9})
_MONTH = rf"(?:{_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# One date as printed, whole or in part: "2 December 2022", "21 November", "21", "1/06/2015".
_DATE_PART = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})|{_DAY}(?:\s+({_MONTH}))?(?:,?\s+(\d{{4}}))?")
_DATE_PART_TEXT = rf"(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTH})?(?:,?\s+\d{{4}})?)"
_SPAN = rf"{_DATE_PART_TEXT}(?:\s*(?:to|until|[–—─-])\s*{_DATE_PART_TEXT})?"
# "Inspection dates: 21 November to 2 December 2022", "... 2022 and 14 to 15 February 2023".
_DATES_LINE = re.compile(rf"Inspection dates?\s*:?\s*(?P<dates>{_SPAN}(?:\s*(?:and|,)\s*{_SPAN})*)")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_PUBLISHED = re.compile(
    rf"(?:Report )?[Pp]ublished\s*:?\s*({_DAY}\s+(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)
_INSPECTOR = re.compile(
    r"(?:^|\s)(?:Lead|Reporting) inspectors?(?: on site)?\s*:?\s*(?P<names>.+?)"
    r"(?=\s*(?:Deputy|Team inspectors?|Inspectors?:|Shadow|Senior inspector|Quality assurance|Report author"
    r"|Age group|Published|Judgement\b|$))",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"(?:,\s*|\s+)(?:\(?HMI\)?|(?:His|Her) Majesty[’']s Inspector(?:\s*\(HMI\))?|Ofsted Inspector|"
    r"Social Care Regulatory Inspector|Senior HMI|Regulatory Inspection Manager)\.?(?=\s|,|$)"
)
_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|le|la|du|da|di))*")
_GRADE = r"(outstanding|good|requires? improvement(?: to be good)?|inadequate)"
_GRADES = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "inadequate": Grade.INADEQUATE,
}

_ILACS_AREAS = (
    # 2026 reports drop "social work"; some print a full stop after a label.
    ("leadership", r"The impact of leaders on (?:social work )?practice with children and families\.?"),
    ("help_and_protection", r"The experiences and progress of children who need help and protection\.?"),
    ("children_in_care_and_care_leavers", r"The experiences and progress of children in care and care leavers\.?"),
    ("children_in_care", r"The experiences and progress of children in care\.?(?! and)"),
    ("care_leavers", r"The experiences and progress of care leavers\.?"),
    ("overall_effectiveness", r"Overall effectiveness"),
)
_SIF_AREAS = (
    ("help_and_protection", r"(?:1\.\s*)?Children who need help and protection"),
    ("children_in_care", r"(?:2\.\s*)?Children looked after and achieving permanence"),
    ("adoption", r"(?:2\.1\s*)?Adoption performance"),
    ("care_leavers", r"(?:2\.2\s*)?Experiences and progress of care leavers"),
    ("leadership", r"(?:3\.\s*)?Leadership, management and governance"),
)
_SIF_HEADLINE = re.compile(
    rf"The overall judgement is (?:that )?(?:children[’']s services? (?:are |is )?)?{_GRADE}"
    rf"|Children[’']s services(?: in .{{1,60}}?)? (?:(?:are|is) )?{_GRADE}",
    re.IGNORECASE,
)


def _grade(words: str, layout: Layout) -> Grade:
    words = words.lower()
    if "improvement" in words:
        return Grade.REQUIRES_IMPROVEMENT if layout is Layout.SIF else Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD
    return _GRADES[words]


def _date(day: str, month: str, year: str) -> PartialDate:
    return PartialDate.parse(f"{int(year):04d}-{_MONTH_NUMBER[month.lower().rstrip('.')]:02d}-{int(day):02d}")


def _fieldwork(printed: str) -> tuple[PartialDate | None, PartialDate | None]:
    """First and last day of fieldwork, as printed; none if a date printed is not a real one.

    A part printed without its month or year ("21 November to 2 December 2022", "5 to 9
    December") takes them from the next part that prints them: fieldwork lasts weeks, so that
    is the only reading, except that a month later in the year than the next part's must be in
    the year before ("30 December to 10 January 2020"). One date alone is when the inspection
    took place as far as the report says: its start; the end is not printed.
    """
    parts: list[list[int | None]] = []
    for match in _DATE_PART.finditer(printed):
        if match.group(1):
            parts.append([int(match.group(1)), int(match.group(2)), int(match.group(3))])
        else:
            month = _MONTH_NUMBER[match.group(5).lower().rstrip(".")] if match.group(5) else None
            parts.append([int(match.group(4)), month, int(match.group(6)) if match.group(6) else None])
    for index, part in enumerate(parts):
        later = parts[index + 1 :]
        if part[1] is None:
            part[1] = next((other[1] for other in later if other[1] is not None), None)
        if part[2] is None:
            following = next((other for other in later if other[2] is not None), None)
            if following is not None and part[1] is not None and following[1] is not None:
                part[2] = following[2] - 1 if part[1] > following[1] else following[2]
    if not parts or any(value is None for part in parts for value in part):
        return None, None
    try:
        dates = [PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}") for day, month, year in parts]  # type: ignore[str-format]
    except ValueError:
        return None, None
    return dates[0], (dates[-1] if len(dates) > 1 else None)


def _numeric_date(match: re.Match[str]) -> PartialDate | None:
    day, month, year = (int(group) for group in match.groups())
    try:
        return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
    except ValueError:
        return None


def _inspectors(text: str) -> tuple[str, ...]:
    """The lead inspector's name as printed, without the title after it; two where a report names
    two ("Lead inspectors: A, His Majesty's Inspector, and B, His Majesty's Inspector")."""
    match = _INSPECTOR.search(text)
    if not match:
        return ()
    names = normalise_space(_ROLE.sub("", match.group("names")))
    found = tuple(part for part in re.split(r",?\s+and\s+|,\s*", names) if part)
    # A name is a few capitalised words; anything else is not a name we can be sure of.
    if not found or any(not _NAME.fullmatch(name) or len(name.split()) > 5 for name in found):
        return ()
    return found


def _layout(first: str) -> Layout | None:
    if re.search(r"Judgement\s+Grade", first) and "The impact of leaders" in first:
        rows, _ = _table_rows(first)
        return Layout.ILACS if any(area == "overall_effectiveness" for area, _, _ in rows) else Layout.ILACS_2026
    if re.search(r"(?:Re-?inspection|Inspection) of services for children in need of help and protection", first):
        return Layout.SIF
    if re.search(r"Inspection of (?:safeguarding and )?looked after children(?:'s|’s)? services", first, re.I):
        return Layout.EARLIER
    if re.search(r"Review of the effectiveness of the Local Safeguarding Children Board", first, re.I):
        return Layout.BOARD_REVIEW
    return None


# Where a combined report's part on the Local Safeguarding Children Board begins: its own summary,
# recommendations and judgement follow, and none of them is the council's.
_BOARD_PART = re.compile(
    r"(?:Section \d+: )?(?:The )?(?:effectiveness of the )?(?:Local |[\w ]+ )?Safeguarding Children Board(?: \(LSCB\))?"
    r"|The LSCB",
    re.IGNORECASE,
)


def _council_part(paragraphs: list[_Paragraph], measures: _Measures) -> list[_Paragraph]:
    """The paragraphs before a combined report's part on the board: all a council's words are
    taken from these (the contents page lists the board's part, but not as a heading)."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.page > 0 and _is_heading(paragraph, measures) and _BOARD_PART.fullmatch(paragraph.text):
            return paragraphs[:index]
    return paragraphs


def _is_heading(paragraph: _Paragraph, measures: _Measures) -> bool:
    return paragraph.size > measures.body * 1.08 or (paragraph.bold and not paragraph.bullet)


def _titled(paragraph: _Paragraph, measures: _Measures) -> bool:
    """A heading, or a short line without a full stop that stands as one ("Help and protection")."""
    return _is_heading(paragraph, measures) or (
        len(paragraph.text) < 90 and not paragraph.bullet and not paragraph.text.endswith(_TERMINAL)
    )


def _sections(paragraphs: list[_Paragraph], pattern: str, measures: _Measures) -> list[int]:
    """Where headings reading exactly `pattern` stand (a contents page's entries are not headings)."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return [
        index
        for index, paragraph in enumerate(paragraphs)
        if compiled.fullmatch(paragraph.text) and _is_heading(paragraph, measures)
    ]


_LEAD_IN_END = ("because", "because:", ":")


def _opening(paragraphs: list[_Paragraph], index: int, measures: _Measures) -> str | None:
    """The opening of a summary from `index`: its first paragraph, or the first two if the first
    is very short. A lead-in ("Children's services in X are inadequate because:") brings its
    first finding with it, and any sub-heading between them, so that the quote stays whole."""
    chosen: list[_Paragraph] = []
    for paragraph in paragraphs[index:]:
        if paragraph.size > measures.body * 1.08 and not (not chosen and paragraph.text.endswith(_LEAD_IN_END)):
            break  # the next section
        titled = _titled(paragraph, measures)
        lead_in = paragraph.text.endswith(_LEAD_IN_END)
        if titled and not lead_in and not (chosen and chosen[-1].text.endswith(_LEAD_IN_END)):
            break  # a heading, unless it stands between a lead-in and its first finding
        chosen.append(paragraph)
        if len(chosen) > 3:
            return None
        if titled or lead_in:
            continue
        if sum(len(item.text) for item in chosen) >= 200 or len(chosen) >= 2:
            break
    if not chosen or _titled(chosen[-1], measures) or chosen[-1].text.endswith(_LEAD_IN_END):
        return None
    return "\n\n".join(item.text for item in chosen)


_ITEM_NUMBER = re.compile(r"^\d{1,3}\.\s*")


# A sub-heading taken into the item before it: set on its last line by PDFium ("… from home and
# care. Areas for improvement") or under it with no space between ("… is maintained." then
# "Leadership, management and governance"). An item's own text ends in a full stop.
_GLUED_SUB_HEADING = re.compile(r"(?<=[.;])\s+[A-Z][^.;:!?()]{0,60}$")
_SUB_HEADING = re.compile(
    r"(?:Priority and immediate action|Immediate action|Areas for (?:priority )?improvement|Immediately"
    r"|Within (?:\w+ )?(?:months?|weeks?))[:.]?",
    re.IGNORECASE,
)


# An item that introduces a sub-list: "... by:", "... by: (paragraph 150)".
_STEM_END = re.compile(r":(?:\s*\([^)]*\))?$")
# "… a performance management framework; this to include" and its sub-list.
_INCLUDE_END = re.compile(r"\b(?:to include|including)$")
# "There are no areas of priority action": a statement under a sub-heading, not an item.
_NOTHING = re.compile(r"There (?:are|were) no |The inspection did not (?:find|identify) any ", re.IGNORECASE)
_INTRODUCTION = re.compile(r"following actions?[.:]$|^\d{1,3}\.\s*In order to improve", re.IGNORECASE)


def _items(paragraphs: list[_Paragraph], heading: int, measures: _Measures) -> list[str]:
    """What a "what needs to improve" heading lists: its bullets or numbered paragraphs, from
    its sub-headings ("Priority and immediate action", "Areas for improvement") too, up to the
    next heading; where it lists nothing, the prose it has instead. An item that ends in a
    colon carries its sub-list, one sub-item a line."""
    items: list[str] = []
    stems: list[_Paragraph] = []
    prose: list[str] = []
    following = paragraphs[heading + 1 :]
    for paragraph in following:
        if _is_heading(paragraph, measures):
            if _SUB_HEADING.fullmatch(paragraph.text):
                continue
            break
        if paragraph.bullet:
            if stems and paragraph.x > stems[-1].x + 8 and _leads_in(items[-1]):
                items[-1] += "\n" + paragraph.text  # a sub-item, set further in
                continue
            items.append(_GLUED_SUB_HEADING.sub("", paragraph.text))
            stems.append(paragraph)
        elif _ITEM_NUMBER.match(paragraph.text):
            if _INTRODUCTION.search(paragraph.text) or _NOTHING.match(_ITEM_NUMBER.sub("", paragraph.text)):
                continue  # "28. In order to improve ..., the local authority should take the following action."
            items.append(_GLUED_SUB_HEADING.sub("", _ITEM_NUMBER.sub("", paragraph.text)))
            stems.append(paragraph)
        elif items and paragraph.size < 0.92 * measures.body:
            continue  # a footnote set within the list
        elif items and not items[-1].endswith(_TERMINAL) and paragraph.text[:1].islower():
            items[-1] += " " + paragraph.text  # an item broken around a footnote marker
        elif items and _titled(paragraph, measures) and _item_follows(following, paragraph, measures):
            continue  # a sub-heading within the list ("Leadership, management and governance")
        elif items:
            break
        else:
            prose.append(paragraph.text)
    return items or prose[:3]


def _leads_in(item: str) -> bool:
    """Whether an item introduces a sub-list: it ends in a colon or "to include", or has sub-items already."""
    return bool(_STEM_END.search(item) or _INCLUDE_END.search(item)) or "\n" in item


def _item_follows(following: list[_Paragraph], paragraph: _Paragraph, measures: _Measures) -> bool:
    """Whether the next paragraph after a short title line is another item of the list."""
    index = next(index for index, candidate in enumerate(following) if candidate is paragraph)
    after = following[index + 1] if index + 1 < len(following) else None
    return (
        after is not None
        and not _is_heading(after, measures)
        and (after.bullet or _ITEM_NUMBER.match(after.text) is not None)
    )


# An ILACS table's rows, told apart by their labels' key words (checked in this order), so that
# a label's wording or a slip in it ("The experiences and progress of children care leavers")
# does not lose a grade.
_ROW_AREAS = (
    ("overall effectiveness", "overall_effectiveness"),
    ("help and protection", "help_and_protection"),
    ("in care and care leavers", "children_in_care_and_care_leavers"),
    ("care leavers", "care_leavers"),
    ("in care", "children_in_care"),
    ("impact of leaders", "leadership"),
)
_ROW = re.compile(rf"\s*(?P<label>.{{3,100}}?)\s+{_GRADE}\b", re.IGNORECASE)


def _table_rows(first: str) -> tuple[list[tuple[str, str, str]], int]:
    """(area, grade words, label) for each row of the judgement table, and where the table ends in `first`."""
    heading = re.search(r"Judgement\s+Grade", first)
    if heading is None:
        return [], 0
    rows: list[tuple[str, str, str]] = []
    position = heading.end()
    while True:
        match = _ROW.match(first, position)
        if match is None:
            break
        label = match.group("label").lower()
        area = next((area for words, area in _ROW_AREAS if words in label), None)
        if area is None or any(area == seen for seen, _, _ in rows):
            break
        if area == "overall_effectiveness" and label.strip() != "overall effectiveness":
            break  # the words in a sentence after a 2026 table, which has no such row
        rows.append((area, match.group(2), normalise_space(match.group("label"))))
        position = match.end()
        if area == "overall_effectiveness":
            break
    return rows, position


@dataclass
class _Facts:
    """What each layout's reading finds, before it becomes a ReportReading."""

    judgements: dict[str, Grade] = field(default_factory=dict)
    not_judged: list[str] = field(default_factory=list)
    headline: str | None = None
    summary: str | None = None
    third_grade_printed: str | None = None
    leadership_title: str | None = None

    def printed(self, words: str) -> None:
        """Note how the table words the third grade ("Requires improvement to be good")."""
        if "improvement" in words.lower():
            self.third_grade_printed = normalise_space(words.lower()).replace("require ", "requires ")


def _ilacs(layout: Layout, first: str, first_page: list[_Paragraph], measures: _Measures) -> _Facts:
    facts = _Facts()
    rows, end = _table_rows(first)
    for area, words, label in rows:
        facts.judgements[area] = _grade(words, layout)
        facts.printed(words)
        if area == "leadership":
            facts.leadership_title = label
    # Ofsted's headline findings: the paragraphs after the judgement table on the first page.
    if rows:
        offset = 0
        for index, paragraph in enumerate(first_page):
            if offset >= end:
                facts.summary = _opening(first_page, index, measures)
                break
            offset += len(paragraph.text) + 1
    return facts


def _sif(first: str, paragraphs: list[_Paragraph], measures: _Measures) -> _Facts:
    facts = _Facts()
    match = _SIF_HEADLINE.search(first)
    if match:
        facts.headline = match.group(0)
        facts.judgements["overall_effectiveness"] = _grade(match.group(1) or match.group(2), Layout.SIF)
    for area, label in _SIF_AREAS:
        match = re.search(rf"{label}\s+(?:{_GRADE}\b|(not judged))", first, re.IGNORECASE)
        if match and match.group(1):
            facts.judgements[area] = _grade(match.group(1), Layout.SIF)
            facts.printed(match.group(1))
        elif match:
            facts.not_judged.append(area)
    for heading in (
        r"Executive summary",
        r"(?:Section 1: [^-–]*[-–] |The local authority [-–] )?Summary of (?:key )?findings",
    ):
        found = _sections(paragraphs, heading, measures)
        if found:
            facts.summary = _opening(paragraphs, found[0] + 1, measures)
            break
    return facts


def _earlier(paragraphs: list[_Paragraph], measures: _Measures) -> _Facts:
    """Reports from before the SIF graded on other scales ("Grade 3 (Adequate)"): no grades are
    taken, but the first paragraph on overall effectiveness is Ofsted's summary."""
    facts = _Facts()
    found = _sections(paragraphs, r"Overall effectiveness of (?:services|the council)\D*", measures)
    if found:
        start = found[0] + 1
        if start < len(paragraphs) and re.fullmatch(r"Grade \d.*", paragraphs[start].text):
            start += 1
        facts.summary = _opening(paragraphs, start, measures)
    return facts


_IMPROVEMENT_HEADINGS = (
    r"What needs to improve[?:]?",
    r"What does the local authority need to improve\??",
    r"Recommendations:?",
    r"Areas for improvement",
)
# The heading set in body type, so not told from text by its size: on a line of its own, or (as
# PDFium sets some) on the same line as the last words before it: "… multiple occupation. Recommendations".
_BODY_TYPE_RECOMMENDATIONS = re.compile(r"(?:.*[.;] )?Recommendations:?")


def _improvements(paragraphs: list[_Paragraph], measures: _Measures) -> list[str]:
    """The council's list, from the council's part of the report only (`_council_part`)."""
    for heading in _IMPROVEMENT_HEADINGS:
        for index in _sections(paragraphs, heading, measures):
            items = _items(paragraphs, index, measures)
            if items:
                return items
    for index, paragraph in enumerate(paragraphs):
        if _BODY_TYPE_RECOMMENDATIONS.fullmatch(paragraph.text):
            items = _items(paragraphs, index, measures)
            if items and _ITEM_NUMBER.match(paragraphs[index + 1].text):
                return items
    return []


def _title(first_page: list[_Paragraph], measures: _Measures) -> str:
    """The report's title: "Inspection of ..." and the lines in the same type after it."""
    parts: list[_Paragraph] = []
    for paragraph in first_page:
        if parts:
            if not measures.similar(paragraph.size, parts[0].size) or paragraph.text.startswith("Inspection date"):
                break
            parts.append(paragraph)
        elif re.match(r"(?:Re-?inspection|Inspection|Review) of", paragraph.text):
            parts.append(paragraph)
    title = " ".join(paragraph.text for paragraph in parts)
    return re.split(r"\s+(?:Inspection dates?\b|Report published\b)", title, maxsplit=1)[0]


# A combined report of 2014 tells in a footnote when the council's sections first came out alone.
_COUNCIL_PUBLISHED = re.compile(
    r"sections of this report that are about the local authority were originally published on\s+"
    rf"({_DAY}\s+(?:{_MONTHS})\s+\d{{4}})"
)


def _published(first: str, pattern: re.Pattern[str] = _PUBLISHED) -> PartialDate | None:
    match = pattern.search(first)
    if not match:
        return None
    numeric = _NUMERIC.fullmatch(match.group(1))
    if numeric:
        return _numeric_date(numeric)
    day, month, year = match.group(1).split()[-3:]
    try:
        return _date(re.sub(r"\D", "", day), month, year)
    except ValueError:
        return None


def read_report(path: Path) -> ReportReading:
    """Read one report; raise UnreadableReport if it is not a report this module can read."""
    pages = _open(path)
    if not pages:
        raise UnreadableReport(path, "the PDF has no pages")
    return _reading(path, pages)


def _reading(path: Path, pages: list[tuple[float, float, list[_Line]]]) -> ReportReading:
    measures = _measures(pages)
    paragraphs, footnotes = _paragraphs(pages, measures)
    first_page = [paragraph for paragraph in paragraphs if paragraph.page == 0]
    first = " ".join(paragraph.text for paragraph in first_page)
    layout = _layout(first)
    if layout is None:
        if not first:
            reason = "not a recognised Ofsted children's services report: there is no text on its first page"
        else:
            reason = (
                "not a recognised Ofsted children's services report: its first page is not a layout this reader knows"
            )
        raise UnreadableReport(path, reason)

    council = _council_part(paragraphs, measures)
    if layout is Layout.BOARD_REVIEW:
        facts, council = _Facts(), []  # the board's judgement and words, none of them the council's
    elif layout is Layout.SIF:
        facts = _sif(first, council, measures)
    elif layout is Layout.EARLIER:
        facts = _earlier(council, measures)
    else:
        facts = _ilacs(layout, first, first_page, measures)

    dates = _DATES_LINE.search(first)
    dates_printed = dates.group("dates").strip() if dates else None
    start, end = _fieldwork(dates_printed) if dates_printed else (None, None)
    inspectors = _inspectors(first)
    if not inspectors and layout in (Layout.SIF, Layout.EARLIER):
        # SIF reports name their team at the end, under "Information about this inspection".
        for paragraph in paragraphs:
            if re.match(r"(?:Lead|Reporting) inspector", paragraph.text, re.IGNORECASE):
                inspectors = _inspectors(paragraph.text)
                if inspectors:
                    break

    return ReportReading(
        path=path,
        layout=layout,
        title=_title(first_page, measures),
        dates_printed=dates_printed,
        start=start,
        end=end,
        published=_published(first),
        lead_inspector=" and ".join(inspectors) or None,
        lead_inspectors=inspectors,
        judgements=facts.judgements,
        not_judged=tuple(facts.not_judged),
        headline=facts.headline,
        summary=facts.summary,
        improvements=_improvements(council, measures),
        text="\n\n".join(paragraph.text for paragraph in paragraphs),
        footnotes=footnotes,
        pages=len(pages),
        third_grade_printed=facts.third_grade_printed,
        leadership_title=facts.leadership_title,
        council_published=_published(normalise_space(" ".join(footnotes)), _COUNCIL_PUBLISHED),
    )


def main() -> None:
    """Show what the reader makes of reports: `python -m councilprofiles.ofsted.report FILE...`."""
    import sys

    for name in sys.argv[1:]:
        try:
            reading = read_report(Path(name))
        except UnreadableReport as error:
            print(f"{error}")
            continue
        print(f"== {name}: {reading.layout} ({reading.pages} pages)")
        print(f"title: {reading.title}")
        print(f"dates: {reading.dates_printed!r} -> {reading.start} .. {reading.end}; published {reading.published}")
        print(f"lead inspector: {reading.lead_inspector}")
        for area, grade in reading.judgements.items():
            print(f"  {area}: {grade}")
        for area in reading.not_judged:
            print(f"  {area}: not judged")
        print(f"headline: {reading.headline}")
        print(f"summary: {reading.summary}")
        for item in reading.improvements:
            print(f"  - {item}")


if __name__ == "__main__":
    main()
