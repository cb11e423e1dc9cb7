"""Forms of the physician's pages: the medical compartment's consultation note and the functional assessment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import _date_field


class MedicalNoteForm(forms.Form):
    consulted_on = _date_field(_("Datum consult"))
    consultation_note = forms.CharField(
        label=_("Verslag consult"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vul het verslag van het consult in.")},
    )
    diagnosis = forms.CharField(
        label=_("Diagnose"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    specialist_information = forms.CharField(
        label=_("Informatie van behandelaars"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"consulted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class FunctionalAssessmentForm(forms.Form):
    """The four things that leave the medical compartment (docs/domain.md §3), plus the long-absence signal."""

    assessed_on = _date_field(_("Datum"))
    functional_limitations = forms.CharField(
        label=_("Mogelijkheden en beperkingen"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat de werknemer wel en niet kan. Geen diagnose: dit is zichtbaar voor werkgever en casemanager."),
        error_messages={"required": _("Beschrijf de mogelijkheden en beperkingen.")},
    )
    expected_duration_days = forms.IntegerField(
        label=_("Verwachte duur in dagen"),
        required=False,
        min_value=1,
        max_value=730,
        error_messages={
            "invalid": _("Vul een aantal dagen in."),
            "min_value": _("Vul een aantal dagen van 1 tot en met 730 in."),
            "max_value": _("Vul een aantal dagen van 1 tot en met 730 in."),
        },
    )
    incapacity_pct = forms.IntegerField(
        label=_("Mate van arbeidsongeschiktheid (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Vul de mate van arbeidsongeschiktheid in."),
            "invalid": _("Vul een heel getal van 0 tot en met 100 in."),
            "min_value": _("Vul een heel getal van 0 tot en met 100 in."),
            "max_value": _("Vul een heel getal van 0 tot en met 100 in."),
        },
    )
    workplace_adjustments = forms.CharField(
        label=_("Aanpassingen van de werkplek"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    long_absence_threatens = forms.BooleanField(label=_("Langdurig verzuim dreigt"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
