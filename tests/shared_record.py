"""A record of party A carrying every kind of internal detail, shared with party B and a medical service."""

import datetime as dt

from homeward.registry.services import custody_event_record, declaration_correct, declaration_share
from tests.conftest import declare

# What must never reach another organisation (the mediator sees all but the note).
NOTE = "Source: phone intercept"
REASONS = ("rank per informant Petrenko", "import nco-held-2025-06.csv, row 7")
CUSTODY_NOTE = "moved at night by the Kursk route"
EDITORS = ("alice", "carol")


def shared_record(world):
    person = declare(world.alice, world.party_a, internal_note=NOTE, external_ref="A-7")
    person = declaration_correct(declaration=person, expected_version=1, changes={"rank": "сержант"},
                                 reason=REASONS[0], acting_user=world.carol)
    person = declaration_correct(declaration=person, expected_version=2,
                                 changes={"internal_note": NOTE + ", confirmed"},
                                 reason=REASONS[1], acting_user=world.alice)
    custody_event_record(declaration=person, kind="detained", occurred_on=dt.date(2024, 3, 9),
                         place="Detention centre 3", note=CUSTODY_NOTE, acting_user=world.alice)
    for organisation in (world.party_b, world.medical):
        declaration_share(declaration=person, organisation=organisation, purpose="request list",
                          acting_user=world.alice)
    return person


def leaks(text, *, mediator=False):
    """The internal details found in ``text``; the mediator may see all but the note."""
    secrets = (NOTE,) if mediator else (NOTE, *REASONS, CUSTODY_NOTE, *EDITORS)
    return [secret for secret in secrets if secret in text]
