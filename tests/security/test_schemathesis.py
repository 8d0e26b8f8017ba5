"""Schemathesis against the API's own OpenAPI document, in-process, with party A and party B as peers.

Every operation of ``/api/openapi.json`` is fuzzed with bodies, queries and
ids drawn from its schema, signed in with a bearer token of party A's operator
and then of party B's, and every response goes through Schemathesis's checks
(no server error, status codes, content types, headers and bodies as
documented, invalid data refused, valid data accepted, authentication not
ignored). Path ids alternate between drawn ones and the id of a real record of
the signed-in party (tests/security/world.py), so the fuzzed bodies also reach
the code behind the lookup.

Object-level authorisation: the two parties are peers. Every GET that served
party B one of its own records (or a record only the mediator sees) is sent
again with party A's token: party A must get 404, as for an id that names no
record. Every id in the body of any response party B got is tried in every
templated GET as party A too.

Examples per operation and persona: ``HOMEWARD_SCHEMATHESIS_EXAMPLES`` (default
3; derandomised under the suite's hypothesis profile). To explore:
``HYPOTHESIS_PROFILE=explore HOMEWARD_SCHEMATHESIS_EXAMPLES=200 pytest -p no:xdist
tests/security/test_schemathesis.py -s``.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

from homeward.accounts.services import api_token_create
from tests.security.policy import POLICY
from tests.security.world import SecurityWorld, build_security_world

# Schema-valid data may still break a business rule (an unknown referenced record, a date in the future, a
# state that does not allow the step): the API answers 400 with its error document, which every operation
# documents. What must never happen to schema-valid data is 422 (the server's own parsing disagrees with the
# document) or a server error.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "428", "429", "5xx"]
"""
EXAMPLES = int(os.environ.get("HOMEWARD_SCHEMATHESIS_EXAMPLES", "3"))
PEERS = {"a_op": "A", "b_op": "B"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _token(user: Any) -> str:
    return "Bearer " + api_token_create(user=user, name="schemathesis", acting_user=user)[1]


def _records() -> dict[str, str]:
    """Each templated operation's kind of record (the policy row's), by its label."""
    return {row.key: row.record for row in POLICY if row.is_api and row.record}


class Run:
    def __init__(self, w: SecurityWorld) -> None:
        self.w = w
        self.headers = {persona: {"Authorization": _token(w.users[persona])} for persona in PEERS}
        self.records = _records()
        self.tally: Counter[str] = Counter()
        self.failures: list[str] = []
        self.b_ids: set[str] = set()  # every id party B was served
        # Records party A has no part in: party B's own and the mediator-only ones (the world's owners B and M).
        self.b_only = {str(v) for (kind, owner), v in w.ids.items() if owner in ("B", "M")}

    def real_path(self, operation: Any, persona: str) -> dict[str, Any]:
        params: dict[str, Any] = {}
        names = {p.name for p in operation.path_parameters}
        if "size" in names:
            params["size"] = self.w.ids[("checkpoint", "-")]
        if "number" in names:
            params["number"] = 1
        kind = self.records.get(operation.label)
        if "public_id" in names and kind:
            value = self.w.ids.get((kind, PEERS[persona])) or self.w.ids.get((kind, "A"))
            if value is not None:
                params["public_id"] = str(value)
        return params

    def fuzz(self, operation: Any, persona: str) -> None:
        counter = iter(range(10**9))

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def example(case: Any) -> None:
            if next(counter) % 2 and (real := self.real_path(operation, persona)):
                case.path_parameters = {**(case.path_parameters or {}), **real}
            self.send(case, persona)

        example()

    def send(self, case: Any, persona: str) -> None:
        response = case.call(headers=self.headers[persona])
        self.tally["requests"] += 1
        try:
            case.validate_response(response, headers=self.headers[persona])
        except FailureGroup as group:
            for failure in group.exceptions:
                self.failures.append(f"{case.operation.label} as {persona}: {failure.title}: "
                                     f"{failure.message[:300]} [{response.status_code} {response.text[:300]}] "
                                     f"{case.path_parameters} {case.query} {str(case.body)[:200]}")
        except AssertionError as error:
            self.failures.append(f"{case.operation.label} as {persona}: {error}")
        if response.status_code >= 500:
            self.tally["server errors"] += 1
        if persona == "b_op" and case.method == "GET" and response.status_code == 200:
            self.b_ids |= set(UUID.findall(response.text))
            public_id = str((case.path_parameters or {}).get("public_id", ""))
            if public_id in self.b_only:
                self.peer_probe(case, public_id)

    def cross_probe(self, operations: list[Any]) -> None:
        """Every id party B was served that names a record party A has no part in, in every templated GET, as A."""
        hidden = sorted(self.b_ids & self.b_only)
        for operation in operations:
            if operation.method.upper() != "GET" or "{public_id}" not in operation.path:
                continue
            for public_id in hidden:
                case = operation.Case(path_parameters={**self.real_path(operation, "a_op"), "public_id": public_id})
                response = case.call(headers=self.headers["a_op"])
                self.tally["peer probes"] += 1
                if response.status_code != 404:
                    self.tally["violations"] += 1
                    self.failures.append(f"object-level authorisation: {operation.label} {public_id} (party B's) "
                                         f"answered party A {response.status_code}")

    def peer_probe(self, case: Any, public_id: str) -> None:
        """Party B read one of its own records: the same request with party A's token must get 404."""
        response = case.call(headers=self.headers["a_op"])
        self.tally["peer probes"] += 1
        if response.status_code != 404:
            self.tally["violations"] += 1
            self.failures.append(f"object-level authorisation: {case.operation.label} {public_id} of party B "
                                 f"answered party A {response.status_code}")


@pytest.fixture
def wsgi_app() -> Any:
    """The project's WSGI application, called in-process on the test database.

    Django closes the database connection at the end of each request; Django's test client stops that
    for its requests, and so must a WSGI caller, or the test's transaction would be gone after one call.
    Loading it sets the server process's garbage collector up (homeward/lib/collector.py): put back after,
    as the rest of the suite runs in this process.
    """
    import gc

    thresholds = gc.get_threshold()
    from homeward.wsgi import application

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield application
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
    gc.set_threshold(*thresholds)
    gc.unfreeze()


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_api_keeps_its_openapi_document_and_party_b_records_from_party_a(db: Any, wsgi_app: Any) -> None:
    started = time.perf_counter()
    w = build_security_world()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app,
                                           config=SchemathesisConfig.from_str(CONFIG))
    run = Run(w)
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for persona in PEERS:
            run.fuzz(operation, persona)
    run.cross_probe(operations)
    # The probes reach party B's records: party B read some of its own, and A was tried on each.
    assert run.b_ids & run.b_only and run.tally["peer probes"] > 0
    seconds = time.perf_counter() - started
    print(f"\nschemathesis: {len(operations)} operations x {len(PEERS)} peers, {run.tally['requests']} requests, "
          f"{run.tally['peer probes']} peer probes ({len(run.b_ids & run.b_only)} of party B's ids) "
          f"in {seconds:.1f} s; "
          f"failures {len(run.failures)}, server errors {run.tally['server errors']}, "
          f"object-level violations {run.tally['violations']}")
    assert not run.failures, f"{len(run.failures)} failures:\n" + "\n".join(run.failures)
