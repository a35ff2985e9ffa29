"""Writing the site (councilprofiles/write/site.py), in-process: the new site replaces the old all at
once or not at all, holds exactly the files rendered, and reuses what the last build wrote unchanged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from support import inodes, tree_digest

import councilprofiles.write.site as write
from councilprofiles.fingerprint import digest
from councilprofiles.render.outputs import Keys, Output
from councilprofiles.write.site import Derived, write_site

OLD_SITE = {"index.html": b"<p>old home</p>", "councils/northby/index.html": b"<p>old Northby</p>"}
NEW_SITE = {
    "index.html": b"<p>home</p>",
    "councils/northby/index.html": b"<p>Northby</p>",
    "councils/southby/index.html": b"<p>Southby</p>",
}


class InputKeys:
    """Each file's key from what it is made from (here, its bytes) without making it, as the
    renderer's keys are worked out from the content, templates and code."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def key(self, path: str, councils: frozenset[str] | None) -> str:
        return digest(path, self.files[path])


class Maker:
    """Rendered outputs whose `make` counts its calls: a file reused from the last build is not made."""

    def __init__(self) -> None:
        self.made: Counter[str] = Counter()

    def outputs(self, files: dict[str, bytes]) -> list[Output]:
        keys = cast(Keys, InputKeys(files))
        return [Output(path, self.make_for(path, data), keys=keys) for path, data in files.items()]

    def make_for(self, path: str, data: bytes) -> Callable[[], bytes]:
        def make() -> bytes:
            self.made[path] += 1
            return data

        return make


