"""Background work for imports, run by `homeward worker` (django-tasks database backend).

A task only names the batch and the user; all state lives in the batch row,
so a worker killed at any moment is recovered by running the same step again
(see :func:`resume_interrupted`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from homeward.accounts.scoping import NotAllowed
from homeward.registry import staging
from homeward.registry.choices import ImportState
from homeward.registry.imports import (
    CommitRefused,
    ImportError_,
    import_check,
    import_commit,
    import_seal,
    import_step_refused,
)
from homeward.registry.models import ImportBatch
from homeward_core.said import said


def _load(batch_id: str, user_id: int) -> tuple[ImportBatch, object]:
    batch = ImportBatch.objects.select_related("party").get(public_id=batch_id)
    return batch, get_user_model().objects.get(pk=user_id)


@task()
def check_import(batch_id: str, user_id: int) -> str:
    batch, user = _load(batch_id, user_id)
    if batch.check_requested_at is None:
        return batch.state  # carried out (or refused) already: a task queued twice does nothing twice
    try:
        return import_check(batch=batch, acting_user=user).state
    except NotAllowed as exc:  # the user may no longer import: say so rather than retry for ever
        text = f"The check was not run: {exc}"
        return import_step_refused(batch=batch, reason=text, acting_user=None,
                                   sentence=said("import.refused.check_not_run", text, detail=str(exc))).state


@task()
def commit_import(batch_id: str, user_id: int) -> str:
    batch, user = _load(batch_id, user_id)
    if batch.commit_requested_at is None:
        return batch.state
    try:
        return import_commit(batch=batch, acting_user=user).state
    except CommitRefused:  # already recorded on the batch, with the reason
        return ImportState.REJECTED
    except (NotAllowed, ImportError_) as exc:
        text = f"The commit was not run: {exc}"
        return import_step_refused(batch=batch, reason=text, acting_user=None,
                                   sentence=said("import.refused.commit_not_run", text, detail=str(exc))).state


def enqueue_check(batch: ImportBatch, user_id: int) -> None:
    transaction.on_commit(lambda: check_import.enqueue(str(batch.public_id), user_id))


def enqueue_commit(batch: ImportBatch, user_id: int) -> None:
    transaction.on_commit(lambda: commit_import.enqueue(str(batch.public_id), user_id))


def resume_interrupted() -> int:
    """Re-queue every check or commit that was asked for and never finished.

    A killed worker leaves its batch exactly as before the step began (the
    step is one transaction); running it again cannot lose or duplicate rows.
    """
    count = 0
    pending_checks = ImportBatch.objects.filter(check_requested_at__isnull=False).exclude(
        state=ImportState.COMMITTED
    )
    for batch in pending_checks:
        check_import.enqueue(str(batch.public_id), batch.created_by_id)
        count += 1
    pending_commits = ImportBatch.objects.filter(
        commit_requested_at__isnull=False, state=ImportState.VALIDATED
    )
    for batch in pending_commits:
        commit_import.enqueue(str(batch.public_id), batch.commit_requested_by_id or batch.created_by_id)
        count += 1
    return count


def seal_unsealed() -> int:
    """Seal every committed import whose seal a crash interrupted (imports.import_seal)."""
    unsealed = ImportBatch.objects.filter(state=ImportState.COMMITTED, sealed_at__isnull=True).order_by("pk")
    for batch in unsealed:
        import_seal(batch=batch)
    return len(unsealed)


def sweep_staging() -> int:
    """Remove the staged rows of checks and commits that a crash left behind."""
    in_use = set(ImportBatch.objects.exclude(staged_name="").values_list("staged_name", flat=True))
    return staging.sweep(in_use)
