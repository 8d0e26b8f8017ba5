"""An agreement's terms in plain words, and what changed between two versions.

Pure functions over homeward_core's parsed ``Terms`` and the stored JSON, so
the page, the API and any export say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from homeward_core.eligibility.terms import (
    BUILT_IN_CATEGORIES,
    COUNT,
    DAYS_HELD,
    All,
    AnyOf,
    CategoryRef,
    Not,
    Predicate,
    Terms,
    Test,
)

STATUS_WORDS = {
    "pow": gettext_lazy("prisoners of war"), "civilian_internee": gettext_lazy("civilian internees"),
    "other_detainee": gettext_lazy("other detainees"), "disputed": gettext_lazy("people whose status is disputed"),
}
REGIME_WORDS = {
    "head_count": (gettext_lazy("Head count"),
                   gettext_lazy("Each side hands over as many people as the other (N for N).")),
    "per_category": (gettext_lazy("Per category"),
                     gettext_lazy("Within each named category, each side hands over as many as the other "
                                  "(“all for all” within a category).")),
    "equivalence": (gettext_lazy("Equivalence scale"),
                    gettext_lazy("Each person counts for the weight of their rank class; the two sides' "
                                 "totals must match.")),
}
MAX_CHANGES = 40


def _number(value: Any) -> str:
    return number_format(value, force_grouping=True)


def _words(values: Any, last: str = "") -> str:
    items = [str(v).replace("_", " ") for v in (values if isinstance(values, tuple | list) else [values])]
    if len(items) == 1:
        return items[0]
    return (last or _("%(items)s or %(last)s")) % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _flag(value: bool, yes: str, no: str) -> str:
    return yes if value else no


def leaf_words(test: Test) -> str:
    """One fact compared with one value, as a phrase that completes “a person who is …”."""
    rule, value = test.rule, test.value
    phrases = {
        "age_under": lambda: _("under %(age)s years old on the day of the phase") % {"age": value},
        "age_at_least": lambda: _("%(age)s years old or older on the day of the phase") % {"age": value},
        "seriously_wounded": lambda: _flag(value, _("seriously wounded or sick, as certified (GC III Annex I)"),
                                           _("not certified as seriously wounded or sick")),
        "ill": lambda: _flag(value, _("ill, as certified"), _("not certified as ill")),
        "medical_category": lambda: _("in medical category %(categories)s (GC III Annex I)") % {
            "categories": _words(value)},
        "held_more_than_days": lambda: _("held more than %(days)s days") % {"days": _number(value)},
        "legal_status": lambda: _("of legal status %(statuses)s") % {
            "statuses": _words([STATUS_WORDS.get(v, v) for v in value])},
        "rank_class": lambda: _("of rank class %(classes)s") % {"classes": _words(value)},
        "custody_place": lambda: _("held at %(places)s") % {"places": _words(value)},
    }
    return phrases[rule]() if rule in phrases else f"{rule} {value}"


def predicate_words(predicate: Predicate, terms: Terms, *, nested: bool = False) -> str:
    """A predicate as words: categories by their label, “and”, “or”, “not”, brackets where nested."""
    if isinstance(predicate, Test):
        return leaf_words(predicate)
    if isinstance(predicate, CategoryRef):
        category = terms.categories.get(predicate.name)
        return f"“{category.label if category else predicate.name}”"
    if isinstance(predicate, Not):
        return _("not %(condition)s") % {"condition": predicate_words(predicate.item, terms, nested=True)}
    if not predicate.items:
        return _("everyone") if isinstance(predicate, All) else _("no one")
    joiner = _(" and ") if isinstance(predicate, All) else _(" or ")
    if len(predicate.items) == 1:
        return predicate_words(predicate.items[0], terms, nested=nested)
    text = joiner.join(predicate_words(item, terms, nested=True) for item in predicate.items)
    return f"({text})" if nested else text


def _any_of(predicate: Predicate) -> bool:
    return isinstance(predicate, AnyOf) and len(predicate.items) > 1


@dataclass(frozen=True)
class CategoryView:
    name: str
    label: str
    definition: str
    built_in: bool


@dataclass(frozen=True)
class PhaseView:
    number: int
    name: str
    day: Any
    capacity_a: int
    capacity_b: int


@dataclass(frozen=True)
class TermsView:
    """Everything the agreement page says about one version's terms."""

    title: str
    reference_date: Any
    statuses: str
    eligible: str
    categories: list[CategoryView]
    quota: list[tuple[str, str]]
    regime: str
    regime_meaning: str
    parity_categories: list[str]
    scale: list[tuple[str, int]]
    scale_name: str
    tolerance: int
    remains: str
    phases: list[PhaseView]
    priorities: list[str]
    require_consent: bool


def _referenced(predicate: Predicate) -> Iterator[str]:
    if isinstance(predicate, CategoryRef):
        yield predicate.name
    elif isinstance(predicate, All | AnyOf):
        for item in predicate.items:
            yield from _referenced(item)
    elif isinstance(predicate, Not):
        yield from _referenced(predicate.item)


