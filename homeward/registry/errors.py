"""Why the registry refuses a write: one message for people, the field for forms and the API."""

from __future__ import annotations

from django.db import IntegrityError


class RegistryError(ValueError):
    """A write that the registry refuses, with a message naming the problem."""


class InvalidField(RegistryError):
    """One value the registry refuses; ``field`` says which, so a form or the API can point at it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class DuplicateReference(InvalidField, IntegrityError):
    """The party already uses this roster reference for another of its records.

    Also an IntegrityError, so a caller that refuses a whole batch on any
    uniqueness failure (the import's all-or-nothing commit) still does.
    """

    def __init__(self, reference: str) -> None:
        super().__init__("external_ref", f"'{reference}' is already used by another record of this party")
