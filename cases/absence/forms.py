"""Forms of the cases pages: parse and check input, nothing else (the rules live in cases.absence.services)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import CaseStatus
from verzuim.forms import DATE_INPUT_FORMATS, DateInput
from verzuim.models import Employee, User

YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]
PHONE_REGEX = r"^\+?[0-9 ()-]{6,20}$"
INVALID_DATE = _("Vul een geldige datum in.")
UNEXPECTED_FIELDS = "unexpected_fields"
UNEXPECTED_FIELDS_MESSAGE = _(
    "De ziekmelding bevat gegevens die een werkgever niet mag vastleggen. Leg nooit de reden of aard van de "
    "ziekte vast."
)


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": INVALID_DATE},
        **kwargs,
    )


def _yes_no(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        initial="nee",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.personnel_number})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class NoUnexpectedFieldsForm(forms.Form):
    """Privacy by construction (docs/decisions.md #28): a posted field the form does not have (a reason, a
    diagnosis, remarks) is refused as a whole, never silently dropped."""

    def clean(self) -> dict[str, Any]:
        unexpected = set(self.data) - set(self.fields) - {"csrfmiddlewaretoken"}
        if unexpected:
            raise ValidationError(UNEXPECTED_FIELDS_MESSAGE, code=UNEXPECTED_FIELDS)
        return super().clean() or {}


class SicknessReportForm(NoUnexpectedFieldsForm):
    """The ziekmelding: exactly the facts an employer may record (docs/domain.md §3), never the nature or cause."""

    employee = EmployeeChoiceField(
        label=_("Werknemer"),
        queryset=Employee.objects.none(),
        empty_label=_("Kies een werknemer"),
        error_messages={
            "required": _("Kies de werknemer die ziek is."),
            "invalid_choice": _("Kies een werknemer uit de lijst."),
        },
    )
    first_sick_day = _date_field(_("Eerste ziektedag"), help_text=_("De eerste dag dat de werknemer niet werkte."))
    expected_duration_days = forms.IntegerField(
        label=_("Verwachte duur in dagen"),
        required=False,
        min_value=1,
        max_value=730,
        help_text=_("Alleen als u dit weet. Laat leeg als het onbekend is."),
        error_messages={
            "invalid": _("Vul een aantal dagen in."),
            "min_value": _("Vul een aantal dagen van 1 tot en met 730 in."),
            "max_value": _("Vul een aantal dagen van 1 tot en met 730 in."),
        },
    )
    phone = forms.RegexField(
        label=_("Telefoonnummer tijdens ziekte"),
        regex=PHONE_REGEX,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678."),
            "max_length": _("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678."),
        },
    )
    care_address = forms.CharField(
        label=_("(Verpleeg)adres tijdens ziekte"),
        required=False,
        max_length=200,
        help_text=_("Alleen als de werknemer ergens anders verblijft dan op het eigen adres."),
        error_messages={"max_length": _("Het adres is te lang (hoogstens 200 tekens).")},
    )
    safety_net = _yes_no(
        _("Valt de werknemer onder de Ziektewet-vangnetregeling?"),
        _("Bijvoorbeeld bij zwangerschap, orgaandonatie of een no-riskpolis. Geef niet aan welke."),
    )
    work_accident = _yes_no(_("Is het verzuim het gevolg van een bedrijfsongeval?"))
    third_party_liable = _yes_no(_("Is een ander mogelijk aansprakelijk (bijvoorbeeld bij een verkeersongeval)?"))
    # A one-time key per opened form (decision 376): the same form posted again (a retry after a lost answer, a
    # double click) reports nothing twice; cases.absence.services.case_report_sickness answers it as the first time.
    report_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, employees: QuerySet[Employee], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"first_sick_day": timezone.localdate(), "report_key": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees.order_by("sort_name", "personnel_number")


class ContactDetailsForm(NoUnexpectedFieldsForm):
    """How the sick employee is reached: the same two fields as on the sickness report, and nothing else."""

    phone = SicknessReportForm.base_fields["phone"]
    care_address = SicknessReportForm.base_fields["care_address"]


class RecoveryReportForm(forms.Form):
    """The herstelmelding: a date and how much the employee works again."""

    date = _date_field(_("Datum herstel"), help_text=_("De eerste dag dat de werknemer weer (gedeeltelijk) werkt."))
    recovered_pct = forms.IntegerField(
        label=_("Hersteld percentage"),
        help_text=_("100 = volledig hersteld. Bij gedeeltelijk herstel: het deel van de uren dat weer gewerkt wordt."),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Vul het percentage herstel in."),
            "invalid": _("Vul een heel getal van 1 tot en met 100 in."),
            "min_value": _("Vul een heel getal van 1 tot en met 100 in."),
            "max_value": _("Vul een heel getal van 1 tot en met 100 in."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate(), "recovered_pct": 100})
        super().__init__(*args, **kwargs)


class StepCompleteForm(forms.Form):
    """Mark a step done. The employer gets no note: no free text on the employer side (docs/domain.md §3)."""

    completed_on = _date_field(_("Datum afgerond"))
    note = forms.CharField(
        label=_("Notitie (optioneel)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Geen medische gegevens: die horen in het medisch dossier van de bedrijfsarts."),
        error_messages={"max_length": _("De notitie is te lang (hoogstens 2000 tekens).")},
    )

    def __init__(self, *args: Any, with_note: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"completed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if not with_note:
            del self.fields["note"]


class CasemanagerAssignForm(forms.Form):
    casemanager = PersonChoiceField(
        label=_("Nieuwe casemanager"),
        queryset=User.objects.none(),
        empty_label=_("Kies een casemanager"),
        error_messages={
            "required": _("Kies een casemanager."),
            "invalid_choice": _("Kies een casemanager uit de lijst."),
        },
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=200,
        error_messages={
            "required": _("Vul de reden van de wijziging in."),
            "max_length": _("De reden is te lang (hoogstens 200 tekens)."),
        },
    )

    def __init__(self, *args: Any, casemanagers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["casemanager"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = casemanagers


class CaseloadFilterForm(forms.Form):
    """The caseload's filters; an invalid value falls back to that filter's default instead of an error page.

    The employer is a search text (part of the name or the KvK number), not a list of employers: insurer staff
    see some 30,000 of them (docs/decisions.md).
    """

    ALL = "alle"
    EMPLOYER_SEARCH_MAX_LENGTH = 100

    werkgever = forms.CharField(
        label=_("Werkgever"),
        help_text=_("Naam of KvK-nummer"),
        required=False,
        max_length=EMPLOYER_SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
        error_messages={"max_length": _("Vul hoogstens 100 tekens in.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(CaseStatus.OPEN.value, _("Lopend")), (CaseStatus.CLOSED.value, _("Afgesloten")), (ALL, _("Alle"))],
        required=False,
    )

    def filters(self) -> tuple[str | None, str]:
        """(status, employer search) for the selector: open cases of every employer unless asked otherwise.

        Each field falls back on its own: an invalid employer text keeps the status that was chosen, and the
        other way round (cleaned_data holds the fields that are valid).
        """
        if not self.is_bound:
            return CaseStatus.OPEN.value, ""
        self.is_valid()
        status = self.cleaned_data.get("status") or CaseStatus.OPEN.value
        return (None if status == self.ALL else status), self.cleaned_data.get("werkgever") or ""


class EmployeeInvitationForm(forms.Form):
    """The address the employee's invitation goes to: their work address or a private one they gave."""

    email = forms.EmailField(
        label=_("E-mailadres van de werknemer"),
        help_text=_(
            "Het werkadres van de werknemer, of een privéadres dat de werknemer zelf heeft gegeven. De e-mail bevat "
            "alleen een link om een wachtwoord in te stellen, geen gegevens over het verzuim."
        ),
        max_length=254,
        error_messages={"required": _("Vul een e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
    )
