"""The field reference in `docs/content-format.md`, written from the model itself.

Run `python -m councilprofiles.editors.field_reference` after changing `model.py`; a test fails
while the document and the model disagree.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from ..model import Council, CouncilRef, InspectionRef, PartialDate, Site, Slug, SourceRef, Url
from ..model_fields import field_hints, is_required, optional_inner, public_fields

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "content-format.md"
START = "<!-- reference:start (generated from councilprofiles/model.py; do not edit by hand) -->"
END = "<!-- reference:end -->"

SCALAR_NAMES = {
    str: "text",
    bool: "true or false",
    int: "whole number",
    PartialDate: "date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`)",
    Url: "web address (`https://…`)",
    Slug: "id (lowercase letters, digits, hyphens)",
    SourceRef: "a source's id",
    CouncilRef: "another council's folder name",
    InspectionRef: "an inspection's id",
}


def type_name(hint: Any) -> str:
    inner = optional_inner(hint)
    if inner is not None:
        hint = inner
    if typing.get_origin(hint) is list:
        return f"list of {type_name(typing.get_args(hint)[0])}"
    if dataclasses.is_dataclass(hint) and hint is not PartialDate:
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(f"`{member.value}`" for member in hint)
    return SCALAR_NAMES[hint]


def records(root: type) -> list[type]:
    """`root` and every record type reachable from it, in the order they are first met."""
    found: list[type] = []
    pending = [root]
    while pending:
        cls = pending.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for f in public_fields(cls):
            hint = field_hints(cls)[f.name]
            hint = optional_inner(hint) or hint
            if typing.get_origin(hint) is list:
                hint = typing.get_args(hint)[0]
            if dataclasses.is_dataclass(hint) and hint is not PartialDate:
                pending.append(hint)
    return found


def reference() -> str:
    """The Markdown tables: one per record type, one row per key."""
    lines = []
    for cls in [*records(Site), *records(Council)]:
        lines += [f"### {cls.__name__}", "", (cls.__doc__ or "").strip(), ""]
        lines += ["| key | required | type | meaning |", "|---|---|---|---|"]
        for f in public_fields(cls):
            meaning = str(f.metadata.get("doc", "")).replace("|", "\\|")
            if "min_items" in f.metadata:
                meaning += f" At least {f.metadata['min_items']}."
            required = "yes" if is_required(f) else "no"
            lines.append(f"| `{f.name}` | {required} | {type_name(field_hints(cls)[f.name])} | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def updated(document: str) -> str:
    """The document with its reference section replaced by a freshly generated one."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n\n{reference()}\n{END}", document)


if __name__ == "__main__":
    text = DOCUMENT.read_text(encoding="utf-8")
    DOCUMENT.write_text(updated(text), encoding="utf-8")
    sys.stdout.write(f"Updated the reference in {DOCUMENT}\n")
