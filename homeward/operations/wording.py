"""The parity ledger in the reader's language.

homeward_core.ledger words its results in English, and those words are part of the signed protocol's
content (the same in every language, or a signature made on a Ukrainian page would not verify on an
English one). The pages say the same figures in the reader's language through these functions.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UNITS = {"people": gettext_lazy("people"), "units": gettext_lazy("units"),
         "privates' worth": gettext_lazy("privates' worth")}
PARITY_IN = "parity in "


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def owed_words(owed: Any) -> str:
    """“side a owes 3 people (quota)”, in the reader's language."""
    if owed.what == "quota":
        what = _("quota")
    elif owed.what == "parity":
        what = _("parity")
    elif owed.what.startswith(PARITY_IN):
        what = _("parity in %(category)s") % {"category": owed.what.removeprefix(PARITY_IN)}
    else:
        what = owed.what
    return _("side %(side)s owes %(amount)s %(unit)s (%(what)s)") % {
        "side": owed.side, "amount": _number(owed.amount), "unit": UNITS.get(owed.unit, owed.unit), "what": what}


def quota_words(ledger: Any, side: str) -> str:
    """“1,200 of at least 1,000”: the heads a side has handed over against its quota."""
    return _("%(heads)s of at least %(quota)s") % {"heads": _number(ledger.heads[side]),
                                                    "quota": _number(ledger.quota.get(side, 0))}
