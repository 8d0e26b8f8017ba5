"""Tables written as CSV or XLSX, safe to open in a spreadsheet.

A text cell that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) is written with a leading apostrophe, so a hostile
name in another party's list can never execute on the exporter's machine
(OWASP "CSV injection"). Numbers stay numbers: only text is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def safe_cell(value: Any) -> Any:
    """Neutralise a text value a spreadsheet would treat as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell("" if value is None else value) for value in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(table: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The rows as CSV text, chunk by chunk, for a streaming response or a file."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel opens UTF-8 Cyrillic correctly
    for row in table:
        yield writer.writerow(safe_row(row))


def xlsx_bytes(table: Iterable[Iterable[Any]], *, sheet_name: str) -> bytes:
    """One sheet, every value a literal: openpyxl would store a text starting with "=" as a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    for row in table:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
