"""The forms of a thread: a message with an optional PDF, and the casemanager's follow-up date. The checks
themselves are the service's (cases.messages.threads, cases.messages.services): the form only gives the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.messages.models import TEXT_MAX_LENGTH
from verzuim.forms import DateInput


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Schrijf een bericht."),
            "max_length": _(
                "Een bericht mag hoogstens 5.000 tekens zijn. Maak het korter of verdeel het over twee berichten."
            ),
        },
    )
    attachment = forms.FileField(
        label=_("Bijlage (PDF, niet verplicht)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class FollowUpForm(forms.Form):
    due_on = forms.DateField(
        label=_("Opvolgen uiterlijk op"),
        widget=DateInput(),
        error_messages={"required": _("Kies een datum."), "invalid": _("Vul een datum in als dd-mm-jjjj.")},
    )
