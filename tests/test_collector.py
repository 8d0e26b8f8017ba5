"""Full garbage collections run after a response is sent, not during a request (homeward/lib/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from homeward.lib.collector import NEVER, CollectBetweenRequests


class Body:
    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        return iter([b"hello, ", b"world"])

    def close(self) -> None:
        self.closed = True


class FileWrapper:
    def __init__(self, body: Any) -> None:
        self.body = body


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """The generations of the collections that run while the test does; the thresholds put back after."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    before = gc.get_threshold()
    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*before)


def _serve(app: CollectBetweenRequests, body: Any, environ: dict[str, Any] | None = None) -> tuple[bytes, Any]:
    result = app(environ or {}, lambda *args: None)
    sent = b"".join(result)
    return sent, result


def test_automatic_full_collections_are_off_and_young_ones_stay(full_collections: list[int]) -> None:
    young, middle, _ = gc.get_threshold()
    CollectBetweenRequests(lambda environ, start_response: [b""])
    assert gc.get_threshold() == (young, middle, NEVER)


def test_the_body_is_sent_whole_then_closed_then_a_due_collection_runs(full_collections: list[int]) -> None:
    body = Body()
    app = CollectBetweenRequests(lambda environ, start_response: body, full_after=0)
    sent, result = _serve(app, body)
    assert sent == b"hello, world" and not body.closed and 2 not in full_collections
    result.close()
    assert body.closed and 2 in full_collections


def test_no_full_collection_before_enough_young_ones(full_collections: list[int]) -> None:
    body = Body()
    app = CollectBetweenRequests(lambda environ, start_response: body, full_after=NEVER)
    _sent, result = _serve(app, body)
    result.close()
    assert body.closed and 2 not in full_collections


def test_a_file_the_server_sends_itself_is_left_unwrapped(full_collections: list[int]) -> None:
    wrapped = FileWrapper(Body())
    app = CollectBetweenRequests(lambda environ, start_response: wrapped, full_after=0)
    assert app({"wsgi.file_wrapper": FileWrapper}, lambda *args: None) is wrapped
