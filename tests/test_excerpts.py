"""Every problem shows the line it points at, with a caret under the column, as Hugo and Rust do:
in `check` and `build` for people, and on the preview's error page in the browser."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import Browser
from support import ROOT, run_cli

from councilprofiles.errors import ContentError, excerpts
from councilprofiles.serve.server import error_page

AXE = ROOT / "node_modules/axe-core/axe.min.js"


def break_region(content: Path) -> Path:
    north = content / "councils/northby/council.yaml"
    north.write_text(north.read_text().replace("region: North East", "region: North Est"), encoding="utf-8")
    return north


def test_check_shows_the_line_and_a_caret_under_the_column(content: Path) -> None:
    break_region(content)
    result = run_cli("check", "--content", "content", cwd=content.parent)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("content/councils/northby/council.yaml:3:9: 'North Est' is not a known region.")
    assert lines[1:3] == [
        "    3 | region: North Est",
        "      |         ^",
    ]
    assert lines[3] == "1 error in 1 file"


def test_tools_get_one_problem_per_line_without_excerpts(content: Path) -> None:
    break_region(content)
    as_json = json.loads(run_cli("check", "--content", "content", "--format", "json", cwd=content.parent).stdout)
    assert [item["line"] for item in as_json] == [3]
    github = run_cli("check", "--content", "content", "--format", "github", cwd=content.parent).stdout
    assert len(github.strip().splitlines()) == 1


def test_excerpt_is_read_when_shown_and_made_safe_to_print(tmp_path: Path) -> None:
    path = tmp_path / "council.yaml"
    path.write_text("name: x\nsummary: a\tb \x1b[31mred\u202e end\n", encoding="utf-8")
    (shown,) = excerpts([ContentError(str(path), 2, 19, "message")])
    assert shown is not None
    # The escape sequence and the direction override are named, not sent to the terminal.
    assert shown.lines() == [
        "    2 | summary: a    b ␛[31mred<U+202E> end",
        "      | " + " " * len("summary: a    b ␛[31m") + "^",  # under the r of 'red'
    ]
    path.write_text("changed\n", encoding="utf-8")
    (again,) = excerpts([ContentError(str(path), 1, 1, "message")])
    assert again is not None and again.text == "changed"


def test_excerpt_of_a_long_line_is_cut_around_the_column(tmp_path: Path) -> None:
    path = tmp_path / "council.yaml"
    path.write_text("summary: " + "word " * 100 + "mistake " + "word " * 100 + "\n", encoding="utf-8")
    column = path.read_text().index("mistake") + 1
    (shown,) = excerpts([ContentError(str(path), 1, column, "message")])
    assert shown is not None and shown.text.startswith("…") and shown.text.endswith("…")
    assert shown.text[shown.caret :].startswith("mistake")


def test_no_excerpt_from_anything_but_a_plain_text_file(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.md"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the page\n", encoding="utf-8")
    link = tmp_path / "council.yaml"
    link.symlink_to(outside)
    binary = tmp_path / "other.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    paths = [fifo, link, binary, tmp_path, tmp_path / "missing.yaml"]
    assert excerpts([ContentError(str(path), 1, 1, "m") for path in paths]) == [None] * len(paths)
    outside_line = excerpts([ContentError(str(outside), 9, 1, "m")])  # past the end
    assert outside_line == [None]


class Excerpts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.depth += 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def test_preview_error_page_shows_the_line_with_a_caret(content: Path, browser: Browser) -> None:
    north = break_region(content)
    errors = [ContentError(os.path.relpath(north), 3, 9, "'North Est' is not a known region.")]
    html = error_page(ROOT / "templates", errors).decode("utf-8")
    parser = Excerpts()
    parser.feed(html)
    assert parser.texts == ["3 | region: North Est\n  |         ^"]
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.set_content(html)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']},"
        " resultTypes: ['violations']})"
    )
    assert [violation["id"] for violation in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()
