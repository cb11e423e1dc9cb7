"""Forms of the advice log and the poortwachter guarantee pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import _date_field
from cases.advice.models import SANCTION_MAX_WEEKS, FollowupStatus


class AdviceForm(forms.Form):
    text = forms.CharField(
        label=_("Advies aan de werkgever over werk en mogelijkheden"),
        help_text=_("Geen medische gegevens: geen diagnose, oorzaak of behandeling."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_date = _date_field(_("Uitvoeren uiterlijk op"))


class FollowupForm(forms.Form):
    status = forms.ChoiceField(label=_("Opvolging"), choices=FollowupStatus.choices, widget=forms.RadioSelect)
    done_on = _date_field(_("Uitgevoerd op"), required=False)
    evidence = forms.CharField(
        label=_("Toelichting en bewijs"),
        help_text=_("Wat is er gedaan, of waarom niet. Geen medische gegevens."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SanctionForm(forms.Form):
    decision_date = _date_field(_("Datum besluit UWV"))
    weeks = forms.IntegerField(label=_("Duur loonsanctie (weken)"), min_value=1, max_value=SANCTION_MAX_WEEKS)
    start = _date_field(_("Loonsanctie vanaf"), required=False, help_text=_("Leeg: de eerste dag na de 104 weken."))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Beslissing"),
        choices=[("1", _("Garantie toekennen")), ("0", _("Garantie afwijzen"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden"),
        help_text=_("Verplicht bij afwijzen, en bij toekennen ondanks bevindingen."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
