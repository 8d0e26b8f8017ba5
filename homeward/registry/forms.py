"""Forms of the registry pages: they check input; the services decide and write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.registry.choices import DeclarationKind, LegalStatus
from homeward.registry.models import Declaration
from homeward_core.roster.columns import FIELDS

YES_NO_ANY = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class DateInput(forms.DateInput):
    input_type = "date"


class DeclarationFilterForm(forms.Form):
    """Renders the registry filters; DeclarationFilter.from_params does the parsing."""

    q = forms.CharField(label=_("Search names and numbers"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "spellcheck": "false"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any"))] + DeclarationKind.choices)
    legal_status = forms.ChoiceField(label=_("Legal status"), required=False,
                                     choices=[("", _("Any"))] + LegalStatus.choices)
    party = forms.ChoiceField(label=_("Party"), required=False)
    seriously_wounded = forms.ChoiceField(label=_("Seriously wounded"), required=False, choices=YES_NO_ANY)
    ill = forms.ChoiceField(label=_("Ill"), required=False, choices=YES_NO_ANY)
    captured_after = forms.DateField(label=_("Captured on or after"), required=False, widget=DateInput)
    captured_before = forms.DateField(label=_("Captured before"), required=False, widget=DateInput)
    born_after_year = forms.IntegerField(label=_("Born from (year)"), required=False,
                                         min_value=1900, max_value=2100)
    born_before_year = forms.IntegerField(label=_("Born until (year)"), required=False,
                                          min_value=1900, max_value=2100)

    def __init__(self, *args: Any, parties: Iterable[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parties is None:
            del self.fields["party"]  # only the mediator sees more than one party
        else:
            self.fields["party"].choices = [("", _("Any"))] + list(parties)


CORRECTABLE_FIELDS = (
    "surname", "given_name", "patronymic", "surname_latin", "given_name_latin", "patronymic_latin",
    "birth_year", "birth_month", "birth_day", "place_of_birth", "rank", "service_number", "unit",
    "nationality", "mother_maiden_name", "next_of_kin", "legal_status", "external_ref",
    "captured_on", "captured_place", "detention_place", "internal_note",
)


class DeclarationCorrectionForm(forms.Form):
    """A correction: the changed values, the version the editor saw, and why."""

    surname = forms.CharField(label=_("Surname"), max_length=120)
    given_name = forms.CharField(label=_("Given name"), max_length=120)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=120, required=False)
    surname_latin = forms.CharField(label=_("Surname (Latin)"), max_length=120, required=False)
    given_name_latin = forms.CharField(label=_("Given name (Latin)"), max_length=120, required=False)
    patronymic_latin = forms.CharField(label=_("Patronymic (Latin)"), max_length=120, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    birth_month = forms.IntegerField(label=_("Month of birth"), required=False, min_value=1, max_value=12)
    birth_day = forms.IntegerField(label=_("Day of birth"), required=False, min_value=1, max_value=31)
    place_of_birth = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    service_number = forms.CharField(label=_("Service number"), max_length=40, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=120, required=False)
    nationality = forms.CharField(label=_("Nationality"), max_length=80, required=False)
    mother_maiden_name = forms.CharField(label=_("Mother's maiden name"), max_length=120, required=False)
    next_of_kin = forms.CharField(label=_("Next of kin"), max_length=300, required=False)
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    external_ref = forms.CharField(label=_("Roster reference"), max_length=64, required=False)
    captured_on = forms.DateField(label=_("Captured on"), required=False, widget=DateInput)
    captured_place = forms.CharField(label=_("Place of capture"), max_length=200, required=False)
    detention_place = forms.CharField(label=_("Place of detention"), max_length=200, required=False)
    internal_note = forms.CharField(label=_("Internal note"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Kept with the old version and in the audit log."))

    @classmethod
    def for_declaration(cls, declaration: Declaration, data: Mapping[str, Any] | None = None,
                        reason: str = "") -> DeclarationCorrectionForm:
        initial = {name: getattr(declaration, name) for name in CORRECTABLE_FIELDS}
        initial.update(version=declaration.version, reason=reason)
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("birth_month") and not data.get("birth_year"):
            self.add_error("birth_month", _("A month of birth needs a year of birth."))
        if data.get("birth_day") and not data.get("birth_month"):
            self.add_error("birth_day", _("A day of birth needs a month of birth."))
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CORRECTABLE_FIELDS}


ENCODINGS = [
    ("", _("Detect automatically")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1251", _("Windows-1251 (Cyrillic)")),
    ("koi8-u", "KOI8-U"),
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster file"),
                           help_text=_("CSV or XLSX; one person per row, with a header row."),
                           widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}))
    kind = forms.ChoiceField(label=_("This list holds"), choices=DeclarationKind.choices)
    encoding = forms.ChoiceField(label=_("Text encoding"), choices=ENCODINGS, required=False,
                                 help_text=_("Only for CSV files; leave on automatic unless names look garbled."))


IGNORE = ""
FIELD_LABELS = {
    "external_ref": _("Roster reference"),
    "homeward_id": _("homeward id (to correct a record)"),
    "surname": _("Surname"),
    "given_name": _("Given name"),
    "patronymic": _("Patronymic"),
    "surname_latin": _("Surname (Latin)"),
    "given_name_latin": _("Given name (Latin)"),
    "patronymic_latin": _("Patronymic (Latin)"),
    "birth_date": _("Date of birth"),
    "place_of_birth": _("Place of birth"),
    "rank": _("Rank"),
    "service_number": _("Service number"),
    "unit": _("Unit"),
    "nationality": _("Nationality"),
    "mother_maiden_name": _("Mother's maiden name"),
    "next_of_kin": _("Next of kin"),
    "legal_status": _("Legal status"),
    "captured_on": _("Captured on"),
    "captured_place": _("Place of capture"),
    "detention_place": _("Place of detention"),
}


class ColumnMappingForm(forms.Form):
    """One select per column of the file: which homeward field it feeds, or none."""

    remember = forms.BooleanField(label=_("Remember these choices for my organisation"), required=False)

    def __init__(self, *args: Any, headers: Iterable[str], mapping: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("— ignore this column —"))]
        choices += [(field, FIELD_LABELS.get(field, field)) for field in FIELDS]
        self.headers = list(headers)
        for index, header in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=mapping.get(header, IGNORE)
            )
        self.order_fields([f"column_{i}" for i in range(len(self.headers))] + ["remember"])

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data[f"column_{index}"] for index, header in enumerate(self.headers)}
