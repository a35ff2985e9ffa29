"""What editors and CI see: annotations on the changed line, edit links, last-updated dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support import build, run_cli, text_of


def test_github_annotation_format_is_exact(content: Path) -> None:
    path = content / "councils/northby/council.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ofsted_urn: 99001", "ofsted_urn: 50%\n"), "utf-8")
    result = run_cli("check", "--content", str(content), "--format", "github", cwd=content.parent)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=content/councils/northby/council.yaml,line=5,col=13,title=Content error (python build.py check)::"
        "'ofsted_urn' should be a whole number, not '50%25'"
    )


def git_in(folder: Path, *arguments: str, date: str = "2024-03-05T12:00:00") -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "e@example.org",
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }
    subprocess.run(["git", *arguments], cwd=folder, env=environment, check=True, capture_output=True)


def build_with(content: Path, output: Path, *options: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("build", "--content", str(content), "--output", str(output), *options)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_edit_links_for_facts_and_story_name_the_repositorys_branch(content: Path, tmp_path: Path) -> None:
    git_in(content, "init", "-q", "-b", "trunk")
    git_in(content, "add", ".")
    git_in(content, "commit", "-q", "-m", "Content")
    build_with(content, tmp_path / "site", "--repository", "https://github.com/example/profiles")
    base = "https://github.com/example/profiles"
    northby = (tmp_path / "site/councils/northby/index.html").read_text(encoding="utf-8")
    assert f'href="{base}/edit/trunk/content/councils/northby/council.yaml">Edit the facts' in northby
    assert f'href="{base}/edit/trunk/content/councils/northby/profile.md">Edit the story' in northby
    # Eastby has no profile.md yet: the link opens GitHub's form for a new file, named and started.
    eastby = (tmp_path / "site/councils/eastby/index.html").read_text(encoding="utf-8")
    create = f'href="{base}/new/trunk/content/councils/eastby?filename=profile.md&amp;value=%3C%21--%0AThe%20story'
    assert create in eastby and ">Write the story" in eastby and "/profile.md" not in eastby
    assert eastby.count(create) == 2  # also the "Help write it" of the notice that the story is not written

    build_with(content, tmp_path / "other", "--repository", f"{base}/", "--branch", "release/2025")
    other = (tmp_path / "other/councils/northby/index.html").read_text(encoding="utf-8")
    assert f'href="{base}/edit/release/2025/content/councils/northby/council.yaml"' in other


def test_edit_link_outside_git_proposes_changes_to_main(content: Path, tmp_path: Path) -> None:
    build_with(content, tmp_path / "site", "--repository", "https://github.com/example/profiles")
    page = (tmp_path / "site/councils/northby/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/profiles/edit/main/content/councils/northby/council.yaml"' in page


def test_last_edited_comes_from_git_and_is_left_out_outside_git(content: Path, tmp_path: Path) -> None:
    build(content, tmp_path / "outside")
    assert "Last edited" not in text_of(tmp_path / "outside", "councils/northby/index.html")

    git_in(content, "init", "-q")
    git_in(content, "add", ".")
    git_in(content, "commit", "-q", "-m", "Content")
    build(content, tmp_path / "inside")
    assert "Last edited on 5 March 2024." in text_of(tmp_path / "inside", "councils/northby/index.html")


def test_an_import_commit_is_ofsteds_record_not_an_edit(content: Path, tmp_path: Path) -> None:
    git_in(content, "init", "-q")
    git_in(content, "add", ".")
    git_in(content, "commit", "-q", "-m", "Content")
    for slug in ("northby", "eastby"):
        path = content / f"councils/{slug}/council.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# refreshed\n", encoding="utf-8")
    git_in(content, "commit", "-qam", "Import Ofsted's record", "-m", "Ofsted-Import: yes", date="2025-06-01T09:00:00")
    build(content, tmp_path / "site")
    northby = text_of(tmp_path / "site", "councils/northby/index.html")
    assert "Last edited on 5 March 2024. Ofsted's record last imported on 1 June 2025." in northby
    southby = text_of(tmp_path / "site", "councils/southby/index.html")
    assert "Last edited on 5 March 2024." in southby and "imported on" not in southby


def test_a_shallow_clone_leaves_dates_out_and_says_so(content: Path, tmp_path: Path) -> None:
    git_in(content, "init", "-q")
    git_in(content, "add", ".")
    git_in(content, "commit", "-q", "-m", "First")
    (content / "councils/northby/profile.md").write_text("## Story\n\nChanged.\n", encoding="utf-8")
    git_in(content, "commit", "-qam", "Second", date="2025-01-10T12:00:00")
    clone = tmp_path / "clone"
    git_in(tmp_path, "clone", "-q", "--depth", "1", f"file://{content}", str(clone))
    result = build_with(clone, tmp_path / "site")
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    southby = text_of(tmp_path / "site", "councils/southby/index.html")
    assert "Last edited" not in southby  # the one commit there would have dated it 10 January 2025
