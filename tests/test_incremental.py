"""Builds after the first: only what changed is made, and the site is always what a fresh build gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from support import ROOT, build, inodes, page, replace_once, run_cli, tree_digest

from councilprofiles import fingerprint
from councilprofiles.errors import ContentErrors
from councilprofiles.load.councils import load_with_cache
from councilprofiles.pipeline import Project, build_site
from councilprofiles.render.outputs import render_site
from councilprofiles.render.search_index import index_shards
from councilprofiles.write.site import write_site


def test_a_build_with_nothing_changed_leaves_the_site_alone(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    before = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in site.rglob("*")}
    result = run_cli("build", "--content", str(content), "--output", str(site))
    assert result.returncode == 0
    assert "Nothing changed" in result.stdout and "up to date" in result.stdout
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in site.rglob("*")} == before


def test_saving_a_file_unchanged_is_not_a_change(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    council = content / "councils/northby/council.yaml"
    council.write_bytes(council.read_bytes())
    os.utime(council, (1, 1))
    assert "Nothing changed" in run_cli("build", "--content", str(content), "--output", str(site)).stdout


def test_an_edit_remakes_only_the_pages_that_show_that_council(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    before = inodes(site)
    replace_once(content / "councils/northby/council.yaml", "name: Northby", "name: Northby Borough")
    result = run_cli("build", "--content", str(content), "--output", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    after = inodes(site)
    remade = {path for path in after if after[path] != before.get(path)}
    assert "councils/northby/index.html" in remade
    assert "index.html" in remade  # the home page lists every council
    assert "councils/southby/council.json" not in remade  # Southby's own data does not show Northby
    assert "static/style.css" not in remade
    assert "Northby Borough" in page(site, "councils/northby/index.html")
    fresh = tmp_path / "fresh"
    run_cli("build", "--no-cache", "--content", str(content), "--output", str(fresh))
    assert tree_digest(site) == tree_digest(fresh)


def test_a_file_changed_by_hand_in_the_site_is_made_again(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    good = page(site, "about/index.html")
    (site / "about/index.html").write_text("vandalised", encoding="utf-8")
    (site / "stray.txt").write_text("left over", encoding="utf-8")
    build(content, site)
    assert page(site, "about/index.html") == good
    assert not (site / "stray.txt").exists()


def test_a_new_template_remakes_every_page(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    site = tmp_path / "site"
    arguments = ["build", "--content", str(content), "--templates", str(templates), "--output", str(site)]
    assert run_cli(*arguments).returncode == 0
    replace_once(templates / "base.html", "</footer>", "<p>Changed footer</p></footer>")
    assert run_cli(*arguments).returncode == 0
    assert all("Changed footer" in path.read_text() for path in site.rglob("index.html") if "pagefind" not in str(path))


def test_a_new_version_of_a_library_that_shapes_the_pages_remakes_every_page(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's key holds the installed versions of Jinja, Python-Markdown, nh3 and PyYAML,
    read from pip's metadata without importing them (fingerprint.installed_version)."""
    for module, distribution in fingerprint.OUTPUT_LIBRARIES:
        assert fingerprint.installed_version(module, distribution) == __import__(module).__version__
    site = tmp_path / "site"
    project = Project(content=content, output=site, cache=tmp_path / "cache")
    build_site(project)
    assert build_site(project).up_to_date
    before = inodes(site)
    real = fingerprint.installed_version
    monkeypatch.setattr(
        fingerprint, "installed_version", lambda module, name: "99.0" if module == "markdown" else real(module, name)
    )
    fingerprint.code_version.cache_clear()
    try:
        upgraded = build_site(project)
    finally:
        fingerprint.code_version.cache_clear()
    assert not upgraded.up_to_date
    pages = [path for path in before if path.endswith(".html")]
    assert pages and all(inodes(site)[path] != before[path] for path in pages)  # made again, not linked