def _used_categories(terms: Terms, document: dict[str, Any]) -> list[str]:
    """The agreement's own categories and the built-in ones it uses (a built-in it never names is noise)."""
    own = list(document.get("categories", {}))
    named = {*_referenced(terms.eligible), *terms.parity.categories, *terms.priorities}
    for name in own:
        named.update(_referenced(terms.categories[name].when))
    return own + [name for name in BUILT_IN_CATEGORIES if name not in own and name in named]


def _quota_words(terms: Terms, party_names: dict[str, str]) -> list[tuple[str, str]]:
    rows = []
    for side in ("a", "b"):
        quota = terms.quota[side]
        least, most = _number(quota.at_least or 0), _number(quota.at_most or 0)
        if quota.at_most is not None and quota.at_least:
            words = _("hands over at least %(least)s and at most %(most)s people") % {"least": least, "most": most}
        elif quota.at_most is not None:
            words = _("hands over at most %(most)s people") % {"most": most}
        elif quota.at_least:
            words = _("hands over at least %(least)s people") % {"least": least}
        else:
            words = _("hands over any number of people (no minimum)")
        rows.append((party_names[side], words))
    return rows


def _remains_words(terms: Terms) -> str:
    if terms.remains is None:
        return ""
    least = _number(terms.remains.at_least_per_side)
    if terms.remains.transfers:
        return _("Each side hands over the remains of at least %(least)s dead, in %(transfers)s transfers.") % {
            "least": least, "transfers": terms.remains.transfers}
    return _("Each side hands over the remains of at least %(least)s dead.") % {"least": least}


def _scale_rows(scale: Any) -> list[tuple[str, int]]:
    """Senior to junior, in the scale's own unit (privates)."""
    return [(rank.replace("_", " "), weight) for rank, weight in sorted(scale.items(), key=lambda item: -item[1])]


def priority_words(name: str, terms: Terms) -> str:
    if name == COUNT:
        return _("most people exchanged")
    if name == DAYS_HELD:
        return _("longest held (total days in captivity)")
    category = terms.categories.get(name)
    return _("most of “%(category)s”") % {"category": category.label if category else name}


def terms_view(terms: Terms, document: dict[str, Any], party_names: dict[str, str]) -> TermsView:
    """The page's reading of one version; ``party_names`` maps the sides "a" and "b" to the parties' names."""
    categories = [
        CategoryView(name, terms.categories[name].label, predicate_words(terms.categories[name].when, terms),
                     name in BUILT_IN_CATEGORIES and name not in document.get("categories", {}))
        for name in _used_categories(terms, document)
    ]
    eligible = predicate_words(terms.eligible, terms)
    if _any_of(terms.eligible):
        eligible = _("any of: %(conditions)s") % {"conditions": eligible}
    parity = terms.parity
    regime, meaning = REGIME_WORDS[parity.regime]
    return TermsView(
        title=terms.title, reference_date=terms.reference_date,
        statuses=_words([STATUS_WORDS.get(s, s) for s in sorted(terms.statuses)], _("%(items)s and %(last)s")),
        eligible=eligible, categories=categories, quota=_quota_words(terms, party_names),
        regime=str(regime), regime_meaning=str(meaning),
        parity_categories=[terms.categories[name].label for name in parity.categories],
        scale=_scale_rows(parity.scale) if parity.regime == "equivalence" else [],
        scale_name=_("1862 Dix–Hill cartel") if parity.scale_name == "dix_hill_1862" else parity.scale_name,
        tolerance=parity.tolerance, remains=_remains_words(terms),
        phases=[PhaseView(n + 1, p.name, p.day, p.capacity["a"], p.capacity["b"]) for n, p in enumerate(terms.phases)],
        priorities=[priority_words(name, terms) for name in terms.priorities],
        require_consent=terms.require_consent,
    )


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "…"


def _differences(old: Any, new: Any, path: str) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            where = f"{path}.{key}" if path else key
            if key not in old:
                yield _("%(path)s: added %(value)s") % {"path": where, "value": _short(new[key])}
            elif key not in new:
                yield _("%(path)s: removed (was %(value)s)") % {"path": where, "value": _short(old[key])}
            else:
                yield from _differences(old[key], new[key], where)
    elif isinstance(old, list) and isinstance(new, list) and all(isinstance(v, dict) for v in old + new):
        for n in range(max(len(old), len(new))):
            yield from _differences(old[n] if n < len(old) else None, new[n] if n < len(new) else None, f"{path}.{n}")
    elif old is None and new is not None:
        yield _("%(path)s: added %(value)s") % {"path": path, "value": _short(new)}
    elif new is None and old is not None:
        yield _("%(path)s: removed (was %(value)s)") % {"path": path, "value": _short(old)}
    elif old != new:
        yield f"{path}: {_short(old)} → {_short(new)}"


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What changed from one terms document to the next, one line per JSON path (“quota.a.at_least: 1000 → 1200”)."""
    if old is None:
        return []
    found = list(_differences(old, new, ""))
    if len(found) > MAX_CHANGES:
        more = len(found) - MAX_CHANGES
        return [*found[:MAX_CHANGES], ngettext("… and %(count)s more change", "… and %(count)s more changes", more)
                % {"count": more}]
    return found
