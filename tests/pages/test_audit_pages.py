"""The audit log and its verification: for auditors and the mediator only."""

from django.urls import reverse

from homeward.audit.guard import service_context
from homeward.audit.models import AuditEntry
from tests.conftest import declare
from tests.pages.conftest import text

LOG, VERIFY = reverse("audit:log"), reverse("audit:verify")


def test_an_auditor_reads_the_log_without_personal_data(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    response = signed_in("otto").get(LOG)
    assert response.status_code == 200
    page = text(response)
    assert "registry.declaration.create" in page and "alice" in page
    assert "Шевченко" not in page


def test_the_mediator_reads_the_log(world, signed_in):
    declare(world.alice, world.party_a)
    response = signed_in("mara").get(LOG)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == AuditEntry.objects.count()


def test_verification_says_the_chain_is_intact(world, signed_in):
    declare(world.alice, world.party_a)
    response = signed_in("otto").get(VERIFY)
    assert response.status_code == 200 and response.context["report"].intact
    assert "The chain is intact" in text(response)


def test_verification_shows_where_the_chain_breaks(world, signed_in):
    declare(world.alice, world.party_a)
    with service_context("test: tamper with the log"):
        AuditEntry.objects.filter(sequence=2).update(action="registry.declaration.delete")
    page = text(signed_in("otto").get(VERIFY))
    assert "The chain is broken" in page and "content does not match its hash" in page


def test_parties_operators_and_medical_officers_get_403(world, signed_in):
    for name in ("alice", "bob", "medic", "outsider"):
        client = signed_in(name)
        assert client.get(LOG).status_code == 403
        assert client.get(VERIFY).status_code == 403
