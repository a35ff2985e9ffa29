"""site.yml's choice of path, run as CI runs it: a pull request that changes content/ and nothing
else takes the short path; one that changes anything else, data/ included (the weekly refresh's
pull requests), or moves a file out of anywhere else into content/, runs the whole suite."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from support import ROOT

FILES = {
    "content/councils/northby/council.yaml": "name: Northby\n",
    "councilprofiles/render/views.py": "VIEWS = 1\n",
    "data/ofsted-ilacs/ofsted_csc_ilacs_history.csv": "urn,local_authority\n1,northby\n",
}


def path_step() -> str:
    """The script of site.yml's step that chooses the path."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    return next(step["run"] for step in workflow["jobs"]["build"]["steps"] if step.get("id") == "path")


def git(repository: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def chosen(
    tmp_path: Path, changed: list[str], moved: tuple[str, str] | None = None, event: str = "pull_request"
) -> str:
    """The path the step chooses for a pull request whose one commit edits the files `changed`
    and moves `moved` (from, to)."""
    repository = tmp_path / "repository"
    for name, text in FILES.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text, encoding="utf-8")
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "base")
    base = git(repository, "rev-parse", "HEAD")
    for name in changed:
        with (repository / name).open("a", encoding="utf-8") as file:
            file.write("# edited\n")
    if moved:
        git(repository, "mv", *moved)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "change")
    output = tmp_path / "output"
    env = {**os.environ, "EVENT": event, "BASE": base, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", path_step()], cwd=repository, env=env, check=True, timeout=60)
    return output.read_text(encoding="utf-8").strip()


COUNCIL, CODE, DATA = FILES


@pytest.mark.parametrize(
    ("changed", "moved", "path"),
    [
        pytest.param([COUNCIL], None, "content-only=true", id="content"),
        pytest.param([COUNCIL, DATA], None, "content-only=false", id="a refresh: data and content"),
        pytest.param([CODE], None, "content-only=false", id="code"),
        pytest.param([], (CODE, "content/views.py"), "content-only=false", id="code moved into content"),
    ],
)
def test_the_path_a_pull_request_takes(
    tmp_path: Path, changed: list[str], moved: tuple[str, str] | None, path: str
) -> None:
    assert chosen(tmp_path, changed, moved) == path


def test_a_push_to_main_takes_the_whole_suite(tmp_path: Path) -> None:
    assert chosen(tmp_path, [COUNCIL], event="push") == "content-only=false"
