"""Import Ofsted's published inspection record into the content: one council.yaml per council.

Three steps, a module each: `dataset` reads the CSV files (the inspection history and
the council lookup, see `data/ofsted-ilacs/README.md`), `merge` merges what they say
into `content/councils/<slug>/council.yaml` without touching what editors wrote, and
`importer` runs the two over every council and reports.
"""

from .dataset import ImportFailure
from .importer import ImportResult, import_ofsted

__all__ = ["ImportFailure", "ImportResult", "import_ofsted"]
