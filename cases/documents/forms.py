"""Forms of the re-integration report's documents: parse input into a document's content, nothing else.

Each form has exactly the headings of its part (cases.documents.rules.PARTS); the physician's forms have no field
for a diagnosis, and a posted field a form does not know (a diagnosis, a remark) is refused as a whole.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import _date_field
from cases.documents.models import DocumentPart
from cases.documents.rules import ActivityOwner, PlanGoal, Track, upload_max_bytes

UNEXPECTED_FIELDS = "unexpected_fields"
UNEXPECTED_FIELDS_MESSAGE = _(
    "Het formulier bevat gegevens die niet in dit document horen. Medische gegevens, zoals een diagnose, horen "
    "alleen in het medisch dossier van de bedrijfsarts."
)
NO_MEDICAL = _("Geen medische gegevens: dit document lezen werkgever en casemanager.")
TEXT_MAX = 4000
# The plan's activity rows: the empty rows shown besides the filled ones, and the most a plan can have.
ACTIVITY_EMPTY_ROWS = 3
ACTIVITY_MAX_ROWS = 30


def _text(label: Any, *, required_message: Any, help_text: Any = NO_MEDICAL, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Deze tekst is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )


class DocumentForm(forms.Form):
    """A part of the report: its date and its headings. `content()` is what the document stores."""

    date_label: ClassVar[Any] = _("Datum")
    # Prefixes of formsets that post with this form (the plan's activities).
    formset_prefixes: ClassVar[tuple[str, ...]] = ()

    document_date = _date_field(_("Datum"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("document_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["document_date"].label = self.date_label
        self.fields["document_date"].error_messages["required"] = _("Vul de datum van het document in.")

    def clean(self) -> dict[str, Any]:
        # Privacy by construction, as at the sickness report: unknown posted fields are refused, not dropped.
        allowed = set(self.fields) | {"csrfmiddlewaretoken"}
        unexpected = {
            name
            for name in self.data
            if name not in allowed and not any(name.startswith(f"{prefix}-") for prefix in self.formset_prefixes)
        }
        if unexpected:
            raise ValidationError(UNEXPECTED_FIELDS_MESSAGE, code=UNEXPECTED_FIELDS)
        return super().clean() or {}

    def content(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "document_date"}

    @classmethod
    def initial_from(cls, content: dict[str, Any], document_date: dt.date) -> dict[str, Any]:
        return {**content, "document_date": document_date}


class ProblemAnalysisForm(DocumentForm):
    """The physician's problem analysis, the part that leaves the medical compartment. No diagnosis field."""

    date_label = _("Datum probleemanalyse")

    functional_limitations = _text(
        _("Mogelijkheden en beperkingen"),
        required_message=_("Beschrijf wat de werknemer wel en niet kan."),
        help_text=_("Wat de werknemer wel en niet kan. Geen diagnose: werkgever en casemanager lezen dit."),
    )
    prognosis = _text(
        _("Prognose"),
        required_message=_("Beschrijf de verwachting voor herstel en werkhervatting."),
        help_text=_("De verwachte duur en het verloop van herstel en werkhervatting."),
        rows=3,
    )
    advice = _text(
        _("Advies over werkhervatting"),
        required_message=_("Geef uw advies over de werkhervatting."),
        help_text=_("Wat werkgever en werknemer kunnen doen om het werk te hervatten, en wanneer."),
    )


class CurrentAssessmentForm(DocumentForm):
    """The physician's actueel oordeel for the WIA application, non-medical part only."""

    date_label = _("Datum actueel oordeel")

    functional_limitations = _text(
        _("Actuele mogelijkheden en beperkingen"),
        required_message=_("Beschrijf wat de werknemer nu wel en niet kan."),
        help_text=_("Geen diagnose: werkgever en casemanager lezen dit."),
    )
    prognosis = _text(_("Prognose"), required_message=_("Beschrijf de verwachting voor herstel."), rows=3)
    reintegration_opinion = _text(
        _("Oordeel over de re-integratie"),
        required_message=_("Geef uw oordeel over de re-integratie."),
        help_text=_("Zijn de re-integratie-inspanningen passend geweest bij de mogelijkheden van de werknemer?"),
    )


