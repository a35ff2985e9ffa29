"""Render: the validated model → the site's files, each an `Output` made on demand.

Every output knows which councils it shows, and so carries a key: a digest of
everything its bytes depend on (the code, templates and static files, the site's
settings, and those councils' files). The writer reuses last build's file when the
key is unchanged, and the preview re-renders only outputs that show a changed council.

Pages link to each other by relative URLs, so the same output works served from
a domain's root, from a sub-path such as `/profiles/`, or in preview. Only
canonical links use the absolute `base_url`.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape

import jinja2

from ..cache import NO_SUMMARIES, WholeProfiles
from ..errors import ContentError, ContentErrors, display_path
from ..fingerprint import code_version, digest, folder_digest
from ..model import JUDGEMENT_AREAS, NARRATIVE_STARTER, Content, Revision, Site, field_names
from ..schema import schema_text
from .abbreviations import spell_out_first_use
from .charts import GRADE_NAMES
from .feeds import feeds
from .fragments import FRAGMENTS
from .open_data import CSV_COLUMNS, open_data
from .search_index import COUNCIL_DIRECTORY, SHARD_PAGES, DirectoryEntry, council_directory, index_shards, profile_page
from .views.about import grade_scale, visit_types
from .views.area_send import SEND_FILTERS, send_due, send_outcome_counts, send_record_date
from .views.compare import compare
from .views.council import CouncilView, whole_view
from .views.dates import record_date
from .views.every_council import ViewCache, council_views, council_views_of
from .views.every_inspection import site_timeline
from .views.national import grade_counts, national_picture
from .views.regions import group_by_region

STYLESHEET = "static/style.css"
SCRIPT = "static/browse.js"


Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, which template draws it, what it shows (computed only
    when the page is rendered), and the councils it shows (None: every council)."""

    path: str
    template: str
    context: Context
    councils: frozenset[str] | None = None
    root: str | None = None  # links from this page start here; by default, relative to its depth
    in_sitemap: bool = True

    def values(self) -> Mapping[str, Any]:
        return self.context() if callable(self.context) else self.context

    @property
    def url(self) -> str:
        """The page's address relative to the site root: `councils/wandsworth/`."""
        return self.path.removesuffix("index.html")


def relative_root(path: str) -> str:
    """The prefix that leads from the page at `path` back to the site root."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


@functools.cache
def make_environment(templates: Path) -> jinja2.Environment:
    """One environment per templates folder, kept for the process: templates compile once,
    and Jinja recompiles one only when its file changes (the preview relies on this)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment


def site_pages(
    content: Content, councils: list[CouncilView], shard_pages: int = SHARD_PAGES, wholes: WholeProfiles = NO_SUMMARIES
) -> list[Page]:
    """Every page of the site, with what it shows."""
    regions = group_by_region(councils)
    grade_options = list(GRADE_NAMES.items())
    area_options = [
        ("overall", "Overall"),
        ("any", "Overall or any area"),
        ("leaders", "Leaders"),
        ("help", "Help and protection"),
        ("care", "Children in care"),
        ("leavers", "Care leavers"),
    ]
    none: frozenset[str] = frozenset()
    pages = [
        Page(
            "index.html",
            "index.html",
            {
                "councils": councils,
                "regions": regions,
                "grade_options": grade_options,
                "area_options": area_options,
                "send_options": list(SEND_FILTERS.items()),
            },
        ),
        Page("about/index.html", "about.html", lambda: {"grades": grade_scale(), "visit_types": visit_types()}, none),
        Page(
            "national/index.html",
            "national.html",
            lambda: {"picture": national_picture(councils), "send": send_outcome_counts(councils)},
        ),
        Page("timeline/index.html", "timeline.html", lambda: {"years": site_timeline(councils)}),
        # Without JavaScript the search page lists every council.
        Page("search/index.html", "search.html", {"councils": councils}),
        Page("data/index.html", "data.html", {"columns": CSV_COLUMNS, "areas": JUDGEMENT_AREAS}, none),
        # Served for any missing address at any depth, so its links start from the site's path.
        Page("404.html", "404.html", {}, none, root=urlsplit(content.site.base_url).path or "/", in_sitemap=False),
    ]
    pages.extend(
        Page(
            f"regions/{group.region.slug}/index.html",
            "region.html",
            lambda group=group: {
                "group": group,
                "counts": grade_counts([view.standing for view in group.councils]),
                "send": send_outcome_counts(group.councils),
            },
        )
        for group in regions
    )
    pages.extend(council_page(view, content, wholes) for view in councils)
    pages.extend(
        Page(
            f"councils/{view.slug}/compare/index.html",
            "compare.html",
            lambda view=view: {"view": view, "comparison": compare([view, *view.neighbours])},
            shown_councils(view),
        )
        for view in councils
        if view.neighbours
    )
    return pages


