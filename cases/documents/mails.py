"""The mail of the employee's one-time links to sign the plan or give their own view (verzuim.mail outbox).

Registered from CasesConfig.ready. The renderer runs when the outbox sends the mail: it gives the link its token
then (cases.documents.links.link_token_renew), so the token exists only in the mail.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.documents.links import link_mail_context
from cases.documents.models import DocumentState, LinkPurpose, ReintegrationDocument
from verzuim.mail import Mail, mail_kind, mail_render
from verzuim.models import OutgoingMail

EMPLOYEE_LINK = "employee_link"


def employee_link_mail(row: OutgoingMail) -> Mail | None:
    prepared = link_mail_context(row.object_id, url_name="employee_link")
    if prepared is None:
        return None
    link, context = prepared
    context |= {"purpose": link.purpose, "document": link.document}
    subject = (
        _("Plan van aanpak ondertekenen") if link.purpose == LinkPurpose.SIGN else _("Uw visie op uw re-integratie")
    )
    return mail_render(to=[link.email], subject=subject, template="email/employee_link", context=context)


mail_kind(EMPLOYEE_LINK, render=employee_link_mail, label=gettext_lazy("Link voor de werknemer (re-integratie)"))


EMPLOYEE_SIGN_REQUEST = "employee_sign_request"


def employee_sign_request_mail(row: OutgoingMail) -> Mail | None:
    """The employee with an account is asked to sign in the portal: a link to the sign page, nothing of the plan."""
    document = (
        ReintegrationDocument.objects.filter(pk=row.object_id, state=DocumentState.DRAFT, requires_signatures=True)
        .select_related("case__employee")
        .first()
    )
    if document is None:
        return None  # signed, replaced or finalised meanwhile: nothing to ask
    url = settings.PORTAL_BASE_URL + reverse("my_document", args=[document.case_id, document.pk])
    context = {"employee": document.case.employee, "url": url}
    return mail_render(
        to=[row.to], subject=_("Plan van aanpak ondertekenen"), template="email/employee_sign_request", context=context
    )


mail_kind(
    EMPLOYEE_SIGN_REQUEST,
    render=employee_sign_request_mail,
    label=gettext_lazy("Verzoek aan de werknemer om te ondertekenen in het portaal"),
)
