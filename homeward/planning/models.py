"""Phase plans: who each side hands over in a phase, why, and who approved it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from homeward.planning.choices import AdjustmentKind, PlanState

PROTECT = models.PROTECT


class PhasePlan(models.Model):
    """One version of the plan for one phase of an agreement.

    A plan is computed from the registry and the agreement's terms, never
    typed in. Any change (a lock, an exclusion, new facts) makes a new
    version and supersedes the old one; a version approved by both parties
    and the mediator is frozen and never changes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=PROTECT, related_name="plans")
    terms_version = models.ForeignKey("agreements.AgreementVersion", on_delete=PROTECT, related_name="plans")
    phase_index = models.PositiveSmallIntegerField(help_text="0-based index into the terms' phases.")
    phase_name = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    previous = models.ForeignKey("self", on_delete=PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    reference_date = models.DateField()
    capacity = models.JSONField(help_text='People each side hands over: {"a": n, "b": n}.')
    summary = models.JSONField(help_text="Objective values per level with their proof, counts, seconds.")
    change_note = models.TextField(blank=True, help_text="What made this version.")
    change = models.JSONField(default=dict, blank=True,
                              help_text="change_note as a wording's id and its values (homeward_core.said).")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the canonical plan content.")

    class Meta:
        ordering = ["agreement", "phase_index", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "phase_index", "version"], name="phase_plan_version_unique"),
            models.UniqueConstraint(fields=["agreement", "phase_index"], condition=Q(state="approved"),
                                    name="phase_plan_one_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.phase_name}, v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.state == PlanState.APPROVED


class PlanEntry(models.Model):
    """One held person's place in a plan version, with the reason and the eligibility findings."""

    plan = models.ForeignKey(PhasePlan, on_delete=PROTECT, related_name="entries")
    declaration = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="plan_entries")
    side = models.CharField(max_length=1)
    selected = models.BooleanField()
    eligible = models.BooleanField()
    reason = models.TextField()
    categories = models.JSONField(default=list)
    findings = models.JSONField(default=list, help_text="[rule, ok, message] per finding.")
    explanation = models.JSONField(default=dict, blank=True, help_text=(
        'The reason and the findings as wordings\' ids and values: {"reason": said, "findings": [said, …]}.'))

    class Meta:
        ordering = ["plan", "side", "-selected", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "declaration"], name="plan_entry_once"),
        ]
        indexes = [
            models.Index(fields=["plan", "selected"], name="plan_entry_selected"),
            # A plan's people page by page (side, then entry): a page reads its 50 rows in order, not the plan.
            models.Index(fields=["plan", "side", "id"], name="plan_entry_order"),
            # The selected people alone (a few hundred of thousands), for the page and for what changed since
            # the version before; SQLite reads `WHERE selected` through no column index, only a partial one.
            models.Index(fields=["plan", "side", "id"], condition=Q(selected=True), name="plan_entry_order_selected"),
        ]


class PlanAdjustment(models.Model):
    """A planner's lock (must go) or exclusion on one person, carried into every later version."""

    plan = models.ForeignKey(PhasePlan, on_delete=PROTECT, related_name="adjustments")
    declaration = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=AdjustmentKind.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "declaration"], name="plan_adjustment_once"),
        ]


class PlanApproval(models.Model):
    """One organisation's approval of one plan version (party A, party B, the mediator)."""

    plan = models.ForeignKey(PhasePlan, on_delete=PROTECT, related_name="approvals")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    content_sha256 = models.CharField(max_length=64, help_text="The plan content the approval is of.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="plan_approval_once"),
        ]
