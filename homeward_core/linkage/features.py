"""Records to the feature table Splink compares: keys per name part, date parts, unit keys.

Everything here runs in Python once per distinct value, then the table goes
to the engine (DuckDB or Spark) as plain columns, so both engines compare
exactly the same features. A column is built as codes into its distinct
values: a million rows cost one pass to find the codes and a numpy take per
derived column, not a Python object per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from homeward_core.linkage.dates import date_parts
from homeward_core.linkage.keys import name_keys
from homeward_core.linkage.records import LinkageError, Record
from homeward_core.linkage.units import unit_key
from homeward_core.names import Part

NAME_PARTS: dict[str, Part] = {"surname": "surname", "given_name": "given", "patronymic": "patronymic"}
NAME_COLUMNS = ("norm", "key", "sound", "prefix", "skeleton")
DATE_COLUMNS = ("dob", "dob_swapped", "dob_year", "dob_month", "dob_digits", "dob_day_month")
UNIT_COLUMNS = ("unit_key", "unit_digits")


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
    """One row per record, ``unique_id`` its position in ``records``; empty features are NULL."""
    table: dict[str, object] = {"unique_id": np.arange(len(records), dtype=np.int64)}
    for field, part in NAME_PARTS.items():
        derived = _derive([getattr(r, field) for r in records], lambda value, p=part: name_keys(value, p))
        table.update({f"{field}_{name}": column for name, column in zip(NAME_COLUMNS, derived, strict=True)})
    table.update(zip(DATE_COLUMNS, _derive([r.date_of_birth for r in records], _date_features), strict=True))
    table.update(zip(UNIT_COLUMNS, _derive([r.unit for r in records], unit_key), strict=True))
    table.update(_blocking_keys(table))
    return pd.DataFrame(table)


def _blocking_keys(table: dict[str, object]) -> dict[str, np.ndarray]:
    """Keys only blocking rules use (model.PREDICTION_BLOCKING, model.THIN_BLOCKING).

    ``surname_initials`` is the surname sound key's first two letters, which
    a typo later in the surname leaves alone.

    ``names_sound`` is the surname and given name sound keys together;
    ``names_thin`` is the same, but only on a record with no birth date, or
    with neither patronymic nor unit: such a record shares no date, unit or
    patronymic with its match, so only its name can bring the two together.
    A rule joining one side's ``names_thin`` to the other's ``names_sound``
    costs little (few records are thin, and ``limit_thin_keys`` drops common
    names) where a rule on the name alone would compare every pair of namesakes.
    """
    surname, given = pd.Series(table["surname_sound"]), pd.Series(table["given_name_sound"])
    names = (surname + "|" + given).astype(object)
    names = names.where(names.notna(), None)  # a name part missing: no key
    undated = pd.isna(pd.Series(table["dob_year"]))
    bare = pd.isna(pd.Series(table["patronymic_sound"])) & pd.isna(pd.Series(table["unit_digits"]))
    thin = names.where(undated | bare, None)
    initials = surname.str[:2].astype(object)
    initials = initials.where(initials.notna(), None)
    return {"names_sound": names.to_numpy(), "names_thin": thin.to_numpy(), "surname_initials": initials.to_numpy()}


def _derive(values: list[str], features: Callable[[str], tuple[str, ...]]) -> list[np.ndarray]:
    """Each feature of each value, computed once per distinct value; '' becomes None (NULL)."""
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(value, len(index)) for value in values), dtype=np.int64,
                        count=len(values))
    rows = [features(value) for value in index]
    width = len(features(""))
    columns = []
    for position in range(width):
        distinct = np.empty(len(rows), dtype=object)
        distinct[:] = [row[position] or None for row in rows]
        columns.append(distinct[codes] if len(values) else np.empty(0, dtype=object))
    return columns


def _date_features(text: str) -> tuple[str, ...]:
    """dob (yyyy-mm-dd when complete), day/month swapped, year, month, digits, month-day."""
    year, month, day = date_parts(text) or ("", "", "")
    if not day:
        return "", "", year, month, year + month, ""
    return f"{year}-{month}-{day}", f"{year}-{day}-{month}", year, month, year + month + day, f"{month}-{day}"


# A thin record with more namesakes than this on the other list is not compared on its name alone.
MOST_NAMESAKES = 10


def limit_thin_keys(frames: list[pd.DataFrame], *, most: int = MOST_NAMESAKES) -> None:
    """Keep ``names_thin`` only where the name has at most ``most`` namesakes on the other list (in place).

    A thin record has nothing but its name to offer, so each namesake is as
    likely as the next to be its match: with k of them, none can reach more
    than 1/k once they compete (one-to-one linking), and the review queue
    could not tell them apart either. Comparing a thin Коваленко Олександр
    with the hundred Коваленко Олександр of a national list would cost a
    hundred comparisons and link nobody. With two lists, namesakes are
    counted on the other list; with one (duplicates), on the same list.
    """
    counts = [frame["names_sound"].value_counts() for frame in frames]
    for position, frame in enumerate(frames):
        other = counts[-1 - position] if len(frames) == 2 else counts[0] - 1
        namesakes = frame["names_thin"].map(other).fillna(0)
        frame["names_thin"] = frame["names_thin"].where(namesakes <= most, None)
