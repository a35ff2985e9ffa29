"""The site's timeline page: every inspection and visit of every council, newest first,
grouped by year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .council import CouncilView
    from .timeline_entry import TimelineEntry


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
