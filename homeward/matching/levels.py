"""The linkage engine's comparison levels in the reader's language.

homeward_core.linkage.model labels each level in English (the engine stores the label with each candidate's
contributions); the pages translate it through this table. A label missing here is shown as the engine wrote it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LEVELS = {
    "same name": _("same name"),
    "same spelling": _("same spelling"),
    "same name across scripts": _("same name across scripts"),
    "sounds the same": _("sounds the same"),
    "one letter different": _("one letter different"),
    "similar spelling": _("similar spelling"),
    "different name": _("different name"),
    "same date": _("same date"),
    "day and month swapped": _("day and month swapped"),
    "partial date agrees": _("partial date agrees"),
    "one digit mistyped": _("one digit mistyped"),
    "same year only": _("same year only"),
    "different date": _("different date"),
    "same unit": _("same unit"),
    "same unit number": _("same unit number"),
    "different unit": _("different unit"),
}


def level_label(level: object) -> str:
    text = str(level)
    return str(LEVELS.get(text, text))
