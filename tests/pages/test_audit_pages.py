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


def test_the_logs_count_is_kept_until_the_next_entry_and_never_another_organisations(world, signed_in):
    from django.test import Client

    from homeward.accounts import services as accounts

    auditors = {side: accounts.user_create(username=f"auditor.{side}", password="auditor-password-2026",
                                           organisation=party, role="auditor", acting_user=None, validate=False)
                for side, party in (("a", world.party_a), ("b", world.party_b))}
    declare(world.alice, world.party_a)
    clients = {}
    for side, user in auditors.items():
        clients[side] = Client()
        clients[side].force_login(user)  # signing in is audited: both before reading
    a_count = clients["a"].get(LOG).context["page"].paginator.count
    assert a_count == AuditEntry.objects.filter(organisation=world.party_a).count()
    b_count = clients["b"].get(LOG).context["page"].paginator.count  # the same head, party B's own entries
    assert b_count == AuditEntry.objects.filter(organisation=world.party_b).count() != a_count
    declare(world.alice, world.party_a, surname="Коваль")
    page = clients["a"].get(LOG).context["page"]
    assert page.paginator.count == a_count + 1
    assert [e.sequence for e in page.object_list] == sorted((e.sequence for e in page.object_list), reverse=True)
