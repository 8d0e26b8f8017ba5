"""Reconciliation runs, the candidate links they propose, and the reviewers' decisions.

Nothing here merges records: a declaration stays as its party declared it. A
"same person" decision is a link between two declarations; "not the same
person" keeps the pair out of every later run.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from homeward.matching.choices import Job, RunState, Verdict

PROTECT = models.PROTECT


class ReconciliationRun(models.Model):
    """One execution of the linkage engine over declarations, started by the mediator.

    ``review_floor`` is the lowest probability kept as a candidate;
    ``auto_accept`` (null = off, the default) records a "same person"
    decision for candidates at or above it, in the starter's name.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    job = models.CharField(max_length=16, choices=Job.choices)
    left_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    right_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, null=True, blank=True,
                                    related_name="+")
    review_floor = models.FloatField(default=0.5)
    auto_accept = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    error = models.TextField(blank=True)
    compared = models.JSONField(default=dict, blank=True, help_text="Records compared per list.")
    candidate_count = models.PositiveIntegerField(default=0)
    suppressed_count = models.PositiveIntegerField(default=0, help_text="Pairs already decided, not proposed again.")
    auto_accepted_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(review_floor__gte=0) & Q(review_floor__lte=1),
                                   name="run_review_floor_probability"),
            models.CheckConstraint(condition=Q(auto_accept__isnull=True)
                                   | (Q(auto_accept__gte=0.5) & Q(auto_accept__lte=1)),
                                   name="run_auto_accept_probability"),
        ]

    def __str__(self) -> str:
        return f"{self.get_job_display()} ({self.started_at:%Y-%m-%d %H:%M})"


class MatchCandidate(models.Model):
    """A pair of declarations the engine thinks may be one person, with what drove its score.

    ``left`` has the lower primary key of the two, so a pair has one spelling;
    ``contributions`` is the waterfall (comparison, level, match weight),
    ``verdict`` the latest decision ("" while open).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(ReconciliationRun, on_delete=PROTECT, related_name="candidates")
    left = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="+")
    right = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    contributions = models.JSONField(default=list)
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, null=True, blank=True,
                                                related_name="+")
    # An open candidate whose pair a later run proposed again: the later one is reviewed, this one is history.
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-match_probability", "id"]
        indexes = [
            models.Index(fields=["run", "verdict", "match_probability"], name="candidate_queue"),
            # The review queue in its order: a page reads its 50 candidates in order and stops, whatever the filter.
            models.Index(fields=["-match_probability", "id"], name="candidate_by_probability"),
            models.Index(fields=["left", "right"], name="candidate_pair"),
            models.Index(fields=["right"], name="candidate_right"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="candidate_once_per_run"),
            models.CheckConstraint(condition=Q(left__lt=models.F("right")), name="candidate_pair_ordered"),
        ]


class MatchDecision(models.Model):
    """One reviewer's verdict on a candidate, with the reason; the history is kept, the latest counts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(MatchCandidate, on_delete=PROTECT, related_name="decisions")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    reason = models.TextField()
    automatic = models.BooleanField(default=False, help_text="Recorded by a run's auto-accept threshold.")
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="decision_reason_required")]