def failing(path: str) -> Output:
    """An output whose rendering fails once writing has begun (its key is known without it)."""

    def make() -> bytes:
        raise RuntimeError(f"rendering {path} failed")

    return Output(path, make, keys=cast(Keys, InputKeys({path: b""})))


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def beside(site: Path) -> list[str]:
    """What stands beside the site in its parent folder: a half-written one would show here."""
    return sorted(path.name for path in site.parent.iterdir() if path != site)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site written once, without a cache: the old site a new build replaces."""
    output = tmp_path / "public" / "site"
    write_site(Maker().outputs(OLD_SITE), output)
    return output


def test_the_site_holds_exactly_the_files_rendered_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    output = tmp_path / "public" / "site"
    report = write_site(Maker().outputs(NEW_SITE), output)
    assert files_of(output) == NEW_SITE
    assert report.made == len(NEW_SITE)
    assert beside(output) == []


def test_a_new_site_replaces_the_old_and_its_stale_files_go(site: Path) -> None:
    (site / "stray.html").write_text("added by hand", encoding="utf-8")
    write_site(Maker().outputs(NEW_SITE), site)
    assert files_of(site) == NEW_SITE  # the old pages replaced, the stray file gone
    assert beside(site) == []


def test_a_write_that_fails_leaves_the_old_site_as_it_was(site: Path) -> None:
    before = tree_digest(site)
    outputs = [*Maker().outputs(NEW_SITE), failing("councils/westby/index.html")]
    with pytest.raises(RuntimeError, match="westby"):
        write_site(outputs, site)
    assert tree_digest(site) == before
    assert beside(site) == []  # the staged half of the new site is removed


def test_a_derived_folder_that_fails_leaves_the_old_site_as_it_was(site: Path) -> None:
    def index(staging: Path, sources: Path) -> None:
        (staging / "search").mkdir()
        (staging / "search/index.json").write_text("{}", encoding="utf-8")
        raise RuntimeError("the search index failed")

    before = tree_digest(site)
    with pytest.raises(RuntimeError, match="search index"):
        write_site(Maker().outputs(NEW_SITE), site, derived=[Derived("search", "key-1", index)])
    assert tree_digest(site) == before
    assert beside(site) == []


def test_a_derived_folder_is_made_from_the_staged_pages_and_swapped_in_with_them(tmp_path: Path) -> None:
    def index(staging: Path, sources: Path) -> None:
        pages = sorted(path.relative_to(sources).as_posix() for path in sources.rglob("*.html"))
        (staging / "search").mkdir()
        (staging / "search/pages.txt").write_text("\n".join(pages), encoding="utf-8")

    output = tmp_path / "site"
    profiles = ("councils/northby/index.html", "councils/southby/index.html")
    write_site(Maker().outputs(NEW_SITE), output, derived=[Derived("search", "key-1", index, profiles)])
    assert (output / "search/pages.txt").read_text(encoding="utf-8") == "\n".join(profiles)
    assert set(files_of(output)) == {*NEW_SITE, "search/pages.txt"}  # its sources' folder is not left in the site


def test_without_an_atomic_exchange_the_old_site_is_moved_aside_then_removed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    write_site(Maker().outputs(NEW_SITE), site)
    assert files_of(site) == NEW_SITE
    assert beside(site) == []


def test_a_killed_builds_leftovers_are_cleared_and_a_site_moved_aside_is_put_back(site: Path) -> None:
    staged = site.parent / f"{write.STAGING_PREFIX}{site.name}-killed"
    staged.mkdir()
    (staged / "index.html").write_text("half written", encoding="utf-8")
    before = tree_digest(site)
    site.rename(site.parent / f"{write.RETIRED_PREFIX}{site.name}-12345")  # killed between its two renames
    write.clear_leftovers(site)
    assert tree_digest(site) == before
    assert beside(site) == []


def test_an_unchanged_site_is_left_alone_and_nothing_is_made(tmp_path: Path) -> None:
    output, cache, maker = tmp_path / "site", tmp_path / "cache", Maker()
    write_site(maker.outputs(NEW_SITE), output, cache=cache, inputs="inputs-1")
    before = inodes(output)
    again = Maker()
    report = write_site(again.outputs(NEW_SITE), output, cache=cache, inputs="inputs-1")
    assert report.up_to_date and report.made == 0
    assert not again.made
    assert inodes(output) == before
    assert write.current_site(output, cache, "inputs-1") is not None
    assert write.current_site(output, cache, "inputs-2") is None  # built from other inputs


def test_only_a_changed_file_is_made_again_the_rest_are_linked_from_the_last_build(tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    write_site(Maker().outputs(NEW_SITE), output, cache=cache)
    before = inodes(output)
    edited, again = {**NEW_SITE, "councils/northby/index.html": b"<p>Northby Borough</p>"}, Maker()
    report = write_site(again.outputs(edited), output, cache=cache)
    assert report.made == 1 and set(again.made) == {"councils/northby/index.html"}
    assert files_of(output) == edited
    after = inodes(output)
    assert after["councils/northby/index.html"] != before["councils/northby/index.html"]
    assert {path: after[path] for path in after if "northby" not in path} == {
        path: before[path] for path in before if "northby" not in path
    }


def test_a_file_changed_in_the_site_by_hand_is_made_again(tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    write_site(Maker().outputs(NEW_SITE), output, cache=cache)
    (output / "index.html").write_bytes(b"<p>HOME</p>")  # the same size: its bytes tell it apart
    again = Maker()
    write_site(again.outputs(NEW_SITE), output, cache=cache)
    assert set(again.made) == {"index.html"}
    assert files_of(output) == NEW_SITE


def test_a_site_restored_elsewhere_is_reused_where_its_bytes_are_those_recorded(tmp_path: Path) -> None:
    """CI restores the site and its cache onto a fresh checkout: every inode differs, the bytes do not."""
    output, cache = tmp_path / "site", tmp_path / "cache"
    write_site(Maker().outputs(NEW_SITE), output, cache=cache)
    restored = tmp_path / "restored"
    restored.mkdir()
    for path, data in files_of(output).items():
        (restored / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (restored / "site" / path).write_bytes(data)
    (restored / "cache").mkdir()
    (restored / "cache" / write.Manifest.path(cache, output).name).write_bytes(
        write.Manifest.path(cache, output).read_bytes()
    )
    again = Maker()
    report = write_site(again.outputs(NEW_SITE), restored / "site", cache=restored / "cache")
    assert report.up_to_date and not again.made


def test_a_damaged_manifest_makes_everything_afresh(tmp_path: Path) -> None:
    output, cache = tmp_path / "site", tmp_path / "cache"
    write_site(Maker().outputs(NEW_SITE), output, cache=cache)
    write.Manifest.path(cache, output).write_text('{"version": 3, "files": [', encoding="utf-8")
    again = Maker()
    report = write_site(again.outputs(NEW_SITE), output, cache=cache)
    assert report.made == len(NEW_SITE) and set(again.made) == set(NEW_SITE)
    assert files_of(output) == NEW_SITE


def test_files_made_by_worker_processes_are_the_files_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"councils/council-{number}/index.html": f"<p>{number}</p>".encode() for number in range(40)}
    files["index.html"] = b"<p>every council</p>"
    monkeypatch.setattr(write, "PARALLEL_MINIMUM", 10)
    write_site(Maker().outputs(files), tmp_path / "in-workers", workers=2)
    write_site(Maker().outputs(files), tmp_path / "here", workers=1)
    assert files_of(tmp_path / "in-workers") == files_of(tmp_path / "here") == files
