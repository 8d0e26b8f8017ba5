"""Each person against an agreement's terms: findings with stable rule ids and a sentence.

A finding reads like a Django system-check message: ``age.under: 23 on
2025-06-09, under 25``. Leaf tests answer yes, no, or "cannot tell" (a birth
year alone may not settle an age); "cannot tell" never makes a person
eligible. The hard rules come first and no term overrides them:

- ``hard.refuses``: a person who refuses repatriation is never listed (GC III Art. 109);
- ``hard.proceedings``: one held back for proceedings is excluded (Arts. 115, 119);
- ``hard.identity``: identity must be confirmed by both sides;
- ``status.not_exchanged``: a legal status the agreement does not cover; a
  civilian internee is never counted as a prisoner of war.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from homeward_core.eligibility.facts import PersonFacts
from homeward_core.eligibility.terms import All, AnyOf, CategoryRef, Not, Predicate, Terms, Test
from homeward_core.said import Said, said

STATUS_WORDS = {
    "pow": "prisoner of war", "civilian_internee": "civilian internee",
    "other_detainee": "other detainee", "disputed": "status disputed", "": "legal status not given",
}
STATUS_PLURALS = {
    "pow": "prisoners of war", "civilian_internee": "civilian internees",
    "other_detainee": "other detainees", "disputed": "people of disputed status",
}


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one person: ok True (met), False (not met) or None (cannot tell)."""

    rule: str
    ok: bool | None
    message: str
    # The message as a wording's id and its values, for pages in other languages; not part of equality.
    said: Said | None = dataclasses.field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def _found(rule: str, ok: bool | None, code: str, text: str, **params: object) -> Finding:
    return Finding(rule, ok, text, said(code, text, **params))


@dataclass(frozen=True)
class Eligibility:
    """A held person against an agreement on a reference date."""

    facts: PersonFacts
    day: date
    eligible: bool
    categories: frozenset[str]
    findings: tuple[Finding, ...]
    excluded_by: str = ""
    days_held: int = 0

    def reason(self) -> str:
        """Why the person is not eligible, as one sentence; empty when eligible."""
        return self.reason_said().text

    def reason_said(self) -> Said:
        """``reason()`` as a wording's id (``plan.not_eligible``) and the failing findings."""
        if self.eligible:
            return Said("plan.eligible")
        failing = [f for f in self.findings
                   if f.ok is not True and (not self.excluded_by or f.rule == self.excluded_by)]
        return said("plan.not_eligible", "not eligible: " + "; ".join(f.message for f in failing),
                    findings=[f.said or Said("text", (("text", f.message),), f.message) for f in failing])


Evaluation = tuple[bool | None, list[Finding]]
LeafCache = dict[tuple[object, ...], Finding]
Memo = dict[str, Evaluation]
LEAF_CACHE = "\x00leaves"  # not a category name (those match ^[a-z])
# The one fact each leaf reads: its finding is the same for everyone with the same value.
LEAF_FACT = {
    "age_under": "date_of_birth", "age_at_least": "date_of_birth", "seriously_wounded": "seriously_wounded",
    "ill": "ill", "medical_category": "medical_category", "held_more_than_days": "captured_on",
    "legal_status": "legal_status", "rank_class": "rank_class", "custody_place": "custody_place",
}


def evaluate(facts: PersonFacts, terms: Terms, day: date, leaves: LeafCache | None = None) -> Eligibility:
    """The findings for one person, the categories the person is in, and whether the person may be listed.

    ``leaves`` may be shared across the people of one run: a leaf's finding
    depends on one fact only (the date of birth, the date of capture …), and
    thousands of people share each value, so each is worked out once.
    """
    days_held = facts.days_held_on(day)
    hard = _hard_rules(facts, terms)
    if hard is not None:
        return Eligibility(facts, day, False, frozenset(), (hard,), hard.rule, days_held or 0)
    memo: Memo = {LEAF_CACHE: leaves if leaves is not None else {}}  # type: ignore[dict-item]
    categories = frozenset(name for name in terms.categories
                           if _category(name, facts, terms, day, memo)[0] is True)
    verdict, findings = _evaluate(terms.eligible, facts, terms, day, memo)
    if not findings:
        findings = [_found("terms.everyone", True, "terms.everyone",
                           "the agreement's terms cover everyone of this status")]
    if terms.parity.regime == "equivalence" and facts.rank_class is None:
        findings.append(_found("parity.rank_unknown", False, "parity.rank_unknown",
                               "rank not known; the equivalence scale needs it"))
        verdict = False
    if days_held is None:
        findings.append(_found("custody.captured_unknown", None, "custody.captured_unknown",
                               "date of capture not known; counted as 0 days held"))
    return Eligibility(facts, day, verdict is True, categories, tuple(_unique(findings)), "", days_held or 0)


