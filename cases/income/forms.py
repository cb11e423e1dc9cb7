"""The short form of the income conversation: parse and check input, nothing else (the rules live in
cases.income.services and cases.income.rules).

Amounts, hours and percentages are Dutch numbers ("2.500,50", "2500", "24,5"), read by the portal's one number
field (verzuim.forms.DutchDecimalField). Every field says in plain words what to
fill in, for the casemanager and for the employee who tries other numbers on their own page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import INVALID_DATE, YES_NO
from cases.income.services import (
    BEFORE_2016_ABOVE_TOTAL,
    BORN_AFTER_REFERENCE_DATE,
    FACT_FIELDS,
    MAX_MONTHLY_AMOUNT,
    MAX_WEEKLY_HOURS,
    MAX_WORK_HISTORY_YEARS,
    MIN_WEEKLY_HOURS,
    WEEKLY_HOURS_RANGE,
)
from verzuim.forms import DATE_INPUT_FORMATS, DateInput, DutchDecimalField

UNEXPECTED_FIELDS = "unexpected_fields"
# The buttons of the casemanager's form: compute only, or record the conversation.
ACTION_CALCULATE = "bereken"
ACTION_RECORD = "vastleggen"


def _amount(label: Any, help_text: Any, *, min_message: Any = None) -> DutchDecimalField:
    return DutchDecimalField(
        money=True,
        label=label,
        help_text=help_text,
        min_value=Decimal(0),
        max_value=MAX_MONTHLY_AMOUNT,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "required": _("Vul een bedrag in euro per maand in, bijvoorbeeld 2500,00."),
            "invalid": _("Vul een bedrag in, bijvoorbeeld 2500,00."),
            "min_value": min_message or _("Een bedrag kan niet negatief zijn."),
            "max_value": _("Geef een maandbedrag van hoogstens 9.999.999,99 op."),
            "max_digits": _("Vul een bedrag in met hoogstens 2 cijfers achter de komma."),
            "max_decimal_places": _("Vul een bedrag in met hoogstens 2 cijfers achter de komma."),
            "max_whole_digits": _("Geef een maandbedrag van hoogstens 9.999.999,99 op."),
        },
    )


def _pct(label: Any, help_text: Any, *, required: bool = True) -> DutchDecimalField:
    return DutchDecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": _("Vul een percentage in, bijvoorbeeld 50."),
            "invalid": _("Vul een percentage in, bijvoorbeeld 50 of 62,5."),
            "min_value": _("Geef een percentage van 0 tot en met 100 op."),
            "max_value": _("Geef een percentage van 0 tot en met 100 op."),
            "max_digits": _("Geef een percentage van 0 tot en met 100 op."),
            "max_decimal_places": _("Vul een percentage in met hoogstens 2 cijfers achter de komma."),
            "max_whole_digits": _("Geef een percentage van 0 tot en met 100 op."),
        },
    )


class IncomeFactsForm(forms.Form):
    """The facts of a calculation: the employee's page has these only (nothing is saved from it)."""

    monthly_wage = _amount(
        _("Bruto maandloon"),
        _("Het loon dat u nu per maand verdient, vóór belasting. Zonder vakantiegeld."),
        min_message=_("Vul het bruto maandloon in: het moet meer dan 0 euro zijn."),
    )
    weekly_hours = DutchDecimalField(
        label=_("Uren per week"),
        help_text=_(
            "Hoeveel uur per week u volgens uw contract werkt. Het minimumloon in het eerste ziektejaar is het "
            "minimumloon per uur maal deze uren."
        ),
        min_value=MIN_WEEKLY_HOURS,
        max_value=MAX_WEEKLY_HOURS,
        max_digits=4,
        decimal_places=2,
        error_messages={
            "required": _("Vul het aantal uren per week in, bijvoorbeeld 36."),
            "invalid": _("Vul een aantal uren in, bijvoorbeeld 36 of 24,5."),
            "min_value": WEEKLY_HOURS_RANGE,
            "max_value": WEEKLY_HOURS_RANGE,
            "max_digits": WEEKLY_HOURS_RANGE,
            "max_decimal_places": _("Vul een aantal uren in met hoogstens 2 cijfers achter de komma."),
            "max_whole_digits": WEEKLY_HOURS_RANGE,
        },
    )
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        help_text=_(
            "Voor wie jonger is dan 21 jaar geldt een lager minimumloon (het minimumjeugdloon). Leeg laten: dan "
            "wordt met het minimumloon voor 21 jaar en ouder gerekend."
        ),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": INVALID_DATE},
    )
    reference_date = forms.DateField(
        label=_("Peildatum"),
        help_text=_("Met de wettelijke bedragen van deze dag wordt gerekend, zoals het minimumloon. Meestal vandaag."),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Vul de peildatum in."), "invalid": INVALID_DATE},
    )
    work_history_years = forms.IntegerField(
        label=_("Arbeidsverleden in jaren"),
        help_text=_(
            "Hoeveel jaar u in totaal hebt gewerkt, bij alle werkgevers samen. Dit bepaalt hoe lang de "
            "eerste WGA-uitkering duurt."
        ),
        min_value=0,
        max_value=MAX_WORK_HISTORY_YEARS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul het aantal jaren in, bijvoorbeeld 12."),
            "invalid": _("Vul een heel aantal jaren in, bijvoorbeeld 12."),
            "min_value": _("Geef een arbeidsverleden van 0 tot en met 60 jaar op."),
            "max_value": _("Geef een arbeidsverleden van 0 tot en met 60 jaar op."),
        },
    )
    work_history_years_before_2016 = forms.IntegerField(
        label=_("Waarvan vóór 2016, in jaren"),
        help_text=_(
            "Hoeveel van die jaren vóór 2016 lagen. Jaren vóór 2016 tellen voor een hele maand uitkering. Leeg laten "
            "als u sinds die tijd zonder onderbreking hebt gewerkt."
        ),
        required=False,
        min_value=0,
        max_value=MAX_WORK_HISTORY_YEARS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Vul een heel aantal jaren in, bijvoorbeeld 8."),
            "min_value": _("Geef een arbeidsverleden van 0 tot en met 60 jaar op."),
            "max_value": _("Geef een arbeidsverleden van 0 tot en met 60 jaar op."),
        },
    )
    incapacity_pct = _pct(
        _("Verwachte arbeidsongeschiktheid (%)"),
        _(
            "Hoeveel procent u na 2 jaar naar verwachting arbeidsongeschikt bent. Dat stelt UWV vast; vul hier een "
            "schatting in."
        ),
    )
    durable = forms.TypedChoiceField(
        label=_("Is de arbeidsongeschiktheid blijvend?"),
        help_text=_("Ja als er weinig of geen kans is dat u weer (meer) kunt werken."),
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
    remaining_capacity_monthly = _amount(
        _("Wat u nog kunt verdienen per maand"),
        _(
            "Het bruto bedrag dat u volgens UWV met ander of minder werk nog zou kunnen verdienen "
            "(restverdiencapaciteit)."
        ),
    )
    expected_earnings_monthly = _amount(
        _("Wat u verwacht te verdienen per maand"),
        _("Het bruto bedrag dat u na 2 jaar echt met werk verdient. Vul 0 in als u dan niet werkt."),
    )
    topup_year1_pct = _pct(
        _("Doorbetaling eerste jaar volgens cao (%)"),
        _(
            "Alleen als uw cao of contract meer dan 70% geeft in het eerste ziektejaar, bijvoorbeeld 100. "
            "Anders leeg laten."
        ),
        required=False,
    )
    topup_year2_pct = _pct(
        _("Doorbetaling tweede jaar volgens cao (%)"),
        _("Alleen als uw cao of contract meer dan 70% geeft in het tweede ziektejaar. Anders leeg laten."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        # A posted field this form does not have is refused as a whole, never silently dropped (as cases.absence.forms).
        unexpected = set(self.data) - set(self.fields) - {"csrfmiddlewaretoken", "action"}
        if unexpected:
            raise ValidationError(_("Het formulier bevat gegevens die hier niet horen."), code=UNEXPECTED_FIELDS)
        cleaned = super().clean() or {}
        before, total = cleaned.get("work_history_years_before_2016"), cleaned.get("work_history_years")
        if before is not None and total is not None and before > total:
            self.add_error("work_history_years_before_2016", BEFORE_2016_ABOVE_TOTAL)
        born, reference_date = cleaned.get("date_of_birth"), cleaned.get("reference_date")
        if born is not None and reference_date is not None and born >= reference_date:
            self.add_error("date_of_birth", BORN_AFTER_REFERENCE_DATE)
        return cleaned

    def facts(self) -> dict[str, Any]:
        """The cleaned facts, as keyword arguments for services_income."""
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}

    @staticmethod
    def initial_from(source: Any) -> dict[str, Any]:
        """The form's initial values from a conversation (or IncomeFacts)."""
        values = {name: getattr(source, name) for name in FACT_FIELDS}
        values["durable"] = "ja" if values["durable"] else "nee"
        return values


class IncomeConversationForm(IncomeFactsForm):
    """The casemanager's form: the facts and the day the conversation was held."""

    held_on = forms.DateField(
        label=_("Datum van het gesprek"),
        help_text=_("De dag waarop u het gesprek met de werknemer voerde."),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Vul de datum van het gesprek in."), "invalid": INVALID_DATE},
    )
    field_order = ("held_on", *FACT_FIELDS)

    @staticmethod
    def defaults(from_case: dict[str, Any] | None = None) -> dict[str, Any]:
        """The initial values before any conversation: today, and what the case knows (the employee's contract
        hours and date of birth, services.income_facts_from_employee)."""
        today = timezone.localdate()
        return {"held_on": today, "reference_date": today, "durable": "nee", **(from_case or {})}
