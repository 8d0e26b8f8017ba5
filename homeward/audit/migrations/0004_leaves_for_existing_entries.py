"""Give every audit entry written before the transparency log its salt and its leaf, in order."""

from django.db import migrations


def backfill(apps, schema_editor):
    from homeward.audit.guard import service_context
    from homeward_core.transparency.chain import ChainEntry
    from homeward_core.transparency.leaves import commitment, new_salt
    from homeward_core.transparency.merkle import MerkleTree

    entry_model = apps.get_model("audit", "AuditEntry")
    node_model = apps.get_model("audit", "LogNode")
    organisation_model = apps.get_model("accounts", "Organisation")
    organisations = {o.pk: str(o.public_id) for o in organisation_model.objects.all()}
    tree = MerkleTree()
    with service_context("migration: transparency log leaves"):
        for row in entry_model.objects.order_by("sequence").iterator():
            entry = ChainEntry(
                sequence=row.sequence, occurred_at=row.occurred_at.isoformat(), actor=row.actor_username,
                organisation=organisations.get(row.organisation_id, ""), action=row.action,
                object_type=row.object_type, object_id=str(row.object_id) if row.object_id else "",
                before_digest=row.before_digest, after_digest=row.after_digest, prev_hash=row.prev_hash,
            )
            salt = new_salt()
            entry_model.objects.filter(pk=row.pk).update(salt=salt)
            tree.append(commitment(entry, row.entry_hash, salt))
        node_model.objects.bulk_create(
            [node_model(level=level, index=index, hash=tree.node(level, index))
             for level in range(64) for index in range(tree.size >> level) if tree.size >> level],
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_transparency_log"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
