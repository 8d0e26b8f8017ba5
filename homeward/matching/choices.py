from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.TextChoices):
    """What a run compares: one party's own missing against the other's roster, the dead, or one list with itself."""

    SOUGHT_HELD = "sought_held", _("Sought (left party) ↔ held (right party)")
    SOUGHT_DECEASED = "sought_deceased", _("Sought ↔ deceased held, both directions")
    DUPLICATES = "duplicates", _("Duplicates within the left party's lists")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Verdict(models.TextChoices):
    SAME = "same", _("Same person")
    NOT_SAME = "not_same", _("Not the same person")
    UNSURE = "unsure", _("Unsure")


class Band(models.TextChoices):
    """Probability bands of the queue's filter."""

    HIGH = "high", _("0.95 and above")
    MIDDLE = "middle", _("0.80 to 0.95")
    LOW = "low", _("below 0.80")
