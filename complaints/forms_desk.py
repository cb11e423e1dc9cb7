"""Forms of the complaints desk (issue 21): the queue's filters, the steps, and the letter composer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms import DESCRIPTION_MAX_LENGTH
from complaints.letters import BODY_MAX
from complaints.models import ComplaintCategory, ComplaintChannel, ComplaintOutcome
from complaints.selectors_desk import QUEUE_VIEWS
from verzuim.forms import DATE_INPUT_FORMATS, DateInput
from verzuim.models import Role, User
from verzuim.validators import validate_kvk_number

NOTE_MAX = 4000
# How far back the desk may date a complaint it registers (a letter found late); older ones are a data fix.
REGISTER_MAX_DAYS_BACK = 60


class QueueFilterForm(forms.Form):
    """The queue's filters; a value that is no choice is ignored (the queue shows its default), never a 500."""

    weergave = forms.ChoiceField(
        label=_("Welke klachten"), required=False, choices=[(key, label) for key, (label, _q) in QUEUE_VIEWS.items()]
    )
    onderwerp = forms.ChoiceField(
        label=_("Onderwerp"), required=False, choices=[("", _("Alle onderwerpen")), *ComplaintCategory.choices]
    )
    kanaal = forms.ChoiceField(
        label=_("Kanaal"), required=False, choices=[("", _("Alle kanalen")), *ComplaintChannel.choices]
    )

    def filters(self) -> dict[str, str]:
        """The valid filters (view, category, channel); the default for each one that is missing or not valid."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return {
            "view": data.get("weergave") or "open",
            "category": data.get("onderwerp") or "",
            "channel": data.get("kanaal") or "",
        }


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Notitie"), max_length=NOTE_MAX, widget=_textarea(4))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=NOTE_MAX, widget=_textarea(3))


def _handler_name(user: User) -> str:
    return user.get_full_name()


class AssignForm(OptionalNoteForm):
    handler = forms.ModelChoiceField(
        label=_("Behandelaar"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Kies een actieve klachtbehandelaar.")},
    )
    field_order = ["handler", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(role=Role.COMPLAINT_HANDLER, is_active=True).order_by("full_name", "email")
        field.label_from_instance = _handler_name  # type: ignore[method-assign,assignment]


class RequestInformationForm(forms.Form):
    note = forms.CharField(
        label=_("Welke informatie vraagt u, en waarom?"),
        help_text=_("De reden komt in de geschiedenis. De antwoordtermijn staat stil tot de informatie binnen is."),
        max_length=NOTE_MAX,
        widget=_textarea(5),
    )


class CloseForm(OptionalNoteForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=ComplaintOutcome.choices, widget=forms.RadioSelect)
    field_order = ["outcome", "note"]


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Waarom heropent u de klacht?"), max_length=NOTE_MAX, widget=_textarea(4))


class LetterForm(forms.Form):
    body = forms.CharField(
        label=_("Tekst van de brief"),
        help_text=_(
            "Zonder aanhef en groet: de brief begint met „Beste …,” en eindigt met „Met vriendelijke groet” en uw "
            "naam. Laat een regel wit tussen twee alinea's."
        ),
        max_length=BODY_MAX,
        widget=_textarea(14),
    )


class RegisterForm(forms.Form):
    """A complaint that came by post or by phone, registered by the desk (decision 263)."""

    channel = forms.ChoiceField(
        label=_("Hoe kwam de klacht binnen?"),
        choices=[(ComplaintChannel.LETTER, _("Per brief")), (ComplaintChannel.PHONE, _("Per telefoon"))],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        help_text=_("De dag waarop de brief binnenkwam of de klager belde: de termijnen tellen vanaf die dag."),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )
    category = forms.ChoiceField(
        label=_("Onderwerp"), choices=[("", _("Kies een onderwerp")), *ComplaintCategory.choices]
    )
    description = forms.CharField(
        label=_("De klacht"),
        help_text=_("Neem de klacht over zoals de klager haar schreef of vertelde."),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=_textarea(8),
    )
    contact_name = forms.CharField(label=_("Naam van de klager"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-mailadres van de klager"),
        required=False,
        help_text=_("Leeg als de klager geen e-mailadres gaf: de brieven gaan dan per post."),
    )
    employer_kvk = forms.CharField(
        label=_("KvK-nummer van de werkgever"),
        help_text=_("Niet verplicht. 8 cijfers."),
        max_length=8,
        required=False,
        validators=[validate_kvk_number],
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["received_on"]
        if day > self.today:
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        if day < self.today - dt.timedelta(days=REGISTER_MAX_DAYS_BACK):
            raise forms.ValidationError(
                _(
                    "Deze datum ligt meer dan %(days)s dagen terug. "
                    "Vraag de beheerder de klacht met deze datum vast te leggen."
                )
                % {"days": REGISTER_MAX_DAYS_BACK}
            )
        return day
