"""Forms of the agreements pages: they check input; the services decide and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.agreements.choices import AgreementState, ProposalState


class DateInput(forms.DateInput):
    input_type = "date"


class TermsField(forms.CharField):
    """The terms JSON, as text; the service parses it and names the place of any problem."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Terms (homeward-terms/1 JSON)"))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"}))
        kwargs.setdefault("help_text", _("Checked against the published JSON Schema; a problem is shown with "
                                         "its place in the document."))
        super().__init__(strip=False, **kwargs)


def pretty(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


class TalksForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    venue = forms.CharField(label=_("Venue"), max_length=200)
    party_a = forms.ChoiceField(label=_("Party A"))
    party_b = forms.ChoiceField(label=_("Party B"))
    delegation_a = forms.CharField(label=_("Delegation of party A"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Titles, not private data."))
    delegation_b = forms.CharField(label=_("Delegation of party B"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Titles, not private data."))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_a"].choices = parties
        self.fields["party_b"].choices = parties


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("What is proposed"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    state = forms.ChoiceField(label=_("Decision"))
    response = forms.CharField(label=_("Response"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("The answer as recorded; required for a rejection."))
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, ProposalState(s).label) for s in states]


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    proposals = forms.MultipleChoiceField(label=_("Came from the accepted proposals"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    concluded_on = forms.DateField(label=_("Concluded on"), required=False, widget=DateInput)
    terms = TermsField()
    note = forms.CharField(label=_("Note on version 1"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, proposals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = proposals


class VersionForm(forms.Form):
    terms = TermsField()
    note = forms.CharField(label=_("What changed, and why"), widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=AgreementState.choices)
