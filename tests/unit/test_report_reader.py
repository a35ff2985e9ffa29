"""Reading Ofsted's report PDFs: what a reader of each real report sees, and Ofsted's words exactly.

The reports are real ones (tests/fixtures/ofsted-reports/, see its README): one of each
layout and of each quirk the reader handles. Every expected value below was read off the
report itself, not off the reader's output or the CSV.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from report_pdf import trafford_report
from support import ROOT

from councilprofiles.characters import FORBIDDEN, forbidden_character
from councilprofiles.model import JUDGEMENT_AREAS, Grade, PartialDate
from councilprofiles.ofsted.report import (
    Layout,
    ReportReading,
    UnreadableReport,
    contains_verbatim,
    read_report,
)

REPORTS = ROOT / "tests" / "fixtures" / "ofsted-reports"
READABLE = sorted(path.stem for path in REPORTS.glob("*.pdf"))
RI = Grade.REQUIRES_IMPROVEMENT
RI_TO_BE_GOOD = Grade.REQUIRES_IMPROVEMENT_TO_BE_GOOD
# Never in a quote: control characters, PDFium's line-end hyphen mark, private-use glyphs (bullets).
NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ue000-\uf8ff]")


@functools.cache
def reading(number: str) -> ReportReading:
    return read_report(REPORTS / f"{number}.pdf")


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def quotes(report: ReportReading) -> list[str]:
    """Every field that quotes the report."""
    found = [report.title, report.dates_printed, report.headline, report.summary, *report.improvements]
    return [quote for quote in [*found, *report.lead_inspectors] if quote]


# --- Layouts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "layout"),
    [
        ("2755760", Layout.SIF),
        ("50004304", Layout.SIF),
        ("50012986", Layout.SIF),
        ("50004325", Layout.SIF),
        ("50004248", Layout.EARLIER),
        ("50103322", Layout.ILACS),
        ("50074947", Layout.ILACS),
        ("50227184", Layout.ILACS),
        ("50200027", Layout.ILACS),
        ("50308602", Layout.ILACS_2026),
        ("50308876", Layout.ILACS_2026),
    ],
)
def test_each_report_is_read_in_its_layout(number: str, layout: Layout) -> None:
    assert reading(number).layout is layout


def test_judgement_areas_are_the_models() -> None:
    for number in READABLE:
        assert set(reading(number).judgements) <= set(JUDGEMENT_AREAS)
        assert all(isinstance(grade, Grade) for grade in reading(number).judgements.values())


# --- SIF ------------------------------------------------------------------------------------


def test_sif_combined_with_lscb_review_2014() -> None:
    report = reading("2755760")  # Sheffield
    assert report.title == (
        "Inspection of services for children in need of help and protection, children looked after and "
        "care leavers and Review of the effectiveness of the Local Safeguarding Children Board"
    )
    # Fieldwork in two periods, the first part's year and the second's month left to be read.
    assert report.dates_printed == "19 November-11 December 2013 and 28 – 30 January 2014"
    assert (report.start, report.end) == (day("2013-11-19"), day("2014-01-30"))
    assert report.published is None  # this report prints no publication date
    assert report.lead_inspector == "Sarah Urding"
    assert report.headline == "The overall judgement is requires improvement"
    assert report.judgements == {
        "overall_effectiveness": RI,
        "help_and_protection": Grade.GOOD,
        "children_in_care": RI,
        "adoption": RI,
        "care_leavers": Grade.GOOD,
        "leadership": Grade.GOOD,
    }
    # The lead-in of its "Summary of findings" brings the first finding with it.
    assert report.summary == (
        "This local authority requires improvement and is not yet good because:\n\n"
        "1. Child protection strategy discussions do not include the relevant agencies and statutory "
        "partners as a matter of routine, and records of strategy discussions are not comprehensive."
    )
    assert len(report.improvements) == 13
    assert report.improvements[0].startswith("Ensure that current management strategies to improve")
    # A numbered improvement keeps the sub-list it introduces, one sub-item a line.
    assert report.improvements[8] == (
        "Improve the educational achievement of looked after children and young people by:\n"
        "targeting the pupil premium at looked after children with special educational needs\n"
        "monitoring pupil progress against clear targets in personal education plans and taking immediate "
        "action where children’s learning is compromised\n"
        "working with education providers to reduce fixed-term exclusions."
    )
    assert report.improvements[-1].endswith("to meet their emotional and social needs.")


def test_sif_with_type_scaled_from_one_point() -> None:
    report = reading("50004304")  # Cheshire East: PDFium reports every font size as 1
    assert report.dates_printed == "6 to 30 July 2015"
    assert (report.start, report.end) == (day("2015-07-06"), day("2015-07-30"))
    assert report.published == day("2015-09-15")
    assert report.lead_inspector == "Sarah Urding"
    # The SIF's third grade is "requires improvement", whatever words the report uses.
    assert report.headline == "Children’s services in Cheshire East require improvement to be good"
    assert report.judgements == {
        "overall_effectiveness": RI,
        "help_and_protection": RI,
        "children_in_care": RI,
        "adoption": Grade.GOOD,
        "care_leavers": RI,
        "leadership": RI,
    }
    assert report.summary is not None
    assert report.summary.startswith("When Ofsted inspected children’s services in Cheshire East in March 2013,")
    assert report.summary.endswith(
        "This is demonstrated by the strategic alignment of plans, political commitment to resources and the "
        "active involvement of young people in strategic decisions and plans."
    )
    assert len(report.improvements) == 17
    assert report.improvements[0] == (
        "Strengthen senior managers’ oversight and monitoring of:\n"
        "complex cases where there are historic drift and delay in taking decisive action (paragraph 36)\n"
        "private fostering and connected persons’ arrangements to ensure that these arrangements are suitable "
        "and comply with regulations (paragraphs 40, 83)\n"
        "care leavers who are homeless (paragraph 112)."
    )
    assert report.improvements[-2].startswith(
        "Strengthen commissioning arrangements to ensure that services meet the needs of families and children "
        "in need of help and protection and children looked after by: (paragraph 150)\n"
        "reviewing the use of foyer accommodation for 16–17 year olds\n"
    )


def test_sif_reinspection() -> None:
    report = reading("50012986")  # Lancashire
    assert report.title == (
        "Re-inspection of services for children in need of help and protection, children looked after and care leavers"
    )
    assert (report.start, report.end) == (day("2018-06-04"), day("2018-06-28"))
    assert report.published == day("2018-08-17")
    assert report.lead_inspector == "Lorna Schlechte"
    assert report.headline == "Children’s services in Lancashire require improvement to be good"
    assert report.judgements["overall_effectiveness"] is RI
    assert report.judgements["adoption"] is Grade.GOOD
    assert len(report.judgements) == 6
    # "Executive summary" stands in body-size bold at the top of page 2: it is a heading, not
    # the end of the table row above it.
    assert report.summary == (
        "From a very slow start, the past six months in Lancashire have seen a much-needed injection of pace, "
        "with a renewed energy and focus. Leaders can now demonstrate that they know their services well. This "
        "insight has led to some significant improvements and, as a result, children’s services are no longer "
        "inadequate. An effective corporate leadership structure is now in place and a new post of executive "
        "director of education and children’s services has been created."
    )
    assert len(report.improvements) == 11
    assert (
        report.improvements[5]
        == "Improve the educational attainment and progress of children looked after at Key Stage 4."
    )


def test_sif_areas_not_judged_are_named_not_guessed() -> None:
    report = reading("50004325")  # Isles of Scilly
    assert report.headline == "Children’s services in the Isles of Scilly are good"
    assert report.judgements == {
        "overall_effectiveness": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "leadership": Grade.GOOD,
    }
    assert report.not_judged == ("children_in_care", "adoption", "care_leavers")
    assert (report.start, report.end) == (day("2016-04-11"), day("2016-04-28"))
    assert report.lead_inspector == "Emmy Tomsett"
    # The council's recommendations, not the LSCB's that come later in the report.
    assert len(report.improvements) == 6
    assert report.improvements[0].startswith("Improve the quality of early help assessments")
    assert not any(item.startswith("The board should") for item in report.improvements)


# --- Before the SIF -------------------------------------------------------------------------


def test_earlier_framework_gives_no_grades_but_its_dates_inspector_and_words() -> None:
    report = reading("50004248")  # Norfolk 2013: graded "Grade 4 (Inadequate)" on another scale
    assert report.title == "Inspection of looked after children services"
    assert report.dates_printed == "8 – 12 July 2013"
    assert (report.start, report.end) == (day("2013-07-08"), day("2013-07-12"))
    assert report.published == day("2013-08-16")
    assert report.lead_inspector == "Gary Lamb"
    assert report.judgements == {}
    assert report.headline is None
    assert report.summary is not None
    assert report.summary.startswith(
        "8. The local authority is not carrying out its statutory responsibilities for looked after children"
    )
    # Bullets under "Immediately:" and "Within three months:", without the introduction before them.
    assert len(report.improvements) == 17
    assert report.improvements[0].startswith("ensure all elected members understand their corporate parenting duties")
    assert not any(item.startswith("In order to improve") for item in report.improvements)


# --- ILACS ----------------------------------------------------------------------------------


def test_ilacs_before_2023_one_grade_for_children_in_care_and_care_leavers() -> None:
    report = reading("50103322")  # Southend-on-Sea 2019; the CSV has "to requires improvement"
    assert report.title == "Inspection of children’s social care services"
    assert (report.start, report.end) == (day("2019-07-15"), day("2019-07-26"))
    assert report.published is None
    assert report.lead_inspector == "Brenda McInerney"
    assert report.judgements == {
        "leadership": RI_TO_BE_GOOD,
        "help_and_protection": RI_TO_BE_GOOD,
        "children_in_care_and_care_leavers": RI_TO_BE_GOOD,
        "overall_effectiveness": RI_TO_BE_GOOD,
    }
    assert report.headline is None
    assert report.summary is not None
    assert report.summary.startswith("Services for children in Southend-on-Sea require improvement to be good,")
    assert report.summary.endswith("These services are now highly effective.")
    assert report.improvements == [
        "Managers’ and leaders’ oversight, and evaluation, of the quality of frontline practice, and translating "
        "this into timely planning for improvements for children within their timeframe.",
        "The quality of planning for children in need of protection.",
        "The oversight and challenge from independent chairs of children’s child protection conferences and "
        "children’s care reviews.",
        "The timeliness and effectiveness of pre-proceedings under the public law outline (PLO) arrangements.",
    ]


def test_ilacs_short_inspection_and_the_inspectors_name_as_printed() -> None:
    report = reading("50074947")  # Trafford 2019
    assert report.lead_inspector == "Paula Thomson-Jones"  # the CSV has "Paula Thomson -Jones"
    assert report.judgements == {
        "leadership": Grade.INADEQUATE,
        "help_and_protection": RI_TO_BE_GOOD,
        "children_in_care_and_care_leavers": RI_TO_BE_GOOD,
        "overall_effectiveness": Grade.INADEQUATE,
    }
    assert (report.start, report.end) == (day("2019-03-04"), day("2019-03-08"))
    assert len(report.improvements) == 6
    assert report.improvements[-1] == (
        "The way in which all staff and managers listen to the voice of children to inform individual work and "
        "wider service development."
    )


def test_ilacs_from_2023_separate_grades_for_children_in_care_and_care_leavers() -> None:
    report = reading("50227184")  # St Helens 2023; the CSV has three of these wrong
    assert report.title == "Inspection of St Helens local authority children’s services"
    assert report.dates_printed == "10 to 21 July 2023"
    assert (report.start, report.end) == (day("2023-07-10"), day("2023-07-21"))
    assert report.lead_inspector == "Russel Breyer"
    assert report.judgements == {
        "leadership": Grade.GOOD,
        "help_and_protection": RI_TO_BE_GOOD,
        "children_in_care": Grade.GOOD,
        "care_leavers": Grade.OUTSTANDING,
        "overall_effectiveness": Grade.GOOD,
    }
    assert report.summary is not None
    assert report.summary.startswith(
        "Since a judgement of inadequate for overall effectiveness at the last inspection in 2019, St Helens "
        "children’s services have been on an improvement journey."
    )
    assert report.improvements == [
        "The effectiveness of the response to children experiencing neglect.",
        "The timeliness of entering into pre-proceedings for children who need this support.",
        "The response to 16- and 17-year-olds who are homeless.",
        "The stability and consistency of children’s social workers.",
        "Safeguarding of disabled children.",
    ]


def test_two_lead_inspectors() -> None:
    report = reading("50200027")  # Stoke-on-Trent 2022
    assert report.lead_inspectors == ("Rebecca Quested", "Matthew Reed")
    assert report.lead_inspector == "Rebecca Quested and Matthew Reed"
    assert report.judgements["children_in_care_and_care_leavers"] is Grade.GOOD
    assert report.judgements["overall_effectiveness"] is RI_TO_BE_GOOD


# --- ILACS from April 2026 ------------------------------------------------------------------


def test_2026_trafford_area_grades_and_no_overall_grade() -> None:
    report = reading("50308602")
    assert report.title == "Inspection of Trafford local authority children’s services"
    assert report.dates_printed == "8 June 2026 to 19 June 2026"
    assert (report.start, report.end) == (day("2026-06-08"), day("2026-06-19"))
    assert report.published is None
    assert report.lead_inspector == "Leanne Cooper"
    assert report.judgements == {
        "leadership": Grade.INADEQUATE,
        "help_and_protection": Grade.INADEQUATE,
        "children_in_care": Grade.GOOD,
        "care_leavers": RI_TO_BE_GOOD,
    }
    assert report.headline is None
    assert report.summary == (
        "Since the previous inspection in 2022, when services in Trafford were judged as requires improvement to "
        "be good, leaders have been ineffective in recognising, prioritising and making improvements to some "
        "service shortfalls. Practice with children in care and for some care-experienced young people has "
        "improved, but there has been a serious deterioration in service areas, such as front door response. "
        "This has left some children at risk of harm."
    )
    assert len(report.improvements) == 9
    assert (
        report.improvements[0]
        == "Quality of contacts, timeliness and allocation response (outcome 2, national framework)"
    )
    assert report.improvements[3] == "Response to 16- and 17-year-old homeless children (outcome 2, national framework)"


def test_2026_south_tyneside_three_areas_good_and_one_outstanding() -> None:
    report = reading("50308876")
    assert (report.start, report.end) == (day("2026-06-15"), day("2026-06-26"))
    assert report.lead_inspector == "Gareth Dakin"
    assert report.judgements == {
        "leadership": Grade.GOOD,
        "help_and_protection": Grade.GOOD,
        "children_in_care": Grade.GOOD,
        "care_leavers": Grade.OUTSTANDING,
    }
    assert "overall_effectiveness" not in report.judgements
    assert report.summary is not None
    assert report.summary.startswith("Services for children and families in South Tyneside have improved significantly")
    assert report.improvements[-1] == (
        "The purposefulness of practice and management oversight for children in need. "
        "(enabler 2, leaders drive conditions for effective practice)"
    )


# --- Verbatim -------------------------------------------------------------------------------


@pytest.mark.parametrize("number", READABLE)
def test_every_quote_is_in_the_reports_text_verbatim(number: str) -> None:
    report = reading(number)
    for quote in quotes(report):
        assert contains_verbatim(report.text, quote), quote
        assert not NOT_TEXT.search(quote), quote
    assert not NOT_TEXT.search(report.text)


def test_running_headers_page_numbers_and_footnotes_are_not_in_a_quote() -> None:
    report = reading("50308602")  # Trafford 2026: footer "8 June to 19 June 26 2", footnote 1 on page 2
    assert "8 June to 19 June 26" not in report.text
    assert "Inspection of Trafford local authority children’s services" in report.text  # the title, once
    assert report.text.count("Inspection of Trafford local authority children’s services") == 1
    footnote = "The areas for improvement have been cross-referenced with the outcomes"
    assert footnote not in report.text
    assert any(footnote in note for note in report.footnotes)
    # The page's last line ends "decision-" above that footnote; the word goes on overleaf.
    assert contains_verbatim(
        report.text,
        "When family history has been provided by agencies, this is not routinely considered in decision-making "
        "about next steps.",
    )


def test_footnote_markers_are_not_glued_to_words() -> None:
    report = reading("2755760")  # "Board¹" on its first page
    assert report.title.endswith("Local Safeguarding Children Board")
    assert "Board1" not in report.text
    assert report.footnotes[0].startswith("1 Ofsted produces this report under its power to combine reports")


def test_a_paragraph_cut_by_a_page_break_is_one_quote() -> None:
    report = reading("2755760")  # Sheffield: recommendation 25 runs from page 5 to page 6
    item = next(item for item in report.improvements if item.startswith("For all looked after children"))
    assert item == (
        "For all looked after children, ensure that permanent alternatives are sought early so that children feel "
        "safe and secure where they are living. Legal action must be taken at an early stage to avoid unnecessary "
        "delay in securing a plan for their future."
    )


def test_line_end_hyphens_are_kept_as_printed() -> None:
    text = reading("50308876").text  # South Tyneside 2026
    assert "care-experienced" in text
    assert "care- experienced" not in text and "careexperienced" not in text
    assert "information-sharing" in text


def test_contains_verbatim_ignores_only_whitespace() -> None:
    text = "Children’s services in Trafford are good.\n\nLeaders know\nthe service well."
    assert contains_verbatim(text, "are good. Leaders know the service")
    assert contains_verbatim(text, "Children’s services in  Trafford")
    assert not contains_verbatim(text, "Children's services in Trafford")  # a straight apostrophe
    assert not contains_verbatim(text, "children’s services in Trafford")  # case
    assert not contains_verbatim(text, "are good Leaders know")  # punctuation
    assert not contains_verbatim(text, "")


# --- Files that are not reports -------------------------------------------------------------


def minimal_pdf(trailer: bytes = b"", extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF with no text, built by hand (plus any objects given)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *(extra or []),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, start)
    return bytes(out)


ENCRYPTED = minimal_pdf(
    trailer=b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ",
    extra=[b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"],
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a PDF"),
        (b"Ofsted report, see https://files.ofsted.gov.uk/v1/file/50004190\n", "not a PDF"),
        (
            b'<!DOCTYPE html>\n<html lang="en"><head><title>Ofsted | Birmingham</title></head><body></body></html>',
            "a saved web page (HTML), not a PDF",
        ),
        (b"%PDF-1.4\n" + b"\x00damaged" * 200 + b"\n%%EOF\n", "the PDF is damaged"),
        (ENCRYPTED, "encrypted with a password"),
        (minimal_pdf(), "no text on its first page"),
    ],
    ids=["empty", "text", "html-saved-as-pdf", "damaged", "encrypted", "no-text"],
)
def test_a_file_that_is_not_a_readable_report_says_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "50004190.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableReport) as raised:
        read_report(path)
    assert raised.value.path == path
    assert reason in raised.value.reason
    assert str(path) in str(raised.value)


def test_a_truncated_download_is_not_read(tmp_path: Path) -> None:
    whole = (REPORTS / "50308602.pdf").read_bytes()
    path = tmp_path / "50308602.pdf"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(UnreadableReport, match="cut short"):
        read_report(path)


def test_a_review_of_the_lscb_alone_is_its_own_kind_with_nothing_of_the_councils() -> None:
    # Surrey 2015: the CSV lists it as an inspection, but it judges the safeguarding board alone.
    report = read_report(REPORTS / "50004302.pdf")
    assert report.layout is Layout.BOARD_REVIEW
    assert report.judgements == {}
    assert (report.headline, report.summary, report.improvements) == (None, None, [])
    assert (report.start, report.end) == (day("2015-06-15"), day("2015-06-17"))


def test_a_combined_reports_council_recommendations_not_the_boards() -> None:
    # Hammersmith and Fulham 2016: the council's six recommendations (p8, under "Recommendations:"),
    # not the board's five (p36, paragraphs 118-122); its own executive summary, not the board's.
    report = reading("50004315")
    assert len(report.improvements) == 6
    assert report.improvements[0].startswith("Collate information drawn from return home interviews")
    assert not any("LSCB" in item or "board" in item.lower() for item in report.improvements)
    assert report.summary is not None and report.summary.startswith(
        "Children’s services in Hammersmith and Fulham are of a consistently good quality."
    )


def test_an_improvement_list_runs_on_past_its_sub_headings_and_footnotes() -> None:
    # Rochdale 2014: 28 numbered items under sub-headings ("Missing children", "Care leavers"), item 13
    # broken round a footnote marker and a footnote set within the list; the reader stopped at 6.
    report = reading("2762042")
    assert len(report.improvements) == 28
    assert report.improvements[12] == ("Ensure that all cared for children receive a timely annual health assessment.")
    assert report.improvements[-1].startswith("Take action to improve the take-up of advocacy services")
    assert not any(item in ("Missing children", "Care leavers") for item in report.improvements)


def test_an_item_leading_in_to_include_carries_its_sub_list() -> None:
    # Leicester 2015: item 1 is "...; this to include" and three sub-points, then 23 more items.
    report = reading("50004289")
    assert len(report.improvements) == 24
    first, *sub_items = report.improvements[0].split("\n")
    assert first.endswith("an effective performance management framework; this to include")
    assert sub_items == [
        "comprehensive and reliable performance data",
        "clear monitoring and quality assurance arrangements",
        "effective performance management of teams and individuals.",
    ]


def test_a_sub_heading_after_an_item_is_not_taken_into_it() -> None:
    # Leicester 2015: "Quality of practice" heads page 5, set out left of item 10's last line on
    # page 4; the reader joined it to item 10 as if the sentence ran on over the page.
    report = reading("50004289")
    assert report.improvements[9] == (
        "Ensure that the electronic social care recording system promotes good practice, "
        "supports managerial oversight and provides accurate performance information."
    )
    assert report.improvements[10].startswith("Improve the timeliness of social work interventions")


def test_the_grade_words_and_leaders_title_are_the_reports() -> None:
    # Newham 2019 (ILACS) prints "Requires improvement", not "... to be good"; North Northamptonshire
    # 2026 titles the leaders' judgement "The impact of leaders on practice with children and families".
    assert reading("50065119").third_grade_printed == "requires improvement"
    assert reading("50306548").leadership_title == "The impact of leaders on practice with children and families"
    assert reading("50227184").third_grade_printed == "requires improvement to be good"


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableReport, match="cannot be opened"):
        read_report(tmp_path / "absent.pdf")


# One of each kind of character content refuses (councilprofiles/characters.py), as a report's
# font can map a glyph to any code point: C1 controls, bidi overrides and isolates, noncharacters.
REFUSED_IN_CONTENT = "\x1b\x85\x9b\u202e\u202c\u2066\ufdd0\uffff"


def test_the_reader_quotes_nothing_the_content_check_refuses(tmp_path: Path) -> None:
    """A report's words are written into council.yaml, which `check` refuses if it holds any of
    these characters: the reader drops exactly what the check refuses, so an import's own files
    pass its check."""
    summary = [
        "Children in Trafford receive services that are \u202egood\u202c overall.\x85 Leaders have a clear",
        "understanding of the quality of practice\x1b]0;owned\x07 and have acted to \u2066improve it since",
        "the last inspection\ufdd0, so that most children are helped and protected\x9b well.\uffff",
    ]
    path = tmp_path / "50074947.pdf"
    path.write_bytes(trafford_report(summary))
    report = read_report(path)
    assert report.summary == (
        "Children in Trafford receive services that are good overall. Leaders have a clear understanding of "
        "the quality of practice]0;owned and have acted to improve it since the last inspection, so that most "
        "children are helped and protected well."
    )
    for field in (report.text, report.title, report.lead_inspector, report.summary, *report.improvements):
        assert forbidden_character(field) is None, ascii(field)
    assert all(FORBIDDEN.fullmatch(character) for character in REFUSED_IN_CONTENT)
