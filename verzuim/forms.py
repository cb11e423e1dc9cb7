"""Forms of the core app: parse and check input, nothing else."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verzuim.models import Employee

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's Dutch messages at the fields they are about; the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("E-mailadres of wachtwoord is onjuist."),
        "inactive": _("Dit account is niet actief."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de 6 cijfers uit uw authenticator-app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


# What an employer records of an employee: the fields of EmployeeForm, of an import file (one column each,
# verzuim.employee_import.DUTCH_COLUMNS) and of what verzuim.services writes and audits.
EMPLOYEE_FIELDS = (
    "personnel_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "employment_start",
    "employment_end",
    "weekly_hours",
    "yearly_wage",
    "contract_type",
)


class EmployeeForm(forms.ModelForm):
    date_of_birth = forms.DateField(label=_("Geboortedatum"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    employment_start = forms.DateField(label=_("Datum in dienst"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    employment_end = forms.DateField(
        label=_("Datum uit dienst"), input_formats=DATE_INPUT_FORMATS, widget=DateInput(), required=False
    )

    class Meta:
        model = Employee
        fields = EMPLOYEE_FIELDS
        # Dutch input: "30000,50" and "36,5" (a dot is still read as the decimal point).
        localized_fields = ("weekly_hours", "yearly_wage")
        labels: ClassVar = {
            "personnel_number": _("Personeelsnummer"),
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "weekly_hours": _("Uren per week"),
            "yearly_wage": _("Jaarloon (bruto, in euro)"),
            "contract_type": _("Soort contract"),
        }
        help_texts: ClassVar = {
            "yearly_wage": _("Inclusief vakantiegeld, zonder werkgeverslasten."),
        }


class EmploymentEndForm(forms.Form):
    employment_end = forms.DateField(label=_("Datum uit dienst"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "Kolommen: personeelsnummer, voornaam, achternaam, geboortedatum, datum_in_dienst, "
            "datum_uit_dienst, uren_per_week, jaarloon, contract (vast of tijdelijk)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
