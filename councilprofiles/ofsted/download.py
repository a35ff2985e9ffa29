"""Fetching Ofsted's record: the dataset's latest CSV files, and the report PDFs its rows link to.

Built for an unattended weekly run as much as for a person at a terminal: requests are
retried with backoff on timeouts, dropped connections, 429 and 5xx (honouring
Retry-After); a file appears in its folder only once it is complete and checked (a PDF,
or a CSV with the dataset's columns), through a temporary file renamed into place; a web
page where a report should be is reported, never saved as one; and when nothing answers
at all the caller gets one `Unreachable`, not a failure per file.
"""

from __future__ import annotations

import csv
import email.utils
import filecmp
import http.client
import os
import platform
import random
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import visible
from .dataset import HISTORY_COLUMNS, LOOKUP_COLUMNS, ImportFailure, file_number, read_csv
from .send import SEND_COLUMNS
from .spreadsheet import SpreadsheetError, sheet_rows

# Where the upstream scraper keeps the two files (JT-39/ofsted-ilacs-scrape-tool, branch main):
# the history at the top of the repository, the lookup among its import data.
UPSTREAM = "https://raw.githubusercontent.com/JT-39/ofsted-ilacs-scrape-tool/main/"
HISTORY_URL = UPSTREAM + "ofsted_csc_ilacs_history.csv"
LOOKUP_URL = UPSTREAM + "import_data/la_lookup/Provider_data_lookup.csv"
HISTORY_FILE = "ofsted_csc_ilacs_history.csv"
LOOKUP_FILE = "Provider_data_lookup.csv"
REPORTS_FOLDER = Path(".ofsted-reports")
# data-to-insight's area SEND scrape (ofsted-send-scrape-tool, branch main, refreshed weekly)
# publishes its record only as a workbook, kept here as the CSV the import reads. Its reports are
# Ofsted's files like the ILACS ones, named by file number, so they share the reports folder.
SEND_URL = (
    "https://raw.githubusercontent.com/data-to-insight/ofsted-send-scrape-tool/main/ofsted_csc_send_overview.xlsx"
)
SEND_FILE = "send_inspections.csv"
# A formula linking into the scraper's own folders: meaningless outside its repository.
SEND_DROPPED_COLUMNS = ("local_link_to_all_inspections",)
# How the scraper (pandas) writes a cell it has nothing for; the CSV leaves such a cell empty.
SPREADSHEET_NOTHING = "nan"
WORKBOOK_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/octet-stream;q=0.9"
WORKBOOK_START = b"PK\x03\x04"  # a workbook is a zip archive

USER_AGENT = (
    "CouncilImprovementProfiles/0.1 (a public record of councils' children's services, fetching "
    f"Ofsted's published reports; Python-urllib/{platform.python_version()})"
)
TIMEOUT = 60.0  # seconds a request may wait for the server before it counts as failed
# Seconds one request may take in all, however steadily the server trickles: a report is under
# 1 MB (the largest of the 493 is 0.9 MB), so this allows under 200 KB/s for the largest allowed.
REQUEST_DEADLINE = 300.0
# Seconds the whole run may spend on the network (`--deadline`): under the weekly workflow's
# 30-minute limit, so that the run ends by itself, saying what it did, before GitHub stops it.
RUN_DEADLINE = 1200.0
# The largest file taken, in bytes: the real history CSV is 0.11 MB, the lookup 0.06 MB and
# the largest report 0.9 MB. Anything larger is refused while it arrives, never held whole.
CSV_LIMIT = 20 * 1024 * 1024
PDF_LIMIT = 50 * 1024 * 1024
RETRIES = 3  # further attempts after the first, for failures that may pass
BACKOFF = 1.0  # seconds before the first retry; doubled for each one after
LONGEST_WAIT = 120.0  # a Retry-After longer than this gives the file up instead of stalling the run
WORKERS = 4  # parallel downloads: quick for a person, gentle on Ofsted's server
UNREACHABLE_STREAK = 5  # files in a row failing to connect, after some worked: the network went away
CHUNK = 64 * 1024
PDF_START = b"%PDF-"
PDF_END = b"%%EOF"  # every one of the 493 real reports has it within its last kilobyte


