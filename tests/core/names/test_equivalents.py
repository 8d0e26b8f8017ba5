"""equivalents: a name's Ukrainian and Russian forms, in Cyrillic."""

import pytest

from homeward_core.names import equivalents


@pytest.mark.parametrize(
    ("name", "part", "forms"),
    [
        ("Олександр", "given", {"олександр", "александр"}),
        ("Александр", "given", {"олександр", "александр"}),
        ("Петро", "given", {"петро", "пётр"}),  # the table's spelling of Пётр keeps its ё
        ("Миколайович", "patronymic", {"миколайович", "николаевич"}),
        ("Николаевна", "patronymic", {"миколаївна", "николаевна"}),
        ("Вишневський", "surname", {"вишневський", "вишневский"}),
        ("Ковалёв", "surname", {"ковалев", "ковальов"}),
        ("Аронець", "surname", {"аронець", "аронец"}),
        ("Вишневська", "surname", {"вишневська", "вишневская"}),
    ],
)
def test_it_gives_both_languages_forms(name: str, part: str, forms: set[str]) -> None:
    assert {f.replace("ё", "е") for f in equivalents(name, part)} == {f.replace("ё", "е") for f in forms}  # type: ignore[arg-type]


def test_a_diminutive_leads_to_the_full_name_in_both_languages() -> None:
    assert {"олександр", "александр"} <= equivalents("Сашко", "given")
    assert {"олександр", "александр"} <= equivalents("Шура", "given")
    assert {"євген", "евгений"} <= equivalents("Женя", "given")


def test_an_unknown_given_name_is_respelled_by_rule() -> None:
    assert equivalents("Гліфон", "given") == {"гліфон", "глифон"}


def test_latin_or_empty_input_has_no_cyrillic_equivalents() -> None:
    assert equivalents("Oleksandr", "given") == frozenset()
    assert equivalents("", "surname") == frozenset()
