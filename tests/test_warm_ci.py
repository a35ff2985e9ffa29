"""CI's warm builds: the site and build cache of an earlier run, restored onto a fresh checkout
(every file new, with new modification times and inodes), make the next build remake only what
its change touches; and whatever in them does not match is made again, never trusted. In every
case the site is byte for byte the one a build with `--no-cache` makes.

Each checkout here is the real content, templates and static files copied into a folder of its
own and built from there, as CI builds from its checkout; `restore` puts back what CI's cache
step saved, as `actions/cache` does (files unpacked from a tar: their times kept, new inodes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import ROOT, inodes, replace_once, run_cli, tree_digest

import councilprofiles.write.site as write
from councilprofiles.load.councils import load_content
from councilprofiles.pipeline import CACHE_FOLDER, Project, build_site
from councilprofiles.render.outputs import render_site
from councilprofiles.render.search_index import index_shards, is_profile_page

CHECKED_OUT = ("content", "templates", "static")
EDITED = "barnet"  # listed as a statistical neighbour on other councils' pages


def checkout(folder: Path) -> Path:
    """The repository's files as a fresh checkout has them: copied, not their times."""
    for name in CHECKED_OUT:
        shutil.copytree(ROOT / name, folder / name, copy_function=shutil.copyfile)
    return folder


def restore(saved: Path, folder: Path, names: tuple[str, ...] = (CACHE_FOLDER, "site")) -> None:
    """What CI's cache step restores: the folders as saved, times kept, every file a new inode."""
    for name in names:
        shutil.copytree(saved / name, folder / name)


def build_in(folder: Path, *arguments: str) -> str:
    """`build.py build` run from the checkout, as CI runs it; what it printed."""
    result = run_cli("build", *arguments, cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An earlier run's checkout, built with the cache: what CI's cache step saves."""
    folder = checkout(tmp_path_factory.mktemp("earlier-run"))
    build_in(folder)
    return folder


@pytest.fixture(scope="module")
def cold(saved: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The unedited content's site built with no cache at all: what every build must equal."""
    folder = checkout(tmp_path_factory.mktemp("cold"))
    build_in(folder, "--no-cache")
    return tree_digest(folder / "site")


def shows_edited(folder: Path) -> tuple[set[str], str]:
    """The files that show the edited council (its own and every page listing it), and the folder
    of the search index holding its page."""
    content = load_content(folder / "content")
    outputs = render_site(content, folder / "templates", folder / "static")
    shards = index_shards([item.path for item in outputs if is_profile_page(item.path)])
    shard = next(name for name, pages in shards.items() if f"councils/{EDITED}/index.html" in pages)
    return {item.path for item in outputs if item.keys is not None and item.shows_any({EDITED})}, shard


def test_an_edit_on_a_fresh_checkout_remakes_only_what_shows_that_council(saved: Path, tmp_path: Path) -> None:
    folder = checkout(tmp_path / "checkout")
    restore(saved, folder)
    replace_once(
        folder / f"content/councils/{EDITED}/council.yaml",
        "website: https://barnet.gov.uk/",
        "website: https://www.barnet.gov.uk/",
    )
    before = inodes(folder / "site")
    printed = build_in(folder)
    after = inodes(folder / "site")
    remade = {path for path in after if after[path] != before.get(path)}

    showing, shard = shows_edited(folder)
    assert len(showing) < len(after) / 5  # a neighbour's page, not the whole site
    assert {path for path in remade if not path.startswith("pagefind")} == showing
    assert {path.split("/")[0] for path in remade if path.startswith("pagefind")} == {shard}
    assert f", {len(showing)} made" in printed
    assert "https://www.barnet.gov.uk/" in (folder / f"site/councils/{EDITED}/index.html").read_text()

    build_in(folder, "--no-cache", "--output", "cold")
    assert tree_digest(folder / "site") == tree_digest(folder / "cold")


def test_nothing_changed_on_a_fresh_checkout_is_found_once_by_the_bytes_then_at_once(
    saved: Path, cold: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun of a CI job: the restored site is found up to date by its files' bytes, and recorded
    where it now stands, so that the next build (an editor's own copy) reads no file to know it."""
    folder = checkout(tmp_path / "checkout")
    restore(saved, folder)
    monkeypatch.chdir(folder)  # positions and cache keys name files from where the build runs
    project = Project(cache=Path(CACHE_FOLDER))
    before = inodes(folder / "site")
    assert build_site(project).up_to_date
    assert inodes(folder / "site") == before
    digested: list[str] = []
    real = write.file_bytes_digest
    monkeypatch.setattr(write, "file_bytes_digest", lambda path: digested.append(str(path)) or real(path))
    assert build_site(project).up_to_date
    assert digested == []
    assert inodes(folder / "site") == before
    assert tree_digest(folder / "site") == cold


def test_a_restored_file_that_is_not_as_recorded_is_made_again(
    saved: Path, cold: dict[str, str], tmp_path: Path
) -> None:
    """A page edited in the restored site, its size and modification time as recorded, and a file
    of the search index from another run: each is made again, the rest kept."""
    folder = checkout(tmp_path / "checkout")
    restore(saved, folder)
    page = folder / "site/councils/wandsworth/index.html"
    status = page.stat()
    page.write_bytes(page.read_bytes().replace(b"Wandsworth", b"Wandswerth"))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert page.stat().st_size == status.st_size
    entry = folder / "site/pagefind/pagefind-entry.json"
    entry.write_bytes(entry.read_bytes().replace(b'"version"', b'"Version"'))
    before = inodes(folder / "site")
    printed = build_in(folder)
    after = inodes(folder / "site")
    remade = {path for path in after if after[path] != before.get(path)}
    assert "councils/wandsworth/index.html" in remade and "pagefind/pagefind-entry.json" in remade
    assert "councils/barnet/index.html" not in remade
    assert ", 1 made" in printed
    assert tree_digest(folder / "site") == cold


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.replace(b"Barnet", b"Barnot"), id="altered"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
    ],
)
def test_a_damaged_council_in_the_restored_cache_is_read_again(
    saved: Path, cold: dict[str, str], tmp_path: Path, damage: object
) -> None:
    """A council remembered in the cache whose entry is not the bytes written (altered in a way
    that still unpickles, or cut short) is read again from its files."""
    folder = checkout(tmp_path / "checkout")
    restore(saved, folder, names=(CACHE_FOLDER,))
    entries = [
        path for path in (folder / CACHE_FOLDER / "councils").glob("*/*.pickle") if b"Barnet" in path.read_bytes()
    ]
    assert entries
    for path in entries:
        path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    build_in(folder)
    assert "Barnot" not in (folder / "site/councils/barnet/index.html").read_text()
    assert tree_digest(folder / "site") == cold
