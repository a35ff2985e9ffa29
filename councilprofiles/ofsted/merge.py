"""Merging what Ofsted's record says into `content/councils/<slug>/council.yaml`.

Files are edited with ruamel.yaml's round-trip mode, so comments, quoting and order
survive. Records the importer writes carry `imported: true` and are the only ones it
ever changes. An editor's record of the same report (matched by the report's URL) is
compared, not touched: disagreements are reported as conflicts. A file is only written
when its facts change, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import ErrorLog
from ..files import read_text
from ..model import JUDGEMENT_AREAS, Grade, PartialDate, VisitType
from .dataset import CouncilData, Extract, Notice, Report

OFSTED_PROVIDER_PAGE = "https://reports.ofsted.gov.uk/provider/44/{urn}"
SCHEMA_COMMENT = "yaml-language-server: $schema=../../../schema/council.schema.json"


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
    kind = "Children's services inspection"
    if report.type is VisitType.LSCB_REVIEW:
        kind = "Review of the Local Safeguarding Children Board"
    record["title"] = f"{kind}, {council.name} ({report.published.display})"
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
    record["published"] = yaml_date(report.council_published or report.published)
    if report.council_published:
        record["date_note"] = (
            f"Ofsted first published the sections about the council on {report.council_published.display}; "
            f"the report cited adds the review of the Local Safeguarding Children Board, on {report.published.display}."
        )
    if report.lead_inspector:
        record["lead_inspector"] = report.lead_inspector
    if report.grade_wording:
        record["grade_wording"] = report.grade_wording
    if report.leadership_title:
        record["leadership_title"] = report.leadership_title
    if report.judgements:
        grades = CommentedMap()
        for area in JUDGEMENT_AREAS:
            if area in report.judgements:
                grades[area] = report.judgements[area].value
        record["judgements"] = grades
    if report.extract:
        record["from_report"] = extract_record(report.extract, source_id)
    sources = CommentedSeq([source_id])
    sources.fa.set_flow_style()
    record["sources"] = sources
    record["imported"] = True
    return record


def extract_record(extract: Extract, source_id: str, into_editors: bool = False) -> CommentedMap:
    """Ofsted's words, exactly as the report prints them, cited to the report; marked `imported`
    where they go into an editor's record (`into_editors`), so a re-import knows them for its own."""
    record = CommentedMap()
    record["source"] = source_id
    if extract.headline:
        record["headline"] = extract.headline
    if extract.summary:
        # Paragraphs stay paragraphs: a literal block keeps the report's blank line between them.
        record["summary"] = LiteralScalarString(extract.summary) if "\n" in extract.summary else extract.summary
    if extract.improvements:
        record["improvements"] = CommentedSeq(list_item(item) for item in extract.improvements)
    if into_editors:
        record["imported"] = True
    return record


def list_item(item: str) -> Any:
    """An item as the reader gives it (its sub-list on the lines after it): plain text, or its text and sub-items."""
    text, *sub_items = item.split("\n")
    if not sub_items:
        return text
    record = CommentedMap()
    record["text"] = text
    record["items"] = CommentedSeq(sub_items)
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


class UnmergeableFile(Exception):
    """An editor's council.yaml that the import cannot merge into as it stands (mid-edit, say)."""

    def __init__(self, notices: list[Notice]) -> None:
        super().__init__("; ".join(map(str, notices)))
        self.notices = notices


UNMERGEABLE = "the import cannot merge Ofsted's record into this file until it is fixed"


