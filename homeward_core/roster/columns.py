"""Roster columns: homeward's fields, the headers parties really use, and mapping between them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from homeward_core.said import Said, said

# Field -> headers seen in English, Ukrainian and Russian rosters.
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "external_ref": ("id", "record id", "ref", "reference", "roster id", "номер запису", "номер записи", "№"),
    "homeward_id": ("homeward id", "homeward_id"),
    "surname": ("surname", "last name", "family name", "прізвище", "фамилия"),
    "given_name": ("given name", "first name", "name", "імя", "имя"),
    "patronymic": ("patronymic", "fathers name", "middle name", "по батькові", "отчество"),
    "surname_latin": ("surname latin", "surname (latin)", "прізвище латиницею", "фамилия латиницей"),
    "given_name_latin": ("given name latin", "first name latin", "імя латиницею", "имя латиницей"),
    "patronymic_latin": ("patronymic latin", "по батькові латиницею", "отчество латиницей"),
    "birth_date": ("date of birth", "birth date", "dob", "born", "дата народження", "дата рождения"),
    "place_of_birth": ("place of birth", "birthplace", "місце народження", "место рождения"),
    "rank": ("rank", "звання", "військове звання", "звание", "воинское звание"),
    "service_number": ("service number", "personal number", "особистий номер", "личный номер", "жетон"),
    "unit": ("unit", "military unit", "військова частина", "вч", "воинская часть"),
    "nationality": ("nationality", "citizenship", "громадянство", "гражданство"),
    "mother_maiden_name": ("mothers maiden name", "дівоче прізвище матері", "девичья фамилия матери"),
    "next_of_kin": ("next of kin", "relatives", "найближчі родичі", "родичі", "ближайшие родственники", "родственники"),
    "legal_status": ("legal status", "status", "статус", "правовий статус", "правовой статус"),
    "captured_on": ("captured on", "date of capture", "дата полону", "дата захоплення", "дата пленения"),
    "captured_place": ("place of capture", "місце полону", "місце захоплення", "место пленения"),
    "detention_place": ("place of detention", "місце утримання", "место содержания"),
}
FIELDS = tuple(FIELD_HEADERS)
REQUIRED_FIELDS = ("surname", "given_name")

_PUNCT = re.compile(r"[^\w\s/№]", re.UNICODE)


def normalise_header(header: str) -> str:
    """Case-folded, without punctuation or apostrophes: "Ім'я" and "ІМЯ" meet."""
    text = unicodedata.normalize("NFC", header).casefold()
    text = _PUNCT.sub("", text).replace("/", "")
    return " ".join(text.split())


_KNOWN = {normalise_header(h): field for field, headers in FIELD_HEADERS.items() for h in headers}
_KNOWN.update({field: field for field in FIELDS})


class MappingError(ValueError):
    """The columns cannot be mapped; ``problems`` lists every reason (``said``: each as a wording id and values)."""

    def __init__(self, problems: Sequence[Said]) -> None:
        super().__init__("; ".join(problem.text for problem in problems))
        self.problems = tuple(problem.text for problem in problems)
        self.said = tuple(problems)


@dataclass(frozen=True)
class ColumnPlan:
    """Which column index feeds which field; columns mapped to nothing are ignored."""

    header: tuple[str, ...]
    field_index: Mapping[str, int]
    ignored: tuple[str, ...]


def suggest_mapping(header: Sequence[str], saved: Mapping[str, str] | None = None) -> dict[str, str]:
    """Header -> field for every column we recognise; a party's saved choices win."""
    saved_norm = {normalise_header(k): v for k, v in (saved or {}).items()}
    suggestion: dict[str, str] = {}
    for column in header:
        key = normalise_header(column)
        field = saved_norm.get(key) or _KNOWN.get(key)
        if field:
            suggestion[column] = field
    return suggestion


def plan_columns(header: Sequence[str], mapping: Mapping[str, str]) -> ColumnPlan:
    """Check a header -> field mapping against the file's header and the required fields."""
    problems: list[Said] = []
    field_index: dict[str, int] = {}
    positions = {column: index for index, column in enumerate(header)}
    for column, field in mapping.items():
        if not field:
            continue
        if field not in FIELD_HEADERS:
            problems.append(said("columns.unknown_field", f"column '{column}' is mapped to unknown field '{field}'",
                                 column=column, field=field))
        elif column not in positions:
            problems.append(said("columns.not_in_file", f"column '{column}' is not in the file", column=column))
        elif field in field_index:
            problems.append(said("columns.twice", f"field '{field}' is mapped from two columns", field=field))
        else:
            field_index[field] = positions[column]
    missing = [field for field in REQUIRED_FIELDS if field not in field_index]
    if missing:
        problems.append(said("columns.required_missing", "required column missing: " + ", ".join(missing),
                             fields=missing))
    if problems:
        raise MappingError(problems)
    ignored = tuple(column for column in header if not mapping.get(column))
    return ColumnPlan(tuple(header), field_index, ignored)
