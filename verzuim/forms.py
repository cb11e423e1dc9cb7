"""Forms of the core app: parse and check input, nothing else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verzuim import numbers
from verzuim.models import ApiKeyScope, Employee, Employer

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


class DutchDecimalInput(forms.TextInput):
    """A text box for a Dutch number: the phone shows its number keyboard with a comma."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DutchDecimalField(forms.DecimalField):
    """The one form field for amounts, hours and percentages: Dutch input read by verzuim.numbers (Babel, nl_NL).

    Accepts "38.500,00", "38500,00" and "38500" (and "€ 38.500,00"); refuses "1.5" or "abc" with a Dutch message
    that names what was not understood, followed by the field's own "invalid" message (its example). A stored
    value is shown as "38.500,00" when money=True (always `decimal_places` decimals), else with the decimals it
    has ("36", "24,5"). Limits come from min_value, max_value, max_digits and decimal_places as in Django's
    DecimalField.
    """

    widget = DutchDecimalInput

    def __init__(self, *, money: bool = False, **kwargs: Any) -> None:
        self.money = money
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        try:
            return numbers.parse_number(str(value))
        except numbers.NumberNotUnderstood as exc:
            raise ValidationError(
                "%(problem)s %(hint)s",
                code="invalid",
                params={"problem": str(exc), "hint": self.error_messages["invalid"]},
            ) from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return numbers.input_text(value, self.decimal_places if self.money else None)
        return value


class DutchMoneyField(DutchDecimalField):
    """DutchDecimalField for an amount in euro (for ModelForm.Meta.field_classes, which cannot pass money=True)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("money", True)
        super().__init__(**kwargs)


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
        # Dutch input: "38.500,00", "38500" and "36,5" (verzuim.numbers).
        field_classes: ClassVar = {"weekly_hours": DutchDecimalField, "yearly_wage": DutchMoneyField}
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


class EmployeeImportConfirmForm(forms.Form):
    """The confirmation of an import: whether the file is the whole staff (a full roster sync, verzuim.roster)."""

    full = forms.BooleanField(
        required=False,
        label=_("Dit bestand is het volledige werknemersbestand"),
        help_text=_(
            "Dan ziet u bij de synchronisaties welke werknemers in dienst zijn maar niet in het bestand staan. "
            "Er wordt niemand verwijderd of uit dienst gezet."
        ),
    )


class ApiKeyForm(forms.Form):
    """A machine client's key (verzuim.api_keys): insurer staff also pick the employer."""

    employer: forms.ModelChoiceField[Employer] = forms.ModelChoiceField(
        label=_("Werkgever"), queryset=Employer.objects.none(), empty_label=_("Kies een werkgever")
    )
    name = forms.CharField(
        label=_("Naam van de koppeling"),
        max_length=100,
        help_text=_("Bijvoorbeeld het salarispakket of HR-systeem dat de sleutel gebruikt."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"), choices=ApiKeyScope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        required=False,
        help_text=_("Laat leeg voor een sleutel zonder einddatum; u kunt hem altijd intrekken."),
    )

    def __init__(self, *args: Any, employers: Any, choose_employer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer_field = self.fields["employer"]
        assert isinstance(employer_field, forms.ModelChoiceField)
        employer_field.queryset = employers
        if not choose_employer:
            del self.fields["employer"]

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Kies vandaag of een latere datum."))
        return day
