"""Import Ofsted's published inspection record into the content: one council.yaml per council.

The importer reads two CSV files (the inspection history and the council lookup, see
`data/ofsted-ilacs/README.md`), understands each row strictly — anything it cannot
read with certainty is reported as an anomaly with its CSV line, never guessed — and
merges the result into `content/councils/<slug>/council.yaml`.

Merging is safe for editors. Files are edited with ruamel.yaml's round-trip mode, so
comments, quoting and order survive. Records the importer writes carry `imported: true`
and are the only ones it ever changes. An editor's record of the same report (matched
by the report's URL) is compared, not touched: disagreements are reported as conflicts.
A file is only written when its facts change, so a second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .model import FRAMEWORK_GRADE_WORDING, JUDGEMENT_AREAS, Grade, PartialDate, Region, VisitType, slug_for

OFSTED_PROVIDER_PAGE = "https://reports.ofsted.gov.uk/provider/44/{urn}"
SCHEMA_COMMENT = "yaml-language-server: $schema=../../../schema/council.schema.json"

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

IDENTITY_KEYS = (
    "name",
    "region",
    "website",
    "ofsted_reports",
    "ofsted_urn",
    "dfe_code",
    "statistical_neighbours",
)


class ImportFailure(Exception):
    """The input files cannot be used at all (missing, not CSV, wrong columns)."""


@dataclass(frozen=True)
class Notice:
    """One line of the import's report: where, and what."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Report:
    """One published Ofsted report, as far as the data says with certainty."""

    line: int
    urn: str
    url: str
    published: PartialDate
    type: VisitType
    start: PartialDate | None = None
    end: PartialDate | None = None
    lead_inspector: str | None = None
    judgements: dict[str, Grade] = field(default_factory=dict)
    note: str | None = None

    @property
    def id_suffix(self) -> str:
        return self.published.iso


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


@dataclass
class ImportResult:
    anomalies: list[Notice] = field(default_factory=list)
    conflicts: list[Notice] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reports: int = 0


def display_name(ons_name: str) -> str:
    """ONS writes `Bristol, City of`; readers know it as Bristol."""
    return ons_name.removesuffix(", City of").strip()


