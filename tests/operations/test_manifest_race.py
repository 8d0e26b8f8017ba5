"""Two users putting the same man on two manifests at the same moment: one succeeds (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from homeward.operations import services
from homeward.operations.models import Manifest, ManifestSeat
from tests.planning.conftest import Exchange

pytestmark = pytest.mark.django_db(transaction=True)


def test_of_two_simultaneous_manifests_for_one_man_exactly_one_is_written(exchange: Exchange, approved) -> None:  # noqa: ANN001
    person = approved.entries.filter(side="a", selected=True).first().declaration
    start, results = threading.Barrier(2), []

    def create(user, label):  # noqa: ANN001
        try:
            start.wait()
            results.append(services.manifest_create(plan=approved, side="a", vehicle_kind="bus", vehicle_label=label,
                                                    declarations=[person], acting_user=user))
        except Exception as exc:  # collected and asserted on below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(user, label))
               for user, label in ((exchange.world.mara, "BUS-1"), (exchange.world.carol, "BUS-2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    written = [r for r in results if isinstance(r, Manifest)]
    refused = [r for r in results if isinstance(r, services.OperationsError)]
    assert (len(written), len(refused)) == (1, 1), results
    assert ManifestSeat.objects.filter(declaration=person).count() == 1
    assert Manifest.objects.count() == 1
