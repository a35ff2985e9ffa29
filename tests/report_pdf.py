"""A one-page ILACS report made in the test, for text no real report holds: invisible and
hostile characters, which a PDF can carry through its font's ToUnicode map."""

from __future__ import annotations

# The first page of Trafford's 2019 report (file 50074947) as the reader needs it, its facts as
# printed there: council, title, dates, lead inspector, judgement table; then a summary, a line each.
HEADER = [
    (20.0, "Trafford"),
    (20.0, "Inspection of children's social care services"),
    (11.0, "Inspection dates: 4 March 2019 to 8 March 2019"),
    (11.0, "Lead inspector: Paula Thomson-Jones, Her Majesty's Inspector"),
    (11.0, "Judgement Grade"),
    (11.0, "The impact of leaders on social work practice with children and families Inadequate"),
    (11.0, "The experiences and progress of children who need help and protection Requires improvement to be good"),
    (11.0, "The experiences and progress of children in care and care leavers Requires improvement to be good"),
    (11.0, "Overall effectiveness Inadequate"),
]


def text_pdf(lines: list[tuple[float, float, float, str]]) -> bytes:
    """A valid one-page PDF showing each (x, y, size, text) line in Helvetica. Characters outside
    ASCII are given one-byte codes of their own, mapped to them by the font's ToUnicode map, so
    that text extraction returns exactly them."""
    specials = sorted({character for *_, text in lines for character in text if not " " <= character <= "~"})
    codes = {character: index + 1 for index, character in enumerate(specials)}
    if len(codes) > 31:
        raise ValueError("at most 31 characters outside ASCII")

    def encode(text: str) -> bytes:
        out = bytearray()
        for character in text:
            if character in codes:
                out.append(codes[character])
            else:
                out += (b"\\" if character in "()\\" else b"") + character.encode("ascii")
        return bytes(out)

    content = b"".join(
        b"BT /F1 %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, encode(text)) for x, y, size, text in lines
    )
    mapping = " ".join(f"<{code:02X}> <{ord(character):04X}>" for character, code in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Specials def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(codes)} beginbfchar {mapping} endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def trafford_report(summary: list[str]) -> bytes:
    """Trafford's 2019 first page with `summary` as its headline findings, one item a printed line."""
    header = [(57.0, 760.0 - 20 * index, size, text) for index, (size, text) in enumerate(HEADER)]
    body = [(57.0, 580.0 - 14 * index, 11.0, text) for index, text in enumerate(summary)]
    return text_pdf(header + body)
