"""Where a council stands now, as a reader meets it: on the real content (153 councils), at phone
width, each council page's first screen gives the newest graded inspection's date and every grade
it gave; every graded inspection is a column of the grade grid; an inspection has one year on a
page; the home table filters by any area; and search lists every match.

What a page should say is worked out here from the content model directly, not from the views
that made the page, so a view that picks the wrong inspection fails."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from councilprofiles.model import Content, Grade, Inspection

PHONE = {"width": 390, "height": 844}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(real_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(real_site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/profiles/"
    server.shutdown()
    server.server_close()


def graded(inspections: list[Inspection]) -> list[Inspection]:
    """Graded inspections with grades on record, in the order Ofsted published them."""
    found = [i for i in inspections if i.type.graded and i.judgements is not None]
    return sorted(found, key=lambda i: ((i.published or i.date).sort_key, i.id))


def grades_of(inspection: Inspection) -> dict[str, Grade]:
    assert inspection.judgements is not None
    areas = ("overall_effectiveness", "leadership", "help_and_protection", "children_in_care")
    areas += ("care_leavers", "children_in_care_and_care_leavers", "adoption")
    return {area: grade for area in areas if (grade := getattr(inspection.judgements, area)) is not None}


def test_every_council_page_opens_on_its_present_within_a_phone_screen(
    real_content: Content, served: str, browser: Browser
) -> None:
    page = browser.new_page(viewport=PHONE)
    problems = []
    for profile in real_content.profiles:
        page.goto(f"{served}councils/{profile.slug}/")
        newest = graded(profile.council.inspections)
        present = page.locator("#present")
        if not newest:
            expect(present).to_contain_text("No graded Ofsted inspection")
            continue
        inspection = newest[-1]
        grades = grades_of(inspection)
        date = page.locator(".present-inspection time")
        if inspection.published and date.get_attribute("datetime") != inspection.published.iso:
            problems.append(f"{profile.slug}: the present gives {date.get_attribute('datetime')}, not its publication")
        shown = [date, *page.locator(".present-grades tr").all()]
        for element in shown:
            box = element.bounding_box()
            if box is None or box["y"] + box["height"] > PHONE["height"]:
                problems.append(f"{profile.slug}: '{element.inner_text()}' is below the first phone screen")
        rows = page.locator(".present-grades td .grade").all_inner_texts()
        wanted = [grade.label for area, grade in grades.items() if area != "overall_effectiveness"]
        if "overall_effectiveness" in grades:
            wanted.insert(0, grades["overall_effectiveness"].label)
        if rows != wanted:
            problems.append(f"{profile.slug}: the present shows {rows}, the report's grades are {wanted}")
    assert not problems, "\n".join(problems)


def test_every_graded_inspection_is_a_column_of_the_grade_grid(real_content: Content, real_site: Path) -> None:
    problems = []
    for profile in real_content.profiles:
        html = (real_site / "councils" / profile.slug / "index.html").read_text(encoding="utf-8")
        wanted = [inspection.id for inspection in graded(profile.council.inspections)]
        grid = (
            html[html.index('<table class="grade-grid"') : html.index("</table>", html.index('class="grade-grid"'))]
            if wanted
            else ""
        )
        columns = re.findall(r'<th scope="col"><a href="#([^"]+)">', grid)
        if columns != wanted:
            problems.append(f"{profile.slug}: grid columns {columns}, graded inspections {wanted}")
        area_only = [i for i in graded(profile.council.inspections) if not i.gives_overall_grade]
        if area_only and "none given" not in grid:
            problems.append(
                f"{profile.slug}: an inspection with area grades only is not marked as giving no overall grade"
            )
    assert not problems, "\n".join(problems)


def test_an_inspection_has_one_year_on_its_council_page(real_content: Content, real_site: Path) -> None:
    """Grid, timeline heading and 'compared with' all label an inspection by its publication year."""
    problems = []
    for profile in real_content.profiles:
        html = (real_site / "councils" / profile.slug / "index.html").read_text(encoding="utf-8")
        inspections = graded(profile.council.inspections)
        for inspection in inspections:
            if inspection.published is None:
                continue
            year = str(inspection.published.year)
            hidden = r'<span class="visually-hidden">(?:(?!</a>).)*?</span>'
            column = re.search(rf'<a href="#{re.escape(inspection.id)}">{hidden}(\w+ (\d{{4}}))</a>', html)
            if column is None or column.group(2) != year:
                problems.append(
                    f"{profile.slug} {inspection.id}: grid column {column and column.group(1)}, published {year}"
                )
            heading = re.search(rf'<h3 id="{re.escape(inspection.id)}-title"><time datetime="([\d-]+)"', html)
            if heading is None or not heading.group(1).startswith(year):
                problems.append(
                    f"{profile.slug} {inspection.id}: heading dated {heading and heading.group(1)}, published {year}"
                )
        if len(inspections) > 1 and inspections[-2].published is not None:
            before = inspections[-2].published.year
            present = html[html.index('id="present"') : html.index("</section>", html.index('id="present"'))]
            for said in re.findall(r"(?:Compared with|than in|as in) (\d{4})", present):
                if said != str(before):
                    problems.append(
                        f"{profile.slug}: compared with {said}, the previous inspection was published in {before}"
                    )
    assert not problems, "\n".join(problems)


def test_the_home_table_filters_by_any_area_and_sorts_councils_without_an_overall_grade_by_their_areas(
    real_content: Content, served: str, browser: Browser
) -> None:
    newest = {p.council.name: grades_of(g[-1]) for p in real_content.profiles if (g := graded(p.council.inspections))}
    inadequate_anywhere = sorted(name for name, grades in newest.items() if Grade.INADEQUATE in grades.values())
    leaders_good = sorted(name for name, grades in newest.items() if grades.get("leadership") is Grade.GOOD)
    page = browser.new_page(viewport=PHONE)
    shown = "table.councils tbody tr:not([hidden]) th a"
    page.goto(f"{served}?grade=4&area=any")
    expect(page.locator(".browse-count")).to_have_text(f"{len(inadequate_anywhere)} councils shown")
    assert sorted(page.locator(shown).all_inner_texts()) == inadequate_anywhere
    assert "Trafford" in inadequate_anywhere  # two areas inadequate in 2026, no overall grade
    page.goto(f"{served}?grade=2&area=leaders")
    expect(page.locator(".browse-count")).to_have_text(f"{len(leaders_good)} councils shown")
    assert sorted(page.locator(shown).all_inner_texts()) == leaders_good
    page.goto(f"{served}?sort=grade")
    expect(page.locator(".browse-count")).to_have_text(f"{len(real_content.profiles)} councils shown")
    order = page.locator(shown).all_inner_texts()
    first_good = next(n for n in order if newest.get(n, {}).get("overall_effectiveness") is Grade.GOOD)
    first_inadequate = next(n for n in order if newest.get(n, {}).get("overall_effectiveness") is Grade.INADEQUATE)
    assert order.index("Blackpool") < order.index(first_good) < order.index(first_inadequate)


def test_search_can_list_every_matching_page(served: str, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served}search/?q=care+leavers")
    more = page.locator(".search-more")
    expect(more).to_be_visible(timeout=60_000)
    total = int(re.search(r"(\d+) pages? match", page.locator(".search-status").inner_text()).group(1))
    assert total > 100
    while more.count():
        listed = page.locator(".search-hits > li").count()
        more.click()
        expect(page.locator(".search-hits > li")).to_have_count(min(listed + 8, total), timeout=60_000)
        assert page.evaluate("document.activeElement.closest('.search-hits') !== null")  # focus moved to the new pages
    assert page.locator(".search-hits > li").count() == total
