"""The one entry point: an uploaded roster file in, its header and lazily read rows out.

    sniff (magic bytes) ─┬─ text ─► decode ─► CSV records ─┐
                         └─ zip ──► ZIP guard ─► XLSX worker ┴─► header check ─► rows

Everything here happens before any row is validated against the roster columns.
"""

from __future__ import annotations

import io
import os
import stat
import unicodedata
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from . import csv_table, xlsx_table
from .encodings import canonical_encoding, decode_text
from .errors import ImportRejected
from .limits import ImportLimits
from .sniff import sniff_container
from .zip_guard import check_workbook_archive

Format = Literal["csv", "xlsx"]
Record = tuple[int, list[str]]
Row = tuple[int, tuple[str, ...]]
RecordSource = Callable[[], Generator[Record, None, None]]

DEFAULT_LIMITS = ImportLimits()
_HEAD_BYTES = 4096
# Spreadsheet exports leave these around header names; none of them is ever meant.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060"


@dataclass(frozen=True)
class Table:
    """A roster file that passed every container, encoding and header check.

    `header` holds the column names as written (trimmed); `header_row` is the file
    row they are on (1 unless blank rows precede them). Rows are read lazily by
    `rows()` and can still be rejected mid-way (a too-long cell on row 90,000).
    """

    format: Format
    encoding: str | None
    header: tuple[str, ...]
    header_row: int
    _records: RecordSource = field(repr=False, compare=False)

    def rows(self) -> Iterator[Row]:
        """(row number in the file, cells) for every data row with a value, padded to the header.

        Each call reads the file again from the start. Raises ImportRejected while
        iterating if a later row breaks a limit.
        """
        return _data_rows(self._records(), self)


