"""Refusals of reconciliation services; the registry's InvalidField names the offending field."""

from homeward.registry.errors import InvalidField, RegistryError

__all__ = ["InvalidField", "MatchingError", "RunConflict"]


class MatchingError(RegistryError):
    """A reconciliation step that cannot be taken, with the reason."""


class RunConflict(MatchingError):
    """The step conflicts with the current state (a run already going, a decision another organisation owns)."""
