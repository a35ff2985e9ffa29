"""The editors' preview: build, serve, watch, rebuild what a save affects and reload the browser
(`preview`). It runs the pipeline; it adds only what a long-running server needs.
"""
