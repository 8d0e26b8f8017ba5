"""Over the whole name table: every standard covered, both languages agree, different names differ.

The floors are the rates measured when they were set (docs/names.md reports them), rounded down: a change
to the key rules that loses agreement or adds collisions fails here.
"""

import pytest

from homeward_core.names import STANDARDS
from homeward_core.names.evaluation import (
    agreement_by_standard,
    collision_rates,
    cross_language_agreement,
    demo_pair_agreement,
    phonetic_collision_rates,
    table_names,
)

# What a standard cannot tell apart without knowing it was used: x for х and ks (scholarly, GOST B),
# j for ж and й (2004 passports), s for з and с and sch for ж and ш (German), French spellings without
# a French mark (ou, tch) that write ш as ch.
AGREEMENT_FLOOR = {
    "uk_passport_2004": 0.975, "uk_scholarly": 0.975, "uk_informal_de": 0.90, "uk_informal_fr": 0.95,
    "ru_gost_779_b": 0.965, "ru_scholarly": 0.965, "ru_informal_de": 0.90, "ru_informal_fr": 0.945,
}  # fmt: skip


@pytest.fixture(scope="module")
def agreement() -> dict:
    return agreement_by_standard()


def test_the_table_is_hundreds_of_names_of_each_part() -> None:
    parts = {part: sum(1 for n in table_names() if n.part == part) for part in ("given", "patronymic", "surname")}
    assert parts["given"] >= 500 and parts["patronymic"] >= 800 and parts["surname"] >= 1500


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_every_standard_keeps_the_key_of_the_cyrillic_name(standard: str, agreement: dict) -> None:
    rate = agreement[standard]
    assert rate.total > 1000
    assert rate.rate >= AGREEMENT_FLOOR.get(standard, 0.999), rate.examples


def test_ukrainian_and_russian_forms_share_a_key() -> None:
    rates = cross_language_agreement()
    assert rates["given"].rate == 1.0, rates["given"].examples
    assert rates["patronymic"].rate == 1.0, rates["patronymic"].examples
    assert rates["surname"].rate >= 0.998, rates["surname"].examples


def test_different_names_keep_different_keys() -> None:
    rates = collision_rates()
    assert rates["given"].hits == 0, rates["given"].examples
    # Артём/Артемий, Арсен/Арсений, Игнат/Игнатий: variants of one name whose Russian patronymics coincide.
    assert rates["patronymic"].rate <= 0.03, rates["patronymic"].examples
    assert rates["surname"].rate <= 0.01, rates["surname"].examples


def test_the_blocking_key_is_coarser_but_still_separates_most_names() -> None:
    exact, phonetic = collision_rates(), phonetic_collision_rates()
    for part in ("given", "patronymic", "surname"):
        assert exact[part].hits <= phonetic[part].hits
        assert phonetic[part].rate <= 0.05, phonetic[part].examples


def test_on_the_demos_true_pairs_the_keys_agree_where_raw_strings_do_not() -> None:
    rates = demo_pair_agreement(size=2000)
    for part in ("surname", "given", "patronymic"):
        assert rates[part]["similarity_0_9"].rate > rates[part]["raw_jaro_winkler_0_9"].rate + 0.2
    # What is left are slips of the pen in short words (Пахом / Пххом), which the engine's similarity sees.
    assert rates["given"]["match_key"].rate >= 0.98
    assert rates["patronymic"]["match_key"].rate >= 0.99
    assert rates["surname"]["similarity_0_9"].rate >= 0.97
