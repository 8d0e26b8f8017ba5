"""A Server-Timing header on every response: the time in homeward, in the database and in garbage collection,
and the query count.

`homeward bench pages` reads it to measure server time apart from the
network and the load driver. Off unless HOMEWARD_SERVER_TIMING is set: the
figures tell a client how busy the server is, and nothing else needs them.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse


class _QueryClock:
    """Counts the queries of one request and adds up their time (a database execute wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class _CollectorClock:
    """Adds up the time the garbage collector runs (gc.callbacks), so a slow request can be told apart from one
    that a collection happened to fall on. One per process: a gunicorn sync worker serves one request at a time."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started:
            self.seconds += time.perf_counter() - self._started
            self._started = 0.0


_COLLECTOR = _CollectorClock()


class ServerTimingMiddleware:
    """Outermost, so the time covers every other middleware as well as the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.HOMEWARD_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response
        if _COLLECTOR not in gc.callbacks:
            gc.callbacks.append(_COLLECTOR)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        clock = _QueryClock()
        collected = _COLLECTOR.seconds
        started = time.perf_counter()
        # Not connection.execute_wrapper(): it pops the last wrapper on the way out, and the audit guard appends
        # its own when a connection opens during the request; removing this one by identity leaves the guard be.
        connection.execute_wrappers.insert(0, clock)
        try:
            response = self.get_response(request)
        finally:
            connection.execute_wrappers.remove(clock)
        elapsed = time.perf_counter() - started
        response["Server-Timing"] = (f"app;dur={1000 * elapsed:.2f}, "
                                     f'db;dur={1000 * clock.seconds:.2f};desc="{clock.count} queries", '
                                     f"gc;dur={1000 * (_COLLECTOR.seconds - collected):.2f}")
        return response


def parse(header: str) -> dict[str, float]:
    """``{"app": ms, "db": ms, "gc": ms, "queries": n}`` from a header this middleware wrote; {} for anything else."""
    found: dict[str, float] = {}
    for metric in header.split(","):
        name, _, rest = metric.strip().partition(";")
        for part in rest.split(";"):
            key, _, value = part.strip().partition("=")
            if key == "dur":
                found[name] = float(value)
            elif key == "desc" and value.strip('"').endswith(" queries"):
                found["queries"] = float(value.strip('"').split()[0])
    return found
