"""The command line: a thin layer over the pipeline (load → render → write) and the tools beside it:
each command reads its options, calls one stage or tool, and prints what it returns."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import ContentError, ContentErrors, display_path, excerpts
from .git import repository_root
from .github import annotation, write_job_summary
from .model import URL_PATTERN, Region, base_url_problem, web_address_problem
from .pipeline import CACHE_FOLDER, Project, build_site

if TYPE_CHECKING:
    from .ofsted.importer import ImportResult

PATH = click.Path(path_type=Path)


def content_option(function):
    return click.option("--content", type=PATH, default=Path("content"), show_default=True, help="The content folder.")(
        function
    )


def format_errors(errors: list[ContentError], style: str, root: Path | None = None) -> str:
    """Errors for people (`text`), for tools (`json`) or as GitHub annotations (`github`, with
    paths relative to `root`, the repository). Every error is one line: a path or message
    cannot hold a line break or a terminal's control characters (see errors.visible)."""
    if style == "json":
        return json.dumps(
            [{"file": e.path, "line": e.line, "column": e.column, "message": e.message} for e in errors],
            indent=2,
            ensure_ascii=False,
        )
    if style == "github":
        return "\n".join(annotation(e, root) for e in errors)
    files = len({e.path for e in errors})
    noun = "error" if len(errors) == 1 else "errors"
    # For people: each problem on one `file:line:column: message` line (editors and terminals
    # make it a link), then the line it points at with a caret under the column, indented.
    lines = []
    for error, shown in zip(errors, excerpts(errors), strict=True):
        lines.append(str(error))
        if shown is not None:
            lines.extend(shown.lines())
    return "\n".join(lines) + f"\n{len(errors)} {noun} in {files} file{'s' if files != 1 else ''}"


def print_errors(errors: list[ContentError], style: str, content: Path) -> None:
    """Print content errors in `style`; with `github`, list them in the job's summary too."""
    root = repository_root(content) if style == "github" else None
    click.echo(format_errors(errors, style, root))
    if style == "github":
        write_job_summary(errors, root)


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
    from .load.councils import load_content

    try:
        loaded = load_content(content, workers=os.cpu_count() or 1)
    except ContentErrors as failure:
        print_errors(failure.errors, style, content)
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
    "--branch",
    help="The branch edit links propose changes to. By default site.yaml's, else git's "
    "(the remote's default branch, else the one checked out).",
)
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
@click.option(
    "--preview",
    metavar="WHAT",
    help="Build a reviewer's preview of WHAT ('pull request 42'), to publish at --base-url: its name says "
    "so on every page and feed, and search engines are asked not to index it.",
)
def build(
    content: Path,
    output: Path,
    templates: Path,
    static: Path,
    base_url: str | None,
    repository: str | None,
    branch: str | None,
    cache: bool,
    jobs: int,
    preview: str | None,
) -> None:
    """Check the content, then build the whole site; on any error, site/ is left as it was."""
    for value, name in ((base_url, "--base-url"), (repository, "--repository")):
        problem = web_address_problem(value) if value else None
        if value and not problem and name == "--base-url":
            problem = base_url_problem(value if value.endswith("/") else value + "/")
        if problem:
            raise click.BadParameter(f"the address {problem}", param_hint=name)
    project = Project(
        content=content,
        templates=templates,
        static=static,
        output=output,
        base_url=base_url,
        repository=repository,
        branch=branch,
        cache=output.absolute().parent / CACHE_FOLDER if cache else None,
        workers=jobs,
        preview=preview,
    )
    try:
        result = build_site(project)
    except ContentErrors as failure:
        click.echo(format_errors(failure.errors, "text"))
        click.echo(f"Build failed: {display_path(output)}/ was left as it was.", err=True)
        sys.exit(1)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
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
    from .serve.server import PreviewUnavailable
    from .serve.server import serve as run_preview

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
    type=click.Choice([region.value for region in Region]),
    help="One of England's nine regions: needed only for a council not in Ofsted's record.",
)
@click.option(
    "--website",
    help="The council's website, such as https://www.wokingham.gov.uk/: needed only for a council "
    "not in Ofsted's record (data/ofsted-ilacs/).",
)
@content_option
def new(name: str, region: str | None, website: str | None, content: Path) -> None:
    """Create a council folder, filled in from Ofsted's record, with comments that teach the format."""
    from .editors.new_council import ScaffoldError, create_council, ofsted_record

    if website is not None and not URL_PATTERN.fullmatch(website):
        raise click.BadParameter("give the full address, starting with https://", param_hint="--website")
    record = ofsted_record(name, content)
    if record is not None and region is not None and Region(region) is not record.region:
        raise click.BadParameter(
            f"Ofsted's record places {record.name} in {record.region.value}, not {region}: leave --region out",
            param_hint="--region",
        )
    try:
        folder = create_council(content, name, Region(region) if region else None, website, record)
    except (FileExistsError, ScaffoldError) as problem:
        raise click.UsageError(str(problem)) from None
    if record is not None:
        click.echo(
            f"Created {display_path(folder)}/ from Ofsted's record of {record.name}: {len(record.reports)} "
            "report(s) as imported inspections. Next: write the story in profile.md, then check."
        )
    else:
        click.echo(f"Created {display_path(folder)}/council.yaml and profile.md. Next: add a source, then check.")


