"""The committed record agrees with Ofsted's reports: grades read from them, quotes verbatim.

The fixture reports (tests/fixtures/ofsted-reports/) are real ones; the committed content
was imported from the whole folder of reports, so for these thirteen its facts and Ofsted's
words must be exactly what the reader finds in them today.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from support import ROOT, run_cli

from councilprofiles.load.councils import load_content
from councilprofiles.model import Grade
from councilprofiles.ofsted.report import Layout, contains_verbatim, read_report
from councilprofiles.render.views.every_council import council_views
from councilprofiles.render.views.national import national_picture, standings_at_end_of
from councilprofiles.render.views.timeline_entry import LEAD_IN_ENDINGS

REPORTS = ROOT / "tests" / "fixtures" / "ofsted-reports"
DATA = ROOT / "data" / "ofsted-ilacs"


def committed() -> dict[str, dict]:
    return {
        path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "content" / "councils").glob("*/council.yaml"))
    }


def inspections_citing_fixture_reports() -> list[tuple[str, dict, Path]]:
    found = []
    for slug, council in committed().items():
        urls = {source["id"]: source.get("url", "") for source in council.get("sources", [])}
        for inspection in council.get("inspections", []):
            for source in inspection.get("sources", []):
                path = REPORTS / f"{urls.get(source, '').rsplit('/', 1)[-1]}.pdf"
                if urls.get(source, "").startswith("https://files.ofsted.gov.uk/") and path.is_file():
                    found.append((slug, inspection, path))
    return found


LSCB_REVIEW = REPORTS / "50004302.pdf"  # Surrey's: listed in the CSV, but not the council's inspection


def as_read(item: str | dict) -> str:
    """A committed improvement as the reader gives it: its sub-list on the lines after it."""
    return item if isinstance(item, str) else "\n".join([item["text"], *item.get("items", [])])


def quoted_items(words: dict) -> list[str]:
    """Every item and sub-item of a committed improvement list, each a quote of its own."""
    return [part for item in words.get("improvements") or [] for part in as_read(item).split("\n")]


# The importer's records; the in-depth profiles' editors cite some reports too (test_integrity.py).
CITED = [
    found for found in inspections_citing_fixture_reports() if found[2] != LSCB_REVIEW and found[1].get("imported")
]


def test_the_fixture_reports_are_cited_by_the_committed_content() -> None:
    assert len({path for _, _, path in CITED}) == 18


@pytest.mark.parametrize(("slug", "inspection", "path"), CITED, ids=[f"{s}-{i['id']}" for s, i, _ in CITED])
def test_committed_quotes_and_grades_are_the_reports(slug: str, inspection: dict, path: Path) -> None:
    reading = read_report(path)
    words = inspection["from_report"]
    quotes = [words.get("headline"), *(words.get("summary") or "").split("\n\n"), *quoted_items(words)]
    for quote in filter(None, quotes):
        assert contains_verbatim(reading.text, quote), f"{slug}: not in {path.name} word for word: {quote!r}"
    assert words.get("summary") == reading.summary
    assert [as_read(item) for item in words.get("improvements") or []] == reading.improvements
    if reading.layout is not Layout.EARLIER:
        printed = {area: grade.rank for area, grade in reading.judgements.items()}
        recorded = {area: yaml_rank(grade) for area, grade in (inspection.get("judgements") or {}).items()}
        assert recorded == printed, f"{slug} {inspection['id']}: grades differ from {path.name}"
    assert str(inspection.get("start")) == reading.start.iso
    printed = reading.council_published or reading.published  # the council's sections first, where said
    if printed is not None:
        assert str(inspection["published"]) == printed.iso, f"{slug} {inspection['id']}: not {path.name}'s date"


QUOTED_TO_FIRST_FINDING = [
    found
    for found in CITED
    if any(part.endswith(LEAD_IN_ENDINGS) for part in (found[1]["from_report"].get("summary") or "").split("\n\n")[:-1])
]


def test_some_fixture_reports_are_quoted_to_a_first_finding() -> None:
    assert len(QUOTED_TO_FIRST_FINDING) >= 2  # Sheffield 2014 (numbered findings), Enfield 2015 (a sub-heading)


@pytest.mark.parametrize(
    ("slug", "inspection", "path"),
    QUOTED_TO_FIRST_FINDING,
    ids=[f"{s}-{i['id']}" for s, i, _ in QUOTED_TO_FIRST_FINDING],
)
def test_a_summary_quoted_to_its_first_finding_goes_on_with_more_in_the_report(
    slug: str, inspection: dict, path: Path
) -> None:
    """A page says of such a quote that the report gives all the findings its lead-in introduces
    ("... are inadequate because:"): in the report, another finding follows the one quoted."""
    paragraphs = read_report(path).text.split("\n\n")
    quoted = inspection["from_report"]["summary"].split("\n\n")[-1]
    following = paragraphs[paragraphs.index(quoted) + 1]
    assert following.endswith((".", ".”")), f"{slug}: after the first finding comes {following!r}, not a finding"


def yaml_rank(grade: str) -> int:
    return Grade(grade).rank


def test_an_lscb_review_alone_is_recorded_as_one_never_as_the_councils_inspection() -> None:
    assert read_report(LSCB_REVIEW).layout is Layout.BOARD_REVIEW
    surrey = [i for slug, i, path in inspections_citing_fixture_reports() if path == LSCB_REVIEW]
    assert [inspection["type"] for inspection in surrey] == ["lscb-review"]
    assert all("from_report" not in inspection and "judgements" not in inspection for inspection in surrey)


def test_national_counts_are_the_reports_with_surrey_inadequate_2015_to_2017() -> None:
    """The inadequate councils at the end of each year, as a recount from the reports gives them
    (Surrey's June 2015 inspection stands until 2018: its board's review in August is not one)."""
    views = council_views(load_content(ROOT / "content").profiles)
    picture = national_picture(views)
    inadequate = {year.year: next(c.count for c in year.counts if c.rank == 4) for year in picture.years}
    assert (inadequate[2015], inadequate[2016], inadequate[2017]) == (18, 26, 27)
    surrey = next(view for view in views if view.slug == "surrey")
    ranks = [standing.rank if standing else None for standing in standings_at_end_of(surrey, range(2015, 2018))]
    assert ranks == [4, 4, 4]


def test_no_council_quotes_a_boards_recommendations_or_summary_as_its_own() -> None:
    hammersmith = next(i for s, i, p in CITED if p.name == "50004315.pdf")
    items = hammersmith["from_report"]["improvements"]
    assert len(items) == 6 and as_read(items[0]).startswith("Collate information drawn from return home interviews")
    for slug, inspection, _ in CITED:
        words = inspection["from_report"]
        for quote in [words.get("summary") or "", *quoted_items(words)]:
            assert not quote.startswith(("The LSCB", "The board should", "The Local Safeguarding")), slug


def test_every_committed_improvement_list_is_whole_or_says_it_is_partial() -> None:
    """The 27 SIF lists of 2014-15 stopped at their second sub-heading: Rochdale's 28 (was 6),
    Leicester's 24 with the first item's three sub-points as its sub-list (was 6 items)."""
    by_file = {p.name: i["from_report"] for s, i, p in CITED}
    assert len(by_file["2762042.pdf"]["improvements"]) == 28
    leicester = by_file["50004289.pdf"]["improvements"]
    assert len(leicester) == 24 and len(leicester[0]["items"]) == 3
    for _, inspection, path in CITED:
        words = inspection["from_report"]
        quoted = len(words.get("improvements") or [])
        assert quoted == len(read_report(path).improvements) or words.get("improvements_in_report", 0) > quoted


def test_no_committed_improvement_ends_in_the_sub_heading_after_it() -> None:
    """Items of Leicester's, Portsmouth's, St Helens', Windsor and Maidenhead's, Blackpool's and
    Calderdale's lists ended in the sub-heading that follows them in the report ("… information.
    Quality of practice"): Ofsted's items end in a full stop, never in a title."""
    trailing = re.compile(r"[.;]\s+[A-Z][^.;:!?()]*$")
    ended = [
        (slug, inspection["id"], text[-60:])
        for slug, council in committed().items()
        for inspection in council.get("inspections", [])
        for item in (inspection.get("from_report") or {}).get("improvements") or []
        for text in [item if isinstance(item, str) else item["text"]]
        if trailing.search(text)
    ]
    assert ended == []


