"""transliterate and romanisations: the standards as published, and the errors a caller can act on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward_core.names import STANDARDS, romanisations, transliterate

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [  # examples published with KMU resolution 55 (2010)
        ("Олександр Коваленко", "Oleksandr Kovalenko"), ("Згурський", "Zghurskyi"), ("Розгон", "Rozghon"),
        ("Юрій", "Yurii"), ("Олексій", "Oleksii"), ("Єнакієве", "Yenakiieve"), ("Гаєвич", "Haievych"),
        ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"),
        ("Корюківка", "Koriukivka"), ("Яготин", "Yahotyn"), ("Костянтин", "Kostiantyn"),
        ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"), ("Ґалаґан", "Galagan"),
        ("Борщагівка", "Borshchahivka"), ("ЩУКА", "SHCHUKA"), ("Гоголь-Яновський", "Hohol-Yanovskyi"),
    ],
)  # fmt: skip
def test_kmu_2010_matches_the_resolutions_examples(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, "uk_kmu_2010") == latin


@pytest.mark.parametrize(
    ("standard", "cyrillic", "latin"),
    [
        ("ru_icao_9303", "Александр Николаевич Ковалёв", "Aleksandr Nikolaevich Kovalev"),
        ("ru_icao_9303", "Юрий Щукин", "Iurii Shchukin"),
        ("ru_bgn_pcgn", "Евгений Николаевич Ковалёв", "Yevgeniy Nikolayevich Kovalëv"),
        ("ru_passport_1997", "Майя Объедкова", "Mayya Obyedkova"),
        ("ru_iso9", "Щукин Эдуард", "Ŝukin Èduard"),
        ("uk_iso9", "Їжак Ґалаґан", "Ïžak G̀alag̀an"),
        ("ru_gost_779_b", "Щукин Цыганов", "Shhukin Cy`ganov"),
        ("ru_informal_de", "Евгений Петрович Жуков", "Jewgeni Petrowitsch Schukow"),
        ("ru_informal_fr", "Юрий Щукин", "Iourii Chtchoukine"),
        ("ru_informal_en", "Александр Сергеевич Соловьёв", "Alexander Sergeevich Solovyov"),
        ("uk_informal_en", "Андрій Юрійович Гнатюк", "Andrei Yuriyovych Hnatyuk"),
    ],
)
def test_each_standard_writes_its_published_forms(standard: str, cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic, standard) == latin


def test_an_all_capitals_name_stays_in_capitals() -> None:
    assert transliterate("ЩУКІНА", "uk_kmu_2010") == "SHCHUKINA"
    assert transliterate("ЮЛІЯ", "ru_icao_9303") == "IULIIA"


def test_a_letter_of_the_other_language_still_romanises() -> None:
    assert transliterate("Эдуард Быков", "uk_kmu_2010") == "Eduard Bykov"
    assert transliterate("Євгенія Гнатюк", "ru_icao_9303") == "Evgeniia Gnatiuk"


def test_an_unknown_standard_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="'kmu_1996'.*uk_kmu_2010"):
        transliterate("Іван", "kmu_1996")


def test_every_standard_says_its_language_title_and_source() -> None:
    assert len(STANDARDS) >= 19
    for standard_id, standard in STANDARDS.items():
        assert standard.id == standard_id and standard.language in ("uk", "ru")
        assert standard.title and standard.source


def test_romanisations_offer_the_standards_of_the_names_language() -> None:
    ukrainian = romanisations("Олександр")
    assert ukrainian["uk_kmu_2010"] == "Oleksandr" and all(sid.startswith("uk_") for sid in ukrainian)
    russian = romanisations("Александр")
    assert russian["ru_icao_9303"] == "Aleksandr" and all(sid.startswith("ru_") for sid in russian)
    assert set(romanisations("Коваленко")) == set(STANDARDS)  # undecidable: every standard
    assert romanisations("Kovalenko") == {}


@given(st.text(alphabet=UKRAINIAN + UKRAINIAN.upper() + RUSSIAN + RUSSIAN.upper() + " -'’", max_size=24))
def test_no_standard_leaves_a_cyrillic_letter(text: str) -> None:
    for standard in STANDARDS:
        latin = transliterate(text, standard)
        assert not any("\u0400" <= c <= "\u04ff" for c in latin), (standard, text, latin)


@given(st.text(alphabet="abcXYZ 0123-.,", max_size=20))
def test_text_without_cyrillic_passes_through(text: str) -> None:
    for standard in STANDARDS:
        assert transliterate(text, standard) == text
