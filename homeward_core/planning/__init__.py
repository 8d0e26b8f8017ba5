"""Phase planning: who goes in each phase, provably optimal and explained; the schedule over phases."""

from homeward_core.planning.model import Candidate, PlanRequest, Selection
from homeward_core.planning.plan import Decision, Plan, plan_phase
from homeward_core.planning.selection import select
from homeward_core.planning.solver import Level

__all__ = ["Candidate", "Decision", "Level", "Plan", "PlanRequest", "Selection", "plan_phase", "select"]
