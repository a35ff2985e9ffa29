"""docs/open-data.md and the site's Open data page document every column the CSVs actually have."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, page

from councilprofiles.render.open_data import CSV_COLUMNS, SEND_CSV_COLUMNS


def section(text: str, start: str, end: str) -> str:
    """The part of a document from `start` up to the next `end` after it."""
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


@pytest.mark.parametrize(
    ("name", "columns"), [("inspections.csv", CSV_COLUMNS), ("send-inspections.csv", SEND_CSV_COLUMNS)]
)
def test_open_data_doc_describes_every_csv_column(name: str, columns: tuple[str, ...]) -> None:
    doc = section((ROOT / "docs" / "open-data.md").read_text(encoding="utf-8"), f"## `data/{name}`", "\n## ")
    missing = [column for column in columns if f"`{column}`" not in doc]
    assert not missing, f"docs/open-data.md does not describe in {name}: {missing}"


def test_the_open_data_page_describes_every_send_csv_column(site: Path) -> None:
    html = section(page(site, "data/index.html"), "send-inspections.csv</a>", "</table>")
    missing = [column for column in SEND_CSV_COLUMNS if f"<code>{column}</code>" not in html]
    assert not missing, f"the Open data page does not describe: {missing}"
    assert (site / "data" / "send-inspections.csv").is_file()


def test_readme_links_the_open_data_doc() -> None:
    assert "(docs/open-data.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
