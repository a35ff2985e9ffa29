"""Reading Ofsted's inspection history and council lookup (the CSV files in `data/ofsted-ilacs/`).

Each row is understood strictly: anything that cannot be read with certainty is reported
as an anomaly with its CSV line, never guessed.
"""

from __future__ import annotations

import csv
import datetime
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import visible
from ..model import FRAMEWORK_GRADE_WORDING, SLUG_PATTERN, Grade, PartialDate, Region, VisitType, slug_for

HISTORY_COLUMNS = (
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
)
LOOKUP_COLUMNS = ("urn", "la_code", "local_authority_ons_name", "region_name", "domain", "stat_neighbours")

# The dataset's grade columns and the judgement areas they fill.
GRADE_COLUMNS = {
    "overall_effectiveness_grade": "overall_effectiveness",
    "impact_of_leaders_grade": "leadership",
    "help_and_protection_grade": "help_and_protection",
    "in_care_grade": "children_in_care",
    "care_leavers_grade": "care_leavers",
}
GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
# Marker values the dataset's README defines: each means "no grade to import".
NOT_KNOWN = "data_unreadable"
JUDGED_TOGETHER = "inspection_pre_dates_judgement"
NOT_GIVEN_AFTER_REFORM = "not_reported_post_reform"
MARKERS = (NOT_KNOWN, JUDGED_TOGETHER, NOT_GIVEN_AFTER_REFORM, "")

# The SIF began in November 2013; reports published before then used earlier frameworks.
SIF_BEGAN = PartialDate(2013, 11, 1)
# ILACS began in January 2018, but SIF reports were still being published during 2018.
LAST_SIF_YEAR = 2018
ILACS_KINDS = {"standard": VisitType.ILACS_STANDARD, "short": VisitType.ILACS_SHORT}

# Councils whose rows the dataset's README says have known extraction faults upstream.
KNOWN_FAULTS = frozenset({"southend-on-sea", "nottingham", "redcar and cleveland", "knowsley", "stoke-on-trent"})
FAULT_NOTE = (
    "The grades for this report were read from it by an automated tool that has known faults for "
    "this council: check them against the report."
)


class ImportFailure(Exception):
    """The inputs cannot be imported as they are: every problem, each with its file and line.
    Nothing is written to the content when the import fails."""

    def __init__(self, problems: str | list[Notice]) -> None:
        # Each problem may quote the CSV, which comes from the network: never a terminal's commands.
        self.problems = [visible(problems)] if isinstance(problems, str) else [str(problem) for problem in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Notice:
    """One line of the import's report: where, and what."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """One line, printable as it is: messages quote the CSV's cells and reports' words."""
        return visible(f"{self.path}:{self.line}: {self.message}")


@dataclass(frozen=True)
class Extract:
    """Ofsted's own words from a report, as the importer writes them under `from_report`."""

    headline: str | None
    summary: str | None
    improvements: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.headline or self.summary or self.improvements)


@dataclass
class Report:
    """One published Ofsted report, as far as the data (and, once read, the report itself) says."""

    line: int
    urn: str
    name: str  # the council, as the row names it
    url: str
    published: PartialDate
    type: VisitType
    start: PartialDate | None = None
    end: PartialDate | None = None
    lead_inspector: str | None = None
    judgements: dict[str, Grade] = field(default_factory=dict)
    note: str | None = None
    extract: Extract | None = None  # set when the report itself has been read
    grade_wording: str | None = None  # the third grade's words, where the report prints the other framework's
    leadership_title: str | None = None  # the leaders' judgement's title, where the report's is not the usual one
    council_published: PartialDate | None = None  # a combined report's council sections, where first published alone

    @property
    def id_suffix(self) -> str:
        return self.published.iso

    @property
    def file_id(self) -> str:
        """Ofsted's file number, the last part of the report's link: the name its PDF is kept under."""
        return file_number(self.url) or ""


# Ofsted's file numbers are 7 or 8 digits; a dozen is room to grow. Anything else at a link's
# end (a name too long for a file, a path) is not one to name a file after.
FILE_NUMBER = re.compile(r"[0-9]{1,12}")


def file_number(url: str) -> str | None:
    """Ofsted's file number, the last part of a report link: what its PDF is named after."""
    last = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last if FILE_NUMBER.fullmatch(last) else None


@dataclass
class CouncilData:
    """What the lookup and the history say about one council."""

    urn: str
    slug: str
    name: str
    region: Region
    website: str | None
    dfe_code: int | None
    neighbour_codes: list[str]
    reports: list[Report] = field(default_factory=list)


