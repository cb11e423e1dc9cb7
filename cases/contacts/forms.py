"""The form of the contact log: the page "Contactmoment vastleggen"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import _date_field
from cases.contacts.models import ContactChannel, ContactParty
from cases.contacts.services import SUMMARY_MAX_LENGTH


class ContactForm(forms.Form):
    contact_date = _date_field(_("Datum contact"))
    channel = forms.ChoiceField(label=_("Kanaal"), choices=ContactChannel.choices, widget=forms.RadioSelect)
    party = forms.ChoiceField(label=_("Met wie"), choices=ContactParty.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Samenvatting"),
        help_text=_("Wat is besproken en afgesproken. Geen medische gegevens: geen diagnose, oorzaak of behandeling."),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    followup_date = _date_field(
        _("Opvolgen op"),
        required=False,
        help_text=_("Leeg: geen opvolging. Met een datum krijgt u een herinnering en staat het in uw agenda."),
    )
