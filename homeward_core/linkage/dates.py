"""Dates of birth as clerks write them: full, partial, either order, mistyped.

A date becomes its parts (year, month, day; month and day may be missing) so
that the comparison can tell "the same day", "day and month swapped", "one
digit mistyped" and "only the year is known and it agrees" apart.
"""

from __future__ import annotations

import re
from functools import cache

_DMY = re.compile(r"(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4})")
_YMD = re.compile(r"(\d{4})[./\-\s](\d{1,2})[./\-\s](\d{1,2})")
_MY = re.compile(r"(\d{1,2})[./\-\s](\d{4})")
_YM = re.compile(r"(\d{4})[./\-\s](\d{1,2})")
_Y = re.compile(r"(\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


@cache
def date_parts(text: str) -> tuple[str, str, str] | None:
    """(yyyy, mm, dd) with '' for unknown parts; None when the text holds no date at all.

    A day above 12 written where the month belongs is taken as swapped
    (31.12 and 12.31 are the same date). Impossible values are kept as
    written, because a mistyped digit is still evidence for a comparison.
    """
    text = text.strip()
    if not text:
        return None
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_COMPACT, "ymd")):
        found = pattern.fullmatch(text)
        if found:
            parts = dict(zip(order, found.groups(), strict=True))
            return _ordered(parts["y"], parts["m"], parts["d"])
    for pattern, order in ((_MY, "my"), (_YM, "ym")):
        found = pattern.fullmatch(text)
        if found:
            parts = dict(zip(order, found.groups(), strict=True))
            return parts["y"], parts["m"].zfill(2), ""
    found = _Y.fullmatch(text)
    return (found[1], "", "") if found else None


def _ordered(year: str, month: str, day: str) -> tuple[str, str, str]:
    if int(month) > 12 and int(day) <= 12:
        month, day = day, month
    return year, month.zfill(2), day.zfill(2)
