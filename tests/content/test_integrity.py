"""What a fact-checker runs over the real content: every quotation is word for word in its
source and given to the right speaker, every source cited is listed and shown, and no date
is shown more precisely, or as another kind of date, than the content gives it.

Quotations from Ofsted's reports are checked against the reports' own text (the reports the
tests ship, in tests/fixtures/ofsted-reports/). Quotations from articles, which the project
may not hold, are checked against short attributed excerpts of them
(tests/fixtures/quoted-excerpts/). Each check is a function that returns the problems it
finds, so each test also shows it catching a stitched quotation and a re-attributed one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields, is_dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT

from councilprofiles.model import Content, Council, DateKind, PartialDate, Quote, Source
from councilprofiles.ofsted.report import contains_verbatim, read_report
from councilprofiles.render.views.dates import DATE_PREFIXES, label_date, record_date

REPORTS = ROOT / "tests" / "fixtures" / "ofsted-reports"
EXCERPTS = ROOT / "tests" / "fixtures" / "quoted-excerpts"
IN_DEPTH = ("wandsworth", "wokingham")
REPORT_URL = re.compile(r"https://files\.ofsted\.gov\.uk/v1/file/(\d+)")


def council(content: Content, slug: str) -> Council:
    return next(profile.council for profile in content.profiles if profile.slug == slug)


# --- Reading a report. councilprofiles/ofsted/report.py (read_report, contains_verbatim) is
# being written on another branch; until it lands, these two small functions do the same job.


@functools.cache
def report_text(number: str) -> str:
    """The text of the fixture report `<number>.pdf` as the importer reads it: the report's own
    words with the layout undone (line breaks, bullets, running headers and footers)."""
    return read_report(REPORTS / f"{number}.pdf").text


def flatten(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces: nothing else is
    changed, so quotation marks, apostrophes and spelling must match exactly."""
    return " ".join(text.split())


def report_number(source: Source) -> str | None:
    """Ofsted's file number, for a source that is one of Ofsted's reports."""
    match = REPORT_URL.fullmatch(source.url or "")
    return match.group(1) if match and source.publisher == "Ofsted" else None


def shipped_report(source: Source) -> str | None:
    number = report_number(source)
    return number if number and (REPORTS / f"{number}.pdf").is_file() else None


# --- (a) Quotations from Ofsted's reports are in the report, word for word, and are Ofsted's.


def report_quote_problems(quote: Quote, sources: dict[str, Source]) -> list[str]:
    number = shipped_report(sources[quote.source])
    assert number is not None, "only for quotations from a report the tests ship"
    problems = []
    if not contains_verbatim(report_text(number), quote.text):
        problems.append(f"not word for word in report {number}: {quote.text[:70]!r}")
    if quote.speaker != "Ofsted":
        problems.append(f"a quotation from Ofsted's report {number} is Ofsted's, not {quote.speaker}'s")
    return problems


def report_extracts(council: Council) -> list[tuple[str, str, str]]:
    """Every passage of Ofsted's own words recorded with `from_report`: (where, text, source id)."""
    found = []
    for inspection in council.inspections:
        extract = getattr(inspection, "from_report", None)
        if extract is None:
            continue
        items = [part for item in extract.improvements for part in (item.text, *item.items)]
        passages = [extract.headline, extract.summary, *items]
        found += [(f"{inspection.id} from_report", text, extract.source) for text in passages if text]
    return found


def test_quotations_from_ofsted_reports_are_in_the_reports_word_for_word(real_content: Content) -> None:
    checked, problems = [], []
    for profile in real_content.profiles:
        sources = {source.id: source for source in profile.council.sources}
        for quote in profile.council.quotes:
            if shipped_report(sources[quote.source]):
                checked.append((profile.slug, quote.text))
                problems += [f"{profile.slug}: {problem}" for problem in report_quote_problems(quote, sources)]
        for where, text, ref in report_extracts(profile.council):
            number = shipped_report(sources[ref])
            if number:
                checked.append((profile.slug, text))
                if not contains_verbatim(report_text(number), text):
                    problems.append(f"{profile.slug} {where}: not word for word in report {number}: {text[:70]!r}")
    assert not problems, "\n".join(problems)
    # The in-depth profiles' quotations from Ofsted's reports: two of Wandsworth's, four of Wokingham's.
    assert sum(slug == "wandsworth" for slug, _ in checked) >= 2
    assert sum(slug == "wokingham" for slug, _ in checked) >= 4


