from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PARTY = "party", _("Party to the conflict")
    MEDIATOR = "mediator", _("Mediator")
    MEDICAL_SERVICE = "medical_service", _("Medical service")
    OBSERVER = "observer", _("Observer")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    OPERATOR = "operator", _("Operator")
    MEDICAL_OFFICER = "medical_officer", _("Medical officer")
    AUDITOR = "auditor", _("Auditor")
    READ_ONLY = "read_only", _("Read-only")
