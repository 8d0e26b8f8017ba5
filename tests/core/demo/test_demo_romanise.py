"""The demo's romanisers, against forms published with each standard."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward_core.demo.romanise import bgn_pcgn, informal_english, kmu2010

CYRILLIC = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'ʼ"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Олександр Коваленко", "Oleksandr Kovalenko"),
        ("Згурський", "Zghurskyi"),
        ("Розгон", "Rozghon"),
        ("Юрій", "Yurii"),
        ("Олексій", "Oleksii"),
        ("Єгор", "Yehor"),
        ("Гаєвич", "Haievych"),
        ("Єнакієве", "Yenakiieve"),
        ("Їжакевич", "Yizhakevych"),
        ("Кадиївка", "Kadyivka"),
        ("Йосипівка", "Yosypivka"),
        ("Стрий", "Stryi"),
        ("Юрчишин", "Yurchyshyn"),
        ("Корюківка", "Koriukivka"),
        ("Яготин", "Yahotyn"),
        ("Костянтин", "Kostiantyn"),
        ("Знам'янка", "Znamianka"),
        ("Короп'є", "Koropie"),
        ("Вʼячеслав", "Viacheslav"),
        ("Феодосія", "Feodosiia"),
        ("Ґалаґан", "Galagan"),
        ("Борщагівка", "Borshchahivka"),
        ("Жашків", "Zhashkiv"),
        ("ЩУКА", "SHCHUKA"),
        ("Гоголь-Яновський", "Hohol-Yanovskyi"),
    ],
)
def test_kmu2010_matches_the_resolutions_examples(cyrillic: str, latin: str) -> None:
    assert kmu2010(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Александр", "Aleksandr"),
        ("Юрий", "Yuriy"),
        ("Сергей", "Sergey"),
        ("Дмитрий", "Dmitriy"),
        ("Евгений", "Yevgeniy"),
        ("Николаевич", "Nikolayevich"),
        ("Андреевич", "Andreyevich"),
        ("Соловьёв", "Solovyev"),
        ("Пётр", "Petr"),
        ("Майя", "Mayya"),
        ("Щукин", "Shchukin"),
        ("Хрущёв", "Khrushchev"),
        ("Цветков", "Tsvetkov"),
        ("Быков", "Bykov"),
        ("Эдуард", "Eduard"),
    ],
)
def test_bgn_pcgn_writes_plain_ascii_forms(cyrillic: str, latin: str) -> None:
    assert bgn_pcgn(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Александр", "Alexander"),
        ("Олександр", "Alexander"),
        ("Сергей", "Sergei"),
        ("Юрий", "Yuri"),
        ("Юрій", "Yuri"),
        ("Дмитрий", "Dmitry"),
        ("Виталий", "Vitaly"),
        ("Геннадий", "Gennady"),
        ("Максименко", "Maximenko"),
        ("Коваленко", "Kovalenko"),
        ("Жуков", "Zhukov"),
    ],
)
def test_informal_english_uses_familiar_spellings(cyrillic: str, latin: str) -> None:
    assert informal_english(cyrillic) == latin


@given(st.text(alphabet=CYRILLIC, min_size=1, max_size=20))
def test_every_romaniser_leaves_no_cyrillic(text: str) -> None:
    for romanise in (kmu2010, bgn_pcgn, informal_english):
        out = romanise(text)
        assert out.isascii(), (romanise.__name__, text, out)


@given(st.text(alphabet="abcXYZ 0123-.,", max_size=20))
def test_text_without_cyrillic_passes_through(text: str) -> None:
    for romanise in (kmu2010, bgn_pcgn, informal_english):
        assert romanise(text) == text
