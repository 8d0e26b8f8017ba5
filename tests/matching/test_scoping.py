"""Who sees which runs, candidates and decisions: each party its own, and only what it may see of the other side."""

from __future__ import annotations

import pytest
from django.http import Http404

from homeward.accounts import scoping
from homeward.matching import services
from homeward.registry.services import declaration_share
from tests.matching.conftest import Queue


def _ids(rows) -> set:  # noqa: ANN001
    return set(rows.values_list("pk", flat=True))


def test_the_mediator_sees_every_candidate(queue: Queue) -> None:
    seen = _ids(scoping.match_candidates_for(queue.lists.world.mara))
    assert seen == {queue.shared.pk, queue.hidden.pk, queue.unshared.pk}
    assert _ids(scoping.match_candidates_for(queue.lists.milo)) == seen


def test_a_party_sees_a_candidate_only_when_it_may_see_both_records(queue: Queue) -> None:
    w = queue.lists.world
    assert _ids(scoping.match_candidates_for(w.alice)) == {queue.shared.pk}
    assert _ids(scoping.match_candidates_for(w.bob)) == {queue.shared.pk}
    # Once B shares its record, A sees the pair; B still does not see A's unshared sought record's pair.
    declaration_share(declaration=queue.lists.b_hidden, organisation=w.party_a, purpose="request list",
                      acting_user=w.bob)
    assert _ids(scoping.match_candidates_for(w.alice)) == {queue.shared.pk, queue.hidden.pk}
    assert _ids(scoping.match_candidates_for(w.bob)) == {queue.shared.pk}


def test_others_see_no_runs_and_no_candidates(queue: Queue) -> None:
    w = queue.lists.world
    for user in (w.otto, w.medic, w.outsider, w.dora, None):
        assert not scoping.match_candidates_for(user).exists()
        assert not scoping.reconciliation_runs_for(user).exists()


def test_a_party_sees_the_runs_over_its_lists_only(queue: Queue) -> None:
    w = queue.lists.world
    b_dupes = services.run_start(job="duplicates", left_party=w.party_b, acting_user=w.bob, enqueue=False)
    assert _ids(scoping.reconciliation_runs_for(w.alice)) == {queue.run.pk, queue.reverse_run.pk}
    assert b_dupes.pk in _ids(scoping.reconciliation_runs_for(w.bob))
    with pytest.raises(Http404):
        scoping.get_reconciliation_run_for_user(w.alice, b_dupes.public_id)


def test_a_hidden_candidate_is_not_found_rather_than_forbidden(queue: Queue) -> None:
    w = queue.lists.world
    for user, candidate in ((w.alice, queue.hidden), (w.bob, queue.unshared), (w.otto, queue.shared)):
        with pytest.raises(Http404):
            scoping.get_match_candidate_for_user(user, candidate.public_id)
    with pytest.raises(Http404):
        scoping.get_match_candidate_for_user(w.alice, "not-a-uuid")


def test_another_organisations_reviewer_and_reason_are_withheld(queue: Queue) -> None:
    w = queue.lists.world
    services.decision_record(candidate=queue.shared, verdict="unsure", reason="Our archive says otherwise.",
                             acting_user=w.alice)
    (mine,) = scoping.match_decisions_for(w.carol, queue.shared)
    assert mine.reason == "Our archive says otherwise." and mine.decided_by == "alice"
    (theirs,) = scoping.match_decisions_for(w.bob, queue.shared)
    assert theirs.verdict == "unsure" and theirs.organisation == w.party_a.short_name
    assert theirs.reason is None and theirs.decided_by is None
    (mediator,) = scoping.match_decisions_for(w.mara, queue.shared)
    assert mediator.reason and mediator.decided_by == "alice"