@main.command()
@click.argument("base")
@click.argument("head", default="HEAD")
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Plain text for a terminal, or Markdown for a pull request.",
)
@click.option("--output", type=PATH, help="Write the report to this file rather than print it.")
@click.option("--base-url", help="Give pages' addresses under this address (a preview's); by default site.yaml's.")
@click.option("--pages", type=PATH, help="Write the changed and added pages' paths here, one a line (for checks).")
@click.option("--repository", type=PATH, default=Path("."), show_default=True, help="The git repository.")
def changes(
    base: str, head: str, style: str, output: Path | None, base_url: str | None, pages: Path | None, repository: Path
) -> None:
    """Say what changing the site from git revision BASE to HEAD does for readers: councils added,
    removed or renamed, standings and grades changed, inspections and quotations added, removed,
    redated or altered, and every page that changed, with its address. Your working tree is not touched."""
    from .review.changes import MARKDOWN, TEXT, ChangesError, compare_revisions, report

    problem = web_address_problem(base_url) if base_url else None
    if problem:
        raise click.BadParameter(f"the address {problem}", param_hint="--base-url")
    try:
        found = compare_revisions(repository, base, head, base_url)
    except ChangesError as failure:
        click.echo(f"Cannot compare {base} with {head}: {failure}.", err=True)
        sys.exit(1)
    written = report(found, MARKDOWN if style == "markdown" else TEXT)
    if pages is not None:
        pages.write_text("".join(f"{path}\n" for path in found.pages_to_check), encoding="utf-8")
    if output is not None:
        output.write_text(written, encoding="utf-8")
    else:
        click.echo(written, nl=False)


def download_options(function):
    """The options of a command that fetches reports: where from, and how hard to try."""
    function = click.option(
        "--reports-url",
        envvar="OFSTED_REPORTS_URL",
        metavar="URL",
        help="Fetch each report from URL followed by its file number, instead of the row's own link "
        "(a mirror, or a local server in tests). Also read from OFSTED_REPORTS_URL.",
    )(function)
    function = click.option(
        "--deadline",
        type=click.FloatRange(1, 24 * 3600),
        default=1200,
        show_default=True,
        metavar="SECONDS",
        help="How long the whole run may spend on the network; then it stops, keeping what it completed "
        "(each request also has 300 s of its own).",
    )(function)
    return click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=3,
        show_default=True,
        help="Retries of a request that timed out, dropped or got 429 or 5xx, waiting longer each time.",
    )(function)


def web_address(value: str | None, option: str) -> None:
    if value is not None and not value.startswith(("https://", "http://")):
        raise click.BadParameter(f"'{value}' is not a web address: give one starting with https://", param_hint=option)


