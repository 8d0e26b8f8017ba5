"""Why the agreements app refuses a write: one message for people, the field for forms and the API."""

from __future__ import annotations


class AgreementError(ValueError):
    """A write that the agreements app refuses, with a message naming the problem (HTTP 400)."""


class InvalidField(AgreementError):
    """One value refused; ``field`` says which, so a form or the API can point at it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class InvalidTerms(InvalidField):
    """Terms that do not parse; ``path`` is where in the JSON document the problem is."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.message = path, message
        super().__init__("terms", f"at {path}: {message}" if path else message)


class AgreementConflict(AgreementError):
    """The record is not in a state that allows this (already decided, already signed; HTTP 409)."""
