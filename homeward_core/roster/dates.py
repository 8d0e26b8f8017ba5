"""Dates as rosters write them: dd.mm.yyyy, yyyy-mm-dd, and partial dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from homeward_core.said import Said, said


class DateError(ValueError):
    """A date cell that cannot be read; the message says why, and ``said`` says it as a wording id and values."""

    def __init__(self, sentence: Said) -> None:
        super().__init__(sentence.text)
        self.said = sentence


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (GC III lists often lack the day)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise DateError(said("date.day_without_month", "a day without a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(said("date.no_such_month", f"month {self.month} does not exist", month=self.month))
        if self.day is not None:
            if self.month is None:
                raise DateError(said("date.day_without_month", "a day without a month is not a date"))
            try:
                dt.date(self.year, self.month, self.day)
            except ValueError:
                written = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
                raise DateError(said("date.not_in_calendar", f"{written} is not a calendar date",
                                     date=written)) from None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


_FORMS = (
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
    (re.compile(r"^(\d{1,2})[./](\d{4})$"), ("month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), ("year", "month")),
    (re.compile(r"^(\d{4})$"), ("year",)),
)


_DMY = re.compile(r"(\d\d)\.(\d\d)\.(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def full_date_or_none(text: str) -> dt.date | None:
    """The common case in one step: a valid dd.mm.yyyy or yyyy-mm-dd, else None (use the parser)."""
    match = _DMY.fullmatch(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _YMD.fullmatch(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _fast_full(text: str) -> tuple[int, int, int] | None:
    """dd.mm.yyyy and yyyy-mm-dd without a regex: most roster dates take this path."""
    if len(text) != 10:
        return None
    if text[2] == "." and text[5] == "." and text[:2].isdigit() and text[3:5].isdigit() and text[6:].isdigit():
        return int(text[6:]), int(text[3:5]), int(text[:2])
    if text[4] == "-" and text[7] == "-" and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit():
        return int(text[:4]), int(text[5:7]), int(text[8:])
    return None


def parse_partial_date(text: str, *, earliest: int = 1900, latest: int | None = None) -> PartialDate:
    """Read ``dd.mm.yyyy``, ``yyyy-mm-dd``, ``mm.yyyy``, ``yyyy-mm`` or ``yyyy``."""
    text = text.strip()
    latest = latest if latest is not None else dt.date.today().year
    fast = _fast_full(text)
    if fast is not None:
        if not earliest <= fast[0] <= latest:
            raise DateError(_year_outside(fast[0], earliest, latest))
        return PartialDate(*fast)
    for pattern, parts in _FORMS:
        match = pattern.match(text)
        if match:
            values = dict(zip(parts, (int(group) for group in match.groups()), strict=True))
            year = values["year"]
            if not earliest <= year <= latest:
                raise DateError(_year_outside(year, earliest, latest))
            return PartialDate(year, values.get("month"), values.get("day"))
    raise DateError(said("date.unreadable", f"'{text}' is not a date (use dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy)",
                         text=text))


def _year_outside(year: int, earliest: int, latest: int) -> Said:
    return said("date.year_outside", f"year {year} is outside {earliest}–{latest}", year=year, earliest=earliest,
                latest=latest)


def parse_full_date(text: str, *, latest: dt.date | None = None) -> dt.date:
    """A full calendar date, not in the future."""
    partial = parse_partial_date(text, latest=(latest or dt.date.today()).year)
    full = partial.as_date()
    if full is None:
        raise DateError(said("date.not_full", f"'{text.strip()}' needs a day, month and year", text=text.strip()))
    if latest is not None and full > latest:
        raise DateError(said("date.future", f"{full.isoformat()} is in the future", date=full.isoformat()))
    return full
