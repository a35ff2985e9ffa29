"""`build.py new`: a new council folder, filled in from Ofsted's record, whose comments teach the format.

For a council in Ofsted's record (`data/ofsted-ilacs/`), the facts the record holds are
written as `import-ofsted` writes them (the importer's own functions make the records), so a
later import finds them its own. The files pass `check` as written, whatever the name, and
publish no placeholder facts: every example is a comment, to be copied and filled in from a
real source. Every text value is written in double quotes with YAML's escapes, so no name
(`Northby: The Borough`, `!Northby`, `Northby #1`, quotes, backslashes) can be misread.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import NARRATIVE_STARTER, Region, slug_for

DATA = Path(__file__).resolve().parents[2] / "data" / "ofsted-ilacs"
HISTORY = DATA / "ofsted_csc_ilacs_history.csv"
LOOKUP = DATA / "Provider_data_lookup.csv"

HEADER = """\
# yaml-language-server: $schema=../../../schema/council.schema.json
# The facts of {name}'s improvement profile. Every fact cites a source listed under
# `sources`; see docs/content-format.md and docs/editing.md. Examples are in comments:
# copy one, remove the `# `, and fill it in from your source. Check with:
#   ./build.py check
"""

FROM_RECORD = """\
# What Ofsted's published record holds is filled in below, as `./build.py import-ofsted`
# writes it: records marked `imported: true` may be updated by a re-import. Add to them
# freely (a summary, strengths, areas_to_improve); delete `imported: true` to make a record yours.
"""

NOT_IN_RECORD = """\
# ofsted_reports: https://reports.ofsted.gov.uk/provider/44/<Ofsted URN>
# ofsted_urn: 80000
"""

SUMMARY_EXAMPLE = """\
# summary: >-
#   One paragraph in your own words: where the council's services stand and how they got there.
"""

SOURCE_EXAMPLE = """\
#  - id: ofsted-2023                 # a short name you cite this source by
#    title: Children's services inspection, {name} (9 May 2023)
#    publisher: Ofsted
#    date: 2023-05-09                # only as precise as the source: 2023, 2023-05 or 2023-05-09
#    url: https://files.ofsted.gov.uk/v1/file/...
"""

INSPECTION_EXAMPLE = """\

# inspections:
#  - id: ilacs-2023
#    type: ilacs-standard           # sif, sif-reinspection, ilacs-standard, ilacs-short,
#                                   # focused-visit, monitoring-visit, jtai
#    start: 2023-03-06
#    end: 2023-03-17
#    published: 2023-05-09
#    judgements:                    # graded inspections only, in Ofsted's words
#      overall_effectiveness: requires improvement to be good
#    summary: What the inspectors found, in your own words.
#    sources: [ofsted-2023]
"""

OTHER_EXAMPLES = """\

# milestones:
#  - id: new-director
#    date: 2018-11
#    title: New director of children's services appointed
#    sources: [ofsted-2023]

# quotes:
#  - text: "Exactly as the source prints it, curly quotes and all."
#    speaker: Their name
#    role: Their role when they said it
#    source: ofsted-2023
"""


class ScaffoldError(ValueError):
    """A council folder cannot be started as asked; the message says what to do instead."""


def quoted(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text` in YAML 1.1 and 1.2: every
    character that is not plainly printable (line breaks, tabs, invisible and direction-changing
    characters) written as an escape."""
    out = ['"']
    for character in text:
        if character in '"\\':
            out.append("\\" + character)
        elif character.isprintable() and character not in "\u2028\u2029\ufeff":
            out.append(character)
        elif ord(character) <= 0xFFFF:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(f"\\U{ord(character):08x}")
    out.append('"')
    return "".join(out)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return quoted(str(value))


