"""Measure the report reader over a folder of Ofsted report PDFs, and compare it with the CSV.

    python -m benchmarks.report_reader REPORTS_DIR [--csv HISTORY.csv] [--workers 2] [--out FILE.json]

Reads every `<file number>.pdf` in REPORTS_DIR with `councilprofiles.ofsted.report` in a
process pool (as the importer will), and prints: the wall time and processor time for all
of them, the slowest reports, how many of each layout, how many readings have each field,
how many SIF inspections have all six grades, any field not found verbatim in its report's
text, and, with `--csv`, every disagreement between a report and its CSV row (joined on the
file number at the end of `inspection_link`): the report is the record, so the list is what
the importer must correct or report. `--out` writes the readings and the lists as JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from councilprofiles.model import Grade
from councilprofiles.ofsted.report import Layout, ReportReading, UnreadableReport, contains_verbatim, read_report

SIF_AREAS = (
    "overall_effectiveness",
    "help_and_protection",
    "children_in_care",
    "adoption",
    "care_leavers",
    "leadership",
)
ILACS_TABLES = (
    {"overall_effectiveness", "leadership", "help_and_protection", "children_in_care_and_care_leavers"},
    {"overall_effectiveness", "leadership", "help_and_protection", "children_in_care", "care_leavers"},
)
CSV_GRADES = {
    "overall_effectiveness_grade": ("overall_effectiveness",),
    "impact_of_leaders_grade": ("leadership",),
    "help_and_protection_grade": ("help_and_protection",),
    # Before 2023 the CSV puts the joint grade for children in care and care leavers here.
    "in_care_grade": ("children_in_care", "children_in_care_and_care_leavers"),
    "care_leavers_grade": ("care_leavers",),
}
RANK = {"outstanding": 1, "good": 2, "requires improvement": 3, "requires improvement to be good": 3, "inadequate": 4}


def sif_complete(reading: ReportReading) -> bool:
    return all(area in reading.judgements or area in reading.not_judged for area in SIF_AREAS)


def read_timed(path: Path) -> tuple[str, float, ReportReading | None, str | None]:
    began = time.process_time()
    try:
        reading = read_report(path)
        error = None
    except UnreadableReport as failure:
        reading, error = None, failure.reason
    return path.stem, time.process_time() - began, reading, error


def text_fields(reading: ReportReading) -> list[tuple[str, str]]:
    fields = [
        ("title", reading.title),
        ("dates_printed", reading.dates_printed),
        *((f"lead_inspectors[{number}]", name) for number, name in enumerate(reading.lead_inspectors)),
        ("headline", reading.headline),
        ("summary", reading.summary),
    ]
    fields += [(f"improvements[{number}]", item) for number, item in enumerate(reading.improvements)]
    return [(name, value) for name, value in fields if value]


def bad_characters(value: str) -> bool:
    return bool(re.search(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ue000-\uf8ff]", value))


def csv_date(text: str, pattern: str = "%d/%m/%Y") -> str | None:
    try:
        return datetime.datetime.strptime(text.strip(), pattern).date().isoformat()
    except ValueError:
        return None


def compare(reading: ReportReading, row: dict[str, str]) -> tuple[list[str], list[str]]:
    """How the CSV row differs from the report (the report is the record): where they disagree,
    and where the CSV has nothing (an empty cell, `data_unreadable`) and the report has a fact."""
    differ: list[str] = []
    missing: list[str] = []
    facts: list[tuple[str, str, str | None]] = [
        ("start", row["inspection_start_date"], csv_date(row["inspection_start_date"])),
        ("end", row["inspection_end_date"], csv_date(row["inspection_end_date"])),
        ("published", row["publication_date"], csv_date(row["publication_date"], "%d/%m/%y")),
    ]
    for attribute, cell, listed in facts:
        printed = getattr(reading, attribute)
        if printed is None:
            continue
        if not cell.strip():
            missing.append(attribute)
        elif listed != printed.iso:
            differ.append(f"{attribute}: CSV {cell!r}, report {printed.iso}")
    if reading.lead_inspector:
        if not row["inspector_name"].strip():
            missing.append("lead inspector")
        elif " ".join(row["inspector_name"].split()) != reading.lead_inspector:
            differ.append(f"lead inspector: CSV {row['inspector_name']!r}, report {reading.lead_inspector!r}")
    for column, areas in CSV_GRADES.items():
        listed = row[column].strip().lower()
        printed = next((reading.judgements[area] for area in areas if area in reading.judgements), None)
        if listed in RANK:
            if printed is None:
                if reading.layout is not Layout.EARLIER:
                    differ.append(f"{column}: CSV {listed!r}, report gives none")
            elif RANK[listed] != printed.rank:
                differ.append(f"{column}: CSV {listed!r}, report {printed.value!r}")
        elif printed is not None:
            if listed in ("", "data_unreadable"):
                missing.append(column)
            else:
                differ.append(f"{column}: CSV {listed!r}, report {printed.value!r}")
    return differ, missing


def summarise(
    readings: dict[str, ReportReading], rows: dict[str, dict[str, str]] | None
) -> tuple[dict[str, list[str]], list[str]]:
    """Print what was read, and how it compares with the CSV rows (by file number) if given."""
    layouts = Counter(reading.layout.value for reading in readings.values())
    print("layouts: " + ", ".join(f"{layout} {count}" for layout, count in sorted(layouts.items())))
    for label, test in (
        ("start and end dates", lambda r: r.start is not None and r.end is not None),
        ("published", lambda r: r.published is not None),
        ("lead inspector", lambda r: r.lead_inspector is not None),
        ("headline", lambda r: r.headline is not None),
        ("summary", lambda r: r.summary is not None),
        ("improvements", lambda r: bool(r.improvements)),
        ("any judgement", lambda r: bool(r.judgements)),
    ):
        by_layout = Counter(reading.layout.value for reading in readings.values() if test(reading))
        total = sum(by_layout.values())
        detail = ", ".join(f"{layout} {by_layout[layout]}/{layouts[layout]}" for layout in sorted(layouts))
        print(f"  {label}: {total}/{len(readings)} ({detail})")
    sif = [reading for reading in readings.values() if reading.layout is Layout.SIF]
    complete = [reading for reading in sif if sif_complete(reading)]
    print(f"SIF inspections with all six grades (or the report's own 'not judged'): {len(complete)}/{len(sif)}")
    expected = {
        Layout.ILACS: lambda r: set(r.judgements) in ILACS_TABLES,
        Layout.ILACS_2026: lambda r: set(r.judgements) == ILACS_TABLES[1] - {"overall_effectiveness"},
    }
    for layout, test in expected.items():
        short = [number for number, reading in readings.items() if reading.layout is layout and not test(reading)]
        print(f"{layout} readings without their full table: {len(short)} {sorted(short)}")
    missing = {
        label: sorted(number for number, reading in readings.items() if test(reading))
        for label, test in (
            ("no dates", lambda r: r.start is None or r.end is None),
            ("no lead inspector", lambda r: r.lead_inspector is None),
            ("no summary", lambda r: r.summary is None),
            ("no improvements", lambda r: not r.improvements),
            (
                "SIF without all grades",
                lambda r: r.layout is Layout.SIF and not sif_complete(r),
            ),
        )
    }
    for label, numbers in missing.items():
        print(f"{label}: {len(numbers)} {numbers[:40]}")

    not_verbatim = []
    for number, reading in sorted(readings.items()):
        for name, value in text_fields(reading):
            if not contains_verbatim(reading.text, value) or bad_characters(value):
                not_verbatim.append(f"{number} {name}: {value[:80]!r}")
    print(f"fields not verbatim in their text, or with control characters: {len(not_verbatim)}")
    for line in not_verbatim:
        print(f"  {line}")

    disagreements: dict[str, list[str]] = {}
    filled: Counter[str] = Counter()
    if rows is not None:
        for number, reading in sorted(readings.items()):
            row = rows.get(number)
            if row is None:
                disagreements[number] = ["no CSV row for this file number"]
                continue
            differ, missing = compare(reading, row)
            filled.update(missing)
            if differ:
                disagreements[f"{number} {row['local_authority']} ({row['publication_date']})"] = differ
        print(
            "facts the CSV lacks (empty or data_unreadable) and the report gives: "
            + ", ".join(f"{name} {count}" for name, count in sorted(filled.items()))
        )
        count = sum(len(found) for found in disagreements.values())
        print(f"disagreements with the CSV: {count} in {len(disagreements)} reports")
        for report, found in disagreements.items():
            for line in found:
                print(f"  {report}: {line}")
    return disagreements, not_verbatim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=Path)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()

    paths = sorted(options.reports.glob("*.pdf"))
    if not paths:
        sys.exit(f"{options.reports}: no PDF files")
    began = time.perf_counter()
    with ProcessPoolExecutor(options.workers) as pool:
        results = list(pool.map(read_timed, paths, chunksize=4))
    wall = time.perf_counter() - began
    cpu = sum(seconds for _, seconds, _, _ in results)
    readings = {number: reading for number, _, reading, _ in results if reading}
    unreadable = {number: error for number, _, _, error in results if error}

    print(f"{len(paths)} reports, {options.workers} workers on {os.cpu_count()} cores")
    print(f"wall {wall:.1f} s; processor time {cpu:.1f} s in all, {cpu / len(paths) * 1000:.0f} ms a report")
    slowest = sorted(results, key=lambda result: -result[1])[:5]
    print("slowest: " + ", ".join(f"{number} {seconds * 1000:.0f} ms" for number, seconds, _, _ in slowest))
    print(f"unreadable: {len(unreadable)}")
    for number, error in sorted(unreadable.items()):
        print(f"  {number}: {error}")

    rows = None
    if options.csv:
        with options.csv.open(newline="", encoding="utf-8") as file:
            rows = {row["inspection_link"].rstrip("/").rsplit("/", 1)[-1]: row for row in csv.DictReader(file)}
    disagreements, not_verbatim = summarise(readings, rows)

    if options.out:
        options.out.write_text(
            json.dumps(
                {
                    "wall_seconds": wall,
                    "cpu_seconds": cpu,
                    "unreadable": unreadable,
                    "disagreements": disagreements,
                    "not_verbatim": not_verbatim,
                    "readings": {
                        number: {
                            "layout": reading.layout.value,
                            "title": reading.title,
                            "dates_printed": reading.dates_printed,
                            "start": reading.start and reading.start.iso,
                            "end": reading.end and reading.end.iso,
                            "published": reading.published and reading.published.iso,
                            "lead_inspector": reading.lead_inspector,
                            "judgements": {area: grade.value for area, grade in reading.judgements.items()},
                            "headline": reading.headline,
                            "summary": reading.summary,
                            "improvements": reading.improvements,
                        }
                        for number, reading in sorted(readings.items())
                    },
                },
                indent=1,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )


assert Grade  # the model's grades are what the readings hold

if __name__ == "__main__":
    main()
