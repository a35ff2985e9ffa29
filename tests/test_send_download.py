"""The weekly refresh of the area SEND record: data-to-insight's spreadsheet and Ofsted's report
PDFs fetched from a local HTTP server standing in for the network (no test here touches the real
network), then imported."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from ruamel.yaml import YAML
from support import ROOT, run_cli, tree_digest
from test_download import HUGE, Server, every_file
from test_download import server as server  # noqa: F401 - the local server, as a fixture here too

from councilprofiles.ofsted import download
from councilprofiles.ofsted.download import CSV_LIMIT, Fetcher, FetchError, fetch_send_record

RECORD = ROOT / "data" / "ofsted-send" / "send_inspections.csv"
REPORTS = ROOT / "tests" / "fixtures" / "ofsted-send-reports"
BEXLEY = "50240171"  # the fixture report that arrives new
FIXTURES = ["50222861", "50215729", "50216722", BEXLEY]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def record_rows() -> list[list[str]]:
    """The project's record as rows, header first."""
    with RECORD.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_published(rows: list[list[str]]) -> list[list[str]]:
    """Rows as data-to-insight's spreadsheet holds them: with its column of links into its own
    folders, and "nan" (pandas's word) where the record has nothing."""
    header, *body = rows
    at = header.index("inspection_outcome_text")
    published = [[*header[:at], "local_link_to_all_inspections", *header[at:]]]
    for row in body:
        cells = [cell or "nan" for cell in row]
        published.append([*cells[:at], f".\\export_data\\inspection_reports\\{row[0]}", *cells[at:]])
    return published


def workbook(rows: list[list[str]], sheet_xml: str | None = None) -> bytes:
    """An .xlsx as pandas writes one: one sheet, every cell a shared text."""
    texts: dict[str, int] = {}
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{chr(65 + column)}{number}" t="s"><v>{texts.setdefault(text, len(texts))}</v></c>'
            for column, text in enumerate(row)
        )
        lines.append(f'<row r="{number}">{cells}</row>')
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in texts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            sheet_xml or f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(lines)}</sheetData></worksheet>',
        )
    return out.getvalue()


def fixture_rows() -> list[list[str]]:
    """The record's header and the rows whose reports are the fixtures, Bexley's last."""
    header, *body = record_rows()
    link = header.index("inspection_link")
    by_number = {row[link].rsplit("/", 1)[1]: row for row in body}
    return [header, *(by_number[number] for number in FIXTURES)]