def _category(name: str, facts: PersonFacts, terms: Terms, day: date, memo: Memo) -> Evaluation:
    """A category's verdict, worked out once per person however often the terms refer to it."""
    if name not in memo:
        memo[name] = _evaluate(terms.categories[name].when, facts, terms, day, memo)
    return memo[name]


def _hard_rules(facts: PersonFacts, terms: Terms) -> Finding | None:
    if facts.consents is False:
        return _found("hard.refuses", False, "hard.refuses", "refuses repatriation; never listed (GC III Art. 109)")
    if facts.held_for_proceedings:
        return _found("hard.proceedings", False, "hard.proceedings",
                      "held back for judicial proceedings (GC III Arts. 115, 119)")
    if facts.legal_status not in terms.statuses:
        statuses = sorted(terms.statuses)
        covered = " and ".join(STATUS_PLURALS[s] for s in statuses)
        return _found("status.not_exchanged", False, "status.not_exchanged",
                      f"{STATUS_WORDS.get(facts.legal_status, facts.legal_status)}; this agreement exchanges "
                      f"{covered} only", status=facts.legal_status, covered=statuses)
    if not facts.identity_confirmed:
        return _found("hard.identity", False, "hard.identity", "identity not yet confirmed by both sides")
    if terms.require_consent and facts.consents is None:
        return _found("consent.required", False, "consent.required",
                      "has not yet consented in the interview; the agreement requires it")
    return None


def _evaluate(predicate: Predicate, facts: PersonFacts, terms: Terms, day: date,
              memo: Memo) -> Evaluation:
    if isinstance(predicate, Test):
        finding = _leaf(predicate, facts, day, memo[LEAF_CACHE])  # type: ignore[arg-type]
        return finding.ok, [finding]
    if isinstance(predicate, CategoryRef):
        return _category(predicate.name, facts, terms, day, memo)
    if isinstance(predicate, Not):
        verdict, findings = _evaluate(predicate.item, facts, terms, day, memo)
        return (None if verdict is None else not verdict), findings
    results = [_evaluate(item, facts, terms, day, memo) for item in predicate.items]
    verdicts = [verdict for verdict, _ in results]
    findings = [finding for _, found in results for finding in found]
    if isinstance(predicate, All):
        verdict = False if False in verdicts else None if None in verdicts else True
    else:
        # narrows the type for the checker; true by construction above
        assert isinstance(predicate, AnyOf)  # nosec B101
        verdict = True if True in verdicts else None if None in verdicts else False
    return verdict, findings


def _leaf(test: Test, facts: PersonFacts, day: date, cache: LeafCache) -> Finding:
    key = (test.rule, test.value, day, getattr(facts, LEAF_FACT[test.rule]))
    found = cache.get(key)
    if found is None:
        found = cache[key] = LEAVES[test.rule](facts, test.value, day)
    return found


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _age_under(facts: PersonFacts, years: int, day: date) -> Finding:
    ages = facts.age_range_on(day)
    if ages is None:
        return _found("age.under", None, "age.under.unknown",
                      f"date of birth not known; cannot tell if under {years}", years=years)
    youngest, oldest = ages
    values = {"youngest": youngest, "oldest": oldest, "day": day.isoformat(), "years": years}
    if oldest < years:
        return _found("age.under", True, "age.under.yes", f"{_ages(ages)} on {day}, under {years}", **values)
    if youngest >= years:
        return _found("age.under", False, "age.under.no", f"{_ages(ages)} on {day}, not under {years}", **values)
    return _found("age.under", None, "age.under.maybe",
                  f"born {facts.date_of_birth}: {_ages(ages)} on {day}; cannot tell if under {years}",
                  born=str(facts.date_of_birth), **values)


