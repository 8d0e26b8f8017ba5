"""What happens at the border: manifests, each person's outcome, the signed protocol, after-care."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from homeward.operations.choices import AftercareStage, ManifestState, Outcome, VehicleKind

PROTECT = models.PROTECT


class Manifest(models.Model):
    """The people one side hands over in one vehicle of one phase, from the phase's approved plan.

    Signed by party A, party B and the mediator over its canonical content; a
    signed manifest never changes. A correction is a new version (``previous``)
    that is signed again.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("planning.PhasePlan", on_delete=PROTECT, related_name="manifests")
    side = models.CharField(max_length=1, help_text="'a' or 'b': the side that hands these people over.")
    vehicle_kind = models.CharField(max_length=12, choices=VehicleKind.choices)
    vehicle_label = models.CharField(max_length=80, help_text="Registration, flight or train number.")
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey("self", on_delete=PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=12, choices=ManifestState.choices, default=ManifestState.DRAFT)
    correction_reason = models.TextField(blank=True)
    content_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "side", "vehicle_label", "-version"]

    def __str__(self) -> str:
        return f"{self.get_vehicle_kind_display()} {self.vehicle_label} v{self.version}"


class ManifestEntry(models.Model):
    """One person on a manifest, with the documents and escort that travel with them."""

    manifest = models.ForeignKey(Manifest, on_delete=PROTECT, related_name="entries")
    declaration = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="manifest_entries")
    documents = models.CharField(max_length=300, blank=True, help_text="Identity and capture documents carried.")
    escort = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["manifest", "id"]
        constraints = [models.UniqueConstraint(fields=["manifest", "declaration"], name="manifest_entry_once")]


class ManifestSeat(models.Model):
    """A person's one seat across a phase's open manifests: two users cannot put the same man on two.

    The unique constraint is the lock: the second of two concurrent writers
    fails at the database, whichever database it is.
    """

    plan = models.ForeignKey("planning.PhasePlan", on_delete=PROTECT, related_name="+")
    declaration = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="+")
    manifest = models.ForeignKey(Manifest, on_delete=PROTECT, related_name="seats")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "declaration"], name="manifest_seat_once")]


class DocumentSignature(models.Model):
    """A detached Ed25519 signature by an organisation over a document's canonical content."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, help_text="manifest or protocol")
    document_id = models.UUIDField(help_text="The public id of the manifest or protocol signed.")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)
    content_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "document_id", "organisation"], name="document_signed_once"),
        ]


class HandoverOutcome(models.Model):
    """What happened to one person on a signed manifest: exactly one outcome, never edited."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.OneToOneField(ManifestEntry, on_delete=PROTECT, related_name="outcome")
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    substitute = models.ForeignKey("registry.Declaration", on_delete=PROTECT, null=True, blank=True,
                                   related_name="substituted_for")
    substitute_meets_terms = models.BooleanField(null=True, blank=True)
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome="substituted", substitute__isnull=False)
                                   | (~Q(outcome="substituted") & Q(substitute__isnull=True)),
                                   name="handover_substitute_only_when_substituted"),
            models.UniqueConstraint(fields=["substitute"], condition=Q(substitute__isnull=False),
                                    name="handover_substitute_once"),
        ]


class PhaseProtocol(models.Model):
    """The phase's record: manifests versus outcomes versus the ledger, signed by all three organisations."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("planning.PhasePlan", on_delete=PROTECT, related_name="protocols")
    version = models.PositiveIntegerField(default=1)
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="phase_protocol_version_unique")]


class AftercareEvent(models.Model):
    """One step of a returned person's after-care: where, when, by whom. Health details stay in HealthRecord."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    declaration = models.ForeignKey("registry.Declaration", on_delete=PROTECT, related_name="aftercare_events")
    stage = models.CharField(max_length=16, choices=AftercareStage.choices)
    occurred_at = models.DateTimeField()
    facility = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["declaration", "occurred_at", "id"]
