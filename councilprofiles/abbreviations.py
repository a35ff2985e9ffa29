"""Abbreviations spelt out where a page first uses them, as GOV.UK's style asks: "single inspection
framework (SIF)", then "SIF". Applied to each rendered page's <main>, so it finds the first use
wherever it falls: a heading, a summary an editor wrote, or a generated label.
"""

from __future__ import annotations

import bisect
import re

ABBREVIATIONS = {
    "SIF": "single inspection framework",
    "ILACS": "inspecting local authority children's services",
    "JTAI": "joint targeted area inspection",
    "DfE": "Department for Education",
}
# Elements whose text is never spelt out: quotations among them (a blockquote, and a list of
# Ofsted's words, `<ul class="quoted">`), as words added inside a quote would alter it. Our pages
# escape `<` and `>` in text and attributes, so a tag ends at the first `>`; tag names are in
# lower case (our templates, and nh3's output).
SKIPPED = ("abbr", "code", "pre", "script", "style", "svg", "title", "option", "textarea", "blockquote", "ul")
SKIPPED_TAG = re.compile(r"<(/?)(" + "|".join(SKIPPED) + r")\b([^>]*)>")
QUOTED_LIST = 'class="quoted"'  # the only lists skipped


def spell_out_first_use(html: str) -> str:
    """The page with each abbreviation's first use in <main> written out and marked up with <abbr>;
    a first use already in brackets after its words ("... framework (SIF)") is only marked up.

    Every page is searched, so only the few uses found are looked at closely: whether each is in
    a tag or in an element skipped, rather than walking every tag of the page (a sixth of a
    cold build's processor time)."""
    start, end = html.find("<main"), html.find("</main>")
    if start < 0 or end < 0:
        return html
    main = html[start:end]
    skipped: tuple[list[int], list[int]] | None = None  # found when first needed
    edits: list[tuple[int, int, str]] = []
    for short in ABBREVIATIONS:
        at = main.find(short)
        while at >= 0:
            finish = at + len(short)
            if is_word(main, at, finish) and not in_tag(main, at):
                skipped = skipped or skipped_spans(main)
                starts, ends = skipped
                span = bisect.bisect_right(starts, at) - 1
                if span < 0 or at >= ends[span]:
                    edits.append((at, finish, spelt_out(short, main, at, finish)))
                    break
            at = main.find(short, finish)
    edits.sort()
    if not edits:
        return html
    pieces, last = [], 0
    for begin, finish, text in edits:
        pieces += [main[last:begin], text]
        last = finish
    pieces.append(main[last:])
    return html[:start] + "".join(pieces) + html[end:]


def skipped_spans(main: str) -> tuple[list[int], list[int]]:
    """Where elements whose text is left alone start and end (nested ones make one span)."""
    starts: list[int] = []
    ends: list[int] = []
    open_tags: list[str] = []
    for tag in SKIPPED_TAG.finditer(main):
        name = tag.group(2)
        if name == "ul" and not tag.group(1) and QUOTED_LIST not in tag.group(3):
            continue  # a list of our own: its closing tag is passed over too, as it is not open
        if tag.group(1):
            if name in open_tags:
                open_tags.remove(name)
                if not open_tags:
                    ends.append(tag.end())
        elif not tag.group(0).endswith("/>"):
            if not open_tags:
                starts.append(tag.start())
            open_tags.append(name)
    if len(ends) < len(starts):
        ends.append(len(main))
    return starts, ends


def is_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as a word of its own (`\\b` at both ends), not part of a longer one."""
    return not (start and is_word_character(text[start - 1])) and not (end < len(text) and is_word_character(text[end]))


def is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def in_tag(html: str, at: int) -> bool:
    """Whether `at` falls inside a tag (its name or attributes) rather than in text."""
    return html.rfind("<", 0, at) > html.rfind(">", 0, at) and html.find(">", at) >= 0


def spelt_out(short: str, text: str, start: int, end: int) -> str:
    words = ABBREVIATIONS[short]
    tagged = f'<abbr title="{words}">{short}</abbr>'
    bracketed = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
    if bracketed:
        return tagged
    shown = words[:1].upper() + words[1:] if opens_sentence(text, start) else words
    return f"{shown} ({tagged})"


# What may stand between a sentence's (or a block's, or a line's after <br>) start and its first
# word: spaces, and the opening tags of inline elements (`<dd><a href="...">ILACS ...</a>`).
BEFORE_FIRST_WORD = re.compile(r"(?:\s|<(?:a|em|strong|span|time|b|i)\b[^>]*>)*$")
BLOCK_OPENING = re.compile(
    r"<(?:p|li|dt|dd|td|th|caption|figcaption|h[1-6]|div|section|header|article|main|br)\b[^>]*>$"
)
SENTENCE_END = re.compile(r"[.!?][\"'’”)]*$")


def opens_sentence(text: str, at: int) -> bool:
    """Whether the words at `at` begin a sentence or an element's text ("Inspecting local authority
    children's services (ILACS) standard inspection" as a table's value), so take a capital."""
    before = text[max(0, at - 300) : at]
    before = before[: BEFORE_FIRST_WORD.search(before).start()]
    return BLOCK_OPENING.search(before) is not None or SENTENCE_END.search(before) is not None
