"""The conversation of a case (issue 22 item 3). App label ``cases``; the tables are the app's.

ThreadMessage and ThreadMessageRead are abstract: the case thread (CaseMessage, read by employee, employer users and
casemanager) and the physician's confidential thread (cases.medical.models.PhysicianMessage, in the medical
compartment) are two tables built on them, so the confidential messages never share a table, a query or an admin
page with the case thread.

A message is never changed or deleted by the portal: what was said stays said (the dossier's account of the
absence, Wet verbetering poortwachter; docs/decisions.md). Read receipts are one row per message per reader, written
when the message is first shown to that reader.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.absence.models import AbsenceCase

# The longest message: a conversation, not a report (the API answers 400 above it, the form a Dutch error).
TEXT_MAX_LENGTH = 5000


class ThreadMessage(models.Model):
    """One message of a thread: who wrote it, when, the text and at most one PDF attachment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AbsenceCase, verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("afzender"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("bericht"), max_length=TEXT_MAX_LENGTH)
    # Stored under MEDIA_ROOT (no URL serves it) as <id>.pdf; the sender's file name is only shown.
    attachment = models.FileField(_("bijlage"), upload_to="messages/", blank=True)
    attachment_name = models.CharField(_("naam bijlage"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering: ClassVar = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.sent_at):%d-%m-%Y %H:%M}"


class ThreadMessageRead(models.Model):
    """A read receipt: `reader` first saw `message` at `read_at`."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{timezone.localtime(self.read_at):%d-%m-%Y %H:%M}"


class CaseMessage(ThreadMessage):
    """A message of the case's conversation between the employee, the employer users and the casemanager."""

    case = models.ForeignKey(
        AbsenceCase, verbose_name=_("verzuimgeval"), on_delete=models.PROTECT, related_name="messages"
    )

    class Meta(ThreadMessage.Meta):
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes: ClassVar = [models.Index(fields=["case", "sent_at"], name="casemessage_case_sent_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(text=""), name="casemessage_text_not_empty"),
        ]


class CaseMessageRead(ThreadMessageRead):
    message = models.ForeignKey(CaseMessage, on_delete=models.CASCADE, related_name="reads")

    class Meta:
        verbose_name = _("leesbevestiging")
        verbose_name_plural = _("leesbevestigingen")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["message", "reader"], name="casemessageread_once_per_reader"),
        ]


class MessageFollowUp(models.Model):
    """A message the casemanager turned into a task: it shows in their "Mijn taken" until it is marked done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.OneToOneField(CaseMessage, on_delete=models.PROTECT, related_name="followup")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("casemanager"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("opvolgen uiterlijk op"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("opvolging van een bericht")
        verbose_name_plural = _("opvolgingen van berichten")
        indexes: ClassVar = [
            models.Index(fields=["assigned_to", "due_on"], condition=Q(done_at__isnull=True), name="followup_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%d-%m-%Y}"
