"""`build.py new`: a new council that passes check and builds, with no facts invented."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import build, run_cli


def test_new_council_passes_check_and_builds(content: Path, tmp_path: Path) -> None:
    result = run_cli("new", "Kingston upon Thames", "--region", "London", "--content", str(content))
    assert result.returncode == 0, result.stderr
    folder = content / "councils/kingston-upon-thames"
    text = (folder / "council.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/council.schema.json\n")
    facts = yaml.safe_load(text)
    assert facts["name"] == "Kingston upon Thames" and facts["region"] == "London"
    assert facts["website"] == "https://kingston.gov.uk/"  # from Ofsted's council lookup
    assert set(facts) == {"name", "region", "website", "sources"}  # examples stay in comments
    assert run_cli("check", "--content", str(content)).returncode == 0
    build(content, tmp_path / "site")
    assert "Not yet written" in (tmp_path / "site/councils/kingston-upon-thames/index.html").read_text()


def test_new_refuses_to_overwrite_and_asks_for_a_website_it_cannot_find(content: Path) -> None:
    again = run_cli(
        "new", "Northby", "--region", "North East", "--website", "https://x.example/", "--content", str(content)
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    unknown = run_cli("new", "Nowhere Town", "--region", "North East", "--content", str(content))
    assert unknown.returncode == 2 and "--website" in unknown.stderr
    bad_region = run_cli(
        "new", "Eastshire", "--region", "Wales", "--website", "https://e.example/", "--content", str(content)
    )
    assert bad_region.returncode == 2 and "'Wales' is not one of" in bad_region.stderr
