"""Full garbage collections between requests rather than during them (homeward/wsgi.py).

Python starts a full collection when enough objects have outlived two young
collections, in the middle of whatever allocates next: a request then waits
10-50 ms while the collector walks every object the process holds (it was
100-250 ms before the server froze its start-up heap). This wrapper leaves the
young collections alone (a millisecond or two), turns the automatic full ones
off, and runs one after a response has been sent, once ``full_after`` young
collections have happened since the last: the same work, out of every user's
way. The WSGI server calls ``close()`` on the response after its last byte
(PEP 3333), and homeward's responses carry their length, so the browser is not
kept waiting. One worker busy collecting leaves the next connection to another.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from typing import Any

# Young (generation 1) collections between two full ones. Python's own rule is 10 and then only once a quarter
# more objects have survived; a tenth as often keeps each worker's cyclic garbage to what some dozens of
# requests leave, and the collections' cost to a few per cent of one core.
FULL_AFTER = 100
NEVER = 1_000_000_000


class CollectBetweenRequests:
    """Wraps a WSGI application; builds once per process (it sets the collector's thresholds)."""

    def __init__(self, application: Callable[..., Iterable[bytes]], full_after: int = FULL_AFTER) -> None:
        self.application = application
        self.full_after = full_after
        young, middle, _old = gc.get_threshold()
        gc.set_threshold(young, middle, NEVER)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        result = self.application(environ, start_response)
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(result, file_wrapper):
            return result  # a file the server sends itself (sendfile): left as it is, collected after the next
        return _ThenCollect(result, self)

    def collect_if_due(self) -> None:
        if gc.get_count()[2] >= self.full_after:
            gc.collect()


class _ThenCollect:
    """The application's response, whose ``close()`` (after the last byte is sent) runs a due full collection."""

    def __init__(self, result: Iterable[bytes], owner: CollectBetweenRequests) -> None:
        self.result = result
        self.owner = owner

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.result)

    def close(self) -> None:
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()  # Django's: the request_finished signal, database connections given back
        finally:
            self.owner.collect_if_due()
