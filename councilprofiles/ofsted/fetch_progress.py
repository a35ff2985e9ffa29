"""A fetch told to the person running it: progress at a terminal (or a line every few files in a
log), then what was fetched, and on failure why, what was kept and what to do, with exit 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import display_path

if TYPE_CHECKING:
    from .download import CsvUpdate, Fetcher


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A bar at a terminal; in CI or a log, a line every few files (to stderr: stdout is the report)."""
    stream = click.get_text_stream("stderr")
    if total == 0:
        yield lambda: None
    elif stream.isatty() and os.environ.get("CI", "").lower() in ("", "0", "false"):
        with click.progressbar(length=total, label=label, file=stream, show_pos=True, show_eta=True) as bar:
            yield lambda: bar.update(1)
    else:
        step = max(1, min(25, total // 10))
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            if done % step == 0 or done == total:
                click.echo(f"{label}: {done} of {total}", err=True)

        click.echo(f"{label}: {total} in all", err=True)
        yield advance


def fetch_reports(
    history: Path,
    folder: Path,
    reports_url: str | None,
    fetcher: Fetcher,
    otherwise: str,
    columns: tuple[str, ...] | None = None,
) -> None:
    """Fetch the reports HISTORY (or the SEND record, with its `columns`) links to that FOLDER
    lacks, and say how it went.

    Exits 1, saying so and what to do `otherwise`, when nothing can be reached or the run's
    deadline passes.
    """
    from . import ImportFailure
    from .download import OutOfTime, Unreachable, download_reports, missing_reports, report_links

    shown = display_path(folder)
    try:
        links, unusable = report_links(history, display_path(history), *([columns] if columns else []))
        present, missing = missing_reports(links, folder)
        with progress(len(missing), "Downloading reports") as advance:
            result = download_reports(missing, folder, fetcher, advance, mirror=reports_url)
    except OutOfTime as stopped:
        done = stopped.result.downloaded if stopped.result else []
        click.echo(
            f"Stopped: {stopped} (--deadline). The {len(done)} report{'s' if len(done) != 1 else ''} downloaded "
            f"whole are kept in {shown}/; run the command again to fetch the rest.",
            err=True,
        )
        sys.exit(1)
    except ImportFailure as failure:
        click.echo(str(failure), err=True)
        sys.exit(1)
    except Unreachable as failure:
        done = failure.result.downloaded if failure.result else []
        click.echo(
            f"Cannot reach {failure.host}: {failure.reason}. The network is unreachable (or the address is wrong), "
            f"so the download stopped: {len(done)} report{'s' if len(done) != 1 else ''} downloaded into {shown}/. "
            + otherwise,
            err=True,
        )
        sys.exit(1)
    except OSError as problem:
        click.echo(f"{shown}: cannot write the reports there ({problem.strerror or problem}).", err=True)
        sys.exit(1)
    failed = unusable + result.failed
    click.echo(
        f"Reports in {shown}/: downloaded {len(result.downloaded)}, already had {len(present)}, "
        f"failed {len(failed)}{':' if failed else '.'}"
    )
    for failure in failed:
        click.echo(f"  {failure}")


def fetched_or_exit(fetch: Callable[[], list[CsvUpdate]], shown: str, importer: str) -> None:
    """Run a dataset's `fetch` into the folder `shown`, print what it did to each file, and on any
    failure say why, that the folder was left as it was, and exit 1."""
    from .download import FetchError, OutOfTime, Unreachable

    try:
        updates = fetch()
    except OutOfTime as stopped:
        click.echo(f"Stopped: {stopped} (--deadline). {shown}/ was left as it was.", err=True)
        sys.exit(1)
    except Unreachable as failure:
        click.echo(
            f"Cannot reach {failure.host}: {failure.reason}. The network is unreachable (or the address is wrong): "
            f"{shown}/ was left as it was. To import the reports you already have, run {importer} with "
            "--reports pointing at their folder.",
            err=True,
        )
        sys.exit(1)
    except FetchError as failure:
        click.echo(f"{failure.reason}. {shown}/ was left as it was.", err=True)
        sys.exit(1)
    except OSError as problem:
        click.echo(f"{shown}: cannot write there ({problem.strerror or problem}).", err=True)
        sys.exit(1)
    for update in updates:
        if not update.changed:
            click.echo(f"{display_path(update.path)}: unchanged ({update.rows_after} rows).")
        elif update.rows_before is None:
            click.echo(f"{display_path(update.path)}: fetched ({update.rows_after} rows).")
        else:
            click.echo(f"{display_path(update.path)}: updated ({update.rows_before} → {update.rows_after} rows).")
