"""Open data: each council's validated model as JSON, and every inspection in one CSV.

The JSON holds exactly what the content says (dates at their own precision, no
internal bookkeeping), in a fixed key order; the CSV has one row per inspection and
a column per judgement area, for spreadsheets.
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

from .convert import public_fields
from .load import full_profile
from .model import JUDGEMENT_AREAS, Content, PartialDate, Profile

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


def council_json(profile: Profile) -> bytes:
    """The council's model as `council.yaml` holds it, so it validates against the published schema.

    The slug is not repeated inside: it is the folder the file is published in.
    """
    document = plain(full_profile(profile).council)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cells: Iterable[object]) -> list[str]:
    """Cells a spreadsheet shows as text, never runs: one starting like a formula (`=HYPERLINK(…)`
    in a source's title, say) gets a leading apostrophe, as OWASP's guidance on CSV injection
    advises. No value the site itself writes starts so (dates, grades, numbers, addresses).
    A row at a time: the CSV has some 25 cells for each of every council's inspections."""
    return ["'" + text if text.startswith(FORMULA_TRIGGERS) else text for text in map(str, cells)]


def inspections_csv(content: Content) -> bytes:
    """Every inspection, one row each. Every cell is quoted (so that a `;` in a value cannot start
    a new cell in a spreadsheet set to read semicolons as separators) and made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
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


def open_data(content: Content) -> list[tuple[str, Callable[[], bytes], str | None]]:
    """Every council's JSON and the CSV of every inspection: (path, how to make it, the council
    it is about or None for every council)."""
    files: list[tuple[str, Callable[[], bytes], str | None]] = [
        (f"councils/{p.slug}/council.json", functools.partial(council_json, p), p.slug) for p in content.profiles
    ]
    files.append(("data/inspections.csv", functools.partial(inspections_csv, content), None))
    return files
