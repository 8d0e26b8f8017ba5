"""Properties that hold for any text: idempotence, round trips, keys as functions of keys."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from homeward_core.names import (
    match_key,
    match_keys,
    normalise,
    phonetic_key,
    similarity,
    to_cyrillic,
    transliterate,
)
from homeward_core.names.standards import from_iso9, looks_like_iso9

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LATIN = "abcdefghijklmnopqrstuvwxyzčšžŝëïâûèìʹʺ'`’"
PARTS = st.sampled_from(["surname", "given", "patronymic"])
# Names as rosters hold them: either alphabet, both cases, hyphens, apostrophes, stray spaces.
names = st.text(alphabet=UKRAINIAN + RUSSIAN + UKRAINIAN.upper() + RUSSIAN.upper() + LATIN + LATIN.upper() + " -.",
                max_size=30)
# Words as names are written: lower case, or capitalised (ISO 9 writes ь and ъ alike in both cases, and
# an all-capital word comes back all-capital).
def _written(word: str, title: bool) -> str:
    return word.capitalize() if title and word[0] not in "ьъ" else word  # no name starts with ь or ъ


ukrainian_words = st.builds(_written,
                            st.text(alphabet=UKRAINIAN.replace("ʼ", ""), min_size=1, max_size=20), st.booleans())
russian_words = st.builds(_written,
                          st.text(alphabet=RUSSIAN, min_size=1, max_size=20), st.booleans())


@given(st.text(max_size=40))
def test_normalise_is_idempotent_on_any_text(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(names)
def test_normalise_is_idempotent_on_names(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=400)
@given(names, PARTS)
def test_a_key_is_its_own_key(text: str, part: str) -> None:
    key = match_key(text, part)  # type: ignore[arg-type]
    assert match_key(key, part) == key  # type: ignore[arg-type]
    assert key == key.strip() and "  " not in key


@given(st.text(max_size=30), PARTS)
def test_any_text_has_a_key_of_plain_latin_letters(text: str, part: str) -> None:
    key = match_key(text, part)  # type: ignore[arg-type]
    assert all("a" <= c <= "z" or c == " " for c in key)


@given(names, PARTS)
def test_the_phonetic_key_is_a_function_of_the_match_key(text: str, part: str) -> None:
    # So two spellings with one match key always fall into one block.
    assert phonetic_key(match_key(text, part), part) == phonetic_key(text, part)  # type: ignore[arg-type]


@given(ukrainian_words)
def test_iso9_round_trips_ukrainian(word: str) -> None:
    assert from_iso9(transliterate(word, "uk_iso9")) == word


@given(russian_words)
def test_iso9_round_trips_russian(word: str) -> None:
    # ISO 9 and GOST 7.79 System A are the same table.
    assert from_iso9(transliterate(word, "ru_iso9")) == word


@given(ukrainian_words)
def test_to_cyrillic_reverses_iso9_first(word: str) -> None:
    latin = transliterate(word, "uk_iso9")
    assume(looks_like_iso9(latin))  # "Hata" could be any standard; "Hata" with ê or ž is ISO 9
    assume("шч" not in word.lower())  # read first as щ, the scholarly šč
    assert to_cyrillic(latin, "uk")[0] == word.lower()


@given(st.lists(names, max_size=20), PARTS)
def test_batch_keys_are_the_single_keys(values: list[str], part: str) -> None:
    assert match_keys(values, part) == [match_key(v, part) for v in values]  # type: ignore[arg-type]


@given(names, names, PARTS)
def test_similarity_is_symmetric_and_bounded(a: str, b: str, part: str) -> None:
    forward = similarity(a, b, part)  # type: ignore[arg-type]
    assert 0.0 <= forward <= 1.0
    assert forward == similarity(b, a, part)  # type: ignore[arg-type]
    if match_key(a, part) and match_key(a, part) == match_key(b, part):  # type: ignore[arg-type]
        assert forward == 1.0
