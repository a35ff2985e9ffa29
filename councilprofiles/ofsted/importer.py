"""The import as one call: read the record, merge it into every council's file, report."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import ImportFailure, Notice, gather
from .merge import CouncilFile, UnmergeableFile
from .reconcile import Progress, no_progress, reconcile_all


@dataclass
class ImportResult:
    anomalies: list[Notice] = field(default_factory=list)
    conflicts: list[Notice] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reports: int = 0


def import_ofsted(
    history: Path,
    lookup: Path,
    content: Path,
    today: datetime.date | None = None,
    display: Any = str,
    reports: Path | None = None,
    workers: int = 1,
    progress: Progress = no_progress,
) -> ImportResult:
    """Merge the data into `content/councils/`; raise ImportFailure if the inputs are unusable.

    With `reports` (a folder of the reports' PDFs, named by Ofsted's file number), each report
    is read and its facts and words taken over the CSV's; `progress` is told of each report read.
    """
    councils, anomalies = gather(history, lookup, today or datetime.date.today())
    if reports is not None:
        every = [report for council in councils for report in council.reports]
        reconcile_all(every, reports, str(history), anomalies, workers, progress)
    result = ImportResult(anomalies=sorted(anomalies, key=lambda notice: (notice.path, notice.line)))
    councils_dir = content / "councils"
    unmergeable: list[Notice] = []
    writes: list[tuple[Path, str]] = []
    for council in councils:
        path = councils_dir / council.slug / "council.yaml"
        shown = display(path)
        try:
            merged = CouncilFile(path, shown, result.conflicts, str(history), content)
        except UnmergeableFile as problem:
            unmergeable.extend(problem.notices)
            continue
        if not merged.exists:
            merged.header(council)
        merged.merge_identity(council)
        merged.merge_reports(council)
        result.reports += len(council.reports)
        if not merged.exists:
            writes.append((path, merged.text()))
            result.created.append(shown)
        elif merged.changed:
            writes.append((path, merged.text()))
            result.updated.append(shown)
        else:
            result.unchanged.append(shown)
    write_all(writes, unmergeable)
    return result


def write_all(writes: list[tuple[Path, str]], unmergeable: list[Notice]) -> None:
    """Write every council file the import changed, or none: nothing is written until every
    file can take its part."""
    if unmergeable:
        raise ImportFailure(unmergeable)
    for path, text in writes:
        write_atomically(path, text)


def write_atomically(path: Path, text: str) -> None:
    """A council file is whole or as it was, even if the import is stopped mid-write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
