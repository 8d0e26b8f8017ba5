"""The terms of an agreement, read from JSON into plain values.

The JSON is checked first against the published schema (terms.schema.json),
then for what a schema cannot say: that every category a term refers to is
defined, that categories do not refer to themselves, that the parity scale
covers every rank. Nothing in the terms is ever evaluated as code: a
predicate is a tree of the node types below and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from homeward_core.eligibility.facts import DIX_HILL_1862, RANK_CLASSES, SIDES

FORMAT = "homeward-terms/1"
REGIMES = ("head_count", "per_category", "equivalence")
COUNT, DAYS_HELD = "count", "days_held"
MAX_DEPTH = 64  # nesting of the document, and of a condition through the categories it refers to


class TermsError(ValueError):
    """Terms that cannot be used, with where in the document the problem is."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


# Predicates: a closed set of node types.
@dataclass(frozen=True)
class All:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    item: Predicate


@dataclass(frozen=True)
class CategoryRef:
    name: str


@dataclass(frozen=True)
class Test:
    """A leaf: one fact compared with one value (``age_under`` 25, ``legal_status`` ["pow"])."""

    rule: str
    value: Any


Predicate = All | AnyOf | Not | CategoryRef | Test
LEAF_RULES = (
    "age_under", "age_at_least", "seriously_wounded", "ill", "medical_category", "held_more_than_days",
    "legal_status", "rank_class", "custody_place",
)
EVERYONE = All(())


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    when: Predicate


@dataclass(frozen=True)
class Quota:
    at_least: int = 0
    at_most: int | None = None


@dataclass(frozen=True)
class Parity:
    regime: str = "head_count"
    categories: tuple[str, ...] = ()
    scale: Mapping[str, int] = field(default_factory=lambda: dict(DIX_HILL_1862))
    scale_name: str = ""
    tolerance: int = 0


@dataclass(frozen=True)
class Phase:
    name: str
    day: date | None
    capacity: Mapping[str, int]


@dataclass(frozen=True)
class RemainsClause:
    at_least_per_side: int
    transfers: int | None = None


# Categories every agreement knows by name unless it defines its own.
BUILT_IN_CATEGORIES = {
    "seriously_wounded": Category("seriously_wounded", "Seriously wounded or sick, as certified (GC III Annex I)",
                                  Test("seriously_wounded", True)),
    "ill": Category("ill", "Ill, as certified", Test("ill", True)),
    "under_25": Category("under_25", "Under 25 on the reference date", Test("age_under", 25)),
}
DEFAULT_PRIORITIES = (COUNT, "seriously_wounded", "ill", "under_25", DAYS_HELD)


@dataclass(frozen=True)
class Terms:
    title: str
    reference_date: date | None
    statuses: frozenset[str]
    categories: Mapping[str, Category]
    eligible: Predicate
    quota: Mapping[str, Quota]
    parity: Parity
    remains: RemainsClause | None
    phases: tuple[Phase, ...]
    priorities: tuple[str, ...]
    require_consent: bool = False

    def capacity(self, phase: int | None = None) -> dict[str, int | None]:
        """How many each side hands over in a phase; with no phases, the quota (at most, else at least).

        None when nothing limits it (no phases and no quota): everyone eligible may go.
        """
        if phase is not None and self.phases:
            return dict(self.phases[phase].capacity)
        return {side: q.at_most if q.at_most is not None else (q.at_least or None) for side, q in self.quota.items()}


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of the terms format."""
    text = resources.files("homeward_core.eligibility").joinpath("terms.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def parse_terms(document: Any) -> Terms:
    """Terms from a parsed JSON document (or its text); raises TermsError naming the first problem."""
    if isinstance(document, str | bytes):
        try:
            document = json.loads(document)
        except (ValueError, UnicodeDecodeError) as error:
            raise TermsError(f"not JSON: {error}") from None
        except RecursionError:
            raise TermsError(f"nested more than {MAX_DEPTH} deep") from None
    _check_depth(document)
    _check_schema(document)
    document = _whole_numbers(document)
    categories = dict(BUILT_IN_CATEGORIES)
    for name, spec in document.get("categories", {}).items():
        categories[name] = Category(name, spec.get("label", name.replace("_", " ")),
                                    _predicate(spec["when"], f"categories.{name}.when"))
    terms = Terms(
        title=document.get("title", ""),
        reference_date=_date(document.get("reference_date"), "reference_date"),
        statuses=frozenset(document.get("statuses", ["pow"])),
        categories=categories,
        eligible=_predicate(document["eligible"], "eligible") if "eligible" in document else EVERYONE,
        quota=_quota(document.get("quota", {})),
        parity=_parity(document.get("parity", {"regime": "head_count"})),
        remains=RemainsClause(**document["remains"]) if "remains" in document else None,
        phases=tuple(_phase(spec, n) for n, spec in enumerate(document.get("phases", []))),
        priorities=tuple(document.get("priorities", DEFAULT_PRIORITIES)),
        require_consent=bool(document.get("require_consent", False)),
    )
    _check_references(terms)
    return terms


def _check_depth(document: Any) -> None:
    """Refuse deep nesting before anything recursive (the schema validator, the evaluation) meets it."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TermsError(f"nested more than {MAX_DEPTH} deep")
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children)


