# ruff: noqa: E501  (Pelican templates below are kept one element per line, as hugo_site.py's are)
"""The same synthetic councils as a Pelican site, so Pelican, the Python generator a user of
ours would pick instead, can be measured on pages equivalent to Hugo's (`hugo_site.py`): one
page per council (its timeline of inspections with grades and findings, milestones, quotes,
sources and the Markdown narrative) and a home page listing every council.

Pelican's Markdown reader takes `Key: value` metadata lines, not structured front matter, so
each council's facts travel as one JSON line (`Data:`), as Hugo's site carries them as JSON
front matter, and a five-line plugin parses it once per page when Pelican reads the page
(the way Pelican sites add what Pelican does not do). Pelican's own defaults are kept
otherwise: its Markdown extensions, one process, no cache (a cold build).

    pip install pelican      # in the `bench` extra
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

SETTINGS = """\
AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["council_data"]
PAGE_PATHS = ["councils"]
ARTICLE_PATHS = []
PAGE_URL = "councils/{slug}/"
PAGE_SAVE_AS = "councils/{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
STATIC_PATHS = []
# Hugo's site makes no feeds, taxonomies, archives or author pages either.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
# Escaped like Hugo's templates: a value's markup shows as text.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
"""

PLUGIN = '''\
"""Each council's facts, parsed once from its page's JSON `Data:` line."""

import json

from pelican import signals


def parse_data(content):
    if "data" in content.metadata:
        content.council = json.loads(content.metadata["data"])


def register():
    signals.content_object_init.connect(parse_data)
'''

LAYOUT_BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="/theme/style.css"></head><body><header><a href="/">Benchmark</a></header>
<main>{% block main %}{% endblock %}</main></body></html>
"""
LAYOUT_HOME = """{% extends "base.html" %}{% block main %}<h1>Councils</h1><table>
{% for page in pages|sort(attribute="title") %}<tr><th><a href="/{{ page.url }}">{{ page.title }}</a></th>
<td>{{ page.council.region }}</td><td>{% if page.council.inspections|length > 7 %}{{ page.council.inspections[7].judgements.overall_effectiveness }}{% endif %}</td></tr>
{% endfor %}</table>{% endblock %}
"""
LAYOUT_PAGE = """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}{% set c = page.council %}<h1>{{ page.title }}</h1><p>{{ c.summary }}</p>
<ol>{% for i in c.inspections %}<li id="{{ i.id }}"><h3>{{ i.start }}: {{ i.type }}</h3>
<table>{% for area, grade in i.judgements|dictsort %}<tr><th>{{ area }}</th><td>{{ grade }}</td></tr>{% endfor %}</table>
<p>{{ i.summary }}</p><ul>{% for item in i.strengths %}<li>{{ item }}</li>{% endfor %}</ul>
<ul>{% for item in i.areas_to_improve %}<li>{{ item }}</li>{% endfor %}</ul></li>{% endfor %}
{% for m in c.milestones %}<li id="{{ m.id }}"><h3>{{ m.date }}: {{ m.title }}</h3><p>{{ m.description }}</p></li>{% endfor %}</ol>
<section>{{ page.content|safe }}</section>
{% for q in c.quotes %}<figure><blockquote>{{ q.text }}</blockquote><figcaption>{{ q.speaker }}, {{ q.role }}</figcaption></figure>{% endfor %}
<ol>{% for s in c.sources %}<li id="{{ s.id }}"><a href="{{ s.url }}">{{ s.title }}</a>. {{ s.publisher }}, {{ s.date }}.</li>{% endfor %}</ol>
{% endblock %}
"""


def write_pelican_site(content: Path, target: Path) -> None:
    """Write a Pelican project for the councils under `content` into `target`; build it with
    `pelican_command` from inside `target`."""
    (target / "theme/templates").mkdir(parents=True, exist_ok=True)
    (target / "theme/static").mkdir(parents=True, exist_ok=True)
    (target / "plugins").mkdir(parents=True, exist_ok=True)
    (target / "content/councils").mkdir(parents=True, exist_ok=True)
    (target / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    (target / "plugins/council_data.py").write_text(PLUGIN, encoding="utf-8")
    (target / "theme/templates/base.html").write_text(LAYOUT_BASE, encoding="utf-8")
    (target / "theme/templates/index.html").write_text(LAYOUT_HOME, encoding="utf-8")
    (target / "theme/templates/page.html").write_text(LAYOUT_PAGE, encoding="utf-8")
    (target / "theme/static/style.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
    for folder in sorted((content / "councils").iterdir()):
        facts = yaml.safe_load((folder / "council.yaml").read_text(encoding="utf-8"))
        title = facts.pop("name")
        header = f"Title: {title}\nSlug: {folder.name}\nData: {json.dumps(facts, default=str)}\n\n"
        narrative = (folder / "profile.md").read_text(encoding="utf-8")
        (target / "content/councils" / f"{folder.name}.md").write_text(header + narrative, encoding="utf-8")


def pelican_command(python: str, output: Path) -> list[str]:
    """Pelican's cold build of the project in the current folder into `output` (no content cache)."""
    return [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output), "--quiet"]
