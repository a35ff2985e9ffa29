"""Atom feeds (RFC 4287): the whole site's newest events, and each council's.

Built with ElementTree so every value is escaped and the XML is well formed. Dates
come from the content, never from the clock, so the same content gives the same
feed. A partial date (a month, a year) stands at its first day.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..cache import NO_SUMMARIES, WholeProfiles
from ..model import PartialDate, SendInspection, Site
from .views.council import CouncilView, whole_view
from .views.timeline_entry import TimelineEntry

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED_ENTRIES = 50


def timestamp(date: PartialDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def entry_date(entry: TimelineEntry) -> PartialDate:
    """When an event became news: an inspection when Ofsted published it, if known; else when
    another publication reported it, if known; else its fieldwork (or a milestone's date). The
    entry's summary names every date it has, each by its kind, so the date used is never
    mistaken for another kind."""
    inspection = entry.inspection
    if inspection is not None and inspection.published is not None:
        return inspection.published
    if inspection is not None and inspection.reported is not None:
        return inspection.reported.date
    return entry.date


def entry_title(view: CouncilView, entry: TimelineEntry) -> str:
    if entry.send is not None:
        # An outcome, never a grade: said in Ofsted's words, and in no grade's place.
        outcome = entry.send.outcome.value if entry.send.outcome else "outcome not on record"
        return f"{view.council.name}: area SEND inspection, {outcome}"
    title = f"{view.council.name}: {entry.title}"
    if entry.overall is not None:
        title += f", {entry.overall.value}"
    elif entry.judgements:
        title += ", no overall grade: " + ", ".join(f"{row.short_label} {row.grade.value}" for row in entry.judgements)
    if entry.change:
        title += f" ({entry.change})"
    return title


def entry_summary(entry: TimelineEntry) -> str:
    """The event's dates, each named by its kind (fieldwork, published by Ofsted, reported by
    whom), then its grades and summary."""
    parts = [fact.text for fact in entry.date_facts] or [f"{entry.date.display}."]
    if entry.inspection is not None:
        parts += [f"{row.label}: {row.grade.value}." for row in entry.judgements]
        if entry.inspection.summary:
            parts.append(entry.inspection.summary)
    elif entry.send is not None:
        parts.append(send_summary(entry.send))
    elif entry.milestone is not None and entry.milestone.description:
        parts.append(entry.milestone.description)
    return " ".join(parts)


def send_summary(send: SendInspection) -> str:
    """Who was inspected and the outcome, saying what an outcome is (a feed has no page around it to
    say so); then the report's own outcome sentence where it was read. Where it was not, none is
    quoted: the fixed sentence is worded a little differently in some reports."""
    who = f"The local area partnership: {send.partnership}. " if send.partnership else ""
    if send.outcome is None:
        return who + "The outcome is not on record here: see Ofsted's report."
    summary = f"{who}Outcome: {send.outcome.value}, one of the three an area SEND inspection can give (not a grade)."
    if send.from_report and send.from_report.outcome:
        summary += " " + send.from_report.outcome.split("\n")[0]
    return summary


def build_feed(
    site: Site, title: str, feed_path: str, page_path: str, items: list[tuple[CouncilView, TimelineEntry]]
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site.base_url + feed_path
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = site.description
    dates = [entry_date(entry) for _, entry in items]
    latest = max(dates, key=lambda d: d.sort_key) if dates else PartialDate(2000)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = timestamp(latest)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=site.base_url + feed_path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site.base_url + page_path)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.title
    for view, entry in items:
        url = f"{site.base_url}councils/{view.slug}/#{entry.anchor}"
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = url
        ET.SubElement(node, f"{{{ATOM}}}title").text = entry_title(view, entry)
        ET.SubElement(node, f"{{{ATOM}}}updated").text = timestamp(entry_date(entry))
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        ET.SubElement(node, f"{{{ATOM}}}summary").text = entry_summary(entry)
    ET.indent(feed)
    # Serialised as text, then encoded: the same bytes (content is valid Unicode, as read from
    # UTF-8) in three-quarters of the time ElementTree takes writing through an encoder.
    return f'<?xml version="1.0" encoding="utf-8"?>\n{ET.tostring(feed, encoding="unicode")}\n'.encode()


def newest_first(items: list[tuple[CouncilView, TimelineEntry]]) -> list[tuple[CouncilView, TimelineEntry]]:
    return sorted(items, key=lambda item: (entry_date(item[1]).sort_key, item[0].slug, item[1].anchor), reverse=True)


def feeds(
    site: Site, views: list[CouncilView], wholes: WholeProfiles = NO_SUMMARIES
) -> list[tuple[str, Callable[[], bytes], str | None]]:
    """`feed.xml` for the site and `councils/<slug>/feed.xml` for each council: (path, how to
    make it, the council it is about or None for every council). `wholes`: see render_site."""

    def site_feed() -> bytes:
        everything = newest_first([(view, entry) for view in views for entry in view.timeline])
        return build_feed(site, f"{site.title}: newest events", "feed.xml", "", everything[:SITE_FEED_ENTRIES])

    def council_feed(view: CouncilView) -> bytes:
        view = whole_view(view, wholes)
        path = f"councils/{view.slug}/"
        items = newest_first([(view, entry) for entry in view.timeline])
        return build_feed(site, f"{view.council.name}: {site.title}", path + "feed.xml", path, items)

    return [("feed.xml", site_feed, None)] + [
        (f"councils/{view.slug}/feed.xml", functools.partial(council_feed, view), view.slug) for view in views
    ]
