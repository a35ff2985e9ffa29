"""Area SEND inspections (the framework of 2023): an outcome, never grades, told apart from a
council's children's services grades; and how many partnerships hold each outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import SEND_FRAMEWORK_BEGAN, SendInspection, SendOutcome

if TYPE_CHECKING:
    from .council import CouncilView


def send_title(send: SendInspection) -> str:
    """`Area SEND inspection: inconsistent experiences and outcomes`: the outcome in Ofsted's words."""
    return f"Area SEND inspection: {send.outcome.value}" if send.outcome else "Area SEND inspection"


def send_sentence(name: str, send: SendInspection | None) -> str:
    """The newest area SEND inspection's outcome and date in a sentence, or that none is on record."""
    if send is None:
        return (
            f"No area SEND inspection of {name}'s local area partnership under the framework in force since "
            f"{SEND_FRAMEWORK_BEGAN.display} is on record here."
        )
    when = f"published {send.published.display}" if send.published else f"inspected {send.date.display}"
    if send.outcome is None:
        return (
            f"The area SEND inspection of {name}'s local area partnership ({when}) is on record here "
            "without its outcome: see Ofsted's report."
        )
    return f"Area SEND inspection, {when}: {send.outcome.value}, {send.outcome.place}."


@dataclass(frozen=True, slots=True)
class SendCount:
    """How many partnerships' newest area SEND inspection gave one outcome (or none on record)."""

    outcome: SendOutcome | None
    label: str
    count: int


def send_outcome_counts(views: list[CouncilView]) -> list[SendCount]:
    """Partnerships by their newest area SEND inspection's outcome, then those without one on record."""
    newest = [view.send_now for view in views]
    counts = [
        SendCount(outcome, outcome.label, sum(1 for s in newest if s and s.outcome is outcome))
        for outcome in SendOutcome
    ]
    counts.append(SendCount(None, SEND_FILTERS[SEND_UNKNOWN], sum(1 for s in newest if s and s.outcome is None)))
    counts.append(SendCount(None, SEND_FILTERS[SEND_NONE], sum(1 for s in newest if s is None)))
    return counts


SEND_UNKNOWN = "unknown"


SEND_NONE = "none"


# The home table's SEND filter: each value (see CouncilView.send_filter) with its label.
SEND_FILTERS = {
    **{str(outcome.number): outcome.label for outcome in SendOutcome},
    SEND_UNKNOWN: "Outcome not on record",
    SEND_NONE: "No inspection under this framework",
}
