"""Importing the area SEND inspections (Ofsted and CQC, from 2023) into each council's file.

The record is `data/ofsted-send/send_inspections.csv` (one row a local area partnership, see its
README) and, where given, the reports' PDFs: what a report prints wins over its row, and each
difference is reported with the row's line. Rows are matched to council folders by Ofsted's URN.
Records the import writes carry `imported: true`; everything else is left as the editors wrote
it, and a second run changes nothing (the merge is the ILACS import's, `merge.CouncilFile`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..model import PartialDate, SendOutcome
from .dataset import ImportFailure, Notice, file_number, is_number, parse_day, read_csv
from .importer import ImportResult, write_all
from .merge import CouncilFile, UnmergeableFile, unique_id, yaml_date
from .report import UnreadableReport
from .send_report import Point, SendReading, read_send_report

SEND_COLUMNS = (
    "urn",
    "local_authority",
    "inspection_link",
    "outcome_grade",
    "previous_inspection_date",
    "inspection_start_date",
    "inspection_end_date",
    "publication_date",
    "next_inspection_by_date",
)
OUTCOMES = {"1": SendOutcome.POSITIVE, "2": SendOutcome.INCONSISTENT, "3": SendOutcome.SYSTEMIC_FAILINGS}
# The dataset's stand-in for "no previous inspection recorded".
NO_DATE = "01/01/1900"
MONITORING_TITLE = re.compile(r"\bmonitoring\b", re.IGNORECASE)
TOP_LEVEL_URN = re.compile(r"^ofsted_urn:\s*([0-9]+)\s*$", re.MULTILINE)


@dataclass
class SendRow:
    """One partnership's inspection, as far as its row (and, once read, its report) says."""

    line: int
    urn: str
    name: str
    url: str
    published: PartialDate
    start: PartialDate | None = None
    end: PartialDate | None = None
    outcome: SendOutcome | None = None
    previous: PartialDate | None = None
    next_due: PartialDate | None = None
    title: str | None = None
    partnership: str | None = None
    reading: SendReading | None = None
    notes: list[str] = field(default_factory=list)
    refused: bool = False
    """Its report is not a full inspection's: the row is not imported."""


def parse_any_day(text: str) -> PartialDate:
    """`dd/mm/yy` or `dd/mm/yyyy`: the dataset writes both."""
    return parse_day(text, short_year=len(text) == 8)


def month_of(date: PartialDate) -> PartialDate:
    """A due date to the month: Ofsted gives intervals as "approximately"."""
    return PartialDate(date.year, date.month)


