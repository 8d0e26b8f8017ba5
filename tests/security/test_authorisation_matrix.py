"""The authorisation matrix: every URL pattern and API operation, every persona, every record owner.

The policy is tests/security/policy.py. The first test fails when a URL pattern
or an API operation has no row there; the second sends every row's request with
real ids of real records (tests/security/world.py) as every persona, and fails
on a leak (allowed where the policy says denied) or an unexpected denial.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from homeward.agreements.demo import TERMS_V1
from tests.security.policy import ALLOWED, ANONYMOUS, MEMBERS, PERSONAS, POLICY, SIGN_IN, Row
from tests.security.world import SecurityWorld, build_security_world

DENIALS = (401, 403, 404)


def url_patterns() -> dict[str, str]:
    """Every named URL pattern of the project: "namespace:name" -> its route from the site root."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace,
                     prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found[f"{namespace}:{pattern.name}".strip(":")] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", "/")
    return found


def api_operations() -> list[str]:
    """Every operation of the OpenAPI document, as "METHOD /api/path"."""
    from homeward.api.views import api

    paths = api.get_openapi_schema()["paths"]
    return [f"{method.upper()} {path}" for path, ops in paths.items() for method in ops]


def _as_openapi_path(route: str) -> str:
    """/api/declarations/<public_id> -> /api/declarations/{public_id}"""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


# django-ninja's API root: the prefix of every operation, it serves nothing itself (404 for everyone).
UNPOLICED = {"api:api-root"}


def test_every_url_and_operation_has_a_policy_row() -> None:
    rows = {row.key for row in POLICY}
    operations = api_operations()
    operation_paths = {op.split(" ", 1)[1] for op in operations if op in rows}
    patterns = url_patterns()
    # A pattern is covered by its own row, or (the API's) by rows for the operations it serves.
    missing_urls = [name for name, route in patterns.items() if name not in rows and name not in UNPOLICED
                    and _as_openapi_path(route) not in operation_paths]
    missing_operations = [op for op in operations if op not in rows]
    stale = sorted(rows - set(operations) - set(patterns))
    print(f"\nURL patterns covered: {len(patterns) - len(missing_urls)}/{len(patterns)}; "
          f"API operations covered: {len(operations) - len(missing_operations)}/{len(operations)}")
    assert not missing_urls, f"URL patterns without a row in tests/security/policy.py: {missing_urls}"
    assert not missing_operations, f"API operations without a row in tests/security/policy.py: {missing_operations}"
    assert not stale, f"rows in tests/security/policy.py naming no URL pattern or operation: {stale}"


# Requests ---------------------------------------------------------------------------------------------------

def _clients(w: SecurityWorld) -> dict[str, Client]:
    clients = {}
    for persona in PERSONAS:
        client = Client()
        if persona != ANONYMOUS:
            client.force_login(w.users[persona])
        clients[persona] = client
    return clients


GHOST = "ghost"  # the owner of a well-formed id that names no record
GHOST_ID = "6f1b0c9e-3d4a-4f7e-9a51-0c2d8e7b4a10"


def _url(w: SecurityWorld, row: Row, owner: str) -> str:
    public_id = GHOST_ID if owner == GHOST else w.ids.get((row.record, owner))
    ids = {"public_id": public_id} if row.record else {}
    if row.is_api:
        url = row.key.split(" ", 1)[1].format(number=1, size=w.ids.get(("checkpoint", "-")), **ids)
    else:
        kwargs = {**ids, "number": 1} if row.key == "agreements:terms_json" else ids
        url = reverse(row.key, kwargs=kwargs or None)
    if row.query and "{" in row.query:
        kind = row.query.split("{", 1)[1].split("}", 1)[0]
        url += "?" + row.query.replace("{" + kind + "}", str(w.ids[(kind, "A")]))
    elif row.query:
        url += "?" + row.query
    return url


TODAY = dt.date(2025, 6, 20).isoformat()


