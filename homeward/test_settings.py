"""Settings for the test suite: the normal settings with HOMEWARD_ENV=test and private folders."""

import os
import tempfile

os.environ.setdefault("HOMEWARD_ENV", "test")
os.environ.setdefault("HOMEWARD_DATA_DIR", tempfile.mkdtemp(prefix="homeward-test-"))
os.environ.setdefault("HOMEWARD_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from homeward.settings import *

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not shared-cache memory: threads and worker processes in the concurrency
    # and crash tests must see the same database with real locking and WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
