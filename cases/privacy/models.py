"""The employee's data exports and correction requests (issue 22 item 4). App label ``cases``.

A data export (AVG art. 15 right of access, art. 20 in a machine-readable form) is made in the background: a row
is written when the employee asks, the worker fills in the two files (JSON and PDF, stored through Django's storage
API, outside the web root) and the moment it was ready. The files are removed when the export expires.

A correction request (AVG art. 16 right to rectification) is what the employee says is wrong and what it should
be; it is the casemanager's task until answered (cases.privacy.todo).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    PENDING = "pending", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


class DataExport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The account that asked (the only one that may download) and the employee record it is about.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("verzuim.Employee", on_delete=models.PROTECT, related_name="data_exports")
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    state = models.CharField(_("status"), max_length=16, choices=ExportState.choices, default=ExportState.PENDING)
    ready_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("beschikbaar tot"), null=True, blank=True)
    # Names in the default storage; emptied when the export expires and the files are removed.
    json_file = models.CharField(max_length=300, blank=True)
    pdf_file = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("gegevensexport")
        verbose_name_plural = _("gegevensexports")
        ordering: ClassVar = ["-requested_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(state="ready") | (Q(ready_at__isnull=False) & Q(expires_at__isnull=False)),
                name="data_export_ready_has_dates",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["employee", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.requested_at:%Y-%m-%d %H:%M}"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("In behandeling")
    CORRECTED = "corrected", _("Aangepast")
    DECLINED = "declined", _("Niet aangepast")


class CorrectionRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey("verzuim.Employee", on_delete=models.PROTECT, related_name="correction_requests")
    # The case the request is about (the casemanager of that case handles it); empty: the personal data alone,
    # handled by the employer's fixed casemanager.
    case = models.ForeignKey(
        "cases.AbsenceCase",
        verbose_name=_("verzuimgeval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    what_is_wrong = models.TextField(_("wat klopt er niet"), max_length=2000)
    should_be = models.TextField(_("wat het moet zijn"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    answer = models.TextField(_("antwoord"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek om correctie")
        verbose_name_plural = _("verzoeken om correctie")
        ordering: ClassVar = ["-requested_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(answered_at__isnull=True))
                | (~Q(status="open") & Q(answered_at__isnull=False) & ~Q(answer="")),
                name="correction_answered_matches_status",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.requested_at:%Y-%m-%d}"