def read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with the line each starts on, after checking the header has every column we use."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailure(f"{path}: no such file") from None
    except (UnicodeDecodeError, OSError) as error:
        raise ImportFailure(f"{path}: cannot be read as UTF-8 text ({error})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailure(f"{path}:1: the file is empty") from None
    missing = [name for name in columns if name not in header]
    if missing:
        raise ImportFailure(f"{path}:1: missing column(s) {', '.join(missing)}: is this the right file?")
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield line, dict(zip(header, (cell.strip() for cell in cells), strict=False))
        line = reader.line_num + 1


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
        url = row["inspection_link"]
        if not url.startswith("https://"):
            self.note(line, f"no link to the report ('{url}'): row not imported")
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
        report = Report(line=line, urn=row["urn"], url=url, published=published, type=visit_type)
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


def read_lookup(path: Path, anomalies: list[Notice]) -> dict[str, dict[str, Any]]:
    """Councils by URN: identity, region and neighbours as the lookup gives them."""
    councils: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(path, LOOKUP_COLUMNS):
        try:
            region = Region(row["region_name"])
        except ValueError:
            anomalies.append(Notice(str(path), line, f"unknown region '{row['region_name']}': council not imported"))
            continue
        code = row["la_code"]
        councils[row["urn"]] = {
            "line": line,
            "name": display_name(row["local_authority_ons_name"]),
            "region": region,
            "domain": row["domain"],
            "dfe_code": int(code) if code.isdigit() else None,
            "neighbours": [part.strip() for part in row["stat_neighbours"].split(",") if part.strip()],
        }
    return councils


def gather(history: Path, lookup: Path, today: datetime.date) -> tuple[list[CouncilData], list[Notice]]:
    """Every council that has at least one report, with its reports oldest first."""
    reader = HistoryReader(history, today)
    reports = reader.reports()
    anomalies = reader.anomalies
    known = read_lookup(lookup, anomalies)
    councils: dict[str, CouncilData] = {}
    for report in reports:
        entry = known.get(report.urn)
        if entry is None:
            anomalies.append(Notice(str(history), report.line, f"URN {report.urn} is not in the lookup: not imported"))
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
    return sorted(councils.values(), key=lambda c: c.slug), anomalies


def dedupe(reports: list[Report], seen: dict[str, Report]) -> list[Report]:
    kept = []
    for report in reports:
        if report.url not in seen:
            seen[report.url] = report
            kept.append(report)
    return kept


# --- Writing council.yaml ---------------------------------------------------------------


def yaml_io() -> YAML:
    """One round-trip YAML setup, so every file is written the same way."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def yaml_date(date: PartialDate) -> Any:
    """A day-precise date as a date (written unquoted, as editors write it); others as text."""
    if date.month is not None and date.day is not None:
        return datetime.date(date.year, date.month, date.day)
    return date.iso


def source_record(council: CouncilData, report: Report, source_id: str) -> CommentedMap:
    record = CommentedMap()
    record["id"] = source_id
    record["title"] = f"Children's services inspection, {council.name} ({report.published.display})"
    record["publisher"] = "Ofsted"
    record["date"] = yaml_date(report.published)
    record["url"] = report.url
    if report.note:
        record["note"] = report.note
    record["imported"] = True
    return record


def inspection_record(report: Report, inspection_id: str, source_id: str) -> CommentedMap:
    record = CommentedMap()
    record["id"] = inspection_id
    record["type"] = report.type.value
    if report.start:
        record["start"] = yaml_date(report.start)
    if report.end:
        record["end"] = yaml_date(report.end)
    record["published"] = yaml_date(report.published)
    if report.lead_inspector:
        record["lead_inspector"] = report.lead_inspector
    if report.judgements:
        grades = CommentedMap()
        for area in JUDGEMENT_AREAS:
            if area in report.judgements:
                grades[area] = report.judgements[area].value
        record["judgements"] = grades
    sources = CommentedSeq([source_id])
    sources.fa.set_flow_style()
    record["sources"] = sources
    record["imported"] = True
    return record


def identity(council: CouncilData) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": council.name,
        "region": council.region.value,
        "website": council.website,
        "ofsted_reports": OFSTED_PROVIDER_PAGE.format(urn=council.urn),
        "ofsted_urn": int(council.urn),
        "dfe_code": council.dfe_code,
        "statistical_neighbours": council.neighbour_codes,
    }
    return {key: value for key, value in values.items() if value not in (None, [])}


def as_plain(value: Any) -> Any:
    """Round-trip YAML values as plain Python values, for comparison."""
    if isinstance(value, dict):
        return {key: as_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def same_site(first: str, second: str) -> bool:
    """Two addresses of one website: `https://www.x.gov.uk/` and `https://x.gov.uk/`."""

    def host(url: str) -> str:
        return url.split("://", 1)[-1].strip("/").removeprefix("www.").lower()

    return host(first) == host(second)


class CouncilFile:
    """One council.yaml being merged with the data; records what changed and what conflicts."""

    def __init__(self, path: Path, display: str, conflicts: list[Notice], history: str) -> None:
        self.path = path
        self.display = display
        self.conflicts = conflicts
        self.history = history
        self.changed = False
        self.yaml = yaml_io()
        self.exists = path.exists()
        if self.exists:
            self.document = self.yaml.load(path.read_text(encoding="utf-8"))
        else:
            self.document = CommentedMap()

    def conflict(self, node: Any, key: Any, message: str, report: Report | None = None) -> None:
        line = line_of(node, key)
        where = f" ({self.history}:{report.line})" if report else ""
        self.conflicts.append(Notice(self.display, line, f"{message}{where}: kept the editor's value"))

    def merge_identity(self, council: CouncilData) -> None:
        document = self.document
        for position, (key, value) in enumerate(identity(council).items()):
            if key not in document:
                document.insert(
                    min(position, len(document)), key, CommentedSeq(value) if isinstance(value, list) else value
                )
                self.changed = True
            elif key == "website" and same_site(str(document[key]), str(value)):
                continue
            elif as_plain(document[key]) != value:
                self.conflict(document, key, f"{key} is '{as_plain(document[key])}' here but '{value}' in the data")

    def merge_reports(self, council: CouncilData) -> None:
        document = self.document
        sources = self.list_for("sources")
        inspections = self.list_for("inspections")
        for report in council.reports:
            source = next((s for s in sources if isinstance(s, dict) and s.get("url") == report.url), None)
            if source is None:
                source_id = unique_id(f"ofsted-{report.id_suffix}", sources)
                sources.append(source_record(council, report, source_id))
                inspection_id = unique_id(f"{report.type.framework.name.lower()}-{report.id_suffix}", inspections)
                inspections.append(inspection_record(report, inspection_id, source_id))
                self.changed = True
                continue
            citing = [i for i in inspections if isinstance(i, dict) and source["id"] in (i.get("sources") or [])]
            if source.get("imported") is True:
                self.refresh(source, source_record(council, report, source["id"]))
            for inspection in citing:
                if inspection.get("imported") is True:
                    self.refresh(inspection, inspection_record(report, inspection["id"], source["id"]))
                else:
                    self.compare(inspection, report)
            if not citing:
                inspection_id = unique_id(f"{report.type.framework.name.lower()}-{report.id_suffix}", inspections)
                inspections.append(inspection_record(report, inspection_id, source["id"]))
                self.changed = True
        for key, items in (("sources", sources), ("inspections", inspections)):
            if items and key not in document:
                document[key] = items

    def list_for(self, key: str) -> CommentedSeq:
        value = self.document.get(key)
        return value if isinstance(value, list) else CommentedSeq()

    def refresh(self, record: CommentedMap, fresh: CommentedMap) -> None:
        """Bring an imported record up to date with the data, key by key.

        Only what the data holds is set; nothing is deleted, so anything an editor added to
        the record (a summary, findings, a grade the data lacks) survives. A specific ILACS
        kind an editor chose is kept over the data's "kind unknown".
        """
        for key, value in fresh.items():
            current = record.get(key)
            if key == "type" and value == VisitType.ILACS.value and str(current).startswith("ilacs-"):
                continue
            if key == "judgements" and isinstance(current, dict):
                for area, grade in value.items():
                    if current.get(area) != grade:
                        current[area] = grade
                        self.changed = True
                continue
            if key == "sources" and isinstance(current, list):
                if not set(value) <= set(current):
                    current.extend(v for v in value if v not in current)
                    self.changed = True
                continue
            if as_plain(current) != as_plain(value):
                if key in record:
                    record[key] = value
                else:
                    record.insert(insert_position(record, key), key, value)
                self.changed = True

    def compare(self, inspection: CommentedMap, report: Report) -> None:
        """An editor's record of the same report: report where it disagrees with the data."""
        for key in ("start", "end", "published"):
            mine, theirs = inspection.get(key), getattr(report, key)
            if mine is None or theirs is None:
                continue
            try:
                written = PartialDate.parse(mine.isoformat() if isinstance(mine, datetime.date) else str(mine))
            except ValueError:
                continue
            depth = 1 + (written.month is not None) + (written.day is not None)
            if written.sort_key[:depth] != theirs.sort_key[:depth]:
                self.conflict(inspection, key, f"{key} is {written.iso} here but {theirs.iso} in the data", report)
        grades = inspection.get("judgements")
        if not isinstance(grades, dict):
            return
        for area, grade in report.judgements.items():
            mine = grades.get(area)
            if mine is None:
                continue
            try:
                same = Grade(str(mine)).rank == grade.rank
            except ValueError:
                continue
            if not same:
                self.conflict(grades, area, f"{area} is '{mine}' here but '{grade.value}' in the data", report)

    def header(self, council: CouncilData) -> None:
        self.document.yaml_set_start_comment(
            f"{SCHEMA_COMMENT}\n"
            f"{council.name}: facts imported from Ofsted's published inspection reports by\n"
            "`python build.py import-ofsted`. Records marked `imported: true` may be updated by a\n"
            "re-import. Add your own records (visits, milestones, quotes, findings) freely: the\n"
            "importer never changes them. Delete `imported: true` to make a record yours."
        )

    def text(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.document, buffer)
        return buffer.getvalue()


def insert_position(record: CommentedMap, key: str) -> int:
    """Where a new key goes in a record: before its sources and the imported mark, like a fresh one."""
    for anchor in ("sources", "imported"):
        if anchor in record and key not in ("sources", "imported"):
            return list(record).index(anchor)
    return len(record)


def line_of(node: Any, key: Any) -> int:
    """The 1-based line of `key` in a round-trip mapping, or of the mapping itself."""
    try:
        return node.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        try:
            return node.lc.line + 1
        except AttributeError:
            return 1


def unique_id(base: str, records: list[Any]) -> str:
    taken = {str(r.get("id")) for r in records if isinstance(r, dict)}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def import_ofsted(
    history: Path,
    lookup: Path,
    content: Path,
    today: datetime.date | None = None,
    display: Any = str,
) -> ImportResult:
    """Merge the data into `content/councils/`; raise ImportFailure if the inputs are unusable."""
    councils, anomalies = gather(history, lookup, today or datetime.date.today())
    result = ImportResult(anomalies=anomalies)
    councils_dir = content / "councils"
    for council in councils:
        path = councils_dir / council.slug / "council.yaml"
        shown = display(path)
        merged = CouncilFile(path, shown, result.conflicts, str(history))
        if not merged.exists:
            merged.header(council)
        merged.merge_identity(council)
        merged.merge_reports(council)
        result.reports += len(council.reports)
        if not merged.exists:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(merged.text(), encoding="utf-8")
            result.created.append(shown)
        elif merged.changed:
            path.write_text(merged.text(), encoding="utf-8")
            result.updated.append(shown)
        else:
            result.unchanged.append(shown)
    return result
