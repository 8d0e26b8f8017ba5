from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed for approval")
    APPROVED = "approved", _("Approved and frozen")
    SUPERSEDED = "superseded", _("Superseded by a later version")


class AdjustmentKind(models.TextChoices):
    LOCK = "lock", _("Must go (locked in)")
    EXCLUDE = "exclude", _("Excluded by the planner")
