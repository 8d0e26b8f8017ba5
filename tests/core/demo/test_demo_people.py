"""DemoPerson values and the slips of the pen that make records of one man differ."""

import dataclasses
import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward_core.demo import DECLARED_FIELDS, DemoPerson
from homeward_core.demo.people import typo

VALID = DemoPerson(
    side="A", kind="sought", external_ref="A-S-000001", surname="Коваленко",
    given_name="Олександр", patronymic="Миколайович", script="cyrl",
    surname_latin="Kovalenko", given_name_latin="Oleksandr", patronymic_latin="Mykolaiovych",
    birth_year=2002, birth_month=3, birth_day=14, place_of_birth="с. Вербівка",
    rank="солдат", service_number="АВ 123456", unit="в/ч А1234", nationality="A",
    mother_maiden_name="", next_of_kin="", legal_status="pow", captured_on=date(2024, 5, 1),
    captured_place="", detention_place="", medical_category="", seriously_wounded=False,
    ill=False, interview_outcome="", sex="m", truth_id="T-A-000001",
)


def _person(**changes: Any) -> DemoPerson:
    return dataclasses.replace(VALID, **changes)  # validates again


def test_a_complete_person_is_valid() -> None:
    assert _person().birth_day == 14


@pytest.mark.parametrize(
    "birth", [(2002, None, None), (2002, 3, None), (None, None, None), (2000, 2, 29)]
)
def test_partial_birth_dates_are_allowed(birth: tuple[int | None, ...]) -> None:
    year, month, day = birth
    assert _person(birth_year=year, birth_month=month, birth_day=day).birth_year == year


@pytest.mark.parametrize(
    "birth", [(2002, None, 14), (None, 3, None), (2002, 2, 30), (2001, 2, 29), (2002, 13, 1)]
)
def test_impossible_birth_dates_are_refused(birth: tuple[int | None, ...]) -> None:
    year, month, day = birth
    with pytest.raises(ValueError):
        _person(birth_year=year, birth_month=month, birth_day=day)


@pytest.mark.parametrize(
    "change",
    [{"legal_status": "prisoner"}, {"medical_category": "A4"}, {"interview_outcome": "maybe"}],
)
def test_unknown_codes_are_refused(change: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        _person(**change)


def test_a_person_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _person().surname = "Шевченко"  # type: ignore[misc]


def test_declared_fields_are_everything_but_the_ground_truth() -> None:
    names = [f.name for f in dataclasses.fields(DemoPerson)]
    assert "truth_id" not in DECLARED_FIELDS
    assert list(DECLARED_FIELDS) == [n for n in names if n != "truth_id"]


@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщ", min_size=3, max_size=15),
       st.integers(min_value=0, max_value=2**32))
def test_a_typo_changes_one_letter_or_swaps_two(word: str, seed: int) -> None:
    word = word.capitalize()
    out = typo(word, "абвгдежзийклмнопрстуфхцчшщ", random.Random(seed))
    assert len(out) == len(word)
    assert out[0] == word[0]
    differing = [i for i, (a, b) in enumerate(zip(word, out, strict=True)) if a != b]
    assert len(differing) in (0, 1, 2)
    if len(differing) == 2:
        i, j = differing
        assert j == i + 1 and (word[i], word[j]) == (out[j], out[i])


def test_a_typo_usually_changes_the_word() -> None:
    rng = random.Random(1)
    changed = sum(typo("Коваленко", "абвгдеєжзиіїйклмнопрстуфхцчшщьюя", rng) != "Коваленко"
                  for _ in range(200))
    assert changed > 190
