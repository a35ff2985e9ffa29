"""What each page shows, computed from the model: ordering, trends, labels, citations.

Templates present; they do not compute. Everything a template needs to decide
(which grade came before, which way a council moved, which number a citation has)
is worked out here, once, in plain Python that tests can reach.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..cache import stored_profile
from ..model import (
    AREA_LABELS,
    AREA_SHORT_LABELS,
    GRADE_EXPLANATIONS,
    JUDGEMENT_AREAS,
    SEND_FRAMEWORK_BEGAN,
    Council,
    DateKind,
    Figure,
    FigureValue,
    Framework,
    Grade,
    Inspection,
    Milestone,
    PartialDate,
    Predecessor,
    Profile,
    Quote,
    Region,
    SendInspection,
    SendOutcome,
    Source,
    VisitType,
)
from .charts import (
    AREAS_ONLY,
    GRADE_NAMES,
    MARKERS,
    NO_GRADE,
    STANDING_NAMES,
    StackedBarChart,
    grade_count_chart,
)
from .fragments import GRADE_ANCHORS


@dataclass(frozen=True, slots=True)
class Trend:
    """How a council's newest graded inspection compares with the graded inspection before it,
    overall where both give an overall grade, else area by area; worded as a sentence."""

    direction: str  # improved | declined | unchanged | mixed | first | unknown
    label: str
    symbol: str
    previous: TimelineEntry | None = None
    sentence: str = ""  # the change told in a sentence of its own, for the opening paragraph


TREND_FIRST = Trend(
    "first", "First graded inspection on record", "•", sentence="It is the first graded inspection on record here."
)


@dataclass(frozen=True, slots=True)
class Citation:
    """A source as cited on a page: its number there and its anchor."""

    number: int
    source: Source
    anchor: str


@dataclass(frozen=True, slots=True)
class DateFact:
    """One dated fact about an inspection, labelled with what kind of date it is."""

    label: str  # Fieldwork | Published by Ofsted | Reported
    start: PartialDate
    end: PartialDate | None = None
    by: str | None = None  # who reported it, for a reported date
    citation: Citation | None = None  # the source of a reported date
    note: str | None = None

    @property
    def text(self) -> str:
        """The fact as plain sentences, for feeds: `Reported: 6 April 2017, by …. Ofsted's own …`."""
        text = f"{self.label}: {self.start.display}"
        if self.end:
            text += f" to {self.end.display}"
        if self.by:
            text += f", by {self.by}"
        return f"{text}. {self.note}" if self.note else f"{text}."


# One date rule: an inspection is labelled everywhere by the date Ofsted published it (what a
# reader can look up, and when its grades became the council's), its fieldwork shown beside it as
# a range. Only where Ofsted's publication date is not known does a label use another date, and
# then it says which: the visit's own dates, or the date another publication reported it.
DATE_PREFIXES = {
    DateKind.PUBLISHED: "",
    DateKind.HAPPENED: "",
    DateKind.FIELDWORK: "Visited",
    DateKind.REPORTED: "Reported",
}


def label_date(inspection: Inspection) -> tuple[PartialDate, DateKind]:
    """The date an inspection is labelled and ordered by, and what kind of date it is (DATE_PREFIXES)."""
    if inspection.published:
        return inspection.published, DateKind.PUBLISHED
    return inspection.date, inspection.date_kind


# How a paragraph of a report's summary ends when it leads into a list of findings ("Children's
# services in Enfield are good because:"); the importer quotes such a lead-in with its first
# finding only (councilprofiles/ofsted/report.py, _opening).
LEAD_IN_ENDINGS = ("because", ":")


def in_sentence(name: str) -> str:
    """A publisher's name as it reads after 'by': `A provider's page` → `a provider's page`."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An") and rest else name


PUBLISHED_LABEL = "Published by Ofsted"
FOLD_AFTER = 5  # items of a list shown open on the timeline; a longer list is folded under its count


def date_facts(inspection: Inspection | SendInspection, citations: dict[str, Citation]) -> list[DateFact]:
    """Every date of an inspection, each named for what it is: fieldwork, Ofsted's publication,
    or another publication's report of it (with who reported it, and its source; an area SEND
    inspection has no such report on record)."""
    facts = []
    if inspection.start:
        facts.append(DateFact("Fieldwork", inspection.start, inspection.end))
    elif inspection.end:
        facts.append(DateFact("Fieldwork ended", inspection.end))
    if inspection.published:
        facts.append(DateFact(PUBLISHED_LABEL, inspection.published))
    if isinstance(inspection, Inspection) and inspection.reported:
        citation = citations[inspection.reported.source]
        facts.append(
            DateFact(
                "Reported",
                inspection.reported.date,
                by=in_sentence(citation.source.publisher),
                citation=citation,
                note=None if inspection.published else "Ofsted's own publication date is not known.",
            )
        )
    return facts


