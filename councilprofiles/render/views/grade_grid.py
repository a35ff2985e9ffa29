"""A council's grade grid: every graded inspection (a column each, oldest first) by area (a
row each), one grade for children in care and care leavers spanning both rows where it was one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Grade
from ..charts import GRADE_NAMES, MARKERS
from ..fragments import GRADE_ANCHORS, css_class
from .dates import short_date
from .grades import MarkerKey

if TYPE_CHECKING:
    from .council import CouncilView
    from .timeline_entry import TimelineEntry


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
    def css_class(self) -> str:
        return css_class(self.grade) if self.grade else "no-grade"

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
