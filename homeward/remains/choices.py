from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferState(models.TextChoices):
    ANNOUNCED = "announced", _("Announced by the sender")
    RECEIVED = "received", _("Received and counted")
    DISPUTED = "disputed", _("Received, disputed by the receiver")


class UnitKind(models.TextChoices):
    BODY_BAG = "body_bag", _("Body bag")
    CASKET = "casket", _("Casket")
    CONTAINER = "container", _("Container of fragments")
    OTHER = "other", _("Other")


class UnitDiscrepancy(models.TextChoices):
    """What the receiver found that differs from the sender's list or claim."""

    NONE = "", _("None")
    SEAL_BROKEN = "seal_broken", _("Seal broken or missing")
    LABEL_MISMATCH = "label_mismatch", _("Label or seal number not as listed")
    EMPTY = "empty", _("No remains found")
    SEVERAL_INDIVIDUALS = "several_individuals", _("Remains of more than one individual")
    PARTIAL = "partial", _("Partial remains only")
    NOT_HUMAN = "not_human", _("Not human remains")
    OTHER = "other", _("Other")


class IdentificationMethod(models.TextChoices):
    """Interpol DVI's primary identifiers."""

    DNA = "dna", _("DNA")
    FINGERPRINTS = "fingerprints", _("Fingerprints")
    DENTAL = "dental", _("Dental comparison")


class ReturnState(models.TextChoices):
    RAISED = "raised", _("Raised: to be returned")
    COMPLETED = "completed", _("Returned")
