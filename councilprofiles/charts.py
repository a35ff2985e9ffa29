"""Chart geometry, computed at build time so pages need no JavaScript to show a chart.

The templates only place what is computed here (`templates/charts.html`). Each grade
has its own marker shape as well as its colour, and every point is labelled, so a
chart reads in greyscale and in print; every chart also comes with a data table.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .model import Grade, PartialDate

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
class Tick:
    x: float
    y: float
    label: str
    anchor: str = "middle"  # the label's text-anchor
    line_y: float = 0  # a grade's gridline


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    rank: int
    marker: str
    label: str
    title: str
    label_y: float = -12  # where the point's label sits, from the point


@dataclass(frozen=True, slots=True)
class TrajectoryChart:
    """A council's overall effectiveness over the years, on Ofsted's four-grade scale. Drawn twice:
    for wide screens, and (`narrow`) for phones, where a chart scaled down from the wide drawing
    would shrink its text below a readable size; CSS shows one."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    grade_ticks: list[Tick]
    year_ticks: list[Tick]
    points: list[ChartPoint]
    line: str
    description: str
    narrow: TrajectoryChart | None = None


@dataclass(frozen=True, slots=True)
class TrajectoryFrame:
    """Where a trajectory chart's parts go, in its own units (CSS pixels at the width it is drawn for)."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    labels_above_lines: bool  # grade names above their gridlines (narrow) or to their left (wide)
    point_label_y: float  # a point's year, above its marker (wide) or below it (narrow, clear of the grade names)
    year_label_y: float  # the time axis's labels
    year_gap: int  # the least room a year's label needs on the axis


WIDE_TRAJECTORY = TrajectoryFrame(640, 250, 190, 620, 34, 214, False, -12, 236, 40)
# Drawn 360 units wide for a phone (about 358 CSS px), so its text is not scaled down: at least 12 px.
NARROW_TRAJECTORY = TrajectoryFrame(360, 262, 24, 336, 34, 208, True, 22, 252, 44)


def fractional_year(date: PartialDate) -> float:
    """Where a date sits on a time axis; a month-only date sits mid-month, a year-only mid-year."""
    if date.month is None:
        return date.year + 0.5
    day = 15 if date.day is None else date.day
    return date.year + (date.month - 1) / 12 + (day - 1) / 365


def trajectory_chart(name: str, points: list[tuple[PartialDate, Grade]]) -> TrajectoryChart | None:
    """The chart for a council's graded overall judgements, oldest first; None if there are none."""
    if not points:
        return None
    steps = "; ".join(f"{date.display}, {grade.value}" for date, grade in points)
    description = f"{name}'s overall effectiveness grade at each graded inspection: {steps}."
    narrow = trajectory_layout(points, NARROW_TRAJECTORY, description)
    return dataclasses.replace(trajectory_layout(points, WIDE_TRAJECTORY, description), narrow=narrow)


def trajectory_layout(
    points: list[tuple[PartialDate, Grade]], frame: TrajectoryFrame, description: str
) -> TrajectoryChart:
    left, right, top, bottom = frame.left, frame.right, frame.top, frame.bottom
    first = min(date.year for date, _ in points)
    last = max(date.year for date, _ in points) + 1
    span = max(last - first, 1)

    def x_of(value: float) -> float:
        return round(left + (value - first) / span * (right - left), 1)

    def y_of(rank: int) -> float:
        return round(top + (rank - 1) / 3 * (bottom - top), 1)

    step = max(1, math.ceil(span * frame.year_gap / (right - left)))
    year_ticks = [Tick(x_of(year), frame.year_label_y, str(year)) for year in range(first, last + 1, step)]
    if frame.labels_above_lines:
        grade_ticks = [Tick(left - 12, y_of(rank) - 13, GRADE_NAMES[rank], "start", y_of(rank)) for rank in range(1, 5)]
    else:
        grade_ticks = [Tick(left - 12, y_of(rank), GRADE_NAMES[rank], "end", y_of(rank)) for rank in range(1, 5)]
    chart_points = [
        ChartPoint(
            x=x_of(fractional_year(date)),
            y=y_of(grade.rank),
            rank=grade.rank,
            marker=MARKERS[grade.rank],
            label=str(date.year),
            title=f"{date.display}: {grade.label}",
            label_y=frame.point_label_y,
        )
        for date, grade in points
    ]
    line = " ".join(f"{point.x},{point.y}" for point in chart_points)
    return TrajectoryChart(
        frame.width, frame.height, left, right, top, bottom, grade_ticks, year_ticks, chart_points, line, description
    )


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
    """How many councils held each grade at the end of each year; drawn for wide screens and
    (`narrow`) for phones, as the trajectory chart is."""

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
NARROW_BARS = BarFrame(360, 46, 352, 26, 8, 26)


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
