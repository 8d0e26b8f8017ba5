"""Records to the feature table Splink compares: keys per name part, date parts, unit keys.

Everything here runs in Python once per distinct value, then the table goes
to the engine (DuckDB or Spark) as plain columns, so both engines compare
exactly the same features.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from homeward_core.linkage.dates import date_parts
from homeward_core.linkage.keys import keys_of
from homeward_core.linkage.records import LinkageError, Record
from homeward_core.linkage.units import unit_key
from homeward_core.names import Part

NAME_PARTS: dict[str, Part] = {"surname": "surname", "given_name": "given", "patronymic": "patronymic"}


def check_records(records: Sequence[Record], *, side: str) -> None:
    """Refuse a list with an empty or repeated record_id, naming the row."""
    seen: set[str] = set()
    for row, record in enumerate(records, start=1):
        if not isinstance(record, Record):
            raise LinkageError(f"{side} row {row}: expected a Record, got {type(record).__name__}")
        if not record.record_id.strip():
            raise LinkageError(f"{side} row {row}: record_id is empty")
        if record.record_id in seen:
            raise LinkageError(f"{side} row {row}: record_id {record.record_id!r} appears more than once")
        seen.add(record.record_id)


def feature_table(records: Sequence[Record]) -> pd.DataFrame:
    """One row per record, ``unique_id`` its position in ``records``; empty keys are NULL."""
    table: dict[str, object] = {"unique_id": range(len(records))}
    for field, part in NAME_PARTS.items():
        column = [getattr(r, field) for r in records]
        spelling, match, sound = keys_of(column, part)
        table[f"{field}_norm"] = spelling
        table[f"{field}_key"] = match
        table[f"{field}_sound"] = sound
        table[f"{field}_prefix"] = [key[:3] if field == "surname" else key[:2] for key in sound]
    table.update(_date_columns([r.date_of_birth for r in records]))
    units = _distinct([r.unit for r in records], unit_key)
    table["unit_key"] = [u[0] for u in units]
    table["unit_digits"] = [u[1] for u in units]
    frame = pd.DataFrame(table)
    return frame.replace("", None)


def _distinct(values: list[str], function):  # noqa: ANN001, ANN202 - a private helper over any key
    cache = {value: function(value) for value in set(values)}
    return [cache[value] for value in values]


def _date_columns(values: list[str]) -> dict[str, list[str]]:
    """dob (yyyy-mm-dd when complete), its day/month-swapped form, year, month, and its digits."""
    parts = _distinct(values, date_parts)
    columns: dict[str, list[str]] = {"dob": [], "dob_swapped": [], "dob_year": [], "dob_month": [], "dob_digits": [],
                                     "dob_day_month": []}
    for found in parts:
        year, month, day = found or ("", "", "")
        full = bool(day)
        columns["dob"].append(f"{year}-{month}-{day}" if full else "")
        columns["dob_swapped"].append(f"{year}-{day}-{month}" if full else "")
        columns["dob_year"].append(year)
        columns["dob_month"].append(month)
        columns["dob_digits"].append(year + month + day)
        columns["dob_day_month"].append(f"{month}-{day}" if full else "")
    return columns
