"""The narrative: a council's `profile.md`, turned into safe HTML.

One Markdown instance is reused (building one per file costs more than the
conversion), and its output passes through nh3 so that no content can carry a
script, an event handler or a `javascript:` link onto the site.
"""

from __future__ import annotations

import functools
import re

import markdown
import nh3

from .errors import ErrorLog

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "h5",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Heading ids are prefixed so that a heading can never clash with a timeline anchor.
HEADING_ID_PREFIX = "narrative-"

FENCE = re.compile(r"^\s*(```|~~~)")
LEVEL_ONE_HEADING = re.compile(r"^#(?!#)\s*\S")


class NarrativeRenderer:
    """Converts Markdown narratives to sanitised HTML, one reused converter for all."""

    def __init__(self) -> None:
        self.markdown = markdown.Markdown(
            extensions=["sane_lists", "tables", "toc", "abbr"],
            # `##` in a narrative is a section under the page's own h2 for the narrative.
            extension_configs={"toc": {"slugify": self.heading_id, "baselevel": 2}},
            output_format="html",
        )

    @staticmethod
    def heading_id(text: str, separator: str) -> str:
        words = re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)
        return HEADING_ID_PREFIX + (words or "section")

    def render(self, text: str, path: str, log: ErrorLog) -> str:
        """The narrative as safe HTML; '' when it holds nothing but comments."""
        check_headings(text, path, log)
        self.markdown.reset()
        html = self.markdown.convert(text)
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        ).strip()


@functools.cache
def shared_renderer() -> NarrativeRenderer:
    """One renderer per process: setting up Python-Markdown (its extensions are looked up
    through package metadata) takes longer than converting a narrative."""
    return NarrativeRenderer()


def check_headings(text: str, path: str, log: ErrorLog) -> None:
    """The page's only level-one heading is the council's name; narrative sections start at ##."""
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and LEVEL_ONE_HEADING.match(line):
            log.add(
                path,
                number,
                1,
                "use '## ' for a section heading: the page's main heading (#) is the council's name",
            )
