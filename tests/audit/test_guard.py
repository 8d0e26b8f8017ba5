"""A model write outside an audited service is refused before it reaches the database."""

import pytest
from django.db import transaction
from django.utils import timezone

from homeward.accounts.models import Organisation
from homeward.audit.guard import UnauditedWrite
from homeward.audit.models import AuditEntry
from homeward.registry.models import Declaration
from tests.conftest import declare


def test_a_direct_create_outside_a_service_is_refused(world):
    with pytest.raises(UnauditedWrite, match="outside an audited service"), transaction.atomic():
        Organisation.objects.create(name="Rogue", short_name="R", kind="party")
    assert not Organisation.objects.filter(name="Rogue").exists()


def test_a_direct_update_of_a_declaration_is_refused(world):
    person = declare(world.alice, world.party_a)
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Declaration.objects.filter(pk=person.pk).update(surname="Changed")
    person.surname = "Changed"
    with pytest.raises(UnauditedWrite), transaction.atomic():
        person.save()
    person.refresh_from_db()
    assert person.surname == "Коваленко"


def test_deleting_evidence_outside_a_service_is_refused(world):
    person = declare(world.alice, world.party_a)
    with pytest.raises(UnauditedWrite), transaction.atomic():
        Declaration.objects.filter(pk=person.pk).delete()
    assert Declaration.objects.filter(pk=person.pk).exists()


def test_rewriting_the_audit_log_is_refused(world):
    entry = AuditEntry.objects.first()
    with pytest.raises(UnauditedWrite), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(occurred_at=timezone.now())


def test_every_service_write_appends_an_audit_entry(world):
    before = AuditEntry.objects.count()
    person = declare(world.alice, world.party_a)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.object_id, entry.actor) == ("registry.declaration.create", person.public_id, world.alice)
    assert entry.organisation == world.party_a
    assert len(entry.after_digest) == 64