def _whole_numbers(node: Any) -> Any:
    """5.0 as 5: JSON Schema's "integer" admits a whole number written with a decimal point."""
    if isinstance(node, float):
        return int(node)
    if isinstance(node, dict):
        return {key: _whole_numbers(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_whole_numbers(value) for value in node]
    return node


def _check_schema(document: Any) -> None:
    import jsonschema  # type: ignore[import-untyped]

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    if errors:
        error = jsonschema.exceptions.best_match(errors)
        path = ".".join(str(part) for part in error.absolute_path)
        raise TermsError(error.message[:300], path)


def _predicate(spec: Mapping[str, Any], path: str) -> Predicate:
    ((key, value),) = spec.items()
    if key == "all":
        return All(tuple(_predicate(item, f"{path}.all.{n}") for n, item in enumerate(value)))
    if key == "any":
        return AnyOf(tuple(_predicate(item, f"{path}.any.{n}") for n, item in enumerate(value)))
    if key == "not":
        return Not(_predicate(value, f"{path}.not"))
    if key == "category":
        return CategoryRef(value)
    return Test(key, tuple(value) if isinstance(value, list) else value)


def _date(text: str | None, path: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TermsError(f"{text!r} is not a date (yyyy-mm-dd)", path) from None


def _quota(spec: Mapping[str, Any]) -> dict[str, Quota]:
    per_side = spec if set(spec) == set(SIDES) else {side: spec for side in SIDES}
    quota = {side: Quota(**per_side[side]) for side in SIDES}
    for side, q in quota.items():
        if q.at_most is not None and q.at_most < q.at_least:
            raise TermsError(f"at_most {q.at_most} is below at_least {q.at_least}", f"quota.{side}")
    return quota


def _parity(spec: Mapping[str, Any]) -> Parity:
    scale = spec.get("scale", "dix_hill_1862")
    if isinstance(scale, str):
        weights, scale_name = dict(DIX_HILL_1862), scale
    else:
        missing = [rank for rank in RANK_CLASSES if rank not in scale]
        if missing and spec["regime"] == "equivalence":
            raise TermsError(f"the scale gives no weight for {', '.join(missing)}", "parity.scale")
        weights, scale_name = dict(scale), "custom"
    regime = spec["regime"]
    if regime == "per_category" and not spec.get("categories"):
        raise TermsError("a per-category regime names its categories", "parity.categories")
    return Parity(regime, tuple(spec.get("categories", ())), weights, scale_name, int(spec.get("tolerance", 0)))


def _phase(spec: Mapping[str, Any], n: int) -> Phase:
    capacity = spec["capacity"]
    per_side = dict(capacity) if isinstance(capacity, dict) else {side: capacity for side in SIDES}
    return Phase(spec.get("name", f"Phase {n + 1}"), _date(spec.get("date"), f"phases.{n}.date"), per_side)


def _check_references(terms: Terms) -> None:
    heights: dict[str, int] = {}
    for name in terms.categories:
        _check_predicate(CategoryRef(name), terms, f"categories.{name}.when", seen=(), level=1, heights=heights)
    _check_predicate(terms.eligible, terms, "eligible", seen=(), level=1, heights=heights)
    for n, name in enumerate(terms.parity.categories):
        if name not in terms.categories:
            raise TermsError(f"no category named {name!r}", f"parity.categories.{n}")
    for n, name in enumerate(terms.priorities):
        if name not in (COUNT, DAYS_HELD) and name not in terms.categories:
            raise TermsError(f"no category named {name!r} (nor 'count' or 'days_held')", f"priorities.{n}")


def _check_predicate(predicate: Predicate, terms: Terms, path: str, *, seen: tuple[str, ...], level: int,
                     heights: dict[str, int]) -> int:
    """The height of a predicate, counting the categories it refers to (each worked out once).

    Refuses unknown categories, categories that refer to themselves, and
    conditions nested more than MAX_DEPTH deep through the categories they
    refer to, which evaluation would otherwise follow into a RecursionError.
    """
    if level > MAX_DEPTH:
        raise TermsError(f"conditions nested more than {MAX_DEPTH} deep, counting the categories they refer to",
                         path)
    if isinstance(predicate, CategoryRef):
        name = predicate.name
        if name not in terms.categories:
            raise TermsError(f"no category named {name!r}", path)
        if name in seen:
            raise TermsError(f"category {name!r} refers to itself", path)
        if name not in heights:
            heights[name] = 1 + _check_predicate(terms.categories[name].when, terms, path, seen=(*seen, name),
                                                 level=level + 1, heights=heights)
        height = heights[name]
    elif isinstance(predicate, All | AnyOf):
        height = 1 + max((_check_predicate(item, terms, path, seen=seen, level=level + 1, heights=heights)
                          for item in predicate.items), default=0)
    elif isinstance(predicate, Not):
        height = 1 + _check_predicate(predicate.item, terms, path, seen=seen, level=level + 1, heights=heights)
    else:
        height = 1
    if level + height - 1 > MAX_DEPTH:
        raise TermsError(f"conditions nested more than {MAX_DEPTH} deep, counting the categories they refer to",
                         path)
    return height
