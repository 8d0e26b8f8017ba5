"""Reading an XLSX roster's rows through the sandboxed worker process.

openpyxl parses attacker-controlled XML; if that goes wrong (a memory blow-up, a
parser bug, an endless loop) it must go wrong in a child process with hard memory
and CPU limits, not in the web or task process. This module starts the worker,
streams its JSON lines as they come, re-checks every limit, and turns every way
the worker can end into either rows or an ImportRejected.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess  # nosec B404
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, Any, Self

from . import xlsx_worker
from .errors import ImportRejected
from .limits import ImportLimits

Record = tuple[int, list[str]]

_READ_SIZE = 64 * 1024
_STDERR_KEPT = 16 * 1024
# Worst case of one JSON line: every character of every cell escaped as \uXXXX.
_JSON_BYTES_PER_CHAR = 6
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def read_records(path: str, limits: ImportLimits) -> Generator[Record, None, None]:
    """Yield (row number, cells) for every non-empty row of the first worksheet.

    The worker starts on the first `next()` and is killed as soon as the iterator is
    closed or abandoned, so reading only the header costs no more than that.
    """
    with _Worker(path, limits) as worker:
        for message in worker.messages():
            if "cells" in message:
                yield _checked_record(message, limits)
            elif "reject" in message:
                raise _limit_rejection(message, limits)
            elif message.get("done") is True:
                worker.expect_clean_exit()
                return
            else:
                raise worker.unreadable("unexpected message from the worker")
        raise worker.failure()


def _checked_record(message: dict[str, Any], limits: ImportLimits) -> Record:
    """The worker checks the limits too; the importer does not rely on it."""
    number, cells = message.get("row"), message.get("cells")
    if not isinstance(number, int) or not isinstance(cells, list):
        raise _unreadable("malformed row from the worker")
    if not all(isinstance(cell, str) for cell in cells):
        raise _unreadable("malformed cell from the worker")
    if number > limits.max_rows + 1:
        raise _limit_rejection({"reject": "xlsx.too_many_rows", "row": number}, limits)
    if len(cells) > limits.max_columns:
        raise _limit_rejection({"reject": "xlsx.too_many_columns", "row": number}, limits)
    if cells and max(map(len, cells)) > limits.max_cell_chars:
        raise _limit_rejection({"reject": "xlsx.cell_too_long", "row": number}, limits)
    return number, cells


def _limit_rejection(message: dict[str, Any], limits: ImportLimits) -> ImportRejected:
    code = message.get("reject")
    row = message.get("row") if isinstance(message.get("row"), int) else None
    sentences = {
        "xlsx.empty": "The workbook has no worksheet. Put the roster on the first sheet and upload it again.",
        "xlsx.too_many_rows": (
            f"The worksheet has more than {limits.max_rows:,} data rows (row {row}). "
            "Split the roster into smaller files."
        ),
        "xlsx.too_many_columns": (
            f"Row {row} of the worksheet has more than {limits.max_columns} columns. "
            "Delete the unused columns and upload it again."
        ),
        "xlsx.cell_too_long": (
            f"Row {row} of the worksheet has a cell longer than {limits.max_cell_chars:,} characters. "
            "Shorten it and upload the file again."
        ),
    }
    if not isinstance(code, str) or code not in sentences:
        return _unreadable("unknown rejection from the worker")
    return ImportRejected(code, sentences[code], line=row)


def _unreadable(detail: str) -> ImportRejected:
    return ImportRejected(
        "xlsx.unreadable",
        "The workbook could not be read: its worksheet data is damaged or uses features "
        "homeward does not read. Open it in Excel, save it again as .xlsx and upload that.",
        detail=detail,
    )


class _Worker:
    """One run of the worker process: its output lines, its stderr, and its end."""

    def __init__(self, path: str, limits: ImportLimits) -> None:
        self._limits = limits
        # argv is this interpreter and this module, no shell
        self._process = subprocess.Popen(  # nosec B603
            _command(path, limits),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=_SOURCE_ROOT,
            env=_environment(),
            close_fds=True,
        )
        self._stderr = bytearray()
        self._waited = 0.0
        self._out_of_time = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the worker if it still runs, reap it, and close both pipes."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()

    def messages(self) -> Iterator[dict[str, Any]]:
        """Decoded JSON objects from the worker's stdout, one per line, as they arrive."""
        for line in self._lines():
            try:
                message = json.loads(line)
            except ValueError:
                raise self.unreadable("undecodable line from the worker") from None
            if not isinstance(message, dict):
                raise self.unreadable("non-object line from the worker")
            yield message

    def _lines(self) -> Iterator[bytes]:
        stdout, stderr = _pipe(self._process.stdout), _pipe(self._process.stderr)
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            selector.register(stderr, selectors.EVENT_READ)
            pending = b""
            while selector.get_map():
                for key in self._ready(selector):
                    chunk = os.read(key.fd, _READ_SIZE)
                    if not chunk:
                        selector.unregister(key.fd)
                    elif key.fd == stderr:
                        self._keep_stderr(chunk)
                    else:
                        lines = (pending + chunk).split(b"\n")
                        pending = lines.pop()
                        self._check_line_length(pending)
                        yield from lines

    def _ready(self, selector: selectors.BaseSelector) -> list[selectors.SelectorKey]:
        """Wait for output; only time spent waiting here counts against the worker."""
        budget = self._limits.xlsx_wait_seconds - self._waited
        started = time.monotonic()
        events = selector.select(timeout=max(budget, 0.0))
        self._waited += time.monotonic() - started
        if not events:
            self._out_of_time = True
            raise self.failure()
        return [key for key, _ in events]

    def _keep_stderr(self, chunk: bytes) -> None:
        room = _STDERR_KEPT - len(self._stderr)
        if room > 0:
            self._stderr += chunk[:room]

    def _check_line_length(self, pending: bytes) -> None:
        limits = self._limits
        longest = limits.max_columns * (limits.max_cell_chars * _JSON_BYTES_PER_CHAR + 3) + 256
        if len(pending) > longest:
            raise self.unreadable("oversized line from the worker")

    def expect_clean_exit(self) -> None:
        """After "done" the worker must exit 0; anything else means the run is suspect."""
        try:
            status = self._process.wait(timeout=max(self._limits.xlsx_wait_seconds - self._waited, 1.0))
        except subprocess.TimeoutExpired:
            self._out_of_time = True
            raise self.failure() from None
        if status != xlsx_worker.EXIT_OK:
            raise self.failure()

    def failure(self) -> ImportRejected:
        """Why the worker stopped without finishing: a resource limit, or an unreadable file."""
        self.close()
        status = self._process.returncode
        if self._out_of_time:
            return _worker_limit("took longer than allowed", self._last_stderr_line())
        if status == xlsx_worker.EXIT_OUT_OF_MEMORY or b"MemoryError" in self._stderr:
            return _worker_limit("needed more memory than allowed", self._last_stderr_line())
        if status is not None and status < 0:
            return _worker_limit(_signal_reason(-status), self._last_stderr_line())
        return self.unreadable(self._last_stderr_line() or f"worker exited with status {status}")

    def unreadable(self, detail: str) -> ImportRejected:
        self.close()
        return _unreadable(detail)

    def _last_stderr_line(self) -> str | None:
        lines = bytes(self._stderr).decode("utf-8", errors="replace").strip().splitlines()
        return lines[-1][:300] if lines else None


