"""Chart geometry, computed at build time so pages need no JavaScript to show a chart.

The templates only place what is computed here (`templates/charts.html`). Each grade
has its own marker shape as well as its colour, and every point is labelled, so a
chart reads in greyscale and in print; every chart also comes with a data table.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    rank: int
    marker: str
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class TrajectoryChart:
    """A council's overall effectiveness over the years, on Ofsted's four-grade scale."""

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
    width, height = 640, 260
    left, right, top, bottom = 190, 620, 20, 210
    first = min(date.year for date, _ in points)
    last = max(date.year for date, _ in points) + 1
    span = max(last - first, 1)

    def x_of(value: float) -> float:
        return round(left + (value - first) / span * (right - left), 1)

    def y_of(rank: int) -> float:
        return round(top + (rank - 1) / 3 * (bottom - top), 1)

    step = 1 if span <= 8 else 2
    year_ticks = [Tick(x_of(year), bottom + 22, str(year)) for year in range(first, last + 1, step)]
    grade_ticks = [Tick(left - 12, y_of(rank), GRADE_NAMES[rank]) for rank in range(1, 5)]
    chart_points = [
        ChartPoint(
            x=x_of(fractional_year(date)),
            y=y_of(grade.rank),
            rank=grade.rank,
            marker=MARKERS[grade.rank],
            label=str(date.year),
            title=f"{date.display}: {grade.label}",
        )
        for date, grade in points
    ]
    line = " ".join(f"{point.x},{point.y}" for point in chart_points)
    steps = "; ".join(f"{date.display}, {grade.value}" for date, grade in points)
    description = f"{name}'s overall effectiveness grade at each graded inspection: {steps}."
    return TrajectoryChart(
        width, height, left, right, top, bottom, grade_ticks, year_ticks, chart_points, line, description
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
    """How many councils held each grade at the end of each year."""

    width: int
    height: int
    plot_left: int
    bar_height: int
    bars: list[Bar]
    description: str


def grade_count_chart(rows: list[tuple[str, dict[int, int]]], description: str) -> StackedBarChart:
    """Horizontal stacked bars, one per row label, segments in order of standing (nothing on record last)."""
    left, right, bar_height, gap = 60, 620, 24, 10
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
            segments.append(BarSegment(round(x, 1), width, rank, count, f"{name}: {count}", width >= 22))
            x += width
        bars.append(Bar(index * (bar_height + gap) + 10, label, segments))
    height = len(rows) * (bar_height + gap) + 20
    return StackedBarChart(640, height, left, bar_height, bars, description)
