"""What each page shows, computed from the model: ordering, trends, labels, citations.

Templates present; they do not compute. Everything a template needs to decide
(which grade came before, which way a council moved, which number a citation has)
is worked out here, once, in plain Python that tests can reach.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .charts import (
    AREAS_ONLY,
    GRADE_NAMES,
    MARKERS,
    NO_GRADE,
    STANDING_NAMES,
    StackedBarChart,
    TrajectoryChart,
    grade_count_chart,
    trajectory_chart,
)
from .load import stored_profile
from .model import (
    AREA_LABELS,
    AREA_SHORT_LABELS,
    GRADE_EXPLANATIONS,
    JUDGEMENT_AREAS,
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
    Source,
    VisitType,
)


@dataclass(frozen=True, slots=True)
class Trend:
    """How a council's newest graded inspection compares with the graded inspection before it,
    overall where both give an overall grade, else area by area; worded as a sentence."""

    direction: str  # improved | declined | unchanged | mixed | first | unknown
    label: str
    symbol: str
    previous: TimelineEntry | None = None


TREND_FIRST = Trend("first", "First graded inspection on record", "•")


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


# How a timeline shows a date of each kind before the event's title: a reported or published
# date says so; fieldwork and a milestone's own date need no word.
DATE_PREFIXES = {
    DateKind.FIELDWORK: "",
    DateKind.HAPPENED: "",
    DateKind.PUBLISHED: "Published",
    DateKind.REPORTED: "Reported",
}


# How a paragraph of a report's summary ends when it leads into a list of findings ("Children's
# services in Enfield are good because:"); the importer quotes such a lead-in with its first
# finding only (councilprofiles/ofsted/report.py, _opening).
LEAD_IN_ENDINGS = ("because", ":")


def in_sentence(name: str) -> str:
    """A publisher's name as it reads after 'by': `A provider's page` → `a provider's page`."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An") and rest else name


def date_facts(inspection: Inspection, citations: dict[str, Citation]) -> list[DateFact]:
    """Every date of an inspection, each named for what it is: fieldwork, Ofsted's publication,
    or another publication's report of it (with who reported it, and its source)."""
    facts = []
    if inspection.start:
        facts.append(DateFact("Fieldwork", inspection.start, inspection.end))
    elif inspection.end:
        facts.append(DateFact("Fieldwork ended", inspection.end))
    if inspection.published:
        facts.append(DateFact("Published by Ofsted", inspection.published))
    if inspection.reported:
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
        assert self.entry.inspection is not None
        return self.entry.inspection.published or self.entry.date

    @property
    def published_label(self) -> str:
        """What kind of date `published` is, in a word: Ofsted's publication, or (that not being
        known) the date another publication reported it, or the inspection's own date."""
        assert self.entry.inspection is not None
        return "Published" if self.entry.inspection.published else self.entry.date_prefix or "Inspected"

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

    @property
    def report_paragraphs(self) -> list[str]:
        """The opening of the report's summary, paragraph by paragraph, as the report prints it."""
        words = self.inspection.from_report if self.inspection else None
        if words is None or not words.summary:
            return []
        return [part.strip() for part in words.summary.split("\n\n") if part.strip()]

    @property
    def report_quoted_to_first_finding(self) -> bool:
        """Whether the quote stops at the first of the findings its lead-in introduces: the caption
        then says the report gives them all, so that one finding is not read as Ofsted's whole case."""
        return any(paragraph.endswith(LEAD_IN_ENDINGS) for paragraph in self.report_paragraphs[:-1])

    @property
    def date_prefix(self) -> str:
        """The word before the date where it is not the event's own (see DATE_PREFIXES)."""
        return DATE_PREFIXES[self.date_kind]

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
    overall_history: list[tuple[PartialDate, Grade]] = field(default_factory=list)  # by publication date
    neighbours: list[CouncilView] = field(default_factory=list)
    takeovers: list[Takeover] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def chart(self) -> TrajectoryChart | None:
        """Drawn only for the council's own page (the one place it is shown), each time asked."""
        return trajectory_chart(self.council.name, self.overall_history)

    @property
    def has_narrative(self) -> bool:
        return bool(self.profile.narrative_html)

    @property
    def summary(self) -> str:
        """The editors' summary, or one computed from the record: facts only, never invented prose."""
        return self.council.summary or factual_summary(self)

    @property
    def latest_rank(self) -> int:
        """For sorting by grade: 1 is best; area grades only next; councils with no grade on record last."""
        return self.standing.rank if self.standing else NO_GRADE


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
        if now.rank < before.rank:
            return Trend("improved", f"Better than in {year}, when it was {before.value}", "▲", previous)
        if now.rank > before.rank:
            return Trend("declined", f"Worse than in {year}, when it was {before.value}", "▼", previous)
        return Trend("unchanged", f"The same as in {year}: {now.value}", "▶", previous)
    return compare_areas(previous, current, year)