def display_name(ons_name: str) -> str:
    """ONS writes `Bristol, City of`; readers know it as Bristol. Two names are spelt as the ONS
    spells them and as neither Ofsted nor the councils do (see COUNCILS_OWN_SPELLING)."""
    name = ons_name.removesuffix(", City of").strip()
    return COUNCILS_OWN_SPELLING.get(name, name)


# The ONS capitalises "Upon" and stops "St."; Ofsted's reports and the councils themselves write
# "Kingston upon Hull" and "St Helens", and so do pages about them.
COUNCILS_OWN_SPELLING = {"Kingston Upon Hull": "Kingston upon Hull", "St. Helens": "St Helens"}


# Big enough for any real cell (the longest in the dataset is under 200 characters), small enough
# that a damaged file cannot make one cell of the whole of it.
CSV_CELL_LIMIT = 100_000
# A line of the file, read before it is split into cells (the longest real one is under 400
# characters): a file of one endless line must not be read into memory whole.
CSV_LINE_LIMIT = 1_000_000


def bounded_lines(handle: TextIO, path: Path) -> Iterator[str]:
    """The file's lines, one at a time, none longer than CSV_LINE_LIMIT (ImportFailure if one is)."""
    number = 1
    while True:
        try:
            line = handle.readline(CSV_LINE_LIMIT + 1)
        except UnicodeDecodeError as error:
            raise ImportFailure(
                f"{path}: cannot be read as UTF-8 text ({error.reason}: byte 0x{error.object[error.start]:02x})"
            ) from None
        if not line:
            return
        if len(line) > CSV_LINE_LIMIT:
            raise ImportFailure(
                f"{path}:{number}: the line is longer than {CSV_LINE_LIMIT:,} characters: is this the right file?"
            )
        yield line
        number += 1  # counted as the csv module counts lines: each one read


def read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with the line each starts on, after checking the header has every column we use.
    Raises ImportFailure, naming the file and line, for anything that is not a table of rows.
    The file is read a line at a time, so its size is no limit on memory."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ImportFailure(f"{path}: no such file") from None
    except OSError as error:
        raise ImportFailure(f"{path}: cannot be read ({error.strerror or error})") from None
    with handle:
        yield from read_rows(csv.reader(bounded_lines(handle, path)), path, columns)


def read_rows(reader: Any, path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """`read_csv`'s rows from a csv.reader (whose `line_num` gives each row's line)."""
    csv.field_size_limit(CSV_CELL_LIMIT)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailure(f"{path}:1: the file is empty") from None
    except csv.Error as error:
        raise ImportFailure(f"{path}:1: the header cannot be read as CSV ({error})") from None
    missing = [name for name in columns if name not in header]
    if missing:
        raise ImportFailure(f"{path}:1: missing column(s) {', '.join(missing)}: is this the right file?")
    line = reader.line_num + 1
    problems: list[Notice] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Notice(str(path), line, f"cannot be read as CSV ({error}): is the file damaged?"))
            break  # the reader cannot go on past a broken cell
        if any(cell.strip() for cell in cells):
            if len(cells) < len(header):
                problems.append(
                    Notice(
                        str(path),
                        line,
                        f"the row has {len(cells)} cells but the header has {len(header)}: "
                        "is the file cut short, or a cell's quotes unbalanced?",
                    )
                )
            else:
                yield line, dict(zip(header, (cell.strip() for cell in cells), strict=False))
        line = reader.line_num + 1
    if problems:
        raise ImportFailure(problems)


def is_number(text: str) -> bool:
    """Plain digits 0–9 only: `str.isdigit` also takes digits `int` cannot read, such as `²`."""
    return text.isascii() and text.isdigit()


def parse_day(text: str, short_year: bool) -> PartialDate:
    """`dd/mm/yy` (publication) or `dd/mm/yyyy` (fieldwork) to a date; ValueError if impossible."""
    pattern = r"(\d{2})/(\d{2})/(\d{2})" if short_year else r"(\d{2})/(\d{2})/(\d{4})"
    match = re.fullmatch(pattern, text)
    if not match:
        raise ValueError(f"'{text}' is not a date written {'dd/mm/yy' if short_year else 'dd/mm/yyyy'}")
    day, month, year = (int(part) for part in match.groups())
    if short_year:
        year += 2000
    return PartialDate.parse(f"{year:04d}-{month:02d}-{day:02d}")


