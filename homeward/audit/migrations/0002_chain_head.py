"""Create the chain's head row up front, so the first two writers never race to create it."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    from homeward.audit.guard import service_context

    head_model = apps.get_model("audit", "AuditHead")
    with service_context("migration: audit chain head"):
        head_model.objects.get_or_create(singleton=1, defaults={"sequence": 0, "last_hash": GENESIS_HASH})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
