"""What a change does to the site: two git revisions built and compared, for a reviewer.

A text diff of council.yaml says which lines moved; a reviewer needs to know what readers will
see: which councils came or went, whose standing or grades changed, which inspections and
quotations were added, removed or altered, and which pages changed. Facts are compared on the
model (as the current code loads each revision's content), pages on the two built sites (each
revision built by its own code, templates and static files), so a change of code or template
shows in its pages even when no fact moved.

Each revision is taken with `git archive` into a temporary folder: the user's working tree,
index and branches are never touched.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentErrors
from ..model import Content, Inspection, PartialDate, Profile, Quote
from ..render.views.council import council_view
from ..render.views.dates import label_date
from ..render.views.grades import area_grades_sentence, judgement_rows
from ..render.views.standing import Standing
from ..render.views.timeline_entry import inspection_title

PAGE_LIST_LIMIT = 60  # a change to a template touches every page: list this many, then count the rest
GIT_TIMEOUT = 120
BUILD_TIMEOUT = 600


class ChangesError(Exception):
    """A revision that cannot be read or built: said in one sentence, never a traceback."""


@dataclass(frozen=True)
class Council:
    slug: str
    name: str


@dataclass(frozen=True)
class Renamed:
    before: Council
    after: Council


@dataclass(frozen=True)
class FromTo:
    """One fact of one council that changed: `what` went from `before` to `after`."""

    council: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class InspectionNote:
    council: str
    title: str
    anchor: str
    detail: str = ""


@dataclass(frozen=True)
class QuoteNote:
    council: str
    speaker: str
    text: str


@dataclass(frozen=True)
class AlteredQuote:
    council: str
    speaker: str
    before: str
    after: str
    other: tuple[str, ...] = ()  # speaker, role, date, source or inspection changes, as `what: a → b`


@dataclass
class SiteChanges:
    """Everything a reader would notice, facts first, then pages."""

    base: str
    head: str
    base_url: str
    added: list[Council] = field(default_factory=list)
    removed: list[Council] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    standings: list[FromTo] = field(default_factory=list)
    grades: list[FromTo] = field(default_factory=list)
    inspections_added: list[InspectionNote] = field(default_factory=list)
    inspections_removed: list[InspectionNote] = field(default_factory=list)
    inspections_redated: list[InspectionNote] = field(default_factory=list)
    quotes_added: list[QuoteNote] = field(default_factory=list)
    quotes_removed: list[QuoteNote] = field(default_factory=list)
    quotes_altered: list[AlteredQuote] = field(default_factory=list)
    pages_changed: list[str] = field(default_factory=list)  # site paths: councils/wandsworth/index.html
    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)
    other_files: int = 0  # feeds, open data, search index: changed, added or removed

    @property
    def facts_changed(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.standings,
                self.grades,
                self.inspections_added,
                self.inspections_removed,
                self.inspections_redated,
                self.quotes_added,
                self.quotes_removed,
                self.quotes_altered,
            )
        )

    @property
    def pages_to_check(self) -> list[str]:
        """The pages a reader would find different: those to check for accessibility and HTML."""
        return sorted(self.pages_changed + self.pages_added)

    def address(self, path: str) -> str:
        return self.base_url + path.removesuffix("index.html")


# Reading revisions


def git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repository), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as problem:
        raise ChangesError(f"git could not be run: {problem}") from None


def resolve(repository: Path, revision: str) -> str:
    """The commit `revision` names, or ChangesError saying it names none."""
    if revision.startswith("-"):
        raise ChangesError(f"'{revision}' is not a git revision")
    found = git(repository, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise ChangesError(f"'{revision}' is not a commit in {repository} (fetch it first, or check the name)")
    return found.stdout.decode().strip()


def extract(repository: Path, commit: str, into: Path) -> Path:
    """The tree of `commit`, written into a new folder `into` with `git archive`."""
    archived = git(repository, "archive", "--format=tar", commit)
    if archived.returncode != 0:
        raise ChangesError(f"git archive {commit[:12]} failed: {archived.stderr.decode(errors='replace').strip()}")
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as tree:
        tree.extractall(into, filter="data")
    return into


def load(tree: Path, label: str) -> Content:
    from ..load.councils import load_content

    try:
        return load_content(tree / "content", workers=os.cpu_count() or 1)
    except ContentErrors as failure:
        first = failure.errors[0]
        raise ChangesError(
            f"the content of {label} does not pass check ({len(failure.errors)} error(s); the first: "
            f"{first.message}, in {Path(first.path).name} line {first.line})"
        ) from None


def build(tree: Path, output: Path, base_url: str, label: str) -> None:
    """The site of the revision in `tree`, built by that revision's own code, templates and static
    files (its build.py, run with this Python), so a change of code shows in the pages it changes."""
    command = [sys.executable, str(tree / "build.py"), "build", "--no-cache", "--output", str(output)]
    command += ["--content", str(tree / "content"), "--templates", str(tree / "templates")]
    command += ["--static", str(tree / "static"), "--base-url", base_url]
    environment = {
        name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "GITHUB_STEP_SUMMARY")
    }
    try:
        result = subprocess.run(
            command, cwd=tree, env=environment, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as problem:
        raise ChangesError(f"the site of {label} could not be built: {problem}") from None
    if result.returncode != 0:
        said = (result.stdout + result.stderr).strip().splitlines()
        raise ChangesError(f"the site of {label} does not build: {said[-1] if said else 'no output'}")


def file_digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }


# Comparing


def compare_revisions(repository: Path, base: str, head: str = "HEAD", base_url: str | None = None) -> SiteChanges:
    """What changing the site from revision `base` to `head` of `repository` does for readers.
    Page addresses are given under `base_url` (by default, head's own from site.yaml)."""
    base_commit, head_commit = resolve(repository, base), resolve(repository, head)
    with tempfile.TemporaryDirectory(prefix="changes-") as scratch:
        base_tree = extract(repository, base_commit, Path(scratch) / "base")
        head_tree = extract(repository, head_commit, Path(scratch) / "head")
        after = load(head_tree, head)
        address = base_url or after.site.base_url
        changes = SiteChanges(base, head, address if address.endswith("/") else address + "/")
        compare_content(load(base_tree, base), after, changes)
        build(base_tree, Path(scratch) / "base-site", changes.base_url, base)
        build(head_tree, Path(scratch) / "head-site", changes.base_url, head)
        compare_sites(file_digests(Path(scratch) / "base-site"), file_digests(Path(scratch) / "head-site"), changes)
    return changes


def compare_sites(before: dict[str, str], after: dict[str, str], changes: SiteChanges) -> None:
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) == after.get(path):
            continue
        if not path.endswith(".html"):
            changes.other_files += 1
        elif path not in before:
            changes.pages_added.append(path)
        elif path not in after:
            changes.pages_removed.append(path)
        else:
            changes.pages_changed.append(path)


