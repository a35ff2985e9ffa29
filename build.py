#!/usr/bin/env python3
"""Council Improvement Profiles: `./build.py --help`.

Run with any Python 3, it hands over to the project's own environment (`.venv/`, made by
`./scripts/setup`), so editors never need to activate one: `./build.py serve` works from
a new terminal, from VS Code's buttons and from a Git hook alike.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
DEPENDENCIES = {"click", "jinja2", "markdown", "yaml", "livereload", "nh3", "ruamel", "watchfiles", "pagefind"}


def in_project_environment() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


if VENV_PYTHON.exists() and not in_project_environment():
    try:
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])
    except OSError:
        pass  # a broken .venv: carry on with this Python, and say so below if it lacks something

try:
    from councilprofiles.cli import run
except ModuleNotFoundError as missing:
    if (missing.name or "").split(".")[0] not in DEPENDENCIES:
        raise
    print(
        f"This Python ({sys.executable}) does not have what the project needs (no module '{missing.name}').\n"
        "Run ./scripts/setup once: it makes the project's environment in .venv/, which ./build.py then uses.",
        file=sys.stderr,
    )
    sys.exit(1)

if __name__ == "__main__":
    run()
