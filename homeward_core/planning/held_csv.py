"""The held-person CSV of `homeward plan`, read into facts with errors that name the row and column.

Header: record_id,date_of_birth,captured_on,rank,legal_status,seriously_wounded,
ill,consents,held_for_proceedings,identity_confirmed. Dates yyyy-mm-dd (a year
or year-month alone is read as a partial date of birth); flags 0/1;
``consents`` blank while undecided, 0 for a refusal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from homeward_core.eligibility.facts import LEGAL_STATUSES, RANK_CLASSES, PartialDate, PersonFacts, rank_class
from homeward_core.imports.encodings import decode_text
from homeward_core.imports.errors import ImportRejected

HEADER = ("record_id", "date_of_birth", "captured_on", "rank", "legal_status", "seriously_wounded", "ill",
          "consents", "held_for_proceedings", "identity_confirmed")
MAX_BYTES = 512 * 1024 * 1024


class HeldFileError(ValueError):
    """A held-person file that cannot be planned from, naming the file, row and column."""


def read_held(data: bytes, *, side: str, name: str) -> list[PersonFacts]:
    if len(data) > MAX_BYTES:
        raise HeldFileError(f"{name}: larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        text, _ = decode_text(data, encoding=None)
    except ImportRejected as error:
        raise HeldFileError(f"{name}: {error}") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = tuple(cell.strip().lower() for cell in next(rows, []))
    if header != HEADER:
        raise HeldFileError(f"{name}: the header must be {','.join(HEADER)} (found {','.join(header)[:200]!r})")
    people, seen = [], set()
    for number, cells in _numbered(rows):
        if len(cells) != len(HEADER):
            raise HeldFileError(f"{name}, row {number}: {len(cells)} cells, expected {len(HEADER)}")
        facts = _facts(dict(zip(HEADER, (cell.strip() for cell in cells), strict=True)), side, f"{name}, row {number}")
        if facts.record_id in seen:
            raise HeldFileError(f"{name}, row {number}: record_id {facts.record_id!r} appears twice")
        seen.add(facts.record_id)
        people.append(facts)
    return people


def _numbered(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(rows, start=2):
            if any(cell.strip() for cell in cells):
                yield number, cells
    except csv.Error as error:
        raise HeldFileError(f"malformed CSV: {error}") from None


def _facts(row: dict[str, str], side: str, where: str) -> PersonFacts:
    if not row["record_id"]:
        raise HeldFileError(f"{where}, record_id: empty")
    status = row["legal_status"].lower()
    if status not in LEGAL_STATUSES and status != "":
        raise HeldFileError(f"{where}, legal_status: {status!r} is not one of {', '.join(LEGAL_STATUSES)}")
    rank = rank_class(row["rank"]) if row["rank"] else None
    if row["rank"] and rank is None:
        raise HeldFileError(f"{where}, rank: {row['rank']!r} is not one of {', '.join(RANK_CLASSES)}")
    return PersonFacts(
        record_id=row["record_id"], side=side, date_of_birth=_birth(row["date_of_birth"], where),
        captured_on=_day(row["captured_on"], f"{where}, captured_on"), rank_class=rank, legal_status=status,
        seriously_wounded=_flag(row, "seriously_wounded", where) is True, ill=_flag(row, "ill", where) is True,
        consents=_flag(row, "consents", where), held_for_proceedings=_flag(row, "held_for_proceedings", where) is True,
        identity_confirmed=_flag(row, "identity_confirmed", where) is True,
    )


def _flag(row: dict[str, str], column: str, where: str) -> bool | None:
    value = row[column]
    if value in ("", "0", "1"):
        return None if value == "" else value == "1"
    raise HeldFileError(f"{where}, {column}: {value!r} is not 0, 1 or blank")


def _day(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HeldFileError(f"{where}: {text!r} is not a date (yyyy-mm-dd)") from None


def _birth(text: str, where: str) -> PartialDate | None:
    if not text:
        return None
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) > 3 or len(text.split("-")[0]) != 4:
            raise ValueError
        return PartialDate(*parts)
    except (ValueError, TypeError):
        raise HeldFileError(f"{where}, date_of_birth: {text!r} is not a date (yyyy-mm-dd, yyyy-mm or yyyy)") from None