def _body(w: SecurityWorld, name: str, owner: str) -> dict[str, Any]:
    """Valid bodies, so a refusal is the policy's and not the schema's; each names its records by real ids."""
    ids = w.ids
    base = w.base
    bodies: dict[str, Any] = {
        "declaration": {"kind": "held", "surname": "Ткаченко", "given_name": "Іван"},
        "correction": {"reason": "typo", "changes": {"rank": "солдат"}},
        "confirmation": {"basis": "on our sought list"},
        "talks": {"title": "More talks", "held_on": TODAY, "venue": "Geneva",
                  "party_a": str(base.party_a.public_id), "party_b": str(base.party_b.public_id)},
        "proposal": {"title": "Fifty more", "text": "Fifty more each."},
        "decision": {"state": "rejected", "decided_on": TODAY},
        "agreement": {"talks": str(ids[("talks", "A")]), "title": "Another agreement", "terms": TERMS_V1},
        "version": {"terms": TERMS_V1, "note": "again"},
        "signature": {"signed_on": TODAY},
        "state": {"state": "suspended"},
        "draft": {"agreement": str(ids[("exchange", "A")]), "phase_index": 1},
        "adjustment": {"declaration": str(ids[("held_by_a", "A")]), "kind": "exclude", "note": "not fit"},
        "manifests": {"plan": str(ids[("plan", "A")])},
        "outcome": {"declaration": str(ids[("on_manifest", "A")]), "outcome": "handed_over",
                    "occurred_at": "2025-06-10T10:00:00Z", "place": "Crossing 4"},
        "aftercare": {"declaration": str(ids[("returned_to_a", "A")]), "stage": "repatriated",
                      "occurred_at": "2025-06-11T10:00:00Z"},
        "announce": {"agreement": str(ids[("remains_agreement", "A")]), "transferred_on": TODAY, "place": "Border",
                     "claimed_individuals": 3},
        "receipt": {"received_on": TODAY, "units": [{"label": "X-1"}]},
        "discrepancy": {"discrepancy": "empty", "note": "nothing inside"},
        "identification": {"units": [str(ids[("unit", "A")])], "method": "dna", "laboratory": "Lab",
                           "laboratory_reference": "LAB-Z-9", "identified_on": TODAY},
        "completion": {"completed_on": TODAY, "place": "Border"},
        "export": {"format": "csv"},
        "draft_page": {"agreement": str(ids[("exchange", "A")]), "phase": 1},
        "version_page": {"terms": json.dumps(TERMS_V1), "note": "again"},
        "run": {"job": "duplicates", "left_party": str(base.party_a.public_id)},
        "verdict": {"verdict": "unsure", "reason": "needs the unit's records"},
        "cosignature": {"line": w.cosignature},
    }
    return bodies[name]


def _send(client: Client, w: SecurityWorld, row: Row, owner: str) -> Any:
    url = _url(w, row, owner)
    if row.method == "GET":
        return client.get(url)
    if row.body == "upload":
        roster = io.BytesIO("Номер запису,Прізвище,Ім'я\nX-1,Гончар,Олег\n".encode())
        roster.name = "matrix.csv"
        return client.post(url, {"file": roster, "kind": "held"})
    if not row.is_api:
        return client.post(url, _body(w, row.body, owner) if row.body else {})
    body = json.dumps(_body(w, row.body, owner) if row.body else {})
    extra = {"HTTP_IF_MATCH": '"999"'} if row.method == "PATCH" else {}
    return client.generic(row.method, url, body, content_type="application/json", **extra)


def outcome(response: Any) -> str | int:
    if response.status_code in DENIALS:
        return response.status_code
    if response.status_code in (301, 302, 303) and urlsplit(response["Location"]).path == reverse("accounts:login"):
        return SIGN_IN
    return ALLOWED


def _order(row: Row) -> tuple[int, str]:
    return (row.method != "GET", row.key)


