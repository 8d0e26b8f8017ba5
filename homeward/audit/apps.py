from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "homeward.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from homeward.audit import guard

        guard.install()
        post_migrate.connect(_cache_table, sender=self, dispatch_uid="homeward.audit.cache_table")


def _cache_table(using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """Every migrate makes the shared figure cache's table when the settings keep figures in the database
    (settings.CACHES; nothing to do for the in-memory cache): no separate step to forget on a new server."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))
