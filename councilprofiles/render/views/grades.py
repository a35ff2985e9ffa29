"""Grades as pages word and mark them: an inspection's grades in its framework's wording,
area grades in a phrase, and the key to the markers that draw them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import AREA_LABELS, AREA_SHORT_LABELS, JUDGEMENT_AREAS, Framework, Grade, Inspection


@dataclass(frozen=True, slots=True)
class JudgementRow:
    area: str
    label: str
    grade: Grade
    short_label: str = ""


def judgement_rows(inspection: Inspection) -> list[JudgementRow]:
    """Grades in Ofsted's order, labelled in the wording of the inspection's framework."""
    if inspection.judgements is None:
        return []
    labels = AREA_LABELS.get(inspection.type.framework, AREA_LABELS[Framework.ILACS])
    if inspection.leadership_title:
        labels = {**labels, "leadership": inspection.leadership_title}
    rows = []
    for area in JUDGEMENT_AREAS:
        grade = getattr(inspection.judgements, area)
        if grade is not None:
            if grade.rank == 3 and inspection.grade_wording:
                grade = Grade(inspection.grade_wording.value)  # the same grade, in the words the report prints
            label = labels.get(area, area.replace("_", " ").capitalize())
            rows.append(JudgementRow(area, label, grade, AREA_SHORT_LABELS[area]))
    return rows


def area_grades_sentence(rows: list[JudgementRow]) -> str:
    """Area grades in a phrase, best grade first: `outstanding for leaders; good for help and
    protection, children in care and care leavers`."""
    by_grade: dict[Grade, list[str]] = {}
    for row in sorted(rows, key=lambda row: row.grade.rank):
        if row.area != "overall_effectiveness":
            by_grade.setdefault(row.grade, []).append(AREA_SHORT_LABELS.get(row.area, row.label.lower()))
    return "; ".join(f"{grade.value} for {join_words(areas)}" for grade, areas in by_grade.items())


def area_count(count: int, every: bool = False) -> str:
    if every:
        return "the one area graded" if count == 1 else f"all {count} areas"
    return "1 area" if count == 1 else f"{count} areas"


def join_words(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, slots=True)
class MarkerKey:
    css_class: str
    marker: str
    label: str
    anchor: str = ""  # where the About page explains it