def compare_content(before: Content, after: Content, changes: SiteChanges) -> None:
    old = {profile.slug: profile for profile in before.profiles}
    new = {profile.slug: profile for profile in after.profiles}
    gone = [old[slug] for slug in sorted(old.keys() - new.keys())]
    came = [new[slug] for slug in sorted(new.keys() - old.keys())]
    moved = moved_councils(gone, came)
    for was, now in moved:
        changes.renamed.append(Renamed(Council(was.slug, was.council.name), Council(now.slug, now.council.name)))
        compare_council(was, now, changes)
    changes.removed += [Council(p.slug, p.council.name) for p in gone if all(p is not was for was, _ in moved)]
    changes.added += [Council(p.slug, p.council.name) for p in came if all(p is not now for _, now in moved)]
    for slug in sorted(old.keys() & new.keys()):
        was, now = old[slug], new[slug]
        if was.council.name != now.council.name:
            changes.renamed.append(Renamed(Council(slug, was.council.name), Council(slug, now.council.name)))
        compare_council(was, now, changes)


def moved_councils(gone: list[Profile], came: list[Profile]) -> list[tuple[Profile, Profile]]:
    """A council whose folder was renamed is the same council at a new address, not one removed and
    one added: recognised by Ofsted's URN or the DfE's code, which a rename keeps."""
    pairs = []
    for was in gone:
        for now in came:
            same_urn = was.council.ofsted_urn is not None and was.council.ofsted_urn == now.council.ofsted_urn
            same_code = was.council.dfe_code is not None and was.council.dfe_code == now.council.dfe_code
            if (same_urn or same_code) and all(now is not taken for _, taken in pairs):
                pairs.append((was, now))
                break
    return pairs


