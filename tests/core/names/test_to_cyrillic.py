"""to_cyrillic: the likely Cyrillic spellings of a romanised name, best first."""

import pytest

from homeward_core.names import to_cyrillic, transliterate


@pytest.mark.parametrize(
    ("latin", "language", "best"),
    [
        ("Oleksandr", "uk", "олександр"),
        ("Alexander", "ru", "александр"),  # a known name comes back in the table's spelling
        ("Alexander", "uk", "олександр"),
        ("Mykolaiovych", "ru", "николаевич"),
        ("Kovalenko", "uk", "коваленко"),
        ("Vyshnevskyi", "uk", "вишневський"),
        ("Vishnevskiy", "ru", "вишневский"),
        ("Shcherbachenko", "ru", "щербаченко"),
        ("Zghurskyi", "uk", "згурський"),
        ("Ŝerbačenko", "ru", "щербаченко"),  # ISO 9 reverses exactly
        ("Solovyov", "ru", "соловьёв"),  # y between a consonant and a vowel is a soft sign
        ("Ilyin", "ru", "ильин"),
        ("Kravets", "uk", "кравець"),  # KMU does not write the soft sign of -ець
        ("Kravets", "ru", "кравец"),
    ],
)
def test_the_best_spelling_comes_first(latin: str, language: str, best: str) -> None:
    assert to_cyrillic(latin, language)[0] == best  # type: ignore[arg-type]


def test_an_ambiguous_sign_offers_the_other_reading_too() -> None:
    spellings = to_cyrillic("Eduard", "ru")
    assert {"эдуард", "едуард"} <= set(spellings)
    assert len(spellings) == len(set(spellings))


def test_iso9_round_trips_through_the_public_api() -> None:
    for name in ("Вʼячеслав", "Їжакевич", "Ґалаґан", "Щербаченко"):
        assert to_cyrillic(transliterate(name, "uk_iso9"), "uk")[0] == name.lower()


def test_no_spelling_keeps_a_sign_it_could_not_read() -> None:
    spellings = to_cyrillic("Ŝerbačenko-Wolf", "ru")
    assert spellings and spellings[0] == "щербаченко-волф"
    for spelling in spellings:
        assert all("\u0400" <= c <= "\u04ff" or c in " -ʼ" for c in spelling), spelling


def test_empty_and_unknown_language() -> None:
    assert to_cyrillic("", "uk") == []
    with pytest.raises(ValueError, match="'be'"):
        to_cyrillic("Ivan", "be")  # type: ignore[arg-type]
