"""The terms format: what it accepts, and a clear error naming the place of what it refuses."""

from __future__ import annotations

import json

import pytest

from homeward_core.eligibility import TermsError, parse_terms, schema
from homeward_core.eligibility.terms import All, CategoryRef


def test_it_reads_a_full_document() -> None:
    terms = parse_terms(json.dumps({
        "format": "homeward-terms/1", "title": "Exchange of 2 June",
        "categories": {"long_held": {"label": "Held over two years", "when": {"held_more_than_days": 730}}},
        "eligible": {"all": [{"category": "long_held"}, {"not": {"rank_class": ["general"]}}]},
        "quota": {"a": {"at_least": 1000}, "b": {"at_least": 1000, "at_most": 1200}},
        "parity": {"regime": "equivalence", "scale": "dix_hill_1862", "tolerance": 2},
        "remains": {"at_least_per_side": 6000, "transfers": 4},
        "phases": [{"name": "Day 1", "date": "2025-06-09", "capacity": 390}, {"capacity": {"a": 307, "b": 300}}],
        "priorities": ["count", "long_held", "days_held"],
    }))
    assert isinstance(terms.eligible, All)
    assert terms.eligible.items[0] == CategoryRef("long_held")
    assert terms.capacity(0) == {"a": 390, "b": 390}
    assert terms.capacity(1) == {"a": 307, "b": 300}
    assert terms.parity.scale["general"] == 60
    assert terms.remains is not None and terms.remains.at_least_per_side == 6000


def test_without_phases_the_capacity_is_the_quota() -> None:
    terms = parse_terms({"format": "homeward-terms/1", "quota": {"at_least": 1000}})
    assert terms.capacity() == {"a": 1000, "b": 1000}
    assert parse_terms({"format": "homeward-terms/1"}).capacity() == {"a": None, "b": None}


@pytest.mark.parametrize(("document", "path", "words"), [
    ("{not json", "", "not JSON"),
    ({"format": "homeward-terms/2"}, "format", "'homeward-terms/1' was expected"),
    ({"format": "homeward-terms/1", "eligible": {"category": "nope"}}, "eligible", "no category named 'nope'"),
    ({"format": "homeward-terms/1", "eligible": {"age_under": "25"}}, "eligible.age_under", "not of type"),
    ({"format": "homeward-terms/1", "eligible": {"__import__": "os"}}, "eligible", "Additional properties"),
    ({"format": "homeward-terms/1", "categories": {"x": {"when": {"not": {"category": "x"}}}}},
     "categories.x.when", "refers to itself"),
    ({"format": "homeward-terms/1", "parity": {"regime": "per_category"}}, "parity.categories", "names its categories"),
    ({"format": "homeward-terms/1", "parity": {"regime": "equivalence", "scale": {"private": 1}}},
     "parity.scale", "no weight for nco"),
    ({"format": "homeward-terms/1", "quota": {"at_least": 10, "at_most": 5}}, "quota.a", "below at_least"),
    ({"format": "homeward-terms/1", "priorities": ["count", "officers"]}, "priorities.1", "no category"),
    ({"format": "homeward-terms/1", "reference_date": "2025-02-30"}, "reference_date", "not a date"),
    ([1, 2], "", "not of type 'object'"),
])
def test_it_refuses_with_the_place_and_the_problem(document: object, path: str, words: str) -> None:
    with pytest.raises(TermsError) as caught:
        parse_terms(document)
    assert caught.value.path == path
    assert words in caught.value.message


def test_the_schema_is_published_as_draft_2020_12() -> None:
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("depth", [100, 900, 5000])
def test_predicates_nested_too_deeply_are_refused_with_a_sentence(depth: int) -> None:
    text = '{"format": "homeward-terms/1", "eligible": ' + '{"not": ' * depth + '{"ill": true}' + "}" * depth + "}"
    with pytest.raises(TermsError, match="nested"):
        parse_terms(text)
    with pytest.raises(TermsError, match="nested"):
        parse_terms(json.loads(text)) if depth < 900 else parse_terms(text.encode())


def test_whole_numbers_written_as_decimals_are_read_as_integers() -> None:
    terms = parse_terms('{"format": "homeward-terms/1", "phases": [{"capacity": 5.0}], "quota": {"at_most": 7.0},'
                        ' "parity": {"regime": "equivalence", "tolerance": 1.0}, "eligible": {"age_under": 25.0}}')
    assert terms.capacity(0) == {"a": 5, "b": 5} and all(type(n) is int for n in terms.capacity(0).values())
    assert type(terms.quota["a"].at_most) is int
    assert str(terms.eligible) == "Test(rule='age_under', value=25)"


def test_categories_referring_to_each_other_twice_over_are_checked_once_each() -> None:
    categories = {f"c{n}": {"when": {"all": [{"category": f"c{n + 1}"}, {"category": f"c{n + 1}"}]}}
                  for n in range(25)}
    categories["c25"] = {"when": {"ill": True}}
    terms = parse_terms({"format": "homeward-terms/1", "categories": categories, "eligible": {"category": "c0"}})
    assert len(terms.categories) > 25


def test_a_long_chain_of_categories_is_refused_with_a_sentence() -> None:
    categories = {f"c{n}": {"when": {"category": f"c{n + 1}"}} for n in range(2000)}
    categories["c2000"] = {"when": {"ill": True}}
    with pytest.raises(TermsError, match="nested more than"):
        parse_terms({"format": "homeward-terms/1", "categories": categories})
