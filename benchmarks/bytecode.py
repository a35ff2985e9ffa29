"""The project's code as ./scripts/setup leaves it: compiled to bytecode.

Python compiles a module each time it is imported unless a compiled copy is in `__pycache__`, and
where it is told not to write one (PYTHONDONTWRITEBYTECODE, set on the machine this benchmark was
first run on, and in many containers) it never is, unless compiled beforehand. The libraries every
tool uses were compiled when pip installed them; our code, installed for editing, is compiled by
./scripts/setup, and again here (a change since setup leaves its compiled copy stale): otherwise
every build measured would start by compiling our 10,000 lines, 0.1 s that no editor's build spends.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_project() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "councilprofiles")], check=True)
