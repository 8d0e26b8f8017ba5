"""Canonical keys of given names and patronymics: every known spelling of a name leads to one key.

Step 3 of the match key (docs/names.md). The index holds the skeleton of every form of every name in
the table — Ukrainian and Russian, each standard's romanisation of them, the informal Latin
spellings, the diminutives — and maps it to the name's canonical key, the skeleton of its Russian
form. A skeleton the index does not hold, but that is one slip of the pen from exactly one name
(a letter missing, added or replaced, or one letter moved), leads to that name too.
"""

from __future__ import annotations

from functools import cache

from homeward_core.names.skeleton import Part, skeleton
from homeward_core.names.standards import STANDARDS, transliterate
from homeward_core.names.table import given_names, patronymics

# Shorter names are too close to each other (Ян, Лев, Тит, Ким) for a slip of the pen to say which.
MIN_LENGTH_FOR_SLIPS = 5


@cache
def canonical_index(part: Part) -> dict[str, str]:
    """Skeleton of every known spelling of a given name or patronymic → that name's canonical key."""
    index: dict[str, str] = {}
    rows: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]
    if part == "given":
        rows = [(n.uk, n.ru, n.variants, n.latin) for n in given_names()]
    else:
        rows = [(p.uk, p.ru, (), ()) for p in patronymics()]
    canon = [skeleton(ru, part) for _, ru, _, _ in rows]
    for key in canon:  # a canonical key is always its own key
        index.setdefault(key, key)
    for key, (uk, _ru, _, _) in zip(canon, rows, strict=True):
        index.setdefault(skeleton(uk, part), key)
    for key, (uk, ru, _, latin) in zip(canon, rows, strict=True):
        for standard in STANDARDS.values():
            index.setdefault(skeleton(transliterate(uk if standard.language == "uk" else ru, standard.id), part), key)
        for spelling in latin:
            index.setdefault(skeleton(spelling, part), key)
    for key, (_, _, variants, _) in zip(canon, rows, strict=True):
        for variant in variants:  # diminutives last: they never displace a full name
            index.setdefault(skeleton(variant, part), key)
    return index


def load_indexes() -> None:
    """Build every index now rather than on the first name compared (some 200 ms): a server does it
    before it takes requests, so that no user's page waits for it."""
    for part in ("given", "patronymic"):
        _near_index(part)


def canonical(key: str, part: Part) -> str:
    """The canonical key of a given name's or patronymic's skeleton; the skeleton itself when it is
    no name of the table and not one slip from exactly one."""
    index = canonical_index(part)
    found = index.get(key)
    if found is not None:
        return found
    return _one_slip_from(key, part) or key


def _one_slip_from(key: str, part: Part) -> str | None:
    """The one name whose spellings ``key`` is a slip away from: a letter missing, added or replaced,
    or one letter moved (two swapped); None when there is none or more than one."""
    if len(key) < MIN_LENGTH_FOR_SLIPS:
        return None
    near = _near_index(part)
    found = near.get(key)  # a letter missing from the key
    for i in range(len(key)):
        name = near.get(key[:i] + key[i + 1 :])  # a letter too many, replaced or moved
        if name is not None and name != found:
            if found is not None:
                return None
            found = name
    return found or None


# Marks a spelling near more than one name.
AMBIGUOUS = ""


@cache
def _near_index(part: Part) -> dict[str, str]:
    """Every known spelling, and every known spelling with one letter taken out → the name it comes
    from, or AMBIGUOUS when it comes from more than one."""
    near: dict[str, str] = {}
    for spelling, name in canonical_index(part).items():
        if len(spelling) < MIN_LENGTH_FOR_SLIPS - 1 or " " in spelling:
            continue
        for shorter in (spelling, *(spelling[:i] + spelling[i + 1 :] for i in range(len(spelling)))):
            near[shorter] = name if near.get(shorter, name) == name else AMBIGUOUS
    return near
