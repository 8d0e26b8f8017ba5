"""The audit log is a hash chain: intact when untouched, broken where anything was rewritten."""

from homeward.audit.guard import service_context
from homeward.audit.models import AuditEntry
from homeward.audit.verification import verify_log
from tests.conftest import declare


def test_an_untouched_log_verifies(world):
    declare(world.alice, world.party_a)
    report = verify_log()
    assert report.intact
    assert report.entries == AuditEntry.objects.count()


def test_rewriting_an_entry_is_detected_at_that_entry(world):
    declare(world.alice, world.party_a)
    victim = AuditEntry.objects.order_by("sequence")[2]
    with service_context("simulated tampering"):
        AuditEntry.objects.filter(pk=victim.pk).update(action="registry.declaration.delete")
    report = verify_log()
    assert not report.intact
    assert {b.sequence for b in report.breaks} == {victim.sequence}  # the chain and its leaf both name it


def test_deleting_the_last_entry_is_detected(world):
    declare(world.alice, world.party_a)
    last = AuditEntry.objects.order_by("-sequence").first()
    with service_context("simulated tampering"):
        AuditEntry.objects.filter(pk=last.pk).delete()
    assert not verify_log().intact


def test_a_changed_leaf_or_interior_node_of_the_log_is_detected_by_the_servers_check(world):
    from homeward.audit.models import LogNode

    declare(world.alice, world.party_a)
    assert verify_log().intact
    leaf = LogNode.objects.get(level=0, index=2)
    node = LogNode.objects.filter(level=2).first()
    with service_context("simulated tampering"):
        LogNode.objects.filter(pk=leaf.pk).update(hash=b"\x00" * 32)
        LogNode.objects.filter(pk=node.pk).update(hash=b"\x01" * 32)
    reasons = [b.reason for b in verify_log().breaks]
    assert "its leaf in the transparency log does not commit to it" in reasons
    assert any("level 2" in reason for reason in reasons)
