"""The employee's mails about a spreekuur (verzuim.mail outbox): the invitation with its iCalendar file
(METHOD:REQUEST) and, when it is cancelled, the withdrawal (METHOD:CANCEL, same UID). Registered from
CasesConfig.ready.

The renderer builds the mail when the outbox sends it, from the spreekuur as it is then: an invitation whose
spreekuur is no longer planned is not sent. Neither mail says why the employee is invited; the employer is not
copied.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.medical.ical import CANCEL, REQUEST, consultation_ical, consultation_where
from cases.medical.models import Consultation, ConsultationStatus
from verzuim.mail import Attachment, Mail, mail_kind, mail_render
from verzuim.models import OutgoingMail

CONSULTATION_INVITATION = "consultation_invitation"
CONSULTATION_CANCELLATION = "consultation_cancellation"
ICS_FILENAME = "spreekuur.ics"


def _consultation(row: OutgoingMail) -> Consultation | None:
    return (
        Consultation.objects.select_related("case__employee", "case__employer", "physician")
        .filter(pk=row.object_id)
        .first()
    )


def _mail(row: OutgoingMail, consultation: Consultation, *, method: str, subject: str, template: str) -> Mail:
    starts = timezone.localtime(consultation.starts_at)
    context = {
        "consultation": consultation,
        "employee": consultation.case.employee,
        "physician": consultation.physician,
        "starts": starts,
        "ends": timezone.localtime(consultation.ends_at),
        "where": consultation_where(consultation),
    }
    attachment = Attachment(
        filename=ICS_FILENAME,
        content=consultation_ical(consultation, method=method),
        mimetype="text/calendar",
        params={"method": method},
    )
    return mail_render(
        to=row.recipients,
        subject=subject % {"date": f"{starts:%d-%m-%Y}", "time": f"{starts:%H:%M}"},
        template=template,
        context=context,
        attachments=[attachment],
    )


def consultation_invitation_mail(row: OutgoingMail) -> Mail | None:
    consultation = _consultation(row)
    if consultation is None or consultation.status != ConsultationStatus.PLANNED:
        return None
    return _mail(
        row,
        consultation,
        method=REQUEST,
        subject=_("Uitnodiging spreekuur bedrijfsarts op %(date)s om %(time)s"),
        template="email/consultation_invitation",
    )


def consultation_cancellation_mail(row: OutgoingMail) -> Mail | None:
    consultation = _consultation(row)
    if consultation is None or consultation.status != ConsultationStatus.CANCELLED:
        return None
    return _mail(
        row,
        consultation,
        method=CANCEL,
        subject=_("Afgezegd: spreekuur bedrijfsarts op %(date)s om %(time)s"),
        template="email/consultation_cancellation",
    )


mail_kind(
    CONSULTATION_INVITATION,
    render=consultation_invitation_mail,
    label=gettext_lazy("Uitnodiging spreekuur bedrijfsarts"),
)
mail_kind(
    CONSULTATION_CANCELLATION,
    render=consultation_cancellation_mail,
    label=gettext_lazy("Afzegging spreekuur bedrijfsarts"),
)
