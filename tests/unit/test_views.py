"""What pages show, computed in-process from small councils: the opening paragraph, where a
council stands and which way it moved (across the 2023 split of children in care and care
leavers, and into the framework of 2026 with no overall grade), the date rule, the grade grid,
and the views kept between the preview's builds. No build, no browser: each test takes milliseconds."""

from __future__ import annotations

import datetime
import shutil
import textwrap
from pathlib import Path

import pytest
from support import FIXTURE_CONTENT

from councilprofiles.load.councils import load_content
from councilprofiles.model import DateKind, PartialDate, Profile
from councilprofiles.render.charts import AREAS_ONLY
from councilprofiles.render.views.area_send import send_sentence
from councilprofiles.render.views.council import CouncilView, council_view
from councilprofiles.render.views.dates import label_date, record_date
from councilprofiles.render.views.every_council import ViewCache, council_views
from councilprofiles.render.views.grade_grid import NOT_GRADED

TODAY = datetime.date(2026, 9, 1)

SOURCES = """\
name: Testby
region: London
website: https://testby.example.org/
sources:
  - id: ofsted-2022
    title: Ofsted inspection report, Testby (2022)
    publisher: Ofsted
    date: 2022-07-01
  - id: ofsted-2026
    title: Ofsted inspection report, Testby (2026)
    publisher: Ofsted
    date: 2026-07-01
"""
ILACS_2022 = """\
  - id: ilacs-2022
    type: ilacs-standard
    start: 2022-05-09
    end: 2022-05-20
    published: 2022-07-01
    judgements:
      overall_effectiveness: good
      leadership: good
      help_and_protection: good
      children_in_care_and_care_leavers: good
    sources: [ofsted-2022]
"""


def after_2022(care_leavers: str) -> str:
    """Testby inspected in 2022 (good throughout, children in care and care leavers one grade) and
    again from May 2026, when Ofsted graded each area apart and gave no overall grade."""
    return (
        SOURCES
        + "inspections:\n"
        + ILACS_2022
        + f"""\
  - id: ilacs-2026
    type: ilacs-standard
    start: 2026-05-11
    published: 2026-07-01
    judgements:
      leadership: good
      help_and_protection: good
      children_in_care: good
      care_leavers: {care_leavers}
    sources: [ofsted-2026]
"""
    )


def profiles_of(tmp_path: Path, council_yaml: str) -> list[Profile]:
    """The profiles of the fixture content with one council more, `testby`, written as given."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    folder = content / "councils" / "testby"
    folder.mkdir()
    (folder / "council.yaml").write_text(textwrap.dedent(council_yaml), encoding="utf-8")
    return load_content(content, today=TODAY).profiles


def view_of(tmp_path: Path, council_yaml: str) -> CouncilView:
    profile = next(p for p in profiles_of(tmp_path, council_yaml) if p.slug == "testby")
    return council_view(profile)


@pytest.fixture(scope="module")
def fixture_views() -> dict[str, CouncilView]:
    """The fixture content's councils, as the build sees them."""
    profiles = load_content(FIXTURE_CONTENT, today=TODAY).profiles
    return {view.slug: view for view in council_views(profiles)}


def test_the_opening_paragraph_says_the_newest_grade_and_the_change_since(fixture_views) -> None:
    assert fixture_views["eastby"].present == (
        "Ofsted's newest inspection of Eastby's children's services, published 10 May 2024, judged them "
        "good overall. That is better than the inspection published on 1 March 2019, which judged them "
        "requires improvement to be good."
    )


def test_the_opening_paragraph_names_area_grades_that_differ_from_the_overall(fixture_views) -> None:
    present = fixture_views["northby"].present
    assert present.startswith("Ofsted's newest inspection of Northby's children's services, published 13 January 2023")
    assert "judged them good overall: good for leaders and help and protection; requires improvement" in present
    assert "That is better than the inspection published on 16 February 2016, which judged them inadequate." in present


def test_a_council_with_no_inspection_says_so_rather_than_a_grade(tmp_path: Path) -> None:
    view = view_of(tmp_path, SOURCES)
    assert view.standing is None
    assert view.present == "No Ofsted inspection or visit of Testby's children's services is on record here yet."
    assert view.grid is None


