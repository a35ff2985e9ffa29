"""Step 1 of reading a report: its lines, each with where it stands on the page and its type
(PDFium gives each page's text in reading order; a handful of calls a line place it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...characters import FORBIDDEN_CHARACTERS


class UnreadableReport(Exception):
    """The file is not a report this module can read: it is reported and skipped, never guessed."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Step 1: lines, with where they stand on the page


@dataclass(slots=True)
class Line:
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
CONTROL = re.compile(f"[{FORBIDDEN_CHARACTERS}\r\ufeff\ue000-\uf8ff]")


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


def _page_lines(textpage: object, number: int, raw: object) -> list[Line]:
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

    lines: list[Line] = []
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
            lines.append(Line(number, left, bottom, bottom, right, 0.0, top - bottom, False, raw_line))
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
        line = Line(number, left, bottom, bottom_last, right, max(word_right - left, 0.0), size, bold, line_text)
        _clean(line)
        lines.append(line)
    return lines


def open_pages(path: Path) -> list[tuple[float, float, list[Line]]]:
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


def _clean(line: Line) -> None:
    """Bullets off; symbol-font characters to their letters; no control characters."""
    match = _LEADING_BULLET.match(line.text)
    if match and match.end() < len(line.text):
        line.bullet = True
        line.text = line.text[match.end() :]
    line.text = _SYMBOL_FONT.sub(lambda found: chr(ord(found.group()) - 0xF000), line.text)
