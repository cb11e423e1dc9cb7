"""Forms of the complaint intake: the public form and the portal form share the fields; the spam defences of the
public form (honeypot, fill time) are plain fields outside the Django form (complaints.spam)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase
from complaints.models import ComplaintCategory
from complaints.services import ATTACHMENT_MAX_MB, MAX_ATTACHMENTS
from verzuim.validators import validate_kvk_number

DESCRIPTION_MAX_LENGTH = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files (Django's documented pattern for <input type="file" multiple>)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Waar gaat uw klacht over?"),
        choices=[("", _("Kies een onderwerp")), *ComplaintCategory.choices],
    )
    description = forms.CharField(
        label=_("Omschrijving van uw klacht"),
        help_text=_("Wat is er gebeurd, wanneer, en wat verwacht u van ons?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    contact_name = forms.CharField(label=_("Uw naam"), max_length=200)
    contact_email = forms.EmailField(label=_("Uw e-mailadres"), help_text=_("Hierop ontvangt u de bevestiging."))
    employer_kvk = forms.CharField(
        label=_("KvK-nummer van uw bedrijf"),
        help_text=_("Niet verplicht. 8 cijfers."),
        max_length=8,
        required=False,
        validators=[validate_kvk_number],
    )
    # Only on the portal's form (ComplaintForm(cases=...)): the employer's own cases, to name the one the complaint
    # is about (decision 260).
    case = forms.ChoiceField(
        label=_("Over welk verzuimgeval gaat uw klacht?"),
        help_text=_(
            "Niet verplicht. Kies een werknemer als uw klacht over de begeleiding van zijn of haar verzuim gaat."
        ),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Bijlagen"),
        help_text=_("Niet verplicht. Hoogstens %(count)s PDF-bestanden van elk hoogstens %(mb)s MB.")
        % {"count": MAX_ATTACHMENTS, "mb": ATTACHMENT_MAX_MB},
        required=False,
    )

    def __init__(self, *args: Any, cases: Sequence[AbsenceCase] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cases = {str(case.pk): case for case in cases or ()}
        if cases is None:
            del self.fields["case"]
            return
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ChoiceField)
        case_field.choices = [
            ("", _("Geen bepaald verzuimgeval")),
            *((key, case_label(case)) for key, case in self._cases.items()),
        ]

    def clean_case(self) -> AbsenceCase | None:
        return self._cases.get(self.cleaned_data.get("case") or "")


def case_label(case: AbsenceCase) -> str:
    """'Pieter Bakker, ziek sinds 08-11-2026' (and '(afgesloten)' for a closed case): how the employer knows it."""
    label = _("%(name)s, ziek sinds %(day)s") % {
        "name": f"{case.employee.first_name} {case.employee.last_name}",
        "day": f"{case.first_sick_day:%d-%m-%Y}",
    }
    return f"{label} ({_('afgesloten')})" if case.closed_on else label
