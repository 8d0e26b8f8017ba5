"""Checking a roster a chunk of rows at a time, column by column.

A million-row roster has far fewer distinct cells than cells: ranks, units,
statuses, given names, patronymics and dates of birth repeat. The chunk
checker looks every cell of a column up in a memo of what that text checked
to (one C-level ``map`` over the column), checks only the texts it has not
met before, and hands the clean values on as columns, never as one dict per
row. A chunk in which anything is refused goes to the row checker instead,
so the problems reported are exactly the row checker's, row by row and field
by field; only clean chunks take the fast path.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from homeward_core.names.script import detect_script
from homeward_core.roster.columns import ColumnPlan
from homeward_core.roster.validate import (
    _DEFAULTS,
    TEXT_LIMITS,
    CellCheck,
    RowCheck,
    RowChecker,
    cell_checks,
)

MEMO_LIMIT = 50_000  # distinct texts remembered per column; past it, new texts are checked every time

# Every value of a clean row, in this order; captured_on is ISO text (or None) here.
FIELDS = (*_DEFAULTS, "name_script")
Row = tuple[int, Sequence[str]]


class _Refused:
    """What the memo holds for a text that fails its check (the row checker says why)."""

    def __repr__(self) -> str:
        return "<refused>"


REFUSED = _Refused()


@dataclass(frozen=True)
class CleanChunk:
    """Rows that all passed: their numbers, and each field's values as a column."""

    rows: tuple[int, ...]
    columns: dict[str, list[Any]]

    @classmethod
    def from_rows(cls, checks: Sequence[RowCheck]) -> CleanChunk:
        values = [check.values or {} for check in checks]
        columns: dict[str, list[Any]] = {field: [row[field] for row in values] for field in FIELDS}
        columns["captured_on"] = [_iso(date) for date in columns["captured_on"]]
        return cls(tuple(check.row for check in checks), columns)


@dataclass(frozen=True)
class ChunkCheck:
    """Either a clean chunk, or every row's own check (when any row was refused)."""

    clean: CleanChunk | None
    rows: tuple[RowCheck, ...] = ()


_MAY_BE_NONE = ("captured_on", "homeward_id", "legal_status")
_SCRIPTS = ("cyrl", "latn", "mixed", "")


def _combined(parts: tuple[str, ...]) -> str:
    cyrillic = any(part in ("cyrl", "mixed") for part in parts)
    latin = any(part in ("latn", "mixed") for part in parts)
    return "mixed" if cyrillic and latin else "cyrl" if cyrillic else "latn" if latin else ""


_COMBINED_SCRIPT = {parts: _combined(parts) for parts in itertools.product(_SCRIPTS, repeat=3)}


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date is not None else None


_SEPARATOR = "\x00"  # the readers refuse NUL in a cell; a cell holding one anyway only loses the shortcut
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace that is not a plain space


def _tidy_texts(texts: Sequence[str], limit: int) -> list[str] | None:
    """The column as it is, when every cell is already tidy and short enough; else None.

    Tidy means " ".join(cell.split()) would not change it: no whitespace at
    either end, none doubled, none but plain spaces. Each test is one C-level
    scan of the joined column.
    """
    if not texts:
        return []
    joined = _SEPARATOR.join(texts)
    untidy = ("  " in joined or " \x00" in joined or "\x00 " in joined or joined.startswith(" ")
              or joined.endswith(" ") or _OTHER_SPACE.search(joined) is not None)
    if untidy or joined.count(_SEPARATOR) != len(texts) - 1 or max(map(len, texts)) > limit:
        return None
    return list(texts)


