"""Chart geometry, computed at build time so pages need no JavaScript to show a chart.

The templates only place what is computed here (`templates/charts.html`). Each grade
has its own marker shape as well as its colour, and every point is labelled, so a
chart reads in greyscale and in print; every chart also comes with a data table.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

GRADE_NAMES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
# Where a council stands, for counting and sorting: a grade (1–4), area grades with no overall grade
# (Ofsted's framework from April 2026), or nothing on record.
AREAS_ONLY = 5
NO_GRADE = 6
STANDING_NAMES = {**GRADE_NAMES, AREAS_ONLY: "Area grades, no overall grade", NO_GRADE: "No grade on record"}
# One marker shape per grade, drawn around (0, 0) and moved into place by the template.
MARKERS = {
    1: "M0,-7 L2,-2 7,-2 3,1 5,7 0,3 -5,7 -3,1 -7,-2 -2,-2 Z",  # star
    2: "M-6,-6 H6 V6 H-6 Z",  # square
    3: "M0,-7 L7,6 H-7 Z",  # triangle
    4: "M-6,-3 L-3,-6 0,-3 3,-6 6,-3 3,0 6,3 3,6 0,3 -3,6 -6,3 -3,0 Z",  # cross
}


@dataclass(frozen=True, slots=True)
class BarSegment:
    x: float
    width: float
    rank: int  # a standing: 1–4, AREAS_ONLY or NO_GRADE
    count: int
    label: str
    show_count: bool


@dataclass(frozen=True, slots=True)
class Bar:
    y: float
    label: str
    segments: list[BarSegment]


@dataclass(frozen=True, slots=True)
class StackedBarChart:
    """How many councils held each grade at the end of each year. Drawn twice: for wide screens,
    and (`narrow`) for phones, where a chart scaled down from the wide drawing would shrink its text
    below a readable size; CSS shows one."""

    width: int
    height: int
    plot_left: int
    bar_height: int
    bars: list[Bar]
    description: str
    narrow: StackedBarChart | None = None


@dataclass(frozen=True, slots=True)
class BarFrame:
    width: int
    left: int
    right: int
    bar_height: int
    gap: int
    count_room: int  # the least width of a segment that shows its count


WIDE_BARS = BarFrame(640, 60, 620, 24, 10, 22)
NARROW_BARS = BarFrame(360, 46, 352, 26, 8, 19)  # two digits at 13 px fit in 19 units


def grade_count_chart(rows: list[tuple[str, dict[int, int]]], description: str) -> StackedBarChart:
    """Horizontal stacked bars, one per row label, segments in order of standing (nothing on record last)."""
    narrow = bar_layout(rows, NARROW_BARS, description)
    return dataclasses.replace(bar_layout(rows, WIDE_BARS, description), narrow=narrow)


def bar_layout(rows: list[tuple[str, dict[int, int]]], frame: BarFrame, description: str) -> StackedBarChart:
    left, right, bar_height, gap = frame.left, frame.right, frame.bar_height, frame.gap
    total = max((sum(counts.values()) for _, counts in rows), default=1) or 1
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = float(left)
        segments = []
        for rank in STANDING_NAMES:
            count = counts.get(rank, 0)
            if not count:
                continue
            width = round(count / total * (right - left), 1)
            name = STANDING_NAMES[rank]
            segments.append(BarSegment(round(x, 1), width, rank, count, f"{name}: {count}", width >= frame.count_room))
            x += width
        bars.append(Bar(index * (bar_height + gap) + 10, label, segments))
    height = len(rows) * (bar_height + gap) + 20
    return StackedBarChart(frame.width, height, left, bar_height, bars, description)
