"""Two operators editing one person at once: no update is ever lost (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection

from homeward.registry.models import Declaration
from homeward.registry.services import VersionConflict, declaration_correct
from tests.conftest import build_world, declare

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target, results, *args):
    def run():
        try:
            results.append(target(*args))
        except Exception as exc:  # collected and asserted on by the test
            results.append(exc)
        finally:
            connection.close()
    return threading.Thread(target=run)


def test_of_simultaneous_edits_from_one_version_exactly_one_wins(db):
    world = build_world()
    person = declare(world.alice, world.party_a)
    start, results = threading.Barrier(6), []

    def edit(n):
        start.wait()
        fresh = Declaration.objects.select_related("party").get(pk=person.pk)
        return declaration_correct(declaration=fresh, expected_version=1, changes={"rank": f"rank {n}"},
                                   reason="concurrent", acting_user=world.alice if n % 2 else world.carol)

    threads = [_in_thread(edit, results, n) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, Declaration)]
    losers = [r for r in results if isinstance(r, VersionConflict)]
    assert (len(winners), len(losers)) == (1, 5), results
    assert all(loser.changed_fields == ["rank"] and loser.current == 2 for loser in losers)
    person.refresh_from_db()
    assert (person.version, person.rank, person.versions.count()) == (2, winners[0].rank, 1)


def test_operators_who_retry_after_a_conflict_lose_no_update(db):
    world = build_world()
    person = declare(world.alice, world.party_a, service_number="0")
    results, per_thread, threads_n = [], 8, 3

    def increment_many(user):
        done = 0
        while done < per_thread:
            fresh = Declaration.objects.select_related("party").get(pk=person.pk)
            try:
                declaration_correct(declaration=fresh, expected_version=fresh.version,
                                    changes={"service_number": str(int(fresh.service_number) + 1)},
                                    reason="increment", acting_user=user)
                done += 1
            except VersionConflict:
                continue
        return done

    users = (world.alice, world.carol, world.alice)
    threads = [_in_thread(increment_many, results, users[n]) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [per_thread] * threads_n
    person.refresh_from_db()
    assert int(person.service_number) == per_thread * threads_n
    assert person.version == per_thread * threads_n + 1
