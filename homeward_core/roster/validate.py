"""Checking one roster row against the identity core; every problem named by field."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from homeward_core.names.script import clean_name, detect_script, invalid_name_characters
from homeward_core.roster.columns import ColumnPlan
from homeward_core.roster.dates import (
    DateError,
    full_date_or_none,
    parse_full_date,
    parse_partial_date,
)

NAME_FIELDS = ("surname", "given_name", "patronymic", "surname_latin", "given_name_latin",
               "patronymic_latin", "mother_maiden_name")
TEXT_LIMITS = {
    "place_of_birth": 200, "rank": 80, "service_number": 40, "unit": 120, "nationality": 80,
    "next_of_kin": 300, "captured_place": 200, "detention_place": 200, "external_ref": 64,
}
NAME_LIMIT = 120

LEGAL_STATUS_WORDS = {
    "pow": ("pow", "prisoner of war", "військовополонений", "военнопленный", "в/п"),
    "civilian_internee": ("civilian_internee", "civilian internee", "civilian", "цивільний",
                          "цивільна особа", "гражданский", "гражданское лицо", "интернированный"),
    "other_detainee": ("other_detainee", "other detainee", "detainee", "інший затриманий",
                       "затриманий", "задержанный", "иной задержанный"),
    "disputed": ("disputed", "спірний", "оспаривается", "спорный"),
}
_STATUS_LOOKUP = {word: code for code, words in LEGAL_STATUS_WORDS.items() for word in words}


@dataclass(frozen=True)
class Problem:
    """Why one cell of one row was refused."""

    row: int
    field: str
    reason: str


@dataclass(frozen=True)
class RowCheck:
    """A checked row: the clean values if it passed, else its problems."""

    row: int
    values: dict[str, Any] | None
    problems: tuple[Problem, ...]


# Letters joined by single spaces or hyphens: most names, accepted without further work.
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")

# What one cell contributes: the values it sets, or the "field|reason" it is refused for.
CellResult = tuple[dict[str, Any], str]
CellCheck = Callable[[str], CellResult]


def _check_name(field: str, raw: str) -> CellResult:
    raw = raw.strip()
    if not raw:
        return {}, ""
    if len(raw) <= NAME_LIMIT and _PLAIN_NAME.fullmatch(raw) and unicodedata.is_normalized("NFC", raw):
        return {field: raw}, ""
    value = clean_name(raw)
    if len(value) > NAME_LIMIT:
        return {}, f"{field}|longer than {NAME_LIMIT} characters"
    bad = invalid_name_characters(value)
    if bad:
        return {}, f"{field}|contains characters not allowed in a name: {bad!r}"
    return {field: value}, ""


def _check_text(field: str, limit: int, raw: str) -> CellResult:
    value = " ".join(raw.split()) if raw else ""
    if len(value) > limit:
        return {}, f"{field}|longer than {limit} characters"
    return {field: value}, ""


_DEFAULTS: dict[str, Any] = {
    **{field: "" for field in NAME_FIELDS}, **{field: "" for field in TEXT_LIMITS},
    "birth_year": None, "birth_month": None, "birth_day": None, "captured_on": None,
    # None: no status given. A new declaration is then a prisoner of war; a correction leaves it.
    "legal_status": None, "homeward_id": None,
}


def cell_checks(plan: ColumnPlan, *, today: dt.date) -> tuple[tuple[str, int, CellCheck], ...]:
    """(field, column index, check) for every mapped column, in the order problems are reported."""
    index = plan.field_index
    checks: list[tuple[str, int, CellCheck]] = [
        (f, index[f], functools.partial(_check_name, f)) for f in NAME_FIELDS if f in index
    ]
    checks += [(f, index[f], functools.partial(_check_text, f, limit)) for f, limit in TEXT_LIMITS.items()
               if f in index]
    checks += [(f, index[f], functools.partial(_special, check, today)) for f, check in SPECIAL_CHECKS
               if f in index]
    return tuple(checks)


class RowChecker:
    """check_row specialised to one file's columns: absent columns cost nothing per row."""

    def __init__(self, plan: ColumnPlan, *, today: dt.date) -> None:
        index = plan.field_index
        self.names = tuple((f, index[f]) for f in NAME_FIELDS if f in index)
        self.checks = tuple((i, check) for _field, i, check in cell_checks(plan, today=today))

    def __call__(self, row: int, cells: Sequence[str]) -> RowCheck:
        out = dict(_DEFAULTS)
        problems: list[str] = []
        width = len(cells)
        for i, check in self.checks:
            values, problem = check(cells[i] if i < width else "")
            if problem:
                problems.append(problem)
            else:
                out.update(values)
        if not out["surname"] or not out["given_name"]:
            self._required(cells, problems)
        if problems:
            return RowCheck(row, None, tuple(Problem(row, *p.split("|", 1)) for p in problems))
        out["name_script"] = detect_script(out["surname"] + out["given_name"] + out["patronymic"])
        return RowCheck(row, out, ())

    def _required(self, cells: Sequence[str], problems: list[str]) -> None:
        present = {field: i for field, i in self.names}
        for field in REQUIRED:
            i = present.get(field)
            if i is None or i >= len(cells) or not cells[i].strip():
                problems.append(f"{field}|is required")


