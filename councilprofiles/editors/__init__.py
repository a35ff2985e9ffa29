"""Tools for editors beside the pipeline: `new_council` starts a council's folder (`build.py
new`), `field_reference` writes the field reference in docs/content-format.md from the model.
"""