def merged_indexes(councils: list[CouncilView], shard_pages: int) -> list[str]:
    """The search index's folders after the first, which a search merges into it."""
    return [f"{folder}/" for folder in index_shards((profile_page(view.slug) for view in councils), shard_pages)][1:]


def directory(councils: list[CouncilView], shard_pages: int) -> bytes:
    """The council names every search box answers from at once (see search.council_directory)."""
    entries = (
        DirectoryEntry(
            view.council.name,
            f"councils/{view.slug}/",
            view.council.region.value,
            [predecessor.name for predecessor in view.council.predecessors],
        )
        for view in councils
    )
    return council_directory(entries, merged_indexes(councils, shard_pages))


def shown_councils(view: CouncilView) -> frozenset[str]:
    """A council's own pages show it and, by name and grade, its statistical neighbours, and
    by name the councils it replaced, was replaced by, or took over from another with."""
    related = [slug for takeover in view.takeovers for slug in takeover.related_slugs]
    return frozenset([view.slug, *(other.slug for other in view.neighbours), *related])


@dataclass(frozen=True)
class EditLinks:
    """Where an editor changes a council's page: its facts, and its story (or, until the story
    exists, where to create it: the forge's new-file form, with the file named and started)."""

    facts: str
    story: str | None
    write_story: str | None


def edit_links(site: Site, view: CouncilView) -> EditLinks | None:
    if not site.edit_url:
        return None
    profile = view.profile
    if profile.narrative_exists:
        return EditLinks(site.edit_url + profile.council_path, site.edit_url + profile.narrative_path, None)
    create = None
    if "/edit/" in site.edit_url:  # GitHub's and GitLab's new-file form: …/new/<branch>/<folder>?filename=
        folder, _, name = profile.narrative_path.rpartition("/")
        starter = NARRATIVE_STARTER
        query = urlencode({"filename": name, "value": starter}, quote_via=quote)
        create = f"{site.edit_url.replace('/edit/', '/new/', 1)}{quote(folder)}?{query}"
    return EditLinks(site.edit_url + profile.council_path, None, create)


def council_page(view: CouncilView, content: Content, wholes: WholeProfiles = NO_SUMMARIES) -> Page:
    links = edit_links(content.site, view)
    revision = content.last_updated.get(view.slug)
    context = lambda: {"view": whole_view(view, wholes), "edit": links, "revision": revision}  # noqa: E731
    return Page(profile_page(view.slug), "council.html", context, shown_councils(view))


def static_files(static: Path) -> dict[str, bytes]:
    """Our own assets, copied as they are, in a stable order."""
    files = {}
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    return files


@dataclass(frozen=True)
class Output:
    """One file of the site: where it goes, what it shows, a digest of everything its bytes
    depend on, and how to make them (only called when last build's file cannot be reused)."""

    path: str
    make: Callable[[], bytes]
    councils: frozenset[str] | None = None  # the councils it shows; None: every council
    keys: Keys | None = None  # None: its bytes are fixed, and are their own key

    @functools.cached_property
    def key(self) -> str:
        """Worked out only when asked: the preview, which compares bytes, never asks."""
        if self.keys is None:
            return digest(self.path, self.make())
        return self.keys.key(self.path, self.councils)

    def shows_any(self, slugs: set[str]) -> bool:
        return self.councils is None or not self.councils.isdisjoint(slugs)


