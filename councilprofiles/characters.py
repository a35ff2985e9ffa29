"""Which characters content may hold: those every output can carry as they are.

Text from content reaches HTML pages, Atom feeds (XML 1.0, where a control character
makes the whole feed unreadable), CSV, JSON and terminals. Rather than each output
guessing what to do with an invisible character, the loader refuses them, saying where:

- control characters other than tab and line breaks (C0, DEL and C1): XML 1.0 cannot
  hold most of them, HTML calls them errors, and terminals obey some as commands;
- Unicode's 66 noncharacters (U+FFFE, U+FDD0, ...) and lone surrogates: not characters
  at all, and not allowed in XML;
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
  reorder the text after them, so that what a reader sees is not what was written;
- in a council's name, every invisible formatting character (zero-width spaces and
  joiners, soft hyphens, ...): a name must look like what it is, and two folders whose
  names differ only by one must not pass for two councils.
"""

from __future__ import annotations

import re
import unicodedata

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# The characters refused, as the inside of a regular expression's [...]: the one definition, also
# used by the Ofsted report reader to drop them from what it quotes (ofsted/report.py).
FORBIDDEN_CHARACTERS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}{BIDI_CONTROLS}"
FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")


def code_point(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def why_forbidden(character: str) -> str:
    """What is wrong with a character FORBIDDEN matches, and what to do, for an editor."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate ({code_point(character)}), half of an encoded character: write the character itself"
    if unicodedata.category(character) == "Cc":
        return (
            f"the control character {code_point(character)}, which is invisible and cannot be published in a "
            "web page or feed: delete it (it usually comes with text copied from another program)"
        )
    if unicodedata.category(character) == "Cf":
        return (
            f"{code_point(character)}, an invisible character that changes the order in which the text after "
            "it is shown, so readers would not see what was written: delete it"
        )
    return (
        f"{code_point(character)}, which is not a character (Unicode keeps it for programs' own use) "
        "and cannot be published: delete it"
    )


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The index of the first character content may not hold, and why; None if there is none."""
    # Fast: with its line breaks and tabs (allowed, but not "printable") left out, text with no
    # control, format or unassigned character at all holds none of those refused.
    if text.isprintable() or text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return None
    found = FORBIDDEN.search(text)
    return (found.start(), why_forbidden(found.group())) if found else None


def invisible_in_name(text: str) -> tuple[int, str] | None:
    """The index of the first invisible formatting character in a name, and why it is refused."""
    for index, character in enumerate(text):
        if unicodedata.category(character) == "Cf":
            return index, (
                f"the invisible character {code_point(character)}: a name must look exactly like what it is, "
                "so delete it"
            )
    return None
