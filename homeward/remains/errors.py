"""Why the remains app refuses a write: one message for people, the field for forms and the API."""

from __future__ import annotations


class RemainsError(ValueError):
    """A write the remains app refuses, with a message naming the problem (HTTP 400)."""


class InvalidField(RemainsError):
    """One value refused; ``field`` says which, so a form or the API can point at it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class RemainsConflict(RemainsError):
    """The record is not in a state that allows this (already received, already identified; HTTP 409)."""