@main.command("import-ofsted")
@click.argument("history", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("lookup", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@content_option
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False),
    help="The folder of Ofsted's report PDFs, each named by the file number its link ends in "
    "(…/v1/file/50274368 → 50274368.pdf). With --download, .ofsted-reports unless given.",
)
@click.option(
    "--download",
    is_flag=True,
    help="First fetch every report the history links to that is missing from --reports, into it.",
)
@download_options
def import_ofsted_command(
    history: Path,
    lookup: Path,
    content: Path,
    reports: Path | None,
    download: bool,
    reports_url: str | None,
    retries: int,
    deadline: float,
) -> None:
    """Create or update every council's council.yaml from Ofsted's published record.

    HISTORY is the inspection history CSV and LOOKUP the council lookup CSV
    (see data/ofsted-ilacs/README.md). Records marked `imported: true` are updated;
    everything editors wrote is kept, and disagreements are reported as conflicts.
    """
    from .ofsted import ImportFailure, import_ofsted
    from .ofsted.fetch_progress import fetch_reports, progress

    web_address(reports_url, "--reports-url")
    if download:
        from .ofsted.download import REPORTS_FOLDER, Fetcher

        reports = reports or REPORTS_FOLDER
        fetch_reports(
            history,
            reports,
            reports_url,
            Fetcher(retries=retries, run_deadline=deadline),
            otherwise="If you have the reports already, point --reports at their folder and leave out --download.",
        )
    elif reports is not None and not reports.is_dir():
        raise click.BadParameter(
            f"there is no folder '{display_path(reports)}': add --download to fetch the reports into it, "
            "or point --reports at the folder that holds them",
            param_hint="--reports",
        )
    try:
        result = import_ofsted(
            history,
            lookup,
            content,
            display=display_path,
            reports=reports,
            workers=os.cpu_count() or 1,
            progress=lambda total: progress(total, "Reading reports"),
        )
    except ImportFailure as failure:
        click.echo(str(failure), err=True)
        noun = "problem" if len(failure.problems) == 1 else "problems"
        click.echo(f"{len(failure.problems)} {noun}: nothing was imported, and {content}/ is as it was.", err=True)
        sys.exit(1)
    councils = len(result.created) + len(result.updated) + len(result.unchanged)
    finish_import(
        result,
        content,
        f"Imported {result.reports} reports for {councils} councils: {len(result.created)} created, "
        f"{len(result.updated)} updated, {len(result.unchanged)} unchanged.",
    )


def finish_import(result: ImportResult, content: Path, summary: str) -> None:
    """What every import ends with: its anomalies and conflicts, what it did, and the check of
    what it wrote (exit 1 if that does not pass)."""
    for title, notices in (
        ("Anomalies in the data", result.anomalies),
        ("Conflicts with editors' facts", result.conflicts),
    ):
        if notices:
            click.echo(f"{title} ({len(notices)}):")
            click.echo("\n".join(f"  {notice}" for notice in notices))
    click.echo(summary)
    from .load.councils import load_content

    try:
        load_content(content)
    except ContentErrors as failure:
        click.echo(format_errors(failure.errors, "text"))
        click.echo("The imported content does not pass check: fix the errors above.", err=True)
        sys.exit(1)


@main.command("import-send")
@click.argument("record", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@content_option
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False),
    help="The folder of the area SEND reports' PDFs, each named by the file number its link ends in.",
)
def import_send_command(record: Path, content: Path, reports: Path | None) -> None:
    """Add or update each council's area SEND inspections from Ofsted's record.

    RECORD is data/ofsted-send/send_inspections.csv (see its README). Records marked
    `imported: true` are updated; everything editors wrote is kept.
    """
    from .ofsted import ImportFailure
    from .ofsted.send import import_send

    if reports is not None and not reports.is_dir():
        raise click.BadParameter(
            f"there is no folder '{display_path(reports)}': run fetch-send to fetch the reports into it, "
            "or point --reports at the folder that holds them",
            param_hint="--reports",
        )
    try:
        result = import_send(record, content, display=display_path, reports=reports)
    except ImportFailure as failure:
        click.echo(str(failure), err=True)
        click.echo(f"Nothing was imported, and {content}/ is as it was.", err=True)
        sys.exit(1)
    finish_import(
        result,
        content,
        f"Imported {result.reports} area SEND inspections for {len(result.updated) + len(result.unchanged)} "
        f"councils: {len(result.updated)} updated, {len(result.unchanged)} unchanged.",
    )


