"""Agreement terms as data, and each held person's eligibility under them, with findings."""

from homeward_core.eligibility.facts import DIX_HILL_1862, RANK_CLASSES, PartialDate, PersonFacts, rank_class
from homeward_core.eligibility.rules import Eligibility, Finding, evaluate
from homeward_core.eligibility.terms import Terms, TermsError, parse_terms, schema

__all__ = [
    "DIX_HILL_1862", "RANK_CLASSES", "Eligibility", "Finding", "PartialDate", "PersonFacts", "Terms", "TermsError",
    "evaluate", "parse_terms", "rank_class", "schema",
]
