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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

CHUNK = 5000
StagedRow = tuple[int, Any, tuple[Any, ...]]  # (row number, homeward_id or None, values)


class StagingInvalid(Exception):
    """The staged rows are missing or do not match their authentication code."""


def _key() -> bytes:
    return hashlib.sha256(b"homeward.import.staging\x00" + settings.SECRET_KEY.encode()).digest()


def staging_path(batch_public_id: object) -> Path:
    return Path(settings.DATA_DIR) / "staging" / f"{batch_public_id}.rows"


class StagingWriter:
    """Collects staged rows in chunks; ``close()`` publishes the file and returns its HMAC."""

    def __init__(self, batch_public_id: object) -> None:
        self.path = staging_path(batch_public_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        self.out: IO[bytes] = self.tmp.open("wb")
        self.mac = hmac.new(_key(), digestmod=hashlib.sha256)
        self.chunk: list[StagedRow] = []

    def add(self, staged: StagedRow) -> None:
        self.chunk.append(staged)
        if len(self.chunk) >= CHUNK:
            self._write()

    def _write(self) -> None:
        data = pickle.dumps(self.chunk, protocol=pickle.HIGHEST_PROTOCOL)
        frame = len(data).to_bytes(8, "big") + data
        self.mac.update(frame)
        self.out.write(frame)
        self.chunk = []

    def close(self) -> str:
        if self.chunk:
            self._write()
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


def read_staged(batch_public_id: object, expected_mac: str) -> Iterator[list[StagedRow]]:
    """Verify the whole file first, then yield its chunks; refuse on any mismatch."""
    path = staging_path(batch_public_id)
    if not expected_mac or not path.exists():
        raise StagingInvalid("the checked rows are not available; check the file again")
    mac = hmac.new(_key(), digestmod=hashlib.sha256)
    for frame in _frames(path):
        mac.update(frame)
    if not hmac.compare_digest(mac.hexdigest(), expected_mac):
        raise StagingInvalid("the checked rows were altered on disk; check the file again")
    for frame in _frames(path):
        yield pickle.loads(frame[8:])


def remove(batch_public_id: object) -> None:
    staging_path(batch_public_id).unlink(missing_ok=True)