def _worker_limit(reason: str, detail: str | None) -> ImportRejected:
    return ImportRejected(
        "xlsx.worker_limit",
        f"Reading the workbook {reason}, so it was stopped. Delete unused sheets, columns and "
        "formatting, or save the roster as CSV, and upload it again.",
        detail=detail,
    )


def _signal_reason(number: int) -> str:
    if number == signal.SIGXCPU:
        return "took more processing time than allowed"
    if number == signal.SIGKILL:
        return "needed more memory or time than allowed"
    return "failed inside the reader"


def _pipe(stream: IO[bytes] | None) -> int:
    # narrows the type for the checker; true by construction above
    assert stream is not None  # nosec B101
    return stream.fileno()


def _command(path: str, limits: ImportLimits) -> list[str]:
    return [
        sys.executable,
        "-m",
        "homeward_core.imports.xlsx_worker",
        "--memory-bytes",
        str(limits.xlsx_memory_bytes),
        "--cpu-seconds",
        str(limits.xlsx_cpu_seconds),
        "--max-rows",
        str(limits.max_rows),
        "--max-columns",
        str(limits.max_columns),
        "--max-cell-chars",
        str(limits.max_cell_chars),
        "--",
        os.fspath(path),
    ]


def _environment() -> dict[str, str]:
    """The parent's environment, with homeward_core importable and openpyxl hardened."""
    environment = dict(os.environ)
    paths = [str(_SOURCE_ROOT), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    environment["OPENPYXL_DEFUSEDXML"] = "True"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment
