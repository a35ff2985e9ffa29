"""Reading one area SEND inspection report (Ofsted and CQC, framework of January 2023).

The report is the record: its title names the local area partnership, its first page prints the
fieldwork dates, the previous inspection's dates and the inspection outcome, then which council
and integrated care board make up the partnership; later pages list the areas for priority
action (outcome 3) and for improvement. Lines become paragraphs exactly as for the ILACS
reports (`report.py`, whose PDFium reading this shares); every quote is the report's words and
marks with only the layout undone. What cannot be read with certainty is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..characters import FORBIDDEN_CHARACTERS
from ..model import PartialDate, SendOutcome
from .report.facts import DATE_SPAN, DATES_LINE, fieldwork_dates, is_heading
from .report.lines import Line, UnreadableReport, open_pages
from .report.paragraphs import TERMINAL, Paragraph, join_lines, measure_type, read_paragraphs

# The outcome's fixed sentence, told apart by the words only it holds.
OUTCOME_WORDS = (
    (re.compile(r"typically lead to positive experiences and outcomes"), SendOutcome.POSITIVE),
    (re.compile(r"lead to inconsistent experiences and outcomes"), SendOutcome.INCONSISTENT),
    (re.compile(r"widespread and/or systemic failings"), SendOutcome.SYSTEMIC_FAILINGS),
)
# "The next full area SEND inspection will be within approximately three years"; "A monitoring
# inspection will be carried out within approximately 18 months".
NEXT_DUE = re.compile(
    r"(?P<kind>monitoring inspection|next full area SEND inspection)[^.]*?within approximately "
    r"(?P<number>\d+|three|five|eighteen) (?P<unit>months|years)",
    re.IGNORECASE,
)
NUMBER_WORDS = {"three": 3, "five": 5, "eighteen": 18}
TITLE = re.compile(r"Area SEND (?:monitoring )?inspection of .+")
PREVIOUS = re.compile(rf"Dates? of (?:the )?previous (?:area SEND )?inspection\s*:?\s*(?P<dates>{DATE_SPAN})")
# "Nottinghamshire County Council and NHS Nottingham and Nottinghamshire Integrated Care Board (ICB)
# are responsible for ...": the partnership as the report names it.
PARTNERSHIP = re.compile(
    r"(?:^|(?<=[.!?] ))(?P<names>[A-Z][^.]*?(?:Council|Board|ICB|\(ICB\)|Trust|London Borough of [^.]+?))"
    r" (?:are|is) (?:jointly )?responsible"
)
# The longest entry in the tables read with certainty is under 900 characters.
LONGEST_ITEM = 1000
FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")


@dataclass
class Point:
    """One entry of a table of actions as printed: its words, and the list they lead into."""

    text: str
    sub_points: list[str] = field(default_factory=list)

    @property
    def quotes(self) -> list[str]:
        return [self.text, *self.sub_points]


@dataclass(frozen=True)
class SendReading:
    """What one area SEND report says, as printed. Every quote is found in `text`."""

    path: Path
    title: str
    start: PartialDate | None
    end: PartialDate | None
    previous_end: PartialDate | None
    outcome: SendOutcome | None
    outcome_text: str | None
    next_due_months: int | None
    """How many months from the fieldwork's start the outcome says the next inspection is due."""
    partnership: str | None
    priority_actions: list[Point] = field(default_factory=list)
    improvements: list[Point] = field(default_factory=list)
    uncertain: tuple[str, ...] = ()
    """The headings of tables whose entries could not be read with certainty, and are left out."""
    text: str = ""


