"""The national picture: how many councils stand at each grade now and at the end of each year,
with its chart; and the counts the national and region pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..charts import NO_GRADE, STANDING_NAMES, StackedBarChart, grade_count_chart
from .dates import published_date
from .standing import Standing, standing_of

if TYPE_CHECKING:
    from .council import CouncilView


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
