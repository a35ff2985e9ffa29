"""The loader and validator: good content loads; each kind of bad content is named, with its line."""

from __future__ import annotations

import datetime
import os
import textwrap
from pathlib import Path

import pytest

from councilprofiles.errors import ContentErrors
from councilprofiles.load import load_content
from councilprofiles.model import Grade, PartialDate, Region, VisitType

TODAY = datetime.date(2026, 11, 24)

MINIMAL = """\
name: Testby
region: London
website: https://testby.example.org/
sources:
  - id: report
    title: A report
    publisher: Ofsted
    date: 2019-07-15
inspections:
  - id: ilacs-2019
    type: ilacs-standard
    published: 2019-07-15
    judgements:
      overall_effectiveness: good
    sources: [report]
"""


def write_council(content: Path, yaml_text: str, slug: str = "testby", narrative: str = "## Story\n\nText.\n") -> Path:
    folder = content / "councils" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "council.yaml").write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    (folder / "profile.md").write_text(narrative, encoding="utf-8")
    return folder / "council.yaml"


def errors_for(content: Path) -> list[str]:
    """The error lines a user sees, with paths made relative to the content folder."""
    with pytest.raises(ContentErrors) as caught:
        load_content(content, today=TODAY)
    prefix = os.path.relpath(content) + os.sep
    return [str(error).replace(prefix, "") for error in caught.value.errors]


def test_fixture_content_loads_with_partial_dates_kept(content: Path) -> None:
    loaded = load_content(content, today=TODAY)
    northby = next(p for p in loaded.profiles if p.slug == "northby").council
    assert northby.region is Region.NORTH_EAST
    visit = next(i for i in northby.inspections if i.id == "monitoring-3")
    assert visit.type is VisitType.MONITORING_VISIT
    assert visit.published == PartialDate(2017, 4)
    assert visit.published.display == "April 2017"
    assert northby.milestones[0].date.iso == "2017"
    sif = northby.inspections[0]
    assert sif.judgements.overall_effectiveness is Grade.INADEQUATE
    assert sif.recommendations == 17


@pytest.mark.parametrize(
    ("text", "display"),
    [("2019", "2019"), ("2019-08", "August 2019"), ("2019-08-14", "14 August 2019")],
)
def test_dates_keep_exactly_the_precision_written(text: str, display: str) -> None:
    date = PartialDate.parse(text)
    assert date.iso == text
    assert date.display == display


