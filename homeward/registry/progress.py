"""Progress of a running import, kept outside the database.

An import commits in one long transaction; progress written inside it would
be invisible until the end (and on SQLite would contend for the write lock),
so the worker writes a small JSON file that pages and the CLI poll.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Progress:
    stage: str
    done: int
    total: int
    updated: float

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _path(batch_public_id: object) -> Path:
    return Path(settings.DATA_DIR) / "progress" / f"{batch_public_id}.json"


def report(batch_public_id: object, stage: str, done: int, total: int) -> None:
    path = _path(batch_public_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(Progress(stage, done, total, time.time()))), encoding="utf-8")
    os.replace(tmp, path)


def read(batch_public_id: object) -> Progress | None:
    try:
        raw = json.loads(_path(batch_public_id).read_text(encoding="utf-8"))
        return Progress(**raw)
    except (OSError, ValueError, TypeError):
        return None
