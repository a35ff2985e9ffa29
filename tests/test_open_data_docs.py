"""docs/open-data.md documents every column the CSV actually has."""

from __future__ import annotations

from conftest import ROOT

from councilprofiles.opendata import CSV_COLUMNS


def test_open_data_doc_describes_every_csv_column() -> None:
    doc = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    missing = [column for column in CSV_COLUMNS if f"`{column}`" not in doc]
    assert not missing, f"docs/open-data.md does not describe: {missing}"


def test_readme_links_the_open_data_doc() -> None:
    assert "(docs/open-data.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
