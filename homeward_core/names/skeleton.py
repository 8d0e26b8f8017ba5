"""The skeleton of a name: its spelling in Ukrainian, Russian or any romanisation reduced to one small
Latin alphabet, by rules that undo the differences between the languages and the standards.

This is step 2 of the match key (docs/names.md): Cyrillic letters are written with one neutral Latin
sign each, and every Latin spelling is reduced to the same alphabet (y/j/i, ye/ie/e, kh/h/g,
ch/tsch/tch, w/v, x/ks, doubled letters, -skyi/-skiy/-sky …). Surnames and patronymics also take
their suffix rules. The skeleton is applied until it no longer changes, so a key is its own key.
"""

from __future__ import annotations

import re
from typing import Literal

from homeward_core.names.normal_form import normal_form

Part = Literal["surname", "given", "patronymic"]
PARTS: tuple[Part, ...] = ("surname", "given", "patronymic")

# Cyrillic letters and the Latin letters with diacritics that the standards use, in one table. Upper-case
# letters are placeholders for sounds that Latin spellings write with digraphs, so that "с"+"х" is never
# read as "sh" and no later rule rewrites them.
_LETTERS = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "G", "д": "d", "е": "e", "є": "ie", "ж": "Z", "з": "z",
    "и": "i", "і": "i", "ї": "ii", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "G", "ц": "C", "ч": "H",
    "ш": "S", "щ": "S", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ž": "Z", "š": "S", "č": "H", "ŝ": "S", "ĉ": "H", "ë": "e", "ê": "ie", "ï": "ii", "ì": "i",
    "è": "e", "é": "e", "ė": "e", "ĭ": "i", "ȳ": "i", "ý": "i", "û": "iu", "â": "ia", "ü": "iu",
    "ö": "o", "ó": "o", "ò": "o", "á": "a", "à": "a", "ä": "a", "í": "i", "ú": "u", "ù": "u",
    "ç": "s", "ł": "l", "ń": "n", "ś": "s", "ź": "z", "ż": "Z", "ß": "s", "ǵ": "g",
    "\u0300": "", "\u0301": "", "\u0361": "", "\u0306": "", "ʹ": "", "ʺ": "", "ʼ": "", "'": "",
    "`": "", "”": "", "“": "", "’": "", "-": " ", ".": " ",
})  # fmt: skip

# Digraphs of the standards and of informal English, German and French spellings, replaced in this
# order (longest first), then the single letters that remain ambiguous.
_H_DIGRAPHS = (
    ("schtsch", "S"), ("shtch", "S"), ("chtch", "S"), ("shch", "S"), ("tsch", "H"), ("shh", "S"),
    ("sch", "S"), ("tch", "H"), ("zh", "Z"), ("kh", "G"), ("ch", "H"), ("sh", "S"), ("ph", "f"),
)  # fmt: skip
_OTHER_DIGRAPHS = (("ts", "C"), ("tz", "C"), ("cz", "C"), ("ck", "k"), ("ou", "u"))
# ц and к share a key letter: Ukrainian passports of 2004 and informal spellings write к as c
# (Olecsandr, Victor), ISO 9 writes ц as c (Kuznecov); no pair of names in the table differs only there.
_SINGLES = str.maketrans({
    "x": "g", "w": "v", "q": "k", "h": "g", "c": "k", "y": "i", "j": "i",
    "Z": "zh", "S": "sh", "H": "ch", "C": "k", "G": "g",
})  # fmt: skip
# x is кс after a vowel (Alexander, Maxim) and х elsewhere (scholarly and GOST B: Xarčenko, Arxypenko).
_X_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])x")
# French: gu before e/i is г (Guerasimov); German words (w, tsch) write х as ch and ц as z.
_FRENCH_GU = re.compile(r"gu(?=[eiy])")
_GERMAN_WORD = re.compile(r"\b\w*(?:w|tsch)\w*")
_GERMAN_LETTERS = re.compile(r"(?<![st])ch|z")
# French words (ou, tch) write ш as ch and ж as j: Chevtchenko, Joukov.
_FRENCH_WORD = re.compile(r"\b\w*(?:ou|tch)\w*")
_FRENCH_LETTERS = re.compile(r"(?<!t)ch|j")
_DOUBLE = re.compile(r"(.)\1+")
_HAS_DOUBLE = re.compile(r"(.)\1")  # searching first is five times faster than always substituting
_YO = re.compile(r"(?<=[bdfgklmnprstvz])io")  # ё after a consonant: yo / io / ë are е
# Ukrainian ій before a consonant is Russian ей (Олійник / Олейник, Матвійчук / Матвейчук).
_EI = re.compile(r"ei(?=[bcdfgklmnprstvz])")
_NOT_LETTER = re.compile(r"[^a-z ]+")

