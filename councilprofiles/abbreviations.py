"""Abbreviations spelt out where a page first uses them, as GOV.UK's style asks: "single inspection
framework (SIF)", then "SIF". Applied to each rendered page's <main>, so it finds the first use
wherever it falls: a heading, a summary an editor wrote, or a generated label.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "SIF": "single inspection framework",
    "ILACS": "inspecting local authority children's services",
    "JTAI": "joint targeted area inspection",
    "DfE": "Department for Education",
}
WORD = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b")
# Markup split from text; our pages escape `<` and `>` in text and attributes, so a tag ends at the first `>`.
TAG = re.compile(r"(<[^>]*>)")
SKIPPED = {"abbr", "code", "pre", "script", "style", "svg", "title", "option", "textarea"}


def spell_out_first_use(html: str) -> str:
    """The page with each abbreviation's first use in <main> written out and marked up with <abbr>;
    a first use already in brackets after its words ("... framework (SIF)") is only marked up."""
    start, end = html.find("<main"), html.find("</main>")
    if start < 0 or end < 0:
        return html
    seen: set[str] = set()
    skipping: list[str] = []
    parts = TAG.split(html[start:end])
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in SKIPPED:
                tag = name.group(1).lower()
                if part.startswith("</"):
                    if tag in skipping:
                        skipping.remove(tag)
                elif not part.endswith("/>"):
                    skipping.append(tag)
            continue
        if skipping or not part.strip():
            continue
        parts[index] = WORD.sub(lambda match, text=part: spelt_out(match, text, seen), part)
    return html[:start] + "".join(parts) + html[end:]


def spelt_out(match: re.Match[str], text: str, seen: set[str]) -> str:
    short = match.group(1)
    if short in seen:
        return short
    seen.add(short)
    words = ABBREVIATIONS[short]
    tagged = f'<abbr title="{words}">{short}</abbr>'
    bracketed = text[max(0, match.start() - 1) : match.start()] == "(" and text[match.end() : match.end() + 1] == ")"
    return tagged if bracketed else f"{words} ({tagged})"
