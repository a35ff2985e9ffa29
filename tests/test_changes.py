"""`build.py changes`: what an editor's change does to the site, tested on real edits of the real
content. The base revision is the real content as it was before five edits an editor makes: a new
inspection for Wandsworth (its 2026 inspection), a grade corrected (Wokingham's 2019 leadership
grade), a typo in a quotation fixed (Wokingham's director), a council added (Rutland) and one
renamed and moved (Calderdale). Each edit is one commit; the head of them is the real content."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT, replace_once, run_cli

from councilprofiles.review.changes import MARKDOWN, TEXT, SiteChanges, compare_revisions, report

WANDSWORTH = "content/councils/wandsworth/council.yaml"
WOKINGHAM = "content/councils/wokingham/council.yaml"
WANDSWORTH_2026 = "  - id: ilacs-2026\n"  # its newest inspection, the last of its inspections
LEADERSHIP_2019 = """    published: 2019-07-15
    lead_inspector: Nigel Parkes
    judgements:
      overall_effectiveness: requires improvement to be good
      leadership: {}
"""
QUOTE = '"Our relentless focus must be on improving outcomes'
TYPO = '"Our relentles focus must be on improving outcomes'


def git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def newest_inspection(path: Path) -> str:
    """Wandsworth's 2026 inspection as the file has it, whatever it holds (its words from Ofsted's
    report came with a later import): from its id to the next top-level key."""
    text = path.read_text(encoding="utf-8")
    start = text.index(WANDSWORTH_2026)
    end = re.search(r"^\S", text[start:], re.M)
    assert end is not None
    return text[start : start + end.start()]


def commit(repository: Path, message: str) -> None:
    git(repository, "add", "-A")
    git(repository, "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-qm", message)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of the project's files as they are now, whose first commit is the real content
    before the five edits and whose following commits (tagged) make one edit each."""
    repository = tmp_path_factory.mktemp("repository")
    for name in git(ROOT, "ls-files").splitlines():
        source = ROOT / name
        if source.is_file():
            (repository / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repository / name)
    git(repository, "init", "-q", "-b", "main")
    replace_once(repository / WANDSWORTH, newest_inspection(repository / WANDSWORTH), "")
    replace_once(
        repository / WOKINGHAM,
        LEADERSHIP_2019.format("requires improvement to be good"),
        LEADERSHIP_2019.format("good"),
    )
    replace_once(repository / WOKINGHAM, QUOTE, TYPO)
    shutil.rmtree(repository / "content/councils/rutland")
    calderdale = repository / "content/councils/calderdale"
    replace_once(calderdale / "council.yaml", "\nname: Calderdale\n", "\nname: Calderdale Council\n")
    calderdale.rename(calderdale.with_name("calderdale-council"))
    commit(repository, "The content before the edits")
    git(repository, "tag", "base")
    real = ROOT / "content/councils"
    edits = {
        "new-inspection": lambda: shutil.copy2(ROOT / WANDSWORTH, repository / WANDSWORTH),
        "grade": lambda: replace_once(
            repository / WOKINGHAM,
            LEADERSHIP_2019.format("good"),
            LEADERSHIP_2019.format("requires improvement to be good"),
        ),
        "typo": lambda: replace_once(repository / WOKINGHAM, TYPO, QUOTE),
        "council-added": lambda: shutil.copytree(real / "rutland", repository / "content/councils/rutland"),
        "renamed": lambda: (
            shutil.rmtree(repository / "content/councils/calderdale-council"),
            shutil.copytree(real / "calderdale", repository / "content/councils/calderdale"),
        ),
    }
    for tag, edit in edits.items():
        edit()
        commit(repository, tag)
        git(repository, "tag", tag)
    assert git(repository, "diff", "--stat", "HEAD", "--", "content") == ""
    return repository


def facts(changes: SiteChanges) -> dict[str, list[str]]:
    """Every kind of fact the report lists, in the words of its text form, kinds with none left out."""
    sections = re.split(r"\n\n(?=[A-Z][a-z]+ [a-z]+ \(\d+\)\n)", report(changes, TEXT))
    found = {}
    for section in sections[1:]:
        heading, *items = section.strip().splitlines()
        if not heading.startswith("Pages"):
            found[heading.split(" (")[0]] = [item.strip() for item in items if item.strip()]
    return found


def between(repository: Path, base: str, head: str) -> SiteChanges:
    return compare_revisions(repository, base, head, "https://example.org/profiles/")