def test_grade_words_and_the_leaders_title_are_the_reports() -> None:
    councils = committed()
    newham = next(i for i in councils["newham"]["inspections"] if i["id"].endswith("2019-03-25"))
    assert newham["grade_wording"] == "requires improvement"
    northants = next(i for i in councils["north-northamptonshire"]["inspections"] if i["id"].endswith("2026-07-07"))
    assert northants["leadership_title"] == "The impact of leaders on practice with children and families"
    worded = [i for c in councils.values() for i in c.get("inspections", []) if i.get("grade_wording")]
    assert len(worded) == 19  # 6 SIF reports of 2017-18 and 13 ILACS reports of 2018-20


def test_the_in_depth_profiles_latest_inspections_carry_ofsteds_words() -> None:
    councils = committed()
    for slug, inspection_id in [
        ("wandsworth", "ilacs-2026"),
        ("wandsworth", "ilacs-2022"),
        ("wokingham", "ilacs-2023"),
    ]:
        inspection = next(i for i in councils[slug]["inspections"] if i["id"] == inspection_id)
        words = inspection["from_report"]
        assert words["imported"] is True and "imported" not in inspection, (slug, inspection_id)
        assert words["summary"] and words["improvements"], (slug, inspection_id)
        assert words["source"] in inspection["sources"]


