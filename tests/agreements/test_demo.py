"""The demo's June talks, proposals and agreement, as the demo loader writes them."""

from homeward.agreements.choices import AgreementState
from homeward.audit.verification import verify_log


def test_the_june_talks_reach_a_signed_agreement_in_force(world, june):
    assert june.state == AgreementState.IN_FORCE
    assert june.talks.title == "Talks at Istanbul, 2 June 2025" and june.talks.mediator == world.mediator
    decided = {p.title: (p.proposed_by.short_name, p.state) for p in june.talks.proposals.all()}
    assert decided == {
        "Exchange of prisoners of war": ("NCO", "accepted"),
        "Repatriation of remains": ("SCO", "accepted"),
        "Ceasefire of at least 30 days": ("NCO", "rejected"),
    }
    assert {p.title for p in june.proposals.all()} == {"Exchange of prisoners of war", "Repatriation of remains"}
    version = june.current_version()
    terms = version.parsed()
    assert [(p.name, str(p.day), p.capacity["a"]) for p in terms.phases] == [
        ("Day 1", "2025-06-09", 390), ("Day 2", "2025-06-10", 307), ("Day 3", "2025-06-11", 303),
        ("Day 4", "2025-06-14", 300)]
    assert terms.quota["a"].at_least == terms.quota["b"].at_least == 1000
    assert terms.remains.at_least_per_side == 6000 and terms.remains.transfers == 4
    assert terms.priorities == ("count", "seriously_wounded", "ill", "under_25", "days_held")
    assert version.signatures.count() == 3
    assert verify_log().intact