def add_months(date: PartialDate, months: int) -> PartialDate:
    total = date.year * 12 + (date.month or 1) - 1 + months
    return PartialDate(total // 12, total % 12 + 1)


def read_rows(path: Path, today: datetime.date, anomalies: list[Notice]) -> list[SendRow]:
    """Every importable row; each problem is an anomaly with its line, and the row's other facts stand."""
    shown = str(path)
    rows: list[SendRow] = []
    errors: list[Notice] = []
    now = PartialDate(today.year, today.month, today.day)
    for line, cells in read_csv(path, SEND_COLUMNS):

        def note(message: str, line: int = line) -> None:
            anomalies.append(Notice(shown, line, message))

        if not is_number(cells["urn"]):
            errors.append(Notice(shown, line, f"the URN '{cells['urn']}' is not a number: correct the row"))
            continue
        url = cells["inspection_link"]
        if not url.startswith("https://") or file_number(url) is None:
            note(f"the link '{url}' does not end in a file number: row not imported")
            continue
        try:
            published = parse_any_day(cells["publication_date"])
        except ValueError as problem:
            note(f"publication date: {problem}: row not imported")
            continue
        if published.sort_key > now.sort_key:
            note(f"publication date {published.iso} is in the future: row not imported")
            continue
        row = SendRow(line=line, urn=cells["urn"], name=cells["local_authority"], url=url, published=published)
        for column, attribute in (("inspection_start_date", "start"), ("inspection_end_date", "end")):
            if cells[column]:
                try:
                    setattr(row, attribute, parse_any_day(cells[column]))
                except ValueError as problem:
                    note(f"{column}: {problem}: left out")
        grade = cells["outcome_grade"].removesuffix(".0")
        row.outcome = OUTCOMES.get(grade)
        if row.outcome is None:
            note(f"no outcome in the row ('{cells['outcome_grade']}'): read from the report, or left out")
        previous = cells["previous_inspection_date"]
        if previous and previous != NO_DATE:
            try:
                row.previous = parse_any_day(previous)
            except ValueError as problem:
                note(f"previous_inspection_date: {problem}: left out")
        due = cells["next_inspection_by_date"]
        try:
            row.next_due = month_of(parse_any_day(due)) if due else None
        except ValueError:
            note(f"next_inspection_by_date holds '{due}', not a date: left out unless the report gives it")
        rows.append(row)
    if errors:
        raise ImportFailure(errors)
    return rows


def take_report(row: SendRow, reports: Path, shown: str, anomalies: list[Notice]) -> None:
    """Read the row's report, if the folder has it, and take what it prints over the row."""
    path = reports / f"{file_number(row.url)}.pdf"

    def note(message: str) -> None:
        anomalies.append(Notice(shown, row.line, message))

    if not path.exists():
        note(f"no report {path.name} in {reports}: the row's facts stand, without Ofsted's words")
        return
    try:
        reading = read_send_report(path)
    except UnreadableReport as problem:
        note(f"report {path.name}: {problem.reason}: the row's facts stand")
        return
    except Exception as problem:  # noqa: BLE001 - a damaged file must not stop the import
        note(f"report {path.name} could not be read ({type(problem).__name__}): the row's facts stand")
        return
    named = re.sub(r"[^a-z0-9]+", " ", row.name.lower().replace("&", "and")).strip()
    if named not in re.sub(r"[^a-z0-9]+", " ", reading.title.lower()):
        note(f"report {path.name} is titled '{reading.title}', which does not name {row.name}: not read")
        return
    if MONITORING_TITLE.search(reading.title):
        # None of the 55 reports of 2023-26 is one: when one comes, its findings belong under the full
        # inspection it follows (`monitoring`), never as an inspection with an outcome of its own.
        note(
            f"report {path.name} is a monitoring inspection's ('{reading.title}'), not a full inspection's: "
            "row not imported; add its findings by hand under the full inspection's `monitoring`"
        )
        row.refused = True
        return
    row.reading = reading
    row.title = reading.title
    row.partnership = reading.partnership
    for name, printed in (
        ("start", reading.start),
        ("end", reading.end),
        ("outcome", reading.outcome),
        ("previous", reading.previous_end),
    ):
        current = getattr(row, name)
        if printed is None or printed == current:
            continue
        if current is not None:
            note(f"report {path.name} gives {name} '{printed}'; the CSV has '{current}': took the report")
        setattr(row, name, printed)
    if reading.next_due_months and row.start:
        due = add_months(row.start, reading.next_due_months)
        if row.next_due is not None and due != row.next_due:
            note(
                f"report {path.name} sets the next inspection due by {due}; the CSV has {row.next_due}: "
                "took the report's"
            )
        row.next_due = due
    for heading in reading.uncertain:
        note(f"report {path.name}: its '{heading}' could not be read with certainty: left out")


def source_record(row: SendRow, source_id: str) -> CommentedMap:
    record = CommentedMap()
    record["id"] = source_id
    record["title"] = row.title or f"Area SEND inspection of {row.name.title()} Local Area Partnership"
    record["publisher"] = "Ofsted"
    record["date"] = yaml_date(row.published)
    record["url"] = row.url
    if row.title is None:
        record["title_is_ours"] = True
    record["imported"] = True
    return record


def inspection_record(row: SendRow, inspection_id: str, source_id: str) -> CommentedMap:
    record = CommentedMap()
    record["id"] = inspection_id
    if row.partnership:
        record["partnership"] = row.partnership
    for key, value in (("start", row.start), ("end", row.end), ("published", row.published)):
        if value is not None:
            record[key] = yaml_date(value)
    if row.outcome is not None:
        record["outcome"] = row.outcome.value
    if row.previous is not None:
        record["previous_inspection"] = yaml_date(row.previous)
    if row.next_due is not None:
        record["next_due"] = row.next_due.iso
    reading = row.reading
    if reading is not None and (reading.outcome_text or reading.priority_actions or reading.improvements):
        words = CommentedMap()
        words["source"] = source_id
        if reading.outcome_text:
            text = reading.outcome_text
            words["outcome"] = LiteralScalarString(text) if "\n" in text else text
        if reading.priority_actions:
            words["priority_actions"] = point_records(reading.priority_actions)
        if reading.improvements:
            words["improvements"] = point_records(reading.improvements)
        record["from_report"] = words
    sources = CommentedSeq([source_id])
    sources.fa.set_flow_style()
    record["sources"] = sources
    record["imported"] = True
    return record


def point_records(points: list[Point]) -> CommentedSeq:
    """Each point as `text`, with `sub_points` where its words lead into a list."""
    records = CommentedSeq()
    for point in points:
        record = CommentedMap()
        record["text"] = point.text
        if point.sub_points:
            record["sub_points"] = CommentedSeq(point.sub_points)
        records.append(record)
    return records


class SendCouncilFile(CouncilFile):
    """A council.yaml taking its area SEND inspections; everything else in it is left alone."""

    def merge_send(self, rows: list[SendRow]) -> None:
        sources = self.list_for("sources")
        inspections = self.list_for("send_inspections")
        for row in rows:
            source = next((s for s in sources if isinstance(s, dict) and s.get("url") == row.url), None)
            citing = [
                i
                for i in inspections
                if isinstance(i, dict) and source and source.get("id") in (i.get("sources") or [])
            ]
            if row.reading is None and any(i.get("imported") is True and "from_report" in i for i in citing):
                continue  # read from the report before, which outranks the CSV alone
            if source is None:
                source_id = unique_id(f"ofsted-send-{row.published.iso}", sources)
                sources.append(source_record(row, source_id))
                self.changed = True
            else:
                source_id = str(source["id"])
                if source.get("imported") is True:
                    self.refresh(source, source_record(row, source_id))
            for inspection in citing:
                if inspection.get("imported") is True:
                    self.refresh(inspection, inspection_record(row, str(inspection["id"]), source_id))
                else:
                    self.compare_send(inspection, row)
            if not citing:
                inspection_id = unique_id(f"send-{row.published.iso}", inspections)
                inspections.append(inspection_record(row, inspection_id, source_id))
                self.changed = True
        if sources and "sources" not in self.document:
            self.document["sources"] = sources
        if inspections and "send_inspections" not in self.document:
            self.document["send_inspections"] = inspections

    def compare_send(self, inspection: CommentedMap, row: SendRow) -> None:
        """An editor's record of the same report: report each fact that differs, keep the editor's."""
        for key, theirs in (("start", row.start), ("end", row.end), ("published", row.published)):
            mine = inspection.get(key)
            if mine is None or theirs is None:
                continue
            written = mine.isoformat() if isinstance(mine, datetime.date) else str(mine)
            if written != theirs.iso:
                self.conflict(inspection, key, f"{key} is {written} here but {theirs.iso} in the data")
        mine = inspection.get("outcome")
        if mine is not None and row.outcome is not None and str(mine) != row.outcome.value:
            self.conflict(inspection, "outcome", f"outcome is '{mine}' here but '{row.outcome.value}' in the data")


def council_files(councils: Path) -> dict[str, Path]:
    """Each council's file by its Ofsted URN (a top-level `ofsted_urn:` line)."""
    found: dict[str, Path] = {}
    for path in sorted(councils.glob("*/council.yaml")):
        try:
            match = TOP_LEVEL_URN.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # the merge reports what is wrong with the file, if a row needs it
        if match:
            found.setdefault(match.group(1), path)
    return found


def import_send(
    csv_path: Path,
    content: Path,
    today: datetime.date | None = None,
    display: Any = str,
    reports: Path | None = None,
) -> ImportResult:
    """Merge the area SEND record into `content/councils/`; raise ImportFailure if the input is unusable."""
    anomalies: list[Notice] = []
    rows = read_rows(csv_path, today or datetime.date.today(), anomalies)
    if reports is not None:
        for row in rows:
            take_report(row, reports, str(csv_path), anomalies)
        rows = [row for row in rows if not row.refused]
    for row in rows:
        if row.outcome is None:
            message = f"{row.name}: no outcome in the row or a report: left out"
            anomalies.append(Notice(str(csv_path), row.line, message))
    result = ImportResult(anomalies=sorted(anomalies, key=lambda notice: (notice.path, notice.line)))
    files = council_files(content / "councils")
    by_urn: dict[str, list[SendRow]] = {}
    for row in rows:
        if row.urn not in files:
            result.anomalies.append(
                Notice(str(csv_path), row.line, f"no council folder has Ofsted URN {row.urn} ({row.name}): left out")
            )
            continue
        by_urn.setdefault(row.urn, []).append(row)
    unmergeable: list[Notice] = []
    writes: list[tuple[Path, str]] = []
    for urn, council_rows in sorted(by_urn.items(), key=lambda item: str(files[item[0]])):
        path = files[urn]
        shown = display(path)
        try:
            merged = SendCouncilFile(path, shown, result.conflicts, str(csv_path), content)
        except UnmergeableFile as problem:
            unmergeable.extend(problem.notices)
            continue
        merged.merge_send(sorted(council_rows, key=lambda row: row.published.sort_key))
        result.reports += len(council_rows)
        if merged.changed:
            writes.append((path, merged.text()))
            result.updated.append(shown)
        else:
            result.unchanged.append(shown)
    write_all(writes, unmergeable)
    return result