def read_send_report(path: Path) -> SendReading:
    """Read one area SEND report; raise UnreadableReport if it is not one."""
    pages = open_pages(path)
    if not pages:
        raise UnreadableReport(path, "the PDF has no pages")
    measures = measure_type(pages)
    paragraphs, _ = read_paragraphs(pages, measures)
    for paragraph in paragraphs:
        paragraph.text = FORBIDDEN.sub("", paragraph.text)
    first_page = [paragraph for paragraph in paragraphs if paragraph.page == 0]
    title = next((p.text for p in first_page if TITLE.fullmatch(p.text)), None)
    if title is None:
        raise UnreadableReport(
            path, "not an area SEND inspection report: its first page has no 'Area SEND inspection of'"
        )
    first = " ".join(paragraph.text for paragraph in first_page)
    dates = DATES_LINE.search(first)
    start, end = fieldwork_dates(dates.group("dates")) if dates else (None, None)
    previous = PREVIOUS.search(first)
    previous_start, previous_end = fieldwork_dates(previous.group("dates")) if previous else (None, None)
    outcome_paragraphs = section(paragraphs, "Inspection outcome", measures)
    outcome_text = "\n\n".join(p.text for p in outcome_paragraphs) or None
    opening = outcome_paragraphs[0].text if outcome_paragraphs else ""
    outcome = next((kind for pattern, kind in OUTCOME_WORDS if pattern.search(opening)), None)
    about = section(paragraphs, "Information about the local area partnership", measures)
    named = next((found for found in map(PARTNERSHIP.search, (p.text for p in about)) if found), None)
    # The column naming each action's responsible body stands beside the actions, not in them: a
    # table's paragraphs are replaced by their actions' pieces in the text quotes are checked against.
    in_columns: dict[int, list[Paragraph]] = {}
    uncertain: list[str] = []
    priority_actions = certain_items(paragraphs, "Areas for priority action", measures, in_columns, uncertain)
    improvements = certain_items(paragraphs, "Areas for improvement", measures, in_columns, uncertain)
    kept = [piece for paragraph in paragraphs for piece in in_columns.get(id(paragraph), [paragraph])]
    return SendReading(
        path=path,
        title=title,
        start=start,
        end=end,
        previous_end=previous_end or previous_start,
        outcome=outcome,
        outcome_text=outcome_text,
        next_due_months=next_due_months(outcome_text or ""),
        partnership=named.group("names") if named else None,
        priority_actions=priority_actions,
        improvements=improvements,
        uncertain=tuple(uncertain),
        text="\n\n".join(paragraph.text for paragraph in kept),
    )


def next_due_months(outcome_text: str) -> int | None:
    """The first interval the outcome sets (the monitoring inspection's, after outcome 3), in months."""
    match = NEXT_DUE.search(outcome_text)
    if match is None:
        return None
    number = match.group("number")
    count = int(number) if number.isdigit() else NUMBER_WORDS[number.lower()]
    return count * 12 if match.group("unit").lower() == "years" else count


