"""Detached Ed25519 signatures: a signature holds for exactly the content, kind and key it was made for."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.transparency.signing import (
    SignatureInvalid,
    key_id,
    new_private_key,
    public_key_of,
    sign,
    verify,
)

KEY = new_private_key()
OTHER = new_private_key()
TRUSTED = {key_id(public_key_of(KEY)): public_key_of(KEY)}
documents = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53 - 1), 2**53 - 1) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=50)
@given(document=documents)
def test_a_signature_verifies_for_its_own_content(document: object) -> None:
    verify("manifest", document, sign("manifest", document, KEY), TRUSTED)


@settings(max_examples=50)
@given(document=documents, changed=documents)
def test_changed_content_is_refused(document: object, changed: object) -> None:
    signature = sign("manifest", document, KEY)
    if changed != document:
        with pytest.raises(SignatureInvalid):
            verify("manifest", changed, signature, TRUSTED)


def test_a_signature_cannot_be_replayed_as_another_kind_of_document() -> None:
    signature = sign("manifest", {"people": 1}, KEY)
    with pytest.raises(SignatureInvalid, match="does not verify"):
        verify("protocol", {"people": 1}, signature, TRUSTED)


def test_an_untrusted_key_is_named() -> None:
    signature = sign("manifest", {"people": 1}, OTHER)
    with pytest.raises(SignatureInvalid, match="not a trusted key"):
        verify("manifest", {"people": 1}, signature, TRUSTED)


def test_a_forged_signature_under_a_trusted_key_id_is_refused() -> None:
    forged = dataclasses.replace(sign("manifest", {"people": 1}, OTHER), key_id=key_id(public_key_of(KEY)))
    with pytest.raises(SignatureInvalid, match="does not verify"):
        verify("manifest", {"people": 1}, forged, TRUSTED)
    garbage = dataclasses.replace(forged, signature="not base64!")
    with pytest.raises(SignatureInvalid):
        verify("manifest", {"people": 1}, garbage, TRUSTED)
