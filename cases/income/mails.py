"""The mail of the employee's one-time link to the income overview (verzuim.mail outbox).

Registered from CasesConfig.ready. As cases.documents.mails: the token is made when the mail is sent.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.documents.links import link_mail_context
from verzuim.mail import Mail, mail_kind, mail_render
from verzuim.models import OutgoingMail

INCOME_LINK = "income_link"


def income_link_mail(row: OutgoingMail) -> Mail | None:
    prepared = link_mail_context(row.object_id, url_name="employee_income")
    if prepared is None:
        return None
    link, context = prepared
    return mail_render(
        to=[link.email], subject=_("Uw inkomen tijdens en na ziekte"), template="email/income_link", context=context
    )


mail_kind(INCOME_LINK, render=income_link_mail, label=gettext_lazy("Link voor de werknemer (inkomen)"))
