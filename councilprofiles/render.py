"""Render: the validated model → the site's files, as bytes keyed by output path.

Pages link to each other by relative URLs, so the same output works served from
a domain's root, from a sub-path such as `/profiles/`, or in preview. Only
canonical links use the absolute `base_url`.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

import jinja2

from .charts import GRADE_NAMES
from .errors import ContentError, ContentErrors
from .feeds import feeds
from .load import display_path
from .model import JUDGEMENT_AREAS, Content
from .opendata import CSV_COLUMNS, open_data
from .schema import schema_text
from .views import (
    CouncilView,
    compare,
    council_views,
    grade_counts,
    grade_scale,
    group_by_region,
    national_picture,
    site_timeline,
    visit_types,
)

STYLESHEET = "static/style.css"
SCRIPT = "static/browse.js"


@dataclass(frozen=True)
class Page:
    """One HTML page: where it goes, which template draws it, and what it shows."""

    path: str
    template: str
    context: dict[str, Any]
    root: str | None = None  # links from this page start here; by default, relative to its depth
    in_sitemap: bool = True

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


def site_pages(content: Content, councils: list[CouncilView]) -> list[Page]:
    """Every page of the site, with what it shows."""
    regions = group_by_region(councils)
    grade_options = [(rank, label) for rank, label in sorted(GRADE_NAMES.items())] + [(5, "No grade on record")]
    pages = [
        Page("index.html", "index.html", {"councils": councils, "regions": regions, "grade_options": grade_options}),
        Page("about/index.html", "about.html", {"grades": grade_scale(), "visit_types": visit_types()}),
        Page("national/index.html", "national.html", {"picture": national_picture(councils)}),
        Page("timeline/index.html", "timeline.html", {"years": site_timeline(councils)}),
        Page("search/index.html", "search.html", {}),
        Page("data/index.html", "data.html", {"columns": CSV_COLUMNS, "areas": JUDGEMENT_AREAS}),
        # Served for any missing address at any depth, so its links start from the site's path.
        Page("404.html", "404.html", {}, root=urlsplit(content.site.base_url).path or "/", in_sitemap=False),
    ]
    pages.extend(
        Page(
            f"regions/{group.region.slug}/index.html",
            "region.html",
            {"group": group, "counts": grade_counts([view.latest_overall for view in group.councils])},
        )
        for group in regions
    )
    pages.extend(council_page(view, content) for view in councils)
    pages.extend(
        Page(
            f"councils/{view.slug}/compare/index.html",
            "compare.html",
            {"view": view, "comparison": compare([view, *view.neighbours])},
        )
        for view in councils
        if view.neighbours
    )
    return pages


def council_page(view: CouncilView, content: Content) -> Page:
    site = content.site
    edit = f"{site.edit_url}{view.profile.council_path}" if site.edit_url else None
    context = {"view": view, "edit_url": edit, "last_updated": content.last_updated.get(view.slug)}
    return Page(f"councils/{view.slug}/index.html", "council.html", context)


def static_files(static: Path) -> dict[str, bytes]:
    """Our own assets, copied as they are, in a stable order."""
    files = {}
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    return files


def depends_on(page: Page, councils: set[str]) -> bool:
    """Whether a page shows anything of these councils: listing pages do, and council pages
    of the councils themselves and of those that name them as neighbours."""
    view = page.context.get("view")
    if not isinstance(view, CouncilView):
        return True
    return view.slug in councils or any(other.slug in councils for other in view.neighbours)


def render_site(
    content: Content, templates: Path, static: Path, changed_councils: set[str] | None = None
) -> dict[str, bytes]:
    """The whole site as {output path: bytes}; raise ContentErrors if a template fails.

    With `changed_councils`, only the pages that depend on those councils are rendered
    (the preview's fast path after a save).
    """
    files = static_files(static)
    files["schema/council.schema.json"] = schema_text().encode("utf-8")
    environment = make_environment(templates)
    environment.globals.update(
        site=content.site,
        stylesheet_version=hashlib.sha256(files.get(STYLESHEET, b"")).hexdigest()[:10],
        script_version=hashlib.sha256(files.get(SCRIPT, b"")).hexdigest()[:10],
        search_version=hashlib.sha256(files.get("static/search.js", b"")).hexdigest()[:10],
    )
    councils = council_views(content.profiles)
    pages = site_pages(content, councils)
    for page in pages:
        if changed_councils is not None and not depends_on(page, changed_councils):
            continue
        files[page.path] = render_page(environment, page, templates).encode("utf-8")
    files.update(feeds(content.site, councils, only=changed_councils))
    files.update(open_data(content, only=changed_councils))
    files["sitemap.xml"] = sitemap(content.site.base_url, pages)
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {content.site.base_url}sitemap.xml\n".encode()
    return files


def sitemap(base_url: str, pages: list[Page]) -> bytes:
    """Every page's absolute address (sitemaps.org protocol); no dates, so output stays deterministic."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.path):
        if page.in_sitemap:
            lines.append(f"  <url><loc>{xml_escape(page_url(base_url, page.url))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_page(environment: jinja2.Environment, page: Page, templates: Path) -> str:
    root = page.root or relative_root(page.path)
    context = {
        **page.context,
        "page": page,
        "root": root,
        "canonical": page_url(environment.globals["site"].base_url, page.url),
    }
    try:
        return environment.get_template(page.template).render(context)
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