class HistoryReader:
    """Turns history rows into Reports, noting every anomaly with its line."""

    def __init__(self, path: Path, today: datetime.date) -> None:
        self.path = path
        self.shown = str(path)
        self.today = PartialDate(today.year, today.month, today.day)
        self.anomalies: list[Notice] = []
        self.errors: list[Notice] = []  # rows that cannot be imported until corrected

    def note(self, line: int, message: str) -> None:
        self.anomalies.append(Notice(self.shown, line, message))

    def reports(self) -> list[Report]:
        found = []
        for line, row in read_csv(self.path, HISTORY_COLUMNS):
            report = self.report(line, row)
            if report is not None:
                found.append(report)
        return found

    def report(self, line: int, row: dict[str, str]) -> Report | None:
        if not is_number(row["urn"]):
            self.errors.append(Notice(self.shown, line, f"the URN '{row['urn']}' is not a number: correct the row"))
            return None
        url = row["inspection_link"]
        if not url.startswith("https://"):
            self.note(line, f"no link to the report ('{url}'): row not imported")
            return None
        if file_number(url) is None:
            self.note(line, f"the link '{url}' does not end in a file number (1 to 12 digits): row not imported")
            return None
        try:
            published = parse_day(row["publication_date"], short_year=True)
        except ValueError as problem:
            self.note(line, f"publication date: {problem}: row not imported")
            return None
        if published.sort_key > self.today.sort_key:
            self.note(line, f"publication date {published.iso} is in the future: row not imported")
            return None
        visit_type = self.visit_type(line, row, published)
        report = Report(
            line=line, urn=row["urn"], name=row["local_authority"], url=url, published=published, type=visit_type
        )
        report.lead_inspector = row["inspector_name"] or None
        report.start, report.end = self.fieldwork(line, row, published)
        if visit_type.graded:
            report.judgements = self.judgements(line, row, visit_type)
        elif any(row[column] not in MARKERS for column in GRADE_COLUMNS):
            self.note(line, f"grades given for a report from {published.display}, before the SIF: not imported")
        if row["local_authority"] in KNOWN_FAULTS and report.judgements:
            report.note = FAULT_NOTE
            self.note(line, f"{row['local_authority']}: known extraction faults upstream: grades imported, flagged")
        return report

    def visit_type(self, line: int, row: dict[str, str], published: PartialDate) -> VisitType:
        kind = row["inspection_framework"]
        if kind in ILACS_KINDS:
            return ILACS_KINDS[kind]
        if kind:
            self.note(
                line, f"the framework column holds text ('{kind}'): imported as an ILACS inspection of unknown kind"
            )
            return VisitType.ILACS
        if published.sort_key < SIF_BEGAN.sort_key:
            return VisitType.EARLIER
        has_grades = any(row[column] not in MARKERS for column in GRADE_COLUMNS)
        if published.year <= LAST_SIF_YEAR and not has_grades:
            return VisitType.SIF
        self.note(line, "no framework given for an ILACS-era report: imported as an ILACS inspection of unknown kind")
        return VisitType.ILACS

    def fieldwork(
        self, line: int, row: dict[str, str], published: PartialDate
    ) -> tuple[PartialDate | None, PartialDate | None]:
        dates: list[PartialDate | None] = []
        for column in ("inspection_start_date", "inspection_end_date"):
            text = row[column]
            if not text:
                dates.append(None)
                continue
            try:
                dates.append(parse_day(text, short_year=False))
            except ValueError as problem:
                self.note(line, f"{column}: {problem}: left out")
                dates.append(None)
        start, end = dates
        if start and end and end.sort_key < start.sort_key:
            self.note(line, f"fieldwork ends ({end.iso}) before it starts ({start.iso}): both dates left out")
            return None, None
        for name, date in (("start", start), ("end", end)):
            if date and date.sort_key > published.sort_key:
                self.note(line, f"fieldwork {name} {date.iso} is after publication {published.iso}: dates left out")
                return None, None
        return start, end

    def judgements(self, line: int, row: dict[str, str], visit_type: VisitType) -> dict[str, Grade]:
        wording = FRAMEWORK_GRADE_WORDING[visit_type.framework]
        grades: dict[str, Grade] = {}
        for column, area in GRADE_COLUMNS.items():
            word = row[column]
            if word in MARKERS:
                continue
            grade = GRADE_WORDS.get(word)
            if grade is None:
                self.note(line, f"{column}: unknown grade '{word}': left out")
                continue
            grades[area] = wording if grade is Grade.REQUIRES_IMPROVEMENT else grade
        if row["care_leavers_grade"] == JUDGED_TOGETHER and "children_in_care" in grades:
            # Before 2023 children in care and care leavers were one judgement.
            grades["children_in_care_and_care_leavers"] = grades.pop("children_in_care")
        if not row["overall_effectiveness_grade"] and grades:
            self.note(line, "overall_effectiveness_grade is empty: left out")
        return grades


