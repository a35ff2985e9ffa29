"""What the site gives beyond pages: feeds, sitemap, robots, 404, open data, sharing tags."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import build, page

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("path", ["feed.xml", "councils/northby/feed.xml"])
def test_feeds_are_atom_with_the_required_elements(site: Path, path: str) -> None:
    feed = ET.parse(site / path).getroot()
    assert feed.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + element) is not None, element
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/profiles/" + path
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert (entry.find(ATOM + element).text or "").strip(), element
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("https://example.org/profiles/")
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)


def test_council_feed_names_grade_changes(site: Path) -> None:
    titles = [e.text for e in ET.parse(site / "councils/northby/feed.xml").getroot().iter(f"{ATOM}title")]
    assert "Northby: ILACS standard inspection, good (inadequate → good)" in titles


def test_feed_entries_say_what_kind_of_date_they_are_dated_by(site: Path) -> None:
    entries = {
        entry.find(f"{ATOM}id").text.rsplit("#", 1)[1]: entry
        for entry in ET.parse(site / "councils/northby/feed.xml").getroot().iter(f"{ATOM}entry")
    }
    sif, visit = entries["sif-2015"], entries["monitoring-3"]
    assert sif.find(f"{ATOM}updated").text == "2016-02-16T00:00:00Z"  # Ofsted's publication
    assert sif.find(f"{ATOM}summary").text.startswith(
        "Fieldwork: November 2015 to December 2015. Published by Ofsted: 16 February 2016."
    )
    assert visit.find(f"{ATOM}updated").text == "2017-04-01T00:00:00Z"  # a newspaper's date, and said to be
    assert visit.find(f"{ATOM}summary").text.startswith(
        "Reported: April 2017, by Example News. Ofsted's own publication date is not known."
    )
    assert "Published" not in visit.find(f"{ATOM}summary").text


def test_pages_link_their_feeds_and_carry_sharing_tags(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    assert '<link rel="alternate" type="application/atom+xml" title="Northby: Test Profiles" href="feed.xml">' in html
    assert '<meta property="og:url" content="https://example.org/profiles/councils/northby/">' in html
    assert 'property="og:title" content="Northby: children\'s services improvement profile · Test Profiles">' in html
    assert '<meta property="og:type" content="article">' in html


def test_sitemap_lists_every_page_and_robots_points_to_it(site: Path) -> None:
    urls = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    pages = {
        "https://example.org/profiles/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }
    assert urls == pages
    assert "Sitemap: https://example.org/profiles/sitemap.xml" in page(site, "robots.txt")


def test_not_found_page_links_from_the_site_path_so_it_works_at_any_depth(site: Path) -> None:
    html = page(site, "404.html")
    assert '<a href="/profiles/timeline/">' in html
    assert 'href="/profiles/static/style.css?v=' in html


def test_council_json_holds_the_whole_model_and_csv_every_inspection(site: Path) -> None:
    northby = json.loads(page(site, "councils/northby/council.json"))
    assert northby["name"] and northby["region"] == "North East"
    sif = northby["inspections"][0]
    assert sif["start"] == "2015-11" and sif["judgements"]["overall_effectiveness"] == "inadequate"
    assert northby["quotes"][0]["text"] == "We can't clone them."
    assert "positions" not in json.dumps(northby)
    rows = list(csv.DictReader(io.StringIO(page(site, "data/inspections.csv"))))
    assert len(rows) == sum(
        len(json.loads(page(site, f"councils/{s}/council.json")).get("inspections", []))
        for s in ("eastby", "northby", "southby")
    )
    monitoring = next(r for r in rows if r["inspection_id"] == "monitoring-3")
    assert monitoring["published"] == "" and monitoring["overall_effectiveness"] == ""
    assert (monitoring["date"], monitoring["date_kind"]) == ("2017-04", "reported")
    assert (monitoring["reported"], monitoring["reported_by"]) == ("2017-04", "Example News")
    sif_row = next(r for r in rows if r["inspection_id"] == "sif-2015" and r["slug"] == "northby")
    assert (sif_row["date"], sif_row["date_kind"], sif_row["reported"]) == ("2015-11", "fieldwork", "")
    reported = next(i for i in northby["inspections"] if i["id"] == "monitoring-3")["reported"]
    assert reported == {"date": "2017-04", "source": "news-2017"} and "published" not in reported


def test_every_council_json_validates_against_the_published_schema(site: Path) -> None:
    """The data page promises the schema describes council.json: hold it to that."""
    import jsonschema

    schema = json.loads(page(site, "schema/council.schema.json"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((site / "councils").glob("*/council.json")):
        errors = [error.message for error in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert not errors, f"{path.parent.name}: {errors}"


def test_sitemap_says_when_each_page_last_changed(site: Path) -> None:
    entries = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}url")
    }
    northby = entries["https://example.org/profiles/councils/northby/"]
    assert northby is not None and f'Last edited on <time datetime="{northby.text}">' in page(
        site, "councils/northby/index.html"
    )  # the same date the page itself gives, from the council's files' history
    dates = [e.text for e in entries.values() if e is not None]
    assert entries["https://example.org/profiles/"].text == max(dates)  # shows every council: the newest
    assert entries["https://example.org/profiles/about/"] is None  # shows no council: no date to give


def test_feeds_are_linked_where_readers_see_them(site: Path) -> None:
    assert '<a href="./feed.xml">Follow new inspections</a>' in page(site, "index.html")
    assert '<a href="feed.xml">Follow Northby</a>' in page(site, "councils/northby/index.html")


def test_a_feed_entry_for_an_inspection_without_an_overall_grade_says_what_was_found(
    content: Path, tmp_path: Path
) -> None:
    path = content / "councils/northby/council.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("overall_effectiveness: good\n      leadership: good", "leadership: outstanding"))
    build(content, tmp_path / "site")
    titles = [e.text for e in ET.parse(tmp_path / "site/councils/northby/feed.xml").getroot().iter(f"{ATOM}title")]
    title = next(title for title in titles if title.startswith("Northby: ILACS standard inspection"))
    assert "no overall grade" in title and "leaders outstanding" in title  # what was found, not just the name
