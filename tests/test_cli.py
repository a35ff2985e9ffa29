"""The command line as editors and CI meet it: exit codes, messages, never a traceback."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


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


def test_github_format_prints_annotations(content: Path) -> None:
    north = content / "councils/northby/council.yaml"
    north.write_text(north.read_text().replace("region: North East", "region: North Est"), encoding="utf-8")
    result = run_cli("check", "--content", str(content), "--format", "github")
    assert result.returncode == 1
    line = result.stdout.strip()
    assert line.startswith("::error file=") and ",line=3,col=9::'North Est' is not a known region." in line


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