class ActionPlanForm(DocumentForm):
    """Plan van aanpak under the headings UWV expects; the activities are the formset ActivityFormSet."""

    date_label = _("Datum plan")
    formset_prefixes = ("activiteiten",)

    goal_kind = forms.ChoiceField(
        label=_("Doel van de re-integratie"),
        choices=PlanGoal.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies het doel van de re-integratie."),
            "invalid_choice": _("Kies een doel uit de lijst."),
        },
    )
    goal = _text(
        _("Toelichting op het doel"),
        required_message=_("Licht het doel toe: welk werk, hoeveel uur, wanneer."),
        help_text=_("Welk werk, hoeveel uur, en wanneer. Geen medische gegevens."),
        rows=3,
    )
    contact_agreements = _text(
        _("Contactmomenten en evaluatieafspraken"),
        required_message=_("Leg vast hoe vaak en hoe werkgever en werknemer contact hebben en evalueren."),
        help_text=_("Hoe vaak en hoe werkgever en werknemer contact hebben, en wanneer het plan wordt geëvalueerd."),
        rows=3,
    )
    casemanager = forms.CharField(
        label=_("Casemanager"),
        max_length=200,
        error_messages={
            "required": _("Vul de naam van de casemanager in."),
            "max_length": _("De naam is te lang (hoogstens 200 tekens)."),
        },
    )
    physician_advice = _text(
        _("Advies van de bedrijfsarts waarop dit plan is gebaseerd"),
        required_message=_("Vul het advies van de bedrijfsarts in waarop dit plan is gebaseerd."),
        help_text=_("Overgenomen uit de probleemanalyse; pas aan als het plan een later advies volgt."),
        rows=3,
    )

    def __init__(self, *args: Any, activities: BaseActivityFormSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities

    def is_valid(self) -> bool:
        # Both always validate, so every error shows at once.
        form_valid = super().is_valid()
        return self.activities.is_valid() and form_valid

    def content(self) -> dict[str, Any]:
        return {**super().content(), "activities": self.activities.rows()}

    @classmethod
    def initial_from(cls, content: dict[str, Any], document_date: dt.date) -> dict[str, Any]:
        return {
            key: value for key, value in super().initial_from(content, document_date).items() if key != "activities"
        }


class ActivityForm(forms.Form):
    """One agreed activity: what, who, by when."""

    what = forms.CharField(
        label=_("Wat"),
        max_length=300,
        error_messages={
            "required": _("Vul in wat er gebeurt."),
            "max_length": _("Deze tekst is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )
    owner = forms.ChoiceField(
        label=_("Wie"),
        choices=[("", _("Kies wie")), *ActivityOwner.CHOICES],
        error_messages={"required": _("Kies wie dit doet."), "invalid_choice": _("Kies wie dit doet.")},
    )
    date = _date_field(_("Wanneer"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = _("Vul de datum in.")

    def has_changed(self) -> bool:
        """A row counts when anything is filled in (also a saved row left as it was); an empty row is left out,
        so emptying a saved row removes that activity."""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields)


class BaseActivityFormSet(forms.BaseFormSet):
    def initial_form_count(self) -> int:
        # Saved rows are prefilled but handled like the empty ones: every row may be left empty (removed).
        return 0

    def clean(self) -> None:
        super().clean()
        if self.is_bound and not self.management_form.is_valid():
            return  # Django already says the form arrived incomplete; an error raised here would replace that
        if not any(form.has_changed() for form in self.forms):
            raise ValidationError(_("Vul minstens één afgesproken activiteit in."), code="no_activities")

    def rows(self) -> list[dict[str, str]]:
        return [
            {
                "what": form.cleaned_data["what"],
                "owner": form.cleaned_data["owner"],
                "date": form.cleaned_data["date"].isoformat(),
            }
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


def activity_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> BaseActivityFormSet:
    """The plan's activity rows: the saved ones plus a few empty rows (no script needed to add one)."""
    initial = [
        {"what": row.get("what", ""), "owner": row.get("owner", ""), "date": _as_date(row.get("date"))}
        for row in initial or []
    ]
    formset_class = forms.formset_factory(
        ActivityForm,
        formset=BaseActivityFormSet,
        extra=len(initial) + ACTIVITY_EMPTY_ROWS if initial else ACTIVITY_EMPTY_ROWS + 2,
        max_num=ACTIVITY_MAX_ROWS,
        validate_max=True,
        absolute_max=ACTIVITY_MAX_ROWS,
    )
    formset = formset_class(
        data,
        initial=initial,
        prefix="activiteiten",
        error_messages={
            # Django fills in %(num)d itself.
            "too_many_forms": str(_("Een plan heeft hoogstens %(num)d activiteiten.")),
            "missing_management_form": str(_("Het formulier is onvolledig verstuurd. Probeer het opnieuw.")),
        },
    )
    assert isinstance(formset, BaseActivityFormSet)
    return formset


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class ActionPlanReviewForm(DocumentForm):
    """Bijstelling: the casemanager's evaluation of the plan every 6 weeks."""

    date_label = _("Datum bijstelling")

    progress = _text(
        _("Voortgang"), required_message=_("Beschrijf de voortgang sinds het plan of de vorige bijstelling.")
    )
    changes = _text(
        _("Bijstellingen van het plan"),
        required_message=_("Beschrijf wat er aan het plan verandert, of dat het ongewijzigd blijft."),
        rows=3,
    )
    next_steps = _text(_("Volgende stappen"), required_message=_("Beschrijf de volgende stappen."), rows=3)


class FirstYearReviewForm(DocumentForm):
    """Eerstejaarsevaluatie: the result of year one and the choice for year two (BW 7:658a lid 3)."""

    date_label = _("Datum eerstejaarsevaluatie")

    result = _text(
        _("Resultaat van het eerste ziektejaar"),
        required_message=_("Beschrijf het resultaat van het eerste ziektejaar."),
    )
    track = forms.ChoiceField(
        label=_("Keuze voor het tweede jaar"),
        choices=Track.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies het eerste of het tweede spoor."),
            "invalid_choice": _("Kies het eerste of het tweede spoor."),
        },
    )
    return_expected = forms.BooleanField(
        label=_("Concrete terugkeer binnen 3 maanden verwacht"),
        required=False,
        help_text=_(
            "Alleen bij het eerste spoor: zonder tweede spoor moet een terugkeer binnen 3 maanden concreet zijn."
        ),
    )
    return_reason = forms.CharField(
        label=_("Reden om geen tweede spoor in te zetten"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen bij het eerste spoor."),
        error_messages={"max_length": _("Deze tekst is te lang (hoogstens %(limit_value)d tekens).")},
    )

    def content(self) -> dict[str, Any]:
        content = super().content()
        if content["track"] == Track.TRACK_TWO:
            # The second track needs no reason; nothing stays behind from an earlier choice.
            content["return_expected"] = False
            content["return_reason"] = ""
        return content


class FinalReviewForm(DocumentForm):
    """Eindevaluatie by the employer (with the employee), before the WIA application."""

    date_label = _("Datum eindevaluatie")

    result = _text(
        _("Resultaat van de re-integratie"), required_message=_("Beschrijf het resultaat van de re-integratie.")
    )
    current_situation = _text(
        _("Huidige situatie"),
        required_message=_("Beschrijf de huidige situatie: werkt de werknemer, en zo ja wat en hoeveel?"),
        rows=3,
    )
    evaluation = _text(
        _("Evaluatie van de inspanningen"),
        required_message=_("Evalueer de re-integratie-inspanningen van werkgever en werknemer."),
    )


class LabourExpertReportForm(forms.Form):
    """Upload of the labour expert's report; the service checks that it is a PDF and not too large."""

    document_date = _date_field(_("Datum rapport"))
    author = forms.CharField(
        label=_("Naam arbeidsdeskundige"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("De naam is te lang (hoogstens 200 tekens).")},
    )
    file = forms.FileField(
        label=_("Rapport (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={
            "required": _("Kies het rapport van de arbeidsdeskundige (PDF)."),
            "empty": _("Het gekozen bestand is leeg."),
            "invalid": _("Er is geen bestand ontvangen. Kies het bestand opnieuw."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"document_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["document_date"].error_messages["required"] = _("Vul de datum van het rapport in.")
        self.fields["file"].help_text = _("Alleen PDF, hoogstens %(max)s MB.") % {
            "max": upload_max_bytes() // (1024 * 1024)
        }


class SendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de werknemer"),
        max_length=254,
        help_text=_("De werknemer krijgt een link die één keer werkt en na 14 dagen verloopt."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Vul het e-mailadres van de werknemer in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
        },
    )


class _SignerNameField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(
            label=_("Uw volledige naam"),
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
            error_messages={
                "required": _("Vul uw volledige naam in."),
                "max_length": _("De naam is te lang (hoogstens 200 tekens)."),
            },
        )


class EmployeeSignForm(forms.Form):
    """The employee's signature through the one-time link."""

    signer_name = _SignerNameField()
    agree = forms.BooleanField(
        label=_("Ik heb dit plan van aanpak gelezen en ga ermee akkoord."),
        error_messages={"required": _("Vink aan dat u akkoord gaat met het plan van aanpak.")},
    )


class EmployeeViewForm(forms.Form):
    """The employee's own view of their re-integration, in their own words."""

    view = forms.CharField(
        label=_("Uw visie"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Hoe kijkt u naar uw re-integratie: wat ging goed, wat niet, en wat had beter gekund? U hoeft geen "
            "medische gegevens te noemen."
        ),
        error_messages={
            "required": _("Schrijf uw visie op."),
            "max_length": _("Uw visie is te lang (hoogstens %(limit_value)d tekens)."),
        },
    )
    signer_name = _SignerNameField()


FORMS: dict[str, type[DocumentForm]] = {
    DocumentPart.PROBLEM_ANALYSIS: ProblemAnalysisForm,
    DocumentPart.ACTION_PLAN: ActionPlanForm,
    DocumentPart.ACTION_PLAN_REVIEW: ActionPlanReviewForm,
    DocumentPart.FIRST_YEAR_REVIEW: FirstYearReviewForm,
    DocumentPart.CURRENT_ASSESSMENT: CurrentAssessmentForm,
    DocumentPart.FINAL_REVIEW: FinalReviewForm,
}
