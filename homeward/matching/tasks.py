"""Reconciliation runs off the request, in `homeward worker` (django-tasks database backend).

The task names only the run; the run row says who started it and with what
parameters. A run that a killed worker left "running" is marked failed by
:func:`fail_interrupted` (its proposals were never stored: they are written
in one transaction at the end), and can simply be started again.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from homeward.accounts.scoping import NotAllowed
from homeward.matching.choices import RunState
from homeward.matching.errors import RunConflict
from homeward.matching.models import ReconciliationRun
from homeward.matching.services import run_execute, run_fail


@task()
def execute_run(run_id: str) -> str:
    run = ReconciliationRun.objects.select_related("started_by").get(public_id=run_id)
    if run.state != RunState.QUEUED:
        return run.state  # a task queued twice does nothing twice
    try:
        return run_execute(run=run, acting_user=run.started_by).state
    except RunConflict:
        run.refresh_from_db()
        return run.state
    except NotAllowed as exc:  # the starter may no longer run it: say so rather than retry for ever
        return run_fail(run=run, error=f"The run was not started: {exc}", acting_user=None).state


def enqueue_run(run: ReconciliationRun) -> None:
    transaction.on_commit(lambda: execute_run.enqueue(str(run.public_id)))


def fail_interrupted() -> int:
    """Runs left "running" by a worker that died: say so, so they can be started again."""
    count = 0
    for run in ReconciliationRun.objects.filter(state=RunState.RUNNING).select_related("started_by"):
        run_fail(run=run, error="The worker stopped during this run; start it again.", acting_user=run.started_by)
        count += 1
    return count

