"""The command line: a thin layer over load → render → write."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .errors import ContentError, ContentErrors
from .load import display_path, load_content
from .model import URL_PATTERN, Region
from .pipeline import CACHE_FOLDER, Project, build_site

PATH = click.Path(path_type=Path)


def content_option(function):
    return click.option("--content", type=PATH, default=Path("content"), show_default=True, help="The content folder.")(
        function
    )


def format_errors(errors: list[ContentError], style: str) -> str:
    """Errors for people (`text`), for tools (`json`) or as GitHub annotations (`github`)."""
    if style == "json":
        return json.dumps(
            [{"file": e.path, "line": e.line, "column": e.column, "message": e.message} for e in errors],
            indent=2,
            ensure_ascii=False,
        )
    if style == "github":
        return "\n".join(
            f"::error file={e.path},line={e.line},col={e.column}::{escape_annotation(e.message)}" for e in errors
        )
    files = len({e.path for e in errors})
    noun = "error" if len(errors) == 1 else "errors"
    return "\n".join(map(str, errors)) + f"\n{len(errors)} {noun} in {files} file{'s' if files != 1 else ''}"


def escape_annotation(message: str) -> str:
    """GitHub workflow commands need %, CR and LF escaped in the message."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the Council Improvement Profiles site from content/."""


@main.command()
@content_option
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How to print errors: for people, for tools, or for GitHub.",
)
def check(content: Path, style: str) -> None:
    """Check the content and list every problem, with file:line:column."""
    try:
        loaded = load_content(content, workers=os.cpu_count() or 1)
    except ContentErrors as failure:
        click.echo(format_errors(failure.errors, style))
        sys.exit(1)
    if style == "json":
        click.echo("[]")
    elif style == "text":
        click.echo(f"No problems found in {len(loaded.profiles)} councils.")


@main.command()
@content_option
@click.option("--output", type=PATH, default=Path("site"), show_default=True, help="Where to write the site.")
@click.option("--templates", type=PATH, default=Path("templates"), show_default=True)
@click.option("--static", type=PATH, default=Path("static"), show_default=True)
@click.option("--base-url", help="Where the site is published, overriding site.yaml (CI sets this for Pages).")
@click.option("--repository", help="The repository's web address, for 'Edit this page' links (CI sets this).")
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Remember what each file was made from (in .build-cache/ beside the output), so the next "
    "build makes only what changed.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Worker processes making pages.",
)
def build(
    content: Path,
    output: Path,
    templates: Path,
    static: Path,
    base_url: str | None,
    repository: str | None,
    cache: bool,
    jobs: int,
) -> None:
    """Check the content, then build the whole site; on any error, site/ is left as it was."""
    for value, name in ((base_url, "--base-url"), (repository, "--repository")):
        if value and not URL_PATTERN.match(value):
            raise click.BadParameter("give a full address starting with https://", param_hint=name)
    project = Project(
        content=content,
        templates=templates,
        static=static,
        output=output,
        base_url=base_url,
        repository=repository,
        cache=output.absolute().parent / CACHE_FOLDER if cache else None,
        workers=jobs,
    )
    try:
        result = build_site(project)
    except ContentErrors as failure:
        click.echo(format_errors(failure.errors, "text"))
        click.echo(f"Build failed: {display_path(output)}/ was left as it was.", err=True)
        sys.exit(1)
    if result.up_to_date:
        click.echo(f"Nothing changed: {display_path(output)}/ is up to date ({result.seconds:.2f} s).")
        return
    click.echo(
        f"Built {result.pages} pages ({result.files} files, {result.made} made, the rest unchanged) "
        f"in {result.seconds:.2f} s into {display_path(output)}/"
    )


@main.command()
@content_option
@click.option("--output", type=PATH, default=Path("site"), show_default=True, help="Where to write the site.")
@click.option("--templates", type=PATH, default=Path("templates"), show_default=True)
@click.option("--static", type=PATH, default=Path("static"), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; loopback unless you say.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Worker processes for builds of the whole site.",
)
def serve(content: Path, output: Path, templates: Path, static: Path, host: str, port: int, jobs: int) -> None:
    """Preview the site, rebuilding and reloading the browser on every save."""
    from .preview import PreviewUnavailable
    from .preview import serve as run_preview

    project = Project(content=content, templates=templates, static=static, output=output, workers=jobs)
    try:
        run_preview(project, host, port, click.echo)
    except PreviewUnavailable as problem:
        click.echo(str(problem), err=True)
        sys.exit(1)


@main.command()
@click.argument("name")
@click.option(
    "--region",
    required=True,
    type=click.Choice([region.value for region in Region]),
    help="One of England's nine regions.",
)
@click.option(
    "--website",
    help="The council's website, such as https://www.wokingham.gov.uk/. "
    "If left out, it is taken from Ofsted's council lookup in data/ofsted-ilacs/.",
)
@content_option
def new(name: str, region: str, website: str | None, content: Path) -> None:
    """Create a council folder, with comments that teach the format."""
    from .scaffold import create_council, known_website

    website = website or known_website(name)
    if website is None:
        raise click.UsageError(f"'{name}' is not in data/ofsted-ilacs/: give its website with --website https://…")
    if not URL_PATTERN.match(website):
        raise click.BadParameter("give the full address, starting with https://", param_hint="--website")
    try:
        folder = create_council(content, name, Region(region), website)
    except (FileExistsError, ValueError) as problem:
        raise click.UsageError(str(problem)) from None
    click.echo(f"Created {display_path(folder)}/council.yaml and profile.md. Next: add a source, then check.")


@main.command("import-ofsted")
@click.argument("history", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("lookup", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@content_option
def import_ofsted_command(history: Path, lookup: Path, content: Path) -> None:
    """Create or update every council's council.yaml from Ofsted's published record.

    HISTORY is the inspection history CSV and LOOKUP the council lookup CSV
    (see data/ofsted-ilacs/README.md). Records marked `imported: true` are updated;
    everything editors wrote is kept, and disagreements are reported as conflicts.
    """
    from .ofsted import ImportFailure, import_ofsted

    try:
        result = import_ofsted(history, lookup, content, display=display_path)
    except ImportFailure as failure:
        click.echo(str(failure), err=True)
        sys.exit(1)
    for title, notices in (
        ("Anomalies in the data", result.anomalies),
        ("Conflicts with editors' facts", result.conflicts),
    ):
        if notices:
            click.echo(f"{title} ({len(notices)}):")
            click.echo("\n".join(f"  {notice}" for notice in notices))
    click.echo(
        f"Imported {result.reports} reports for {len(result.created) + len(result.updated) + len(result.unchanged)} "
        f"councils: {len(result.created)} created, {len(result.updated)} updated, {len(result.unchanged)} unchanged."
    )
    try:
        load_content(content)
    except ContentErrors as failure:
        click.echo(format_errors(failure.errors, "text"))
        click.echo("The imported content does not pass check: fix the errors above.", err=True)
        sys.exit(1)
