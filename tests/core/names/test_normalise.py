"""normalise: one written form per name, never a different letter."""

import pytest

from homeward_core.names import normalise


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("  ОЛЕКСАНДР   Ковальов ", "олександр ковальов"),
        ("Ковалёв", "ковалев"),
        ("Ґалаґан", "галаган"),
        ("Мар'яна", "марʼяна"),
        ("Мар’яна", "марʼяна"),
        ("Мар`яна", "марʼяна"),
        ("Марʼяна", "марʼяна"),
        ("Пeтро", "петро"),  # a Latin e in a Cyrillic word
        ("Iван", "іван"),  # a Latin I typed for the Ukrainian І
        ("Mаria", "maria"),  # a Cyrillic а in a Latin word
        ("Ковале\u0308в", "ковалев"),  # е + combining diaeresis is ё
        ("", ""),
    ],
)
def test_it_folds_what_clerks_type_differently(written: str, normal: str) -> None:
    assert normalise(written) == normal


def test_it_leaves_a_word_of_unrelated_letters_alone() -> None:
    # Щ has no Latin look-alike, so the Latin letters cannot be made Cyrillic: nothing is guessed.
    assert normalise("Щwx") == "щwx"


def test_it_does_not_turn_one_real_letter_into_another() -> None:
    assert normalise("Іван") != normalise("Иван")
    assert normalise("Петренко") != normalise("Петрінко")
