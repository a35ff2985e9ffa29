"""Do the Hugo and Pelican yardsticks publish the same site? The same council pages, each with
the same visible text, and the same home page, compared as a reader sees them: text block by
block (a heading, a paragraph, a list item, a table cell), whitespace and markup aside.

    python -m benchmarks.equivalence HUGO_OUTPUT PELICAN_OUTPUT
"""

from __future__ import annotations

import difflib
import sys
from html.parser import HTMLParser
from pathlib import Path

# Elements that start a new block of text in a browser: text on either side of one never joins.
BLOCKS = frozenset(
    "address article aside blockquote body br caption dd details div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 head header hr li main nav ol p pre section summary table tbody td tfoot th thead title tr ul".split()
)
HIDDEN = frozenset(["script", "style", "template"])


class VisibleText(HTMLParser):
    """The text of a page, one line per block, each with its whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def block(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.block()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.block()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)


def visible_text(page: Path) -> list[str]:
    parser = VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    parser.block()
    return parser.lines


def council_pages(output: Path) -> dict[str, Path]:
    return {page.parent.name: page for page in sorted((output / "councils").glob("*/index.html"))}


def html_pages(output: Path) -> set[str]:
    return {page.relative_to(output).as_posix() for page in output.rglob("*.html")}


def differences(hugo: Path, pelican: Path, limit: int = 20) -> list[str]:
    """What differs between the two sites' council pages and home pages (at most `limit` items); [] when equal."""
    found: list[str] = []
    ours, theirs = council_pages(hugo), council_pages(pelican)
    for slug in sorted(ours.keys() - theirs.keys()):
        found.append(f"councils/{slug}/ is in Hugo's site only")
    for slug in sorted(theirs.keys() - ours.keys()):
        found.append(f"councils/{slug}/ is in Pelican's site only")
    profiles = {f"councils/{slug}/index.html" for slug in ours.keys() | theirs.keys()}
    for only, site, other in (("Hugo", hugo, pelican), ("Pelican", pelican, hugo)):
        for page in sorted(html_pages(site) - html_pages(other) - profiles):
            found.append(f"{page} is in {only}'s site only")
    pairs = [(f"councils/{slug}/", ours[slug], theirs[slug]) for slug in sorted(ours.keys() & theirs.keys())]
    pairs.append(("home page", hugo / "index.html", pelican / "index.html"))
    for name, first, second in pairs:
        if len(found) >= limit:
            break
        a, b = visible_text(first), visible_text(second)
        if a != b:
            diff = list(difflib.unified_diff(a, b, "Hugo", "Pelican", n=0, lineterm=""))
            shown = [line if len(line) <= 160 else line[:157] + "..." for line in diff[2:12]]
            found.append(f"{name} differs:\n  " + "\n  ".join(shown))
    return found[:limit]


def main() -> None:
    hugo, pelican = Path(sys.argv[1]), Path(sys.argv[2])
    found = differences(hugo, pelican)
    pages = len(council_pages(hugo))
    if found:
        print("\n".join(found))
        raise SystemExit(1)
    print(f"Same {pages:,} council pages, each with the same visible text, and the same home page.")


if __name__ == "__main__":
    main()