def compare_council(was: Profile, now: Profile, changes: SiteChanges) -> None:
    name = now.council.name
    before, after = council_view(was), council_view(now)
    old_words, new_words = standing_words(before.standing), standing_words(after.standing)
    if old_words != new_words:
        changes.standings.append(FromTo(name, "standing", old_words, new_words))
    old_inspections = {inspection.id: inspection for inspection in was.council.inspections}
    new_inspections = {inspection.id: inspection for inspection in now.council.inspections}
    for anchor in sorted(
        old_inspections.keys() - new_inspections.keys(), key=lambda a: old_inspections[a].date.sort_key
    ):
        changes.inspections_removed.append(inspection_note(name, old_inspections[anchor]))
    for anchor in sorted(
        new_inspections.keys() - old_inspections.keys(), key=lambda a: new_inspections[a].date.sort_key
    ):
        inspection = new_inspections[anchor]
        changes.inspections_added.append(inspection_note(name, inspection, grades_words(inspection)))
    for anchor in sorted(
        old_inspections.keys() & new_inspections.keys(), key=lambda a: new_inspections[a].date.sort_key
    ):
        compare_inspection(name, old_inspections[anchor], new_inspections[anchor], changes)
    compare_quotes(name, was.council.quotes, now.council.quotes, changes)


def standing_words(standing: Standing | None) -> str:
    """A standing in words, with what it rests on: `good (ILACS inspection, published 9 May 2023)`."""
    if standing is None:
        return "no graded inspection on record"
    grade = standing.overall.value if standing.overall is not None else standing.label.lower()
    areas = area_grades_sentence(standing.areas) if standing.overall is None and standing.areas else ""
    return f"{grade}{f' ({areas})' if areas else ''}, from the {standing.entry.title} {standing.when}"


def inspection_note(council: str, inspection: Inspection, detail: str = "") -> InspectionNote:
    when, _ = label_date(inspection)
    return InspectionNote(council, f"{inspection_title(inspection)}, {when.display}", inspection.id, detail)


def grades_words(inspection: Inspection) -> str:
    rows = judgement_rows(inspection)
    return "; ".join(f"{row.label.lower()}: {row.grade.value}" for row in rows)


DATE_FIELDS = ("start", "end", "published")


def inspection_dates(inspection: Inspection) -> dict[str, PartialDate | None]:
    dates = {name: getattr(inspection, name) for name in DATE_FIELDS}
    dates["reported"] = inspection.reported.date if inspection.reported else None
    return dates


def compare_inspection(council: str, was: Inspection, now: Inspection, changes: SiteChanges) -> None:
    old_dates, new_dates = inspection_dates(was), inspection_dates(now)
    moved = [
        f"{name} {date_words(old_dates[name])} → {date_words(new_dates[name])}"
        for name in old_dates
        if old_dates[name] != new_dates[name]
    ]
    if moved:
        changes.inspections_redated.append(inspection_note(council, now, "; ".join(moved)))
    old_rows = {row.area: row for row in judgement_rows(was)}
    new_rows = {row.area: row for row in judgement_rows(now)}
    title = inspection_note(council, now).title
    for area in [*old_rows, *(area for area in new_rows if area not in old_rows)]:
        old_grade, new_grade = old_rows.get(area), new_rows.get(area)
        if (old_grade and old_grade.grade) != (new_grade and new_grade.grade):
            label = (new_grade or old_grade).label.lower()  # type: ignore[union-attr]
            changes.grades.append(
                FromTo(
                    council,
                    f"{title}, {label}",
                    old_grade.grade.value if old_grade else "no grade",
                    new_grade.grade.value if new_grade else "no grade",
                )
            )


def date_words(date: PartialDate | None) -> str:
    return date.display if date is not None else "none"


QUOTE_FIELDS = ("speaker", "role", "date", "source", "inspection")
ALTERED_LIKENESS = 0.6  # how alike two quotations' words must be to read as one quotation edited


