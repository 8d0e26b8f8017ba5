"""Dates and unit designations as clerks write them."""

from __future__ import annotations

import pytest

from homeward_core.linkage.dates import date_parts
from homeward_core.linkage.units import unit_key


@pytest.mark.parametrize(("text", "parts"), [
    ("05.03.1990", ("1990", "03", "05")),
    ("1990-03-05", ("1990", "03", "05")),
    ("5.3.1990", ("1990", "03", "05")),
    ("19900305", ("1990", "03", "05")),
    ("03.1990", ("1990", "03", "")),
    ("1990-03", ("1990", "03", "")),
    ("1990", ("1990", "", "")),
    ("12.31.1990", ("1990", "12", "31")),  # month written first: day above 12 tells
])
def test_it_reads_full_partial_and_swapped_dates(text: str, parts: tuple[str, str, str]) -> None:
    assert date_parts(text) == parts


@pytest.mark.parametrize("text", ["", "  ", "unknown", "19"])
def test_it_reads_no_date_from_text_without_one(text: str) -> None:
    assert date_parts(text) is None


@pytest.mark.parametrize("text", ["в/ч А1234", "military unit A1234", "А-1234", "A 1234", "військова частина А1234"])
def test_every_form_of_a_unit_has_one_key(text: str) -> None:
    assert unit_key(text) == ("A1234", "1234")


def test_a_unit_without_its_letter_keeps_its_number() -> None:
    assert unit_key("1234") == ("1234", "1234")
    assert unit_key("") == ("", "")
