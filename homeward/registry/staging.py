"""Checked rows kept between an import's dry run and its commit.

The check parses and validates every row once and stages the clean values
here; the commit then writes them without parsing or validating the file a
second time (it re-checks only what the registry may have changed since:
roster references and record ownership). The staged file is authenticated
with an HMAC keyed from the secret key and verified before a byte of it is
unpickled, so a file altered on disk is refused, never loaded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

_NAME = re.compile(r"[0-9a-f-]{36}\.[0-9a-f]{16}")
# One chunk of checked rows, as homeward.registry.import_checking.staged_frame makes it.
StagedFrame = dict[str, Any]


class StagingInvalid(Exception):
    """The staged rows are missing or do not match their authentication code."""


def _key() -> bytes:
    return hashlib.sha256(b"homeward.import.staging\x00" + settings.HOMEWARD_IMPORT_STAGING_KEY.encode()).digest()


def _new_mac(name: str) -> hmac.HMAC:
    """The code covers the run's name too: one batch's rows cannot be passed off as another's."""
    mac = hmac.new(_key(), digestmod=hashlib.sha256)
    mac.update(name.encode() + b"\x00")
    return mac


def new_staging_name(batch_public_id: object) -> str:
    """A name of its own for each run of the check, so two runs never write one file."""
    return f"{batch_public_id}.{secrets.token_hex(8)}"


def staging_path(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise StagingInvalid("the staged rows' name is not one homeward made")
    return Path(settings.DATA_DIR) / "staging" / f"{name}.rows"


class StagingWriter:
    """Collects staged rows in chunks; ``close()`` publishes the file and returns its HMAC."""

    def __init__(self, name: str) -> None:
        self.path = staging_path(name)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        self.out: IO[bytes] = self.tmp.open("wb")
        self.mac = _new_mac(name)

    def add(self, staged: StagedFrame) -> None:
        data = pickle.dumps(staged, protocol=pickle.HIGHEST_PROTOCOL)
        frame = len(data).to_bytes(8, "big") + data
        self.mac.update(frame)
        self.out.write(frame)

    def close(self) -> str:
        self.out.close()
        os.replace(self.tmp, self.path)
        return self.mac.hexdigest()

    def discard(self) -> None:
        self.out.close()
        self.tmp.unlink(missing_ok=True)


def _frames(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while header := source.read(8):
            size = int.from_bytes(header, "big")
            data = source.read(size)
            if len(header) != 8 or len(data) != size:
                raise StagingInvalid("the staged rows are truncated")
            yield header + data


def read_staged(name: str, expected_mac: str) -> Iterator[StagedFrame]:
    """Verify the whole file first, then yield its chunks; refuse on any mismatch."""
    if not name or not expected_mac or not staging_path(name).exists():
        raise StagingInvalid("the checked rows are not available; check the file again")
    path, mac = staging_path(name), _new_mac(name)
    for frame in _frames(path):
        mac.update(frame)
    if not hmac.compare_digest(mac.hexdigest(), expected_mac):
        raise StagingInvalid("the checked rows were altered on disk; check the file again")
    for frame in _frames(path):
        yield pickle.loads(frame[8:])


def remove(name: str) -> None:
    if name:
        staging_path(name).unlink(missing_ok=True)
