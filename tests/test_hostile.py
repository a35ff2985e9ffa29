"""The hostile-input corpus (tests/hostile/): every case fails cleanly or renders inert."""

from __future__ import annotations

import atexit
import csv
import errno
import functools
import hashlib
import io
import os
import re
import resource
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page
from support import ROOT

from councilprofiles.cli import main
from councilprofiles.load.checks import PAGE_IDS

HOSTILE = ROOT / "tests" / "hostile"
CASES = sorted(path.name for path in (HOSTILE / "cases").iterdir() if path.is_dir())
EXPECTED = {case: (HOSTILE / "cases" / case / "expected.txt").read_text(encoding="utf-8").strip() for case in CASES}
BUILDS = [case for case in CASES if EXPECTED[case] in ("inert", "builds")]
MEMORY_LIMIT = 2 * 1024**3
TIME_LIMIT = 60
# What must never reach a terminal or a CI log raw: control characters (ESC runs terminal
# commands, a newline forges a line) and bidirectional overrides (which reverse what follows).
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUTPUT_LIMIT = 64 * 1024  # a message quoting a huge value is shortened, not printed whole


class RiskyMarkup(HTMLParser):
    """Collects every element or attribute that could run script, as the browser parses the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "form"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under `folder` by how it stands (kind, size, time), read without opening any:
    content may hold pipes and unreadable files here."""
    found = {}
    for root, folders, names in os.walk(folder):
        for name in [*folders, *names]:
            status = os.lstat(os.path.join(root, name))
            found[os.path.join(root, name)] = (status.st_mode, status.st_size, status.st_mtime_ns)
    return found


