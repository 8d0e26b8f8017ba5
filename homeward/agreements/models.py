"""Talks, the proposals made at them, and the agreements whose terms are data."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from homeward.agreements.choices import AgreementState, ProposalState

if TYPE_CHECKING:
    from homeward_core.eligibility import Terms

PROTECT = models.PROTECT


class Talks(models.Model):
    """A round of talks between the two parties, hosted or chaired by the mediator."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    venue = models.CharField(max_length=200)
    mediator = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    party_a = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    party_b = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    delegation_a = models.TextField(blank=True, help_text="Who spoke for party A (titles, not private data).")
    delegation_b = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name_plural = "talks"

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Proposal(models.Model):
    """What one party put on the table at talks, and what became of it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    talks = models.ForeignKey(Talks, on_delete=PROTECT, related_name="proposals")
    proposed_by = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    text = models.TextField()
    state = models.CharField(max_length=12, choices=ProposalState.choices, default=ProposalState.TABLED)
    response = models.TextField(blank=True, help_text="The other side's answer, as recorded.")
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["talks", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Agreement(models.Model):
    """An agreement between the two parties; its terms live in versions, each one data.

    Side "a" of the terms is ``party_a``: the people party A holds, whom party A
    hands over. The mediator is the third signatory.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    talks = models.ForeignKey(Talks, on_delete=PROTECT, null=True, blank=True, related_name="agreements")
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="agreements")
    party_a = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    party_b = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    mediator = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=AgreementState.choices, default=AgreementState.DRAFT)
    concluded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(party_a=models.F("party_b")), name="agreement_two_parties"),
        ]

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> AgreementVersion | None:
        return self.versions.order_by("-number").first()

    def side_of(self, organisation_id: int) -> str | None:
        """'a' or 'b' for a party to this agreement, None for anyone else."""
        return {self.party_a_id: "a", self.party_b_id: "b"}.get(organisation_id)


class AgreementVersion(models.Model):
    """One version of an agreement's terms (homeward-terms/1 JSON); a version never changes once made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    terms = models.JSONField()
    note = models.TextField(blank=True, help_text="What changed from the previous version, and why.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def parsed(self) -> Terms:
        from homeward_core.eligibility import parse_terms

        return parse_terms(self.terms)


class Signature(models.Model):
    """An organisation's signature of one version of an agreement, by a named user."""

    version = models.ForeignKey(AgreementVersion, on_delete=PROTECT, related_name="signatures")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    signed_on = models.DateField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="agreement_signature_once"),
        ]
