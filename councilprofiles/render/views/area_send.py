"""Area SEND inspections (the framework of 2023): an outcome, never grades, told apart from a
council's children's services grades; and how many partnerships hold each outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import SEND_FRAMEWORK_BEGAN, PartialDate, Profile, SendInspection, SendOutcome

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
class SendDue:
    """When the partnership's next inspection is due, as its page states it. A due date before the
    newest area SEND report on record (`passed`) is told as past, with no inspection since on
    record, never as still to come: the record, not the build's clock, decides, so the same
    content always makes the same page."""

    label: str  # "Monitoring inspection due", "Next inspection was due"
    date: PartialDate
    passed: bool


def send_due(send: SendInspection, later_on_record: bool, record: PartialDate | None) -> SendDue | None:
    """What the inspection's entry says of the next one; None once a later one is on record."""
    due = send.next_due
    if due is None or later_on_record:
        return None
    # After the third outcome the next visit is a monitoring inspection (see the About page).
    what = "Monitoring inspection" if send.outcome is SendOutcome.SYSTEMIC_FAILINGS else "Next inspection"
    # A month (or year) is past only once the record is beyond all of it.
    passed = record is not None and (due.year, due.month or 12) < (record.year, record.month or 1)
    return SendDue(f"{what} was due" if passed else f"{what} due", due, passed)


def send_record_date(profiles: list[Profile]) -> PartialDate | None:
    """How current the area SEND record is: the newest publication of any area SEND report on record."""
    dates = [send.published for p in profiles for send in p.council.send_inspections if send.published]
    return max(dates, key=lambda date: date.sort_key, default=None)


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
