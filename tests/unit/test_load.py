"""The loader and validator: good content loads; each kind of bad content is named, with its line."""

from __future__ import annotations

import datetime
import os
import textwrap
from pathlib import Path

import markdown
import pytest

from councilprofiles.errors import ContentErrors
from councilprofiles.load.councils import load_content, load_with_cache
from councilprofiles.load.narrative import NarrativeRenderer
from councilprofiles.model import DateKind, Grade, PartialDate, Profile, Region, VisitType

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
    assert visit.published is None  # a newspaper's date is never Ofsted's publication
    assert visit.reported.date == PartialDate(2017, 4) and visit.reported.source == "news-2017"
    assert visit.date.display == "April 2017" and visit.date_kind is DateKind.REPORTED
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
        "'published'? Allowed keys: id, type, sources, start, end, published, reported, date_note, number, theme, "
        "lead_inspector, grade_wording, leadership_title, judgements, recommendations, summary, strengths, "
        "areas_to_improve, from_report, imported"
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


REPORTED = """\
name: Testby
region: London
website: https://testby.example.org/
sources:
  - id: report
    title: A report
    publisher: Ofsted
    date: 2019-07-15
  - id: news
    title: A story
    publisher: Example News
    date: 2017-04-06
inspections:
  - id: monitoring-3
    type: monitoring-visit
    start: 2017-03
    reported:
      date: 2017-04-06
      source: news
    sources: [news]
"""


def test_a_reported_date_loads_as_its_own_kind_of_date(content: Path) -> None:
    write_council(content, REPORTED)
    (profile,) = [p for p in load_content(content, today=TODAY).profiles if p.slug == "testby"]
    visit = profile.council.inspections[0]
    assert visit.published is None and visit.reported.date.iso == "2017-04-06"
    assert visit.date_kind is DateKind.FIELDWORK  # fieldwork still places it
    write_council(content, REPORTED.replace("    start: 2017-03\n", ""))
    (profile,) = [p for p in load_content(content, today=TODAY).profiles if p.slug == "testby"]
    assert profile.council.inspections[0].date_kind is DateKind.REPORTED


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "      source: news\n    sources: [news]\n",
            "      source: report\n    sources: [report]\n",
            "councils/testby/council.yaml:19:15: 'report' is published by Ofsted, so its date is Ofsted's own: "
            "write it as 'published', not under 'reported' (which is for the date another publication "
            "reported the visit)",
        ),
        (
            "    publisher: Example News\n",
            "    publisher: Office for Standards in Education, Children’s Services and Skills (Ofsted)\n",
            "councils/testby/council.yaml:19:15: 'news' is published by Ofsted, so its date is Ofsted's own: "
            "write it as 'published', not under 'reported' (which is for the date another publication "
            "reported the visit)",
        ),
        (
            "    start: 2017-03\n",
            "    start: 2017-05\n",
            "councils/testby/council.yaml:18:13: reported 2017-04-06 is before the visit (2017-05): "
            "a visit cannot be reported before it happens; check both dates",
        ),
        (
            "      date: 2017-04-06\n",
            "      date: 2027-04-06\n",
            "councils/testby/council.yaml:18:13: 'date' 2027-04-06 is in the future: record only what has happened",
        ),
        (
            "      source: news\n",
            "      source: newz\n",
            "councils/testby/council.yaml:19:15: no source has the id 'newz'. Did you mean 'news'? "
            "Add it under sources, or correct the id",
        ),
        (
            "    sources: [news]\n",
            "    sources: [report]\n",
            "councils/testby/council.yaml:19:15: the reported date comes from 'news', which inspection "
            "'monitoring-3' does not cite: add 'news' to its sources",
        ),
        (
            "      date: 2017-04-06\n",
            "",
            "councils/testby/council.yaml:18:7: reported is missing the required key 'date': "
            "When the source reported it, as precisely as the source says.",
        ),
        (
            "      date: 2017-04-06\n",
            "      date: 6 April 2017\n",
            "councils/testby/council.yaml:18:13: 'date': '6 April 2017' is not a date: write YYYY, YYYY-MM or "
            "YYYY-MM-DD (for example 2019, 2019-08 or 2019-08-14)",
        ),
    ],
    ids=[
        "ofsted-source",
        "ofsted-full-name",
        "before-fieldwork",
        "future",
        "unknown-source",
        "not-cited",
        "no-date",
        "not-a-date",
    ],
)
def test_a_reported_date_is_checked_where_it_is_written(content: Path, old: str, new: str, error: str) -> None:
    assert old in REPORTED
    write_council(content, REPORTED.replace(old, new))
    assert errors_for(content) == [error]


