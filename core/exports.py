"""CSV downloads that stream and open in a spreadsheet with the right characters.

Rows are written as the response is sent, so an export of ten years holds
one row in memory at a time. The file starts with a byte-order mark and uses
CRLF line ends, which is what Excel needs to read UTF-8 (Arabic, Chinese,
accents) correctly; LibreOffice and other readers ignore the mark.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"


class _Line:
    """The csv writer's file: hands each written line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value):
    # A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """A streamed CSV download of ``rows`` under ``header``."""
    writer = csv.writer(_Line())

    def lines():
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """An Excel workbook of ``rows`` under ``header``, written row by row (openpyxl's
    write-only mode). Every text cell is typed as text, so a value beginning with ``=``
    is shown, never run as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cell(value):
        value = "" if value is None else value
        if isinstance(value, str):
            written = WriteOnlyCell(sheet, value=value)
            written.data_type = "s"  # openpyxl would read a leading "=" as a formula
            return written
        return WriteOnlyCell(sheet, value=value)

    sheet.append([cell(v) for v in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CsvExportMixin:
    """A list view's CSV twin: the same permission and filters, every row, streamed.

    The view defines ``csv_filename``, ``csv_header()`` and ``csv_row(obj)``.
    """

    csv_filename = "export.csv"

    def get(self, request, *args, **kwargs):
        rows = self.get_queryset().iterator(chunk_size=500)
        return csv_response(
            filename=self.csv_filename,
            header=self.csv_header(),
            rows=(self.csv_row(obj) for obj in rows),
        )
