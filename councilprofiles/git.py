"""What git knows about the content: when each council was last edited, when Ofsted's record
was last imported into it, and the branch that edits are proposed against.

Read once per build with a few `git` calls, so it costs the same for 2 councils or 15,000.
Dates tell the truth or are left out: outside a git checkout (or without git) there are
none, and in a shallow clone (`git clone --depth`, CI's default checkout) there are none
either, because the oldest commit there stands for the whole history before it and would
date every council to it. The build says so (MkDocs' git-revision-date plugin warns about
shallow clones; it still shows the dates, which are then wrong). Output stays deterministic:
dates are commit dates, never the build's own.

A commit made by `import-ofsted` is Ofsted's data arriving, not an editor's edit: such
commits carry the trailer `Ofsted-Import: yes` (see docs/importing.md), and their date is
shown apart, as the date Ofsted's record was last imported.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .model import PartialDate, Revision

IMPORT_TRAILER = "Ofsted-Import"


@dataclass(frozen=True)
class History:
    revisions: dict[str, Revision] = field(default_factory=dict)
    branch: str | None = None  # the branch edits are proposed against, if git says
    note: str | None = None  # what the build should tell the person running it


SHALLOW_NOTE = (
    "This is a shallow clone (its history is cut short), so the pages leave out when each council "
    "was last edited: the dates would be wrong. To show them, fetch the whole history "
    "(git fetch --unshallow; on GitHub Actions, actions/checkout with fetch-depth: 0)."
)


def git(folder: Path, *arguments: str, timeout: int = 30) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, text=True, timeout=timeout, check=True
    ).stdout


def git_history(content: Path) -> History:
    """Revisions of each `councils/<slug>/` folder and the branch, from one checkout."""
    # realpath, not resolve(): a link loop must not raise here (loading reports it).
    councils = Path(os.path.realpath(content / "councils"))
    try:
        top = git(councils, "rev-parse", "--show-toplevel").strip()
        shallow = git(councils, "rev-parse", "--is-shallow-repository").strip() == "true"
    except (OSError, subprocess.SubprocessError):
        return History()
    branch = default_branch(councils)
    if shallow:
        return History(branch=branch, note=SHALLOW_NOTE)
    try:
        log = git(
            Path(top),
            "log",
            f"--format=@%cs %(trailers:key={IMPORT_TRAILER},valueonly,separator=%x2C)",
            "--name-only",
            "--",
            str(councils),
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return History(branch=branch)
    try:
        prefix = councils.relative_to(os.path.realpath(top)).as_posix() + "/"
    except ValueError:  # the councils folder is a link out of the repository: no history of its own
        return History(branch=branch)
    return History(revisions=revisions(log, prefix), branch=branch)


def revisions(log: str, prefix: str) -> dict[str, Revision]:
    """Each council's newest edit and newest import, from `git log` newest first."""
    edited: dict[str, PartialDate] = {}
    imported: dict[str, PartialDate] = {}
    date: PartialDate | None = None
    by_import = False
    for line in log.splitlines():
        if line.startswith("@"):
            day, _, trailer = line[1:].partition(" ")
            date = PartialDate.parse(day)
            by_import = bool(trailer.strip())
        elif line.startswith(prefix) and date is not None:
            slug = line[len(prefix) :].split("/", 1)[0]
            (imported if by_import else edited).setdefault(slug, date)
    return {slug: Revision(edited.get(slug), imported.get(slug)) for slug in sorted(edited.keys() | imported.keys())}


def default_branch(folder: Path) -> str | None:
    """The branch edits are proposed against: the remote's default (origin/HEAD), else the
    branch checked out; None on a detached checkout without a remote default."""
    for arguments in (("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"), ("branch", "--show-current")):
        try:
            name = git(folder, *arguments).strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if name:
            return name.removeprefix("origin/")
    return None


def last_updated(content: Path) -> dict[str, Revision]:
    """Each council's revision (the preview reads only this)."""
    return git_history(content).revisions


def repository_root(content: Path) -> Path | None:
    """The git repository holding the content: GitHub places annotations by paths relative to it,
    wherever the command was run from."""
    try:
        found = subprocess.run(
            ["git", "-C", str(content if content.is_dir() else content.parent), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        workspace = os.environ.get("GITHUB_WORKSPACE")
        return Path(workspace) if workspace else None
    return Path(found) if found else None


def repository_path(path: str, root: Path | None) -> str:
    """`path` (relative to where the command runs) relative to the repository's root, if inside it."""
    if root is None:
        return path
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path
