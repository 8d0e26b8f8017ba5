"""The sandboxed XLSX reader, run as `python -m homeward_core.imports.xlsx_worker`.

It limits its own memory and CPU before importing openpyxl or touching the file,
reads the first worksheet in read-only mode, and writes one JSON object per
non-empty row to stdout: {"row": <1-based row>, "cells": [<text>, ...]}. It ends
with {"done": true}, or with {"reject": <code>, "row": <row>} when the sheet breaks
one of the limits it was given. A crash here never takes the importer down with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import warnings
from collections.abc import Iterable, Sequence
from typing import IO, Any

EXIT_OK = 0
EXIT_OUT_OF_MEMORY = 3
EXIT_UNREADABLE = 4
# Rows past Excel's own last row only exist in forged sheets; openpyxl would fill the gap
# up to them one empty row at a time, so the worker stops there.
EXCEL_MAX_ROWS = 1_048_576


def main(argv: Sequence[str] | None = None) -> int:
    """Run the worker; the exit status tells the importer how it ended."""
    options = _parse_arguments(argv)
    # Limits go on before anything else runs (rather than through Popen's preexec_fn,
    # which can deadlock a threaded parent between fork and exec).
    _limit_resources(options.memory_bytes, options.cpu_seconds)
    try:
        return _read_first_sheet(options, sys.stdout.buffer)
    except MemoryError:
        os.write(2, b"MemoryError: the workbook needs more memory than allowed\n")
        return EXIT_OUT_OF_MEMORY
    except Exception as exc:  # noqa: BLE001 - the parent only needs "unreadable" and one line
        os.write(2, _one_line(exc).encode("utf-8", errors="replace") + b"\n")
        return EXIT_OUT_OF_MEMORY if _is_memory_exhaustion(exc) else EXIT_UNREADABLE


def _parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="xlsx_worker", add_help=False)
    parser.add_argument("path")
    parser.add_argument("--memory-bytes", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--max-rows", type=int, required=True)
    parser.add_argument("--max-columns", type=int, required=True)
    parser.add_argument("--max-cell-chars", type=int, required=True)
    return parser.parse_args(argv)


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # SIGXCPU at the soft limit ends the process; the hard limit is the SIGKILL backstop.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core dumps of roster data


def _read_first_sheet(options: argparse.Namespace, out: IO[bytes]) -> int:
    # openpyxl parses through defusedxml only when this is set before it is imported.
    os.environ["OPENPYXL_DEFUSEDXML"] = "True"
    # openpyxl warns about every unusual feature; a warnings filter set to "error" in the
    # environment must not turn a readable workbook into an unreadable one.
    warnings.simplefilter("ignore")
    import openpyxl  # type: ignore[import-untyped]

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml is not available; refusing to parse untrusted XML")
    # A file object, not the path: openpyxl judges a path by its extension, and the
    # stored upload's name is not the uploader's.
    with open(options.path, "rb") as source:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=False, keep_links=False)
        try:
            _stream_workbook(workbook, options, out)
        finally:
            workbook.close()
    out.flush()
    return EXIT_OK


def _stream_workbook(workbook: Any, options: argparse.Namespace, out: IO[bytes]) -> None:
    if not workbook.worksheets:
        _emit(out, {"reject": "xlsx.empty", "row": None})
        return
    sheet = workbook.worksheets[0]
    # The <dimension> element is the file's own claim; never size rows by it.
    sheet.reset_dimensions()
    _stream_rows(sheet.iter_rows(values_only=True), options, out)


def _stream_rows(rows: Iterable[Sequence[object]], options: argparse.Namespace, out: IO[bytes]) -> None:
    last_allowed_row = options.max_rows + 1  # the header is row 1
    for number, values in enumerate(rows, start=1):
        if number > max(last_allowed_row, EXCEL_MAX_ROWS):
            _emit(out, {"reject": "xlsx.too_many_rows", "row": number})
            return
        cells = row_texts(values)
        if not cells:
            continue
        rejection = _limit_broken(number, cells, options, last_allowed_row)
        if rejection is not None:
            _emit(out, {"reject": rejection, "row": number})
            return
        _emit(out, {"row": number, "cells": cells})
    _emit(out, {"done": True})


def _limit_broken(number: int, cells: list[str], options: argparse.Namespace, last_allowed_row: int) -> str | None:
    if number > last_allowed_row:
        return "xlsx.too_many_rows"
    if len(cells) > options.max_columns:
        return "xlsx.too_many_columns"
    if max(map(len, cells)) > options.max_cell_chars:
        return "xlsx.cell_too_long"
    return None


def row_texts(values: Iterable[object]) -> list[str]:
    """A row's cells as text, with the empty cells after the last value dropped."""
    cells = [cell_text(value) for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def cell_text(value: object) -> str:
    """One cell as the text a person sees; formulas stay formulas, never evaluated."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = getattr(value, "text", None)  # array and data-table formulas
    return text if isinstance(text, str) else str(value)


def _emit(out: IO[bytes], message: dict[str, Any]) -> None:
    # ASCII-only JSON: nothing in a cell can forge a line break or break the encoding.
    out.write(json.dumps(message, separators=(",", ":")).encode("ascii") + b"\n")


def _is_memory_exhaustion(exc: BaseException) -> bool:
    """Whether the worker failed for want of memory rather than because the file is damaged.

    Under RLIMIT_AS, loading an extension module fails with an ImportError and
    a decompressor with its own error, not MemoryError; so besides the
    messages, a failure after the process's address space reached the limit
    (its peak within 2 MB of it) counts as memory.
    """
    text = str(exc)
    if "failed to map segment" in text or "Cannot allocate memory" in text or "insufficient memory" in text:
        return True
    limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    peak = _peak_address_space()
    return limit != resource.RLIM_INFINITY and peak is not None and peak >= limit - 2 * 1024 * 1024


def _peak_address_space() -> int | None:
    """The process's peak virtual memory in bytes (Linux's VmPeak), or None where it is not known."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300]


if __name__ == "__main__":
    sys.exit(main())
