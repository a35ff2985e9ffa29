"""The documentation tells the truth: its example validates and its reference matches the model."""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT

import councilprofiles.editors.field_reference as reference
from councilprofiles.load.councils import load_content

FORMAT_DOC = ROOT / "docs" / "content-format.md"


def test_annotated_council_example_passes_check(content: Path) -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text[text.index("## `council.yaml`, annotated") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    folder = content / "councils" / "northby"
    (folder / "council.yaml").write_text(example, encoding="utf-8")
    loaded = load_content(content)
    northby = next(p.council for p in loaded.profiles if p.slug == "northby")
    assert [i.id for i in northby.inspections] == ["sif-2015", "monitoring-3"]


def test_reference_section_matches_the_model() -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    assert reference.updated(text) == text, "run: python -m councilprofiles.editors.field_reference"
