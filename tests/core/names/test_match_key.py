"""match_key: the spellings of one name share a key; different names do not."""

import pytest

from homeward_core.names import match_key, match_keys, phonetic_key, phonetic_keys, similarity

SAME = [
    ("given", ["Олександр", "Александр", "Oleksandr", "Aleksandr", "Alexander", "Oleksander", "Alexandre", "Саша"]),
    ("patronymic", ["Петрович", "Petrovych", "Petrovich", "Petrowitsch", "Petrovitch"]),
    ("patronymic", ["Миколайович", "Николаевич", "Mykolaiovych", "Nikolaevich", "Nikolayevich"]),
    ("surname", ["Ковальов", "Ковалёв", "Ковалев", "Kovalov", "Kovalyov", "Kovalev", "Kowaljow"]),
    ("surname", ["Вишневський", "Вишневский", "Vyshnevskyi", "Vishnevsky", "Vishnevskiy", "Wischnewski"]),
    ("surname", ["Згурський", "Згурский", "Zghurskyi", "Zgurskiy"]),
    ("given", ["Юлія", "Юлия", "Yuliia", "Yulia", "Julia", "Юля"]),
]


@pytest.mark.parametrize(("part", "spellings"), SAME)
def test_spellings_of_one_name_share_a_key(part: str, spellings: list[str]) -> None:
    keys = {spelling: match_key(spelling, part) for spelling in spellings}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(
    ("part", "a", "b"),
    [
        ("given", "Іван", "Иона"),
        ("given", "Олександр", "Олександра"),
        ("given", "Олексій", "Олександр"),
        ("patronymic", "Петрович", "Петрівна"),
        ("surname", "Коваленко", "Ковальов"),
        ("surname", "Шевченко", "Шевчук"),
    ],
)
def test_different_names_keep_different_keys(part: str, a: str, b: str) -> None:
    assert match_key(a, part) != match_key(b, part)


def test_a_diminutive_shares_the_full_names_key() -> None:
    assert match_key("Петрик", "given") == match_key("Петро", "given") == match_key("Пётр", "given")


def test_empty_input_has_an_empty_key() -> None:
    assert match_key("", "surname") == "" and match_key("  ", "given") == ""


def test_an_unknown_part_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="middle"):
        match_key("Іван", "middle")  # type: ignore[arg-type]


def test_batch_keys_equal_single_keys_in_order() -> None:
    values = ["Олександр", "Alexander", "", "Олександр", "Ivan"]
    assert match_keys(values, "given") == [match_key(v, "given") for v in values]


def test_a_missing_value_in_a_column_has_an_empty_key() -> None:
    assert match_keys(["Іван", None], "given") == ["ivan", ""]
    assert phonetic_keys([None, "Іван"], "given") == ["", "ifan"]


def test_phonetic_key_is_coarser_than_match_key() -> None:
    assert phonetic_key("Коваленко", "surname") == phonetic_key("Kovalenko", "surname")
    assert phonetic_key("Шевченко", "surname") != phonetic_key("Коваленко", "surname")


def test_similarity_reads_keys_not_scripts() -> None:
    assert similarity("Коваленко", "Kovalenko", "surname") == 1.0
    assert 0.8 < similarity("Коваленко", "Коваленков", "surname") < 1.0
    assert similarity("Коваленко", "Шевчук", "surname") < 0.7
    assert similarity("", "Шевчук", "surname") == 0.0


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [  # Ukrainian surnames and the way Russian clerks write them (not derived by homeward's own rules)
        ("Олійник", "Олейник"), ("Матвійчук", "Матвейчук"), ("Мірошниченко", "Мирошниченко"),
        ("Кравець", "Кравец"), ("Швець", "Швец"), ("Сергієнко", "Сергиенко"), ("Андрієнко", "Андриенко"),
        ("Заїка", "Заика"), ("Ткачов", "Ткачёв"), ("Соловйов", "Соловьёв"), ("Журавльов", "Журавлёв"),
        ("Бєлов", "Белов"), ("Лебедєв", "Лебедев"), ("Бондар", "Бондарь"), ("Кузьмін", "Кузьмин"),
        ("Ільїн", "Ильин"), ("Забарний", "Забарный"), ("Вишневська", "Вишневская"), ("Іванів", "Иванов"),
    ],
)  # fmt: skip
def test_a_ukrainian_surname_and_its_russian_spelling_share_a_key(ukrainian: str, russian: str) -> None:
    assert match_key(ukrainian, "surname") == match_key(russian, "surname")


def test_batch_phonetic_keys_equal_single_keys_in_order() -> None:
    values = ["Коваленко", "Kovalenko", "", "Шевчук", "Коваленко"]
    assert phonetic_keys(values, "surname") == [phonetic_key(v, "surname") for v in values]


def test_one_slip_of_the_pen_leads_to_the_only_name_that_close() -> None:
    assert match_key("Олексамдр", "given") == match_key("Александр", "given")  # a letter replaced
    assert match_key("Втіалій", "given") == match_key("Виталий", "given")  # two letters swapped
    assert match_key("Владиславв", "given") == match_key("Владислав", "given")  # a letter too many
    assert match_key("Миколайвич", "patronymic") == match_key("Николаевич", "patronymic")  # one missing


def test_a_slip_that_could_be_two_names_or_a_short_name_is_left_as_written() -> None:
    assert match_key("Ифан", "given") == "ifan"  # four letters: too short to say it is Іван
    assert match_key("Гліфон", "given") == "glifon"  # no name of the table is one slip away
    assert match_key("Aleksi", "given") == "aleksi"  # one slip from Aleksei (Олексій) and from Aleks (Олександр)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Michailow", "Михайлов"), ("Zwetkow", "Цветков"), ("Chevtchenko", "Шевченко"), ("Joukov", "Жуков")],
)
def test_a_word_that_marks_its_language_is_read_in_it(latin: str, cyrillic: str) -> None:
    # w or tsch: German (ch is х, z is ц); ou or tch: French (ch is ш, j is ж).
    assert match_key(latin, "surname") == match_key(cyrillic, "surname")