class Keys:
    """Output keys: what every output shares (code, templates, static files, settings) and what
    each council adds (its files' digest and its last-updated date). Worked out when first needed."""

    def __init__(self, content: Content, templates: Path, static: Path) -> None:
        self.content = content
        self.templates = templates
        self.static = static

    @functools.cached_property
    def shared(self) -> str:
        site = {name: getattr(self.content.site, name) for name in field_names(Site) if name != "positions"}
        folders = (folder_digest(self.templates), folder_digest(self.static))
        # Shown on every page (how current the record is), or deciding what a page says (send_due).
        records = (record_date(self.content.profiles), send_record_date(self.content.profiles))
        shown = (*(record.iso if record else "" for record in records), self.content.preview)
        return digest(code_version(), *folders, repr(sorted(site.items())), repr(shown))

    @functools.cached_property
    def councils(self) -> dict[str, str]:
        updated = self.content.last_updated
        return {
            profile.slug: digest(profile.digest, str(updated.get(profile.slug, "")))
            for profile in self.content.profiles
        }

    @functools.cached_property
    def every(self) -> str:
        return digest(*(f"{slug}={key}" for slug, key in sorted(self.councils.items())))

    def key(self, path: str, councils: frozenset[str] | None) -> str:
        if councils is None:
            return digest(self.shared, path, self.every)
        return digest(self.shared, path, *(f"{slug}={self.councils[slug]}" for slug in sorted(councils)))


def prepared_environment(content: Content, templates: Path, files: dict[str, bytes]) -> jinja2.Environment:
    """The environment with what every page shows: the site, and versions of our assets for cache-busting."""
    environment = make_environment(templates)
    send_record = send_record_date(content.profiles)
    environment.globals.update(
        site=content.site,
        **FRAGMENTS,
        stylesheet_version=hashlib.sha256(files.get(STYLESHEET, b"")).hexdigest()[:10],
        script_version=hashlib.sha256(files.get(SCRIPT, b"")).hexdigest()[:10],
        search_version=hashlib.sha256(files.get("static/search.js", b"")).hexdigest()[:10],
        record_to=record_date(content.profiles),
        send_record_to=send_record,
        send_due=functools.partial(send_due, record=send_record),
        preview=content.preview,
    )
    return environment


def render_council_pages(
    content: Content, templates: Path, static: Path, slugs: set[str], views: ViewCache | None = None
) -> list[Output]:
    """Only these councils' profile pages: what the preview writes first after a save, before
    the pages that list every council (Hugo's "fast render" does the same). `views`: see render_site."""
    environment = prepared_environment(content, templates, static_files(static))
    shown = council_views_of(content.profiles, slugs, views)
    pages = [council_page(view, content) for view in shown]
    return [
        Output(page.path, functools.partial(render_bytes, environment, page, templates), page.councils)
        for page in pages
    ]


def render_site(
    content: Content,
    templates: Path,
    static: Path,
    shard_pages: int = SHARD_PAGES,
    views: ViewCache | None = None,
    wholes: WholeProfiles = NO_SUMMARIES,
) -> list[Output]:
    """Every file of the site, each to be made on demand; raise ContentErrors when made if a template fails.
    `shard_pages`: how many profiles each shard of the search index holds (see search_index.py). `views`:
    the councils' views kept from the last build (the preview's), reused for profiles unchanged since.
    `wholes`: where the whole profile of each council loaded as a summary is (see load_with_cache),
    read back for the council's own page, feed and council.json."""
    keys = Keys(content, templates, static)
    files = static_files(static)
    files["schema/council.schema.json"] = schema_text().encode("utf-8")
    environment = prepared_environment(content, templates, files)
    councils = council_views(content.profiles, views)
    pages = site_pages(content, councils, shard_pages, wholes)
    check_templates(environment, {page.template for page in pages}, templates)
    outputs = [Output(path, lambda data=data: data, frozenset()) for path, data in sorted(files.items())]
    outputs.extend(
        Output(page.path, functools.partial(render_bytes, environment, page, templates), page.councils, keys)
        for page in pages
    )
    for path, make, slug in [*feeds(content.site, councils, wholes), *open_data(content, wholes)]:
        shown = None if slug is None else frozenset([slug])
        outputs.append(Output(path, make, shown, keys))
    outputs.append(Output(COUNCIL_DIRECTORY, lambda: directory(councils, shard_pages), None, keys))
    outputs.append(
        Output("sitemap.xml", lambda: sitemap(content.site.base_url, pages, content.last_updated), None, keys)
    )
    robots = robots_txt(content).encode()
    outputs.append(Output("robots.txt", lambda: robots, frozenset()))
    return outputs


