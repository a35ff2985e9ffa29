"""Area SEND inspections: read from the reports word for word, imported beside (never into) the
ILACS record, and counted nationally exactly as Ofsted's record counts them."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import build

from councilprofiles.load import load_content
from councilprofiles.model import PartialDate, SendOutcome
from councilprofiles.ofsted.report import contains_verbatim
from councilprofiles.ofsted.send import OUTCOMES, import_send
from councilprofiles.ofsted.send_report import read_send_report
from councilprofiles.views import council_views, send_outcome_counts

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "ofsted-send-reports"
RECORD = ROOT / "data" / "ofsted-send" / "send_inspections.csv"


@pytest.mark.parametrize(
    ("number", "outcome", "start", "end"),
    [
        ("50222861", SendOutcome.POSITIVE, PartialDate(2023, 5, 11), PartialDate(2023, 5, 19)),
        ("50215729", SendOutcome.INCONSISTENT, PartialDate(2023, 2, 6), PartialDate(2023, 2, 10)),
        ("50216722", SendOutcome.SYSTEMIC_FAILINGS, PartialDate(2023, 1, 30), PartialDate(2023, 2, 3)),
    ],
)
def test_each_outcome_is_read_from_its_report_in_ofsteds_words(
    number: str, outcome: SendOutcome, start: PartialDate, end: PartialDate
) -> None:
    reading = read_send_report(REPORTS / f"{number}.pdf")
    assert (reading.outcome, reading.start, reading.end) == (outcome, start, end)
    assert reading.improvements, "every report lists areas for improvement"
    for quote in [reading.outcome_text or "", *reading.priority_actions, *reading.improvements]:
        assert contains_verbatim(reading.text, quote), quote


def test_a_table_whose_columns_run_together_is_left_out_never_misquoted() -> None:
    """Nottinghamshire's first priority action is cut by a page break, and PDFium runs a line of the
    "Responsible body" column into it ("young people Nottinghamshire Integrated with SEND"): the
    list is left out and said to be uncertain, rather than quoted with words Ofsted never wrote."""
    reading = read_send_report(REPORTS / "50216722.pdf")
    assert reading.previous_end == PartialDate(2016, 6, 24)
    assert reading.partnership == (
        "Nottinghamshire County Council and NHS Nottingham and Nottinghamshire Integrated Care Board (ICB)"
    )
    assert reading.priority_actions == []
    assert reading.uncertain == ("Areas for priority action",)
    assert len(reading.improvements) == 4


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's content, to import the SEND record into again."""
    content = tmp_path_factory.mktemp("send") / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def test_import_records_every_partnership_and_a_second_run_changes_nothing(imported: Path) -> None:
    first = import_send(RECORD, imported, reports=REPORTS)
    assert first.reports == 72
    second = import_send(RECORD, imported, reports=REPORTS)
    assert second.updated == [] and len(second.unchanged) == 72
    slough = next(n for n in first.anomalies if "slough" in n.message)
    assert "no outcome" in slough.message


def test_national_counts_equal_a_recount_of_the_record() -> None:
    with RECORD.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    recount = Counter(OUTCOMES.get(row["outcome_grade"].removesuffix(".0")) for row in rows)
    views = council_views(load_content(ROOT / "content").profiles)
    counts = {item.label: item.count for item in send_outcome_counts(views)}
    for outcome in SendOutcome:
        assert counts[outcome.value[0].upper() + outcome.value[1:]] == recount[outcome]
    assert counts["Outcome not on record"] == recount[None] == 1
    assert counts["No inspection under this framework"] == len(views) - len(rows)


def test_every_council_page_states_its_send_outcome_or_that_none_is_on_record(tmp_path: Path) -> None:
    """Each council's page, as built, opens with its partnership's outcome as the CSV records it
    (recounted here from the CSV by URN, not through the views), or says there is none on record."""
    site = tmp_path / "site"
    build(ROOT / "content", site)
    with RECORD.open(encoding="utf-8") as handle:
        rows = {row["urn"]: row for row in csv.DictReader(handle)}
    for profile in load_content(ROOT / "content").profiles:
        html = (site / "councils" / profile.slug / "index.html").read_text(encoding="utf-8")
        start = html.index('id="present"')
        present = html[start : html.index("</section>", start)]
        row = rows.get(str(profile.council.ofsted_urn))
        if row is None:
            assert "No area SEND inspection" in present, profile.slug
            continue
        outcome = OUTCOMES.get(row["outcome_grade"].removesuffix(".0"))
        if outcome is None:
            assert "without its outcome" in present, profile.slug
        else:
            assert f": {outcome.value}, " in present, profile.slug
