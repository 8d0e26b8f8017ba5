"""Settings for the test suite: the normal settings with HOMEWARD_ENV=test and private folders."""

import os
import tempfile

os.environ.setdefault("HOMEWARD_ENV", "test")
os.environ.setdefault("HOMEWARD_DATA_DIR", tempfile.mkdtemp(prefix="homeward-test-"))
os.environ.setdefault("HOMEWARD_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# Coordinators must enrol a second factor in real use; the suite's personas sign in with a password only,
# and tests/accounts/test_mfa.py turns the requirement on where it tests it. A user who has enrolled an
# authenticator is asked for a code whatever this says.
os.environ.setdefault("HOMEWARD_MFA_REQUIRED", "0")

from homeward.settings import *

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not shared-cache memory: threads and worker processes in the concurrency
    # and crash tests must see the same database with real locking and WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
