"""Canonical JSON is RFC 8785 (JCS) for everything homeward hashes; what JCS cannot pin down is refused."""

from __future__ import annotations

import pytest

from homeward_core.transparency.canonical import NotCanonical, canonical_bytes


def test_members_sort_by_utf16_code_units_as_in_rfc_8785_section_3_2_3():
    value = {
        "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One", "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    names = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    expected = "{" + ",".join(f'"{n if n != chr(13) else chr(92) + "r"}":"{value[n]}"' for n in names) + "}"
    assert canonical_bytes(value) == expected.encode("utf-8")


def test_strings_are_escaped_as_in_rfc_8785_section_3_2_2_2():
    assert canonical_bytes("\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/") == (
        '"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"'.encode()
    )


def test_nested_values_have_no_white_space_and_keep_array_order():
    assert canonical_bytes({"b": [3, 1, {"z": None, "a": True}], "a": "Олександр"}) == (
        '{"a":"Олександр","b":[3,1,{"a":true,"z":null}]}'.encode()
    )


@pytest.mark.parametrize("value", [0.5, 2**53, -(2**53), "\ud800", {"k": 1.0}, {"\udc00": 1}, object()])
def test_values_without_a_canonical_form_are_refused(value):
    with pytest.raises(NotCanonical):
        canonical_bytes(value)


def test_the_fast_path_for_flat_objects_gives_the_same_bytes():
    from homeward_core.transparency.canonical import _plain

    flat = {"z": "Олександр", "a": 7, "\u00e9": "x", "m": "\U0001f600", "k": "\u2028\u007f"}
    import json

    assert canonical_bytes(flat) == json.dumps(_plain(flat), separators=(",", ":"), ensure_ascii=False).encode()
    with pytest.raises(NotCanonical):
        canonical_bytes({"a": "\udfff"})


def test_a_leaf_commitment_is_the_hash_of_the_canonical_opening():
    import hashlib
    import os

    from homeward_core.transparency.chain import ChainEntry
    from homeward_core.transparency.leaves import commitment, opening

    entry = ChainEntry(7, "2026-12-07T03:00:00+00:00", "Петро", "org", "act", "t", "id", "", "a" * 64, "b" * 64)
    salt = os.urandom(32)
    assert commitment(entry, "c" * 64, salt) == hashlib.sha256(canonical_bytes(opening(entry, "c" * 64, salt))).digest()


def _objects():
    from hypothesis import strategies as st

    names = st.text(max_size=6)  # any code point, including those above U+E000 and astral ones
    scalars = (st.text(max_size=12) | st.integers(-(2**53) + 1, 2**53 - 1) | st.booleans() | st.none())
    return st.recursive(st.dictionaries(names, scalars, max_size=6),
                        lambda inner: st.dictionaries(names, scalars | inner, max_size=5), max_leaves=25)


def test_the_fast_path_for_nested_objects_of_scalars_gives_the_slow_paths_bytes():
    """Records' commitment documents (an object holding the record's columns) take the fast path."""
    import json

    from hypothesis import given, settings

    from homeward_core.transparency.canonical import _plain

    @settings(max_examples=400, deadline=None)
    @given(_objects())
    def same(value):
        try:
            slow = json.dumps(_plain(value), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except (NotCanonical, UnicodeEncodeError):
            with pytest.raises(NotCanonical):
                canonical_bytes(value)
            return
        assert canonical_bytes(value) == slow

    same()