@dataclass(frozen=True, slots=True)
class JudgementRow:
    area: str
    label: str
    grade: Grade
    short_label: str = ""


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a council stands now: what its newest graded inspection judged, whatever that was.

    From April 2026 Ofsted grades four areas and gives no overall grade, so a standing is an
    overall grade, or area grades only, or (where a report's grades are not on record) neither;
    it is never an older inspection's overall grade standing in for the newest inspection's.
    """

    entry: TimelineEntry
    overall: Grade | None
    areas: list[JudgementRow]
    trend: Trend

    @property
    def areas_only(self) -> bool:
        """Area grades from an inspection whose framework gives no overall grade (from April 2026)."""
        assert self.entry.inspection is not None
        return self.overall is None and bool(self.areas) and not self.entry.inspection.gives_overall_grade

    @property
    def rank(self) -> int:
        """For counting, filtering and sorting: the overall grade's number, or AREAS_ONLY, or NO_GRADE."""
        if self.overall is not None:
            return self.overall.rank
        return AREAS_ONLY if self.areas_only else NO_GRADE

    @property
    def label(self) -> str:
        return STANDING_NAMES[self.rank]

    @property
    def published(self) -> PartialDate:
        """When the standing became public: the report's publication, else the inspection's own date."""
        return self.entry.date

    @property
    def published_label(self) -> str:
        """What kind of date `published` is, in a word: Ofsted's publication, or (that not being
        known) the date another publication reported it, or the inspection's own date."""
        return "Published" if self.entry.date_kind is DateKind.PUBLISHED else self.entry.date_prefix

    @property
    def when(self) -> str:
        """`published 18 May 2026`, `visited March 2017`: the date in a sentence, saying what it is."""
        return f"{self.published_label.lower()} {self.published.display}"

    @property
    def note(self) -> str | None:
        """What a reader must know when there is no overall grade to show."""
        if self.overall is not None:
            return None
        if self.areas_only:
            return "Ofsted no longer gives an overall grade: since April 2026 it grades each area on its own."
        if self.areas:
            return "The overall grade of this inspection is not on record here: see the Ofsted report."
        return "The grades of this inspection are not on record here: see the Ofsted report."


@dataclass(slots=True)
class TimelineEntry:
    """One event on a council's timeline, inspection or milestone, ready to show."""

    anchor: str
    date: PartialDate
    kind: str  # inspection | milestone
    title: str
    inspection: Inspection | None = None
    milestone: Milestone | None = None
    judgements: list[JudgementRow] = field(default_factory=list)
    overall: Grade | None = None
    change: str | None = None
    citations: list[Citation] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    report: Citation | None = None  # the report Ofsted's own words are quoted from
    date_kind: DateKind = DateKind.HAPPENED
    date_facts: list[DateFact] = field(default_factory=list)
    send: SendInspection | None = None  # an area SEND inspection: an outcome, never grades

    @property
    def send_outcome_paragraphs(self) -> list[str]:
        """The report's 'Inspection outcome' section, paragraph by paragraph, as printed."""
        words = self.send.from_report if self.send else None
        return paragraphs(words.outcome if words else None)

    @property
    def send_priority_actions_unquoted(self) -> bool:
        """Whether the report sets areas for priority action (its outcome is the third) that are
        not quoted here (the import could not read them with certainty): the page must not let
        its areas for improvement pass for the whole list."""
        send = self.send
        if send is None or send.outcome is not SendOutcome.SYSTEMIC_FAILINGS:
            return False
        return not (send.from_report and send.from_report.priority_actions)

    @property
    def send_report(self) -> Citation | None:
        """The area SEND report itself, to send a reader to: the one quoted, else the first with a link."""
        if self.report is not None:
            return self.report
        return next((citation for citation in self.citations if citation.source.url), None)

    @property
    def report_paragraphs(self) -> list[str]:
        """The opening of the report's summary, paragraph by paragraph, as the report prints it."""
        words = self.inspection.from_report if self.inspection else None
        return paragraphs(words.summary if words else None)

    @property
    def report_blocks(self) -> list[ReportBlock]:
        """The paragraphs of the report's summary, each marked where it is one of the report's own
        sub-headings ("Leadership, management and governance"): a short line with no sentence's
        ending, followed by more of the summary. Shown as a sub-heading inside the quotation, its
        words unchanged, rather than read as a sentence of Ofsted's."""
        paragraphs = self.report_paragraphs
        return [
            ReportBlock(text, index < len(paragraphs) - 1 and is_sub_heading(text))
            for index, text in enumerate(paragraphs)
        ]

    @property
    def report_quoted_to_first_finding(self) -> bool:
        """Whether the quote stops at the first of the findings its lead-in introduces: the caption
        then says the report gives them all, so that one finding is not read as Ofsted's whole case."""
        return any(paragraph.endswith(LEAD_IN_ENDINGS) for paragraph in self.report_paragraphs[:-1])

    @property
    def date_prefix(self) -> str:
        """The word before the date where it is not Ofsted's publication or a milestone's own (DATE_PREFIXES)."""
        return DATE_PREFIXES[self.date_kind]

    @property
    def improvements_folded(self) -> bool:
        """Whether Ofsted's list of what must improve is long enough to fold under its count
        (some run to 35 points), so the timeline can be scanned."""
        words = self.inspection.from_report if self.inspection else None
        return words is not None and len(words.improvements) > FOLD_AFTER

    @property
    def area_grades_text(self) -> str:
        """The area grades in a phrase, for lists that show one line an inspection."""
        return area_grades_sentence(self.judgements)

    @property
    def shown_date_facts(self) -> list[DateFact]:
        """The dates listed under the event's heading: all but the publication the heading gives."""
        if self.date_kind is not DateKind.PUBLISHED:
            return self.date_facts
        return [fact for fact in self.date_facts if fact.label != PUBLISHED_LABEL]

    @property
    def grading_note(self) -> str | None:
        """Why no grades are shown, where a reader would look for them: a graded kind of inspection
        whose grades are not on record, or one from before the SIF. Visits that are never graded
        need no note on every entry; the About page says which kinds are graded."""
        if self.inspection is None or self.judgements:
            return None
        kind = self.inspection.type
        return kind.grading_note if kind.graded or kind is VisitType.EARLIER else None

    @property
    def date_phrase(self) -> str:
        """The date in a sentence: `6 April 2017`, or `reported 6 April 2017`."""
        prefix = self.date_prefix.lower()
        return f"{prefix} {self.date.display}" if prefix else self.date.display


def paragraphs(text: str | None) -> list[str]:
    """A quoted text's paragraphs, as the report prints them: stored with a blank line between."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


@dataclass(frozen=True, slots=True)
class ReportBlock:
    text: str
    heading: bool


SUB_HEADING_LENGTH = 90  # the longest sub-heading of a report's summary on record is 59 characters


def is_sub_heading(paragraph: str) -> bool:
    """A report's sub-heading, as the reader keeps it: one short line that ends as no sentence does."""
    return len(paragraph) <= SUB_HEADING_LENGTH and "\n" not in paragraph and not paragraph.endswith(SENTENCE_ENDINGS)


SENTENCE_ENDINGS = (".", ":", ";", "?", "!", "because", "”", '"', ")")


@dataclass(frozen=True, slots=True)
class QuoteView:
    quote: Quote
    citation: Citation
    inspection_anchor: str | None
    inspection_title: str | None


@dataclass(frozen=True, slots=True)
class FigureView:
    figure: Figure
    citations: list[Citation]

    @property
    def only_reading(self) -> FigureValue | None:
        """The reading of a figure that has just one: it reads better as a sentence than as a table."""
        return self.figure.values[0] if len(self.figure.values) == 1 else None


@dataclass(slots=True)
class CouncilView:
    """Everything a council page shows."""

    profile: Profile
    council: Council
    timeline: list[TimelineEntry]
    latest: TimelineEntry | None
    standing: Standing | None
    citations: list[Citation]
    quotes: list[QuoteView]
    figures: list[FigureView]
    inspection_count: int
    graded_count: int
    first_year: int | None
    last_year: int | None
    graded: list[TimelineEntry] = field(default_factory=list)  # graded inspections, oldest first
    neighbours: list[CouncilView] = field(default_factory=list)
    takeovers: list[Takeover] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def has_narrative(self) -> bool:
        return bool(self.profile.narrative_html)

    @property
    def summary(self) -> str:
        """The editors' summary, or one computed from the record: facts only, never invented prose."""
        return self.council.summary or self.present

    @property
    def present(self) -> str:
        """Where the council stands now, in a paragraph: the first thing its page says."""
        return present_paragraph(self)

    @property
    def send_now(self) -> SendInspection | None:
        """The newest area SEND inspection on record (framework of 2023), whatever its outcome."""
        return max(self.council.send_inspections, key=lambda send: send.date.sort_key, default=None)

    @property
    def send_filter(self) -> str:
        """The home table's SEND filter value, apart from the grades: Ofsted's number for the newest
        outcome (1 to 3), `unknown` where its outcome is not on record, `none` with no inspection."""
        send = self.send_now
        if send is None:
            return SEND_NONE
        return str(send.outcome.number) if send.outcome else SEND_UNKNOWN

    @property
    def send_sentence(self) -> str:
        """Where the council's SEND arrangements stand, said apart from its children's services grades."""
        return send_sentence(self.council.name, self.send_now)

    @property
    def quotes_apart(self) -> list[QuoteView]:
        """Quotations about no one inspection: those about one are shown in its timeline entry."""
        return [item for item in self.quotes if item.inspection_anchor is None]

    @property
    def timeline_newest_first(self) -> list[TimelineEntry]:
        """The timeline as the page shows it: the present first, which is what a reader comes for;
        the grade grid above it reads the journey the other way, oldest to newest."""
        return self.timeline[::-1]

    @property
    def holds_visit_letters(self) -> bool:
        """Whether the profile records Ofsted's ungraded visits (its letters): imported profiles hold
        only inspections, and their pages say so rather than let a reader think there were none."""
        return any(not entry.inspection.type.graded for entry in self.timeline if entry.inspection is not None)

    @property
    def grid(self) -> GradeGrid | None:
        """Drawn only for the council's own page (the one place it is shown), each time asked."""
        return grade_grid(self)

    @property
    def grade_data(self) -> list[tuple[str, str]]:
        """The grades the home table filters and sorts by, as its rows' data attributes: overall,
        each area (children in care and care leavers each take a grade they shared), and `order`,
        the sort rule: the overall grade; where Ofsted gave none, the average of the area grades
        (three outstanding areas and one good sit between outstanding and good); nothing on record, last."""
        grades = {area: "" for area in FILTER_AREAS.values()}
        order = float(NO_GRADE)
        if self.standing is not None:
            ranks = {row.area: row.grade.rank for row in self.standing.entry.judgements}
            for area, name in FILTER_AREAS.items():
                rank = ranks.get(area) or ranks.get(SHARED_GRADE_OF.get(area, ""))
                grades[name] = str(rank) if rank else ""
            areas = [rank for area, rank in ranks.items() if area != "overall_effectiveness"]
            if self.standing.overall is not None:
                order = float(self.standing.overall.rank)
            elif areas:
                order = sum(areas) / len(areas)
        return [*grades.items(), ("order", f"{order:.2f}")]

    @property
    def latest_rank(self) -> int:
        """For sorting by grade: 1 is best; area grades only next; councils with no grade on record last."""
        return self.standing.rank if self.standing else NO_GRADE


# The home table's filters and sorts: each area by the name of its data attribute.
FILTER_AREAS = {
    "overall_effectiveness": "overall",
    "leadership": "leaders",
    "help_and_protection": "help",
    "children_in_care": "care",
    "care_leavers": "leavers",
}
SHARED_GRADE_OF = {
    "children_in_care": "children_in_care_and_care_leavers",
    "care_leavers": "children_in_care_and_care_leavers",
}


@dataclass(frozen=True, slots=True)
class RegionGroup:
    region: Region
    councils: list[CouncilView]


def inspection_title(inspection: Inspection) -> str:
    title = inspection.type.label
    if inspection.type is VisitType.MONITORING_VISIT and inspection.number is not None:
        title = f"{title} {inspection.number}"
    return title


def judgement_rows(inspection: Inspection) -> list[JudgementRow]:
    """Grades in Ofsted's order, labelled in the wording of the inspection's framework."""
    if inspection.judgements is None:
        return []
    labels = AREA_LABELS.get(inspection.type.framework, AREA_LABELS[Framework.ILACS])
    if inspection.leadership_title:
        labels = {**labels, "leadership": inspection.leadership_title}
    rows = []
    for area in JUDGEMENT_AREAS:
        grade = getattr(inspection.judgements, area)
        if grade is not None:
            if grade.rank == 3 and inspection.grade_wording:
                grade = Grade(inspection.grade_wording.value)  # the same grade, in the words the report prints
            label = labels.get(area, area.replace("_", " ").capitalize())
            rows.append(JudgementRow(area, label, grade, AREA_SHORT_LABELS[area]))
    return rows


# The area an inspection judged and the areas of an earlier inspection it is compared with:
# before 2023 children in care and care leavers were one judgement, so each is compared with it.
COMPARED_AREAS = {
    "leadership": ("leadership",),
    "help_and_protection": ("help_and_protection",),
    "children_in_care": ("children_in_care", "children_in_care_and_care_leavers"),
    "care_leavers": ("care_leavers", "children_in_care_and_care_leavers"),
    "children_in_care_and_care_leavers": ("children_in_care_and_care_leavers",),
    "adoption": ("adoption",),
}


def entry_year(entry: TimelineEntry) -> int:
    return entry.date.year


def describe_change(previous: TimelineEntry | None, current: TimelineEntry) -> Trend:
    """The change from the previous graded inspection to this one, in words a reader understands."""
    if previous is None:
        return TREND_FIRST
    year = entry_year(previous)
    if not current.judgements:
        return Trend("unknown", "Not known: this inspection's grades are not on record here", "?", previous)
    if not previous.judgements:
        return Trend("unknown", f"Not known: the grades of the {year} inspection are not on record here", "?", previous)
    if current.overall is not None and previous.overall is not None:
        before, now = previous.overall, current.overall
        earlier = f"the inspection {previous_phrase(previous)}"
        if now.rank < before.rank:
            sentence = f"That is better than {earlier}, which judged them {before.value}."
            return Trend("improved", f"Better than in {year}, when it was {before.value}", "▲", previous, sentence)
        if now.rank > before.rank:
            sentence = f"That is worse than {earlier}, which judged them {before.value}."
            return Trend("declined", f"Worse than in {year}, when it was {before.value}", "▼", previous, sentence)
        sentence = f"That is the same as {earlier}."
        return Trend("unchanged", f"The same as in {year}: {now.value}", "▶", previous, sentence)
    return compare_areas(previous, current, year)


def previous_phrase(previous: TimelineEntry) -> str:
    """`published in June 2022`: the inspection compared with, by the date it is labelled with."""
    prefix = previous.date_prefix.lower() or "published"
    return (
        f"{prefix} in {previous.date.display}" if previous.date.day is None else f"{prefix} on {previous.date.display}"
    )


def compare_areas(previous: TimelineEntry, current: TimelineEntry, year: int) -> Trend:
    """Area by area, for an inspection with no overall grade (Ofsted's framework from April 2026)."""
    before = {row.area: row.grade for row in previous.judgements if row.area != "overall_effectiveness"}
    better = same = worse = 0
    shared = 0  # areas compared with a grade they shared with another area then
    for row in current.judgements:
        area = next((area for area in COMPARED_AREAS.get(row.area, ()) if area in before), None)
        if row.area == "overall_effectiveness" or area is None:
            continue
        earlier = before[area]
        shared += area == "children_in_care_and_care_leavers" != row.area
        if row.grade.rank < earlier.rank:
            better += 1
        elif row.grade.rank > earlier.rank:
            worse += 1
        else:
            same += 1
    compared = better + same + worse
    if not compared:
        return Trend("unknown", f"Not known: the {year} inspection graded other areas", "?", previous)
    merged = (
        f" (children in care and care leavers, graded apart now, were one grade in {year}: each is compared with it)"
        if shared == 2
        else ""
    )
    earlier = f"the inspection {previous_phrase(previous)}"
    if same == compared:
        label = f"The same as in {year} in {area_count(same, every=True)}{merged}"
        sentence = f"Against {earlier}, every area compared is graded the same{merged}."
        return Trend("unchanged", label, "▶", previous, sentence)
    counts = [("better", better), ("the same", same), ("worse", worse)]
    words = join_words([f"{word} in {area_count(count)}" for word, count in counts if count])
    direction = "improved" if not worse else "declined" if not better else "mixed"
    symbol = {"improved": "▲", "declined": "▼", "mixed": "◆"}[direction]
    sentence = f"Against {earlier}: {words}{merged}."
    return Trend(direction, f"Compared with {year}: {words}{merged}", symbol, previous, sentence)


def area_count(count: int, every: bool = False) -> str:
    if every:
        return "the one area graded" if count == 1 else f"all {count} areas"
    return "1 area" if count == 1 else f"{count} areas"


def join_words(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def published_date(entry: TimelineEntry) -> PartialDate:
    """When an inspection's findings became public: its report's publication, else its own date."""
    inspection = entry.inspection
    return inspection.published if inspection is not None and inspection.published else entry.date


def send_title(send: SendInspection) -> str:
    """`Area SEND inspection: inconsistent experiences and outcomes`: the outcome in Ofsted's words."""
    return f"Area SEND inspection: {send.outcome.value}" if send.outcome else "Area SEND inspection"


def send_sentence(name: str, send: SendInspection | None) -> str:
    """The newest area SEND inspection's outcome and date in a sentence, or that none is on record."""
    if send is None:
        return (
            f"No area SEND inspection of {name}'s local area partnership under the framework in force since "
            f"{SEND_FRAMEWORK_BEGAN.display} is on record here."
        )
    when = f"published {send.published.display}" if send.published else f"inspected {send.date.display}"
    if send.outcome is None:
        return (
            f"The area SEND inspection of {name}'s local area partnership ({when}) is on record here "
            "without its outcome: see Ofsted's report."
        )
    return f"Area SEND inspection, {when}: {send.outcome.value}, {send.outcome.place}."


@dataclass(frozen=True, slots=True)
class SendCount:
    """How many partnerships' newest area SEND inspection gave one outcome (or none on record)."""

    outcome: SendOutcome | None
    label: str
    count: int


def send_outcome_counts(views: list[CouncilView]) -> list[SendCount]:
    """Partnerships by their newest area SEND inspection's outcome, then those without one on record."""
    newest = [view.send_now for view in views]
    counts = [
        SendCount(outcome, outcome.label, sum(1 for s in newest if s and s.outcome is outcome))
        for outcome in SendOutcome
    ]
    counts.append(SendCount(None, SEND_FILTERS[SEND_UNKNOWN], sum(1 for s in newest if s and s.outcome is None)))
    counts.append(SendCount(None, SEND_FILTERS[SEND_NONE], sum(1 for s in newest if s is None)))
    return counts


SEND_UNKNOWN = "unknown"
SEND_NONE = "none"
# The home table's SEND filter: each value (see CouncilView.send_filter) with its label.
SEND_FILTERS = {
    **{str(outcome.number): outcome.label for outcome in SendOutcome},
    SEND_UNKNOWN: "Outcome not on record",
    SEND_NONE: "No inspection under this framework",
}


def standing_of(graded: list[TimelineEntry]) -> Standing | None:
    """The one decision of where a council stands, from its graded inspections (oldest first):
    every page, count, feed and data file showing a council's standing takes it from here."""
    if not graded:
        return None
    newest = graded[-1]
    previous = graded[-2] if len(graded) > 1 else None
    areas = [row for row in newest.judgements if row.area != "overall_effectiveness"]
    return Standing(newest, newest.overall, areas, describe_change(previous, newest))


def council_view(profile: Profile) -> CouncilView:
    council = profile.council
    citations = {
        source.id: Citation(number, source, f"source-{source.id}")
        for number, source in enumerate(council.sources, start=1)
    }
    inspections = {inspection.id: inspection for inspection in council.inspections}
    quotes = [
        QuoteView(
            quote=quote,
            citation=citations[quote.source],
            inspection_anchor=quote.inspection,
            inspection_title=inspection_title(inspections[quote.inspection]) if quote.inspection else None,
        )
        for quote in council.quotes
    ]

    entries: list[TimelineEntry] = []
    for inspection in council.inspections:
        rows = judgement_rows(inspection)
        overall = next((row.grade for row in rows if row.area == "overall_effectiveness"), None)
        when, kind_of_date = label_date(inspection)
        entries.append(
            TimelineEntry(
                anchor=inspection.id,
                date=when,
                kind="inspection",
                title=inspection_title(inspection),
                inspection=inspection,
                judgements=rows,
                overall=overall,
                citations=[citations[ref] for ref in inspection.sources],
                quotes=[view for view in quotes if view.quote.inspection == inspection.id],
                report=citations[inspection.from_report.source] if inspection.from_report else None,
                date_kind=kind_of_date,
                date_facts=date_facts(inspection, citations),
            )
        )
    for milestone in council.milestones:
        entries.append(
            TimelineEntry(
                anchor=milestone.id,
                date=milestone.date,
                kind="milestone",
                title=milestone.title,
                milestone=milestone,
                citations=[citations[ref] for ref in milestone.sources],
            )
        )
    for send in council.send_inspections:
        entries.append(
            TimelineEntry(
                anchor=send.id,
                date=send.date,
                kind="send",
                title=send_title(send),
                citations=[citations[ref] for ref in send.sources],
                report=citations[send.from_report.source] if send.from_report else None,
                date_kind=DateKind.PUBLISHED if send.published else DateKind.FIELDWORK,
                date_facts=date_facts(send, citations),
                send=send,
            )
        )
    entries.sort(key=lambda entry: (entry.date.sort_key, entry.kind, entry.anchor))

    graded = [entry for entry in entries if entry.inspection is not None and entry.inspection.type.graded]
    previous: TimelineEntry | None = None
    for entry in graded:
        if previous is not None and previous.overall and entry.overall and previous.overall.rank != entry.overall.rank:
            entry.change = f"{previous.overall.value} → {entry.overall.value}"
        previous = entry

    inspection_entries = [entry for entry in entries if entry.kind == "inspection"]
    years = [entry.date.year for entry in entries]
    return CouncilView(
        profile=profile,
        council=council,
        timeline=entries,
        latest=inspection_entries[-1] if inspection_entries else None,
        standing=standing_of(graded),
        citations=list(citations.values()),
        quotes=quotes,
        figures=[FigureView(f, [citations[ref] for ref in f.sources]) for f in council.figures],
        inspection_count=len(inspection_entries),
        graded_count=sum(1 for entry in inspection_entries if entry.judgements),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        graded=graded,
    )


def whole_view(view: CouncilView) -> CouncilView:
    """What a council's own page and feed show: everything, read back from the cache when the
    build holds only a summary of the council (see load.summary_of). Workers making those
    outputs so touch nothing of the summary but the council's neighbours, and copy little of
    the memory they share with the main process."""
    if view.profile.stored is None:
        return view
    whole = stored_view(view.profile.stored)
    whole.neighbours = view.neighbours
    whole.takeovers = view.takeovers
    return whole


@functools.lru_cache(maxsize=8)
def stored_view(stored: str) -> CouncilView:
    """The whole view of the council stored in the cache entry `stored`, made once for its page and
    its feed, which are made one after the other (a view takes longer to make than the feed)."""
    return council_view(stored_profile(stored))


def present_paragraph(view: CouncilView) -> str:
    """Where the council stands now, in plain words from the record: the newest graded inspection,
    what it judged in every area, and the change since the one before. What its page says first."""
    name = view.council.name
    standing = view.standing
    if standing is None:
        if view.latest is None:
            return f"No Ofsted inspection or visit of {name}'s children's services is on record here yet."
        return (
            f"No graded Ofsted inspection of {name}'s children's services is on record here. "
            f"The newest visit on record is the {view.latest.title}, {view.latest.date_phrase}."
        )
    entry = standing.entry
    text = f"Ofsted's newest inspection of {name}'s children's services, {standing.when}, "
    if standing.overall is not None:
        text += f"judged them {standing.overall.value} overall"
        if standing.areas and all(row.grade.rank == standing.overall.rank for row in standing.areas):
            text += f", and {area_count(len(standing.areas), every=True)} {standing.overall.value} too."
        elif standing.areas:
            text += f": {area_grades_sentence(standing.areas)}."
        else:
            text += "."
    elif standing.areas:
        why = " (Ofsted has given none since April 2026)" if standing.areas_only else " on record here"
        text += f"graded {area_count(len(standing.areas))} with no overall grade{why}: "
        text += f"{area_grades_sentence(standing.areas)}."
    else:
        return text + "is on record here without its grades: see Ofsted's report."
    if standing.trend.sentence:
        text += " " + standing.trend.sentence
    later = [
        e for e in view.timeline if e.kind == "inspection" and e is not entry and e.date.sort_key > entry.date.sort_key
    ]
    if later:
        text += f" Ofsted has visited since: the {later[-1].title}, {later[-1].date_phrase}."
    return text


@dataclass(frozen=True, slots=True)
class GridCell:
    """One area's grade at one inspection; `rows` 2 where one grade covered two areas (children in
    care and care leavers, 2018-2023); `covered` for the cell below such a one, which is not drawn."""

    grade: Grade | None
    note: str = ""  # why there is no grade, or what a shared grade covers
    rows: int = 1
    covered: bool = False

    @property
    def marker(self) -> str:
        return MARKERS[self.grade.rank] if self.grade else ""

    @property
    def not_graded(self) -> bool:
        """An area this inspection's framework did not grade: a dash, not words, in the grid."""
        return self.note == NOT_GRADED

    @property
    def word(self) -> str:
        """The grade's name on the grid's scale (as its key gives it), where a phone's narrow column may break it."""
        return GRID_WORDS[self.grade.rank] if self.grade else ""


# Soft hyphens (U+00AD) mark where a grade's name may break in a narrow column; screen readers
# and copied text ignore them. Not every browser has English hyphenation rules to do it itself.
GRID_WORDS = {
    1: "Out\u00adstand\u00ading",
    2: "Good",
    3: "Re\u00adquires im\u00adprove\u00adment",
    4: "In\u00adad\u00ade\u00adquate",
}


@dataclass(frozen=True, slots=True)
class GridRow:
    area: str
    label: str
    cells: list[GridCell]


@dataclass(frozen=True, slots=True)
class GridColumn:
    entry: TimelineEntry
    label: str  # the date it is labelled by, short: `May 2026`


@dataclass(frozen=True, slots=True)
class GradeGrid:
    """Every graded inspection of a council (a column each, oldest first) by area (a row each):
    the whole journey in every area, inspections with area grades only included."""

    columns: list[GridColumn]
    rows: list[GridRow]
    key: list[MarkerKey]


# The grid's rows, in Ofsted's order, each named as briefly as a phone's column allows.
GRID_AREAS = (
    ("overall_effectiveness", "Overall"),
    ("leadership", "Leaders"),
    ("help_and_protection", "Help and protection"),
    ("children_in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
    ("adoption", "Adoption (SIF)"),
)
SHARED_AREAS = ("children_in_care", "care_leavers")
NOT_GRADED = "not graded"  # judged together as children_in_care_and_care_leavers


def short_date(date: PartialDate) -> str:
    """`May 2026`: a column's label (a year alone where that is all that is known)."""
    return date.display if date.month is None else f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def grid_cell(entry: TimelineEntry, area: str) -> GridCell:
    grades = {row.area: row.grade for row in entry.judgements}
    if area in grades:
        return GridCell(grades[area])
    shared = grades.get("children_in_care_and_care_leavers")
    if area in SHARED_AREAS and shared is not None:
        if area == SHARED_AREAS[0]:
            return GridCell(shared, "one grade for both", rows=2)
        return GridCell(None, covered=True)
    assert entry.inspection is not None
    if area == "overall_effectiveness" and not entry.inspection.gives_overall_grade:
        return GridCell(None, "none given")
    if not grades:
        return GridCell(None, "not on record")
    return GridCell(None, NOT_GRADED)


def grade_grid(view: CouncilView) -> GradeGrid | None:
    """The council's grade grid; None where no graded inspection has grades on record."""
    graded = [entry for entry in view.graded if entry.judgements]
    if not graded:
        return None
    held = {row.area for entry in graded for row in entry.judgements}
    if "children_in_care_and_care_leavers" in held:
        held.update(SHARED_AREAS)
    rows = [
        GridRow(area, label, [grid_cell(entry, area) for entry in graded]) for area, label in GRID_AREAS if area in held
    ]
    key = [MarkerKey(f"grade-{rank}", MARKERS[rank], name, GRADE_ANCHORS[rank]) for rank, name in GRADE_NAMES.items()]
    return GradeGrid([GridColumn(entry, short_date(entry.date)) for entry in graded], rows, key)


def record_date(profiles: list[Profile]) -> PartialDate | None:
    """How current the record is: the newest publication date of any report on record, from the
    content itself (not the build's clock), shown apart from when a page was last edited."""
    dates = [inspection.published for p in profiles for inspection in p.council.inspections if inspection.published]
    return max(dates, key=lambda date: date.sort_key, default=None)


# A view depends only on its profile, and the preview keeps unchanged profiles as the same
# objects between rebuilds, so their views are reused. Only current profiles are kept.
_views_by_profile: dict[int, tuple[Profile, CouncilView]] = {}


def cached_view(profile: Profile) -> CouncilView:
    """The profile's view, made once for as long as the profile is current."""
    cached = _views_by_profile.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    view = council_view(profile)
    _views_by_profile[id(profile)] = (profile, view)
    return view


def council_views(profiles: list[Profile]) -> list[CouncilView]:
    """Every council, in alphabetical order of name (the home page's default), neighbours linked."""
    global _views_by_profile
    views = [cached_view(profile) for profile in profiles]
    _views_by_profile = {id(profile): (profile, view) for profile, view in zip(profiles, views, strict=True)}
    by_slug = {view.slug: view for view in views}
    for view in views:
        view.neighbours = [by_slug[slug] for slug in view.council.statistical_neighbours if slug in by_slug]
    link_takeovers(views)
    return sorted(views, key=lambda view: (view.council.name.lower(), view.slug))


@dataclass(frozen=True, slots=True)
class GradeCount:
    rank: int
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class YearPicture:
    year: int
    counts: list[GradeCount]


@dataclass(frozen=True, slots=True)
class NationalPicture:
    """How many councils hold each overall grade now, and at the end of each year."""

    now: list[GradeCount]
    years: list[YearPicture]
    chart: StackedBarChart
    total: int


def grade_counts(standings: list[Standing | None]) -> list[GradeCount]:
    """How many councils stand at each grade, with area grades only, and with nothing on record."""
    ranks = [standing.rank if standing else NO_GRADE for standing in standings]
    return [GradeCount(rank, label, ranks.count(rank)) for rank, label in STANDING_NAMES.items()]


def standings_at_end_of(view: CouncilView, years: range) -> list[Standing | None]:
    """Where a council stood at the end of each of `years`: from the graded inspections published
    by then. A standing changes only in a year a graded report is published, so it is worked out
    again only then (not once a year for every council: the national page lists a dozen years)."""
    published = [(published_date(entry).year, entry) for entry in view.graded]
    standings: list[Standing | None] = []
    standing, counted = None, 0
    for year in years:
        held = [entry for published_year, entry in published if published_year <= year]
        if len(held) != counted:  # those held by a year include those held by the year before
            standing, counted = standing_of(held), len(held)
        standings.append(standing)
    return standings


def national_picture(views: list[CouncilView], first_year: int = 2014) -> NationalPicture:
    """Counts by standing, now and at the end of each year since the single inspection framework's
    first reports (2014), each council counted by its reports published by then."""
    years_published = [published_date(entry).year for view in views for entry in view.graded]
    last_year = max(years_published, default=first_year)
    span = range(first_year, last_year + 1)
    by_council = [standings_at_end_of(view, span) for view in views]
    years = [
        YearPicture(year, grade_counts([standings[index] for standings in by_council]))
        for index, year in enumerate(span)
    ]
    rows = [(str(p.year), {c.rank: c.count for c in p.counts}) for p in years]
    description = "Councils by where they stood at the end of each year: " + "; ".join(
        f"{p.year}: " + ", ".join(f"{c.label.lower()} {c.count}" for c in p.counts if c.count) for p in years
    )
    return NationalPicture(
        now=grade_counts([view.standing for view in views]),
        years=years,
        chart=grade_count_chart(rows, description),
        total=len(views),
    )


@dataclass(frozen=True, slots=True)
class SiteEvent:
    """One inspection or visit on the cross-council timeline."""

    council: CouncilView
    entry: TimelineEntry


@dataclass(frozen=True, slots=True)
class YearOfEvents:
    year: int
    events: list[SiteEvent]


def site_timeline(views: list[CouncilView]) -> list[YearOfEvents]:
    """Every inspection and visit of every council, newest first, grouped by year."""
    events = [SiteEvent(view, entry) for view in views for entry in view.timeline if entry.kind == "inspection"]
    events.sort(key=lambda e: (e.entry.date.sort_key, e.council.council.name, e.entry.anchor), reverse=True)
    years: dict[int, list[SiteEvent]] = {}
    for event in events:
        years.setdefault(event.entry.date.year, []).append(event)
    return [YearOfEvents(year, items) for year, items in years.items()]


def group_by_region(views: list[CouncilView]) -> list[RegionGroup]:
    groups = []
    for region in sorted(Region, key=lambda r: r.value):
        members = [view for view in views if view.council.region is region]
        if members:
            groups.append(RegionGroup(region, members))
    return groups


def grade_scale() -> list[tuple[int, str]]:
    """The four grades with what each means, best first, for the about page."""
    return sorted(GRADE_EXPLANATIONS.items())


def visit_types() -> list[VisitType]:
    return list(VisitType)


# The marker for an inspection that gave area grades and no overall grade (from April 2026): a ring.
AREA_ONLY_MARKER = "M0,-6 A6,6 0 1 1 0,6 A6,6 0 1 1 0,-6 Z"


def area_grades_sentence(rows: list[JudgementRow]) -> str:
    """Area grades in a phrase, best grade first: `outstanding for leaders; good for help and
    protection, children in care and care leavers`."""
    by_grade: dict[Grade, list[str]] = {}
    for row in sorted(rows, key=lambda row: row.grade.rank):
        if row.area != "overall_effectiveness":
            by_grade.setdefault(row.grade, []).append(AREA_SHORT_LABELS.get(row.area, row.label.lower()))
    return "; ".join(f"{grade.value} for {names_in_words(areas)}" for grade, areas in by_grade.items())


def names_in_words(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True, slots=True)
class ComparePoint:
    """One graded inspection on the compare page: its overall grade or, under the framework in use
    from April 2026, its area grades alone."""

    date: PartialDate
    anchor: str
    title: str
    overall: Grade | None
    areas: str  # the area grades in words, when there is no overall grade
    area_rows: list[JudgementRow] = field(default_factory=list)  # every area's grade, shown with the latest

    @property
    def marker(self) -> str:
        return MARKERS[self.overall.rank] if self.overall else AREA_ONLY_MARKER

    @property
    def css_class(self) -> str:
        return self.overall.css_class if self.overall else "grade-areas"

    @property
    def label(self) -> str:
        """What the point says, for those who cannot see its shape."""
        if self.overall:
            return f"{self.overall.label}, {self.date.display}"
        return f"No overall grade, {self.date.display}. Area grades: {self.areas}"


@dataclass(frozen=True, slots=True)
class CompareCell:
    year: int
    points: list[ComparePoint]


@dataclass(frozen=True, slots=True)
class CompareRow:
    council: CouncilView
    cells: list[CompareCell]
    latest: ComparePoint | None
    is_subject: bool


@dataclass(frozen=True, slots=True)
class MarkerKey:
    css_class: str
    marker: str
    label: str
    anchor: str = ""  # where the About page explains it


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several councils' graded inspections on one time axis: a row per council, a column per
    year, each inspection a marker whose shape and colour give its grade, the latest in words."""

    years: list[int]
    rows: list[CompareRow]
    key: list[MarkerKey]


def compare_points(view: CouncilView) -> list[ComparePoint]:
    """The council's graded inspections, oldest first, each dated when Ofsted published it (as the
    national picture and the charts are)."""
    return [
        ComparePoint(
            date=published_date(entry),
            anchor=entry.anchor,
            title=entry.title,
            overall=entry.overall,
            areas="" if entry.overall else area_grades_sentence(entry.judgements),
            area_rows=[row for row in entry.judgements if row.area != "overall_effectiveness"],
        )
        for entry in view.timeline
        if entry.kind == "inspection" and entry.judgements
    ]


def compare(views: list[CouncilView]) -> Comparison:
    """Councils side by side, the first one (the subject) first, over every year any of them was
    graded up to the latest: the whole journey fits a phone's width, and the latest year is always shown."""
    points = {view.slug: compare_points(view) for view in views}
    dated = [point.date.year for listed in points.values() for point in listed]
    years = list(range(min(dated), max(dated) + 1)) if dated else []
    rows = [
        CompareRow(
            council=view,
            cells=[CompareCell(year, [p for p in points[view.slug] if p.date.year == year]) for year in years],
            latest=points[view.slug][-1] if points[view.slug] else None,
            is_subject=index == 0,
        )
        for index, view in enumerate(views)
    ]
    shown = {point.css_class for listed in points.values() for point in listed}
    key = [MarkerKey(f"grade-{rank}", MARKERS[rank], name) for rank, name in GRADE_NAMES.items()]
    if "grade-areas" in shown:
        key.append(MarkerKey("grade-areas", AREA_ONLY_MARKER, "No overall grade: area grades only (from April 2026)"))
    return Comparison(years, rows, key)


def council_views_of(profiles: list[Profile], slugs: set[str]) -> list[CouncilView]:
    """Only these councils, neighbours linked: what the preview shows first after a save, without
    going through every other council (at 1,530 councils that takes longer than the page)."""
    if any(
        profile.slug in slugs or any(predecessor.council in slugs for predecessor in profile.council.predecessors)
        for profile in profiles
        if profile.council.predecessors
    ):  # a change of council is told on each side's page: link them all
        return [view for view in council_views(profiles) if view.slug in slugs]
    by_slug = {profile.slug: profile for profile in profiles}
    views = [cached_view(by_slug[slug]) for slug in sorted(slugs) if slug in by_slug]
    for view in views:
        neighbours = view.council.statistical_neighbours
        view.neighbours = [cached_view(by_slug[slug]) for slug in neighbours if slug in by_slug]
    return views


@dataclass(frozen=True, slots=True)
class CouncilLink:
    """A council named on a page: linked when it has a profile here."""

    name: str
    slug: str | None


@dataclass(frozen=True, slots=True)
class Takeover:
    """A change of council, told on the page of a council on either side of it: on `date`,
    `successors` (the councils with profiles here that took over) replaced `predecessors`."""

    date: PartialDate
    predecessors: list[CouncilLink]
    successors: list[CouncilLink]
    # On a successor's page: the others that took over too. On a predecessor's page: every successor.
    partners: list[CouncilLink]
    is_successor: bool  # whether the page's council is one of the successors
    citations: list[Citation]  # numbered on this page: the change is written in this council's file
    sources: list[Source]  # cited in full: written in a successor's file (on a predecessor's page)

    @property
    def unprofiled(self) -> list[CouncilLink]:
        """The councils replaced that have no profile here, whose inspections are not on this site."""
        return [link for link in self.predecessors if link.slug is None]

    @property
    def related_slugs(self) -> list[str]:
        return [link.slug for link in (*self.predecessors, *self.partners) if link.slug]


def link_takeovers(views: list[CouncilView]) -> None:
    """Each council's takeovers: those it made (from its own `predecessors`, grouped by date) and,
    for a council with a profile that was replaced, those made from it. Written once, in the
    successor's file; every other side is worked out here."""
    by_slug = {view.slug: view for view in views}
    took_over: dict[tuple[str, PartialDate], list[CouncilView]] = {}
    for view in sorted(views, key=name_order):
        view.takeovers = []
        for predecessor in view.council.predecessors:
            group = took_over.setdefault(takeover_key(predecessor), [])
            if not any(other is view for other in group):
                group.append(view)
    for view in views:
        numbered = {citation.source.id: citation for citation in view.citations}
        sources = {source.id: source for source in view.council.sources}
        by_date: dict[PartialDate, list[Predecessor]] = {}
        for predecessor in view.council.predecessors:
            by_date.setdefault(predecessor.date, []).append(predecessor)
        for date, predecessors in sorted(by_date.items(), key=lambda item: item[0].sort_key):
            group: list[CouncilView] = []
            for predecessor in predecessors:
                group += [other for other in took_over[takeover_key(predecessor)] if not any(other is g for g in group)]
            refs = list(dict.fromkeys(ref for p in predecessors for ref in p.sources))
            named = [CouncilLink(p.name, p.council if p.council in by_slug else None) for p in predecessors]
            view.takeovers.append(
                Takeover(
                    date=date,
                    predecessors=named,
                    successors=[council_link(other) for other in group],
                    partners=[council_link(other) for other in group if other is not view],
                    is_successor=True,
                    citations=[numbered[ref] for ref in refs if ref in numbered],
                    sources=[],
                )
            )
            for predecessor in predecessors:
                replaced = by_slug.get(predecessor.council or "")
                if replaced is None or any(t.date == date and not t.is_successor for t in replaced.takeovers):
                    continue  # told once on its page, from the first successor's file
                successors = [council_link(other) for other in took_over[takeover_key(predecessor)]]
                replaced.takeovers.append(
                    Takeover(
                        date=date,
                        predecessors=[council_link(replaced)],
                        successors=successors,
                        partners=successors,
                        is_successor=False,
                        citations=[],
                        sources=[sources[ref] for ref in predecessor.sources if ref in sources],
                    )
                )


def takeover_key(predecessor: Predecessor) -> tuple[str, PartialDate]:
    """Councils that took over from the same council on the same date name it by its folder, or else by its name."""
    return (predecessor.council or predecessor.name.casefold(), predecessor.date)


def council_link(view: CouncilView) -> CouncilLink:
    return CouncilLink(view.council.name, view.slug)


def name_order(view: CouncilView) -> tuple[str, str]:
    return (view.council.name.lower(), view.slug)
