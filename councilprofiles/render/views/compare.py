"""A council's compare page: its graded inspections and its statistical neighbours' on one time
axis, each a marker whose shape and colour give its grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import Grade, PartialDate
from ..charts import GRADE_NAMES, MARKERS
from ..fragments import css_class
from .dates import published_date
from .grades import JudgementRow, MarkerKey, area_grades_sentence

if TYPE_CHECKING:
    from .council import CouncilView


# The marker for an inspection that gave area grades and no overall grade (from April 2026): a ring.
AREA_ONLY_MARKER = "M0,-6 A6,6 0 1 1 0,6 A6,6 0 1 1 0,-6 Z"


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
        return css_class(self.overall) if self.overall else "grade-areas"

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
