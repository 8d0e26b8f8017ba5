"""Settings fail closed in production and need no configuration in development (docs/configuration.md)."""

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from homeward.lib.keys import local_key

SECRET = "s" * 60
STAGING = "k" * 60
PRINT_KEYS = "import homeward.settings as s; print(s.SECRET_KEY); print(s.HOMEWARD_IMPORT_STAGING_KEY)"


def _settings(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    """Load homeward.settings in a fresh process with only the given HOMEWARD_* variables."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("HOMEWARD_", "DJANGO_"))}
    env.update(HOMEWARD_DATA_DIR=str(tmp_path / "data"), **variables)
    return subprocess.run([sys.executable, "-c", PRINT_KEYS], env=env, capture_output=True, text=True, check=False)


def _production(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    return _settings(tmp_path, HOMEWARD_ENV="production", HOMEWARD_SECRET_KEY=SECRET,
                     HOMEWARD_ALLOWED_HOSTS="homeward.example", **variables)


def _refused(started: subprocess.CompletedProcess, variable: str) -> bool:
    return started.returncode != 0 and f"ImproperlyConfigured: {variable}" in started.stderr


def test_production_refuses_to_start_without_an_import_staging_key(tmp_path):
    assert _refused(_production(tmp_path), "HOMEWARD_IMPORT_STAGING_KEY")
    assert not (tmp_path / "data" / "keys").exists()


@pytest.mark.parametrize("key", ["too short", SECRET], ids=["short", "the secret key"])
def test_production_refuses_a_short_staging_key_or_the_secret_key(tmp_path, key):
    assert _refused(_production(tmp_path, HOMEWARD_IMPORT_STAGING_KEY=key), "HOMEWARD_IMPORT_STAGING_KEY")


def test_production_reads_the_staging_key_from_the_environment_or_a_file(tmp_path):
    assert _production(tmp_path, HOMEWARD_IMPORT_STAGING_KEY=STAGING).stdout.split() == [SECRET, STAGING]
    secret_file = tmp_path / "staging-key"
    secret_file.write_text(STAGING + "\n")
    started = _production(tmp_path, HOMEWARD_IMPORT_STAGING_KEY_FILE=str(secret_file))
    assert started.stdout.split() == [SECRET, STAGING]


def test_development_needs_no_configuration_and_keeps_one_staging_key_per_data_dir(tmp_path):
    first, again = _settings(tmp_path), _settings(tmp_path)
    assert first.returncode == 0, first.stderr
    secret, staging = first.stdout.split()
    assert again.stdout.split() == [secret, staging] and staging != secret
    key_file = tmp_path / "data" / "keys" / "import-staging.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _settings(tmp_path / "elsewhere").stdout.split()[1] != staging


def test_processes_starting_together_agree_on_one_key(tmp_path):
    path, keys = tmp_path / "keys" / "import-staging.key", []
    threads = [threading.Thread(target=lambda: keys.append(local_key(path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in path.parent.iterdir()] == ["import-staging.key"]


def test_a_key_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "import-staging.key"
    local_key(path)
    path.chmod(0o644)
    with pytest.raises(ImproperlyConfigured, match="owner only"):
        local_key(path)


@pytest.mark.parametrize("url", ["", "postgres://homeward:secret@127.0.0.1:5432/homeward"])
def test_database_connections_are_kept_between_requests_only_when_asked(monkeypatch, tmp_path, url):
    from homeward import settings

    monkeypatch.setenv("HOMEWARD_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    monkeypatch.delenv("HOMEWARD_DB_CONN_MAX_AGE", raising=False)
    assert settings._database(url)["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("HOMEWARD_DB_CONN_MAX_AGE", "60")
    assert settings._database(url)["CONN_MAX_AGE"] == 60


PRINT_CACHE = "import homeward.settings as s; print(s.CACHES['default']['BACKEND'])"


@pytest.mark.parametrize(("url", "variable", "backend"), [
    ("", "", "locmem.LocMemCache"),  # SQLite: each process's memory, no write lock taken to keep a figure
    ("postgres://homeward@127.0.0.1:5432/homeward", "", "db.DatabaseCache"),  # shared by every process
    ("postgres://homeward@127.0.0.1:5432/homeward", "memory", "locmem.LocMemCache"),
])
def test_figures_are_kept_in_a_table_every_process_shares_on_postgresql(tmp_path, url, variable, backend):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("HOMEWARD_", "DJANGO_"))}
    env.update(HOMEWARD_DATA_DIR=str(tmp_path), HOMEWARD_DATABASE_URL=url, HOMEWARD_CACHE=variable)
    if not variable:
        del env["HOMEWARD_CACHE"]
    shown = subprocess.run([sys.executable, "-c", PRINT_CACHE], env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == f"django.core.cache.backends.{backend}"


def test_an_unknown_cache_is_refused(tmp_path):
    assert _refused(_settings(tmp_path, HOMEWARD_CACHE="redis"), "HOMEWARD_CACHE")