def test_a_damaged_cache_is_ignored(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    (tmp_path / ".build-cache/site.manifest.json").write_text("{not json", encoding="utf-8")
    replace_once(content / "councils/northby/council.yaml", "name: Northby", "name: Northby Borough")
    build(content, site)
    assert "Northby Borough" in page(site, "councils/northby/index.html")


def test_worker_processes_make_the_same_site_as_one(tmp_path: Path) -> None:
    """The real content has enough pages for the worker pool to be used."""
    for jobs in ("1", "2"):
        result = run_cli(
            "build", "--no-cache", "--jobs", jobs, "--content", str(ROOT / "content"), "--output", str(tmp_path / jobs)
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(tmp_path / "1") == tree_digest(tmp_path / "2")


def test_councils_are_read_once_and_remembered_only_while_they_exist(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    remembered = tmp_path / ".build-cache/councils"
    assert len(list(remembered.glob("*/*.pickle"))) == 3  # eastby, northby, southby
    shutil.rmtree(content / "councils/southby")
    build(content, site)
    assert len(list(remembered.glob("*/*.pickle"))) == 2


def test_a_remembered_council_still_shows_its_edit_and_its_errors(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(content, site)
    council = content / "councils/northby/council.yaml"
    replace_once(council, "region: North East", "region: Nowhere")
    for _ in range(2):  # an error is found again on every build, never remembered away
        result = run_cli("build", "--content", str(content), "--output", str(site))
        assert result.returncode == 1
        assert "council.yaml:3:9: 'Nowhere' is not a known region" in result.stdout
    replace_once(council, "region: Nowhere", "region: North East")
    build(content, site)
    assert "North East" in page(site, "councils/northby/index.html")


def test_an_edit_re_indexes_only_the_search_shard_its_council_is_in(content: Path, tmp_path: Path) -> None:
    """With shards of one profile (profiles whose paths' digests collide share one), the index is in
    more than one folder. Northby is Eastby's statistical neighbour, so Eastby's page shows its new
    name, but that part of the page is not searched: only the folder holding Northby is made again,
    and the index is the one a fresh build makes."""
    site, cache = tmp_path / "site", tmp_path / ".build-cache"
    project = Project(content=content, output=site, cache=cache, shard_pages=1)
    shards = index_shards([f"councils/{slug}/index.html" for slug in ("eastby", "northby", "southby")], 1)
    northby = next(folder for folder, pages in shards.items() if "councils/northby/index.html" in pages)
    assert "councils/eastby/index.html" not in shards[northby] and len(shards) > 1
    build_site(project)
    assert sorted(path.name for path in site.glob("pagefind*")) == sorted(shards)
    directory = json.loads(page(site, "search/councils.json"))  # the search merges these shards
    assert sorted(directory["indexes"]) == sorted(f"{folder}/" for folder in shards if folder != "pagefind")
    before = inodes(site)
    replace_once(content / "councils/northby/council.yaml", "name: Northby", "name: Northby Borough")
    build_site(project)
    assert "Northby Borough" in page(site, "councils/eastby/index.html")
    after = inodes(site)
    remade = {path for path in after if after[path] != before.get(path)}
    reindexed = {path.split("/")[0] for path in remade if path.startswith("pagefind")}
    assert reindexed == {northby}
    fresh = tmp_path / "fresh"
    build_site(Project(content=content, output=fresh, shard_pages=1))
    assert tree_digest(site) == tree_digest(fresh)


def test_a_shard_re_indexed_after_an_edit_still_holds_the_pages_not_made_again(content: Path, tmp_path: Path) -> None:
    """In one shard, an edit to Southby re-indexes the shard, and the profiles kept from the last
    build (linked, not made again) are indexed with the one made afresh: the site is a fresh build's."""
    site, cache = tmp_path / "site", tmp_path / ".build-cache"
    project = Project(content=content, output=site, cache=cache)
    build_site(project)
    before = inodes(site)
    replace_once(content / "councils/southby/council.yaml", "name: Southby", "name: Southby Borough")
    build_site(project)
    after = inodes(site)
    kept = {path for path in after if after[path] == before.get(path)}
    assert "councils/eastby/index.html" in kept and "councils/southby/index.html" not in kept
    assert "pagefind/pagefind-entry.json" not in kept
    fresh = tmp_path / "fresh"
    build_site(Project(content=content, output=fresh))
    assert tree_digest(site) == tree_digest(fresh)


def test_a_build_holding_summaries_makes_the_site_a_build_holding_everything_makes(tmp_path: Path) -> None:
    """With the cache, a build keeps only a summary of each council in memory and reads the rest
    back from the cache for the council's own pages; on the real content (quotes, narratives,
    figures, findings) its site is byte for byte the one made with everything in memory."""
    whole, summarised = tmp_path / "whole", tmp_path / "summarised"
    arguments = ["--content", str(ROOT / "content"), "--output"]
    assert run_cli("build", "--no-cache", *arguments, str(whole)).returncode == 0
    assert run_cli("build", *arguments, str(summarised)).returncode == 0  # councils read, then cached
    assert tree_digest(summarised) == tree_digest(whole)
    shutil.rmtree(summarised)
    assert run_cli("build", *arguments, str(summarised)).returncode == 0  # councils from the cache
    assert tree_digest(summarised) == tree_digest(whole)


def test_a_cache_entry_gone_during_the_build_fails_it_cleanly(content: Path, tmp_path: Path) -> None:
    """A build holding a council's summary reads the rest back from the cache; if another build
    removed that entry meanwhile, this one stops with a message, not a traceback."""
    site, cache = tmp_path / "site", tmp_path / ".build-cache"
    loaded, wholes = load_with_cache(content, cache / "councils")
    northby = next(profile for profile in loaded.profiles if profile.slug == "northby")
    entry = wholes.entry(northby)
    assert entry is not None and not northby.council.quotes  # a summary, whole in the cache
    Path(entry).unlink()
    with pytest.raises(ContentErrors) as failure:
        write_site(render_site(loaded, ROOT / "templates", ROOT / "static", wholes=wholes), site, cache=cache)
    assert "the build cache changed during this build" in str(failure.value.errors[0])
    assert not site.exists()


def test_a_change_to_any_stages_code_is_a_new_code_version(tmp_path: Path) -> None:
    """The code's digest keys every output and cache entry: a change in a sub-package (a view, the
    loader) must change it, or a build after an upgrade would keep pages the old code made."""
    package = tmp_path / "councilprofiles"
    shutil.copytree(Path(fingerprint.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint.package_digest(package)
    views = package / "render" / "views" / "council.py"
    views.write_text(views.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fingerprint.package_digest(package) != before
    views.rename(package / "render" / "moved.py")
    changed = fingerprint.package_digest(package)
    (package / "render" / "moved.py").rename(views)
    assert fingerprint.package_digest(package) != changed  # the same code in another place
