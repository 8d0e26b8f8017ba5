from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VehicleKind(models.TextChoices):
    BUS = "bus", _("Bus")
    AIRCRAFT = "aircraft", _("Aircraft")
    AMBULANCE = "ambulance", _("Ambulance")
    TRAIN = "train", _("Train")


class ManifestState(models.TextChoices):
    DRAFT = "draft", _("Draft: awaiting signatures")
    SIGNED = "signed", _("Signed by all three")
    SUPERSEDED = "superseded", _("Superseded by a corrected version")


class Outcome(models.TextChoices):
    HANDED_OVER = "handed_over", pgettext_lazy("outcome for one person", "Handed over")
    NOT_PRESENTED = "not_presented", _("Not presented")
    SUBSTITUTED = "substituted", _("Substituted")
    REFUSED = "refused", _("Refused repatriation (mediator's interview)")
    UNFIT = "unfit", _("Unfit to travel")
    PROCEEDINGS = "proceedings", _("Held back for proceedings (GC III Arts. 115, 119)")
    DIED = "died", _("Died before handover")


# The outcomes under which someone crosses: the person on the manifest, or their substitute.
RETURNED = (Outcome.HANDED_OVER, Outcome.SUBSTITUTED)


class AftercareStage(models.TextChoices):
    TRANSIT_CARE = "transit_care", _("Transit-state medical and psychological care")
    REPATRIATED = "repatriated", _("Repatriated")
    REHABILITATION = "rehabilitation", _("Rehabilitation facility")
    DISCHARGED = "discharged", _("Discharged")
