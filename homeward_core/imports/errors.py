"""The one exception an import raises: a rejected file, with a stable code and a sentence."""

from __future__ import annotations

from typing import Any

# Every code an import can raise, with what it means. The codes are stable ids:
# the web layer translates and explains them, tests and logs match on them.
ERROR_CODES: dict[str, str] = {
    "file.too_large": "the file is larger than the import accepts",
    "file.empty": "the file has no bytes at all",
    "file.unreadable": "the uploaded file could not be read from storage",
    "file.unsupported_format": "the file is a known non-table format (PDF, image, archive)",
    "file.nul_byte": "a text file contains NUL bytes (binary, or UTF-16 without a byte-order mark)",
    "encoding.unsupported": "the requested encoding is not one homeward reads",
    "encoding.undecodable": "the bytes are not text in the chosen or any supported encoding",
    "encoding.mixed": "some lines are UTF-8 and others are a legacy encoding",
    "encoding.mismatch": "the declared legacy encoding is clearly not the file's encoding",
    "csv.empty": "the CSV file has no header row",
    "csv.blank_column_name": "a CSV header cell is empty between named columns",
    "csv.duplicate_column": "two CSV header cells name the same column",
    "csv.too_many_columns": "a CSV row has more columns than allowed",
    "csv.too_many_rows": "the CSV file has more rows than allowed",
    "csv.cell_too_long": "a CSV cell is longer than allowed",
    "csv.line_too_long": "a CSV line is longer than allowed",
    "csv.ragged_row": "a CSV row has values beyond the last named column",
    "csv.malformed": "the CSV quoting is broken",
    "zip.truncated": "the archive is cut short or its directory is damaged",
    "zip.corrupt": "an archive member does not match its checksum or declared size",
    "zip.too_many_entries": "the archive has more members than a workbook needs",
    "zip.duplicate_entry": "two archive members have the same name",
    "zip.unsafe_path": "an archive member name is absolute or climbs out of the archive",
    "zip.encrypted": "an archive member is encrypted",
    "zip.unsupported_compression": "an archive member uses a compression method Excel does not",
    "zip.bomb": "the archive expands to far more data than it holds",
    "xlsx.encrypted": "a password-protected workbook or a legacy .xls (OLE container)",
    "xlsx.not_a_workbook": "the file is named or packed like a workbook but is not one",
    "xlsx.xml_dtd": "a workbook part declares a DTD or entities",
    "xlsx.empty": "the workbook has no worksheet or no header row",
    "xlsx.blank_column_name": "a worksheet header cell is empty between named columns",
    "xlsx.duplicate_column": "two worksheet header cells name the same column",
    "xlsx.too_many_columns": "a worksheet row has more columns than allowed",
    "xlsx.too_many_rows": "the worksheet has more rows than allowed",
    "xlsx.cell_too_long": "a worksheet cell is longer than allowed",
    "xlsx.ragged_row": "a worksheet row has values beyond the last named column",
    "xlsx.worker_limit": "reading the workbook needed more memory or time than allowed",
    "xlsx.unreadable": "the workbook is damaged in a way the reader cannot get past",
}


class ImportRejected(Exception):
    """A roster file homeward will not import, and why, in one sentence for the uploader.

    `code` is a stable id from ERROR_CODES; `line` is the 1-based line (CSV) or row
    (XLSX) where the problem was found, when there is one. `detail` is one line for
    operators' logs (what the XLSX reader said); it is never meant for the uploader.
    """

    def __init__(self, code: str, message: str, *, line: int | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ImportRejected(code={self.code!r}, line={self.line!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Background task queues pickle exceptions; the keyword-only line must survive.
        return (_rebuild, (self.code, self.message, self.line, self.detail))


def _rebuild(code: str, message: str, line: int | None, detail: str | None) -> ImportRejected:
    return ImportRejected(code, message, line=line, detail=detail)