def test_reported_checks_are_made_even_when_another_record_is_wrong(content: Path) -> None:
    """All errors at once: a broken source elsewhere does not hide a wrongly sourced reported date."""
    ofsted = "      source: report\n    sources: [report]\n"
    text = REPORTED.replace("      source: news\n    sources: [news]\n", ofsted)
    write_council(content, text.replace("    date: 2017-04-06\n", "    date: 2017-13\n", 1))
    errors = errors_for(content)
    assert [error.split(": ")[0] for error in errors] == [
        "councils/testby/council.yaml:12:11",
        "councils/testby/council.yaml:19:15",
    ]
    assert "is published by Ofsted" in errors[1]


def load_testby(content: Path) -> Profile:
    return next(profile for profile in load_content(content, today=TODAY).profiles if profile.slug == "testby")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"sif-2015\\n"', "'id' should be lowercase letters, digits and hyphens"),
        ('"sif\\u200b2015"', "'id' should be lowercase letters, digits and hyphens"),
        ("SIF-2015", "'id' should be lowercase letters, digits and hyphens"),
    ],
)
def test_ids_match_their_pattern_whole(content: Path, value: str, message: str) -> None:
    """`$` matches before a final newline: every pattern that validates matches the whole value."""
    write_council(content, MINIMAL.replace("id: ilacs-2019", f"id: {value}"))
    assert any(message in line for line in errors_for(content))


@pytest.mark.parametrize(
    ("text", "column", "found"),
    [
        ('"Ofsted\\x7f report"', 12, "the control character U+007F"),
        ('"Ofsted \\N report"', 12, "the control character U+0085"),
        ('"Ofsted \\x1b[31m report"', 12, "the control character U+001B"),
        ("Ofsted \U000efffe report", 19, "U+EFFFE, which is not a character"),
        ("Ofsted \u202dreport", 19, "U+202D (LEFT-TO-RIGHT OVERRIDE)"),
        ("Ofsted \u2067report", 19, "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    ],
)
def test_text_a_page_or_feed_cannot_carry_is_refused_where_it_is(
    content: Path, text: str, column: int, found: str
) -> None:
    """At the character itself where the value is written plainly; at the value where escapes
    (which the YAML reader decodes) make the two differ."""
    write_council(content, MINIMAL.replace("title: A report", f"title: {text}"))
    errors = errors_for(content)
    assert len(errors) == 1
    assert errors[0].startswith(f"councils/testby/council.yaml:6:{column}: 'title' holds {found}")


def test_text_that_is_only_unusual_is_kept(content: Path) -> None:
    """Right-to-left text, emoji joined by zero-width joiners, non-breaking spaces and line
    separators are text: only controls, noncharacters and direction overrides are refused."""
    written = r"العربية 👩\u200d👧 non\u00a0breaking, line\Lseparated"  # YAML escapes; \L is U+2028
    write_council(content, MINIMAL.replace("title: A report", f'title: "{written}"'))
    expected = "العربية 👩\u200d👧 non\u00a0breaking, line\u2028separated"
    assert load_testby(content).council.sources[0].title == expected


def test_a_council_name_holds_no_invisible_character(content: Path) -> None:
    write_council(content, MINIMAL.replace("name: Testby", "name: Test\u00adby"))
    assert errors_for(content) == [
        "councils/testby/council.yaml:1:11: 'name' holds the invisible character U+00AD (SOFT HYPHEN): "
        "a name must look exactly like what it is, so delete it"
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://www.testby.gov.uk:pw@evil.example/", "holds a user name or password before '@', so it leads to evil"),
        ("https://user@evil.example/", "holds a user name or password"),
        ("https://evil.example\\\\@testby.gov.uk/", "holds a backslash"),
        ("https://testby.gov.uk:http/", "has a port after ':' that is not a number"),
        ("https://", "should be a web address starting with https://"),
        ("ftp://testby.gov.uk/", "should be a web address starting with https://"),
    ],
)
def test_addresses_that_lead_elsewhere_are_refused(content: Path, url: str, message: str) -> None:
    write_council(content, MINIMAL.replace("website: https://testby.example.org/", f'website: "{url}"'))
    assert errors_for(content)[0].startswith(f"councils/testby/council.yaml:3:10: 'website' {message}")


def test_an_address_with_an_at_sign_in_its_path_is_fine(content: Path) -> None:
    write_council(content, MINIMAL.replace("website: https://testby.example.org/", "website: https://x.org/@team"))
    assert load_testby(content).council.website == "https://x.org/@team"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        # Each would reach a page's links, feeds or robots.txt as it is.
        ("'https://example.org/pro\"files<x>/'", "has '\"' in its path"),
        ("https://example.org/a<b>/", "has '<' in its path"),
        ("https://example.org/%2F/", "has '%' in its path"),
        ("https://example.org//councils/", "has a path with '//', '/./' or '/../'"),
        ("https://example.org/a/../", "has a path with '//', '/./' or '/../'"),
        ("https://example.org/?page=/", "may not hold '?' or '#'"),
        ("https://example.org/#top/", "may not hold '?' or '#'"),
        ("https://ex_ample.org/", "has a host name 'ex_ample.org'"),
    ],
)
def test_a_base_url_whose_path_a_page_could_not_carry_is_refused_where_it_is(
    content: Path, address: str, message: str
) -> None:
    # The parameter is not named base_url: that is pytest-base-url's fixture, which pytest-playwright 0.4 brings.
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("base_url: https://example.org/profiles/", f"base_url: {address}"), encoding="utf-8")
    line = next(number for number, row in enumerate(site.read_text().splitlines(), 1) if row.startswith("base_url"))
    errors = errors_for(content)
    assert errors[0].startswith(f"site.yaml:{line}:11: 'base_url' {message}")
    assert "such as" in errors[0]  # how to fix it


