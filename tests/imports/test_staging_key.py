"""The checked rows staged between an import's check and its commit are authenticated with their own key."""

import pytest
from django.test import override_settings

from homeward.registry.imports import CommitRefused
from tests.imports.helpers import commit, roster, upload_and_check

ROWS = ("A-1,Коваленко,Олександр,Петрович,12.03.1999,", "A-2,Шевченко,Андрій,,1987,")


def test_rows_staged_under_another_staging_key_are_refused(world):
    batch = upload_and_check(world.alice, world.party_a, roster(*ROWS))
    with override_settings(HOMEWARD_IMPORT_STAGING_KEY="a different staging key " * 3), \
            pytest.raises(CommitRefused, match="altered on disk"):
        commit(world.alice, batch)


def test_the_secret_key_plays_no_part_in_the_staged_rows(world):
    batch = upload_and_check(world.alice, world.party_a, roster(*ROWS))
    with override_settings(SECRET_KEY="a rotated secret key " * 3):
        assert commit(world.alice, batch).state == "committed"
