"""Refuse writes to homeward's tables that do not come from an audited service.

Every service runs inside :func:`audited_service`, which marks the current
context. A database wrapper, installed on every connection, inspects each
statement outside that mark and fails closed: anything that is not a plain
read (SELECT, a PRAGMA query, transaction control) counts as a write, and a
write that names any guarded table is refused with :class:`UnauditedWrite`
before it reaches the database. Guarded means every table of every installed
model, Django's ``auth_user`` included, except the few bookkeeping tables in
:data:`UNGUARDED_TABLES`. This catches what a code review can miss (a
``.save()`` in a view, ``bulk_create(ignore_conflicts=True)``, a shell
session, raw SQL) at run time, on SQLite and PostgreSQL alike. It guards
against mistakes, not against code that means harm: a caller in the same
process can always enter a service context, and a PostgreSQL function with
side effects called from a SELECT is not seen. It is a guard, not domain
logic, so it lives in a connection hook.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.db import transaction
from django.db.backends.signals import connection_created

P = ParamSpec("P")
T = TypeVar("T")

# Django's own bookkeeping, written by Django outside any service. None of them
# holds evidence or grants a right (granting a permission, auth_user_user_permissions
# or auth_group_permissions, stays guarded); every other table is guarded, so a new
# app's tables are protected without anyone remembering to list them.
UNGUARDED_TABLES: frozenset[str] = frozenset({
    "django_migrations",  # the migration recorder
    "django_session",  # sign-in, sign-out and any request that changes the session
    "django_content_type",  # created on first use by ContentType.objects.get_for_model()
    "auth_permission",  # definitions, re-created by post_migrate after every flush of the test database
    # The task queue: tasks are enqueued in on-commit callbacks, after the service's
    # mark is gone, and the worker records their progress outside any service.
    "django_tasks_database_dbtaskresult",
})

_in_service: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "homeward_in_service", default=None
)
# Statements that cannot change a table. Everything else, including what the guard
# does not recognise, is treated as a write and has the tables it names checked.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "END")
_MODIFYING = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|REPLACE|TRUNCATE|COPY)\b", re.IGNORECASE)


class UnauditedWrite(RuntimeError):
    """A write to a guarded table happened outside an audited service."""


@functools.cache
def guarded_tables() -> frozenset[str]:
    """Every installed model's table (many-to-many tables too) but the unguarded few."""
    return frozenset(
        model._meta.db_table.lower() for model in apps.get_models(include_auto_created=True)
    ) - UNGUARDED_TABLES


@functools.cache
def _guarded_names() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Each name with a pattern for it as a whole identifier, however it is quoted
    # ("t", `t`, [t], "public"."t"): new__t, SQLite's rebuild of t, is another table.
    # A substring test first, in C, is several times faster than one regex for all names.
    return tuple(
        (table, re.compile(rf"(?<![\w$]){re.escape(table)}(?![\w$])")) for table in sorted(guarded_tables())
    )


def is_read(sql: str) -> bool:
    """True only for statements that cannot write: anything unrecognised is a write."""
    if ";" in sql:  # psycopg runs several statements sent in one call
        return False
    if sql.startswith(_READS):  # Django's own statements: the fast path
        return True
    head = sql[:24].lstrip(" \t\r\n(").upper()
    if head.startswith(_READS):
        return True
    if head.startswith("PRAGMA"):
        return "=" not in sql  # PRAGMA name = value sets; a PRAGMA without a value reads
    if head.startswith("WITH"):
        return _MODIFYING.search(sql) is None  # PostgreSQL allows INSERT/UPDATE/DELETE in a CTE
    return False


def guarded_table_in(sql: str) -> str | None:
    """The first guarded table a statement names, in any case or quoting, or None."""
    lowered = sql.lower()
    for table, whole_name in _guarded_names():
        if table in lowered and whole_name.search(lowered):
            return table
    return None


def current_service() -> str | None:
    return _in_service.get()


@contextlib.contextmanager
def service_context(name: str) -> Iterator[None]:
    token = _in_service.set(name)
    try:
        yield
    finally:
        _in_service.reset(token)


def audited_service(func: Callable[P, T]) -> Callable[P, T]:
    """Run ``func`` in one transaction, marked as an audited service.

    The outermost service opens a durable transaction (so its on-commit side
    effects really happen after commit); a service called by another joins
    the caller's transaction through a savepoint.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        outermost = current_service() is None
        with transaction.atomic(durable=outermost), service_context(func.__qualname__):
            return func(*args, **kwargs)

    return wrapper


def _check(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
    if _in_service.get() is None:
        text = sql if isinstance(sql, str) else str(sql)  # psycopg's sql.Composed shows its names
        if not is_read(text) and (table := guarded_table_in(text)) is not None:
            raise UnauditedWrite(
                f"write to {table} outside an audited service; "
                "call the function in the app's services.py instead"
            )
    return execute(sql, params, many, context)


def _on_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _check not in connection.execute_wrappers:
        connection.execute_wrappers.append(_check)


def install() -> None:
    connection_created.connect(_on_connection, dispatch_uid="homeward.audit.guard")
