"""Settings for the test suite: the normal settings with HOMEWARD_ENV=test and private folders."""

import os
import tempfile

os.environ.setdefault("HOMEWARD_ENV", "test")
os.environ.setdefault("HOMEWARD_DATA_DIR", tempfile.mkdtemp(prefix="homeward-test-"))
os.environ.setdefault("HOMEWARD_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from homeward.settings import *  # noqa: E402,F403