@pytest.fixture
def refresh(server: Server, tmp_path: Path) -> Iterator[tuple[Server, Path]]:  # noqa: F811 - the fixture above
    """Last week's state: the record and reports without Bexley's, and content whose Bexley has no
    area SEND inspection; the server holds this week's spreadsheet (Bexley's row added) and reports."""
    data, reports, content = tmp_path / "data", tmp_path / "reports", tmp_path / "content"
    data.mkdir()
    with (data / "send_inspections.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(fixture_rows()[:-1])
    reports.mkdir()
    for number in FIXTURES[:-1]:
        shutil.copy(REPORTS / f"{number}.pdf", reports)
    shutil.copytree(ROOT / "content", content)
    yaml = YAML()
    bexley = content / "councils" / "bexley" / "council.yaml"
    document = yaml.load(bexley.read_text(encoding="utf-8"))
    del document["send_inspections"]
    document["sources"] = [s for s in document["sources"] if not str(s["url"]).endswith(BEXLEY)]
    with bexley.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    server.files["/d2i/send.xlsx"] = workbook(as_published(fixture_rows()))
    for number in FIXTURES:
        server.files[f"/v1/file/{number}"] = (REPORTS / f"{number}.pdf").read_bytes()
    yield server, tmp_path


def fetch_send(server: Server, tmp_path: Path, url: str = "/d2i/send.xlsx"):
    return run_cli(
        "fetch-send",
        "--data",
        str(tmp_path / "data"),
        "--reports",
        str(tmp_path / "reports"),
        "--spreadsheet-url",
        server.url + url,
        "--reports-url",
        f"{server.url}/v1/file/",
        "--retries",
        "0",
    )


def import_send(tmp_path: Path):
    return run_cli(
        "import-send",
        str(tmp_path / "data" / "send_inspections.csv"),
        "--content",
        str(tmp_path / "content"),
        "--reports",
        str(tmp_path / "reports"),
    )


def test_a_new_row_and_its_report_arrive_and_are_imported_and_a_second_run_changes_nothing(
    refresh: tuple[Server, Path],
) -> None:
    server, tmp_path = refresh
    fetched = fetch_send(server, tmp_path)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert "send_inspections.csv: updated (3 → 4 rows)." in fetched.stdout
    assert "downloaded 1, already had 3, failed 0." in fetched.stdout
    assert server.asked(f"/v1/file/{BEXLEY}") == 1
    assert every_file(tmp_path / "reports") == sorted(f"{number}.pdf" for number in FIXTURES)
    imported = import_send(tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "4 councils: 1 updated, 3 unchanged." in imported.stdout
    bexley = YAML(typ="safe").load((tmp_path / "content" / "councils" / "bexley" / "council.yaml").read_text("utf-8"))
    [inspection] = bexley["send_inspections"]
    assert inspection["outcome"] == "widespread and/or systemic failings"
    assert inspection["from_report"]["priority_actions"][1]["text"] == (
        "Leaders across the partnership should act with urgency to ensure that:"
    )
    before = tree_digest(tmp_path)
    again = fetch_send(server, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "send_inspections.csv: unchanged (4 rows)." in again.stdout
    assert "downloaded 0, already had 4, failed 0." in again.stdout
    assert server.asked(f"/v1/file/{BEXLEY}") == 1
    reimported = import_send(tmp_path)
    assert "4 councils: 0 updated, 4 unchanged." in reimported.stdout, reimported.stdout + reimported.stderr
    assert tree_digest(tmp_path) == before


def test_the_published_spreadsheet_becomes_the_projects_record_byte_for_byte(
    server: Server,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """The whole record, as data-to-insight publishes it, is kept exactly as the project has it."""
    shutil.copytree(RECORD.parent, tmp_path / "data")
    server.files["/d2i/send.xlsx"] = workbook(as_published(record_rows()))
    (tmp_path / "reports").mkdir()
    server.any_number = True  # the 72 reports, as tiny PDFs
    result = fetch_send(server, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "send_inspections.csv: unchanged (72 rows)." in result.stdout
    assert (tmp_path / "data" / "send_inspections.csv").read_bytes() == RECORD.read_bytes()


HTML = b"<!DOCTYPE html><html><body>Not here</body></html>"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (HTML, "a web page came back instead of the spreadsheet"),
        (b"PK\x03\x04 and then nothing a zip holds", "the spreadsheet cannot be read: not an Excel workbook (.xlsx)"),
        (
            workbook([["urn", "local_authority"], ["80488", "bexley"]]),
            "missing column(s) inspection_link, outcome_grade",
        ),
        (workbook(as_published(fixture_rows()[:1])), "the file has a header but no rows: not used"),
        (
            workbook([], f'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="{MAIN}"/>'),
            "declares a DOCTYPE, which no workbook does",
        ),
    ],
    ids=["web-page", "damaged", "wrong-columns", "no-rows", "entities"],
)
def test_a_bad_spreadsheet_is_refused_and_leaves_the_record_as_it_was(
    refresh: tuple[Server, Path], body: bytes, said: str
) -> None:
    server, tmp_path = refresh
    server.files["/d2i/bad.xlsx"] = body
    before = tree_digest(tmp_path / "data"), every_file(tmp_path / "reports")
    result = fetch_send(server, tmp_path, "/d2i/bad.xlsx")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"{server.url}/d2i/bad.xlsx:"), result.stderr
    assert said in result.stderr and "was left as it was." in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree_digest(tmp_path / "data"), every_file(tmp_path / "reports")) == before
    assert server.asked(f"/v1/file/{BEXLEY}") == 0  # no report fetched for a record not taken


def test_an_oversized_spreadsheet_is_refused_before_it_arrives(refresh: tuple[Server, Path]) -> None:
    server, tmp_path = refresh
    before = tree_digest(tmp_path / "data")
    result = fetch_send(server, tmp_path, f"/v1/file/{HUGE}")
    assert result.returncode == 1
    assert f"over the limit of {CSV_LIMIT:,}: not fetched" in result.stderr
    assert tree_digest(tmp_path / "data") == before and every_file(tmp_path / "data") == ["send_inspections.csv"]


def test_a_spreadsheet_unpacking_past_the_limit_is_refused_unread(
    server: Server,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A small archive can unpack to gigabytes: each part is read only as far as the limit."""
    monkeypatch.setattr(download, "CSV_LIMIT", 100_000)  # the real limit, 20 MB, is the same code
    padding = "<row/>" * 50_000  # 300,000 bytes unpacked, a few hundred packed
    server.files["/d2i/bomb.xlsx"] = workbook(
        [], f'<worksheet xmlns="{MAIN}"><sheetData>{padding}</sheetData></worksheet>'
    )
    assert len(server.files["/d2i/bomb.xlsx"]) < 5_000
    with pytest.raises(FetchError, match="unpacks to more than the limit of 100,000 bytes: not read"):
        fetch_send_record(server.url + "/d2i/bomb.xlsx", tmp_path, Fetcher(retries=0))
    assert every_file(tmp_path) == []