def quote_key(quote: Quote) -> tuple[object, ...]:
    return (quote.text, *(str(getattr(quote, name)) for name in QUOTE_FIELDS))


def compare_quotes(council: str, was: list[Quote], now: list[Quote], changes: SiteChanges) -> None:
    """Quotations have no ids: one in both revisions, field for field, is unchanged; of the rest,
    a removed and an added quotation from the same speaker and source, or with mostly the same
    words, are one quotation altered; the others were removed or added."""
    left = Counter(quote_key(quote) for quote in now)
    removed = []
    for quote in was:
        key = quote_key(quote)
        if left[key]:
            left[key] -= 1
        else:
            removed.append(quote)
    kept = Counter(quote_key(quote) for quote in was)
    added = []
    for quote in now:
        key = quote_key(quote)
        if kept[key]:
            kept[key] -= 1
        else:
            added.append(quote)
    for old in removed:
        match = best_match(old, added)
        if match is None:
            changes.quotes_removed.append(QuoteNote(council, old.speaker, old.text))
            continue
        added.remove(match)
        other = tuple(
            f"{name}: {getattr(old, name) or 'none'} → {getattr(match, name) or 'none'}"
            for name in QUOTE_FIELDS
            if getattr(old, name) != getattr(match, name)
        )
        changes.quotes_altered.append(AlteredQuote(council, match.speaker, old.text, match.text, other))
    changes.quotes_added += [QuoteNote(council, quote.speaker, quote.text) for quote in added]


def best_match(old: Quote, candidates: list[Quote]) -> Quote | None:
    def likeness(new: Quote) -> float:
        return difflib.SequenceMatcher(None, old.text.split(), new.text.split(), autojunk=False).ratio()

    scored = [(likeness(new), new) for new in candidates]
    alike = [item for item in scored if item[0] >= ALTERED_LIKENESS]
    if not alike:
        alike = [item for item in scored if (item[1].speaker, item[1].source) == (old.speaker, old.source)]
        alike = alike if len(alike) == 1 else []
    return max(alike, key=lambda item: item[0])[1] if alike else None


def word_diff(before: str, after: str, removed: tuple[str, str], added: tuple[str, str]) -> str:
    """`after`, with the words taken out of `before` and put in marked: ("~~", "~~") and ("**", "**")
    in Markdown, ("[-", "-]") and ("{+", "+}") in a terminal."""
    old, new = before.split(), after.split()
    parts = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(" ".join(new[b1:b2]))
            continue
        if a2 > a1:
            parts.append(f"{removed[0]}{' '.join(old[a1:a2])}{removed[1]}")
        if b2 > b1:
            parts.append(f"{added[0]}{' '.join(new[b1:b2])}{added[1]}")
    return " ".join(parts)


# Writing it out


@dataclass(frozen=True)
class Style:
    """How a report is marked up: Markdown for a pull request, plain text for a terminal."""

    heading: str
    bullet: str
    code: tuple[str, str]
    removed: tuple[str, str]
    added: tuple[str, str]
    markdown: bool


MARKDOWN = Style("### ", "- ", ("`", "`"), ("~~", "~~"), ("**", "**"), markdown=True)
TEXT = Style("", "  ", ("", ""), ("[-", "-]"), ("{+", "+}"), markdown=False)


