"""Step 3: the facts a report prints, by its layout: kind, dates, lead inspector, judgements,
the headline, the opening of the summary and the list of what needs to improve."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ...model import Grade, PartialDate, VisitType
from .lines import Line, UnreadableReport, open_pages
from .paragraphs import TERMINAL, Measures, Paragraph, measure_type, read_paragraphs
from .verbatim import normalise_space


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
# Step 3: facts, by layout

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(_MONTHS.split("|"), start=1)}
_MONTH_NUMBER.update({name[:3].lower(): number for name, number in list(_MONTH_NUMBER.items())} | {"sept": 9})
_MONTH = rf"(?:{_MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# One date as printed, whole or in part: "2 December 2022", "21 November", "21", "1/06/2015".
_DATE_PART = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})|{_DAY}(?:\s+({_MONTH}))?(?:,?\s+(\d{{4}}))?")
_DATE_PART_TEXT = rf"(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTH})?(?:,?\s+\d{{4}})?)"
DATE_SPAN = rf"{_DATE_PART_TEXT}(?:\s*(?:to|until|[–—─-])\s*{_DATE_PART_TEXT})?"
# "Inspection dates: 21 November to 2 December 2022", "... 2022 and 14 to 15 February 2023".
DATES_LINE = re.compile(rf"Inspection dates?\s*:?\s*(?P<dates>{DATE_SPAN}(?:\s*(?:and|,)\s*{DATE_SPAN})*)")
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


def fieldwork_dates(printed: str) -> tuple[PartialDate | None, PartialDate | None]:
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


def _council_part(paragraphs: list[Paragraph], measures: Measures) -> list[Paragraph]:
    """The paragraphs before a combined report's part on the board: all a council's words are
    taken from these (the contents page lists the board's part, but not as a heading)."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.page > 0 and is_heading(paragraph, measures) and _BOARD_PART.fullmatch(paragraph.text):
            return paragraphs[:index]
    return paragraphs


def is_heading(paragraph: Paragraph, measures: Measures) -> bool:
    return paragraph.size > measures.body * 1.08 or (paragraph.bold and not paragraph.bullet)


def _titled(paragraph: Paragraph, measures: Measures) -> bool:
    """A heading, or a short line without a full stop that stands as one ("Help and protection")."""
    return is_heading(paragraph, measures) or (
        len(paragraph.text) < 90 and not paragraph.bullet and not paragraph.text.endswith(TERMINAL)
    )


def _sections(paragraphs: list[Paragraph], pattern: str, measures: Measures) -> list[int]:
    """Where headings reading exactly `pattern` stand (a contents page's entries are not headings)."""
    compiled = re.compile(pattern, re.IGNORECASE)
    return [
        index
        for index, paragraph in enumerate(paragraphs)
        if compiled.fullmatch(paragraph.text) and is_heading(paragraph, measures)
    ]


_LEAD_IN_END = ("because", "because:", ":")


def _opening(paragraphs: list[Paragraph], index: int, measures: Measures) -> str | None:
    """The opening of a summary from `index`: its first paragraph, or the first two if the first
    is very short. A lead-in ("Children's services in X are inadequate because:") brings its
    first finding with it, and any sub-heading between them, so that the quote stays whole."""
    chosen: list[Paragraph] = []
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


def _items(paragraphs: list[Paragraph], heading: int, measures: Measures) -> list[str]:
    """What a "what needs to improve" heading lists: its bullets or numbered paragraphs, from
    its sub-headings ("Priority and immediate action", "Areas for improvement") too, up to the
    next heading; where it lists nothing, the prose it has instead. An item that ends in a
    colon carries its sub-list, one sub-item a line."""
    items: list[str] = []
    stems: list[Paragraph] = []
    prose: list[str] = []
    following = paragraphs[heading + 1 :]
    for paragraph in following:
        if is_heading(paragraph, measures):
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
        elif items and not items[-1].endswith(TERMINAL) and paragraph.text[:1].islower():
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


def _item_follows(following: list[Paragraph], paragraph: Paragraph, measures: Measures) -> bool:
    """Whether the next paragraph after a short title line is another item of the list."""
    index = next(index for index, candidate in enumerate(following) if candidate is paragraph)
    after = following[index + 1] if index + 1 < len(following) else None
    return (
        after is not None
        and not is_heading(after, measures)
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


def _ilacs(layout: Layout, first: str, first_page: list[Paragraph], measures: Measures) -> _Facts:
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


def _sif(first: str, paragraphs: list[Paragraph], measures: Measures) -> _Facts:
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


def _earlier(paragraphs: list[Paragraph], measures: Measures) -> _Facts:
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


def _improvements(paragraphs: list[Paragraph], measures: Measures) -> list[str]:
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


def _title(first_page: list[Paragraph], measures: Measures) -> str:
    """The report's title: "Inspection of ..." and the lines in the same type after it."""
    parts: list[Paragraph] = []
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
    pages = open_pages(path)
    if not pages:
        raise UnreadableReport(path, "the PDF has no pages")
    return _reading(path, pages)


def _reading(path: Path, pages: list[tuple[float, float, list[Line]]]) -> ReportReading:
    measures = measure_type(pages)
    paragraphs, footnotes = read_paragraphs(pages, measures)
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

    dates = DATES_LINE.search(first)
    dates_printed = dates.group("dates").strip() if dates else None
    start, end = fieldwork_dates(dates_printed) if dates_printed else (None, None)
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