class Unreachable(Exception):
    """Nothing answered: no network, names not resolving, or a wrong address."""

    def __init__(self, host: str, reason: str) -> None:
        host, reason = visible(host), visible(reason)  # both may come from the network or the CSV
        super().__init__(f"cannot reach {host}: {reason}")
        self.host = host
        self.reason = reason
        self.result: DownloadResult | None = None


class OutOfTime(Exception):
    """The run's own deadline passed: it stops, keeping every file it completed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the run's time limit of {seconds:.0f} s ran out")
        self.seconds = seconds
        self.result: DownloadResult | None = None


class FetchError(Exception):
    """One file could not be had (after retrying, where retrying might have helped)."""

    def __init__(self, reason: str, *, connection: bool = False, retry: bool = False, wait: float | None = None):
        reason = visible(reason)  # it quotes servers' words and addresses: never a terminal's commands
        super().__init__(reason)
        self.reason = reason
        self.connection = connection  # nothing answered (as opposed to an answer we could not use)
        self.retry = retry
        self.wait = wait  # the server's Retry-After, in seconds


@dataclass(frozen=True)
class ReportLink:
    """A row of the history that links to a report, and the file its report is kept in."""

    source: str
    line: int
    url: str
    number: str

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"

    def where(self) -> str:
        return visible(f"{self.source}:{self.line}: {self.url}")


@dataclass
class FailedReport:
    link: ReportLink
    reason: str

    def __str__(self) -> str:
        return f"{self.link.where()}: {self.reason}"


@dataclass
class DownloadResult:
    downloaded: list[ReportLink] = field(default_factory=list)
    present: list[ReportLink] = field(default_factory=list)
    failed: list[FailedReport] = field(default_factory=list)


@dataclass(frozen=True)
class CsvUpdate:
    """What fetching one of the dataset's files did to the copy in the data folder."""

    path: Path
    url: str
    rows_before: int | None
    rows_after: int
    changed: bool


def report_path(folder: Path, url: str) -> Path | None:
    """Where the report a link points to is kept in a reports folder (None if the link names no file)."""
    number = file_number(url)
    return folder / f"{number}.pdf" if number else None


def report_links(
    history: Path, shown: str, columns: tuple[str, ...] = HISTORY_COLUMNS
) -> tuple[list[ReportLink], list[FailedReport]]:
    """Each report a record links to (the ILACS history, or the SEND record with its `columns`),
    once; and the links no file can be named after.

    Rows without a link are left to the import, which reports them; a CSV without `columns`
    raises ImportFailure.
    """
    links: dict[str, ReportLink] = {}
    unusable: list[FailedReport] = []
    for line, row in read_csv(history, columns):
        url = row["inspection_link"]
        if not url.startswith(("https://", "http://")):
            continue
        number = file_number(url)
        link = ReportLink(shown, line, url, number or "")
        if number is None:
            unusable.append(
                FailedReport(link, "the link does not end in a file number (1 to 12 digits) to name the report after")
            )
        elif number not in links:
            links[number] = link
    return list(links.values()), unusable


