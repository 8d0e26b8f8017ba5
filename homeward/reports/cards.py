"""The GC III forms of a held person, filled from the registry record as the reader may see it.

- The capture card (GC III Art. 70, model in Annex IV B): what a prisoner of war
  tells his family and the Central Prisoners of War Agency within a week of capture.
- The information bureau's record (GC III Art. 122, fourth paragraph, around the
  identity core of Art. 17): what the Detaining Power's bureau forwards about each
  prisoner, with the transfers, hospital stays and deaths of the fifth paragraph.

Every value comes from a scoped read: the record itself (only when the reader's
organisation may see it), its custody events through ``custody_events_for``
(another organisation's notes withheld) and its health records through
``health_records_for`` (medical officers and the mediator's working staff only;
everyone else sees the derived flags, as on the record's page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from homeward.accounts.scoping import (
    custody_events_for,
    get_declaration_for_user,
    health_records_for,
    require_actor,
)
from homeward.registry.choices import DeclarationKind


@dataclass(frozen=True)
class Field:
    number: str  # the item's number on the model form, "" where the form has none
    label: str
    value: str
    latin: str = ""  # a romanisation, shown beside names in their original script
    core: bool = False  # part of the Art. 17 identity core


@dataclass(frozen=True)
class Forms:
    declaration: Any
    capture_card: tuple[Field, ...]
    bureau: tuple[Field, ...]
    events: tuple[Any, ...]
    health: tuple[Any, ...]
    sees_health: bool


def _health_state(declaration: Any) -> str:
    """Item 11 of the card, from the derived flags every reader sees (the form's own words)."""
    states = []
    if declaration.ill:
        states.append(_("sick"))
    if declaration.seriously_wounded:
        states.append(_("seriously wounded"))
    return ", ".join(states) or _("good health, not wounded")


def forms_for(user: Any, public_id: Any) -> Forms:
    """The two forms of a held person the user may see; 404 for any other record."""
    declaration = get_declaration_for_user(user, public_id)
    if declaration.kind != DeclarationKind.HELD:
        raise Http404("Capture cards and bureau records are for people held.")
    actor = require_actor(user)
    d = declaration
    captured = ", ".join(part for part in (d.captured_on.isoformat() if d.captured_on else "", d.captured_place)
                         if part)
    card = (
        Field("1", _("Power on which the prisoner depends"), d.nationality),
        Field("2", pgettext("capture card field 2: the surname", "Name"), d.surname, d.surname_latin, core=True),
        Field("3", _("First names (in full)"), d.given_name, d.given_name_latin, core=True),
        Field("4", _("First name of father"), d.patronymic, d.patronymic_latin),
        Field("5", _("Date of birth"), d.birth_date_display, core=True),
        Field("6", _("Place of birth"), d.place_of_birth),
        Field("7", _("Rank"), d.rank, core=True),
        Field("8", _("Service number"), d.service_number, core=True),
        Field("9", _("Address of next of kin"), d.next_of_kin),
        Field("10", _("Taken prisoner on"), captured),
        Field("11", _("State of health"), _health_state(d)),
        Field("12", _("Present address: prisoner number, name of camp"),
              " · ".join(part for part in (d.external_ref, d.detention_place) if part)),
    )
    bureau = (
        Field("", _("Surname"), d.surname, d.surname_latin, core=True),
        Field("", _("First names"), d.given_name, d.given_name_latin, core=True),
        Field("", _("Father's first name"), d.patronymic, d.patronymic_latin),
        Field("", _("Rank"), d.rank, core=True),
        Field("", _("Army, regimental, personal or serial number"), d.service_number, core=True),
        Field("", _("Full date of birth"), d.birth_date_display, core=True),
        Field("", _("Place of birth"), d.place_of_birth),
        Field("", _("Power on which the prisoner depends"), d.nationality),
        Field("", _("Unit"), d.unit),
        Field("", _("Mother's maiden name"), d.mother_maiden_name),
        Field("", _("Person to be informed: name and address"), d.next_of_kin),
        Field("", _("Address for correspondence"), d.detention_place),
        Field("", _("Date and place of capture"), captured),
        Field("", _("Declared by"), d.party.name),
    )
    return Forms(d, card, bureau, tuple(custody_events_for(user, d)), tuple(health_records_for(user, d)),
                 actor.sees_health)
