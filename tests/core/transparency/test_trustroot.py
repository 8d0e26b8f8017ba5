"""The trust root: every valid root and signature accepted, and well over 1,200 forged or malformed ones refused."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from homeward_core.transparency.signing import DetachedSignature, public_key_of, sign
from homeward_core.transparency.trustroot import (
    ROLES,
    SignedRoot,
    TrustError,
    TrustRoot,
    member_from_keys,
    parse_signed_root,
    sign_root,
    verify_chain,
    verify_document,
    verify_root,
)

ISSUED = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 6, 1, tzinfo=UTC)
NAMES = {"party_a": "Northland Coordination Headquarters (Її)", "party_b": "Southland Commission (Ёё)",
         "mediator": "Neutral Mediation Office"}


def private(label: str) -> bytes:
    return hashlib.sha256(f"homeward test key {label}".encode()).digest()


KEYS = {role: [private(f"{role}-{n}") for n in range(3)] for role in ROLES}
STRANGERS = [private(f"stranger-{n}") for n in range(5)]


def root_v1() -> TrustRoot:
    members = tuple(member_from_keys(role, f"org-{role}", NAMES[role], [(public_key_of(KEYS[role][0]), "active")])
                    for role in ROLES)
    return TrustRoot(1, ISSUED, ISSUED + timedelta(days=365), members)


def root_v2(v1: TrustRoot) -> TrustRoot:
    """Party A rotates its key: the old one is retired, a new one active."""
    a = member_from_keys("party_a", "org-party_a", NAMES["party_a"],
                         [(public_key_of(KEYS["party_a"][0]), "retired"),
                          (public_key_of(KEYS["party_a"][1]), "active")])
    members = (a, v1.member("party_b"), v1.member("mediator"))
    return TrustRoot(2, ISSUED + timedelta(days=30), ISSUED + timedelta(days=400), members, v1.digest())


V1 = root_v1()
S1 = sign_root(V1, {role: [KEYS[role][0]] for role in ROLES})
V2 = root_v2(V1)
S2 = sign_root(V2, {"party_a": [KEYS["party_a"][1], KEYS["party_a"][0]], "party_b": [KEYS["party_b"][0]],
                    "mediator": [KEYS["mediator"][0]]})
MANIFEST = {"manifest": "bus A-1-01", "people": ["a1", "a2"], "version": 1}


def test_valid_roots_and_signatures_are_accepted() -> None:
    assert verify_root(S1, now=NOW) == V1
    assert verify_chain([S1, S2], now=NOW) == V2
    assert verify_chain([parse_signed_root(S1.to_json()), parse_signed_root(S2.to_json())], now=NOW) == V2
    reordered = json.loads(S2.to_json())
    reordered = {"signatures": reordered["signatures"][::-1], "root": dict(reversed(list(reordered["root"].items())))}
    assert verify_chain([S1, parse_signed_root(json.dumps(reordered).encode())], now=NOW) == V2  # same document
    old = sign("manifest", MANIFEST, KEYS["party_a"][0])  # signed before the rotation
    verify_document("manifest", MANIFEST, old, role="party_a", root=V2)  # still verifies
    verify_document("manifest", MANIFEST, sign("manifest", MANIFEST, KEYS["party_a"][1]), role="party_a", root=V2)


def _resign(root: TrustRoot, keys: dict[str, list[bytes]]) -> SignedRoot:
    return sign_root(root, keys)


def _with_signatures(signed: SignedRoot, signatures: list) -> SignedRoot:  # noqa: ANN001
    return SignedRoot(signed.root, tuple(signatures))


def forged_cases() -> list[tuple[str, Callable[[], object]]]:
    cases: list[tuple[str, Callable[[], object]]] = []
    chain = lambda s2: (lambda: verify_chain([S1, s2], now=NOW))  # noqa: E731
    blob = S2.to_json()
    for cut in range(len(blob)):  # truncated notes, at every byte
        cases.append((f"truncated at {cut}", lambda cut=cut: verify_chain([S1, parse_signed_root(blob[:cut])],
                                                                          now=NOW)))
    for index, item in enumerate(S2.signatures):  # one bit flipped in a signature, at every byte
        raw = base64.b64decode(item.signature.signature)
        for byte in range(len(raw)):
            flipped = bytes(b ^ (1 << (byte % 8)) if i == byte else b for i, b in enumerate(raw))
            bad = dataclasses.replace(item.signature, signature=base64.b64encode(flipped).decode())
            sigs = list(S2.signatures)
            sigs[index] = dataclasses.replace(item, signature=bad)
            cases.append((f"bit flip sig {index} byte {byte}", chain(_with_signatures(S2, sigs))))
    for role in ROLES:
        for n, stranger in enumerate(STRANGERS):  # wrong key claiming a role
            sigs = [s for s in S2.signatures if s.role != role]
            sigs.append(dataclasses.replace(S2.signatures[0], role=role,
                                            signature=sign("trust-root", V2.content(), stranger)))
            cases.append((f"stranger {n} as {role}", chain(_with_signatures(S2, sigs))))
            other = next(r for r in ROLES if r != role)  # another organisation's genuine key
            sigs = [s for s in S2.signatures if s.role not in (role, other)]
            sigs.append(dataclasses.replace(S2.signatures[0], role=role,
                                            signature=sign("trust-root", V2.content(), KEYS[other][0])))
            cases.append((f"{other}'s key as {role} ({n})", chain(_with_signatures(S2, sigs))))
    for index, item in enumerate(S2.signatures):
        for n in range(5):  # unknown key id
            sigs = list(S2.signatures)
            sigs[index] = dataclasses.replace(item, signature=dataclasses.replace(
                item.signature, key_id=hashlib.sha256(f"{n}".encode()).hexdigest()[:16]))
            cases.append((f"unknown key id {index}/{n}", chain(_with_signatures(S2, sigs))))
        cases.append((f"duplicate signer {index}", chain(_with_signatures(S2, [*S2.signatures, item]))))
        cases.append((f"duplicate signer under another role {index}", chain(_with_signatures(
            S2, [*S2.signatures, dataclasses.replace(item, role=ROLES[(ROLES.index(item.role) + 1) % 3])]))))
        cases.append((f"missing signature {index}", chain(_with_signatures(
            S2, [s for i, s in enumerate(S2.signatures) if i != index]))))
        cases.append((f"wrong algorithm {index}", chain(_with_signatures(S2, [
            dataclasses.replace(s, signature=dataclasses.replace(s.signature, algorithm="rsa")) if i == index else s
            for i, s in enumerate(S2.signatures)]))))
    # revoked keys: a root that revokes party B's key is not signed by it, and its documents no longer verify
    revoked_b = member_from_keys("party_b", "org-party_b", NAMES["party_b"],
                                 [(public_key_of(KEYS["party_b"][0]), "revoked"),
                                  (public_key_of(KEYS["party_b"][2]), "active")])
    v2r = dataclasses.replace(V2, members=(V2.member("party_a"), revoked_b, V2.member("mediator")))
    for keys in ([KEYS["party_b"][0]], [KEYS["party_b"][0], KEYS["party_b"][2]]):
        signed = _resign(v2r, {"party_a": [KEYS["party_a"][1], KEYS["party_a"][0]], "party_b": keys,
                               "mediator": [KEYS["mediator"][0]]})
        cases.append((f"revoked key signs ({len(keys)})", chain(signed)))
    good_v2r = dataclasses.replace(v2r, members=v2r.members)
    doc = sign("manifest", MANIFEST, KEYS["party_b"][0])
    cases.append(("document by a revoked key", lambda: verify_document("manifest", MANIFEST, doc, role="party_b",
                                                                         root=good_v2r)))
    # expiry, and issue in the future
    for delta in (timedelta(0), timedelta(seconds=1), timedelta(days=1), timedelta(days=3650)):
        cases.append((f"expired +{delta}", lambda d=delta: verify_root(S1, now=V1.expires_at + d)))
    cases.append(("issued in the future", lambda: verify_root(S1, now=ISSUED - timedelta(seconds=1))))
    # Unicode normalisation variants of the signed names: a changed document
    for form in ("NFD", "NFKD"):
        for role in ROLES:
            member = V2.member(role)
            variant = dataclasses.replace(member, name=unicodedata.normalize(form, member.name) + (
                "" if unicodedata.normalize(form, member.name) != member.name else "\u0301"))
            changed = dataclasses.replace(V2, members=tuple(variant if m.role == role else m for m in V2.members))
            cases.append((f"{form} name of {role}", chain(SignedRoot(changed, S2.signatures))))
    # ambiguous or non-JSON documents
    text = S2.to_json().decode()
    cases.append(("duplicate member", lambda: parse_signed_root(text.replace('"version":2', '"version":2,"version":3')
                                                                .encode())))
    cases.append(("NaN", lambda: parse_signed_root(text.replace('"version":2', '"version":NaN').encode())))
    cases.append(("not UTF-8", lambda: parse_signed_root(text.encode("utf-16"))))
    cases.append(("extra member", lambda: parse_signed_root(text.replace('{"root"', '{"x":1,"root"', 1).encode())))
    # versions that do not follow, or do not name what they replace, or lack the old key's endorsement
    keys2 = {"party_a": [KEYS["party_a"][1], KEYS["party_a"][0]], "party_b": [KEYS["party_b"][0]],
             "mediator": [KEYS["mediator"][0]]}
    cases.append(("skipped version", chain(_resign(dataclasses.replace(V2, version=3), keys2))))
    cases.append(("rollback to v1", lambda: verify_chain([S2, S1], now=NOW)))
    cases.append(("v1 offered after v2", lambda: verify_root(S1, now=NOW, previous=V2)))
    cases.append(("wrong previous", chain(_resign(dataclasses.replace(V2, previous="0" * 64), keys2))))
    cases.append(("no old endorsement", chain(_resign(V2, {**keys2, "party_a": [KEYS["party_a"][1]]}))))
    cases.append(("v2 alone", lambda: verify_root(S2, now=NOW)))
    # documents: changed content, another role, another kind, bad base64
    good = sign("manifest", MANIFEST, KEYS["party_a"][1])
    for n in range(20):
        cases.append((f"changed document {n}", lambda n=n: verify_document(
            "manifest", {**MANIFEST, "people": [f"x{n}"]}, good, role="party_a", root=V2)))
    for role in ("party_b", "mediator"):
        cases.append((f"document as {role}", lambda r=role: verify_document("manifest", MANIFEST, good, role=r,
                                                                             root=V2)))
    cases.append(("document as another kind", lambda: verify_document("protocol", MANIFEST, good, role="party_a",
                                                                      root=V2)))
    for bad in ("", "====", good.signature[:-4], good.signature + "AA==", "!" * 88):
        forged = DetachedSignature(good.key_id, bad, good.content_sha256)
        cases.append((f"document signature {bad[:8]!r}", lambda f=forged: verify_document(
            "manifest", MANIFEST, f, role="party_a", root=V2)))
    return cases


def test_forged_and_malformed_cases_are_all_refused() -> None:
    cases = forged_cases()
    accepted = []
    for name, check in cases:
        try:
            check()
        except TrustError:
            continue
        accepted.append(name)
    print(f"trust root: {len(cases)} forged or malformed cases, {len(accepted)} accepted")
    assert len(cases) >= 1200
    assert accepted == []


@pytest.mark.parametrize("name", ["truncated at 0", "duplicate signer 0", "revoked key signs (1)", "expired +0:00:00",
                                  "NFD name of party_a", "duplicate member", "rollback to v1",
                                  "no old endorsement"])
def test_each_refusal_names_its_problem(name: str) -> None:
    check = dict(forged_cases())[name]
    with pytest.raises(TrustError) as refused:
        check()
    assert str(refused.value)