def is_whole_pdf(path: Path) -> bool:
    """Whether the file begins and ends as a PDF does (a file cut short, or a web page, does not)."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(PDF_START)) != PDF_START:
                return False
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 1024))
            return PDF_END in handle.read()
    except OSError:
        return False


def missing_reports(links: list[ReportLink], folder: Path) -> tuple[list[ReportLink], list[ReportLink]]:
    """The reports already in the folder, and those to fetch (absent, or not a whole PDF)."""
    present, missing = [], []
    for link in links:
        (present if is_whole_pdf(folder / link.filename) else missing).append(link)
    return present, missing


class Fetcher:
    """HTTP GET into a temporary file beside the destination, retried where that can help."""

    def __init__(
        self,
        retries: int = RETRIES,
        timeout: float = TIMEOUT,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        request_deadline: float = REQUEST_DEADLINE,
        run_deadline: float | None = None,
    ) -> None:
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self.sleep = sleep
        self.request_deadline = request_deadline
        # The run's deadline (seconds from now): no request outlives it, and none starts after it.
        self.run_deadline = run_deadline
        self.run_ends = None if run_deadline is None else time.monotonic() + run_deadline
        # Set once any server answers at all, even with an error: from then on a failure to
        # connect is that file's problem, not the network's. Threads only ever set it.
        self.reached = False

    def fetch(
        self, url: str, folder: Path, accept: str, limit: int, check: Callable[[Path, str], None] | None = None
    ) -> Path:
        """A complete copy of `url` (at most `limit` bytes) in a temporary file in `folder`;
        FetchError if none could be had, OutOfTime once the run's deadline has passed.

        `check(path, content_type)` raises FetchError for a body that is not what was wanted.
        """
        attempt = 0
        while True:
            if self.run_ends is not None and time.monotonic() >= self.run_ends:
                raise OutOfTime(self.run_deadline or 0.0)
            try:
                return self.once(url, folder, accept, limit, check)
            except OutOfTime:
                raise OutOfTime(self.run_deadline or 0.0) from None
            except FetchError as failure:
                if not failure.retry or attempt >= self.retries:
                    raise
                wait = failure.wait
                if wait is None:
                    wait = self.backoff * 2**attempt * random.uniform(0.5, 1.0)
                elif wait > LONGEST_WAIT:
                    raise FetchError(f"{failure.reason}, and the server asked us to wait {wait:.0f} s") from None
                attempt += 1
                if self.run_ends is not None:
                    wait = min(wait, max(0.0, self.run_ends - time.monotonic()))
                self.sleep(wait)

    def once(self, url: str, folder: Path, accept: str, limit: int, check: Callable[[Path, str], None] | None) -> Path:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
        temporary = Path(name)
        seconds = self.request_deadline
        if self.run_ends is not None:
            seconds = min(seconds, self.run_ends - time.monotonic())
        watchdog = Watchdog(seconds, ends_run=seconds < self.request_deadline)
        try:
            with os.fdopen(descriptor, "wb") as out:
                content_type = self.copy(request, out, watchdog, limit)
            if check is not None:
                check(temporary, content_type)
            temporary.chmod(0o644)  # mkstemp makes it private; the folder's other files are not
            return temporary
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            watchdog.close()

    def copy(self, request: urllib.request.Request, out: BinaryIO, watchdog: Watchdog, limit: int) -> str:
        """Write the response body to `out`, at most `limit` bytes, within the watchdog's time; the
        body's content type."""
        try:
            response = watchdog.opener().open(request, timeout=min(self.timeout, max(watchdog.seconds, 0.001)))
        except urllib.error.HTTPError as error:
            self.reached = True
            error.close()
            reason = f"HTTP {error.code} {error.reason}"
            if error.code == 429 or error.code >= 500:
                raise FetchError(reason, retry=True, wait=retry_after(error.headers.get("Retry-After"))) from None
            raise FetchError(reason) from None
        except urllib.error.URLError as error:
            watchdog.check(0)
            raise FetchError(connection_problem(error.reason), connection=True, retry=True) from None
        except (http.client.HTTPException, OSError) as error:
            watchdog.check(0)
            raise FetchError(connection_problem(error), connection=True, retry=True) from None
        with response:
            self.reached = True
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            if expected is not None and expected > limit:
                raise FetchError(f"the server would send {expected:,} bytes, over the limit of {limit:,}: not fetched")
            received = 0
            while True:
                try:
                    chunk = response.read1(CHUNK)
                except (http.client.HTTPException, OSError) as error:
                    watchdog.check(received)
                    raise FetchError(dropped(received, expected, error), retry=True) from None
                if not chunk:
                    break
                received += len(chunk)
                if received > limit:
                    raise FetchError(f"more than the limit of {limit:,} bytes came: not saved")
                out.write(chunk)
            watchdog.check(received)  # a connection the watchdog shut can look like a body that ended
            if expected is not None and received != expected:
                raise FetchError(dropped(received, expected, None), retry=True)
            return response.headers.get_content_type()


