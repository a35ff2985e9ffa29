"""The import as one call: read the record, merge it into every council's file, report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import Notice, gather
from .merge import CouncilFile


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
) -> ImportResult:
    """Merge the data into `content/councils/`; raise ImportFailure if the inputs are unusable.

    `reports` is the folder of report PDFs named by file number (see `download.report_path`);
    accepted so the command line can pass it, and not read yet: reading reports is its own step.
    """
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
