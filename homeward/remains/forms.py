"""Forms of the remains pages: they check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.remains.choices import IdentificationMethod, UnitDiscrepancy, UnitKind
from homeward.remains.services import CountedUnit

KIND_WORDS = {**{kind.value: kind.value for kind in UnitKind}, "bag": UnitKind.BODY_BAG}


class DateInput(forms.DateInput):
    input_type = "date"


class AnnounceForm(forms.Form):
    transferred_on = forms.DateField(label=_("Date of the transfer"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    claimed_individuals = forms.IntegerField(label=_("Individuals, by your count"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UnitLinesField(forms.CharField):
    """One unit per line: its label or seal number, then optionally a comma and its kind (body_bag by default)."""

    def to_python(self, value: Any) -> list[CountedUnit]:  # type: ignore[override]
        units = []
        for n, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, _comma, kind = line.partition(",")
            kind = kind.strip().lower().replace(" ", "_") or UnitKind.BODY_BAG
            if kind not in KIND_WORDS:
                raise forms.ValidationError(_("Line %(n)s: %(kind)s is not a kind of unit (%(kinds)s).")
                                            % {"n": n, "kind": kind, "kinds": ", ".join(UnitKind.values)})
            units.append(CountedUnit(label.strip(), KIND_WORDS[kind]))
        return units

    def validate(self, value: Any) -> None:
        if not value:
            raise forms.ValidationError(_("Count at least one unit."))


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Received and counted on"), widget=DateInput)
    units = UnitLinesField(label=_("Units counted"), widget=forms.Textarea(attrs={"rows": 8, "class": "code"}),
                           help_text=_("One per line: the label or seal number, then optionally a comma and the "
                                       "kind (body_bag, casket, container, other)."))
    dispute_note = forms.CharField(label=_("Dispute the sender's claim"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Leave empty unless you contest the count; the transfer is then "
                                               "recorded as disputed."))


class DiscrepancyForm(forms.Form):
    label = forms.CharField(label=_("Unit label or seal number"), max_length=64)
    discrepancy = forms.ChoiceField(label=_("Discrepancy"),
                                    choices=[c for c in UnitDiscrepancy.choices if c[0]])
    note = forms.CharField(label=_("What was found"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class IdentificationForm(forms.Form):
    transfer = forms.ChoiceField(label=_("Transfer received"))
    labels = forms.CharField(label=_("Units"), help_text=_("Labels or seal numbers in that transfer, separated "
                                                           "by commas or on separate lines."),
                             widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("Method"), choices=IdentificationMethod.choices)
    laboratory = forms.CharField(label=_("Laboratory"), max_length=200)
    laboratory_reference = forms.CharField(label=_("Laboratory's case reference"), max_length=64,
                                           help_text=_("The case number only; never a DNA profile, "
                                                       "fingerprint or dental data."))
    identified_on = forms.DateField(label=_("Identified on"), widget=DateInput)
    own_party = forms.ChoiceField(label=_("Whose dead"), choices=[
        ("receiving", _("Ours (our own dead)")),
        ("sending", _("The sending party's own dead: raise a return")),
    ])
    person = forms.UUIDField(label=_("Person's record (optional)"), required=False,
                             help_text=_("The public id of our sought record or of the sender's record of the "
                                         "dead it held, as shown on the record's page."))

    def __init__(self, *args: Any, transfers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transfer"].choices = transfers

    def clean_labels(self) -> list[str]:
        labels = [part.strip() for line in self.cleaned_data["labels"].splitlines() for part in line.split(",")]
        return [label for label in labels if label]


class CompleteReturnForm(forms.Form):
    completed_on = forms.DateField(label=_("Returned on"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
