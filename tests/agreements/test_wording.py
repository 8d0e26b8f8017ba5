"""Terms in plain words, and what changed between two versions: pure functions, no database."""

from homeward.agreements.wording import changes, predicate_words, terms_view
from homeward_core.eligibility import parse_terms
from tests.agreements.conftest import terms

NAMES = {"a": "Party A", "b": "Party B"}


def _view(document):
    return terms_view(parse_terms(document), document, NAMES)


def test_predicates_read_as_words_with_brackets_where_nested():
    document = terms(categories={"long_held": {"label": "Held over two years", "when": {"all": [
        {"held_more_than_days": 730}, {"not": {"rank_class": ["colonel", "general"]}},
        {"any": [{"legal_status": ["pow"]}, {"medical_category": ["A1", "A2"]}]}]}}})
    parsed = parse_terms(document)
    assert predicate_words(parsed.categories["long_held"].when, parsed) == (
        "held more than 730 days and not of rank class colonel or general and "
        "(of legal status prisoners of war or in medical category A1 or A2 (GC III Annex I))")


def test_only_the_built_in_categories_the_terms_use_are_listed():
    view = _view(terms(eligible={"category": "ill"}, priorities=["count"]))
    assert [c.name for c in view.categories] == ["ill"]


def test_quotas_per_side_and_the_dix_hill_scale():
    view = _view(terms(quota={"a": {"at_least": 1000}, "b": {"at_least": 900, "at_most": 1200}},
                       parity={"regime": "equivalence"}))
    assert view.quota == [("Party A", "hands over at least 1,000 people"),
                          ("Party B", "hands over at least 900 and at most 1,200 people")]
    assert view.scale[0] == ("general", 60) and view.scale[-1] == ("private", 1)
    assert view.scale_name == "1862 Dix–Hill cartel"


def test_per_category_parity_names_its_categories():
    view = _view(terms(parity={"regime": "per_category", "categories": ["seriously_wounded", "ill"]}))
    assert view.regime == "Per category" and view.parity_categories == [
        "Seriously wounded or sick, as certified (GC III Annex I)", "Ill, as certified"]
    assert view.scale == []


def test_changes_are_listed_by_path():
    old = terms()
    new = terms(quota={"at_least": 1200}, remains={"at_least_per_side": 6000},
                phases=[*old["phases"], {"name": "Day 5", "capacity": 100}])
    assert changes(old, new) == [
        'phases.4: added {"capacity": 100, "name": "Day 5"}',
        "quota.at_least: 1000 → 1200",
        'remains.transfers: removed (was 4)',
    ]
    assert changes(None, new) == [] and changes(old, old) == []
