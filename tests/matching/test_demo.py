"""The demo's reconciliation: a populated queue with decisions of each kind, taken in line with the ground truth."""

from __future__ import annotations

import pytest

from homeward.accounts.scoping import match_candidates_for
from homeward.matching.demo import PER_KIND, reconcile_demo
from homeward.matching.models import MatchCandidate, ReconciliationRun
from homeward.registry import demo
from homeward_core.demo import build_scenario


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_the_queue_with_every_kind_of_decision() -> None:
    scenario = build_scenario(seed=7, size=600)
    orgs = demo._organisations()
    users = demo._users(orgs)
    for side, kind in (("A", "sought"), ("B", "held")):
        people = [p for p in scenario.people if p.side == side and p.kind == kind]
        demo._import(side, kind, people, users[f"{side.lower()}.operator"], orgs[side])
    reconcile_demo(scenario, orgs, users, say=lambda _m: None)
    run = ReconciliationRun.objects.get()
    assert run.state == "done" and run.candidate_count > 100
    verdicts = {v: MatchCandidate.objects.filter(verdict=v).count() for v in PER_KIND}
    assert verdicts == dict(PER_KIND)
    # Every "not the same" is one of the twin brothers party B holds; party A cannot see them.
    twins = MatchCandidate.objects.filter(verdict="not_same")
    assert all("TWIN" in (c.left.external_ref + c.right.external_ref) for c in twins)
    assert not match_candidates_for(users["a.operator"]).filter(pk__in=twins).exists()
    # Party B reviews what party A sent it: the decided pairs and some open ones.
    seen_by_b = match_candidates_for(users["b.operator"])
    assert seen_by_b.filter(verdict="").exists() and seen_by_b.filter(verdict="same").count() == PER_KIND["same"]
