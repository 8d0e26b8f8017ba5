"""Completion: a sought person leaves the count once a "same person" decision links them to someone who crossed."""

from __future__ import annotations

from homeward.matching import services
from homeward.operations.models import ManifestEntry
from homeward.reports.figures import completion
from tests.conftest import declare
from tests.matching.conftest import proposal, stored_run
from tests.operations.conftest import approved  # noqa: F401  (the fixture)
from tests.operations.test_handover import record_all, signed_manifests
from tests.planning.conftest import Exchange, exchange  # noqa: F401  (the fixture)


def test_a_linked_sought_person_who_crossed_leaves_the_count(exchange: Exchange, approved) -> None:  # noqa: ANN001, F811
    world = exchange.world
    record_all(exchange, signed_manifests(exchange, approved))
    crossed = ManifestEntry.objects.filter(manifest__side="a").select_related("declaration").first().declaration
    still_held = next(d for d in exchange.held_by_a if not ManifestEntry.objects.filter(declaration=d).exists())
    sought = [declare(world.bob, world.party_b, kind="sought", surname=f"Разыскиваемый{n}") for n in range(3)]
    before = completion(exchange.agreement).sought["b"]
    run = stored_run(world.mara, "sought_held", world.party_b, world.party_a,
                     [proposal(sought[0], crossed), proposal(sought[1], still_held),
                      proposal(sought[2], crossed, 0.7)])
    home, elsewhere, doubtful = (run.candidates.get(**{f"{side}__in": [s]}) for s, side in
                                 ((sought[0], _side(sought[0], crossed)), (sought[1], _side(sought[1], still_held)),
                                  (sought[2], _side(sought[2], crossed))))
    assert completion(exchange.agreement).sought["b"] == before  # candidates alone change nothing
    services.decision_record(candidate=home, verdict="same", reason="Same man (test).", acting_user=world.mara)
    services.decision_record(candidate=elsewhere, verdict="same", reason="Same man (test).", acting_user=world.mara)
    services.decision_record(candidate=doubtful, verdict="unsure", reason="Ask (test).", acting_user=world.mara)
    assert completion(exchange.agreement).sought["b"] == before - 1
    services.decision_record(candidate=home, verdict="not_same", reason="Wrong man after all.", acting_user=world.mara)
    assert completion(exchange.agreement).sought["b"] == before


def _side(sought, held) -> str:  # noqa: ANN001
    return "left" if sought.pk < held.pk else "right"