def test_every_report_the_in_depth_profiles_quote_is_shipped_so_it_is_checked(real_content: Content) -> None:
    for slug in IN_DEPTH:
        sources = {source.id: source for source in council(real_content, slug).sources}
        for quote in council(real_content, slug).quotes:
            number = report_number(sources[quote.source])
            assert number is None or shipped_report(sources[quote.source]), (
                f"{slug}: copy report {number}.pdf into tests/fixtures/ofsted-reports/ (and list it in its README)"
            )


def test_the_report_check_catches_a_stitched_and_a_reattributed_quotation(real_content: Content) -> None:
    sources = {source.id: source for source in council(real_content, "wokingham").sources}
    first = "Poor performance is no longer tolerated in the way it might have been a year ago"
    second = "There are clear signs that the action taken by senior leaders is beginning to have an impact."
    genuine = Quote(text=second, speaker="Ofsted", role="inspectorate", source="ofsted-2019")
    assert report_quote_problems(genuine, sources) == []
    assert (
        report_quote_problems(Quote(text=first, speaker="Ofsted", role="inspectorate", source="ofsted-2019"), sources)
        == []
    )
    stitched = Quote(text=f"{first}. {second}", speaker="Ofsted", role="inspectorate", source="ofsted-2019")
    assert report_quote_problems(stitched, sources) == [f"not word for word in report 50092686: {stitched.text[:70]!r}"]
    reattributed = Quote(text=second, speaker="Carol Cammiss", role="director", source="ofsted-2019")
    assert report_quote_problems(reattributed, sources) == [
        "a quotation from Ofsted's report 50092686 is Ofsted's, not Carol Cammiss's"
    ]
    # The press release's version differs from the report by one letter: the check sees it.
    respelt = (
        "The duty, triage and assessment (DTA) team is more effective than it was at the time of Ofsted’s focussed"
    )
    assert report_quote_problems(Quote(text=respelt, speaker="Ofsted", role="", source="ofsted-2019"), sources)


# --- (b) Quotations from articles are one unaltered run of an attributed excerpt, and the
# excerpt names the quotation's speaker.


@functools.cache
def excerpts_of(slug: str) -> dict[str, Any]:
    path = EXCERPTS / f"{slug}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def names(words: str, speaker: str) -> bool:
    """Whether `words` name `speaker`: by surname for a person (`Cllr Sarah McDermott` is named by
    `admits McDermott`), by name for a body (`Ofsted`)."""
    return re.search(rf"\b{re.escape(speaker.split()[-1])}\b", words) is not None


def article_quote_problems(quote: Quote, source: Source, excerpts: dict[str, Any]) -> list[str]:
    entry = excerpts.get(quote.source)
    if entry is None:
        return [
            f"no excerpt of '{quote.source}' to check {quote.text[:40]!r} against: add the sentence(s) holding "
            "it and the words naming its speaker to tests/fixtures/quoted-excerpts/"
        ]
    cited = flatten(entry["citation"])
    if (source.title_is_ours and source.publisher not in cited) or (
        not source.title_is_ours and flatten(source.title) not in cited
    ):
        return [f"the excerpts filed under '{quote.source}' cite another document: {cited[:60]!r}"]
    holding = [excerpt for excerpt in entry["excerpts"] if flatten(quote.text) in flatten(excerpt["sentences"])]
    if not holding:
        return [f"not one unaltered run of any excerpt of '{quote.source}': {quote.text[:70]!r}"]
    if not any(names(words, quote.speaker) for excerpt in holding for words in excerpt["named"]):
        named = "; ".join(words for excerpt in holding for words in excerpt["named"])
        return [f"'{quote.source}' gives {quote.text[:40]!r} to the one named in {named!r}, not to {quote.speaker}"]
    return []


