"""Checking one roster row against the identity core; every problem named by field."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from homeward_core.names.script import clean_name, detect_script, invalid_name_characters
from homeward_core.roster.columns import ColumnPlan
from homeward_core.roster.dates import DateError, parse_full_date, parse_partial_date

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


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _check_name(field: str, raw: str, out: dict[str, Any], problems: list[str]) -> None:
    value = clean_name(raw)
    if len(value) > NAME_LIMIT:
        problems.append(f"{field}|longer than {NAME_LIMIT} characters")
        return
    bad = invalid_name_characters(value)
    if bad:
        problems.append(f"{field}|contains characters not allowed in a name: {bad!r}")
        return
    out[field] = value


def check_row(row: int, cells: Sequence[str], plan: ColumnPlan, *, today: dt.date) -> RowCheck:
    """Turn one row's cells into clean declaration values, or say what is wrong with each."""
    index = plan.field_index
    out: dict[str, Any] = {}
    problems: list[str] = []
    for field in NAME_FIELDS:
        raw = _cell(cells, index.get(field))
        if raw:
            _check_name(field, raw, out, problems)
        else:
            out[field] = ""
    for field in ("surname", "given_name"):
        if not _cell(cells, index.get(field)):
            problems.append(f"{field}|is required")
    for field, limit in TEXT_LIMITS.items():
        value = " ".join(_cell(cells, index.get(field)).split())
        if len(value) > limit:
            problems.append(f"{field}|longer than {limit} characters")
        out[field] = value
    _check_birth_date(_cell(cells, index.get("birth_date")), today, out, problems)
    _check_captured_on(_cell(cells, index.get("captured_on")), today, out, problems)
    _check_legal_status(_cell(cells, index.get("legal_status")), out, problems)
    _check_homeward_id(_cell(cells, index.get("homeward_id")), out, problems)
    if problems:
        found = tuple(Problem(row, *p.split("|", 1)) for p in problems)
        return RowCheck(row, None, found)
    out["name_script"] = detect_script(out["surname"] + out["given_name"] + out["patronymic"])
    return RowCheck(row, out, ())


def _check_birth_date(raw: str, today: dt.date, out: dict[str, Any], problems: list[str]) -> None:
    out["birth_year"] = out["birth_month"] = out["birth_day"] = None
    if not raw:
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
    out["captured_on"] = None
    if raw:
        try:
            out["captured_on"] = parse_full_date(raw, latest=today)
        except DateError as exc:
            problems.append(f"captured_on|{exc}")


def _check_legal_status(raw: str, out: dict[str, Any], problems: list[str]) -> None:
    if not raw:
        out["legal_status"] = "pow"
        return
    code = _STATUS_LOOKUP.get(" ".join(raw.casefold().split()))
    if code is None:
        problems.append(f"legal_status|'{raw}' is not a legal status (pow, civilian internee, other detainee, disputed)")
    else:
        out["legal_status"] = code


def _check_homeward_id(raw: str, out: dict[str, Any], problems: list[str]) -> None:
    out["homeward_id"] = None
    if raw:
        try:
            out["homeward_id"] = uuid.UUID(raw)
        except ValueError:
            problems.append(f"homeward_id|'{raw[:40]}' is not a homeward id")
