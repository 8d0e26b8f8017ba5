"""Latin → Cyrillic: the likely Cyrillic spellings of a romanised name, best first.

Romanisation loses letters (KMU writes both и and ий as "y"-ish; ICAO writes
е and э alike), so the way back is a ranked list, not one answer. Known names
come first in their table spelling; ISO 9 text is reversed exactly; anything
else is read letter by letter with the language's usual reading, then with
one ambiguous sign read the other way.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from homeward_core.names.canonical import canonical_index
from homeward_core.names.normal_form import normalise
from homeward_core.names.skeleton import Part, skeleton
from homeward_core.names.standards import from_iso9, looks_like_iso9
from homeward_core.names.table import given_names, patronymics

Language = Literal["uk", "ru"]
MAX_SPELLINGS = 8

# Each Latin sign (longest first) with its Cyrillic readings, most likely first.
_READINGS: dict[Language, dict[str, tuple[str, ...]]] = {
    "uk": {
        "shch": ("щ",), "zgh": ("зг",), "kh": ("х",), "zh": ("ж",), "ts": ("ц",), "ch": ("ч",), "sh": ("ш",),
        "yi": ("ї",), "ye": ("є",), "yu": ("ю",), "ya": ("я",), "yo": ("йо",), "iia": ("ія",), "iiu": ("ію",),
        "ia": ("я", "ія"), "iu": ("ю", "іу"), "ie": ("є", "іе"), "ii": ("ій", "ії"), "i": ("і", "и", "й"),
        "y": ("и", "й"), "h": ("г",), "g": ("ґ", "г"), "e": ("е", "є"), "j": ("й",), "x": ("кс",), "w": ("в",),
        "'": ("ʼ",), "ʼ": ("ʼ",), "a": ("а",), "b": ("б",), "v": ("в",), "d": ("д",), "z": ("з",), "k": ("к",),
        "l": ("л",), "m": ("м",), "n": ("н",), "o": ("о",), "p": ("п",), "r": ("р",), "s": ("с",), "t": ("т",),
        "u": ("у",), "f": ("ф",), "c": ("к", "ц"),
    },
    "ru": {
        "shch": ("щ",), "kh": ("х",), "zh": ("ж",), "ts": ("ц",), "ch": ("ч",), "sh": ("ш",), "yu": ("ю",),
        "ya": ("я",), "ye": ("е", "э"), "yo": ("ё",), "yi": ("йи", "ыи"), "iy": ("ий", "ый"), "yy": ("ый",),
        "iu": ("ю", "иу"),
        "ia": ("я", "иа"), "ie": ("ие", "ье"), "ii": ("ий", "ии"), "y": ("ы", "й"), "i": ("и", "й"),
        "h": ("х", "г"), "g": ("г",), "e": ("е", "э"), "j": ("й",), "x": ("кс",), "w": ("в",), "'": ("ь",),
        "a": ("а",), "b": ("б",), "v": ("в",), "d": ("д",), "z": ("з",), "k": ("к",), "l": ("л",),
        "m": ("м",), "n": ("н",), "o": ("о",), "p": ("п",), "r": ("р",), "s": ("с",), "t": ("т",),
        "u": ("у",), "f": ("ф",), "c": ("к", "ц"),
    },
}  # fmt: skip
_TOKEN = {language: re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)) + "|.")
          for language, table in _READINGS.items()}
_UK_SOFT_SUFFIX = re.compile(r"([сцз])к(ий|а)\b")
_UK_SOFT_ETS = re.compile(r"ец\b")
# Signs with diacritics read as the digraphs other standards write for the same letters.
_DIACRITIC_READINGS = str.maketrans({
    "ŝ": "shch", "č": "ch", "š": "sh", "ž": "zh", "ë": "ё", "ê": "ye", "û": "ю", "â": "я", "ï": "yi",
    "ì": "i", "è": "e", "ĭ": "i", "ʹ": "'", "ʺ": "", "\u0300": "", "\u0361": "",
})  # fmt: skip
_CYRILLIC_SPELLING = re.compile(r"[\u0400-\u04ffʼ]+(?:[ -][\u0400-\u04ffʼ]+)*")  # nothing left unread
_VOWEL = "аеєиіїоуюяыэё"
_RU_IOTATED = {"ya": "я", "yo": "ё", "yu": "ю", "ye": "е", "yi": "и"}


@lru_cache(maxsize=1 << 16)
def to_cyrillic(latin: str, language: Language) -> list[str]:
    """Likely Cyrillic spellings of a romanised name in ``language``, best first (lower case, with ґ
    and ё where the spelling has them)."""
    if language not in _READINGS:
        raise ValueError(f"unknown language {language!r}; expected 'uk' or 'ru'")
    text = normalise(latin)
    if not text:
        return []
    spellings: list[str] = []
    if looks_like_iso9(latin):
        exact = _lower(from_iso9(latin))
        if "шч" in exact:  # scholarly šč is щ; in a name шч hardly ever is
            spellings.append(exact.replace("шч", "щ"))
        spellings.append(exact)
    spellings.extend(_known(text, language))
    spellings.extend(" ".join(words) for words in _read_words(text.translate(_DIACRITIC_READINGS), language))
    if language == "uk":  # KMU does not write the soft sign: -ський, -цька, -ець
        spellings = [_UK_SOFT_ETS.sub("ець", _UK_SOFT_SUFFIX.sub(r"\1ьк\2", s)) for s in spellings]
    unique = list(dict.fromkeys(s for s in spellings if _CYRILLIC_SPELLING.fullmatch(s)))
    return unique[:MAX_SPELLINGS]


def _lower(cyrillic: str) -> str:
    """Lower case with one apostrophe form, keeping ґ and ё (unlike ``normalise``): a spelling to show."""
    return " ".join(cyrillic.lower().replace("'", "ʼ").replace("’", "ʼ").split())


def _known(text: str, language: Language) -> list[str]:
    out = []
    parts: tuple[Part, ...] = ("given", "patronymic")
    for part in parts:
        key = canonical_index(part).get(skeleton(text, part))
        row = _rows(part).get(key) if key else None
        if row is not None:
            out.append(_lower(row[0] if language == "uk" else row[1]))
    return out


@cache
def _rows(part: Part) -> dict[str, tuple[str, str]]:
    rows = [(n.uk, n.ru) for n in given_names()] if part == "given" else [(p.uk, p.ru) for p in patronymics()]
    out: dict[str, tuple[str, str]] = {}
    for uk, ru in rows:
        out.setdefault(skeleton(ru, part), (uk, ru))
    return out


def _read_words(text: str, language: Language) -> list[list[str]]:
    """The best reading of each word, then readings with one ambiguous sign read another way."""
    words = [_tokens(word, language) for word in text.split(" ")]
    best = [_best(tokens) for tokens in words]
    readings = [best]
    for w, tokens in enumerate(words):
        for t, options in enumerate(tokens):
            for option in options[1:]:
                chosen = [o[0] for o in tokens]
                chosen[t] = option
                readings.append(best[:w] + ["".join(chosen)] + best[w + 1 :])
                if len(readings) >= MAX_SPELLINGS * 2:
                    return readings
    return readings


def _tokens(word: str, language: Language) -> list[tuple[str, ...]]:
    table = _READINGS[language]
    tokens: list[tuple[str, ...]] = []
    for match in _TOKEN[language].finditer(word):
        options = table.get(match[0], (match[0],))
        previous = tokens[-1][0][-1:] if tokens else ""
        if match[0] in ("y", "i") and (not tokens or previous in _VOWEL) and match.end() == len(word):
            options = ("й",) + tuple(o for o in options if o != "й")  # Андрiy, Сергiy: й after a vowel at the end
        elif language == "ru" and match[0] in _RU_IOTATED and tokens and previous not in _VOWEL + "ьъй":
            # y between a consonant and a vowel is a soft sign: Solovyov, Ilyin, Tatyana
            options = ("ь" + _RU_IOTATED[match[0]], *options)
        elif language == "uk" and match[0] == "yi" and match.end() == len(word):
            options = ("ий", "ї")  # Vyshnevskyi: и + й at the end, ї elsewhere
        elif language == "uk" and match.start() == 0 and match[0] in ("ie", "iu", "ia"):
            options = tuple(reversed(options))
        tokens.append(options)
    return tokens


def _best(tokens: list[tuple[str, ...]]) -> str:
    return "".join(options[0] for options in tokens)
