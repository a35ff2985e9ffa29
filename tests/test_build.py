"""Building the site: the pages carry the facts, and the output is atomic, complete and repeatable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import ROOT, build, page, run_cli, tree_digest

import councilprofiles.write.site as write
from councilprofiles.pipeline import Project, build_site


def test_council_page_shows_grades_dates_figures_quotes_and_sources(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    assert "<h1>Northby</h1>" in html
    assert '<span class="grade grade-4">Inadequate</span>' in html
    # Headed by Ofsted's publication, the fieldwork given with it.
    assert '<h3 id="sif-2015-title"><time datetime="2016-02-16">16 February 2016</time>: SIF inspection' in html
    assert '<dt data-pagefind-ignore>Fieldwork</dt><dd><time datetime="2015-11">November 2015</time>' in html
    assert 'Reported <time datetime="2017-04">April 2017</time>: Monitoring visit 3' in html
    assert (
        '<dt data-pagefind-ignore>Reported</dt><dd><time datetime="2017-04">April 2017</time>, by Example News' in html
    )
    assert "(overall: inadequate → good)" in html
    assert "<td>44%</td>" in html and "<td>61%</td>" in html
    assert "We can&#39;t clone them." in html
    assert '<span class="speaker">Cllr Example Person</span>, cabinet member for children&#39;s services' in html
    assert '<li id="source-ofsted-2016" value="1">' in html
    assert '<a href="https://example.org/ofsted/2016">Ofsted inspection report' in html
    assert "Date not printed." in html
    assert "[Council statement on its inspection]" in html  # a title we wrote, in brackets
    assert "The title in square brackets is ours" in html


def test_timeline_is_newest_first_with_permalinks(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    anchors = ['id="ilacs-2022"', 'id="monitoring-3"', 'id="academy"', 'id="sif-2015"']
    positions = [html.index(anchor) for anchor in anchors]
    assert positions == sorted(positions)
    for anchor in ("sif-2015", "academy", "monitoring-3", "ilacs-2022"):
        assert f'href="#{anchor}"' in html


def test_grades_are_labelled_in_each_frameworks_own_words(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    assert '<th scope="row" data-pagefind-ignore>Experiences and progress of care leavers</th>' in html  # SIF wording
    assert "The experiences and progress of children in care and care leavers" in html  # ILACS before 2023
    assert "Requires improvement to be good" in html


def test_home_page_lists_every_council_with_latest_grade_and_direction(site: Path) -> None:
    html = page(site, "index.html")
    northby = html[html.index('href="./councils/northby/"') :]
    assert "North East" in northby
    assert "Good" in northby[:800]
    assert "Better than in 2016, when it was inadequate" in northby[:1500]  # by publication year
    southby = html[html.index('href="./councils/southby/"') :]
    assert "Requires improvement to be good" in southby[:1200]
    assert "First graded inspection on record" in southby[:1500]


def test_about_page_explains_grades_and_visit_types(site: Path) -> None:
    html = page(site, "about/index.html")
    assert "Monitoring visit" in html and "Joint targeted area inspection" in html
    assert '<div class="grade-4" id="inadequate"><dt>Inadequate (grade 4)</dt>' in html
    assert "It is the same grade, and this site treats the two as one" in html  # the SIF's and ILACS's third grade
    assert "Inspections from April 2026 grade each area but give no overall effectiveness grade." in html


def test_abbreviations_are_spelt_out_where_first_used(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    first, rest = html.split('(<abbr title="single inspection framework">SIF</abbr>)', 1)
    # The first use opens a table's cell, so its words take a capital.
    assert first.endswith(">Single inspection framework ") and "SIF" not in first[first.index("<main") :]
    assert ">SIF<" not in rest and "SIF" in rest  # later uses stay short, without markup


def test_links_are_relative_so_the_site_works_from_a_sub_path(site: Path) -> None:
    html = page(site, "councils/northby/index.html")
    assert 'href="../../static/style.css?v=' in html
    assert 'href="../../about/"' in html
    assert '<link rel="canonical" href="https://example.org/profiles/councils/northby/">' in html


def test_narrative_is_rendered_without_any_script(content: Path, tmp_path: Path) -> None:
    (content / "councils/northby/profile.md").write_text(
        '## Story\n\nSafe *text*.<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">\n',
        encoding="utf-8",
    )
    output = tmp_path / "site"
    build(content, output)
    html = page(output, "councils/northby/index.html")
    assert '<h3 id="narrative-story">Story</h3>' in html
    assert "<em>text</em>" in html
    assert "<script>" not in html and "javascript:" not in html and "onerror" not in html


def test_text_fields_are_escaped(content: Path, tmp_path: Path) -> None:
    yaml_path = content / "councils/southby/council.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("name: Southby", 'name: "Southby <script>alert(1)</script>"'), encoding="utf-8"
    )
    output = tmp_path / "site"
    build(content, output)
    html = page(output, "councils/southby/index.html")
    assert "<script>alert(1)</script>" not in html
    assert "Southby &lt;script&gt;" in html


def test_two_builds_are_byte_identical(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "one")
    build(content, tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_failed_build_leaves_the_last_good_site_untouched(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    before = tree_digest(site)
    yaml_path = content / "councils/northby/council.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("region: North East", "region: Nowhere"), encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--output", str(site))
    assert result.returncode == 1
    assert "council.yaml:3:9: 'Nowhere' is not a known region" in result.stdout
    assert "was left as it was" in result.stderr
    assert tree_digest(site) == before
    assert not list(site.parent.glob(".staging-*"))


def test_rebuild_removes_pages_of_deleted_councils(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    assert (site / "councils/southby/index.html").exists()
    (site / "stray.html").write_text("left over", encoding="utf-8")
    shutil.rmtree(content / "councils/southby")
    build(content, site)
    assert not (site / "councils/southby").exists()
    assert not (site / "stray.html").exists()
    assert "southby" not in page(site, "index.html")


def test_build_reports_pages_written_and_time(content: Path, tmp_path: Path) -> None:
    result = run_cli("build", "--content", str(content), "--output", str(tmp_path / "out"))
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.startswith("Built ") and " pages (" in last_line and " s into " in last_line


def test_the_search_index_holds_every_councils_profile_and_no_other_page(real_site: Path) -> None:
    """The build's workers link each profile page for Pagefind as they write it: a page missed, or
    another page linked, changes the index's count; and no folder of those links is left behind."""
    entry = json.loads((real_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    assert indexed == len([folder for folder in (ROOT / "content/councils").iterdir() if folder.is_dir()]) == 153
    assert [path.name for path in real_site.iterdir() if path.name.startswith(".")] == []


def test_a_build_sparing_memory_makes_the_site_a_build_keeping_both_cores_busy_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above write.BUSY_CORES_MAXIMUM files (a site of thousands of councils), the pages listing
    every council are made before the workers start and the search index's shards one at a time,
    to spare memory: the same real site, with its index in eight shards, byte for byte."""
    busy, sparing = tmp_path / "busy", tmp_path / "sparing"
    build_site(Project(content=ROOT / "content", output=busy, shard_pages=20))
    monkeypatch.setattr(write, "BUSY_CORES_MAXIMUM", 0)
    build_site(Project(content=ROOT / "content", output=sparing, shard_pages=20))
    assert len(list(sparing.glob("pagefind*"))) == 8
    assert tree_digest(sparing) == tree_digest(busy)


def test_pagefind_settings_where_the_build_is_run_are_not_read(content: Path, tmp_path: Path) -> None:
    """Pagefind reads pagefind.yml from the folder it runs in; the build's shards are the same
    whatever that folder holds."""
    plain, elsewhere = tmp_path / "plain", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pagefind.yml").write_text('glob: "nothing/*.html"\nexclude_selectors: ["main"]\n', encoding="utf-8")
    for output, cwd in ((plain / "site", tmp_path), (elsewhere / "site", elsewhere)):
        folders = ("--content", str(content), "--templates", str(ROOT / "templates"), "--static", str(ROOT / "static"))
        result = run_cli("build", "--no-cache", *folders, "--output", str(output), cwd=cwd)
        assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(elsewhere / "site/pagefind") == tree_digest(plain / "site/pagefind")


def test_a_reports_sub_heading_is_shown_as_one_inside_its_quotation(real_site: Path) -> None:
    """Enfield's 2015 summary runs lead-in, sub-heading, finding: the sub-heading was read as a
    sentence of Ofsted's. It is now marked as the report's sub-heading, its words unchanged."""
    html = page(real_site, "councils/enfield/index.html")
    quotes = [part[: part.index("</blockquote>")] for part in html.split('<figure class="quote ofsted-words">')[1:]]
    quote = next(quote for quote in quotes if "are good because" in quote)  # the 2015 SIF's
    assert '<p class="sub-heading">Leadership, management and governance</p>' in quote
    assert quote.count('class="sub-heading"') == 1  # the lead-in and the finding stay paragraphs