def article_quotes(content: Content) -> list[tuple[str, Quote, Source]]:
    found = []
    for profile in content.profiles:
        sources = {source.id: source for source in profile.council.sources}
        for quote in profile.council.quotes:
            if report_number(sources[quote.source]) is None:
                found.append((profile.slug, quote, sources[quote.source]))
    return found


def test_quotations_from_articles_are_verbatim_and_rightly_attributed(real_content: Content) -> None:
    quotes = article_quotes(real_content)
    problems = [
        f"{slug}: {problem}"
        for slug, quote, source in quotes
        for problem in article_quote_problems(quote, source, excerpts_of(slug))
    ]
    assert not problems, "\n".join(problems)
    assert {slug for slug, _, _ in quotes} >= set(IN_DEPTH) and len(quotes) >= 13


def test_excerpts_hold_only_what_is_quoted(real_content: Content) -> None:
    """The excerpts are kept minimal: each is the holder of some quotation, and each names someone."""
    quoted = [(slug, quote) for slug, quote, _ in article_quotes(real_content)]
    for path in sorted(EXCERPTS.glob("*.yaml")):
        for ref, entry in excerpts_of(path.stem).items():
            for excerpt in entry["excerpts"]:
                assert excerpt["named"], f"{path.name} {ref}: say who is speaking"
                assert any(
                    slug == path.stem and quote.source == ref and flatten(quote.text) in flatten(excerpt["sentences"])
                    for slug, quote in quoted
                ), f"{path.name} {ref}: no quotation uses {excerpt['sentences'][:50]!r}: remove it"


def test_the_excerpt_check_catches_a_stitched_and_a_reattributed_quotation(real_content: Content) -> None:
    wandsworth = council(real_content, "wandsworth")
    sources = {source.id: source for source in wandsworth.sources}
    excerpts = excerpts_of("wandsworth")
    letter = sources["cypn-2017-04"]
    know = "Social workers spoken to by inspectors know children well."
    pace = "While the pace of change is steady, the local authority accepts that, in some areas, social work practice"
    # Two real fragments of the same article, each checked alone, then joined.
    for text in (know, pace):
        assert article_quote_problems(Quote(text, "Ofsted", "inspectorate", "cypn-2017-04"), letter, excerpts) == []
    stitched = Quote(f"{know} {pace}", "Ofsted", "inspectorate", "cypn-2017-04")
    assert article_quote_problems(stitched, letter, excerpts) == [
        f"not one unaltered run of any excerpt of 'cypn-2017-04': {stitched.text[:70]!r}"
    ]
    # The right words, given to the wrong person.
    clone = "We can’t clone them."
    assert (
        article_quote_problems(Quote(clone, "Cllr Sarah McDermott", "", "cc-2018"), sources["cc-2018"], excerpts) == []
    )
    wrong = Quote(clone, "Carol Cammiss", "director of children’s services", "cc-2018")
    assert article_quote_problems(wrong, sources["cc-2018"], excerpts) == [
        "'cc-2018' gives 'We can’t clone them.' to the one named in 'McDermott acknowledges', not to Carol Cammiss"
    ]
    # The right words and speaker, cited to the wrong article.
    moved = Quote(clone, "Cllr Sarah McDermott", "", "cypn-2018-01")
    assert article_quote_problems(moved, sources["cypn-2018-01"], excerpts)
    # An altered word (one straight apostrophe for a curly one) is not verbatim.
    assert article_quote_problems(
        Quote("We can't clone them.", "Cllr Sarah McDermott", "", "cc-2018"), sources["cc-2018"], excerpts
    )


# --- The built pages, parsed once: (c) every source cited is listed and shown, and (d) every
# date shown is one the content gives, at its precision and as its kind.


@dataclass
class ShownDate:
    """A `<time>` on a page, with the words that say what kind of date it is."""

    iso: str
    text: str
    label: str  # the <dt>, the table column's header, or the words before it in its block
    places: list[str] = field(default_factory=list)  # ids of the elements around it, innermost last


