"""Write, the pipeline's last stage: rendered outputs → `site/`, all at once or not at all.

`site` writes the new site beside the old and swaps it in, reusing files that have not changed
(its manifest), so a failed build leaves the last good site untouched.
"""
