"""The mail of a new message in a case's conversation (verzuim.mail outbox; issue 22 item 3): a link to the thread
and nothing else (cases.messages.threads). Registered from CasesConfig.ready."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cases.messages.selectors import CASE_THREAD
from cases.messages.threads import thread_mail_kind

CASE_MESSAGE = "case_message"
CASE_MESSAGE_EMPLOYEE = "case_message_employee"

thread_mail_kind(
    CASE_THREAD, kind=CASE_MESSAGE, url_name="case_messages", label=gettext_lazy("Nieuw bericht (dossier)")
)
thread_mail_kind(
    CASE_THREAD,
    kind=CASE_MESSAGE_EMPLOYEE,
    url_name="my_case_messages",
    label=gettext_lazy("Nieuw bericht (werknemer)"),
)
