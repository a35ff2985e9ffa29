"""The command line as editors and CI meet it: exit codes, messages, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, run_cli


def test_check_passes_clean_content(content: Path) -> None:
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 0
    assert result.stdout.strip() == "No problems found in 3 councils."


def test_check_exits_1_listing_every_error_and_a_count(content: Path) -> None:
    north = content / "councils/northby/council.yaml"
    north.write_text(north.read_text().replace("region: North East", "region: North Est"), encoding="utf-8")
    (content / "councils/southby/profile.md").write_bytes(b"\xff\xfe bad")
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    lines = [line for line in result.stdout.strip().splitlines() if not line.startswith("    ")]  # less excerpts
    assert lines[0].endswith(
        "councils/northby/council.yaml:3:9: 'North Est' is not a known region. Did you mean "
        "'North East'? Use one of: 'North East', 'North West', 'Yorkshire and the Humber', "
        "'East Midlands', 'West Midlands', 'East of England', 'London', 'South East', "
        "'South West'"
    )
    assert lines[1].endswith(
        "councils/southby/profile.md:1:1: this is not UTF-8 text (byte 0xff): save the file as UTF-8"
    )
    assert lines[2] == "2 errors in 2 files"
    assert "Traceback" not in result.stdout + result.stderr


def run_for_github(*args: str, cwd: Path = ROOT, summary: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`build.py ARGS` as GitHub Actions runs it: GITHUB_STEP_SUMMARY names `summary`, or nothing
    (so a test never writes to the summary of the CI job running it)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GITHUB_")}
    if summary is not None:
        env |= {
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "owner/profiles",
            "GITHUB_SHA": "0123abc",
        }
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def break_region(content: Path) -> None:
    north = content / "councils/northby/council.yaml"
    north.write_text(north.read_text().replace("region: North East", "region: North Est"), encoding="utf-8")


def test_github_format_prints_annotations(content: Path) -> None:
    break_region(content)
    result = run_for_github("check", "--content", str(content), "--format", "github")
    assert result.returncode == 1
    line = result.stdout.strip()
    assert line.startswith("::error file=")
    assert ",line=3,col=9,title=Content error (python build.py check)::'North Est' is not a known region." in line


def test_github_annotations_cannot_be_forged_by_a_folder_name(content: Path) -> None:
    """A folder's name is a property value: ',' and ':' in it are escaped, so it cannot set line=
    or start a command of its own; a newline in it cannot start a line."""
    for name in ("a,line=99,col=1::warning x", "b\n::warning file=x::forged"):
        folder = content / "councils" / name
        folder.mkdir()
        shutil.copyfile(content / "councils/northby/council.yaml", folder / "council.yaml")
    result = run_for_github("check", "--content", str(content), "--format", "github")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("::error file=") for line in lines)
    for line in lines:
        properties, message = line.removeprefix("::error ").split("::", 1)
        values = dict(item.split("=", 1) for item in properties.split(","))
        assert set(values) == {"file", "line", "col", "title"}
        assert values["line"] == "1" and values["col"] == "1"
        assert ":" not in values["file"] and "," not in values["file"]
    assert "a%2Cline=99%2Ccol=1%3A%3Awarning x" in lines[0]


def make_repository(tmp_path: Path, content: Path) -> Path:
    """A git repository holding the content under `site-content/`, as a checkout would."""
    repository = tmp_path / "repository"
    repository.mkdir()
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    shutil.copytree(content, repository / "site-content")
    (repository / "tools").mkdir()
    return repository


def test_github_paths_are_from_the_repository_root_wherever_it_runs(content: Path, tmp_path: Path) -> None:
    break_region(content)
    repository = make_repository(tmp_path, content)
    for cwd, argument in ((repository / "tools", "../site-content"), (tmp_path, str(repository / "site-content"))):
        result = run_for_github("check", "--content", argument, "--format", "github", cwd=cwd)
        assert result.stdout.startswith("::error file=site-content/councils/northby/council.yaml,line=3,"), (
            result.stdout
        )


def test_github_job_summary_lists_every_error(content: Path, tmp_path: Path) -> None:
    """GitHub shows ten annotations a step: the summary lists them all, escaped."""
    north = content / "councils/northby/council.yaml"
    north.write_text(north.read_text() + "".join(f"<b>key{number}</b>: x\n" for number in range(12)), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier steps' summary.\n", encoding="utf-8")
    result = run_for_github("check", "--content", str(content), "--format", "github", summary=summary)
    assert result.returncode == 1
    assert len(result.stdout.strip().splitlines()) == 12
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("Earlier steps' summary.\n")  # appended, as GitHub asks
    assert "Content check: 12 errors in 1 file" in written
    assert written.count("<tr><td>") == 12
    assert "unknown key &#x27;&lt;b&gt;key11&lt;/b&gt;&#x27;" in written and "<b>key" not in written
    assert 'href="https://github.com/owner/profiles/blob/0123abc/' in written


def test_text_format_is_one_problem_a_line_and_nothing_a_terminal_obeys(content: Path) -> None:
    for name in ("evil\n", "evil\x1b[2J\x1b]0;owned\x07", "evil\u202eby"):
        folder = content / "councils" / name
        folder.mkdir()
        shutil.copyfile(content / "councils/northby/council.yaml", folder / "council.yaml")
    for style in ("text", "json", "github"):
        result = run_for_github("check", "--content", str(content), "--format", style)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output), ascii(output)
        if style == "text":
            lines = result.stdout.strip().splitlines()
            assert len(lines) == 4 and lines[-1] == "3 errors in 3 files"
            assert "content/councils/evil\\n:1:1: the folder name 'evil\\n'" in lines[0]
            assert "evil\\x1b[2J\\x1b]0;owned\\x07" in result.stdout


def test_usage_errors_exit_2(content: Path) -> None:
    assert run_cli("check", "--no-such-option").returncode == 2
    assert run_cli("no-such-command").returncode == 2


def test_missing_content_folder_is_a_content_error_not_a_crash(tmp_path: Path) -> None:
    result = run_cli("build", "--content", str(tmp_path / "nothing"), "--output", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "there is no site.yaml" in result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_template_error_is_located(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text("{% if %}\n", encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--templates", str(templates), "--output", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "templates/index.html:1:1: template error" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_base_url_option_whose_path_a_page_could_not_carry_is_a_usage_error(content: Path, tmp_path: Path) -> None:
    """CI passes --base-url: it is held to site.yaml's rule, and nothing is built."""
    result = run_cli(
        "build", "--content", str(content), "--output", str(tmp_path / "site"), "--base-url", 'https://x.org/a"b<x>'
    )
    assert result.returncode == 2
    assert "Invalid value for --base-url: the address has '\"' in its path" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
