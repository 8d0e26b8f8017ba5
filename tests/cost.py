"""What a step costs, measured so that a busy machine does not fail the suite.

The hostile-file tests promise a refusal within 5 seconds. Wall time on a
shared 2-core CI machine swings with whatever else runs, so the promise is
checked on CPU time (this process plus the XLSX worker processes it waited
for), with a generous wall-time bound kept only to catch a hang.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

CPU_LIMIT_SECONDS = 5.0
HANG_LIMIT_SECONDS = 60.0


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Cost:
    cpu: float = 0.0
    wall: float = 0.0

    def assert_quick(self, what: str = "the step") -> None:
        assert self.cpu < CPU_LIMIT_SECONDS, f"{what} used {self.cpu:.2f} s of CPU"
        assert self.wall < HANG_LIMIT_SECONDS, f"{what} took {self.wall:.2f} s"


@contextmanager
def measured() -> Iterator[Cost]:
    cost, cpu, wall = Cost(), _cpu(), time.monotonic()
    try:
        yield cost
    finally:
        cost.cpu, cost.wall = _cpu() - cpu, time.monotonic() - wall
