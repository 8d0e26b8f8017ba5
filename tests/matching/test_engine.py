"""End to end with the real Splink engine: `homeward reconcile` and the worker's task on declared lists.

The lists come from the demo generator (Ukrainian sought, Russian or romanised held, with its noise).
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from homeward.matching import services
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.matching.tasks import execute_run
from homeward.registry import demo
from homeward.registry.models import Declaration
from homeward_core.demo import build_scenario
from tests.conftest import World, declare


def _declare_lists(world: World) -> set[tuple[int, int]]:
    """Party A's sought and party B's held from the demo generator (through the import); the true pairs by id."""
    scenario = build_scenario(seed=11, size=300)
    parties, users = {"A": world.party_a, "B": world.party_b}, {"A": world.alice, "B": world.bob}
    for side, kind in (("A", "sought"), ("B", "held")):
        people = [p for p in scenario.people if p.side == side and p.kind == kind]
        demo._import(side, kind, people, users[side], parties[side])
    truth = {(p.side, p.external_ref): p.truth_id for p in scenario.people if p.kind in ("sought", "held")}
    side_of = {world.party_a.pk: "A", world.party_b.pk: "B"}
    people: dict[str, list[int]] = {}
    for pk, party, ref in Declaration.objects.values_list("pk", "party_id", "external_ref"):
        people.setdefault(truth[(side_of[party], ref)], []).append(pk)
    return {(min(ids), max(ids)) for ids in people.values() if len(ids) == 2}


@pytest.mark.django_db(transaction=True)
def test_reconcile_links_the_lists_and_not_same_stays_out(world: World, capsys) -> None:  # noqa: ANN001
    truth = _declare_lists(world)
    call_command("reconcile", "--user", "mara", "--job", "sought_held", "--left", "NCO", "--right", "SCO")
    assert "candidates to review" in capsys.readouterr().out
    run = ReconciliationRun.objects.get()
    found = {(c.left_id, c.right_id) for c in run.candidates.all()}
    assert run.state == "done" and len(found & truth) >= 0.8 * len(truth)
    assert len(found & truth) >= 0.9 * len(found)  # precision
    first = run.candidates.order_by("-match_probability").first()
    assert first.contributions[0]["comparison"] == "prior" and len(first.contributions) >= 4
    services.decision_record(candidate=first, verdict="not_same", reason="Brothers (test).", acting_user=world.mara)
    call_command("reconcile", "--user", "mara", "--job", "sought_held", "--left", "NCO", "--right", "SCO")
    again = ReconciliationRun.objects.order_by("-started_at").first()
    assert again.suppressed_count == 1
    assert not again.candidates.filter(left=first.left, right=first.right).exists()


def test_reconcile_refusals_exit_with_a_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match="mediator"):
        call_command("reconcile", "--user", "alice", "--job", "sought_held", "--left", "NCO", "--right", "SCO")
    with pytest.raises(CommandError, match="no organisation 'XYZ'"):
        call_command("reconcile", "--user", "mara", "--job", "sought_held", "--left", "XYZ", "--right", "SCO")
    with pytest.raises(CommandError, match="no user"):
        call_command("reconcile", "--user", "nobody", "--job", "duplicates", "--left", "NCO")
    assert not ReconciliationRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_task_runs_a_queued_duplicates_run(world: World) -> None:
    scenario = build_scenario(seed=11, size=300)
    demo._import("A", "held", [p for p in scenario.people if p.side == "A" and p.kind == "held"], world.alice,
                 world.party_a)
    twice = list(Declaration.objects.filter(party=world.party_a, kind="held", birth_day__isnull=False)
                 .exclude(patronymic="")[:3])
    for n, man in enumerate(twice):  # entered a second time by another clerk, without the patronymic
        declare(world.alice, world.party_a, kind="held", surname=man.surname, given_name=man.given_name,
                birth_year=man.birth_year, birth_month=man.birth_month, birth_day=man.birth_day, unit=man.unit,
                external_ref=f"AGAIN-{n}")
    run = services.run_start(job="duplicates", left_party=world.party_a, acting_user=world.alice, enqueue=False)
    assert execute_run.call(str(run.public_id)) == "done"
    run.refresh_from_db()
    found = set(run.candidates.values_list("left__external_ref", "right__external_ref"))
    assert sum(any(f"AGAIN-{n}" in pair for pair in found) for n in range(3)) >= 2
    assert execute_run.call(str(run.public_id)) == "done"  # queued twice: nothing twice
    assert MatchCandidate.objects.filter(run=run).count() == run.candidate_count