def test_unknown_key_is_named_with_a_suggestion(content: Path) -> None:
    write_council(content, MINIMAL.replace("    published: 2019-07-15\n", "    publised: 2019-07-15\n"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:12:5: unknown key 'publised' in inspections item. Did you mean "
        "'published'? Allowed keys: id, type, sources, start, end, published, date_note, number, theme, "
        "lead_inspector, judgements, recommendations, summary, strengths, areas_to_improve, from_report, imported"
    ]


def test_duplicate_keys_are_errors_not_silently_overwritten(content: Path) -> None:
    write_council(content, MINIMAL.replace("region: London\n", "region: London\nregion: South East\n"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:3:1: duplicate key 'region' (first given at line 2): "
        "keep one and delete the other"
    ]


def test_wrong_type_is_named(content: Path) -> None:
    write_council(
        content, MINIMAL.replace("    sources: [report]\n", "    recommendations: nine\n    sources: [report]\n")
    )
    assert errors_for(content) == [
        "councils/testby/council.yaml:15:22: 'recommendations' should be a whole number, not 'nine'"
    ]


def test_list_where_a_value_belongs_is_named(content: Path) -> None:
    write_council(content, MINIMAL.replace("name: Testby", "name: [Testby]"))
    assert errors_for(content) == ["councils/testby/council.yaml:1:7: 'name' should be a single value, not a list"]


def test_impossible_dates_are_errors(content: Path) -> None:
    write_council(content, MINIMAL.replace("    published: 2019-07-15", "    published: 2019-02-30"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:12:16: 'published': '2019-02-30' is not a real date: February 2019 has 28 days"
    ]


def test_dates_in_any_other_form_are_refused(content: Path) -> None:
    write_council(content, MINIMAL.replace("    published: 2019-07-15", "    published: 15/07/2019"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:12:16: 'published': '15/07/2019' is not a date: write YYYY, "
        "YYYY-MM or YYYY-MM-DD (for example 2019, 2019-08 or 2019-08-14)"
    ]


def test_future_dates_are_errors(content: Path) -> None:
    write_council(content, MINIMAL.replace("    published: 2019-07-15", "    published: 2027-01"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:12:16: 'published' 2027-01 is in the future: record only what has happened"
    ]


def test_misspelt_grade_gets_a_suggestion(content: Path) -> None:
    write_council(content, MINIMAL.replace("overall_effectiveness: good", "overall_effectiveness: Good"))
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:14:30: 'Good' is not a known grade. Did you mean 'good'?")


def test_grade_wording_must_match_the_framework(content: Path) -> None:
    write_council(
        content, MINIMAL.replace("overall_effectiveness: good", "overall_effectiveness: requires improvement")
    )
    assert errors_for(content) == [
        "councils/testby/council.yaml:14:30: under the ILACS this grade is worded "
        "'requires improvement to be good', not 'requires improvement'"
    ]


def test_visits_cannot_be_graded(content: Path) -> None:
    write_council(content, MINIMAL.replace("type: ilacs-standard", "type: focused-visit"))
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:13:5: a focused visit is not graded: remove 'judgements'")


def test_citation_of_a_missing_source_is_an_error(content: Path) -> None:
    write_council(content, MINIMAL.replace("sources: [report]", "sources: [reprot]"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:15:15: no source has the id 'reprot'. Did you mean 'report'? "
        "Add it under sources, or correct the id"
    ]


def test_quote_about_a_missing_inspection_is_an_error(content: Path) -> None:
    quote = """\
quotes:
  - text: "We are on the case."
    speaker: A Person
    role: director
    source: report
    inspection: ilacs-2018
"""
    write_council(content, MINIMAL + quote)
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:21:17: no inspection has the id 'ilacs-2018'.")


def test_duplicate_ids_are_errors(content: Path) -> None:
    extra = MINIMAL.replace(
        "inspections:\n",
        "  - id: report\n    title: Another\n    publisher: Someone\ninspections:\n",
    )
    write_council(content, extra)
    assert errors_for(content) == [
        "councils/testby/council.yaml:9:9: the source id 'report' is already used at line 5: "
        "ids must be unique within a council"
    ]


def test_missing_required_key_is_named(content: Path) -> None:
    write_council(content, MINIMAL.replace("    publisher: Ofsted\n", ""))
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:5:5: sources item is missing the required key 'publisher'")


def test_an_inspection_needs_a_date(content: Path) -> None:
    write_council(content, MINIMAL.replace("    published: 2019-07-15\n", ""))
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:10:5: inspection 'ilacs-2019' has no date")


def test_yaml_syntax_error_is_located_with_a_hint(content: Path) -> None:
    write_council(
        content,
        MINIMAL.replace("website: https://testby.example.org/\n", "website: https://testby.example.org/\n\tfoo: 1\n"),
    )
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:4:1: YAML syntax error")
    assert "Indent with spaces, never tabs" in error


def test_aliases_are_refused(content: Path) -> None:
    write_council(content, MINIMAL.replace("name: Testby", "name: &n Testby\nsummary: *n"))
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/council.yaml:1:7: anchors and aliases")


def test_empty_file_is_an_error(content: Path) -> None:
    path = write_council(content, MINIMAL)
    path.write_text("  \n", encoding="utf-8")
    assert errors_for(content) == ["councils/testby/council.yaml:1:1: the file is empty"]


def test_non_utf8_file_is_located(content: Path) -> None:
    path = write_council(content, MINIMAL)
    path.write_bytes(MINIMAL.replace("Testby", "Test\xe9by").encode("latin-1"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:1:11: this is not UTF-8 text (byte 0xe9): save the file as UTF-8"
    ]


def test_profile_without_council_yaml_is_an_error(content: Path) -> None:
    folder = content / "councils" / "lonely"
    folder.mkdir()
    (folder / "profile.md").write_text("## Story\n", encoding="utf-8")
    (error,) = errors_for(content)
    assert error.startswith("councils/lonely/profile.md:1:1: there is no council.yaml beside this file")


def test_folder_names_must_be_slugs(content: Path) -> None:
    write_council(content, MINIMAL, slug="Bad Name")
    (error,) = errors_for(content)
    assert "rename it 'bad-name'" in error


def test_misnamed_file_gets_a_suggestion(content: Path) -> None:
    folder = write_council(content, MINIMAL).parent
    (folder / "council.yml").write_text("name: x\n", encoding="utf-8")
    (error,) = errors_for(content)
    assert error.startswith(
        "councils/testby/council.yml:1:1: unexpected file in a council folder. Did you mean 'council.yaml'?"
    )


def test_level_one_heading_in_narrative_is_located(content: Path) -> None:
    write_council(content, MINIMAL, narrative="Intro.\n\n# Wrong level\n")
    (error,) = errors_for(content)
    assert error.startswith("councils/testby/profile.md:3:1: use '## ' for a section heading")


def test_every_error_is_reported_at_once_sorted_by_file_and_line(content: Path) -> None:
    write_council(
        content,
        MINIMAL.replace("region: London", "region: Londn").replace("sources: [report]", "sources: [nope]"),
    )
    write_council(content, MINIMAL.replace("name: Testby", "nme: Testby"), slug="another")
    errors = errors_for(content)
    assert [e.split(":")[0:2] for e in errors] == [
        ["councils/another/council.yaml", "1"],
        ["councils/another/council.yaml", "1"],  # missing 'name', reported at the mapping's start
        ["councils/testby/council.yaml", "2"],
        ["councils/testby/council.yaml", "15"],
    ]


def test_council_without_narrative_loads_with_empty_story(content: Path) -> None:
    folder = write_council(content, MINIMAL).parent
    (folder / "profile.md").unlink()
    loaded = load_content(content, today=TODAY)
    testby = next(p for p in loaded.profiles if p.slug == "testby")
    assert testby.narrative_html == ""


def test_statistical_neighbours_must_be_council_folders(content: Path) -> None:
    write_council(content, MINIMAL + "statistical_neighbours: [northby, nortby]\n")
    assert errors_for(content) == [
        "councils/testby/council.yaml:16:35: there is no council folder 'nortby' in content/councils/. "
        "Did you mean 'northby'?"
    ]


def test_imported_marker_is_true_or_false(content: Path) -> None:
    write_council(content, MINIMAL.replace("    sources: [report]", "    sources: [report]\n    imported: maybe"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:16:15: 'imported' should be true or false, not 'maybe'"
    ]
