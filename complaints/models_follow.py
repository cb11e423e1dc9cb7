"""The complainant's private follow links (issue 21 item 3; docs/domain.md §11 "Following a complaint").

One row per link: only the SHA-256 of its token is stored (as cases.documents.links and complaints.surveys), so a
copy of the database opens no complaint. A complaint can have several links (the one shown at intake and returned
by the API, and the one in the confirmation mail, which its renderer makes at send time); revoking ends them all.
A link expires one year after the complaint is closed (complaints.follow.follow_link_expires_on): that date is
worked out from the complaint, not stored, so a reopened complaint's links work again.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintFollowLink(models.Model):
    id = models.BigAutoField(primary_key=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("klacht"), on_delete=models.PROTECT, related_name="follow_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volglink klacht")
        verbose_name_plural = _("volglinks klachten")
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.created_at:%d-%m-%Y}"
