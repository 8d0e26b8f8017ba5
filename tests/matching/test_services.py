"""Reconciliation services: who starts runs, auto-accept, decisions with reasons, "not the same" remembered."""

from __future__ import annotations

import pytest

from homeward.accounts.scoping import NotAllowed
from homeward.audit.models import AuditEntry
from homeward.matching import services
from homeward.matching.errors import InvalidField, RunConflict
from homeward.matching.models import MatchCandidate, MatchDecision, ReconciliationRun
from homeward.registry.models import Declaration
from tests.matching.conftest import Lists, Queue, proposal, stored_run


def test_the_mediator_starts_a_run_with_auto_accept_off_and_audited(lists: Lists) -> None:
    w = lists.world
    run = services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=w.mara,
                             enqueue=False)
    assert run.state == "queued" and run.auto_accept is None and run.review_floor == 0.5
    entry = AuditEntry.objects.get(action="matching.run.start")
    assert entry.object_id == run.public_id and entry.actor_username == "mara"


def test_the_same_run_is_not_queued_twice(lists: Lists) -> None:
    w = lists.world
    services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=w.mara,
                       enqueue=False)
    with pytest.raises(RunConflict):
        services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=w.mara,
                           enqueue=False)


def test_a_party_may_look_for_duplicates_in_its_own_lists_only(lists: Lists) -> None:
    w = lists.world
    run = services.run_start(job="duplicates", left_party=w.party_a, acting_user=w.alice, enqueue=False)
    assert run.left_party == w.party_a
    for job, left, right in (("sought_held", w.party_a, w.party_b), ("duplicates", w.party_b, None)):
        with pytest.raises(NotAllowed):
            services.run_start(job=job, left_party=left, right_party=right, acting_user=w.alice, enqueue=False)
    for user in (lists.milo, w.otto, w.medic):
        with pytest.raises(NotAllowed):
            services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=user,
                               enqueue=False)
    assert ReconciliationRun.objects.count() == 1


def test_only_the_mediators_coordinator_sets_auto_accept(lists: Lists) -> None:
    w = lists.world
    with pytest.raises(NotAllowed):
        services.run_start(job="duplicates", left_party=w.party_a, auto_accept=0.99, acting_user=w.carol,
                           enqueue=False)
    assert not ReconciliationRun.objects.exists()
    run = services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, auto_accept=0.99,
                             acting_user=w.mara, enqueue=False)
    assert run.auto_accept == 0.99


@pytest.mark.parametrize(("field", "values"), [
    ("review_floor", {"review_floor": 0}), ("review_floor", {"review_floor": 1.5}),
    ("auto_accept", {"auto_accept": 0.3}), ("auto_accept", {"auto_accept": True}),
])
def test_bad_parameters_are_refused_naming_the_field(lists: Lists, field: str, values: dict) -> None:
    w = lists.world
    with pytest.raises(InvalidField) as refused:
        services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=w.mara,
                           enqueue=False, **values)
    assert refused.value.field == field and not ReconciliationRun.objects.exists()


def test_the_parties_must_be_two_parties(lists: Lists) -> None:
    w = lists.world
    for left, right, field in ((w.mediator, w.party_b, "left_party"), (w.party_a, w.party_a, "right_party"),
                               (w.party_a, None, "right_party"), (w.party_a, w.medical, "right_party")):
        with pytest.raises(InvalidField) as refused:
            services.run_start(job="sought_held", left_party=left, right_party=right, acting_user=w.mara,
                               enqueue=False)
        assert refused.value.field == field
    with pytest.raises(InvalidField):
        services.run_start(job="merge everything", left_party=w.party_a, acting_user=w.mara, enqueue=False)
    assert not ReconciliationRun.objects.exists()


def test_auto_accept_links_only_pairs_at_or_above_the_threshold(lists: Lists) -> None:
    w = lists.world
    run = stored_run(w.mara, "sought_held", w.party_a, w.party_b,
                     [proposal(lists.a_kovalenko, lists.b_kovalenko, 0.995),
                      proposal(lists.a_shevchenko, lists.b_hidden, 0.97)], auto_accept=0.99)
    assert run.auto_accepted_count == 1 and run.candidate_count == 2
    accepted = MatchDecision.objects.get()
    assert accepted.automatic and accepted.verdict == "same" and accepted.decided_by == w.mara
    assert accepted.candidate.left_id == min(lists.a_kovalenko.pk, lists.b_kovalenko.pk)
    assert MatchCandidate.objects.filter(verdict="").count() == 1


