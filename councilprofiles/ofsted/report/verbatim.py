"""Whether a quote is the report's words exactly: only how whitespace is laid out may differ."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Text normalisation and the verbatim check


_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Runs of whitespace (line breaks, tabs, no-break spaces) as one space, none at the ends."""
    return _SPACE.sub(" ", text).strip()


def contains_verbatim(text: str, quote: str) -> bool:
    """Whether `quote` appears in `text` word for word and mark for mark, ignoring only how
    whitespace is laid out. Nothing looser: case, punctuation and apostrophes must match."""
    quote = normalise_space(quote)
    return bool(quote) and quote in normalise_space(text)
