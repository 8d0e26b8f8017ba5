"""Creating the first organisations and users from the command line, through the audited services."""

import io

import pytest
from django.core.management import CommandError, call_command

from homeward.accounts.models import Membership, Organisation
from homeward.audit.models import AuditEntry


@pytest.fixture
def north(db):
    call_command("add_organisation", "NORTH", name="Northern Coordination Office", kind="party", stdout=io.StringIO())
    return Organisation.objects.get(short_name="NORTH")


def test_an_organisation_and_a_user_are_created_and_audited(north, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long and unusual passphrase\n"))
    out = io.StringIO()
    call_command("add_user", "ivan", organisation="NORTH", role="coordinator", password_stdin=True, stdout=out)
    membership = Membership.objects.get(user__username="ivan")
    assert (membership.organisation, membership.role) == (north, "coordinator")
    assert membership.user.check_password("a long and unusual passphrase")
    assert "a long and unusual" not in out.getvalue()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.organisation.create", "accounts.user.create"} <= actions


def test_a_weak_password_is_refused_and_nothing_is_written(north, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="password was refused"):
        call_command("add_user", "ivan", organisation="NORTH", role="operator", password_stdin=True)
    assert not Membership.objects.exists()


def test_unknown_organisations_and_taken_names_are_refused(north, monkeypatch):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("add_user", "ivan", organisation="SOUTH", role="operator", password_stdin=True)
    with pytest.raises(CommandError, match="exists already"):
        call_command("add_organisation", "NORTH", name="Again", kind="party")
