"""Refuse writes to audited tables that do not come from an audited service.

Every service runs inside :func:`audited_service`, which marks the current
context. A database wrapper, installed on every connection, inspects each
INSERT, UPDATE and DELETE: one that touches a homeward table outside that
mark raises :class:`UnauditedWrite` before it reaches the database. This
catches what a code review can miss (a ``.save()`` in a view, a shell
session, an admin action) at run time, on SQLite and PostgreSQL alike.
It is a guard, not domain logic, so it lives in a connection hook.
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

AUDITED_APPS = ("accounts", "registry", "audit")
# Tables of these apps that hold no evidence and may be written freely (none today).
EXEMPT_TABLES: frozenset[str] = frozenset()

_in_service: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "homeward_in_service", default=None
)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)


class UnauditedWrite(RuntimeError):
    """A write to an audited table happened outside an audited service."""


@functools.cache
def audited_tables() -> frozenset[str]:
    return frozenset(
        model._meta.db_table
        for label in AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
    ) - EXEMPT_TABLES


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


def _check(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    if _in_service.get() is None:
        match = _WRITE.match(sql)
        if match and match.group(1).lower() in audited_tables():
            raise UnauditedWrite(
                f"write to {match.group(1)} outside an audited service; "
                "call the function in the app's services.py instead"
            )
    return execute(sql, params, many, context)


def _on_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _check not in connection.execute_wrappers:
        connection.execute_wrappers.append(_check)


def install() -> None:
    connection_created.connect(_on_connection, dispatch_uid="homeward.audit.guard")
