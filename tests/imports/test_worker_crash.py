"""`kill -9` of the import worker at random moments: after resuming, no row is lost or duplicated."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from homeward.registry import imports
from homeward.registry.models import Declaration, ImportBatch
from tests.conftest import build_world
from tests.imports.helpers import roster, upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROWS = 20_000


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker() -> subprocess.Popen:
    env = dict(os.environ, HOMEWARD_DATABASE_URL=_database_url(), HOMEWARD_DATA_DIR=str(settings.DATA_DIR),
               HOMEWARD_TASKS_BACKEND="django_tasks_db.DatabaseBackend", HOMEWARD_ENV="test")
    return subprocess.Popen([sys.executable, "-m", "homeward.cli", "worker", "--batch"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_worker_killed_mid_commit_resumes_without_losing_or_duplicating_rows(db):
    world = build_world()
    rows = [f"A-{n:06d},Коваленко,Олександр,Петрович,12.03.1999," for n in range(ROWS)]
    batch, _ = upload(world.alice, world.party_a, roster(*rows))
    batch = imports.import_check(batch=batch, acting_user=world.alice)
    imports.import_request_commit(batch=batch, acting_user=world.alice)
    rng, kills = random.Random(20260602), 0
    for _attempt in range(4):
        worker = _worker()
        time.sleep(rng.uniform(0.3, 2.5))
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            kills += 1
        worker.wait()
        worker.stderr.close()
        assert Declaration.objects.filter(source_batch=batch).count() in (0, ROWS)
    finisher = _worker()
    _, err = finisher.communicate(timeout=300)
    assert finisher.returncode == 0, err.decode()[-2000:]
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.state == "committed"
    assert Declaration.objects.filter(source_batch=batch).count() == ROWS
    assert Declaration.objects.filter(party=world.party_a).values("external_ref").distinct().count() == ROWS
    assert kills >= 1
