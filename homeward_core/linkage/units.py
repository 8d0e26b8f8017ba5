"""Military unit designations in the forms people write them.

"в/ч А1234", "military unit A1234", "А-1234", "A 1234" and "1234" all name
unit A1234: the key is the Latin letter (Cyrillic look-alikes folded) followed
by the digits, and the digits alone are kept for units written without their letter.
"""

from __future__ import annotations

import re
from functools import cache

_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУаеімнорстху", "ABEKMHOPCTXYAEIMHOPCTXY")
_DESIGNATION = re.compile(r"(?:^|[^0-9A-Za-z])([A-Za-z])?[\s\-]*(\d{3,6})\b")


@cache
def unit_key(text: str) -> tuple[str, str]:
    """(letter + digits, digits); ("", "") when no unit number is written."""
    found = _DESIGNATION.search(" " + text.translate(_LOOKALIKES))
    if not found:
        return "", ""
    letter = (found[1] or "").upper()
    return letter + found[2], found[2]
