"""render_site over the fixture content, in-process: the files the site holds and what a reader
sees on a few of its pages. No build command, no writing: each output is made in memory."""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import shutil
from pathlib import Path

import pytest
from support import FIXTURE_CONTENT, ROOT

from councilprofiles.errors import ContentErrors
from councilprofiles.load.councils import load_content
from councilprofiles.model import Content
from councilprofiles.render.outputs import render_site

TEMPLATES, STATIC = ROOT / "templates", ROOT / "static"


def rendered(content: Content, templates: Path = TEMPLATES) -> dict[str, bytes]:
    return {output.path: output.make() for output in render_site(content, templates, STATIC)}


def text(page: bytes) -> str:
    """A page's text as a reader sees it: tags and scripts removed, whitespace collapsed."""
    markup = re.sub(r"<script\b.*?</script>", " ", page.decode("utf-8"), flags=re.S)
    markup = re.sub(r"</?(?:a|abbr|em|span|strong|time)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURE_CONTENT, today=datetime.date(2026, 9, 1))


@pytest.fixture(scope="module")
def site(content: Content) -> dict[str, bytes]:
    return rendered(content)


def test_the_site_holds_a_page_feed_and_data_file_per_council_and_a_compare_page_where_it_has_neighbours(
    site: dict[str, bytes],
) -> None:
    for slug in ("eastby", "northby", "southby"):
        for name in ("index.html", "feed.xml", "council.json"):
            assert f"councils/{slug}/{name}" in site
    assert "councils/eastby/compare/index.html" in site  # Eastby names Northby as a statistical neighbour
    assert "councils/southby/compare/index.html" not in site  # Southby names none
    assert {"index.html", "national/index.html", "timeline/index.html", "regions/north-east/index.html"} <= set(site)


def test_a_council_page_opens_with_where_it_stands_now(site: dict[str, bytes]) -> None:
    page = text(site["councils/eastby/index.html"])
    opening = (
        "Ofsted's newest inspection of Eastby's children's services, published 10 May 2024, judged them good overall."
    )
    assert opening in page
    assert page.index("Where it stands now") < page.index(opening) < page.index("Timeline")


def test_the_home_page_lists_councils_by_name(site: dict[str, bytes]) -> None:
    page = text(site["index.html"])
    assert page.index("Eastby") < page.index("Northby") < page.index("Southby")


def test_the_national_page_counts_councils_by_their_newest_grade(site: dict[str, bytes]) -> None:
    page = text(site["national/index.html"])
    assert "Outstanding 0 Good 2 Requires improvement 1 Inadequate 0" in page
    # Northby's SIF inspection ended in 2015; it counts from 2016, when Ofsted published its report.
    assert "2015: no grade on record 3; 2016: inadequate 1, no grade on record 2" in page


def test_the_timeline_page_lists_every_inspection_newest_first(site: dict[str, bytes]) -> None:
    page = text(site["timeline/index.html"])
    order = [
        "10 May 2024: Eastby",
        "13 January 2023: Northby",
        "15 July 2019: Southby",
        "1 March 2019: Eastby",
        "Reported April 2017: Northby",
        "16 February 2016: Northby",
    ]
    positions = [page.index(event) for event in order]
    assert positions == sorted(positions)


def test_the_sitemap_gives_absolute_addresses_and_a_preview_is_not_indexed(content: Content, site) -> None:
    sitemap = site["sitemap.xml"].decode("utf-8")
    assert "<loc>https://example.org/profiles/councils/northby/</loc>" in sitemap
    assert b"Allow: /\nSitemap: https://example.org/profiles/sitemap.xml" in site["robots.txt"]
    preview = rendered(dataclasses.replace(content, preview="pull request 42"))
    assert preview["robots.txt"] == b"User-agent: *\nDisallow: /\n"


def test_the_same_content_renders_the_same_bytes(content: Content, site: dict[str, bytes]) -> None:
    assert rendered(content) == site


def test_a_broken_template_is_reported_with_its_file_and_line_before_any_page_is_made(
    content: Content, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    region = templates / "region.html"
    region.write_text(region.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    line = region.read_text(encoding="utf-8").count("\n")
    with pytest.raises(ContentErrors) as failure:
        render_site(content, templates, STATIC)
    [error] = failure.value.errors
    assert error.path.endswith("templates/region.html") and error.line == line
    assert error.message.startswith("template error:")