# Surname endings: Russian and Ukrainian forms of the same suffix, after the skeleton.
_SURNAME_ENDINGS = (
    (re.compile(r"(?<=[a-z]{2})(?:ev|iv)(?=a?\b)"), "ov"),  # -ев/-ёв/-ьов/-ів → -ов
    (re.compile(r"(?<=[a-z]{2})aia\b"), "a"),  # -ская / -ська, -ая / -а (Толстая / Толста)
    (re.compile(r"(?<=[a-z]{2}in)e\b"), ""),  # French -ine for -ин (Sorokine)
)
_PATRONYMIC_ENDINGS = ((re.compile(r"ev(?=ich\b|na\b)"), "ov"),)
_ENDINGS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "surname": _SURNAME_ENDINGS, "patronymic": _PATRONYMIC_ENDINGS, "given": (),
}
_ENDING_TRIGGERS: dict[str, tuple[str, ...]] = {
    "surname": ("ev", "iv", "eva", "iva", "aia", "ine"), "patronymic": ("evich", "evna"), "given": (),
}
# Signs that a pass of the skeleton could still change its own output; a key without them is final.
_MAY_CHANGE = re.compile(r"tch|sch|hch|ts|tz|ou|gu|io|ie|ei|(.)\1")


def _french(match: re.Match[str]) -> str:
    return _FRENCH_LETTERS.sub(lambda letter: "S" if letter[0] == "ch" else "Z", match[0])


def _german(match: re.Match[str]) -> str:
    return _GERMAN_LETTERS.sub(lambda letter: "G" if letter[0] == "ch" else "C", match[0])


# Cyrillic straight to the key's letters, for text with no Latin letter: the only Latin rules that could
# apply to its romanisation are тс/тз (read as ц) and оу (read as у), done before the one translate.
_CYRILLIC_KEY = str.maketrans({
    cyrillic: latin.translate(_SINGLES) for cyrillic, latin in (
        ("а", "a"), ("б", "b"), ("в", "v"), ("г", "G"), ("д", "d"), ("е", "e"), ("є", "ie"), ("ж", "Z"),
        ("з", "z"), ("и", "i"), ("і", "i"), ("ї", "ii"), ("й", "i"), ("к", "k"), ("л", "l"), ("м", "m"),
        ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"),
        ("х", "G"), ("ц", "C"), ("ч", "H"), ("ш", "S"), ("щ", "S"), ("ъ", ""), ("ы", "i"), ("ь", ""),
        ("э", "e"), ("ю", "iu"), ("я", "ia"), ("ʼ", ""), ("-", " "), (".", " "),
    )
})  # fmt: skip
_CYRILLIC_ONLY = re.compile(r"[а-яєіїʼ\- .]+")


def _skeleton_once(text: str, part: Part) -> str:
    if not text.isascii() and _CYRILLIC_ONLY.fullmatch(text):
        for pair, sound in _CYRILLIC_PAIRS:
            if pair in text:
                text = text.replace(pair, sound)
        text = text.translate(_CYRILLIC_KEY)
    else:
        text = _latin_letters(text)
    return _vowels_and_endings(text, part)


_CYRILLIC_PAIRS = (("тс", "ц"), ("тз", "ц"), ("оу", "у"))


def _latin_letters(text: str) -> str:
    text = text.translate(_LETTERS)
    if "w" in text or "tsch" in text:
        text = _GERMAN_WORD.sub(_german, text)
    elif "ou" in text or "tch" in text:
        text = _FRENCH_WORD.sub(_french, text)
    if "x" in text:
        text = _X_AFTER_VOWEL.sub("ks", text)
    if "gu" in text:
        text = _FRENCH_GU.sub("g", text)
    if "h" in text:  # Cyrillic input never has one: its digraph sounds are placeholders already
        for digraph, sound in _H_DIGRAPHS:
            if digraph in text:
                text = text.replace(digraph, sound)
    for digraph, sound in _OTHER_DIGRAPHS:
        if digraph in text:
            text = text.replace(digraph, sound)
    text = text.translate(_SINGLES)
    if not (text.isascii() and text.replace(" ", "").isalpha() and text.islower()):
        text = _NOT_LETTER.sub("", text)
    return text


def _vowels_and_endings(text: str, part: Part) -> str:
    if _HAS_DOUBLE.search(text):
        text = _DOUBLE.sub(r"\1", text)
    if "ie" in text:
        text = text.replace("ie", "e")  # є / ye / ie / je are е
        if _HAS_DOUBLE.search(text):
            text = _DOUBLE.sub(r"\1", text)
    if "io" in text:
        text = _YO.sub("e", text)
    if "ei" in text:
        text = _EI.sub("i", text)
    if " " in text or text.endswith(_ENDING_TRIGGERS[part]):
        for pattern, replacement in _ENDINGS[part]:
            text = pattern.sub(replacement, text)
    return " ".join(text.split()) if "  " in text or text[:1] == " " or text[-1:] == " " else text


def skeleton(text: str, part: Part) -> str:
    """The part-specific Latin skeleton of ``text``, applied until it is stable (so a key is its own key)."""
    text = normal_form(text)
    while True:
        reduced = _skeleton_once(text, part)
        if reduced == text or _is_final(reduced, part):
            return reduced
        text = reduced


def _is_final(key: str, part: Part) -> bool:
    """True only when no rule of a pass applies to ``key`` (so a second pass is not needed)."""
    return not (" " in key or key.endswith(_ENDING_TRIGGERS[part]) or _MAY_CHANGE.search(key))


