"""One event on a council's timeline (an inspection, a visit, a milestone, an area SEND
inspection), ready to show: its dates, grades, citations and Ofsted's own words, paragraph by paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import (
    DateKind,
    Grade,
    Inspection,
    Milestone,
    PartialDate,
    Quote,
    SendInspection,
    SendOutcome,
    Source,
    VisitType,
)
from .dates import DATE_PREFIXES, PUBLISHED_LABEL, DateFact
from .grades import JudgementRow, area_grades_sentence


@dataclass(frozen=True, slots=True)
class Citation:
    """A source as cited on a page: its number there and its anchor."""

    number: int
    source: Source
    anchor: str


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
    send_later: bool = False  # a later area SEND inspection of the partnership is on record

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


@dataclass(frozen=True, slots=True)
class QuoteView:
    quote: Quote
    citation: Citation
    inspection_anchor: str | None
    inspection_title: str | None


@dataclass(frozen=True, slots=True)
class ReportBlock:
    text: str
    heading: bool


def paragraphs(text: str | None) -> list[str]:
    """A quoted text's paragraphs, as the report prints them: stored with a blank line between."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


SUB_HEADING_LENGTH = 90  # the longest sub-heading of a report's summary on record is 59 characters


def is_sub_heading(paragraph: str) -> bool:
    """A report's sub-heading, as the reader keeps it: one short line that ends as no sentence does."""
    return len(paragraph) <= SUB_HEADING_LENGTH and "\n" not in paragraph and not paragraph.endswith(SENTENCE_ENDINGS)


SENTENCE_ENDINGS = (".", ":", ";", "?", "!", "because", "”", '"', ")")


# How a paragraph of a report's summary ends when it leads into a list of findings ("Children's
# services in Enfield are good because:"); the importer quotes such a lead-in with its first
# finding only (councilprofiles/ofsted/report.py, _opening).
LEAD_IN_ENDINGS = ("because", ":")


FOLD_AFTER = 5  # items of a list shown open on the timeline; a longer list is folded under its count


def inspection_title(inspection: Inspection) -> str:
    title = inspection.type.label
    if inspection.type is VisitType.MONITORING_VISIT and inspection.number is not None:
        title = f"{title} {inspection.number}"
    return title
