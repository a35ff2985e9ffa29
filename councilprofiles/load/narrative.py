"""The narrative: a council's `profile.md`, turned into safe HTML.

One Markdown instance is reused (building one per file costs more than the
conversion), and its output passes through nh3 so that no content can carry a
script, an event handler or a `javascript:` link onto the site.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension

from ..characters import FORBIDDEN, forbidden_character
from ..errors import ErrorLog
from .narrative_limits import within_limits

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


# Each Markdown extension and what a narrative must hold for it to change anything: a table
# needs a `|`, an abbreviation a `*[` line, heading ids a heading (`#`, or a line underlined
# with `=` or `-`) or a `[TOC]` marker. A narrative converts through only the extensions it
# can use, as Python-Markdown's own output is then the same: the four together cost half
# again as much as none (5.0 against 3.1 ms for a 600-word narrative with headings).
EXTENSIONS: dict[str, Callable[[str], bool]] = {
    "sane_lists": lambda text: True,
    "tables": lambda text: "|" in text,
    "toc": lambda text: "#" in text or "[TOC]" in text or SETEXT_UNDERLINE.search(text) is not None,
    "abbr": lambda text: "*[" in text,
}
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$", re.MULTILINE)

# Each of Python-Markdown's inline patterns and what a narrative must hold for it to match. It
# tries every pattern on every run of text in every paragraph, so one that cannot match is left
# out, as extensions are: the output is the same and a 600-word narrative with links converts in
# 3.0 ms, not 4.4. Most narratives hold no code, HTML, entity, escape or forced line break. A
# pattern not named here (from a later Python-Markdown) is always tried.
INLINE_PATTERNS: dict[str, Callable[[str], bool]] = {
    "backtick": lambda text: "`" in text,
    "escape": lambda text: "\\" in text,
    **dict.fromkeys(
        ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"),
        lambda text: "[" in text,
    ),
    **dict.fromkeys(("autolink", "automail", "html"), lambda text: "<" in text),
    "entity": lambda text: "&" in text,
    # Markdown turns tabs into spaces before it reads a line, so a tab can end one in two spaces.
    "linebreak": lambda text: "  \n" in text or "\t" in text,
    **dict.fromkeys(("em_strong", "em_strong2", "not_strong"), lambda text: "*" in text or "_" in text),
}


class NarrativeRenderer:
    """Converts Markdown narratives to sanitised HTML, one reused converter for each set of
    extensions and inline patterns a narrative needs."""

    def __init__(self) -> None:
        self.converters: dict[tuple[tuple[str, ...], tuple[str, ...]], markdown.Markdown] = {}

    def markdown(self, text: str) -> markdown.Markdown:
        """The converter with the extensions and inline patterns `text` can use, made once and
        reset for each use."""
        needed = tuple(name for name, used in EXTENSIONS.items() if used(text))
        unmatched = tuple(name for name, used in INLINE_PATTERNS.items() if not used(text))
        converter = self.converters.get((needed, unmatched))
        if converter is None:
            converter = self.converters[needed, unmatched] = markdown.Markdown(
                extensions=[self.extension(name) for name in needed], output_format="html"
            )
            for name in unmatched:
                if name in converter.inlinePatterns:
                    converter.inlinePatterns.deregister(name)
        return converter.reset()

    def extension(self, name: str) -> markdown.extensions.Extension:
        """Made from its class, not looked up by name through package metadata (slower than a conversion)."""
        if name == "toc":
            # `##` in a narrative is a section under the page's own h2 for the narrative.
            return TocExtension(slugify=self.heading_id, baselevel=2)
        return {"sane_lists": SaneListExtension, "tables": TableExtension, "abbr": AbbrExtension}[name]()

    @staticmethod
    def heading_id(text: str, separator: str) -> str:
        words = re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)
        return HEADING_ID_PREFIX + (words or "section")

    def render(self, text: str, path: str, log: ErrorLog) -> str:
        """The narrative as safe HTML; '' when it holds nothing but comments, or when it has an
        error (logged), in which case Markdown never sees it."""
        errors_before = len(log.errors)
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Markdown reads line breaks; positions too
        check_characters(text, path, log)
        check_headings(text, path, log)
        if not within_limits(text, path, log) or len(log.errors) > errors_before:
            return ""
        try:
            html = self.markdown(text).convert(text)
        except RecursionError:  # the limits should prevent it; should they not, a message, not a crash
            self.converters.clear()  # one left mid-conversion would carry its state into the next
            log.add(
                path,
                1,
                1,
                "Markdown could not read this narrative: something in it (lists, quotations, emphasis or "
                "links) is nested too deeply inside itself. Flatten it",
            )
            return ""
        ids = NarrativeIds()
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            attribute_filter=ids.filter,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            strip_comments=True,
        ).strip()


class NarrativeIds:
    """Every id in a narrative starts with `narrative-` and is unique, so that none can be one of
    the page's own (`main`, the skip link's target; `sources`; a timeline entry's permalink), nor
    two headings share one. Markdown's headings are named so already (see `heading_id`); an id
    written in raw HTML (`<h3 id="main">`) is given the prefix, made a valid id (no spaces), and
    numbered if already taken."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def filter(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute != "id":
            return value
        name = "-".join(value.split())
        if not name:
            return None
        if not name.startswith(HEADING_ID_PREFIX):
            name = HEADING_ID_PREFIX + name
        unique, count = name, 1
        while unique in self.taken:
            count += 1
            unique = f"{name}-{count}"
        self.taken.add(unique)
        return unique


def check_characters(text: str, path: str, log: ErrorLog) -> None:
    """The first character a narrative may not hold (see characters.py), at its line and column."""
    found = forbidden_character(text)
    if found is None:
        return
    index, why = found
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    more = len(FORBIDDEN.findall(text, index + 1))
    log.add(path, line, column, f"the narrative holds {why}" + (f" ({more} more in this file)" if more else ""))


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
