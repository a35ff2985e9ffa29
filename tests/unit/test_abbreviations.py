"""Abbreviations spelt out where a page first uses them (councilprofiles/render/abbreviations.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from councilprofiles.render.abbreviations import spell_out_first_use

ILACS = "inspecting local authority children's services"
MARKED = f'(<abbr title="{ILACS}">ILACS</abbr>)'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # In a sentence, the words in lower case (GOV.UK's style).
        (
            "<p>The newest, the ILACS short inspection.</p>",
            f"<p>The newest, the {ILACS} {MARKED} short inspection.</p>",
        ),
        ("<h3>10 July 2023: ILACS inspection</h3>", f"<h3>10 July 2023: {ILACS} {MARKED} inspection</h3>"),
        # Starting an element's text, or a sentence, with a capital.
        ("<dd>ILACS standard inspection</dd>", f"<dd>I{ILACS[1:]} {MARKED} standard inspection</dd>"),
        ('<dd><a href="x">ILACS visit</a></dd>', f'<dd><a href="x">I{ILACS[1:]} {MARKED} visit</a></dd>'),
        ("<p>It was judged. ILACS came next.</p>", f"<p>It was judged. I{ILACS[1:]} {MARKED} came next.</p>"),
        (
            '<dd>Good<br><span class="muted"><a href="#x">ILACS visit</a></span></dd>',
            f'<dd>Good<br><span class="muted"><a href="#x">I{ILACS[1:]} {MARKED} visit</a></span></dd>',
        ),
        # Already in brackets after its words: only marked up.
        (f"<p>Under {ILACS} (ILACS) it was</p>", f"<p>Under {ILACS} {MARKED} it was</p>"),
    ],
)
def test_the_first_use_is_spelt_out_with_a_capital_only_where_a_sentence_starts(before: str, after: str) -> None:
    assert spell_out_first_use(f"<main>{before}</main>") == f"<main>{after}</main>"


@pytest.mark.parametrize(
    "quote",
    [
        "<blockquote><p>The ILACS found that leaders ...</p></blockquote>",
        '<ul class="quoted"><li>Ensure that the ILACS recommendations are met.</li></ul>',
    ],
)
def test_a_quotation_is_never_altered_and_the_first_use_after_it_is_spelt_out(quote: str) -> None:
    """Words added inside Ofsted's words would misquote them."""
    page = f"<main><ul><li>Home</li></ul>{quote}<p>Then the ILACS visit.</p></main>"
    assert (
        spell_out_first_use(page)
        == f"<main><ul><li>Home</li></ul>{quote}<p>Then the {ILACS} {MARKED} visit.</p></main>"
    )


def test_a_list_of_our_own_is_spelt_out() -> None:
    assert (
        spell_out_first_use("<main><ul><li>ILACS</li></ul></main>")
        == f"<main><ul><li>I{ILACS[1:]} {MARKED}</li></ul></main>"
    )


class ParsedPage(HTMLParser):
    """Every element a browser would make of a page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


HOSTILE_TITLE = "x> ILACS <img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "title",
    [
        HOSTILE_TITLE.replace(">", "&gt;").replace("<", "&lt;"),  # nh3 0.3.7 and later: `<` and `>` escaped
        HOSTILE_TITLE,  # nh3 0.2.14 to 0.3.6: left raw in an attribute's value, as HTML allows
    ],
)
def test_an_abbreviation_in_an_attribute_is_never_edited_so_a_title_cannot_become_markup(title: str) -> None:
    """A link title holding `>` and markup: the pass once took its `>` for the tag's end, wrote an
    <abbr> (and its quotes) into the title, and the rest of the title became a live <img onerror>."""
    link = f'<a href="https://x.org/" title="{title}" rel="noopener noreferrer">the report</a>'
    page = f"<main><p>See {link}.</p><p>Then the ILACS visit.</p></main>"
    spelt = spell_out_first_use(page)
    assert spelt == f"<main><p>See {link}.</p><p>Then the {ILACS} {MARKED} visit.</p></main>"
    elements = ParsedPage(spelt).elements
    assert [tag for tag, _ in elements] == ["main", "p", "a", "p", "abbr"]
    assert dict(elements)["a"]["title"] == HOSTILE_TITLE