def test_a_new_inspection_for_wandsworth_is_reported_with_the_standing_it_sets(repository: Path) -> None:
    changes = between(repository, "base", "new-inspection")
    assert facts(changes) == {
        "Standings changed": [
            "Wandsworth, standing: [-good, from the ILACS standard inspection published 13 January 2023-] → "
            "{+outstanding, from the ILACS short inspection published 18 May 2026+}"
        ],
        "Inspections added": [
            "Wandsworth: ILACS short inspection, 18 May 2026 (#ilacs-2026): overall effectiveness: outstanding; "
            "the impact of leaders on social work practice with children and families: outstanding; "
            "the experiences and progress of children who need help and protection: outstanding; "
            "the experiences and progress of children in care: outstanding; "
            "the experiences and progress of care leavers: outstanding"
        ],
    }
    assert "councils/wandsworth/index.html" in changes.pages_changed
    assert "councils/wokingham/index.html" not in changes.pages_changed


def test_a_corrected_grade_is_reported_from_and_to(repository: Path) -> None:
    changes = between(repository, "new-inspection", "grade")
    assert facts(changes) == {
        "Grades changed": [
            "Wokingham, ILACS standard inspection, 15 July 2019, the impact of leaders on social work practice with "
            "children and families: [-good-] → {+requires improvement to be good+}"
        ]
    }
    assert changes.pages_changed and all("wandsworth" not in path for path in changes.pages_changed)


def test_a_typo_fixed_in_a_quotation_is_one_quotation_altered_showing_the_word(repository: Path) -> None:
    changes = between(repository, "grade", "typo")
    assert facts(changes) == {
        "Quotations altered": [
            "Wokingham, Carol Cammiss: “Our [-relentles-] {+relentless+} focus must be on improving outcomes "
            "for all children and young people who need our help.”"
        ]
    }
    assert "councils/wokingham/index.html" in changes.pages_changed
    markdown = report(changes, MARKDOWN)
    assert "Our ~~relentles~~ **relentless** focus" in markdown


def test_a_council_added_is_reported_with_the_address_of_its_page(repository: Path) -> None:
    changes = between(repository, "typo", "council-added")
    assert facts(changes) == {"Councils added": ["Rutland: https://example.org/profiles/councils/rutland/"]}
    assert {"councils/rutland/index.html", "councils/rutland/compare/index.html"} <= set(changes.pages_added)
    assert "index.html" in changes.pages_changed  # the home page lists every council


def test_a_council_renamed_and_moved_is_one_council_renamed_not_one_gone_and_one_new(repository: Path) -> None:
    changes = between(repository, "council-added", "renamed")
    assert facts(changes) == {
        "Councils renamed": [
            "Calderdale Council → Calderdale: https://example.org/profiles/councils/calderdale/ "
            "(its address moved from councils/calderdale-council/ to councils/calderdale/)"
        ]
    }
    assert "councils/calderdale-council/index.html" in changes.pages_removed
    assert "councils/calderdale/index.html" in changes.pages_added


def test_the_command_reports_all_five_edits_in_markdown_and_lists_the_pages_to_check(
    repository: Path, tmp_path: Path
) -> None:
    pages = tmp_path / "pages.txt"
    result = run_cli("changes", "base", "HEAD", "--format", "markdown", "--pages", str(pages), cwd=repository)
    assert result.returncode == 0, result.stderr
    headings = re.findall(r"^### (.+) \(\d+\)$", result.stdout, flags=re.MULTILINE)
    assert headings == [
        "Councils added",
        "Councils renamed",
        "Standings changed",
        "Grades changed",
        "Inspections added",
        "Quotations altered",
        "Pages changed",
        "Pages added",
        "Pages removed",
    ]
    assert "[Rutland](https://example.org/profiles/councils/rutland/)" in result.stdout
    listed = pages.read_text(encoding="utf-8").splitlines()
    assert "councils/rutland/index.html" in listed and "councils/wandsworth/index.html" in listed
    assert "councils/calderdale-council/index.html" not in listed  # removed: nothing to check
    assert git(repository, "status", "--porcelain") == ""  # the working tree was not touched


def test_the_same_revision_twice_changes_nothing(repository: Path) -> None:
    result = run_cli("changes", "HEAD", "HEAD", cwd=repository)
    assert result.returncode == 0, result.stderr
    assert "Nothing a reader would see has changed" in result.stdout


def test_a_revision_that_is_not_there_is_one_clear_sentence(repository: Path) -> None:
    result = run_cli("changes", "no-such-branch", cwd=repository)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Cannot compare no-such-branch with HEAD: 'no-such-branch' is not a commit")
    assert "Traceback" not in result.stderr