def open_table(
    path: str | os.PathLike[str],
    *,
    filename: str,
    encoding: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> Table:
    """Open an uploaded roster (CSV or XLSX, told apart by content, not by `filename`).

    `filename` is the name the uploader gave, used only for messages and to notice a
    renamed file; `encoding` forces a CSV encoding (None detects it).
    """
    canonical_encoding(encoding)  # an unsupported choice fails before any byte is read
    location = os.fspath(path)
    with _open_upload(location, limits) as file:
        head = file.read(_HEAD_BYTES)
        if sniff_container(head, filename=filename) == "zip":
            data = None
        else:
            data = head + file.read(limits.max_bytes + 1 - len(head))
    if data is None:
        check_workbook_archive(location, limits)
        return _table("xlsx", None, partial(xlsx_table.read_records, location, limits))
    return _open_csv(data, encoding, limits)


def _open_upload(location: str, limits: ImportLimits) -> io.FileIO:
    """Open the stored upload, refusing non-files and oversized files before reading."""
    try:
        # O_NONBLOCK: opening a FIFO planted at the path must fail the check, not hang.
        descriptor = os.open(location, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        raise _unreadable() from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise _unreadable()
    file = os.fdopen(descriptor, "rb", buffering=0)
    # narrows the type for the checker; true by construction above
    assert isinstance(file, io.FileIO)  # nosec B101
    if status.st_size > limits.max_bytes:
        file.close()
        raise ImportRejected(
            "file.too_large",
            f"The file is {status.st_size / 1024**2:,.0f} MiB, more than the "
            f"{limits.max_bytes / 1024**2:,.0f} MiB an import accepts. Split the roster into smaller files.",
        )
    if status.st_size == 0:
        file.close()
        raise ImportRejected("file.empty", "The file is empty (0 bytes). Upload the roster again.")
    return file


def _open_csv(data: bytes, encoding: str | None, limits: ImportLimits) -> Table:
    if len(data) > limits.max_bytes:  # the file grew after it was measured
        raise _unreadable()
    text, codec = decode_text(data, encoding=encoding)
    del data  # the text is all the rows need; halve the memory held while reading
    _reject_nul_characters(text)
    source = partial(csv_table.read_records, text, codec=codec, limits=limits)
    return _table("csv", codec, source)


def _reject_nul_characters(text: str) -> None:
    """UTF-16 files can encode U+0000; no cell may hold it (databases refuse it)."""
    position = text.find("\x00")
    if position >= 0:
        line = text.count("\n", 0, position) + 1
        raise ImportRejected(
            "file.nul_byte",
            f"The file contains a NUL character on line {line}. Export the roster again as CSV UTF-8 or as .xlsx.",
            line=line,
        )


def _table(format: Format, encoding: str | None, source: RecordSource) -> Table:
    header_row, cells = _first_nonblank_record(source(), format)
    header = _column_names(cells, format, header_row)
    return Table(format=format, encoding=encoding, header=header, header_row=header_row, _records=source)


def _first_nonblank_record(records: Generator[Record, None, None], format: Format) -> Record:
    # Closing the generator at once stops the XLSX worker after the header.
    with closing(records):
        for number, cells in records:
            if not _is_blank(cells):
                return number, cells
    kind = "CSV file" if format == "csv" else "first worksheet"
    raise ImportRejected(
        f"{format}.empty",
        f"The {kind} has no header row: it is empty or holds only blank rows. "
        "Put the column names in the first row and upload it again.",
    )


# ---- the header -------------------------------------------------------------------------


def _column_names(cells: list[str], format: Format, row: int) -> tuple[str, ...]:
    names = [cell.strip().strip(_INVISIBLE).strip() for cell in cells]
    while names and not names[-1]:
        names.pop()  # spreadsheets export trailing empty columns
    if "" in names:
        column = _column_label(names.index(""), format)
        raise ImportRejected(
            f"{format}.blank_column_name",
            f"Column {column} of the header (row {row}) has no name. "
            "Name it or delete the column, then upload the file again.",
            line=row,
        )
    _reject_duplicates(names, format, row)
    return tuple(names)


def _reject_duplicates(names: list[str], format: Format, row: int) -> None:
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        positions.setdefault(_comparable(name), []).append(index)
    repeated = [indexes for indexes in positions.values() if len(indexes) > 1]
    if not repeated:
        return
    described = "; ".join(
        f"“{_shown(names[indexes[0]])}” in columns " + " and ".join(_column_label(index, format) for index in indexes)
        for indexes in repeated[:3]
    )
    raise ImportRejected(
        f"{format}.duplicate_column",
        f"The header (row {row}) names the same column more than once, ignoring case and "
        f"spaces: {described}. Rename or delete the repeated columns.",
        line=row,
    )


def _comparable(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _column_label(index: int, format: Format) -> str:
    """Columns as the uploader sees them: 3 in a CSV file, C in a worksheet."""
    if format == "csv":
        return str(index + 1)
    label = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        label = chr(ord("A") + remainder) + label
    return label


def _shown(name: str) -> str:
    cleaned = "".join(char for char in name if char.isprintable())
    return cleaned if len(cleaned) <= 60 else cleaned[:59] + "…"


# ---- the rows ---------------------------------------------------------------------------


def _data_rows(records: Generator[Record, None, None], table: Table) -> Iterator[Row]:
    width = len(table.header)
    with closing(records):
        for number, cells in records:
            if number <= table.header_row or _is_blank(cells):
                continue
            if len(cells) > width:
                if any(cells[width:]):
                    raise _ragged(number, cells, width, table.format)
                del cells[width:]
            elif len(cells) < width:
                cells.extend([""] * (width - len(cells)))  # rows often stop at their last value
            yield number, tuple(cells)


def _is_blank(cells: list[str]) -> bool:
    """A row with no value but spaces is blank to whoever made the roster."""
    return not any(cells) or not any(map(str.strip, cells))


def _ragged(number: int, cells: list[str], width: int, format: Format) -> ImportRejected:
    extra = next(index for index in range(width, len(cells)) if cells[index])
    return ImportRejected(
        f"{format}.ragged_row",
        f"Row {number} has a value in column {_column_label(extra, format)}, after the last "
        "named column. Add a name for that column to the header or delete the value.",
        line=number,
    )


def _unreadable() -> ImportRejected:
    return ImportRejected(
        "file.unreadable",
        "The uploaded file could not be read. Upload it again.",
    )
