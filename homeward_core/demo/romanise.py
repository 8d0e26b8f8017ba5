"""Small romanisers for the demo's transliteration noise.

Three ways a clerk may write a Cyrillic name in Latin letters:

- ``kmu2010``: Ukraine's national system (Cabinet of Ministers resolution
  No. 55 of 27 January 2010), used in Ukrainian passports;
- ``bgn_pcgn``: the BGN/PCGN 1947 system for Russian, simplified to plain
  ASCII (the diaeresis of ë and the ʹ/ʺ marks for the soft and hard signs are
  dropped, as most documents do);
- ``informal_english``: what an English-speaking clerk writes by ear
  (Alexander, Sergei, Yuri, Dmitry).

These cover what the demo needs; the real transliteration module lives in
``homeward_core.names``.
"""

from __future__ import annotations

import re
from functools import cache

_APOSTROPHES = "'’ʼ`"
_WORD = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ'’ʼ`]+")

# Letters of both alphabets, so that a Russian letter in a Ukrainian name (or
# the reverse) still romanises rather than passing through.
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    "ё": "io", "ъ": "", "ы": "y", "э": "e",
}
_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}

_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
# BGN/PCGN writes е and ё as ye at the start of a word, after a vowel and
# after й, ъ and ь.
_BGN_YE_AFTER = frozenset("аеёиоуыэюяйъьіїє")

_INFORMAL = {
    **_BGN,
    "е": "e", "ё": "yo", "и": "i", "й": "i", "і": "i", "ї": "yi", "є": "ye",
}

# The spellings an English-speaking clerk reaches for first.
_INFORMAL_GIVEN_NAMES = {
    "александр": "Alexander", "олександр": "Alexander",
    "алексей": "Alexei", "олексій": "Alexei",
    "андрей": "Andrei", "андрій": "Andrei",
    "сергей": "Sergei", "сергій": "Sergei",
    "дмитрий": "Dmitry", "дмитро": "Dmitry",
    "юрий": "Yuri", "юрій": "Yuri",
    "евгений": "Evgeny", "євген": "Evgeny",
    "михаил": "Mikhail", "михайло": "Mikhail",
    "николай": "Nikolai", "микола": "Nikolai",
    "пётр": "Pyotr", "петр": "Pyotr", "петро": "Petro",
    "фёдор": "Fyodor", "федор": "Fyodor", "федір": "Fedir",
    "георгий": "Georgy", "георгій": "Georgy",
    "григорий": "Grigory", "григорій": "Grigory",
    "виктор": "Victor", "віктор": "Victor",
    "максим": "Maxim",
    "матвей": "Matvei", "матвій": "Matvei",
    "анна": "Anna", "ганна": "Anna",
    "елена": "Elena", "олена": "Elena",
    "мария": "Maria", "марія": "Maria",
    "наталья": "Natalia", "наталія": "Natalia",
    "татьяна": "Tatiana", "тетяна": "Tatiana",
    "юлия": "Julia", "юлія": "Julia",
    "екатерина": "Ekaterina", "катерина": "Katerina",
}


@cache
def kmu2010(text: str) -> str:
    """Romanise Ukrainian by the national system of 2010."""
    return _WORD.sub(lambda m: _case_like(m.group(), _kmu_word(m.group().lower())), text)


@cache
def bgn_pcgn(text: str) -> str:
    """Romanise Russian by BGN/PCGN 1947, plain ASCII."""
    return _WORD.sub(lambda m: _case_like(m.group(), _bgn_word(m.group().lower())), text)


@cache
def informal_english(text: str) -> str:
    """Romanise as an English-speaking clerk would, with familiar given-name spellings."""
    return _WORD.sub(lambda m: _case_like(m.group(), _informal_word(m.group().lower())), text)


def _kmu_word(word: str) -> str:
    letters = [c for c in word if c not in _APOSTROPHES]
    out = []
    for i, c in enumerate(letters):
        if c == "г" and i > 0 and letters[i - 1] == "з":
            out.append("gh")  # "зг" is "zgh", so that it is not read as "ж"
        elif i == 0 and c in _KMU_INITIAL:
            out.append(_KMU_INITIAL[c])
        else:
            out.append(_KMU.get(c, c))
    return "".join(out)


def _bgn_word(word: str) -> str:
    out = []
    previous = ""
    for c in word:
        if c in "её" and (not previous or previous in _BGN_YE_AFTER):
            out.append("ye")
        else:
            out.append(_BGN.get(c, "" if c in _APOSTROPHES else c))
        if c not in _APOSTROPHES:
            previous = c
    return "".join(out)


def _informal_word(word: str) -> str:
    key = word.replace("’", "ʼ").replace("'", "ʼ")
    if key in _INFORMAL_GIVEN_NAMES:
        return _INFORMAL_GIVEN_NAMES[key].lower()
    if word.endswith(("ий", "ій")) and len(word) > 3:
        word = word[:-2] + "y"  # Vitaly, Anatoly, Gennady
    out = "".join(_INFORMAL.get(c, "" if c in _APOSTROPHES else c) for c in word)
    return out.replace("ks", "x")


def _case_like(original: str, romanised: str) -> str:
    """Give ``romanised`` the capitalisation of ``original``."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return romanised.upper()
    if letters and letters[0].isupper():
        return romanised[:1].upper() + romanised[1:]
    return romanised
