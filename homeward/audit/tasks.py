"""The scheduled purge: the worker runs `retention.purge_due` every ``HOMEWARD_PURGE_EVERY_HOURS`` hours.

No cron is needed: `homeward worker` enqueues the first run when it starts
(unless one is already waiting), and each run enqueues the next, deferred by
the period. With the period 0 (the default outside production) or a task
backend that cannot defer a task, nothing is scheduled and `homeward purge`
is run by hand or from cron instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from homeward.audit import retention


def period() -> dt.timedelta | None:
    hours = int(getattr(settings, "HOMEWARD_PURGE_EVERY_HOURS", 0))
    return dt.timedelta(hours=hours) if hours > 0 and default_task_backend.supports_defer else None


@task()
def purge_retention() -> dict[str, Any]:
    """Purge everything past its retention, then schedule the next run."""
    done = retention.purge_due()
    counts: dict[str, int] = {}
    for item in done:
        counts[item.rule.kind] = counts.get(item.rule.kind, 0) + 1
    every = period()
    schedule_purge(timezone.now() + every if every else None)
    return {"purged": counts}


def _waiting() -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=purge_retention.module_path,
                                       status=TaskResultStatus.READY).exists()


def schedule_purge(when: dt.datetime | None = None) -> dt.datetime | None:
    """Enqueue the next purge at ``when`` (default: now) unless one is waiting; when it runs, or None if off."""
    if period() is None:
        return None
    if _waiting():
        return None
    when = when or timezone.now()
    purge_retention.using(run_after=when).enqueue()
    return when
