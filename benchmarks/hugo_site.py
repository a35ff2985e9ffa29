# ruff: noqa: E501  (Hugo templates below are kept one element per line)
"""The same synthetic councils as a Hugo site, so Hugo can be measured on equivalent pages:
one page per council (its timeline of inspections with grades and findings, milestones,
quotes, sources and the Markdown narrative) and a home page listing every council."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

LAYOUT_BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/style.css"></head><body><header><a href="/">Benchmark</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LAYOUT_HOME = """{{ define "main" }}<h1>Councils</h1><table>
{{ range .Site.RegularPages.ByTitle }}<tr><th><a href="{{ .RelPermalink }}">{{ .Title }}</a></th>
<td>{{ .Params.region }}</td><td>{{ with index .Params.inspections 7 }}{{ .judgements.overall_effectiveness }}{{ end }}</td></tr>
{{ end }}</table>{{ end }}
"""
LAYOUT_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
<ol>{{ range .Params.inspections }}<li id="{{ .id }}"><h3>{{ .start }}: {{ .type }}</h3>
<table>{{ range $area, $grade := .judgements }}<tr><th>{{ $area }}</th><td>{{ $grade }}</td></tr>{{ end }}</table>
<p>{{ .summary }}</p><ul>{{ range .strengths }}<li>{{ . }}</li>{{ end }}</ul>
<ul>{{ range .areas_to_improve }}<li>{{ . }}</li>{{ end }}</ul></li>{{ end }}
{{ range .Params.milestones }}<li id="{{ .id }}"><h3>{{ .date }}: {{ .title }}</h3><p>{{ .description }}</p></li>{{ end }}</ol>
<section>{{ .Content }}</section>
{{ range .Params.quotes }}<figure><blockquote>{{ .text }}</blockquote><figcaption>{{ .speaker }}, {{ .role }}</figcaption></figure>{{ end }}
<ol>{{ range .Params.sources }}<li id="{{ .id }}"><a href="{{ .url }}">{{ .title }}</a>. {{ .publisher }}, {{ .date }}.</li>{{ end }}</ol>
{{ end }}
"""


def write_hugo_site(content: Path, target: Path) -> None:
    (target / "layouts/_default").mkdir(parents=True, exist_ok=True)
    (target / "content/councils").mkdir(parents=True, exist_ok=True)
    (target / "static").mkdir(exist_ok=True)
    (target / "hugo.toml").write_text(
        'baseURL = "https://example.org/bench/"\ntitle = "Benchmark"\n'
        'disableKinds = ["taxonomy", "term", "section", "RSS", "sitemap", "robotsTXT", "404"]\n',
        encoding="utf-8",
    )
    (target / "layouts/_default/baseof.html").write_text(LAYOUT_BASE, encoding="utf-8")
    (target / "layouts/index.html").write_text(LAYOUT_HOME, encoding="utf-8")
    (target / "layouts/_default/single.html").write_text(LAYOUT_SINGLE, encoding="utf-8")
    (target / "layouts/_default/list.html").write_text(LAYOUT_HOME, encoding="utf-8")
    (target / "static/style.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
    for folder in sorted((content / "councils").iterdir()):
        facts = yaml.safe_load((folder / "council.yaml").read_text(encoding="utf-8"))
        front = {"title": facts.pop("name"), **facts}
        page = "---\n" + json.dumps(front, default=str) + "\n---\n" + (folder / "profile.md").read_text("utf-8")
        (target / "content/councils" / f"{folder.name}.md").write_text(page, encoding="utf-8")
