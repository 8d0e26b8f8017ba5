from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    TABLED = "tabled", _("Tabled")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
