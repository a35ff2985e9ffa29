"""Where a council stands: its newest graded inspection decides, whatever that inspection graded.

From April 2026 Ofsted grades four areas and gives no overall grade. A council inspected
since then must never be shown by an older overall grade, on any page, count or feed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import ROOT, build, run_cli, text_of
from support import page as read_page

EASTBY_2026 = """\
  - id: ofsted-2026-08-03
    title: Children's services inspection, Eastby (3 August 2026)
    publisher: Ofsted
    date: 2026-08-03
    url: https://example.org/ofsted/eastby-2026
"""
EASTBY_2026_INSPECTION = """\
  - id: ilacs-2026-08-03
    type: ilacs-standard
    start: 2026-06-08
    end: 2026-06-19
    published: 2026-08-03
    judgements:
      leadership: inadequate
      help_and_protection: good
      children_in_care: good
      care_leavers: requires improvement to be good
    sources: [ofsted-2026-08-03]
"""


@pytest.fixture
def site(content: Path, tmp_path: Path) -> Path:
    """The fixture site with Eastby inspected in June 2026: good overall in 2024, then four area grades."""
    path = content / "councils/eastby/council.yaml"
    text = path.read_text(encoding="utf-8").replace("inspections:\n", EASTBY_2026 + "inspections:\n")
    path.write_text(text + EASTBY_2026_INSPECTION, encoding="utf-8")
    output = tmp_path / "site"
    build(content, output)
    return output


def test_council_page_shows_the_area_grades_and_says_there_is_no_overall_grade(site: Path) -> None:
    text = text_of(site, "councils/eastby/index.html")
    glance = text[text.index("Where it stands now") : text.index("On record")]
    assert "Overall None given Leaders Inadequate Help and protection Good Children in care Good" in glance
    assert "Care leavers Requires improvement to be good" in glance
    assert "published 3 August 2026" in glance
    assert "Ofsted has given none since April 2026" in glance
    assert "Good ILACS short" not in glance  # the 2024 overall grade does not stand in for 2026's
    # Area by area against 2024, which graded overall effectiveness only: nothing to compare.
    assert "Not known: the 2024 inspection graded other areas" in glance


def test_direction_is_judged_area_by_area_with_care_leavers_against_the_combined_judgement(
    content: Path, tmp_path: Path
) -> None:
    path = content / "councils/eastby/council.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      overall_effectiveness: good\n",
        "      overall_effectiveness: good\n      leadership: good\n      help_and_protection: requires improvement"
        " to be good\n      children_in_care_and_care_leavers: requires improvement to be good\n",
    )
    text = text.replace("inspections:\n", EASTBY_2026 + "inspections:\n") + EASTBY_2026_INSPECTION
    path.write_text(text, encoding="utf-8")
    build(content, tmp_path / "site")
    text = text_of(tmp_path / "site", "councils/eastby/index.html")
    # Leaders good → inadequate; help and protection RI → good; children in care RI → good;
    # care leavers RI (judged with children in care before 2023) → RI.
    assert "Compared with 2024: better in 2 areas, the same in 1 area and worse in 1 area" in text
    # Said once, where it matters: two of those areas were one grade in 2024.
    assert "children in care and care leavers, graded apart now, were one grade in 2024" in text


def test_home_table_filter_and_counts_put_it_in_a_column_of_its_own(site: Path) -> None:
    home = read_page(site, "index.html")
    row = re.search(r'<tr [^>]*data-name="Eastby".*?</tr>', home, re.S).group(0)
    assert 'data-overall="" data-leaders="4" data-help="2" data-care="2" data-leavers="3" data-order="2.75"' in row
    assert "No overall grade" in row and "Overall: " not in row
    national = text_of(site, "national/index.html")
    assert "Good 1 Requires improvement 1 Inadequate 0 Area grades, no overall grade 1 No grade on record 0" in national
    assert "2025 0 2 1 0 0 0" in national and "2026 0 1 1 0 1 0" in national  # by publication, at year end
    region = text_of(site, "regions/north-east/index.html")
    assert "Area grades, no overall grade: 1" in region


def test_similar_councils_and_feeds_show_the_2026_grades(content: Path, site: Path, tmp_path: Path) -> None:
    northby = content / "councils/northby/council.yaml"
    text = northby.read_text(encoding="utf-8")
    northby.write_text(text.replace("\nsources:", "\nstatistical_neighbours: [eastby]\nsources:", 1), encoding="utf-8")
    build(content, tmp_path / "with-neighbours")
    html = read_page(tmp_path / "with-neighbours", "councils/northby/index.html")
    neighbours = html[html.index('id="neighbours"') :]
    eastby = neighbours[neighbours.index(">Eastby</a>") : neighbours.index("</ul>", neighbours.index(">Eastby"))]
    assert "No overall grade" in eastby and "Inadequate" in eastby and "Good</span>" in eastby
    feed = ET.parse(site / "councils/eastby/feed.xml").getroot()
    titles = [node.text for node in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert (
        "Eastby: ILACS standard inspection, no overall grade: leaders inadequate, help and protection good, "
        "children in care good, care leavers requires improvement to be good"
    ) in titles


def test_overall_grade_refused_for_fieldwork_from_april_2026(content: Path) -> None:
    path = content / "councils/eastby/council.yaml"
    text = path.read_text(encoding="utf-8").replace("inspections:\n", EASTBY_2026 + "inspections:\n")
    inspection = EASTBY_2026_INSPECTION.replace(
        "    judgements:\n", "    judgements:\n      overall_effectiveness: good\n"
    )
    path.write_text(text + inspection, encoding="utf-8")
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    line = text.count("\n") + inspection[: inspection.index("overall_effectiveness")].count("\n") + 1
    assert re.search(
        rf"eastby/council.yaml:{line}:\d+: Ofsted gives no overall grade for inspections from April 2026", result.stdout
    ), result.stdout


def test_real_councils_inspected_since_april_2026_show_no_older_overall_grade() -> None:
    """The eleven councils the issue named: Trafford read "requires improvement, improved from
    inadequate" when 2026 judged leaders and help and protection inadequate."""
    from councilprofiles.load.councils import load_content
    from councilprofiles.render.views.every_council import council_views

    views = {view.slug: view for view in council_views(load_content(ROOT / "content").profiles)}
    inspected = [
        "blackpool", "brent", "lancashire", "liverpool", "middlesbrough", "north-northamptonshire",
        "west-northamptonshire", "portsmouth", "somerset", "south-tyneside", "trafford",
    ]  # fmt: skip
    for slug in inspected:
        standing = views[slug].standing
        assert standing is not None and standing.areas_only and standing.overall is None, slug
        assert standing.entry.inspection.start.year == 2026, slug
    areas_only = sorted(slug for slug, view in views.items() if view.standing and view.standing.areas_only)
    assert areas_only == sorted(inspected)
    trafford = {row.short_label: row.grade.value for row in views["trafford"].standing.areas}
    assert trafford["leaders"] == trafford["help and protection"] == "inadequate"
