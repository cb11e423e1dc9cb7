"""The forms of *Mijn gegevens*: the employee's correction request and the casemanager's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase
from cases.privacy.models import CorrectionStatus

TEXT_MAX = 2000


def _text_field(label: Any, help_text: Any, required_message: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": required_message,
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )


class CorrectionRequestForm(forms.Form):
    case = forms.ChoiceField(
        label=_("Waarover gaat het?"),
        required=False,
        error_messages={"invalid_choice": _("Kies een van uw eigen verzuimgevallen.")},
    )
    what_is_wrong = _text_field(
        _("Wat klopt er niet?"),
        _(
            "Beschrijf welk gegeven niet klopt. Schrijf hier geen medische gegevens: die bespreekt u met de "
            "bedrijfsarts."
        ),
        _("Beschrijf wat er niet klopt."),
    )
    should_be = _text_field(
        _("Wat moet het zijn?"), _("Het juiste gegeven, zo precies mogelijk."), _("Schrijf wat het moet zijn.")
    )

    def __init__(self, *args: Any, cases: list[AbsenceCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ChoiceField)
        case_field.choices = [("", _("Mijn personeelsgegevens"))] + [
            (str(case.pk), _("Verzuim vanaf %(day)s") % {"day": case.first_sick_day.strftime("%d-%m-%Y")})
            for case in cases
        ]


class CorrectionAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[
            (CorrectionStatus.CORRECTED.value, _("De gegevens zijn aangepast")),
            (CorrectionStatus.DECLINED.value, _("De gegevens blijven zoals ze zijn")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of de gegevens zijn aangepast of niet."),
            "invalid_choice": _("Kies of de gegevens zijn aangepast of niet."),
        },
    )
    answer = _text_field(
        _("Antwoord aan de werknemer"),
        _("De werknemer leest dit op Mijn gegevens. Leg uit wat u hebt aangepast, of waarom niet."),
        _("Schrijf de werknemer wat u hebt gedaan of waarom niet."),
    )