def limited() -> None:
    """In the child: cap its memory, so a bomb fails the test instead of the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(content),
            "--output",
            str(output),
            "--templates",
            str(ROOT / "templates"),
            "--static",
            str(ROOT / "static"),
        ],
        cwd=content.parent,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limited,
    )


@functools.cache
def base_site() -> Path:
    """The last good site, built from base/ once for the session (each case gets a copy)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-base-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copytree(HOSTILE / "base", folder / "content")
    result = run_build(folder / "content", folder / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


def prepare(case: str, tmp_path: Path) -> tuple[Path, Path]:
    """Base content with the case laid over it, and a last good site built from the base."""
    content = tmp_path / "content"
    shutil.copytree(HOSTILE / "base", content)
    site = tmp_path / "site"
    shutil.copytree(base_site(), site, symlinks=True)
    overlay = HOSTILE / "cases" / case / "content"
    if overlay.exists():
        for path in sorted(overlay.rglob("*")):
            target = content / path.relative_to(overlay)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif path.name == "DELETE":
                for name in path.read_text(encoding="utf-8").split():
                    (target.parent / name).unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    return content, site


def assert_fails_cleanly(content: Path, site: Path, expected: str) -> None:
    """Exit 1, each line of `expected` in the output (`file:line:column: message`), no traceback,
    nothing raw that a terminal would obey, and site/ and content/ as they were."""
    before, content_before = digest(site), listing(content)
    result = run_build(content, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for line in expected.strip().splitlines():
        assert f"content/{line}" in output, output
    assert not RAW_CONTROLS.search(output), ascii(output)
    assert len(output) < OUTPUT_LIMIT
    assert digest(site) == before
    assert listing(content) == content_before


@pytest.mark.parametrize("case", [c for c in CASES if c not in BUILDS])
def test_bad_content_fails_with_its_message_and_leaves_the_site(case: str, tmp_path: Path) -> None:
    content, site = prepare(case, tmp_path)
    assert_fails_cleanly(content, site, EXPECTED[case])


def test_a_20_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    path = content / "councils/testby/profile.md"
    with path.open("w", encoding="utf-8") as handle:
        line = "A line of narrative that goes on and on. " * 10 + "\n"
        while handle.tell() < 20 * 1024**2:
            handle.write(line)
    assert_fails_cleanly(content, site, "councils/testby/profile.md:1:1: the file is 20")


def test_a_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("## Not for publishing\n", encoding="utf-8")
    path = content / "councils/testby/profile.md"
    path.unlink()
    path.symlink_to(secret)
    assert_fails_cleanly(content, site, "councils/testby/profile.md:1:1: this is a link to a file outside content/")


COUNCIL = "councils/testby/council.yaml"
PROFILE = "councils/testby/profile.md"


def replace_with(make: Callable[[Path], None], relative: str) -> Callable[[Path], None]:
    """Remove the file at `relative` and make something else there."""

    def made(content: Path) -> None:
        path = content / relative
        path.unlink()
        make(path)

    return made


def bind_socket(path: Path) -> None:
    """A Unix socket at `path`, bound from its folder (a socket's path may hold only ~100 bytes)."""
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path.name)
        listener.close()
    finally:
        os.chdir(here)


def new_folder(name: str | bytes) -> Callable[[Path], None]:
    """A council folder named `name` (which may not be text), holding a copy of testby's facts."""

    def made(content: Path) -> None:
        councils = os.fsencode(content / "councils")
        folder = os.path.join(councils, os.fsencode(name))
        os.mkdir(folder)
        shutil.copyfile(content / COUNCIL, os.path.join(folder, b"council.yaml"))

    return made


def councils_is_a_file(content: Path) -> None:
    shutil.rmtree(content / "councils")
    (content / "councils").write_text("not a folder\n", encoding="utf-8")


def councils_linked_outside(content: Path) -> None:
    outside = content.parent / "outside"
    shutil.move(content / "councils", outside)
    (content / "councils").symlink_to(outside)


def councils_link_loop(content: Path) -> None:
    shutil.rmtree(content / "councils")
    (content / "councils").symlink_to("councils")


def linked_folder(content: Path) -> None:
    shutil.copytree(content / "councils/testby", content / "elsewhere")
    (content / "councils/linkby").symlink_to("../elsewhere")


# Things that cannot be committed (pipes, devices, sockets, links that loop, names that are not
# text): each made at test time, each a positioned error in bounded time, never opened.
SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder-named-council-yaml": (
        replace_with(Path.mkdir, COUNCIL),
        f"{COUNCIL}:1:1: this is a folder, not a file: content must be plain text files",
    ),
    "folder-named-profile-md": (replace_with(Path.mkdir, PROFILE), f"{PROFILE}:1:1: this is a folder, not a file"),
    "folder-named-site-yaml": (replace_with(Path.mkdir, "site.yaml"), "site.yaml:1:1: this is a folder, not a file"),
    "fifo-profile-md": (replace_with(os.mkfifo, PROFILE), f"{PROFILE}:1:1: this is a named pipe (FIFO), not a file"),
    "fifo-council-yaml": (replace_with(os.mkfifo, COUNCIL), f"{COUNCIL}:1:1: this is a named pipe (FIFO), not a file"),
    "fifo-site-yaml": (replace_with(os.mkfifo, "site.yaml"), "site.yaml:1:1: this is a named pipe (FIFO)"),
    "fifo-stray": (
        lambda content: os.mkfifo(content / "councils/testby/notes"),
        "councils/testby/notes:1:1: unexpected file in a council folder",
    ),
    "socket-profile-md": (replace_with(bind_socket, PROFILE), f"{PROFILE}:1:1: this is a socket, not a file"),
    "link-to-itself": (
        replace_with(lambda path: path.symlink_to(path.name), PROFILE),
        f"{PROFILE}:1:1: this link leads round in a loop",
    ),
    "link-loop": (
        replace_with(lambda path: (path.symlink_to(".loop"), (path.parent / ".loop").symlink_to(path.name)), PROFILE),
        f"{PROFILE}:1:1: this link leads round in a loop",
    ),
    "council-link-to-itself": (
        replace_with(lambda path: path.symlink_to(path.name), COUNCIL),
        f"{COUNCIL}:1:1: this link leads round in a loop",
    ),
    "dangling-link": (
        replace_with(lambda path: path.symlink_to("missing.md"), PROFILE),
        f"{PROFILE}:1:1: this is a link to a file that does not exist",
    ),
    "link-to-its-folder": (
        replace_with(lambda path: path.symlink_to("."), PROFILE),
        f"{PROFILE}:1:1: this is a folder, not a file",
    ),
    "link-to-a-device": (
        replace_with(lambda path: path.symlink_to("/dev/zero"), PROFILE),
        f"{PROFILE}:1:1: this is a link to a file outside content/",
    ),
    "linked-council-folder": (linked_folder, "councils/linkby:1:1: this is a link, not a folder"),
    "councils-is-a-file": (councils_is_a_file, "councils:1:1: this is not a folder"),
    "councils-link-loop": (councils_link_loop, "councils:1:1: this is not a folder"),
    "councils-linked-outside": (
        councils_linked_outside,
        f"{COUNCIL}:1:1: this file is outside content/, through a linked folder: copy the folder in instead",
    ),
    "slug-newline": (new_folder("evil\n"), "councils/evil\\n:1:1: the folder name 'evil\\n' is used in web addresses"),
    "slug-escape-sequence": (
        new_folder("evil\x1b[2J"),
        "councils/evil\\x1b[2J:1:1: the folder name 'evil\\x1b[2J' is used in web addresses",
    ),
    "slug-trailing-space": (new_folder("testby2 "), "councils/testby2 :1:1: the folder name 'testby2 '"),
    "slug-not-utf8": (
        new_folder(b"caf\xe9"),
        "councils/caf\\udce9:1:1: the folder name 'caf\\udce9' is used in web addresses, so it must be",
    ),
    "slug-bidi-override": (new_folder("evil\u202eby"), "councils/evil\\u202eby:1:1: the folder name"),
}
if os.geteuid() == 0:  # only root may make a device; the mocked test below covers everyone else
    SPECIAL["device-council-yaml"] = (
        replace_with(lambda path: os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5)), COUNCIL),
        f"{COUNCIL}:1:1: this is a character device, not a file",
    )
