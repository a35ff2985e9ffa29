"""Reading one Ofsted report PDF into structured facts, quoting Ofsted's words exactly.

Ofsted's reports are the record (see `data/ofsted-ilacs/README.md`): this package reads what a
report prints on its first pages (layout, fieldwork dates, publication date, lead inspector,
every judgement, the headline sentence), the opening of its summary and its list of what needs
to improve, and the whole text, so that every quote can be checked against it.

A report is read in three steps, a module each (`lines`, `paragraphs`, `facts`; `verbatim` checks quotes):

1. **Lines.** pypdfium2 (Google's PDFium) gives each page's text in reading order; for each
   line we ask PDFium where its first and last characters stand and how large and heavy the
   type is (a handful of calls a line, not one a character).
2. **Paragraphs.** Running headers and footers, page numbers, footnotes and footnote markers
   are dropped by where they stand and how small they are; lines are joined into paragraphs
   by the space between them, by a change of type, by bullets and numbering, and by whether
   the next word would have fitted on a short line (Ofsted's reports are ragged-right: a
   line ends early only where a paragraph ends). A paragraph cut by a page break is joined
   again. Every quote is taken from these paragraphs, so it is the report's words and
   punctuation exactly with only the layout undone.
3. **Facts.** The layout is recognised from the first page, and each layout's fields are
   read by the wording Ofsted prints. Anything that cannot be read with certainty is left
   empty, never guessed; a file that is not a report at all raises `UnreadableReport`.

Why PDFium (measured over all 493 shared reports, see `benchmarks/report_reader.md`): text
alone came out of all 493 in about 27 s of processor time with pypdfium2, against minutes with
pypdf and pdfplumber (both pure Python over the same content streams); its reading order
and spacing were as clean as theirs, and it is the only one of the three whose per-line
geometry costs little enough to strip headers, footers and footnotes by position.
"""

from .facts import Layout, ReportReading, read_report
from .lines import UnreadableReport
from .verbatim import contains_verbatim, normalise_space

__all__ = [
    "Layout",
    "ReportReading",
    "UnreadableReport",
    "contains_verbatim",
    "normalise_space",
    "read_report",
]
