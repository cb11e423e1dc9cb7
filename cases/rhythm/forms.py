"""Forms of the service-contact pages: parse input only; the checklist rules live in
cases.rhythm.services, which gives the Dutch field errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import YES_NO, _date_field


def _yes_no_optional(label: Any) -> forms.TypedChoiceField:
    # Not required here: the service says which answer is missing, in the same words for every interface.
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ContactCompleteForm(forms.Form):
    done_on = _date_field(_("Contact gevoerd op"))
    note = forms.CharField(
        label=_("Verslag"),
        help_text=_("Kort: wat is besproken en afgesproken. Geen medische gegevens."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].error_messages["required"] = _("Vul de datum van het contact in.")


class PreventionCheckForm(ContactCompleteForm):
    rie_present = _yes_no_optional(_("Heeft de werkgever een RI&E (risico-inventarisatie en -evaluatie)?"))
    rie_date = _date_field(_("Datum van de RI&E"), required=False)
    prevention_officer = forms.CharField(
        label=_("Naam van de preventiemedewerker"),
        help_text=_("Laat leeg als er geen preventiemedewerker is aangewezen."),
        required=False,
        max_length=200,
    )
    absence_policy_present = _yes_no_optional(_("Heeft de werkgever een verzuimbeleid (verzuimprotocol)?"))
    arbo_contract_certified = _yes_no_optional(_("Heeft de werkgever een contract met een gecertificeerde arbodienst?"))
    advice = forms.CharField(
        label=_("Advies aan de werkgever"),
        help_text=_("Verplicht als er iets ontbreekt op de checklist: wat moet de werkgever regelen, en wanneer."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = [
        "done_on",
        "rie_present",
        "rie_date",
        "prevention_officer",
        "absence_policy_present",
        "arbo_contract_certified",
        "advice",
        "note",
    ]
