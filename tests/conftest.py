"""Shared fixtures (the fixture content, the sites built once, the browser) and the tiers' rules.

The tiers are folders: `tests/unit/` is the fast tier (in-process: a test there that starts a
program, or spends over `FAST_TIER_CPU_SECONDS`, fails, saying so); `tests/content/` is the content
tier (every test there is marked `content`, and no test elsewhere may be); `tests/browser/` and
the rest of `tests/` test the generator end to end. Helpers test files share are in support.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import FIXTURE_CONTENT, ROOT, build, tree_digest

from councilprofiles.load.councils import load_content
from councilprofiles.model import Content
from councilprofiles.review.site_check import CHROMIUM, CHROMIUM_ARGS

TESTS = Path(__file__).resolve().parent
FAST_TIER = TESTS / "unit"
CONTENT_TIER = TESTS / "content"
# A fast-tier test's own setup or run, in seconds of this process's CPU time (not the clock's, which
# a machine busy with other work stretches): the slowest today (reading every fixture report) take 1.2.
FAST_TIER_CPU_SECONDS = 3.0
CPU_SECONDS = pytest.StashKey[dict[str, float]]()


def in_tier(item: pytest.Item, folder: Path) -> bool:
    return item.path.is_relative_to(folder)


def pytest_itemcollected(item: pytest.Item) -> None:
    """The content tier is its folder: `-m content` selects it, and a test marked `content`
    elsewhere is a test in the wrong folder."""
    if in_tier(item, CONTENT_TIER):
        item.add_marker(pytest.mark.content)
    elif item.get_closest_marker("content"):
        raise pytest.UsageError(f"{item.nodeid} is marked content: content tests live in tests/content/")


class FastTierError(AssertionError):
    """A fast-tier test did what the fast tier does not: start a program."""


@contextmanager
def no_programs(item: pytest.Item) -> Iterator[None]:
    """Refuse every way of starting a program (build.py, git, Pagefind, a browser's driver)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise FastTierError(
            f"{item.nodeid} starts a program ({args[1] if len(args) > 1 else args[0]!r}): tests/unit/ is the"
            " fast tier, in-process only; a test that runs build.py, git, Pagefind or a browser goes in tests/"
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", refuse)
        for name in ("system", "posix_spawn", "posix_spawnp", "execv", "execve", "execvp"):
            patch.setattr(os, name, refuse)
        yield


@contextmanager
def tier_rules(item: pytest.Item, when: str) -> Iterator[None]:
    """In the fast tier: no program started, and the CPU time spent recorded for the report."""
    if not in_tier(item, FAST_TIER):
        yield
        return
    started = time.process_time()
    try:
        with no_programs(item):
            yield
    finally:
        item.stash.setdefault(CPU_SECONDS, {})[when] = time.process_time() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with tier_rules(item, "setup"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with tier_rules(item, "call"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    with tier_rules(item, "teardown"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """A fast-tier test that passes but works too long fails: slow tests go in tests/."""
    report: pytest.TestReport = yield
    spent = item.stash.get(CPU_SECONDS, {}).get(report.when, 0.0)
    if report.passed and spent > FAST_TIER_CPU_SECONDS:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid}: its {report.when} spent {spent:.1f} s of CPU; a fast-tier test (tests/unit/) spends at"
            f" most {FAST_TIER_CPU_SECONDS:.0f}, so the tier stays under a minute: a slower test goes in tests/"
        )
    return report


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, for tests that break it."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@contextmanager
def left_as_built(site: Path) -> Iterator[Path]:
    """A site every test reads and none may change: changed, the run fails at its end, naming it."""
    before = tree_digest(site)
    yield site
    changed = sorted(path for path, digest in tree_digest(site).items() ^ before.items())
    assert not changed, f"a test changed the shared site {site}: {changed[:5]} (a test that changes one builds its own)"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture content's site, built once (as `build.py build` does) into a `profiles/` folder,
    the path it is published at; for reading only."""
    output = tmp_path_factory.mktemp("fixture") / "profiles"
    build(FIXTURE_CONTENT, output)
    with left_as_built(output):
        yield output


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real content's site, built once into a `profiles/` folder; for reading only."""
    output = tmp_path_factory.mktemp("real") / "profiles"
    build(ROOT / "content", output)
    with left_as_built(output):
        yield output


@pytest.fixture(scope="session")
def real_content() -> Content:
    """The real content, loaded once; for reading only."""
    return load_content(ROOT / "content")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """Debian's Chromium, with the flags this sandboxed, offline machine needs."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