def test_the_in_depth_profiles_latest_inspections_say_in_our_words_what_was_strong_and_weak() -> None:
    """The two profiles written by hand must not be the thinnest about today: their latest
    inspections give strengths and what to improve, written afresh, never the report's sentences
    (no run of eight words from it)."""
    councils = committed()
    for slug, inspection_id, report in [
        ("wandsworth", "ilacs-2026", "50301929"),
        ("wandsworth", "ilacs-2022", "50204406"),
        ("wokingham", "ilacs-2023", "50215917"),
    ]:
        inspection = next(i for i in councils[slug]["inspections"] if i["id"] == inspection_id)
        assert len(inspection.get("strengths", [])) >= 3 and inspection.get("areas_to_improve"), (slug, inspection_id)
        printed = _words(read_report(REPORTS / f"{report}.pdf").text)
        runs = {tuple(printed[i : i + 8]) for i in range(len(printed) - 7)}
        for text in [inspection["summary"], *inspection["strengths"], *inspection["areas_to_improve"]]:
            ours = _words(text)
            copied = [" ".join(ours[i : i + 8]) for i in range(len(ours) - 7) if tuple(ours[i : i + 8]) in runs]
            assert not copied, (slug, inspection_id, copied)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def test_a_combined_report_dates_the_councils_inspection_by_its_first_publication() -> None:
    """Slough's 2014 report (with the board's review) is of 14 February; its footnote says the
    council's sections came out on 11 February: the inspection is dated 11, the page says why."""
    reading = read_report(REPORTS / "2761636.pdf")
    assert (reading.council_published.iso, reading.published) == ("2014-02-11", None)
    inspection = next(i for i in committed()["slough"]["inspections"] if i["type"] == "sif")
    assert str(inspection["published"]) == "2014-02-11"
    assert "11 February 2014" in inspection["date_note"] and "14 February 2014" in inspection["date_note"]


def test_importing_the_fixture_reports_changes_nothing_committed(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    result = run_cli(
        "import-ofsted",
        str(DATA / "ofsted_csc_ilacs_history.csv"),
        str(DATA / "Provider_data_lookup.csv"),
        "--content",
        str(copy),
        "--reports",
        str(REPORTS),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 created, 0 updated, 153 unchanged" in result.stdout
    # The in-depth profiles agree with Ofsted's record, apart from Wandsworth's website (the
    # dataset gives the shared Richmond and Wandsworth one); Wokingham's 2018 focused visit,
    # which cites the 2019 report that recalls it, is not taken for the 2019 inspection.
    conflicts = result.stdout.split("Conflicts with editors' facts", 1)[1].split("Imported", 1)[0]
    assert conflicts.count("council.yaml:") == 1 and "wandsworth/council.yaml:7: website is" in conflicts


def test_sif_inspections_carry_the_grades_their_reports_give() -> None:
    sif = [
        inspection
        for council in committed().values()
        for inspection in council.get("inspections", [])
        if inspection["type"] in ("sif", "sif-reinspection")
    ]
    graded = [inspection for inspection in sif if (inspection.get("judgements") or {}).get("overall_effectiveness")]
    # 166 SIF inspections; the reports of three are missing from Ofsted's folder and one is
    # not a council's inspection: every other gives its grades.
    assert len(sif) >= 166
    assert len(graded) >= len(sif) - 4
    assert all("from_report" in inspection for inspection in graded if inspection.get("imported"))


# The four rows whose report is a web page saved as a PDF or missing from Ofsted's folder
# (see data/ofsted-ilacs/README.md), and Surrey's review of its LSCB alone.
WITHOUT_A_READABLE_REPORT = {
    ("birmingham", "earlier-2012-10-19"),
    ("blackpool", "earlier-2012-07-13"),
    ("bromley", "earlier-2012-08-17"),
    ("rotherham", "earlier-2012-08-10"),
    ("surrey", "sif-2015-08-03"),
}


def test_every_imported_inspection_with_a_readable_report_carries_its_facts_and_words() -> None:
    lacking = set()
    for slug, council in committed().items():
        urls = {source["id"]: source.get("url", "") for source in council.get("sources", [])}
        for inspection in council.get("inspections", []):
            if not inspection.get("imported"):
                continue
            words = inspection.get("from_report")
            if words is None:
                lacking.add((slug, inspection["id"]))
                continue
            # One report (City of London, 2016) prints a single "Inspection date": start alone.
            assert inspection.get("start"), f"{slug} {inspection['id']}: no fieldwork dates"
            assert words.get("summary"), f"{slug} {inspection['id']}: no words of Ofsted's"
            assert urls[words["source"]].startswith("https://files.ofsted.gov.uk/"), f"{slug}: no link to the report"
    assert lacking == WITHOUT_A_READABLE_REPORT
