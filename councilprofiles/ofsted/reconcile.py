"""Reconciling the dataset with the reports: where a CSV row and its report disagree, the report wins.

The CSV holds what a scraper could read from each report; the report is Ofsted's record.
Each report is read once (`report.read_report`) and its facts replace the row's: the type
of inspection its layout shows, the fieldwork and publication dates it prints, its lead
inspector, every judgement in its table, and Ofsted's own words. Every difference from
the row is reported with the row's CSV line, so the dataset's faults are on record too.
A report that is missing or cannot be read is reported, and the row's facts stand.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from ..errors import shortened
from ..model import AREA_LABELS, FRAMEWORK_GRADE_WORDING, JUDGEMENT_AREAS, PartialDate, VisitType, slug_for
from .dataset import FAULT_NOTE, NAME_ALIASES, Extract, Notice, Report
from .report import ReportReading, UnreadableReport, normalise_space, read_report


def report_file(reports: Path, report: Report) -> Path:
    """A report's PDF in the reports folder, named by Ofsted's file number (the link's last part)."""
    return reports / f"{report.file_id}.pdf"


def read_one(path: Path) -> ReportReading | str:
    """A report read, or why it could not be: a worker's answer, so nothing is raised across processes."""
    try:
        return read_report(path)
    except UnreadableReport as problem:
        return problem.reason
    except Exception as problem:  # noqa: BLE001 - a damaged file must not stop the other 492
        return f"could not be read ({type(problem).__name__}: {problem})"


Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""Given how many reports there are to read, a context whose value is told of each one read."""


def no_progress(total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


def read_reports(paths: list[Path], workers: int) -> Iterator[ReportReading | str]:
    """Each report read, in the order given, over `workers` processes."""
    if workers < 2 or len(paths) < 8 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(read_one, paths)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(read_one, paths, chunksize=4)


def reconcile_all(
    reports: list[Report],
    folder: Path,
    history: str,
    anomalies: list[Notice],
    workers: int = 1,
    progress: Progress = no_progress,
) -> None:
    """Read each report in `folder` and let it correct its row; note what differed, and what could not be read."""
    present = [report for report in reports if report_file(folder, report).is_file()]
    for report in reports:
        if not report_file(folder, report).is_file():
            anomalies.append(
                Notice(history, report.line, f"no report {report.file_id}.pdf in {folder}: the CSV's facts kept")
            )
    readings = []
    with progress(len(present)) as advance:
        for reading in read_reports([report_file(folder, report) for report in present], workers):
            readings.append(reading)
            advance()
    for report, reading in zip(present, readings, strict=True):
        if isinstance(reading, str):
            anomalies.append(
                Notice(history, report.line, f"report {report.file_id}.pdf {reading}: not read; the CSV's facts kept")
            )
            continue
        if not names_council(reading.text, report.name):
            anomalies.append(
                Notice(
                    history,
                    report.line,
                    f"report {report.file_id}.pdf does not name {report.name} where it names its council "
                    f"({shortened(repr(heading(reading.text)))}): another council's report? Not read; the CSV's "
                    "facts kept",
                )
            )
            continue
        reconcile(report, reading, lambda message, r=report: anomalies.append(Notice(history, r.line, message)))


# Where a report names its council: the top of its first page, before its dates ("Trafford
# Inspection of children's social care services", "Inspection of St Helens local authority
# children's services"). Every one of the 492 readable reports names its council there.
HEADING_END = re.compile(r"Inspection dates?\b|Report published|Judgement\s+Grade")
HEADING_LONGEST = 400  # characters, where a report prints none of the words that end it

# Councils some reports name otherwise than the dataset does (as folder names): Ofsted's "Hull",
# "Newcastle" and "East Riding" for the history's "kingston upon hull", "newcastle upon tyne" and
# "east riding of yorkshire". `dataset.NAME_ALIASES` gives the others ("City of London").
PRINTED_NAMES = {
    "kingston-upon-hull": "hull",
    "newcastle-upon-tyne": "newcastle",
    "east-riding-of-yorkshire": "east-riding",
}


def heading(text: str) -> str:
    """The top of a report's first page, up to its dates or judgement table."""
    end = HEADING_END.search(text, 0, HEADING_LONGEST)
    return normalise_space(text[: end.start() if end else HEADING_LONGEST])


def names_council(text: str, council: str) -> bool:
    """Whether a report (its whole text) names `council` at the top of its first page, so that
    another council's report saved under this row's file number is never taken for its own."""
    named = slug_for(council)
    names = {named, NAME_ALIASES.get(named, named), PRINTED_NAMES.get(named, named)}
    top = slug_for(heading(text))
    # Whole words, and not the end of a longer name: "Somerset" is not named by "North Somerset".
    return any(
        re.search(rf"(?<![a-z0-9])(?<!north-)(?<!south-)(?<!east-)(?<!west-){re.escape(name)}(?![a-z0-9])", top)
        for name in names
    )


# Since 2022 ILACS reports grade these two together; the CSV sometimes splits them.
COMBINED_AREA = "children_in_care_and_care_leavers"
SEPARATE_AREAS = ("children_in_care", "care_leavers")


def reconcile(report: Report, reading: ReportReading, note: Callable[[str], None]) -> None:
    """Take the report's facts over the row's, noting each difference."""
    name = f"report {report.file_id}.pdf"
    kinds = reading.layout.visit_types
    if report.type not in kinds:
        note(f"{name} is {describe(kinds[0])}; the CSV makes it {describe(report.type)}: took the report")
        report.type = kinds[0]
    take_dates(report, reading, name, note)
    if reading.lead_inspector:
        given = report.lead_inspector
        if given and normalise_space(given) != reading.lead_inspector:
            note(f"{name} names the lead inspector '{reading.lead_inspector}'; the CSV has '{given}': took the report")
        report.lead_inspector = reading.lead_inspector
    if report.type.graded:
        take_judgements(report, reading, name, note)
        take_wording(report, reading)
    else:
        report.judgements = {}
    report.extract = Extract(reading.headline, reading.summary, tuple(reading.improvements))


def take_wording(report: Report, reading: ReportReading) -> None:
    """The words a report's table prints where they are not its framework's usual ones: the third
    grade's ("requires improvement" in some ILACS reports) and the leaders' judgement's title."""
    usual = FRAMEWORK_GRADE_WORDING[report.type.framework].value
    printed = reading.third_grade_printed
    if printed and printed != usual and any(grade.rank == 3 for grade in report.judgements.values()):
        report.grade_wording = printed
    title = (reading.leadership_title or "").rstrip(".")
    if title and "leadership" in report.judgements and title != AREA_LABELS[report.type.framework]["leadership"]:
        report.leadership_title = title


def take_dates(report: Report, reading: ReportReading, name: str, note: Callable[[str], None]) -> None:
    """The report's fieldwork and publication dates, unless read out of order (then none are taken)."""
    dates = {key: getattr(reading, key) or getattr(report, key) for key in ("start", "end", "published")}
    known = [date for date in dates.values() if date is not None]
    if any(later.sort_key < earlier.sort_key for earlier, later in zip(known, known[1:], strict=False)):
        shown = ", ".join(f"{key} {date.iso}" for key, date in dates.items() if date is not None)
        note(f"{name}: the dates read ({shown}) are out of order: the CSV's dates kept")
        return
    for key in ("start", "end", "published"):
        printed: PartialDate | None = getattr(reading, key)
        given: PartialDate | None = getattr(report, key)
        if printed is None:
            continue
        if given is not None and given.iso != printed.iso:
            note(f"{name} prints {key} {printed.iso}; the CSV has {given.iso}: took the report")
        setattr(report, key, printed)
    first = reading.council_published
    if first is not None and first.sort_key < report.published.sort_key:
        note(
            f"{name}: a footnote says the council's sections were first published on {first.iso};"
            f" the combined report is of {report.published.iso}: the inspection takes {first.iso}"
        )
        report.council_published = first


def take_judgements(report: Report, reading: ReportReading, name: str, note: Callable[[str], None]) -> None:
    if not reading.judgements:
        if report.judgements:
            note(f"{name}: no judgements could be read from the report: the CSV's grades kept")
        return
    wording = FRAMEWORK_GRADE_WORDING[report.type.framework]
    printed = {area: wording if grade.rank == 3 else grade for area, grade in reading.judgements.items()}
    for area in JUDGEMENT_AREAS:
        given, taken = report.judgements.get(area), printed.get(area)
        if given is None or (taken is not None and given.rank == taken.rank):
            continue
        if taken is None and area in SEPARATE_AREAS and COMBINED_AREA in printed:
            note(
                f"{name} grades children in care and care leavers together ('{printed[COMBINED_AREA].value}');"
                f" the CSV has {area} '{given.value}': took the report"
            )
        elif taken is None:
            note(f"{name} gives no {area} grade; the CSV has '{given.value}': left out")
        else:
            note(f"{name} grades {area} '{taken.value}'; the CSV has '{given.value}': took the report")
    report.judgements = {area: printed[area] for area in JUDGEMENT_AREAS if area in printed}
    if report.note == FAULT_NOTE:
        report.note = None  # the grades are the report's own now, not the faulty tool's


def describe(kind: VisitType) -> str:
    return {
        VisitType.EARLIER: "from before the single inspection framework",
        VisitType.SIF: "a SIF inspection",
        VisitType.SIF_REINSPECTION: "a SIF re-inspection",
        VisitType.LSCB_REVIEW: "a review of the Local Safeguarding Children Board alone",
    }.get(kind, "an ILACS inspection")