def test_a_decision_needs_a_reason_and_is_audited(queue: Queue) -> None:
    w = queue.lists.world
    for reason in ("", "   "):
        with pytest.raises(InvalidField) as refused:
            services.decision_record(candidate=queue.shared, verdict="same", reason=reason, acting_user=w.mara)
        assert refused.value.field == "reason"
    with pytest.raises(InvalidField):
        services.decision_record(candidate=queue.shared, verdict="merge", reason="why not", acting_user=w.mara)
    assert not MatchDecision.objects.exists()
    decision = services.decision_record(candidate=queue.shared, verdict="same", reason="Same man, same unit.",
                                        acting_user=w.alice)
    assert decision.organisation == w.party_a and decision.decided_by == w.alice
    entry = AuditEntry.objects.get(action="matching.decision")
    assert entry.object_id == queue.shared.public_id and entry.summary["verdict"] == "same"
    assert "Same man" not in str(entry.summary)  # the reason is digested, not logged
    queue.shared.refresh_from_db()
    assert queue.shared.verdict == "same"


def test_a_same_person_decision_merges_nothing(queue: Queue) -> None:
    w = queue.lists.world
    before = list(Declaration.objects.order_by("pk").values())
    services.decision_record(candidate=queue.shared, verdict="same", reason="Same man.", acting_user=w.mara)
    assert list(Declaration.objects.order_by("pk").values()) == before


def test_not_the_same_person_never_comes_back(queue: Queue) -> None:
    w, lists = queue.lists.world, queue.lists
    services.decision_record(candidate=queue.hidden, verdict="not_same", reason="Other father.", acting_user=w.mara)
    again = stored_run(w.mara, "sought_held", w.party_a, w.party_b,
                       [proposal(lists.a_shevchenko, lists.b_hidden, 0.9), proposal(lists.a_kovalenko,
                                                                                    lists.b_kovalenko)])
    assert again.candidate_count == 1 and again.suppressed_count == 1
    assert not again.candidates.filter(left=queue.hidden.left, right=queue.hidden.right).exists()


def test_an_unsure_pair_comes_back_and_an_open_one_is_superseded(queue: Queue) -> None:
    w, lists = queue.lists.world, queue.lists
    services.decision_record(candidate=queue.hidden, verdict="unsure", reason="Ask for the number.",
                             acting_user=w.mara)
    again = stored_run(w.mara, "sought_held", w.party_a, w.party_b,
                       [proposal(lists.a_shevchenko, lists.b_hidden), proposal(lists.a_kovalenko, lists.b_kovalenko)])
    assert again.candidate_count == 2
    queue.shared.refresh_from_db()
    assert queue.shared.superseded and queue.shared.verdict == ""


def test_another_organisations_decision_is_changed_only_by_it_or_the_mediator(queue: Queue) -> None:
    w = queue.lists.world
    services.decision_record(candidate=queue.shared, verdict="same", reason="Same man.", acting_user=w.alice)
    with pytest.raises(RunConflict):
        services.decision_record(candidate=queue.shared, verdict="not_same", reason="No.", acting_user=w.bob)
    services.decision_record(candidate=queue.shared, verdict="unsure", reason="Checking.", acting_user=w.carol)
    services.decision_record(candidate=queue.shared, verdict="not_same", reason="Dental record differs.",
                             acting_user=w.mara)
    assert list(queue.shared.decisions.values_list("verdict", flat=True)) == ["not_same", "unsure", "same"]


def test_no_decision_on_a_candidate_the_party_cannot_see_or_by_readers(queue: Queue) -> None:
    w = queue.lists.world
    for user, candidate in ((w.alice, queue.hidden), (w.alice, queue.unshared), (w.bob, queue.hidden),
                            (queue.lists.milo, queue.shared), (w.otto, queue.shared), (w.medic, queue.shared)):
        with pytest.raises(NotAllowed):
            services.decision_record(candidate=candidate, verdict="same", reason="x", acting_user=user)
    assert not MatchDecision.objects.exists()


def test_a_failed_run_says_why_and_a_finished_run_is_not_run_again(lists: Lists, monkeypatch) -> None:  # noqa: ANN001
    from homeward.matching import engine

    w = lists.world

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise engine.LinkageError("row 3: date_of_birth '31.02.1990' is not a date")

    monkeypatch.setattr(engine, "propose", refuse)
    run = services.run_start(job="sought_held", left_party=w.party_a, right_party=w.party_b, acting_user=w.mara,
                             enqueue=False)
    run = services.run_execute(run=run, acting_user=w.mara)
    assert run.state == "failed" and "31.02.1990" in run.error and not MatchCandidate.objects.exists()
    with pytest.raises(RunConflict):
        services.run_execute(run=run, acting_user=w.mara)


def test_a_run_queued_by_someone_since_deactivated_fails_saying_why(lists: Lists) -> None:
    from homeward.accounts.services import user_deactivate
    from homeward.matching.tasks import execute_run

    w = lists.world
    run = services.run_start(job="duplicates", left_party=w.party_a, acting_user=w.alice, enqueue=False)
    user_deactivate(user=w.alice, acting_user=None)
    assert execute_run.call(str(run.public_id)) == "failed"
    run.refresh_from_db()
    assert "not started" in run.error and not MatchCandidate.objects.exists()
    assert AuditEntry.objects.filter(action="matching.run.fail", organisation=w.party_a).exists()
