"""What editors and CI see: annotations on the changed line, edit links, last-updated dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import build, run_cli, text_of


def test_github_annotation_format_is_exact(content: Path) -> None:
    path = content / "councils/northby/council.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ofsted_urn: 99001", "ofsted_urn: 50%\n"), "utf-8")
    result = run_cli("check", "--content", str(content), "--format", "github", cwd=content.parent)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=content/councils/northby/council.yaml,line=5,col=13,title=Content error (python build.py check)::"
        "'ofsted_urn' should be a whole number, not '50%25'"
    )


def test_edit_link_follows_the_repository_given_at_build_time(content: Path, tmp_path: Path) -> None:
    result = run_cli(
        "build",
        "--content",
        str(content),
        "--output",
        str(tmp_path / "site"),
        "--repository",
        "https://github.com/example/profiles",
    )
    assert result.returncode == 0, result.stdout
    page = (tmp_path / "site/councils/northby/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/profiles/edit/main/content/councils/northby/council.yaml"' in page


def test_last_updated_comes_from_git_and_is_left_out_outside_git(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "outside")
    assert "Last updated" not in text_of(tmp_path / "outside", "councils/northby/index.html")

    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-03-05T12:00:00",
        "GIT_COMMITTER_DATE": "2024-03-05T12:00:00",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "e@example.org",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "Content"]):
        subprocess.run(["git", *command], cwd=content, env=environment, check=True)
    build(content, tmp_path / "inside")
    assert "Last updated 5 March 2024." in text_of(tmp_path / "inside", "councils/northby/index.html")
