# The lists are read in name order a page at a time: an index in that order (it serves a lookup by surname too).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_membership_language"),
        ("registry", "0007_import_seal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="declaration",
            name="declaration_surname",
        ),
        migrations.AddIndex(
            model_name="declaration",
            index=models.Index(fields=["surname", "given_name", "id"], name="declaration_name_order"),
        ),
    ]
