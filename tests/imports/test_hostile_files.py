"""Hostile and malformed rosters through the real import service: a clear reason, nothing written.

The same catalogue of files that the core readers are tested with
(tests/core/imports/nasty_files.py) is uploaded by a party operator; each file
that the readers refuse leaves the batch rejected with a human sentence, no
declaration in the registry, and finishes within 5 seconds (of CPU: see tests/cost.py).
"""

import pytest

from homeward.registry import imports
from homeward.registry.models import Declaration
from tests.core.imports.nasty_files import CASES
from tests.cost import measured
from tests.imports.helpers import upload

REFUSED = [case for case in CASES if case.expected_code is not None and case.limits == type(case.limits)()]


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_a_hostile_file_is_rejected_with_a_reason_and_writes_nothing(world, case):
    with measured() as cost:
        try:
            batch, _ = upload(world.alice, world.party_a, case.make(), filename=case.filename,
                              encoding=case.encoding or "")
        except imports.ImportError_ as refused:  # refused at upload (an encoding nobody supports)
            reason = str(refused)
        else:
            batch = imports.import_check(batch=batch, acting_user=world.alice)
            assert batch.state == "rejected"
            reason = batch.file_error
    cost.assert_quick(case.name)
    assert reason and "Traceback" not in reason
    assert Declaration.objects.count() == 0


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 50
