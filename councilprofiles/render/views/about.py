"""The About page's lists: the four grades with what each means, and every kind of visit."""

from __future__ import annotations

from ...model import GRADE_EXPLANATIONS, VisitType


def grade_scale() -> list[tuple[int, str]]:
    """The four grades with what each means, best first, for the about page."""
    return sorted(GRADE_EXPLANATIONS.items())


def visit_types() -> list[VisitType]:
    return list(VisitType)
