"""End to end with the real Splink engine: `homeward reconcile` and the worker's task on declared lists."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from homeward.matching import services
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.matching.tasks import execute_run
from homeward_core.linkage.synthetic import linked_lists
from tests.conftest import World, declare


def _date(text: str) -> dict[str, int]:
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text)
    if found is None:
        return {}
    parts = [int(p) for p in found.groups()]
    year, month, day = parts if parts[0] > 31 else parts[::-1]
    if not (1 <= month <= 12 and 1 <= day <= 28):  # keep to dates that exist in every month
        return {}
    return {"birth_year": year, "birth_month": month, "birth_day": day}


def _declare_lists(world: World) -> set[tuple[int, int]]:
    """Party A's sought and party B's held from the engine's synthetic generator; the true pairs by database id."""
    data = linked_lists(40, 40, 30, seed=7)
    ids = {}
    for user, party, kind, records in ((world.alice, world.party_a, "sought", data.left),
                                       (world.bob, world.party_b, "held", data.right)):
        for r in records:
            if r.surname and r.given_name:
                ids[r.record_id] = declare(user, party, kind=kind, surname=r.surname, given_name=r.given_name,
                                           patronymic=r.patronymic, unit=r.unit, **_date(r.date_of_birth)).pk
    return {tuple(sorted((ids[a], ids[b]))) for a, b in data.true_pairs if a in ids and b in ids}


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
    for n in range(3):
        declare(world.alice, world.party_a, kind="held", surname="Гончаренко", given_name="Василь",
                patronymic="Іванович", birth_year=1991, birth_month=2, birth_day=3, external_ref=f"R-{n}")
    declare(world.alice, world.party_a, kind="held", surname="Литвиненко", given_name="Олег", birth_year=1970)
    run = services.run_start(job="duplicates", left_party=world.party_a, acting_user=world.alice, enqueue=False)
    assert execute_run.call(str(run.public_id)) == "done"
    run.refresh_from_db()
    assert run.candidate_count >= 2 and MatchCandidate.objects.filter(run=run, left__surname="Гончаренко").exists()
    assert execute_run.call(str(run.public_id)) == "done"  # queued twice: nothing twice
    assert MatchCandidate.objects.filter(run=run).count() == run.candidate_count