class CouncilFile:
    """One council.yaml being merged with the data; records what changed and what conflicts."""

    def __init__(self, path: Path, display: str, conflicts: list[Notice], history: str, content: Path) -> None:
        self.path = path
        self.display = display
        self.conflicts = conflicts
        self.history = history
        self.changed = False
        self.yaml = yaml_io()
        self.exists = path.exists() or path.is_symlink()
        self.document = self.read(content) if self.exists else CommentedMap()

    def read(self, content: Path) -> CommentedMap:
        """The editor's file, round-trip; raise UnmergeableFile (file and line) if it cannot be merged into."""
        log = ErrorLog()
        text = read_text(self.path, log, content)
        if text is None:
            raise UnmergeableFile([Notice(e.path, e.line, f"{e.message} ({UNMERGEABLE})") for e in log.errors])
        try:
            document = self.yaml.load(text)
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise UnmergeableFile(
                [Notice(self.display, line, f"YAML syntax error: {problem} ({UNMERGEABLE})")]
            ) from None
        problems = shape_problems(document)
        if problems:
            raise UnmergeableFile(
                [Notice(self.display, line, f"{message} ({UNMERGEABLE})") for line, message in problems]
            )
        return document

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
            if report.extract is None and any(i.get("imported") is True and read_before(i) for i in citing):
                continue  # read from the report before, which outranks the CSV alone
            if source.get("imported") is True:
                self.refresh(source, source_record(council, report, source["id"]))
            for inspection in citing:
                if inspection.get("imported") is True:
                    fresh = inspection_record(report, inspection["id"], source["id"])
                    self.refresh(inspection, fresh, from_report=report.extract is not None)
                else:
                    self.compare(inspection, report)
                    self.fill_words(inspection, report, source["id"])
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

    def refresh(self, record: CommentedMap, fresh: CommentedMap, from_report: bool = False) -> None:
        """Bring an imported record up to date with the data, key by key.

        Only what the data holds is set; nothing is deleted, so anything an editor added to
        the record (a summary, findings, a grade the data lacks) survives. A specific ILACS
        kind an editor chose is kept over the data's "kind unknown". But when the report itself
        was read (`from_report`), its judgement table is the record and replaces the grades whole.
        """
        for key, value in fresh.items():
            current = record.get(key)
            if key == "type" and value == VisitType.ILACS.value and str(current).startswith("ilacs-"):
                continue
            if key == "judgements" and isinstance(current, dict) and not from_report:
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
                    record.insert(insert_position(record, key, fresh), key, value)
                self.changed = True

    def fill_words(self, inspection: CommentedMap, report: Report, source_id: str) -> None:
        """Ofsted's words into an editor's record of the report's own inspection, where the editor
        left them out: written marked `imported`, and refreshed as such; words the editor wrote
        (a `from_report` without that mark) are never touched."""
        if not report.extract or not is_reports_own(inspection, report):
            return
        current = inspection.get("from_report")
        if current is not None and not (isinstance(current, dict) and current.get("imported") is True):
            return
        fresh = extract_record(report.extract, source_id, into_editors=True)
        if current is None:
            keys = list(inspection)  # the words go before the sources, where an imported record has them
            inspection.insert(keys.index("sources") if "sources" in keys else len(keys), "from_report", fresh)
            self.changed = True
        else:
            self.refresh(current, fresh)

    def compare(self, inspection: CommentedMap, report: Report) -> None:
        """An editor's record of the same report: report where it disagrees with the data. A record
        of another kind citing the report (a focused visit the inspection's report recalls) is not
        the report's own inspection, and is left alone."""
        if not is_reports_own(inspection, report):
            return
        for key in ("start", "end", "published"):
            mine, theirs = inspection.get(key), getattr(report, key)
            if key == "published" and report.council_published:
                theirs = report.council_published
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


def shape_problems(document: Any) -> list[tuple[int, str]]:
    """What stops a merge (line, problem): the file must be keys, its sources and inspections lists
    of records, each with an id; everything else `check` reports in its own words afterwards."""
    if not isinstance(document, CommentedMap):
        return [(1, "the file should be a set of keys (name:, region:, sources: ...), not a list or a single value")]
    problems = []
    for key in ("sources", "inspections"):
        items = document.get(key)
        if items is None:
            continue
        if not isinstance(items, CommentedSeq):
            problems.append((line_of(document, key), f"'{key}' should be a list: put each item after '- '"))
            continue
        for index, item in enumerate(items):
            line = items.lc.item(index)[0] + 1
            if not isinstance(item, CommentedMap):
                problems.append((line, f"each of '{key}' should be a set of keys, such as id: and title:"))
            elif not isinstance(item.get("id"), str) or not item["id"].strip():
                problems.append((line, f"this item of '{key}' has no id: give it one, such as id: ofsted-2019"))
            elif key == "inspections" and not isinstance(item.get("sources", []), list):
                problems.append((line_of(item, "sources"), "an inspection's 'sources' should be a list of source ids"))
    return problems


def read_before(inspection: CommentedMap) -> bool:
    """Whether an imported record was read from its report: it quotes the report, or the report
    showed it to be a board review, which the CSV lists as an inspection."""
    return "from_report" in inspection or inspection.get("type") == VisitType.LSCB_REVIEW.value


def is_reports_own(inspection: CommentedMap, report: Report) -> bool:
    """Whether an editor's record citing a report is of the report's own inspection: a record of
    another kind citing it (a focused visit the inspection's report recalls) is not."""
    try:
        kind = VisitType(str(inspection.get("type")))
    except ValueError:
        return False
    return kind.framework is report.type.framework and kind.graded is report.type.graded


def insert_position(record: CommentedMap, key: str, fresh: CommentedMap) -> int:
    """Where a new key goes in a record: after the keys a fresh record puts before it, so a
    refreshed record reads in the same order as a new one."""
    order = list(fresh)
    earlier = order[: order.index(key)]
    keys = list(record)
    placed = [keys.index(name) for name in earlier if name in record]
    return max(placed) + 1 if placed else 0


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
