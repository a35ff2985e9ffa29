"""Render, the pipeline's second stage: the validated model → the site's files, each made on demand.

`outputs` lists every file the site holds and makes each through Jinja (`render_site`); `views`
computes what each page shows (ordering, trends, labels, citations), so templates only present;
`fragments` and `charts` make the markup pages repeat most; `abbreviations` spells out a first
use; `feeds`, `open_data` and `search_index` make the Atom feeds, the JSON and CSV files, and
Pagefind's index.
"""
