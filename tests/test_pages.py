"""The pages readers browse: charts, the national picture, regions, the timeline, browsing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_CONTENT, ROOT, build, text_of
from conftest import page as read_page
from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pages") / "site"
    build(FIXTURE_CONTENT, output)
    return output


def test_trajectory_chart_plots_each_overall_grade_with_its_own_marker(site: Path) -> None:
    html = read_page(site, "councils/northby/index.html")
    figure = html[html.index('<figure class="chart trajectory"') : html.index("</figure>")]
    chart = figure[: figure.index('<svg class="chart-narrow"')]  # the wide drawing; the narrow one has the same points
    points = re.findall(r'<g class="point grade-(\d)" transform="translate\(([\d.]+) ([\d.]+)\)">', chart)
    assert [rank for rank, _, _ in points] == ["4", "2"]  # inadequate in 2015, good in 2022
    (x1, y1), (x2, y2) = [(float(x), float(y)) for _, x, y in points]
    assert x1 < x2 and y1 > y2  # later, and higher up the scale
    assert "16 February 2016, inadequate; 13 January 2023, good" in chart  # by publication: the text alternative
    narrow = figure[figure.index('<svg class="chart-narrow"') :]
    assert re.findall(r'<g class="point grade-(\d)"', narrow) == ["4", "2"] and 'viewBox="0 0 360 ' in narrow
    assert "Grades at each graded inspection, by the date Ofsted published its report" in html  # and the data table


def test_council_without_overall_grade_gets_a_sentence_not_an_empty_chart(content: Path, tmp_path: Path) -> None:
    path = content / "councils/southby/council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("overall_effectiveness:", "leadership:"), encoding="utf-8")
    build(content, tmp_path / "site")
    html = read_page(tmp_path / "site", "councils/southby/index.html")
    assert 'class="chart trajectory"' not in html
    assert "No overall effectiveness grade is on record for Southby yet" in html


def test_imported_only_council_gets_a_factual_summary_and_a_not_written_note(site: Path) -> None:
    text = text_of(site, "councils/eastby/index.html")
    assert (
        "2 Ofsted inspections and visits of Eastby's children's services are recorded here, from 2019. "
        "The newest graded inspection, the inspecting local authority children's services (ILACS) short inspection "
        "of 11 March 2024, judged its services good "
        "overall (better than in 2019, when it was requires improvement to be good)."
    ) in text
    assert "Not yet written" in text
    assert "Not yet written" not in text_of(site, "councils/northby/index.html")


def test_statistical_neighbours_are_linked_with_their_grades(site: Path) -> None:
    html = read_page(site, "councils/eastby/index.html")
    section = html[html.index('id="neighbours"') :]
    assert (
        '<a href="../../councils/northby/">Northby</a>: <a class="grade grade-2" href="../../about/#good">Good</a>'
        in section
    )


def test_a_grade_links_to_its_meaning_from_pages_at_every_depth(site: Path) -> None:
    """The same grade is shown on the home page, a region's page and a council's page, each
    linking to the About page from where it stands (a badge is made once and kept, so this
    would catch one page's link reused on another)."""
    for path, root in [
        ("index.html", "./"),
        ("regions/north-east/index.html", "../../"),
        ("timeline/index.html", "../"),
    ]:
        html = read_page(site, path)
        assert f'<a class="grade grade-2" href="{root}about/#good">Good</a>' in html, path
        assert (site / path).parent.joinpath(root, "about/index.html").resolve().is_file()
    council = read_page(site, "councils/eastby/index.html")
    assert '<a class="grade grade-2" href="../../about/#good">Good</a>' in council


def test_national_picture_counts_latest_grades_now_and_by_year(site: Path) -> None:
    text = text_of(site, "national/index.html")
    assert (
        "Councils by their newest graded inspection Grade Councils Outstanding 0 Good 2 "
        "Requires improvement 1 Inadequate 0 Area grades, no overall grade 0 No grade on record 0"
    ) in text
    # End of 2019: Eastby and Southby require improvement, Northby still inadequate (published 2016).
    assert "2019 0 0 2 1 0 0" in text
    assert "2024 0 2 1 0 0 0" in text


def test_region_pages_list_their_councils(site: Path) -> None:
    north_east = text_of(site, "regions/north-east/index.html")
    assert "Eastby" in north_east and "Northby" in north_east and "Southby" not in north_east
    assert "Southby" in text_of(site, "regions/south-west/index.html")
    assert not (site / "regions/london").exists()  # no empty region pages
    assert 'href="./regions/north-east/"' in read_page(site, "index.html")


def test_site_timeline_is_newest_first_with_grade_changes(site: Path) -> None:
    text = text_of(site, "timeline/index.html")
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d{4})">', read_page(site, "timeline/index.html"))]
    assert years == sorted(years, reverse=True)
    assert "Eastby, inspecting local authority children's services (ILACS) short inspection: Good" in text
    assert "(requires improvement to be good → good)" in text
    assert "Northby, ILACS standard inspection: Good (inadequate → good)" in text
    # An event placed by the date a newspaper reported it says so, and never "Published".
    assert "Reported April 2017: Northby, Monitoring visit 3" in text
    assert "Published April 2017" not in text


def test_home_page_rows_carry_what_filter_and_sort_need(site: Path) -> None:
    html = read_page(site, "index.html")
    assert 'data-region="north-east" data-grade="2" data-name="Northby" data-latest="2022-11-07"' in html
    assert 'data-region="south-west" data-grade="3" data-name="Southby"' in html
    assert '<form class="browse" data-browse="councils" hidden>' in html  # shown only by the script


