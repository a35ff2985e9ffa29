"""A council's page: everything it shows (`CouncilView`), made from the council's profile,
and the paragraph that says first where the council stands now.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...cache import WholeProfiles, stored_profile
from ...model import Council, DateKind, Figure, FigureValue, Profile, SendInspection
from ..charts import NO_GRADE
from .area_send import SEND_NONE, SEND_UNKNOWN, send_sentence, send_title
from .dates import date_facts, label_date
from .grade_grid import GradeGrid, grade_grid
from .grades import area_count, area_grades_sentence, judgement_rows
from .standing import Standing, standing_of
from .timeline_entry import Citation, QuoteView, TimelineEntry, inspection_title

if TYPE_CHECKING:
    from .takeovers import Takeover


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
                send_later=any(other.date.sort_key > send.date.sort_key for other in council.send_inspections),
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


def whole_view(view: CouncilView, wholes: WholeProfiles) -> CouncilView:
    """What a council's own page and feed show: everything, read back from the cache when the
    build holds only a summary of the council (see cache.summary_of). Workers making those
    outputs so touch nothing of the summary but the council's neighbours, and copy little of
    the memory they share with the main process."""
    entry = wholes.entry(view.profile)
    if entry is None:
        return view
    whole = stored_view(entry)
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
