"""Corrections make versions; a stale version is a conflict that names what changed."""

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.registry.services import VersionConflict, declaration_correct
from tests.conftest import declare


def test_a_correction_keeps_the_old_state_as_a_version(world):
    person = declare(world.alice, world.party_a, rank="солдат")
    fixed = declaration_correct(declaration=person, expected_version=1, changes={"rank": "сержант"},
                                reason="rank confirmed by unit", acting_user=world.carol)
    assert (fixed.version, fixed.rank, fixed.updated_by) == (2, "сержант", world.carol)
    old = fixed.versions.get()
    assert (old.version, old.snapshot["rank"], old.changed_fields) == (1, "солдат", ["rank"])
    assert (old.recorded_by, old.superseded_by, old.reason) == (world.alice, world.carol, "rank confirmed by unit")


def test_a_stale_version_is_refused_and_says_what_changed(world):
    person = declare(world.alice, world.party_a)
    declaration_correct(declaration=person, expected_version=1, changes={"unit": "в/ч А0001"},
                        reason="unit", acting_user=world.carol)
    with pytest.raises(VersionConflict) as conflict:
        declaration_correct(declaration=person, expected_version=1, changes={"rank": "майор"},
                            reason="rank", acting_user=world.alice)
    assert conflict.value.changed_fields == ["unit"]
    assert conflict.value.changed_by == "carol"
    person.refresh_from_db()
    assert (person.version, person.rank) == (2, "")


def test_the_other_party_cannot_correct_a_record(world):
    person = declare(world.alice, world.party_a)
    for intruder in (world.bob, world.mara, world.medic, world.otto):
        with pytest.raises(NotAllowed):
            declaration_correct(declaration=person, expected_version=1, changes={"rank": "x"},
                                reason="r", acting_user=intruder)