def test_filter_and_sort_work_by_clicking_and_keep_state_in_the_url(site: Path, page: Page) -> None:
    browser_page = page
    browser_page.goto((site / "index.html").as_uri())
    browser_page.select_option("#filter-region", "north-east")
    assert browser_page.locator("table.councils tbody tr:visible").count() == 2
    assert "region=north-east" in browser_page.url
    assert browser_page.locator(".browse-count").inner_text() == "2 councils shown"
    browser_page.select_option("#sort-by", "grade")
    names = browser_page.locator("table.councils tbody tr:visible th").all_inner_texts()
    assert names == ["Eastby", "Northby"]  # both good, so by name
    browser_page.select_option("#filter-grade", "2")
    browser_page.reload()
    assert browser_page.locator("#filter-region").input_value() == "north-east"
    assert browser_page.locator("#filter-grade").input_value() == "2"
    assert browser_page.locator("table.councils tbody tr:visible").count() == 2


def test_home_page_lists_every_council_without_javascript(site: Path, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto((site / "index.html").as_uri())
    assert reader.locator("table.councils tbody tr:visible").count() == 3
    assert not reader.locator("form.browse").is_visible()
    context.close()


def test_compare_page_puts_a_council_and_its_neighbours_on_one_time_axis(site: Path) -> None:
    html = read_page(site, "councils/eastby/compare/index.html")
    years = re.findall(r'<th scope="col" class="year"><span>(\d{4})</span></th>', html)
    assert years == [str(y) for y in range(2016, 2025)]  # every year a report grading either council was published
    rows = re.findall(r'<tr(?: class="subject")?>\s*<th scope="row"><a href="[^"]+">(\w+)</a>(.*?)</tr>', html, re.S)
    assert [name for name, _ in rows] == ["Eastby", "Northby"]
    northby_cells = re.findall(r'<td class="year">(.*?)</td>', rows[1][1], re.S)
    assert "Inadequate, 16 February 2016" in northby_cells[0] and "Good, 13 January 2023" in northby_cells[7]
    assert all(not cell for index, cell in enumerate(northby_cells) if index not in (0, 7))  # aligned by year
    latest = re.search(r'<span class="latest">(.*?)</span></th>', rows[0][1], re.S).group(1)
    assert 'class="grade grade-2"' in latest  # the latest grade in words
    assert 'href="compare/"' in read_page(site, "councils/eastby/index.html")
    assert not (site / "councils/southby/compare").exists()  # no neighbours, no compare page


def test_compare_page_shows_an_inspection_with_area_grades_and_no_overall_grade(content: Path, tmp_path: Path) -> None:
    """From April 2026 Ofsted gives area grades and no overall grade: such an inspection is its own kind of cell."""
    path = content / "councils/northby/council.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("overall_effectiveness: good") == 1
    text = text.replace("overall_effectiveness: good\n      leadership: good", "leadership: outstanding")
    path.write_text(text, encoding="utf-8")
    build(content, tmp_path / "site")
    html = read_page(tmp_path / "site", "councils/eastby/compare/index.html")
    northby = html[html.index(">Northby</a>") :]
    assert "No overall grade" in northby[: northby.index("</th>")]
    assert (
        "Area grades: outstanding for leaders; good for help and protection; "
        "requires improvement to be good for children in care and care leavers"
    ) in northby[: northby.index("</th>")]
    assert 'class="marker grade-areas"' in northby  # its own marker, explained in the key
    assert "No overall grade: area grades only (from April 2026)" in html


def test_a_council_page_prints_its_chart_data_and_no_screen_only_links(site: Path, page: Page) -> None:
    page.emulate_media(media="print")
    page.goto((site / "councils/northby/index.html").as_uri())
    assert page.locator(".chart-data table").is_visible()  # in a closed <details> on screen
    assert not page.locator(".permalink").first.is_visible()  # "Link to this event"
    assert not page.locator("nav.contents").is_visible()
    assert page.locator(".print-only").inner_text().endswith("councils/northby/")  # where the page is online
    page.emulate_media(media="screen")
    assert not page.locator(".chart-data table").is_visible() and page.locator(".permalink").first.is_visible()


def test_a_figure_with_one_reading_reads_as_a_sentence_and_a_region_page_does_not_repeat_its_region(
    content: Path, tmp_path: Path
) -> None:
    path = content / "councils/northby/council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - value: 61%\n        date: 2017-10\n", ""), encoding="utf-8")
    build(content, tmp_path / "site")
    northby = text_of(tmp_path / "site", "councils/northby/index.html")
    assert "Care leavers in education, employment or training: 44% (December 2015). Source: [" in northby
    assert '<table class="figure">' not in read_page(tmp_path / "site", "councils/northby/index.html")
    region = read_page(tmp_path / "site", "regions/north-east/index.html")
    assert ">North East</td>" not in region and 'role="columnheader">Region<' not in region
    assert ">North East</td>" in read_page(tmp_path / "site", "index.html")  # the home page keeps the column


def test_every_attribute_a_template_fills_is_quoted() -> None:
    """Autoescaping makes a value safe only inside quotes: unquoted, a space or `>` in it would end
    the attribute or the tag. Our pages are never minified, so the templates' quotes are the pages'."""
    unquoted = []
    for template in sorted((ROOT / "templates").glob("*.html")):
        text = re.sub(r"\{%.*?%\}|\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"\{\{.*?\}\}", "VALUE", text, flags=re.S)
        for tag in re.finditer(r"<[a-zA-Z][^>]*>", text):
            attributes = re.sub(r"\"[^\"]*\"|'[^']*'", '""', tag.group())  # quoted values, emptied
            unquoted += [f"{template.name}: {tag.group()}" for _ in re.finditer(r"=(?![\"'])", attributes)]
    assert unquoted == []
