"""Small real PDFs for upload tests (uploads are parsed, so a few bytes that start
with %PDF no longer pass)."""

import io

from pypdf import PdfWriter


def plain_pdf(padding: int = 0) -> bytes:
    """A one-page PDF with nothing active in it; ``padding`` bytes of comment make it larger."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if padding:
        data += b"%" + b"0" * padding + b"\n"
    return data
