"""`build.py new`: a new council folder whose comments teach the format.

The files pass `check` as written and publish no placeholder facts: every example
is a comment, to be copied and filled in from a real source.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .model import Region, slug_for

LOOKUP = Path(__file__).resolve().parent.parent / "data" / "ofsted-ilacs" / "Provider_data_lookup.csv"

COUNCIL_TEMPLATE = """\
# yaml-language-server: $schema=../../../schema/council.schema.json
# The facts of {name}'s improvement profile. Every fact cites a source listed under
# `sources`; see docs/content-format.md and docs/editing.md. Examples are in comments:
# copy one, remove the `# `, and fill it in from your source. Check with:
#   python build.py check
name: {name}
region: {region}
website: {website}
# ofsted_reports: https://reports.ofsted.gov.uk/provider/44/<Ofsted URN>
# ofsted_urn: 80000
# summary: >-
#   One paragraph in your own words: where the council's services stand and how they got there.

sources:
  - id: council-website
    title: {name} council website
    publisher: {name}
    url: {website}
#  - id: ofsted-2023                 # a short name you cite this source by
#    title: Children's services inspection, {name} (9 May 2023)
#    publisher: Ofsted
#    date: 2023-05-09                # only as precise as the source: 2023, 2023-05 or 2023-05-09
#    url: https://files.ofsted.gov.uk/v1/file/...

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

NARRATIVE_TEMPLATE = """\
<!--
The story of {name}'s improvement journey, in your own words (never copied from an
article): what happened, in order, and why it mattered. Use `## ` for section headings.
Facts belong in council.yaml with their sources; this is where they are explained.
Nothing in this comment is published.
-->
"""


def known_website(name: str, lookup: Path = LOOKUP) -> str | None:
    """The council's website from Ofsted's council lookup, if the name is there."""
    if not lookup.is_file():
        return None
    wanted = slug_for(name)
    with lookup.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row.get("local_authority_ons_name", "")]
            names += row.get("also_known_as", "").strip("[]").split(",")
            if wanted in {slug_for(n) for n in names if n.strip()} and row.get("domain"):
                return f"https://{row['domain'].strip()}/"
    return None


def create_council(content: Path, name: str, region: Region, website: str) -> Path:
    """Create `content/councils/<slug>/` with both files; refuse to overwrite anything."""
    slug = slug_for(name)
    if not slug:
        raise ValueError(f"'{name}' has no letters or digits to make a folder name from")
    folder = content / "councils" / slug
    if folder.exists():
        raise FileExistsError(f"{folder} already exists: edit its files instead")
    folder.mkdir(parents=True)
    values = {"name": name.strip(), "region": region.value, "website": website}
    (folder / "council.yaml").write_text(COUNCIL_TEMPLATE.format(**values), encoding="utf-8")
    (folder / "profile.md").write_text(NARRATIVE_TEMPLATE.format(**values), encoding="utf-8")
    return folder