class Watchdog:
    """Ends one request when its time is up, however the server trickles: socket timeouts only
    count silence, so a byte a second would otherwise keep a request alive for ever. It keeps
    its own handle on each connection the request opens, and shuts them down at the deadline,
    which wakes whatever is waiting on them (connecting securely, headers or body)."""

    def __init__(self, seconds: float, ends_run: bool) -> None:
        self.seconds = seconds
        self.ends_run = ends_run  # the run's deadline comes first, not the request's own
        self.fired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(seconds, 0.0), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def connect(
        self, address: tuple[str, int], timeout: float | None = None, source_address: tuple[str, int] | None = None
    ) -> socket.socket:
        """socket.create_connection, watched."""
        connection = socket.create_connection(address, timeout, source_address)
        with self.lock:
            if self.fired:
                connection.close()
                raise TimeoutError("the request's time is up")
            self.sockets.append(connection.dup())  # outlives a TLS wrap, and is never another's descriptor
        return connection

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for connection in self.sockets:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.timer.cancel()
        with self.lock:
            for connection in self.sockets:
                connection.close()
            self.sockets.clear()

    def check(self, received: int) -> None:
        """Raise if the deadline has passed: OutOfTime for the run's, FetchError for the request's."""
        if not self.fired:
            return
        if self.ends_run:
            raise OutOfTime(0.0)
        raise FetchError(f"not complete within {self.seconds:.0f} s ({received:,} bytes came): given up")

    def opener(self) -> urllib.request.OpenerDirector:
        """HTTP and HTTPS through watched connections, and no other kind of address (a redirect to
        ftp:// or file:// is refused: neither could be watched)."""
        watchdog = self

        def watched(base: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
            def connection(*args: object, **kwargs: object) -> http.client.HTTPConnection:
                made = base(*args, **kwargs)  # type: ignore[arg-type]
                made._create_connection = watchdog.connect  # type: ignore[attr-defined]
                return made

            return connection

        class WatchedHTTP(urllib.request.HTTPHandler):
            def http_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(watched(http.client.HTTPConnection), request)

        class WatchedHTTPS(urllib.request.HTTPSHandler):
            def https_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(watched(http.client.HTTPSConnection), request, context=self._context)  # type: ignore[attr-defined]

        opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.UnknownHandler(),
            WatchedHTTP(),
            WatchedHTTPS(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPRedirectHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            opener.add_handler(handler)
        return opener


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def connection_problem(reason: object) -> str:
    """Why a connection could not be made, in words."""
    if isinstance(reason, socket.gaierror):
        return f"the name could not be looked up ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {TIMEOUT:.0f} s"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection failed ({reason.reason or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[0].lower() + reason.strerror[1:]
    return str(reason)


def dropped(received: int, expected: int | None, error: BaseException | None) -> str:
    of = f" of {expected:,}" if expected is not None else ""
    why = " (no data for a while)" if isinstance(error, TimeoutError) else ""
    return f"the connection dropped after {received:,}{of} bytes{why}"


def check_pdf(path: Path, content_type: str) -> None:
    """A whole PDF, or FetchError saying what came instead."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(200)
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    if not head.startswith(PDF_START):
        page = content_type == "text/html" or head.lstrip()[:1] == b"<"
        what = "a web page" if page else "something other than a PDF"
        raise FetchError(
            f"{what} came back instead of the report ({content_type}, {size:,} bytes, "
            f"starting {preview(head)}): not saved"
        )
    if PDF_END not in tail:
        raise FetchError(f"the PDF came back incomplete ({size:,} bytes, no end-of-file marker)", retry=True)


def preview(head: bytes) -> str:
    text = " ".join(head[:60].decode("utf-8", "replace").split())
    return repr(text + ("…" if len(head) > 60 else ""))


def download_reports(
    links: list[ReportLink],
    folder: Path,
    fetcher: Fetcher,
    advance: Callable[[], None] = lambda: None,
    mirror: str | None = None,
    workers: int = WORKERS,
) -> DownloadResult:
    """Fetch each report into `folder/<number>.pdf`, calling `advance` as each one finishes.

    `mirror`, when given, is an address the file number is appended to, used instead of
    each row's own link. Raises Unreachable (holding what was done) when nothing answers.
    """
    folder.mkdir(parents=True, exist_ok=True)
    remove_abandoned(folder)
    result = DownloadResult()

    def fetch_one(link: ReportLink) -> None:
        url = f"{mirror.rstrip('/')}/{link.number}" if mirror else link.url
        temporary = fetcher.fetch(url, folder, "application/pdf,*/*;q=0.8", PDF_LIMIT, check_pdf)
        try:
            os.replace(temporary, folder / link.filename)
        except BaseException:
            temporary.unlink(missing_ok=True)  # never a hidden half of a report left behind
            raise

    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="ofsted-download")
    try:
        futures: dict[Future[None], ReportLink] = {pool.submit(fetch_one, link): link for link in links}
        streak = 0
        for future in as_completed(futures):
            link = futures[future]
            try:
                future.result()
            except OutOfTime as stopped:
                stopped.result = result
                raise
            except FetchError as failure:
                result.failed.append(FailedReport(link, failure.reason))
                streak = streak + 1 if failure.connection else 0
                if failure.connection and (not fetcher.reached or streak >= UNREACHABLE_STREAK):
                    unreachable = Unreachable(urllib.parse.urlsplit(mirror or link.url).netloc, failure.reason)
                    unreachable.result = result
                    raise unreachable from None
            else:
                result.downloaded.append(link)
                streak = 0
            advance()
    finally:
        # On any way out (done, unreachable, Ctrl-C) start nothing new; wait for those running,
        # each of which renames a whole file into place or removes its temporary one.
        pool.shutdown(wait=True, cancel_futures=True)
    result.downloaded.sort(key=lambda link: link.line)
    result.failed.sort(key=lambda failed: failed.link.line)
    return result


def remove_abandoned(folder: Path, older_than: float = 3600.0) -> None:
    """Temporary files a killed run left behind (an hour old: never one a running download is writing)."""
    now = time.time()
    for path in folder.glob(".*.part"):
        try:
            if now - path.stat().st_mtime > older_than:
                path.unlink()
        except OSError:
            pass


def count_rows(path: Path, columns: tuple[str, ...], shown: str) -> int:
    """Rows in a CSV with every one of `columns`; FetchError naming `shown` if it is not such a file."""
    try:
        return sum(1 for _ in read_csv(path, columns))
    except ImportFailure as failure:
        raise FetchError(str(failure).replace(str(path), shown, 1)) from None


@dataclass(frozen=True)
class DatasetFile:
    """One file of a dataset to fetch: where from, its name in the data folder, the columns the
    import needs, and for a file published as something other than a CSV, how it becomes one."""

    url: str
    name: str
    columns: tuple[str, ...]
    accept: str = "text/csv, text/plain;q=0.9"
    check: Callable[[Path, str], None] | None = None
    convert: Callable[[Path, Path], None] | None = None
    """Writes the CSV kept (the second path) from the file fetched (the first); FetchError if it cannot."""


def fetch_dataset(history_url: str, lookup_url: str, data: Path, fetcher: Fetcher) -> list[CsvUpdate]:
    """Replace the ILACS history and lookup CSVs in `data` with the latest, only once both are checked."""
    return fetch_files(
        [DatasetFile(history_url, HISTORY_FILE, HISTORY_COLUMNS), DatasetFile(lookup_url, LOOKUP_FILE, LOOKUP_COLUMNS)],
        data,
        fetcher,
    )


def fetch_send_record(url: str, data: Path, fetcher: Fetcher) -> CsvUpdate:
    """Replace the area SEND record's CSV in `data` with data-to-insight's latest workbook, once checked."""
    wanted = DatasetFile(url, SEND_FILE, SEND_COLUMNS, WORKBOOK_TYPES, check_workbook, workbook_to_csv)
    return fetch_files([wanted], data, fetcher)[0]


def fetch_files(files: list[DatasetFile], data: Path, fetcher: Fetcher) -> list[CsvUpdate]:
    """Replace each of `files` in `data` with the latest, only once every one is checked.

    Any file failing (unreachable, not CSV, wrong columns, no rows) raises FetchError or
    Unreachable and leaves all of them as they were, with no temporary file behind.
    """
    data.mkdir(parents=True, exist_ok=True)
    temporaries: list[Path] = []
    fetched: list[tuple[Path, DatasetFile, int]] = []
    try:
        for wanted in files:
            try:
                temporary = fetcher.fetch(wanted.url, data, wanted.accept, CSV_LIMIT, wanted.check)
                temporaries.append(temporary)
                if wanted.convert is not None:
                    descriptor, name = tempfile.mkstemp(dir=data, prefix=".", suffix=".part")
                    os.close(descriptor)
                    temporaries.append(Path(name))
                    wanted.convert(temporary, Path(name))
                    temporary = Path(name)
                    temporary.chmod(0o644)  # mkstemp makes it private; the folder's other files are not
            except FetchError as failure:
                if failure.connection and not fetcher.reached:
                    raise Unreachable(urllib.parse.urlsplit(wanted.url).netloc, failure.reason) from None
                raise FetchError(f"{wanted.url}: {failure.reason}") from None
            rows = count_rows(temporary, wanted.columns, wanted.url)
            if rows == 0:
                raise FetchError(f"{wanted.url}: the file has a header but no rows: not used")
            fetched.append((temporary, wanted, rows))
        updates = []
        for temporary, wanted, rows in fetched:
            path = data / wanted.name
            before = previous_rows(path)
            changed = not path.exists() or not filecmp.cmp(path, temporary, shallow=False)
            if changed:
                os.replace(temporary, path)
            updates.append(CsvUpdate(path, wanted.url, before, rows, changed))
        return updates
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def check_workbook(path: Path, content_type: str) -> None:
    """A zip archive, as every workbook is, or FetchError saying what came instead."""
    with path.open("rb") as handle:
        head = handle.read(200)
    if not head.startswith(WORKBOOK_START):
        page = content_type == "text/html" or head.lstrip()[:1] == b"<"
        what = "a web page" if page else "something other than a workbook"
        raise FetchError(
            f"{what} came back instead of the spreadsheet ({content_type}, {path.stat().st_size:,} bytes, "
            f"starting {preview(head)}): not used"
        )


def workbook_to_csv(workbook: Path, out: Path) -> None:
    """The workbook's first sheet as the CSV the import reads, every cell's text as it is, but for
    the columns dropped and the scraper's "nan" for nothing. Applied to the snapshot of 29 June
    2026 this gives data/ofsted-send/send_inspections.csv byte for byte."""
    try:
        rows = sheet_rows(workbook, CSV_LIMIT)
        number, header = next(rows, (0, []))
        kept = [index for index, name in enumerate(header) if name not in SEND_DROPPED_COLUMNS]
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([header[index] for index in kept])
            for number, cells in rows:
                if len(cells) > len(header):
                    raise FetchError(f"row {number} of the spreadsheet has cells beyond its header: not used")
                cells += [""] * (len(header) - len(cells))
                if any(cells):
                    writer.writerow(["" if cells[i] == SPREADSHEET_NOTHING else cells[i] for i in kept])
    except SpreadsheetError as problem:
        raise FetchError(f"the spreadsheet cannot be read: {problem}") from None


def previous_rows(path: Path) -> int | None:
    try:
        return sum(1 for _ in read_csv(path, ()))
    except ImportFailure:
        return None
