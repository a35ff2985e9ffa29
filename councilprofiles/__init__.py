"""Council Improvement Profiles: a static-site generator for councils' children's services.

The pipeline is load (content → model) → render (model → pages) → write (pages → site/).
"""
