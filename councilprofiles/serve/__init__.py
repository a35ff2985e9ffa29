"""The editors' preview (`build.py serve`): build, serve, watch, rebuild what a save affects and
reload the browser. Every build is the pipeline's (`pipeline.rebuild_site`, `rebuild_councils`);
this package adds only what a long-running server needs, a module for each job:

`server` serves the site and the error page and watches the files; `live_reload` tells each open
tab when its page changed (with `page_swap.js`, the browser's side); `build_process` runs the
builds in a process of their own and supervises it; `rebuilds` decides what a save rebuilds and
keeps the state between rebuilds.
"""
