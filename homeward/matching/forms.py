"""Forms of the reconciliation pages: they check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.accounts.choices import OrganisationKind
from homeward.accounts.models import Organisation
from homeward.matching.choices import Job, Verdict
from homeward.matching.services import DEFAULT_REVIEW_FLOOR, MAX_REASON


class RunStartForm(forms.Form):
    job = forms.ChoiceField(label=_("Job"), choices=Job.choices)
    left_party = forms.ModelChoiceField(label=_("Left party (its sought list; its lists for duplicates)"),
                                        queryset=Organisation.objects.none(), to_field_name="public_id")
    right_party = forms.ModelChoiceField(label=_("Right party (its held or deceased list)"), required=False,
                                         queryset=Organisation.objects.none(), to_field_name="public_id")
    review_floor = forms.FloatField(label=_("Review floor"), min_value=0.01, max_value=1,
                                    initial=DEFAULT_REVIEW_FLOOR,
                                    help_text=_("Pairs below this probability are not proposed."))
    auto_accept = forms.FloatField(label=_("Auto-accept at or above (off when empty)"), required=False,
                                   min_value=0.5, max_value=1,
                                   help_text=_("Records 'same person' in your name for pairs at or above it. "
                                               "Nothing is merged; each decision can be reviewed."))

    def __init__(self, *args: Any, parties: Any, allow_auto_accept: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_party"].queryset = parties
        self.fields["right_party"].queryset = parties
        if not allow_auto_accept:
            del self.fields["auto_accept"]

    @staticmethod
    def parties_for(actor: Any) -> Any:
        parties = Organisation.objects.filter(kind=OrganisationKind.PARTY).order_by("short_name")
        return parties if actor.is_mediator else parties.filter(pk=actor.organisation.pk)


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required: what you compared and why you decided so."))
