"""Reading a CSV roster's records from its decoded text, lazily and within limits.

Cells are kept exactly as written: "=HYPERLINK(...)", "+1" and "@SUM(A1)" are a
party's data, not formulas, and nothing here evaluates or rewrites them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Generator, Iterator

from .errors import ImportRejected
from .limits import ImportLimits

Record = tuple[int, list[str]]

# Excel writes ',' in most locales but ';' in Ukrainian and Russian ones; registries use tabs.
DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 20
_QUOTED = re.compile(r'"[^"]*"')
# Physical lines ending in \r\n, \n or a lone \r (old Mac exports). str.splitlines()
# would also break at \x0b, \x1c, \u2028 and friends, which are data inside a CSV cell.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_MAX_BYTES_PER_CHAR = 4
_BLOCK_CHARS = 1024 * 1024
_END_OF_TEXT = "\x00"


def sniff_delimiter(text: str, *, max_chars: int = 64 * 1024) -> str:
    """The delimiter of the first lines: the one the header uses and the rows agree with."""
    lines = [line for line in text[:max_chars].splitlines()[:_SNIFF_LINES] if line.strip()]
    if not lines:
        return ","
    unquoted = [_QUOTED.sub("", line) for line in lines]

    def evidence(delimiter: str) -> tuple[bool, int, int]:
        in_header = unquoted[0].count(delimiter)
        agreeing = sum(1 for line in unquoted[1:] if line.count(delimiter) == in_header)
        return in_header > 0, agreeing, in_header

    best = max(DELIMITERS, key=evidence)
    return best if evidence(best)[0] else ","


def read_records(text: str, *, codec: str, limits: ImportLimits) -> Generator[Record, None, None]:
    """Yield (row number, cells) for every record, blank ones included, header first.

    The row number counts records the way a spreadsheet counts rows: a quoted
    value spanning several lines is still one row.
    """
    delimiter = sniff_delimiter(text, max_chars=limits.max_line_bytes)
    lines = _PhysicalLines(text, codec, delimiter, limits)
    reader = csv.reader(lines, delimiter=delimiter)
    max_columns, max_cell_chars = limits.max_columns, limits.max_cell_chars
    last_row, last_blank_row = limits.max_rows + 1, 2 * (limits.max_rows + 1)
    number = previous_line = 0
    try:
        # The hot loop of a million-row import: checks are inlined, and cell lengths are
        # only measured when a value could be long (a long line, or a multi-line record).
        for cells in reader:
            if lines.finished:
                if cells != [_END_OF_TEXT]:
                    raise _unclosed_quote(previous_line + 1)
                return
            number += 1
            if len(cells) > max_columns:
                raise _too_many_columns(number, len(cells), limits)
            if lines.block_has_long_line or reader.line_num - previous_line > 1:
                if max(map(len, cells), default=0) > max_cell_chars:
                    raise _cell_too_long(number, limits)
            previous_line = reader.line_num
            # Blank lines are skipped later but still cost time: they are bounded too.
            if number > last_row and (number > last_blank_row or any(cells)):
                raise _too_many_rows(number, limits)
            yield number, cells
    except csv.Error as exc:
        raise _malformed(reader.line_num, exc, limits) from None


class _PhysicalLines:
    """The text's lines with their endings, split in blocks by C code and length-checked.

    `block_has_long_line` tells the record loop whether the block being read holds a
    line longer than a cell may be; if not, no single-line record needs its cells measured.
    After the last line comes one sentinel line (a NUL, which decoding has already ruled
    out of the text): read as a record of its own, the file ended cleanly; swallowed
    into a value, a quote was never closed, which the csv module would silently accept.
    """

    def __init__(self, text: str, codec: str, delimiter: str, limits: ImportLimits) -> None:
        self.block_has_long_line = False
        self.finished = False
        self._lines = self._generate(text, codec, delimiter, limits)

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def __next__(self) -> str:
        return next(self._lines)

    def _generate(self, text: str, codec: str, delimiter: str, limits: ImportLimits) -> Iterator[str]:
        # Encoding a line to measure its bytes is only worth it when it might be too long.
        suspicious = limits.max_line_bytes // _MAX_BYTES_PER_CHAR
        first_line = 1
        for block in _blocks(text, max(_BLOCK_CHARS, limits.max_line_bytes + 1)):
            lines = _split_lines(block)
            longest = max(map(len, lines), default=0)
            if longest > suspicious:
                _check_line_lengths(lines, first_line, codec, delimiter, limits)
            self.block_has_long_line = longest > limits.max_cell_chars
            first_line += len(lines)
            yield from lines
        self.finished = True
        yield _END_OF_TEXT + "\n"


def _blocks(text: str, size: int) -> Iterator[str]:
    """About `size` characters of text at a time, ending at a line break where there is one.

    A block without any line break holds part of a line longer than `size` characters;
    `size` exceeds the line limit, so that line is refused whole and cutting it is harmless
    (and far cheaper than scanning a hostile 500 MB line for its end).
    """
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        end = min(start + size, end_of_text)
        if end < end_of_text:
            end = _block_end(text, start, end)
        yield text[start:end]
        start = end


def _block_end(text: str, start: int, end: int) -> int:
    newline = text.rfind("\n", start, end)
    if newline >= 0:
        return newline + 1
    carriage = text.rfind("\r", start, end - 1)  # a \r right at `end` may precede a \n
    if carriage >= 0:
        return carriage + 1
    return end


def _split_lines(block: str) -> list[str]:
    lines = block.splitlines(keepends=True)
    # splitlines() also breaks at \x0b, \x1c, \u2028 and friends, which are cell data in CSV;
    # counting the real breaks tells cheaply whether any of those are present.
    breaks = block.count("\n") + block.count("\r") - block.count("\r\n")
    if len(lines) == breaks or (len(lines) == breaks + 1 and not block.endswith(("\n", "\r"))):
        return lines
    return _LINE.findall(block)


def _check_line_lengths(lines: list[str], first_line: int, codec: str, delimiter: str, limits: ImportLimits) -> None:
    suspicious = limits.max_line_bytes // _MAX_BYTES_PER_CHAR
    for offset, line in enumerate(lines):
        if len(line) > suspicious and _byte_length(line, codec) > limits.max_line_bytes:
            raise _line_too_long(first_line + offset, line, delimiter, limits)


def _byte_length(line: str, codec: str) -> int:
    return len(line.encode(codec.removesuffix("-sig"), errors="replace"))


# ---- rejections -------------------------------------------------------------------------


def _too_many_rows(number: int, limits: ImportLimits) -> ImportRejected:
    return ImportRejected(
        "csv.too_many_rows",
        f"The CSV file has more than {limits.max_rows:,} data rows (row {number}). "
        "Split the roster into smaller files.",
        line=number,
    )


def _too_many_columns(number: int, count: int, limits: ImportLimits) -> ImportRejected:
    return ImportRejected(
        "csv.too_many_columns",
        f"Row {number} of the CSV file has {count:,} columns, more than the {limits.max_columns} "
        "allowed. Check that the file uses one delimiter and remove the unused columns.",
        line=number,
    )


def _cell_too_long(number: int, limits: ImportLimits) -> ImportRejected:
    return ImportRejected(
        "csv.cell_too_long",
        f"Row {number} of the CSV file has a value longer than {limits.max_cell_chars:,} "
        "characters. Check for a missing closing quote, or shorten the value.",
        line=number,
    )


def _line_too_long(number: int, line: str, delimiter: str, limits: ImportLimits) -> ImportRejected:
    # A giant line full of delimiters is a too-wide table: say so rather than "too long".
    delimiters = line.count(delimiter)
    if delimiters >= limits.max_columns:
        return _too_many_columns(number, delimiters + 1, limits)
    return ImportRejected(
        "csv.line_too_long",
        f"Line {number} of the CSV file is longer than {limits.max_line_bytes // 1024:,} KiB. "
        "Check for a missing line break or closing quote.",
        line=number,
    )


def _unclosed_quote(line: int) -> ImportRejected:
    return ImportRejected(
        "csv.malformed",
        f"A quoted value that starts on line {line} of the CSV file is never closed, so the rest "
        "of the file would be read as one value. Add the missing closing quote.",
        line=line,
    )


def _malformed(line: int, error: csv.Error, limits: ImportLimits) -> ImportRejected:
    if "field larger than field limit" in str(error):
        # The csv module's own ceiling on one value, reached when a quote never closes.
        return ImportRejected(
            "csv.cell_too_long",
            f"A value that ends near line {line} of the CSV file is longer than "
            f"{min(limits.max_cell_chars, csv.field_size_limit()):,} characters; "
            "a closing quote is probably missing.",
            line=line,
        )
    return ImportRejected(
        "csv.malformed",
        f"The CSV file’s quoting is broken near line {line}. "
        "Check the quotes around that line, or export the file again.",
        line=line,
    )