def read_lookup(path: Path, anomalies: list[Notice], errors: list[Notice]) -> dict[str, dict[str, Any]]:
    """Councils by URN: identity, region and neighbours as the lookup gives them."""
    councils: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(path, LOOKUP_COLUMNS):
        name = display_name(row["local_authority_ons_name"])
        if not SLUG_PATTERN.fullmatch(slug_for(name)):
            errors.append(
                Notice(str(path), line, f"the council's name '{name}' has no letters or digits to name its folder")
            )
            continue
        if not is_number(row["urn"]):
            errors.append(Notice(str(path), line, f"the URN '{row['urn']}' is not a number: correct the row"))
            continue
        try:
            region = Region(row["region_name"])
        except ValueError:
            anomalies.append(Notice(str(path), line, f"unknown region '{row['region_name']}': council not imported"))
            continue
        code = row["la_code"]
        councils[row["urn"]] = {
            "line": line,
            "name": name,
            "region": region,
            "domain": row["domain"],
            "dfe_code": int(code) if is_number(code) else None,
            "neighbours": [part.strip() for part in row["stat_neighbours"].split(",") if part.strip()],
        }
    return councils


# The history names each council as the reports do; the lookup as the ONS does. Where the two
# differ for the same council, the pair is listed here: any other difference is an error.
NAME_ALIASES = {"bedford": "bedford-borough", "london-corporation": "city-of-london"}


def gather(history: Path, lookup: Path, today: datetime.date) -> tuple[list[CouncilData], list[Notice]]:
    """Every council that has at least one report, with its reports oldest first. Raises
    ImportFailure listing every row that cannot be imported until it is corrected."""
    reader = HistoryReader(history, today)
    reports = reader.reports()
    anomalies, errors = reader.anomalies, reader.errors
    known = read_lookup(lookup, anomalies, errors)
    councils: dict[str, CouncilData] = {}
    for report in reports:
        entry = known.get(report.urn)
        if entry is None:
            anomalies.append(Notice(str(history), report.line, f"URN {report.urn} is not in the lookup: not imported"))
            continue
        named = slug_for(report.name)
        if NAME_ALIASES.get(named, named) != slug_for(entry["name"]):
            errors.append(
                Notice(
                    str(history),
                    report.line,
                    f"the row names '{report.name}' but its URN {report.urn} is {entry['name']} in the lookup "
                    f"({lookup}:{entry['line']}): correct the name or the URN",
                )
            )
            continue
        if report.urn not in councils:
            domain = entry["domain"]
            councils[report.urn] = CouncilData(
                urn=report.urn,
                slug=slug_for(entry["name"]),
                name=entry["name"],
                region=entry["region"],
                website=f"https://{domain}/" if domain and "/" not in domain else None,
                dfe_code=entry["dfe_code"],
                neighbour_codes=entry["neighbours"],
            )
        councils[report.urn].reports.append(report)
    by_code = {str(e["dfe_code"]): slug_for(e["name"]) for urn, e in known.items() if urn in councils}
    for council in councils.values():
        council.reports.sort(key=lambda r: (r.published.sort_key, r.url))
        missing = [code for code in council.neighbour_codes if code not in by_code]
        if missing:
            line = known[council.urn]["line"]
            anomalies.append(
                Notice(
                    str(lookup),
                    line,
                    f"{council.name}: statistical neighbour code(s) {', '.join(missing)} match no council "
                    "with reports: left out",
                )
            )
        council.neighbour_codes = [by_code[code] for code in council.neighbour_codes if code in by_code]
    urls: dict[str, Report] = {}
    for council in councils.values():
        for report in council.reports:
            if report.url in urls:
                anomalies.append(
                    Notice(str(history), report.line, f"same report as line {urls[report.url].line}: not imported")
                )
        council.reports = dedupe(council.reports, urls)
    if errors:
        raise ImportFailure(sorted(errors, key=lambda notice: (notice.path, notice.line)))
    return sorted(councils.values(), key=lambda c: c.slug), anomalies


def dedupe(reports: list[Report], seen: dict[str, Report]) -> list[Report]:
    kept = []
    for report in reports:
        if report.url not in seen:
            seen[report.url] = report
            kept.append(report)
    return kept