def _token_clients(w: SecurityWorld) -> dict[str, Client]:
    """The API again with ``Authorization: Bearer`` instead of the session (the deactivated one's token too)."""
    from homeward.accounts.services import api_token_create

    clients = {}
    for persona in PERSONAS:
        if persona != ANONYMOUS:
            user = w.users[persona]
            raw = api_token_create(user=user, name="matrix", acting_user=user)[1]
            clients[persona] = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return clients


def _visible() -> dict[tuple[str, str], frozenset[str]]:
    """Who may read each (kind of record, owner): anyone a GET row allows; the rest cannot tell it exists."""
    seen: dict[tuple[str, str], frozenset[str]] = {}
    for row in POLICY:
        if row.method == "GET" and row.record:
            for owner, rule in row.rules.items():
                seen[(row.record, owner)] = seen.get((row.record, owner), frozenset()) | rule.allow
    return seen


class Matrix:
    def __init__(self, w: SecurityWorld) -> None:
        self.w, self.tally, self.problems = w, Counter[str](), []

    def check(self, client: Client, row: Row, owner: str, persona: str, want: str | int, via: str = "") -> None:
        got = outcome(_send(client, self.w, row, owner))
        self.tally["requests"] += 1
        if got == want:
            return
        kind = "leak" if got == ALLOWED else "unexpected denial" if want == ALLOWED else "wrong denial"
        self.tally[kind] += 1
        self.problems.append(f"{kind}: {row.method} {row.key} [{owner}] as {persona}{via}: got {got}, policy {want}")

    def ghost(self, client: Client, row: Row, persona: str) -> None:
        """A well-formed id of no record: always refused, and the same refusal as for a record the persona
        cannot see (a 403 for one and a 404 for the other would tell that the record exists)."""
        got = outcome(_send(client, self.w, row, GHOST))
        self.tally["requests"] += 1
        if got == ALLOWED:
            self.tally["leak"] += 1
            self.problems.append(f"leak: {row.method} {row.key} served an id of no record to {persona}")
        visible = _visible()
        for owner, rule in row.rules.items():
            want = rule.expected(persona, api=row.is_api)
            seen = visible.get((row.record, owner))
            if want == 403 and seen is not None and persona not in seen and got != 403:
                self.tally["existence oracle"] += 1
                self.problems.append(f"existence oracle: {row.method} {row.key} [{owner}] as {persona}: 403 for a "
                                     f"record it cannot see, {got} for one that does not exist")


def test_every_persona_gets_what_the_policy_says(db: Any) -> None:
    started = time.perf_counter()
    w = build_security_world()
    sessions, tokens = _clients(w), _token_clients(w)
    matrix = Matrix(w)
    for row in sorted(POLICY, key=_order):
        for owner, rule in row.rules.items():
            # The refused first: an allowed write must not change what a refusal is checked against.
            for persona in sorted(PERSONAS, key=lambda p: p in rule.allow):
                client = sessions[persona]
                if row.key == "accounts:logout":  # a client of its own, so the persona stays signed in
                    client = Client()
                    if persona != ANONYMOUS:
                        client.force_login(w.users[persona])
                want = rule.expected(persona, api=row.is_api)
                matrix.check(client, row, owner, persona, want)
                if row.is_api and persona in tokens:
                    matrix.check(tokens[persona], row, owner, persona, want, " (bearer token)")
        if row.record:
            for persona in sorted(MEMBERS):
                matrix.ghost(sessions[persona], row, persona)
    seconds = time.perf_counter() - started
    tally = matrix.tally
    print(f"\nauthorisation matrix: {len(POLICY)} rows, {tally['requests']} requests in {seconds:.1f} s; "
          f"leaks {tally['leak']}, unexpected denials {tally['unexpected denial']}, "
          f"wrong kind of denial {tally['wrong denial']}, existence oracles {tally['existence oracle']}")
    assert not matrix.problems, (f"{len(matrix.problems)} differences from tests/security/policy.py:\n"
                                 + "\n".join(matrix.problems))
