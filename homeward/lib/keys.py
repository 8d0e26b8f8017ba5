"""Keys a development or test installation makes for itself, one file per key.

Production takes every key from the environment and refuses to start without
it (homeward/settings.py). Elsewhere a key is generated on first use and kept
under the data directory, readable by its owner only, so no key is shared
between installations or published in the source.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50


def local_key(path: Path) -> str:
    """The key kept at ``path``; a new random one (mode 0600) when there is none yet."""
    if not path.exists():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        # A link appears complete and never replaces a key another process (the
        # web server and the worker start together) published first.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _read(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"{path} must be readable by its owner only: chmod 600 {path}")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(f"{path} holds no usable key; delete it and a new one is made")
    return key
