from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclarationKind(models.TextChoices):
    HELD = "held", _("Held (detainee of the other side)")
    SOUGHT = "sought", _("Sought (own missing)")
    DECEASED_HELD = "deceased_held", _("Deceased, remains held")


class LegalStatus(models.TextChoices):
    POW = "pow", _("Prisoner of war")
    CIVILIAN_INTERNEE = "civilian_internee", _("Civilian internee")
    OTHER_DETAINEE = "other_detainee", _("Other detainee")
    DISPUTED = "disputed", _("Disputed")


class NameScript(models.TextChoices):
    CYRILLIC = "cyrl", _("Cyrillic")
    LATIN = "latn", _("Latin")
    MIXED = "mixed", _("Mixed")
    UNKNOWN = "", _("Unknown")


class MedicalCategory(models.TextChoices):
    """GC III Annex I: categories for direct repatriation (A) and accommodation in a neutral country (B)."""

    NONE = "", _("Not certified")
    A1 = "A1", _("A(1): incurable wounds, seriously diminished")
    A2 = "A2", _("A(2): not expected to recover within a year")
    A3 = "A3", _("A(3): recovered, permanently diminished")
    B = "B", _("B: accommodation in a neutral country")
    C = "C", _("C: not eligible on medical grounds")


class InterviewOutcome(models.TextChoices):
    NONE = "", _("Not interviewed")
    CONSENTS = "consents", _("Consents to repatriation")
    REFUSES = "refuses", _("Refuses repatriation")
    UNDECIDED = "undecided", _("Undecided")


class CustodyEventKind(models.TextChoices):
    CAPTURED = "captured", _("Captured")
    TRANSFERRED = "transferred", _("Transferred")
    DETAINED = "detained", _("Place of detention")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    DIED = "died", _("Died in custody")
    PROCEEDINGS = "proceedings", _("Held back for judicial proceedings (GC III Arts. 115, 119)")
    PROCEEDINGS_END = "proceedings_end", _("Proceedings ended")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    REJECTED = "rejected", _("Rejected")
    VALIDATED = "validated", _("Ready to commit")
    COMMITTED = "committed", _("Committed")
