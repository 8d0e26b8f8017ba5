"""detect_language: Ukrainian, Russian, or only Cyrillic when nothing tells."""

import pytest

from homeward_core.names import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Олександр", "uk"),  # no Ukrainian-only letter, but only Ukrainian writes it so
        ("Вʼячеслав", "uk"),
        ("Ґалаґан", "uk"),
        ("Вишневський", "uk"),
        ("Александр", "ru"),
        ("Ковалёв", "ru"),
        ("Быков", "ru"),
        ("Вишневский", "ru"),
        ("Николаевна", "ru"),
        ("Андрей Петрович", "ru"),
        ("Максим", "cyrl"),
        ("Коваленко", "cyrl"),
        ("Oleksandr", "latn"),
        ("", ""),
        ("123 -", ""),
    ],
)
def test_it_tells_the_language_only_when_the_spelling_does(text: str, language: str) -> None:
    assert detect_language(text) == language