REQUIRED = ("surname", "given_name")


def check_row(row: int, cells: Sequence[str], plan: ColumnPlan, *, today: dt.date) -> RowCheck:
    """Turn one row's cells into clean declaration values, or say what is wrong with each."""
    return RowChecker(plan, today=today)(row, cells)


def _special(check: Callable[[str, dt.date, dict[str, Any], list[str]], None], today: dt.date,
             raw: str) -> CellResult:
    raw = raw.strip()
    out: dict[str, Any] = {}
    problems: list[str] = []
    if raw:
        check(raw, today, out, problems)
    return out, problems[0] if problems else ""


def _check_birth_date(raw: str, today: dt.date, out: dict[str, Any], problems: list[str]) -> None:
    full = full_date_or_none(raw)
    if full is not None and dt.date(1900, 1, 1) <= full <= today:
        out["birth_year"], out["birth_month"], out["birth_day"] = full.year, full.month, full.day
        return
    try:
        date = parse_partial_date(raw, earliest=1900, latest=today.year)
    except DateError as exc:
        problems.append(f"birth_date|{exc}")
        return
    full = date.as_date()
    if full is not None and full > today:
        problems.append(f"birth_date|{full.isoformat()} is in the future")
        return
    out["birth_year"], out["birth_month"], out["birth_day"] = date.year, date.month, date.day


def _check_captured_on(raw: str, today: dt.date, out: dict[str, Any], problems: list[str]) -> None:
    full = full_date_or_none(raw)
    if full is not None and full <= today:
        out["captured_on"] = full
        return
    try:
        out["captured_on"] = parse_full_date(raw, latest=today)
    except DateError as exc:
        problems.append(f"captured_on|{exc}")


def _check_legal_status(raw: str, today: dt.date, out: dict[str, Any], problems: list[str]) -> None:
    code = _STATUS_LOOKUP.get(" ".join(raw.casefold().split()))
    if code is None:
        problems.append(f"legal_status|'{raw}' is not a legal status "
                        "(pow, civilian internee, other detainee, disputed)")
    else:
        out["legal_status"] = code


def _check_homeward_id(raw: str, today: dt.date, out: dict[str, Any], problems: list[str]) -> None:
    try:
        out["homeward_id"] = uuid.UUID(raw)
    except ValueError:
        problems.append(f"homeward_id|'{raw[:40]}' is not a homeward id")


SPECIAL_CHECKS: tuple[tuple[str, Callable[[str, dt.date, dict[str, Any], list[str]], None]], ...] = (
    ("birth_date", _check_birth_date), ("captured_on", _check_captured_on),
    ("legal_status", _check_legal_status), ("homeward_id", _check_homeward_id),
)