def section(paragraphs: list[Paragraph], heading: str, measures: object) -> list[Paragraph]:
    """The paragraphs under the first heading reading `heading`, up to the next heading."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text == heading and is_heading(paragraph, measures):  # type: ignore[arg-type]
            following = []
            for item in paragraphs[index + 1 :]:
                if is_heading(item, measures):  # type: ignore[arg-type]
                    break
                following.append(item)
            return following
    return []


def certain_items(
    paragraphs: list[Paragraph],
    heading: str,
    measures: object,
    in_columns: dict[int, list[Paragraph]],
    uncertain: list[str],
) -> list[Point]:
    """`table_items`, or none (its heading added to `uncertain`) where they cannot be read with certainty."""
    try:
        return table_items(paragraphs, heading, measures, in_columns)
    except UncertainList:
        uncertain.append(heading)
        return []


def table_items(
    paragraphs: list[Paragraph], heading: str, measures: object, in_columns: dict[int, list[Paragraph]]
) -> list[Point]:
    """The entries of a table headed `heading` (its column headed the same, or headed after
    "Responsible body"), one an entry. Where the table has a column naming the responsible body,
    only the right-hand column (the actions) is taken, each paragraph holding other words mapped in
    `in_columns` to the pieces of it that are actions (none, for a body's own); a cell cut
    by a page break is joined again (its first part does not end a sentence)."""
    starts = [i for i, p in enumerate(paragraphs) if p.text == heading and is_heading(p, measures)]  # type: ignore[arg-type]
    if not starts:
        return []
    index = starts[0] + 1
    header = paragraphs[index] if index < len(paragraphs) else None
    titled = header is not None and is_heading(header, measures) and header.text.endswith(heading)  # type: ignore[arg-type]
    with_body = titled and header is not None and header.text.startswith("Responsible body")
    cells: list[Paragraph] = []
    for paragraph in paragraphs[index + 1 if titled else index :]:
        if is_heading(paragraph, measures) or paragraph.size < 0.8 * paragraphs[starts[0]].size:  # type: ignore[arg-type]
            break
        cells.append(paragraph)
    if with_body:
        boundary = (min(p.x for p in cells) if cells else 0.0) + 40
        pieces = []
        for cell in cells:
            columns = by_column(cell, boundary)
            actions = [piece for piece in columns if piece.x > boundary]
            if actions != [cell]:
                in_columns[id(cell)] = actions
            pieces.extend(columns)
        cells = [piece for piece in pieces if piece.x > boundary]
        actions = min((piece.x for piece in cells), default=0.0)
        if any(line.right > actions for piece in pieces if piece.x <= boundary for line in piece.lines):
            raise UncertainList(heading)  # one line of text running across both columns
    items = points(cells, heading)
    # Where the reading ran cells together (one entry of a whole page), the list is left out
    # whole: a part of it would misstate what Ofsted asks.
    if any(len(text) > LONGEST_ITEM for item in items for text in item.quotes):
        raise UncertainList(heading)
    return items


def points(cells: list[Paragraph], heading: str) -> list[Point]:
    """The table's cells as points: a bulleted cell after words ending in a colon is a point of
    their list, kept apart; a cell that does not end a sentence runs on into the next (a page
    break cut it). Where a list's end or a point's start cannot be told, UncertainList."""
    items: list[Point] = []
    cells = [part for whole in cells for part in outdented(whole)]
    for cell in cells:
        last = items[-1] if items else None
        if last is not None and cell.bullet and (last.sub_points or last.text.endswith(":")):
            last.sub_points.append(cell.text)  # a point of the list the item leads into
        elif last is not None and last.sub_points:
            if cell.x > last_bullet_x(cells, cell) and not last.sub_points[-1].endswith(TERMINAL):
                last.sub_points[-1] += " " + cell.text  # a list's point cut by a page break
            elif last.sub_points[-1].endswith(".") and not cell.bullet:
                items.extend(Point(text) for text in separate_points(cell))
            else:
                raise UncertainList(heading)  # words after a list: its own, or the next point's?
        elif last is not None and last.text.endswith(":"):
            raise UncertainList(heading)  # a list without bullets: where does it end?
        elif last is not None and not last.text.endswith(TERMINAL):
            last.text += " " + cell.text  # the rest of a cell cut by a page break
        else:
            items.extend(Point(text) for text in separate_points(cell))
    return items


def by_column(cell: Paragraph, boundary: float) -> list[Paragraph]:
    """A cell cut where its lines cross between a table's columns: PDFium reads a row's responsible
    body (the left column) into the end of the action above it when the body's lines come next in
    the file, but each line stands in one column, so its left edge says which."""
    runs: list[list[Line]] = []
    for line in cell.lines:
        if runs and (runs[-1][-1].x <= boundary) == (line.x <= boundary):
            runs[-1].append(line)
        else:
            runs.append([line])
    if len(runs) == 1:
        return [cell]
    return [
        Paragraph(run[0].page, run[0].size, run[0].bold, run[0].x, run[0].bullet, run, join_lines(run)) for run in runs
    ]


def outdented(cell: Paragraph) -> list[Paragraph]:
    """A bulleted cell, cut where a line starts left of its bullet: a point's words wrap under its
    own first word, never back out past the bullet, so such a line (PDFium reads it into the point
    when no gap is printed) is the next cell, the list's lead-in or an entry of its own."""
    if not cell.bullet:
        return [cell]
    cut = next((index for index, line in enumerate(cell.lines) if line.x < cell.x - 1), None)
    if cut is None:
        return [cell]
    point, rest = cell.lines[:cut], cell.lines[cut:]
    first = rest[0]
    after = Paragraph(first.page, first.size, first.bold, first.x, False, rest, join_lines(rest))
    return [Paragraph(cell.page, cell.size, cell.bold, cell.x, True, point, join_lines(point)), *outdented(after)]


def last_bullet_x(cells: list[Paragraph], cell: Paragraph) -> float:
    """Where the bulleted cell before `cell` starts: a cell set further in continues its point."""
    return next(p.x for p in reversed(cells[: cells.index(cell)]) if p.bullet)


def separate_points(cell: Paragraph) -> list[str]:
    """A cell's text, split where a line after a finished sentence opens with the cell's own first
    words ("Leaders across the partnership should ..."): two points printed without a gap between."""
    opening = " ".join(cell.text.split()[:4])
    texts, rest = [], cell.text
    for before, line in zip(cell.lines, cell.lines[1:], strict=False):
        if before.text.rstrip().endswith(".") and line.text.strip().startswith(opening):
            cut = rest.find(". " + opening)
            if cut > 0:
                texts.append(rest[: cut + 1])
                rest = rest[cut + 2 :]
    return [*texts, rest]


class UncertainList(Exception):
    """A table of actions whose entries could not be told apart with certainty."""