@pytest.mark.parametrize(
    "address", ["https://example.org/", "http://localhost:8000/a/b/", "https://x.github.io/Repo.name_x~/"]
)
def test_a_base_url_of_plain_folders_is_kept(content: Path, address: str) -> None:
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("base_url: https://example.org/profiles/", f"base_url: {address}"), encoding="utf-8")
    assert load_content(content, today=TODAY).site.base_url == address


def test_two_folders_for_one_council_are_named_together_even_from_the_cache(content: Path, tmp_path: Path) -> None:
    """The second folder's clash is found whether the first was read afresh or from the cache,
    where records keep no positions: each error names the other file's line."""
    cache = tmp_path / "cache"
    write_council(content, MINIMAL.replace("region:", "ofsted_urn: 80123\nregion:"))
    load_with_cache(content, cache, today=TODAY)  # testby is now in the cache
    write_council(content, MINIMAL.replace("name: Testby", "name: Otherby\nofsted_urn: 80123"), slug="otherby")
    with pytest.raises(ContentErrors) as caught:
        load_with_cache(content, cache, today=TODAY)
    prefix = os.path.relpath(content) + os.sep
    errors = [str(error).replace(prefix, "") for error in caught.value.errors]
    assert errors == [
        "councils/otherby/council.yaml:2:1: another council folder has this Ofsted URN (80123), at "
        "councils/testby/council.yaml:2: one council has one folder, so merge the two and delete one",
        "councils/testby/council.yaml:2:1: another council folder has this Ofsted URN (80123), at "
        "councils/otherby/council.yaml:2: one council has one folder, so merge the two and delete one",
    ]


@pytest.mark.parametrize("name", ["St. Testby", "ST  TESTBY", "St Tëstby", "St-Testby, City of"])
def test_one_council_under_two_spellings_is_one_council(content: Path, name: str) -> None:
    write_council(content, MINIMAL.replace("name: Testby", "name: St Testby"))
    write_council(content, MINIMAL.replace("name: Testby", f'name: "{name}"'), slug="st-testby")
    errors = errors_for(content)
    assert len(errors) == 2 and all("another council folder has this name" in error for error in errors)