def robots_txt(content: Content) -> str:
    """What search engines may index: everything of the site, nothing of a preview."""
    if content.preview:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\nSitemap: {content.site.base_url}sitemap.xml\n"


def render_bytes(environment: jinja2.Environment, page: Page, templates: Path) -> bytes:
    return render_page(environment, page, templates).encode("utf-8")


def sitemap(base_url: str, pages: list[Page], revisions: Mapping[str, Revision] | None = None) -> bytes:
    """Every page's absolute address (sitemaps.org protocol), with `lastmod`: when the councils it
    shows last changed, by an editor or an import (from git; never the build's own date, so the
    same content gives the same file). Pages that show no council have none."""
    updated = {
        slug: max(dates, key=lambda date: date.sort_key)
        for slug, revision in (revisions or {}).items()
        if (dates := [date for date in (revision.edited, revision.imported) if date])
    }
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.path):
        if page.in_sitemap:
            shown = updated.values() if page.councils is None else [updated[s] for s in page.councils if s in updated]
            latest = max(shown, key=lambda date: date.sort_key, default=None)
            lastmod = f"<lastmod>{latest.iso}</lastmod>" if latest else ""
            lines.append(f"  <url><loc>{xml_escape(page_url(base_url, page.url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_templates(environment: jinja2.Environment, names: set[str], templates: Path) -> None:
    """Compile every template (those the pages use, and those they import) before any page is
    made, so that every broken or missing template is reported at once, whichever page would
    have met it first; and so that worker processes inherit them compiled."""
    errors = []
    for name in sorted(names | set(environment.list_templates(extensions=["html"]))):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            path = display_path(Path(error.filename)) if error.filename else name
            errors.append(ContentError(path, error.lineno or 1, 1, f"template error: {error.message}"))
        except jinja2.TemplateNotFound as error:
            missing = error.name or name
            errors.append(
                ContentError(display_path(templates / missing), 1, 1, f"template error: {missing} is missing")
            )
        except jinja2.TemplateError as error:
            errors.append(ContentError(display_path(templates / name), 1, 1, f"template error: {error}"))
    if errors:
        raise ContentErrors(errors)


def render_page(environment: jinja2.Environment, page: Page, templates: Path) -> str:
    root = page.root or relative_root(page.path)
    context = {
        **page.values(),
        "page": page,
        "root": root,
        "canonical": page_url(environment.globals["site"].base_url, page.url),
    }
    try:
        return spell_out_first_use(environment.get_template(page.template).render(context))
    except jinja2.TemplateSyntaxError as error:
        path = display_path(Path(error.filename)) if error.filename else page.template
        raise ContentErrors([ContentError(path, error.lineno or 1, 1, f"template error: {error.message}")]) from None
    except jinja2.TemplateError as error:
        raise ContentErrors(
            [
                ContentError(
                    display_path(templates / page.template),
                    1,
                    1,
                    f"template error while rendering {page.path}: {error}",
                )
            ]
        ) from None


def page_url(base_url: str, url: str) -> str:
    return base_url + url if url else base_url


def link(root: str, target: str) -> str:
    """A relative link from a page (whose root prefix is `root`) to a site path."""
    return posixpath.normpath(root + target) + ("/" if target.endswith("/") else "")
