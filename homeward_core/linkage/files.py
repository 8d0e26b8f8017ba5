"""The CSV files of `homeward link`: lists in, one-to-one links out.

A list is UTF-8 (with or without a byte-order mark) with the header
``record_id,surname,given_name,patronymic,date_of_birth,unit`` in any order.
Anything else is refused with the problem named, before any linking starts.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from homeward_core.linkage.features import check_records
from homeward_core.linkage.records import FIELDS, LinkageError, Record

LINK_HEADER = ("left_id", "right_id", "match_probability")


def read_records(path: Path, *, side: str) -> list[Record]:
    """The rows of one list file; LinkageError naming the file and row for anything malformed."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LinkageError(f"{path.name}: cannot be read ({error.strerror})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LinkageError(f"{path.name}: not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                           "save it as UTF-8") from error
    if not text.strip():
        raise LinkageError(f"{path.name}: the file is empty; expected the header {','.join(FIELDS)}")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(rows)]
    if sorted(header) != sorted(FIELDS):
        raise LinkageError(f"{path.name}: the header is {','.join(header)!r}; expected {','.join(FIELDS)}")
    order = [header.index(field) for field in FIELDS]
    records = []
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(FIELDS):
            raise LinkageError(f"{path.name} line {line}: {len(row)} fields; expected {len(FIELDS)}")
        records.append(Record(*(row[i].strip() for i in order)))
    if not records:
        raise LinkageError(f"{path.name}: no rows after the header")
    try:
        check_records(records, side=path.name)
    except LinkageError as error:
        raise LinkageError(str(error).replace(" row ", " data row ", 1)) from None
    return records


def write_links(path: Path, links: Iterable[tuple[str, str, float]]) -> None:
    """Write the links all at once: a temporary file renamed into place, so a failure leaves nothing."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(LINK_HEADER)
            writer.writerows((left, right, f"{probability:.6f}") for left, right, probability in links)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_records(path: Path, records: Iterable[Record]) -> None:
    """A list file in the format ``read_records`` takes (for generated benchmark and test data)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        writer.writerows((r.record_id, r.surname, r.given_name, r.patronymic, r.date_of_birth, r.unit)
                         for r in records)
