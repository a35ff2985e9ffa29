"""Reviewing a change: `changes` says what it does to the site (two revisions built and compared),
`site_check` checks a built site as readers meet it (links, anchors, accessibility, HTML).
"""