def _age_at_least(facts: PersonFacts, years: int, day: date) -> Finding:
    ages = facts.age_range_on(day)
    if ages is None:
        return _found("age.at_least", None, "age.at_least.unknown",
                      f"date of birth not known; cannot tell if at least {years}", years=years)
    youngest, oldest = ages
    ok = True if youngest >= years else False if oldest < years else None
    said = {True: f"at least {years}", False: f"under {years}", None: f"cannot tell if at least {years}"}[ok]
    code = {True: "age.at_least.yes", False: "age.at_least.no", None: "age.at_least.maybe"}[ok]
    return _found("age.at_least", ok, code, f"{_ages(ages)} on {day}, {said}",
                  youngest=youngest, oldest=oldest, day=day.isoformat(), years=years)


def _ages(ages: tuple[int, int]) -> str:
    youngest, oldest = ages
    return str(youngest) if youngest == oldest else f"{youngest} or {oldest}"


def _flag(rule: str, words: str) -> Callable[[PersonFacts, bool, date], Finding]:
    def check(facts: PersonFacts, wanted: bool, day: date) -> Finding:
        actual = bool(getattr(facts, rule))
        said = f"certified {words}" if actual else f"not certified {words}"
        return _found(f"medical.{rule}", actual == wanted, f"medical.{rule}.{'yes' if actual else 'no'}", said)

    return check


def _medical_category(facts: PersonFacts, wanted: tuple[str, ...], day: date) -> Finding:
    listed = ", ".join(wanted)
    if not facts.medical_category:
        return _found("medical.category", False, "medical.category.none",
                      f"no medical category certified (needs {listed})", wanted=wanted)
    ok = facts.medical_category in wanted
    return _found("medical.category", ok, f"medical.category.{'among' if ok else 'not_among'}",
                  f"medical category {facts.medical_category}{'' if ok else ' not'} among {listed} (GC III Annex I)",
                  category=facts.medical_category, wanted=wanted)


def _held_more_than(facts: PersonFacts, days: int, day: date) -> Finding:
    held = facts.days_held_on(day)
    if held is None:
        return _found("custody.held_more_than", None, "custody.held_more_than.unknown",
                      f"date of capture not known; cannot tell if held over {days} days", days=days)
    ok = held > days
    return _found("custody.held_more_than", ok, f"custody.held_more_than.{'yes' if ok else 'no'}",
                  f"held {held} days on {day}, {'more' if ok else 'not more'} than {days}",
                  held=held, day=day.isoformat(), days=days)


def _legal_status(facts: PersonFacts, wanted: tuple[str, ...], day: date) -> Finding:
    ok = facts.legal_status in wanted
    status = STATUS_WORDS.get(facts.legal_status, facts.legal_status)
    others = "" if ok else ", not " + " or ".join(STATUS_WORDS[w] for w in wanted)
    return _found("status.legal", ok, f"status.legal.{'yes' if ok else 'no'}", f"{status}{others}",
                  status=facts.legal_status, wanted=wanted)


def _rank_class(facts: PersonFacts, wanted: tuple[str, ...], day: date) -> Finding:
    if facts.rank_class is None:
        return _found("rank.class", None, "rank.class.unknown", "rank not known")
    ok = facts.rank_class in wanted
    return _found("rank.class", ok, f"rank.class.{'yes' if ok else 'no'}",
                  f"rank class {facts.rank_class}{'' if ok else ', not ' + ' or '.join(wanted)}",
                  rank=facts.rank_class, wanted=wanted)


def _custody_place(facts: PersonFacts, wanted: tuple[str, ...], day: date) -> Finding:
    if not facts.custody_place:
        return _found("custody.place", None, "custody.place.unknown", "place of custody not known")
    folded = {place.casefold().strip() for place in wanted}
    ok = facts.custody_place.casefold().strip() in folded
    return _found("custody.place", ok, f"custody.place.{'yes' if ok else 'no'}",
                  f"held at {facts.custody_place}{'' if ok else ', not a listed place'}", place=facts.custody_place)


LEAVES: dict[str, Callable[[PersonFacts, object, date], Finding]] = {
    "age_under": _age_under,  # type: ignore[dict-item]
    "age_at_least": _age_at_least,  # type: ignore[dict-item]
    "seriously_wounded": _flag("seriously_wounded", "seriously wounded or sick"),  # type: ignore[dict-item]
    "ill": _flag("ill", "ill"),  # type: ignore[dict-item]
    "medical_category": _medical_category,  # type: ignore[dict-item]
    "held_more_than_days": _held_more_than,  # type: ignore[dict-item]
    "legal_status": _legal_status,  # type: ignore[dict-item]
    "rank_class": _rank_class,  # type: ignore[dict-item]
    "custody_place": _custody_place,  # type: ignore[dict-item]
}
