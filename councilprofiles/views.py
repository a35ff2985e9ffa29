"""What each page shows, computed from the model: ordering, trends, labels, citations.

Templates present; they do not compute. Everything a template needs to decide
(which grade came before, which way a council moved, which number a citation has)
is worked out here, once, in plain Python that tests can reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import (
    AREA_LABELS,
    GRADE_EXPLANATIONS,
    JUDGEMENT_AREAS,
    Council,
    Figure,
    Framework,
    Grade,
    Inspection,
    Milestone,
    PartialDate,
    Profile,
    Quote,
    Region,
    Source,
    VisitType,
)


@dataclass(frozen=True)
class Trend:
    """Which way the overall grade moved between the two latest graded inspections."""

    direction: str  # improved | declined | unchanged | first
    label: str
    symbol: str
    previous: Grade | None


TREND_FIRST = Trend("first", "First graded inspection on record", "•", None)


@dataclass(frozen=True)
class Citation:
    """A source as cited on a page: its number there and its anchor."""

    number: int
    source: Source
    anchor: str


@dataclass(frozen=True)
class JudgementRow:
    area: str
    label: str
    grade: Grade


@dataclass
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


@dataclass(frozen=True)
class QuoteView:
    quote: Quote
    citation: Citation
    inspection_anchor: str | None
    inspection_title: str | None


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    citations: list[Citation]


@dataclass
class CouncilView:
    """Everything a council page shows."""

    profile: Profile
    council: Council
    timeline: list[TimelineEntry]
    latest: TimelineEntry | None
    latest_overall: Grade | None
    trend: Trend | None
    citations: list[Citation]
    quotes: list[QuoteView]
    figures: list[FigureView]
    inspection_count: int
    graded_count: int
    first_year: int | None
    last_year: int | None

    @property
    def slug(self) -> str:
        return self.profile.slug


@dataclass(frozen=True)
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
    rows = []
    for area in JUDGEMENT_AREAS:
        grade = getattr(inspection.judgements, area)
        if grade is not None:
            rows.append(JudgementRow(area, labels.get(area, area.replace("_", " ").capitalize()), grade))
    return rows


def describe_change(previous: Grade | None, current: Grade) -> Trend:
    if previous is None:
        return TREND_FIRST
    if current.rank < previous.rank:
        return Trend("improved", f"Improved from {previous.value}", "▲", previous)
    if current.rank > previous.rank:
        return Trend("declined", f"Declined from {previous.value}", "▼", previous)
    return Trend("unchanged", f"Unchanged: {previous.value} before", "▶", previous)


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
        entries.append(
            TimelineEntry(
                anchor=inspection.id,
                date=inspection.date,
                kind="inspection",
                title=inspection_title(inspection),
                inspection=inspection,
                judgements=rows,
                overall=overall,
                citations=[citations[ref] for ref in inspection.sources],
                quotes=[view for view in quotes if view.quote.inspection == inspection.id],
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
    entries.sort(key=lambda entry: (entry.date.sort_key, entry.kind, entry.anchor))

    previous: Grade | None = None
    trend: Trend | None = None
    latest_overall: Grade | None = None
    for entry in entries:
        if entry.overall is not None:
            trend = describe_change(previous, entry.overall)
            if previous is not None and previous is not entry.overall:
                entry.change = f"{previous.value} → {entry.overall.value}"
            previous = latest_overall = entry.overall

    inspection_entries = [entry for entry in entries if entry.kind == "inspection"]
    years = [entry.date.year for entry in entries]
    return CouncilView(
        profile=profile,
        council=council,
        timeline=entries,
        latest=inspection_entries[-1] if inspection_entries else None,
        latest_overall=latest_overall,
        trend=trend,
        citations=list(citations.values()),
        quotes=quotes,
        figures=[FigureView(f, [citations[ref] for ref in f.sources]) for f in council.figures],
        inspection_count=len(inspection_entries),
        graded_count=sum(1 for entry in inspection_entries if entry.judgements),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
    )


def council_views(profiles: list[Profile]) -> list[CouncilView]:
    """Every council, in alphabetical order of name (the home page's default)."""
    views = [council_view(profile) for profile in profiles]
    return sorted(views, key=lambda view: (view.council.name.lower(), view.slug))


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
