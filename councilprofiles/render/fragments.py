"""The small pieces of markup a page repeats most (a grade, a date, a trend, a citation), made in
Python rather than as Jinja macros: a council page shows some 130 of them, and a macro call costs
Jinja several times what an f-string does. They only show values the views computed. A grade's
badge and a date's markup depend on nothing else, so each is made once per value and kept: the
pages repeat the same few grades and dates thousands of times.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from ..model import Grade, SendOutcome

# Where the About page explains each grade (by Ofsted's number for it; both wordings of the third grade share one).
GRADE_ANCHORS = {1: "outstanding", 2: "good", 3: "requires-improvement", 4: "inadequate"}


def css_class(value: Grade | SendOutcome) -> str:
    """The class the stylesheet colours a grade (by Ofsted's number for it) or a SEND outcome by."""
    return f"send-outcome-{value.number}" if isinstance(value, SendOutcome) else f"grade-{value.rank}"


@functools.cache
def grade(value: Any) -> Markup:
    """A grade's badge: its word, with colour and an edge to reinforce it. Not a link: a page of
    councils shows hundreds, and a keyboard user would tab through each; the grade key on each
    page that lists grades links to what they mean."""
    return Markup(f'<span class="grade {escape(css_class(value))}">{escape(value.label)}</span>')


@functools.cache
def date(value: Any) -> Markup:
    return Markup(f'<time datetime="{escape(value.iso)}">{escape(value.display)}</time>')


def trend(value: Any) -> Markup:
    return Markup(
        f'<span class="trend trend-{escape(value.direction)}"><span aria-hidden="true">{escape(value.symbol)} </span>'
        f"{escape(value.label)}</span>"
    )


def cite(citations: Sequence[Any]) -> Markup:
    """The numbered links to the sources a statement rests on."""
    links = " ".join(
        f'<a href="#{escape(c.anchor)}" title="{escape(c.source.shown_title)}">[{escape(c.number)}]</a>'
        for c in citations
    )
    return Markup(f'<span class="cite">Source{"s" if len(citations) > 1 else ""}:\n{links}</span>')


FRAGMENTS = {"grade": grade, "date": date, "trend": trend, "cite": cite}