@main.command("fetch-ofsted")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/ofsted-ilacs"),
    show_default=True,
    help="The folder of the dataset's two CSV files, replaced only by ones that check out.",
)
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".ofsted-reports"),
    show_default=True,
    help="The folder of report PDFs to add the missing ones to (not committed: see .gitignore).",
)
@click.option(
    "--history-url",
    envvar="OFSTED_HISTORY_URL",
    metavar="URL",
    show_default="ofsted_csc_ilacs_history.csv on JT-39/ofsted-ilacs-scrape-tool's main branch",
    help="Where to fetch the inspection history CSV. Also read from OFSTED_HISTORY_URL.",
)
@click.option(
    "--lookup-url",
    envvar="OFSTED_LOOKUP_URL",
    metavar="URL",
    show_default="import_data/la_lookup/Provider_data_lookup.csv there",
    help="Where to fetch the council lookup CSV. Also read from OFSTED_LOOKUP_URL.",
)
@download_options
def fetch_ofsted_command(
    data: Path,
    reports: Path,
    history_url: str | None,
    lookup_url: str | None,
    reports_url: str | None,
    retries: int,
    deadline: float,
) -> None:
    """Fetch the latest Ofsted dataset into --data, then every report it links to that --reports lacks.

    A CSV file is replaced only when the new one is whole and has the dataset's columns;
    a report is saved only when it is a whole PDF. Then run import-ofsted with --reports.
    """
    from .ofsted.download import HISTORY_FILE, HISTORY_URL, LOOKUP_URL, Fetcher, fetch_dataset
    from .ofsted.fetch_progress import fetch_reports, fetched_or_exit

    for value, option in ((history_url, "--history-url"), (lookup_url, "--lookup-url"), (reports_url, "--reports-url")):
        web_address(value, option)
    fetcher = Fetcher(retries=retries, run_deadline=deadline)  # one deadline for the dataset and the reports
    shown = display_path(data)
    fetched_or_exit(
        lambda: fetch_dataset(history_url or HISTORY_URL, lookup_url or LOOKUP_URL, data, fetcher),
        shown,
        "import-ofsted",
    )
    fetch_reports(
        data / HISTORY_FILE,
        reports,
        reports_url,
        fetcher,
        otherwise=f"The dataset in {shown}/ is up to date; run this again when the network is back.",
    )


@main.command("fetch-send")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/ofsted-send"),
    show_default=True,
    help="The folder of the area SEND record, send_inspections.csv, replaced only by one that checks out.",
)
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".ofsted-reports"),
    show_default=True,
    help="The folder of report PDFs to add the missing ones to (the ILACS reports' too: not committed).",
)
@click.option(
    "--spreadsheet-url",
    envvar="OFSTED_SEND_URL",
    metavar="URL",
    show_default="ofsted_csc_send_overview.xlsx on data-to-insight/ofsted-send-scrape-tool's main branch",
    help="Where to fetch data-to-insight's area SEND spreadsheet (.xlsx). Also read from OFSTED_SEND_URL.",
)
@download_options
def fetch_send_command(
    data: Path, reports: Path, spreadsheet_url: str | None, reports_url: str | None, retries: int, deadline: float
) -> None:
    """Fetch data-to-insight's latest area SEND record into --data, then every report it links to
    that --reports lacks.

    The spreadsheet is kept as send_inspections.csv, replaced only when the new one reads as a
    workbook with the record's columns and at least one row; a report is saved only when it is a
    whole PDF. Then run import-send with --reports.
    """
    from .ofsted.download import SEND_FILE, SEND_URL, Fetcher, fetch_send_record
    from .ofsted.fetch_progress import fetch_reports, fetched_or_exit
    from .ofsted.send import SEND_COLUMNS

    for value, option in ((spreadsheet_url, "--spreadsheet-url"), (reports_url, "--reports-url")):
        web_address(value, option)
    fetcher = Fetcher(retries=retries, run_deadline=deadline)
    shown = display_path(data)
    fetched_or_exit(lambda: [fetch_send_record(spreadsheet_url or SEND_URL, data, fetcher)], shown, "import-send")
    fetch_reports(
        data / SEND_FILE,
        reports,
        reports_url,
        fetcher,
        otherwise=f"The record in {shown}/ is up to date; run this again when the network is back.",
        columns=SEND_COLUMNS,
    )


def run() -> None:
    """The command line as a program. Once a command has finished and said so, the process ends
    without Python's tear-down: after a build holding every council in memory, a last collection
    and the freeing of each object one by one kept the terminal waiting 1.2 s (1,530 councils)
    for nothing, since the system takes the memory back whole."""
    try:
        main()
        code = 0
    except SystemExit as finished:
        code = finished.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