def block(value: Any, indent: int = 0) -> Iterator[str]:
    """YAML lines in the importer's layout (mappings by 2, list items by 4 with the dash at 2),
    every text quoted. A list the importer writes in flow style (`sources: [id]`) stays so."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                yield f"{pad}{key}:"
                yield from block(item, indent + 2)
            elif isinstance(item, list) and item and not is_flow(item):
                yield f"{pad}{key}:"
                yield from block(item, indent + 2)
            elif isinstance(item, list):
                yield f"{pad}{key}: [{', '.join(scalar(part) for part in item)}]"
            elif item is not None:
                yield f"{pad}{key}: {scalar(item)}"
        return
    for item in value:
        if isinstance(item, dict):
            lines = list(block(item, indent + 2))
            yield f"{pad}- {lines[0].lstrip()}"
            yield from lines[1:]
        else:
            yield f"{pad}- {scalar(item)}"


def is_flow(items: list[Any]) -> bool:
    style = getattr(getattr(items, "fa", None), "flow_style", None)
    return bool(style()) if callable(style) else False


def check_name(name: str) -> str:
    """The name as it will be written: without surrounding space, and one line of visible text."""
    name = name.strip()
    for character in name:
        if unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ScaffoldError(f"the name holds an invisible character (U+{ord(character):04X}): type the name again")
    if not slug_for(name):
        raise ScaffoldError(f"'{name}' has no letters or digits to make a folder name from")
    return name


def ofsted_record(name: str, content: Path, history: Path = HISTORY, lookup: Path = LOOKUP) -> Any | None:
    """What Ofsted's record holds about the council named (matched as the importer names its
    folder, or by a name the lookup gives as also known as), or None. Its statistical
    neighbours are kept only where their folder exists, as `check` requires."""
    if not history.is_file() or not lookup.is_file():
        return None
    from ..ofsted.dataset import LOOKUP_COLUMNS, gather, read_csv

    wanted = slug_for(name)
    urns = set()
    for _, row in read_csv(lookup, LOOKUP_COLUMNS):
        names = [row.get("local_authority_ons_name", ""), *row.get("also_known_as", "").strip("[]").split(",")]
        if wanted in {slug_for(other) for other in names if other.strip()}:
            urns.add(row["urn"])
    councils, _ = gather(history, lookup, datetime.date.today())
    found = next((council for council in councils if council.urn in urns or council.slug == wanted), None)
    if found is None:
        return None
    councils_dir = content / "councils"
    existing = {folder.name for folder in councils_dir.iterdir()} if councils_dir.is_dir() else set()
    return dataclasses.replace(found, neighbour_codes=[slug for slug in found.neighbour_codes if slug in existing])


def imported_facts(record: Any, path: Path, content: Path) -> dict[str, Any]:
    """The council's facts made by the importer's own functions, as `import-ofsted` would write them."""
    from ..ofsted.merge import CouncilFile

    merged = CouncilFile(path, str(path), [], str(HISTORY), content)
    merged.merge_identity(record)
    merged.merge_reports(record)
    return merged.document


def council_text(name: str, facts: dict[str, Any], from_record: bool) -> str:
    identity = {key: value for key, value in facts.items() if key not in ("sources", "inspections")}
    parts = [HEADER.format(name=name)]
    if from_record:
        parts.append(FROM_RECORD)
    parts.append("\n".join(block(identity)) + "\n")
    if not from_record:
        parts.append(NOT_IN_RECORD)
    parts.append(SUMMARY_EXAMPLE)
    parts.append("\nsources:\n" + "\n".join(block(facts["sources"], 2)) + "\n")
    parts.append(SOURCE_EXAMPLE.format(name=name))
    if facts.get("inspections"):
        parts.append("\ninspections:\n" + "\n".join(block(facts["inspections"], 2)) + "\n")
    else:
        parts.append(INSPECTION_EXAMPLE)
    parts.append(OTHER_EXAMPLES)
    return "".join(parts)


def create_council(
    content: Path, name: str, region: Region | None, website: str | None, record: Any | None = None
) -> Path:
    """Create `content/councils/<slug>/` with both files; refuse to overwrite anything.

    With Ofsted's `record` of the council, its facts come from there; otherwise `region` and
    `website` are needed, and the only source is the council's website."""
    name = check_name(name)
    folder = content / "councils" / slug_for(record.name if record is not None else name)
    if folder.exists():
        raise FileExistsError(f"{folder} already exists: edit its files instead")
    if record is not None:
        name = record.name
        facts = imported_facts(record, folder / "council.yaml", content)
        if website:
            facts["website"] = website
    else:
        if region is None or website is None:
            raise ScaffoldError(f"'{name}' is not in Ofsted's record: give --region and --website")
        source = {"id": "council-website", "title": f"{name} council website", "publisher": name, "url": website}
        facts = {"name": name, "region": region.value, "website": website, "sources": [source]}
    text = council_text(name, facts, record is not None)
    folder.mkdir(parents=True)
    (folder / "council.yaml").write_text(text, encoding="utf-8")
    # The name stays out of the narrative: a '<' or '[' in it would be Markdown there.
    (folder / "profile.md").write_text(NARRATIVE_STARTER, encoding="utf-8")
    return folder
