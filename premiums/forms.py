"""Forms of the premium pages: parse and check input, nothing else (the rules live in premiums.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_REQUIRED = _("Geef aan waarom u de berekening afkeurt.")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afkeuren"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De collega die de berekening indiende, ziet deze reden."),
        error_messages={
            "required": REASON_REQUIRED,
            "max_length": _("De reden is te lang (hoogstens 2000 tekens)."),
        },
    )


class PremiumYearForm(forms.Form):
    """The employer picks one of the years that have an approved premium."""

    jaar = forms.TypedChoiceField(label=_("Premiejaar"), coerce=int, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    """Goedkeuren; when the employer's data changed since the calculation the reviewer ticks `confirm_stale`."""

    confirm_stale = forms.BooleanField(
        label=_("Ik heb gezien dat de gegevens van de werkgever zijn gewijzigd en keur deze premie toch goed."),
        required=False,
        help_text=_("Zonder deze bevestiging kunt u een berekening op gewijzigde gegevens niet goedkeuren."),
    )
