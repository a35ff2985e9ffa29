"""Text of a sample of Ofsted's reports with pypdfium2 (the reader's) and with pypdf (the pure-Python
library one would reach for instead): processor time each, the same reports, in one process.

    python benchmarks/pdf_libraries.py REPORTS_DIR [SAMPLE]    (needs pypdf installed beside pypdfium2)

See benchmarks/report_reader.md.
"""

import random
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pypdf
import pypdfium2

files = sorted(Path(sys.argv[1]).glob("*.pdf"))
random.Random(30).shuffle(files)
sample = files[: int(sys.argv[2]) if len(sys.argv) > 2 else 60]


def with_pdfium(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def with_pypdf(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


for name, read in (("pypdfium2 " + version("pypdfium2"), with_pdfium), ("pypdf " + version("pypdf"), with_pypdf)):
    start = time.process_time()
    chars = sum(len(read(path)) for path in sample)
    spent = time.process_time() - start
    print(
        f"{name}: {len(sample)} reports, {spent:.1f} s processor time "
        f"({1000 * spent / len(sample):.0f} ms a report), {chars} characters"
    )
