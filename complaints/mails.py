"""The renderers of the complaints app's mails, registered with the outbox (verzuim.mail) from ComplaintsConfig.ready:
the complainant's confirmation, the desk's letters, a new follow link and the satisfaction survey invitation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from complaints.follow import COMPLAINT_FOLLOW_LINK, follow_link_mail_render
from complaints.services import COMPLAINT_RECEIPT, complaint_receipt_render
from complaints.services_desk import COMPLAINT_LETTER_MAIL, complaint_letter_mail_render
from complaints.surveys import SURVEY_INVITATION, survey_invitation_render
from verzuim.mail import mail_kind

mail_kind(COMPLAINT_RECEIPT, render=complaint_receipt_render, label=_("Ontvangstbevestiging klacht"))
mail_kind(COMPLAINT_LETTER_MAIL, render=complaint_letter_mail_render, label=_("Brief aan de klager"))
mail_kind(COMPLAINT_FOLLOW_LINK, render=follow_link_mail_render, label=_("Nieuwe volglink klacht"))
mail_kind(SURVEY_INVITATION, render=survey_invitation_render, label=_("Uitnodiging tevredenheidsonderzoek"))
