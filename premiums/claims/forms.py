"""Forms of the claims pages: parse and check input; the rules live in premiums.claims.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from premiums.claims.models import ClaimStatus
from verzuim.forms import DATE_INPUT_FORMATS, DateInput

INVALID_DATE = _("Vul een geldige datum in.")


def _date_field(label: Any, required_message: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": INVALID_DATE, "required": required_message},
        **kwargs,
    )


class ClaimCreateForm(forms.Form):
    """Declaratie berekenen: the period, both days inclusive."""

    period_start = _date_field(_("Periode vanaf"), _("Vul de eerste dag van de periode in."))
    period_end = _date_field(
        _("Periode tot en met"),
        _("Vul de laatste dag van de periode in."),
        help_text=_("Een declaratie loopt binnen één kalenderjaar en niet verder dan vandaag."),
    )


class ClaimCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef aan waarom u de declaratie intrekt.")},
    )


class ClaimFilterForm(forms.Form):
    """The overview's filters: calendar year of the period's start and status (both optional)."""

    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = cast(forms.TypedChoiceField, self.fields["jaar"])
        year_field.choices = [("", _("Alle jaren")), *((year, str(year)) for year in years)]
        status_field = cast(forms.ChoiceField, self.fields["status"])
        status_field.choices = [("", _("Alle statussen")), *ClaimStatus.choices]

    def filters(self) -> tuple[int | None, str | None]:
        """(year, status) when valid; an invalid filter shows everything (the form says what was wrong)."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data["jaar"], self.cleaned_data["status"] or None