else:  # root reads any file; the mocked test below covers root
    SPECIAL["unreadable-file"] = (
        lambda content: (content / PROFILE).chmod(0),
        f"{PROFILE}:1:1: you do not have permission to read this file",
    )
    SPECIAL["unreadable-folder"] = (
        lambda content: (content / "councils/testby").chmod(0),
        "councils/testby:1:1: you do not have permission to read this file",
    )


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_files_are_refused_without_being_opened(name: str, tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    make, expected = SPECIAL[name]
    make(content)
    try:
        assert_fails_cleanly(content, site, expected)
    finally:
        for root, folders, _ in os.walk(content):  # let pytest remove what was made unreadable
            for folder in folders:
                os.chmod(os.path.join(root, folder), 0o755)


def many_paragraphs_with_unclosed_brackets() -> str:
    return "".join(f"[[ Paragraph {i}: " + "word " * 150 + "\n\n" for i in range(150))


# Cases too big to commit, generated: (file, its text, what the build says).
GENERATED: dict[str, tuple[str, Callable[[], str], str]] = {
    "markdown-too-long": (
        PROFILE,
        lambda: "## Story\n\n" + ("A sentence of the story, told at length. " * 20 + "\n\n") * 400,
        f"{PROFILE}:1:1: the narrative is 321 KB, over the 128 KB limit for a profile",
    ),
    "markdown-many-headings": (PROFILE, lambda: "## a\n\n" * 20000, f"{PROFILE}:1001:1: more than 500 headings"),
    "markdown-unclosed-brackets": (
        PROFILE,
        many_paragraphs_with_unclosed_brackets,
        f"{PROFILE}:1:1: this '[' is never closed with ']' in its paragraph, and the narrative has 300 such",
    ),
    "text-huge-key": (
        COUNCIL,
        lambda: (HOSTILE / "base" / COUNCIL).read_text(encoding="utf-8") + "? " + "k" * 500_000 + "\n: x\n",
        f"{COUNCIL}:18:3: unknown key 'kkkk",
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_hostile_content_is_refused_quickly(name: str, tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    relative, text, expected = GENERATED[name]
    (content / relative).write_text(text(), encoding="utf-8")
    assert_fails_cleanly(content, site, expected)


def in_process_check(content: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_an_unreadable_file_is_a_positioned_error_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads any file, so a permission error is made at the operating system's door."""
    content = tmp_path / "content"
    shutil.copytree(HOSTILE / "base", content)
    denied = str(content / PROFILE)
    real_open = os.open

    def refusing_open(path: object, *args: object, **kwargs: object) -> int:
        if os.fspath(path) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", denied)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    code, output = in_process_check(content)
    assert code == 1
    assert f"{PROFILE}:1:1: you do not have permission to read this file: make it readable" in output


def test_an_unreadable_folder_is_a_positioned_error_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(HOSTILE / "base", content)
    denied = str(content / "councils/testby")
    real_listdir = os.listdir

    def refusing_listdir(path: object = ".") -> list[str]:
        if os.fspath(path) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", denied)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refusing_listdir)
    code, output = in_process_check(content)
    assert code == 1
    assert "councils/testby:1:1: you do not have permission to read this file" in output


def test_a_device_is_never_opened_even_where_none_can_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character device seen through the operating system's eyes: opening /dev/zero reads for ever."""
    content = tmp_path / "content"
    shutil.copytree(HOSTILE / "base", content)
    device = str(content / COUNCIL)
    real_stat, real_open = os.stat, os.open

    def device_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)
        if os.fspath(path) != device:
            return found
        return os.stat_result((stat.S_IFCHR | 0o644, *tuple(found)[1:]))

    def never_open(path: object, *args: object, **kwargs: object) -> int:
        assert os.fspath(path) != device, "the device was opened"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", device_stat)
    monkeypatch.setattr(os, "open", never_open)
    code, output = in_process_check(content)
    assert code == 1
    assert f"{COUNCIL}:1:1: this is a character device, not a file" in output


def test_council_without_profile_is_a_council_without_a_story(tmp_path: Path) -> None:
    content, site = prepare("none", tmp_path)
    (content / "councils/testby/profile.md").unlink()
    assert run_build(content, site).returncode == 0
    assert "Not yet written" in (site / "councils/testby/index.html").read_text(encoding="utf-8")


class Ids(HTMLParser):
    """Every id on a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value or "" for name, value in attrs if name == "id")


def page_ids(page: Path) -> list[str]:
    parser = Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("case", BUILDS)
def test_content_that_builds_makes_well_formed_outputs(case: str, tmp_path: Path) -> None:
    """Whatever text the content holds: every feed is well-formed XML, no page repeats an id (the
    skip link, the contents and permalinks lead where they say), and no CSV cell is a formula."""
    content, site = prepare(case, tmp_path)
    result = run_build(content, site)
    assert result.returncode == 0, result.stdout + result.stderr
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) >= 2
    for feed in feeds:
        ET.parse(feed)  # raises on a character XML 1.0 cannot hold, or anything else ill-formed
    for page in sorted(site.rglob("*.html")):
        ids = page_ids(page)
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))
    rows = list(csv.reader(io.StringIO((site / "data/inspections.csv").read_text(encoding="utf-8"))))
    assert len(rows) > 1
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []


def test_tricky_content_is_shown_as_written(tmp_path: Path) -> None:
    content, site = prepare("tricky-but-valid", tmp_path)
    assert run_build(content, site).returncode == 0
    rows = list(csv.DictReader(io.StringIO((site / "data/inspections.csv").read_text(encoding="utf-8"))))
    cells = {row["inspection_id"]: row for row in rows}
    assert cells["ilacs-2019"]["lead_inspector"] == "'=cmd|' /C calc'!A0"  # OWASP: shown as text, not run
    assert cells["visit"]["council"] == "'=Formulaby"
    page = site / "councils/testby/index.html"
    ids = page_ids(page)
    assert "main" in ids and ids.count("main") == 1  # the skip link's target is the page's own
    assert {"narrative-main", "narrative-sources", "narrative-timeline", "narrative-two-words"} <= set(ids)
    html = page.read_text(encoding="utf-8")
    assert "Testby &amp; Sons &lt;Borough&gt;" in html


def test_the_page_ids_an_entry_may_not_take_are_those_the_page_uses(tmp_path: Path) -> None:
    """PAGE_IDS (which inspection and milestone ids may not be) is every id a council page gives its
    own parts: an id on the page that is neither one of them nor made from the content fails this."""
    content, site = prepare("inert-markup", tmp_path)
    assert run_build(content, site).returncode == 0
    ids = set(page_ids(site / "councils/testby/index.html"))
    made_from_content = {
        i
        for i in ids
        if i.startswith(("narrative-", "source-")) or i.removesuffix("-title") in {"ilacs-2019", "focused", "event"}
    }
    assert ids - made_from_content <= PAGE_IDS
    assert {"main", "sources", "timeline", "contents-title"} <= ids - made_from_content


def test_injected_markup_is_inert_in_a_real_browser(tmp_path: Path, page: Page) -> None:
    content, site = prepare("inert-markup", tmp_path)
    result = run_build(content, site)
    assert result.returncode == 0, result.stdout + result.stderr
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted(site.rglob("*.html")):
        page.goto(path.as_uri())
        page.wait_for_timeout(100)  # let any onload or inline script run, if one had survived
    council = (site / "councils/testby/index.html").as_uri()
    page.goto(council)
    clickable = "section.narrative a, section.narrative button, section.narrative div"
    count = page.locator(clickable).count()
    assert count >= 3  # the injected links and the div that had an onclick are there, as inert text
    for index in range(count):
        page.goto(council)
        try:
            page.locator(clickable).nth(index).click(timeout=1000)
            page.wait_for_timeout(50)
        except Exception:  # noqa: BLE001 - a link leaving the page or a hidden element: no script ran
            pass
    assert dialogs == []
    html = (site / "councils/testby/index.html").read_text(encoding="utf-8")
    risky = RiskyMarkup()
    risky.feed(html)
    assert risky.found == []
    assert "&lt;script&gt;alert" in html  # shown as text, not run
