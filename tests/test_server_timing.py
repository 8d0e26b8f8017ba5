"""The Server-Timing header `homeward bench pages` reads: off by default, and what it says when on."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings

from homeward.lib import server_timing
from homeward.registry.management.commands.bench_pages import Sample, _percentile, _summary
from tests.conftest import PASSWORD


def test_no_header_unless_it_is_turned_on(world: Any) -> None:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    assert "Server-Timing" not in client.get("/registry/")


@override_settings(HOMEWARD_SERVER_TIMING=True)
def test_the_header_gives_the_time_in_the_app_and_the_database_and_the_queries(world: Any) -> None:
    client = Client()  # a new client builds its handler, and so its middleware, under these settings
    assert client.login(username="alice", password=PASSWORD)
    found = server_timing.parse(client.get("/registry/")["Server-Timing"])
    assert set(found) == {"app", "db", "gc", "queries"}
    assert found["app"] >= found["db"] >= 0 and found["queries"] >= 3  # session, user, membership at least
    assert found["app"] >= found["gc"] >= 0


@override_settings(HOMEWARD_SERVER_TIMING=True)
def test_the_collector_clock_adds_up_every_collection(world: Any) -> None:
    import gc

    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    client.get("/registry/")  # the middleware is built, and with it the collector clock registered
    assert server_timing._COLLECTOR in gc.callbacks
    before = server_timing._COLLECTOR.seconds
    gc.collect()
    assert server_timing._COLLECTOR.seconds > before


def test_a_header_of_another_kind_parses_to_nothing() -> None:
    assert server_timing.parse("") == {}
    assert server_timing.parse('cdn-cache;desc="HIT", edge;dur=4') == {"edge": 4.0}


def test_percentiles_are_measured_values_by_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert (_percentile(values, 50), _percentile(values, 99), _percentile(values, 100)) == (50.0, 99.0, 100.0)
    assert _percentile([7.0], 99) == 7.0


def test_a_page_summary_counts_failures_apart_from_the_timings() -> None:
    samples = [Sample(0, 200, 12.0, 0.0, {"app": 10.0, "db": 4.0, "queries": 6}),
               Sample(0, 200, 30.0, 0.0, {"app": 25.0, "db": 9.0, "queries": 6}),
               Sample(0, 500, 5.0, 0.0, {})]
    figures = _summary(samples)
    assert figures["requests"] == 3 and figures["errors"] == 1
    assert figures["server_p50_ms"] == 10.0 and figures["server_p99_ms"] == 25.0 and figures["queries"] == 6


@override_settings(HOMEWARD_SERVER_TIMING=True)
def test_the_timing_leaves_the_write_guard_in_place_request_after_request(world: Any) -> None:
    from django.db import connection

    from homeward.audit import guard

    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    before = list(connection.execute_wrappers)
    for _ in range(3):
        client.get("/registry/")
    assert connection.execute_wrappers == before and guard._check in connection.execute_wrappers
