"""Fetching Ofsted's record, against a local HTTP server standing in for the network.

No test here touches the real network: every address is the local server's (or a port
nothing listens on), passed as the commands' URL options; the one name lookup that fails
is made to fail in-process.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import re
import select
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
import yaml
from support import ROOT, free_port, run_cli

from councilprofiles.ofsted import download
from councilprofiles.ofsted.download import (
    CSV_LIMIT,
    PDF_LIMIT,
    REPORTS_FOLDER,
    USER_AGENT,
    Fetcher,
    FetchError,
    OutOfTime,
    Unreachable,
    download_reports,
    missing_reports,
    report_links,
)

DATA = ROOT / "data" / "ofsted-ilacs"
OFSTED = "https://files.ofsted.gov.uk/v1/file/"


def tiny_pdf(text: str) -> bytes:
    """A small but valid one-page PDF showing `text` (objects, cross-reference table and trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDFS = {number: tiny_pdf(f"Report {number}") for number in ("101", "102", "103", "203")}
PAGE = b"<!DOCTYPE html><html><head><title>Ofsted | Page not available</title></head><body></body></html>"
# File numbers and what the server does for each; the history links to them in this order.
GOOD = ["101", "102", "103"]
WEB_PAGE, MISSING, BUSY_ONCE, DROPS, CUT_SHORT = "201", "202", "203", "204", "205"
# Hostile answers, asked for only by the tests that want them.
ESCAPES, TRICKLE, ENDLESS, HUGE = "206", "207", "208", "209"
# A status line's reason carrying a terminal title change (ESC ] 0 ; … BEL) and a C1 control (CSI).
HOSTILE_REASON = "Not Found\x1b]0;owned\x07\x9b31m"
TRICKLED_BYTES = 120  # a byte a second: two minutes at most, and it stops with the test
ORDER = [*GOOD, WEB_PAGE, MISSING, BUSY_ONCE, DROPS, CUT_SHORT]


def history_csv(numbers: list[str]) -> bytes:
    """The real history's first rows (real councils, so the import can run), linked to these file numbers."""
    with (DATA / "ofsted_csc_ilacs_history.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row, _ in zip(reader, numbers, strict=False)]
        fields = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row, number in zip(rows, numbers, strict=True):
        writer.writerow({**row, "inspection_link": OFSTED + number})
    return out.getvalue().encode()


class Server(ThreadingHTTPServer):
    """Ofsted's file server and the dataset's repository, on 127.0.0.1, keeping a log of requests."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[tuple[str, str]] = []
        self.files: dict[str, bytes] = {
            "/data/history.csv": history_csv(ORDER),
            "/data/lookup.csv": (DATA / "Provider_data_lookup.csv").read_bytes(),
            "/data/page.html": PAGE,
        }
        self.busy: dict[str, tuple[int, str]] = {}  # path → (times still to answer 503, Retry-After)
        self.any_number = False  # serve a PDF for every file number, as Ofsted's server would
        self.stopped = threading.Event()  # set when the test ends: slow and endless answers stop

    def asked(self, path: str) -> int:
        return sum(1 for asked, _ in self.requests if asked == path)


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str, length: int | None = None, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def trickle(self, data: bytes) -> None:
        """Send `data` a byte a second, as a server that never quite goes silent."""
        for byte in data:
            try:
                self.wfile.write(bytes([byte]))
            except OSError:
                return  # the client gave up
            if self.server.stopped.wait(1.0):
                return

    def endless(self, row: bytes) -> None:
        """A body with no end in sight (no length given): rows until the client hangs up, the test
        ends, or four times the CSV limit has gone (so that a client without limits cannot fill the disk)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        block = row * (64 * 1024 // len(row))
        for _ in range(4 * CSV_LIMIT // len(block)):
            if self.server.stopped.is_set():
                return
            try:
                self.wfile.write(block)
            except OSError:
                return

    def do_GET(self) -> None:
        path = self.path
        self.server.requests.append((path, self.headers.get("User-Agent", "")))
        number = path.removeprefix("/v1/file/")
        if path == "/slow/history.csv":
            self.close_connection = True
            self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n\r\n".ljust(TRICKLED_BYTES, b"x"))
        elif path == "/endless/history.csv":
            self.close_connection = True
            self.endless(b"80582,wokingham,https://files.ofsted.gov.uk/v1/file/50092686,,,,,,,,,,,\n")
        elif number == TRICKLE:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.close_connection = True
            self.trickle(b"%PDF-1.4\n".ljust(TRICKLED_BYTES, b"x"))
        elif number == ENDLESS:
            self.close_connection = True
            self.endless(b"%PDF-1.4 and on and on\n")
        elif number == HUGE:
            self.send(200, b"", "application/pdf", 10**12)
            self.close_connection = True
        elif number == ESCAPES:
            self.send_response(404, HOSTILE_REASON)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in self.server.busy and self.server.busy[path][0] > 0:
            times, wait = self.server.busy[path]
            self.server.busy[path] = (times - 1, wait)
            self.send(503, b"busy", "text/plain", 4, Retry_After=wait)
        elif path in self.server.files:
            body = self.server.files[path]
            kind = "text/html" if body.startswith(b"<") else "text/csv"
            self.send(200, body, kind, len(body))
        elif number == BUSY_ONCE and self.server.asked(path) == 1:
            self.send(503, b"busy", "text/plain", 4, Retry_After="0")
        elif number in PDFS:
            self.send(200, PDFS[number], "application/pdf", len(PDFS[number]))
        elif self.server.any_number and number.isdigit():
            body = tiny_pdf(f"Report {number}")
            self.send(200, body, "application/pdf", len(body))
        elif number == WEB_PAGE:
            self.send(200, PAGE, "text/html; charset=utf-8", len(PAGE))
        elif number == DROPS:
            # Promise 5,000 bytes, send 100 of a PDF, hang up.
            self.send(200, tiny_pdf("dropped")[:100], "application/pdf", 5000)
            self.close_connection = True
        elif number == CUT_SHORT:
            # No length given, and the body stops before the PDF's end: only the PDF itself can tell.
            self.send(200, tiny_pdf("cut short")[:150], "application/pdf")
            self.close_connection = True
        else:
            self.send(404, b"Not Found", "text/plain", 9)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.stopped.set()
    running.shutdown()
    running.server_close()


def fetch(server: Server, data: Path, reports: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "fetch-ofsted",
        "--data",
        str(data),
        "--reports",
        str(reports),
        "--history-url",
        f"{server.url}/data/history.csv",
        "--lookup-url",
        f"{server.url}/data/lookup.csv",
        "--reports-url",
        f"{server.url}/v1/file/",
        "--retries",
        "1",
        *more,
    )


def every_file(folder: Path) -> list[str]:
    """Every file in the folder, hidden ones included: a half-written file would show here."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_fetch_saves_the_dataset_and_each_whole_report_and_reports_the_rest(server: Server, tmp_path: Path) -> None:
    data, reports = tmp_path / "data", tmp_path / "reports"
    result = fetch(server, data, reports)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (data / "ofsted_csc_ilacs_history.csv").read_bytes() == server.files["/data/history.csv"]
    assert (data / "Provider_data_lookup.csv").read_bytes() == server.files["/data/lookup.csv"]
    assert every_file(data) == ["Provider_data_lookup.csv", "ofsted_csc_ilacs_history.csv"]
    # The four whole PDFs (one after a 503), byte for byte; nothing else, not even a temporary file.
    assert every_file(reports) == ["101.pdf", "102.pdf", "103.pdf", "203.pdf"]
    for number, body in PDFS.items():
        assert (reports / f"{number}.pdf").read_bytes() == body
    assert server.asked(f"/v1/file/{BUSY_ONCE}") == 2

    out = result.stdout
    assert "ofsted_csc_ilacs_history.csv: fetched (8 rows)." in out
    assert "downloaded 4, already had 0, failed 4:" in out
    history = os.path.relpath(data / "ofsted_csc_ilacs_history.csv", ROOT)
    line = {number: index + 2 for index, number in enumerate(ORDER)}  # the header is line 1
    assert (
        f"  {history}:{line[WEB_PAGE]}: {OFSTED}{WEB_PAGE}: a web page came back instead of the report "
        f"(text/html, {len(PAGE)} bytes, starting '<!DOCTYPE html><html><head><title>Ofsted | Page not availabl…'): "
        "not saved"
    ) in out
    assert f"  {history}:{line[MISSING]}: {OFSTED}{MISSING}: HTTP 404 Not Found" in out
    assert f"  {history}:{line[DROPS]}: {OFSTED}{DROPS}: the connection dropped after 100 of 5,000 bytes" in out
    assert f"  {history}:{line[CUT_SHORT]}: {OFSTED}{CUT_SHORT}: the PDF came back incomplete" in out
    assert "Traceback" not in result.stderr
    assert {agent for _, agent in server.requests} == {USER_AGENT}


def test_a_second_run_fetches_no_report_it_has(server: Server, tmp_path: Path) -> None:
    data, reports = tmp_path / "data", tmp_path / "reports"
    assert fetch(server, data, reports).returncode == 0
    before = len(server.requests)
    second = fetch(server, data, reports)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "ofsted_csc_ilacs_history.csv: unchanged (8 rows)." in second.stdout
    assert "downloaded 0, already had 4, failed 4:" in second.stdout
    asked_again = {path for path, _ in server.requests[before:]}
    assert not asked_again & {f"/v1/file/{number}" for number in PDFS}
    assert every_file(reports) == ["101.pdf", "102.pdf", "103.pdf", "203.pdf"]


def test_a_file_that_is_not_a_whole_pdf_is_fetched_again_and_replaced(server: Server, tmp_path: Path) -> None:
    data, reports = tmp_path / "data", tmp_path / "reports"
    reports.mkdir()
    (reports / "101.pdf").write_bytes(PAGE)
    (reports / "102.pdf").write_bytes(PDFS["102"][:-100])
    (reports / "103.pdf").write_bytes(PDFS["103"])
    result = fetch(server, data, reports)
    assert "downloaded 3, already had 1" in result.stdout
    assert (reports / "101.pdf").read_bytes() == PDFS["101"]
    assert (reports / "102.pdf").read_bytes() == PDFS["102"]
    assert server.asked("/v1/file/103") == 0


def test_every_report_of_the_real_history_is_fetched_once(server: Server, tmp_path: Path, monkeypatch) -> None:
    """At the real size: the whole history (497 rows), each report from the local server."""
    monkeypatch.setenv("CI", "true")
    server.any_number = True
    server.files["/data/history.csv"] = (DATA / "ofsted_csc_ilacs_history.csv").read_bytes()
    with (DATA / "ofsted_csc_ilacs_history.csv").open(encoding="utf-8-sig", newline="") as handle:
        numbers = {row["inspection_link"].rsplit("/", 1)[-1] for row in csv.DictReader(handle)}
    data, reports = tmp_path / "data", tmp_path / "reports"
    result = fetch(server, data, reports)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"downloaded {len(numbers)}, already had 0, failed 0." in result.stdout
    assert every_file(reports) == sorted(f"{number}.pdf" for number in numbers)
    assert sorted(path for path, _ in server.requests if path.startswith("/v1/")) == sorted(
        f"/v1/file/{number}" for number in numbers
    )
    progress = result.stderr.splitlines()
    assert progress[0] == f"Downloading reports: {len(numbers)} in all"
    assert progress[-1] == f"Downloading reports: {len(numbers)} of {len(numbers)}"
    assert len(progress) == 1 + len(numbers) // 25 + 1  # a line every 25 files, and the last
    assert f"already had {len(numbers)}, failed 0." in fetch(server, data, reports).stdout


def test_a_newer_history_is_taken_and_its_new_reports_fetched(server: Server, tmp_path: Path) -> None:
    data, reports = tmp_path / "data", tmp_path / "reports"
    server.files["/data/history.csv"] = history_csv(GOOD[:2])
    assert "downloaded 2, already had 0, failed 0." in fetch(server, data, reports).stdout
    server.files["/data/history.csv"] = history_csv(GOOD)
    result = fetch(server, data, reports)
    assert "ofsted_csc_ilacs_history.csv: updated (2 → 3 rows)." in result.stdout
    assert "downloaded 1, already had 2, failed 0." in result.stdout
    assert every_file(reports) == ["101.pdf", "102.pdf", "103.pdf"]


def test_a_csv_that_is_not_the_dataset_leaves_both_files_as_they_were(server: Server, tmp_path: Path) -> None:
    data, reports = tmp_path / "data", tmp_path / "reports"
    data.mkdir()
    for name in ("ofsted_csc_ilacs_history.csv", "Provider_data_lookup.csv"):
        (data / name).write_bytes((DATA / name).read_bytes())
    before = {name: (data / name).read_bytes() for name in every_file(data)}

    result = fetch(server, data, reports, "--history-url", f"{server.url}/data/page.html")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{server.url}/data/page.html:1: missing column(s) urn, local_authority")
    assert "was left as it was" in result.stderr and "Traceback" not in result.stderr

    # A good history with a lookup that cannot be had: the history is not taken alone either.
    result = fetch(server, data, reports, "--lookup-url", f"{server.url}/data/gone.csv")
    assert result.returncode == 1
    assert f"{server.url}/data/gone.csv: HTTP 404 Not Found" in result.stderr
    assert {name: (data / name).read_bytes() for name in every_file(data)} == before
    assert not reports.exists()


def test_import_ofsted_downloads_the_missing_reports_then_imports(server: Server, tmp_path: Path) -> None:
    history, reports, content = tmp_path / "history.csv", tmp_path / "reports", tmp_path / "content"
    history.write_bytes(history_csv(GOOD))
    (content / "councils").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Test\ndescription: Test site.\nbase_url: https://example.org/\n")
    result = run_cli(
        "import-ofsted",
        str(history),
        str(DATA / "Provider_data_lookup.csv"),
        "--content",
        str(content),
        "--reports",
        str(reports),
        "--download",
        "--reports-url",
        f"{server.url}/v1/file/",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert every_file(reports) == ["101.pdf", "102.pdf", "103.pdf"]
    assert "downloaded 3, already had 0, failed 0." in result.stdout
    assert "Imported 3 reports" in result.stdout


def test_offline_is_one_clear_message_and_exit_1(tmp_path: Path) -> None:
    history, reports, content = tmp_path / "history.csv", tmp_path / "reports", tmp_path / "content"
    history.write_bytes(history_csv(ORDER))
    content.mkdir()
    port = free_port()
    result = run_cli(
        "import-ofsted",
        str(history),
        str(DATA / "Provider_data_lookup.csv"),
        "--content",
        str(content),
        "--reports",
        str(reports),
        "--download",
        "--reports-url",
        f"http://127.0.0.1:{port}/v1/file/",
        "--retries",
        "1",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(f"Cannot reach 127.0.0.1:{port}: the connection was refused.")
    assert "The network is unreachable" in result.stderr
    assert "point --reports at their folder and leave out --download" in result.stderr
    assert "Traceback" not in result.stderr
    assert every_file(reports) == [] and every_file(content) == []


def test_fetch_offline_leaves_the_data_as_it_was(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "ofsted_csc_ilacs_history.csv").write_text("old\n")
    port = free_port()
    result = run_cli(
        "fetch-ofsted",
        "--data",
        str(data),
        "--reports",
        str(tmp_path / "reports"),
        "--history-url",
        f"http://127.0.0.1:{port}/history.csv",
        "--lookup-url",
        f"http://127.0.0.1:{port}/lookup.csv",
        "--retries",
        "0",
    )
    assert result.returncode == 1
    assert "The network is unreachable" in result.stderr and "--reports" in result.stderr
    assert "Traceback" not in result.stderr
    assert every_file(data) == ["ofsted_csc_ilacs_history.csv"]
    assert (data / "ofsted_csc_ilacs_history.csv").read_text() == "old\n"


def test_a_name_that_does_not_resolve_is_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_names(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_names)
    history = tmp_path / "history.csv"
    history.write_bytes(history_csv(ORDER))
    links, _ = report_links(history, "history.csv")
    with pytest.raises(Unreachable) as raised:
        download_reports(links, tmp_path / "reports", Fetcher(retries=1, sleep=lambda _: None))
    assert raised.value.host == "files.ofsted.gov.uk"
    assert raised.value.reason == "the name could not be looked up (Name or service not known)"
    assert every_file(tmp_path / "reports") == []


def test_retries_wait_as_the_server_asks_and_back_off_otherwise(server: Server, tmp_path: Path) -> None:
    server.busy = {"/v1/file/101": (2, "7"), "/v1/file/102": (1, "")}
    history = tmp_path / "history.csv"
    history.write_bytes(history_csv(GOOD[:2]))
    links, _ = report_links(history, "history.csv")
    waits: list[float] = []
    fetcher = Fetcher(retries=3, sleep=waits.append)
    result = download_reports(links, tmp_path / "reports", fetcher, mirror=f"{server.url}/v1/file/", workers=1)
    assert [link.number for link in result.downloaded] == ["101", "102"]
    assert waits[:2] == [7.0, 7.0]  # Retry-After, twice
    assert len(waits) == 3 and 0.5 <= waits[2] <= 1.0  # no Retry-After: the first backoff, with jitter

    server.busy = {"/v1/file/103": (5, "0")}
    history.write_bytes(history_csv(["103"]))
    links, _ = report_links(history, "history.csv")
    fetcher = Fetcher(retries=2, sleep=lambda _: None)
    result = download_reports(links, tmp_path / "reports", fetcher, mirror=f"{server.url}/v1/file/")
    assert [failed.reason for failed in result.failed] == ["HTTP 503 Service Unavailable"]
    assert server.asked("/v1/file/103") == 3  # the first try and two retries
    assert missing_reports(links, tmp_path / "reports")[1] == links


def test_reports_folder_that_does_not_exist_without_download_is_a_usage_error(tmp_path: Path) -> None:
    history, lookup = DATA / "ofsted_csc_ilacs_history.csv", DATA / "Provider_data_lookup.csv"
    content = tmp_path / "content"
    result = run_cli(
        "import-ofsted", str(history), str(lookup), "--content", str(content), "--reports", str(tmp_path / "nowhere")
    )
    assert result.returncode == 2
    assert "there is no folder" in result.stderr and "add --download" in result.stderr
    assert not content.exists()


def test_progress_is_a_line_every_few_files_in_ci(server: Server, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    result = fetch(server, tmp_path / "data", tmp_path / "reports")
    lines = result.stderr.splitlines()
    assert lines[0] == "Downloading reports: 8 in all"
    assert lines[1:] == [f"Downloading reports: {done} of 8" for done in range(1, 9)]


def test_progress_is_a_bar_at_a_terminal(server: Server, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    parent, child = pty.openpty()
    command = [sys.executable, str(ROOT / "build.py"), "fetch-ofsted", "--data", str(tmp_path / "data")]
    command += ["--reports", str(tmp_path / "reports"), "--retries", "1"]
    command += ["--history-url", f"{server.url}/data/history.csv", "--lookup-url", f"{server.url}/data/lookup.csv"]
    command += ["--reports-url", f"{server.url}/v1/file/"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    shown = b""
    while select.select([parent], [], [], 60)[0]:  # a minute without output: give up, and fail below
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(parent)
    assert process.wait(timeout=60) == 0
    terminal = shown.decode()
    assert "Downloading reports  [####################################]  8/8" in terminal
    assert "of 8" not in terminal


def documented_commands() -> list[tuple[str, list[str]]]:
    """Every `python build.py …` command in the refresh docs and the weekly workflow, as argument lists."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/ofsted-refresh.yml").read_text(encoding="utf-8"))

    def expand(word: str) -> str:
        for name, value in workflow["env"].items():
            word = word.replace(f"${name}", value)
        return word

    found = []
    for path in ("docs/importing.md", "data/ofsted-ilacs/SOURCE.md"):
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("python build.py "):
                found.append((path, shlex.split(line.strip())[2:]))
    for step in workflow["jobs"]["refresh"]["steps"]:
        command = " ".join(step.get("run", "").split())
        if command.startswith("python build.py "):
            words = shlex.split(command.split("|")[0])[2:]
            found.append((f"workflow step '{step['name']}'", [expand(word) for word in words]))
    return found


def test_the_documented_and_scheduled_commands_are_ones_the_tool_accepts() -> None:
    from councilprofiles.cli import main

    commands = documented_commands()
    assert {words[0] for _, words in commands} == {"fetch-ofsted", "import-ofsted", "fetch-send", "import-send"}
    scheduled = [words[0] for where, words in commands if where.startswith("workflow")]
    assert scheduled == ["fetch-ofsted", "fetch-send", "import-ofsted", "import-send"]
    here = os.getcwd()
    os.chdir(ROOT)  # the commands name the data by paths from the project folder
    try:
        for where, words in commands:
            command = main.commands[words[0]]
            try:
                command.make_context(words[0], words[1:])
            except click.ClickException as problem:
                pytest.fail(f"{where}: {' '.join(words)}: {problem.format_message()}")
    finally:
        os.chdir(here)


def test_the_workflow_asks_for_no_more_than_it_needs_and_caches_the_ignored_folder() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ofsted-refresh.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["refresh"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    # Every action pinned by its commit (a tag can be moved), as tests/test_workflows.py asks.
    assert all(re.fullmatch(r"[\w-]+/[\w/-]+@[0-9a-f]{40}", action) for action in uses), uses
    assert any(action.startswith("peter-evans/create-pull-request@") for action in uses)
    folder = workflow["env"]["REPORTS"]
    assert f"/{folder}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert folder == str(REPORTS_FOLDER)


def test_a_link_too_long_to_name_a_file_is_reported_and_leaves_nothing_behind(server: Server, tmp_path: Path) -> None:
    """A 300-digit file number: reported as a failed report, the others downloaded and imported,
    and no hidden temporary file left in the reports folder."""
    history, reports, content = tmp_path / "history.csv", tmp_path / "reports", tmp_path / "content"
    server.any_number = True
    history.write_bytes(history_csv([*GOOD, "9" * 300]))
    (content / "councils").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Test\ndescription: Test site.\nbase_url: https://example.org/\n")
    result = run_cli(
        "import-ofsted",
        str(history),
        str(DATA / "Provider_data_lookup.csv"),
        "--content",
        str(content),
        "--reports",
        str(reports),
        "--download",
        "--reports-url",
        f"{server.url}/v1/file/",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert every_file(reports) == ["101.pdf", "102.pdf", "103.pdf"]
    assert "downloaded 3, already had 0, failed 1:" in result.stdout
    assert "does not end in a file number (1 to 12 digits) to name the report after" in result.stdout
    assert "Imported 3 reports" in result.stdout


def test_a_server_trickling_a_byte_a_second_cannot_outlast_the_runs_deadline(server: Server, tmp_path: Path) -> None:
    """A timeout only counts silence: a byte a second kept fetch-ofsted running for minutes. The
    run has a deadline of its own (--deadline); past it the command stops, the data as it was."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "ofsted_csc_ilacs_history.csv").write_text("old\n")
    began = time.monotonic()
    result = run_cli(
        "fetch-ofsted",
        "--data",
        str(data),
        "--reports",
        str(tmp_path / "reports"),
        "--history-url",
        f"{server.url}/slow/history.csv",
        "--lookup-url",
        f"{server.url}/data/lookup.csv",
        "--retries",
        "0",
        "--deadline",
        "3",
    )
    took = time.monotonic() - began
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Stopped: the run's time limit of 3 s ran out (--deadline)." in result.stderr
    assert "was left as it was" in result.stderr and "Traceback" not in result.stderr
    assert took < 30, took  # 3 s, and the time Python takes to start
    assert every_file(data) == ["ofsted_csc_ilacs_history.csv"]
    assert (data / "ofsted_csc_ilacs_history.csv").read_text() == "old\n"


def test_each_request_has_a_deadline_of_its_own(server: Server, tmp_path: Path) -> None:
    """However steadily the body trickles in, one request gives up after its own deadline."""
    fetcher = Fetcher(retries=0, request_deadline=2)
    began = time.monotonic()
    with pytest.raises(FetchError) as raised:
        fetcher.fetch(f"{server.url}/v1/file/{TRICKLE}", tmp_path, "*/*", PDF_LIMIT)
    assert time.monotonic() - began < 15
    assert raised.value.reason.startswith("not complete within 2 s (")
    assert raised.value.reason.endswith("bytes came): given up")
    assert every_file(tmp_path) == []


def test_reports_fetched_whole_before_the_deadline_are_kept(server: Server, tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_bytes(history_csv(["101", TRICKLE]))
    links, _ = report_links(history, "history.csv")
    with pytest.raises(OutOfTime) as raised:
        download_reports(
            links, tmp_path / "reports", Fetcher(retries=0, run_deadline=3), mirror=f"{server.url}/v1/file/", workers=1
        )
    assert str(raised.value) == "the run's time limit of 3 s ran out"
    assert [link.number for link in raised.value.result.downloaded] == ["101"]
    assert every_file(tmp_path / "reports") == ["101.pdf"]


def test_what_the_network_says_is_printed_without_terminal_escapes(server: Server, tmp_path: Path) -> None:
    """A status line's reason, and a link in the CSV, carrying ESC ] 0 ; … BEL (a terminal's title)
    and a C1 control: shown as escapes, in the terminal and in the refresh pull request's text."""
    history, reports, content = tmp_path / "history.csv", tmp_path / "reports", tmp_path / "content"
    history.write_bytes(history_csv(["101", ESCAPES, "\x1b]0;owned\x07\x9b2J"]))
    (content / "councils").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Test\ndescription: Test site.\nbase_url: https://example.org/\n")
    result = run_cli(
        "import-ofsted",
        str(history),
        str(DATA / "Provider_data_lookup.csv"),
        "--content",
        str(content),
        "--reports",
        str(reports),
        "--download",
        "--reports-url",
        f"{server.url}/v1/file/",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    printed = result.stdout + result.stderr
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", printed), ascii(printed)
    assert f"{OFSTED}{ESCAPES}: HTTP 404 Not Found\\x1b]0;owned\\x07\\x9b31m" in result.stdout
    assert f"{OFSTED}\\x1b]0;owned\\x07\\x9b2J: the link does not end in a file number" in result.stdout
    assert f"the link '{OFSTED}\\x1b]0;owned\\x07\\x9b2J' does not end in a file number" in result.stdout


def test_an_endless_csv_is_refused_at_the_size_limit(server: Server, tmp_path: Path) -> None:
    """A history that never ends (a 1 GB one ended in a MemoryError): refused once it passes the
    limit, streamed to disk until then, and the data left as it was."""
    data = tmp_path / "data"
    result = fetch(server, data, tmp_path / "reports", "--history-url", f"{server.url}/endless/history.csv")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(
        f"{server.url}/endless/history.csv: more than the limit of {CSV_LIMIT:,} bytes came: not saved."
    )
    assert "Traceback" not in result.stderr
    assert every_file(data) == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (ENDLESS, "more than the limit of 100,000 bytes came: not saved"),
        (HUGE, "the server would send 1,000,000,000,000 bytes, over the limit of 100,000: not fetched"),
    ],
    ids=["endless", "huge-length"],
)
def test_a_report_over_the_size_limit_is_not_saved(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: str, reason: str
) -> None:
    monkeypatch.setattr(download, "PDF_LIMIT", 100_000)  # the real limit, 50 MB, is the same code
    history = tmp_path / "history.csv"
    history.write_bytes(history_csv(["101", number]))
    links, _ = report_links(history, "history.csv")
    result = download_reports(links, tmp_path / "reports", Fetcher(retries=0), mirror=f"{server.url}/v1/file/")
    assert [failed.reason for failed in result.failed] == [reason]
    assert every_file(tmp_path / "reports") == ["101.pdf"]
