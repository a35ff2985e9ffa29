"""What GitHub shows of a content check: an annotation on each line at fault (workflow commands,
escaped as GitHub's own toolkit escapes them) and every error in the job's summary.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

from .errors import ContentError
from .git import repository_path

ANNOTATION_TITLE = "Content error (python build.py check)"


def annotation(error: ContentError, root: Path | None) -> str:
    """One GitHub workflow command: `::error file=…,line=…,col=…,title=…::message`."""
    properties = {
        "file": repository_path(error.path, root),
        "line": str(error.line),
        "col": str(error.column),
        "title": ANNOTATION_TITLE,
    }
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::error {listed}::{escape_data(error.message)}"


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped, as GitHub's actions/toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which would end the value and let a
    file name (a folder named `x,line=1`) set another property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


SUMMARY_LIMIT = 900 * 1024  # GitHub takes up to 1 MiB of job summary from a step


def write_job_summary(errors: list[ContentError], root: Path | None) -> None:
    """List every error in the job's summary: GitHub shows only the first ten annotations of a
    step on the pull request, and the summary is where the rest are read. Written only on GitHub
    (where $GITHUB_STEP_SUMMARY names the file); every value is HTML-escaped."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    files = len({e.path for e in errors})
    lines = [
        f"### Content check: {len(errors)} error{'s' if len(errors) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}",
        "",
        "Run `python build.py check` to see them on your own machine.",
        "",
        "<table>",
        "<thead><tr><th>File</th><th>Line</th><th>Column</th><th>Problem</th></tr></thead>",
        "<tbody>",
    ]
    size = sum(len(line) + 1 for line in lines)
    for number, error in enumerate(errors):
        row = (
            f"<tr><td>{file_link(repository_path(error.path, root))}</td><td>{error.line}</td>"
            f"<td>{error.column}</td><td>{html.escape(error.message)}</td></tr>"
        )
        if size + len(row) > SUMMARY_LIMIT:
            lines.append(
                f"<tr><td colspan=4>… and {len(errors) - number} more: run the check to see them all</td></tr>"
            )
            break
        lines.append(row)
        size += len(row) + 1
    lines += ["</tbody>", "</table>", ""]
    with open(target, "a", encoding="utf-8") as summary:
        summary.write("\n".join(lines))


def file_link(path: str) -> str:
    """The file's name, linked to it at the commit being checked when GitHub says which that is."""
    server, repository, commit = (
        os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    shown = f"<code>{html.escape(path)}</code>"
    if not (server and repository and commit):
        return shown
    address = f"{server}/{repository}/blob/{commit}/{quote(path)}"
    return f'<a href="{html.escape(address)}">{shown}</a>'