class _MemoColumn:
    """One mapped column: the value each distinct text checks to, remembered up to MEMO_LIMIT.

    Free-text columns (references, service numbers, places) rarely repeat; for
    them a chunk whose cells are all tidy is taken as it is, with no memo.
    """

    __slots__ = ("field", "index", "value_of", "memo", "limit", "text_limit")

    def __init__(self, field: str, index: int, value_of: Callable[[str], Any], *, remember: bool) -> None:
        self.field, self.index, self.value_of = field, index, value_of
        self.memo: dict[str, Any] = {}
        self.limit = MEMO_LIMIT if remember else 0
        self.text_limit = TEXT_LIMITS.get(field)

    def values(self, texts: Sequence[str]) -> list[Any]:
        if self.text_limit is not None:
            tidy = _tidy_texts(texts, self.text_limit)
            if tidy is not None:
                return tidy
        found = list(map(self.memo.get, texts))
        if None in found:  # texts not met before (None is never a remembered value)
            memo = self.memo
            for i, value in enumerate(found):
                if value is None:  # looked up again: the same text may recur within the chunk
                    text = texts[i]
                    value = memo.get(text)
                    found[i] = self._check(text) if value is None else value
        return found

    def _check(self, text: str) -> Any:
        value = self.value_of(text)
        if len(self.memo) < self.limit:
            self.memo[text] = value
        return value


def _value_of(field: str, check: CellCheck) -> Callable[[str], Any]:
    """Turn a cell check into "the field's clean value, or REFUSED"; None-valued fields are boxed."""
    if field == "birth_date":
        def birth(text: str) -> Any:
            values, problem = check(text)
            return REFUSED if problem else (
                values.get("birth_year"), values.get("birth_month"), values.get("birth_day"))
        return birth
    default = _DEFAULTS[field]

    def value(text: str) -> Any:
        values, problem = check(text)
        if problem:
            return REFUSED
        found = values.get(field, default)
        if field == "captured_on":
            found = _iso(found)
        return (found,) if found is None else found  # the memo's "not met" is None, so box it
    return value


class ChunkChecker:
    """Checks chunks of (row number, cells) for one file's column plan."""

    def __init__(self, plan: ColumnPlan, *, today: dt.date) -> None:
        self.row_checker = RowChecker(plan, today=today)
        self.width = len(plan.header)
        # Homeward ids and free texts rarely repeat: remembering them would only cost memory.
        self.columns = tuple(
            _MemoColumn(field, index, _value_of(field, check),
                        remember=field != "homeward_id" and field not in TEXT_LIMITS)
            for field, index, check in cell_checks(plan, today=today)
        )
        # The script of surname + given name + patronymic, from the (remembered) script of each.
        self.scripts = tuple(_MemoColumn(field, -1, detect_script, remember=True)
                             for field in ("surname", "given_name", "patronymic"))

    def __call__(self, chunk: Sequence[Row]) -> ChunkCheck:
        numbers, cells = zip(*chunk, strict=True)
        if any(len(row) != self.width for row in cells):
            return self._by_rows(chunk)
        texts = list(zip(*cells, strict=True))
        found: dict[str, list[Any]] = {}
        for column in self.columns:
            values = column.values(texts[column.index])
            if REFUSED in values:
                return self._by_rows(chunk)
            found[column.field] = values
        columns = self._columns(found, len(chunk))
        if "" in columns["surname"] or "" in columns["given_name"]:
            return self._by_rows(chunk)
        scripts = (column.values(columns[column.field]) for column in self.scripts)
        columns["name_script"] = list(map(_COMBINED_SCRIPT.__getitem__, zip(*scripts, strict=True)))
        return ChunkCheck(CleanChunk(tuple(numbers), columns))

    def _columns(self, found: dict[str, list[Any]], size: int) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {}
        births = found.pop("birth_date", None)
        if births is not None:
            years, months, days = zip(*births, strict=True)
            columns["birth_year"], columns["birth_month"], columns["birth_day"] = list(years), list(months), list(days)
        for field in FIELDS:
            if field in found:
                values = found[field]
                if field in _MAY_BE_NONE and (None,) in values:
                    values = [None if value == (None,) else value for value in values]
                columns[field] = values
            elif field not in columns and field != "name_script":
                columns[field] = [_DEFAULTS[field]] * size
        return columns

    def _by_rows(self, chunk: Sequence[Row]) -> ChunkCheck:
        checks = tuple(self.row_checker(number, cells) for number, cells in chunk)
        if any(check.problems for check in checks):
            return ChunkCheck(None, checks)
        return ChunkCheck(CleanChunk.from_rows(checks))