def report(changes: SiteChanges, style: Style, title: str = "What this change does to the site") -> str:
    """The changes as a reviewer reads them: one section for each kind of change there is."""
    lines = [f"## {title}" if style.markdown else title.upper(), ""]
    lines.append(f"From {quoted(changes.base, style)} to {quoted(changes.head, style)}.")
    if not changes.facts_changed and not changes.pages_to_check and not changes.pages_removed:
        lines += ["", "Nothing a reader would see has changed: no fact, and no page."]
        return "\n".join(lines) + "\n"
    if not changes.facts_changed:
        lines += ["", "No council's facts changed (councils, standings, grades, inspections, quotations)."]
    sections: list[tuple[str, list[str]]] = [
        ("Councils added", [council_link(changes, c, style) for c in changes.added]),
        ("Councils removed", [council_words(c) for c in changes.removed]),
        ("Councils renamed", [renamed_words(changes, r, style) for r in changes.renamed]),
        ("Standings changed", [from_to(item, style) for item in changes.standings]),
        ("Grades changed", [from_to(item, style) for item in changes.grades]),
        ("Inspections added", [inspection_words(item) for item in changes.inspections_added]),
        ("Inspections removed", [inspection_words(item) for item in changes.inspections_removed]),
        ("Inspections redated", [inspection_words(item) for item in changes.inspections_redated]),
        ("Quotations added", [quote_words(item) for item in changes.quotes_added]),
        ("Quotations removed", [quote_words(item) for item in changes.quotes_removed]),
        ("Quotations altered", [altered_words(item, style) for item in changes.quotes_altered]),
    ]
    for heading, items in sections:
        if items:
            lines += ["", f"{style.heading}{heading} ({len(items)})", ""]
            lines += [f"{style.bullet}{item}" for item in items]
    for heading, paths in (
        ("Pages changed", changes.pages_changed),
        ("Pages added", changes.pages_added),
        ("Pages removed", changes.pages_removed),
    ):
        if paths:
            lines += ["", f"{style.heading}{heading} ({len(paths)})", ""]
            lines += [
                f"{style.bullet}{page_words(changes, path, style, heading != 'Pages removed')}"
                for path in paths[:PAGE_LIST_LIMIT]
            ]
            if len(paths) > PAGE_LIST_LIMIT:
                lines.append(f"{style.bullet}… and {len(paths) - PAGE_LIST_LIMIT} more")
    if changes.other_files:
        noun = "file" if changes.other_files == 1 else "files"
        lines += ["", f"Also {changes.other_files} other {noun} (feeds, open data, search index) changed."]
    return "\n".join(lines) + "\n"


def quoted(revision: str, style: Style) -> str:
    return f"{style.code[0]}{revision}{style.code[1]}"


def escape(text: str, style: Style) -> str:
    """Text from content shown as written, never read as Markdown or HTML by the pull request."""
    if not style.markdown:
        return text
    return "".join(f"\\{char}" if char in "\\`*_{}[]<>()#+-!|~" else char for char in text)


def council_words(council: Council) -> str:
    return f"{council.name} (councils/{council.slug}/)"


def council_link(changes: SiteChanges, council: Council, style: Style) -> str:
    address = changes.address(f"councils/{council.slug}/index.html")
    return f"[{escape(council.name, style)}]({address})" if style.markdown else f"{council.name}: {address}"


def renamed_words(changes: SiteChanges, renamed: Renamed, style: Style) -> str:
    before, after = renamed.before, renamed.after
    words = f"{escape(before.name, style)} → {council_link(changes, after, style)}"
    if before.slug != after.slug:
        words += f" (its address moved from councils/{before.slug}/ to councils/{after.slug}/)"
    return words


def from_to(item: FromTo, style: Style) -> str:
    return (
        f"{escape(item.council, style)}, {escape(item.what, style)}: "
        f"{style.removed[0]}{escape(item.before, style)}{style.removed[1]} → "
        f"{style.added[0]}{escape(item.after, style)}{style.added[1]}"
    )


def inspection_words(item: InspectionNote) -> str:
    words = f"{item.council}: {item.title} (#{item.anchor})"
    return f"{words}: {item.detail}" if item.detail else words


def quote_words(item: QuoteNote) -> str:
    return f"{item.council}, {item.speaker}: “{item.text}”"


def altered_words(item: AlteredQuote, style: Style) -> str:
    shown = word_diff(escape(item.before, style), escape(item.after, style), style.removed, style.added)
    extra = "".join(f"; {escape(other, style)}" for other in item.other)
    if item.before != item.after and item.before.split() == item.after.split():
        extra += " (only the spacing between words changed)"
    return f"{escape(item.council, style)}, {escape(item.speaker, style)}: “{shown}”{extra}"


def page_words(changes: SiteChanges, path: str, style: Style, linked: bool) -> str:
    address = changes.address(path)
    shown = path.removesuffix("index.html") or "(home page)"
    if style.markdown:
        return f"[{shown}]({address})" if linked else f"{quoted(shown, style)}"
    return address
