"""Changes of council (one council taking over from another), written once in the successor's
file and told on the page of every council on either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import PartialDate, Predecessor, Source

if TYPE_CHECKING:
    from .council import CouncilView
    from .timeline_entry import Citation


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
