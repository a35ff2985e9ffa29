"""Abbreviations spelt out where a page first uses them, as GOV.UK's style asks: "single inspection
framework (SIF)", then "SIF". Applied to each rendered page's <main>, so it finds the first use
wherever it falls: a heading, a summary an editor wrote, or a generated label.

Only text is edited, never a tag: the page is split into tags and the text between them, and an
abbreviation is looked for in the text alone. A tag's end is its first `>` outside a quoted
attribute value, as an HTML parser reads it: a link title holding `>` (which nh3 before 0.3.7
leaves raw in an attribute) is part of its tag, so no <abbr> is ever written into an attribute,
where its quotes would end the attribute and let the rest of the title be read as markup.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "SIF": "single inspection framework",
    "ILACS": "inspecting local authority children's services",
    "JTAI": "joint targeted area inspection",
    "DfE": "Department for Education",
}
# Elements whose text is never spelt out: quotations among them (a blockquote, and a list of
# Ofsted's words, `<ul class="quoted">`), as words added inside a quote would alter it.
SKIPPED = frozenset(("abbr", "code", "pre", "script", "style", "svg", "title", "option", "textarea", "blockquote"))
QUOTED_LIST_CLASS = "quoted"  # `<ul class="quoted">`: the only lists skipped

# A comment, or a tag: its name (captured for the elements above and lists, which open and close
# what is skipped), then attributes whose quoted values may hold `>`. Our pages' attributes are
# always quoted (Jinja's templates and nh3 write them so; tests/test_pages.py holds the templates
# to it) and `<` in text is always escaped, so this splits a page as a browser does. A regular
# expression, not html.parser: that splits a page some ten times slower, and this pass runs on
# every page of every build. The possessive `*+` never backtracks over a long tag.
TAG = re.compile(
    r"<!--.*?-->|<(/?)(?:(" + "|".join(sorted(SKIPPED | {"ul"})) + r")(?![A-Za-z0-9-])|[A-Za-z])"
    r"[^\"'>]*+(?:(?:\"[^\"]*\"|'[^']*')[^\"'>]*+)*+>",
    re.S | re.IGNORECASE,
)
TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# What may stand between a sentence's (or a block's, or a line's after <br>) start and its first
# word: spaces, and the opening tags of inline elements (`<dd><a href="...">ILACS ...</a>`).
INLINE = frozenset(("a", "em", "strong", "span", "time", "b", "i"))
BLOCKS = frozenset(
    ("p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "div", "section", "header", "article", "main", "br")
    + tuple(f"h{level}" for level in range(1, 7))
)
SENTENCE_END = re.compile(r"[.!?][\"'’”)]*$")


def spell_out_first_use(html: str) -> str:
    """The page with each abbreviation's first use in <main> written out and marked up with <abbr>;
    a first use already in brackets after its words ("... framework (SIF)") is only marked up.

    The abbreviations' places in <main> are found first (most pages have a few); the tags are then
    read in order only as far as the last of those, to tell which places are in text, and in text
    outside a skipped element."""
    start, end = html.find("<main"), html.find("</main>")
    if start < 0 or end < 0:
        return html
    main = html[start:end]
    places = word_places(main)
    if not places:
        return html
    found = {short for _, short in places}
    edits: list[tuple[int, int, str]] = []
    done: set[str] = set()
    tags: list[re.Match[str]] = []  # the tags read so far, for what comes before a first use
    open_elements: list[tuple[str, bool]] = []  # skipped elements and lists open: (name, whether skipped)
    skipping = 0
    text_start = 0  # where the text being read starts: the end of the last tag

    def look_at(at: int, short: str) -> None:
        """A place before the next tag: a first use if in text (not in the last tag) outside a skipped element."""
        if at >= text_start and not skipping and short not in done:
            edits.append((at, at + len(short), spelt_out(short, main, at, tags, text_start)))
            done.add(short)

    upcoming = iter(places)
    place = next(upcoming, None)
    for tag in TAG.finditer(main):
        while place is not None and place[0] < tag.start():
            look_at(*place)
            place = next(upcoming, None)
        if place is None or len(done) == len(found):
            break
        tags.append(tag)
        text_start = tag.end()
        name = tag.group(2)
        if not name:
            continue
        name = name.lower()
        if tag.group(1):
            for depth in range(len(open_elements) - 1, -1, -1):
                if open_elements[depth][0] == name:
                    skipping -= sum(skipped for _, skipped in open_elements[depth:])
                    del open_elements[depth:]
                    break
        elif not tag.group().endswith("/>"):  # `<svg ... />` opens nothing
            skipped = name != "ul" or is_quoted_list(tag.group())
            open_elements.append((name, skipped))
            skipping += skipped
    else:  # the text after the last tag
        for rest in [place, *upcoming] if place is not None else []:
            look_at(*rest)
    if not edits:
        return html
    edits.sort()
    parts, last = [], 0
    for begin, finish, text in edits:
        parts += [main[last:begin], text]
        last = finish
    parts.append(main[last:])
    return html[:start] + "".join(parts) + html[end:]


def word_places(main: str) -> list[tuple[int, str]]:
    """Every place where an abbreviation stands as a word of its own, in text or not, in order."""
    places = []
    for short in ABBREVIATIONS:
        at = main.find(short)
        while at >= 0:
            finish = at + len(short)
            if is_word(main, at, finish):
                places.append((at, short))
            at = main.find(short, finish)
    places.sort()
    return places


def is_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as a word of its own (`\\b` at both ends), not part of a longer one."""
    return not (start and is_word_character(text[start - 1])) and not (end < len(text) and is_word_character(text[end]))


def is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def is_quoted_list(tag: str) -> bool:
    found = CLASS_ATTRIBUTE.search(tag)
    return found is not None and QUOTED_LIST_CLASS in (found.group(1) or found.group(2) or "").split()


def spelt_out(short: str, main: str, start: int, tags: list[re.Match[str]], text_start: int) -> str:
    words = ABBREVIATIONS[short]
    tagged = f'<abbr title="{words}">{short}</abbr>'
    finish = start + len(short)
    bracketed = main[start - 1 : start] == "(" and main[finish : finish + 1] == ")"
    if bracketed:
        return tagged
    shown = words[:1].upper() + words[1:] if opens_sentence(main, start, tags, text_start) else words
    return f"{shown} ({tagged})"


def opens_sentence(main: str, at: int, tags: list[re.Match[str]], text_start: int) -> bool:
    """Whether the words at `at` begin a sentence or an element's text ("Inspecting local authority
    children's services (ILACS) standard inspection" as a table's value), so take a capital: what
    comes before them in their text, else in the text and tags before, passing over spaces and the
    opening tags of inline elements, is a block's (or a line's) opening tag or a sentence's end."""
    before = main[text_start:at].rstrip()
    if before:
        return SENTENCE_END.search(before) is not None
    for index in range(len(tags) - 1, -1, -1):
        name = TAG_NAME.match(main, tags[index].start())
        if name is None or name.group(1) or name.group(2).lower() not in INLINE:  # a comment, a closing tag, a block
            return name is not None and not name.group(1) and name.group(2).lower() in BLOCKS
        text = main[tags[index - 1].end() if index else 0 : tags[index].start()].rstrip()
        if text:
            return SENTENCE_END.search(text) is not None
    return False
