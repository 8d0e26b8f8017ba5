"""What the write guard (homeward/audit/guard.py) costs per statement.

Migrates a throwaway SQLite database in a temporary directory, then times
10,000 simple statements through Django's cursor with the guard installed and
with it removed from the connection (rounds interleaved, best of each), and
the guard's own call on its own with a do-nothing executor, which is the
steadier figure on a busy machine. Prints one JSON object; costs are in
microseconds per statement:

- ``select``: a one-row SELECT outside any service (every page's reads);
- ``allowed_write``: an UPDATE of django_session outside any service (the one
  write path the guard has to inspect on every request that touches a session);
- ``write_in_service``: the same UPDATE inside a service (every service write).

    .venv/bin/python benchmarks/guard_overhead.py [--queries N] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _setup(data_dir: str) -> Any:
    os.environ.update(HOMEWARD_ENV="test", HOMEWARD_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="homeward.settings")
    os.environ.pop("HOMEWARD_DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (%s, %s, %s)",
            ["bench", "", "2100-01-01 00:00:00"],
        )
    return connection


def _time(connection: Any, sql: str, params: list[Any], queries: int) -> float:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for _ in range(queries):
            cursor.execute(sql, params)
        return time.perf_counter() - started


def _end_to_end(connection: Any, sql: str, params: list[Any], queries: int, rounds: int) -> dict[str, float]:
    from homeward.audit import guard

    with_guard, without = float("inf"), float("inf")
    for _ in range(rounds):
        with_guard = min(with_guard, _time(connection, sql, params, queries))
        connection.execute_wrappers.remove(guard._check)
        try:
            without = min(without, _time(connection, sql, params, queries))
        finally:
            connection.execute_wrappers.append(guard._check)
    return {
        "with_guard_s": round(with_guard, 4),
        "without_guard_s": round(without, 4),
        "overhead_us": round((with_guard - without) / queries * 1e6, 2),
    }


def _guard_alone(sql: str, params: list[Any], queries: int, rounds: int) -> float:
    from homeward.audit import guard

    def execute(*args: Any) -> None:
        return None

    def best(call: Any) -> float:
        return min(timeit.repeat(call, number=queries, repeat=rounds))

    bare = best(lambda: execute(sql, params, False, None))
    guarded = best(lambda: guard._check(execute, sql, params, False, None))
    return round((guarded - bare) / queries * 1e6, 3)


def _measure(connection: Any, sql: str, params: list[Any], args: Any) -> dict[str, float]:
    figures = _end_to_end(connection, sql, params, args.queries, args.rounds)
    figures["guard_alone_us"] = _guard_alone(sql, params, args.queries, args.rounds)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="homeward-guard-bench-") as data_dir:
        connection = _setup(data_dir)
        from homeward.audit.guard import service_context

        select = "SELECT id, username FROM auth_user WHERE id = %s"
        update = "UPDATE django_session SET session_data = %s WHERE session_key = %s"
        result: dict[str, Any] = {"queries": args.queries, "rounds": args.rounds}
        result["select"] = _measure(connection, select, [1], args)
        result["allowed_write"] = _measure(connection, update, ["x", "bench"], args)
        with service_context("benchmark"):
            result["write_in_service"] = _measure(connection, update, ["x", "bench"], args)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
