"""The first sheet of an Excel workbook (.xlsx) as rows of text, with the standard library alone.

data-to-insight publishes its area SEND record only as a workbook, and every cell of it is text
(the dates as "18/11/24", the outcome as "1.0"), so nothing here interprets a number or a date: a
cell is the text it holds, exactly, and the import judges it as it judges a CSV cell. The file
comes from the network, so it is read within bounds: each part of the workbook at most `limit`
bytes unpacked (a small archive can unpack to gigabytes), and no part may declare a DOCTYPE (the
entities of an XML "billion laughs"); a workbook never has one.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")
LAST_COLUMN = 16384  # XFD, the widest a sheet can be


class SpreadsheetError(Exception):
    """The file is not a workbook this reader can take, in words for the person running the fetch."""


def sheet_rows(path: Path, limit: int) -> Iterator[tuple[int, list[str]]]:
    """Each row of the workbook's first sheet, by its row number, as the text of its cells (a
    missing cell is ""); SpreadsheetError if the file is not such a workbook or is too large."""
    try:
        with zipfile.ZipFile(path) as workbook:
            sheet = first_sheet(workbook, limit)
            shared = shared_strings(workbook, limit)
            document = part(workbook, sheet, limit)
    except zipfile.BadZipFile:
        raise SpreadsheetError("not an Excel workbook (.xlsx): not a zip archive") from None
    data = document.find(f"{MAIN}sheetData")
    for row in data if data is not None else ():
        number = row.get("r")
        cells: list[str] = []
        for cell in row.iter(f"{MAIN}c"):
            found = CELL_REFERENCE.fullmatch(cell.get("r", ""))
            column = column_index(found.group(1)) if found else len(cells)
            if column >= LAST_COLUMN or column < len(cells):
                raise SpreadsheetError(f"row {number}: a cell out of place ({cell.get('r')})")
            cells.extend([""] * (column - len(cells)))
            cells.append(cell_text(cell, shared, number))
        yield (int(number) if number and number.isdigit() else 0), cells


def part(workbook: zipfile.ZipFile, name: str, limit: int) -> ElementTree.Element:
    """One XML part of the workbook, read only as far as `limit` bytes."""
    try:
        with workbook.open(name) as handle:
            data = handle.read(limit + 1)
    except KeyError:
        raise SpreadsheetError(f"not an Excel workbook (.xlsx): it has no {name}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as problem:
        raise SpreadsheetError(f"the workbook is damaged ({name}: {problem})") from None
    if len(data) > limit:
        raise SpreadsheetError(f"{name} unpacks to more than the limit of {limit:,} bytes: not read")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SpreadsheetError(f"{name} declares a DOCTYPE, which no workbook does: not read")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as problem:
        raise SpreadsheetError(f"the workbook is damaged ({name}: {problem})") from None


def first_sheet(workbook: zipfile.ZipFile, limit: int) -> str:
    """The archive name of the workbook's first sheet, as its workbook.xml and relationships list it."""
    sheets = part(workbook, "xl/workbook.xml", limit).find(f"{MAIN}sheets")
    first = sheets[0] if sheets is not None and len(sheets) else None
    if first is None:
        raise SpreadsheetError("the workbook has no sheets")
    links = part(workbook, "xl/_rels/workbook.xml.rels", limit)
    wanted = first.get(RELATIONSHIP)
    target = next((link.get("Target") for link in links.iter(PACKAGE_RELATIONSHIP) if link.get("Id") == wanted), None)
    if not target:
        raise SpreadsheetError("the workbook does not say where its first sheet is")
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def shared_strings(workbook: zipfile.ZipFile, limit: int) -> list[str]:
    """The workbook's table of texts, which most cells point into (a workbook of numbers has none)."""
    if "xl/sharedStrings.xml" not in workbook.namelist():
        return []
    return [item_text(item) for item in part(workbook, "xl/sharedStrings.xml", limit).iter(f"{MAIN}si")]


def item_text(item: ElementTree.Element) -> str:
    """A text item's words: its own, or its runs' (rich text), never its phonetic guide (rPh)."""
    runs = [item, *item.findall(f"{MAIN}r")]
    return "".join(run.findtext(f"{MAIN}t") or "" for run in runs)


def cell_text(cell: ElementTree.Element, shared: list[str], row: str | None) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return item_text(inline) if inline is not None else ""
    value = cell.findtext(f"{MAIN}v") or ""
    if kind != "s":
        return value  # a number, a formula's text or a truth value, as the file writes it
    try:
        return shared[int(value)]
    except (ValueError, IndexError):
        raise SpreadsheetError(f"row {row}: cell {cell.get('r')} points to no text ({value!r})") from None


def column_index(letters: str) -> int:
    """A column's letters as a number from 0 (A) on."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
