"""Where a council stands: the one decision, from its newest graded inspection, that every
page, count, feed and data file showing a council's standing takes; and the change since the one before,
compared overall, or area by area across the 2023 split of children in care and care leavers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import DateKind, Grade, PartialDate
from ..charts import AREAS_ONLY, NO_GRADE, STANDING_NAMES
from .grades import JudgementRow, area_count, join_words

if TYPE_CHECKING:
    from .timeline_entry import TimelineEntry


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


def standing_of(graded: list[TimelineEntry]) -> Standing | None:
    """The one decision of where a council stands, from its graded inspections (oldest first):
    every page, count, feed and data file showing a council's standing takes it from here."""
    if not graded:
        return None
    newest = graded[-1]
    previous = graded[-2] if len(graded) > 1 else None
    areas = [row for row in newest.judgements if row.area != "overall_effectiveness"]
    return Standing(newest, newest.overall, areas, describe_change(previous, newest))


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
