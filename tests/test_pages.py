"""The pages readers browse: charts, the national picture, regions, the timeline, browsing."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page
from support import ROOT, build, text_of
from support import page as read_page


def test_grade_grid_shows_every_area_at_every_graded_inspection(site: Path) -> None:
    html = read_page(site, "councils/northby/index.html")
    grid = html[html.index('<table class="grade-grid"') : html.index("</table>", html.index('class="grade-grid"'))]
    # A column per graded inspection, oldest first, each labelled by the month Ofsted published it.
    hidden = r'<span class="visually-hidden">(?:(?!</a>).)*?</span>'  # "SIF inspection, published "
    columns = re.findall(rf'<th scope="col"><a href="#([^"]+)">{hidden}([^<]+)</a>', grid)
    assert [label for _, label in columns] == ["Feb 2016", "Jan 2023"]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', grid, re.S))
    assert list(rows)[:3] == ["Overall", "Leaders", "Help and protection"]
    overall = re.findall(r'<td class="grade-(\d)"', rows["Overall"])
    assert overall == ["4", "2"]  # inadequate in 2016, good in 2023
    assert "Each graded inspection's dates" in html  # and the dates as a table


def test_council_without_overall_grade_still_gets_its_area_grades_in_the_grid(content: Path, tmp_path: Path) -> None:
    path = content / "councils/southby/council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("overall_effectiveness:", "leadership:"), encoding="utf-8")
    build(content, tmp_path / "site")
    html = read_page(tmp_path / "site", "councils/southby/index.html")
    grid = html[html.index('<table class="grade-grid"') : html.index("</table>", html.index('class="grade-grid"'))]
    assert '<th scope="row">Leaders</th>' in grid and "not on record" not in grid


def test_imported_only_council_opens_on_its_present_and_a_not_written_note(site: Path) -> None:
    text = text_of(site, "councils/eastby/index.html")
    assert (
        "Ofsted's newest inspection of Eastby's children's services, published 10 May 2024, judged them good overall"
    ) in text
    assert "That is better than the inspection published" in text
    assert "not yet its letters from monitoring and focused visits" in text  # it holds inspections only
    assert "Not yet written" in text
    assert "Not yet written" not in text_of(site, "councils/northby/index.html")


def test_statistical_neighbours_are_linked_with_their_grades(site: Path) -> None:
    html = read_page(site, "councils/eastby/index.html")
    section = html[html.index('id="neighbours"') :]
    assert '<a href="../../councils/northby/">Northby</a>: Overall: <span class="grade grade-2">Good</span>' in section


def test_grades_are_not_links_and_a_key_links_to_their_meaning_from_pages_at_every_depth(site: Path) -> None:
    """A page of councils shows hundreds of grades: as links, a keyboard user tabbed through each.
    The key on each page that lists them links to the About page from where it stands."""
    for path, root in [
        ("index.html", "./"),
        ("regions/north-east/index.html", "../../"),
        ("timeline/index.html", "../"),
        ("councils/eastby/index.html", "../../"),
    ]:
        html = read_page(site, path)
        assert '<span class="grade grade-2">Good</span>' in html and '<a class="grade' not in html, path
        assert f'href="{root}about/#' in html, path
        assert (site / path).parent.joinpath(root, "about/index.html").resolve().is_file()


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
    assert 'data-region="north-east" data-grade="2" data-overall="2" data-leaders="2"' in html
    assert 'data-order="2.00" data-name="Northby" data-latest="2023-01-13"' in html  # dated by publication
    assert 'data-region="south-west" data-grade="3" data-overall="3"' in html
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
        "Leaders: outstanding; Help and protection: good; "
        "Children in care and care leavers: requires improvement to be good"
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
    graded = page.locator(
        ".grade-grid td.grade-1, .grade-grid td.grade-2, .grade-grid td.grade-3, .grade-grid td.grade-4"
    )
    # The grid's colours print (browsers drop backgrounds unless told): the page's grades on paper.
    assert (
        graded.first.evaluate("cell => getComputedStyle(cell).getPropertyValue('-webkit-print-color-adjust')")
        == "exact"
    )
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
