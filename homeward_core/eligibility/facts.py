"""What the terms of an agreement may ask about a held person, as plain values.

The Django side turns a declaration (with its health flags, interview
outcome, custody events and identity confirmations) into ``PersonFacts``;
the command line turns a CSV row into the same. Nothing here knows where
the facts came from.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

SIDES = ("a", "b")

# Rank classes, junior to senior, as the 1862 Dix–Hill cartel grouped them.
RANK_CLASSES = (
    "private", "nco", "warrant", "lieutenant", "captain", "major", "lieutenant_colonel", "colonel",
    "brigadier_general", "major_general", "general",
)
# The cartel's scale of equivalents, in privates (general-in-chief 60 … private 1).
DIX_HILL_1862 = {
    "private": 1, "nco": 2, "warrant": 3, "lieutenant": 4, "captain": 6, "major": 8,
    "lieutenant_colonel": 10, "colonel": 15, "brigadier_general": 20, "major_general": 40, "general": 60,
}
LEGAL_STATUSES = ("pow", "civilian_internee", "other_detainee", "disputed")
MEDICAL_CATEGORIES = ("A1", "A2", "A3", "B", "C")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of birth as far as it is known: the year always, the month and day when given."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")
        if self.day is not None and self.month is not None:
            date(self.year, self.month, self.day)  # raises on 31 February

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)


@dataclass(frozen=True)
class PersonFacts:
    """One held person as the terms see them; ``side`` is the side that holds the person."""

    record_id: str
    side: str
    date_of_birth: PartialDate | None = None
    captured_on: date | None = None
    rank_class: str | None = None
    legal_status: str = ""
    seriously_wounded: bool = False
    ill: bool = False
    medical_category: str = ""
    consents: bool | None = None  # None: not interviewed or undecided; False: refuses
    held_for_proceedings: bool = False
    identity_confirmed: bool = False
    custody_place: str = ""

    def age_range_on(self, day: date) -> tuple[int, int] | None:
        """The youngest and oldest the person can be on ``day``, from what is known of the birth date."""
        if self.date_of_birth is None:
            return None
        return _age(self.date_of_birth.latest(), day), _age(self.date_of_birth.earliest(), day)

    def days_held_on(self, day: date) -> int | None:
        if self.captured_on is None:
            return None
        return max((day - self.captured_on).days, 0)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# Ranks as rosters write them (Ukrainian, Russian, English), folded to the cartel's classes.
_RANK_WORDS = (
    ("general", r"^(генерал|general)$|генерал[- ]?полковник|генерал армі|colonel general|army general"),
    ("major_general", r"генерал[- ]?лейтенант|генерал[- ]?майор|major general|lieutenant general"),
    ("brigadier_general", r"бригадн\w* генерал|brigadier"),
    ("lieutenant_colonel", r"підполковник|подполковник|lieutenant colonel|lt\.? ?col"),
    ("colonel", r"полковник|colonel"),
    ("major", r"майор|major"),
    ("captain", r"капітан|капитан|captain"),
    ("lieutenant", r"лейтенант|lieutenant|ensign"),
    ("warrant", r"прапорщик|warrant|мічман|мичман"),
    ("nco", r"сержант|старшина|sergeant|corporal|капрал|єфрейтор|ефрейтор"),
    ("private", r"солдат|рядов|матрос|private|soldier|seaman|стрілець|стрелок"),
)
_RANK_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in _RANK_WORDS)


@cache
def rank_class(rank: str) -> str | None:
    """The rank class of a rank as written ("старший лейтенант" → lieutenant), or None when unknown."""
    text = " ".join(rank.casefold().replace("-", " ").split())
    if text in RANK_CLASSES or text.replace(" ", "_") in RANK_CLASSES:
        return text.replace(" ", "_")
    for name, pattern in _RANK_PATTERNS:
        if pattern.search(text):
            return name
    return None