BLOCKS = {"h3", "dd", "th", "td", "p", "li", "figcaption", "caption", "span"}
VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "source", "col", "area", "base", "embed", "track"}


class PageReader(HTMLParser):
    """The facts a fact-checker reads off a council page: dates with their labels, the sources
    list, and which sources each event and quotation cites."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.block_text: list[list[str]] = []
        self.dates: list[ShownDate] = []
        self.time: dict[str, str] | None = None
        self.time_text = ""
        self.last_dt = ""
        self.dt_text: list[str] | None = None
        self.headers: list[str] = []
        self.header_text: list[str] | None = None
        self.cell = -1
        self.sources: dict[str, list[str]] = {}
        self.cites: dict[str, set[str]] = {}  # element id (event anchor, or 'quote-N') → cited source ids
        self.quotes: list[tuple[str, set[str]]] = []  # (text, cited source ids)
        self.quote_text: list[str] | None = None

    def places(self) -> list[str]:
        return [attrs.get("id") or attrs.get("class", "") for _, attrs in self.stack]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attributes}
        if tag in VOID:
            return
        self.stack.append((tag, attrs))
        if tag in BLOCKS:
            self.block_text.append([])
        if tag == "time":
            self.time, self.time_text = attrs, ""
        if tag == "dt":
            self.dt_text = []
        if tag == "thead":
            self.headers = []
        if tag == "th" and any(t == "thead" for t, _ in self.stack):
            self.header_text = []
        if tag == "tr":
            self.cell = -1
        if tag in ("th", "td") and not any(t == "thead" for t, _ in self.stack):
            self.cell += 1
        if tag == "li" and attrs.get("id", "").startswith("source-"):
            self.sources[attrs["id"].removeprefix("source-")] = []
        if tag == "figure" and "quote" in attrs.get("class", ""):
            self.quotes.append(("", set()))
        if tag == "blockquote":
            self.quote_text = []
        if tag == "a" and attrs.get("href", "").startswith("#source-"):
            ref = attrs["href"].removeprefix("#source-")
            if any(t == "figure" for t, _ in self.stack) and self.quotes:
                self.quotes[-1][1].add(ref)
            for _, around in self.stack:
                if "event" in around.get("class", "") and around.get("id"):
                    self.cites.setdefault(around["id"], set()).add(ref)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag in BLOCKS:
                self.block_text.pop()
            if open_tag == tag:
                break
        if tag == "dt" and self.dt_text is not None:
            self.last_dt, self.dt_text = " ".join("".join(self.dt_text).split()), None
        if tag == "th" and self.header_text is not None:
            self.headers.append(" ".join("".join(self.header_text).split()))
            self.header_text = None
        if tag == "blockquote" and self.quote_text is not None and self.quotes:
            self.quotes[-1] = (" ".join("".join(self.quote_text).split()), self.quotes[-1][1])
            self.quote_text = None
        if tag == "time" and self.time is not None:
            self.dates.append(
                ShownDate(self.time.get("datetime", ""), self.time_text.strip(), self.label(), self.places())
            )
            self.time = None

    def label(self) -> str:
        tags = [tag for tag, _ in self.stack]
        if "dd" in tags:
            return self.last_dt
        if self.cell >= 0 and ("td" in tags or "th" in tags) and "table" in tags and self.cell < len(self.headers):
            return self.headers[self.cell]
        before = "".join(self.block_text[-1]) if self.block_text else ""
        return " ".join(before.split())

    def handle_data(self, data: str) -> None:
        if self.time is not None:
            self.time_text += data  # and not part of the words that label the next date
        else:
            for text in self.block_text:
                text.append(data)
        for collector in (self.dt_text, self.header_text, self.quote_text):
            if collector is not None:
                collector.append(data)
        for _, attrs in self.stack:
            if attrs.get("id", "").startswith("source-") and attrs["id"].removeprefix("source-") in self.sources:
                self.sources[attrs["id"].removeprefix("source-")].append(data)


def read_page(site: Path, slug: str) -> PageReader:
    reader = PageReader()
    reader.feed((site / "councils" / slug / "index.html").read_text(encoding="utf-8"))
    return reader


def shown_text(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def source_problems(council: Council, page: PageReader) -> list[str]:
    """Every source an inspection, a reported date or a quotation cites is in the sources list,
    shown with its title (bracketed if ours), publisher, date and address, and is cited there."""
    problems = []
    sources = {source.id: source for source in council.sources}
    for source in council.sources:
        if source.id not in page.sources:
            problems.append(f"source '{source.id}' is not in the sources list")
            continue
        shown = shown_text(page.sources[source.id])
        expected = [source.shown_title, source.publisher, source.url, source.date and source.date.display]
        problems += [f"source '{source.id}' does not show {part!r}" for part in expected if part and part not in shown]
        if source.title_is_ours and "title in square brackets is ours" not in shown:
            problems.append(f"source '{source.id}' does not say its title is ours")
    for inspection in council.inspections:
        cited = page.cites.get(inspection.id, set())
        wanted = set(inspection.sources) | ({inspection.reported.source} if inspection.reported else set())
        problems += [
            f"inspection '{inspection.id}' does not cite '{ref}' on the page" for ref in sorted(wanted - cited)
        ]
    shown_quotes = {flatten(text): cited for text, cited in page.quotes}
    for quote in council.quotes:
        cited = shown_quotes.get(flatten(quote.text))
        if cited is None:
            problems.append(f"quote {quote.text[:40]!r} is not on the page")
        elif quote.source not in cited or quote.source not in sources:
            problems.append(f"quote {quote.text[:40]!r} does not cite '{quote.source}' on the page")
    return problems


def test_every_cited_source_is_listed_shown_and_linked_on_every_council_page(
    real_content: Content, real_site: Path
) -> None:
    problems = []
    for profile in real_content.profiles:
        problems += [
            f"{profile.slug}: {p}" for p in source_problems(profile.council, read_page(real_site, profile.slug))
        ]
    assert not problems, "\n".join(problems[:40])


def test_the_source_check_catches_a_missing_citation(real_content: Content, real_site: Path) -> None:
    wokingham = council(real_content, "wokingham")
    page_html = (real_site / "councils/wokingham/index.html").read_text(encoding="utf-8")
    reader = PageReader()
    reader.feed(page_html.replace('href="#source-council-2019"', 'href="#source-elsewhere"'))
    assert "inspection 'ilacs-2019' does not cite 'council-2019' on the page" in source_problems(wokingham, reader)
    reader = PageReader()
    reader.feed(page_html.replace("[Press release on the 2019 inspection]", "Press release on the 2019 inspection"))
    assert "source 'council-2019' does not show '[Press release on the 2019 inspection]'" in source_problems(
        wokingham, reader
    )


def content_dates(record: Any) -> set[str]:
    """Every date the content gives anywhere in a record, as written."""
    if isinstance(record, PartialDate):
        return {record.iso}
    if isinstance(record, list):
        return set().union(*(content_dates(item) for item in record)) if record else set()
    if is_dataclass(record):
        return set().union(*(content_dates(getattr(record, f.name)) for f in fields(record) if f.name != "positions"))
    return set()


def date_problems(council: Council, page: PageReader, record_to: PartialDate | None = None) -> list[str]:
    """Each date shown is one the content gives, shown at exactly its precision; a date labelled
    as Ofsted's publication, a report by someone else, or fieldwork is that kind of date; and each
    timeline heading says what kind of date places the event. `record_to`, the newest report
    on record in the whole content, is the one date a page may show from other councils."""
    given = content_dates(council) | ({record_to.iso} if record_to else set())
    published = {i.published.iso for i in council.inspections if i.published}
    reported = {i.reported.date.iso for i in council.inspections if i.reported}
    fieldwork = {d.iso for i in council.inspections for d in (i.start, i.end) if d}
    problems = []
    for shown in page.dates:
        if "page-meta" in shown.places:
            continue  # "last updated", from the repository's history, not the content
        where = f"{shown.text!r} ({shown.label or 'no label'})"
        try:
            display = PartialDate.parse(shown.iso).display
        except ValueError:
            problems.append(f"{where}: datetime {shown.iso!r} is not a date")
            continue
        if shown.text != display:
            problems.append(f"{where}: shows {shown.text!r} for {shown.iso}, which reads {display!r}")
        if shown.iso not in given:
            problems.append(f"{where}: {shown.iso} is not a date the content gives (at that precision)")
        label = shown.label
        if label.startswith("Published") or label.endswith("Published"):
            if shown.iso not in published:
                kind = "a reported date" if shown.iso in reported else "not Ofsted's publication date"
                problems.append(f"{where}: labelled published, but {shown.iso} is {kind}")
        elif label.startswith("Reported") or label.endswith("Reported"):
            if shown.iso not in reported:
                problems.append(f"{where}: labelled reported, but {shown.iso} is not a reported date")
        elif label.startswith(("Fieldwork", "Visited")) and shown.iso not in fieldwork:
            problems.append(f"{where}: labelled fieldwork, but {shown.iso} is not a fieldwork date")
    headings = {shown.places[-1]: shown for shown in page.dates if shown.places and shown.places[-1].endswith("-title")}
    events = [(i.id, date, DATE_PREFIXES[kind]) for i in council.inspections for date, kind in [label_date(i)]]
    events += [(m.id, m.date, DATE_PREFIXES[DateKind.HAPPENED]) for m in council.milestones]
    for anchor, date, prefix in events:
        heading = headings.get(f"{anchor}-title")
        if heading is None:
            problems.append(f"event '{anchor}' has no dated heading")
        elif heading.iso != date.iso or heading.label != prefix:
            problems.append(
                f"event '{anchor}' is headed {(heading.label + ' ' + heading.text).strip()!r}, "
                f"not {(prefix + ' ' + date.display).strip()!r}"
            )
    return problems


@pytest.mark.parametrize("slug", IN_DEPTH)
def test_every_date_on_the_in_depth_pages_is_the_contents_at_its_precision_and_kind(
    real_content: Content, real_site: Path, slug: str
) -> None:
    page = read_page(real_site, slug)
    record_to = record_date(real_content.profiles)
    assert date_problems(council(real_content, slug), page, record_to) == []
    labels = [shown.label for shown in page.dates]
    assert "Fieldwork" in labels and len(page.dates) > 30
    if slug == "wandsworth":  # the three dates that are another publication's, each said to be
        assert sorted({s.iso for s in page.dates if s.label == "Reported"}) == [
            "2017-04-06",
            "2018-01-15",
            "2021-08-26",
        ]


def test_the_date_check_catches_a_reported_date_called_published_and_a_date_made_more_precise(
    real_content: Content, real_site: Path
) -> None:
    wandsworth = council(real_content, "wandsworth")
    page_html = (real_site / "councils/wandsworth/index.html").read_text(encoding="utf-8")

    def problems_with(old: str, new: str) -> list[str]:
        assert old in page_html
        reader = PageReader()
        reader.feed(page_html.replace(old, new))
        return date_problems(wandsworth, reader)

    called_published = problems_with("<dt data-pagefind-ignore>Reported</dt>", "<dt>Published by Ofsted</dt>")
    assert "'6 April 2017' (Published by Ofsted): labelled published, but 2017-04-06 is a reported date" in (
        called_published
    )
    unlabelled = problems_with(
        'Reported <time datetime="2017-04-06">6 April 2017</time>: Monitoring visit 3',
        '<time datetime="2017-04-06">6 April 2017</time>: Monitoring visit 3',
    )
    assert "event 'monitoring-3' is headed '6 April 2017', not 'Reported 6 April 2017'" in unlabelled
    more_precise = problems_with(
        '<time datetime="2017-12">December 2017</time>: Monitoring visit 6',
        '<time datetime="2017-12-01">1 December 2017</time>: Monitoring visit 6',
    )
    assert "'1 December 2017' (Visited): 2017-12-01 is not a date the content gives (at that precision)" in (
        more_precise
    )
    shown_wrong = problems_with(
        '<time datetime="2017-09">September 2017</time>', '<time datetime="2017-09">2017</time>'
    )
    assert any("shows '2017' for 2017-09" in problem for problem in shown_wrong)
