"""A YAML mistake is reported where the editor must fix it, with what to do, on a real file.

PyYAML reports where reading failed, which for an unclosed quotation mark is the next
quotation mark in the file (a hundred lines on) and for a pasted non-breaking space is a
parser's message. Each case breaks a copy of Wokingham's council.yaml as an editor might.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, run_cli

WOKINGHAM = ROOT / "content/councils/wokingham/council.yaml"


@pytest.fixture
def wokingham(content: Path) -> Path:
    """The fixture content with the real Wokingham file added (its neighbours dropped, which
    the fixture does not have)."""
    folder = content / "councils/wokingham"
    folder.mkdir()
    shutil.copy(WOKINGHAM, folder / "council.yaml")
    return folder / "council.yaml"


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line starting with `start`."""
    return next(number for number, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def first_error(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--content", str(path.parents[2]), cwd=path.parents[3])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stdout.splitlines()[0]


def test_unclosed_quote_is_reported_where_it_opened(wokingham: Path) -> None:
    text = wokingham.read_text(encoding="utf-8")
    broken = text.replace("\nname: Wokingham\n", '\nname: "Wokingham\n', 1)
    line = line_of(broken, "name:")
    error = first_error(wokingham, broken)
    assert error.startswith(f"content/councils/wokingham/council.yaml:{line}:7: YAML syntax error: the quotation mark")
    assert "is not closed on this line" in error and 'Close it with " at the end of the value' in error


def test_quote_never_closed_is_reported_where_it_opened(wokingham: Path) -> None:
    text = wokingham.read_text(encoding="utf-8").replace('"', "“")  # no other double quote in the file
    broken = text.replace("\nname: Wokingham\n", '\nname: "Wokingham\n', 1)
    error = first_error(wokingham, broken)
    assert f":{line_of(broken, 'name:')}:7: YAML syntax error: the quotation mark" in error
    assert "is never closed" in error


def test_text_after_a_closing_quote(wokingham: Path) -> None:
    broken = wokingham.read_text(encoding="utf-8").replace("\nname: Wokingham\n", '\nname: "Wokingham" Borough\n', 1)
    error = first_error(wokingham, broken)
    assert f":{line_of(broken, 'name:')}:19: YAML syntax error: text follows the closing quotation mark" in error


def test_over_indented_key_is_named_with_the_column_to_use(wokingham: Path) -> None:
    text = wokingham.read_text(encoding="utf-8")
    broken = text.replace("\n    lead_inspector:", "\n      lead_inspector:", 1)
    line = line_of(broken, "      lead_inspector:")
    error = first_error(wokingham, broken)
    assert f"council.yaml:{line}:7: YAML syntax error: this line is indented more than line {line - 1}" in error
    assert "If 'lead_inspector' is a key of its own, line it up under" in error and "(column 5)" in error
    assert "put the whole value in quotes" in error  # the other reading: more text of the line above


def test_under_indented_key_is_named_with_the_column_to_use(wokingham: Path) -> None:
    broken = wokingham.read_text(encoding="utf-8").replace("\n    lead_inspector:", "\n   lead_inspector:", 1)
    error = first_error(wokingham, broken)
    assert f":{line_of(broken, '   lead_inspector:')}:4: YAML syntax error: this line is indented less" in error
    assert "(column 5)" in error


def test_colon_inside_a_value_keeps_its_hint(wokingham: Path) -> None:
    broken = wokingham.read_text(encoding="utf-8").replace("\nname: Wokingham\n", "\nname: Wokingham: a borough\n", 1)
    error = first_error(wokingham, broken)
    assert "If the text contains ': ', put the whole value in quotes" in error


@pytest.mark.parametrize(
    ("pasted", "column"),
    [
        ("\n\u00a0   lead_inspector:", 1),  # as indentation
        ("\n    lead_inspector:\u00a0", 20),  # after the colon
    ],
)
def test_non_breaking_space_is_named_where_it_stands(wokingham: Path, pasted: str, column: int) -> None:
    broken = wokingham.read_text(encoding="utf-8").replace("\n    lead_inspector: ", pasted, 1)
    line = next(n for n, text in enumerate(broken.split("\n"), 1) if "\u00a0" in text)
    error = first_error(wokingham, broken)
    assert error.startswith(f"content/councils/wokingham/council.yaml:{line}:{column}: YAML syntax error: ")
    assert "a non-breaking space (U+00A0) stands here, where YAML needs an ordinary space" in error


def test_raw_control_character_is_reported_at_its_line_and_column(wokingham: Path) -> None:
    text = wokingham.read_text(encoding="utf-8")
    line = line_of(text, "    lead_inspector:")
    broken = text.replace("\n    lead_inspector: ", "\n    lead_inspector: \x0b", 1)
    error = first_error(wokingham, broken)
    expected = f"content/councils/wokingham/council.yaml:{line}:21: an invisible control character (U+000B)"
    assert error.startswith(expected)


def test_tab_keeps_its_hint(wokingham: Path) -> None:
    broken = wokingham.read_text(encoding="utf-8").replace("\n    lead_inspector:", "\n\tlead_inspector:", 1)
    assert "Indent with spaces, never tabs" in first_error(wokingham, broken)
