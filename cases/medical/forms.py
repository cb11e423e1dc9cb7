"""Forms of the physician's pages: the medical compartment's consultation note and the functional assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.forms import _date_field
from cases.medical.models import ConsultationKind


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


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ConsultationForm(forms.Form):
    """Spreekuur plannen: when, how long, in what form and where; and to whom the invitation goes."""

    day = _date_field(_("Datum"))
    time = forms.TimeField(
        label=_("Tijd"),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=TimeInput(),
        help_text=_("Nederlandse tijd, bijvoorbeeld 09:30."),
        error_messages={
            "required": _("Vul de begintijd van het spreekuur in."),
            "invalid": _("Vul een tijd in als uu:mm, bijvoorbeeld 09:30."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        initial=30,
        min_value=5,
        max_value=240,
        error_messages={
            "required": _("Vul de duur in minuten in."),
            "invalid": _("Vul een aantal minuten in."),
            "min_value": _("Kies een duur van 5 tot en met 240 minuten."),
            "max_value": _("Kies een duur van 5 tot en met 240 minuten."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Vorm"),
        choices=ConsultationKind.choices,
        initial=ConsultationKind.ON_SITE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies op locatie, telefonisch of video.")},
    )
    location = forms.CharField(
        label=_("Plaats"),
        required=False,
        max_length=300,
        help_text=_("Het adres bij een spreekuur op locatie; bij een telefonisch spreekuur eventueel een toelichting."),
    )
    video_url = forms.CharField(
        label=_("Videolink"),
        required=False,
        max_length=500,
        help_text=_("Alleen bij video: de beveiligde link (https://) waarmee de werknemer deelneemt."),
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    invite_email = forms.EmailField(
        label=_("E-mailadres van de werknemer"),
        required=False,
        max_length=254,
        help_text=_(
            "De werknemer krijgt de uitnodiging met een agenda-afspraak (.ics). Leeg: u nodigt de werknemer zelf op "
            "een andere manier uit."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = _("Vul de datum van het spreekuur in.")

    def starts_at(self) -> dt.datetime:
        """The start as an aware datetime in the portal's time zone (Europe/Amsterdam)."""
        naive = dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_default_timezone())


class ConsultationOutcomeForm(MedicalNoteForm, FunctionalAssessmentForm):
    """Uitkomst spreekuur vastleggen: the consultation note (medical compartment) and, in the same form, the
    functional capabilities that flow to the dossier. The dates are the spreekuur's."""

    OUTCOME_ORDER = (
        "consultation_note",
        "diagnosis",
        "specialist_information",
        "functional_limitations",
        "expected_duration_days",
        "incapacity_pct",
        "workplace_adjustments",
        "long_absence_threatens",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["consulted_on"]
        del self.fields["assessed_on"]
        self.order_fields(self.OUTCOME_ORDER)
