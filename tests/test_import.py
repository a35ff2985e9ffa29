"""The Ofsted importer: real data in, every council out, editors' work kept, problems reported."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from support import ROOT, run_cli

DATA = ROOT / "data" / "ofsted-ilacs"
HISTORY = DATA / "ofsted_csc_ilacs_history.csv"
LOOKUP = DATA / "Provider_data_lookup.csv"
SITE_YAML = "title: Test\ndescription: Test site.\nbase_url: https://example.org/\n"


def import_into(content: Path, history: Path = HISTORY, lookup: Path = LOOKUP) -> str:
    result = run_cli("import-ofsted", str(history), str(lookup), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Fresh content holding only what the importer writes from the real files."""
    content = tmp_path_factory.mktemp("import") / "content"
    (content / "councils").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return content, import_into(content)


def councils(content: Path) -> dict[str, dict]:
    return {
        path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((content / "councils").glob("*/council.yaml"))
    }


def csv_rows() -> list[dict[str, str]]:
    with HISTORY.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_council_and_report_is_imported(imported: tuple[Path, str]) -> None:
    content, output = imported
    found = councils(content)
    assert len(found) == len({row["urn"] for row in csv_rows()}) == 153
    assert sum(len(c["inspections"]) for c in found.values()) == len(csv_rows()) == 497
    assert "Imported 497 reports for 153 councils: 153 created, 0 updated, 0 unchanged." in output


def test_overall_grades_per_framework_match_the_csv(imported: tuple[Path, str]) -> None:
    content, _ = imported
    wording = {"requires improvement": "requires improvement to be good"}
    expected = Counter(
        (
            row["inspection_framework"],
            wording.get(row["overall_effectiveness_grade"], row["overall_effectiveness_grade"]),
        )
        for row in csv_rows()
        if row["inspection_framework"] in ("standard", "short")
        and row["overall_effectiveness_grade"] in ("outstanding", "good", "requires improvement", "inadequate")
    )
    kinds = {"ilacs-standard": "standard", "ilacs-short": "short"}
    found = Counter(
        (kinds[inspection["type"]], inspection["judgements"]["overall_effectiveness"])
        for council in councils(content).values()
        for inspection in council["inspections"]
        if inspection["type"] in kinds and "overall_effectiveness" in inspection.get("judgements", {})
    )
    assert found == expected
    assert sum(expected.values()) > 250


def test_unreadable_grades_are_never_guessed(imported: tuple[Path, str]) -> None:
    content, _ = imported
    wandsworth_2016 = next(
        i for i in councils(content)["wandsworth"]["inspections"] if str(i["published"]) == "2016-02-16"
    )
    assert wandsworth_2016["type"] == "sif"
    assert "judgements" not in wandsworth_2016


def test_a_council_is_imported_with_identity_grades_and_source(imported: tuple[Path, str]) -> None:
    content, _ = imported
    wokingham = councils(content)["wokingham"]
    assert wokingham["region"] == "South East"
    assert wokingham["ofsted_urn"] == 80582 and wokingham["dfe_code"] == 872
    assert wokingham["statistical_neighbours"][0] == "windsor-and-maidenhead"
    latest = wokingham["inspections"][-1]
    assert latest["type"] == "ilacs-standard"
    assert str(latest["start"]) == "2023-03-06" and str(latest["end"]) == "2023-03-17"
    assert latest["lead_inspector"] == "Tom Anthony"
    assert latest["judgements"] == {
        "overall_effectiveness": "requires improvement to be good",
        "leadership": "requires improvement to be good",
        "help_and_protection": "requires improvement to be good",
        "children_in_care": "good",
        "care_leavers": "requires improvement to be good",
    }
    (source,) = [s for s in wokingham["sources"] if s["id"] in latest["sources"]]
    assert source["url"] == "https://files.ofsted.gov.uk/v1/file/50215917"
    assert source["publisher"] == "Ofsted"


def test_anomalies_are_reported_with_their_csv_line(imported: tuple[Path, str]) -> None:
    _, output = imported
    assert "ofsted_csc_ilacs_history.csv:485: the framework column holds text" in output
    assert (
        "ofsted_csc_ilacs_history.csv:329: help_and_protection_grade: unknown grade 'to requires improvement'" in output
    )
    assert "ofsted_csc_ilacs_history.csv:48: no framework given for an ILACS-era report" in output


def test_imported_content_builds_a_page_per_council(imported: tuple[Path, str], tmp_path: Path) -> None:
    content, _ = imported
    result = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout
    pages = list((tmp_path / "site" / "councils").glob("*/index.html"))
    assert len(pages) == 153


def test_second_import_changes_nothing(imported: tuple[Path, str], tmp_path: Path) -> None:
    content, _ = imported
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    output = import_into(copy)
    assert "0 created, 0 updated, 153 unchanged" in output
    assert {p: p.read_bytes() for p in copy.rglob("*.yaml")} == before


def test_committed_content_is_up_to_date_with_the_data(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    output = import_into(copy)
    assert "0 created, 0 updated, 153 unchanged" in output


def newer_history(tmp_path: Path, change: dict[str, str], url: str) -> Path:
    """A copy of the history CSV with one report's cells changed, as a newer release might."""
    rows = csv_rows()
    for row in rows:
        if row["inspection_link"] == url:
            row.update(change)
    path = tmp_path / "history.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_editors_additions_survive_a_reimport_that_updates_a_grade(imported: tuple[Path, str], tmp_path: Path) -> None:
    content, _ = imported
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    path = copy / "councils" / "nottingham" / "council.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Nottingham\n", "name: Nottingham\n# An editor's note on this council.\n")
    text = text.replace(
        "    lead_inspector: Andy Waugh\n",
        "    lead_inspector: Andy Waugh\n    summary: Our own summary of this inspection.\n",
    )
    text += (
        "milestones:\n  - id: new-director\n    date: 2023\n    title: A new director\n"
        "    sources: [ofsted-2022-09-05]\n"
    )
    path.write_text(text, encoding="utf-8")

    history = newer_history(
        tmp_path, {"impact_of_leaders_grade": "inadequate"}, "https://files.ofsted.gov.uk/v1/file/50192198"
    )
    output = import_into(copy, history=history)
    assert "1 updated" in output
    after = path.read_text(encoding="utf-8")
    assert "# An editor's note on this council." in after
    assert "summary: Our own summary of this inspection." in after
    assert "title: A new director" in after
    inspection = next(i for i in yaml.safe_load(after)["inspections"] if i["id"] == "ilacs-2022-09-05")
    assert inspection["judgements"]["leadership"] == "inadequate"
    assert run_cli("check", "--content", str(copy)).returncode == 0


def test_a_conflict_with_an_editors_record_is_reported_and_the_editor_wins(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    path = copy / "councils" / "wokingham" / "council.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    target = next(n for n, line in enumerate(lines) if "children_in_care: good" in line)
    lines[target] = lines[target].replace("good", "outstanding")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    output = import_into(copy)
    assert (
        f"councils/wokingham/council.yaml:{target + 1}: children_in_care is 'outstanding' here but 'good' "
        "in the data (" in output
    )
    assert "kept the editor's value" in output
    assert path.read_text(encoding="utf-8").splitlines()[target].endswith("outstanding")


def test_wrong_file_is_a_clear_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    result = run_cli("import-ofsted", str(LOOKUP), str(HISTORY), "--content", str(content))
    assert result.returncode == 1
    assert "missing column(s)" in result.stderr and "Traceback" not in result.stderr
