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
CSV_GRADES = {
    "overall_effectiveness_grade": ("overall_effectiveness",),
    "impact_of_leaders_grade": ("leadership",),
    "help_and_protection_grade": ("help_and_protection",),
    # Before 2023 the CSV puts the joint grade for children in care and care leavers here.
    "in_care_grade": ("children_in_care", "children_in_care_and_care_leavers"),
    "care_leavers_grade": ("care_leavers",),
}
RANK = {"outstanding": 1, "good": 2, "requires improvement": 3, "requires improvement to be good": 3, "inadequate": 4}


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
        ("lead_inspector", reading.lead_inspector),
        ("headline", reading.headline),
        ("summary", reading.summary),
    ]
    fields += [(f"improvements[{number}]", item) for number, item in enumerate(reading.improvements)]
    return [(name, value) for name, value in fields if value]


def bad_characters(value: str) -> bool:
    return bool(re.search(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ue000-\uf8ff]", value))


def csv_date(text: str) -> str | None:
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def compare(reading: ReportReading, row: dict[str, str]) -> list[str]:
    """Every way the CSV row differs from the report; the report is the record."""
    found = []
    for column, attribute in (("inspection_start_date", "start"), ("inspection_end_date", "end")):
        printed = getattr(reading, attribute)
        listed = csv_date(row[column]) if row[column].strip() else None
        if printed is not None and listed != printed.iso:
            found.append(f"{attribute}: CSV {row[column] or '(empty)'!r}, report {printed.iso}")
    listed_name = " ".join(row["inspector_name"].split())
    if reading.lead_inspector and listed_name != reading.lead_inspector:
        found.append(f"lead inspector: CSV {row['inspector_name']!r}, report {reading.lead_inspector!r}")
    for column, areas in CSV_GRADES.items():
        listed = row[column].strip().lower()
        printed = next((reading.judgements[area] for area in areas if area in reading.judgements), None)
        if listed in RANK:
            if printed is None:
                if reading.layout is not Layout.EARLIER:
                    found.append(f"{column}: CSV {listed!r}, report gives none")
            elif RANK[listed] != printed.rank:
                found.append(f"{column}: CSV {listed!r}, report {printed.value!r}")
        elif printed is not None and listed not in ("data_unreadable",):
            found.append(f"{column}: CSV {listed or '(empty)'!r}, report {printed.value!r}")
    return found


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
    complete = [reading for reading in sif if all(area in reading.judgements for area in SIF_AREAS)]
    print(f"SIF inspections with all six grades: {len(complete)}/{len(sif)}")
    expected = {
        Layout.ILACS: lambda r: "overall_effectiveness" in r.judgements and len(r.judgements) in (4, 5),
        Layout.ILACS_2026: lambda r: "overall_effectiveness" not in r.judgements and len(r.judgements) == 4,
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
                lambda r: r.layout is Layout.SIF and not all(a in r.judgements for a in SIF_AREAS),
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
    if options.csv:
        with options.csv.open(newline="", encoding="utf-8") as file:
            rows = {row["inspection_link"].rstrip("/").rsplit("/", 1)[-1]: row for row in csv.DictReader(file)}
        for number, reading in sorted(readings.items()):
            row = rows.get(number)
            if row is None:
                disagreements[number] = ["no CSV row for this file number"]
                continue
            found = compare(reading, row)
            if found:
                disagreements[f"{number} {row['local_authority']} ({row['publication_date']})"] = found
        count = sum(len(found) for found in disagreements.values())
        print(f"disagreements with the CSV: {count} in {len(disagreements)} reports")
        for report, found in disagreements.items():
            for line in found:
                print(f"  {report}: {line}")

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
