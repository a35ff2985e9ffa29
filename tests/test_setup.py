"""Setting up works as the README says, for a non-programmer, on Debian and on macOS.

The commands themselves were run for real in a fresh clone with only Debian's Python on
PATH (see the commit that added scripts/setup); these tests keep the documents and the
scripts from drifting apart, and check what each script says when something is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EDITING = (ROOT / "docs/editing.md").read_text(encoding="utf-8")


def shell_blocks(text: str) -> list[str]:
    """Commands in ```sh blocks and in indented blocks, one string per block."""
    fenced = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    indented = re.findall(r"\n\n((?:    \S.*\n)+)", text)
    return [block.strip() for block in fenced] + [re.sub(r"^    ", "", b, flags=re.M).strip() for b in indented]


def programs(command: str) -> list[str]:
    """The programs a shell line runs: the first word of each part joined by && or ;."""
    return [part.split()[0] for part in re.split(r"&&|;|\|\|", command) if part.strip()]


def test_readme_test_command_is_what_ci_runs() -> None:
    section = README[README.index("## Two commands") : README.index("## Preview")]
    build, test = [block for block in shell_blocks(section)]
    ci = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line and not line.startswith(("#", "set "))]
    assert ci[-1] == test == "./scripts/test"
    assert build == "./scripts/setup && ./build.py build"


@pytest.mark.parametrize("document", ["README.md", "docs/editing.md"])
def test_every_documented_command_exists_and_runs_without_a_bare_python(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    commands = [line for block in shell_blocks(text) for line in block.splitlines()]
    assert commands, "no commands found: has the document's layout changed?"
    for command in commands:
        for program in programs(command):
            # `python` does not exist on a fresh Debian, nor on a Mac (python3 only).
            assert program not in ("python", "pip", "python3"), f"{document}: {command}"
            if program.startswith("./"):
                path = ROOT / program
                assert path.is_file() and os.access(path, os.X_OK), f"{document}: {program} is not executable"
                assert path.read_text(encoding="utf-8").startswith("#!"), f"{program} has no #! line"


def test_pre_commit_hooks_run_through_the_interpreter_finder() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    for hook in hooks:
        assert hook["entry"].split()[0] == "scripts/python", hook["id"]


def fake_bin(tmp_path: Path, python3: str | None) -> dict[str, str]:
    """An environment whose PATH holds only the basic tools and, if given, a fake python3."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("bash", "sh", "dirname", "sed", "env", "cat"):
        found = shutil.which(tool)
        if found:
            (folder / tool).symlink_to(found)
    if python3 is not None:
        (folder / "python3").write_text(f"#!/bin/sh\n{python3}\n", encoding="utf-8")
        (folder / "python3").chmod(0o755)
    return {"PATH": str(folder), "HOME": str(tmp_path)}


def project_copy(tmp_path: Path) -> Path:
    """The scripts in a folder of their own, so nothing here touches the real .venv."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    shutil.copy2(ROOT / "build.py", copy / "build.py")
    return copy


def test_setup_explains_a_python_too_old_or_missing(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    too_old = 'case "$2" in *platform*) echo 3.9.6;; *) exit 1;; esac'  # a Mac's own python3
    result = subprocess.run(
        ["./scripts/setup"], cwd=project, env=fake_bin(tmp_path, too_old), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "needs Python 3.11 or newer (python3 here is 3.9.6)" in result.stderr
    assert "brew install python" in result.stderr and "sudo apt install python3 python3-venv" in result.stderr
    assert not (project / ".venv").exists()


def test_setup_explains_debians_missing_venv_package(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    # Python 3.11 without ensurepip, as Debian ships it until python3-venv is installed.
    no_venv = 'case "$2" in *ensurepip*) exit 1;; esac; exit 0'
    result = subprocess.run(
        ["./scripts/setup"], cwd=project, env=fake_bin(tmp_path, no_venv), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "sudo apt install python3-venv" in result.stderr
    assert not (project / ".venv").exists()


def test_build_py_hands_over_to_the_projects_environment(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    venv_python = project / ".venv/bin/python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text('#!/bin/sh\necho "the project\'s python ran: $*"\n', encoding="utf-8")
    venv_python.chmod(0o755)
    result = subprocess.run(
        [sys.executable, "build.py", "check"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "the project's python ran: build.py check"


def test_build_py_without_the_environment_says_to_run_setup(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    package = project / "councilprofiles"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    # What importing the command line does in a Python that lacks the project's packages.
    (package / "cli.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'click'\", name='click')\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "build.py", "check"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Run ./scripts/setup once" in result.stderr and "Traceback" not in result.stderr


def test_hooks_interpreter_finder_prefers_the_projects_environment(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    environment = fake_bin(tmp_path, 'echo "system python3: $*"')
    fallback = subprocess.run(["scripts/python", "-V"], cwd=project, env=environment, capture_output=True, text=True)
    assert fallback.stdout.strip() == "system python3: -V"
    venv_python = project / ".venv/bin/python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text('#!/bin/sh\necho "project python: $*"\n', encoding="utf-8")
    venv_python.chmod(0o755)
    chosen = subprocess.run(["scripts/python", "-V"], cwd=project, env=environment, capture_output=True, text=True)
    assert chosen.stdout.strip() == "project python: -V"
