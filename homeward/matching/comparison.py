"""Two declarations side by side: each field as written, a romanisation beside Cyrillic, and whether they agree.

Name parts agree "across scripts" when their match keys are equal (Олександр,
Александр and Oleksandr share one); "close" is a similarity of at least
CLOSE. Dates agree exactly, with day and month swapped, or by year alone.
This is for the reviewer's eye; the score comes from the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.lib.romanisation import romanised
from homeward.matching.levels import level_label
from homeward.registry.models import Declaration
from homeward_core.names import match_key, similarity
from homeward_core.names.script import detect_script

CLOSE = 0.85
NAME_PARTS = (("surname", "surname", gettext_lazy("Surname")), ("given_name", "given", gettext_lazy("Given name")),
              ("patronymic", "patronymic", gettext_lazy("Patronymic")))
OTHER_FIELDS = (("rank", gettext_lazy("Rank")), ("service_number", gettext_lazy("Service number")),
                ("unit", gettext_lazy("Unit")), ("place_of_birth", gettext_lazy("Place of birth")))
AGREEMENT_LABELS = {"same": gettext_lazy("agree"), "close": gettext_lazy("close"), "differ": gettext_lazy("differ"),
                    "missing": gettext_lazy("not on both")}


@dataclass(frozen=True)
class FieldRow:
    field: str
    label: str
    left: str
    left_latin: str
    right: str
    right_latin: str
    agreement: str  # "same" | "close" | "differ" | "missing"
    note: str
    level: str  # the engine's comparison level, when it compared this field

    @property
    def agreement_label(self) -> str:
        return str(AGREEMENT_LABELS[self.agreement])


def _name_row(field: str, part: str, label: str, left: Declaration, right: Declaration, level: str) -> FieldRow:
    a, b = getattr(left, field), getattr(right, field)
    latin_a = romanised(a, getattr(left, f"{field}_latin"), left.party.record_language)
    latin_b = romanised(b, getattr(right, f"{field}_latin"), right.party.record_language)
    if not a or not b:
        agreement, note = "missing", ""
    elif match_key(a, part) == match_key(b, part):
        same_script = detect_script(a) == detect_script(b)
        agreement, note = "same", "" if a.casefold() == b.casefold() else (
            _("same name, other spelling") if same_script else _("same name across scripts"))
    else:
        score = similarity(a, b, part)
        agreement = "close" if score >= CLOSE else "differ"
        note = _("similarity %(score)s") % {"score": number_format(score, 2)}
    return FieldRow(field, label, a, latin_a, b, latin_b, agreement, note, level)


def _date_row(left: Declaration, right: Declaration, level: str) -> FieldRow:
    a, b = left.birth_date_display, right.birth_date_display
    if not a or not b:
        agreement, note = "missing", ""
    elif a == b:
        agreement, note = "same", ""
    elif (left.birth_year == right.birth_year and left.birth_day is not None and right.birth_day is not None
          and (left.birth_day, left.birth_month) == (right.birth_month, right.birth_day)):
        agreement, note = "close", _("day and month swapped")
    elif left.birth_year == right.birth_year:
        agreement, note = "close", _("same year")
    else:
        agreement, note = "differ", ""
    return FieldRow("date_of_birth", _("Date of birth"), a, "", b, "", agreement, note, level)


def _plain_row(field: str, label: str, left: Declaration, right: Declaration, level: str) -> FieldRow:
    a, b = getattr(left, field), getattr(right, field)
    if not a or not b:
        agreement = "missing"
    else:
        agreement = "same" if " ".join(a.casefold().split()) == " ".join(b.casefold().split()) else "differ"
    return FieldRow(field, label, a, "", b, "", agreement, "", level)


def compare(left: Declaration, right: Declaration, contributions: list[Mapping[str, Any]]) -> list[FieldRow]:
    """Every identity field of the two records, in one order, with the engine's level where it has one."""
    levels = {c["comparison"]: level_label(c["level"]) for c in contributions}
    rows = [_name_row(field, part, label, left, right, levels.get(field, ""))
            for field, part, label in NAME_PARTS]
    rows.append(_date_row(left, right, levels.get("date_of_birth", "")))
    rows.extend(_plain_row(field, label, left, right, levels.get(field, "")) for field, label in OTHER_FIELDS)
    return rows