def test_area_grades_of_2026_are_compared_with_the_one_grade_care_shared_before_2023(tmp_path: Path) -> None:
    """From April 2026 there is no overall grade: the change is told area by area, children in care
    and care leavers each against the grade they shared in 2022, and the council is counted apart."""
    view = view_of(tmp_path, after_2022(care_leavers="inadequate"))
    standing = view.standing
    assert standing is not None
    assert standing.overall is None and standing.areas_only and standing.rank == AREAS_ONLY
    assert standing.trend.direction == "declined"
    assert standing.trend.label == (
        "Compared with 2022: the same in 3 areas and worse in 1 area (children in care and care leavers, "
        "graded apart now, were one grade in 2022: each is compared with it)"
    )
    assert "graded 4 areas with no overall grade (Ofsted has given none since April 2026)" in view.present
    assert standing.note == "Ofsted no longer gives an overall grade: since April 2026 it grades each area on its own."


def test_the_same_grades_in_every_area_read_as_unchanged(tmp_path: Path) -> None:
    view = view_of(tmp_path, after_2022(care_leavers="good"))
    assert view.standing is not None
    assert view.standing.trend.direction == "unchanged"
    assert view.standing.trend.label.startswith("The same as in 2022 in all 4 areas")


def test_a_visit_known_only_from_a_report_of_it_is_labelled_reported(fixture_views) -> None:
    """The date rule: Ofsted's publication where known; otherwise a date that says what it is."""
    entry = next(e for e in fixture_views["northby"].timeline if e.anchor == "monitoring-3")
    assert entry.date_kind is DateKind.REPORTED
    assert entry.date_phrase == "reported April 2017"
    assert [fact.text for fact in entry.shown_date_facts] == [
        "Reported: April 2017, by Example News. Ofsted's own publication date is not known."
    ]
    published = next(e for e in fixture_views["northby"].timeline if e.anchor == "ilacs-2022")
    assert label_date(published.inspection) == (PartialDate(2023, 1, 13), DateKind.PUBLISHED)
    assert [fact.label for fact in published.shown_date_facts] == ["Fieldwork"]  # the heading gives the publication


def test_the_record_is_current_to_the_newest_report_published(fixture_views) -> None:
    profiles = [view.profile for view in fixture_views.values()]
    assert record_date(profiles) == PartialDate(2024, 5, 10)


def test_the_grade_grid_has_a_column_per_graded_inspection_and_one_cell_for_a_shared_grade(fixture_views) -> None:
    grid = fixture_views["northby"].grid
    assert grid is not None
    assert [column.label for column in grid.columns] == ["Feb 2016", "Jan 2023"]  # by publication, oldest first
    rows = {row.area: row.cells for row in grid.rows}
    assert list(rows) == [
        "overall_effectiveness",
        "leadership",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
        "adoption",
    ]
    in_care, leavers = rows["children_in_care"][1], rows["care_leavers"][1]
    assert (in_care.grade and in_care.grade.rank, in_care.rows, in_care.note) == (3, 2, "one grade for both")
    assert leavers.covered
    assert rows["children_in_care"][0].note == NOT_GRADED  # the SIF graded care leavers alone here
    assert rows["adoption"][1].not_graded


def test_a_council_without_an_area_send_inspection_is_told_so() -> None:
    assert send_sentence("Eastby", None).startswith(
        "No area SEND inspection of Eastby's local area partnership under the framework in force since"
    )


def test_views_are_reused_only_through_a_cache_handed_in() -> None:
    """The preview keeps unchanged profiles as the same objects: a cache it keeps reuses their
    views, and forgets those of profiles no longer current. Without one, nothing is kept."""
    profiles = load_content(FIXTURE_CONTENT, today=TODAY).profiles
    cache = ViewCache()
    first = {view.slug: view for view in council_views(profiles, cache)}
    again = {view.slug: view for view in council_views(profiles, cache)}
    assert all(again[slug] is first[slug] for slug in first)
    edited = Profile(**{name: getattr(profiles[0], name) for name in Profile.__dataclass_fields__})
    after_edit = {view.slug: view for view in council_views([edited, *profiles[1:]], cache)}
    assert after_edit[edited.slug] is not first[edited.slug]
    assert len(cache.by_profile) == len(profiles)
    fresh = {view.slug: view for view in council_views(profiles)}
    assert all(fresh[slug] is not first[slug] for slug in first)