def compare_areas(previous: TimelineEntry, current: TimelineEntry, year: int) -> Trend:
    """Area by area, for an inspection with no overall grade (Ofsted's framework from April 2026)."""
    before = {row.area: row.grade for row in previous.judgements if row.area != "overall_effectiveness"}
    better = same = worse = 0
    for row in current.judgements:
        earlier = next((before[area] for area in COMPARED_AREAS.get(row.area, ()) if area in before), None)
        if row.area == "overall_effectiveness" or earlier is None:
            continue
        if row.grade.rank < earlier.rank:
            better += 1
        elif row.grade.rank > earlier.rank:
            worse += 1
        else:
            same += 1
    compared = better + same + worse
    if not compared:
        return Trend("unknown", f"Not known: the {year} inspection graded other areas", "?", previous)
    if same == compared:
        return Trend("unchanged", f"The same as in {year} in {area_count(same, every=True)}", "▶", previous)
    counts = [("better", better), ("the same", same), ("worse", worse)]
    words = join_words([f"{word} in {area_count(count)}" for word, count in counts if count])
    direction = "improved" if not worse else "declined" if not better else "mixed"
    symbol = {"improved": "▲", "declined": "▼", "mixed": "◆"}[direction]
    return Trend(direction, f"Compared with {year}: {words}", symbol, previous)


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
                report=citations[inspection.from_report.source] if inspection.from_report else None,
                date_kind=inspection.date_kind,
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
    entries.sort(key=lambda entry: (entry.date.sort_key, entry.kind, entry.anchor))

    graded = [entry for entry in entries if entry.inspection is not None and entry.inspection.type.graded]
    previous: TimelineEntry | None = None
    for entry in graded:
        if previous is not None and previous.overall and entry.overall and previous.overall.rank != entry.overall.rank:
            entry.change = f"{previous.overall.value} → {entry.overall.value}"
        previous = entry
    overall_history = [(published_date(entry), entry.overall) for entry in graded if entry.overall is not None]

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
        overall_history=overall_history,
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


def factual_summary(view: CouncilView) -> str:
    """A short summary built only from the recorded facts, for councils nobody has written up yet."""
    name = view.council.name
    count = view.inspection_count
    if not count:
        return f"No Ofsted inspections or visits of {name}'s children's services are recorded here yet."
    noun = "inspection or visit" if count == 1 else "inspections and visits"
    text = f"{count} Ofsted {noun} of {name}'s children's services {'is' if count == 1 else 'are'} recorded here"
    text += f", from {view.first_year}." if view.first_year != view.last_year else f", in {view.first_year}."
    standing = view.standing
    if standing is None:
        return text + " None of them is a graded inspection."
    entry = standing.entry
    when = f"of {entry.date.display}" if entry.date_kind is DateKind.FIELDWORK else entry.date_phrase
    text += f" The newest graded inspection, the {entry.title} {when}, "
    if standing.overall is not None:
        text += f"judged its services {standing.overall.value} overall"
    elif standing.areas:
        grades = join_words([f"{row.grade.value} for {row.short_label}" for row in standing.areas])
        why = "as Ofsted no longer does" if standing.areas_only else "on record here"
        text += f"gave no overall grade {why}; it judged them {grades}"
    else:
        return text + "Its grades are not on record here."
    if standing.trend.direction in ("improved", "declined", "unchanged", "mixed"):
        text += f" ({standing.trend.label[0].lower()}{standing.trend.label[1:]})"
    return text + "."


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
