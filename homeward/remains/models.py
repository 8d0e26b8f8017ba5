"""Remains: transfers counted by units, identifications of individuals, returns of the other side's dead.

How to read these tables (the statements and completion reports do):

- ``RemainsTransfer``: one handover of remains under an agreement, from the
  sending party to the receiving party (the agreement's two parties). The
  sender announces it with its *claimed* count of individuals; the receiver
  counts the *units* at receipt. Only transfers in state received or
  disputed have units; the number of units is what counts against the
  agreement's remains clause ("6,057 received against at least 6,000").
- ``RemainsUnit``: one bag, casket or container as counted at receipt, with
  its label or seal number and any discrepancy the receiver recorded.
- ``Identification``: one *individual* identified by the receiving party's
  laboratory (DNA, fingerprints or dental: Interpol's primary identifiers),
  many-to-many with units. ``own_party`` is whose dead the person is. The
  laboratory's reference is kept, never the genetic or biometric data.
- ``RemainsReturn``: raised when an identification shows the person to be
  the sending party's own dead; the remains go back to that party.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from homeward.remains.choices import (
    IdentificationMethod,
    ReturnState,
    TransferState,
    UnitDiscrepancy,
    UnitKind,
)

PROTECT = models.PROTECT


class RemainsTransfer(models.Model):
    """One transfer of remains under an agreement: announced by the sender, counted by the receiver.

    ``claimed_individuals`` is the sender's claim; the receiver's count is the
    number of units. They often differ: one bag may hold parts of several
    people, and a claim may be wrong. A transfer the receiver contests (a
    count it disputes, a unit with a discrepancy) is in state disputed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=PROTECT, related_name="remains_transfers")
    number = models.PositiveIntegerField(help_text="1, 2, 3 … within the agreement, in order of announcement.")
    sender = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    receiver = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    transferred_on = models.DateField()
    place = models.CharField(max_length=200)
    claimed_individuals = models.PositiveIntegerField(help_text="The sender's count of individuals.")
    note = models.TextField(blank=True, help_text="The sender's note.")
    state = models.CharField(max_length=12, choices=TransferState.choices, default=TransferState.ANNOUNCED)
    announced_at = models.DateTimeField()
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    received_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, null=True, blank=True,
                                    related_name="+")
    dispute_note = models.TextField(blank=True, help_text="The receiver's objection to the claim, if any.")

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="remains_transfer_number_unique"),
            models.CheckConstraint(condition=~Q(sender=F("receiver")), name="remains_transfer_two_parties"),
            models.CheckConstraint(condition=Q(state="announced") | Q(received_on__isnull=False),
                                   name="remains_transfer_received_on"),
        ]

    def __str__(self) -> str:
        return f"Transfer {self.number} ({self.transferred_on})"

    @property
    def is_received(self) -> bool:
        return self.state != TransferState.ANNOUNCED


class RemainsUnit(models.Model):
    """One bag, casket or container, as the receiver counted it; the discrepancy, if any, is the receiver's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transfer = models.ForeignKey(RemainsTransfer, on_delete=PROTECT, related_name="units")
    label = models.CharField(max_length=64, help_text="Label or seal number, as read at receipt.")
    kind = models.CharField(max_length=12, choices=UnitKind.choices, default=UnitKind.BODY_BAG)
    discrepancy = models.CharField(max_length=20, choices=UnitDiscrepancy.choices, blank=True)
    discrepancy_note = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["transfer", "label"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "label"], name="remains_unit_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Identification(models.Model):
    """One individual identified by the receiving party's laboratory, in one or more units.

    ``person`` is the declaration the identification resolves where known:
    the receiving party's own sought record, or the sender's record of the
    dead it held (``deceased_held``). ``own_party`` is whose dead the person
    is; when that is the sending party, the remains are returned to it. A
    person is identified once; a laboratory reference is used once.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=PROTECT, related_name="+")
    receiving_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+",
                                        help_text="The party that received the remains and identified them.")
    sending_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    own_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+",
                                  help_text="Whose dead the person is.")
    units = models.ManyToManyField(RemainsUnit, related_name="identifications")
    method = models.CharField(max_length=12, choices=IdentificationMethod.choices)
    laboratory = models.CharField(max_length=200)
    laboratory_reference = models.CharField(max_length=64, help_text="The laboratory's case reference, "
                                            "never genetic or biometric data.")
    identified_on = models.DateField()
    person = models.ForeignKey("registry.Declaration", on_delete=PROTECT, null=True, blank=True,
                               related_name="remains_identifications")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")

    class Meta:
        ordering = ["-identified_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(person__isnull=False),
                                    name="identification_person_once"),
            models.UniqueConstraint(fields=["laboratory", "laboratory_reference"],
                                    name="identification_lab_reference_once"),
            models.CheckConstraint(condition=~Q(receiving_party=F("sending_party")),
                                   name="identification_two_parties"),
        ]

    def __str__(self) -> str:
        return f"{self.laboratory} {self.laboratory_reference}"

    @property
    def is_return(self) -> bool:
        return self.own_party_id != self.receiving_party_id


class RemainsReturn(models.Model):
    """The remains of the sending party's own dead, found in a transfer, going back to it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identification = models.OneToOneField(Identification, on_delete=PROTECT, related_name="remains_return")
    from_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    to_party = models.ForeignKey("accounts.Organisation", on_delete=PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=ReturnState.choices, default=ReturnState.RAISED)
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    completed_place = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_party=F("to_party")), name="remains_return_two_parties"),
            models.CheckConstraint(condition=Q(state="raised") | Q(completed_on__isnull=False),
                                   name="remains_return_completed_on"),
        ]