def test_narrative_ids_never_take_the_pages_own(content: Path) -> None:
    """Raw HTML ids are namespaced as Markdown's are, made valid and unique (nh3 keeps `id`)."""
    narrative = '## Main\n\n<h3 id="main">x</h3>\n\n<h3 id="main">y</h3>\n\n<h4 id=" a  b ">z</h4>\n'
    write_council(content, MINIMAL, narrative=narrative)
    html = load_testby(content).narrative_html
    assert 'id="narrative-main"' in html and 'id="narrative-main-2"' in html and 'id="narrative-main-3"' in html
    assert 'id="narrative-a-b"' in html
    assert 'id="main"' not in html


@pytest.mark.parametrize(
    ("narrative", "where", "message"),
    [
        ("## Story\n\n" + "[" * 9 + "\n", "3:9", "square brackets are opened 9 deep here"),
        ("## Story\n\nSee \\[" * 3 + "[ [ [ [ [ [ [ [ [\n", "7:23", "square brackets are opened 9 deep"),
        ("a <b\nc>\n", "1:3", "this '<' starts an HTML tag that does not end with '>' on the same line"),
        ("> > > > > > > > > > > x\n", "1:23", "lists and quotations are nested 11 deep"),
        ("*[A]: a\n" * 101, "101:1", "more than 100 abbreviations"),
    ],
)
def test_narratives_that_would_cost_minutes_are_refused_where_the_cost_is(
    content: Path, narrative: str, where: str, message: str
) -> None:
    write_council(content, MINIMAL, narrative=narrative)
    errors = errors_for(content)
    assert errors[0].startswith(f"councils/testby/profile.md:{where}: {message}"), errors


@pytest.mark.parametrize(
    "narrative",
    [
        "## Story\n\nA [link](https://x.org/ (with) parentheses) and [another][ref], an unclosed [bracket.\n\n"
        "[ref]: https://x.org/\n",
        "- one\n    - two\n        - three\n            > quoted\n",
        '<abbr title="Local authority designated officer > LADO">LADO</abbr> and 3 < 4, x<5\n',
        "Escaped \\[ brackets \\[ do \\[ not \\[ count \\[ at \\[ all \\[ here \\[ nine \\[ ten\n",
        "*[LADO]: Local authority designated officer\n\nThe LADO *and* the _team_, **bold** and ***both***.\n",
    ],
)
def test_narratives_as_editors_write_them_pass_the_limits(content: Path, narrative: str) -> None:
    write_council(content, MINIMAL, narrative=narrative)
    assert load_testby(content).narrative_html


@pytest.mark.parametrize(
    "narrative",
    [
        "Plain words, a [link](https://example.org/) and a list:\n\n- one\n- two\n",
        "## Story\n\n| Year | Grade |\n|---|---|\n| 2019 | Good |\n",
        "The LADO met.\n\n*[LADO]: Local authority designated officer\n",
        "Story\n=====\n\nText.\n\nMore\n----\n\nText.\n",
        "## A\n\nOne | two, *[not a definition*, with # inside.\n\n3. three\n4. four\n",
        "Plain words with no link, emphasis, code or markup at all.\n",
        "Run `build.py` and `` a ` tick ``; \\*not emphasis\\* and 1\\. not a list.\n",
        "AT&amp;T, &copy; 2019 and &#8212; an entity; a bare & too.\n",
        'Inline <abbr title="x">HTML</abbr>, <https://example.org/> and <team@example.org>.\n',
        "A forced  \nline break.\n",
        "A line ended by a tab\t\nbreaks too (the tab makes two spaces).\n",
        "**Strong**, *em*, __strong__, _em_ and snake_case_words; a lone * star.\n",
        "An image ![chart](https://example.org/c.png) and ![ref][r] and [short].\n\n[r]: https://x.org/\n",
    ],
)
def test_a_narrative_reads_as_it_would_through_every_markdown_extension(narrative: str) -> None:
    """Each narrative converts through only the extensions and inline patterns it can use (a
    speed-up); what a reader gets must be what Python-Markdown makes with all of them: tables,
    abbreviations, heading ids, links, code, entities, inline HTML, line breaks, emphasis."""
    every = markdown.Markdown(
        extensions=["sane_lists", "tables", "toc", "abbr"],
        extension_configs={"toc": {"slugify": NarrativeRenderer.heading_id, "baselevel": 2}},
        output_format="html",
    )
    renderer = NarrativeRenderer()
    assert renderer.markdown(narrative).convert(narrative) == every.convert(narrative)
