"""Checking one roster row against the identity core; every problem named by field."""

from __future__ import annotations

import dataclasses
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
from homeward_core.said import Said, said

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
    # The reason as a wording's id and its values, for pages in other languages; not part of equality.
    said: Said | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class RowCheck:
    """A checked row: the clean values if it passed, else its problems."""

    row: int
    values: dict[str, Any] | None
    problems: tuple[Problem, ...]


# Letters joined by single spaces or hyphens: most names, accepted without further work.
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")

# What one cell contributes: the values it sets, or the (field, reason) it is refused for.
CellProblem = tuple[str, Said] | None
CellResult = tuple[dict[str, Any], CellProblem]
CellCheck = Callable[[str], CellResult]


def _check_name(field: str, raw: str) -> CellResult:
    raw = raw.strip()
    if not raw:
        return {}, None
    if len(raw) <= NAME_LIMIT and _PLAIN_NAME.fullmatch(raw) and unicodedata.is_normalized("NFC", raw):
        return {field: raw}, None
    value = clean_name(raw)
    if len(value) > NAME_LIMIT:
        return {}, (field, _too_long(NAME_LIMIT))
    bad = invalid_name_characters(value)
    if bad:
        return {}, (field, said("roster.name_characters", f"contains characters not allowed in a name: {bad!r}",
                                characters=repr(bad)))
    return {field: value}, None


def _too_long(limit: int) -> Said:
    return said("roster.too_long", f"longer than {limit} characters", limit=limit)


def _check_text(field: str, limit: int, raw: str) -> CellResult:
    value = " ".join(raw.split()) if raw else ""
    if len(value) > limit:
        return {}, (field, _too_long(limit))
    return {field: value}, None


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
        problems: list[tuple[str, Said]] = []
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
            return RowCheck(row, None, tuple(Problem(row, field, why.text, why) for field, why in problems))
        out["name_script"] = detect_script(out["surname"] + out["given_name"] + out["patronymic"])
        return RowCheck(row, out, ())

    def _required(self, cells: Sequence[str], problems: list[tuple[str, Said]]) -> None:
        present = {field: i for field, i in self.names}
        for field in REQUIRED:
            i = present.get(field)
            if i is None or i >= len(cells) or not cells[i].strip():
                problems.append((field, said("roster.required", "is required")))


REQUIRED = ("surname", "given_name")


def check_row(row: int, cells: Sequence[str], plan: ColumnPlan, *, today: dt.date) -> RowCheck:
    """Turn one row's cells into clean declaration values, or say what is wrong with each."""
    return RowChecker(plan, today=today)(row, cells)


Problems = list[tuple[str, Said]]


def _special(check: Callable[[str, dt.date, dict[str, Any], Problems], None], today: dt.date,
             raw: str) -> CellResult:
    raw = raw.strip()
    out: dict[str, Any] = {}
    problems: Problems = []
    if raw:
        check(raw, today, out, problems)
    return out, problems[0] if problems else None


def _check_birth_date(raw: str, today: dt.date, out: dict[str, Any], problems: Problems) -> None:
    full = full_date_or_none(raw)
    if full is not None and dt.date(1900, 1, 1) <= full <= today:
        out["birth_year"], out["birth_month"], out["birth_day"] = full.year, full.month, full.day
        return
    try:
        date = parse_partial_date(raw, earliest=1900, latest=today.year)
    except DateError as exc:
        problems.append(("birth_date", exc.said))
        return
    full = date.as_date()
    if full is not None and full > today:
        problems.append(("birth_date", said("date.future", f"{full.isoformat()} is in the future",
                                            date=full.isoformat())))
        return
    out["birth_year"], out["birth_month"], out["birth_day"] = date.year, date.month, date.day


def _check_captured_on(raw: str, today: dt.date, out: dict[str, Any], problems: Problems) -> None:
    full = full_date_or_none(raw)
    if full is not None and full <= today:
        out["captured_on"] = full
        return
    try:
        out["captured_on"] = parse_full_date(raw, latest=today)
    except DateError as exc:
        problems.append(("captured_on", exc.said))


def _check_legal_status(raw: str, today: dt.date, out: dict[str, Any], problems: Problems) -> None:
    code = _STATUS_LOOKUP.get(" ".join(raw.casefold().split()))
    if code is None:
        problems.append(("legal_status", said(
            "roster.legal_status", f"'{raw}' is not a legal status (pow, civilian internee, other detainee, disputed)",
            text=raw)))
    else:
        out["legal_status"] = code


def _check_homeward_id(raw: str, today: dt.date, out: dict[str, Any], problems: Problems) -> None:
    try:
        out["homeward_id"] = uuid.UUID(raw)
    except ValueError:
        problems.append(("homeward_id", said("roster.homeward_id", f"'{raw[:40]}' is not a homeward id",
                                             text=raw[:40])))


SPECIAL_CHECKS: tuple[tuple[str, Callable[[str, dt.date, dict[str, Any], Problems], None]], ...] = (
    ("birth_date", _check_birth_date), ("captured_on", _check_captured_on),
    ("legal_status", _check_legal_status), ("homeward_id", _check_homeward_id),
)
