"""Ukrainian ↔ Russian name forms used to write the same man two ways."""

from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward_core.demo import names
from homeward_core.demo.names import (
    ALIASES,
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
    Language,
    Sex,
    feminine_surname,
    given_name_in,
    patronymic,
    patronymic_in,
    surname_in,
)


def test_the_table_is_large_enough() -> None:
    assert len(MALE_GIVEN_NAMES) >= 120
    assert len(FEMALE_GIVEN_NAMES) >= 40


def test_the_tables_provenance_is_stated_where_the_table_lives() -> None:
    assert names.__doc__ is not None
    assert "come from ``homeward_core.names``" in " ".join(names.__doc__.split())
    table = resources.files("homeward_core.names").joinpath("data/given_names.tsv").read_text("utf-8")
    header = " ".join(line.removeprefix("# ") for line in table.splitlines() if line.startswith("#"))
    assert "homeward's own compilation of standard name forms" in header
    assert "no third-party table was copied" in header


@pytest.mark.parametrize("pairs", [MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES])
def test_the_table_is_bidirectional(pairs: tuple[tuple[str, str], ...]) -> None:
    for uk, ru in pairs:
        assert given_name_in(uk, "ru") == ru
        assert given_name_in(ru, "uk") == uk
        assert given_name_in(uk, "uk") == uk
        assert given_name_in(ru, "ru") == ru


def test_each_form_belongs_to_one_pair_only() -> None:
    pairs = MALE_GIVEN_NAMES + FEMALE_GIVEN_NAMES
    assert len({uk for uk, _ in pairs}) == len(pairs)
    assert len({ru for _, ru in pairs}) == len(pairs)


def test_every_alias_points_into_the_table() -> None:
    for variant, standard in ALIASES.items():
        assert names.given_name_pair(standard) is not None, standard
        assert names.given_name_pair(variant) == names.given_name_pair(standard)


@pytest.mark.parametrize(
    ("uk", "ru"),
    [("Олександр", "Александр"), ("Андрій", "Андрей"), ("Сергій", "Сергей"),
     ("Дмитро", "Дмитрий"), ("Юрій", "Юрий"), ("Микола", "Николай"), ("Григорій", "Григорий"),
     ("Олексій", "Алексей"), ("Іван", "Иван"), ("Петро", "Пётр"), ("Євген", "Евгений"),
     ("Ганна", "Анна"), ("Олена", "Елена"), ("Марія", "Мария")],
)
def test_well_known_equivalents(uk: str, ru: str) -> None:
    assert given_name_in(uk, "ru") == ru
    assert given_name_in(ru, "uk") == uk


def test_lookup_ignores_yo_and_apostrophe_variants() -> None:
    assert given_name_in("Петр", "uk") == "Петро"
    assert given_name_in("В'ячеслав", "ru") == "Вячеслав"
    assert given_name_in("В’ячеслав", "ru") == "Вячеслав"


@pytest.mark.parametrize(
    ("father", "uk_m", "uk_f", "ru_m", "ru_f"),
    [
        ("Олександр", "Олександрович", "Олександрівна", "Александрович", "Александровна"),
        ("Іван", "Іванович", "Іванівна", "Иванович", "Ивановна"),
        ("Микола", "Миколайович", "Миколаївна", "Николаевич", "Николаевна"),
        ("Сергій", "Сергійович", "Сергіївна", "Сергеевич", "Сергеевна"),
        ("Юрій", "Юрійович", "Юріївна", "Юрьевич", "Юрьевна"),
        ("Петро", "Петрович", "Петрівна", "Петрович", "Петровна"),
        ("Дмитро", "Дмитрович", "Дмитрівна", "Дмитриевич", "Дмитриевна"),
        ("Василь", "Васильович", "Василівна", "Васильевич", "Васильевна"),
        ("Ілля", "Ілліч", "Іллівна", "Ильич", "Ильинична"),
        ("Ігор", "Ігорович", "Ігорівна", "Игоревич", "Игоревна"),
        ("Павло", "Павлович", "Павлівна", "Павлович", "Павловна"),
        ("Михайло", "Михайлович", "Михайлівна", "Михайлович", "Михайловна"),
        ("Яків", "Якович", "Яківна", "Яковлевич", "Яковлевна"),
        ("Лев", "Львович", "Львівна", "Львович", "Львовна"),
        ("Федір", "Федорович", "Федорівна", "Фёдорович", "Фёдоровна"),
        ("Микита", "Микитович", "Микитівна", "Никитич", "Никитична"),
    ],
)
def test_patronymics_follow_from_the_fathers_name(
    father: str, uk_m: str, uk_f: str, ru_m: str, ru_f: str
) -> None:
    assert patronymic(father, language="uk", sex="m") == uk_m
    assert patronymic(father, language="uk", sex="f") == uk_f
    assert patronymic(father, language="ru", sex="m") == ru_m
    assert patronymic(father, language="ru", sex="f") == ru_f


