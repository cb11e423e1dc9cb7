"""The mail of the employee's one-time links to sign the plan or give their own view (verzuim.mail outbox).

Registered from CasesConfig.ready. The renderer runs when the outbox sends the mail: it gives the link its token
then (cases.documents.links.link_token_renew), so the token exists only in the mail.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.documents.links import link_mail_context
from cases.documents.models import LinkPurpose
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
