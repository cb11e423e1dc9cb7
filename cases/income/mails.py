"""The mail of the employee's one-time link to the income overview (verzuim.mail outbox).

Registered from CasesConfig.ready. As cases.documents.mails: the token is made when the mail is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.documents.links import link_token_renew
from verzuim.mail import Mail, mail_kind, mail_render
from verzuim.models import OutgoingMail

INCOME_LINK = "income_link"


def income_link_mail(row: OutgoingMail) -> Mail | None:
    renewed = link_token_renew(row.object_id)
    if renewed is None:
        return None
    link, case, token = renewed
    context = {
        "employee": case.employee,
        "employer": case.employer,
        "url": settings.PORTAL_BASE_URL + reverse("employee_income", kwargs={"token": token}),
        "expires_at": link.expires_at,
    }
    return mail_render(
        to=[link.email], subject=_("Uw inkomen tijdens en na ziekte"), template="email/income_link", context=context
    )


mail_kind(INCOME_LINK, render=income_link_mail, label=gettext_lazy("Link voor de werknemer (inkomen)"))