@given(st.sampled_from(MALE_GIVEN_NAMES), st.sampled_from(("m", "f")))
def test_a_patronymic_converts_both_ways(pair: tuple[str, str], sex: Sex) -> None:
    uk, ru = pair
    uk_form = patronymic(uk, language="uk", sex=sex)
    ru_form = patronymic(ru, language="ru", sex=sex)
    assert patronymic_in(uk_form, "ru") == ru_form
    assert patronymic_in(ru_form, "uk") == uk_form


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_no_two_fathers_give_the_same_patronymic(language: Language) -> None:
    sexes: tuple[Sex, ...] = ("m", "f")
    forms = [patronymic(pair[0 if language == "uk" else 1], language=language, sex=sex)
             for pair in MALE_GIVEN_NAMES for sex in sexes]
    assert len(set(forms)) == len(forms)


@pytest.mark.parametrize(
    ("uk", "ru"),
    [
        ("Коваленко", "Коваленко"),
        ("Згурський", "Згурский"),
        ("Гайворонський", "Гайворонский"),
        ("Ґжицький", "Гжицкий"),
        ("Андрієнко", "Андриенко"),
        ("Авдєєнко", "Авдеенко"),
        ("Андріїшин", "Андриишин"),
        ("Забарний", "Забарный"),
        ("Тихий", "Тихий"),
        ("Ковальов", "Ковалёв"),
        ("Едуардович", "Эдуардович"),
        ("Гоголь-Яновський", "Гоголь-Яновский"),
    ],
)
def test_ukrainian_surnames_in_russian(uk: str, ru: str) -> None:
    assert surname_in(uk, "ru") == ru


@pytest.mark.parametrize(
    ("ru", "uk"),
    [
        ("Коваленко", "Коваленко"),
        ("Смирнов", "Смірнов"),
        ("Никитин", "Нікітін"),
        ("Шишкин", "Шишкін"),
        ("Достоевский", "Достоєвський"),
        ("Жилецкий", "Жилецький"),
        ("Рыбаков", "Рибаков"),
        ("Королёв", "Корольов"),
        ("Ёлкин", "Йолкін"),
        ("Лебедев", "Лебедєв"),
        ("Белый", "Белий"),
    ],
)
def test_russian_surnames_in_ukrainian(ru: str, uk: str) -> None:
    assert surname_in(ru, "uk") == uk


@pytest.mark.parametrize(
    ("male", "language", "female"),
    [
        ("Згурський", "uk", "Згурська"),
        ("Забарний", "uk", "Забарна"),
        ("Петрів", "uk", "Петрів"),
        ("Коваленко", "uk", "Коваленко"),
        ("Шевчук", "uk", "Шевчук"),
        ("Смірнов", "uk", "Смірнова"),
        ("Згурский", "ru", "Згурская"),
        ("Забарный", "ru", "Забарная"),
        ("Иванов", "ru", "Иванова"),
        ("Ильин", "ru", "Ильина"),
        ("Толстой", "ru", "Толстая"),
    ],
)
def test_feminine_surnames(male: str, language: Language, female: str) -> None:
    assert feminine_surname(male, language=language) == female
