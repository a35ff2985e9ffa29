"""The importer on bad input: every problem named with its file and line, exit 1, no traceback,
and content/ exactly as it was — editors' files mid-edit included."""

from __future__ import annotations

import csv
import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from report_pdf import trafford_report
from support import ROOT, run_cli, tree_digest

DATA = ROOT / "data" / "ofsted-ilacs"
LOOKUP = DATA / "Provider_data_lookup.csv"
HISTORY_ROWS = list(csv.reader((DATA / "ofsted_csc_ilacs_history.csv").read_text(encoding="utf-8-sig").splitlines()))
WOKINGHAM_ROWS = [HISTORY_ROWS[0]] + [row for row in HISTORY_ROWS[1:] if row[1] == "wokingham"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The real content: Wokingham is an editor's in-depth profile, imported into by the rows below."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def write_csv(path: Path, rows: list[list[str]], tail: str = "") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
        handle.write(tail)
    return path


def refused(content: Path, history: Path, lookup: Path = LOOKUP) -> str:
    """Run the import as an editor would; require exit 1, no traceback, content untouched."""
    before = tree_digest(content)
    result = run_cli("import-ofsted", str(history), str(lookup), "--content", str(content))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert "nothing was imported" in result.stderr, output
    assert tree_digest(content) == before
    return result.stderr


def test_the_fixture_imports_cleanly(content: Path, tmp_path: Path) -> None:
    """The cases below fail for what each breaks, not for anything else."""
    history = write_csv(tmp_path / "history.csv", WOKINGHAM_ROWS)
    result = run_cli("import-ofsted", str(history), str(LOOKUP), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("breakage", "line", "message"),
    [
        (lambda text: text.replace("name: Wokingham", 'name: "Wokingham', 1), None, "YAML syntax error"),
        (lambda text: "- just\n- a list\n", 1, "should be a set of keys"),
        (lambda text: re.sub(r"^  - id:", "  - idd:", text, count=1, flags=re.M), None, "has no id"),
        (lambda text: text.replace("sources:\n  - id", "sources: oops\nformer:\n  - id", 1), None, "should be a list"),
    ],
    ids=["unclosed-quote", "list-not-keys", "source-without-id", "sources-not-a-list"],
)
def test_an_editors_file_mid_edit_is_named_with_its_line(
    content: Path, tmp_path: Path, breakage, line, message
) -> None:
    path = content / "councils" / "wokingham" / "council.yaml"
    path.write_text(breakage(path.read_text(encoding="utf-8")), encoding="utf-8")
    history = write_csv(tmp_path / "history.csv", WOKINGHAM_ROWS)
    output = refused(content, history)
    assert "wokingham/council.yaml:" in output and message in output, output
    if line is not None:
        assert f"council.yaml:{line}:" in output


def test_a_cell_over_the_csv_limit(content: Path, tmp_path: Path) -> None:
    rows = [list(row) for row in WOKINGHAM_ROWS]
    rows[2][6] = "x" * 200_000  # the inspector's name
    output = refused(content, write_csv(tmp_path / "history.csv", rows))
    assert "history.csv:3:" in output and "field larger than field limit" in output


def test_a_urn_that_is_not_a_number(content: Path, tmp_path: Path) -> None:
    rows = [list(row) for row in WOKINGHAM_ROWS]
    rows[1][0] = "80582x"
    output = refused(content, write_csv(tmp_path / "history.csv", rows))
    assert "history.csv:2: the URN '80582x' is not a number" in output


def test_a_truncated_last_row(content: Path, tmp_path: Path) -> None:
    history = write_csv(
        tmp_path / "history.csv", WOKINGHAM_ROWS, tail="80582,wokingham,https://files.ofsted.gov.uk/v1/"
    )
    output = refused(content, history)
    assert f"history.csv:{len(WOKINGHAM_ROWS) + 1}: the row has 3 cells but the header has" in output


def test_a_council_named_only_with_dots_in_the_lookup(content: Path, tmp_path: Path) -> None:
    lookup_rows = list(csv.reader(LOOKUP.read_text(encoding="utf-8-sig").splitlines()))
    column = lookup_rows[0].index("local_authority_ons_name")
    line = next(n for n, row in enumerate(lookup_rows) if row[column] == "Wokingham")
    lookup_rows[line][column] = "..."
    lookup = write_csv(tmp_path / "lookup.csv", lookup_rows)
    output = refused(content, write_csv(tmp_path / "history.csv", WOKINGHAM_ROWS), lookup)
    assert f"lookup.csv:{line + 1}: the council's name '...' has no letters or digits" in output
    assert not (content / "councils" / "council.yaml").exists()


def test_a_row_whose_name_says_one_council_and_urn_another(content: Path, tmp_path: Path) -> None:
    rows = [list(row) for row in WOKINGHAM_ROWS]
    rows[1][1] = "wandsworth"
    output = refused(content, write_csv(tmp_path / "history.csv", rows))
    assert "history.csv:2: the row names 'wandsworth' but its URN 80582 is Wokingham in the lookup" in output


TRAFFORD_ROWS = [HISTORY_ROWS[0]] + [row for row in HISTORY_ROWS[1:] if row[1] == "trafford"]
TRAFFORD_2019 = "50074947"  # Trafford's short inspection of March 2019


def import_reports(content: Path, history: Path, reports: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("import-ofsted", str(history), str(LOOKUP), "--content", str(content), "--reports", str(reports))


def test_a_report_holding_characters_the_check_refuses_imports_without_them(content: Path, tmp_path: Path) -> None:
    """The import writes a report's words into council.yaml; `check` refuses control, bidi and
    noncharacters there. The import must never write a file its own check then refuses."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / f"{TRAFFORD_2019}.pdf").write_bytes(
        trafford_report(
            [
                "Children in Trafford receive services that are \u202einadequate\u202c overall.\x85 Leaders had",
                "no accurate understanding\x1b]0;owned\x07 of the quality of practice\ufdd0, and no action had",
                "been taken.",
            ]
        )
    )
    history = write_csv(tmp_path / "history.csv", TRAFFORD_ROWS)
    result = import_reports(content, history, reports)
    assert result.returncode == 0, result.stdout + result.stderr
    record = yaml.safe_load((content / "councils" / "trafford" / "council.yaml").read_text(encoding="utf-8"))
    (inspection,) = [i for i in record["inspections"] if i.get("published") == datetime.date(2019, 5, 8)]
    assert inspection["from_report"]["summary"] == (
        "Children in Trafford receive services that are inadequate overall. Leaders had no accurate understanding"
        "]0;owned of the quality of practice, and no action had been taken."
    )


def test_a_link_whose_file_number_is_no_file_name_is_reported_not_read(content: Path, tmp_path: Path) -> None:
    """A 300-digit 'file number' is too long to name a file: the row is reported, the rest imported."""
    rows = [list(row) for row in TRAFFORD_ROWS]
    line = next(index for index, row in enumerate(rows) if row[2].endswith(TRAFFORD_2019)) + 1
    rows[line - 1][2] = "https://files.ofsted.gov.uk/v1/file/" + "9" * 300
    reports = tmp_path / "reports"
    reports.mkdir()
    result = import_reports(content, write_csv(tmp_path / "history.csv", rows), reports)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"history.csv:{line}: the link 'https://files.ofsted.gov.uk/v1/file/999" in result.stdout
    assert "does not end in a file number (1 to 12 digits): row not imported" in result.stdout
    assert f"Imported {len(rows) - 2} reports for 1 councils" in result.stdout


def test_another_councils_report_under_this_file_number_is_not_taken(content: Path, tmp_path: Path) -> None:
    """Southend-on-Sea's 2019 report saved as Trafford's 50074947.pdf: read as it stands, Trafford's
    record would carry Southend's words, grades and inspector. The report names its council on its
    first page; the import reports the mismatch and leaves Trafford's record as it was."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copyfile(ROOT / "tests" / "fixtures" / "ofsted-reports" / "50103322.pdf", reports / f"{TRAFFORD_2019}.pdf")
    council = content / "councils" / "trafford" / "council.yaml"
    before = council.read_bytes()
    result = import_reports(content, write_csv(tmp_path / "history.csv", TRAFFORD_ROWS), reports)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(index for index, row in enumerate(TRAFFORD_ROWS) if row[2].endswith(TRAFFORD_2019)) + 1
    assert (
        f"history.csv:{line}: report {TRAFFORD_2019}.pdf does not name trafford where it names its council "
        "('Southend-on-Sea Borough Council Inspection of children’s social care services'): another council's report? "
        "Not read; the CSV's facts kept"
    ) in result.stdout
    assert council.read_bytes() == before
    assert "Southend" not in council.read_text(encoding="utf-8")
