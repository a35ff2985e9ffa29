"""The one date rule, and every date of an inspection named for what it is.

An inspection is labelled and ordered everywhere by the date Ofsted published it; where that is
not known, by another date that says which it is (`label_date`, `DATE_PREFIXES`). Pages, feeds
and data files take their dates from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import DateKind, Inspection, PartialDate, Profile, SendInspection

if TYPE_CHECKING:
    from .timeline_entry import Citation, TimelineEntry


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


# One date rule: an inspection is labelled everywhere by the date Ofsted published it (what a
# reader can look up, and when its grades became the council's), its fieldwork shown beside it as
# a range. Only where Ofsted's publication date is not known does a label use another date, and
# then it says which: the visit's own dates, or the date another publication reported it.
DATE_PREFIXES = {
    DateKind.PUBLISHED: "",
    DateKind.HAPPENED: "",
    DateKind.FIELDWORK: "Visited",
    DateKind.REPORTED: "Reported",
}


def label_date(inspection: Inspection) -> tuple[PartialDate, DateKind]:
    """The date an inspection is labelled and ordered by, and what kind of date it is (DATE_PREFIXES)."""
    if inspection.published:
        return inspection.published, DateKind.PUBLISHED
    return inspection.date, inspection.date_kind


PUBLISHED_LABEL = "Published by Ofsted"


def in_sentence(name: str) -> str:
    """A publisher's name as it reads after 'by': `A provider's page` → `a provider's page`."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An") and rest else name


def date_facts(inspection: Inspection | SendInspection, citations: dict[str, Citation]) -> list[DateFact]:
    """Every date of an inspection, each named for what it is: fieldwork, Ofsted's publication,
    or another publication's report of it (with who reported it, and its source; an area SEND
    inspection has no such report on record)."""
    facts = []
    if inspection.start:
        facts.append(DateFact("Fieldwork", inspection.start, inspection.end))
    elif inspection.end:
        facts.append(DateFact("Fieldwork ended", inspection.end))
    if inspection.published:
        facts.append(DateFact(PUBLISHED_LABEL, inspection.published))
    if isinstance(inspection, Inspection) and inspection.reported:
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


def published_date(entry: TimelineEntry) -> PartialDate:
    """When an inspection's findings became public: its report's publication, else its own date."""
    inspection = entry.inspection
    return inspection.published if inspection is not None and inspection.published else entry.date


def short_date(date: PartialDate) -> str:
    """`May 2026`: a column's label (a year alone where that is all that is known)."""
    return date.display if date.month is None else f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def record_date(profiles: list[Profile]) -> PartialDate | None:
    """How current the record is: the newest publication date of any report on record, from the
    content itself (not the build's clock), shown apart from when a page was last edited."""
    dates = [inspection.published for p in profiles for inspection in p.council.inspections if inspection.published]
    return max(dates, key=lambda date: date.sort_key, default=None)
