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


class SimulatorForm(forms.Form):
    """The assumptions of the premium simulator (premiums.simulator): per running sickness "hersteld over N weken",
    the other absence for the rest of the year, and an intervention that shortens one sickness. Every field is
    optional: an empty one keeps its prefill."""

    overig_verzuim = forms.DecimalField(
        label=_("Overig verzuim in de rest van dit jaar (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("Welk deel van de werktijd van uw andere medewerkers verwacht u tot 31 december nog te verliezen?"),
        error_messages={
            "invalid": _("Geef een percentage op, bijvoorbeeld 3,5."),
            "min_value": _("Geef een percentage van 0 of meer op."),
            "max_value": _("Geef een percentage van hoogstens 100 op."),
            "max_digits": _("Geef een percentage van hoogstens 100 op."),
            "max_decimal_places": _("Geef het percentage op met hoogstens twee cijfers achter de komma."),
        },
    )
    interventie_verzuim = forms.ChoiceField(label=_("Interventie bij het verzuim van"), required=False, choices=())
    interventie_weken = forms.IntegerField(
        label=_("Zoveel weken korter door de interventie"),
        required=False,
        min_value=1,
        max_value=104,
        widget=forms.NumberInput(attrs={"size": 4}),
        error_messages={
            "invalid": _("Geef een aantal weken op, bijvoorbeeld 4."),
            "min_value": _("Geef minstens 1 week op."),
            "max_value": _("Geef hoogstens 104 weken op."),
        },
    )

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_fields: list[tuple[Any, str]] = []
        for case in cases:
            name = f"weken_{case.case_id}"
            self.fields[name] = forms.IntegerField(
                label=_("%(name)s: hersteld over (weken)") % {"name": case.employee_name},
                required=False,
                min_value=0,
                max_value=case.max_weeks,
                initial=case.default_weeks,
                widget=forms.NumberInput(attrs={"size": 4}),
                error_messages={
                    "invalid": _("Geef een aantal weken op, bijvoorbeeld 6."),
                    "min_value": _("Het aantal weken kan niet negatief zijn."),
                    "max_value": _(
                        "Hoogstens %(max)d weken: na 104 weken ziekte in totaal eindigt de loondoorbetaling."
                    )
                    % {"max": case.max_weeks},
                },
            )
            self.case_fields.append((case, name))
        self.fields["interventie_verzuim"].choices = [  # type: ignore[attr-defined]
            ("", _("het langst verwachte verzuim")),
            *((str(case.case_id), case.employee_name) for case in cases),
        ]

    @property
    def case_rows(self) -> list[tuple[Any, forms.BoundField]]:
        """(running case, its bound field "hersteld over N weken"), for the template."""
        return [(case, self[name]) for case, name in self.case_fields]
