"""Area SEND inspections: read from the reports word for word, imported beside (never into) the
ILACS record, and counted nationally exactly as Ofsted's record counts them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from support import ROOT

from councilprofiles.model import Content, PartialDate, SendOutcome
from councilprofiles.ofsted.report import contains_verbatim
from councilprofiles.ofsted.send import OUTCOMES, import_send
from councilprofiles.ofsted.send_report import read_send_report
from councilprofiles.render.views.area_send import send_outcome_counts
from councilprofiles.render.views.every_council import council_views

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
    points = [quote for point in reading.priority_actions + reading.improvements for quote in point.quotes]
    for quote in [reading.outcome_text or "", *points]:
        assert contains_verbatim(reading.text, quote), quote


def test_a_responsible_body_run_into_an_action_is_left_beside_it_and_a_cut_action_joined() -> None:
    """Nottinghamshire's priority actions stand beside a "Responsible body" column: PDFium reads the
    next row's body into the end of the action above ("... with SEND. Nottinghamshire County"), and
    the first action, cut by a page break, has the body's last line between its halves
    ("young people | Nottinghamshire Integrated | with SEND"). Each line stands in one column, so
    the actions are read whole and only them, word for word."""
    reading = read_send_report(REPORTS / "50216722.pdf")
    assert reading.previous_end == PartialDate(2016, 6, 24)
    assert reading.partnership == (
        "Nottinghamshire County Council and NHS Nottingham and Nottinghamshire Integrated Care Board (ICB)"
    )
    assert [point.text for point in reading.priority_actions] == [
        "Leaders, NHS Nottingham and Nottinghamshire Integrated Care Board and education, health, and care "
        "providers should cooperate to urgently identify, assess and provide for the needs of children and young "
        "people with SEND. This includes assessment of needs, timely issuing of EHC plans and holistic oversight "
        "of these plans through annual reviews.",
        "Leaders, including commissioners and providers, should act urgently to identify and address the delays and "
        "gaps in access to some health services, particularly speech and language therapy, neuro-developmental "
        "pathways and equipment services. They should also ensure that they use available performance data to "
        "identify where gaps exist and whether actions taken to address these are effective.",
    ]
    assert reading.uncertain == ()
    assert len(reading.improvements) == 4


def test_a_lead_in_printed_straight_after_a_list_starts_the_next_point() -> None:
    """Hounslow's areas for improvement (a fixture): each list's last point runs straight into the
    next lead-in with no gap printed ("... across education, health and care. Leaders across the
    partnership need to accelerate ..."). The lead-in starts left of the list's bullets, where no
    point's words ever wrap, so it is the next point: five lead-ins, each with its own list."""
    reading = read_send_report(REPORTS / "50264793.pdf")
    assert reading.uncertain == ()
    assert [(" ".join(point.text.split()[:6]), len(point.sub_points)) for point in reading.improvements] == [
        ("Leaders across the partnership need to", 2),
        ("Leaders across the partnership need to", 4),
        ("Leaders should develop more coherent strategies", 5),
        ("Leaders across the partnership need to", 3),
        ("Leaders in health and other commissioners", 3),
    ]
    assert reading.improvements[0].sub_points[1] == (
        "ensuring that the voice of children and young people is heard more clearly and better represented when "
        "practitioners review children and young people’s plans and provision across education, health and care."
    )
    assert reading.improvements[1].text == (
        "Leaders across the partnership need to accelerate their work to improve the timeliness and quality of some "
        "aspects of their strategies that relate to EHC planning. This includes:"
    )
    for quote in [q for point in reading.improvements for q in point.quotes]:
        assert contains_verbatim(reading.text, quote), quote


def test_a_lead_in_keeps_its_list_and_points_printed_together_are_told_apart() -> None:
    """Bexley's report (a fixture): a priority action leading into three bulleted points keeps them
    as three points, not one run-on line; an area for improvement holding two points printed
    without a gap between is two; every word as printed."""
    reading = read_send_report(REPORTS / "50240171.pdf")
    urgent = reading.priority_actions[1]
    assert urgent.text == "Leaders across the partnership should act with urgency to ensure that:"
    assert urgent.sub_points == [
        "amended EHC plans are completed and issued in a timely way",
        "EHC plans better reflect the current needs and provision for the child or young person across health, "
        "education and social care, particularly as they move through different phases of education",
        "they improve and embed processes for the quality assurance of EHC plans and annual reviews.",
    ]
    assert [point.text.split(" improve how ")[1][:10] for point in reading.improvements] == ["the voices", "they use d"]
    assert reading.improvements[0].text.endswith("actively involved in genuine co-production.")
    assert reading.improvements[0].sub_points == []
    assert len(reading.improvements[1].sub_points) == 3  # the last after a page break
    for quote in [q for point in reading.priority_actions + reading.improvements for q in point.quotes]:
        assert contains_verbatim(reading.text, quote), quote


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


def test_national_counts_equal_a_recount_of_the_record(real_content: Content) -> None:
    with RECORD.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    recount = Counter(OUTCOMES.get(row["outcome_grade"].removesuffix(".0")) for row in rows)
    views = council_views(real_content.profiles)
    counts = {item.label: item.count for item in send_outcome_counts(views)}
    for outcome in SendOutcome:
        assert counts[outcome.value[0].upper() + outcome.value[1:]] == recount[outcome]
    assert counts["Outcome not on record"] == recount[None] == 1
    assert counts["No inspection under this framework"] == len(views) - len(rows)


@pytest.fixture(scope="module")
def record_by_urn() -> dict[str, dict[str, str]]:
    with RECORD.open(encoding="utf-8") as handle:
        return {row["urn"]: row for row in csv.DictReader(handle)}


def recorded_outcome(row: dict[str, str] | None) -> SendOutcome | None:
    """The outcome Ofsted's record gives a row, worked out from the CSV, not through the model."""
    return OUTCOMES.get(row["outcome_grade"].removesuffix(".0")) if row else None


def test_every_council_page_states_its_send_outcome_or_that_none_is_on_record(
    real_site: Path, record_by_urn: dict[str, dict[str, str]], real_content: Content
) -> None:
    """Each council's page, as built, opens with its partnership's outcome as the CSV records it
    (recounted here from the CSV by URN, not through the views), or says there is none on record."""
    site, rows = real_site, record_by_urn
    for profile in real_content.profiles:
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


def test_a_page_never_lets_the_areas_for_improvement_pass_for_all_a_report_sets(
    real_site: Path, record_by_urn: dict[str, dict[str, str]], real_content: Content
) -> None:
    """Where the CSV gives the third outcome, the report sets areas for priority action: the page
    quotes them, or says they are not quoted and links to the report (Plymouth's, read without
    certainty, and the reports not in the record's folder)."""
    told = 0
    for profile in real_content.profiles:
        row = record_by_urn.get(str(profile.council.ofsted_urn))
        if recorded_outcome(row) is not SendOutcome.SYSTEMIC_FAILINGS:
            continue
        html = (real_site / "councils" / profile.slug / "index.html").read_text(encoding="utf-8")
        event = html[html.index('class="event event-send"') :]
        event = event[: event.index("</article>")]
        quoted = "<h4>Areas for priority action, in Ofsted's words</h4>" in event
        said = re.search(
            r"The report sets areas for priority action( as well)?; they are not quoted here: "
            r'read them in <a href="https://files\.ofsted\.gov\.uk/v1/file/\d+">',
            event,
        )
        assert quoted != bool(said), profile.slug
        told += bool(said)
    assert told >= 2  # Plymouth's, and at least one whose report is not in the folder


def test_a_due_date_the_record_has_passed_is_never_shown_as_still_to_come(
    real_site: Path, real_content: Content
) -> None:
    """Oldham's monitoring inspection was due by about December 2024; reports on record run later,
    with none since for Oldham: the page says it was due and that none is on record since, where
    a due date after the record's newest report is told as still to come."""
    profiles = real_content.profiles
    dates = [send.published for profile in profiles for send in profile.council.send_inspections if send.published]
    newest = max(dates, key=lambda date: date.sort_key)
    told = Counter()
    for profile in profiles:
        html = (real_site / "councils" / profile.slug / "index.html").read_text(encoding="utf-8")
        for send in profile.council.send_inspections:
            if send.next_due is None:
                continue
            event = html[html.index(f'id="{send.id}"') :]
            inline = re.sub(r"</?(?:time|a|abbr)\b[^>]*>", "", event[: event.index("</dl>")])
            facts = " ".join(re.sub(r"<[^>]+>", " ", inline).split())
            passed = (send.next_due.year, send.next_due.month or 12) < (newest.year, newest.month or 1)
            what = "Monitoring inspection" if send.outcome is SendOutcome.SYSTEMIC_FAILINGS else "Next inspection"
            due = f"by about {send.next_due.display}"
            if passed:
                expected = f"{what} was due {due}; none since is on record here (area SEND reports to {newest.display})"
            else:
                expected = f"{what} due {due}"
            assert expected in facts, (profile.slug, facts)
            told[passed] += 1
    assert told[True] >= 10 and told[False] >= 30, told


PHONE = {"width": 390, "height": 844}


def served(site: Path) -> str:
    """The built site by its file address: the home table's script filters without a server."""
    return (site / "index.html").as_uri()


def test_the_home_table_shows_each_send_outcome_apart_and_filters_by_it_on_a_phone(
    real_site: Path, record_by_urn: dict[str, dict[str, str]], browser: Browser, real_content: Content
) -> None:
    """Every council's card gives its partnership's outcome (Ofsted's words, from the CSV by URN) in
    a line of its own, never in its grades; the outcome filter shows exactly the councils the record
    gives that outcome, the state kept in the address; and the cards still fit a phone's width."""
    profiles = real_content.profiles
    expected = {p.council.name: recorded_outcome(record_by_urn.get(str(p.council.ofsted_urn))) for p in profiles}
    on_record = {p.council.name for p in profiles if str(p.council.ofsted_urn) in record_by_urn}
    page = browser.new_page(viewport=PHONE)
    page.goto(served(real_site))
    expect(page.locator(".browse-count")).to_have_text(f"{len(profiles)} councils shown")
    for row in page.locator("table.councils tbody tr").all():
        name = row.locator("th a").inner_text()
        cell = " ".join(row.locator("td.send").inner_text().split())
        grades = row.locator('td[data-label="Latest grades"]').inner_text()
        outcome = expected[name]
        if outcome is not None:
            dated = rf"{re.escape(outcome.label)} (Published|Inspected) \d+ \w+ \d{{4}}"
            assert re.fullmatch(dated, cell), (name, cell)
        elif name in on_record:
            assert cell.startswith("Outcome not on record"), (name, cell)
        else:
            assert cell == "None on record", (name, cell)
        assert "experiences and outcomes" not in grades and "failings" not in grades, name
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    failings = sorted(name for name, outcome in expected.items() if outcome is SendOutcome.SYSTEMIC_FAILINGS)
    page.select_option("#filter-send", "3")
    expect(page.locator(".browse-count")).to_have_text(f"{len(failings)} councils shown")
    assert sorted(page.locator("table.councils tbody tr:not([hidden]) th a").all_inner_texts()) == failings
    assert "send=3" in page.url
    page.goto(page.url.replace("send=3", "send=none"))
    expect(page.locator(".browse-count")).to_have_text(f"{len(profiles) - len(on_record)} councils shown")
    assert page.locator("#filter-send").input_value() == "none"


def test_each_region_page_counts_its_partnerships_by_outcome(
    real_site: Path, record_by_urn: dict[str, dict[str, str]], real_content: Content
) -> None:
    """A region's page counts its partnerships by their outcome in the record, apart from its grades."""
    by_region: dict[str, Counter[str]] = {}
    for profile in real_content.profiles:
        council = profile.council
        row = record_by_urn.get(str(council.ofsted_urn))
        outcome = recorded_outcome(row)
        label = outcome.label if outcome else "Outcome not on record" if row else "No inspection under this framework"
        by_region.setdefault(council.region.slug, Counter())[label] += 1
    for region, counts in by_region.items():
        html = (real_site / "regions" / region / "index.html").read_text(encoding="utf-8")
        listed = html[html.index('class="grade-summary send-summary"') :]
        listed = listed[: listed.index("</ul>")]
        assert dict(re.findall(r"<li>([^<:]+): (\d+)</li>", listed)) == {k: str(v) for k, v in counts.items()}


def test_open_data_carries_every_send_inspection_apart_from_the_grades(
    real_site: Path, record_by_urn: dict[str, dict[str, str]]
) -> None:
    """data/send-inspections.csv has one row per partnership in Ofsted's record, with its outcome,
    Ofsted's number for it and its publication date as the record gives them (matched by URN, read
    from the CSV, not the model); inspections.csv holds none of them; each council's JSON carries
    its inspection, with the report's words where they were read."""
    sent = list(csv.DictReader(io.StringIO((real_site / "data" / "send-inspections.csv").read_text("utf-8"))))
    assert len(sent) == len(record_by_urn)
    for row in sent:
        record = record_by_urn[row["ofsted_urn"]]
        outcome = recorded_outcome(record)
        assert row["outcome"] == (outcome.value if outcome else ""), row["slug"]
        assert row["outcome_number"] == record["outcome_grade"].removesuffix(".0"), row["slug"]
        day, month, year = record["publication_date"].split("/")
        assert row["published"] == f"20{year}-{month}-{day}", row["slug"]
        assert row["sources"] == record["inspection_link"], row["slug"]
        assert row["page"].endswith(f"/councils/{row['slug']}/#{row['inspection_id']}")
        document = json.loads((real_site / "councils" / row["slug"] / "council.json").read_text("utf-8"))
        [inspection] = document["send_inspections"]
        assert (inspection["id"], inspection.get("outcome", "")) == (row["inspection_id"], row["outcome"])
    everything = (real_site / "data" / "inspections.csv").read_text("utf-8")
    assert "send-20" not in everything and "experiences and outcomes" not in everything


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_announce_each_send_report_with_its_outcome_in_the_title(
    real_site: Path, record_by_urn: dict[str, dict[str, str]], real_content: Content
) -> None:
    """Each council's feed has an entry for its area SEND report, titled with the outcome in Ofsted's
    words (never as a grade), dated by its publication, its summary naming each date and the outcome;
    the site's feed carries the newest reports."""
    newest: list[tuple[str, str]] = []
    for profile in real_content.profiles:
        record = record_by_urn.get(str(profile.council.ofsted_urn))
        if record is None:
            continue
        feed = ET.parse(real_site / "councils" / profile.slug / "feed.xml").getroot()
        entries = [e for e in feed.iter(f"{ATOM}entry") if "#send-" in (e.findtext(f"{ATOM}id") or "")]
        assert len(entries) == 1, profile.slug
        [entry] = entries
        outcome = recorded_outcome(record)
        said = outcome.value if outcome else "outcome not on record"
        assert entry.findtext(f"{ATOM}title") == f"{profile.council.name}: area SEND inspection, {said}"
        day, month, year = record["publication_date"].split("/")
        published = PartialDate(2000 + int(year), int(month), int(day))
        assert entry.findtext(f"{ATOM}updated") == f"{published.iso}T00:00:00Z", profile.slug
        summary = entry.findtext(f"{ATOM}summary") or ""
        assert f"Published by Ofsted: {published.display}." in summary, profile.slug
        if outcome is not None:
            assert f"Outcome: {outcome.value}, one of the three" in summary and "(not a grade)" in summary
        newest.append((published.iso, entry.findtext(f"{ATOM}id") or ""))
    site_feed = ET.parse(real_site / "feed.xml").getroot()
    site_ids = {e.findtext(f"{ATOM}id") for e in site_feed.iter(f"{ATOM}entry")}
    oldest_shown = min(e.findtext(f"{ATOM}updated") or "" for e in site_feed.iter(f"{ATOM}entry"))
    announced = [url for date, url in newest if date > oldest_shown[:10]]
    assert announced and set(announced) <= site_ids


def test_a_monitoring_inspections_report_is_refused_never_recorded_as_a_full_inspection(tmp_path: Path) -> None:
    """None of the record's 55 reports is a monitoring inspection's; when one arrives (the weekly
    refresh fetches what the record links to), it is reported and its row left out, never imported
    as an inspection with the row's outcome, and the council's file is left as it was."""
    from test_download import tiny_pdf

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with RECORD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    bexley = next(row for row in rows if row[5] == "bexley")
    number = bexley[6].rsplit("/", 1)[1]
    record = tmp_path / "send.csv"
    with record.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], [*bexley[:6], bexley[6][: -len(number)] + "1", *bexley[7:]]])
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "1.pdf").write_bytes(tiny_pdf("Area SEND monitoring inspection of Bexley Local Area Partnership"))
    before = (content / "councils" / "bexley" / "council.yaml").read_bytes()
    result = import_send(record, content, reports=reports)
    assert result.reports == 0 and result.updated == []
    assert any("1.pdf is a monitoring inspection's" in notice.message for notice in result.anomalies)
    assert (content / "councils" / "bexley" / "council.yaml").read_bytes() == before
