"""The employee's mails of *Mijn gegevens* (verzuim.mail outbox, rendered at send time). Imported by
CasesConfig.ready. Each holds a link to *Mijn gegevens* and nothing of the data: the copy is downloaded after
logging in, and the answer to a correction is read there."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.privacy.models import CorrectionRequest, CorrectionStatus, DataExport, ExportState
from verzuim.mail import Mail, mail_kind, mail_render
from verzuim.models import OutgoingMail

DATA_EXPORT_READY = "data_export_ready"
CORRECTION_ANSWERED = "correction_answered"


def _my_data_url() -> str:
    return settings.PORTAL_BASE_URL + reverse("my_data")


def data_export_ready_mail(row: OutgoingMail) -> Mail | None:
    export = (
        DataExport.objects.filter(pk=row.object_id, state=ExportState.READY, expires_at__gt=timezone.now())
        .select_related("employee")
        .first()
    )
    if export is None:
        return None  # expired meanwhile: nothing to fetch
    context = {"employee": export.employee, "url": _my_data_url(), "expires_at": export.expires_at}
    return mail_render(
        to=[row.to],
        subject=_("Uw kopie van uw gegevens staat klaar"),
        template="email/data_export_ready",
        context=context,
    )


def correction_answered_mail(row: OutgoingMail) -> Mail | None:
    correction = (
        CorrectionRequest.objects.filter(pk=row.object_id)
        .exclude(status=CorrectionStatus.OPEN)
        .select_related("employee")
        .first()
    )
    if correction is None:
        return None
    context = {"employee": correction.employee, "url": _my_data_url()}
    return mail_render(
        to=[row.to],
        subject=_("Antwoord op uw verzoek om correctie"),
        template="email/correction_answered",
        context=context,
    )


mail_kind(DATA_EXPORT_READY, render=data_export_ready_mail, label=gettext_lazy("Kopie van de gegevens staat klaar"))
mail_kind(
    CORRECTION_ANSWERED, render=correction_answered_mail, label=gettext_lazy("Antwoord op een verzoek om correctie")
)
