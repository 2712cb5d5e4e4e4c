"""Tables to CSV and XLSX, streamed: a million rows never sit in memory.

CSV is UTF-8 with a BOM (Excel then reads Chinese correctly); a cell that a spreadsheet would
take for a formula (=, +, -, @, and the tab / carriage return tricks) gets a leading apostrophe.
XLSX is openpyxl's write-only workbook (rows go to a temporary file as they come), with column
widths and number formats per column kind.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .registry import DAYS, DECIMAL, GRAMS, INT, MONEY, PCT, Column

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def inert(value) -> object:
    """A text cell a spreadsheet would evaluate is made plain text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value, kind: str):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if kind == PCT and isinstance(value, (int, float, Decimal)):
        return f"{Decimal(str(value)) * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return inert(str(value)) if not isinstance(value, (int, Decimal)) else value


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: list[Column], rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([str(c.label) for c in columns])
    kinds = [c.kind for c in columns]
    buffer = []
    for row in rows:
        buffer.append(writer.writerow([_plain(v, k) for v, k in zip(row, kinds, strict=False)]))
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def csv_response(filename: str, columns: list[Column], rows: Iterable[tuple]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


FORMATS = {INT: "#,##0", MONEY: "#,##0.00", DECIMAL: "#,##0.00", PCT: "0.0%", DAYS: "0.0", GRAMS: "#,##0.000"}
WIDTHS = {INT: 10, MONEY: 14, DECIMAL: 12, PCT: 9, DAYS: 9, GRAMS: 12}


def _width(column: Column) -> float:
    label = str(column.label)
    # A CJK character is about two Latin ones wide in Excel's default font.
    label_width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in label) + 2
    return max(label_width, WIDTHS.get(column.kind, 18))


def _cell(value, kind: str):
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, int, float, Decimal)):
        return value
    return inert(str(value))


def xlsx_file(title: str, columns: list[Column], rows: Iterable[tuple]):
    """The workbook written row by row into a temporary file; returns the open file at 0."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    kinds = [c.kind for c in columns]
    for row in rows:
        cells = []
        for value, kind in zip(row, kinds, strict=False):
            cell = WriteOnlyCell(sheet, value=_cell(value, kind))
            if kind in FORMATS and isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = FORMATS[kind]
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (handed to FileResponse, which closes it)
    book.save(out)
    out.seek(0)
    return out


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "report"


def xlsx_response(filename: str, title: str, columns: list[Column], rows: Iterable[tuple]) -> FileResponse:
    return FileResponse(xlsx_file(title, columns, rows), as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def table_rows(table) -> Iterator[tuple]:
    keys = [c.key for c in table.columns]
    for row in table.rows:
        yield tuple(row.get(k) for k in keys)
