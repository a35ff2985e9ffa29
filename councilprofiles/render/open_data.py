"""Open data: each council's validated model as JSON, every inspection in one CSV, and every
area SEND inspection in another.

The JSON holds exactly what the content says (dates at their own precision, no
internal bookkeeping), in a fixed key order; the inspections CSV has one row per inspection and
a column per judgement area, for spreadsheets. Area SEND inspections have a CSV of their own:
an outcome is not a grade, and they judge the council with its NHS integrated care board.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from ..cache import NO_SUMMARIES, WholeProfiles
from ..model import JUDGEMENT_AREAS, Content, PartialDate, Profile
from ..model_fields import public_fields

CSV_COLUMNS = (
    "council",
    "slug",
    "region",
    "ofsted_urn",
    "inspection_id",
    "type",
    "date",
    "date_kind",
    "start",
    "end",
    "published",
    "reported",
    "reported_by",
    "lead_inspector",
    *JUDGEMENT_AREAS,
    "recommendations",
    "sources",
    "page",
)


def plain(value: Any) -> Any:
    """The model as JSON-ready values: records as objects, dates and choices as text; empty
    values (None, false, []) left out. Dispatched on the exact type first: it is called for
    every value of every council (some 280 a council)."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if kind is PartialDate:
        return value.iso
    if kind is list:
        return [plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    names = record_fields(kind)
    if names is None:
        return value
    record = {}
    for name in names:
        item = getattr(value, name)
        if item is not None and item is not False and item != []:
            record[name] = plain(item)
    return record


@functools.cache
def record_fields(kind: type) -> tuple[str, ...] | None:
    """The published fields of a record type, in order; None for a type that is not a record."""
    return tuple(f.name for f in public_fields(kind)) if dataclasses.is_dataclass(kind) else None


def council_json(profile: Profile, wholes: WholeProfiles = NO_SUMMARIES) -> bytes:
    """The council's model as `council.yaml` holds it, so it validates against the published schema.

    The slug is not repeated inside: it is the folder the file is published in.
    """
    document = plain(wholes.whole(profile).council)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cells: Iterable[object]) -> list[str]:
    """Cells a spreadsheet shows as text, never runs: one starting like a formula (`=HYPERLINK(…)`
    in a source's title, say) gets a leading apostrophe, as OWASP's guidance on CSV injection
    advises. No value the site itself writes starts so (dates, grades, numbers, addresses).
    A row at a time: the CSV has some 25 cells for each of every council's inspections."""
    return ["'" + text if text.startswith(FORMULA_TRIGGERS) else text for text in map(str, cells)]


SEND_CSV_COLUMNS = (
    "council",
    "slug",
    "region",
    "ofsted_urn",
    "inspection_id",
    "partnership",
    "start",
    "end",
    "published",
    "outcome",
    "outcome_number",
    "previous_inspection",
    "next_due",
    "monitoring_published",
    "sources",
    "page",
)


def csv_writer(columns: tuple[str, ...]) -> tuple[io.StringIO, Any]:
    """A CSV of our open data with its header: every cell quoted, so that a `;` in a value cannot
    start a new cell in a spreadsheet set to read semicolons as separators."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    return buffer, writer


def inspections_csv(content: Content) -> bytes:
    """Every inspection, one row each, every cell spreadsheet-safe."""
    buffer, writer = csv_writer(CSV_COLUMNS)
    for profile in sorted(content.profiles, key=lambda p: p.slug):
        council = profile.council
        sources = {source.id: source for source in council.sources}
        for inspection in sorted(council.inspections, key=lambda i: (i.date.sort_key, i.id)):
            grades = inspection.judgements
            writer.writerow(
                spreadsheet_safe(
                    [
                        council.name,
                        profile.slug,
                        council.region.value,
                        council.ofsted_urn or "",
                        inspection.id,
                        inspection.type.value,
                        inspection.date.iso,
                        inspection.date_kind.value,
                        *(
                            date.iso if date else ""
                            for date in (inspection.start, inspection.end, inspection.published)
                        ),
                        inspection.reported.date.iso if inspection.reported else "",
                        sources[inspection.reported.source].publisher if inspection.reported else "",
                        inspection.lead_inspector or "",
                        *(
                            (getattr(grades, area).value if grades and getattr(grades, area) else "")
                            for area in JUDGEMENT_AREAS
                        ),
                        "" if inspection.recommendations is None else inspection.recommendations,
                        " ".join(sources[ref].url or sources[ref].shown_title for ref in inspection.sources),
                        f"{content.site.base_url}councils/{profile.slug}/#{inspection.id}",
                    ]
                )
            )
    return buffer.getvalue().encode("utf-8")


def send_inspections_csv(content: Content) -> bytes:
    """Every area SEND inspection, one row each, ordered as the inspections CSV is; the outcome in
    Ofsted's words with Ofsted's number (1 to 3) beside it for sorting, never a grade."""
    buffer, writer = csv_writer(SEND_CSV_COLUMNS)
    for profile in sorted(content.profiles, key=lambda p: p.slug):
        council = profile.council
        sources = {source.id: source for source in council.sources}
        for send in sorted(council.send_inspections, key=lambda s: (s.date.sort_key, s.id)):
            writer.writerow(
                spreadsheet_safe(
                    [
                        council.name,
                        profile.slug,
                        council.region.value,
                        council.ofsted_urn or "",
                        send.id,
                        send.partnership or "",
                        *(iso(date) for date in (send.start, send.end, send.published)),
                        send.outcome.value if send.outcome else "",
                        send.outcome.number if send.outcome else "",
                        iso(send.previous_inspection),
                        iso(send.next_due),
                        iso(send.monitoring.published) if send.monitoring else "",
                        " ".join(sources[ref].url or sources[ref].shown_title for ref in send.sources),
                        f"{content.site.base_url}councils/{profile.slug}/#{send.id}",
                    ]
                )
            )
    return buffer.getvalue().encode("utf-8")


def iso(date: PartialDate | None) -> str:
    return date.iso if date else ""


def open_data(
    content: Content, wholes: WholeProfiles = NO_SUMMARIES
) -> list[tuple[str, Callable[[], bytes], str | None]]:
    """Every council's JSON, the CSV of every inspection and that of every area SEND inspection:
    (path, how to make it, the council it is about or None for every council). `wholes`: see
    render_site."""
    files: list[tuple[str, Callable[[], bytes], str | None]] = [
        (f"councils/{p.slug}/council.json", functools.partial(council_json, p, wholes), p.slug)
        for p in content.profiles
    ]
    files.append(("data/inspections.csv", functools.partial(inspections_csv, content), None))
    files.append(("data/send-inspections.csv", functools.partial(send_inspections_csv, content), None))
    return files
